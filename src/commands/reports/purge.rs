//! `lookout reports purge`: what retention no longer allows, and, with `--unverified`, the
//! reports that came without a solved challenge, deleted in bulk only once the team has seen
//! how many there are and a sample of them.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use lookout_functions::store::cases::CaseStore;

use super::casework::{Entry, entries, readable_line};
use crate::commands::out::say;

/// How many unverified reports are shown before the team decides.
const SAMPLE: usize = 5;

pub async fn expired(store: &dyn CaseStore) -> anyhow::Result<()> {
    let purged = store.purge_expired(now()).await?;
    say!("purged {purged} expired reports");
    Ok(())
}

/// Deletes the unverified reports not on hold, after showing their count and a sample and
/// being given that count back (typed at the terminal, or `--confirm COUNT`).
pub async fn unverified(store: &dyn CaseStore, confirm: Option<usize>) -> anyhow::Result<()> {
    let entries = entries(store).await?;
    let doomed: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.report.verified == Some(false) && e.case.hold.is_none())
        .collect();
    let held = entries
        .iter()
        .filter(|e| e.report.verified == Some(false) && e.case.hold.is_some())
        .count();
    say!(
        "{} unverified reports (sent without a solved challenge){}",
        doomed.len(),
        if held > 0 {
            format!("; {held} more are on hold and are kept")
        } else {
            String::new()
        }
    );
    if doomed.is_empty() {
        return Ok(());
    }
    say!("a sample:");
    for entry in doomed.iter().take(SAMPLE) {
        let report = &entry.report;
        say!(
            "  {} {} {}",
            report.id,
            report.received_on,
            readable_line(report)
        );
    }
    confirmed(doomed.len(), confirm)?;
    let now = now();
    for entry in &doomed {
        store.set_expiry(&entry.report.id, now).await?;
    }
    let deleted = store.purge_expired(now).await?;
    say!("deleted {deleted} reports");
    Ok(())
}

/// The count given back, or an error that deletes nothing.
fn confirmed(count: usize, confirm: Option<usize>) -> anyhow::Result<()> {
    match confirm {
        Some(given) if given == count => Ok(()),
        Some(given) => bail!(
            "--confirm {given} does not match the {count} unverified reports there are now; \
             nothing was deleted"
        ),
        None if std::io::stdin().is_terminal() => {
            let _ = write!(
                std::io::stdout().lock(),
                "Type {count} to delete them, anything else to stop: "
            );
            std::io::stdout().flush().context("writing the question")?;
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("reading the answer")?;
            if line.trim() == count.to_string() {
                Ok(())
            } else {
                bail!("not confirmed; nothing was deleted")
            }
        }
        None => bail!(
            "to delete them, run again with --confirm {count} (the count above); nothing was \
             deleted"
        ),
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
