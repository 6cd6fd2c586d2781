//! The strings the page script shows when the service is busy (send.js): carried by each form
//! as data attributes, in the form's language, so the script needs no strings of its own.

use crate::dom::{BUSY_GAVE_UP, BUSY_MESSAGE, BUSY_RETRY_IN, BUSY_TRY_NOW};
use crate::{InterfaceText, Translated};

/// ` data-busy-message="…" data-busy-retry-in="…" data-busy-try-now="…" data-busy-gave-up="…"`
pub(crate) fn attrs(text: &InterfaceText, t: impl Fn(&Translated) -> String) -> String {
    format!(
        " {BUSY_MESSAGE}=\"{}\" {BUSY_RETRY_IN}=\"{}\" {BUSY_TRY_NOW}=\"{}\" {BUSY_GAVE_UP}=\"{}\"",
        t(&text.busy_message),
        t(&text.busy_retry_in),
        t(&text.busy_try_now),
        t(&text.busy_gave_up),
    )
}
