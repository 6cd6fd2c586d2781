//! `list`, `show` and `reply`.

use std::io::{IsTerminal, Read};

use anyhow::{Context, bail};
use lookout_functions::report::Author;
use lookout_functions::store::cases::CaseStore;

use crate::commands::out::say;
use lookout::casework::{
    Desk, answer_text, answers, day_of, describe, duplicates, entries, readable_line, verified,
    visible_controls,
};

pub async fn list(store: &dyn CaseStore) -> anyhow::Result<()> {
    let entries = entries(store).await?;
    let duplicates = duplicates(&entries);
    say!(
        "{:<32} {:<10} {:<10} {:<8} {:>8}  labels; readable answers",
        "id",
        "received",
        "status",
        "verified",
        "messages"
    );
    for entry in &entries {
        let report = &entry.report;
        let mut labels: Vec<String> = entry.case.labels.iter().cloned().collect();
        if let Some(hold) = &entry.case.hold {
            labels.insert(0, format!("HELD until {}", day_of(hold.until)));
        }
        if let Some(first) = duplicates.get(&report.id) {
            labels.insert(0, format!("DUPLICATE of {first}"));
        }
        say!(
            "{:<32} {:<10} {:<10} {:<8} {:>8}  {}; {}",
            report.id,
            report.received_on,
            entry.case.status().id(),
            verified(report),
            report.message_count,
            labels.join(", "),
            readable_line(report)
        );
    }
    say!("{} reports", entries.len());
    Ok(())
}

pub async fn show(desk: &Desk, id: &str) -> anyhow::Result<()> {
    let entry = desk.entry(id).await?;
    let report = &entry.report;
    let q = &desk.questionnaire;
    let all = answers(report, &desk.open(report)?);
    say!(
        "report {}  received {}  kept until {}  status {}  verified {}",
        report.id,
        report.received_on,
        day_of(report.expires_at),
        entry.case.status().label(),
        verified(report)
    );
    if !entry.case.labels.is_empty() {
        let labels: Vec<&str> = entry.case.labels.iter().map(String::as_str).collect();
        say!("labels: {}", labels.join(", "));
    }
    for question in &q.questions {
        let value = all.get(&question.id).cloned().unwrap_or_default();
        let text = answer_text(q, &question.id, &value);
        if !text.is_empty() {
            say!(
                "\n{}:\n  {}",
                question.label.get(&q.default_language, &q.default_language),
                printable(&text)
            );
        }
    }
    for message in desk.store.messages(&report.id).await? {
        // A reply sealed by a colleague to keys this identity lacks is marked, not fatal.
        let text = desk.open_text(&message.sealed).map_or_else(
            || "(sealed to other team keys; this identity cannot open it)".to_string(),
            |t| printable(&t),
        );
        let who = match message.author {
            Author::Team => "team",
            Author::Reporter => "reporter",
        };
        say!("\n[{} {who} #{}]\n  {text}", message.sent_on, message.seq);
    }
    if !entry.case.events.is_empty() {
        say!("\ncase history:");
        for event in &entry.case.events {
            let what = describe(event, |s| desk.open_text(s).map(|t| printable(&t)));
            say!("  {} {} by {}: {what}", event.seq, event.on, event.by);
        }
    }
    Ok(())
}

/// Text from a reporter as it may safely reach a terminal: no control or direction-changing
/// characters (which could rewrite the screen or hide text), lines indented.
/// A reporter's text for the terminal: controls shown as markers, lines indented.
pub fn printable(text: &str) -> String {
    visible_controls(text).replace('\n', "\n  ")
}

pub async fn reply(desk: &Desk, id: &str, message: Option<String>) -> anyhow::Result<()> {
    let entry = desk.entry(id).await?;
    let text = match message {
        Some(text) => text,
        None if !std::io::stdin().is_terminal() => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading the reply from standard input")?;
            text
        }
        None => from_editor()?,
    };
    if text.trim().is_empty() {
        bail!("the reply is empty; nothing was sent");
    }
    let seq = desk.reply(&entry.report, &text).await?;
    say!(
        "reply #{seq} added to report {}; the reporter sees it on the follow-up page",
        entry.report.id
    );
    Ok(())
}

/// The reply written in `$VISUAL` or `$EDITOR`, in a file only its owner can read, deleted
/// afterwards. Lines starting with `#` are left out.
fn from_editor() -> anyhow::Result<String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .map_err(|_| {
            anyhow::anyhow!(
                "no reply given: pass --message TEXT, pipe it in, or set EDITOR to write it there"
            )
        })?;
    let file = tempfile::Builder::new()
        .prefix("lookout-reply-")
        .suffix(".txt")
        .tempfile()
        .context("making a file for the reply")?;
    std::fs::write(
        file.path(),
        "\n# Write the reply to the reporter above. Lines starting with # are left out.\n",
    )?;
    let mut words = editor.split_whitespace();
    let program = words.next().context("EDITOR is empty")?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(file.path())
        .status()
        .with_context(|| format!("starting the editor {editor}"))?;
    if !status.success() {
        bail!("the editor {editor} failed ({status}); nothing was sent");
    }
    let text = std::fs::read_to_string(file.path())?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n"))
}
