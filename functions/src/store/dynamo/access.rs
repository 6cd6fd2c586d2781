//! What each store call does to the table: the DynamoDB operations it sends, the IAM actions
//! those need (a transaction is authorised item by item, so its puts need `PutItem`), and the
//! key prefixes it touches (for `dynamodb:LeadingKeys`). The deployment's roles are held to
//! this table by tests/infra_agreement.rs, and the contract suite records the operations and
//! keys each call really sends to DynamoDB Local and holds them to it too.

use super::keys::{CASE_PREFIX, IDEMPOTENCY_PREFIX, RECEIPT_PREFIX, REPORT_PREFIX};
use crate::store::StoreCall;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// SDK operation names, as in the service's API reference (`GetItem`).
    pub operations: &'static [&'static str],
    /// IAM actions without the `dynamodb:` prefix.
    pub actions: &'static [&'static str],
    /// Partition key prefixes read or written; empty for a scan, which no key condition limits.
    pub key_prefixes: &'static [&'static str],
}

const ALL_PREFIXES: &[&str] = &[REPORT_PREFIX, RECEIPT_PREFIX, IDEMPOTENCY_PREFIX];
/// A report and everything kept with it, case events included.
const REPORT_AND_CASE: &[&str] = &[
    REPORT_PREFIX,
    RECEIPT_PREFIX,
    IDEMPOTENCY_PREFIX,
    CASE_PREFIX,
];

pub fn access(call: StoreCall) -> Access {
    match call {
        StoreCall::InsertReport => Access {
            operations: &["TransactWriteItems", "GetItem"],
            actions: &["PutItem", "GetItem"],
            key_prefixes: ALL_PREFIXES,
        },
        StoreCall::AlreadyStored => Access {
            operations: &["GetItem"],
            actions: &["GetItem"],
            key_prefixes: &[IDEMPOTENCY_PREFIX],
        },
        StoreCall::Report => Access {
            operations: &["GetItem"],
            actions: &["GetItem"],
            key_prefixes: &[REPORT_PREFIX],
        },
        StoreCall::ReportByReceipt => Access {
            operations: &["GetItem"],
            actions: &["GetItem"],
            key_prefixes: &[RECEIPT_PREFIX, REPORT_PREFIX],
        },
        StoreCall::Reports => Access {
            operations: &["Scan"],
            actions: &["Scan"],
            key_prefixes: &[],
        },
        StoreCall::AppendMessage => Access {
            operations: &["GetItem", "TransactWriteItems"],
            actions: &["GetItem", "UpdateItem", "PutItem"],
            key_prefixes: &[REPORT_PREFIX],
        },
        StoreCall::Messages => Access {
            operations: &["Query"],
            actions: &["Query"],
            key_prefixes: &[REPORT_PREFIX],
        },
        StoreCall::PurgeExpired => Access {
            operations: &["Scan", "Query", "BatchWriteItem", "DeleteItem"],
            actions: &["Scan", "Query", "BatchWriteItem", "DeleteItem"],
            key_prefixes: REPORT_AND_CASE,
        },
        StoreCall::AppendCaseEvent => Access {
            operations: &["GetItem", "Query", "PutItem"],
            actions: &["GetItem", "Query", "PutItem"],
            key_prefixes: &[REPORT_PREFIX, CASE_PREFIX],
        },
        StoreCall::CaseEvents => Access {
            operations: &["Query"],
            actions: &["Query"],
            key_prefixes: &[CASE_PREFIX],
        },
        StoreCall::AllCaseEvents => Access {
            operations: &["Scan"],
            actions: &["Scan"],
            key_prefixes: &[],
        },
        StoreCall::SetExpiry => Access {
            operations: &["GetItem", "Query", "UpdateItem"],
            actions: &["GetItem", "Query", "UpdateItem"],
            key_prefixes: REPORT_AND_CASE,
        },
    }
}
