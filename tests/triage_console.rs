//! The console's gate, from outside, as a browser meets it: every page refused without a
//! session; the printed address works once and gives an HttpOnly, SameSite=Strict cookie; a
//! request for another host is refused (DNS rebinding); a form without the session's CSRF
//! token, or from another origin, changes nothing; a form with it changes the case, as
//! `lookout reports list` then shows.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::reports::{campaign_with, run};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, COOKIE, HOST, ORIGIN, SET_COOKIE};

struct Console {
    child: Child,
    login: String,
    base: String,
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Console {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(["triage", "--root", root.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let login = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let base = login.split("/login").next().unwrap().to_string();
    Console { child, login, base }
}

#[test]
fn the_gate_admits_one_session_and_only_its_forms() {
    let campaign = campaign_with(&[("2026-11-02", "city-centre", "2026-W44")]);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(gate(&campaign));
}

async fn gate(campaign: &common::TempCampaign) {
    let id = format!("{:032x}", 0);
    let console = start(campaign.root());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = &console.base;

    for path in ["/", "/map", "/trends", &format!("/case/{id}")] {
        let r = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(
            r.status(),
            StatusCode::FORBIDDEN,
            "{path} without a session"
        );
        assert!(
            r.headers()[CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("default-src 'none'")
        );
    }
    let wrong = http
        .get(format!("{base}/login?token=0123"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let rebound = http
        .get(&console.login)
        .header(HOST, "attacker.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        rebound.status(),
        StatusCode::MISDIRECTED_REQUEST,
        "another Host is refused"
    );

    let login = http.get(&console.login).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let set = login.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_string();
    let again = http.get(&console.login).send().await.unwrap();
    assert_eq!(
        again.status(),
        StatusCode::FORBIDDEN,
        "the address works once"
    );

    let page = http
        .get(format!("{base}/case/{id}"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(common::reports::SECRET_TEXT),
        "the decrypted text is shown"
    );
    let csrf = common::hidden_value(&html, "csrf");

    let post = |form: Vec<(&'static str, String)>, origin: Option<&'static str>| {
        let mut request = http
            .post(format!("{base}/case/{id}"))
            .header(COOKIE, &cookie)
            .form(&form);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        request.send()
    };
    let status = |s: &str| vec![("action", "status".to_string()), ("status", s.to_string())];
    let no_token = post(status("closed"), None).await.unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let mut forged = status("closed");
    forged.push(("csrf", "0".repeat(64)));
    assert_eq!(
        post(forged, None).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let mut elsewhere = status("closed");
    elsewhere.push(("csrf", csrf.clone()));
    let cross = post(elsewhere, Some("http://attacker.example"))
        .await
        .unwrap();
    assert_eq!(
        cross.status(),
        StatusCode::FORBIDDEN,
        "another origin is refused"
    );
    let without_session = http
        .post(format!("{base}/case/{id}"))
        .form(&[
            ("action", "status"),
            ("status", "closed"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(without_session.status(), StatusCode::FORBIDDEN);
    let listed = String::from_utf8_lossy(&run(campaign.root(), &["list"]).stdout).into_owned();
    assert!(listed.contains(" new "), "nothing changed yet: {listed}");

    let mut real = status("referred");
    real.push(("csrf", csrf));
    let done = post(real, None).await.unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let listed = String::from_utf8_lossy(&run(campaign.root(), &["list"]).stdout).into_owned();
    assert!(listed.contains(" referred "), "{listed}");
}

/// The junk page shows likely junk together with why, and deletes it by its button only with
/// the count it showed; a report on an evidence hold stays.
#[test]
fn likely_junk_is_shown_together_and_cleared_keeping_holds() {
    let campaign = campaign_with(&[
        ("2026-11-02", "city-centre", "2026-W44"),
        ("2026-11-03", "city-centre", "2026-W44"),
        ("2026-11-04", "old-town", "2026-W45"),
        ("2026-11-05", "old-town", "2026-W45"),
    ]);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(junk(&campaign));
}

async fn junk(campaign: &common::TempCampaign) {
    let ids: Vec<String> = (0..4).map(|i| format!("{i:032x}")).collect();
    let console = start(campaign.root());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = &console.base;
    let login = http.get(&console.login).send().await.unwrap();
    let cookie = login.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let get = |path: String| {
        http.get(format!("{base}{path}"))
            .header(COOKIE, &cookie)
            .send()
    };
    let post = |path: String, form: Vec<(&'static str, String)>| {
        http.post(format!("{base}{path}"))
            .header(COOKIE, &cookie)
            .form(&form)
            .send()
    };
    let case = get(format!("/case/{}", ids[2]))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = common::hidden_value(&case, "csrf");
    let held = post(
        format!("/case/{}", ids[2]),
        vec![("action", "hold".into()), ("csrf", csrf.clone())],
    )
    .await
    .unwrap();
    assert_eq!(held.status(), StatusCode::SEE_OTHER);

    let page = get("/junk".into()).await.unwrap().text().await.unwrap();
    assert!(page.contains("3 of 4 reports look like junk"), "{page}");
    assert!(
        page.contains(&format!("same answers as {}", ids[0])),
        "{page}"
    );
    assert!(page.contains("(kept)"), "the held one is marked: {page}");
    assert!(page.contains("Delete these 2 reports"), "{page}");
    // Repeats sit under the report they repeat: ids[1] comes before ids[2]'s group.
    let at = |id: &str| page.find(&format!("/case/{id}")).unwrap();
    assert!(
        at(&ids[1]) < at(&ids[2]) && at(&ids[2]) < at(&ids[3]),
        "{page}"
    );

    let shown = common::hidden_value(&page, "ids");
    assert_eq!(shown, format!("{} {}", ids[1], ids[3]));
    // Reports the page did not offer (the first of their answers, a held one) never go.
    let not_junk = post(
        "/junk".into(),
        vec![
            ("ids", format!("{} {}", ids[0], ids[2])),
            ("csrf", csrf.clone()),
        ],
    )
    .await
    .unwrap();
    assert_ne!(
        not_junk.status(),
        StatusCode::SEE_OTHER,
        "reports that are not clearable junk are not deleted"
    );
    let no_token = post("/junk".into(), vec![("ids", shown.clone())])
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let listed = String::from_utf8_lossy(&run(campaign.root(), &["list"]).stdout).into_owned();
    assert!(
        ids.iter().all(|id| listed.contains(id.as_str())),
        "{listed}"
    );

    let done = post("/junk".into(), vec![("ids", shown), ("csrf", csrf)])
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let listed = String::from_utf8_lossy(&run(campaign.root(), &["list"]).stdout).into_owned();
    assert!(
        listed.contains(&ids[0])
            && listed.contains(&ids[2])
            && !listed.contains(&ids[1])
            && !listed.contains(&ids[3]),
        "the first of each answers and the held report stay: {listed}"
    );
}
