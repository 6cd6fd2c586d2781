//! The search index holds each page's title, address, description and text, as JSON the
//! search page can read whatever the text holds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use common::{Build, Config, TempCampaign};
use time::macros::datetime;

#[test]
fn the_index_holds_each_page_s_words_escaped_and_cut_at_the_limit() {
    let campaign = TempCampaign::new(&Config::english());
    campaign.write("pages/_index.md", "---\ntitle: Home\n---\nHi.\n");
    campaign.write(
        "pages/quotes.md",
        "---\ntitle: Quotes\ndescription: A \"said\" page\n---\n# Said\n\nShe said \"stop\" \\ & left.\n\nTab\there, and `code`.\n",
    );
    campaign.write(
        "pages/long.md",
        format!("---\ntitle: Long\n---\n{}\n", "word ".repeat(1000)),
    );
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();

    let index: Vec<serde_json::Value> =
        serde_json::from_str(&campaign.read_out("search/index.json")).expect("JSON");
    let entry = |url: &str| {
        index
            .iter()
            .find(|e| e["u"] == url)
            .unwrap_or_else(|| panic!("{url} in {index:?}"))
    };
    let quotes = entry("/quotes/");
    assert_eq!(quotes["t"], "Quotes");
    assert_eq!(quotes["d"], "A \"said\" page");
    // Smart punctuation curls the quotes; the backslash is kept.
    assert_eq!(
        quotes["x"],
        "Said She said \u{201c}stop\u{201d} \\ & left. Tab here, and code."
    );
    // A page's first 1,500 characters are enough to find it by.
    let long = entry("/long/")["x"].as_str().unwrap().chars().count();
    assert_eq!(long, 1500);
}
