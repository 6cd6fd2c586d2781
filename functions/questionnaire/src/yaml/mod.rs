//! YAML for campaign files: the one place this workspace calls `serde_yaml`, and the one
//! locator that turns a key path into a line.
//!
//! `serde_yaml` is marked deprecated upstream; the design card names it, so it stays, kept
//! behind this module so that swapping it touches one file.
//!
//! Every error comes back as a [`YamlError`] naming the key path (`questions[2].kind`) and its
//! line, counted from the first line of the text parsed. Callers add their own offset (front
//! matter starts on line 2 of its file) and their file name.

mod locate;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use locate::Locator;

/// A YAML text that does not parse or does not fit its schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// 1-based, in the text given to [`from_str`].
    pub line: Option<usize>,
    /// The key path of the value at fault, when it is not the whole document.
    pub key: Option<String>,
    /// What is wrong, starting with the key path when there is one.
    pub message: String,
}

impl YamlError {
    /// The same error with its line moved by `offset` (the file line the text starts on,
    /// minus one).
    pub fn shifted(mut self, offset: usize) -> Self {
        self.line = self.line.map(|line| line + offset);
        self
    }
}

/// Parses `text` into `T`, naming the key and its line on failure.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        located(text, &path, error.inner())
    })
}

/// `value` as a YAML document (the files Lookout writes for other tools, such as a CMS's
/// configuration).
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|error| YamlError {
        line: None,
        key: None,
        message: error.to_string(),
    })
}

/// serde_yaml places some errors (a bad value inside a custom type, a missing key) at the
/// enclosing mapping, so the key's own line is preferred when the locator finds it.
fn located(text: &str, path: &str, error: &serde_yaml::Error) -> YamlError {
    let key = (path != "." && !path.is_empty()).then(|| path.to_string());
    let key_line = key.as_deref().and_then(|k| Locator::new(text).line_of(k));
    let reported_line = error.location().map(|l| l.line());
    let message = trimmed_message(error);
    let message = match &key {
        Some(key) if !message.starts_with(key.as_str()) => format!("{key}: {message}"),
        _ => message,
    };
    YamlError {
        line: key_line.or(reported_line).or(Some(1)),
        key,
        message,
    }
}

/// serde_yaml ends its messages with " at line X column Y"; the line is given apart, in front,
/// as compilers do.
fn trimmed_message(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match message.find(" at line ") {
        Some(at) => message[..at].trim_end_matches(',').to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        weight: Option<i64>,
        #[serde(default)]
        image: Option<Image>,
        #[serde(default)]
        posters: BTreeMap<String, String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Image {
        src: String,
        alt: String,
    }

    fn error(text: &str) -> YamlError {
        from_str::<Doc>(text).unwrap_err()
    }

    #[test]
    fn names_the_key_and_its_line() {
        let e = error("title: A\n\nweight: heavy\n");
        assert_eq!(e.line, Some(3));
        assert_eq!(e.key.as_deref(), Some("weight"));
        assert!(e.message.starts_with("weight: "), "{}", e.message);
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }

    #[test]
    fn unknown_and_missing_keys_have_lines() {
        let e = error("title: A\ncolour: red\n");
        assert_eq!(e.line, Some(2));
        assert!(
            e.message.contains("unknown field `colour`"),
            "{}",
            e.message
        );
        let e = error("title: A\nimage:\n  src: a.png\n");
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("missing field `alt`"), "{}", e.message);
    }

    #[test]
    fn shifted_moves_the_line() {
        let e = error("weight: 1\n").shifted(1);
        assert_eq!(e.line, Some(2));
    }
}
