//! `check` tells the team what each language still needs: stubs, translations older than
//! their original, text not yet reviewed by a native speaker, and strings and form text shown
//! in another language; the translators' hand-off list says the same.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use common::{Build, Config, TempCampaign};
use lookout_site::check::{check, handoff};
use time::OffsetDateTime;

fn now() -> OffsetDateTime {
    time::macros::datetime!(2026-11-24 12:00 UTC)
}

fn campaign() -> TempCampaign {
    let campaign = TempCampaign::new(
        &Config::english()
            .language("pl", "Polski", "T")
            .language("de", "Deutsch", "T")
            .audience(
                "taxi-drivers",
                &[("en", "Taxi drivers"), ("pl", "Taksówkarze")],
                None,
            ),
    );
    let page = |title: &str, extra: &str| format!("---\ntitle: {title}\n{extra}---\nText.\n");
    campaign.write("pages/_index.md", page("Home", ""));
    campaign.write("pages/_index.pl.md", page("Start", ""));
    campaign.write("pages/_index.de.md", page("Start", ""));
    campaign.write("pages/report.md", page("Report", "form: report\n"));
    campaign.write("pages/report.pl.md", page("Zgłoś", "form: report\n"));
    campaign.write("pages/report.de.md", page("Melden", "form: report\n"));
    campaign.write(
        "pages/about.md",
        page("About", "date: 2026-11-01\nupdated: 2026-11-20\n"),
    );
    campaign.write(
        "pages/about.pl.md",
        page("O nas", "date: 2026-11-01\ntranslation: unreviewed\n"),
    );
    campaign.write(
        "pages/about.de.md",
        page("About", "date: 2026-11-01\ntranslation: needed\n"),
    );
    campaign.write(
        "i18n/pl.yaml",
        "home: {text: \"Strona główna\", translation: unreviewed}\nnews: Aktualności\n",
    );
    campaign
}

#[test]
fn each_language_is_told_what_it_still_needs() {
    let campaign = campaign();
    let root = campaign.root();
    let report = check(root, now()).unwrap();
    let found: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let path = f.path.strip_prefix(root).unwrap_or(&f.path);
            format!("{}:{}: {}", path.display(), f.line.unwrap_or(0), f.message)
        })
        .collect();
    let has = |needle: &str| {
        assert!(
            found.iter().any(|f| f.contains(needle)),
            "no {needle:?} in\n{}",
            found.join("\n")
        )
    };
    has("pages/about.de.md:1: not translated yet (translation: needed)");
    has("pages/about.pl.md:1: older than its original");
    has("(changed 2026-11-20, this translation 2026-11-01)");
    has(
        "pages/about.pl.md:4: page marked translation: unreviewed: not yet reviewed by a native speaker of Polski (pl)",
    );
    has("i18n/pl.yaml:1: interface string `home` marked translation: unreviewed");
    // German has no theme strings: every one is shown in English. Polish has them all.
    has("i18n/de.yaml:0: Deutsch (de) has no text for");
    assert!(
        !found
            .iter()
            .any(|f| f.contains("Polski (pl) has no text for")),
        "{}",
        found.join("\n")
    );
    // The example questionnaire is in English, Polish and Urdu: German form text falls back.
    has("questionnaire.yaml:");
    has("form texts (questions[0].label");
    // Named at the line of the first audience's `name`.
    let config = std::fs::read_to_string(root.join("config.yaml")).unwrap();
    let name = 1 + config.lines().position(|l| l.trim() == "name:").unwrap();
    has(&format!(
        "config.yaml:{name}: Deutsch (de) has no text for 1 audience name (audiences[0].name)"
    ));
    assert_eq!(report.errors(), 0, "{}", found.join("\n"));

    let list = handoff::markdown("T", &report.translations);
    assert!(list.contains("## Deutsch (de)"), "{list}");
    assert!(
        list.contains("- [ ] `") && list.contains("about.de.md` (from `"),
        "{list}"
    );
    assert!(
        list.contains("| `exit_this_page` | Exit this page |"),
        "{list}"
    );
    assert!(
        list.contains("| `questions[0].label` | Who are you reporting as? |"),
        "{list}"
    );
    assert!(list.contains("### To review by a native speaker"), "{list}");
    assert!(list.contains("### Pages to bring up to date"), "{list}");
}

#[test]
fn a_stub_is_left_out_unless_drafts_are_built() {
    let campaign = campaign();
    let plain = campaign.build_at(now()).unwrap();
    assert!(!campaign.out().join("de/about/index.html").exists());
    assert!(plain.held.iter().any(|(p, _)| p.ends_with("about.de.md")));
    let drafts = lookout_site::BuildOptions {
        root: campaign.root().to_path_buf(),
        out: campaign.out(),
        drafts: true,
        ..Default::default()
    };
    lookout_site::build_at(&drafts, now()).unwrap();
    assert!(campaign.out().join("de/about/index.html").exists());
}

#[test]
fn the_default_language_may_be_written_out_as_zola_allows() {
    let campaign = campaign();
    campaign.write("pages/news.en.md", "---\ntitle: News\n---\nText.\n");
    campaign.write("pages/news.pl.md", "---\ntitle: Aktualności\n---\nTekst.\n");
    campaign.build_at(now()).unwrap();
    let english = campaign.read_out("news/index.html");
    assert!(
        english.contains("hreflang=\"pl\" href=\"https://t.example/pl/news/\""),
        "{english}"
    );
    assert!(
        campaign
            .read_out("pl/news/index.html")
            .contains("Aktualności")
    );
    let report = check(campaign.root(), now()).unwrap();
    let missing: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.message.contains("news"))
        .map(ToString::to_string)
        .collect();
    // German is missing: the file to add is news.de.md, not news.en.de.md.
    assert!(
        missing
            .iter()
            .any(|f| f.contains("add ") && f.ends_with("news.de.md")),
        "{missing:?}"
    );

    campaign.write("pages/news.md", "---\ntitle: News again\n---\n");
    let error = campaign.build_at(now()).unwrap_err().to_string();
    assert!(
        error.contains("news.md") && error.contains("news.en.md") && error.contains("keep one"),
        "{error}"
    );
}

#[test]
fn dates_are_shown_in_each_language_s_own_words() {
    let campaign = campaign();
    campaign.build_at(now()).unwrap();
    let polish = campaign.read_out("pl/about/index.html");
    assert!(
        polish.contains("<time datetime=\"2026-11-01\">1 listopada 2026</time>"),
        "{polish}"
    );
    let english = campaign.read_out("about/index.html");
    assert!(english.contains(">1 November 2026</time>"), "{english}");
    assert!(
        english.contains(">20 November 2026</time>"),
        "updated too: {english}"
    );
}

#[test]
fn check_follows_the_audiences_listed() {
    let campaign = campaign();
    let report = check(campaign.root(), now()).unwrap();
    let found: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    // The example questionnaire has signs for three groups; this campaign's one audience
    // draws on none of them.
    for group in ["taxi-driver", "hotel-staff", "door-staff"] {
        assert!(
            found.iter().any(|f| f.contains(&format!(
                "signs for `{group}` are on the report form but on no poster"
            ))),
            "{group}: {}",
            found.join("\n")
        );
    }
}
