//! `lookout init` writes the browser editor (Sveltia CMS at /admin/, vendored, configured from
//! the campaign's schema with its languages as `multiple_files`) and the publishing workflows
//! (push and an hourly schedule, OIDC credentials) at the git repository's root, also when the
//! campaign is a subfolder; `lookout init --cms --ci` does the same for a campaign that exists;
//! `lookout check` warns when the editor's configuration no longer fits the campaign.
//! (tests/browser/cms.test.mjs loads the editor itself in Chromium, under /admin/'s CSP.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{fixture_campaign, lookout, stderr};
use serde_yaml::Value;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn yaml(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    );
}

fn check_out(root: &Path) -> String {
    let output = lookout(&["check", "--root", &root.to_string_lossy()]);
    ok(&output);
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A git repository like a team's: `origin` on GitHub, the campaign in `campaign/`.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q", "-b", "trunk"]);
    git(
        repo.path(),
        &[
            "remote",
            "add",
            "origin",
            "https://github.com/safer-nights/campaign.git",
        ],
    );
    repo
}

#[test]
fn init_writes_the_editor_and_the_workflows_at_the_repository_root() {
    let repo = repository();
    let campaign = repo.path().join("campaign");
    ok(&lookout(&["init", &campaign.to_string_lossy()]));

    let admin = campaign.join("static/admin");
    for file in [
        "index.html",
        "sveltia-cms.js",
        "fonts/material-symbols-outlined-latin-wght-normal.woff2",
        "LICENSE.txt",
    ] {
        assert!(admin.join(file).is_file(), "no {file}");
    }
    let page = fs::read_to_string(admin.join("index.html")).unwrap();
    assert!(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(page.contains("<script src=\"/admin/sveltia-cms.js\"></script>"));
    let script = fs::read_to_string(admin.join("sveltia-cms.js")).unwrap();
    assert!(
        !script.contains("cdn.jsdelivr.net"),
        "the editor loads fonts from a CDN"
    );

    let config = yaml(&admin.join("config.yml"));
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "safer-nights/campaign");
    assert_eq!(config["backend"]["branch"], "trunk");
    assert_eq!(config["i18n"]["structure"], "multiple_files");
    assert_eq!(config["i18n"]["default_locale"], "en");
    assert_eq!(config["i18n"]["omit_default_locale_from_file_path"], true);
    assert_eq!(config["media_folder"], "/campaign/static/images");
    let pages = &config["collections"][0];
    assert_eq!(pages["folder"], "/campaign/pages");
    assert_eq!(pages["i18n"], true);
    let field = |name: &str| -> Value {
        pages["fields"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    assert_eq!(field("title")["widget"], "string");
    assert_eq!(field("weight")["widget"], "number");
    assert_eq!(field("publish_at")["format"], "YYYY-MM-DD HH:mm");
    assert_eq!(field("replaced_by")["widget"], "string");
    let audiences = field("audiences");
    assert_eq!(audiences["widget"], "select");
    assert_eq!(audiences["options"][0]["value"], "taxi-drivers");
    let alt = &field("image")["fields"][1];
    assert_eq!(
        (alt["name"].as_str(), alt.get("required")),
        (Some("alt"), None),
        "alt text must be required"
    );

    let workflows = repo.path().join(".github/workflows");
    let publish = yaml(&workflows.join("lookout-publish.yml"));
    assert!(
        !campaign.join(".github").exists(),
        "the workflows must be at the repository's root"
    );
    assert_eq!(publish["on"]["push"]["branches"][0], "trunk");
    assert_eq!(publish["on"]["push"]["paths"][0], "campaign/**");
    assert_eq!(
        publish["jobs"]["publish"]["permissions"]["id-token"],
        "write"
    );
    let steps = publish["jobs"]["publish"]["steps"].as_sequence().unwrap();
    let run = |needle: &str| {
        steps
            .iter()
            .filter_map(|s| s["run"].as_str())
            .any(|r| r.contains(needle))
    };
    assert!(run("lookout publish --root \"campaign\""), "{steps:?}");
    assert!(run("lookout check --root \"campaign\""));
    assert!(
        run("gh release download \"v$LOOKOUT_VERSION\""),
        "no released binary"
    );
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("aws-actions/configure-aws-credentials@"))
    }));
    assert_eq!(publish["env"]["LOOKOUT_VERSION"], env!("CARGO_PKG_VERSION"));
    let schedule = yaml(&workflows.join("lookout-schedule.yml"));
    let cron = schedule["on"]["schedule"][0]["cron"].as_str().unwrap();
    assert_eq!(cron.split(' ').count(), 5, "{cron}");
    assert!(cron.ends_with("* * * *"), "hourly: {cron}");
    assert_eq!(
        schedule["jobs"]["publish"]["permissions"]["id-token"],
        "write"
    );
    assert_eq!(
        schedule["jobs"]["publish"]["uses"],
        "./.github/workflows/lookout-publish.yml"
    );
    // The week's scheduled changes: written by check, kept in an issue by a job that may
    // write issues and nothing else.
    assert!(
        run("--this-week \"$RUNNER_TEMP/this-week.md\""),
        "{steps:?}"
    );
    let issue_job = &schedule["jobs"]["scheduled-changes"];
    assert_eq!(issue_job["permissions"]["issues"], "write");
    assert_eq!(
        issue_job["permissions"].as_mapping().map(|m| m.len()),
        Some(1)
    );
    let issue_step = issue_job["steps"][0]["run"].as_str().unwrap();
    assert!(issue_step.contains("gh issue edit"), "{issue_step}");
    // Pull requests of this repository (not forks) are previewed, and removed when closed.
    let preview = yaml(&workflows.join("lookout-preview.yml"));
    assert_eq!(preview["on"]["pull_request"]["paths"][0], "campaign/**");
    for job in ["preview", "remove"] {
        let condition = preview["jobs"][job]["if"].as_str().unwrap();
        assert!(
            condition
                .contains("github.event.pull_request.head.repo.full_name == github.repository"),
            "{job}: {condition}"
        );
    }
    let runs: Vec<&str> = ["preview", "remove"]
        .iter()
        .flat_map(|job| preview["jobs"][job]["steps"].as_sequence().unwrap())
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(runs.iter().any(|r| r.contains("lookout publish --root \"campaign\" --out \"$RUNNER_TEMP/preview\" --preview \"$PREVIEW_NAME\"")), "{runs:?}");
    assert!(
        runs.iter().any(|r| r.contains("context=lookout/preview")),
        "{runs:?}"
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("--preview \"$PREVIEW_NAME\" --remove")),
        "{runs:?}"
    );

    // The new campaign checks clean: its editor's configuration fits it.
    let out = check_out(&campaign);
    assert!(out.contains(": 0 errors, 0 warnings"), "{out}");
}

#[test]
fn init_cms_ci_adds_them_to_a_campaign_and_check_warns_when_the_editor_drifts() {
    let repo = repository();
    let campaign = repo.path().join("site");
    fs::create_dir_all(&campaign).unwrap();
    for entry in walk(&fixture_campaign()) {
        let to = campaign.join(entry.strip_prefix(fixture_campaign()).unwrap());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&entry, &to).unwrap();
    }
    let refused = lookout(&["init", &campaign.to_string_lossy()]);
    assert!(
        !refused.status.success(),
        "init over a campaign without --cms/--ci"
    );
    ok(&lookout(&[
        "init",
        "--cms",
        "--ci",
        &campaign.to_string_lossy(),
    ]));
    let config_path = campaign.join("static/admin/config.yml");
    let config = yaml(&config_path);
    let locales: Vec<&str> = config["i18n"]["locales"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(locales, ["en", "pl", "ur"]);
    let names: Vec<&str> = config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["pages", "news"], "one collection per section");
    assert_eq!(config["collections"][1]["folder"], "/site/pages/news");
    assert!(
        repo.path()
            .join(".github/workflows/lookout-schedule.yml")
            .is_file()
    );
    assert!(!check_out(&campaign).contains("browser editor"));

    // A team hand-edits the backend, then adds a language: the editor no longer fits.
    let text = fs::read_to_string(&config_path).unwrap();
    fs::write(
        &config_path,
        text.replace("branch: trunk", "branch: content"),
    )
    .unwrap();
    let settings = campaign.join("config.yaml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        text.replacen(
            "exit_url:",
            "  - {code: cy, name: Cymraeg, title: Gwyliwch}\nexit_url:",
            1,
        ),
    )
    .unwrap();
    let out = check_out(&campaign);
    let warning = out
        .lines()
        .find(|l| l.contains("browser editor"))
        .unwrap_or_else(|| panic!("no drift warning in:\n{out}"));
    assert!(
        warning.starts_with(&format!("{}: warning: ", config_path.display())),
        "{warning}"
    );
    ok(&lookout(&["init", "--cms", &campaign.to_string_lossy()]));
    assert!(!check_out(&campaign).contains("browser editor"));
    let config = yaml(&config_path);
    assert_eq!(
        config["backend"]["branch"], "content",
        "the team's backend is kept"
    );
    assert_eq!(config["i18n"]["locales"][3], "cy");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".lookout") {
            continue;
        }
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The release workflow (infra/github/release.yml) makes the assets the publish workflow asks
/// for, for both machines GitHub's runners have, and the team's laptops' (infra/README.md).
#[test]
fn the_release_workflow_builds_what_the_publish_workflow_downloads() {
    let release = yaml(&common::repo_root().join("infra/github/release.yml"));
    assert_eq!(release["on"]["push"]["tags"][0], "v*");
    let targets: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|m| m["target"].as_str())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
            "x86_64-pc-windows-msvc",
            "aarch64-apple-darwin",
            "x86_64-apple-darwin"
        ],
        "Linux for the publish workflow; Windows and macOS for the team's laptops"
    );
    let package = release["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Package")
        .and_then(|s| s["run"].as_str())
        .unwrap()
        .to_string();
    assert!(
        package.contains("name=\"lookout-${GITHUB_REF_NAME}-${{ matrix.target }}\""),
        "{package}"
    );
    assert!(
        package.contains("tar czf \"$name.tar.gz\" \"$name\""),
        "one folder inside: {package}"
    );
    let publish =
        fs::read_to_string(common::repo_root().join("src/ci/lookout-publish.yml")).unwrap();
    assert!(
        publish
            .contains("asset=\"lookout-v$LOOKOUT_VERSION-$(uname -m)-unknown-linux-gnu.tar.gz\"")
    );
    assert!(publish.contains("--strip-components=1"));
}
