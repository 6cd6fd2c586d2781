//! The report questionnaire and everything the site and the functions must agree on about it:
//! the model read from `questionnaire.yaml`, the checks that make a campaign's file safe to
//! use, the form and follow-up pages rendered from it, the decoding and validation of what a
//! form sends back, HTML escaping, and the page-shell contract.
//!
//! Both the generator (`lookout-site`) and the functions (`lookout-functions`) depend on this
//! crate and on nothing of each other, so the generator builds without the cloud: no AWS SDK,
//! Lambda runtime, storage or crypto crate is reachable from here.

pub mod api;
mod check;
pub mod dom;
mod error;
pub mod html;
mod limits;
mod model;
pub mod receipt;
pub mod render;
pub mod shell;
pub mod submission;
mod text;
mod translated;
pub mod when;
pub mod yaml;

pub use error::QuestionnaireError;
pub use limits::{BODY_LIMIT, WORST_BYTES_PER_CHAR, worst_case_body};
pub use model::{
    Choice, DEFAULT_LINE_MAX, DEFAULT_MAX_AGE_DAYS, DEFAULT_TEXT_MAX, Question, QuestionKind,
    Questionnaire,
};
pub use render::{
    Author, FollowUpState, FormOptions, FormState, ThreadEntry, render_follow_up_form, render_form,
};
pub use text::InterfaceText;
pub use translated::Translated;
