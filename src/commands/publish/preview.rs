//! `lookout publish --preview NAME`: the campaign built as a preview for review (a banner on
//! every page, forms that do not send, `noindex`, robots.txt disallowing all) and uploaded to
//! the preview bucket under `NAME-<token>/`, where the preview distribution serves it at
//! `https://NAME-<token>.<preview domain>/`. The token (26 random base-32 characters, 130 bits)
//! makes the address unguessable; a preview published again under the same name keeps it, so
//! the address on a pull request stays the same. Previews live in a bucket of their own, behind
//! a distribution of their own: unreviewed content never runs on the reporters' origin, and a
//! live publish, which makes the site bucket hold exactly the build, never reaches them.
//!
//! Each host is its own preview because pages link to each other by root-relative addresses
//! (`/signs/`): a preview under a path of a shared host would lead out of itself.

use std::collections::BTreeSet;

use anyhow::{Context, bail};
use lookout_site::{BuildOptions, build_at, check::check};
use rand::Rng;
use time::OffsetDateTime;

use super::super::out::note;
use super::local::{self, LocalFile};
use super::{aws, bucket, say};

/// Where previews go (the publisher stack's preview outputs).
#[derive(clap::Args, Debug, Clone)]
pub struct PreviewTarget {
    /// The preview bucket (the publisher stack's PreviewBucketName output).
    #[arg(long, env = "LOOKOUT_PREVIEW_BUCKET", value_name = "NAME")]
    pub preview_bucket: Option<String>,
    /// The preview distribution (the publisher stack's PreviewDistributionId output).
    #[arg(long, env = "LOOKOUT_PREVIEW_DISTRIBUTION", value_name = "ID")]
    pub preview_distribution: Option<String>,
    /// The domain previews are served under, one host each (`preview.example.org`).
    #[arg(long, env = "LOOKOUT_PREVIEW_DOMAIN", value_name = "DOMAIN")]
    pub preview_domain: Option<String>,
}

const TOKEN_LENGTH: usize = 26;
const TOKEN_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Builds the campaign at `root` as a preview into `out` and publishes it as `name`.
pub fn publish(
    root: &std::path::Path,
    out: &std::path::Path,
    name: &str,
    target: &PreviewTarget,
) -> anyhow::Result<()> {
    let (bucket, distribution, domain) = target.require()?;
    check_name(name)?;
    let now = OffsetDateTime::now_utc();
    warn_check_errors(root, now)?;
    runtime()?.block_on(async {
        let clients = aws::clients().await;
        let existing = existing_prefixes(&clients.s3, bucket, name).await?;
        let prefix = match existing.iter().next() {
            Some(prefix) => prefix.clone(),
            None => format!("{name}-{}", token()),
        };
        let address = format!("https://{prefix}.{}", domain.trim_end_matches('/'));
        let options = BuildOptions {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            base_url: Some(address.clone()),
            preview: true,
            ..BuildOptions::default()
        };
        let report = build_at(&options, now)
            .with_context(|| format!("could not build {}", root.display()))?;
        say(format_args!(
            "built the preview: {} pages ({} files) into {}",
            report.pages,
            report.files,
            out.display()
        ));
        let files: Vec<LocalFile> = local::files(out)?
            .into_iter()
            .map(|f| LocalFile {
                key: format!("{prefix}/{}", f.key),
                ..f
            })
            .collect();
        let keep: BTreeSet<&str> = files.iter().map(|f| f.key.as_str()).collect();
        let remote = bucket::list_under(&clients.s3, bucket, &format!("{prefix}/")).await?;
        let stale: Vec<String> = remote
            .into_keys()
            .filter(|k| !keep.contains(k.as_str()))
            .collect();
        // Every file goes up again, so the lifecycle rule counts a preview's days from its
        // last publish, not its first.
        let uploads: Vec<&LocalFile> = files.iter().collect();
        bucket::upload(&clients.s3, bucket, &uploads).await?;
        bucket::remove(&clients.s3, bucket, &stale).await?;
        let id = aws::invalidate_all(&clients.cloudfront, distribution).await?;
        say(format_args!(
            "uploaded {} files to s3://{bucket}/{prefix}/, removed {}; invalidated /* on {distribution} ({id})",
            uploads.len(),
            stale.len()
        ));
        say(format_args!("preview: {address}/"));
        Ok(())
    })
}

/// Removes every preview published as `name`.
pub fn remove(name: &str, target: &PreviewTarget) -> anyhow::Result<()> {
    let (bucket, distribution, _) = target.require()?;
    check_name(name)?;
    runtime()?.block_on(async {
        let clients = aws::clients().await;
        let mut removed = 0;
        for prefix in existing_prefixes(&clients.s3, bucket, name).await? {
            let keys: Vec<String> = bucket::list_under(&clients.s3, bucket, &format!("{prefix}/"))
                .await?
                .into_keys()
                .collect();
            removed += keys.len();
            bucket::remove(&clients.s3, bucket, &keys).await?;
        }
        if removed == 0 {
            say(format_args!("no preview named {name} in s3://{bucket}"));
            return Ok(());
        }
        let id = aws::invalidate_all(&clients.cloudfront, distribution).await?;
        say(format_args!(
            "removed the preview {name} ({removed} files); invalidated /* on {distribution} ({id})"
        ));
        Ok(())
    })
}

impl PreviewTarget {
    /// A preview is unreviewed content: it never goes to the live site's bucket or
    /// distribution, even when a setting names them by mistake.
    pub fn apart_from(
        &self,
        bucket: Option<&str>,
        distribution: Option<&str>,
    ) -> anyhow::Result<()> {
        let same = |preview: &Option<String>, live: Option<&str>| {
            preview.is_some() && preview.as_deref() == live
        };
        if same(&self.preview_bucket, bucket) || same(&self.preview_distribution, distribution) {
            bail!(
                "--preview names the live site's bucket or distribution: a preview goes only to \
                 the preview bucket and distribution (the publisher stack's Preview* outputs)"
            );
        }
        Ok(())
    }

    fn require(&self) -> anyhow::Result<(&str, &str, &str)> {
        let missing = |what: &str, variable: &str| {
            anyhow::anyhow!("--preview needs --{what} (or {variable}): see infra/PUBLISHING.md")
        };
        Ok((
            self.preview_bucket
                .as_deref()
                .ok_or_else(|| missing("preview-bucket", "LOOKOUT_PREVIEW_BUCKET"))?,
            self.preview_distribution
                .as_deref()
                .ok_or_else(|| missing("preview-distribution", "LOOKOUT_PREVIEW_DISTRIBUTION"))?,
            self.preview_domain
                .as_deref()
                .ok_or_else(|| missing("preview-domain", "LOOKOUT_PREVIEW_DOMAIN"))?,
        ))
    }
}

/// A name that is one label of a host name with the token after it: `pr-12`.
fn check_name(name: &str) -> anyhow::Result<()> {
    let fits = !name.is_empty()
        && name.len() <= 30
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !fits {
        bail!(
            "--preview {name:?}: a preview's name is 1 to 30 lower-case letters, digits and -, starting with a letter or digit (such as pr-12)"
        );
    }
    Ok(())
}

/// The prefixes (`NAME-<token>`) previews named `name` are under.
async fn existing_prefixes(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    name: &str,
) -> anyhow::Result<BTreeSet<String>> {
    let keys = bucket::list_under(s3, bucket, &format!("{name}-")).await?;
    Ok(keys
        .keys()
        .filter_map(|key| key.split_once('/').map(|(first, _)| first))
        .filter(|first| {
            first
                .strip_prefix(&format!("{name}-"))
                .is_some_and(is_token)
        })
        .map(str::to_string)
        .collect())
}

fn is_token(text: &str) -> bool {
    text.len() == TOKEN_LENGTH && text.bytes().all(|b| TOKEN_ALPHABET.contains(&b))
}

/// 26 base-32 characters from the operating system's generator: 130 bits.
fn token() -> String {
    let mut rng = rand::rng();
    (0..TOKEN_LENGTH)
        .map(|_| TOKEN_ALPHABET[rng.random_range(0..TOKEN_ALPHABET.len())] as char)
        .collect()
}

/// A preview shows a change for review, broken links and all: `check`'s errors are told, not
/// a reason to refuse (a live publish refuses them).
fn warn_check_errors(root: &std::path::Path, now: OffsetDateTime) -> anyhow::Result<()> {
    let report = check(root, now).with_context(|| format!("could not check {}", root.display()))?;
    if report.has_errors() {
        for finding in report
            .findings
            .iter()
            .filter(|f| f.severity == lookout_site::check::Severity::Error)
        {
            note!("{finding}");
        }
        note!(
            "`lookout check` finds {} error(s): the preview is published anyway, a live publish would refuse",
            report.errors()
        );
    }
    Ok(())
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_never_targets_the_live_bucket_or_distribution() {
        let target = PreviewTarget {
            preview_bucket: Some("previews".into()),
            preview_distribution: Some("EPREVIEW".into()),
            preview_domain: Some("preview.example.org".into()),
        };
        assert!(target.apart_from(Some("site"), Some("ELIVE")).is_ok());
        assert!(target.apart_from(None, None).is_ok());
        assert!(target.apart_from(Some("previews"), Some("ELIVE")).is_err());
        assert!(target.apart_from(Some("site"), Some("EPREVIEW")).is_err());
    }

    #[test]
    fn names_are_host_labels_and_tokens_are_long_and_random() {
        assert!(check_name("pr-12").is_ok());
        for bad in ["", "-pr", "PR-1", "pr_1", "a.b", &"x".repeat(31)] {
            assert!(check_name(bad).is_err(), "{bad:?} accepted");
        }
        let (a, b) = (token(), token());
        assert!(is_token(&a) && is_token(&b), "{a} {b}");
        assert_ne!(a, b);
    }
}
