//! Interface strings ("Report a concern", "Exit this page"), per language.

use std::collections::BTreeMap;

use super::embedded;
use super::paths::CampaignPaths;
use super::yaml::YamlSource;
use crate::error::Result;

/// Interface strings of one language: key → text.
pub type Strings = BTreeMap<String, String>;

/// Interface strings for `lang`: the theme's English, then the theme's `lang`, then the
/// campaign's own `i18n/<lang>.yaml`, each overriding the one before.
pub fn load(paths: &CampaignPaths, lang: &str) -> Result<Strings> {
    let mut strings = Strings::new();
    for code in ["en", lang] {
        let name = format!("i18n/{code}.yaml");
        if let Some(text) = embedded::text_file(&name) {
            let source = YamlSource::new(&embedded::display_path(&name), text, 1);
            strings.extend(source.parse::<Strings>()?);
        }
    }
    let own = paths.i18n().join(format!("{lang}.yaml"));
    if own.is_file() {
        strings.extend(YamlSource::read(&own)?.parse::<Strings>()?);
    }
    Ok(strings)
}
