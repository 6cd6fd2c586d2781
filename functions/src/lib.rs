//! Lookout's report functions: the questionnaire and its form, validation of submissions,
//! sealing to the triage team's age keys, receipts, the stores, and the HTTP handlers that
//! both the Lambda binaries and `lookout serve` run. Nothing here knows about the site
//! generator; the generator knows only [`questionnaire`].

pub mod captcha;
pub mod config;
pub mod html;
pub mod http;
pub mod lambda;
pub mod notify;
pub mod questionnaire;
pub mod receipt;
pub mod report;
pub mod reporter_key;
pub mod seal;
pub mod secrets;
pub mod store;
pub mod submission;
