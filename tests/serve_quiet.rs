//! The README's main command stays still after a report: `lookout serve` on the campaign
//! `content` named relatively (the default, run from the folder that holds it), one report
//! sent through the form, then no rebuild and no reload event for ten seconds. A page being
//! read or a form being filled must not reload under the person's hands.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::time::Duration;

use common::fixture_campaign;
use common::serve::{Events, Served, copy_campaign};

fn yesterday() -> String {
    let day = time::OffsetDateTime::now_utc()
        .date()
        .previous_day()
        .expect("a day before today");
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

#[tokio::test]
async fn a_report_through_the_form_causes_no_rebuild_and_no_reload() {
    let dir = tempfile::tempdir().unwrap();
    copy_campaign(&fixture_campaign(), &dir.path().join("content"));
    // As the README runs it: no --root, so the campaign is `content`, a relative path.
    let served = Served::start(dir.path(), &["--port", "0"]);
    let mut events = Events::open(&served.base).await;

    // The no-JavaScript form post, as a browser sends it.
    let seen_on = yesterday();
    let form = [
        ("reporter", "taxi-driver"),
        ("indicators", "taxi-odd-hours"),
        ("area", "city-centre"),
        ("seen_on", seen_on.as_str()),
        ("what_happened", "Two teenagers were picked up at 3am."),
        ("lang", "en"),
    ];
    let response = reqwest::Client::new()
        .post(format!("{}/api/reports/unverified", served.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{}", served.output());
    assert!(
        dir.path().join("content/.lookout/reports.redb").exists(),
        "the report went to the campaign's store"
    );

    let seen = events
        .read_until(Duration::from_secs(10), |s| s.contains("reload"))
        .await
        .to_string();
    assert!(
        !seen.contains("reload"),
        "a reload event within 10 s of a report: {seen}\n{}",
        served.output()
    );
    assert!(
        !served.output().contains("rebuilt"),
        "rebuilt within 10 s of a report:\n{}",
        served.output()
    );

    // The same watcher does see an author's change, so the quiet above means something.
    let home = dir.path().join("content/pages/_index.md");
    let text = std::fs::read_to_string(&home).unwrap();
    std::fs::write(&home, format!("{text}\nA new line.\n")).unwrap();
    let seen = events
        .read_until(Duration::from_secs(60), |s| s.contains("reload"))
        .await;
    assert!(seen.contains("reload"), "no reload after an edit: {seen}");
    assert!(served.wait_for_output("rebuilt", Duration::from_secs(5)));
}
