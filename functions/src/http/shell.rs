//! Page shells: the site's base page per language with the content marker where the
//! functions' answer goes, so a form post is answered in the site's own style (the contract is
//! `lookout_questionnaire::shell`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lookout_questionnaire::html::{escape, is_rtl};
use lookout_questionnaire::shell::{self, CONTENT_MARKER};

#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the page shell has no {CONTENT_MARKER}", path.display())]
    NoMarker { path: PathBuf },
}

#[derive(Debug, Clone, Default)]
pub struct Shells {
    by_lang: HashMap<String, String>,
}

impl Shells {
    /// No site shells: a plain built-in page is used for every language.
    pub fn builtin() -> Self {
        Self::default()
    }

    /// Loads every `shell.<lang>.html` in `dir`. A missing folder means the built-in page
    /// (the functions still answer, only plainer); a shell without the marker is an error.
    pub fn load(dir: &Path) -> Result<Self, ShellError> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::builtin()),
            Err(source) => {
                return Err(ShellError::Read {
                    path: dir.to_path_buf(),
                    source,
                });
            }
        };
        let mut by_lang = HashMap::new();
        for entry in entries {
            let entry = entry.map_err(|source| ShellError::Read {
                path: dir.to_path_buf(),
                source,
            })?;
            let name = entry.file_name();
            let Some(lang) = name.to_str().and_then(shell::lang_of) else {
                continue;
            };
            let path = entry.path();
            let text = std::fs::read_to_string(&path).map_err(|source| ShellError::Read {
                path: path.clone(),
                source,
            })?;
            if !text.contains(CONTENT_MARKER) {
                return Err(ShellError::NoMarker { path });
            }
            by_lang.insert(lang.to_string(), text);
        }
        Ok(Self { by_lang })
    }

    pub fn has(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
    }

    /// `content` inside the shell for `lang` (else `default_lang`, else the built-in page).
    pub fn wrap(&self, lang: &str, default_lang: &str, title: &str, content: &str) -> String {
        match self
            .by_lang
            .get(lang)
            .or_else(|| self.by_lang.get(default_lang))
        {
            Some(shell) => shell.replacen(CONTENT_MARKER, content, 1),
            None => builtin(lang, title, content),
        }
    }
}

fn builtin(lang: &str, title: &str, content: &str) -> String {
    let dir = if is_rtl(lang) { "rtl" } else { "ltr" };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><title>{title}</title></head>\
         <body><main id=\"main\">{content}</main></body></html>\n",
        lang = escape(lang),
        title = escape(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_in_the_language_shell_or_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("shell.en.html"),
            "<main>EN<!--lookout:content--></main>",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("shell.pl.html"),
            "<main>PL<!--lookout:content--></main>",
        )
        .unwrap();
        std::fs::write(dir.path().join("other.html"), "ignored").unwrap();
        let shells = Shells::load(dir.path()).unwrap();
        assert_eq!(
            shells.wrap("pl", "en", "t", "<p>x</p>"),
            "<main>PL<p>x</p></main>"
        );
        assert_eq!(
            shells.wrap("ur", "en", "t", "<p>x</p>"),
            "<main>EN<p>x</p></main>"
        );
        let plain = Shells::load(&dir.path().join("missing"))
            .unwrap()
            .wrap("ur", "en", "<T>", "<p>x</p>");
        assert!(plain.contains("lang=\"ur\" dir=\"rtl\""));
        assert!(plain.contains("<title>&lt;T&gt;</title>"));
    }

    #[test]
    fn a_shell_without_the_marker_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("shell.en.html"), "<main></main>").unwrap();
        assert!(matches!(
            Shells::load(dir.path()),
            Err(ShellError::NoMarker { .. })
        ));
    }
}
