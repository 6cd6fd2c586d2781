//! What each store call does to the table: the DynamoDB operations it sends, the IAM actions
//! those need (a transaction is authorised item by item, so its puts need `PutItem`), the key
//! prefixes it touches (for `dynamodb:LeadingKeys`), and for a call on an index, which index
//! and what it selects (for `dynamodb:Select`). The deployment's roles are held to this table
//! by tests/infra_agreement, and functions/tests/dynamodb_access.rs records what each call
//! really sends to DynamoDB Local and holds it to this table too.

use super::keys::{
    CASE_PREFIX, CHALLENGE_PREFIX, DAY_PREFIX, RECEIPT_PREFIX, RECEIVED_DAY_INDEX, REPORT_PREFIX,
};
use crate::store::StoreCall;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// SDK operation names, as in the service's API reference (`GetItem`).
    pub operations: &'static [&'static str],
    /// IAM actions without the `dynamodb:` prefix.
    pub actions: &'static [&'static str],
    /// Partition key prefixes read or written (of the index, for a call on one); empty for a
    /// scan, which no key condition limits.
    pub key_prefixes: &'static [&'static str],
    /// The index the call reads instead of the table.
    pub index: Option<&'static str>,
    /// What a query asks for (`COUNT`), where the call never needs the items themselves.
    pub select: Option<&'static str>,
}

impl Access {
    const fn on_table(
        operations: &'static [&'static str],
        actions: &'static [&'static str],
        key_prefixes: &'static [&'static str],
    ) -> Self {
        Self {
            operations,
            actions,
            key_prefixes,
            index: None,
            select: None,
        }
    }
}

const ALL_PREFIXES: &[&str] = &[REPORT_PREFIX, RECEIPT_PREFIX, CHALLENGE_PREFIX];
/// A report and everything kept with it, case events included.
const REPORT_AND_CASE: &[&str] = &[REPORT_PREFIX, RECEIPT_PREFIX, CASE_PREFIX];

pub fn access(call: StoreCall) -> Access {
    match call {
        StoreCall::InsertReport => Access::on_table(
            &["TransactWriteItems", "GetItem"],
            &["PutItem", "GetItem"],
            ALL_PREFIXES,
        ),
        StoreCall::SpentChallenge => {
            Access::on_table(&["GetItem"], &["GetItem"], &[CHALLENGE_PREFIX])
        }
        StoreCall::SpendChallenge => {
            Access::on_table(&["PutItem"], &["PutItem"], &[CHALLENGE_PREFIX])
        }
        StoreCall::Report => Access::on_table(&["GetItem"], &["GetItem"], &[REPORT_PREFIX]),
        StoreCall::ReportByReceipt => {
            Access::on_table(&["GetItem"], &["GetItem"], &[RECEIPT_PREFIX, REPORT_PREFIX])
        }
        StoreCall::Reports => Access::on_table(&["Scan"], &["Scan"], &[]),
        StoreCall::AppendMessage => Access::on_table(
            &["GetItem", "TransactWriteItems"],
            &["GetItem", "UpdateItem", "PutItem"],
            &[REPORT_PREFIX],
        ),
        StoreCall::Messages => Access::on_table(&["Query"], &["Query"], &[REPORT_PREFIX]),
        StoreCall::CountReceivedOn => Access {
            operations: &["Query"],
            actions: &["Query"],
            key_prefixes: &[DAY_PREFIX],
            index: Some(RECEIVED_DAY_INDEX),
            select: Some("COUNT"),
        },
        StoreCall::AppendCaseEvent => Access::on_table(
            &["GetItem", "Query", "PutItem"],
            &["GetItem", "Query", "PutItem"],
            &[REPORT_PREFIX, CASE_PREFIX],
        ),
        StoreCall::CaseEvents => Access::on_table(&["Query"], &["Query"], &[CASE_PREFIX]),
        StoreCall::AllCaseEvents => Access::on_table(&["Scan"], &["Scan"], &[]),
        StoreCall::SetExpiry => Access::on_table(
            &["GetItem", "Query", "UpdateItem"],
            &["GetItem", "Query", "UpdateItem"],
            REPORT_AND_CASE,
        ),
        StoreCall::PurgeExpired => Access::on_table(
            &["Scan", "Query", "BatchWriteItem", "DeleteItem"],
            &["Scan", "Query", "BatchWriteItem", "DeleteItem"],
            REPORT_AND_CASE,
        ),
    }
}
