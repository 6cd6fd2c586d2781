//! The interface strings of the report and follow-up forms and of the pages the functions
//! answer with. They live in the questionnaire so one file holds everything a campaign
//! translates about reporting; each is required in the default language.

use serde::{Deserialize, Serialize};

use super::Translated;

/// Declares the struct and the list of its keys together, so the load-time check that each
/// string exists in the default language can never miss a newly added key.
macro_rules! interface_text {
    ($( $(#[doc = $doc:literal])* $key:ident ),* $(,)?) => {
        /// Translatable interface strings (`text:` in questionnaire.yaml). `{max}`, `{days}`
        /// and `{date}` in a string are replaced where the string is used.
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
    /// Marks a question that may be left blank.
    optional,
    /// Legend of the indicator group that applies to every kind of reporter.
    group_anyone,
    /// Hint under a date field for browsers without a date picker.
    date_format_hint,
    /// Said on the form when no captcha runs (`lookout serve`).
    captcha_off,
    /// Label of the honeypot field (hidden from people and assistive technology).
    honeypot_label,
    /// Heading of the error summary at the top of a form.
    error_summary_title,
    error_required,
    /// `{max}`: the maximum number of characters.
    error_too_long,
    error_invalid_option,
    error_invalid_date,
    error_date_in_future,
    /// `{days}`: how many days back a date may be.
    error_date_too_old,
    error_unknown_field,
    error_spam_check,
    error_captcha,
    error_not_saved,
    error_malformed,
    error_too_large,
    receipt_page_title,
    receipt_intro,
    receipt_shown_once,
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
    error_receipt_invalid,
    error_receipt_not_found,
}
