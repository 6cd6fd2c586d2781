//! What each deployed function needs from its deployment, as data: the binary, the routes it
//! answers, the variables the template must set for it, the store calls its handlers make (so
//! the DynamoDB actions and key prefixes its role must allow, through `store::dynamo::access`),
//! the secrets it fetches and the topics it publishes to.
//!
//! The functions run on this data: each Lambda binary mounts its routes from it and can make
//! only the store calls it lists ([`crate::store::ScopedStore`]), so a handler that starts
//! using another call fails its tests until the list (and with it the template) says so.
//! tests/infra_agreement holds infra/template.yaml to the same data.

use crate::config::env;
use crate::store::StoreCall;

/// A route of the report API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    SubmitReport,
    OpenApi,
    FollowUpThread,
    FollowUpMessage,
}

impl Route {
    pub const ALL: [Route; 4] = [
        Route::SubmitReport,
        Route::OpenApi,
        Route::FollowUpThread,
        Route::FollowUpMessage,
    ];

    /// The HTTP method, lower case as in an OpenAPI document.
    pub const fn method(self) -> &'static str {
        match self {
            Route::OpenApi => "get",
            _ => "post",
        }
    }

    pub const fn path(self) -> &'static str {
        match self {
            Route::SubmitReport => "/api/reports",
            Route::OpenApi => "/api/openapi.json",
            Route::FollowUpThread => "/api/follow-up",
            Route::FollowUpMessage => "/api/follow-up/messages",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Function {
    /// The `[[bin]]` of functions/Cargo.toml it runs.
    pub binary: &'static str,
    /// The routes it answers.
    pub routes: &'static [Route],
    /// Variables it reads that the template must set for it.
    pub env: &'static [&'static str],
    /// The store calls its handlers make.
    pub store: &'static [StoreCall],
    /// Variables naming the Secrets Manager secrets it fetches at cold start.
    pub secrets: &'static [&'static str],
    /// Variables naming the SNS topics it publishes to.
    pub topics: &'static [&'static str],
}

/// What every report-taking function reads.
const COMMON_ENV: &[&str] = &[
    env::TABLE,
    env::QUESTIONNAIRE,
    env::SHELL_DIR,
    env::TEAM_RECIPIENTS,
    env::RECEIPT_SECRET_ARN,
    env::HCAPTCHA_SECRET_ARN,
    env::HCAPTCHA_SITE_KEY,
    env::RETENTION_DAYS,
    env::MIN_FILL_SECONDS,
];

pub const SUBMIT: Function = Function {
    binary: "lookout-submit",
    routes: &[Route::SubmitReport, Route::OpenApi],
    env: &[
        env::TABLE,
        env::QUESTIONNAIRE,
        env::SHELL_DIR,
        env::TEAM_RECIPIENTS,
        env::RECEIPT_SECRET_ARN,
        env::HCAPTCHA_SECRET_ARN,
        env::HCAPTCHA_SITE_KEY,
        env::RETENTION_DAYS,
        env::MIN_FILL_SECONDS,
        env::NOTIFY_TOPIC_ARN,
    ],
    store: &[StoreCall::AlreadyStored, StoreCall::InsertReport],
    secrets: &[env::RECEIPT_SECRET_ARN, env::HCAPTCHA_SECRET_ARN],
    topics: &[env::NOTIFY_TOPIC_ARN],
};

pub const FOLLOW_UP: Function = Function {
    binary: "lookout-follow-up",
    routes: &[Route::FollowUpThread, Route::FollowUpMessage],
    env: COMMON_ENV,
    store: &[
        StoreCall::ReportByReceipt,
        StoreCall::Messages,
        StoreCall::AppendMessage,
    ],
    secrets: &[env::RECEIPT_SECRET_ARN, env::HCAPTCHA_SECRET_ARN],
    topics: &[],
};

/// Every deployed function.
pub const FUNCTIONS: &[Function] = &[SUBMIT, FOLLOW_UP];

/// The store calls of the triage CLI (`lookout reports ...`, `lookout triage`), which the team runs with its own
/// credentials: the template's TriagePolicy must allow them.
pub const TRIAGE_STORE_CALLS: &[StoreCall] = &[
    StoreCall::Reports,
    StoreCall::Report,
    StoreCall::Messages,
    StoreCall::AppendMessage,
    StoreCall::PurgeExpired,
    StoreCall::AppendCaseEvent,
    StoreCall::CaseEvents,
    StoreCall::AllCaseEvents,
    StoreCall::SetExpiry,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_variable_is_one_the_configuration_reads() {
        for function in FUNCTIONS {
            for var in function
                .env
                .iter()
                .chain(function.secrets)
                .chain(function.topics)
            {
                assert!(env::ALL.contains(var), "{}: {var}", function.binary);
            }
            for var in function.secrets.iter().chain(function.topics) {
                assert!(function.env.contains(var), "{}: {var}", function.binary);
            }
        }
    }

    #[test]
    fn every_route_is_deployed_once() {
        for route in Route::ALL {
            let owners = FUNCTIONS
                .iter()
                .filter(|f| f.routes.contains(&route))
                .count();
            assert_eq!(owners, 1, "{route:?}");
        }
    }
}
