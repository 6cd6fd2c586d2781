//! The deployment template (`infra/template.yaml`) and the code agree.
//!
//! The functions declare what each deployed function needs as data they run on
//! (`lookout_functions::deploy`: its binary, routes, variables, store calls, secrets and topics;
//! `store::dynamo::access`: the DynamoDB actions and key prefixes of each store call;
//! `store::dynamo::keys`: the table's keys). These tests hold the template to that data (`iam`:
//! the roles; `table`: the table and its backups; `channel`: logging, concurrency, the only way
//! in, the digest, alarms). Each names what drifted and where, so a failure says which side to
//! fix. Nothing here talks to AWS.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod channel;
mod csp;
mod iam;
mod table;
mod template;

use std::collections::BTreeSet;

use lookout_functions::config::env;
use lookout_functions::deploy::{self, FUNCTIONS};
use template::*;

/// The template's function for `binary`.
pub(crate) fn function_for<'t>(t: &'t Template, binary: &str) -> &'t Function {
    t.functions
        .iter()
        .find(|f| f.binary == binary)
        .unwrap_or_else(|| panic!("infra/template.yaml has no function built from binary {binary}"))
}

#[test]
fn each_function_gets_exactly_the_variables_it_reads() {
    let t = Template::load();
    let mut problems = Vec::new();
    for needs in FUNCTIONS {
        let f = function_for(&t, needs.binary);
        let set: BTreeSet<String> = t.env_of(f).into_keys().collect();
        let wanted: BTreeSet<String> = needs.env.iter().map(|v| v.to_string()).collect();
        for missing in wanted.difference(&set) {
            problems.push(format!(
                "{missing} is read by {} but infra/template.yaml does not set it for {}",
                needs.binary, f.logical_id
            ));
        }
        for extra in set.difference(&wanted) {
            problems.push(format!(
                "infra/template.yaml sets {extra} for {}, which {} does not read (add it to \
                 its env in functions/src/deploy.rs, or remove it from the template)",
                f.logical_id, needs.binary
            ));
        }
    }
    for (var, reason) in env::LOCAL_ONLY {
        if t.all_env_names().iter().any(|name| name.as_str() == *var) {
            problems.push(format!("{var} must not be set in the cloud: {reason}"));
        }
    }
    assert_no_problems(problems);
}

#[test]
fn every_variable_is_documented() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    let documented: BTreeSet<String> = backticked_words(&architecture).into_iter().collect();
    let problems = env::ALL
        .iter()
        .filter(|var| !documented.contains(**var))
        .map(|var| format!("ARCHITECTURE.md does not document {var}, which the functions read"))
        .collect();
    assert_no_problems(problems);
}

#[test]
fn each_function_runs_its_binary_and_answers_its_routes() {
    let t = Template::load();
    let manifest: toml::Table = read(&root().join("functions/Cargo.toml"))
        .parse()
        .expect("functions/Cargo.toml is TOML");
    let bins: BTreeSet<&str> = manifest["bin"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["name"].as_str())
        .collect();
    let mut problems = Vec::new();
    if t.functions.len() != FUNCTIONS.len() {
        problems.push(format!(
            "the template has {} functions, functions/src/deploy.rs declares {}",
            t.functions.len(),
            FUNCTIONS.len()
        ));
    }
    for needs in FUNCTIONS {
        if !bins.contains(needs.binary) {
            problems.push(format!(
                "{} is declared in deploy.rs but functions/Cargo.toml has no such [[bin]]",
                needs.binary
            ));
        }
        let f = function_for(&t, needs.binary);
        let routes: BTreeSet<String> = f.routes.iter().cloned().collect();
        let declared: BTreeSet<String> = needs
            .routes
            .iter()
            .map(|r| format!("{} {}", r.method().to_uppercase(), r.path()))
            .collect();
        if routes != declared {
            problems.push(format!(
                "{} answers {routes:?} in the template, {declared:?} in deploy.rs",
                f.logical_id
            ));
        }
        check_build(&t, f, &mut problems);
    }
    assert_no_problems(problems);
}

/// Built by cargo-lambda from the functions package, for arm64 on provided.al2023.
fn check_build(t: &Template, f: &Function, problems: &mut Vec<String>) {
    if f.build_method != "rust-cargolambda" {
        problems.push(format!(
            "{}: Metadata.BuildMethod should be rust-cargolambda",
            f.logical_id
        ));
    }
    let code = root().join("infra").join(&f.code_uri);
    if code.canonicalize().ok() != root().join("functions").canonicalize().ok() {
        problems.push(format!(
            "{}: CodeUri {:?} (relative to infra/) should be the functions package",
            f.logical_id, f.code_uri
        ));
    }
    for (property, expected) in [("Runtime", "provided.al2023"), ("Handler", "bootstrap")] {
        let value = t.function_property(f, property);
        if value.as_str() != Some(expected) {
            problems.push(format!(
                "{}: {property} should be {expected}, is {value:?}",
                f.logical_id
            ));
        }
    }
    let arch: Vec<String> = seq(&t.function_property(f, "Architectures"))
        .iter()
        .map(string)
        .collect();
    if arch != ["arm64"] {
        problems.push(format!(
            "{}: Architectures should be [arm64], is {arch:?}",
            f.logical_id
        ));
    }
}

#[test]
fn the_api_routes_are_the_documented_ones() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    let documented: BTreeSet<String> = backticked_words(&architecture)
        .into_iter()
        .filter_map(|w| {
            let (method, path) = w.split_once(' ')?;
            (["GET", "POST"].contains(&method) && path.starts_with("/api/"))
                .then(|| format!("{method} {path}"))
        })
        .collect();
    let routed: BTreeSet<String> = deploy::Route::ALL
        .iter()
        .map(|r| format!("{} {}", r.method().to_uppercase(), r.path()))
        .collect();
    let mut problems = Vec::new();
    for r in documented.symmetric_difference(&routed) {
        let side = if routed.contains(r) {
            "is routed but not documented in ARCHITECTURE.md"
        } else {
            "is documented in ARCHITECTURE.md but not routed"
        };
        problems.push(format!("{r} {side}"));
    }
    assert_no_problems(problems);
}

/// The layer folder `lookout bundle stage` fills by default, as its help says.
fn default_layer_folder() -> String {
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(["bundle", "stage", "--help"])
        .output()
        .expect("lookout runs");
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let after = help
        .split("--layer <DIR>")
        .nth(1)
        .and_then(|rest| rest.split("[default: ").nth(1))
        .unwrap_or_else(|| {
            panic!("`lookout bundle stage --help` names no --layer default:\n{help}")
        });
    after.split(']').next().unwrap_or_default().to_owned()
}

#[test]
fn layer_paths_match_what_bundle_stage_stages() {
    let t = Template::load();
    let mut problems = Vec::new();
    let layers = t.of_type("AWS::Serverless::LayerVersion");
    let [(layer_id, layer)] = layers.as_slice() else {
        panic!(
            "expected exactly one AWS::Serverless::LayerVersion (the campaign bundle), found {}",
            layers.len()
        );
    };
    let content_uri = string(&layer["Properties"]["ContentUri"])
        .trim_end_matches('/')
        .to_owned();
    // Run from the repository root, as the guide does: infra/bundle is the template's bundle/.
    let layer_folder = default_layer_folder();
    let Some(relative) = layer_folder.strip_prefix("infra/") else {
        panic!("lookout bundle stage stages into {layer_folder}, outside infra/");
    };
    if relative != content_uri {
        problems.push(format!(
            "lookout bundle stage fills {layer_folder}, the layer's ContentUri is infra/{content_uri}"
        ));
    }
    let inside = lookout_bundle::LAYER_DIR;
    let dir = format!("/opt/{inside}");
    for needs in FUNCTIONS
        .iter()
        .filter(|f| f.env.contains(&env::QUESTIONNAIRE))
    {
        let f = function_for(&t, needs.binary);
        for (var, expected) in [
            (env::QUESTIONNAIRE, format!("{dir}/questionnaire.yaml")),
            (env::SHELL_DIR, dir.clone()),
        ] {
            let value = t
                .env_of(f)
                .get(var)
                .and_then(|v| v.as_str().map(str::to_owned));
            if value.as_deref() != Some(expected.as_str()) {
                problems.push(format!(
                    "{}: {var} should be {expected} (the layer), is {value:?}",
                    f.logical_id
                ));
            }
        }
        let uses = seq(&t.function_property(f, "Layers"))
            .iter()
            .any(|l| ref_target(l).as_deref() == Some(layer_id.as_str()));
        if !uses {
            problems.push(format!(
                "{} does not use the {layer_id} layer",
                f.logical_id
            ));
        }
    }
    assert_no_problems(problems);
}
