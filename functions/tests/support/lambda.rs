//! The Lambda binaries as Lambda runs them: the Runtime API emulator of `cargo lambda watch`
//! (PyPI `cargo-lambda`, installed into tests/.venv by `tests/run`), with each built binary
//! (`CARGO_BIN_EXE_...`) started beside it the way Lambda starts a function: the Runtime API
//! address and the function's name and settings in its environment, plus whatever a test adds.
//!
//! Requests go to the emulator's function-URL route, which turns them into API Gateway HTTP API
//! (payload 2.0) events, the same format CloudFront's origin, the HTTP API, hands the functions;
//! scheduled events go to its Invoke API. A function's standard output and error are kept, so
//! a test can read everything the binary logged.
//!
//! Reusable: `Emulator::start`, then `Emulator::function(binary, name, env)` per binary.
#![allow(dead_code)]

use std::fs::File;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `cargo-lambda` executable: `LOOKOUT_TEST_CARGO_LAMBDA`, else tests/.venv's, else PATH's.
fn cargo_lambda() -> PathBuf {
    if let Ok(path) = std::env::var("LOOKOUT_TEST_CARGO_LAMBDA") {
        return PathBuf::from(path);
    }
    let venv = workspace().join("tests/.venv/bin/cargo-lambda");
    if venv.is_file() {
        return venv;
    }
    PathBuf::from("cargo-lambda")
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Waits until something accepts connections on 127.0.0.1:`port`, or panics naming `what`.
pub fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited ({status}) before it listened on port {port}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what} did not listen on port {port} within a minute"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A file for a child's output, kept under tests/artifacts for a look after a failure.
fn artifact(name: &str) -> (PathBuf, File) {
    let dir = workspace().join("tests/artifacts/lambda");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{}.log", std::process::id()));
    let file = File::create(&path).unwrap();
    (path, file)
}

/// `cargo lambda watch --only-lambda-apis`: the Runtime API, without building anything.
pub struct Emulator {
    child: Child,
    pub port: u16,
}

impl Emulator {
    /// The emulator, with `timeout` as every function's timeout (what Lambda's `Timeout` is).
    pub fn start(timeout: Duration) -> Self {
        let port = free_port();
        let (_, log) = artifact(&format!("cargo-lambda-{port}"));
        let mut child = Command::new(cargo_lambda())
            .args(["lambda", "watch", "--only-lambda-apis", "--ignore-changes"])
            .args(["-A", "127.0.0.1", "-P", &port.to_string()])
            .args(["--timeout", &timeout.as_secs().to_string()])
            .current_dir(workspace())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run cargo-lambda ({e}): install it with `tests/run`, or \
                     `tests/.venv/bin/pip install --no-deps cargo-lambda`, or set \
                     LOOKOUT_TEST_CARGO_LAMBDA"
                )
            });
        wait_for_port(port, "cargo lambda watch", &mut child);
        Self { child, port }
    }

    /// Starts the built `binary` as function `name`, with the environment Lambda gives a
    /// function (JSON logs at WARN, as the template configures) and `env`.
    pub fn function(&self, binary: &str, name: &str, env: &[(&str, String)]) -> Function {
        let (log_path, log) = artifact(name);
        let mut command = Command::new(binary);
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env(
                "AWS_LAMBDA_RUNTIME_API",
                format!("http://127.0.0.1:{}/.rt/{name}", self.port),
            )
            .env("AWS_LAMBDA_FUNCTION_NAME", name)
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
            .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
            .env("AWS_LAMBDA_LOG_LEVEL", "WARN")
            .env("AWS_REGION", "eu-west-2")
            .env("AWS_ACCESS_KEY_ID", "lookouttest")
            .env("AWS_SECRET_ACCESS_KEY", "lookouttest")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        Function {
            child,
            name: name.to_string(),
            port: self.port,
            log_path,
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A binary running as a function under the emulator.
pub struct Function {
    child: Child,
    pub name: String,
    port: u16,
    log_path: PathBuf,
}

impl Function {
    /// The function-URL address of `path` (`/api/reports`).
    pub fn url(&self, path: &str) -> String {
        format!(
            "http://127.0.0.1:{}/lambda-url/{}{path}",
            self.port, self.name
        )
    }

    /// The Invoke API address, for events that are not HTTP requests (a schedule's).
    pub fn invoke_url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/2015-03-31/functions/{}/invocations",
            self.port, self.name
        )
    }

    /// Everything the binary wrote to its standard output and error so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Whether the binary is still running (a binary that could not start exits).
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A reqwest client with no timeout of its own beyond `limit` (a function's answer, or the
/// emulator's timeout error, always comes well within it).
pub fn client(limit: Duration) -> reqwest::Client {
    reqwest::Client::builder().timeout(limit).build().unwrap()
}

/// A TCP proxy in front of `upstream` (`127.0.0.1:port`) that holds back the first answer it
/// relays for `delay`: a store whose first answer is slow (the write landed, its answer is late).
/// Returns the proxy's URL.
pub async fn slow_first_answer(upstream: &str, delay: Duration) -> String {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let upstream = upstream
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let first = Arc::new(AtomicBool::new(true));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let upstream = upstream.clone();
            let first = Arc::clone(&first);
            tokio::spawn(async move {
                let Ok(server) = tokio::net::TcpStream::connect(&upstream).await else {
                    return;
                };
                let (mut client_read, mut client_write) = client.into_split();
                let (mut server_read, mut server_write) = server.into_split();
                let up = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
                });
                let mut buffer = vec![0u8; 64 * 1024];
                while let Ok(n) = server_read.read(&mut buffer).await {
                    if n == 0 {
                        break;
                    }
                    if first.swap(false, Ordering::SeqCst) {
                        tokio::time::sleep(delay).await;
                    }
                    if client_write.write_all(&buffer[..n]).await.is_err() {
                        break;
                    }
                }
                up.abort();
            });
        }
    });
    format!("http://{address}")
}

/// moto's server (PyPI `moto[server]`, in tests/.venv), for SNS on 127.0.0.1. A test that reads
/// what was published starts its own rather than use the one `tests/run` shares
/// (`LOOKOUT_TEST_MOTO_ENDPOINT`): moto shows published messages only in `/moto-api/data.json`,
/// which fails once other tests have made Lambda functions on the server.
pub struct Moto {
    child: Option<Child>,
    pub url: String,
}

impl Moto {
    pub fn start() -> Self {
        let program = std::env::var("LOOKOUT_TEST_MOTO_SERVER").map_or_else(
            |_| {
                let venv = workspace().join("tests/.venv/bin/moto_server");
                if venv.is_file() {
                    venv
                } else {
                    PathBuf::from("moto_server")
                }
            },
            PathBuf::from,
        );
        let port = free_port();
        let (_, log) = artifact(&format!("moto-{port}"));
        let mut child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run {} ({e}): install it with `tests/run`, or \
                     `tests/.venv/bin/pip install 'moto[server]'`, or set LOOKOUT_TEST_MOTO_SERVER",
                    program.display()
                )
            });
        wait_for_port(port, "moto_server", &mut child);
        Self {
            child: Some(child),
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// An SNS client for this server.
    pub fn sns(&self) -> aws_sdk_sns::Client {
        use aws_sdk_sns::config::{BehaviorVersion, Credentials, Region};
        let config = aws_sdk_sns::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("eu-west-2"))
            .credentials_provider(Credentials::new(
                "lookouttest",
                "lookouttest",
                None,
                None,
                "tests",
            ))
            .endpoint_url(&self.url)
            .build();
        aws_sdk_sns::Client::from_conf(config)
    }

    /// What was published to `topic_arn`: (subject, message), oldest first.
    pub async fn published(&self, topic_arn: &str) -> Vec<(String, String)> {
        let data: serde_json::Value = reqwest::get(format!("{}/moto-api/data.json", self.url))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        data["sns"]["Topic"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["arn"].as_str() == Some(topic_arn))
            .flat_map(|t| {
                t["sent_notifications"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|n| {
                let text = |i: usize| n[i].as_str().unwrap_or_default().to_string();
                (text(2), text(1))
            })
            .collect()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
