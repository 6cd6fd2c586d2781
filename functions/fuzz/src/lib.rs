//! The body of each fuzz target, as plain functions, so that a crash kept under
//! `regressions/<target>/` is replayed by `cargo test` as well as by the fuzzer. Each function
//! panics only where the code under test broke a promise (a panic inside it, or a result that
//! contradicts another).

use std::path::Path;
use std::sync::OnceLock;

use lookout_questionnaire::receipt::Receipt;
use lookout_questionnaire::submission::{Submission, validate};
use lookout_questionnaire::{FormOptions, FormState, Questionnaire, render_form};
use time::macros::date;

/// The example campaign's questionnaire, which real submissions are checked against.
fn example() -> &'static Questionnaire {
    static EXAMPLE: OnceLock<Questionnaire> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        Questionnaire::parse(
            include_str!("../../../tests/fixtures/campaign/questionnaire.yaml"),
            Path::new("tests/fixtures/campaign/questionnaire.yaml"),
        )
        .unwrap_or_else(|e| panic!("the example questionnaire must load: {e}"))
    })
}

/// A submission that decodes is validated; the idempotency header is the body's first line.
fn check_submission(decoded: Option<Submission>, header: Option<&str>) {
    let Some(submission) = decoded else {
        return;
    };
    if let Ok(submission) = submission.with_header_key(header) {
        let _ = validate(example(), &submission, date!(2026 - 11 - 24));
    }
}

/// `POST /api/reports` with `application/json`.
pub fn submission_json(data: &[u8]) {
    let header = std::str::from_utf8(data).ok().and_then(|t| t.lines().next());
    check_submission(Submission::from_json(data).ok(), header);
}

/// `POST /api/reports` with `application/x-www-form-urlencoded` (the no-JavaScript form).
pub fn submission_form(data: &[u8]) {
    check_submission(Submission::from_form(data).ok(), None);
}

/// A receipt as typed on the follow-up page: whatever parses shows as a code that parses to
/// the same receipt.
pub fn receipt(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(receipt) = Receipt::parse(text) {
        let shown = receipt.to_string();
        assert_eq!(Receipt::parse(&shown).ok(), Some(receipt), "{shown}");
    }
}

/// A campaign's questionnaire.yaml: it loads or names its fault, and a questionnaire that
/// loads renders its form in every language it has.
pub fn questionnaire_yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(questionnaire) = Questionnaire::parse(text, Path::new("questionnaire.yaml")) else {
        return;
    };
    let options = FormOptions::default();
    for lang in questionnaire.languages() {
        let form = render_form(
            &questionnaire,
            &lang,
            &questionnaire.default_language,
            &FormState::default(),
            &options,
        );
        assert!(form.starts_with("<form"), "{form}");
    }
}

/// The `altcha` field, a stranger's base64 of a challenge and its solution: it checks out or
/// says why not, never panics, and a verdict does not change when asked twice.
pub fn challenge(data: &[u8]) {
    static KEYS: OnceLock<lookout_challenge::Challenges> = OnceLock::new();
    let challenges = KEYS.get_or_init(|| {
        lookout_challenge::Challenges::new("fuzz signing key".into(), "fuzz key signing".into())
    });
    let text = String::from_utf8_lossy(data);
    let now = 1_796_000_000;
    let first = challenges.verify(&text, now);
    assert_eq!(first, challenges.verify(&text, now));
    if let Ok(solved) = first {
        assert!(!solved.signature.is_empty());
        assert!(solved.expires_unix >= now);
    }
}

/// A page's Markdown file as a campaign (or the browser editor) writes it: its front matter
/// reads or names its fault; what reads leaves the body as the rest of the file, and each of
/// its moments shows as a date and an RFC 3339 time that reads back as the same moment.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((front, body)) = lookout_site::front_matter(Path::new("pages/page.md"), text) else {
        return;
    };
    assert!(text.ends_with(body), "the body is not the end of the file");
    assert!(!front.title.trim().is_empty(), "an empty title was accepted");
    let zone = lookout_questionnaire::when::CampaignTimeZone::default();
    for moment in [front.date, front.updated, front.publish_at, front.expires_at]
        .into_iter()
        .flatten()
    {
        let placed = moment.on_campaign_clock(&zone);
        let _ = placed.ymd();
        let shown = placed.rfc3339();
        if !shown.is_empty() {
            let again = lookout_site::Moment::parse(&shown).map(|m| m.0);
            assert_eq!(again, Some(placed.0), "{shown}");
        }
    }
}
