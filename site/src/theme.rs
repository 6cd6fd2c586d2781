//! The default theme, built into the binary, and a campaign's overrides of it: templates
//! file by file, static files, and interface strings per language.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::config::CampaignPaths;
use crate::error::{Result, SiteError, parse_yaml, read_to_string};

static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/theme");

/// Interface strings of one language: key → text.
pub type Strings = BTreeMap<String, String>;

/// Templates: the theme's, then the campaign's `templates/` replacing any of the same name.
pub fn templates(paths: &CampaignPaths) -> Result<tera::Tera> {
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    if let Some(dir) = THEME.get_dir("templates") {
        collect_embedded(dir, "templates/", &mut sources);
    }
    let own = paths.templates();
    if own.is_dir() {
        for (name, path) in files_under(&own)? {
            sources.insert(name, read_to_string(&path)?);
        }
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| SiteError::template("(parsing)", &e))?;
    Ok(tera)
}

/// Tera's default escaper also escapes `/`, which is safe but makes every URL unreadable;
/// the functions' escaper (the one the forms use) leaves it alone.
pub fn escape_html(text: &str) -> String {
    lookout_questionnaire::html::escape(text)
}

fn collect_embedded(dir: &Dir<'_>, prefix: &str, into: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            let name = file
                .path()
                .to_string_lossy()
                .trim_start_matches(prefix)
                .to_string();
            into.insert(name, text.to_string());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, into);
    }
}

/// The theme's static files (path relative to `static/` → bytes).
pub fn static_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    if let Some(dir) = THEME.get_dir("static") {
        embedded_files(dir, &mut files);
    }
    files
}

fn embedded_files(dir: &'static Dir<'static>, into: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let name = file
            .path()
            .to_string_lossy()
            .trim_start_matches("static/")
            .to_string();
        into.push((name, file.contents()));
    }
    for sub in dir.dirs() {
        embedded_files(sub, into);
    }
}

/// Files under a folder as (relative path with `/`, full path), sorted.
pub fn files_under(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| SiteError::io(dir, e.into()))?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push((
                relative.to_string_lossy().replace('\\', "/"),
                entry.into_path(),
            ));
        }
    }
    Ok(files)
}

/// Interface strings for `lang`: the theme's English, then the theme's `lang`, then the
/// campaign's own `i18n/<lang>.yaml`, each overriding the one before.
pub fn strings(paths: &CampaignPaths, lang: &str) -> Result<Strings> {
    let mut strings = Strings::new();
    for code in ["en", lang] {
        let name = format!("i18n/{code}.yaml");
        if let Some(file) = THEME.get_file(&name) {
            let text = file.contents_utf8().unwrap_or_default();
            strings.extend(parse_strings(Path::new(&format!("(theme)/{name}")), text)?);
        }
    }
    let own = paths.i18n().join(format!("{lang}.yaml"));
    if own.is_file() {
        strings.extend(parse_strings(&own, &read_to_string(&own)?)?);
    }
    Ok(strings)
}

fn parse_strings(path: &Path, text: &str) -> Result<Strings> {
    parse_yaml(path, text, 1)
}
