use anyhow::{Context, bail};
use lookout_site::check::check;
use time::OffsetDateTime;

use super::RootArg;

/// Check links, anchors, alt text, expiry, translations and reading level; errors fail.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
}

/// Prints every finding as `path:line: error|warning: message`, then a summary; fails only
/// when there are errors, so warnings never block a publish.
pub fn run(args: Args) -> anyhow::Result<()> {
    let root = &args.root.root;
    let report = check(root, OffsetDateTime::now_utc())
        .with_context(|| format!("could not check {}", root.display()))?;
    for finding in &report.findings {
        println!("{finding}");
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    println!(
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
