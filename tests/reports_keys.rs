//! `lookout reports keys` against a real Lambda API (moto's server on 127.0.0.1, started by
//! `tests/run`; see tests/support/moto.sh): it reads the keys each deployed function seals to
//! from the function's configuration and fails, naming the key, when one is not the team's.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

#[path = "common/cloud.rs"]
mod cloud;
mod common;

use std::process::Command;

use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, Runtime};
use lookout_functions::seal::generate_identity_file;

/// A zip archive holding one file, stored (no compression): enough for a function's code.
fn zip(name: &str, data: &[u8]) -> Vec<u8> {
    let crc = data.iter().fold(!0u32, |mut crc, byte| {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
        crc
    }) ^ !0;
    let (n, size) = (name.len() as u16, data.len() as u32);
    let mut out = Vec::new();
    let common = |out: &mut Vec<u8>| {
        for v in [20u16, 0, 0, 0, 0x21] {
            out.extend(v.to_le_bytes());
        }
        out.extend(crc.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(n.to_le_bytes());
        out.extend(0u16.to_le_bytes());
    };
    out.extend(0x0403_4b50u32.to_le_bytes());
    common(&mut out);
    out.extend(name.as_bytes());
    out.extend(data);
    let central = out.len() as u32;
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend(20u16.to_le_bytes());
    common(&mut out);
    out.extend([0u8; 8]);
    out.extend(0o100755u32.wrapping_shl(16).to_le_bytes());
    out.extend(0u32.to_le_bytes());
    out.extend(name.as_bytes());
    let central_size = out.len() as u32 - central;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(1u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(central_size.to_le_bytes());
    out.extend(central.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

async fn function(client: &aws_sdk_lambda::Client, role: &str, name: &str, recipients: &str) {
    let _ = client.delete_function().function_name(name).send().await;
    client
        .create_function()
        .function_name(name)
        .runtime(Runtime::Providedal2023)
        .role(role)
        .handler("bootstrap")
        .code(
            FunctionCode::builder()
                .zip_file(Blob::new(zip("bootstrap", b"#!/bin/sh\n")))
                .build(),
        )
        .environment(
            Environment::builder()
                .variables("LOOKOUT_TEAM_RECIPIENTS", recipients)
                .variables("LOOKOUT_TABLE", "lookout-reports")
                .build(),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}", aws_sdk_lambda::error::DisplayErrorContext(&e)));
}

fn keys(endpoint: &str, function: &str, team: &str) -> std::process::Output {
    let root = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args([
            "reports",
            "--root",
            root.path().to_str().unwrap(),
            "keys",
            "--function",
            function,
        ])
        .args(["--team-recipients", team])
        .env("AWS_ENDPOINT_URL_LAMBDA", endpoint)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env_remove("AWS_PROFILE")
        .env_remove("LOOKOUT_TEAM_RECIPIENTS")
        .output()
        .unwrap()
}

#[tokio::test]
async fn keys_the_team_does_not_hold_are_flagged() {
    let endpoint = cloud::moto();
    let config = aws_sdk_lambda::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .endpoint_url(&endpoint)
        .build();
    let client = aws_sdk_lambda::Client::from_conf(config);
    let role = cloud::role(&endpoint).await;
    let (_, ours) = generate_identity_file();
    let (_, theirs) = generate_identity_file();
    function(&client, &role, "lookout-submit-keys-ok", &ours).await;
    function(
        &client,
        &role,
        "lookout-submit-keys-added",
        &format!("{ours},{theirs}"),
    )
    .await;

    let fine = keys(&endpoint, "lookout-submit-keys-ok", &ours);
    let out = String::from_utf8_lossy(&fine.stdout);
    assert!(
        fine.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&fine.stderr)
    );
    assert!(
        out.contains(&format!("{ours}  (")) && out.contains("held by the team"),
        "{out}"
    );

    let added = keys(&endpoint, "lookout-submit-keys-added", &ours);
    let out = String::from_utf8_lossy(&added.stdout);
    assert!(
        !added.status.success(),
        "a key nobody holds must fail: {out}"
    );
    let line = out
        .lines()
        .find(|l| l.contains(&theirs))
        .unwrap_or_default();
    assert!(line.contains("NOT HELD BY THE TEAM"), "{out}");
    assert!(String::from_utf8_lossy(&added.stderr).contains("the team does not hold"));
}
