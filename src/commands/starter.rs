//! The campaign `lookout init` writes: a config.yaml for the languages asked for, with the
//! example campaign's audiences, and the pages every campaign needs (home, report, follow-up,
//! safety, privacy, help) in the default language, with the example's translations where it
//! has them and translation stubs where it has not.

use super::scaffold::{translation_stub, yaml_text};

/// The example campaign's settings, whose `audiences:` the starter reuses.
const EXAMPLE_CONFIG: &str = include_str!("../../content/config.yaml");

/// The language a page of the example is in, and its text.
type Translations = &'static [(&'static str, &'static str)];

/// The starter's pages: the file under `pages/` and its text in each language the example
/// has; English first.
pub const PAGES: &[(&str, Translations)] = &[
    (
        "_index",
        &[("en", include_str!("../starter/pages/_index.md"))],
    ),
    (
        "report",
        &[
            ("en", include_str!("../../content/pages/report.md")),
            ("pl", include_str!("../../content/pages/report.pl.md")),
            ("ur", include_str!("../../content/pages/report.ur.md")),
        ],
    ),
    (
        "follow-up",
        &[
            ("en", include_str!("../../content/pages/follow-up.md")),
            ("pl", include_str!("../../content/pages/follow-up.pl.md")),
            ("ur", include_str!("../../content/pages/follow-up.ur.md")),
        ],
    ),
    (
        "safety",
        &[
            ("en", include_str!("../../content/pages/safety.md")),
            ("pl", include_str!("../../content/pages/safety.pl.md")),
            ("ur", include_str!("../../content/pages/safety.ur.md")),
        ],
    ),
    (
        "privacy",
        &[
            ("en", include_str!("../../content/pages/privacy.md")),
            ("pl", include_str!("../../content/pages/privacy.pl.md")),
            ("ur", include_str!("../../content/pages/privacy.ur.md")),
        ],
    ),
    (
        "get-help",
        &[
            ("en", include_str!("../../content/pages/get-help.md")),
            ("pl", include_str!("../../content/pages/get-help.pl.md")),
            ("ur", include_str!("../../content/pages/get-help.ur.md")),
        ],
    ),
];

/// Languages' names in themselves, for the language switcher; others are named by their code
/// until the team writes the name in config.yaml.
const NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("cy", "Cymraeg"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fr", "Français"),
    ("gu", "ગુજરાતી"),
    ("it", "Italiano"),
    ("lt", "Lietuvių"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ur", "اردو"),
];

pub fn language_name(code: &str) -> &str {
    NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| name)
}

/// Whether `code` looks like a language code (`pl`, `pt-br`).
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// config.yaml for `languages` (the first is the default).
pub fn config(languages: &[String]) -> String {
    let mut text = String::from(
        "# Your campaign's settings (see the README's \"Writing a campaign\").\n# `base_url` is where the site will be published.\nbase_url: https://campaign.example.org\nlanguages:\n",
    );
    for code in languages {
        text.push_str(&format!(
            "  - code: {code}\n    name: {}\n    title: My campaign\n    description: Learn the signs and report a concern anonymously.\n",
            yaml_text(language_name(code))
        ));
    }
    text.push_str("exit_url: https://www.bbc.co.uk/weather\nmenu: [/, /report/]\n");
    text.push_str(
        "# What \"today\" and \"yesterday\" mean on the report form.\ntime_zone: Europe/London\n",
    );
    text.push_str(&audiences(languages));
    text
}

/// The example's `audiences:` block (its comment included), keeping the names in `languages`.
fn audiences(languages: &[String]) -> String {
    let mut block = String::new();
    let mut inside = false;
    for line in EXAMPLE_CONFIG.lines() {
        if line.starts_with('#') && !inside {
            // A comment just above the block belongs to it.
            block.push_str(line);
            block.push('\n');
            continue;
        }
        if line.starts_with("audiences:") {
            inside = true;
        } else if inside && !line.starts_with(' ') {
            break;
        } else if !inside {
            block.clear();
            continue;
        }
        let name_line = line
            .strip_prefix("      ")
            .and_then(|rest| rest.split_once(':'))
            .map(|(code, _)| code.trim());
        if let Some(code) = name_line
            && !languages.iter().any(|l| l == code)
        {
            continue;
        }
        block.push_str(line);
        block.push('\n');
    }
    block
}

/// The starter's pages as (file under `pages/`, text) for `languages`.
pub fn pages(languages: &[String]) -> Vec<(String, String)> {
    let default = languages.first().map_or("en", String::as_str);
    let mut files = Vec::new();
    for (name, texts) in PAGES {
        let english = texts[0].1;
        let original = texts
            .iter()
            .find(|(lang, _)| *lang == default)
            .map_or(english, |(_, text)| text);
        files.push((format!("{name}.md"), original.to_string()));
        for lang in &languages[1..] {
            let text = match texts.iter().find(|(l, _)| l == lang) {
                Some((_, text)) => text.to_string(),
                None => translation_stub(original, &format!("pages/{name}.md")),
            };
            files.push((format!("{name}.{lang}.md"), text));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_audience_names_of_the_languages_asked_for() {
        let text = config(&["en".into(), "de".into()]);
        assert!(text.contains("  - code: de\n    name: Deutsch\n"), "{text}");
        assert!(
            text.contains("audiences:\n  - id: taxi-drivers\n"),
            "{text}"
        );
        assert!(
            text.contains("      en: Taxi and private-hire drivers\n"),
            "{text}"
        );
        assert!(!text.contains("      pl: "), "{text}");
        assert!(text.contains("    signs: taxi-driver\n"), "{text}");
        assert!(text.contains("# Who the campaign is for"), "{text}");
        assert!(is_language_code("pt-br") && !is_language_code("Polish"));
    }
}
