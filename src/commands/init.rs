use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

#[derive(clap::Args)]
pub struct Args {
    /// The folder to create; it must not exist or be empty.
    dir: PathBuf,
}

/// The starter campaign: enough to build, serve and take reports, ready to be rewritten.
const STARTER: &[(&str, &str)] = &[
    ("config.yaml", include_str!("../starter/config.yaml")),
    (
        "questionnaire.yaml",
        include_str!("../../content/questionnaire.yaml"),
    ),
    (
        "pages/_index.md",
        include_str!("../starter/pages/_index.md"),
    ),
    (
        "pages/report.md",
        include_str!("../../content/pages/report.md"),
    ),
    (
        "pages/follow-up.md",
        include_str!("../../content/pages/follow-up.md"),
    ),
    (
        "pages/safety.md",
        include_str!("../../content/pages/safety.md"),
    ),
    (
        "pages/privacy.md",
        include_str!("../../content/pages/privacy.md"),
    ),
    (
        "pages/get-help.md",
        include_str!("../../content/pages/get-help.md"),
    ),
];

pub fn run(args: Args) -> anyhow::Result<()> {
    let dir = &args.dir;
    if dir.exists()
        && fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!("{} already exists and is not empty", dir.display());
    }
    for (name, text) in STARTER {
        write(&dir.join(name), text)?;
    }
    // `lookout serve`'s local state and the default build output stay out of version control.
    let ignored = format!("{}/\npublic/\n", lookout_site::STATE_DIR);
    write(&dir.join(".gitignore"), &ignored)?;
    eprintln!("made a new campaign in {}", dir.display());
    eprintln!("next: lookout serve --root {}", dir.display());
    Ok(())
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
