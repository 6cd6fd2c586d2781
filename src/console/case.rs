//! The case page: every answer, the decrypted text, the follow-up thread and a reply box, the
//! status, labels, team-only notes, the evidence hold and export, and the case history. Every
//! form posts to one handler ([`act`]), which checks the session's CSRF token first.

use std::collections::{BTreeSet, HashMap};

use anyhow::Context;

use axum::response::{IntoResponse, Redirect, Response};
use lookout_functions::report::{Author, ReportId};
use lookout_functions::store::cases::{HOLD_MAX_DAYS, Status};

use super::Console;
use super::done::{Done, message};
use super::gate::Session;
use super::html::{e, page, q, select};
use crate::casework::evidence;
use crate::casework::{answer_text, answers, day_of, describe, now_unix};

pub async fn page_html(
    console: &Console,
    session: &Session,
    id: &str,
    done: Option<&str>,
) -> anyhow::Result<String> {
    let desk = &console.desk;
    let entry = desk.entry(id).await?;
    let report = &entry.report;
    let case = &entry.case;
    let qn = &desk.questionnaire;
    let lang = &qn.default_language;
    let all = answers(report, &desk.open(report)?);
    let token = session.field();
    let action = format!("/case/{}", e(&report.id.0));
    let mut body = String::new();
    if let Some(done) = done.and_then(message) {
        body.push_str(&format!(
            "<div class=\"notice\" role=\"status\"><p>{}</p></div>",
            e(&done)
        ));
    }
    body.push_str(&format!(
        "<p>Received {} \u{2022} kept until {} \u{2022} status <strong>{}</strong> \u{2022} spam check {} \u{2022} report id <code>{}</code></p>",
        e(&report.received_on),
        day_of(report.expires_at),
        e(case.status().label()),
        match report.verified {
            Some(true) => "passed",
            Some(false) => "<strong>not passed (unverified)</strong>",
            None => "not known",
        },
        e(&report.id.0)
    ));
    if let Some(hold) = &case.hold {
        body.push_str(&format!(
            "<p class=\"tag held\">Evidence hold since {} (by {}): kept until it is released, at most until {}.</p>",
            e(&hold.on),
            e(&hold.by),
            day_of(hold.until)
        ));
        if report.expires_at != hold.until {
            body.push_str("<div class=\"notice\"><p>The hold is recorded but not applied to every part of the report yet: place it again.</p></div>");
        }
    }

    body.push_str(&super::recurring::section(console, &report.id.0).await?);
    body.push_str("<h2>Answers</h2><dl class=\"answers\">");
    for question in &qn.questions {
        let value = all.get(&question.id).cloned().unwrap_or_default();
        let text = answer_text(qn, &question.id, &value);
        body.push_str(&format!(
            // dir="auto" isolates each answer, so a reporter's bidirectional marks cannot
            // reorder the text around it.
            "<dt>{}</dt><dd class=\"answer\" dir=\"auto\">{}</dd>",
            e(question.label.get(lang, lang)),
            if text.is_empty() {
                "<em>No answer</em>".to_string()
            } else {
                e(&text)
            }
        ));
    }
    body.push_str("</dl>");

    body.push_str("<h2>Follow-up thread</h2>");
    let messages = desk.store.messages(&report.id).await?;
    if messages.is_empty() {
        body.push_str("<p>No messages yet.</p>");
    } else {
        body.push_str("<ol class=\"thread\">");
        for m in &messages {
            let (class, who) = match m.author {
                Author::Team => ("team", "Team"),
                Author::Reporter => ("reporter", "Reporter"),
            };
            let text = desk.open_text(&m.sealed).map_or_else(
                || "<em>Sealed to other team keys.</em>".to_string(),
                |t| e(&t),
            );
            body.push_str(&format!(
                "<li class=\"{class}\"><p><strong>{who}</strong>, {}</p><p class=\"answer\" dir=\"auto\">{text}</p></li>",
                e(&m.sent_on)
            ));
        }
        body.push_str("</ol>");
    }
    body.push_str(&format!(
        "<form autocomplete=\"off\" method=\"post\" action=\"{action}\">{token}<input type=\"hidden\" name=\"action\" value=\"reply\"><div class=\"field\"><label for=\"reply\">Reply to the reporter</label><p id=\"reply-hint\">They read it on the follow-up page with their receipt code. Do not name anyone.</p><textarea id=\"reply\" name=\"text\" aria-describedby=\"reply-hint\" required></textarea></div><p><button type=\"submit\">Send reply</button></p></form>"
    ));

    body.push_str("<h2>Case work</h2><div class=\"actions\">");
    let statuses: Vec<(String, String)> = Status::ALL
        .iter()
        .map(|s| (s.id().into(), s.label().into()))
        .collect();
    body.push_str(&format!(
        "<form autocomplete=\"off\" method=\"post\" action=\"{action}\">{token}<input type=\"hidden\" name=\"action\" value=\"status\">{}<p><button type=\"submit\">Set status</button></p></form>",
        select("status", "Status", &statuses, case.status().id())
    ));
    let known: BTreeSet<String> = desk
        .store
        .all_case_events()
        .await?
        .values()
        .flat_map(|events| lookout_functions::store::cases::Case::from_events(events).labels)
        .collect();
    let mut labels = format!(
        "<form autocomplete=\"off\" method=\"post\" action=\"{action}\">{token}<input type=\"hidden\" name=\"action\" value=\"label-add\"><div class=\"field\"><label for=\"label\">Add a label</label><input id=\"label\" name=\"label\" list=\"labels-in-use\" maxlength=\"40\" required><datalist id=\"labels-in-use\">"
    );
    for l in &known {
        labels.push_str(&format!("<option value=\"{}\"></option>", e(l)));
    }
    labels.push_str("</datalist></div><p><button type=\"submit\">Add label</button></p></form>");
    for l in &case.labels {
        labels.push_str(&format!(
            "<form autocomplete=\"off\" class=\"inline\" method=\"post\" action=\"{action}\">{token}<input type=\"hidden\" name=\"action\" value=\"label-remove\"><input type=\"hidden\" name=\"label\" value=\"{}\"><span class=\"tag\">{}</span> <button type=\"submit\" class=\"secondary\" aria-label=\"Remove label {}\">Remove</button></form> ",
            e(l), e(l), e(l)
        ));
    }
    body.push_str(&format!("<div>{labels}</div>"));
    body.push_str(&format!(
        "<form autocomplete=\"off\" method=\"post\" action=\"{action}\">{token}<input type=\"hidden\" name=\"action\" value=\"note\"><div class=\"field\"><label for=\"note\">Team-only note</label><p id=\"note-hint\">Sealed to the team's keys; the reporter never sees it.</p><textarea id=\"note\" name=\"text\" aria-describedby=\"note-hint\" required></textarea></div><p><button type=\"submit\">Add note</button></p></form>"
    ));
    let hold = if case.hold.is_some()
        && report.expires_at == case.hold.as_ref().map_or(0, |h| h.until)
    {
        let gone = case
            .hold
            .as_ref()
            .is_some_and(|h| h.previous_expires_at <= now_unix());
        format!(
            "<form autocomplete=\"off\" method=\"post\" action=\"{action}\">{token}<input type=\"hidden\" name=\"action\" value=\"release\"><p>{}</p><p><button type=\"submit\" class=\"warning\">Release the hold</button></p></form>",
            if gone {
                "Its retention has ended: releasing the hold deletes the report."
            } else {
                "Releasing it restores the report's own retention date."
            }
        )
    } else {
        format!(
            "<form autocomplete=\"off\" method=\"post\" action=\"{action}\">{token}<input type=\"hidden\" name=\"action\" value=\"hold\"><p>An evidence hold keeps the report, its thread and case work past its retention date until it is released, for at most {HOLD_MAX_DAYS} days from today.</p><p><button type=\"submit\">Place an evidence hold</button></p></form>"
        )
    };
    let export = match console.evidence_dir.as_deref() {
        Some(dir) => format!("<form autocomplete=\"off\" method=\"post\" action=\"{action}\">{token}<input type=\"hidden\" name=\"action\" value=\"evidence\"><p>The evidence file holds everything about this report, decrypted. This program writes it to {} (readable by you only, not through the browser); its SHA-256 and today's date are recorded here.</p><p><button type=\"submit\" class=\"secondary\">Write the evidence file</button></p></form>", e(&dir.display().to_string())),
        None => "<p>To write this report's evidence file, start <code>lookout triage</code> with <code>--evidence-dir DIR</code>, a folder of your own.</p>".to_string(),
    };
    body.push_str(&format!("<div><h3>Evidence</h3>{hold}{export}</div>"));
    body.push_str("</div>");

    body.push_str("<h2>Notes</h2>");
    if case.notes.is_empty() {
        body.push_str("<p>No notes.</p>");
    }
    for note in &case.notes {
        let text = desk
            .open_text(&note.sealed)
            .map_or_else(|| "<em>Sealed to other team keys.</em>".into(), |t| e(&t));
        body.push_str(&format!(
            "<p><strong>{} by {}</strong></p><p class=\"answer\">{text}</p>",
            e(&note.on),
            e(&note.by)
        ));
    }
    body.push_str("<h2>Case history</h2>");
    if case.events.is_empty() {
        body.push_str("<p>No changes yet.</p>");
    } else {
        body.push_str("<ol>");
        for event in &case.events {
            let what = describe(event, |s| desk.open_text(s));
            body.push_str(&format!(
                "<li>{} \u{2014} key {}: {}</li>",
                e(&event.on),
                e(&event.by),
                e(&what)
            ));
        }
        body.push_str("</ol>");
    }
    Ok(page(
        &format!("Report received {}", report.received_on),
        "",
        &body,
    ))
}

/// A form from the case page.
pub async fn act(
    console: &Console,
    session: &Session,
    id: &str,
    form: &HashMap<String, String>,
) -> anyhow::Result<Response> {
    if !session.allows(form.get("csrf").map(String::as_str)) {
        anyhow::bail!(Forbidden);
    }
    let desk = &console.desk;
    let entry = desk.entry(id).await?;
    let rid = ReportId(id.to_string());
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let done = match field("action") {
        "reply" => Done::Reply(desk.reply(&entry.report, field("text")).await?),
        "status" => {
            let status = Status::from_id(field("status"))
                .ok_or_else(|| anyhow::anyhow!("unknown status"))?;
            desk.set_status(&rid, status).await?;
            Done::Status(status)
        }
        "label-add" => {
            desk.label(&rid, field("label"), true).await?;
            Done::LabelAdded
        }
        "label-remove" => {
            desk.label(&rid, field("label"), false).await?;
            Done::LabelRemoved
        }
        "note" => {
            desk.note(&rid, field("text")).await?;
            Done::Note
        }
        "hold" => {
            desk.hold(&entry).await?;
            Done::Hold
        }
        "release" => {
            desk.release(&entry).await?;
            if desk.store.report(&rid).await?.is_none() {
                return Ok(Redirect::to("/?done=released").into_response());
            }
            Done::Released
        }
        "evidence" => {
            let Some(dir) = console.evidence_dir.as_deref() else {
                anyhow::bail!("no evidence folder: start lookout triage with --evidence-dir DIR");
            };
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the evidence folder {}", dir.display()))?;
            evidence::write(desk, id, &dir.join(format!("evidence-{id}.json"))).await?;
            Done::Evidence
        }
        other => anyhow::bail!("unknown action {other:?}"),
    };
    Ok(Redirect::to(&format!("/case/{}?done={}", q(id), q(&done.code()))).into_response())
}

/// A form without the session's CSRF token.
#[derive(Debug)]
pub struct Forbidden;

impl std::fmt::Display for Forbidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("this form did not come from this console's session")
    }
}

impl std::error::Error for Forbidden {}
