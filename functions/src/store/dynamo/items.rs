//! Between Lookout's types and DynamoDB items: attribute names, and reading attributes back
//! with a clear error when stored data has another shape.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use aws_sdk_dynamodb::types::AttributeValue;

use super::keys::{Key, PK, RECEIVED_DAY, SK, TTL_ATTRIBUTE, received_day};
use crate::report::{Author, Message, ReportId, ReporterKey, StoredReport};
use crate::store::StoreError;

pub type Item = HashMap<String, AttributeValue>;

pub fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// An item holding just `key`, ready for its attributes.
pub fn keyed(key: Key) -> Item {
    HashMap::from([(PK.into(), s(key.pk)), (SK.into(), s(key.sk))])
}

/// A lookup item (receipt or spent challenge): its key, the report it points at, and the
/// report's expiry.
pub fn pointer(key: Key, report_id: &str, expires_at: i64) -> Item {
    let mut item = keyed(key);
    item.insert("report_id".into(), s(report_id));
    item.insert(TTL_ATTRIBUTE.into(), n(expires_at));
    item
}

pub fn report_to_item(report: &StoredReport) -> Item {
    let readable = report
        .readable
        .iter()
        .map(|(question, values)| {
            (
                question.clone(),
                AttributeValue::L(values.iter().map(|v| s(v.as_str())).collect()),
            )
        })
        .collect();
    let mut item = keyed(Key::report(&report.id.0));
    item.extend([
        ("id".into(), s(report.id.0.as_str())),
        ("received_on".into(), s(report.received_on.as_str())),
        (RECEIVED_DAY.into(), s(received_day(&report.received_on))),
        (TTL_ATTRIBUTE.into(), n(report.expires_at)),
        ("readable".into(), AttributeValue::M(readable)),
        ("sealed".into(), s(report.sealed.as_str())),
        (
            "reporter_recipient".into(),
            s(report.reporter_key.recipient.as_str()),
        ),
        (
            "reporter_wrapped_identity".into(),
            s(report.reporter_key.wrapped_identity.as_str()),
        ),
        ("message_count".into(), n(report.message_count)),
    ]);
    if let Some(verified) = report.verified {
        item.insert("verified".into(), AttributeValue::Bool(verified));
    }
    if let Some(fingerprint) = &report.fingerprint {
        item.insert("fingerprint".into(), s(fingerprint.as_str()));
    }
    item
}

pub fn report_from_item(item: &Item) -> Result<StoredReport, StoreError> {
    let readable = item
        .get("readable")
        .and_then(|v| v.as_m().ok())
        .ok_or_else(|| StoreError::Corrupt("report attribute readable is missing".into()))?
        .iter()
        .map(|(question, values)| Ok((question.clone(), strings(question, values)?)))
        .collect::<Result<BTreeMap<_, _>, StoreError>>()?;
    Ok(StoredReport {
        id: ReportId(attr_s(item, "id")?.to_owned()),
        received_on: attr_s(item, "received_on")?.to_owned(),
        expires_at: attr_n(item, TTL_ATTRIBUTE)?,
        readable,
        sealed: attr_s(item, "sealed")?.to_owned(),
        reporter_key: ReporterKey {
            recipient: attr_s(item, "reporter_recipient")?.to_owned(),
            wrapped_identity: attr_s(item, "reporter_wrapped_identity")?.to_owned(),
        },
        message_count: attr_n(item, "message_count")?,
        // Absent on reports stored before the two lanes: unknown, not unverified.
        verified: item.get("verified").and_then(|v| v.as_bool().ok()).copied(),
        fingerprint: item.get("fingerprint").and_then(|v| v.as_s().ok()).cloned(),
    })
}

fn strings(question: &str, values: &AttributeValue) -> Result<Vec<String>, StoreError> {
    values
        .as_l()
        .map_err(|_| StoreError::Corrupt(format!("readable.{question} is not a list")))?
        .iter()
        .map(|v| {
            v.as_s()
                .cloned()
                .map_err(|_| StoreError::Corrupt(format!("readable.{question} holds a non-string")))
        })
        .collect()
}

pub fn message_to_item(message: &Message, expires_at: i64) -> Item {
    let mut item = keyed(Key::message(&message.report_id.0, message.seq));
    item.extend([
        ("seq".into(), n(message.seq)),
        ("author".into(), s(author_str(message.author))),
        ("sent_on".into(), s(message.sent_on.as_str())),
        ("sealed".into(), s(message.sealed.as_str())),
        (TTL_ATTRIBUTE.into(), n(expires_at)),
    ]);
    item
}

pub fn message_from_item(report_id: &ReportId, item: &Item) -> Result<Message, StoreError> {
    Ok(Message {
        report_id: report_id.clone(),
        seq: attr_n(item, "seq")?,
        author: match attr_s(item, "author")? {
            "team" => Author::Team,
            "reporter" => Author::Reporter,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "unknown message author {other:?}"
                )));
            }
        },
        sent_on: attr_s(item, "sent_on")?.to_owned(),
        sealed: attr_s(item, "sealed")?.to_owned(),
    })
}

fn author_str(author: Author) -> &'static str {
    match author {
        Author::Team => "team",
        Author::Reporter => "reporter",
    }
}

/// Whether an item's expiry has passed (TTL deletion is lazy, so reads filter too).
pub fn expired(item: &Item, now: i64) -> Result<bool, StoreError> {
    Ok(attr_n::<i64>(item, TTL_ATTRIBUTE)? <= now)
}

pub fn attr_s<'a>(item: &'a Item, name: &str) -> Result<&'a str, StoreError> {
    item.get(name)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
        .ok_or_else(|| StoreError::Corrupt(format!("attribute {name} is missing or not a string")))
}

pub fn attr_n<T: FromStr>(item: &Item, name: &str) -> Result<T, StoreError> {
    item.get(name)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("attribute {name} is missing or not a number")))
}
