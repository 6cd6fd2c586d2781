//! `lookout check --external`: every link to another site tried once with lychee, the
//! well-kept link checker, each address once however many pages link to it. A link that
//! answers with an error is an error at each line that writes it; one that does not answer in
//! time is a warning (the site may only be slow today).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use lookout_site::check::{ExternalLink, Finding, Severity};
use lychee_lib::{ClientBuilder, Status};
use tokio::sync::Semaphore;

/// How many sites are asked at once: polite to them, quick enough for a campaign's links.
const AT_ONCE: usize = 8;
const TIMEOUT: Duration = Duration::from_secs(20);

/// The findings for the links that do not work.
pub fn check(links: &[ExternalLink]) -> anyhow::Result<Vec<Finding>> {
    let mut by_url: BTreeMap<&str, Vec<&ExternalLink>> = BTreeMap::new();
    for link in links {
        by_url.entry(link.url.as_str()).or_default().push(link);
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let statuses = runtime.block_on(statuses(by_url.keys().map(|u| u.to_string()).collect()))?;
    let mut findings = Vec::new();
    for (url, status) in statuses {
        let (severity, why) = match status {
            Outcome::Fine => continue,
            Outcome::Slow(why) => (Severity::Warning, why),
            Outcome::Broken(why) => (Severity::Error, why),
        };
        for link in by_url.get(url.as_str()).into_iter().flatten() {
            findings.push(Finding::new(
                severity,
                &link.path,
                Some(link.line),
                format!("external link {url} does not work: {why}"),
            ));
        }
    }
    Ok(findings)
}

enum Outcome {
    Fine,
    Slow(String),
    Broken(String),
}

async fn statuses(urls: Vec<String>) -> anyhow::Result<Vec<(String, Outcome)>> {
    let client = ClientBuilder::builder()
        .max_retries(1u64)
        .timeout(TIMEOUT)
        .build()
        .client()
        .context("setting up the link checker")?;
    let limit = Arc::new(Semaphore::new(AT_ONCE));
    let mut tasks = tokio::task::JoinSet::new();
    for url in urls {
        let (client, limit) = (client.clone(), Arc::clone(&limit));
        tasks.spawn(async move {
            let _turn = limit.acquire().await;
            let outcome = match client.check(url.as_str()).await {
                Ok(response) => outcome(response.status()),
                Err(error) => Outcome::Broken(error.to_string()),
            };
            (url, outcome)
        });
    }
    let mut out = Vec::new();
    while let Some(done) = tasks.join_next().await {
        out.push(done.context("a link check stopped unexpectedly")?);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn outcome(status: &Status) -> Outcome {
    if status.is_success() || status.is_excluded() || status.is_unsupported() {
        Outcome::Fine
    } else if status.is_timeout() {
        Outcome::Slow(format!("no answer within {} s", TIMEOUT.as_secs()))
    } else {
        Outcome::Broken(status.to_string())
    }
}
