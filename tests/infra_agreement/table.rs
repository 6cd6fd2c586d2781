//! The table is the one the store uses (keys, TTL, the day index), and it keeps no report's
//! second: no point-in-time recovery, no stream, no customer managed key; daily backups instead,
//! kept no longer than the promise allows.

use lookout_functions::store::dynamo::keys;
use serde_yaml::Value;

use crate::template::*;

#[test]
fn the_table_has_the_keys_ttl_and_day_index_the_store_uses() {
    let t = Template::load();
    let (_, table) = t.table();
    let props = &table["Properties"];
    let mut problems = Vec::new();
    let schema = |v: &Value| -> Vec<(String, String)> {
        seq(v)
            .iter()
            .map(|k| (string(&k["AttributeName"]), string(&k["KeyType"])))
            .collect()
    };
    let expected = vec![
        (keys::PK.to_string(), "HASH".to_string()),
        (keys::SK.to_string(), "RANGE".to_string()),
    ];
    if schema(&props["KeySchema"]) != expected {
        problems.push(format!(
            "the table's KeySchema is {:?}; the store addresses items by {expected:?} \
             (functions/src/store/dynamo/keys.rs)",
            schema(&props["KeySchema"])
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
    let indexes = seq(&props["GlobalSecondaryIndexes"]);
    match indexes
        .iter()
        .find(|i| string(&i["IndexName"]) == keys::RECEIVED_DAY_INDEX)
    {
        None => problems.push(format!(
            "the table has no index {} (the digest counts a day's reports there)",
            keys::RECEIVED_DAY_INDEX
        )),
        Some(index) => {
            let want = vec![(keys::RECEIVED_DAY.to_string(), "HASH".to_string())];
            if schema(&index["KeySchema"]) != want {
                problems.push(format!(
                    "index {}: KeySchema should be {want:?}",
                    keys::RECEIVED_DAY_INDEX
                ));
            }
            let projection = &index["Projection"];
            let projected: Vec<String> = seq(&projection["NonKeyAttributes"])
                .iter()
                .map(string)
                .collect();
            if string(&projection["ProjectionType"]) != "INCLUDE"
                || projected != [keys::TTL_ATTRIBUTE]
            {
                problems.push(format!(
                    "index {} should project the keys and {} only (what its count filters on), \
                     projects {projection:?}",
                    keys::RECEIVED_DAY_INDEX,
                    keys::TTL_ATTRIBUTE
                ));
            }
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
    assert_no_problems(problems);
}

#[test]
fn nothing_keeps_the_second_of_a_write() {
    let t = Template::load();
    let (table_id, table) = t.table();
    let props = &table["Properties"];
    let mut problems = Vec::new();
    if props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"].as_bool()
        == Some(true)
    {
        problems.push(format!(
            "{table_id} has point-in-time recovery, which lets an administrator find the second \
             each report was written"
        ));
    }
    if !props["StreamSpecification"].is_null() {
        problems.push(format!(
            "{table_id} has a stream, whose records carry the second of every write"
        ));
    }
    let sse = &props["SSESpecification"];
    if !sse["KMSMasterKeyId"].is_null() || sse["SSEEnabled"].as_bool() == Some(true) {
        problems.push(format!(
            "{table_id} should use the AWS owned key (SSEEnabled false): DynamoDB's calls to any \
             other key, made as the submit role, are recorded in CloudTrail"
        ));
    }
    for (id, _) in t.of_type("AWS::KMS::Key") {
        problems.push(format!(
            "{id}: no customer managed key; its use would be recorded in CloudTrail to the second"
        ));
    }
    assert_no_problems(problems);
}

#[test]
fn the_table_is_backed_up_daily_within_the_retention_promise() {
    let t = Template::load();
    let (table_id, _) = t.table();
    let mut problems = Vec::new();
    let selects_table = t
        .of_type("AWS::Backup::BackupSelection")
        .iter()
        .any(|(_, s)| {
            seq(&s["Properties"]["BackupSelection"]["Resources"])
                .iter()
                .any(|r| getatt_target(r).as_deref() == Some(table_id.as_str()))
        });
    if !selects_table {
        problems.push(format!(
            "no AWS::Backup::BackupSelection backs up {table_id}"
        ));
    }
    let rules: Vec<Value> = t
        .of_type("AWS::Backup::BackupPlan")
        .iter()
        .flat_map(|(_, p)| seq(&p["Properties"]["BackupPlan"]["BackupPlanRule"]))
        .collect();
    if rules.is_empty() {
        problems.push("there is no AWS::Backup::BackupPlan".into());
    }
    for rule in &rules {
        let name = string(&rule["RuleName"]);
        if string(&rule["ScheduleExpression"]) != "cron(0 0 * * ? *)" {
            problems.push(format!(
                "backup rule {name} should run daily at the start of the UTC day"
            ));
        }
        let delete_after = &rule["Lifecycle"]["DeleteAfterDays"];
        match ref_target(delete_after) {
            Some(param) => {
                let max = t.parameter(&param)["MaxValue"].as_u64();
                if max.is_none_or(|m| m > 35) {
                    problems.push(format!(
                        "backup rule {name}: {param} must be capped (MaxValue at most 35): it is \
                         how long a deleted report survives in backups"
                    ));
                }
            }
            None => problems.push(format!(
                "backup rule {name}: Lifecycle.DeleteAfterDays should be a parameter (the promise \
                 the privacy notice makes), is {delete_after:?}"
            )),
        }
    }
    assert_no_problems(problems);
}
