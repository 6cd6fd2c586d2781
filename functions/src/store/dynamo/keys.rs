//! The table's keys: every `pk`/`sk` this store writes or reads is made here, so the item layout
//! (ARCHITECTURE.md, "DynamoDB table") and the key prefixes the deployment's IAM conditions
//! allow (`dynamodb:LeadingKeys`) have one definition.

/// The partition key attribute.
pub const PK: &str = "pk";
/// The sort key attribute.
pub const SK: &str = "sk";
/// The TTL attribute (unix seconds); DynamoDB deletes an item some time after it passes.
pub const TTL_ATTRIBUTE: &str = "expires_at";

/// The first part of every partition key, before `#`.
pub const REPORT_PREFIX: &str = "REPORT#";
pub const RECEIPT_PREFIX: &str = "RECEIPT#";
/// Spent challenges (`store::SpentChallenge`), kept to the midnight after they expire.
pub const CHALLENGE_PREFIX: &str = "CHALLENGE#";
/// The triage team's case events (`store::cases`): a prefix of their own, so that no deployed
/// function's role reaches them.
pub const CASE_PREFIX: &str = "CASE#";

/// The day index: a global secondary index whose partition key is [`RECEIVED_DAY`], which
/// only report items carry (`DAY#2026-11-24`), projecting the keys and [`TTL_ATTRIBUTE`].
/// The digest counts a day's reports through it without reading one.
pub const RECEIVED_DAY_INDEX: &str = "received-day";
pub const RECEIVED_DAY: &str = "received_day";
pub const DAY_PREFIX: &str = "DAY#";

/// Sort keys.
pub const REPORT_SK: &str = "REPORT";
pub const RECEIPT_SK: &str = "RECEIPT";
pub const CHALLENGE_SK: &str = "CHALLENGE";
pub const MESSAGE_SK_PREFIX: &str = "MSG#";
pub const CASE_EVENT_SK_PREFIX: &str = "EVENT#";

/// An item's primary key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn report(id: &str) -> Self {
        Self::new(format!("{REPORT_PREFIX}{id}"), REPORT_SK)
    }

    pub fn receipt(hash: &str) -> Self {
        Self::new(format!("{RECEIPT_PREFIX}{hash}"), RECEIPT_SK)
    }

    pub fn challenge(key_hash: &str) -> Self {
        Self::new(format!("{CHALLENGE_PREFIX}{key_hash}"), CHALLENGE_SK)
    }

    /// Message `seq` of a report; six digits keep them in order as strings.
    pub fn message(report_id: &str, seq: u32) -> Self {
        Self::new(
            format!("{REPORT_PREFIX}{report_id}"),
            format!("{MESSAGE_SK_PREFIX}{seq:06}"),
        )
    }

    /// Event `seq` of a report's case history; six digits keep them in order as strings.
    pub fn case_event(report_id: &str, seq: u32) -> Self {
        Self::new(
            format!("{CASE_PREFIX}{report_id}"),
            format!("{CASE_EVENT_SK_PREFIX}{seq:06}"),
        )
    }

    fn new(pk: String, sk: impl Into<String>) -> Self {
        Self { pk, sk: sk.into() }
    }
}

/// The partition key of a report and of its messages.
pub fn report_pk(id: &str) -> String {
    Key::report(id).pk
}

/// The day index's partition key for reports received on `day` (`YYYY-MM-DD`).
pub fn received_day(day: &str) -> String {
    format!("{DAY_PREFIX}{day}")
}

/// The partition key of a report's case events.
pub fn case_pk(id: &str) -> String {
    format!("{CASE_PREFIX}{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_documented_layout() {
        assert_eq!(Key::report("ab"), Key::new("REPORT#ab".into(), "REPORT"));
        assert_eq!(Key::receipt("h").pk, "RECEIPT#h");
        assert_eq!(Key::challenge("k").pk, "CHALLENGE#k");
        assert_eq!(Key::message("ab", 7).sk, "MSG#000007");
        assert_eq!(Key::message("ab", 7).pk, report_pk("ab"));
        assert_eq!(received_day("2026-11-24"), "DAY#2026-11-24");
        assert_eq!(
            Key::case_event("ab", 7),
            Key::new("CASE#ab".into(), "EVENT#000007")
        );
        assert_eq!(Key::case_event("ab", 0).pk, case_pk("ab"));
    }
}
