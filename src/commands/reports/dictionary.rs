//! The columns of an export, in the agreed order (ARCHITECTURE.md, "Exports"), and its data
//! dictionary: one row per column and language, saying what the column
//! holds and, for a question with options, each option's id and label. Questions are described
//! in the questionnaire's own words; the fixed columns here, in the languages Lookout ships
//! wording for (English where it has none, said so in the row).

use lookout_questionnaire::{QuestionKind, Questionnaire};

/// The fixed columns' meaning: (column, [(language, text)]).
const FIXED: &[(&str, &[(&str, &str)])] = &[
    (
        "report_id",
        &[
            ("en", "The report's random identifier (not the receipt)."),
            (
                "pl",
                "Losowy identyfikator zgłoszenia (nie kod potwierdzenia).",
            ),
            ("ur", "رپورٹ کی بے ترتیب شناخت (رسید کا کوڈ نہیں)۔"),
        ],
    ),
    (
        "received_on",
        &[
            (
                "en",
                "The day the report arrived (YYYY-MM-DD); no finer time is kept.",
            ),
            (
                "pl",
                "Dzień otrzymania zgłoszenia (RRRR-MM-DD); dokładniejszy czas nie jest zapisywany.",
            ),
            (
                "ur",
                "وہ دن جب رپورٹ موصول ہوئی (YYYY-MM-DD)؛ اس سے زیادہ درست وقت محفوظ نہیں کیا جاتا۔",
            ),
        ],
    ),
    (
        "verified",
        &[
            (
                "en",
                "Whether the report passed the spam check: yes, no, or unknown.",
            ),
            (
                "pl",
                "Czy zgłoszenie przeszło kontrolę antyspamową: yes, no lub unknown.",
            ),
            (
                "ur",
                "کیا رپورٹ اسپام کی جانچ میں کامیاب ہوئی: yes، no یا unknown۔",
            ),
        ],
    ),
    (
        "status",
        &[
            (
                "en",
                "The team's status: new, in-review, referred or closed.",
            ),
            (
                "pl",
                "Status nadany przez zespół: new, in-review, referred lub closed.",
            ),
            (
                "ur",
                "ٹیم کی طرف سے حیثیت: new، in-review، referred یا closed۔",
            ),
        ],
    ),
    (
        "labels",
        &[
            ("en", "The team's labels, separated by semicolons."),
            ("pl", "Etykiety zespołu, oddzielone średnikami."),
            ("ur", "ٹیم کے لیبل، سیمی کولن سے الگ کیے گئے۔"),
        ],
    ),
    (
        "held_until",
        &[
            (
                "en",
                "If an evidence hold is in force, the last day it keeps the report.",
            ),
            (
                "pl",
                "Jeśli obowiązuje zabezpieczenie dowodowe, ostatni dzień przechowywania zgłoszenia.",
            ),
            (
                "ur",
                "اگر ثبوت کے لیے روک نافذ ہے تو وہ آخری دن جب تک رپورٹ رکھی جائے گی۔",
            ),
        ],
    ),
    (
        "messages",
        &[
            (
                "en",
                "The number of follow-up messages between the team and the reporter.",
            ),
            ("pl", "Liczba wiadomości między zespołem a zgłaszającym."),
            ("ur", "ٹیم اور رپورٹ کرنے والے کے درمیان پیغامات کی تعداد۔"),
        ],
    ),
    (
        "notes",
        &[
            (
                "en",
                "The number of the team's own notes (their text is not exported).",
            ),
            (
                "pl",
                "Liczba notatek zespołu (ich treść nie jest eksportowana).",
            ),
            (
                "ur",
                "ٹیم کے اپنے نوٹس کی تعداد (ان کا متن برآمد نہیں ہوتا)۔",
            ),
        ],
    ),
];

fn fixed(column: &str, lang: &str) -> String {
    let texts = FIXED
        .iter()
        .find(|(name, _)| *name == column)
        .map_or(&[][..], |(_, t)| *t);
    texts
        .iter()
        .find(|(l, _)| *l == lang)
        .or_else(|| texts.iter().find(|(l, _)| *l == "en"))
        .map(|(l, t)| {
            if *l == lang {
                t.to_string()
            } else {
                format!("{t} (no {lang} wording yet)")
            }
        })
        .unwrap_or_default()
}

/// The dictionary as CSV: column, in_shareable, language, meaning, values.
/// `rule`: the disclosure rule the shareable file was written under, stated as its own line.
pub fn csv(q: &Questionnaire, columns: &[Column], rule: Option<&str>) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["column", "in_shareable", "language", "meaning", "values"])?;
    for column in columns {
        for lang in q.languages() {
            let (meaning, values) = match column.question.as_deref().and_then(|id| q.question(id)) {
                Some(question) => {
                    let label = question.label.get(&lang, &q.default_language).to_string();
                    let meaning = match question.kind {
                        QuestionKind::Date if column.name.ends_with("_period") => format!(
                            "{label} (kept readable: the ISO week as YYYY-Www, a month as YYYY-MM, or \u{201c}earlier\u{201d})"
                        ),
                        QuestionKind::Date => format!("{label} (the day, YYYY-MM-DD)"),
                        QuestionKind::Multiple => {
                            format!("{label} (several answers, separated by semicolons)")
                        }
                        _ => label,
                    };
                    let values = question
                        .options
                        .iter()
                        .map(|o| format!("{} = {}", o.id, o.label.get(&lang, &q.default_language)))
                        .collect::<Vec<_>>()
                        .join("; ");
                    (meaning, values)
                }
                None => (fixed(&column.name, &lang), String::new()),
            };
            let shareable = if column.shareable { "yes" } else { "no" };
            out.write_record([
                column.name.as_str(),
                shareable,
                lang.as_str(),
                &meaning,
                &values,
            ])?;
        }
    }
    if let Some(rule) = rule {
        out.write_record(["(disclosure rule)", "yes", "", rule, ""])?;
    }
    Ok(out.into_inner()?)
}

/// A column of an export: its name and whether the shareable data set has it.
pub struct Column {
    pub name: String,
    pub shareable: bool,
    /// The question it holds, if any.
    pub question: Option<String>,
}

/// The columns, in the agreed order.
pub fn columns(q: &Questionnaire) -> Vec<Column> {
    let fixed = |name: &str, shareable: bool| Column {
        name: name.to_string(),
        shareable,
        question: None,
    };
    let mut columns = vec![
        fixed("report_id", false),
        fixed("received_on", false),
        fixed("verified", true),
        fixed("status", true),
        fixed("labels", false),
        fixed("held_until", false),
    ];
    for question in &q.questions {
        let date = question.kind == QuestionKind::Date;
        columns.push(Column {
            name: question.id.clone(),
            shareable: question.readable && !date,
            question: Some(question.id.clone()),
        });
        if date && question.readable {
            columns.push(Column {
                name: format!("{}_period", question.id),
                shareable: true,
                question: Some(question.id.clone()),
            });
        }
    }
    columns.push(fixed("messages", false));
    columns.push(fixed("notes", false));
    columns
}
