//! Everything a request can go wrong with, mapped to one status, one code and the one error
//! JSON shape of ARCHITECTURE.md:
//! `{"error": {"code": "...", "message": "...", "fields": {"question_id": "message"}}}`.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::respond;
use crate::deploy::Route;
use lookout_questionnaire::Questionnaire;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// 400: the body is not a submission (bad JSON, bad form encoding, bad control field).
    Malformed(String),
    /// 413: over the body size limit.
    TooLarge,
    /// 415: neither JSON nor a form post.
    UnsupportedType,
    /// 422: field name to message.
    Invalid(BTreeMap<String, String>),
    /// 403: honeypot filled or sent faster than a person could.
    Spam,
    /// 403: sent by another website's page (`http::origin::same_site`); nothing stored.
    CrossSite,
    /// 307: no solved, fresh, unspent challenge reached the verified lane; the client sends the
    /// same body on to the route's strict twin (`http::lanes`). Not an error for the reporter.
    SendOn(Route),
    /// 503: the store (or the captcha service) could not be reached; nothing was stored.
    NotSaved,
    /// 500: a fault on our side, never caused by what the client sent.
    Internal,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'static str,
    message: String,
    fields: &'a BTreeMap<String, String>,
}

impl Problem {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Malformed(_) => StatusCode::BAD_REQUEST,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Spam | Self::CrossSite => StatusCode::FORBIDDEN,
            Self::SendOn(_) => StatusCode::TEMPORARY_REDIRECT,
            Self::NotSaved => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::TooLarge => "too_large",
            Self::UnsupportedType => "unsupported_media_type",
            Self::Invalid(_) => "invalid_answers",
            Self::Spam => "spam_check_failed",
            Self::CrossSite => "cross_site",
            Self::SendOn(_) => "unverified",
            Self::NotSaved => "not_saved",
            Self::Internal => "internal",
        }
    }

    /// A message for the whole request, in `lang` where the questionnaire has one.
    pub fn message(&self, q: &Questionnaire, lang: &str) -> String {
        let t = |text: &lookout_questionnaire::Translated| {
            text.get(lang, &q.default_language).to_string()
        };
        match self {
            Self::Malformed(detail) => detail.clone(),
            Self::TooLarge => t(&q.text.error_too_large),
            Self::UnsupportedType => {
                "Send application/json or application/x-www-form-urlencoded.".to_string()
            }
            Self::Invalid(_) => t(&q.text.error_summary_title),
            Self::Spam => t(&q.text.error_spam_check),
            Self::CrossSite => t(&q.text.error_cross_site),
            Self::SendOn(twin) => format!("Send the same request to {}.", twin.path()),
            Self::NotSaved => t(&q.text.error_not_saved),
            Self::Internal => {
                "Something went wrong on our side. Nothing was stored; please try again."
                    .to_string()
            }
        }
    }

    /// The message to show above a form shown again (`None` when the fields say it all).
    pub fn form_message(&self, q: &Questionnaire, lang: &str) -> Option<String> {
        match self {
            Self::Invalid(_) => None,
            Self::Malformed(_) => Some(
                q.text
                    .error_malformed
                    .get(lang, &q.default_language)
                    .to_string(),
            ),
            other => Some(other.message(q, lang)),
        }
    }

    pub fn fields(&self) -> BTreeMap<String, String> {
        match self {
            Self::Invalid(fields) => fields.clone(),
            _ => BTreeMap::new(),
        }
    }

    /// The 307 of [`Problem::SendOn`], whatever the format asked: browsers and `fetch` follow
    /// it with the same body.
    pub fn redirect(&self) -> Option<Response> {
        match self {
            Self::SendOn(twin) => Some(respond::send_on(twin.path())),
            _ => None,
        }
    }

    pub fn json(&self, q: &Questionnaire, lang: &str) -> Response {
        if let Some(redirect) = self.redirect() {
            return redirect;
        }
        let fields = self.fields();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.message(q, lang),
                fields: &fields,
            },
        };
        respond::json(self.status(), &body)
    }
}
