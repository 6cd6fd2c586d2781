//! One page of a campaign as loaded: its file, its names and address, its front matter and
//! Markdown, and whether the clock lets it into the build.

use std::path::PathBuf;

use time::OffsetDateTime;

use super::front_matter::{FrontMatter, Translation};
use super::yaml::YamlSource;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// An `_index.md`: the page of a folder, listing what is in it.
    Section,
    Page,
}

/// One Markdown file in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, as the author would open it (campaign root joined with `pages/...`).
    pub source: PathBuf,
    /// Language-independent identity shared by a page and its translations: `news/launch`,
    /// `news/_index`, `_index`.
    pub key: String,
    pub lang: String,
    pub kind: PageKind,
    pub front: FrontMatter,
    /// The front matter's YAML, for messages that name one of its keys.
    pub front_yaml: YamlSource,
    pub markdown: String,
    /// The file line on which the Markdown body starts.
    pub body_line: usize,
    /// The page's path on the site, e.g. `/pl/news/launch/`.
    pub url: String,
    /// Key of the section holding this page (`news/_index`), none for the home page.
    pub parent: Option<String>,
    /// Whether it is the top of an audience's landing page: a top-level page named after one
    /// of the campaign's audiences.
    pub landing: bool,
}

/// Why a page is not part of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Draft,
    /// A translation stub (`translation: needed`).
    NotTranslated,
    NotYetPublished,
    Expired,
}

impl Page {
    /// The audience whose landing page this is: a top-level page named after an audience.
    pub fn landing_audience(&self) -> Option<&str> {
        self.landing.then_some(self.key.as_str())
    }

    /// The file that holds this page in `lang`: `a.md` → `a.pl.md`, and `a.en.md` (the
    /// default language written out) → `a.pl.md` too.
    pub fn file_in(&self, lang: &str) -> PathBuf {
        let stem = name_without_language(&self.source, &self.lang);
        self.source.with_file_name(format!("{stem}.{lang}.md"))
    }

    /// A translation stub waiting for its translator.
    pub fn held_for_translation(&self) -> bool {
        self.front.translation == Some(Translation::Needed)
    }

    pub fn held(&self, now: OffsetDateTime) -> Option<Held> {
        let front = &self.front;
        if front.draft {
            Some(Held::Draft)
        } else if front.translation == Some(Translation::Needed) {
            Some(Held::NotTranslated)
        } else if front.publish_at.is_some_and(|at| at.0 > now) {
            Some(Held::NotYetPublished)
        } else if front.expires_at.is_some_and(|at| at.0 <= now) {
            Some(Held::Expired)
        } else {
            None
        }
    }
}

/// A page file's name without `.md` and without the `.<lang>` suffix: `a.en.md` → `a`.
pub fn name_without_language(file: &std::path::Path, lang: &str) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    stem.strip_suffix(&format!(".{lang}"))
        .unwrap_or(stem)
        .to_string()
}

impl Held {
    pub fn describe(self) -> &'static str {
        match self {
            Held::Draft => "draft",
            Held::NotTranslated => "a translation stub: translation: needed",
            Held::NotYetPublished => "scheduled (publish_at is in the future)",
            Held::Expired => "expired (expires_at has passed)",
        }
    }
}
