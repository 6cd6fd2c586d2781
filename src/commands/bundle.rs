//! `lookout bundle stage | compare`: the functions' bundle on its way to the cloud. `stage`
//! copies the built site's `_lookout/` into the Lambda layer's folder (what `sam build`
//! packages), only as the build wrote it, and prints the digest the stack passes to the
//! functions (keeping `BundleSha256` in the saved deploy settings in step); `compare` says,
//! before a site upload by hand, whether the staged bundle is still the built site's. The
//! contract itself is `lookout_bundle`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use lookout_questionnaire::shell;

use super::RootArg;
use crate::commands::out::say;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    root: RootArg,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Copy the built site's bundle into the Lambda layer's folder, as the build wrote it.
    Stage {
        #[command(flatten)]
        folders: Folders,
        /// The saved deploy settings whose BundleSha256 is kept in step (if they name one).
        #[arg(
            long,
            env = "LOOKOUT_SAMCONFIG",
            default_value = "infra/samconfig.toml",
            value_name = "FILE"
        )]
        samconfig: PathBuf,
    },
    /// Say whether the staged bundle is still the one the built site holds.
    Compare {
        #[command(flatten)]
        folders: Folders,
    },
}

#[derive(clap::Args)]
struct Folders {
    /// The built site (as `lookout build --out`).
    #[arg(long, default_value = "public", value_name = "DIR")]
    site: PathBuf,
    /// The layer's folder (template.yaml's CampaignBundle ContentUri); the bundle goes into
    /// its `lookout/` folder.
    #[arg(long, default_value = "infra/bundle", value_name = "DIR")]
    layer: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Command::Stage { folders, samconfig } => stage(&args.root, &folders, &samconfig),
        Command::Compare { folders } => {
            lookout_bundle::compare(&folders.site, &folders.layer)?;
            say!("the staged bundle matches {}", folders.site.display());
            Ok(())
        }
    }
}

fn stage(root: &RootArg, folders: &Folders, samconfig: &Path) -> anyhow::Result<()> {
    let campaign = root.path()?;
    let staged = lookout_bundle::stage(&campaign, &folders.site, &folders.layer)?;
    let shells = staged
        .names
        .iter()
        .filter(|name| shell::lang_of(name).is_some())
        .count();
    say!(
        "staged the bundle ({} files, {shells} page shell(s)) in {}, as built",
        staged.names.len(),
        staged.dir.display()
    );
    let settings = std::fs::read_to_string(samconfig).ok();
    match settings.and_then(|s| with_digest(&s, &staged.digest)) {
        Some(updated) => {
            std::fs::write(samconfig, updated)
                .with_context(|| format!("writing {}", samconfig.display()))?;
            say!(
                "BundleSha256={} written to {}; now: cd infra && sam build && sam deploy",
                staged.digest,
                samconfig.display()
            );
        }
        None => say!(
            "deploy with BundleSha256={} (sam deploy --guided asks for it, and saves it)",
            staged.digest
        ),
    }
    Ok(())
}

/// `settings` with the digest after `BundleSha256=` (quoted or not) replaced by `digest`;
/// `None` when they name none.
fn with_digest(settings: &str, digest: &str) -> Option<String> {
    const KEY: &str = "BundleSha256=";
    let at = settings.find(KEY)? + KEY.len();
    let rest = &settings[at..];
    let quotes = rest.len() - rest.trim_start_matches(['\\', '"']).len();
    let start = at + quotes;
    let hex = settings[start..]
        .bytes()
        .take_while(u8::is_ascii_hexdigit)
        .count();
    Some(format!(
        "{}{digest}{}",
        &settings[..start],
        &settings[start + hex..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_replaces_the_saved_one_quoted_or_not() {
        let saved = r#"parameter_overrides = "TeamRecipients=\"age1x\" BundleSha256=\"0000\" X=1""#;
        assert_eq!(
            with_digest(saved, "ab12").unwrap(),
            r#"parameter_overrides = "TeamRecipients=\"age1x\" BundleSha256=\"ab12\" X=1""#
        );
        assert_eq!(
            with_digest("BundleSha256=ff x", "12").unwrap(),
            "BundleSha256=12 x"
        );
        assert_eq!(with_digest("stack_name = \"x\"", "12"), None);
    }
}
