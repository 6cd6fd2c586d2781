use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

#[derive(clap::Args)]
pub struct Args {
    /// The folder to create; it must not exist or be empty. With --cms or --ci, an existing
    /// campaign to add them to.
    dir: PathBuf,
    /// The browser editor (Sveltia CMS at /admin/, configured from the campaign's schema).
    /// A new campaign gets it and the workflows unless one of the two is named.
    #[arg(long)]
    cms: bool,
    /// GitHub Actions workflows that check, build and publish on every push and every hour.
    #[arg(long)]
    ci: bool,
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
    if (args.cms || args.ci) && dir.join("config.yaml").is_file() {
        return extras(dir, args.cms, args.ci);
    }
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
    let both = !args.cms && !args.ci;
    extras(dir, args.cms || both, args.ci || both)?;
    eprintln!("next: lookout serve --root {}", dir.display());
    Ok(())
}

/// The browser editor and the publishing workflows, for a campaign that exists.
fn extras(dir: &Path, cms: bool, ci: bool) -> anyhow::Result<()> {
    if cms {
        let config = super::cms::write(dir)?;
        eprintln!(
            "wrote the browser editor (/admin/), configured in {}",
            config.display()
        );
    }
    if ci {
        for workflow in super::ci::write(dir)? {
            eprintln!("wrote {}", workflow.display());
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
