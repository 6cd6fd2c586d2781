//! Who can reach `lookout serve`: `--interface` listens where it is told (here 127.0.0.2,
//! which stands for a network address on a machine with only loopback) and says plainly that
//! the report form is then reachable by others; `--open` hands the address to the browser.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use common::fixture_campaign;
use common::serve::{Served, copy_campaign};

#[tokio::test]
async fn interface_listens_there_only_and_warns() {
    let dir = tempfile::tempdir().unwrap();
    copy_campaign(&fixture_campaign(), &dir.path().join("content"));
    let served = Served::start(dir.path(), &["--interface", "127.0.0.2", "--port", "0"]);
    assert!(
        served.base.starts_with("http://127.0.0.2:"),
        "{}",
        served.base
    );
    let home = reqwest::get(format!("{}/", served.base)).await.unwrap();
    assert_eq!(home.status(), 200);
    let port = served.base.rsplit(':').next().unwrap();
    let loopback = reqwest::get(format!("http://127.0.0.1:{port}/")).await;
    assert!(loopback.is_err(), "it listens on 127.0.0.2 only");
    let said = served.stderr();
    assert!(
        said.contains("warning: listening on 127.0.0.2: anyone who can reach this address")
            && said.contains("report"),
        "{said}"
    );

    // The default stays on this computer, without the warning.
    let local = Served::start(dir.path(), &["--port", "0"]);
    assert!(
        local.base.starts_with("http://127.0.0.1:"),
        "{}",
        local.base
    );
    assert!(
        !local.stderr().contains("anyone who can reach"),
        "{}",
        local.stderr()
    );
}

#[test]
fn open_hands_the_address_to_the_desktop_browser() {
    let dir = tempfile::tempdir().unwrap();
    copy_campaign(&fixture_campaign(), &dir.path().join("content"));
    // The desktop's opener (xdg-open), replaced by one that writes down what it was given.
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = dir.path().join("opened");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    #[allow(
        unsafe_code,
        reason = "std::env::set_var is unsafe since the 2024 edition"
    )]
    // SAFETY: this test's own process; the child inherits PATH.
    unsafe {
        std::env::set_var("PATH", &path)
    };
    let served = Served::start(dir.path(), &["--port", "0", "--open"]);
    let started = Instant::now();
    while !opened.exists() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = std::fs::read_to_string(&opened).unwrap_or_default();
    assert_eq!(
        url.trim(),
        format!("{}/", served.base),
        "{}",
        served.output()
    );
}
