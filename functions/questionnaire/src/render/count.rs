//! GOV.UK's character count, server side: the limit as a hint (what the reporter sees without
//! JavaScript, and the box's description), and the strings the page script counts down with.
//! Both sides count Unicode scalar values (`submission::character_count`).

use crate::dom::{MAX_LENGTH, MODULE, TEXT_LEFT, TEXT_OVER, modules};
use crate::html::escape;
use crate::{InterfaceText, Translated};

/// The attributes of the element that holds a counted box, for the page script.
pub(crate) fn component_attrs(
    max: usize,
    text: &InterfaceText,
    t: impl Fn(&Translated) -> String,
) -> String {
    format!(
        " {MODULE}=\"{}\" {MAX_LENGTH}=\"{max}\" {TEXT_LEFT}=\"{}\" {TEXT_OVER}=\"{}\"",
        modules::CHARACTER_COUNT,
        t(&text.character_count_left),
        t(&text.character_count_over)
    )
}

/// The message under the box: "You can enter up to 4000 characters", with id `{control}-info`.
pub(crate) fn info(
    control_id: &str,
    max: usize,
    text: &InterfaceText,
    t: impl Fn(&Translated) -> String,
) -> String {
    let limit = t(&text.character_count_limit).replace("{max}", &escape(&max.to_string()));
    format!("<p class=\"hint character-count__message\" id=\"{control_id}-info\">{limit}</p>")
}
