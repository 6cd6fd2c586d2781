//! `lookout build` end to end: the example campaign's output tree, and what a broken campaign
//! does.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::fs;

use common::{Build, fixture_campaign, lookout, standard_campaign, stderr};

fn build_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let root = fixture_campaign().to_string_lossy().into_owned();
    let output = lookout(&[
        "build",
        "--root",
        &root,
        "--out",
        &out.path().to_string_lossy(),
    ]);
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    out
}

#[test]
fn example_campaign_builds_the_whole_tree() {
    let out = build_example();
    let exists = |p: &str| out.path().join(p).is_file();
    for page in [
        "index.html",
        "report/index.html",
        "follow-up/index.html",
        "safety/index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "news/index.html",
        "news/campaign-launch/index.html",
        "pl/index.html",
        "pl/taxi-drivers/index.html",
        "pl/report/index.html",
        "ur/index.html",
        "ur/hoteliers/index.html",
        "ur/report/index.html",
        "search/index.json",
        "posters/taxi-drivers/index.html",
        "_lookout/shell.en.html",
    ] {
        assert!(exists(page), "missing {page}");
    }
    for audience in [
        "taxi-drivers",
        "hoteliers",
        "door-staff",
        "public",
        "parents",
        "young-people",
    ] {
        assert!(
            exists(&format!("{audience}/index.html")),
            "no landing page for {audience}"
        );
        assert!(
            exists(&format!("pl/{audience}/index.html")),
            "no Polish landing page for {audience}"
        );
    }
    let css: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("style.") && n.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "one fingerprinted stylesheet: {css:?}");
    assert!(css[0].len() > "style..css".len() + 8, "{css:?}");
}

#[test]
fn example_campaign_leaves_out_drafts_and_scheduled_pages() {
    let out = build_example();
    assert!(
        !out.path().join("news/training-sessions").exists(),
        "a draft was built"
    );
    // The example schedules this page for 2030; once that passes it is simply published.
    let scheduled = time::macros::datetime!(2030-01-01 00:00 UTC) > time::OffsetDateTime::now_utc();
    assert_eq!(
        out.path().join("news/spring-campaign").exists(),
        !scheduled,
        "a scheduled page was built before its publish_at, or not after"
    );
    let sitemap = fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("training-sessions"));
}

#[test]
fn urdu_pages_are_right_to_left_and_others_left_to_right() {
    let out = build_example();
    let urdu = fs::read_to_string(out.path().join("ur/taxi-drivers/index.html")).unwrap();
    assert!(urdu.contains(r#"<html lang="ur" dir="rtl">"#));
    let polish = fs::read_to_string(out.path().join("pl/taxi-drivers/index.html")).unwrap();
    assert!(polish.contains(r#"<html lang="pl" dir="ltr">"#));
}

#[test]
fn every_page_has_quick_exit_skip_link_and_language() {
    let out = build_example();
    for entry in walk_html(out.path()) {
        let html = fs::read_to_string(&entry).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue; // alias redirect
        }
        let name = entry.display();
        assert!(
            html.contains("class=\"exit-this-page__button\""),
            "{name} has no quick exit"
        );
        assert!(
            html.contains("class=\"skip-link\""),
            "{name} has no skip link"
        );
        assert!(html.contains("<html lang=\""), "{name} has no lang");
    }
}

fn walk_html(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("_lookout") {
                found.extend(walk_html(&path));
            }
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    found
}

#[test]
fn sitemap_is_well_formed_with_hreflang_alternates() {
    let out = build_example();
    let xml = fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let url = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("loc") && n.text() == Some("https://lookout.example.org/taxi-drivers/")
        })
        .and_then(|loc| loc.parent())
        .expect("taxi-drivers in the sitemap");
    let alternates: Vec<_> = url
        .children()
        .filter(|n| n.has_tag_name("link"))
        .map(|n| {
            (
                n.attribute("hreflang").unwrap().to_string(),
                n.attribute("href").unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        alternates.contains(&(
            "pl".into(),
            "https://lookout.example.org/pl/taxi-drivers/".into()
        )),
        "{alternates:?}"
    );
    assert!(
        alternates.contains(&(
            "ur".into(),
            "https://lookout.example.org/ur/taxi-drivers/".into()
        )),
        "{alternates:?}"
    );
}

#[test]
fn atom_feed_is_well_formed() {
    let out = build_example();
    let xml = fs::read_to_string(out.path().join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed feed");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let titles: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
        })
        .collect();
    assert!(!titles.is_empty(), "the launch news item is in the feed");
}

#[test]
fn translations_link_to_each_other() {
    let campaign = standard_campaign();
    assert!(
        campaign.build().status.success(),
        "{}",
        stderr(&campaign.build())
    );
    let english = campaign.read_out("about/index.html");
    assert!(
        english.contains(r#"hreflang="pl" href="https://test.example/pl/about/""#),
        "{english}"
    );
    assert!(
        english.contains(r#"<a href="/pl/about/" lang="pl""#),
        "language switcher: {english}"
    );
    let polish = campaign.read_out("pl/about/index.html");
    assert!(polish.contains(r#"<html lang="pl" dir="ltr">"#));
    // The menu shows the Polish title of a translated page.
    assert!(polish.contains(">O nas</a>"), "{polish}");
    // Polish audience page lists the Polish page; Urdu falls back to the English one, marked.
    assert!(
        campaign
            .read_out("pl/taxi-drivers/index.html")
            .contains("/pl/about/")
    );
    let urdu = campaign.read_out("ur/taxi-drivers/index.html");
    assert!(
        urdu.contains(r#"<li lang="en" dir="ltr">"#) && urdu.contains("/about/"),
        "{urdu}"
    );
    // Audience pages made without a Markdown page are in the sitemap and have alternates.
    let sitemap = campaign.read_out("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://test.example/pl/hoteliers/</loc>"),
        "{sitemap}"
    );
    let hoteliers = campaign.read_out("pl/hoteliers/index.html");
    assert!(
        hoteliers.contains(r#"hreflang="ur" href="https://test.example/ur/hoteliers/""#),
        "{hoteliers}"
    );
}

#[test]
fn a_campaign_template_overrides_the_theme_file_by_file() {
    let campaign = standard_campaign();
    campaign.write(
        "templates/page.html",
        "<!doctype html><head><!--lookout:scripts--></head><p id=own>{{ page.title }}</p>",
    );
    let output = campaign.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let about = campaign.read_out("about/index.html");
    assert!(
        about.starts_with("<!doctype html><head><meta http-equiv=\"Content-Security-Policy\"")
            && about.ends_with("</head><p id=own>About</p>"),
        "{about}"
    );
    // Other templates still come from the theme.
    assert!(campaign.read_out("index.html").contains("exit-this-page"));
}

#[test]
fn static_files_are_copied_and_shortcodes_render() {
    let campaign = standard_campaign();
    campaign.write("static/logo.svg", "<svg/>");
    let output = campaign.build();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(campaign.read_out("logo.svg"), "<svg/>");
    let home = campaign.read_out("index.html");
    assert!(
        home.contains(r#"<a class="button" href="/report/">"#),
        "{home}"
    );
}

#[test]
fn the_report_page_carries_the_form() {
    let campaign = standard_campaign();
    assert!(campaign.build().status.success());
    let report = campaign.read_out("report/index.html");
    // Without JavaScript the form posts to the strict lane; the page script, once it has
    // solved a challenge, to the verified one.
    assert!(
        report.contains(r#"action="/api/reports/unverified""#),
        "{report}"
    );
    assert!(
        report.contains(r#"data-verified-action="/api/reports""#),
        "{report}"
    );
    assert!(!report.contains("hcaptcha"), "{report}");
    assert!(report.contains(r#"name="what_happened""#), "{report}");
}

/// Each broken campaign fails with `file:line: message` naming the key and leaves the
/// previous output untouched.
#[test]
fn broken_pages_fail_with_file_line_and_key_and_leave_output_alone() {
    let cases = [
        ("---\ntitle: [unclosed\n---\n", "bad.md:", "bad YAML"),
        (
            "---\ntitle: A\ncolour: red\n---\n",
            "bad.md:3: colour: unknown field `colour`",
            "unknown key",
        ),
        (
            "---\ntitle: A\nweight: heavy\n---\n",
            "bad.md:3: weight",
            "wrong type",
        ),
        (
            "---\ntitle: A\ndate: 2026-02-30\n---\n",
            "bad.md:3: date",
            "bad date",
        ),
        (
            "---\ndescription: no title\n---\n",
            "missing field `title`",
            "missing title",
        ),
        (
            "---\ntitle: A\n---\n{{ nonesuch() }}\n",
            "bad.md:4: unknown shortcode `nonesuch`",
            "unknown shortcode",
        ),
    ];
    for (text, expected, what) in cases {
        let campaign = standard_campaign();
        assert!(campaign.build().status.success());
        let before = campaign.read_out("about/index.html");
        campaign.write("pages/bad.md", text);
        let output = campaign.build();
        let message = stderr(&output);
        assert!(!output.status.success(), "{what}: build should fail");
        assert!(
            message.contains(expected),
            "{what}: expected {expected:?} in {message}"
        );
        assert!(
            message.contains(&campaign.root().join("pages/bad.md").display().to_string()),
            "{what}: {message}"
        );
        assert_eq!(
            campaign.read_out("about/index.html"),
            before,
            "{what}: output changed"
        );
        assert!(
            !campaign.out().join("bad").exists(),
            "{what}: partial output"
        );
    }
}

#[test]
fn drafts_flag_includes_held_pages_and_lists_them() {
    let campaign = standard_campaign();
    campaign.write("pages/wip.md", "---\ntitle: WIP\ndraft: true\n---\n");
    campaign.write(
        "pages/old.md",
        "---\ntitle: Old\nexpires_at: 2001-01-01\n---\n",
    );
    let plain = campaign.build();
    assert!(plain.status.success());
    assert!(
        stderr(&plain).contains("wip.md (draft)"),
        "{}",
        stderr(&plain)
    );
    assert!(
        stderr(&plain).contains("old.md (expired"),
        "{}",
        stderr(&plain)
    );
    assert!(!campaign.out().join("wip").exists() && !campaign.out().join("old").exists());
    let root = campaign.root().to_string_lossy().into_owned();
    let out = campaign.out().to_string_lossy().into_owned();
    let with = lookout(&["build", "--root", &root, "--out", &out, "--drafts"]);
    assert!(with.status.success());
    assert!(
        campaign.out().join("wip/index.html").is_file()
            && campaign.out().join("old/index.html").is_file()
    );
}

#[test]
fn init_makes_a_campaign_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new");
    let root_text = root.to_string_lossy().into_owned();
    let made = lookout(&["init", &root_text]);
    assert!(made.status.success(), "{}", stderr(&made));
    let out = dir.path().join("out").to_string_lossy().into_owned();
    let built = lookout(&["build", "--root", &root_text, "--out", &out]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(dir.path().join("out/report/index.html").is_file());
    let checked = lookout(&["check", "--root", &root_text]);
    assert!(
        checked.status.success(),
        "a new campaign passes check: {}{}",
        stderr(&checked),
        String::from_utf8_lossy(&checked.stdout)
    );
    let again = lookout(&["init", &root_text]);
    assert!(
        !again.status.success(),
        "init must not overwrite a campaign"
    );
}

#[test]
fn the_campaign_time_zone_reaches_the_functions_through_the_page_shells() {
    let campaign = standard_campaign();
    let config = fs::read_to_string(campaign.root().join("config.yaml")).unwrap();
    campaign.write("config.yaml", format!("{config}time_zone: Europe/Warsaw\n"));
    let output = campaign.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let shell = campaign.read_out("_lookout/shell.pl.html");
    assert_eq!(
        lookout_questionnaire::shell::time_zone_in(&shell),
        Some("Europe/Warsaw"),
        "{shell}"
    );
    // What the functions load from the bundled shells.
    let shells = lookout_functions::http::Shells::load(&campaign.out().join("_lookout")).unwrap();
    assert_eq!(shells.time_zone(), Some("Europe/Warsaw"));
    // A misspelt zone stops the build, naming the file, line and key.
    campaign.write(
        "config.yaml",
        format!("{config}time_zone: Europe/Warszawa\n"),
    );
    let output = campaign.build();
    assert!(!output.status.success());
    let message = stderr(&output);
    let line = config.lines().count() + 1;
    assert!(
        message.contains(&format!(
            "config.yaml:{line}: time_zone: `Europe/Warszawa` is not a time zone"
        )),
        "{message}"
    );
}

#[test]
fn build_says_when_a_page_next_appears_or_expires() {
    let campaign = standard_campaign();
    campaign.write(
        "pages/launch.md",
        "---\ntitle: Launch\npublish_at: 2099-01-10 09:00\n---\nSoon.\n",
    );
    let output = campaign.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let line = stderr(&output)
        .lines()
        .find(|l| l.starts_with("next change: "))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no next change in:\n{}", stderr(&output)));
    assert!(
        line.contains("launch.md appears (publish_at) at 2099-01-10 09:00 (Europe/London)"),
        "{line}"
    );
}
