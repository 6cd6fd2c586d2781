//! Scheduled and expiring pages appear and disappear with the clock.

use std::fs;

use lookout_site::{BuildOptions, build_at};
use time::macros::datetime;

#[test]
fn pages_appear_at_publish_at_and_leave_at_expires_at() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("campaign");
    let write = |p: &str, t: &str| {
        let path = root.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, t).unwrap();
    };
    write(
        "config.yaml",
        "base_url: https://t.example\nlanguages:\n  - {code: en, name: English, title: T}\n",
    );
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../content/questionnaire.yaml"),
        root.join("questionnaire.yaml"),
    )
    .unwrap();
    write("pages/_index.md", "---\ntitle: Home\n---\n");
    write(
        "pages/spring.md",
        "---\ntitle: Spring\npublish_at: 2027-03-01\nexpires_at: 2027-06-01T12:00:00Z\n---\n",
    );
    let out = dir.path().join("out");
    let options = BuildOptions {
        root,
        out: out.clone(),
        drafts: false,
        live_reload: false,
    };

    build_at(&options, datetime!(2027-02-28 23:59 UTC)).unwrap();
    assert!(!out.join("spring").exists(), "shown before publish_at");
    build_at(&options, datetime!(2027-03-01 00:00 UTC)).unwrap();
    assert!(
        out.join("spring/index.html").is_file(),
        "not shown at publish_at"
    );
    build_at(&options, datetime!(2027-06-01 12:00 UTC)).unwrap();
    assert!(!out.join("spring").exists(), "still shown at expires_at");
}
