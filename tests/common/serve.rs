//! `lookout serve` run as a person runs it: the real binary, in a folder of their choosing,
//! with the arguments they type. Its output goes to files the test reads while it runs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `lookout serve`, stopped when dropped.
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT`, as it printed it.
    pub base: String,
    logs: tempfile::TempDir,
}

impl Served {
    /// Starts `lookout serve ARGS` in `cwd` and waits until it prints its address.
    pub fn start(cwd: &Path, args: &[&str]) -> Self {
        Self::start_with_env(cwd, args, &[])
    }

    /// Like [`Served::start`], with more environment variables.
    pub fn start_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let logs = tempfile::tempdir().expect("temp dir");
        let file = |name: &str| {
            std::fs::File::create(logs.path().join(name))
                .map(Stdio::from)
                .expect("log file")
        };
        let child = Command::new(env!("CARGO_BIN_EXE_lookout"))
            .arg("serve")
            .args(args)
            .envs(env.iter().copied())
            .current_dir(cwd)
            .stdout(file("stdout"))
            .stderr(file("stderr"))
            .spawn()
            .expect("lookout serve starts");
        let mut served = Self {
            child,
            base: String::new(),
            logs,
        };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            if let Some(base) = address(&served.stdout()) {
                served.base = base;
                return served;
            }
            if let Ok(Some(status)) = served.child.try_wait() {
                panic!(
                    "lookout serve stopped ({status}) before printing its address:\n{}\n{}",
                    served.stdout(),
                    served.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "lookout serve printed no address in 120 s:\n{}",
            served.stderr()
        );
    }

    pub fn stdout(&self) -> String {
        self.read("stdout")
    }

    pub fn stderr(&self) -> String {
        self.read("stderr")
    }

    /// Both streams, for assertions about what it printed and for failure messages.
    pub fn output(&self) -> String {
        format!("{}{}", self.stdout(), self.stderr())
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.logs.path().join(name)).unwrap_or_default()
    }

    /// Waits until the output holds `needle`.
    pub fn wait_for_output(&self, needle: &str, within: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < within {
            if self.output().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first `http://...` address in `text`, without a trailing slash.
fn address(text: &str) -> Option<String> {
    let at = text.find("http://")?;
    let address = text[at..].split_whitespace().next()?;
    Some(address.trim_end_matches('/').to_string())
}

/// The live-reload event stream of a served site, read as a browser's `EventSource` does.
pub struct Events {
    response: reqwest::Response,
    seen: String,
}

impl Events {
    pub async fn open(base: &str) -> Self {
        let response = reqwest::get(format!("{base}/_lookout/events"))
            .await
            .expect("the event stream answers");
        assert!(response.status().is_success(), "{}", response.status());
        Self {
            response,
            seen: String::new(),
        }
    }

    /// Everything received until `within` passes or `stop` says enough; returns it all.
    pub async fn read_until(&mut self, within: Duration, stop: impl Fn(&str) -> bool) -> &str {
        let deadline = tokio::time::Instant::now() + within;
        while !stop(&self.seen) {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Ok(Ok(Some(bytes))) => self.seen.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Ok(None)) | Ok(Err(_)) | Err(_) => break,
            }
        }
        &self.seen
    }
}

/// A copy of `from` at `to`, without `lookout serve`'s local state.
pub fn copy_campaign(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        if entry.file_name() == ".lookout" {
            continue;
        }
        let target: PathBuf = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_campaign(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
