//! The reporting channel cannot die silently, and the stack keeps no report's second in logs:
//! the functions log faults only; submission has reserved concurrency and follow-ups a lower
//! throttle; CloudFront is the only way to the functions; the digest runs on a schedule with an
//! alarm when it fails; alarms count over an hour or more; the warm-up event is one the
//! functions answer (functions/tests/lambda_events.rs runs it).

use std::collections::BTreeSet;

use lookout_functions::config::env;
use lookout_functions::deploy::{DIGEST, FUNCTIONS, Invoker, SUBMIT};
use lookout_functions::http::ORIGIN_HEADER;
use lookout_questionnaire::when::DEFAULT_TIME_ZONE;
use serde_yaml::Value;

use crate::function_for;
use crate::template::*;

#[test]
fn functions_log_faults_only() {
    let t = Template::load();
    let mut problems = Vec::new();
    for f in &t.functions {
        let logging = t.function_property(f, "LoggingConfig");
        let level = |key: &str| string(&logging[key]);
        if level("LogFormat") != "JSON" {
            problems.push(format!(
                "{}: LoggingConfig.LogFormat should be JSON",
                f.logical_id
            ));
        }
        for key in ["ApplicationLogLevel", "SystemLogLevel"] {
            if !["WARN", "ERROR", "FATAL"].contains(&level(key).as_str()) {
                problems.push(format!(
                    "{}: LoggingConfig.{key} is {:?}; below WARN a line per request would give \
                     its time",
                    f.logical_id,
                    level(key)
                ));
            }
        }
        if t.function_property(f, "Tracing").as_str() == Some("Active") {
            problems.push(format!(
                "{}: X-Ray tracing keeps a trace, with its time, of every request",
                f.logical_id
            ));
        }
    }
    let text = read(&root().join("infra/template.yaml"));
    if text.contains("LogLevel: INFO") || text.contains("LogLevel: DEBUG") {
        problems.push("the template sets a log level below WARN".into());
    }
    assert_no_problems(problems);
}

/// The default of the parameter `v` refers to, or the literal number.
fn number(t: &Template, v: &Value) -> Option<u64> {
    match ref_target(v) {
        Some(param) => t.parameter(&param)["Default"].as_u64(),
        None => v.as_u64(),
    }
}

#[test]
fn submission_has_reserved_concurrency_and_follow_ups_a_lower_throttle() {
    let t = Template::load();
    let mut problems = Vec::new();
    let submit = function_for(&t, SUBMIT.binary);
    let reserved = t.function_property(submit, "ReservedConcurrentExecutions");
    if number(&t, &reserved).is_none_or(|n| n == 0) {
        problems.push(format!(
            "{}: ReservedConcurrentExecutions should default to more than 0, is {reserved:?}",
            submit.logical_id
        ));
    }
    let api = &t.resources["HttpApi"]["Properties"];
    let default_rate = number(&t, &api["DefaultRouteSettings"]["ThrottlingRateLimit"]);
    for f in t
        .functions
        .iter()
        .filter(|f| f.logical_id != submit.logical_id)
    {
        for route in &f.routes {
            let rate = number(
                &t,
                &api["RouteSettings"][route.as_str()]["ThrottlingRateLimit"],
            );
            if !(rate.is_some() && rate < default_rate) {
                problems.push(format!(
                    "route {route} should have a RouteSettings throttle below the default \
                     ({default_rate:?}), has {rate:?}"
                ));
            }
        }
    }
    assert_no_problems(problems);
}

#[test]
fn cloudfront_is_the_only_way_in() {
    let t = Template::load();
    let mut problems = Vec::new();
    let api = &t.resources["HttpApi"]["Properties"];
    if api["DisableExecuteApiEndpoint"].as_bool() != Some(true) {
        problems.push("HttpApi: DisableExecuteApiEndpoint must be true".into());
    }
    for kind in ["AWS::Lambda::Url", "AWS::Lambda::Permission"] {
        for (id, _) in t.of_type(kind) {
            problems.push(format!("{id}: a {kind} is another way to the functions"));
        }
    }
    for f in &t.functions {
        if !t.function_property(f, "FunctionUrlConfig").is_null() {
            problems.push(format!(
                "{}: a function URL bypasses CloudFront",
                f.logical_id
            ));
        }
    }
    let config = &t.resources["Distribution"]["Properties"]["DistributionConfig"];
    let api_origin_id = seq(&config["CacheBehaviors"])
        .iter()
        .find(|b| string(&b["PathPattern"]) == "/api/*")
        .map(|b| string(&b["TargetOriginId"]))
        .unwrap_or_default();
    let origins = seq(&config["Origins"]);
    let Some(origin) = origins.iter().find(|o| string(&o["Id"]) == api_origin_id) else {
        panic!("the distribution has no origin for /api/*");
    };
    let domains: BTreeSet<String> = t
        .of_type("AWS::ApiGatewayV2::DomainName")
        .iter()
        .map(|(_, d)| describe(&d["Properties"]["DomainName"]))
        .collect();
    if !domains.contains(&describe(&origin["DomainName"])) {
        problems.push(format!(
            "the /api/* origin is {}, not the API's custom domain {domains:?}",
            describe(&origin["DomainName"])
        ));
    }
    // Mutual TLS: CloudFront presents a client certificate and the API's domain requires one,
    // so anyone else fails in the handshake, before API Gateway's throttle counts them.
    if origin["CustomOriginConfig"]["OriginMtlsConfig"]["ClientCertificateArn"].is_null() {
        problems.push("the /api/* origin presents no client certificate (OriginMtlsConfig)".into());
    }
    for (id, domain) in t.of_type("AWS::ApiGatewayV2::DomainName") {
        if domain["Properties"]["MutualTlsAuthentication"]["TruststoreUri"].is_null() {
            problems.push(format!("{id}: no MutualTlsAuthentication trust store"));
        }
    }
    // AWS WAF counts an IPv6 client by its whole address; one /64 would be endless clients.
    if config["IPV6Enabled"].as_bool() != Some(false) {
        problems.push("the distribution must not take IPv6 (IPV6Enabled: false)".into());
    }
    let header = seq(&origin["OriginCustomHeaders"])
        .into_iter()
        .find(|h| string(&h["HeaderName"]).eq_ignore_ascii_case(ORIGIN_HEADER));
    let Some(header) = header else {
        panic!("the /api/* origin adds no {ORIGIN_HEADER} header, which the functions require");
    };
    for f in t.functions.iter().filter(|f| !f.routes.is_empty()) {
        let token = t.env_of(f).get(env::ORIGIN_TOKEN).map(describe);
        if token.as_deref() != Some(describe(&header["HeaderValue"]).as_str()) {
            problems.push(format!(
                "{}: {} is {token:?}, not the value CloudFront sends in {ORIGIN_HEADER}",
                f.logical_id,
                env::ORIGIN_TOKEN
            ));
        }
    }
    assert_no_problems(problems);
}

#[test]
fn the_digest_runs_at_the_stacks_hours_with_an_alarm_when_it_fails() {
    let t = Template::load();
    let mut problems = Vec::new();
    for needs in FUNCTIONS.iter().filter(|f| f.invoker == Invoker::Schedule) {
        let f = function_for(&t, needs.binary);
        if f.schedules.is_empty() {
            problems.push(format!("{} has no ScheduleV2 event", f.logical_id));
        }
        let alarmed = t.of_type("AWS::CloudWatch::Alarm").iter().any(|(_, a)| {
            let p = &a["Properties"];
            string(&p["MetricName"]) == "Errors"
                && seq(&p["Dimensions"])
                    .iter()
                    .any(|d| ref_target(&d["Value"]).as_deref() == Some(f.logical_id.as_str()))
        });
        if !alarmed {
            problems.push(format!("no alarm on the Errors of {}", f.logical_id));
        }
    }
    let digest = function_for(&t, DIGEST.binary);
    let expression = digest
        .schedules
        .values()
        .map(|s| serde_yaml::to_string(&s["ScheduleExpression"]).unwrap_or_default())
        .collect::<String>();
    if !expression.contains("DigestHours") {
        problems.push(format!(
            "{}: its schedule should be built from the DigestHours parameter, is {expression}",
            digest.logical_id
        ));
    }
    let zone = string(&t.parameter("CampaignTimeZone")["Default"]);
    if zone != DEFAULT_TIME_ZONE {
        problems.push(format!(
            "CampaignTimeZone should default to {DEFAULT_TIME_ZONE}, the zone of a campaign \
             that names none (what the functions count days in), is {zone:?}"
        ));
    }
    let hours = string(&t.parameter("DigestHours")["Default"]);
    if hours.split(',').count() != 1 {
        problems.push(format!(
            "DigestHours should default to one time a day, is {hours:?}"
        ));
    }
    assert_no_problems(problems);
}

#[test]
fn alarms_count_over_an_hour_or_more() {
    let t = Template::load();
    let problems = t
        .of_type("AWS::CloudWatch::Alarm")
        .iter()
        .filter(|(_, a)| a["Properties"]["Period"].as_u64().is_none_or(|p| p < 3600))
        .map(|(id, a)| {
            format!(
                "{id}: Period {:?} is under an hour",
                a["Properties"]["Period"]
            )
        })
        .collect();
    assert_no_problems(problems);
}

#[test]
fn the_warm_up_event_is_the_tested_one() {
    let t = Template::load();
    let fixture: serde_json::Value =
        serde_json::from_str(&read(&root().join("functions/tests/fixtures/warm_up.json")))
            .expect("the warm-up fixture is JSON");
    let mut problems = Vec::new();
    for f in &t.functions {
        for (name, schedule) in &f.schedules {
            if name != "WarmUp" {
                continue;
            }
            let input: serde_json::Value =
                serde_json::from_str(&string(&schedule["Input"])).unwrap_or_default();
            if input != fixture {
                problems.push(format!(
                    "{}: the WarmUp event is not functions/tests/fixtures/warm_up.json",
                    f.logical_id
                ));
            }
        }
    }
    let warmed = t
        .functions
        .iter()
        .filter(|f| f.schedules.contains_key("WarmUp"))
        .count();
    if warmed
        != FUNCTIONS
            .iter()
            .filter(|f| f.invoker == Invoker::Api)
            .count()
    {
        problems.push("every API function should have a WarmUp schedule".into());
    }
    assert_no_problems(problems);
}
