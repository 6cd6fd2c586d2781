//! `--base-url`: a build (or a preview) for another address than config.yaml's. Every
//! absolute address changes, the posters' QR codes too (read back with a QR decoder), and
//! such a build keeps search engines out: `noindex` on every page, robots.txt disallowing all.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::path::Path;

use common::serve::{Served, copy_campaign};
use common::{fixture_campaign, lookout, stderr};

const OWN: &str = "https://lookout.example.org";
const STAGING: &str = "https://staging.example.net";

/// The text of the first QR code in an HTML page, decoded from the modules of its SVG.
fn qr_text(html: &str) -> String {
    let svg = &html[html.find("<svg").expect("a QR code")..];
    let size: usize = attribute(svg, "width").parse().expect("a width");
    let d = attribute(&svg[svg.find("<path").expect("a path")..], "d");
    // The renderer draws each dark module as `M{x} {y}h{w}v{w}H{x}V{y}`.
    let mut dark = vec![false; size * size];
    for module in d.split('M').filter(|m| !m.is_empty()) {
        let (x, rest) = module.split_once(' ').expect("x y");
        let (y, rest) = rest.split_once('h').expect("y h");
        let w: usize = rest.split('v').next().unwrap().parse().unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        for row in y..y + w {
            for col in x..x + w {
                dark[row * size + col] = true;
            }
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_bitmap(size, size, |x, y| dark[y * size + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("a readable QR code").1
}

fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let at = tag.find(&format!(" {name}=\"")).expect("the attribute") + name.len() + 3;
    &tag[at..at + tag[at..].find('"').unwrap()]
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_dir() {
            out.extend(files(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

#[test]
fn a_build_for_another_address_changes_every_address_and_keeps_search_engines_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_campaign().to_string_lossy().into_owned();
    let own = dir.path().join("own");
    let staging = dir.path().join("staging");
    let run = |out: &Path, extra: &[&str]| {
        let out = out.to_string_lossy().into_owned();
        let mut args = vec!["build", "--root", &root, "--out", &out];
        args.extend_from_slice(extra);
        let built = lookout(&args);
        assert!(built.status.success(), "{}", stderr(&built));
    };
    run(&own, &[]);
    run(&staging, &["--base-url", &format!("{STAGING}/")]);

    let read = |dir: &Path, path: &str| std::fs::read_to_string(dir.join(path)).unwrap();
    // The campaign's own build: its address, open to search engines.
    assert_eq!(
        qr_text(&read(&own, "posters/taxi-drivers/index.html")),
        format!("{OWN}/r/taxi-drivers/")
    );
    assert!(!read(&own, "index.html").contains("noindex"));
    assert!(read(&own, "robots.txt").contains("Allow: /"));

    for file in files(&staging) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(!text.contains(OWN), "{} still holds {OWN}", file.display());
        if file.extension().is_some_and(|e| e == "html") && !text.contains("http-equiv=\"refresh\"")
        {
            assert!(
                text.contains("<meta name=\"robots\" content=\"noindex\">"),
                "{} is not noindex",
                file.display()
            );
        }
    }
    for (path, expected) in [
        (
            "posters/taxi-drivers/index.html",
            format!("{STAGING}/r/taxi-drivers/"),
        ),
        (
            "pl/posters/hoteliers/index.html",
            format!("{STAGING}/pl/r/hoteliers/"),
        ),
    ] {
        assert_eq!(qr_text(&read(&staging, path)), expected, "{path}");
    }
    let home = read(&staging, "index.html");
    assert!(
        home.contains(&format!("<link rel=\"canonical\" href=\"{STAGING}/\">")),
        "{home}"
    );
    assert!(
        home.contains(&format!("hreflang=\"pl\" href=\"{STAGING}/pl/\"")),
        "{home}"
    );
    assert!(read(&staging, "sitemap.xml").contains(&format!("<loc>{STAGING}/taxi-drivers/</loc>")));
    assert!(read(&staging, "atom.xml").contains(STAGING));
    let robots = read(&staging, "robots.txt");
    assert!(
        robots.contains("Disallow: /\n") && !robots.contains("Allow: /\n"),
        "{robots}"
    );

    // The campaign's own address given explicitly is the campaign's own build.
    run(&dir.path().join("same"), &["--base-url", OWN]);
    assert!(!read(&dir.path().join("same"), "index.html").contains("noindex"));
    let bad = lookout(&[
        "build",
        "--root",
        &root,
        "--base-url",
        "staging.example.net",
    ]);
    assert!(
        !bad.status.success() && stderr(&bad).contains("https://"),
        "{}",
        stderr(&bad)
    );
}

#[tokio::test]
async fn serve_builds_its_preview_for_the_address_given() {
    let dir = tempfile::tempdir().unwrap();
    copy_campaign(&fixture_campaign(), &dir.path().join("content"));
    let phone = "http://192.0.2.10:1111";
    let served = Served::start(dir.path(), &["--port", "0", "--base-url", phone]);
    let poster = reqwest::get(format!("{}/posters/door-staff/", served.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(qr_text(&poster), format!("{phone}/r/door-staff/"));
    assert!(poster.contains("noindex"));
}
