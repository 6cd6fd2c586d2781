//! What `check` reports: findings with their file and line, and the reading grade of each
//! English page.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, in the file (and on the line) where it can be fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        path: &Path,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Finding {
    /// `path:line: error: message`, the form editors and CI logs link to.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}: {}", self.severity.as_str(), self.message)
    }
}

/// The Flesch–Kincaid grade of one English page.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub path: PathBuf,
    pub grade: f64,
    pub words: usize,
}

#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Sorted by file, then line.
    pub findings: Vec<Finding>,
    /// Live pages checked.
    pub pages: usize,
    /// Every live English page's reading grade, warned about or not.
    pub readings: Vec<Reading>,
    /// Links to other sites, for `lookout check --external` to try.
    pub external: Vec<super::external::ExternalLink>,
    /// What each language still needs, for the translators' hand-off list.
    pub translations: Vec<super::needs::LanguageNeeds>,
    /// Pages the clock changes within the coming week.
    pub upcoming: Vec<super::ahead::Upcoming>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}
