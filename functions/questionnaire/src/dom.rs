//! The `data-*` names the theme's scripts (`site/theme/static/*.js`) find elements by, and the
//! `data-module` components `lookout.js` starts, declared once. The forms' renderers write
//! them through these constants; the theme's templates write the ones their pages need; the
//! scripts set the state ones themselves. `site/tests/dom_names.rs` fails when a script reads
//! a name this module does not declare, or this module declares one no script reads.

/// A form the page script sends: `report` or `follow-up`.
pub const FORM: &str = "data-lookout-form";
/// The verified lane a form's script posts to (its `action` is the strict lane).
pub const VERIFIED_ACTION: &str = "data-verified-action";
/// A component for `lookout.js` to start (see [`modules`]).
pub const MODULE: &str = "data-module";
/// The character count's limit and its two messages.
pub const MAX_LENGTH: &str = "data-maxlength";
pub const TEXT_LEFT: &str = "data-text-left";
pub const TEXT_OVER: &str = "data-text-over";
/// Grouped signs: the question whose answer shows a group, each group's id, and the groups
/// shown for "other" answers.
pub const GROUPED_BY: &str = "data-grouped-by";
pub const GROUP: &str = "data-group";
pub const OTHER_GROUPS: &str = "data-other-groups";
/// A choice's conditional reveal: the id it shows (an `aria-controls` set only by the script,
/// so the page without it says nothing false).
pub const ARIA_CONTROLS: &str = "data-aria-controls";
/// What a form says while the service is busy, in its language (send.js has no strings of
/// its own).
pub const BUSY_MESSAGE: &str = "data-busy-message";
pub const BUSY_RETRY_IN: &str = "data-busy-retry-in";
pub const BUSY_TRY_NOW: &str = "data-busy-try-now";
pub const BUSY_GAVE_UP: &str = "data-busy-gave-up";
/// The print button on a receipt (hidden until the script can print).
pub const PRINT: &str = "data-lookout-print";

/// Written by the theme's templates.
pub const EXIT_URL: &str = "data-exit-url";
pub const CHECK_URL: &str = "data-check-url";
pub const CHECK: &str = "data-lookout-check";
pub const SKIP_CHECK: &str = "data-lookout-skip-check";
pub const SEARCH_INDEX: &str = "data-index";
pub const SEARCH_NEXT: &str = "data-next";
pub const SEARCH_NO_RESULTS: &str = "data-no-results";
pub const SEARCH_UNAVAILABLE: &str = "data-unavailable";

/// State the scripts keep on the forms they manage.
pub const SENDING: &str = "data-sending";
pub const SENDER: &str = "data-lookout-sender";
/// The busy notice the script adds to a form.
pub const BUSY_NOTICE: &str = "data-lookout-busy";

/// Every `data-*` name a theme script may read.
pub const ALL: &[&str] = &[
    FORM,
    VERIFIED_ACTION,
    MODULE,
    MAX_LENGTH,
    TEXT_LEFT,
    TEXT_OVER,
    GROUPED_BY,
    GROUP,
    OTHER_GROUPS,
    ARIA_CONTROLS,
    BUSY_MESSAGE,
    BUSY_RETRY_IN,
    BUSY_TRY_NOW,
    BUSY_GAVE_UP,
    PRINT,
    EXIT_URL,
    CHECK_URL,
    CHECK,
    SKIP_CHECK,
    SEARCH_INDEX,
    SEARCH_NEXT,
    SEARCH_NO_RESULTS,
    SEARCH_UNAVAILABLE,
    SENDING,
    SENDER,
    BUSY_NOTICE,
];

/// The `data-module` values: the components `lookout.js` starts.
pub mod modules {
    pub const CHARACTER_COUNT: &str = "character-count";
    pub const GROUPED_CHOICES: &str = "grouped-choices";
    pub const ERROR_SUMMARY: &str = "error-summary";

    pub const ALL: &[&str] = &[CHARACTER_COUNT, GROUPED_CHOICES, ERROR_SUMMARY];
}
