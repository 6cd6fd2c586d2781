//! Interface strings ("Report a concern", "Exit this page"), per language, and what `check`
//! needs to know about them: which keys the language has no text for (so they are shown in
//! English), and which texts are marked as not yet reviewed by a native speaker.
//!
//! A string is `key: text`, or `key: {text: "...", translation: unreviewed}` to mark it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Deserialize;

use super::embedded;
use super::front_matter::Translation;
use super::paths::CampaignPaths;
use super::yaml::YamlSource;
use crate::error::Result;

/// Interface strings of one language: key → text.
pub type Strings = BTreeMap<String, String>;

/// The language the theme's strings fall back to.
pub const FALLBACK: &str = "en";

/// What `check` reports about one language's strings.
#[derive(Debug, Clone, Default)]
pub struct StringNotes {
    /// Keys given in the language itself (by the theme or the campaign).
    pub given: BTreeSet<String>,
    /// Keys whose text is marked `translation: unreviewed`, with the file and line.
    pub unreviewed: Vec<(String, PathBuf, Option<usize>)>,
    /// The campaign's own file for the language, where missing strings would go.
    pub own_file: PathBuf,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Entry {
    Text(String),
    Marked {
        text: String,
        #[serde(default)]
        translation: Option<Translation>,
    },
}

/// Interface strings for `lang`: the theme's English, then the theme's `lang`, then the
/// campaign's own `i18n/<lang>.yaml`, each overriding the one before.
pub fn load(paths: &CampaignPaths, lang: &str) -> Result<(Strings, StringNotes)> {
    let mut strings = Strings::new();
    let own_file = paths.i18n().join(format!("{lang}.yaml"));
    let mut notes = StringNotes {
        own_file: own_file.clone(),
        ..StringNotes::default()
    };
    let mut sources = Vec::new();
    for code in [FALLBACK, lang] {
        let name = format!("i18n/{code}.yaml");
        if let Some(text) = embedded::text_file(&name) {
            sources.push((
                code == lang,
                YamlSource::new(&embedded::display_path(&name), text, 1),
            ));
        }
    }
    if own_file.is_file() {
        sources.push((true, YamlSource::read(&own_file)?));
    }
    for (in_lang, source) in sources {
        for (key, entry) in source.parse::<BTreeMap<String, Entry>>()? {
            let text = match entry {
                Entry::Text(text) => text,
                Entry::Marked { text, translation } => {
                    if in_lang && translation == Some(Translation::Unreviewed) {
                        let line = source.line_of(&key);
                        notes
                            .unreviewed
                            .push((key.clone(), source.path().to_path_buf(), line));
                    }
                    text
                }
            };
            if in_lang {
                notes.given.insert(key.clone());
            }
            strings.insert(key, text);
        }
    }
    Ok((strings, notes))
}
