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
    #[error(
        "{}: the page shells disagree on <meta name=\"{name}\"> ({first} and {second}); build the site again",
        path.display()
    )]
    Disagree {
        path: PathBuf,
        name: &'static str,
        first: String,
        second: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Shells {
    by_lang: HashMap<String, String>,
    /// The campaign settings every shell carries (`shell::CAMPAIGN_METAS`), by meta name.
    campaign: HashMap<&'static str, String>,
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
        let mut campaign: HashMap<&'static str, String> = HashMap::new();
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
            for &name in shell::CAMPAIGN_METAS {
                let Some(value) = shell::meta_in(&text, name) else {
                    continue;
                };
                match campaign.get(name) {
                    Some(first) if first != value => {
                        return Err(ShellError::Disagree {
                            path,
                            name,
                            first: first.clone(),
                            second: value.to_string(),
                        });
                    }
                    _ => {
                        campaign.insert(name, value.to_string());
                    }
                }
            }
            by_lang.insert(lang.to_string(), text);
        }
        Ok(Self { by_lang, campaign })
    }

    /// The campaign's time zone as the built site wrote it into the shells.
    pub fn time_zone(&self) -> Option<&str> {
        self.campaign.get(shell::TIME_ZONE_META).map(String::as_str)
    }

    /// The campaign's spam protection as the built site wrote it into the shells.
    pub fn spam(&self) -> Option<&str> {
        self.campaign.get(shell::SPAM_META).map(String::as_str)
    }

    /// The address a shell names as its own (`<link rel="canonical">`): the site's base URL,
    /// which is how the functions know the site's origin without a setting of their own.
    pub fn canonical(&self) -> Option<&str> {
        const LINK: &str = "<link rel=\"canonical\" href=\"";
        self.by_lang.values().find_map(|shell| {
            let rest = &shell[shell.find(LINK)? + LINK.len()..];
            Some(&rest[..rest.find('"')?])
        })
    }

    /// Whether there are no site shells (the built-in page is used).
    pub fn is_empty(&self) -> bool {
        self.by_lang.is_empty()
    }

    pub fn has(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
    }

    /// `content` inside the shell for `lang` (else `default_lang`, else the built-in page),
    /// with `title` (unescaped) before the shell's own title: `Error: Report a concern – Site`.
    pub fn wrap(&self, lang: &str, default_lang: &str, title: &str, content: &str) -> String {
        match self
            .by_lang
            .get(lang)
            .or_else(|| self.by_lang.get(default_lang))
        {
            Some(shell) => with_title(shell, title).replacen(CONTENT_MARKER, content, 1),
            None => builtin(lang, title, content),
        }
    }
}

/// The shell with `title` put before the text of its `<title>` (left alone if it has none).
fn with_title(shell: &str, title: &str) -> String {
    let Some(open) = shell.find("<title>") else {
        return shell.to_string();
    };
    let start = open + "<title>".len();
    let Some(len) = shell[start..].find("</title>") else {
        return shell.to_string();
    };
    let site_title = shell[start..start + len].trim();
    let title = escape(title);
    let full = if site_title.is_empty() || site_title == title {
        title
    } else {
        format!("{title} – {site_title}")
    };
    format!("{}{full}{}", &shell[..start], &shell[start + len..])
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
            "<title>Site</title><main>PL<!--lookout:content--></main>",
        )
        .unwrap();
        std::fs::write(dir.path().join("other.html"), "ignored").unwrap();
        let shells = Shells::load(dir.path()).unwrap();
        assert_eq!(
            shells.wrap("pl", "en", "Błąd: <t>", "<p>x</p>"),
            "<title>Błąd: &lt;t&gt; – Site</title><main>PL<p>x</p></main>"
        );
        assert_eq!(shells.time_zone(), None);
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
    fn the_shells_carry_one_time_zone() {
        let dir = tempfile::tempdir().unwrap();
        let shell = |zone: &str| {
            format!(
                "<head><meta name=\"lookout-time-zone\" content=\"{zone}\"></head><!--lookout:content-->"
            )
        };
        std::fs::write(dir.path().join("shell.en.html"), shell("Europe/Warsaw")).unwrap();
        std::fs::write(dir.path().join("shell.pl.html"), shell("Europe/Warsaw")).unwrap();
        assert_eq!(
            Shells::load(dir.path()).unwrap().time_zone(),
            Some("Europe/Warsaw")
        );
        std::fs::write(dir.path().join("shell.ur.html"), shell("Asia/Karachi")).unwrap();
        assert!(matches!(
            Shells::load(dir.path()),
            Err(ShellError::Disagree { .. })
        ));
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
