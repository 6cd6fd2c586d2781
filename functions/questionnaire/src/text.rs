//! The interface strings of the report and follow-up forms and of the pages the functions
//! answer with. They live in the questionnaire so one file holds everything a campaign
//! translates about reporting; each is required in the default language.

use serde::{Deserialize, Serialize};

use super::Translated;

/// Declares the struct and the list of its keys together, so the load-time check that each
/// string exists in the default language can never miss a newly added key.
macro_rules! interface_text {
    (
        $( $(#[doc = $doc:literal])* $key:ident ),* $(,)?
        ; defaulted:
        $( $(#[doc = $ddoc:literal])* $dkey:ident = $default:literal ),* $(,)?
    ) => {
        /// Translatable interface strings (`text:` in questionnaire.yaml). `{max}`, `{days}`,
        /// `{count}`, `{date}` and `{seconds}` in a string are replaced where it is used.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct InterfaceText {
            $( $(#[doc = $doc])* pub $key: Translated, )*
            $( $(#[doc = $ddoc])* #[serde(default = $default)] pub $dkey: Translated, )*
        }

        impl InterfaceText {
            /// Every required key with its strings, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &Translated)> {
                vec![ $( (stringify!($key), &self.$key), )* ]
            }

            /// The keys added after campaigns were written: each has built-in strings (English,
            /// Polish and Urdu) that a campaign may replace, so an older questionnaire.yaml
            /// still loads. Not part of [`Self::entries`], so they add no language and are not
            /// required in the default one.
            pub fn defaulted_entries(&self) -> Vec<(&'static str, &Translated)> {
                vec![ $( (stringify!($dkey), &self.$dkey), )* ]
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
    ; defaulted:
    /// A submission sent from another website's page: refused, nothing stored.
    error_cross_site = "defaults::error_cross_site",
    /// Page script, when the service answers "busy" (or not at all): the answers are kept.
    busy_message = "defaults::busy_message",
    /// `{seconds}`: the countdown to the next try.
    busy_retry_in = "defaults::busy_retry_in",
    /// The button that tries again at once.
    busy_try_now = "defaults::busy_try_now",
    /// After the last automatic try.
    busy_gave_up = "defaults::busy_gave_up",
}

/// The built-in strings of the defaulted keys.
mod defaults {
    use super::Translated;

    pub fn error_cross_site() -> Translated {
        Translated::from([
            (
                "en",
                "This form was sent from another website, so it was not stored. Open the campaign's own report page and send it there.",
            ),
            (
                "pl",
                "Ten formularz wysłano z innej strony internetowej, więc go nie zapisano. Otwórz stronę zgłoszeń kampanii i wyślij go stamtąd.",
            ),
            (
                "ur",
                "یہ فارم کسی دوسری ویب سائٹ سے بھیجا گیا تھا، اس لیے محفوظ نہیں ہوا۔ مہم کا اپنا رپورٹ صفحہ کھولیں اور وہاں سے بھیجیں۔",
            ),
        ])
    }

    pub fn busy_message() -> Translated {
        Translated::from([
            (
                "en",
                "The service is busy right now. Your answers are still here, and we will try sending them again.",
            ),
            (
                "pl",
                "Serwis jest teraz przeciążony. Twoje odpowiedzi są nadal tutaj i spróbujemy wysłać je ponownie.",
            ),
            (
                "ur",
                "سروس اس وقت مصروف ہے۔ آپ کے جوابات ابھی یہیں موجود ہیں، اور ہم انہیں دوبارہ بھیجنے کی کوشش کریں گے۔",
            ),
        ])
    }

    pub fn busy_retry_in() -> Translated {
        Translated::from([
            ("en", "Trying again in {seconds} seconds."),
            ("pl", "Ponowna próba za {seconds} s."),
            ("ur", "{seconds} سیکنڈ میں دوبارہ کوشش کی جائے گی۔"),
        ])
    }

    pub fn busy_try_now() -> Translated {
        Translated::from([
            ("en", "Try now"),
            ("pl", "Spróbuj teraz"),
            ("ur", "ابھی کوشش کریں"),
        ])
    }

    pub fn busy_gave_up() -> Translated {
        Translated::from([
            (
                "en",
                "The service is still busy. Your answers are still here: try again in a few minutes.",
            ),
            (
                "pl",
                "Serwis jest nadal przeciążony. Twoje odpowiedzi są nadal tutaj: spróbuj ponownie za kilka minut.",
            ),
            (
                "ur",
                "سروس ابھی تک مصروف ہے۔ آپ کے جوابات ابھی یہیں موجود ہیں: چند منٹ بعد دوبارہ کوشش کریں۔",
            ),
        ])
    }
}
