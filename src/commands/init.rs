//! `lookout init DIR`: a new, working campaign in the languages asked for, with the browser
//! editor and the publishing workflows; `lookout init --cms --ci DIR` adds those two to a
//! campaign that exists.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::scaffold::{list, write_new};
use super::starter;
use crate::commands::out::note;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to create; it must not exist or be empty (unless --cms or --ci is given for
    /// a campaign that exists).
    dir: PathBuf,
    /// The campaign's languages, the default first: `--languages en,pl,ur`.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "en",
        value_name = "CODES"
    )]
    languages: Vec<String>,
    /// The browser editor (Sveltia CMS at /admin/, configured from the campaign's schema).
    /// A new campaign gets it and the workflows unless one of the two is named.
    #[arg(long)]
    cms: bool,
    /// GitHub Actions workflows that check, build and publish on every push and every hour.
    #[arg(long)]
    ci: bool,
}

/// The questionnaire every starter campaign gets: the example's, ready to be rewritten.
const QUESTIONNAIRE: &str = include_str!("../../content/questionnaire.yaml");

pub fn run(args: Args) -> anyhow::Result<()> {
    let dir = &args.dir;
    if (args.cms || args.ci) && dir.join("config.yaml").is_file() {
        return extras(dir, args.cms, args.ci);
    }
    let languages = list(&args.languages);
    check_languages(&languages)?;
    if dir.exists()
        && fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!("{} already exists and is not empty", dir.display());
    }
    write_new(&dir.join("config.yaml"), &starter::config(&languages))?;
    write_new(&dir.join("questionnaire.yaml"), QUESTIONNAIRE)?;
    for (name, text) in starter::pages(&languages) {
        write_new(&dir.join("pages").join(name), &text)?;
    }
    // `lookout serve`'s local state and the default build output (with the copy a build keeps
    // to write the next one over) stay out of version control.
    let ignored = format!(
        "{}/\npublic/\n.public.lookout-*/\n",
        lookout_site::STATE_DIR
    );
    write_new(&dir.join(".gitignore"), &ignored)?;
    note!(
        "made a new campaign in {} ({})",
        dir.display(),
        languages.join(", ")
    );
    let both = !args.cms && !args.ci;
    extras(dir, args.cms || both, args.ci || both)?;
    note!("next: cd {} && lookout serve", dir.display());
    Ok(())
}

/// The browser editor and the publishing workflows, for a campaign that exists.
fn extras(dir: &Path, cms: bool, ci: bool) -> anyhow::Result<()> {
    if cms {
        let config = super::cms::write(dir)?;
        note!(
            "wrote the browser editor (/admin/), configured in {}",
            config.display()
        );
    }
    if ci {
        for workflow in super::ci::write(dir)? {
            note!("wrote {}", workflow.display());
        }
    }
    Ok(())
}

fn check_languages(languages: &[String]) -> anyhow::Result<()> {
    if languages.is_empty() {
        bail!("--languages: name at least one language, the default first (en,pl)");
    }
    for (i, code) in languages.iter().enumerate() {
        if !starter::is_language_code(code) {
            bail!("--languages: `{code}` is not a language code (such as en, pl or pt-br)");
        }
        if languages[..i].contains(code) {
            bail!("--languages: `{code}` is named twice");
        }
    }
    Ok(())
}
