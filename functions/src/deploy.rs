//! What each deployed function needs from its deployment, as data: the binary, what invokes
//! it, the routes it answers, the variables the template must set for it, the store calls its
//! handlers make (so the DynamoDB actions and key prefixes its role must allow, through
//! `store::dynamo::access`), the secrets it fetches and the topics it publishes to.
//!
//! The functions run on this data: each Lambda binary mounts its routes from it and can make
//! only the store calls it lists ([`crate::store::ScopedStore`]), so a handler that starts
//! using another call fails its tests until the list (and with it the template) says so.
//! tests/infra_agreement holds infra/template.yaml to the same data.

use crate::config::env;
use crate::store::StoreCall;
use lookout_questionnaire::api;

/// A route of the report API. Reports and follow-ups each have two lanes: the verified one,
/// for a submission with a solved challenge, and its strict twin (`…/unverified`, a much lower
/// throttle of its own), where the verified lane sends everything else and where the forms
/// post without JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    SubmitReport,
    SubmitReportUnverified,
    Challenge,
    OpenApi,
    FollowUpThread,
    FollowUpThreadUnverified,
    FollowUpMessage,
    FollowUpMessageUnverified,
}

/// Which lane a route is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Only a solved, fresh, unspent challenge is taken here; anything else is sent on
    /// (307) to the route's strict twin.
    Verified(Route),
    /// Everything is taken, marked unverified, inside the strict limit.
    Strict,
}

impl Route {
    pub const ALL: [Route; 8] = [
        Route::SubmitReport,
        Route::SubmitReportUnverified,
        Route::Challenge,
        Route::OpenApi,
        Route::FollowUpThread,
        Route::FollowUpThreadUnverified,
        Route::FollowUpMessage,
        Route::FollowUpMessageUnverified,
    ];

    /// The HTTP method, lower case as in an OpenAPI document.
    pub const fn method(self) -> &'static str {
        match self {
            Route::OpenApi | Route::Challenge => "get",
            _ => "post",
        }
    }

    pub const fn path(self) -> &'static str {
        match self {
            Route::SubmitReport => api::REPORTS,
            Route::SubmitReportUnverified => api::REPORTS_UNVERIFIED,
            Route::Challenge => api::CHALLENGE,
            Route::OpenApi => api::OPENAPI,
            Route::FollowUpThread => api::FOLLOW_UP,
            Route::FollowUpThreadUnverified => api::FOLLOW_UP_UNVERIFIED,
            Route::FollowUpMessage => api::FOLLOW_UP_MESSAGES,
            Route::FollowUpMessageUnverified => api::FOLLOW_UP_MESSAGES_UNVERIFIED,
        }
    }

    /// The lane of a route that takes submissions; `None` for the others.
    pub const fn lane(self) -> Option<Lane> {
        match self {
            Route::SubmitReport => Some(Lane::Verified(Route::SubmitReportUnverified)),
            Route::FollowUpThread => Some(Lane::Verified(Route::FollowUpThreadUnverified)),
            Route::FollowUpMessage => Some(Lane::Verified(Route::FollowUpMessageUnverified)),
            Route::SubmitReportUnverified
            | Route::FollowUpThreadUnverified
            | Route::FollowUpMessageUnverified => Some(Lane::Strict),
            Route::Challenge | Route::OpenApi => None,
        }
    }
}

/// What invokes a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invoker {
    /// The HTTP API, for its routes (CloudFront in front).
    Api,
    /// A schedule of the stack (EventBridge Scheduler).
    Schedule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Function {
    /// The `[[bin]]` of functions/Cargo.toml it runs.
    pub binary: &'static str,
    pub invoker: Invoker,
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

impl Function {
    /// Whether it takes new reports (and so checks the captcha).
    pub fn takes_reports(&self) -> bool {
        self.routes.contains(&Route::SubmitReport)
    }
}

/// Takes reports. It publishes nothing: notices go out in the digest, never one per report.
pub const SUBMIT: Function = Function {
    binary: "lookout-submit",
    invoker: Invoker::Api,
    routes: &[
        Route::SubmitReport,
        Route::SubmitReportUnverified,
        Route::Challenge,
        Route::OpenApi,
    ],
    env: &[
        env::TABLE,
        env::QUESTIONNAIRE,
        env::SHELL_DIR,
        env::TEAM_RECIPIENTS,
        env::RECEIPT_SECRET_ARN,
        env::HCAPTCHA_SECRET_ARN,
        env::RETENTION_DAYS,
        env::MIN_FILL_SECONDS,
        env::ORIGIN_TOKEN,
        env::BUNDLE_SHA256,
    ],
    store: &[StoreCall::SpentChallenge, StoreCall::InsertReport],
    secrets: &[env::RECEIPT_SECRET_ARN, env::HCAPTCHA_SECRET_ARN],
    topics: &[],
};

/// Opens a thread by receipt and adds the reporter's messages. It checks Lookout's own
/// challenge (signed with a key derived from the receipt pepper) even where the campaign chose
/// hCaptcha for reports, so it needs no captcha secret.
pub const FOLLOW_UP: Function = Function {
    binary: "lookout-follow-up",
    invoker: Invoker::Api,
    routes: &[
        Route::FollowUpThread,
        Route::FollowUpThreadUnverified,
        Route::FollowUpMessage,
        Route::FollowUpMessageUnverified,
    ],
    env: &[
        env::TABLE,
        env::QUESTIONNAIRE,
        env::SHELL_DIR,
        env::TEAM_RECIPIENTS,
        env::RECEIPT_SECRET_ARN,
        env::ORIGIN_TOKEN,
        env::BUNDLE_SHA256,
    ],
    store: &[
        StoreCall::SpendChallenge,
        StoreCall::ReportByReceipt,
        StoreCall::Messages,
        StoreCall::AppendMessage,
    ],
    secrets: &[env::RECEIPT_SECRET_ARN],
    topics: &[],
};

/// Counts the reports of yesterday and today (in the campaign's time zone, which the page
/// shells carry) and tells the team's topic (`crate::digest`).
pub const DIGEST: Function = Function {
    binary: "lookout-digest",
    invoker: Invoker::Schedule,
    routes: &[],
    env: &[
        env::TABLE,
        env::SHELL_DIR,
        env::BUNDLE_SHA256,
        env::NOTIFY_TOPIC_ARN,
    ],
    store: &[StoreCall::CountReceivedOn],
    secrets: &[],
    topics: &[env::NOTIFY_TOPIC_ARN],
};

/// Every deployed function.
pub const FUNCTIONS: &[Function] = &[SUBMIT, FOLLOW_UP, DIGEST];

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
    fn only_api_functions_answer_routes() {
        for function in FUNCTIONS {
            let has_routes = !function.routes.is_empty();
            assert_eq!(
                has_routes,
                function.invoker == Invoker::Api,
                "{}",
                function.binary
            );
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
