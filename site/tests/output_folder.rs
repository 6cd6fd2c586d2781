//! A full build writes over the site the build before replaced (kept beside the output as
//! `.out.lookout-old`), and the result is always a clean build's: nothing the campaign no
//! longer makes is left, and nothing in the kept folder is followed out of it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Build, Config, TempCampaign};
use time::macros::datetime;

fn campaign() -> TempCampaign {
    let campaign = TempCampaign::new(&Config::english());
    campaign.write("pages/_index.md", "---\ntitle: Home\n---\nHi.\n");
    campaign.write("pages/news.md", "---\ntitle: News\n---\nNews.\n");
    campaign
}

fn build(campaign: &TempCampaign) {
    campaign
        .build_at(datetime!(2026-12-01 00:00 UTC))
        .expect("the build succeeds");
}

/// The folder the next build writes over.
fn kept(campaign: &TempCampaign) -> PathBuf {
    campaign.out().with_file_name(".public.lookout-old")
}

/// Every file and link under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    paths.sort();
    paths
}

/// What a build into a folder of its own makes of the campaign as it is now (in `site/`
/// of the folder returned).
fn clean_build(campaign: &TempCampaign) -> (Vec<String>, tempfile::TempDir) {
    let fresh = tempfile::tempdir().unwrap();
    let options = lookout_site::BuildOptions {
        root: campaign.root().to_path_buf(),
        out: fresh.path().join("site"),
        ..lookout_site::BuildOptions::default()
    };
    lookout_site::build_at(&options, datetime!(2026-12-01 00:00 UTC)).unwrap();
    (listing(&fresh.path().join("site")), fresh)
}

/// The output holds exactly the files of a clean build, byte for byte.
fn assert_clean(campaign: &TempCampaign) {
    let (clean, fresh) = clean_build(campaign);
    assert_eq!(listing(&campaign.out()), clean);
    for file in &clean {
        assert_eq!(
            fs::read(campaign.out().join(file)).unwrap(),
            fs::read(fresh.path().join("site").join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn a_page_made_shorter_or_longer_is_written_whole() {
    let campaign = campaign();
    let long = "A long paragraph of the news, repeated. ".repeat(200);
    for body in [
        long.as_str(),
        long.as_str(),
        "Short.",
        "Short.",
        long.as_str(),
        "Short.",
    ] {
        campaign.write("pages/news.md", format!("---\ntitle: News\n---\n{body}\n"));
        build(&campaign);
        assert_clean(&campaign);
    }
}

#[test]
fn a_page_taken_out_is_gone_from_every_later_build_with_its_folder() {
    let campaign = campaign();
    campaign.write("pages/gone.md", "---\ntitle: Gone\n---\nSoon gone.\n");
    build(&campaign);
    build(&campaign);
    assert!(kept(&campaign).join("gone/index.html").is_file());

    fs::remove_file(campaign.root().join("pages/gone.md")).unwrap();
    // The first build after writes over a copy with the page, and so does the second.
    for _ in 0..2 {
        build(&campaign);
        assert!(!campaign.out().join("gone").exists());
        assert_eq!(listing(&campaign.out()), clean_build(&campaign).0);
    }
}

#[test]
fn a_link_left_in_the_kept_folder_is_removed_not_followed() {
    let campaign = campaign();
    build(&campaign);
    build(&campaign);
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("index.html"), "mine").unwrap();
    fs::create_dir(outside.path().join("sub")).unwrap();
    fs::write(outside.path().join("sub/index.html"), "mine too").unwrap();
    let kept = kept(&campaign);
    // A link in a folder of its own, which then holds nothing, and one by the name of the
    // file a build makes to learn whether the disk tells `a` from `A`.
    fs::create_dir(kept.join("deep")).unwrap();
    std::os::unix::fs::symlink(outside.path(), kept.join("deep/link")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("index.html"),
        kept.join(".lookout-case-probe"),
    )
    .unwrap();
    fs::remove_dir_all(kept.join("news")).unwrap();
    std::os::unix::fs::symlink(outside.path(), kept.join("news")).unwrap();
    fs::remove_file(kept.join("index.html")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("index.html"), kept.join("index.html")).unwrap();

    build(&campaign);
    assert_eq!(
        fs::read_to_string(outside.path().join("index.html")).unwrap(),
        "mine"
    );
    assert_eq!(listing(outside.path()), ["index.html", "sub/index.html"]);
    assert!(!campaign.out().join("deep").exists());
    for page in ["index.html", "news/index.html"] {
        let kind = fs::symlink_metadata(campaign.out().join(page)).unwrap();
        assert!(kind.is_file(), "{page} is a file of its own");
    }
    assert!(
        campaign
            .read_out("news/index.html")
            .contains("<h1>News</h1>")
    );
}

#[test]
fn whatever_stands_where_a_file_or_a_folder_goes_is_replaced() {
    let campaign = campaign();
    build(&campaign);
    build(&campaign);
    let kept = kept(&campaign);
    // A file where the page's folder goes, a folder where a file goes, and a stray file.
    fs::remove_dir_all(kept.join("news")).unwrap();
    fs::write(kept.join("news"), "a file").unwrap();
    fs::remove_file(kept.join("robots.txt")).unwrap();
    fs::create_dir_all(kept.join("robots.txt/deep")).unwrap();
    fs::write(kept.join("robots.txt/deep/x"), "x").unwrap();
    fs::write(kept.join("stray.html"), "stray").unwrap();

    build(&campaign);
    assert!(
        campaign
            .read_out("news/index.html")
            .contains("<h1>News</h1>")
    );
    assert!(campaign.read_out("robots.txt").contains("User-agent"));
    assert_eq!(listing(&campaign.out()), clean_build(&campaign).0);
}

#[test]
fn after_a_failed_build_the_next_one_is_a_clean_builds() {
    let campaign = campaign();
    build(&campaign);
    build(&campaign);
    let before = listing(&campaign.out());
    // A page at the address the generator gives the search page fails the build.
    campaign.write("pages/search.md", "---\ntitle: Search me\n---\nClash.\n");
    assert!(campaign.build_at(datetime!(2026-12-01 00:00 UTC)).is_err());
    assert_eq!(
        listing(&campaign.out()),
        before,
        "the failed build left the site"
    );

    fs::remove_file(campaign.root().join("pages/search.md")).unwrap();
    campaign.write("pages/later.md", "---\ntitle: Later\n---\nLater.\n");
    build(&campaign);
    assert_clean(&campaign);
}

#[test]
fn a_file_linked_from_elsewhere_is_replaced_not_written_through() {
    let campaign = campaign();
    build(&campaign);
    build(&campaign);
    // A snapshot of the kept copy made with hard links, as `cp -al` makes one.
    let snapshot = tempfile::tempdir().unwrap();
    let before = fs::read(kept(&campaign).join("news/index.html")).unwrap();
    fs::hard_link(
        kept(&campaign).join("news/index.html"),
        snapshot.path().join("news.html"),
    )
    .unwrap();

    campaign.write("pages/news.md", "---\ntitle: Newer\n---\nNewer.\n");
    build(&campaign);
    assert!(
        campaign
            .read_out("news/index.html")
            .contains("<h1>Newer</h1>")
    );
    assert_eq!(fs::read(snapshot.path().join("news.html")).unwrap(), before);
}

#[test]
fn a_static_file_where_a_page_s_folder_goes_is_a_clash_in_every_build() {
    let campaign = campaign();
    campaign.write("static/news", "not a page");
    for _ in 0..3 {
        let error = campaign
            .build_at(datetime!(2026-12-01 00:00 UTC))
            .expect_err("two things at /news")
            .to_string();
        assert!(error.contains("two things would be written"), "{error}");
        assert!(error.contains("news"), "{error}");
    }
}

#[test]
fn the_kept_copy_tells_git_to_leave_it_alone_and_is_not_published() {
    let campaign = campaign();
    build(&campaign);
    build(&campaign);
    assert_eq!(
        fs::read_to_string(kept(&campaign).join(".gitignore")).unwrap(),
        "*\n"
    );
    assert!(!campaign.out().join(".gitignore").exists());
    build(&campaign);
    assert!(!campaign.out().join(".gitignore").exists());
}

#[test]
fn an_alias_written_with_a_doubled_slash_builds_again_and_again() {
    let campaign = campaign();
    campaign.write(
        "pages/news.md",
        "---\ntitle: News\naliases: [/old//news/]\n---\nNews.\n",
    );
    for _ in 0..3 {
        build(&campaign);
        assert!(campaign.read_out("old/news/index.html").contains("/news/"));
    }
    assert_clean(&campaign);
}
