//! `lookout publish [--dry-run]`: checks and builds the campaign, then makes the site bucket
//! hold exactly the build (uploading only what changed, removing what is gone) and invalidates
//! CloudFront. It refuses a campaign with `check` errors, and a build whose functions' bundle
//! (questionnaire, page shells, spam setting) is not the one the functions were deployed with,
//! so the form and its validation never disagree.

mod aws;
mod bucket;
mod bundle;
mod local;
mod plan;
mod preview;

use std::collections::BTreeMap;
use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use lookout_bundle::{Bundle, DIGEST_VARIABLE, MANIFEST, Manifest};
use lookout_site::{BuildOptions, build_at, check::check};
use time::OffsetDateTime;

use super::RootArg;
use crate::commands::out::note;
use local::LocalFile;
use plan::{Plan, Why};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Where the site is built before it is uploaded (replaced whole, as by `lookout build`).
    #[arg(long, default_value = "public", value_name = "DIR")]
    out: PathBuf,
    /// The bucket the site is served from (the stack's SiteBucketName output).
    #[arg(
        long,
        env = "LOOKOUT_BUCKET",
        value_name = "NAME",
        required_unless_present = "preview"
    )]
    bucket: Option<String>,
    /// The CloudFront distribution in front of it (the stack's DistributionId output).
    #[arg(
        long,
        env = "LOOKOUT_DISTRIBUTION",
        value_name = "ID",
        required_unless_present = "preview"
    )]
    distribution: Option<String>,
    /// A deployed report function (name or ARN), repeated or comma-separated: each must run
    /// with this build's questionnaire and page shells.
    #[arg(
        long = "function",
        env = "LOOKOUT_FUNCTIONS",
        value_delimiter = ',',
        required_unless_present = "preview",
        value_name = "NAME"
    )]
    functions: Vec<String>,
    /// Publish a preview for review named NAME (`pr-12`) to the preview bucket instead: a
    /// banner on every page, forms that do not send, kept out of search engines, at an
    /// unguessable address it prints. The live site is not touched.
    #[arg(long, value_name = "NAME")]
    preview: Option<String>,
    /// With --preview: remove that preview instead.
    #[arg(long, requires = "preview")]
    remove: bool,
    #[command(flatten)]
    preview_target: preview::PreviewTarget,
    /// Say what would change, and change nothing.
    #[arg(long, conflicts_with = "preview")]
    dry_run: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.preview.is_some() {
        args.preview_target
            .apart_from(args.bucket.as_deref(), args.distribution.as_deref())?;
    }
    match (&args.preview, args.remove) {
        (Some(name), true) => return preview::remove(name, &args.preview_target),
        (Some(name), false) => {
            let root = &args.root.path()?;
            return preview::publish(root, &args.out, name, &args.preview_target);
        }
        (None, _) => {}
    }
    let root = &args.root.path()?;
    let now = OffsetDateTime::now_utc();
    refuse_check_errors(root, now)?;
    let options = BuildOptions {
        root: root.clone(),
        out: args.out.clone(),
        ..BuildOptions::default()
    };
    let report =
        build_at(&options, now).with_context(|| format!("could not build {}", root.display()))?;
    say(format_args!(
        "built {} pages ({} files) into {}",
        report.pages,
        report.files,
        args.out.display()
    ));
    if let Some(next) = &report.next_change {
        say(super::build::next_change_line(next));
    }
    let bundle = bundle::built(&args.out)?;
    let files = local::files(&args.out)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(publish(&args, &files, &bundle))
}

/// Warnings are printed by `lookout check`; errors stop a publish.
fn refuse_check_errors(root: &Path, now: OffsetDateTime) -> anyhow::Result<()> {
    let report = check(root, now).with_context(|| format!("could not check {}", root.display()))?;
    if !report.has_errors() {
        return Ok(());
    }
    for finding in report
        .findings
        .iter()
        .filter(|f| f.severity == lookout_site::check::Severity::Error)
    {
        note!("{finding}");
    }
    bail!(
        "not published: `lookout check --root {}` finds {} error(s) to fix first",
        root.display(),
        report.errors()
    )
}

async fn publish(args: &Args, files: &[LocalFile], bundle: &Bundle) -> anyhow::Result<()> {
    let (Some(site_bucket), Some(distribution)) = (&args.bucket, &args.distribution) else {
        bail!(
            "publish needs --bucket and --distribution (or LOOKOUT_BUCKET, LOOKOUT_DISTRIBUTION)"
        );
    };
    let clients = aws::clients().await;
    let remote = bucket::list(&clients.s3, site_bucket).await?;
    let deployed = aws::deployed_digests(&clients.lambda, &args.functions).await?;
    let this_build = bundle.digest();
    let stale: Vec<&(String, Option<String>)> = deployed
        .iter()
        .filter(|(_, digest)| digest.as_deref() != Some(this_build.as_str()))
        .collect();
    if !stale.is_empty() {
        return refuse_other_bundle(args, site_bucket, &clients, files, &remote, bundle, &stale)
            .await;
    }
    // The functions run with this build's shells (same digest): what those refer to stays.
    let in_use = bundle::shell_assets(bundle);
    let plan = plan::plan(files, &remote, &in_use);
    tell(&plan, args.dry_run);
    if args.dry_run {
        say(format_args!("{}; dry run, nothing changed", summary(&plan)));
        return Ok(());
    }
    let uploads: Vec<&LocalFile> = plan.uploads.iter().map(|(f, _)| *f).collect();
    bucket::upload(&clients.s3, site_bucket, &uploads).await?;
    bucket::remove(&clients.s3, site_bucket, &plan.removals).await?;
    if plan.changes_anything() {
        let id = aws::invalidate_all(&clients.cloudfront, distribution).await?;
        say(format_args!(
            "{}; invalidated /* on {} ({id})",
            summary(&plan),
            distribution
        ));
    } else {
        say(format_args!("{}; the site was up to date", summary(&plan)));
    }
    Ok(())
}

/// The functions would validate the built form differently (or render answers in other page
/// shells): refuse, naming the files that differ where the bucket's manifest shows them. The
/// new fingerprinted files go up first, as nothing refers to them yet, so the functions can be
/// redeployed at once without their answer pages missing a stylesheet.
async fn refuse_other_bundle(
    args: &Args,
    site_bucket: &str,
    clients: &aws::Clients,
    files: &[LocalFile],
    remote: &BTreeMap<String, String>,
    bundle: &Bundle,
    stale: &[&(String, Option<String>)],
) -> anyhow::Result<()> {
    let published_key = format!("{}/{MANIFEST}", lookout_bundle::DIR);
    let published = bucket::read_text(&clients.s3, site_bucket, &published_key).await?;
    let deployed_digest = stale.iter().find_map(|(_, d)| d.clone());
    let differing = match (published, deployed_digest) {
        (Some(text), Some(digest)) if lookout_bundle::digest(text.as_bytes()) == digest => {
            Manifest::parse(&text, Path::new(&published_key))
                .map(|published| bundle.manifest.differing(&published))
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let new_assets: Vec<&LocalFile> = files
        .iter()
        .filter(|f| local::is_fingerprinted(&f.key) && !remote.contains_key(&f.key))
        .collect();
    if !new_assets.is_empty() && !args.dry_run {
        bucket::upload(&clients.s3, site_bucket, &new_assets).await?;
        say(format_args!(
            "uploaded {} new fingerprinted file(s) ahead of the functions (nothing refers to them yet)",
            new_assets.len()
        ));
    }
    let which = if differing.is_empty() {
        "its questionnaire, page shells or spam setting differ".to_string()
    } else {
        format!("{} differ(s)", differing.join(", "))
    };
    let functions: Vec<String> = stale
        .iter()
        .map(|(name, digest)| match digest {
            Some(d) => format!("{name} runs with bundle {}", short(d)),
            None => format!(
                "{name} carries no {} (deployed without it)",
                DIGEST_VARIABLE
            ),
        })
        .collect();
    bail!(
        "not published: this build's functions' bundle ({}) is not the deployed one: {which} \
         ({}). The form and its validation would disagree. Redeploy the functions with this \
         build first (lookout bundle stage --root {} --site {}, then sam build && sam deploy \
         in infra/), then run lookout publish again",
        short(&bundle.digest()),
        functions.join("; "),
        args.root.path_or_here().display(),
        args.out.display()
    )
}

fn short(digest: &str) -> &str {
    digest.get(..12).unwrap_or(digest)
}

fn tell(plan: &Plan<'_>, dry_run: bool) {
    let (upload, remove) = if dry_run {
        ("would upload", "would remove")
    } else {
        ("upload", "remove")
    };
    for (file, why) in &plan.uploads {
        let why = match why {
            Why::New => "new",
            Why::Changed => "changed",
        };
        say(format_args!("  {upload} {} ({why})", file.key));
    }
    for key in &plan.removals {
        say(format_args!("  {remove} {key} (gone from the build)"));
    }
    for key in &plan.kept {
        say(format_args!(
            "  keep {key} (gone from the build, but the deployed functions' page shells use it)"
        ));
    }
}

fn summary(plan: &Plan<'_>) -> String {
    let new = plan.uploads.iter().filter(|(_, w)| *w == Why::New).count();
    format!(
        "{} uploaded ({new} new, {} changed), {} removed, {} unchanged",
        plan.uploads.len(),
        plan.uploads.len() - new,
        plan.removals.len(),
        plan.unchanged
    )
}

/// One line of what publish did, on stdout; a closed pipe does not stop the publish.
fn say(line: impl Display) {
    let _ = writeln!(std::io::stdout(), "{line}");
}
