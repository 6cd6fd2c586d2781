//! `lookout check --external` tries links to other sites (here a server on 127.0.0.1 with one
//! page that exists and one that does not); plain `check` never touches the network.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use axum::Router;
use axum::routing::get;
use common::{lookout, standard_campaign};

#[tokio::test(flavor = "multi_thread")]
async fn external_links_are_tried_only_when_asked() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let helpline = Router::new().route("/good", get(|| async { "A helpline" }));
    tokio::spawn(async move { axum::serve(listener, helpline).await });

    let campaign = standard_campaign();
    campaign.write(
        "pages/help.md",
        format!(
            "---\ntitle: Help\n---\nCall [the helpline](http://{address}/good).\n\nOr <a href=\"http://{address}/gone\">the old one</a>.\n"
        ),
    );
    let root = campaign.root().to_string_lossy().into_owned();
    let run = |extra: &'static [&'static str]| {
        let root = root.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let mut args = vec!["check", "--root", root.as_str()];
                args.extend_from_slice(extra);
                lookout(&args)
            })
            .await
            .unwrap()
        }
    };

    let offline = run(&[]).await;
    let said = String::from_utf8_lossy(&offline.stdout).into_owned();
    assert!(!said.contains("external link"), "{said}");

    let online = run(&["--external"]).await;
    let said = String::from_utf8_lossy(&online.stdout).into_owned();
    assert!(
        !online.status.success(),
        "a broken link fails check: {said}"
    );
    assert!(
        said.contains(&format!(
            "help.md:6: error: external link http://{address}/gone does not work"
        )),
        "{said}"
    );
    assert!(said.contains("404"), "{said}");
    assert!(!said.contains("/good"), "the good link passes: {said}");
}
