//! infra/template.yaml read as YAML: its resources, the functions with their roles, environment
//! and routes, and the small helpers that read CloudFormation intrinsics (`!Ref`, `!GetAtt`,
//! `!Sub`) in short or long form. The one place this test reads YAML.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

pub struct Function {
    pub logical_id: String,
    pub binary: String,
    pub build_method: String,
    pub code_uri: String,
    pub role: String,
    pub env: BTreeMap<String, Value>,
    pub routes: Vec<String>,
    /// The properties of its `ScheduleV2` events, by event name.
    pub schedules: BTreeMap<String, Value>,
}

pub struct Template {
    pub parameters: Value,
    pub resources: BTreeMap<String, Value>,
    pub globals: Value,
    pub global_env: BTreeMap<String, Value>,
    pub functions: Vec<Function>,
}

impl Template {
    pub fn load() -> Self {
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
                    schedules: props["Events"]
                        .as_mapping()
                        .map(|events| {
                            events
                                .iter()
                                .filter(|(_, e)| e["Type"].as_str() == Some("ScheduleV2"))
                                .map(|(name, e)| (string(name), e["Properties"].clone()))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        Template {
            parameters: doc["Parameters"].clone(),
            resources,
            globals,
            global_env,
            functions,
        }
    }

    pub fn table(&self) -> (&String, &Value) {
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

    pub fn function_property(&self, f: &Function, property: &str) -> Value {
        let own = &self.resources[&f.logical_id]["Properties"][property];
        if own.is_null() {
            self.globals[property].clone()
        } else {
            own.clone()
        }
    }

    /// The function's environment as Lambda sees it: Globals, overridden by its own.
    pub fn env_of(&self, f: &Function) -> BTreeMap<String, Value> {
        let mut env = self.global_env.clone();
        env.extend(f.env.clone());
        env
    }

    pub fn all_env_names(&self) -> BTreeSet<&String> {
        self.global_env
            .keys()
            .chain(self.functions.iter().flat_map(|f| f.env.keys()))
            .collect()
    }

    /// The resources of `kind` (`AWS::CloudWatch::Alarm`).
    pub fn of_type(&self, kind: &str) -> Vec<(&String, &Value)> {
        self.resources
            .iter()
            .filter(|(_, r)| r["Type"].as_str() == Some(kind))
            .collect()
    }

    /// The template's parameter `name`.
    pub fn parameter(&self, name: &str) -> &Value {
        let p = &self.parameters[name];
        assert!(!p.is_null(), "the template has no parameter {name}");
        p
    }

    pub fn role_statements(&self, role: &str) -> Vec<Value> {
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

    pub fn managed_policy_statements(&self, id: &str) -> Vec<Value> {
        let r = self
            .resources
            .get(id)
            .unwrap_or_else(|| panic!("no resource {id:?}"));
        seq(&r["Properties"]["PolicyDocument"]["Statement"])
    }
}

pub fn actions(statement: &Value) -> BTreeSet<String> {
    let a = &statement["Action"];
    match a {
        Value::String(s) => [s.clone()].into(),
        _ => seq(a).iter().map(string).collect(),
    }
}

pub fn resources(statement: &Value) -> Vec<Value> {
    match &statement["Resource"] {
        Value::Sequence(items) => items.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

pub fn env_map(v: &Value) -> BTreeMap<String, Value> {
    v.as_mapping()
        .map(|m| m.iter().map(|(k, v)| (string(k), v.clone())).collect())
        .unwrap_or_default()
}

/// `(function, argument)` of an intrinsic, short (`!Ref x`) or long (`{Ref: x}`) form.
pub fn intrinsic(v: &Value) -> Option<(String, Value)> {
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

pub fn ref_target(v: &Value) -> Option<String> {
    match intrinsic(v)? {
        (f, Value::String(s)) if f == "Ref" => Some(s),
        _ => None,
    }
}

pub fn getatt_target(v: &Value) -> Option<String> {
    match intrinsic(v)? {
        (f, Value::String(s)) if f == "GetAtt" => s.split('.').next().map(str::to_owned),
        (f, Value::Sequence(items)) if f == "GetAtt" => {
            items.first().and_then(|i| i.as_str()).map(str::to_owned)
        }
        _ => None,
    }
}

pub fn sub_string(v: &Value) -> Option<String> {
    match intrinsic(v)? {
        (f, Value::String(s)) if f == "Sub" => Some(s),
        _ => None,
    }
}

/// A short, comparable description of a value: `!Ref X`, `!GetAtt X.Arn`, or the plain value.
pub fn describe(v: &Value) -> String {
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

pub fn seq(v: &Value) -> Vec<Value> {
    v.as_sequence().cloned().unwrap_or_default()
}

pub fn string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The contents of every `backticked` span of a Markdown text.
pub fn backticked_words(markdown: &str) -> Vec<String> {
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

pub fn assert_no_problems(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "infra/template.yaml and the code disagree:\n  - {}",
        problems.join("\n  - ")
    );
}
