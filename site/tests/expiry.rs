//! Expiry that cannot get stuck: an expired page takes its translations with it, links to it
//! keep their text (or lead to its `replaced_by`), its address redirects to the replacement,
//! and `check` warns instead of failing; a page still to appear is linked only once it is
//! there; `check` warns a week ahead of an expiry, naming the pages that link to it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::path::Path;

use common::{Build, Config, TempCampaign};
use lookout_site::check::{CheckReport, Severity, check};
use time::OffsetDateTime;
use time::macros::datetime;

fn config() -> Config {
    Config::english()
        .language("pl", "Polski", "T")
        .menu(&["/", "/signs/"])
        .time_zone("Europe/London")
}

/// Home and a news page link to `/signs/` (expiring 2027-02-01, translated) and to `/soon/`
/// (appearing 2027-03-01); `/old-help/` expired already and names `/help/` to replace it.
fn campaign() -> TempCampaign {
    let campaign = TempCampaign::new(&config());
    campaign.write(
        "pages/_index.md",
        "---\ntitle: Home\n---\nRead [the signs](/signs/) and [what is coming](/soon/).\n\nOr [old help](/old-help/#call).\n",
    );
    campaign.write(
        "pages/_index.pl.md",
        "---\ntitle: Start\n---\nZobacz [znaki](/pl/signs/) i [pomoc](/pl/old-help/).\n",
    );
    campaign.write(
        "pages/news.md",
        "---\ntitle: News\n---\nThe [signs page](../signs/) has moved on.\n\n<a href=\"/signs/\">html link</a>\n",
    );
    campaign.write(
        "pages/signs.md",
        "---\ntitle: Signs\nexpires_at: 2027-02-01 09:00\n---\nOld helpline.\n",
    );
    campaign.write(
        "pages/signs.pl.md",
        "---\ntitle: Znaki\n---\nStary numer.\n",
    );
    campaign.write(
        "pages/soon.md",
        "---\ntitle: Soon\npublish_at: 2027-03-01\n---\nNew.\n",
    );
    campaign.write(
        "pages/old-help.md",
        "---\ntitle: Old help\nexpires_at: 2027-01-01\nreplaced_by: /help\n---\nOld.\n",
    );
    campaign.write(
        "pages/old-help.pl.md",
        "---\ntitle: Stara pomoc\n---\nStara.\n",
    );
    campaign.write("pages/help.md", "---\ntitle: Help\n---\nNew help.\n");
    campaign.write("pages/help.pl.md", "---\ntitle: Pomoc\n---\nNowa pomoc.\n");
    campaign
}

fn messages(report: &CheckReport, root: &Path, severity: Severity) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| {
            let path = f.path.strip_prefix(root).unwrap_or(&f.path);
            format!("{}:{}: {}", path.display(), f.line.unwrap_or(0), f.message)
        })
        .collect()
}

const AFTER: OffsetDateTime = datetime!(2027-02-02 12:00 UTC);

#[test]
fn an_expired_page_and_its_translations_go_and_links_to_it_keep_their_text() {
    let campaign = campaign();
    let report = campaign.build_at(AFTER).unwrap();
    let out = campaign.out();
    for gone in ["signs", "pl/signs", "soon"] {
        assert!(!out.join(gone).exists(), "/{gone}/ still built");
    }
    let sitemap = campaign.read_out("sitemap.xml");
    assert!(!sitemap.contains("/signs/"), "{sitemap}");
    let home = campaign.read_out("index.html");
    assert!(
        home.contains("Read the signs and what is coming."),
        "{home}"
    );
    assert!(!home.contains("href=\"/signs/\""), "{home}");
    assert!(!home.contains("href=\"/soon/\""), "{home}");
    assert!(home.contains("<a href=\"/help/\">old help</a>"), "{home}");
    let polish = campaign.read_out("pl/index.html");
    assert!(
        polish.contains("Zobacz znaki i <a href=\"/pl/help/\">pomoc</a>"),
        "{polish}"
    );
    let news = campaign.read_out("news/index.html");
    assert!(news.contains("The signs page has moved on."), "{news}");
    // The expired page's addresses lead on to its replacement, in each language.
    assert!(
        campaign
            .read_out("old-help/index.html")
            .contains("url=/help/")
    );
    assert!(
        campaign
            .read_out("pl/old-help/index.html")
            .contains("url=/pl/help/")
    );
    for held in ["signs.md", "signs.pl.md", "old-help.pl.md"] {
        assert!(
            report.held.iter().any(|(p, _)| p.ends_with(held)),
            "{held} not said to be left out: {:?}",
            report.held
        );
    }
}

#[test]
fn check_warns_about_links_to_pages_the_clock_keeps_out_and_never_fails_on_them() {
    let campaign = campaign();
    let root = campaign.root();
    let report = check(root, AFTER).unwrap();
    let errors = messages(&report, root, Severity::Error);
    assert!(errors.is_empty(), "{errors:#?}");
    let warnings = messages(&report, root, Severity::Warning).join("\n");
    // Named at the `menu` key's line.
    let menu = 1 + config()
        .yaml()
        .lines()
        .position(|l| l.starts_with("menu:"))
        .unwrap();
    let menu_warning = format!("config.yaml:{menu}: menu: /signs/ is expired since 2027-02-01");
    for expected in [
        "pages/_index.md:4: link to /signs/: /signs/ expired on 2027-02-01 (expires_at of",
        "so the link shows its text alone: remove it, or name a page in replaced_by",
        "pages/_index.md:4: link to /soon/: /soon/ appears on 2027-03-01",
        "pages/_index.md:6: link to /old-help/#call: /old-help/ expired on 2027-01-01",
        "so the link leads to /help/ (replaced_by) instead",
        "pages/news.md:6: link to /signs/: /signs/ expired on 2027-02-01",
        "this HTML link now leads nowhere: edit it",
        &menu_warning,
    ] {
        assert!(
            warnings.contains(expected),
            "missing {expected:?} in\n{warnings}"
        );
    }
}

#[test]
fn check_warns_a_week_ahead_of_an_expiry_naming_the_pages_that_link_to_it() {
    let campaign = campaign();
    let root = campaign.root();
    let before = check(root, datetime!(2027-01-26 12:00 UTC)).unwrap();
    let warnings = messages(&before, root, Severity::Warning).join("\n");
    let expected = "pages/signs.md:3: `pages/signs.md` expires on 2027-02-01 09:00 (Europe/London); 3 pages link to it: pages/_index.md, pages/_index.pl.md, pages/news.md; those links will show their text alone";
    assert!(
        warnings.contains(expected),
        "missing {expected:?} in\n{warnings}"
    );
    assert_eq!(before.upcoming.len(), 1, "{:?}", before.upcoming);

    let markdown = lookout_site::check::ahead::markdown(
        "T",
        &before.upcoming,
        datetime!(2027-01-26 12:00 UTC),
        "Europe/London",
    );
    assert!(
        markdown.contains("| 2027-02-01 09:00 (Europe/London) | `pages/signs.md` | taken down; links to it show their text alone | `pages/_index.md`, `pages/_index.pl.md`, `pages/news.md` |"),
        "{markdown}"
    );

    let too_early = check(root, datetime!(2027-01-24 12:00 UTC)).unwrap();
    assert!(too_early.upcoming.is_empty(), "{:?}", too_early.upcoming);
    let early = messages(&too_early, root, Severity::Warning).join("\n");
    assert!(!early.contains("expires on"), "{early}");
}

/// A scheduled swap: a new page takes over the expired page's address (`aliases:`) while the
/// expired page names a replacement too. The build at the moment of expiry does not stop on
/// two files at one address: the live page's alias wins.
#[test]
fn a_live_alias_at_an_expired_address_wins_over_its_redirect() {
    let campaign = campaign();
    campaign.write(
        "pages/help.md",
        "---\ntitle: Help\naliases: [/old-help/]\n---\nNew help.\n",
    );
    campaign.write(
        "pages/old-help.md",
        "---\ntitle: Old help\nexpires_at: 2027-01-01\nreplaced_by: /signs\n---\nOld.\n",
    );
    campaign.build_at(datetime!(2027-01-02 12:00 UTC)).unwrap();
    let redirect = campaign.read_out("old-help/index.html");
    assert!(redirect.contains("url=/help/"), "{redirect}");
}
