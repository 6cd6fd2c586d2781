//! The triage console's router, called in process the way functions/ tests its router: build
//! requests, hand them to the `Router` with tower's `oneshot`, read the answers. The gate
//! refuses without a session and turns the single-use token into one; the case page shows the
//! decrypted report; a status form with the session's CSRF token changes the case, and one
//! without it does not. (tests/triage_console.rs still runs the binary as a member does.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use lookout::casework::Desk;
use lookout::console::gate::Gate;
use lookout::console::{Console, app};
use lookout_functions::seal::parse_identities;
use lookout_functions::store::embedded::EmbeddedStore;
use lookout_questionnaire::Questionnaire;
use lookout_site::CampaignPaths;
use tower::ServiceExt;

use common::reports::{SECRET_TEXT, campaign_with, campaign_with_texts};

const PORT: u16 = 4711;
const TOKEN: &str = "the-single-use-token";

fn router(root: &std::path::Path) -> Router {
    router_with(root, None)
}

fn router_with(root: &std::path::Path, evidence: Option<std::path::PathBuf>) -> Router {
    let state = CampaignPaths::new(root).state();
    let store = EmbeddedStore::open(state.join("reports.redb")).unwrap();
    let identities =
        parse_identities(&std::fs::read_to_string(state.join("team-identity.txt")).unwrap())
            .unwrap();
    let questionnaire = Questionnaire::load(&CampaignPaths::new(root).questionnaire()).unwrap();
    let console = Console::new(
        Desk::new(Arc::new(store), questionnaire, identities, &[]).unwrap(),
        Err("no map in this test".into()),
    );
    let console = match evidence {
        Some(dir) => console.with_evidence_dir(dir),
        None => console,
    };
    app(console, Gate::new(PORT, TOKEN.into()))
}

async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone().oneshot(request).await.unwrap()
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path).header(header::HOST, format!("127.0.0.1:{PORT}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

fn post(path: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, format!("127.0.0.1:{PORT}"))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap()
}

async fn text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Spends the token and returns the session's cookie.
async fn log_in(app: &Router) -> String {
    let login = send(app, get(&format!("/login?token={TOKEN}"), None)).await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    login.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_router_admits_a_session_and_its_forms_in_process() {
    let campaign = campaign_with(&[("2026-11-02", "city-centre", "2026-W44")]);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(gate_and_case(campaign.root()));
}

async fn gate_and_case(root: &std::path::Path) {
    let app = router(root);
    let case = format!("/case/{:032x}", 0);

    let refused = send(&app, get(&case, None)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "no session");
    let elsewhere = Request::get(format!("/login?token={TOKEN}"))
        .header(header::HOST, "attacker.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&app, elsewhere).await.status(),
        StatusCode::MISDIRECTED_REQUEST
    );

    let cookie = log_in(&app).await;
    let again = send(&app, get(&format!("/login?token={TOKEN}"), None)).await;
    assert_eq!(again.status(), StatusCode::FORBIDDEN, "the token is spent");

    let queue = text(send(&app, get("/", Some(&cookie))).await).await;
    assert!(queue.contains(&case), "the queue links the case: {queue}");
    let page = send(&app, get(&case, Some(&cookie))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    assert!(html.contains(SECRET_TEXT), "the decrypted text is shown");
    let csrf = common::hidden_value(&html, "csrf");

    // A search is sent by POST and kept behind an opaque id: the text is in no address.
    let search = post("/", &cookie, &format!("q=flat+above+the+kebab&csrf={csrf}"));
    let found = send(&app, search).await;
    assert_eq!(found.status(), StatusCode::SEE_OTHER);
    let address = found.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        address.starts_with("/?s=") && !address.contains("kebab"),
        "{address}"
    );
    let listed = text(send(&app, get(&address, Some(&cookie))).await).await;
    assert!(listed.contains("1 of 1 reports shown"), "{listed}");
    assert!(
        listed.contains("value=\"flat above the kebab\""),
        "the box keeps it"
    );
    let missed = post("/", &cookie, &format!("q=not+in+any+report&csrf={csrf}"));
    let missed = send(&app, missed).await.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let none = text(send(&app, get(&missed, Some(&cookie))).await).await;
    assert!(none.contains("0 of 1 reports shown"), "{none}");
    let typed = text(send(&app, get("/?q=not+in+any+report", Some(&cookie))).await).await;
    assert!(
        typed.contains("1 of 1 reports shown"),
        "free text in an address is not searched"
    );
    let unsigned = post("/", &cookie, "q=kebab");
    assert_eq!(send(&app, unsigned).await.status(), StatusCode::FORBIDDEN);

    let forged = post(&case, &cookie, "action=status&status=closed&csrf=0");
    assert_eq!(send(&app, forged).await.status(), StatusCode::FORBIDDEN);
    let unchanged = text(send(&app, get(&case, Some(&cookie))).await).await;
    assert!(
        unchanged.contains("<option value=\"new\" selected>"),
        "a forged form changes nothing"
    );

    let real = post(
        &case,
        &cookie,
        &format!("action=status&status=referred&csrf={csrf}"),
    );
    let done = send(&app, real).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let location = |response: &Response<Body>| {
        response.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(location(&done), format!("{case}?done=status-referred"));

    let label = post(
        &case,
        &cookie,
        &format!("action=label-add&label=AB12+CDE&csrf={csrf}"),
    );
    let labelled = send(&app, label).await;
    assert_eq!(labelled.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&labelled),
        format!("{case}?done=label-added"),
        "no label text in the address the browser records"
    );
    let said = text(send(&app, get(&location(&labelled), Some(&cookie))).await).await;
    assert!(said.contains("Label added."), "{said}");

    let changed = text(send(&app, get(&case, Some(&cookie))).await).await;
    for html in [&queue, &changed] {
        assert_eq!(
            html.matches("<form ").count(),
            html.matches("<form autocomplete=\"off\" ").count(),
            "every form asks the browser not to remember what is typed: {html}"
        );
    }
    assert!(
        changed.contains("<option value=\"referred\" selected>"),
        "the status changed: {changed}"
    );
}

/// 120 reports: the queue shows the newest 50 and links the next page, which shows the next 50
/// with the filters kept; the last page has the remaining 20.
#[test]
fn the_queue_shows_fifty_reports_a_page() {
    let reports: Vec<(String, &str, &str)> = (0..120)
        .map(|i| {
            (
                format!("2026-11-{:02}", 1 + i % 28),
                "city-centre",
                "2026-W44",
            )
        })
        .collect();
    let reports: Vec<(&str, &str, &str)> = reports
        .iter()
        .map(|(d, a, w)| (d.as_str(), *a, *w))
        .collect();
    let campaign = campaign_with(&reports);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(pages(campaign.root()));
}

async fn pages(root: &std::path::Path) {
    let app = router(root);
    let cookie = log_in(&app).await;
    let rows = |html: &str| html.matches("<a href=\"/case/").count();

    let first = text(send(&app, get("/?area=city-centre", Some(&cookie))).await).await;
    assert_eq!(rows(&first), 50, "{first}");
    assert!(first.contains("120 of 120 reports shown"), "{first}");
    assert!(first.contains("Reports 1\u{2013}50 of 120"), "{first}");
    let next = first
        .split("<a href=\"")
        .find_map(|a| a.split_once("\" rel=\"next\"").map(|(href, _)| href))
        .unwrap()
        .replace("&amp;", "&");
    assert_eq!(next, "/?area=city-centre&page=2");
    assert!(!first.contains("rel=\"prev\""), "no page before the first");

    let second = text(send(&app, get(&next, Some(&cookie))).await).await;
    assert_eq!(rows(&second), 50);
    let last = text(send(&app, get("/?page=3", Some(&cookie))).await).await;
    assert_eq!(rows(&last), 20, "{last}");
    assert!(!last.contains("rel=\"next\""), "no page after the last");
    let ids = |html: &str| -> Vec<String> {
        html.split("<a href=\"/case/")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect()
    };
    let mut all = [ids(&first), ids(&second), ids(&last)].concat();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 120, "every report on exactly one page");
}

/// Three reports naming one plate three ways are linked on each case page; a fourth, naming
/// none, is not.
#[test]
fn one_plate_spelt_three_ways_links_its_reports() {
    let texts = [
        "A silver Vauxhall AB12 CDE picked two girls up",
        "the car was ab12cde again",
        "Same car, AB12 CDE. Driver known as Mo",
        "Nothing about a car",
    ];
    let campaign = campaign_with_texts(&[("2026-11-02", "city-centre", "2026-W44"); 4], &texts);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(linked(campaign.root()));
}

async fn linked(root: &std::path::Path) {
    let app = router(root);
    let cookie = log_in(&app).await;
    let id = |i: usize| format!("{i:032x}");
    for i in 0..3 {
        let html = text(send(&app, get(&format!("/case/{}", id(i)), Some(&cookie))).await).await;
        assert!(
            html.contains("Vehicle <code>AB12CDE</code>: also in 2 reports"),
            "report {i}: {html}"
        );
        for other in (0..3).filter(|o| *o != i) {
            assert!(
                html.contains(&format!("href=\"/case/{}\"", id(other))),
                "report {i} links {other}"
            );
        }
        assert!(!html.contains(&format!("href=\"/case/{}\"", id(3))));
    }
    let alone = text(send(&app, get(&format!("/case/{}", id(3)), Some(&cookie))).await).await;
    assert!(!alone.contains("Named in other reports"), "{alone}");

    let trends = text(send(&app, get("/trends", Some(&cookie))).await).await;
    let chart = trends
        .split("<figure class=\"chart\"")
        .nth(1)
        .unwrap_or_default();
    assert!(
        chart.contains("<svg") && chart.contains("role=\"img\""),
        "an SVG chart: {trends}"
    );
    assert!(
        !trends.contains("<style") && !trends.contains("style=\""),
        "within the CSP"
    );

    let list = text(send(&app, get("/recurring", Some(&cookie))).await).await;
    assert_eq!(
        list.matches("<code>AB12CDE</code>").count(),
        1,
        "one name: {list}"
    );
    let row = list.split("<code>AB12CDE</code>").nth(1).unwrap();
    assert!(
        row.contains("<td>3</td>") && row.contains("2026-W44"),
        "{row}"
    );
}

/// The evidence button has this process write the file into the folder named at start, 0600,
/// and nothing is downloaded through the browser.
#[cfg(unix)]
#[test]
fn the_evidence_file_is_written_by_the_process_into_the_folder() {
    let campaign = campaign_with(&[("2026-11-02", "city-centre", "2026-W44")]);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(evidence(campaign.root()));
}

#[cfg(unix)]
async fn evidence(root: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let folder = root.join("evidence");
    let app = router_with(root, Some(folder.clone()));
    let cookie = log_in(&app).await;
    let case = format!("/case/{:032x}", 0);
    let html = text(send(&app, get(&case, Some(&cookie))).await).await;
    let csrf = common::hidden_value(&html, "csrf");
    let done = send(
        &app,
        post(&case, &cookie, &format!("action=evidence&csrf={csrf}")),
    )
    .await;
    assert_eq!(
        done.status(),
        StatusCode::SEE_OTHER,
        "a redirect, not a download"
    );
    assert!(done.headers().get(header::CONTENT_DISPOSITION).is_none());
    let file = folder.join(format!("evidence-{:032x}.json", 0));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains(SECRET_TEXT));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let without = router(root);
    let cookie = log_in(&without).await;
    let html = text(send(&without, get(&case, Some(&cookie))).await).await;
    assert!(html.contains("--evidence-dir DIR") && !html.contains("value=\"evidence\""));
}
