//! A running `lookout serve` on a copy of the example campaign, for the tests that talk to it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::fixture_campaign;

/// A running `lookout serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub root: PathBuf,
    /// `--store ...` options, passed on to `lookout reports`.
    pub store_args: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Server {
    pub fn log(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("serve.log")).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_name() == ".lookout" {
            continue;
        }
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn serve(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("campaign");
    copy_dir(&fixture_campaign(), &root);
    let root_text = root.to_string_lossy().into_owned();
    let mut args = vec!["serve", "--root", &root_text, "--port", "0"];
    args.extend_from_slice(extra);
    let mut child = Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(&args)
        // Only used by the DynamoDB case; keeps the SDK from looking for real credentials.
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "eu-west-2")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdout(Stdio::piped())
        .stderr(
            std::fs::File::create(dir.path().join("serve.log"))
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null()),
        )
        .spawn()
        .expect("lookout serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let base = lines.by_ref().find_map(|line| {
        let at = line.find("http://")?;
        Some(
            line[at..]
                .split_whitespace()
                .next()?
                .trim_end_matches('/')
                .to_string(),
        )
    });
    // Keep reading, so the server never writes into a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let base = base.expect("serve printed its address");
    let store_args = extra.iter().map(|a| a.to_string()).collect();
    Server {
        child,
        base,
        root,
        store_args,
        _dir: dir,
    }
}
