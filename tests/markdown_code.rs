//! Markdown cannot carry code: raw HTML that runs, loads or sends something, and `javascript:`
//! links, fail `build` and `check` with the file and line; the HTML an author may write (to
//! format text) is built, through the sanitizer, with nothing that runs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use common::{Build, TempCampaign, lookout, standard_campaign, stderr};

/// Each construct the issue names, one a line from line 5 of `pages/report.md`.
const CONSTRUCTS: &[&str] = &[
    "<script src=\"/stats.js\"></script>",
    "<iframe src=\"/about/\"></iframe>",
    "<object data=\"/stats.swf\"></object>",
    "<embed src=\"/stats.swf\">",
    "<base href=\"https://elsewhere.example/\">",
    "<form action=\"https://elsewhere.example/\"><input name=q></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://elsewhere.example/\">",
    "<img src=\"/a.png\" alt=\"\" onerror=\"steal()\">",
    "<a href=\"javascript:steal()\">HTML link</a>",
    "[Markdown link](javascript:steal())",
    "<a href=\"&#106;ava&#x73;cript&colon;steal()\">hidden link</a>",
];

fn report_page_with(lines: &[&str]) -> TempCampaign {
    let campaign = standard_campaign();
    let body = lines.join("\n\n");
    campaign.write(
        "pages/report.md",
        format!("---\ntitle: Report\nform: report\n---\n{body}\n"),
    );
    campaign
}

#[test]
fn each_construct_that_carries_code_fails_build_and_check_with_its_line() {
    let campaign = report_page_with(CONSTRUCTS);
    let file = campaign.root().join("pages/report.md");
    let build = campaign.build();
    assert!(
        !build.status.success(),
        "the build accepted code in Markdown"
    );
    assert!(
        !campaign.out().join("report/index.html").exists(),
        "a page was written"
    );
    let check = lookout(&["check", "--root", &campaign.root().to_string_lossy()]);
    assert!(!check.status.success(), "check accepted code in Markdown");
    for (messages, tool) in [(stderr(&build), "build"), (stderr(&check), "check")] {
        for (i, construct) in CONSTRUCTS.iter().enumerate() {
            // Line 5 is the first body line; a blank line between constructs.
            let place = format!("{}:{}: ", file.display(), 5 + 2 * i);
            assert!(
                messages.contains(&place),
                "{tool} did not name {place} for {construct}:\n{messages}"
            );
        }
    }
}

#[test]
fn formatting_html_builds_and_the_page_holds_nothing_that_runs() {
    let campaign = report_page_with(&[
        "<details class=\"more\"><summary>Read more</summary><p>Signs <strong>to</strong> look for.</p></details>",
        "<p>Text <a href=\"/about/\" title=\"About\">about us</a> <img src=\"/a.png\" alt=\"A sign\"></p>",
        "{{ report_button() }}",
    ]);
    let output = campaign.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = campaign.read_out("report/index.html");
    assert!(
        page.contains("<details class=\"more\"><summary>Read more</summary>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/about/\" title=\"About\">about us</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a class=\"button\" href=\"/report/\">"),
        "{page}"
    );
    let main = page
        .split("<main")
        .nth(1)
        .and_then(|rest| rest.split("<form").next())
        .expect("the page's main before its form");
    for gone in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<base",
        "http-equiv",
        "onerror",
        "javascript:",
    ] {
        assert!(!main.contains(gone), "{gone} in {main}");
    }
}
