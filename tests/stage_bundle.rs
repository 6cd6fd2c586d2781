//! `lookout bundle stage` and `compare`, as the guide runs them after `lookout build`: staging
//! copies exactly what the build wrote into `_lookout/`, and refuses, naming the file, a built
//! site or a campaign that no longer match.

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

use common::{Build, TempCampaign, standard_campaign, stderr};

fn stage(campaign: &TempCampaign, bundle: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(["bundle", "stage", "--root"])
        .arg(campaign.root())
        .arg("--site")
        .arg(campaign.out())
        .arg("--layer")
        .arg(bundle)
        // Never the repository's own deploy settings.
        .env("LOOKOUT_SAMCONFIG", bundle.join("samconfig.toml"))
        .output()
        .expect("lookout runs")
}

/// The digest the stack passes to the functions, as `lookout_functions::bundle` checks it.
#[test]
fn the_staged_bundles_digest_goes_into_the_deploy_settings() {
    let (campaign, bundle) = built();
    let samconfig = bundle.path().join("samconfig.toml");
    let zeros = "0".repeat(64);
    fs::write(
        &samconfig,
        format!("[default.deploy.parameters]\nparameter_overrides = \"TeamRecipients=\\\"age1x\\\" BundleSha256=\\\"{zeros}\\\"\"\n"),
    )
    .unwrap();
    let output = stage(&campaign, bundle.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let staged = bundle.path().join("lookout");
    let digest = lookout_bundle::digest(&fs::read(staged.join("manifest.sha256")).unwrap());
    let settings = fs::read_to_string(&samconfig).unwrap();
    assert!(
        settings.contains(&format!("BundleSha256=\\\"{digest}\\\"")),
        "{settings}"
    );
    assert!(
        settings.contains("TeamRecipients=\\\"age1x\\\""),
        "{settings}"
    );
    // What a deployed function checks at its start.
    assert_eq!(
        lookout_bundle::check_deployed(Some(&staged), Some(&digest)).ok(),
        Some(())
    );
}

fn built() -> (TempCampaign, tempfile::TempDir) {
    let campaign = standard_campaign();
    let output = campaign.build();
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    (campaign, tempfile::tempdir().expect("temp dir"))
}

#[test]
fn the_bundle_is_what_the_build_wrote() {
    let (campaign, bundle) = built();
    let output = stage(&campaign, bundle.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let staged = bundle.path().join("lookout");
    let mut names: Vec<String> = fs::read_dir(&staged)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "manifest.sha256",
            "questionnaire.yaml",
            "shell.en.html",
            "shell.pl.html",
            "shell.ur.html",
            "sources.sha256"
        ]
    );
    assert_eq!(
        fs::read(staged.join("questionnaire.yaml")).unwrap(),
        fs::read(campaign.root().join("questionnaire.yaml")).unwrap()
    );
    // The functions load what was staged (the questionnaire and the shells).
    lookout_questionnaire::Questionnaire::load(&staged.join("questionnaire.yaml")).unwrap();
    lookout_functions::http::Shells::load(&staged).unwrap();
}

#[test]
fn a_campaign_changed_since_the_build_is_refused() {
    let (campaign, bundle) = built();
    let path = campaign.root().join("questionnaire.yaml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("# edited after the build\n");
    fs::write(&path, text).unwrap();
    let output = stage(&campaign, bundle.path());
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("changed since the site was built (questionnaire.yaml)"),
        "{message}"
    );
    assert!(message.contains("build the site again"), "{message}");
    assert!(!bundle.path().join("lookout").exists(), "nothing staged");
}

#[test]
fn a_built_site_that_is_not_what_the_build_wrote_is_refused() {
    let (campaign, bundle) = built();
    let shell = campaign.out().join("_lookout/shell.pl.html");
    let text = fs::read_to_string(&shell)
        .unwrap()
        .replace("<html", "<html data-x");
    fs::write(&shell, text).unwrap();
    let message = stderr(&stage(&campaign, bundle.path()));
    assert!(
        message.contains("is not what the build wrote (shell.pl.html)"),
        "{message}"
    );

    let (campaign, bundle) = built();
    fs::write(
        campaign.out().join("_lookout/shell.de.html"),
        "<!--lookout:content-->",
    )
    .unwrap();
    let output = stage(&campaign, bundle.path());
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("shell.de.html"),
        "{}",
        stderr(&output)
    );

    let (campaign, bundle) = built();
    fs::write(
        campaign.root().join("config.yaml"),
        "base_url: https://elsewhere.example\n",
    )
    .unwrap();
    let message = stderr(&stage(&campaign, bundle.path()));
    assert!(
        message.contains("changed since the site was built (config.yaml)"),
        "{message}"
    );
}

fn compare(site: &Path, bundle: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(["bundle", "compare", "--site"])
        .arg(site)
        .arg("--layer")
        .arg(bundle)
        .output()
        .expect("lookout runs")
}

/// Before a content-only upload: the functions' staged bundle still matches the rebuilt site,
/// or the script names what differs.
#[test]
fn a_rebuilt_site_is_compared_with_the_staged_bundle() {
    let (campaign, bundle) = built();
    assert!(stage(&campaign, bundle.path()).status.success());
    let output = compare(&campaign.out(), bundle.path());
    assert!(output.status.success(), "{}", stderr(&output));

    let config = fs::read_to_string(campaign.root().join("config.yaml")).unwrap();
    campaign.write(
        "config.yaml",
        config.replace("title: Test PL", "title: Inny tytuł"),
    );
    let rebuilt = campaign.build();
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    let output = compare(&campaign.out(), bundle.path());
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("shell.pl.html"), "{message}");
    assert!(message.contains("sam deploy"), "{message}");
}

/// The guide's commands as a person types them, in the campaign's folder with the defaults:
/// `lookout build` into ./public, then `lookout bundle stage` into ./infra/bundle.
#[test]
fn staging_with_the_defaults_takes_the_folders_build_used() {
    let campaign = standard_campaign();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lookout"))
            .args(args)
            .current_dir(campaign.root())
            .env_remove("LOOKOUT_SAMCONFIG")
            .output()
            .expect("lookout runs")
    };
    let built = run(&["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let staged = run(&["bundle", "stage"]);
    assert!(staged.status.success(), "{}", stderr(&staged));
    let manifest = campaign.root().join("infra/bundle/lookout/manifest.sha256");
    let digest = lookout_bundle::digest(&fs::read(&manifest).unwrap());
    let said = String::from_utf8_lossy(&staged.stdout);
    assert!(said.contains(&format!("BundleSha256={digest}")), "{said}");
    let compared = run(&["bundle", "compare"]);
    assert!(compared.status.success(), "{}", stderr(&compared));
}
