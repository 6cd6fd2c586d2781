//! The report form and the follow-up page as accessible HTML5. The site puts them into its
//! static pages; the functions render them again with a reporter's answers and errors. One
//! renderer, so both always match the questionnaire.

mod busy;
mod choices;
mod count;
mod date;
mod follow_up;
mod form;
mod renderer;
mod reports_read;
mod summary;

use serde::{Deserialize, Serialize};

pub use follow_up::{FollowUpState, ThreadEntry, render_follow_up_form};
pub(crate) use form::text_with_breaks;
pub use form::{FormOptions, render_form};
pub use renderer::FormState;
pub use reports_read::render_reports_read;
pub use summary::error_title;

/// Who wrote a follow-up message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Team,
    Reporter,
}
