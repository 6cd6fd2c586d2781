//! The whole product on one machine: `lookout serve` on a copy of the example campaign takes
//! reports, seals them, and the triage commands read, answer and count them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::server::{Server, serve};
use common::stderr;
use serde_json::{Value, json};

fn yesterday() -> String {
    let day = time::OffsetDateTime::now_utc()
        .date()
        .previous_day()
        .unwrap();
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

fn report(text: &str) -> Value {
    json!({
        "reporter": "taxi-driver",
        "indicators": ["taxi-odd-hours", "taxi-unsure-destination"],
        "area": "city-centre",
        "seen_on": yesterday(),
        "part_of_day": "night",
        "what_happened": text,
        "vehicle_or_room": "silver estate car",
    })
}

fn reports(server: &Server, args: &[&str]) -> std::process::Output {
    let root = server.root.to_string_lossy().into_owned();
    let mut all = vec!["reports", "--root", &root];
    all.extend(server.store_args.iter().map(String::as_str));
    all.extend_from_slice(args);

    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(&all)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "eu-west-2")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("lookout reports runs")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every byte under the campaign's `.lookout/`, to look for text that must not be there.
fn state_bytes(root: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in walk(&root.join(".lookout")) {
        if !entry.starts_with(root.join(".lookout/site")) {
            bytes.extend(std::fs::read(entry).unwrap_or_default());
        }
    }
    bytes
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path))
        } else {
            files.push(path)
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_report_is_sealed_read_answered_and_counted_on_the_embedded_store() {
    let server = serve(&[]);
    report_round_trip(&server, |needle| {
        contains(&state_bytes(&server.root), needle)
    })
    .await;
}

#[tokio::test]
async fn a_report_is_sealed_read_answered_and_counted_on_dynamodb() {
    let endpoint = lookout_testkit::dynamodb_endpoint();
    let table = format!("e2e-{}", std::process::id());
    let server = serve(&[
        "--store",
        "dynamodb",
        "--table",
        &table,
        "--endpoint",
        &endpoint,
    ]);
    let client = table_client(&endpoint).await;
    let dump = || {
        let client = client.clone();
        let table = table.clone();
        std::thread::spawn(move || {
            tokio::runtime::Runtime::new().unwrap().block_on(async {
                let items = client
                    .scan()
                    .table_name(table)
                    .send()
                    .await
                    .expect("scan the table");
                format!("{:?}", items.items())
            })
        })
        .join()
        .unwrap()
    };
    report_round_trip(&server, |needle| dump().contains(needle)).await;
    assert!(dump().contains("REPORT#"), "the scan sees the stored items");
}

async fn table_client(endpoint: &str) -> lookout_functions::store::dynamo::Client {
    #[allow(
        unsafe_code,
        reason = "std::env::set_var is unsafe since the 2024 edition"
    )]
    // SAFETY: set before any other thread of this test reads the environment.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
        std::env::set_var("AWS_REGION", "eu-west-2");
    }
    lookout_functions::store::dynamo::client(Some(endpoint)).await
}

/// Submit, check the text is sealed in the store (`stored_contains` looks at its raw data),
/// open, reply, follow up, export and count.
async fn report_round_trip(server: &Server, stored_contains: impl Fn(&str) -> bool) {
    let client = reqwest::Client::new();
    let secret = "Zebra-7731 was taken to the Harbour Hotel";

    let response = client
        .post(format!("{}/api/reports/unverified", server.base))
        .json(&report(secret))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}\nserve said: {}", server.log()));
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}\nserve said: {}", server.log());
    let receipt = body["receipt"].as_str().expect("a receipt").to_string();
    assert_eq!(receipt.len(), 24, "five groups of four digits: {receipt}");

    // The free text is sealed: nowhere in the store's files, in clear.
    assert!(
        !stored_contains("Zebra-7731"),
        "free text found in the store"
    );
    assert!(
        !stored_contains("silver estate"),
        "vehicle details found in the store"
    );

    // The team opens it with the local identity, while serve is still running.
    let list = reports(server, &["list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let id = stdout(&list)
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    let shown = reports(server, &["show", &id]);
    assert!(stdout(&shown).contains(secret), "{}", stdout(&shown));

    // The team asks a question; the reporter reads it with the receipt and answers.
    let reply = reports(
        server,
        &["reply", &id, "--message", "Which night of the week was it?"],
    );
    assert!(reply.status.success(), "{}", stderr(&reply));
    let thread: Value = client
        .post(format!("{}/api/follow-up/unverified", server.base))
        .json(&json!({ "receipt": receipt }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(thread["messages"][0]["author"], "team", "{thread}");
    assert_eq!(
        thread["messages"][0]["text"], "Which night of the week was it?",
        "{thread}"
    );
    let added = client
        .post(format!("{}/api/follow-up/messages/unverified", server.base))
        .json(&json!({ "receipt": receipt, "message": "A Friday, Quokka-9 again" }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    assert!(
        !stored_contains("Quokka-9"),
        "follow-up text found in the store"
    );
    let shown = reports(server, &["show", &id]);
    assert!(
        stdout(&shown).contains("A Friday, Quokka-9 again"),
        "{}",
        stdout(&shown)
    );

    // A wrong receipt and an unknown one get the same answer.
    let ask = |receipt: String| {
        let client = client.clone();
        let url = format!("{}/api/follow-up/unverified", server.base);
        async move {
            let r = client
                .post(url)
                .json(&json!({ "receipt": receipt }))
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let mut wrong = receipt.clone().into_bytes();
    wrong[0] = if wrong[0] == b'9' { b'1' } else { wrong[0] + 1 };
    let wrong = ask(String::from_utf8(wrong).unwrap()).await;
    let unknown = ask("0000 0000 0000 0000 0001".into()).await;
    assert_eq!(wrong, unknown);
    assert!(wrong.0.is_client_error());

    // The data set and the picture.
    let export = reports(server, &["export", "--format", "csv"]);
    let csv = stdout(&export);
    assert!(csv.starts_with("report_id,"), "{csv}");
    assert!(csv.contains(&id) && csv.contains(secret), "{csv}");
    let html = server.root.join("stats.html");
    let stats = reports(server, &["stats", "--html", &html.to_string_lossy()]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    assert!(
        stdout(&stats).contains("Taxi or private-hire driver"),
        "{}",
        stdout(&stats)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<svg") && page.contains("<table>"),
        "charts and tables"
    );
}

#[tokio::test]
async fn the_no_javascript_form_gets_a_receipt_page_and_errors_beside_fields() {
    let server = serve(&[]);
    let client = reqwest::Client::new();
    let form = [
        ("reporter", "hotel-staff"),
        ("indicators", "hotel-cash-no-id"),
        ("indicators", "hotel-isolated-room"),
        ("area", "city-centre"),
        ("seen_on", &yesterday()),
        (
            "what_happened",
            "A guest paid cash for a room for a teenager.",
        ),
        ("lang", "en"),
    ];
    let response = client
        .post(format!("{}/api/reports/unverified", server.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let page = response.text().await.unwrap();
    assert!(page.contains("exit-this-page"), "in the site's style");
    let digits = page
        .split(|c: char| !c.is_ascii_digit() && c != ' ')
        .find(|s| s.trim().len() == 24);
    assert!(digits.is_some(), "receipt shown: {page}");

    let missing: Vec<_> = form
        .iter()
        .filter(|(k, _)| *k != "what_happened")
        .cloned()
        .collect();
    let response = client
        .post(format!("{}/api/reports/unverified", server.base))
        .form(&missing)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("field-error"), "{page}");
    assert!(
        page.contains("hotel-cash-no-id\" checked")
            || page.contains("value=\"hotel-cash-no-id\" checked"),
        "answers kept"
    );
}

#[tokio::test]
async fn a_store_that_is_down_gets_503_and_no_receipt() {
    let server = serve(&[
        "--store",
        "dynamodb",
        "--table",
        "t",
        "--endpoint",
        "http://127.0.0.1:9",
    ]);
    let response = reqwest::Client::new()
        .post(format!("{}/api/reports/unverified", server.base))
        .json(&report("anything"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_saved", "{body}");
    assert!(body.get("receipt").is_none());
}
