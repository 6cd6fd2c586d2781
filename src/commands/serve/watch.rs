//! Rebuilds the site when a campaign file changes. Changes arriving close together are folded
//! into one build; a failed build is reported and the last good site stays up.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use lookout_site::{BuildOptions, build};
use notify::{RecursiveMode, Watcher};

/// What follows a successful rebuild (a fresh report API, then a reload of open pages).
pub type AfterRebuild = Box<dyn Fn() + Send + Sync>;

/// Watches `root` (ignoring `ignored`, where the server keeps its state and output) and
/// rebuilds with `options` on every change. The watcher stops when the returned value drops.
pub fn watch(
    root: &Path,
    ignored: &Path,
    options: BuildOptions,
    after_rebuild: AfterRebuild,
) -> anyhow::Result<notify::RecommendedWatcher> {
    // Event paths come back absolute; compare them with absolute paths, or nothing matches.
    let root = canonical(root)?;
    let ignored = canonical(ignored).unwrap_or_else(|_| root.join(ignored));
    let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading files (Access events, which the build itself causes) changes nothing.
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
            && event.paths.iter().any(|p| !p.starts_with(&ignored))
        {
            let _ = changed.send(());
        }
    })
    .context("starting the file watcher")?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", root.display()))?;

    let options = Arc::new(options);
    tokio::spawn(async move {
        while changes.recv().await.is_some() {
            tokio::time::sleep(Duration::from_millis(150)).await;
            while changes.try_recv().is_ok() {}
            let options = Arc::clone(&options);
            match tokio::task::spawn_blocking(move || build(&options)).await {
                Ok(Ok(report)) => {
                    tracing::info!(pages = report.pages, "rebuilt");
                    after_rebuild();
                }
                Ok(Err(error)) => super::complain(&format!("error: {error}")),
                Err(error) => {
                    super::complain(&format!("error: the rebuild stopped unexpectedly: {error}"))
                }
            }
        }
    });
    Ok(watcher)
}

fn canonical(path: &Path) -> anyhow::Result<PathBuf> {
    path.canonicalize()
        .with_context(|| format!("finding {}", path.display()))
}
