//! The interface strings of the report and follow-up forms and of the pages the functions
//! answer with. They live in the questionnaire so one file holds everything a campaign
//! translates about reporting; each is required in the default language.

use serde::{Deserialize, Serialize};

use super::Translated;

/// Declares the struct and the list of its keys together, so the load-time check that each
/// string exists in the default language can never miss a newly added key.
macro_rules! interface_text {
    ($( $(#[doc = $doc:literal])* $key:ident ),* $(,)?) => {
        /// Translatable interface strings (`text:` in questionnaire.yaml). `{max}`, `{days}`,
        /// `{count}` and `{date}` in a string are replaced where the string is used.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct InterfaceText {
            $( $(#[doc = $doc])* pub $key: Translated, )*
        }

        impl InterfaceText {
            /// Every key with its strings, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &Translated)> {
                vec![ $( (stringify!($key), &self.$key), )* ]
            }
        }
    };
}

interface_text! {
    /// Heading of the report form when the functions show it again.
    report_page_title,
    /// The report form's submit button.
    submit,
    /// Under the submit button: when the team reads reports (keep it true to the digest hours
    /// of the deployment), and whom to call when a child is in danger now.
    reports_read,
    /// Marks a question that may be left blank.
    optional,
    /// Legend of the indicator group that applies to every kind of reporter.
    group_anyone,
    /// The control (shown by the page script) behind which the signs of the other trades
    /// wait once a reporter has said who they are.
    signs_other_groups,
    /// The choices of a date question.
    date_today,
    date_yesterday,
    date_this_week,
    date_last_week,
    date_earlier,
    /// Legend of the typed date fields (under "earlier", or on their own).
    date_typed_legend,
    /// Hint of the typed date fields, e.g. "For example, 27 3 2026".
    date_format_hint,
    date_day,
    date_month,
    date_year,
    /// `{max}`: shown under a free-text box, and read as its description.
    character_count_limit,
    /// `{count}`: characters left, updated as the reporter types (page script).
    character_count_left,
    /// `{count}`: characters over the limit (page script).
    character_count_over,
    /// Label of the honeypot field (hidden from people and assistive technology).
    honeypot_label,
    /// Heading of the error summary at the top of a form.
    error_summary_title,
    /// "Error": before the page title of a form shown again with problems, and (hidden)
    /// before each field's message, followed by a colon.
    error_prefix,
    error_required,
    /// `{max}`: the maximum number of characters.
    error_too_long,
    error_invalid_option,
    /// A typed date that cannot be a real one.
    error_invalid_date,
    error_date_needs_month,
    error_date_needs_year,
    error_date_needs_month_and_year,
    error_date_needs_day,
    error_date_in_future,
    /// `{days}`: how many days back a date may be.
    error_date_too_old,
    error_unknown_field,
    error_spam_check,
    error_not_saved,
    error_malformed,
    error_too_large,
    receipt_page_title,
    receipt_intro,
    receipt_shown_once,
    /// What to do with the code now: write it down or print, then leave with the exit button.
    receipt_what_to_do,
    receipt_next_steps,
    receipt_follow_up,
    receipt_follow_up_link,
    receipt_print,
    follow_up_title,
    follow_up_intro,
    follow_up_receipt_label,
    follow_up_receipt_hint,
    follow_up_open,
    follow_up_thread_title,
    follow_up_no_messages,
    follow_up_from_team,
    follow_up_from_you,
    /// `{date}`: the day the report arrived.
    follow_up_report_sent,
    follow_up_message_label,
    follow_up_message_hint,
    follow_up_send,
    follow_up_sent,
    /// On the thread page without JavaScript: Reload shows the thread again; close the tab.
    follow_up_reload_note,
    error_receipt_invalid,
    error_receipt_not_found,
}
