//! `check` on small campaigns on disk: a clean one has no findings, and each kind of problem
//! is reported in the file and on the line where it can be fixed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::path::Path;

use common::{Config, TempCampaign};
use lookout_site::check::{CheckReport, Finding, check};
use time::OffsetDateTime;

/// English and Polish, a menu, the three trades and a reading-level limit.
fn config() -> Config {
    Config::english()
        .language("pl", "Polski", "T")
        .menu(&["/", "/about/"])
        .audience(
            "taxi-drivers",
            &[("en", "Taxi drivers"), ("pl", "Taksówkarze")],
            Some("taxi-driver"),
        )
        .audience(
            "hoteliers",
            &[("en", "Hotels"), ("pl", "Hotele")],
            Some("hotel-staff"),
        )
        .audience(
            "door-staff",
            &[("en", "Door staff"), ("pl", "Ochrona")],
            Some("door-staff"),
        )
        .more("check:\n  max_reading_grade: 8\n")
}

/// A campaign on disk: [`config`], the fixture's questionnaire, a leaflet, `pages`.
fn campaign(pages: &[(&str, &str)]) -> TempCampaign {
    let campaign = TempCampaign::new(&config());
    campaign.write("static/leaflet.pdf", b"%PDF");
    for (path, text) in pages {
        campaign.write(&format!("pages/{path}"), text);
    }
    campaign
}

fn now() -> OffsetDateTime {
    time::macros::datetime!(2026-11-24 12:00 UTC)
}

fn lines(report: &CheckReport, root: &Path) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            let f = Finding {
                path: f.path.strip_prefix(root).unwrap_or(&f.path).to_path_buf(),
                ..f.clone()
            };
            f.to_string()
        })
        .collect()
}

#[test]
fn a_clean_campaign_has_no_findings() {
    let dir = campaign(&[
        (
            "_index.md",
            "---\ntitle: Home\n---\nSee [about](/about/#who-we-are), [the leaflet](/leaflet.pdf), [the posters](/posters/taxi-drivers/) and [help](/help/).\n\n{{ report_button() }}\n",
        ),
        (
            "about.md",
            "---\ntitle: About\naliases: [/help/]\n---\n## Who we are\n\nWe help. Read [the home page](../) or [this part](#who-we-are).\n\n<img src=\"/leaflet.pdf\" alt=\"\">\n",
        ),
        (
            "report.md",
            "---\ntitle: Report\nform: report\n---\nTell us.\n",
        ),
    ]);
    let report = check(dir.root(), now()).unwrap();
    assert_eq!(lines(&report, dir.root()), Vec::<String>::new());
    assert_eq!(report.pages, 3);
    assert_eq!(report.readings.len(), 3);
}

#[test]
fn reports_each_problem_with_its_file_and_line() {
    let dir = campaign(&[
        (
            "_index.md",
            "---\ntitle: Home\n---\nIntro.\n\n[Gone](/gone/) and [bad anchor](/about/#nope).\n\n![](/leaflet.pdf)\n\n<img src=\"/missing.png\">\n\n[Draft](/draft/)\n",
        ),
        (
            "about.md",
            "---\ntitle: About\n---\n## Who we are\n\nText.\n",
        ),
        ("about.pl.md", "---\ntitle: O nas\n---\nTekst.\n"),
        (
            "old.md",
            "---\ntitle: Old\ndescription: x\nexpires_at: 2026-01-01\n---\nOld news.\n",
        ),
        ("draft.md", "---\ntitle: Draft\ndraft: true\n---\nSoon.\n"),
    ]);
    let config = config().menu(&["/", "/about/", "/nowhere/"]).yaml();
    dir.write("config.yaml", &config);
    // Named at the `menu` key's line.
    let menu = 1 + config.lines().position(|l| l.starts_with("menu:")).unwrap();
    let menu_error = format!("config.yaml:{menu}: error: menu: /nowhere/ is not a live page");
    let report = check(dir.root(), now()).unwrap();
    let found = lines(&report, dir.root());
    let expect = [
        "pages/_index.md:1: warning: no Polski (pl) translation, though other pages in this section have one: add ",
        "pages/_index.md:6: error: broken link to /gone/: there is no page or file there",
        "pages/_index.md:6: error: broken link to /about/#nope: /about/ has no heading or element with id `nope` (its headings are #who-we-are)",
        "pages/_index.md:8: error: image /leaflet.pdf has no alt text",
        "pages/_index.md:10: error: <img src=\"/missing.png\"> has no alt attribute",
        "pages/_index.md:10: error: broken image /missing.png: there is no page or file there",
        "pages/_index.md:12: error: broken link to /draft/: /draft/ is left out of the build (draft)",
        "pages/old.md:4: warning: the page expired on 2026-01-01",
        &menu_error,
    ];
    for expected in expect {
        let expected = expected.replace("pages/", &format!("pages{}", std::path::MAIN_SEPARATOR));
        assert!(
            found.iter().any(|f| f.starts_with(&expected)),
            "missing {expected:?} in\n{}",
            found.join("\n")
        );
    }
    assert!(report.has_errors());
    assert_eq!(report.warnings(), 2, "{}", found.join("\n"));
    assert!(
        found
            .iter()
            .any(|f| f.contains("warning") && f.ends_with("_index.pl.md")),
        "{}",
        found.join("\n")
    );
    assert_eq!(report.errors(), 7, "{}", found.join("\n"));
}

#[test]
fn hard_english_pages_get_a_warning_and_easy_ones_do_not() {
    let hard = "Notwithstanding organisational considerations, multidisciplinary safeguarding partnerships systematically disseminate comprehensive institutional documentation concerning exploitation indicators. ";
    let easy = "You do not have to be sure. Tell us what you saw. We will look at it. ";
    let dir = campaign(&[
        (
            "_index.md",
            &format!("---\ntitle: Home\n---\nIntro.\n\n{}\n", easy.repeat(6)),
        ),
        (
            "about.md",
            &format!("---\ntitle: About\n---\nIntro.\n\n{}\n", hard.repeat(4)),
        ),
    ]);
    let report = check(dir.root(), now()).unwrap();
    let found = lines(&report, dir.root());
    let warnings: Vec<&String> = found
        .iter()
        .filter(|f| f.contains("hard to read"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", found.join("\n"));
    assert!(
        warnings[0].contains("about.md:6: warning: hard to read: Flesch–Kincaid grade"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("maximum of 8"), "{}", warnings[0]);
    assert!(!report.has_errors(), "{}", found.join("\n"));
}
