//! The report API's paths, which the forms post to and the functions answer (`deploy::Route`
//! in the functions). Each submission route has a strict twin, `…/unverified`: the forms post
//! there, and the page script, once it has solved a challenge, posts to the verified route
//! named in the form's `data-verified-action`.

pub const REPORTS: &str = "/api/reports";
pub const REPORTS_UNVERIFIED: &str = "/api/reports/unverified";
pub const CHALLENGE: &str = "/api/challenge";
pub const OPENAPI: &str = "/api/openapi.json";
pub const FOLLOW_UP: &str = "/api/follow-up";
pub const FOLLOW_UP_UNVERIFIED: &str = "/api/follow-up/unverified";
pub const FOLLOW_UP_MESSAGES: &str = "/api/follow-up/messages";
pub const FOLLOW_UP_MESSAGES_UNVERIFIED: &str = "/api/follow-up/messages/unverified";
