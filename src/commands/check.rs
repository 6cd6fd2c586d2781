use anyhow::{Context, bail};
use lookout_site::check::check;
use time::OffsetDateTime;

use super::RootArg;
use crate::commands::out::say;

/// Check links, anchors, alt text, expiry, translations and reading level; errors fail.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Also write what each language still needs, for translators, to FILE (Markdown).
    #[arg(long, value_name = "FILE")]
    translations: Option<std::path::PathBuf>,
    /// Also write the week's scheduled changes (pages appearing or taken down, and the pages
    /// linking to them) to FILE (Markdown), for an issue or a workflow's job summary.
    #[arg(long, value_name = "FILE")]
    this_week: Option<std::path::PathBuf>,
    /// Also try every link to another site (needs the network; off by default so that check
    /// works offline).
    #[arg(long)]
    external: bool,
}

/// Prints every finding as `path:line: error|warning: message`, then a summary; fails only
/// when there are errors, so warnings never block a publish.
pub fn run(args: Args) -> anyhow::Result<()> {
    let root = &args.root.path()?;
    let now = OffsetDateTime::now_utc();
    let mut report =
        check(root, now).with_context(|| format!("could not check {}", root.display()))?;
    if args.external {
        report
            .findings
            .extend(super::external::check(&report.external)?);
        report
            .findings
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }
    for finding in &report.findings {
        say!("{finding}");
    }
    if let Some(file) = &args.translations {
        let title = lookout_site::Config::read(&lookout_site::CampaignPaths::new(root))
            .map(|c| c.default_language().title.clone())
            .unwrap_or_default();
        let text = lookout_site::check::handoff::markdown(&title, &report.translations);
        std::fs::write(file, text).with_context(|| format!("writing {}", file.display()))?;
        say!("wrote the translators' list to {}", file.display());
    }
    if let Some(file) = &args.this_week {
        let config = lookout_site::Config::read(&lookout_site::CampaignPaths::new(root))?;
        let title = &config.default_language().title;
        let text =
            lookout_site::check::ahead::markdown(title, &report.upcoming, now, &config.time_zone);
        std::fs::write(file, text).with_context(|| format!("writing {}", file.display()))?;
        say!("wrote this week's scheduled changes to {}", file.display());
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    say!(
        "checked {} pages in {}: {errors} {}, {warnings} {}",
        report.pages,
        root.display(),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );
    if errors > 0 {
        bail!(
            "{errors} {} to fix in {}",
            plural(errors, "error", "errors"),
            root.display()
        );
    }
    Ok(())
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
