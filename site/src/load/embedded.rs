//! The default theme, built into the binary: templates, static files and interface strings.
//! A campaign overrides it file by file (see `theme`, `assets` and `strings`).

use std::path::PathBuf;

use include_dir::{Dir, include_dir};

static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/theme");

/// How messages name a theme file: `(theme)/templates/base.html`.
pub fn display_path(name: &str) -> PathBuf {
    PathBuf::from(format!("(theme)/{name}"))
}

/// The files under one folder of the theme (`templates`, `static`), by their path inside it.
pub fn files_in(folder: &str) -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    if let Some(dir) = THEME.get_dir(folder) {
        collect(dir, &format!("{folder}/"), &mut files);
    }
    files
}

/// One theme file by its path in the theme, such as `i18n/en.yaml`.
pub fn text_file(name: &str) -> Option<&'static str> {
    THEME.get_file(name).and_then(|file| file.contents_utf8())
}

fn collect(dir: &'static Dir<'static>, prefix: &str, into: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let name = file
            .path()
            .to_string_lossy()
            .trim_start_matches(prefix)
            .to_string();
        into.push((name, file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, prefix, into);
    }
}
