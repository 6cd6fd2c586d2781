//! What open pages hear from the dev server: `reload` after a good rebuild, and a failed
//! rebuild's error (the located message the terminal prints) for the live-reload script to
//! show over the page, until the next good build clears it. A page opened while the build is
//! broken is told at once, so the error is on every page the author looks at.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::response::sse::{Event, KeepAlive, Sse};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// The script every page of the preview loads.
pub const SCRIPT: &str = lookout_site::LIVE_RELOAD_SCRIPT;

#[derive(Debug, Clone)]
enum Notice {
    Reload,
    Failed(String),
}

/// The state of the last rebuild, and everyone listening for the next one.
#[derive(Clone)]
pub struct Live {
    notices: broadcast::Sender<Notice>,
    failure: Arc<RwLock<Option<String>>>,
}

impl Live {
    pub fn new() -> Self {
        let (notices, _) = broadcast::channel(16);
        Self {
            notices,
            failure: Arc::new(RwLock::new(None)),
        }
    }

    /// A good rebuild: the error (if any) is gone, and open pages reload.
    pub fn rebuilt(&self) {
        *self.failure.write().unwrap_or_else(|p| p.into_inner()) = None;
        let _ = self.notices.send(Notice::Reload);
    }

    /// Whether open pages are showing a build error.
    pub fn is_failing(&self) -> bool {
        self.failure
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// A failed rebuild, with the error as the terminal says it; the last good site stays.
    pub fn failed(&self, message: &str) {
        *self.failure.write().unwrap_or_else(|p| p.into_inner()) = Some(message.to_string());
        let _ = self.notices.send(Notice::Failed(message.to_string()));
    }

    /// The event stream of one open page: the current error first, if there is one.
    pub fn events(&self) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
        let current = self
            .failure
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .map(Notice::Failed);
        let later = BroadcastStream::new(self.notices.subscribe()).map(|notice| match notice {
            Ok(notice) => notice,
            // A lagged page missed some notices; reloading once covers them all.
            Err(_) => Notice::Reload,
        });
        let stream = tokio_stream::iter(current)
            .chain(later)
            .map(|n| Ok(event(n)));
        Sse::new(stream).keep_alive(KeepAlive::default())
    }
}

fn event(notice: Notice) -> Event {
    match notice {
        Notice::Reload => Event::default().data("reload"),
        Notice::Failed(message) => {
            let data = serde_json::json!({ "message": message }).to_string();
            Event::default().event("build-error").data(data)
        }
    }
}
