//! Lookout's report functions: sealing to the triage team's age keys, receipts, the stores,
//! and the HTTP handlers that both the Lambda binaries and `lookout serve` run. The
//! questionnaire, its forms and the validation of submissions live in `lookout-questionnaire`,
//! which the site generator shares; nothing here knows about the generator.

pub mod aws_error;
pub mod config;
pub mod deploy;
pub mod digest;
pub mod http;
pub mod lambda;
pub mod logging;
pub mod receipt;
pub mod report;
pub mod reporter_key;
pub mod seal;
pub mod secrets;
pub mod spam;
pub mod store;
