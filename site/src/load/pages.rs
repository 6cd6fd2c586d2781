//! Finds the Markdown files of a campaign and names them: language from `name.<lang>.md`,
//! key and URL from the path (Zola's conventions).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::audiences;
use super::config::Config;
use super::files::read_to_string;
use super::front_matter;
use super::page::{Page, PageKind};
use crate::error::{Result, SiteError};

/// Loads every page under `pages_dir`, reporting all broken files at once.
pub fn load_pages(pages_dir: &Path, config: &Config) -> Result<Vec<Arc<Page>>> {
    let files = markdown_files(pages_dir)?;
    let results: Vec<Result<Page>> = files
        .par_iter()
        .map(|path| load_page(pages_dir, path, config))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(Arc::new(page)),
            Err(error) => errors.push(error),
        }
    }
    SiteError::collect(errors)?;
    check_unique_urls(&pages)?;
    Ok(pages)
}

/// The Markdown files under `dir` (links to files are not followed), in file-name order.
pub fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            SiteError::io(&path, e.into())
        })?;
        if entry.file_type().is_file() && is_markdown(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Whether a file under `pages/` is a page (the file itself, not a link to one, is checked by
/// the caller).
pub fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "md")
}

/// Reads and names one page file.
pub fn load_page(pages_dir: &Path, path: &Path, config: &Config) -> Result<Page> {
    let text = read_to_string(path)?;
    let mut split = front_matter::split(path, &text)?;
    // Checked when config.yaml was read; the default only for a zone that vanished since.
    let zone =
        lookout_questionnaire::when::CampaignTimeZone::new(&config.time_zone).unwrap_or_default();
    split.front.on_campaign_clock(&zone);
    let relative = path.strip_prefix(pages_dir).unwrap_or(path);
    let (key, lang) = key_and_language(path, relative, config)?;
    let kind = if key == "_index" || key.ends_with("/_index") {
        PageKind::Section
    } else {
        PageKind::Page
    };
    let url = url_for(config, &key, &lang);
    audiences::check_page(&config.audiences, &split.yaml, &split.front.audiences)?;
    let landing = kind == PageKind::Page && !key.contains('/') && config.audience(&key).is_some();
    Ok(Page {
        source: path.to_path_buf(),
        parent: parent_section(&key),
        key,
        lang,
        kind,
        front: split.front,
        front_yaml: split.yaml,
        markdown: split.body.to_string(),
        body_line: split.body_line,
        url,
        landing,
    })
}

/// `news/launch.pl.md` → (`news/launch`, `pl`); `news/launch.md` → (`news/launch`, default).
/// The default language's suffix may be written out (`news/launch.en.md`), as Zola allows and
/// as git-based CMSs that give every language a suffix write it.
fn key_and_language(path: &Path, relative: &Path, config: &Config) -> Result<(String, String)> {
    let text = relative.to_string_lossy().replace('\\', "/");
    let stem = text.strip_suffix(".md").unwrap_or(&text);
    let default = config.default_language().code.clone();
    let Some((name, suffix)) = stem.rsplit_once('.') else {
        return Ok((stem.to_string(), default));
    };
    match config.language(suffix) {
        Some(language) => Ok((name.to_string(), language.code.clone())),
        None if looks_like_language_code(suffix) => Err(SiteError::content(
            path,
            None,
            format!("language `{suffix}` is not listed under `languages` in config.yaml"),
        )),
        None => Ok((stem.to_string(), default)),
    }
}

fn looks_like_language_code(suffix: &str) -> bool {
    (2..=3).contains(&suffix.len()) && suffix.chars().all(|c| c.is_ascii_lowercase())
}

fn parent_section(key: &str) -> Option<String> {
    if key == "_index" {
        return None;
    }
    let folder = key.strip_suffix("/_index").unwrap_or(key);
    match folder.rsplit_once('/') {
        Some((parent, _)) => Some(format!("{parent}/_index")),
        None => Some("_index".to_string()),
    }
}

/// The site path of a page: `news/_index` in `pl` → `/pl/news/`.
fn url_for(config: &Config, key: &str, lang: &str) -> String {
    let root = config.language_root(lang);
    // Only a whole `_index` name is a section: `foo_index.md` is the page `/foo_index/`.
    let path = if key == "_index" {
        ""
    } else {
        key.strip_suffix("/_index").unwrap_or(key)
    };
    if path.is_empty() {
        root
    } else {
        format!("{root}{path}/")
    }
}

/// The key the file `other` would have, compared with `page`'s (`a.md` and `a.en.md`).
fn key_of(other: &Path, page: &Page) -> String {
    let stem = super::page::name_without_language(other, &page.lang);
    match page.key.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{stem}"),
        None => stem.to_string(),
    }
}

/// Two pages at one address would leave which one wins to chance.
pub fn check_unique_urls(pages: &[Arc<Page>]) -> Result<()> {
    let mut seen = std::collections::HashMap::with_capacity(pages.len());
    let mut errors = Vec::new();
    for page in pages {
        if let Some(other) = seen.insert(page.url.as_str(), &page.source) {
            let message = if page.key == key_of(other, page) {
                format!(
                    "{} is the same page in the same language ({}); keep one of the two files",
                    other.display(),
                    page.lang
                )
            } else {
                format!(
                    "its URL {} is also the URL of {}",
                    page.url,
                    other.display()
                )
            };
            errors.push(SiteError::content(&page.source, None, message));
        }
    }
    SiteError::collect(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(&crate::load::yaml::YamlSource::new(
            Path::new("config.yaml"),
            "base_url: https://x.org\nlanguages:\n  - {code: en, name: English, title: T}\n  - {code: pl, name: Polski, title: T}\naudiences:\n  - id: taxi-drivers\n    name: {en: Taxi drivers}\n",
            1,
        ))
        .unwrap()
    }

    #[test]
    fn names_translations_and_urls() {
        let c = config();
        let p = Path::new("p");
        assert_eq!(
            key_and_language(p, Path::new("news/launch.pl.md"), &c).unwrap(),
            ("news/launch".into(), "pl".into())
        );
        assert_eq!(
            key_and_language(p, Path::new("news/launch.md"), &c).unwrap(),
            ("news/launch".into(), "en".into())
        );
        assert_eq!(
            key_and_language(p, Path::new("news/launch.en.md"), &c).unwrap(),
            ("news/launch".into(), "en".into())
        );
        assert_eq!(
            key_and_language(p, Path::new("v1.2.md"), &c).unwrap(),
            ("v1.2".into(), "en".into())
        );
        assert!(
            key_and_language(p, Path::new("a.de.md"), &c)
                .unwrap_err()
                .to_string()
                .contains("`de`")
        );
        assert_eq!(url_for(&c, "_index", "en"), "/");
        assert_eq!(url_for(&c, "_index", "pl"), "/pl/");
        assert_eq!(url_for(&c, "news/_index", "pl"), "/pl/news/");
        assert_eq!(url_for(&c, "news/launch", "en"), "/news/launch/");
        assert_eq!(url_for(&c, "foo_index", "en"), "/foo_index/");
        assert_eq!(
            parent_section("news/launch").as_deref(),
            Some("news/_index")
        );
        assert_eq!(parent_section("news/_index").as_deref(), Some("_index"));
        assert_eq!(parent_section("signs").as_deref(), Some("_index"));
        assert_eq!(parent_section("_index"), None);
    }

    #[test]
    fn audiences_are_the_ones_config_lists() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "taxi-drivers.md",
            "---\ntitle: T\naudiences: [taxi-drivers]\n---\n",
        );
        write("pilots.md", "---\ntitle: P\n---\n");
        let pages = load_pages(dir.path(), &config()).unwrap();
        let landing: Vec<Option<&str>> = pages.iter().map(|p| p.landing_audience()).collect();
        assert_eq!(landing, [None, Some("taxi-drivers")]);

        write("a.md", "---\ntitle: A\n\naudiences: [pilots]\n---\n");
        let err = load_pages(dir.path(), &config()).unwrap_err().to_string();
        assert!(err.contains("a.md:4: audiences: `pilots`"), "{err}");
        assert!(
            err.contains("config.yaml") && err.contains("taxi-drivers"),
            "{err}"
        );
    }
}
