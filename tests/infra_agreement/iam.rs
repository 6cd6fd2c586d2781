//! Each role may do exactly what its function's store calls need (the DynamoDB actions, on the
//! table or the index they name, under `dynamodb:LeadingKeys` conditions made of the calls' key
//! prefixes, and `dynamodb:Select` where a call only counts), never scans, and reaches exactly
//! the secrets and topics its function uses.

use std::collections::{BTreeMap, BTreeSet};

use lookout_functions::config::env;
use lookout_functions::deploy::{FUNCTIONS, Function as Needs, TRIAGE_STORE_CALLS};
use lookout_functions::store::StoreCall;
use lookout_functions::store::dynamo::access;
use serde_yaml::Value;

use crate::function_for;
use crate::template::*;

/// What a grant reaches: the table, or one of its indexes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Table,
    Index(String),
}

/// What one action on one target is allowed with.
#[derive(Debug, Default, PartialEq, Eq)]
struct Allowed {
    /// `None`: no LeadingKeys condition, so any key.
    prefixes: Option<BTreeSet<String>>,
    /// The `dynamodb:Select` values the grants insist on (empty: none insists).
    select: BTreeSet<String>,
}

type Grants = BTreeMap<(String, Target), Allowed>;

/// One statement's LeadingKeys prefixes (`None`: unrestricted) and Select values.
type Condition = (Option<BTreeSet<String>>, BTreeSet<String>);

/// Where `resource` points: the table, one of its indexes, or (a problem) elsewhere.
fn target(resource: &Value, table_id: &str) -> Option<Target> {
    if getatt_target(resource).as_deref() == Some(table_id) && describe(resource).ends_with(".Arn")
    {
        return Some(Target::Table);
    }
    let sub = sub_string(resource)?;
    let index = sub.strip_prefix(&format!("${{{table_id}.Arn}}/index/"))?;
    Some(Target::Index(index.to_owned()))
}

fn strings_at(v: &Value) -> BTreeSet<String> {
    match v {
        Value::Sequence(items) => items.iter().map(string).collect(),
        Value::Null => BTreeSet::new(),
        other => [string(other)].into(),
    }
}

/// The DynamoDB grants of `statements`, as (action, target) → what is allowed. A grant with no
/// LeadingKeys condition makes its action unrestricted, whatever other grants say.
fn dynamodb_grants(
    statements: &[Value],
    table_id: &str,
    owner: &str,
    problems: &mut Vec<String>,
) -> Grants {
    let mut seen: BTreeMap<(String, Target), Vec<Condition>> = BTreeMap::new();
    for s in statements
        .iter()
        .filter(|s| s["Effect"].as_str() == Some("Allow"))
    {
        let acts: Vec<String> = actions(s)
            .into_iter()
            .filter_map(|a| a.strip_prefix("dynamodb:").map(str::to_owned))
            .collect();
        if acts.is_empty() {
            continue;
        }
        let condition = &s["Condition"];
        let keys = &condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"];
        let prefixes = (!keys.is_null()).then(|| {
            strings_at(keys)
                .into_iter()
                .map(|k| k.trim_end_matches('*').to_owned())
                .collect::<BTreeSet<_>>()
        });
        let select = strings_at(&condition["StringEquals"]["dynamodb:Select"]);
        for r in resources(s) {
            let Some(target) = target(&r, table_id) else {
                problems.push(format!(
                    "{owner}: DynamoDB actions {acts:?} on {}, which is not the table {table_id} \
                     or one of its indexes",
                    describe(&r)
                ));
                continue;
            };
            for a in &acts {
                seen.entry((a.clone(), target.clone()))
                    .or_default()
                    .push((prefixes.clone(), select.clone()));
            }
        }
    }
    seen.into_iter()
        .map(|(key, grants)| {
            let prefixes = grants
                .iter()
                .map(|(p, _)| p.clone())
                .collect::<Option<Vec<_>>>()
                .map(|sets| sets.into_iter().flatten().collect());
            let select = grants.into_iter().flat_map(|(_, s)| s).collect();
            (key, Allowed { prefixes, select })
        })
        .collect()
}

/// What `calls` need, in the same shape.
fn needed(calls: &[StoreCall]) -> Grants {
    let mut grants = Grants::new();
    for call in calls {
        let a = access(*call);
        let target = a
            .index
            .map_or(Target::Table, |index| Target::Index(index.to_owned()));
        for action in a.actions {
            let allowed = grants
                .entry((action.to_string(), target.clone()))
                .or_default();
            allowed
                .prefixes
                .get_or_insert_with(BTreeSet::new)
                .extend(a.key_prefixes.iter().map(|p| p.to_string()));
            allowed.select.extend(a.select.map(str::to_owned));
        }
    }
    grants
}

#[test]
fn roles_grant_exactly_what_their_store_calls_need() {
    let t = Template::load();
    let (table_id, _) = t.table();
    let mut problems = Vec::new();
    for needs in FUNCTIONS {
        let f = function_for(&t, needs.binary);
        let granted = dynamodb_grants(
            &t.role_statements(&f.role),
            table_id,
            &f.role,
            &mut problems,
        );
        let wanted = needed(needs.store);
        for (key, want) in &wanted {
            match granted.get(key) {
                None => problems.push(format!(
                    "{} (role {}) is not granted dynamodb:{} on {:?}, which its store calls {:?} need",
                    f.logical_id, f.role, key.0, key.1, needs.store
                )),
                Some(got) if got != want => problems.push(format!(
                    "{} (role {}): dynamodb:{} on {:?} is granted with LeadingKeys {:?} and Select \
                     {:?}; its store calls need exactly {:?} and {:?} \
                     (functions/src/store/dynamo/access.rs)",
                    f.logical_id, f.role, key.0, key.1, got.prefixes, got.select, want.prefixes, want.select
                )),
                Some(_) => {}
            }
        }
        for key in granted.keys().filter(|k| !wanted.contains_key(*k)) {
            problems.push(format!(
                "{} (role {}) is granted dynamodb:{} on {:?}, which none of its store calls {:?} needs",
                f.logical_id, f.role, key.0, key.1, needs.store
            ));
        }
    }
    let statements = t.managed_policy_statements("TriagePolicy");
    let granted: BTreeSet<String> =
        dynamodb_grants(&statements, table_id, "TriagePolicy", &mut problems)
            .into_keys()
            .filter(|(_, target)| *target == Target::Table)
            .map(|(action, _)| action)
            .collect();
    let missing: BTreeSet<String> = needed(TRIAGE_STORE_CALLS)
        .into_keys()
        .map(|(action, _)| action)
        .filter(|a| !granted.contains(a))
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "TriagePolicy lacks {missing:?}, which the CLI's store calls {TRIAGE_STORE_CALLS:?} need"
        ));
    }
    assert_no_problems(problems);
}

/// A scan has no leading key, so `ForAllValues` conditions let it through: a role that needs
/// none must be denied it outright, on the table and its indexes.
#[test]
fn roles_that_need_no_scan_are_denied_it() {
    let t = Template::load();
    let (table_id, _) = t.table();
    let mut problems = Vec::new();
    for needs in FUNCTIONS {
        let scans = needs
            .store
            .iter()
            .any(|c| access(*c).actions.contains(&"Scan"));
        if scans {
            continue;
        }
        let f = function_for(&t, needs.binary);
        let denied: BTreeSet<String> = t
            .role_statements(&f.role)
            .iter()
            .filter(|s| {
                s["Effect"].as_str() == Some("Deny") && actions(s).contains("dynamodb:Scan")
            })
            .flat_map(resources)
            .map(|r| describe(&r))
            .collect();
        let table = format!("!GetAtt {table_id}.Arn");
        let indexes = format!("!Sub ${{{table_id}.Arn}}/index/*");
        for wanted in [table, indexes] {
            if !denied.contains(&wanted) {
                problems.push(format!(
                    "{} (role {}) needs no scan but is not denied dynamodb:Scan on {wanted}",
                    f.logical_id, f.role
                ));
            }
        }
    }
    assert_no_problems(problems);
}

fn allowed_resources(statements: &[Value], action: &str) -> BTreeSet<String> {
    statements
        .iter()
        .filter(|s| s["Effect"].as_str() == Some("Allow") && actions(s).contains(action))
        .flat_map(resources)
        .map(|r| describe(&r))
        .collect()
}

fn check_reach(t: &Template, needs: &Needs, problems: &mut Vec<String>) {
    let f = function_for(t, needs.binary);
    let env = t.env_of(f);
    let statements = t.role_statements(&f.role);
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
        let (wanted, granted) = (named(vars), allowed_resources(&statements, action));
        if wanted != granted {
            problems.push(format!(
                "{}: it uses {what} {wanted:?} (through {vars:?}) but its role allows {action} \
                 on {granted:?}",
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

#[test]
fn roles_reach_exactly_the_secrets_and_topics_each_function_uses() {
    let t = Template::load();
    let mut problems = Vec::new();
    for needs in FUNCTIONS {
        check_reach(&t, needs, &mut problems);
    }
    assert_no_problems(problems);
}

/// The checks above would miss a grant they do not look at; these show they catch drift.
#[test]
fn the_grant_reader_sees_missing_conditions_and_stray_resources() {
    let statements: Vec<Value> = serde_yaml::from_str(
        r#"
- Effect: Allow
  Action: [dynamodb:GetItem]
  Resource: !GetAtt ReportsTable.Arn
- Effect: Allow
  Action: dynamodb:Query
  Resource: !Sub "${ReportsTable.Arn}/index/received-day"
  Condition:
    ForAllValues:StringLike:
      dynamodb:LeadingKeys: ["DAY#*"]
    StringEquals:
      dynamodb:Select: COUNT
- Effect: Allow
  Action: dynamodb:PutItem
  Resource: "*"
"#,
    )
    .unwrap();
    let mut problems = Vec::new();
    let grants = dynamodb_grants(&statements, "ReportsTable", "TestRole", &mut problems);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let get = &grants[&("GetItem".to_string(), Target::Table)];
    assert_eq!(get.prefixes, None, "no condition means any key");
    assert_ne!(grants, needed(&[StoreCall::CountReceivedOn]));
    let count = &grants[&("Query".to_string(), Target::Index("received-day".into()))];
    assert_eq!(
        count,
        &needed(&[StoreCall::CountReceivedOn])
            [&("Query".to_string(), Target::Index("received-day".into()))]
    );
}
