//! Questionnaire errors. Each names the file and, where known, the line and the key, so the
//! person editing the campaign can go straight to the mistake.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum QuestionnaireError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The YAML does not parse or does not fit the schema (wrong type, unknown or missing key).
    #[error("{}{}: {message}", path.display(), line_suffix(*line))]
    Syntax {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// The YAML fits the schema but says something impossible (duplicate id, a readable text
    /// question, a missing default-language label...).
    #[error("{}{}: {key}: {message}", path.display(), line_suffix(*line))]
    Invalid {
        path: PathBuf,
        line: Option<usize>,
        /// Where in the document, e.g. `questions[2].readable` or `text.submit`.
        key: String,
        message: String,
    },
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

impl QuestionnaireError {
    pub(crate) fn syntax(path: &Path, error: crate::yaml::YamlError) -> Self {
        Self::Syntax {
            path: path.to_path_buf(),
            line: error.line,
            message: error.message,
        }
    }

    /// The 1-based line the error points at, if known.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::Read { .. } => None,
            Self::Syntax { line, .. } | Self::Invalid { line, .. } => *line,
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Self::Read { path, .. } | Self::Syntax { path, .. } | Self::Invalid { path, .. } => {
                path
            }
        }
    }
}
