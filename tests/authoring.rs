//! The communications team's first hour, as a new user types it: `lookout init`, `cd` into the
//! campaign, `lookout new`, `lookout build --drafts`, `lookout serve`, with no `--root`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::serve::Served;

/// `lookout ARGS` run in `cwd`.
fn lookout_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the lookout binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn init_new_build_and_serve_from_inside_the_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let made = lookout_in(dir.path(), &["init", "c", "--languages", "en,pl"]);
    assert!(made.status.success(), "{}", text(&made));
    let c = dir.path().join("c");

    let new = lookout_in(&c, &["new", "news/winter-campaign", "--languages", "pl"]);
    assert!(new.status.success(), "{}", text(&new));
    let page = std::fs::read_to_string(c.join("pages/news/winter-campaign.md")).unwrap();
    assert!(page.starts_with("---\ntitle: Winter campaign\n"), "{page}");
    assert!(
        page.contains("\ndraft: true\n") && page.contains("\ndate: 20"),
        "{page}"
    );
    let stub = std::fs::read_to_string(c.join("pages/news/winter-campaign.pl.md")).unwrap();
    assert!(stub.contains("\ntranslation: needed\n"), "{stub}");
    assert!(
        c.join("pages/news/_index.md").is_file(),
        "the section is made"
    );

    let drafts = lookout_in(&c, &["build", "--drafts"]);
    assert!(drafts.status.success(), "{}", text(&drafts));
    assert!(c.join("public/news/winter-campaign/index.html").is_file());
    assert!(
        c.join("public/pl/news/winter-campaign/index.html")
            .is_file()
    );
    // Without --drafts, the draft and the stub stay out, and the build says why.
    let plain = lookout_in(&c, &["build"]);
    assert!(plain.status.success(), "{}", text(&plain));
    assert!(!c.join("public/news/winter-campaign").exists());
    assert!(!c.join("public/pl/news/winter-campaign").exists());
    assert!(
        text(&plain).contains("winter-campaign.pl.md (a translation stub"),
        "{}",
        text(&plain)
    );

    // `check` lists the stub for the translator.
    let checked = lookout_in(&c, &["check"]);
    assert!(
        text(&checked).contains("winter-campaign.pl.md"),
        "{}",
        text(&checked)
    );

    // `lookout serve` from a folder inside the campaign finds it.
    let served = Served::start(&c.join("pages/news"), &["--port", "0", "--drafts"]);
    let home = reqwest::get(format!("{}/", served.base)).await.unwrap();
    assert_eq!(home.status(), 200, "{}", served.output());
    let body = reqwest::get(format!("{}/news/winter-campaign/", served.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Winter campaign"), "{body}");
    drop(served);

    // --root in any position, the triage commands included.
    for args in [
        &["reports", "--root", "c", "list"][..],
        &["reports", "list", "--root", "c"][..],
        &["build", "--root", "c", "--out", "elsewhere"][..],
    ] {
        let run = lookout_in(dir.path(), args);
        assert!(run.status.success(), "{args:?}: {}", text(&run));
    }
}

#[test]
fn new_refuses_what_the_campaign_does_not_list_naming_config_yaml() {
    let dir = tempfile::tempdir().unwrap();
    assert!(lookout_in(dir.path(), &["init", "c"]).status.success());
    let c = dir.path().join("c");
    let german = lookout_in(&c, &["new", "about", "--languages", "de"]);
    assert!(!german.status.success());
    assert!(
        text(&german).contains("`de`") && text(&german).contains("config.yaml"),
        "{}",
        text(&german)
    );
    let pilots = lookout_in(&c, &["new", "about", "--audiences", "pilots"]);
    assert!(!pilots.status.success());
    assert!(
        text(&pilots).contains("`pilots`") && text(&pilots).contains("config.yaml"),
        "{}",
        text(&pilots)
    );
    assert!(!c.join("pages/about.md").exists(), "nothing half-made");
    let again = lookout_in(&c, &["new", "report"]);
    assert!(
        !again.status.success(),
        "an existing page is never replaced"
    );
}

#[test]
fn outside_a_campaign_the_error_says_what_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let built = lookout_in(dir.path(), &["build"]);
    assert!(!built.status.success());
    let message = text(&built);
    assert!(
        message.contains("config.yaml")
            && message.contains("pages/")
            && message.contains("./content"),
        "{message}"
    );
    // From a folder holding `content/` (the repository root), the README's command works.
    common::serve::copy_campaign(&common::fixture_campaign(), &dir.path().join("content"));
    let built = lookout_in(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", text(&built));
    assert!(dir.path().join("public/index.html").is_file());
}
