//! The campaign's own look from config.yaml, end to end: colours below WCAG AA contrast fail
//! `lookout check` on their line; the theme's stylesheet, header and footer carry the brand;
//! a partner logo without alt text stops the build, naming the line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::process::Output;

use common::{Build, TempCampaign, lookout, standard_campaign, stderr};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn with_brand(brand: &str) -> TempCampaign {
    let campaign = standard_campaign();
    let config = std::fs::read_to_string(campaign.root().join("config.yaml")).unwrap();
    campaign.write("config.yaml", format!("{config}{brand}"));
    campaign
}

/// The config.yaml line of the `n`th line (from 1) of the brand text `with_brand` appended.
fn brand_line(campaign: &TempCampaign, brand: &str, n: usize) -> usize {
    let config = std::fs::read_to_string(campaign.root().join("config.yaml")).unwrap();
    config.lines().count() - brand.lines().count() + n
}

fn check(campaign: &TempCampaign) -> Output {
    lookout(&["check", "--root", &campaign.root().to_string_lossy()])
}

#[test]
fn colours_below_aa_contrast_fail_check_on_their_line() {
    // Light blue links on white (2.3:1), and white text on it.
    let brand = "brand:\n  colours:\n    primary: \"#7fb2ff\"\n";
    let campaign = with_brand(brand);
    let output = check(&campaign);
    let out = stdout(&output);
    assert!(!output.status.success(), "low contrast passed:\n{out}");
    let config = campaign.root().join("config.yaml").display().to_string();
    let line = out
        .lines()
        .find(|l| l.contains("brand.colours.primary: links on the white page"))
        .unwrap_or_else(|| panic!("no finding for primary in:\n{out}"));
    let at = brand_line(&campaign, brand, 3);
    assert!(
        line.starts_with(&format!("{config}:{at}: error: ")),
        "{line}"
    );
    assert!(line.contains("below the 4.5:1 WCAG AA"), "{line}");
    assert!(
        out.contains("brand.colours.on_primary: button text on primary"),
        "{out}"
    );
    assert!(stderr(&output).contains("to fix"), "{}", stderr(&output));
}

#[test]
fn colours_with_enough_contrast_pass_and_reach_the_stylesheet() {
    let campaign = with_brand(
        "brand:\n  logo: {src: /logo.svg, alt: City Partnership}\n  colours:\n    primary: \"#0b0c0c\"\n    primary_dark: \"#000\"\n    on_primary: \"#ffdd00\"\npartners:\n  - {logo: /council.svg, alt: City Council, url: \"https://council.example\"}\nhelplines:\n  - name: {en: Childline, pl: Childline PL}\n    phone: 0800 1111\n",
    );
    campaign.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    campaign.write(
        "static/council.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let output = check(&campaign);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let built = campaign.build();
    assert!(built.status.success(), "{}", stderr(&built));
    let page = campaign.read_out("index.html");
    let css = page
        .split("href=\"/style.")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the stylesheet link");
    let sheet = campaign.read_out(&format!("style.{css}"));
    assert!(
        sheet
            .ends_with(":root { --brand: #0b0c0c; --brand-dark: #000000; --on-brand: #ffdd00; }\n"),
        "{}",
        &sheet[sheet.len().saturating_sub(200)..]
    );
    assert!(
        page.contains("<img class=\"site-logo\" src=\"/logo.svg\" alt=\"City Partnership\">"),
        "{page}"
    );
    assert!(
        page.contains("<img src=\"/council.svg\" alt=\"City Council\">"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"tel:08001111\" dir=\"ltr\">0800 1111</a>"),
        "{page}"
    );
    let polish = campaign.read_out("pl/about/index.html");
    assert!(polish.contains("<strong>Childline PL</strong>"), "{polish}");
    let shell = campaign.read_out("_lookout/shell.en.html");
    assert!(
        shell.contains("alt=\"City Council\""),
        "the answer pages lack the brand"
    );
}

#[test]
fn a_partner_logo_without_alt_text_stops_the_build() {
    let brand = "partners:\n  - {logo: /council.svg, alt: \" \"}\n";
    let campaign = with_brand(brand);
    let built = campaign.build();
    assert!(!built.status.success());
    let err = stderr(&built);
    let config = campaign.root().join("config.yaml").display().to_string();
    assert!(
        err.contains(&format!(
            "{config}:{}: partners: the logo /council.svg needs alt text",
            brand_line(&campaign, brand, 2)
        )),
        "{err}"
    );
    let missing = with_brand("partners:\n  - {logo: /council.svg}\n");
    let err = stderr(&missing.build());
    assert!(err.contains("alt"), "{err}");
}
