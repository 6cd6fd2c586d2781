//! The page-shell contract between the site and the functions. The built site holds, for each
//! language, a copy of its base page with [`CONTENT_MARKER`] where the main content goes; the
//! functions wrap the pages they answer form posts with (the receipt, the form again with its
//! errors, the follow-up thread) in it, so those pages look like the rest of the site.
//!
//! The generator checks at build time that every shell it writes holds the marker, so a
//! campaign template that lost it fails the build instead of the functions' start.

/// The folder of the built site that holds the shells (and nothing a reader visits).
pub const DIR: &str = "_lookout";

/// Replaced by the content of a page the functions render.
pub const CONTENT_MARKER: &str = "<!--lookout:content-->";

/// `shell.pl.html`: the file of `lang`'s shell inside [`DIR`].
pub fn file_name(lang: &str) -> String {
    format!("shell.{lang}.html")
}

/// `_lookout/shell.pl.html`: the shell's path inside the built site.
pub fn site_path(lang: &str) -> String {
    format!("{DIR}/{}", file_name(lang))
}

/// The language of a shell file name (`shell.pl.html` → `pl`).
pub fn lang_of(file_name: &str) -> Option<&str> {
    file_name.strip_prefix("shell.")?.strip_suffix(".html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_languages_round_trip() {
        assert_eq!(site_path("ur"), "_lookout/shell.ur.html");
        assert_eq!(lang_of(&file_name("pl")), Some("pl"));
        assert_eq!(lang_of("other.html"), None);
    }
}
