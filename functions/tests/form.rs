//! The report and follow-up forms: accessible structure, escaping, kept answers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod support;

use std::collections::BTreeMap;

use lookout_functions::report::Author;
use lookout_questionnaire::{
    FollowUpState, FormOptions, FormState, ThreadEntry, render_follow_up_form, render_form,
};
use support::questionnaire;

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn the_empty_form_is_labelled_grouped_and_posts_to_the_api() {
    let q = questionnaire();
    let html = render_form(
        &q,
        "en",
        "en",
        &FormState::default(),
        &FormOptions::default(),
    );
    assert!(html.starts_with(
        "<form class=\"lookout-form\" id=\"lookout-report-form\" action=\"/api/reports/unverified\" data-verified-action=\"/api/reports\" method=\"post\" \
         enctype=\"application/x-www-form-urlencoded\" accept-charset=\"utf-8\" novalidate"
    ));
    // GOV.UK: no browser validation, so no `required` anywhere; the server's messages are
    // the only ones, in the page's language.
    assert!(!html.contains(" required"));
    assert!(!html.contains("error-summary"));
    assert!(!html.contains("aria-invalid"));
    // Control fields, empty for the page script to fill.
    assert!(html.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"));
    assert!(html.contains("<input type=\"hidden\" name=\"idempotency_key\" value=\"\">"));
    assert!(html.contains("<input type=\"hidden\" name=\"started_at\" value=\"\">"));
    // Every control has a label.
    for id in [
        "q-seen_on-today",
        "q-seen_on-earlier",
        "q-seen_on-day",
        "q-seen_on-month",
        "q-seen_on-year",
        "q-what_happened",
        "q-vehicle_or_room",
        "q-contact",
        "q-hp_leave_empty",
        "q-reporter-taxi-driver",
        "q-area-other-not-sure",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        assert!(html.contains(&format!(" for=\"{id}\">")), "label for {id}");
    }
    // Radio groups and checkbox groups are fieldsets with legends; the indicators have one
    // fieldset per kind of reporter who has signs, plus one for anyone.
    assert!(html.contains("<legend>Who are you reporting as?</legend>"));
    assert_eq!(count(&html, "<fieldset class=\"choice-group\""), 4);
    assert!(
        html.contains("data-group=\"taxi-driver\"><legend>Taxi or private-hire driver</legend>")
    );
    assert!(html.contains("data-group=\"\"><legend>Signs anyone might notice</legend>"));
    // Hints are tied to their controls.
    assert!(html.contains("<fieldset aria-describedby=\"q-reporter-hint\">"));
    assert!(html.contains("<p class=\"hint\" id=\"q-what_happened-hint\">"));
    // The character count's message is the box's first description, and its fallback.
    assert!(html.contains(
        "name=\"what_happened\" rows=\"8\" maxlength=\"4000\" spellcheck=\"false\" aria-describedby=\"q-what_happened-info q-what_happened-hint\">"
    ));
    assert!(html.contains(
        "<p class=\"hint character-count__message\" id=\"q-what_happened-info\">You can enter up to 4000 characters</p>"
    ));
    assert!(html.contains(
        "id=\"field-what_happened\" data-module=\"character-count\" data-maxlength=\"4000\" \
         data-text-left=\"Characters left: {count}\" data-text-over=\"Characters over the limit: {count}\">"
    ));
    // Choosing a trade reveals its signs (the page script reads data-aria-controls).
    assert!(
        html.contains(
            "value=\"taxi-driver\" data-aria-controls=\"q-indicators-group-taxi-driver\">"
        )
    );
    assert!(
        html.contains("<fieldset class=\"choice-group\" id=\"q-indicators-group-taxi-driver\"")
    );
    assert!(html.contains(
        "data-grouped-by=\"reporter\" data-other-groups=\"Signs for other kinds of work\">"
    ));
    assert!(!html.contains("value=\"public\" data-aria-controls"));
    // Optional questions are marked.
    assert!(html.contains("A way to reach you <span class=\"optional\">(optional)</span>"));
    assert!(html.contains("maxlength=\"200\""));
    // The honeypot is out of sight, out of the tab order and out of the accessibility tree,
    // and named so that no autofill or password manager fills it.
    assert!(html.contains(
        "<div class=\"visually-hidden lookout-hp\" aria-hidden=\"true\"><label for=\"q-hp_leave_empty\">Leave this field empty</label>\
         <input type=\"text\" id=\"q-hp_leave_empty\" name=\"hp_leave_empty\" value=\"\" tabindex=\"-1\" autocomplete=\"off\" \
         data-1p-ignore data-lpignore=\"true\" data-bwignore data-form-type=\"other\"></div>"
    ));
    assert!(!html.contains("name=\"website\""), "{html}");
    // Sealed text is not sent to a browser's spelling service.
    for id in ["what_happened", "vehicle_or_room", "contact"] {
        let field = html
            .split(&format!("id=\"q-{id}\""))
            .nth(1)
            .unwrap()
            .split('>')
            .next()
            .unwrap();
        assert!(field.contains("spellcheck=\"false\""), "{id}: {field}");
    }
    // The page script fills in the solved challenge; without it the report goes unverified.
    assert!(html.contains("<input type=\"hidden\" name=\"altcha\" value=\"\" data-lookout-proof>"));
    assert!(!html.contains("hcaptcha"));
    assert!(html.ends_with("<button type=\"submit\" class=\"button\">Send report</button></form>"));
}

#[test]
fn with_hcaptcha_the_form_takes_its_token_but_never_its_widget() {
    let q = questionnaire();
    let options = FormOptions {
        captcha_site_key: Some("10000000-ffff-ffff-ffff-000000000001".into()),
    };
    let html = render_form(&q, "en", "en", &FormState::default(), &options);
    assert!(html.contains(
        "<input type=\"hidden\" name=\"h-captcha-response\" value=\"\" data-lookout-proof>"
    ));
    // hCaptcha's widget and script never run in a document with the reporter's answers.
    assert!(!html.contains("h-captcha\""));
    assert!(!html.contains("data-sitekey"));
    assert!(!html.contains("name=\"altcha\""));
}

#[test]
fn errors_are_summarised_and_shown_beside_their_fields() {
    let q = questionnaire();
    let state = FormState {
        answers: BTreeMap::from([
            ("reporter".to_string(), vec!["public".to_string()]),
            (
                "indicators".to_string(),
                vec![
                    "any-gifts-money".to_string(),
                    "any-something-else".to_string(),
                ],
            ),
            (
                "what_happened".to_string(),
                vec!["\"quoted\" & <tagged>".to_string()],
            ),
        ]),
        errors: BTreeMap::from([
            (
                "area".to_string(),
                "Please answer this question.".to_string(),
            ),
            ("what_happened".to_string(), "Too <long>".to_string()),
            (
                "colour".to_string(),
                "This field is not part of the form.".to_string(),
            ),
        ]),
        message: None,
        idempotency_key: "k\"1".into(),
        started_at: "1795521600000".into(),
    };
    let html = render_form(&q, "en", "en", &state, &FormOptions::default());
    let summary_at = html
        .find("<div class=\"error-summary\" data-module=\"error-summary\"><div role=\"alert\">")
        .unwrap();
    assert!(
        summary_at < html.find("name=\"lang\"").unwrap(),
        "the summary comes first"
    );
    assert!(html.contains(
        "<li><a href=\"#q-area-city-centre\">Where was it?: Please answer this question.</a></li>"
    ));
    assert!(
        html.contains("<li><a href=\"#q-what_happened\">What happened?: Too &lt;long&gt;</a></li>")
    );
    assert!(html.contains("<li>colour: This field is not part of the form.</li>"));
    assert!(html.contains("<fieldset aria-describedby=\"q-area-hint q-area-error\">"));
    assert!(html.contains(
        "<p class=\"field-error\" id=\"q-area-error\"><span class=\"visually-hidden\">Error:</span> Please answer this question.</p>"
    ));
    assert!(html.contains("aria-describedby=\"q-what_happened-info q-what_happened-hint q-what_happened-error\" aria-invalid=\"true\">&quot;quoted&quot; &amp; &lt;tagged&gt;</textarea>"));
    assert!(html.contains("value=\"public\" checked"));
    assert!(html.contains("value=\"any-gifts-money\" checked"));
    assert!(html.contains("value=\"any-something-else\" checked"));
    assert!(!html.contains("value=\"taxi-driver\" checked"));
    assert!(html.contains("name=\"idempotency_key\" value=\"k&quot;1\""));
    assert!(html.contains("name=\"started_at\" value=\"1795521600000\""));
}

#[test]
fn the_form_is_translated_and_falls_back() {
    let q = questionnaire();
    let html = render_form(
        &q,
        "pl",
        "en",
        &FormState::default(),
        &FormOptions::default(),
    );
    assert!(html.contains("<legend>W jakiej roli zgłaszasz?</legend>"));
    assert!(html.contains(">Wyślij zgłoszenie</button>"));
    let html = render_form(
        &q,
        "ur",
        "en",
        &FormState {
            message: Some("x".into()),
            ..FormState::default()
        },
        &FormOptions::default(),
    );
    assert!(html.contains(
        "<h2 class=\"error-summary__title\">ایک مسئلہ ہے</h2><div class=\"error-summary__body\"><p>x</p>"
    ));
}

#[test]
fn the_follow_up_form_asks_for_the_receipt_then_shows_the_thread() {
    let q = questionnaire();
    let html = render_follow_up_form(&q, "en", "en", &FollowUpState::default());
    assert!(html.contains("action=\"/api/follow-up\" method=\"post\""));
    assert!(html.contains("<label for=\"follow-up-receipt\">Receipt code</label>"));
    assert!(
        html.contains("name=\"receipt\" value=\"\" inputmode=\"numeric\" autocomplete=\"off\"")
    );
    assert!(html.contains("aria-describedby=\"follow-up-receipt-hint\""));
    assert!(html.contains("novalidate"));
    assert!(!html.contains(" required"));
    assert!(!html.contains("/api/follow-up/messages"));

    let state = FollowUpState {
        receipt: "4821 0937 5521 8804 3316".into(),
        thread: Some((
            "2026-11-24".into(),
            vec![
                ThreadEntry {
                    author: Author::Team,
                    sent_on: "2026-11-25".into(),
                    text: "Which <hotel>?\nThanks".into(),
                },
                ThreadEntry {
                    author: Author::Reporter,
                    sent_on: "2026-11-26".into(),
                    text: "The Grand".into(),
                },
            ],
        )),
        message: "draft & more".into(),
        errors: BTreeMap::from([(
            "message".to_string(),
            "Please answer this question.".to_string(),
        )]),
        problem: None,
        notice: None,
    };
    let html = render_follow_up_form(&q, "en", "en", &state);
    assert!(html.contains("<p>Report sent on 2026-11-24.</p>"));
    assert!(html.contains("<li class=\"from-team\"><p class=\"meta\">From the team, <time datetime=\"2026-11-25\">2026-11-25</time></p><p dir=\"auto\">Which &lt;hotel&gt;?<br>\nThanks</p></li>"));
    assert!(html.contains("<li class=\"from-reporter\"><p class=\"meta\">From you,"));
    assert!(html.contains("action=\"/api/follow-up/messages\""));
    assert!(
        html.contains(
            "<input type=\"hidden\" name=\"receipt\" value=\"4821 0937 5521 8804 3316\">"
        )
    );
    assert!(html.contains("aria-describedby=\"follow-up-message-info follow-up-message-hint follow-up-message-error\" aria-invalid=\"true\">draft &amp; more</textarea>"));
    assert!(
        html.contains("<span class=\"visually-hidden\">Error:</span> Please answer this question.")
    );
    assert!(html.contains("data-module=\"character-count\" data-maxlength=\"4000\""));
    // The message is sealed: not sent to a browser's spelling service.
    assert!(
        html.contains("name=\"message\" rows=\"6\" maxlength=\"4000\" spellcheck=\"false\""),
        "{html}"
    );
    assert!(html.contains(
        "<li><a href=\"#follow-up-message\">Add information: Please answer this question.</a></li>"
    ));
}
