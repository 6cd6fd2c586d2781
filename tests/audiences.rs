//! Audiences are content: a campaign that adds one to config.yaml gets its landing page, its
//! poster, its place in the footer and the sitemap, and pages tagged for it listed, in every
//! language, with no change to code.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use common::serve::copy_campaign;
use common::{fixture_campaign, lookout, stderr};

#[test]
fn an_audience_added_to_config_gets_its_landing_page_and_poster() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("campaign");
    copy_campaign(&fixture_campaign(), &root);
    let config = std::fs::read_to_string(root.join("config.yaml")).unwrap();
    let added = config.replace(
        "audiences:\n",
        "audiences:\n  - id: pharmacy-staff\n    name:\n      en: Pharmacy staff\n      pl: Personel aptek\n    signs: hotel-staff\n",
    );
    assert_ne!(
        config, added,
        "the example lists its audiences under `audiences:`"
    );
    std::fs::write(root.join("config.yaml"), added).unwrap();
    std::fs::write(
        root.join("pages/news/pharmacy-leaflet.md"),
        "---\ntitle: A leaflet for pharmacies\naudiences: [pharmacy-staff]\n---\nText.\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    let (root_text, out_text) = (root.to_string_lossy(), out.to_string_lossy());
    let built = lookout(&["build", "--root", &root_text, "--out", &out_text]);
    assert!(built.status.success(), "{}", stderr(&built));
    let read = |path: &str| {
        std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };

    let landing = read("pharmacy-staff/index.html");
    assert!(landing.contains("<h1>Pharmacy staff</h1>"), "{landing}");
    assert!(
        landing.contains("/news/pharmacy-leaflet/"),
        "lists its pages"
    );
    assert!(read("pl/pharmacy-staff/index.html").contains("Personel aptek"));
    // No Urdu name: the default language's name stands in (and `check` lists it).
    assert!(read("ur/pharmacy-staff/index.html").contains("Pharmacy staff"));

    let poster = read("posters/pharmacy-staff/index.html");
    assert!(poster.contains("Pharmacy staff"), "{poster}");
    // Its signs are the questionnaire group config.yaml names for it.
    assert!(poster.contains("Paying in cash"), "{poster}");
    assert!(read("pl/posters/pharmacy-staff/index.html").contains("Personel aptek"));

    assert!(
        read("index.html").contains("href=\"/pharmacy-staff/\""),
        "footer link"
    );
    assert!(read("sitemap.xml").contains("/pharmacy-staff/</loc>"));

    let checked = lookout(&["check", "--root", &root_text]);
    let said = String::from_utf8_lossy(&checked.stdout).into_owned();
    assert!(said.contains("audience name (audiences[0].name)"), "{said}");
}

#[test]
fn a_poster_group_that_is_not_in_the_questionnaire_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("campaign");
    copy_campaign(&fixture_campaign(), &root);
    let config = std::fs::read_to_string(root.join("config.yaml")).unwrap();
    std::fs::write(
        root.join("config.yaml"),
        config.replace("    signs: taxi-driver\n", "    signs: taxi-drivers\n"),
    )
    .unwrap();
    let root_text = root.to_string_lossy();
    let out = dir.path().join("out").to_string_lossy().into_owned();
    let built = lookout(&["build", "--root", &root_text, "--out", &out]);
    assert!(!built.status.success());
    let line = config
        .lines()
        .position(|l| l == "    signs: taxi-driver")
        .unwrap()
        + 1;
    let message = stderr(&built);
    assert!(
        message.contains(&format!(
            "config.yaml:{line}: audiences: `taxi-drivers` draws its signs from `taxi-drivers`"
        )),
        "{message}"
    );
}
