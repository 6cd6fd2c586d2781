//! `list`, `show` and `reply`.

use age::x25519::Identity;
use anyhow::{Context, bail};
use lookout_functions::report::{Author, ReportId, StoredReport};
use lookout_functions::seal::Sealer;
use lookout_functions::store::{NewMessage, ReportStore};
use lookout_questionnaire::Questionnaire;
use serde_json::{Map, Value};

pub async fn list(store: &dyn ReportStore) -> anyhow::Result<()> {
    let reports = store.reports().await?;
    println!(
        "{:<32} {:<10} {:>8}  readable answers",
        "id", "received", "messages"
    );
    for report in &reports {
        let readable: Vec<String> = report
            .readable
            .iter()
            .map(|(k, v)| format!("{k}={}", v.join(",")))
            .collect();
        println!(
            "{:<32} {:<10} {:>8}  {}",
            report.id,
            report.received_on,
            report.message_count,
            readable.join(" ")
        );
    }
    println!("{} reports", reports.len());
    Ok(())
}

pub async fn find(store: &dyn ReportStore, id: &str) -> anyhow::Result<StoredReport> {
    match store.report(&ReportId(id.to_string())).await? {
        Some(report) => Ok(report),
        None => bail!("no report with id {id} (see `lookout reports list`)"),
    }
}

/// The report's sealed answers, opened with the team's identity.
pub fn open_answers(
    identities: &[Identity],
    report: &StoredReport,
) -> anyhow::Result<Map<String, Value>> {
    let plaintext = Sealer::open(identities, &report.sealed).with_context(|| {
        format!(
            "opening report {} (is this the team's identity?)",
            report.id
        )
    })?;
    serde_json::from_slice(&plaintext)
        .with_context(|| format!("report {} holds unreadable answers", report.id))
}

/// An answer as a person reads it: option labels instead of ids, lists joined.
pub fn answer_text(questionnaire: &Questionnaire, question_id: &str, value: &Value) -> String {
    let label = |id: &str| {
        questionnaire
            .question(question_id)
            .and_then(|q| q.choice(id))
            .map(|c| {
                c.label
                    .get(
                        &questionnaire.default_language,
                        &questionnaire.default_language,
                    )
                    .to_string()
            })
            .unwrap_or_else(|| id.to_string())
    };
    match value {
        Value::String(s) => label(s),
        Value::Array(items) => items
            .iter()
            .map(|i| answer_text(questionnaire, question_id, i))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub async fn show(
    store: &dyn ReportStore,
    q: &Questionnaire,
    identities: &[Identity],
    id: &str,
) -> anyhow::Result<()> {
    let report = find(store, id).await?;
    let sealed = open_answers(identities, &report)?;
    println!(
        "report {}  received {}  kept until {}",
        report.id,
        report.received_on,
        expiry_day(report.expires_at)
    );
    for question in &q.questions {
        let value = match report.readable.get(&question.id) {
            Some(values) if !sealed.contains_key(&question.id) => {
                Value::Array(values.iter().cloned().map(Value::String).collect())
            }
            _ => sealed.get(&question.id).cloned().unwrap_or(Value::Null),
        };
        let text = answer_text(q, &question.id, &value);
        if !text.is_empty() {
            println!(
                "\n{}:\n  {}",
                question.label.get(&q.default_language, &q.default_language),
                printable(&text)
            );
        }
    }
    for message in store.messages(&report.id).await? {
        // A reply sealed by a colleague to keys this identity lacks is marked, not fatal.
        let text = match Sealer::open(identities, &message.sealed) {
            Ok(text) => printable(&String::from_utf8_lossy(&text)),
            Err(_) => "(sealed to other team keys; this identity cannot open it)".to_string(),
        };
        let who = match message.author {
            Author::Team => "team",
            Author::Reporter => "reporter",
        };
        println!("\n[{} {who} #{}]\n  {text}", message.sent_on, message.seq);
    }
    Ok(())
}

/// Text from a reporter as it may safely reach a terminal: no control or direction-changing
/// characters (which could rewrite the screen or hide text), lines indented.
fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| *c == '\n' || !(c.is_control() || is_bidi_control(*c)))
        .collect::<String>()
        .replace('\n', "\n  ")
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

pub async fn reply(
    store: &dyn ReportStore,
    identities: &[Identity],
    id: &str,
    message: &str,
) -> anyhow::Result<()> {
    if message.trim().is_empty() {
        bail!("--message is empty");
    }
    let report = find(store, id).await?;
    // Sealed to the whole team (LOOKOUT_TEAM_RECIPIENTS, as the functions use) and to this
    // member, so every colleague can read the thread.
    let mut team: Vec<String> = identities
        .iter()
        .map(|i| i.to_public().to_string())
        .collect();
    if let Ok(list) = std::env::var("LOOKOUT_TEAM_RECIPIENTS") {
        team.extend(
            list.split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(String::from),
        );
    }
    team.sort();
    team.dedup();
    let sealed = Sealer::new(&team)?
        .seal_with_reporter(&report.reporter_key.recipient, message.as_bytes())?;
    let sent_on = today();
    let stored = store
        .append_message(
            &report.id,
            NewMessage {
                author: Author::Team,
                sent_on,
                sealed,
            },
        )
        .await?;
    println!(
        "reply #{} added to report {}; the reporter sees it on the follow-up page",
        stored.seq, report.id
    );
    Ok(())
}

pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn expiry_day(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_else(|_| unix.to_string())
}
