//! The deployment template (`infra/template.yaml`) and the code agree.
//!
//! The functions declare what each deployed function needs as data they run on
//! (`lookout_functions::deploy`: its binary, routes, variables, store calls, secrets and topics;
//! `store::dynamo::access`: the DynamoDB actions and key prefixes of each store call;
//! `store::dynamo::keys`: the table's keys). These tests hold the template to that data. Each
//! names what drifted and where, so a failure says which side to fix. Nothing here talks to AWS.

mod template;

use std::collections::BTreeSet;

use lookout_functions::config::env;
use lookout_functions::deploy::{self, FUNCTIONS, TRIAGE_STORE_CALLS};
use lookout_functions::store::StoreCall;
use lookout_functions::store::dynamo::{access, keys};
use serde_yaml::Value;
use template::*;

/// The template's function for `binary`.
fn function_for<'t>(t: &'t Template, binary: &str) -> &'t Function {
    t.functions
        .iter()
        .find(|f| f.binary == binary)
        .unwrap_or_else(|| panic!("infra/template.yaml has no function built from binary {binary}"))
}

/// The IAM actions (without `dynamodb:`) that `calls` need.
fn actions_of(calls: &[StoreCall]) -> BTreeSet<String> {
    calls
        .iter()
        .flat_map(|call| access(*call).actions.iter().map(|a| a.to_string()))
        .collect()
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
fn the_table_has_the_keys_and_ttl_the_store_uses() {
    let t = Template::load();
    let (_, table) = t.table();
    let props = &table["Properties"];
    let mut problems = Vec::new();
    let schema: Vec<(String, String)> = seq(&props["KeySchema"])
        .iter()
        .map(|k| (string(&k["AttributeName"]), string(&k["KeyType"])))
        .collect();
    let expected = vec![
        (keys::PK.to_string(), "HASH".to_string()),
        (keys::SK.to_string(), "RANGE".to_string()),
    ];
    if schema != expected {
        problems.push(format!(
            "the table's KeySchema is {schema:?}; the store addresses items by {expected:?} \
             (functions/src/store/dynamo/keys.rs)"
        ));
    }
    for definition in seq(&props["AttributeDefinitions"]) {
        if string(&definition["AttributeType"]) != "S" {
            problems.push(format!(
                "key attribute {} must be of type S (the store writes strings)",
                string(&definition["AttributeName"])
            ));
        }
    }
    let ttl = &props["TimeToLiveSpecification"];
    if string(&ttl["AttributeName"]) != keys::TTL_ATTRIBUTE
        || ttl["Enabled"].as_bool() != Some(true)
    {
        problems.push(format!(
            "the table's TTL must be enabled on {} (what the store writes), is {ttl:?}",
            keys::TTL_ATTRIBUTE
        ));
    }
    if props["BillingMode"].as_str() != Some("PAY_PER_REQUEST") {
        problems.push("the table's BillingMode should be PAY_PER_REQUEST".into());
    }
    if props["DeletionProtectionEnabled"].as_bool() != Some(true) {
        problems.push("the table must have deletion protection".into());
    }
    if props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"].as_bool()
        != Some(true)
    {
        problems.push("the table must have point-in-time recovery".into());
    }
    assert_no_problems(problems);
}

#[test]
fn roles_grant_exactly_the_dynamodb_actions_of_their_store_calls() {
    let t = Template::load();
    let (table_id, _) = t.table();
    let mut problems = Vec::new();
    for needs in FUNCTIONS {
        let f = function_for(&t, needs.binary);
        let statements = t.role_statements(&f.role);
        let granted = dynamodb_grants(&statements, table_id, &f.role, &mut problems);
        let needed = actions_of(needs.store);
        if granted != needed {
            problems.push(format!(
                "{} (role {}) is granted {granted:?} on the table, but its store calls {:?} \
                 need exactly {needed:?} (functions/src/store/dynamo/access.rs)",
                f.logical_id, f.role, needs.store
            ));
        }
    }
    let statements = t.managed_policy_statements("TriagePolicy");
    let granted = dynamodb_grants(&statements, table_id, "TriagePolicy", &mut problems);
    let missing: BTreeSet<_> = actions_of(TRIAGE_STORE_CALLS)
        .difference(&granted)
        .cloned()
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "TriagePolicy lacks {missing:?}, which the CLI's store calls {TRIAGE_STORE_CALLS:?} need"
        ));
    }
    assert_no_problems(problems);
}

#[test]
fn roles_reach_exactly_the_secrets_and_topics_each_function_uses() {
    let t = Template::load();
    let mut problems = Vec::new();
    for needs in FUNCTIONS {
        let f = function_for(&t, needs.binary);
        let env = t.env_of(f);
        let statements = t.role_statements(&f.role);
        let allowed = |action: &str| -> BTreeSet<String> {
            statements
                .iter()
                .filter(|s| s["Effect"].as_str() == Some("Allow") && actions(s).contains(action))
                .flat_map(resources)
                .map(|r| describe(&r))
                .collect()
        };
        let named = |vars: &[&str]| -> BTreeSet<String> {
            vars.iter()
                .filter_map(|var| env.get(*var))
                .map(describe)
                .collect()
        };
        for (what, vars, action) in [
            ("secrets", needs.secrets, "secretsmanager:GetSecretValue"),
            ("topics", needs.topics, "sns:Publish"),
        ] {
            let (wanted, granted) = (named(vars), allowed(action));
            if wanted != granted {
                problems.push(format!(
                    "{}: it uses {what} {wanted:?} (through {vars:?}) but its role allows \
                     {action} on {granted:?}",
                    f.logical_id
                ));
            }
        }
        let (table_id, _) = t.table();
        if env.get(env::TABLE).and_then(ref_target).as_deref() != Some(table_id.as_str()) {
            problems.push(format!(
                "{}: {} should be !Ref {table_id}",
                f.logical_id,
                env::TABLE
            ));
        }
    }
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

#[test]
fn layer_paths_match_what_stage_bundle_stages() {
    let t = Template::load();
    let script = read(&root().join("infra/stage-bundle.sh"));
    let mut problems = Vec::new();
    let layers: Vec<(&String, &Value)> = t
        .resources
        .iter()
        .filter(|(_, r)| r["Type"].as_str() == Some("AWS::Serverless::LayerVersion"))
        .collect();
    let [(layer_id, layer)] = layers.as_slice() else {
        panic!(
            "expected exactly one AWS::Serverless::LayerVersion (the campaign bundle), found {}",
            layers.len()
        );
    };
    let content_uri = string(&layer["Properties"]["ContentUri"])
        .trim_end_matches('/')
        .to_owned();
    let staged = script
        .lines()
        .find_map(|l| l.trim().strip_prefix("out=$root/infra/"))
        .unwrap_or_else(|| panic!("infra/stage-bundle.sh has no `out=$root/infra/...` line"))
        .to_owned();
    let Some(inside) = staged.strip_prefix(&format!("{content_uri}/")) else {
        panic!(
            "stage-bundle.sh stages into infra/{staged}, outside the layer's ContentUri infra/{content_uri}"
        );
    };
    for (var, file, copied) in [
        (
            env::QUESTIONNAIRE,
            "questionnaire.yaml",
            "\"$out/questionnaire.yaml\"",
        ),
        (env::SHELL_DIR, "shell", "\"$out/shell/\""),
    ] {
        let expected = format!("/opt/{inside}/{file}");
        for f in &t.functions {
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
        if !script.contains(copied) {
            problems.push(format!("stage-bundle.sh does not copy into {copied}"));
        }
    }
    for f in &t.functions {
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
