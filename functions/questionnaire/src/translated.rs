//! A string in several languages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Language code to text, e.g. `{ en: "Send", pl: "Wyślij" }`. A campaign translates at its
/// own pace, so a missing language falls back rather than failing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Translated(pub BTreeMap<String, String>);

impl Translated {
    /// The text in `lang`, else in `default_lang`, else in English, else in any language
    /// given; empty only if the map is empty (which loading rejects).
    pub fn get(&self, lang: &str, default_lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(default_lang))
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// Whether the text is given (non-blank) in `lang`.
    pub fn has(&self, lang: &str) -> bool {
        self.0.get(lang).is_some_and(|text| !text.trim().is_empty())
    }

    /// The languages this text is given in.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

impl<const N: usize> From<[(&str, &str); N]> for Translated {
    fn from(pairs: [(&str, &str); N]) -> Self {
        Self(
            pairs
                .iter()
                .map(|(l, t)| (l.to_string(), t.to_string()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Translated;

    #[test]
    fn falls_back_to_the_default_language_then_english() {
        let t = Translated::from([("en", "Send"), ("pl", "Wyślij")]);
        assert_eq!(t.get("pl", "en"), "Wyślij");
        assert_eq!(t.get("ur", "pl"), "Wyślij");
        assert_eq!(t.get("ur", "de"), "Send");
        assert_eq!(
            Translated::from([("pl", "Wyślij")]).get("ur", "de"),
            "Wyślij"
        );
        assert_eq!(Translated::default().get("en", "en"), "");
    }
}
