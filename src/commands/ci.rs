//! The GitHub Actions workflows `lookout init` writes: one that checks, builds and publishes
//! the campaign on every push (and by hand), one that runs it every hour, so scheduled pages
//! appear and expire on time (and keeps the issue listing the week's scheduled changes), and
//! one that publishes each pull request as a preview for review. They go in `.github/workflows/` at the root of the git
//! repository holding the campaign (the campaign's own folder when it is not in one yet), and
//! install a released `lookout` of this version rather than compiling it on every run.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

const PUBLISH: &str = include_str!("../ci/lookout-publish.yml");
const SCHEDULE: &str = include_str!("../ci/lookout-schedule.yml");
const PREVIEW: &str = include_str!("../ci/lookout-preview.yml");
/// Dependabot's configuration: keeps the Actions' pinned SHAs current.
const DEPENDABOT: &str = include_str!("../ci/dependabot.yml");

/// Writes the workflows for the campaign at `root`, and `.github/dependabot.yml` where the
/// repository has none; returns their paths.
pub fn write(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let prefix = lookout_site::cms::repository_prefix(root);
    let repository = repository_root(root, &prefix);
    let campaign = prefix.trim_end_matches('/');
    let (campaign, paths) = if campaign.is_empty() {
        (".".to_string(), "\"**\"".to_string())
    } else {
        (
            campaign.to_string(),
            format!("\"{campaign}/**\", \".github/workflows/lookout-*.yml\""),
        )
    };
    let branch = current_branch(&repository).unwrap_or_else(|| "main".to_string());
    let fill = |text: &str| {
        text.replace("@CAMPAIGN@", &campaign)
            .replace("@PATHS@", &paths)
            .replace("@BRANCH@", &branch)
            .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
    };
    let dir = repository.join(".github").join("workflows");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in [
        ("lookout-publish.yml", PUBLISH),
        ("lookout-schedule.yml", SCHEDULE),
        ("lookout-preview.yml", PREVIEW),
    ] {
        let path = dir.join(name);
        fs::write(&path, fill(text)).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    // The repository's own Dependabot configuration, if it has one, is left alone.
    let dependabot = repository.join(".github").join("dependabot.yml");
    if !dependabot.exists() {
        fs::write(&dependabot, DEPENDABOT)
            .with_context(|| format!("writing {}", dependabot.display()))?;
        written.push(dependabot);
    }
    Ok(written)
}

/// The repository's top folder: `root` less the `prefix` it sits at inside it.
fn repository_root(root: &Path, prefix: &str) -> PathBuf {
    let mut top = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for _ in prefix.split('/').filter(|p| !p.is_empty()) {
        top.pop();
    }
    top
}

fn current_branch(repository: &Path) -> Option<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(repository)
        .args(["symbolic-ref", "--short", "HEAD"])
        .output()
        .ok()?;
    let branch = String::from_utf8_lossy(&output.stdout).trim().to_string();
    (output.status.success() && !branch.is_empty()).then_some(branch)
}
