//! Rebuilds the site when a campaign file changes, and when a scheduled `publish_at` or
//! `expires_at` moment passes. The first event starts a rebuild at once (no debounce); events
//! that arrive while it runs supersede it, so an editor's burst of events for one save ends
//! in one rebuild of the saved file. Only a change to what a build reads counts (see
//! [`Inputs`]). A failed rebuild is reported, in the terminal and over the open pages, and
//! the last good site stays up.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Instant;

use anyhow::Context;
use lookout_site::{Outcome, Rebuilder, Rebuilt};
use notify::{RecursiveMode, Watcher};
use time::OffsetDateTime;

use super::inputs::Inputs;

/// What follows a good rebuild (a fresh report API if it needs one, then a reload of open
/// pages, or the overlay cleared). Runs on the rebuild thread.
pub type AfterRebuild = Box<dyn Fn(&Rebuilt) + Send>;

/// What follows a failed one, given the error (shown over the open pages).
pub type AfterFailure = Box<dyn Fn(&str) + Send>;

/// Watches `root` and rebuilds with `rebuilder` on every change to what a build reads. The
/// watcher stops when the returned value drops.
pub fn watch(
    root: &Path,
    rebuilder: Rebuilder,
    after_rebuild: AfterRebuild,
    after_failure: AfterFailure,
) -> anyhow::Result<notify::RecommendedWatcher> {
    let inputs = Inputs::new(root)?;
    let watched = inputs.root().to_path_buf();
    let (changed, changes) = channel::<Vec<PathBuf>>();
    let events = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&events);
    let root = watched.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading files (Access events, which the build itself causes) changes nothing.
        let Ok(event) = event else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        let paths: Vec<PathBuf> = event
            .paths
            .iter()
            .filter(|p| inputs.changed(p))
            .filter_map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
            .collect();
        if !paths.is_empty() {
            counter.fetch_add(1, Ordering::SeqCst);
            let _ = changed.send(paths);
        }
    })
    .context("starting the file watcher")?;
    watcher
        .watch(&watched, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", watched.display()))?;
    std::thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || rebuild_loop(rebuilder, &changes, &events, &after_rebuild, &after_failure))
        .context("starting the rebuild thread")?;
    Ok(watcher)
}

/// Until the watcher is dropped: wait for a change or the next scheduled moment, fold in what
/// has already arrived, rebuild.
fn rebuild_loop(
    mut rebuilder: Rebuilder,
    changes: &Receiver<Vec<PathBuf>>,
    events: &AtomicU64,
    after_rebuild: &AfterRebuild,
    after_failure: &AfterFailure,
) {
    while let Some(mut changed) = next_change(&rebuilder, changes) {
        while let Ok(more) = changes.try_recv() {
            changed.extend(more);
        }
        let seen = events.load(Ordering::SeqCst);
        let superseded = || events.load(Ordering::SeqCst) != seen;
        let started = Instant::now();
        match rebuilder.rebuild(changed, OffsetDateTime::now_utc(), &superseded) {
            Ok(Outcome::Rebuilt(rebuilt)) => {
                tracing::info!(
                    pages = rebuilt.pages,
                    made = rebuilt.made,
                    written = rebuilt.written.len(),
                    removed = rebuilt.removed.len(),
                    ms = started.elapsed().as_millis() as u64,
                    "rebuilt"
                );
                after_rebuild(&rebuilt);
            }
            Ok(Outcome::Unchanged | Outcome::Superseded) => {}
            Err(error) => {
                let message = error.to_string();
                super::complain(&format!("error: {message}"));
                after_failure(&message);
            }
        }
    }
}

/// The paths of the next change, or none (an empty list) when a scheduled moment comes
/// first; `None` once the watcher is gone.
fn next_change(rebuilder: &Rebuilder, changes: &Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    let Some(moment) = rebuilder.next_moment() else {
        return changes.recv().ok();
    };
    let wait = (moment - OffsetDateTime::now_utc())
        .try_into()
        .unwrap_or_default();
    match changes.recv_timeout(wait) {
        Ok(paths) => Some(paths),
        Err(RecvTimeoutError::Timeout) => Some(Vec::new()),
        Err(RecvTimeoutError::Disconnected) => None,
    }
}
