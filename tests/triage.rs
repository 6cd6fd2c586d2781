//! The triage commands as the team runs them: a store that is not there is an error and is
//! not made; exports are private files; the problem profile and the public statistics keep
//! small counts hidden and free text out, and `lookout check` refuses public statistics that
//! break the rules; a passphrase-protected identity opens from a file descriptor; output to a
//! closed pipe ends quietly.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::reports::{SECRET_TEXT, campaign_with, run};
use common::{Build, lookout, standard_campaign, stderr};

#[test]
fn a_missing_store_is_an_error_and_is_not_made() {
    let campaign = standard_campaign();
    let root = campaign.root();
    let out = run(root, &["list"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no report store at"),
        "{}",
        stderr(&out)
    );
    assert!(!root.join(".lookout").exists(), "nothing was made");

    // With LOOKOUT_TABLE set and no DynamoDB to reach: a clear error, within seconds, no file.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let out = Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(["reports", "--root", root.to_str().unwrap(), "list"])
        .env("LOOKOUT_TABLE", "lookout-reports")
        .env("AWS_REGION", "eu-west-2")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(
        message.contains("reaching DynamoDB table lookout-reports"),
        "{message}"
    );
    assert!(!message.contains("0 reports") && out.stdout.is_empty());
    assert!(!root.join(".lookout").exists(), "nothing was made");
}

#[test]
fn exports_are_private_and_shareable_sets_hold_no_free_text() {
    // Twelve alike (three of each spam-check result), and one that is alone.
    let mut reports = vec![("2026-11-02", "city-centre", "2026-W44"); 12];
    reports.push(("2026-12-14", "old-town", "2026-W50"));
    let campaign = campaign_with(&reports);
    let root = campaign.root();
    let file = root.join("export.csv");
    let out = run(root, &["export", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "the decrypted export is readable by its owner only"
        );
    }
    let full = std::fs::read_to_string(&file).unwrap();
    assert!(
        full.starts_with("report_id,received_on,verified,status,labels,held_until,reporter,"),
        "{full}"
    );
    assert!(
        full.contains(SECRET_TEXT) && full.contains(",unknown,new,"),
        "{full}"
    );

    let shared = run(root, &["export", "--shareable", "--status", "new"]);
    let shared = String::from_utf8_lossy(&shared.stdout);
    assert!(
        shared.starts_with("verified,status,reporter,indicators,area,seen_on_period,part_of_day\n"),
        "{shared}"
    );
    assert!(
        !shared.contains(SECRET_TEXT) && !shared.contains("Room 12"),
        "{shared}"
    );
    assert!(shared.contains("2026-W44"));
    let rows: Vec<&str> = shared.lines().skip(1).collect();
    assert_eq!(rows.len(), 12, "the lone report is left out: {shared}");
    assert!(!shared.contains("old-town") && !shared.contains("2026-12"));
    for row in &rows {
        let held = rows.iter().filter(|r| *r == row).count();
        assert!(
            held >= 3,
            "a row held by {held} reports, fewer than K = 3: {row}"
        );
    }
    let dictionary = root.join("dictionary.csv");
    let with = run(
        root,
        &[
            "export",
            "--shareable",
            "--dictionary",
            dictionary.to_str().unwrap(),
        ],
    );
    assert!(with.status.success(), "{}", stderr(&with));
    let rule = std::fs::read_to_string(&dictionary).unwrap();
    assert!(rule.contains("k-anonymity with K = 3"), "{rule}");
    assert!(stderr(&with).contains("1 left out"), "{}", stderr(&with));
    let none = run(root, &["export", "--shareable", "--status", "closed"]);
    assert_eq!(
        String::from_utf8_lossy(&none.stdout).lines().count(),
        1,
        "header only"
    );

    // The export is recorded on the report, with the file's SHA-256.
    let show = run(root, &["show", &format!("{:032x}", 0)]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("exported (csv), SHA-256"), "{text}");
}

/// Every number in a table cell of `html`: none may lie between 1 and 2.
/// The evidence file is written by the process to the file the member names, readable by them
/// only, and the SHA-256 printed is the file's.
#[cfg(unix)]
#[test]
fn the_evidence_file_is_private_and_its_digest_printed() {
    use sha2::{Digest, Sha256};
    use std::os::unix::fs::PermissionsExt;
    let campaign = campaign_with(&[("2026-11-02", "city-centre", "2026-W44")]);
    let out = campaign.root().join("case-0.json");
    let id = format!("{:032x}", 0);
    let done = run(
        campaign.root(),
        &["evidence", &id, "--out", out.to_str().unwrap()],
    );
    assert!(done.status.success(), "{}", stderr(&done));
    let bytes = std::fs::read(&out).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains(SECRET_TEXT));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let said = String::from_utf8_lossy(&done.stdout).into_owned();
    let digest = hex::encode(Sha256::digest(&bytes));
    assert!(said.contains(&format!("SHA-256 {digest}")), "{said}");
    assert!(said.contains(&format!("report {id} written to")), "{said}");
}

fn small_counts(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for cell in html.split("<td>").skip(1) {
        let value = cell.split('<').next().unwrap_or_default().trim();
        if let Ok(n) = value.parse::<u64>()
            && (1..3).contains(&n)
        {
            found.push(value.to_string());
        }
    }
    found
}

#[test]
fn the_profile_hides_small_counts_and_free_text() {
    let campaign = campaign_with(&[
        ("2026-11-02", "city-centre", "2026-W44"),
        ("2026-11-03", "city-centre", "2026-W45"),
    ]);
    let root = campaign.root();
    std::fs::copy(
        common::fixture_campaign().join("areas.geojson"),
        root.join("areas.geojson"),
    )
    .unwrap();
    let file = root.join("profile.html");
    let out = run(
        root,
        &[
            "profile",
            "--from",
            "2026-10-01",
            "--to",
            "2026-12-31",
            "--html",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(
        html.contains("<td>fewer than 3</td>"),
        "the two reports are fewer than 3"
    );
    assert_eq!(small_counts(&html), Vec::<String>::new());
    assert!(!html.contains(SECRET_TEXT) && !html.contains("Room 12"));
    assert!(html.contains("How small numbers are protected"));
    assert_eq!(
        html.matches("<path data-area=").count(),
        7,
        "one shape per area"
    );
    assert!(html.contains("City centre: fewer than 3"));
    for outside in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(outside), "self-contained, but has {outside}");
    }
}

#[test]
fn public_statistics_are_protected_frozen_and_checked() {
    let campaign = campaign_with(&[
        ("2026-04-02", "city-centre", "2026-W14"),
        ("2026-04-03", "city-centre", "2026-W14"),
        ("2026-05-03", "west-end", "2026-W18"),
        ("2026-05-04", "west-end", "2026-W18"),
        ("2026-05-05", "west-end", "2026-W18"),
        ("2026-05-06", "west-end", "2026-W19"),
        ("2026-05-07", "east-side", "2026-W19"),
        ("2026-05-08", "east-side", "2026-W19"),
        ("2026-05-09", "east-side", "2026-W19"),
    ]);
    let root = campaign.root();
    campaign.write(
        "pages/told-us.md",
        "---\ntitle: What people told us\n---\n{{ public_stats() }}\n",
    );
    let data = root.join("data").join("public-stats.json");
    let out = run(root, &["public-stats", "--out", data.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = std::fs::read_to_string(&data).unwrap();
    assert!(first.contains("2026-Q2"), "{first}");

    // Publishing again never changes a published quarter, even after reports are gone.
    std::fs::remove_file(root.join(".lookout").join("reports.redb")).unwrap();
    let again = campaign_with(&[("2026-04-02", "west-end", "2026-W14")]);
    std::fs::copy(
        again.root().join(".lookout").join("reports.redb"),
        root.join(".lookout").join("reports.redb"),
    )
    .unwrap();
    std::fs::copy(
        again.root().join(".lookout").join("team-identity.txt"),
        root.join(".lookout").join("team-identity.txt"),
    )
    .unwrap();
    let out = run(root, &["public-stats", "--out", data.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let second = std::fs::read_to_string(&data).unwrap();
    assert_eq!(first, second, "a published quarter never changes");

    let built = campaign.build();
    assert!(built.status.success(), "{}", stderr(&built));
    let page = campaign.read_out("told-us/index.html");
    assert!(page.contains("fewer than 3"), "{page}");
    assert_eq!(small_counts(&page), Vec::<String>::new());
    assert!(!page.contains(SECRET_TEXT));

    // A file that breaks the rules is refused by lookout check, naming the file.
    let broken = first.replacen("\"fewer\"", "2", 1);
    assert_ne!(broken, first);
    std::fs::write(&data, broken).unwrap();
    let check = lookout(&["check", "--root", root.to_str().unwrap()]);
    assert!(!check.status.success());
    let message = format!(
        "{}{}",
        stderr(&check),
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(
        message.contains("public-stats.json") && message.contains("below 3"),
        "{message}"
    );
}

#[test]
fn a_protected_identity_opens_with_its_passphrase_from_a_descriptor() {
    let campaign = campaign_with(&[("2026-11-02", "city-centre", "2026-W44")]);
    let root = campaign.root();
    let key = root.join("locked.txt");
    let with_stdin = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lookout"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = with_stdin(
        &[
            "reports",
            "keygen",
            "--out",
            key.to_str().unwrap(),
            "--passphrase",
            "--passphrase-fd",
            "0",
        ],
        "correct horse battery\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let locked = std::fs::read_to_string(&key).unwrap();
    assert!(
        locked.starts_with("-----BEGIN AGE ENCRYPTED FILE-----")
            && !locked.contains("AGE-SECRET-KEY")
    );
    let args = [
        "reports",
        "--root",
        root.to_str().unwrap(),
        "--identity",
        key.to_str().unwrap(),
        "--passphrase-fd",
        "0",
        "export",
        "--shareable",
    ];
    let wrong = with_stdin(&args[..8], "wrong passphrase\n");
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("wrong passphrase"),
        "{}",
        stderr(&wrong)
    );
    let right = with_stdin(&args, "correct horse battery\n");
    assert!(right.status.success(), "{}", stderr(&right));
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let campaign = campaign_with(&[("2026-11-02", "city-centre", "2026-W44")]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args([
            "reports",
            "--root",
            campaign.root().to_str().unwrap(),
            "stats",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, as `| head -0` would
    let out = child.wait_with_output().unwrap();
    let message = stderr(&out);
    assert!(!message.contains("panicked"), "{message}");
    assert!(out.status.success(), "{message}");
}

/// Unverified reports are listed and exported apart, duplicates are marked, and a bulk delete
/// happens only once the count that was shown is given back.
#[test]
fn unverified_reports_are_shown_apart_and_deleted_only_when_confirmed() {
    let campaign = campaign_with(&[
        ("2026-11-02", "city-centre", "2026-W44"),
        ("2026-11-03", "city-centre", "2026-W44"),
        ("2026-11-04", "old-town", "2026-W45"),
        ("2026-11-05", "old-town", "2026-W45"),
    ]);
    let root = campaign.root();
    let list = run(root, &["list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let text = String::from_utf8_lossy(&list.stdout);
    let ids: Vec<String> = (0..4).map(|i| format!("{i:032x}")).collect();
    let row = |id: &str| {
        text.lines()
            .find(|l| l.starts_with(id))
            .unwrap()
            .to_string()
    };
    assert!(row(&ids[0]).contains(" unknown "), "{text}");
    assert!(row(&ids[1]).contains(" false "), "{text}");
    assert!(row(&ids[3]).contains(" true "), "{text}");
    assert!(
        row(&ids[1]).contains(&format!("DUPLICATE of {}", ids[0])),
        "{text}"
    );
    assert!(
        row(&ids[3]).contains(&format!("DUPLICATE of {}", ids[2])),
        "{text}"
    );

    let file = root.join("export.csv");
    let out = run(root, &["export", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(&file).unwrap();
    for (id, verified) in ids.iter().zip(["unknown", "false", "false", "true"]) {
        assert!(
            csv.contains(&format!("{id},"))
                && csv
                    .lines()
                    .any(|l| l.starts_with(id.as_str()) && l.contains(&format!(",{verified},"))),
            "{csv}"
        );
    }

    // Without a terminal and without the count, nothing goes.
    let out = run(root, &["purge", "--unverified"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("2 unverified reports"), "{said}");
    assert!(
        said.contains(&ids[1]) && said.contains(&ids[2]),
        "the sample: {said}"
    );
    assert!(stderr(&out).contains("--confirm 2"), "{}", stderr(&out));
    let out = run(root, &["purge", "--unverified", "--confirm", "3"]);
    assert!(!out.status.success());
    assert_eq!(
        run(root, &["list"]).stdout,
        list.stdout,
        "nothing was deleted"
    );

    let out = run(root, &["purge", "--unverified", "--confirm", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("deleted 2 reports"));
    let after = String::from_utf8_lossy(&run(root, &["list"]).stdout).to_string();
    assert!(
        after.contains("2 reports") && !after.contains(&ids[1]) && !after.contains(&ids[2]),
        "{after}"
    );
}

/// Likely junk (unverified, or the same answers as an earlier report) is shown with why, and
/// deleted by filter only once its count is given back; the first of repeated answers stays,
/// even when it is itself unverified.
#[test]
fn likely_junk_is_purged_by_filter() {
    let campaign = campaign_with(&[
        ("2026-11-02", "city-centre", "2026-W44"),
        ("2026-11-03", "city-centre", "2026-W44"),
        ("2026-11-04", "old-town", "2026-W45"),
        ("2026-11-05", "old-town", "2026-W45"),
    ]);
    let root = campaign.root();
    let ids: Vec<String> = (0..4).map(|i| format!("{i:032x}")).collect();
    let out = run(root, &["purge", "--junk"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    // ids[2] is unverified, and ids[3] repeats it: both would go, so the earlier stays.
    assert!(said.contains("2 unverified or repeated reports"), "{said}");
    assert!(said.contains("1 more are kept"), "{said}");
    assert!(
        said.contains(&format!("same answers as {}", ids[0])),
        "{said}"
    );
    assert!(stderr(&out).contains("--confirm 2"), "{}", stderr(&out));
    let out = run(root, &["purge", "--confirm", "3"]);
    assert!(!out.status.success(), "--confirm alone deletes nothing");

    let out = run(root, &["purge", "--repeats", "--confirm", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("deleted 2 reports"));
    let after = String::from_utf8_lossy(&run(root, &["list"]).stdout).to_string();
    assert!(
        after.contains(&ids[0])
            && after.contains(&ids[2])
            && !after.contains(&ids[1])
            && !after.contains(&ids[3]),
        "{after}"
    );
}
