//! The deployment template (`infra/template.yaml`) and the code agree.
//!
//! Nothing here talks to AWS: the template is read as YAML and the functions' sources as text.
//! Each test names what drifted and where, so a failure says which side to fix:
//!
//! - every `LOOKOUT_*` variable the functions read is set for them by the template (or is on the
//!   short list of local-only variables below, which the template must then *not* set), and
//!   every variable the template sets is one the functions read or ARCHITECTURE.md documents;
//! - the table's key schema and TTL attribute are the ones `functions/src/store/dynamo.rs` uses;
//! - each function's IAM role grants exactly the DynamoDB actions its store calls need (derived
//!   from the store's source), scoped to the table; the triage policy covers the CLI's calls;
//! - the secrets and the notification topic each function is told about are the ones its role
//!   may read or publish to;
//! - the binaries the template builds exist in `functions/Cargo.toml`, from the right package;
//! - the API routes are the ones ARCHITECTURE.md documents;
//! - the layer paths in the template match what `infra/stage-bundle.sh` stages.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

/// Variables the functions read that the template deliberately does not set. The template
/// must not set them either (the test checks): each would weaken the cloud deployment.
const LOCAL_ONLY: &[(&str, &str)] = &[
    (
        "LOOKOUT_DYNAMODB_ENDPOINT",
        "points the store at a local DynamoDB-compatible server; in Lambda the SDK's regional \
         endpoint is the right one",
    ),
    (
        "LOOKOUT_CAPTCHA",
        "`off` runs without a captcha, for `lookout serve` and tests; the cloud always verifies",
    ),
    (
        "LOOKOUT_RECEIPT_SECRET",
        "the pepper given as a value, for local use; the cloud reads it from Secrets Manager \
         (LOOKOUT_RECEIPT_SECRET_ARN), so it is never in the template",
    ),
    (
        "LOOKOUT_HCAPTCHA_SECRET",
        "the hCaptcha secret given as a value, for local use; the cloud uses \
         LOOKOUT_HCAPTCHA_SECRET_ARN",
    ),
    (
        "LOOKOUT_HCAPTCHA_VERIFY_URL",
        "tests point it at a local stub; the cloud uses hCaptcha's own verify URL",
    ),
];

/// Variables named `LOOKOUT_TEST_*` are read by tests only.
const TEST_ONLY_PREFIX: &str = "LOOKOUT_TEST_";

/// Which `ReportStore` methods each Lambda binary calls. The IAM each role gets is derived from
/// these through the store's source; change this list when a handler starts using another one.
const STORE_METHODS_BY_BINARY: &[(&str, &[&str])] = &[
    ("lookout-submit", &["already_stored", "insert_report"]),
    (
        "lookout-follow-up",
        &["report_by_receipt", "messages", "append_message"],
    ),
];

/// Store methods only the triage CLI (`lookout reports ...`) calls, with the team's own
/// credentials: the template's TriagePolicy must cover them.
const TRIAGE_POLICY: &str = "TriagePolicy";

// ------------------------------------------------------------------------------- tests

#[test]
fn every_variable_the_functions_read_is_set_by_the_template() {
    let t = Template::load();
    let reads = env_reads();
    let local_only: BTreeMap<&str, &str> = LOCAL_ONLY.iter().copied().collect();
    let mut problems: Vec<String> = Vec::new();

    for (var, places) in &reads {
        if var.starts_with(TEST_ONLY_PREFIX) || local_only.contains_key(var.as_str()) {
            continue;
        }
        let bins: BTreeSet<&str> = places.iter().filter_map(|p| p.binary.as_deref()).collect();
        let in_library = places.iter().any(|p| p.binary.is_none());
        let set_for: Vec<&Function> = t
            .functions
            .iter()
            .filter(|f| t.global_env.contains_key(var) || f.env.contains_key(var))
            .collect();
        let where_read = places
            .iter()
            .map(|p| p.file.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join(", ");
        if in_library && set_for.is_empty() {
            problems.push(format!(
                "{var} is read in {where_read} but infra/template.yaml sets it for no function \
                 (add it to Globals.Function.Environment or a function's Environment, or to \
                 LOCAL_ONLY in tests/infra_agreement.rs with the reason)"
            ));
        }
        for bin in bins {
            let Some(f) = t.functions.iter().find(|f| f.binary == bin) else {
                continue; // a binary that is not deployed as a Lambda function
            };
            if !t.global_env.contains_key(var) && !f.env.contains_key(var) {
                problems.push(format!(
                    "{var} is read by binary {bin} ({where_read}) but not set for {} in \
                     infra/template.yaml",
                    f.logical_id
                ));
            }
        }
    }

    for (var, reason) in LOCAL_ONLY {
        if t.global_env.contains_key(*var) || t.functions.iter().any(|f| f.env.contains_key(*var)) {
            problems.push(format!("{var} must not be set in the cloud: {reason}"));
        }
    }

    let pending: Vec<&String> = t
        .all_env_names()
        .into_iter()
        .filter(|v| !reads.contains_key(*v))
        .collect();
    if !pending.is_empty() {
        eprintln!(
            "note: the template sets variables no function reads yet: {pending:?} \
             (documented in ARCHITECTURE.md; fine while the functions are being written)"
        );
    }
    assert_no_problems(problems);
}

/// Catches a misspelt or stale name in the template: each variable it sets is one the functions
/// read, or (while they are being written) one ARCHITECTURE.md documents.
#[test]
fn every_variable_the_template_sets_is_read_or_documented() {
    let t = Template::load();
    let architecture = read(&root().join("ARCHITECTURE.md"));
    let documented: BTreeSet<String> = backticked_words(&architecture)
        .into_iter()
        .filter(|w| is_lookout_var(w))
        .collect();
    let reads = env_reads();
    let undocumented: Vec<&String> = reads.keys().filter(|v| !documented.contains(*v)).collect();
    if !undocumented.is_empty() {
        eprintln!(
            "note: the functions read variables ARCHITECTURE.md does not document: {undocumented:?}"
        );
    }
    let problems = t
        .all_env_names()
        .into_iter()
        .filter(|v| !documented.contains(*v) && !reads.contains_key(*v))
        .map(|v| {
            format!(
                "infra/template.yaml sets {v}, which no function reads and ARCHITECTURE.md does \
                 not document"
            )
        })
        .collect();
    assert_no_problems(problems);
}

#[test]
fn table_keys_and_ttl_are_the_ones_the_store_uses() {
    let t = Template::load();
    let table = t.table();
    let store = StoreSource::load();
    let mut problems: Vec<String> = Vec::new();

    let props = &table.1["Properties"];
    let mut schema = BTreeMap::new();
    for k in seq(&props["KeySchema"]) {
        schema.insert(string(&k["KeyType"]), string(&k["AttributeName"]));
    }
    let hash = schema.get("HASH").cloned().unwrap_or_default();
    let range = schema.get("RANGE").cloned().unwrap_or_default();
    if schema.len() != 2 || hash.is_empty() || range.is_empty() {
        problems.push(format!(
            "the table's KeySchema should be one HASH and one RANGE key, is {schema:?}"
        ));
    }
    let definitions: BTreeMap<String, String> = seq(&props["AttributeDefinitions"])
        .iter()
        .map(|d| (string(&d["AttributeName"]), string(&d["AttributeType"])))
        .collect();
    for key in [&hash, &range] {
        if definitions.get(key).map(String::as_str) != Some("S") {
            problems.push(format!(
                "key attribute {key:?} must be declared with AttributeType S (the store writes \
                 strings), AttributeDefinitions are {definitions:?}"
            ));
        }
    }

    // Every `.key("...", ...)` the store builds names one of the table's keys, and both are used.
    let used_keys = store.literals_after(".key(");
    let declared: BTreeSet<String> = [hash.clone(), range.clone()].into();
    if used_keys != declared {
        problems.push(format!(
            "functions/src/store/dynamo.rs addresses items by {used_keys:?}, the template's table \
             by {declared:?}"
        ));
    }
    // The store's own table creation (for local servers) agrees with the template.
    for (kind, template_key) in [("KeyType::Hash", &hash), ("KeyType::Range", &range)] {
        if let Some(code_key) = store.literal_before(kind)
            && &code_key != template_key
        {
            problems.push(format!(
                "dynamo.rs creates its {kind} key as {code_key:?}, the template as {template_key:?}"
            ));
        }
    }

    let ttl = &props["TimeToLiveSpecification"];
    let ttl_name = string(&ttl["AttributeName"]);
    if ttl["Enabled"].as_bool() != Some(true) {
        problems.push("the table's TimeToLiveSpecification must be Enabled: true".into());
    }
    if let Some(code_ttl) = store.const_str("TTL_ATTRIBUTE") {
        if code_ttl != ttl_name {
            problems.push(format!(
                "dynamo.rs writes expiry in {code_ttl:?} (TTL_ATTRIBUTE), the template's TTL reads {ttl_name:?}"
            ));
        }
    } else if !store.has_literal(&ttl_name) {
        problems.push(format!(
            "the template's TTL attribute {ttl_name:?} does not appear in functions/src/store/dynamo.rs"
        ));
    }
    if ttl_name != "expires_at" {
        problems.push(format!(
            "ARCHITECTURE.md names the TTL attribute expires_at, the template {ttl_name:?}"
        ));
    }

    // Indexes the store queries exist on the table.
    let indexes: BTreeSet<String> = ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"]
        .iter()
        .flat_map(|k| seq(&props[*k]))
        .map(|i| string(&i["IndexName"]))
        .collect();
    for index in store.literals_after(".index_name(") {
        if !indexes.contains(&index) {
            problems.push(format!(
                "dynamo.rs queries index {index:?}, which the table does not declare"
            ));
        }
    }

    for (property, expected) in [("BillingMode", "PAY_PER_REQUEST")] {
        if props[property].as_str() != Some(expected) {
            problems.push(format!("the table's {property} should be {expected}"));
        }
    }
    if props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"].as_bool()
        != Some(true)
    {
        problems.push("the table must have point-in-time recovery".into());
    }
    if props["DeletionProtectionEnabled"].as_bool() != Some(true) {
        problems.push("the table must have deletion protection".into());
    }
    assert_no_problems(problems);
}

#[test]
fn roles_grant_exactly_the_dynamodb_actions_the_store_uses() {
    let t = Template::load();
    let (table_id, _) = t.table();
    let store = StoreSource::load();
    let mut problems: Vec<String> = Vec::new();

    for (binary, methods) in STORE_METHODS_BY_BINARY {
        let Some(f) = t.functions.iter().find(|f| f.binary == *binary) else {
            problems.push(format!(
                "infra/template.yaml has no function built from binary {binary}"
            ));
            continue;
        };
        let needed = store.actions_of(methods, &mut problems);
        let statements = t.role_statements(&f.role);
        let granted = dynamodb_grants(&statements, table_id, &f.role, &mut problems);
        if granted != needed {
            problems.push(format!(
                "{} (role {}) is granted {granted:?} on the table, but its store calls {methods:?} \
                 need exactly {needed:?}",
                f.logical_id, f.role
            ));
        }
    }

    let all_methods = store.trait_methods();
    let functions_only: BTreeSet<&str> = ["insert_report"].into();
    let cli_methods: Vec<&str> = all_methods
        .iter()
        .map(String::as_str)
        .filter(|m| !functions_only.contains(m))
        .collect();
    let needed = store.actions_of(&cli_methods, &mut problems);
    let statements = t.managed_policy_statements(TRIAGE_POLICY);
    let granted = dynamodb_grants(&statements, table_id, TRIAGE_POLICY, &mut problems);
    let missing: BTreeSet<_> = needed.difference(&granted).collect();
    if !missing.is_empty() {
        problems.push(format!(
            "{TRIAGE_POLICY} lacks {missing:?}, which the CLI's store calls {cli_methods:?} need"
        ));
    }
    assert_no_problems(problems);
}

#[test]
fn secrets_and_topic_are_the_ones_each_role_may_use() {
    let t = Template::load();
    let mut problems: Vec<String> = Vec::new();
    for f in &t.functions {
        let env = t.env_of(f);
        let statements = t.role_statements(&f.role);
        let resources_for = |action: &str| -> BTreeSet<String> {
            statements
                .iter()
                .filter(|s| s["Effect"].as_str() == Some("Allow") && actions(s).contains(action))
                .flat_map(resources)
                .map(|r| describe(&r))
                .collect()
        };

        let secrets: BTreeSet<String> = env
            .iter()
            .filter(|(k, _)| k.ends_with("_SECRET_ARN"))
            .map(|(_, v)| describe(v))
            .collect();
        let readable = resources_for("secretsmanager:GetSecretValue");
        if secrets != readable {
            problems.push(format!(
                "{}: its environment names secrets {secrets:?} but its role may read {readable:?}",
                f.logical_id
            ));
        }

        let topics: BTreeSet<String> = env
            .iter()
            .filter(|(k, _)| k.as_str() == "LOOKOUT_NOTIFY_TOPIC_ARN")
            .map(|(_, v)| describe(v))
            .collect();
        let publishable = resources_for("sns:Publish");
        if topics != publishable {
            problems.push(format!(
                "{}: its environment names topics {topics:?} but its role may publish to {publishable:?}",
                f.logical_id
            ));
        }

        let (table_id, _) = t.table();
        match env.get("LOOKOUT_TABLE").and_then(ref_target) {
            Some(target) if &target == table_id => {}
            other => problems.push(format!(
                "{}: LOOKOUT_TABLE should be !Ref {table_id}, is {other:?}",
                f.logical_id
            )),
        }
    }
    assert_no_problems(problems);
}

#[test]
fn the_template_builds_binaries_of_the_functions_package() {
    let t = Template::load();
    let functions_dir = root().join("functions");
    let Bins {
        package,
        names: bins,
        ..
    } = Bins::load(&functions_dir);
    let mut problems: Vec<String> = Vec::new();
    if package != "lookout-functions" {
        problems.push(format!(
            "functions/Cargo.toml's package is {package:?}, expected lookout-functions"
        ));
    }
    if t.functions.len() < STORE_METHODS_BY_BINARY.len() {
        problems.push(format!(
            "expected at least {} functions in the template",
            STORE_METHODS_BY_BINARY.len()
        ));
    }
    for f in &t.functions {
        if f.build_method != "rust-cargolambda" {
            problems.push(format!(
                "{}: Metadata.BuildMethod should be rust-cargolambda",
                f.logical_id
            ));
        }
        if !bins.contains(&f.binary) {
            problems.push(format!(
                "{} builds binary {:?}, but functions/Cargo.toml has no such [[bin]] (it has {bins:?})",
                f.logical_id, f.binary
            ));
        }
        let code = root().join("infra").join(&f.code_uri);
        match (code.canonicalize(), functions_dir.canonicalize()) {
            (Ok(a), Ok(b)) if a == b => {}
            _ => problems.push(format!(
                "{}: CodeUri {:?} (relative to infra/) should be the functions package",
                f.logical_id, f.code_uri
            )),
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
    assert_no_problems(problems);
}

#[test]
fn the_api_routes_are_the_documented_ones() {
    let t = Template::load();
    let architecture = read(&root().join("ARCHITECTURE.md"));
    let documented: BTreeSet<String> = backticked_words(&architecture)
        .into_iter()
        .filter_map(|w| {
            let (method, path) = w.split_once(' ')?;
            (["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method)
                && path.starts_with("/api/"))
            .then(|| format!("{method} {path}"))
        })
        .collect();
    let routed: BTreeSet<String> = t
        .functions
        .iter()
        .flat_map(|f| f.routes.iter().cloned())
        .collect();
    let mut problems: Vec<String> = Vec::new();
    if documented.is_empty() {
        problems.push("found no `METHOD /api/...` routes in ARCHITECTURE.md".into());
    }
    for r in documented.difference(&routed) {
        problems.push(format!(
            "ARCHITECTURE.md documents {r}, which no function in the template serves"
        ));
    }
    for r in routed.difference(&documented) {
        problems.push(format!(
            "the template routes {r}, which ARCHITECTURE.md does not document"
        ));
    }
    assert_no_problems(problems);
}

#[test]
fn layer_paths_match_what_stage_bundle_stages() {
    let t = Template::load();
    let script = read(&root().join("infra/stage-bundle.sh"));
    let mut problems: Vec<String> = Vec::new();

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
    for (var, file) in [
        ("LOOKOUT_QUESTIONNAIRE", "questionnaire.yaml"),
        ("LOOKOUT_SHELL_DIR", "shell"),
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
        let copied = if file == "shell" {
            "\"$out/shell/\"".to_owned()
        } else {
            format!("\"$out/{file}\"")
        };
        if !script.contains(&copied) {
            problems.push(format!("stage-bundle.sh does not copy into {copied}"));
        }
    }
    for f in &t.functions {
        let layers = t.function_property(f, "Layers");
        if !seq(&layers)
            .iter()
            .any(|l| ref_target(l).as_deref() == Some(layer_id.as_str()))
        {
            problems.push(format!(
                "{} does not use the {layer_id} layer",
                f.logical_id
            ));
        }
    }
    assert_no_problems(problems);
}

// ------------------------------------------------------------------------------- template

struct Function {
    logical_id: String,
    binary: String,
    build_method: String,
    code_uri: String,
    role: String,
    env: BTreeMap<String, Value>,
    routes: Vec<String>,
}

struct Template {
    resources: BTreeMap<String, Value>,
    globals: Value,
    global_env: BTreeMap<String, Value>,
    functions: Vec<Function>,
}

impl Template {
    fn load() -> Self {
        let path = root().join("infra/template.yaml");
        let doc: Value = serde_yaml::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
        let resources: BTreeMap<String, Value> = doc["Resources"]
            .as_mapping()
            .expect("the template has Resources")
            .iter()
            .map(|(k, v)| (string(k), v.clone()))
            .collect();
        let globals = doc["Globals"]["Function"].clone();
        let global_env = env_map(&globals["Environment"]["Variables"]);
        let functions = resources
            .iter()
            .filter(|(_, r)| r["Type"].as_str() == Some("AWS::Serverless::Function"))
            .map(|(id, r)| {
                let props = &r["Properties"];
                let routes = props["Events"]
                    .as_mapping()
                    .map(|events| {
                        events
                            .values()
                            .filter(|e| e["Type"].as_str() == Some("HttpApi"))
                            .map(|e| {
                                format!(
                                    "{} {}",
                                    string(&e["Properties"]["Method"]).to_uppercase(),
                                    string(&e["Properties"]["Path"])
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Function {
                    logical_id: id.clone(),
                    binary: string(&r["Metadata"]["BuildProperties"]["Binary"]),
                    build_method: string(&r["Metadata"]["BuildMethod"]),
                    code_uri: {
                        let own = string(&props["CodeUri"]);
                        if own.is_empty() {
                            string(&globals["CodeUri"])
                        } else {
                            own
                        }
                    },
                    role: getatt_target(&props["Role"]).unwrap_or_default(),
                    env: env_map(&props["Environment"]["Variables"]),
                    routes,
                }
            })
            .collect();
        Template {
            resources,
            globals,
            global_env,
            functions,
        }
    }

    fn table(&self) -> (&String, &Value) {
        let tables: Vec<_> = self
            .resources
            .iter()
            .filter(|(_, r)| r["Type"].as_str() == Some("AWS::DynamoDB::Table"))
            .collect();
        assert_eq!(
            tables.len(),
            1,
            "expected exactly one AWS::DynamoDB::Table in the template"
        );
        tables[0]
    }

    fn function_property(&self, f: &Function, property: &str) -> Value {
        let own = &self.resources[&f.logical_id]["Properties"][property];
        if own.is_null() {
            self.globals[property].clone()
        } else {
            own.clone()
        }
    }

    /// The function's environment as Lambda sees it: Globals, overridden by its own.
    fn env_of(&self, f: &Function) -> BTreeMap<String, Value> {
        let mut env = self.global_env.clone();
        env.extend(f.env.clone());
        env
    }

    fn all_env_names(&self) -> BTreeSet<&String> {
        self.global_env
            .keys()
            .chain(self.functions.iter().flat_map(|f| f.env.keys()))
            .collect()
    }

    fn role_statements(&self, role: &str) -> Vec<Value> {
        let r = self
            .resources
            .get(role)
            .unwrap_or_else(|| panic!("no resource {role:?} (a function's Role)"));
        assert_eq!(
            r["Type"].as_str(),
            Some("AWS::IAM::Role"),
            "{role} should be an AWS::IAM::Role"
        );
        let mut statements: Vec<Value> = seq(&r["Properties"]["Policies"])
            .iter()
            .flat_map(|p| seq(&p["PolicyDocument"]["Statement"]))
            .collect();
        assert!(
            r["Properties"]["ManagedPolicyArns"].is_null(),
            "{role}: managed policies would grant actions this test cannot see; use inline policies"
        );
        statements.retain(|s| !s.is_null());
        statements
    }

    fn managed_policy_statements(&self, id: &str) -> Vec<Value> {
        let r = self
            .resources
            .get(id)
            .unwrap_or_else(|| panic!("no resource {id:?}"));
        seq(&r["Properties"]["PolicyDocument"]["Statement"])
    }
}

/// The DynamoDB actions `statements` allow, checking each is scoped to the table.
fn dynamodb_grants(
    statements: &[Value],
    table_id: &str,
    owner: &str,
    problems: &mut Vec<String>,
) -> BTreeSet<String> {
    let mut granted = BTreeSet::new();
    for s in statements {
        let acts: BTreeSet<String> = actions(s)
            .into_iter()
            .filter(|a| a.starts_with("dynamodb:"))
            .collect();
        if acts.is_empty() || s["Effect"].as_str() != Some("Allow") {
            continue;
        }
        for r in resources(s) {
            let scoped =
                getatt_target(&r).as_deref() == Some(table_id) && describe(&r).ends_with(".Arn");
            let index = sub_string(&r)
                .is_some_and(|t| t.starts_with(&format!("${{{table_id}.Arn}}/index/")));
            if !scoped && !index {
                problems.push(format!(
                    "{owner}: DynamoDB actions {acts:?} on {}, which is not the table {table_id}",
                    describe(&r)
                ));
            }
        }
        granted.extend(
            acts.into_iter()
                .map(|a| a.trim_start_matches("dynamodb:").to_owned()),
        );
    }
    granted
}

fn actions(statement: &Value) -> BTreeSet<String> {
    let a = &statement["Action"];
    match a {
        Value::String(s) => [s.clone()].into(),
        _ => seq(a).iter().map(string).collect(),
    }
}

fn resources(statement: &Value) -> Vec<Value> {
    match &statement["Resource"] {
        Value::Sequence(items) => items.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

fn env_map(v: &Value) -> BTreeMap<String, Value> {
    v.as_mapping()
        .map(|m| m.iter().map(|(k, v)| (string(k), v.clone())).collect())
        .unwrap_or_default()
}

/// `(function, argument)` of an intrinsic, short (`!Ref x`) or long (`{Ref: x}`) form.
fn intrinsic(v: &Value) -> Option<(String, Value)> {
    match v {
        Value::Tagged(t) => Some((
            t.tag.to_string().trim_start_matches('!').to_owned(),
            t.value.clone(),
        )),
        Value::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.iter().next()?;
            let k = k.as_str()?;
            (k == "Ref" || k.starts_with("Fn::"))
                .then(|| (k.trim_start_matches("Fn::").to_owned(), v.clone()))
        }
        _ => None,
    }
}

fn ref_target(v: &Value) -> Option<String> {
    match intrinsic(v)? {
        (f, Value::String(s)) if f == "Ref" => Some(s),
        _ => None,
    }
}

fn getatt_target(v: &Value) -> Option<String> {
    match intrinsic(v)? {
        (f, Value::String(s)) if f == "GetAtt" => s.split('.').next().map(str::to_owned),
        (f, Value::Sequence(items)) if f == "GetAtt" => {
            items.first().and_then(|i| i.as_str()).map(str::to_owned)
        }
        _ => None,
    }
}

fn sub_string(v: &Value) -> Option<String> {
    match intrinsic(v)? {
        (f, Value::String(s)) if f == "Sub" => Some(s),
        _ => None,
    }
}

/// A short, comparable description of a value: `!Ref X`, `!GetAtt X.Arn`, or the plain value.
fn describe(v: &Value) -> String {
    match intrinsic(v) {
        Some((f, Value::String(s))) => format!("!{f} {s}"),
        Some((f, Value::Sequence(items))) if f == "GetAtt" => {
            format!(
                "!GetAtt {}",
                items.iter().map(string).collect::<Vec<_>>().join(".")
            )
        }
        Some((f, other)) => format!(
            "!{f} {}",
            serde_yaml::to_string(&other).unwrap_or_default().trim()
        ),
        None => serde_yaml::to_string(v)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

fn seq(v: &Value) -> Vec<Value> {
    v.as_sequence().cloned().unwrap_or_default()
}

fn string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

// ------------------------------------------------------------------------------- sources

struct EnvRead {
    file: String,
    /// `Some(name)` when read in the sources of binary `name` only, `None` in the library.
    binary: Option<String>,
}

/// Every `"LOOKOUT_..."` string literal in functions/src outside `#[cfg(test)]` items.
fn env_reads() -> BTreeMap<String, Vec<EnvRead>> {
    let src = root().join("functions/src");
    let bins = Bins::load(&root().join("functions"));
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(!files.is_empty(), "no Rust sources under {}", src.display());
    let mut reads: BTreeMap<String, Vec<EnvRead>> = BTreeMap::new();
    for file in files {
        let rel = file
            .strip_prefix(root())
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        let binary = bins.binary_of(rel.strip_prefix("functions/").unwrap_or(&rel));
        let source = RustSource::parse(&read(&file));
        for (_, lit) in source.literals_outside_tests() {
            if is_lookout_var(&lit) {
                reads.entry(lit).or_default().push(EnvRead {
                    file: rel.clone(),
                    binary: binary.clone(),
                });
            }
        }
    }
    reads
}

fn is_lookout_var(s: &str) -> bool {
    s.strip_prefix("LOOKOUT_").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Rust source with comments and literal contents blanked out (same byte offsets), and the
/// string literals it contains.
struct RustSource {
    masked: String,
    literals: Vec<(usize, String)>,
    test_regions: Vec<(usize, usize)>,
}

impl RustSource {
    fn parse(src: &str) -> Self {
        let b = src.as_bytes();
        let mut masked = b.to_vec();
        let mut literals = Vec::new();
        let blank = |masked: &mut Vec<u8>, from: usize, to: usize| {
            for byte in &mut masked[from..to] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        };
        let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let prev_ident = i > 0 && ident(b[i - 1]);
            if c == b'/' && b.get(i + 1) == Some(&b'/') {
                let end = src[i..].find('\n').map_or(b.len(), |n| i + n);
                blank(&mut masked, i, end);
                i = end;
            } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
                let (mut depth, mut j) = (1, i + 2);
                while j < b.len() && depth > 0 {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        depth += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut masked, i, j);
                i = j;
            } else if let Some((quote, hashes)) = raw_string_start(b, i).filter(|_| !prev_ident) {
                let start = quote + 1;
                let close = format!("\"{}", "#".repeat(hashes));
                let end = src[start..].find(&close).map_or(b.len(), |n| start + n);
                literals.push((i, src[start..end].to_owned()));
                blank(&mut masked, start, end);
                i = (end + close.len()).min(b.len());
            } else if c == b'"' {
                let start = i + 1;
                let mut j = start;
                let mut value = String::new();
                while j < b.len() && b[j] != b'"' {
                    if b[j] == b'\\' && j + 1 < b.len() {
                        match b[j + 1] {
                            b'n' => value.push('\n'),
                            b't' => value.push('\t'),
                            b'\\' => value.push('\\'),
                            b'"' => value.push('"'),
                            other => {
                                value.push('\\');
                                value.push(other as char);
                            }
                        }
                        j += 2;
                    } else {
                        let ch = src[j..].chars().next().unwrap_or(' ');
                        value.push(ch);
                        j += ch.len_utf8();
                    }
                }
                literals.push((i, value));
                blank(&mut masked, start, j.min(b.len()));
                i = j + 1;
            } else if c == b'\'' {
                // A char literal ('x', '\n', '\u{..}', '"') or a lifetime/label ('a).
                let end = if b.get(i + 1) == Some(&b'\\') {
                    // skip the escaped character itself, so '\'' ends at the right quote
                    src.get(i + 3..)
                        .and_then(|rest| rest.find('\''))
                        .map(|n| i + 3 + n)
                } else {
                    let ch_len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + ch_len) == Some(&b'\'')).then_some(i + 1 + ch_len)
                };
                match end {
                    Some(end) => {
                        blank(&mut masked, i + 1, end);
                        i = end + 1;
                    }
                    None => i += 1,
                }
            } else {
                i += 1;
            }
        }
        let masked = String::from_utf8(masked).expect("masking keeps UTF-8");
        let mut test_regions = Vec::new();
        let mut from = 0;
        while let Some(n) = masked[from..].find("#[cfg(test)]") {
            let start = from + n;
            let after = start + "#[cfg(test)]".len();
            let brace = masked[after..].find('{').map(|n| after + n);
            let semi = masked[after..].find(';').map(|n| after + n);
            let end = match (brace, semi) {
                (Some(brace), Some(semi)) if semi < brace => semi,
                (Some(brace), _) => matching_brace(&masked, brace),
                (None, Some(semi)) => semi,
                (None, None) => masked.len(),
            };
            test_regions.push((start, end));
            from = end.max(after);
        }
        RustSource {
            masked,
            literals,
            test_regions,
        }
    }

    fn literals_outside_tests(&self) -> Vec<(usize, String)> {
        self.literals
            .iter()
            .filter(|(at, _)| !self.test_regions.iter().any(|(s, e)| at >= s && at < e))
            .cloned()
            .collect()
    }
}

/// At `r"`, `r#"`, `br"`...: the offset of the opening quote and the number of hashes.
fn raw_string_start(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut j = match (b.get(i), b.get(i + 1)) {
        (Some(b'r'), _) => i + 1,
        (Some(b'b'), Some(b'r')) => i + 2,
        _ => return None,
    };
    let mut hashes = 0;
    while b.get(j) == Some(&b'#') {
        hashes += 1;
        j += 1;
    }
    (b.get(j) == Some(&b'"')).then_some((j, hashes))
}

fn matching_brace(masked: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in masked[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    masked.len()
}

/// functions/src/store/dynamo.rs, read for the DynamoDB calls each store method makes.
struct StoreSource {
    source: RustSource,
    /// name -> body ranges (several when a name is both a method and a free function).
    fns: BTreeMap<String, Vec<(usize, usize)>>,
    /// The `impl ReportStore for DynamoStore` block.
    trait_impl: (usize, usize),
}

/// SDK operations and the IAM actions they need; transactions are authorised per item.
const SDK_OPERATIONS: &[(&str, &[&str])] = &[
    (".get_item()", &["GetItem"]),
    (".put_item()", &["PutItem"]),
    (".update_item()", &["UpdateItem"]),
    (".delete_item()", &["DeleteItem"]),
    (".query()", &["Query"]),
    (".scan()", &["Scan"]),
    (".batch_get_item()", &["BatchGetItem"]),
    (".batch_write_item()", &["BatchWriteItem"]),
    (".transact_get_items()", &["GetItem"]),
    ("Put::builder()", &["PutItem"]),
    ("Update::builder()", &["UpdateItem"]),
    ("Delete::builder()", &["DeleteItem"]),
    ("ConditionCheck::builder()", &["ConditionCheckItem"]),
    ("Get::builder()", &["GetItem"]),
];

/// Calls that provision the table; the functions must never make them in the cloud (the
/// template creates the table), so no store method may reach them.
const PROVISIONING: &[&str] = &[
    ".create_table()",
    ".delete_table()",
    ".update_table()",
    ".describe_table()",
    ".update_time_to_live()",
    ".describe_time_to_live()",
];

impl StoreSource {
    fn load() -> Self {
        let path = root().join("functions/src/store/dynamo.rs");
        let source = RustSource::parse(&read(&path));
        let m = &source.masked;
        let mut fns: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        let mut from = 0;
        while let Some(n) = m[from..].find("fn ") {
            let at = from + n;
            from = at + 3;
            if at > 0 && m.as_bytes()[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            let name: String = m[at + 3..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                continue;
            }
            let (Some(brace), semi) = (
                m[at..].find('{').map(|b| at + b),
                m[at..].find(';').map(|s| at + s),
            ) else {
                continue;
            };
            if semi.is_some_and(|s| s < brace) {
                continue;
            }
            fns.entry(name)
                .or_default()
                .push((brace, matching_brace(m, brace)));
        }
        let start = m
            .find("impl ReportStore for DynamoStore")
            .expect("dynamo.rs has `impl ReportStore for DynamoStore`");
        let open = start + m[start..].find('{').expect("impl block");
        let trait_impl = (open, matching_brace(m, open));
        StoreSource {
            source,
            fns,
            trait_impl,
        }
    }

    fn trait_methods(&self) -> Vec<String> {
        self.fns
            .iter()
            .filter(|(_, ranges)| {
                ranges
                    .iter()
                    .any(|(s, _)| *s > self.trait_impl.0 && *s < self.trait_impl.1)
            })
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// IAM actions the given trait methods need, following calls to other functions of the file.
    fn actions_of(&self, methods: &[&str], problems: &mut Vec<String>) -> BTreeSet<String> {
        let m = &self.source.masked;
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = Vec::new();
        for method in methods {
            let in_impl = self.fns.get(*method).is_some_and(|ranges| {
                ranges
                    .iter()
                    .any(|(s, _)| *s > self.trait_impl.0 && *s < self.trait_impl.1)
            });
            if !in_impl {
                problems.push(format!(
                    "dynamo.rs's ReportStore impl has no method {method}"
                ));
            }
            todo.push((*method).to_owned());
        }
        let mut needed = BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            for &(s, e) in self.fns.get(&name).into_iter().flatten() {
                let body = &m[s..e];
                for (op, acts) in SDK_OPERATIONS {
                    if contains_call(body, op) {
                        needed.extend(acts.iter().map(|a| (*a).to_owned()));
                    }
                }
                for op in PROVISIONING {
                    if body.contains(op) {
                        problems.push(format!(
                            "{name} (reached from {methods:?}) calls {op}: the functions must not provision the table"
                        ));
                    }
                }
                for callee in self.fns.keys() {
                    if calls(body, callee) {
                        todo.push(callee.clone());
                    }
                }
            }
        }
        needed
    }

    fn literals_after(&self, marker: &str) -> BTreeSet<String> {
        let m = &self.source.masked;
        let mut found = BTreeSet::new();
        let mut from = 0;
        while let Some(n) = m[from..].find(marker) {
            let at = from + n + marker.len();
            // only a literal that is the call's first argument: `.key("pk", ...)`
            if let Some((_, lit)) = self
                .source
                .literals
                .iter()
                .find(|(o, _)| *o >= at && m[at..*o].trim().is_empty())
            {
                found.insert(lit.clone());
            }
            from = at;
        }
        found
    }

    fn literal_before(&self, marker: &str) -> Option<String> {
        let at = self.source.masked.find(marker)?;
        self.source
            .literals
            .iter()
            .rev()
            .find(|(o, _)| *o < at)
            .map(|(_, l)| l.clone())
    }

    fn const_str(&self, name: &str) -> Option<String> {
        let at = self.source.masked.find(&format!("const {name}: &str"))?;
        self.source
            .literals
            .iter()
            .find(|(o, _)| *o > at)
            .map(|(_, l)| l.clone())
    }

    fn has_literal(&self, value: &str) -> bool {
        self.source.literals.iter().any(|(_, l)| l == value)
    }
}

/// `op` occurs in `body` not as the tail of a longer identifier (`DeleteRequest::builder()`
/// is not `Delete::builder()`).
fn contains_call(body: &str, op: &str) -> bool {
    body.match_indices(op).any(|(i, _)| {
        op.starts_with('.') || i == 0 || !body.as_bytes()[i - 1].is_ascii_alphanumeric()
    })
}

/// `body` calls the function or method `name` (`self.name(`, `Self::name(` or `name(`).
fn calls(body: &str, name: &str) -> bool {
    let pattern = format!("{name}(");
    body.match_indices(&pattern).any(|(i, _)| {
        let before = &body[..i];
        before.ends_with("self.")
            || before.ends_with("Self::")
            || before
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.' || c == ':'))
    })
}

/// The binaries of a Cargo package: `[[bin]]` entries and, unless `autobins = false`, the
/// auto-discovered `src/bin/*.rs` and `src/bin/*/main.rs`.
struct Bins {
    package: String,
    names: BTreeSet<String>,
    /// main source file (relative to the package) -> binary name
    by_path: BTreeMap<String, String>,
}

impl Bins {
    fn load(dir: &Path) -> Self {
        let manifest = read(&dir.join("Cargo.toml"));
        let mut section = String::new();
        let mut package = String::new();
        let mut autobins = true;
        let mut declared: Vec<(String, Option<String>)> = Vec::new();
        for line in manifest.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.starts_with('[') {
                section = line.to_owned();
                if section == "[[bin]]" {
                    declared.push((String::new(), None));
                }
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim().trim_matches('"').to_owned());
            match (section.as_str(), key, declared.last_mut()) {
                ("[package]", "name", _) => package = value,
                ("[package]", "autobins", _) => autobins = value != "false",
                ("[[bin]]", "name", Some(bin)) => bin.0 = value,
                ("[[bin]]", "path", Some(bin)) => bin.1 = Some(value),
                _ => {}
            }
        }
        let mut by_path = BTreeMap::new();
        for (name, path) in &declared {
            let path = path.clone().unwrap_or_else(|| {
                if *name == package {
                    "src/main.rs".to_owned()
                } else {
                    format!("src/bin/{name}.rs")
                }
            });
            by_path.insert(path, name.clone());
        }
        if autobins && let Ok(entries) = fs::read_dir(dir.join("src/bin")) {
            for entry in entries.flatten() {
                let path = entry.path();
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                if let Some(stem) = file.strip_suffix(".rs") {
                    by_path
                        .entry(format!("src/bin/{file}"))
                        .or_insert_with(|| stem.to_owned());
                } else if path.join("main.rs").is_file() {
                    by_path
                        .entry(format!("src/bin/{file}/main.rs"))
                        .or_insert(file);
                }
            }
        }
        let names = by_path.values().cloned().collect();
        Bins {
            package,
            names,
            by_path,
        }
    }

    /// The binary whose sources include `file` (relative to the package), `None` for the
    /// library. A file under `src/bin/` that belongs to no binary gets a name no function has.
    fn binary_of(&self, file: &str) -> Option<String> {
        if let Some(name) = self.by_path.get(file) {
            return Some(name.clone());
        }
        let rest = file.strip_prefix("src/bin/")?;
        let dir = rest.split('/').next().unwrap_or(rest);
        Some(
            self.by_path
                .get(&format!("src/bin/{dir}/main.rs"))
                .cloned()
                .unwrap_or_else(|| format!("(not built: {file})")),
        )
    }
}

// ------------------------------------------------------------------------------- helpers

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The contents of every `backticked` span of a Markdown text.
fn backticked_words(markdown: &str) -> Vec<String> {
    let mut fenced = false;
    let prose: Vec<&str> = markdown
        .lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .collect();
    prose
        .iter()
        .flat_map(|line| line.split('`').skip(1).step_by(2))
        .map(str::to_owned)
        .collect()
}

fn assert_no_problems(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "infra/template.yaml and the code disagree:\n  - {}",
        problems.join("\n  - ")
    );
}
