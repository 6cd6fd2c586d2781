//! What the Lambda binaries write to their logs: faults only (WARN and above), one line each,
//! as JSON when Lambda asks for it (`AWS_LAMBDA_LOG_FORMAT=JSON`) or as plain text. A line holds
//! the level, the message and the event's own fields, and nothing else: no time (CloudWatch
//! stamps every line itself), no span (the runtime's span carries the request id and the X-Ray
//! trace id, whose first part is the epoch second of the request), no module path.
//!
//! So a successful request writes nothing at all, and a fault says what failed without saying
//! which request it was. `lookout serve` logs on its own terms (src/commands/serve).

use std::fmt;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// Lambda's names for its log settings (set from the template's `LoggingConfig`).
pub const LOG_FORMAT_VAR: &str = "AWS_LAMBDA_LOG_FORMAT";
pub const LOG_LEVEL_VAR: &str = "AWS_LAMBDA_LOG_LEVEL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub format: Format,
    /// The least severe level written; never below WARN.
    pub level: Level,
}

impl Settings {
    /// From Lambda's variables. The level may only be stricter than WARN (ERROR, FATAL): the
    /// functions' INFO and DEBUG lines would tie a line's time to one request.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let format = match var(LOG_FORMAT_VAR) {
            Some(f) if f.trim().eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Text,
        };
        let level = match var(LOG_LEVEL_VAR).map(|l| l.trim().to_ascii_uppercase()) {
            Some(l) if l == "ERROR" || l == "FATAL" => Level::ERROR,
            _ => Level::WARN,
        };
        Self { format, level }
    }
}

/// Installs the subscriber for a Lambda binary, from the process environment.
pub fn init() {
    let settings = Settings::from_vars(|name| std::env::var(name).ok());
    tracing_subscriber::fmt()
        .with_max_level(settings.level)
        .with_ansi(false)
        .with_writer(std::io::stderr)
        .event_format(Line(settings.format))
        .init();
}

/// Formats one event as one line, in `Format`, from the event alone.
#[derive(Debug, Clone, Copy)]
pub struct Line(pub Format);

impl<S, N> FormatEvent<S, N> for Line
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let level = event.metadata().level().as_str();
        match self.0 {
            Format::Json => {
                let mut line = Map::new();
                line.insert("level".into(), Value::from(level));
                line.insert("message".into(), Value::from(fields.message));
                line.extend(fields.others);
                writeln!(writer, "{}", Value::Object(line))
            }
            Format::Text => {
                write!(writer, "{level} {}", fields.message)?;
                for (name, value) in fields.others {
                    match value {
                        Value::String(text) => write!(writer, " {name}={text:?}")?,
                        other => write!(writer, " {name}={other}")?,
                    }
                }
                writeln!(writer)
            }
        }
    }
}

/// An event's message and other fields, in the order they were given.
#[derive(Default)]
struct Fields {
    message: String,
    others: Vec<(String, Value)>,
}

impl Fields {
    fn put(&mut self, field: &Field, value: Value) {
        if field.name() == "message" {
            self.message = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
        } else {
            self.others.push((field.name().to_string(), value));
        }
    }
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, Value::from(format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, Value::from(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, Value::from(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, Value::from(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, Value::from(value));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, Value::from(value));
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.put(field, Value::from(value.to_string()));
    }
}

/// What a test's log subscriber wrote, for the unit tests of the crate that check log lines.
#[cfg(test)]
#[derive(Clone, Default)]
pub(crate) struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code: a panic is a failing test")]
impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Logs what the runtime and a handler would, inside the runtime's request span.
    fn log_with(format: Format) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(Settings::from_vars(|_| None).level)
            .with_writer(move || writer.clone())
            .event_format(Line(format))
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::warn_span!(
                "Lambda runtime invoke",
                requestId = "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
                xrayTraceId = "1-5bef2a1f-b79e3e9c6e6d5f0a8c1b2d3e"
            );
            let _entered = span.enter();
            tracing::info!("report stored");
            tracing::warn!(reason = "timed out", code = 503u64, "store unavailable");
        });
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn json_lines_hold_the_level_message_and_fields_only() {
        let log = log_with(Format::Json);
        let lines: Vec<Value> = log
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines,
            [serde_json::json!({
                "level": "WARN",
                "message": "store unavailable",
                "reason": "timed out",
                "code": 503
            })],
            "{log}"
        );
    }

    #[test]
    fn text_lines_carry_no_span_and_no_info() {
        let log = log_with(Format::Text);
        assert_eq!(
            log,
            "WARN store unavailable reason=\"timed out\" code=503\n"
        );
    }

    #[test]
    fn the_level_is_never_below_warn() {
        let vars = |format: &'static str, level: &'static str| {
            move |name: &str| match name {
                LOG_FORMAT_VAR => Some(format.to_string()),
                LOG_LEVEL_VAR => Some(level.to_string()),
                _ => None,
            }
        };
        let s = Settings::from_vars(vars("JSON", "DEBUG"));
        assert_eq!((s.format, s.level), (Format::Json, Level::WARN));
        let s = Settings::from_vars(vars("Text", "error"));
        assert_eq!((s.format, s.level), (Format::Text, Level::ERROR));
    }
}
