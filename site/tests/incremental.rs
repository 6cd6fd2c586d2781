//! `lookout serve`'s incremental rebuilds write, byte for byte, what a clean build writes: after
//! any sequence of edits (pages and translations added, changed and deleted, dates, drafts,
//! schedules, replacements and audiences changed, a page broken and mended, a template, a string file, a
//! static file or the config changed, the clock moved past a schedule), with the same options
//! and the same clock. Bounded cases, so it stays a few seconds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{Config, TempCampaign};
use lookout_site::{BuildOptions, Outcome, Rebuilder, build_at};
use proptest::prelude::*;
use time::{Duration, OffsetDateTime, macros::datetime};

const START: OffsetDateTime = datetime!(2027-01-01 00:00 UTC);

/// Where a page may be: plain pages, a section and its pages, audiences' own pages, the menu.
const SLOTS: [&str; 7] = [
    "signs",
    "news/_index",
    "news/launch",
    "news/winter",
    "taxi-drivers",
    "hoteliers",
    "get-help",
];
const LANGUAGES: [&str; 3] = ["en", "pl", "ur"];
const AUDIENCES: [&str; 4] = ["taxi-drivers", "hoteliers", "public", "parents"];
const MOMENTS: [Option<&str>; 4] = [
    None,
    Some("2026-12-01"),
    Some("2027-01-20T12:00:00Z"),
    Some("2027-03-15"),
];

#[derive(Debug, Clone)]
struct Front {
    title: u8,
    date: Option<u8>,
    draft: bool,
    publish_at: usize,
    expires_at: usize,
    audiences: Vec<usize>,
    body: u8,
}

#[derive(Debug, Clone)]
enum Edit {
    Write {
        slot: usize,
        lang: usize,
        front: Front,
    },
    Delete {
        slot: usize,
        lang: usize,
    },
    Break {
        slot: usize,
    },
    Template(u8),
    Strings(u8),
    Static(u8),
    Config(u8),
    /// The clock moves on (no file changes): schedules may pass.
    Tick,
}

fn front() -> impl Strategy<Value = Front> {
    (
        0u8..3,
        proptest::option::of(0u8..3),
        proptest::bool::weighted(0.2),
        0..MOMENTS.len(),
        0..MOMENTS.len(),
        proptest::sample::subsequence((0..AUDIENCES.len()).collect::<Vec<_>>(), 0..3),
        0u8..3,
    )
        .prop_map(
            |(title, date, draft, publish_at, expires_at, audiences, body)| Front {
                title,
                date,
                draft,
                publish_at,
                expires_at,
                audiences,
                body,
            },
        )
}

fn edit() -> impl Strategy<Value = Edit> {
    let slot = 0..SLOTS.len();
    let lang = 0..LANGUAGES.len();
    prop_oneof![
        6 => (slot.clone(), lang.clone(), front())
            .prop_map(|(slot, lang, front)| Edit::Write { slot, lang, front }),
        2 => (slot.clone(), lang).prop_map(|(slot, lang)| Edit::Delete { slot, lang }),
        1 => slot.prop_map(|slot| Edit::Break { slot }),
        1 => (0u8..3).prop_map(Edit::Template),
        1 => (0u8..2).prop_map(Edit::Strings),
        1 => (0u8..2).prop_map(Edit::Static),
        1 => (0u8..3).prop_map(Edit::Config),
        1 => Just(Edit::Tick),
    ]
}

fn page_path(slot: usize, lang: usize) -> String {
    match lang {
        0 => format!("pages/{}.md", SLOTS[slot]),
        _ => format!("pages/{}.{}.md", SLOTS[slot], LANGUAGES[lang]),
    }
}

fn page_text(slot: usize, lang: usize, front: &Front) -> String {
    let mut text = format!(
        "---\ntitle: {} {} {}\n",
        SLOTS[slot], LANGUAGES[lang], front.title
    );
    if let Some(day) = front.date {
        text.push_str(&format!("date: 2026-11-0{}\n", day + 1));
    }
    if front.draft {
        text.push_str("draft: true\n");
    }
    if let Some(at) = MOMENTS[front.publish_at] {
        text.push_str(&format!("publish_at: {at}\n"));
    }
    if let Some(at) = MOMENTS[front.expires_at] {
        text.push_str(&format!("expires_at: {at}\n"));
        // Some expiring pages name a replacement: links to them and their address lead there.
        if front.title == 1 {
            text.push_str("replaced_by: /get-help/\n");
        }
    }
    let audiences: Vec<&str> = front.audiences.iter().map(|a| AUDIENCES[*a]).collect();
    text.push_str(&format!("audiences: [{}]\n---\n", audiences.join(", ")));
    text.push_str(match front.body {
        0 => "Some words.\n",
        1 => "# Heading\n\nSee [the signs](/signs/).\n\n{{ emergency() }}\n",
        _ => "- one\n- two\n\n{% callout(title=\"Note\") %}Keep your code.{% end %}\n",
    });
    text
}

fn config(variant: u8) -> Config {
    let (title, menu): (&str, &[&str]) = match variant {
        0 => ("Spot the signs", &["/", "/taxi-drivers/", "/get-help/"]),
        1 => ("Spot them", &["/", "/signs/", "/news/"]),
        _ => ("Spot the signs", &["/get-help/"]),
    };
    let mut config = Config::english()
        .language("pl", "Polski", "Znaki")
        .language("ur", "اردو", "علامات")
        .menu(menu);
    config.languages[0].title = title.into();
    for id in AUDIENCES {
        config = config.audience(id, &[("en", id), ("pl", &format!("{id} pl"))], None);
    }
    config
}

/// Applies an edit to the campaign; returns the files it changed (relative) and the new clock.
fn apply(
    campaign: &TempCampaign,
    edit: &Edit,
    now: OffsetDateTime,
) -> (Vec<PathBuf>, OffsetDateTime) {
    let root = campaign.root();
    let changed = match edit {
        Edit::Write { slot, lang, front } => {
            let path = page_path(*slot, *lang);
            campaign.write(&path, page_text(*slot, *lang, front));
            path
        }
        Edit::Delete { slot, lang } => {
            let path = page_path(*slot, *lang);
            let _ = fs::remove_file(root.join(&path));
            path
        }
        Edit::Break { slot } => {
            let path = page_path(*slot, 0);
            campaign.write(&path, "---\ntitle: [unclosed\n---\n");
            path
        }
        Edit::Template(variant) => {
            let path = "templates/page.html";
            match variant {
                0 => {
                    let _ = fs::remove_file(root.join(path));
                }
                n => campaign.write(
                    path,
                    format!("{{% extends \"base.html\" %}}{{% block content %}}<h1>{n} {{{{ page.title }}}}</h1>{{{{ page.content | safe }}}}{{% endblock content %}}"),
                ),
            }
            path.to_string()
        }
        Edit::Strings(variant) => {
            let path = "i18n/pl.yaml";
            campaign.write(path, format!("search: Szukaj {variant}\n"));
            path.to_string()
        }
        Edit::Static(variant) => {
            let path = "static/leaflet.txt";
            campaign.write(path, format!("leaflet {variant}\n"));
            path.to_string()
        }
        Edit::Config(variant) => {
            campaign.write("config.yaml", config(*variant).yaml());
            "config.yaml".to_string()
        }
        Edit::Tick => return (Vec::new(), now + Duration::days(40)),
    };
    (vec![PathBuf::from(changed)], now)
}

/// Every file under `dir` by its path inside it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("read output folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside").to_string_lossy();
                files.insert(relative.into_owned(), fs::read(&path).expect("read"));
            }
        }
    }
    files
}

fn assert_same_tree(incremental: &Path, clean: &Path, step: usize) -> Result<(), TestCaseError> {
    let (a, b) = (tree(incremental), tree(clean));
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    prop_assert!(
        only_a.is_empty() && only_b.is_empty(),
        "step {step}: only in the incremental output {only_a:?}, only in the clean build {only_b:?}"
    );
    for (path, bytes) in &a {
        prop_assert!(
            bytes == &b[path],
            "step {step}: {path} differs from the clean build"
        );
    }
    Ok(())
}

fn start_campaign() -> TempCampaign {
    let campaign = TempCampaign::in_memory(&config(0));
    campaign.write("pages/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    let base = Front {
        title: 0,
        date: Some(1),
        draft: false,
        publish_at: 0,
        expires_at: 0,
        audiences: vec![0, 2],
        body: 1,
    };
    for (slot, lang) in [(0, 0), (0, 1), (1, 0), (2, 0), (2, 2), (4, 0), (6, 0)] {
        campaign.write(&page_path(slot, lang), page_text(slot, lang, &base));
    }
    campaign
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn incremental_output_is_a_clean_builds(
        edits in proptest::collection::vec(edit(), 1..8),
        drafts in proptest::bool::weighted(0.25),
    ) {
        let campaign = start_campaign();
        let clean_out = campaign.root().join("clean");
        let options = BuildOptions {
            root: campaign.root().to_path_buf(),
            out: campaign.out(),
            drafts,
            live_reload: true,
            ..BuildOptions::default()
        };
        let clean = BuildOptions { out: clean_out.clone(), ..options.clone() };
        let mut now = START;
        let (mut rebuilder, _) = Rebuilder::start(options, now).expect("the first build");
        for (step, edit) in edits.iter().enumerate() {
            let (changed, moved) = apply(&campaign, edit, now);
            now = moved;
            let incremental = rebuilder.rebuild(changed, now, &|| false);
            let full = build_at(&clean, now);
            match (&incremental, &full) {
                (Ok(Outcome::Superseded), _) => prop_assert!(false, "nothing superseded it"),
                (Ok(_), Ok(_)) => assert_same_tree(&campaign.out(), &clean_out, step)?,
                (Err(_), Err(_)) => {}
                _ => prop_assert!(
                    false,
                    "step {step} ({edit:?}): incremental {incremental:?}, clean {:?}",
                    full.map(|r| r.files)
                ),
            }
        }
    }
}

/// Naming a replacement for a page that expired already changes no live page's own file, yet
/// every link to it: the rebuild remakes the pages that link to it, as a clean build does.
#[test]
fn naming_a_replacement_for_an_expired_page_remakes_the_links_to_it() {
    let campaign = start_campaign();
    let expired = Front {
        title: 0,
        date: None,
        draft: false,
        publish_at: 0,
        expires_at: 1,
        audiences: vec![],
        body: 0,
    };
    campaign.write(&page_path(0, 0), page_text(0, 0, &expired));
    let clean_out = campaign.root().join("clean");
    let options = BuildOptions {
        root: campaign.root().to_path_buf(),
        out: campaign.out(),
        live_reload: true,
        ..BuildOptions::default()
    };
    let clean = BuildOptions {
        out: clean_out.clone(),
        ..options.clone()
    };
    let (mut rebuilder, _) = Rebuilder::start(options, START).expect("the first build");
    let replaced = Front {
        title: 1,
        ..expired
    };
    campaign.write(&page_path(0, 0), page_text(0, 0, &replaced));
    let outcome = rebuilder.rebuild([PathBuf::from(page_path(0, 0))], START, &|| false);
    assert!(matches!(outcome, Ok(Outcome::Rebuilt(_))), "{outcome:?}");
    build_at(&clean, START).expect("the clean build");
    assert_same_tree(&campaign.out(), &clean_out, 0).expect("the same site");
    let linking = fs::read_to_string(campaign.out().join("news/launch/index.html")).unwrap();
    assert!(
        linking.contains("<a href=\"/get-help/\">the signs</a>"),
        "{linking}"
    );
}
