//! Rebuilds the site when a campaign file changes. Changes arriving close together are folded
//! into one build; a failed build is reported and the last good site stays up.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use lookout_site::{BuildOptions, build};
use notify::{RecursiveMode, Watcher};

use super::inputs::Inputs;

/// What follows a successful rebuild (a fresh report API, then a reload of open pages).
pub type AfterRebuild = Box<dyn Fn() + Send + Sync>;

/// What follows a failed one, given the error (shown over the open pages).
pub type AfterFailure = Box<dyn Fn(&str) + Send + Sync>;

/// Watches `root` and rebuilds with `options` on every change to what a build reads (see
/// [`Inputs`]). The watcher stops when the returned value drops.
pub fn watch(
    root: &Path,
    options: BuildOptions,
    after_rebuild: AfterRebuild,
    after_failure: AfterFailure,
) -> anyhow::Result<notify::RecommendedWatcher> {
    let inputs = Inputs::new(root)?;
    let root = inputs.root().to_path_buf();
    let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading files (Access events, which the build itself causes) changes nothing.
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
            && event.paths.iter().any(|p| inputs.changed(p))
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
                Ok(Err(error)) => {
                    let message = error.to_string();
                    super::complain(&format!("error: {message}"));
                    after_failure(&message);
                }
                Err(error) => {
                    super::complain(&format!("error: the rebuild stopped unexpectedly: {error}"))
                }
            }
        }
    });
    Ok(watcher)
}
