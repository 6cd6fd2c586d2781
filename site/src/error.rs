//! Build errors. Every error about a campaign's files names the file, and the line and key
//! where there is one, so a communications officer can go straight to the mistake.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a campaign file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
}

impl Location {
    pub fn new(path: &Path, line: Option<usize>) -> Self {
        Self {
            path: path.to_path_buf(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// A problem in a campaign file: `path:line: message`.
    #[error("{location}: {message}")]
    Content { location: Location, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// The report questionnaire is invalid (its own message names file, line and key).
    #[error("{0}")]
    Questionnaire(String),
    /// Several content errors found in one pass, so authors can fix them all at once.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<SiteError>),
}

impl SiteError {
    pub fn content(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::Content {
            location: Location::new(path, line),
            message: message.into(),
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Tera hides the useful part of an error in its source chain.
    pub fn template(name: &str, error: &tera::Error) -> Self {
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Self::Template {
            name: name.to_string(),
            message,
        }
    }

    /// Folds a list of errors into one, or `Ok` when there are none.
    pub fn collect(mut errors: Vec<SiteError>) -> Result<(), SiteError> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(SiteError::Many(errors)),
        }
    }
}

pub type Result<T, E = SiteError> = std::result::Result<T, E>;
