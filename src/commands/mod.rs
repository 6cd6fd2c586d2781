//! One module per `lookout` command; each parses its arguments and calls the libraries.

pub mod aws;
pub mod build;
pub mod bundle;
pub mod check;
mod ci;
mod cms;
mod external;
pub mod init;
pub mod new;
pub mod out;
pub mod publish;
pub mod reports;
mod scaffold;
pub mod serve;
mod starter;
pub mod store;
pub mod triage;

use std::path::{Path, PathBuf};

use anyhow::bail;
use lookout_site::CampaignPaths;

/// The campaign folder option every command takes, anywhere after the command's name.
#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// The campaign folder (holding config.yaml and pages/); default: the nearest such folder
    /// from here upwards, else ./content.
    #[arg(long = "root", global = true, value_name = "DIR")]
    given: Option<PathBuf>,
}

impl RootArg {
    /// The campaign folder: as given, or found from the current folder.
    pub fn path(&self) -> anyhow::Result<PathBuf> {
        match &self.given {
            Some(root) => Ok(root.clone()),
            None => find_campaign(Path::new(".")),
        }
    }

    /// For the triage commands, which can work without the campaign's folder (a DynamoDB
    /// table, `--questionnaire` and `--identity` say all they need): the campaign folder if one
    /// is given or found, else the current folder, against which any file still needed is
    /// then looked for and named in the error.
    pub fn path_or_here(&self) -> PathBuf {
        self.path().unwrap_or_else(|_| PathBuf::from("."))
    }
}

/// The nearest folder from `start` upwards that holds both `config.yaml` and `pages/`, named
/// as relative to `start` as it can be (`.`, `..`), so messages name files the way the author
/// would; else `start/content` when that is a campaign (the README's command from the
/// repository root); else an error saying what was looked for.
pub fn find_campaign(start: &Path) -> anyhow::Result<PathBuf> {
    let mut relative = start.to_path_buf();
    let absolute = std::path::absolute(start)?;
    for folder in absolute.ancestors() {
        if is_campaign(folder) {
            return Ok(relative);
        }
        relative = if relative == Path::new(".") {
            PathBuf::from("..")
        } else {
            relative.join("..")
        };
    }
    let content = start.join("content");
    if is_campaign(&content) {
        return Ok(if start == Path::new(".") {
            PathBuf::from("content")
        } else {
            content
        });
    }
    bail!(
        "no campaign here: looked for a folder holding both config.yaml and pages/ in {} and the folders above it, and in ./content; make one with `lookout init DIR`, or name it with --root DIR",
        absolute.display()
    )
}

/// A `--base-url` value: an http(s) address, kept without a trailing slash.
pub fn base_url(value: &str) -> Result<String, String> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty()
                && !host.starts_with('/')
                && !host.contains(char::is_whitespace) =>
        {
            Ok(value.trim_end_matches('/').to_string())
        }
        _ => Err(format!(
            "`{value}` is not a web address; write it as https://staging.example.org"
        )),
    }
}

fn is_campaign(folder: &Path) -> bool {
    let paths = CampaignPaths::new(folder);
    paths.config().is_file() && paths.pages().is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_campaign_upwards_then_content() {
        let dir = tempfile::tempdir().unwrap();
        let campaign = dir.path().join("c");
        std::fs::create_dir_all(campaign.join("pages/news")).unwrap();
        std::fs::write(campaign.join("config.yaml"), "").unwrap();
        assert_eq!(find_campaign(&campaign).unwrap(), campaign);
        let news = campaign.join("pages/news");
        assert_eq!(
            find_campaign(&news).unwrap().canonicalize().unwrap(),
            campaign.canonicalize().unwrap()
        );
        // From the folder above: not a campaign itself, and no `content` in it.
        let error = find_campaign(dir.path()).unwrap_err().to_string();
        assert!(
            error.contains("config.yaml") && error.contains("pages/"),
            "{error}"
        );
        assert!(error.contains("./content"), "{error}");
        std::fs::rename(&campaign, dir.path().join("content")).unwrap();
        assert_eq!(
            find_campaign(dir.path()).unwrap(),
            dir.path().join("content")
        );
    }
}
