//! `lookout check` end to end: the example campaign passes; errors name file and line and fail
//! the command; warnings are printed but do not.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{TempCampaign, lookout, standard_campaign, stderr};

fn check(root: &Path) -> Output {
    lookout(&["check", "--root", &root.to_string_lossy()])
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `<root>/pages/<file>:<line>: <severity>: `, as the command prints it.
fn at(campaign: &TempCampaign, file: &str, line: usize, severity: &str) -> String {
    format!(
        "{}:{line}: {severity}: ",
        campaign.root().join("pages").join(file).display()
    )
}

#[test]
fn the_products_example_campaign_passes() {
    let output = check(&common::product_example());
    let out = stdout(&output);
    assert!(
        output.status.success(),
        "check failed:\n{out}\n{}",
        stderr(&output)
    );
    assert!(out.contains(": 0 errors, "), "{out}");
    assert!(!out.contains(": error: "), "{out}");
}

#[test]
fn broken_links_and_missing_alt_are_errors_and_an_expired_page_a_warning_with_file_and_line() {
    let campaign = standard_campaign();
    campaign.write(
        "pages/signs.md",
        "---\ntitle: Signs\n---\n# Signs\n\nRead [about us](/about/) and [what to do](/what-to-do/).\n\n![](/poster.png)\n\nSee [the list](/about/#no-such-heading).\n",
    );
    campaign.write(
        "pages/winter.md",
        "---\ntitle: Winter campaign\ndescription: Last year's\nexpires_at: 2001-01-01\n---\nOver.\n",
    );
    let output = check(campaign.root());
    let out = stdout(&output);
    assert!(!output.status.success(), "check passed:\n{out}");
    for (expected, what) in [
        (
            at(&campaign, "signs.md", 6, "error"),
            "broken link to /what-to-do/",
        ),
        (
            at(&campaign, "signs.md", 8, "error"),
            "image /poster.png has no alt text",
        ),
        (
            at(&campaign, "signs.md", 8, "error"),
            "broken image /poster.png",
        ),
        (
            at(&campaign, "signs.md", 10, "error"),
            "has no heading or element with id `no-such-heading`",
        ),
        (
            at(&campaign, "winter.md", 4, "warning"),
            "expired on 2001-01-01",
        ),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&expected) && l.contains(what)),
            "no line starting {expected:?} and containing {what:?} in:\n{out}"
        );
    }
    assert!(out.contains(": 4 errors, "), "{out}");
    assert!(
        stderr(&output).contains("4 errors to fix"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn missing_translation_and_hard_page_are_warnings_only() {
    let campaign = standard_campaign();
    // `about` has a Polish translation, so its section should have `signs` in Polish too.
    let hard = "Notwithstanding organisational considerations, multidisciplinary safeguarding \
                partnerships systematically disseminate comprehensive institutional \
                documentation concerning exploitation indicators. ";
    campaign.write(
        "pages/signs.md",
        format!("---\ntitle: Signs\n---\nIntro.\n\n{}\n", hard.repeat(5)),
    );
    let output = check(campaign.root());
    let out = stdout(&output);
    assert!(
        output.status.success(),
        "warnings failed the check:\n{out}\n{}",
        stderr(&output)
    );
    let missing = campaign.root().join("pages/signs.pl.md");
    assert!(
        out.lines()
            .any(|l| l.starts_with(&at(&campaign, "signs.md", 1, "warning"))
                && l.contains("no Polski (pl) translation")
                && l.ends_with(&missing.display().to_string())),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with(&at(&campaign, "signs.md", 6, "warning"))
                && l.contains("Flesch–Kincaid grade")
                && l.contains("maximum of 9")),
        "{out}"
    );
    assert!(out.contains(": 0 errors, "), "{out}");
}

#[test]
fn a_campaign_that_does_not_load_is_an_error_naming_the_file() {
    let campaign = standard_campaign();
    campaign.write("pages/bad.md", "---\ntitle: Bad\ncolour: red\n---\n");
    let output = check(campaign.root());
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("bad.md:3: ") && err.contains("colour"),
        "{err}"
    );
}
