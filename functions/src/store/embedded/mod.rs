//! The embedded store used by `lookout serve`: one redb database file (by convention
//! `<campaign>/.lookout/reports.redb`). Every write is one ACID write transaction, committed
//! durably (redb's default `Durability::Immediate`) before the call returns.
//!
//! redb is synchronous, so every call runs on tokio's blocking thread pool and never blocks the
//! async runtime.
//!
//! The file is held open while the store is busy and closed once it has been idle for a
//! moment, rather than for the life of the store: redb locks the file while it is open, and
//! the triage team must be able to run `lookout reports` while `lookout serve` is taking
//! reports. Opening is slow (a burst of 200 inserts took 60 times longer when each opened the
//! file), so it is not done per operation. An operation that finds the file held by another
//! process waits for it a little.

mod calls;
mod cases;
mod challenges;
mod tables;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use redb::Database;

use super::StoreError;
use tables::{CASE_EVENTS, MESSAGES, RECEIPTS, REPORTS, unavailable};

/// How long an operation waits for another process to close the database file.
const BUSY_WAIT: Duration = Duration::from_secs(3);
/// How long the file stays open after the last operation.
const IDLE_CLOSE: Duration = Duration::from_millis(300);

/// A report store in one redb database file.
#[derive(Clone)]
pub struct EmbeddedStore {
    path: Arc<PathBuf>,
    open: Arc<Mutex<OpenFile>>,
}

/// The database while it is open, and when it was last used.
#[derive(Default)]
struct OpenFile {
    db: Option<Arc<Database>>,
    last_used: Option<Instant>,
}

impl std::fmt::Debug for EmbeddedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedStore").finish_non_exhaustive()
    }
}

impl EmbeddedStore {
    /// Opens (or creates) the database file at `path`, creating its parent folder if needed.
    ///
    /// Fails with [`StoreError::Unavailable`] when the file cannot be created or opened, for
    /// example when another process (or another handle in this one) holds it open.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::Unavailable(format!(
                    "creating the folder of the report database {}: {e}",
                    parent.display()
                ))
            })?;
        }
        let db = open_database(path)?;
        owner_only(path)?;
        // Create every table up front so read transactions never meet a missing table.
        let txn = db
            .begin_write()
            .map_err(unavailable("starting a write transaction"))?;
        {
            txn.open_table(REPORTS)
                .map_err(unavailable("creating the reports table"))?;
            txn.open_table(RECEIPTS)
                .map_err(unavailable("creating the receipts table"))?;
            txn.open_table(challenges::CHALLENGES)
                .map_err(unavailable("creating the challenges table"))?;
            txn.open_table(MESSAGES)
                .map_err(unavailable("creating the messages table"))?;
            txn.open_table(CASE_EVENTS)
                .map_err(unavailable("creating the case events table"))?;
        }
        txn.commit()
            .map_err(unavailable("committing the table creation"))?;
        drop(db);
        let store = Self {
            path: Arc::new(path.to_path_buf()),
            open: Arc::new(Mutex::new(OpenFile::default())),
        };
        close_when_idle(Arc::downgrade(&store.open));
        Ok(store)
    }

    /// The open database, opening the file if it is closed.
    fn database(&self) -> Result<Arc<Database>, StoreError> {
        let mut open = lock(&self.open);
        open.last_used = Some(Instant::now());
        if let Some(db) = &open.db {
            return Ok(Arc::clone(db));
        }
        let db = Arc::new(open_database(&self.path)?);
        open.db = Some(Arc::clone(&db));
        Ok(db)
    }

    /// Runs `f` with the database, opened for just this call, on the blocking thread pool.
    pub(super) async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Database) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || {
            let db = store.database()?;
            let result = f(&db);
            lock(&store.open).last_used = Some(Instant::now());
            result
        })
        .await
        .map_err(unavailable("the report database task failed"))?
    }
}

/// A poisoned lock only means another operation panicked; redb left nothing half-done.
fn lock(open: &Mutex<OpenFile>) -> std::sync::MutexGuard<'_, OpenFile> {
    open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Closes the file once no operation has used it for [`IDLE_CLOSE`]; the thread ends with the
/// store. Operations still running keep their own handle, so the file closes after them.
fn close_when_idle(open: Weak<Mutex<OpenFile>>) {
    std::thread::spawn(move || {
        while let Some(open) = open.upgrade() {
            {
                let mut open = lock(&open);
                if open.last_used.is_some_and(|at| at.elapsed() >= IDLE_CLOSE) {
                    open.db = None;
                    open.last_used = None;
                }
            }
            drop(open);
            std::thread::sleep(IDLE_CLOSE / 3);
        }
    });
}

/// Opens the file, waiting up to [`BUSY_WAIT`] while another process has it open.
/// The database holds sealed reports and the team's case work: readable by its owner only,
/// like the team's identity file (also a file made by an older version, on its next open).
/// On Windows a file takes its folder's access list; the campaign folder is under the
/// member's profile, which only they (and administrators) can read.
fn owner_only(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            StoreError::Unavailable(format!(
                "making the report database {} private: {e}",
                path.display()
            ))
        })?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn open_database(path: &Path) -> Result<Database, StoreError> {
    let started = Instant::now();
    loop {
        match Database::create(path) {
            Ok(db) => return Ok(db),
            Err(redb::DatabaseError::DatabaseAlreadyOpen) if started.elapsed() < BUSY_WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => {
                let hint = match e {
                    redb::DatabaseError::DatabaseAlreadyOpen => {
                        " (another program has held it open for too long)"
                    }
                    _ => "",
                };
                return Err(StoreError::Unavailable(format!(
                    "opening the report database {}: {e}{hint}",
                    path.display()
                )));
            }
        }
    }
}
