//! What `lookout init` and `lookout new` share: names made from paths, front matter written
//! the way the README shows it, translation stubs, and files written only where none exists.

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};

/// A title from a file or folder name: `winter-campaign` → `Winter campaign`.
pub fn title_from(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Today as `YYYY-MM-DD` (UTC: the day a page is dated needs no precision).
pub fn today() -> String {
    let day = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// A YAML scalar quoted when it needs to be.
pub fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -.,'()".contains(c))
        && !text.starts_with(['-', ' ', '\''])
        && !text.ends_with(' ');
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    }
}

/// A comma-separated list option (`--languages pl,ur`), blanks dropped.
pub fn list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The stub of `original` (a page's text) in another language: the same front matter marked
/// `translation: needed`, so the build leaves it out and `check` lists it, and the original's
/// words to translate.
pub fn translation_stub(original: &str, original_path: &str) -> String {
    let rest = original.strip_prefix("---\n").unwrap_or(original);
    let (front, body) = rest.split_once("\n---\n").unwrap_or((rest, ""));
    let front: String = front
        .lines()
        .filter(|line| !line.starts_with("draft:") && !line.starts_with("translation:"))
        .map(|line| format!("{line}\n"))
        .collect();
    format!(
        "---\n{front}translation: needed\n---\n<!-- Translate {original_path} here, then delete the line `translation: needed` above. -->\n{body}"
    )
}

/// Writes a new file, refusing to replace one.
pub fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.exists() {
        bail!("{} already exists; nothing was changed", path.display());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_quotes_and_stubs() {
        assert_eq!(title_from("winter-campaign"), "Winter campaign");
        assert_eq!(title_from("news"), "News");
        assert_eq!(yaml_text("Winter campaign"), "Winter campaign");
        assert_eq!(yaml_text("Q&A: yes"), "\"Q&A: yes\"");
        let stub = translation_stub("---\ntitle: A\ndraft: true\n---\nWords.\n", "pages/a.md");
        assert_eq!(
            stub,
            "---\ntitle: A\ntranslation: needed\n---\n<!-- Translate pages/a.md here, then delete the line `translation: needed` above. -->\nWords.\n"
        );
        assert_eq!(list(&["pl, ur".into(), "de".into()]), ["pl", "ur", "de"]);
    }
}
