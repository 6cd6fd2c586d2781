//! The site's one way into YAML (`config.yaml`, front matter, interface strings): parsing and
//! key lines both go through `lookout_questionnaire::yaml`, and a text is kept with its file
//! and first line so that any later message about it (from the build or from `check`) names
//! the file, line and key without reading the file again.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::files::read_to_string;
use crate::error::{Result, SiteError};

/// A campaign's YAML text: a whole file, or the front matter of a page.
#[derive(Debug, Clone)]
pub struct YamlSource {
    path: PathBuf,
    text: String,
    /// The file line the text starts on (front matter starts on line 2, after `---`).
    first_line: usize,
}

impl YamlSource {
    pub fn new(path: &Path, text: impl Into<String>, first_line: usize) -> Self {
        Self {
            path: path.to_path_buf(),
            text: text.into(),
            first_line,
        }
    }

    /// A whole YAML file.
    pub fn read(path: &Path) -> Result<Self> {
        Ok(Self::new(path, read_to_string(path)?, 1))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Parses the text, naming the file, line and key on failure.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        lookout_questionnaire::yaml::from_str(&self.text).map_err(|error| {
            let error = error.shifted(self.offset());
            SiteError::content(&self.path, error.line, error.message)
        })
    }

    /// The file line of `key`, a path such as `image.alt` or `audiences[0].signs`.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        lookout_questionnaire::yaml::Locator::new(&self.text)
            .line_of(key)
            .map(|line| line + self.offset())
    }

    /// A problem with `key`, on its line.
    pub fn error_at(&self, key: &str, message: impl Into<String>) -> SiteError {
        SiteError::content(&self.path, self.line_of(key), message)
    }

    fn offset(&self) -> usize {
        self.first_line.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_the_first_line_of_the_text() {
        let source = YamlSource::new(Path::new("a.md"), "title: A\nimage:\n  alt: x\n", 2);
        assert_eq!(source.line_of("image.alt"), Some(4));
        let err = source.parse::<std::collections::BTreeMap<String, u8>>();
        assert!(err.unwrap_err().to_string().starts_with("a.md:2: "));
    }
}
