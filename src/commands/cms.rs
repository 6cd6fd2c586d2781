//! The browser editor `lookout init` puts in a campaign: Sveltia CMS, vendored (no CDN), at
//! `static/admin/` (so `/admin/`, linked from nowhere, `noindex`), with its configuration
//! generated from the campaign's schema by `lookout_site::cms`. Sign-in goes to GitHub with a
//! token; the page's own strict CSP is the site's `/admin/*` policy (infra/template.yaml).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::commands::out::note;
use anyhow::Context;
use lookout_site::cms::{self, ADMIN_DIR, Backend, CONFIG_FILE};

const SCRIPT: &[u8] = include_bytes!("../vendor/sveltia-cms/sveltia-cms.js");
const LICENSE: &[u8] = include_bytes!("../vendor/sveltia-cms/LICENSE.txt");
const FONTS: &[(&str, &[u8])] = &[
    (
        "source-sans-3-latin-wght-normal.woff2",
        include_bytes!("../vendor/sveltia-cms/fonts/source-sans-3-latin-wght-normal.woff2"),
    ),
    (
        "noto-mono-latin-400-normal.woff2",
        include_bytes!("../vendor/sveltia-cms/fonts/noto-mono-latin-400-normal.woff2"),
    ),
    (
        "material-symbols-outlined-latin-wght-normal.woff2",
        include_bytes!(
            "../vendor/sveltia-cms/fonts/material-symbols-outlined-latin-wght-normal.woff2"
        ),
    ),
];

/// The editor's page: the vendored script, which reads `config.yml` beside it.
const PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <meta name=\"robots\" content=\"noindex, nofollow\">\n  <meta name=\"referrer\" content=\"same-origin\">\n  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  <title>Campaign editor</title>\n</head>\n<body>\n  <script src=\"/admin/sveltia-cms.js\"></script>\n</body>\n</html>\n";

/// Writes (or brings up to date) the editor in the campaign at `root`; returns its
/// configuration's path. The backend of a configuration already there is kept.
pub fn write(root: &Path) -> anyhow::Result<std::path::PathBuf> {
    let dir = root.join(ADMIN_DIR);
    let config_path = dir.join(CONFIG_FILE);
    let backend = existing_backend(&config_path).unwrap_or_else(|| guess_backend(root));
    let prefix = cms::repository_prefix(root);
    let config = cms::config_yaml(root, &prefix, &backend)
        .with_context(|| format!("could not read the campaign in {}", root.display()))?;
    let files: Vec<(String, &[u8])> = [
        (CONFIG_FILE.to_string(), config.as_bytes()),
        ("index.html".to_string(), PAGE.as_bytes()),
        ("sveltia-cms.js".to_string(), SCRIPT),
        ("LICENSE.txt".to_string(), LICENSE),
    ]
    .into_iter()
    .chain(
        FONTS
            .iter()
            .map(|(name, bytes)| (format!("fonts/{name}"), *bytes)),
    )
    .collect();
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    if backend.repo.is_empty() || backend.repo.contains("OWNER") {
        note!(
            "note: set backend.repo in {} to the campaign's GitHub repository (owner/name)",
            config_path.display()
        );
    }
    Ok(config_path)
}

fn existing_backend(path: &Path) -> Option<Backend> {
    let text = fs::read_to_string(path).ok()?;
    let value: serde_json::Value = lookout_questionnaire::yaml::from_str(&text).ok()?;
    let backend = value.get("backend")?;
    Some(Backend {
        repo: backend.get("repo")?.as_str()?.to_string(),
        branch: backend.get("branch")?.as_str()?.to_string(),
    })
}

/// The GitHub repository and branch the campaign's git checkout points at, else placeholders.
fn guess_backend(root: &Path) -> Backend {
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let repo = git(&["remote", "get-url", "origin"])
        .and_then(|url| github_repo(&url))
        .unwrap_or_else(|| "OWNER/REPOSITORY".to_string());
    let branch = git(&["symbolic-ref", "--short", "HEAD"]).unwrap_or_else(|| "main".to_string());
    Backend { repo, branch }
}

/// `owner/name` of a GitHub remote (`https://github.com/o/n.git`, `git@github.com:o/n.git`).
fn github_repo(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://github.com/")
        .or_else(|| url.strip_prefix("git@github.com:"))
        .or_else(|| url.strip_prefix("ssh://git@github.com/"))?;
    let rest = rest.trim_end_matches('/').trim_end_matches(".git");
    (rest.split('/').count() == 2).then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn github_remotes_name_their_repository() {
        for url in [
            "https://github.com/safer-nights/campaign.git",
            "git@github.com:safer-nights/campaign.git",
            "https://github.com/safer-nights/campaign",
        ] {
            assert_eq!(
                super::github_repo(url).as_deref(),
                Some("safer-nights/campaign")
            );
        }
        assert_eq!(super::github_repo("https://gitlab.com/a/b.git"), None);
    }
}
