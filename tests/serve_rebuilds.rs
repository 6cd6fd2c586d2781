//! `lookout serve` rebuilds in place: an edited page is served changed and open pages are told
//! to reload, files nothing changed are left as they were (no new output folder), and a page
//! scheduled a few seconds ahead appears when its moment passes, with no file touched.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::os::unix::fs::MetadataExt;
use std::time::Duration;

use common::server::serve;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Long enough for a loaded machine; the tests wait for an event, never for a time.
const PATIENCE: Duration = Duration::from_secs(60);

/// (inode, modification time) of a file: a rewrite or a new output folder changes them.
fn identity(path: &std::path::Path) -> (u64, i64, i64) {
    let meta = std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (meta.ino(), meta.mtime(), meta.mtime_nsec())
}

#[tokio::test]
async fn an_edit_reloads_open_pages_and_rewrites_only_what_changed() {
    let server = serve(&[]);
    let client = reqwest::Client::new();
    let site = server.root.join(".lookout/site");
    let untouched = site.join("404.html");
    let folder = |path: &std::path::Path| identity(path).0;
    let before = (folder(&site), identity(&untouched));
    let mut events = client
        .get(format!("{}/_lookout/events", server.base))
        .send()
        .await
        .expect("the reload stream opens");

    let page = server.root.join("pages/privacy.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nA sentence added while serving.\n")).unwrap();

    let reload = tokio::time::timeout(PATIENCE, async {
        let mut seen = String::new();
        while let Ok(Some(chunk)) = events.chunk().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("data: reload") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(reload, Ok(true), "no reload event\n{}", server.log());
    let html = client
        .get(format!("{}/privacy/", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("A sentence added while serving."),
        "the reload came before the page was written"
    );
    assert_eq!(
        (folder(&site), identity(&untouched)),
        before,
        "the output folder was replaced, or a file nothing changed was written again"
    );
}

#[tokio::test]
async fn a_scheduled_page_appears_when_its_moment_passes() {
    let server = serve(&[]);
    let client = reqwest::Client::new();
    let moment = OffsetDateTime::now_utc() + Duration::from_secs(5);
    let at = moment.format(&Rfc3339).unwrap();
    std::fs::write(
        server.root.join("pages/soon.md"),
        format!("---\ntitle: Coming soon\npublish_at: {at}\n---\nHere now.\n"),
    )
    .unwrap();
    let status = |client: reqwest::Client, url: String| async move {
        client
            .get(url)
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    };
    let url = format!("{}/soon/", server.base);
    let appeared = tokio::time::timeout(PATIENCE, async {
        loop {
            let early = OffsetDateTime::now_utc() < moment - Duration::from_secs(1);
            let code = status(client.clone(), url.clone()).await;
            if early {
                assert_eq!(code, 404, "shown before its publish_at");
            } else if code == 200 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await;
    assert!(appeared.is_ok(), "never shown\n{}", server.log());
}
