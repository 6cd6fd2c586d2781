//! Two things for one address (a page where the generator puts its search page, an alias on
//! another page) stop the build naming the address, and leave the published site alone; a
//! rebuild in `lookout serve` refuses the same and keeps the last good site.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use common::{Build, Config, TempCampaign};
use lookout_site::{BuildOptions, Rebuilder};
use time::macros::datetime;

#[test]
fn a_page_at_a_generated_address_fails_the_build_and_the_rebuild() {
    let campaign = TempCampaign::new(&Config::english());
    campaign.write("pages/_index.md", "---\ntitle: Home\n---\n");
    campaign.write("pages/old.md", "---\ntitle: Old\n---\n");
    let now = datetime!(2027-01-01 00:00 UTC);
    let options = BuildOptions {
        root: campaign.root().to_path_buf(),
        out: campaign.out(),
        drafts: false,
        live_reload: true,
        ..BuildOptions::default()
    };
    let (mut rebuilder, _) = Rebuilder::start(options, now).expect("a clean campaign builds");
    let good = campaign.read_out("index.html");

    campaign.write("pages/news.md", "---\ntitle: News\naliases: [/old/]\n---\n");
    let err = rebuilder
        .rebuild(["pages/news.md".into()], now, &|| false)
        .expect_err("an alias over a page is refused")
        .to_string();
    assert!(
        err.contains("old/index.html") && err.contains("two things would be written"),
        "{err}"
    );
    assert!(
        !campaign.out().join("news").exists(),
        "the refused rebuild wrote the page"
    );

    let err = campaign
        .build_at(now)
        .expect_err("and so is a full build")
        .to_string();
    assert!(
        err.contains("old/index.html") && err.contains("two things would be written"),
        "{err}"
    );
    assert_eq!(
        campaign.read_out("index.html"),
        good,
        "the failed build touched the site"
    );

    campaign.write("pages/search.md", "---\ntitle: Search\n---\n");
    std::fs::remove_file(campaign.root().join("pages/news.md")).unwrap();
    let err = campaign
        .build_at(now)
        .expect_err("a page over the search page")
        .to_string();
    assert!(err.contains("search/index.html"), "{err}");
}
