//! What the figures count: per report, when it was seen, its area, its trade (who reported) and
//! its signs, read from the readable answers through the questionnaire's roles.
//!
//! The roles are found by convention (ARCHITECTURE.md, "Questionnaire"): the area is the
//! readable `single` question `area`; the signs are the readable `multiple` question whose
//! options are `grouped_by` another, and the trade is that other question (else `reporter`);
//! the time is the first readable `date` question.

use std::collections::BTreeMap;

use lookout_questionnaire::{Question, QuestionKind, Questionnaire};
use time::Date;

use crate::figures::period::{Seen, parse_day};

/// The questions that play each role, where the questionnaire has one.
#[derive(Debug, Clone, Copy)]
pub struct Roles<'q> {
    pub questionnaire: &'q Questionnaire,
    pub area: Option<&'q Question>,
    pub trade: Option<&'q Question>,
    pub indicators: Option<&'q Question>,
    pub seen: Option<&'q Question>,
}

impl<'q> Roles<'q> {
    pub fn of(q: &'q Questionnaire) -> Self {
        let readable = |kind: QuestionKind| {
            move |question: &&Question| question.readable && question.kind == kind
        };
        let indicators = q
            .questions
            .iter()
            .filter(readable(QuestionKind::Multiple))
            .find(|question| question.grouped_by.is_some())
            .or_else(|| {
                q.question("indicators")
                    .filter(readable(QuestionKind::Multiple))
            });
        let trade = indicators
            .and_then(|i| i.grouped_by.as_deref())
            .and_then(|id| q.question(id))
            .or_else(|| q.question("reporter"))
            .filter(readable(QuestionKind::Single));
        Roles {
            questionnaire: q,
            area: q.question("area").filter(readable(QuestionKind::Single)),
            trade,
            indicators,
            seen: q.questions.iter().find(readable(QuestionKind::Date)),
        }
    }

    /// The label of `option` of `question` in the default language (the id if unknown).
    pub fn label(&self, question: Option<&Question>, option: &str) -> String {
        let lang = &self.questionnaire.default_language;
        question.and_then(|q| q.choice(option)).map_or_else(
            || option.to_string(),
            |c| c.label.get(lang, lang).to_string(),
        )
    }

    /// A question's option ids, in questionnaire order.
    pub fn options(question: Option<&Question>) -> Vec<String> {
        question
            .map(|q| q.options.iter().map(|o| o.id.clone()).collect())
            .unwrap_or_default()
    }

    /// The fact of one report: the day it was received (`YYYY-MM-DD`) and its readable
    /// answers.
    pub fn fact(&self, received_on: &str, readable: &BTreeMap<String, Vec<String>>) -> Fact {
        let first = |question: Option<&Question>| {
            question
                .and_then(|q| readable.get(&q.id))
                .and_then(|values| values.first())
                .cloned()
        };
        Fact {
            received: parse_day(received_on).unwrap_or(Date::MIN),
            seen: Seen::parse(first(self.seen).as_deref()),
            area: first(self.area),
            trade: first(self.trade),
            indicators: self
                .indicators
                .and_then(|q| readable.get(&q.id))
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// One report, as the figures see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub received: Date,
    pub seen: Seen,
    pub area: Option<String>,
    pub trade: Option<String>,
    pub indicators: Vec<String>,
}
