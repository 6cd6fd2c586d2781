//! What a language still needs, as `check` finds it (`languages`) and hands it to
//! translators (`handoff`).

use std::path::PathBuf;

use time::Date;

/// One text that has no translation yet: where it is set, and what it says now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// `exit_hint`, `questions[0].label`, `audiences[3].name`.
    pub key: String,
    pub file: PathBuf,
    pub line: Option<usize>,
    /// The text shown instead, in the language it falls back to.
    pub shown: String,
}

/// A translation older than its original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outdated {
    pub translation: PathBuf,
    pub original: PathBuf,
    pub original_changed: Date,
    pub translation_changed: Date,
}

/// Everything one language needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageNeeds {
    pub code: String,
    pub name: String,
    /// Stubs to translate: (the stub, its original).
    pub stubs: Vec<(PathBuf, PathBuf)>,
    pub outdated: Vec<Outdated>,
    /// Pages and strings marked `translation: unreviewed`: (file, line, what).
    pub unreviewed: Vec<(PathBuf, Option<usize>, String)>,
    /// Interface strings shown in the theme's English; they go in `strings_file`.
    pub strings: Vec<Missing>,
    pub strings_file: PathBuf,
    /// Form labels, hints and texts of questionnaire.yaml shown in its default language.
    pub form: Vec<Missing>,
    /// Audience names in config.yaml shown in the default language.
    pub audience_names: Vec<Missing>,
}

impl LanguageNeeds {
    pub fn is_empty(&self) -> bool {
        self.stubs.is_empty()
            && self.outdated.is_empty()
            && self.unreviewed.is_empty()
            && self.strings.is_empty()
            && self.form.is_empty()
            && self.audience_names.is_empty()
    }
}
