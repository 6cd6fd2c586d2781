//! `lookout reports purge`: what retention no longer allows, and, with `--unverified`,
//! `--repeats` or `--junk`, likely junk (`reports::junk`), deleted in bulk only once the team
//! has seen how many there are and a sample of them.

use std::collections::BTreeSet;
use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use lookout_functions::report::ReportId;
use lookout_functions::store::cases::CaseStore;

use crate::commands::out::say;
use lookout::casework::junk::{Filter, clear, clearable, likely};
use lookout::casework::{entries, readable_line};

/// How many reports are shown before the team decides.
const SAMPLE: usize = 5;

pub async fn expired(store: &dyn CaseStore) -> anyhow::Result<()> {
    let purged = store.purge_expired(now()).await?;
    say!("purged {purged} expired reports");
    Ok(())
}

/// Deletes the likely junk `filter` picks (`reports::junk`), not reports on hold, after showing
/// their count and a sample and being given that count back (typed at the terminal, or
/// `--confirm COUNT`).
pub async fn junk(
    store: &dyn CaseStore,
    filter: Filter,
    confirm: Option<usize>,
) -> anyhow::Result<()> {
    let entries = entries(store).await?;
    let found = likely(&entries, filter);
    let doomed = clearable(&entries, filter);
    let kept = found.len() - doomed.len();
    say!(
        "{} {} reports (sent without a solved challenge, or the same answers as an earlier one){}",
        doomed.len(),
        filter.describe(),
        if kept > 0 {
            format!("; {kept} more are kept (on hold, or the first of their answers)")
        } else {
            String::new()
        }
    );
    if doomed.is_empty() {
        return Ok(());
    }
    say!("a sample:");
    let doomed_ids: BTreeSet<&ReportId> = doomed.iter().map(|e| &e.report.id).collect();
    for (entry, why) in found
        .iter()
        .filter(|(e, _)| doomed_ids.contains(&e.report.id))
        .take(SAMPLE)
    {
        let report = &entry.report;
        say!(
            "  {} {} [{}] {}",
            report.id,
            report.received_on,
            why.describe(),
            readable_line(report)
        );
    }
    confirmed(doomed.len(), confirm)?;
    let deleted = clear(store, &doomed).await?;
    say!("deleted {deleted} reports");
    Ok(())
}

/// The count given back, or an error that deletes nothing.
fn confirmed(count: usize, confirm: Option<usize>) -> anyhow::Result<()> {
    match confirm {
        Some(given) if given == count => Ok(()),
        Some(given) => bail!(
            "--confirm {given} does not match the {count} reports there are now; nothing was \
             deleted"
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
