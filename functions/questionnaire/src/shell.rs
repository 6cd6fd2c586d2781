//! The page-shell contract between the site and the functions. The built site holds, for each
//! language, a copy of its base page with [`CONTENT_MARKER`] where the main content goes; the
//! functions wrap the pages they answer form posts with (the receipt, the form again with its
//! errors, the follow-up thread) in it, so those pages look like the rest of the site.
//!
//! The shell also carries what the functions must know of the campaign's `config.yaml`: its
//! time zone, in a `<meta name="lookout-time-zone">` (see [`time_zone_in`]), and its spam
//! protection, in a `<meta name="lookout-spam">` (`altcha`, or `hcaptcha <site key>`). The shells are
//! built from the same configuration as the pages and bundled with the functions, so the two
//! cannot disagree. The functions put each answer's title before the shell's own `<title>`.

/// The folder of the built site that holds the shells (and nothing a reader visits): the
/// functions' bundle.
pub use lookout_bundle::DIR;

/// Replaced by the content of a page the functions render.
pub const CONTENT_MARKER: &str = "<!--lookout:content-->";

/// The `name` of the meta element that holds the campaign's time zone in every shell.
pub const TIME_ZONE_META: &str = "lookout-time-zone";

/// The `name` of the meta element that holds the campaign's spam protection.
pub const SPAM_META: &str = "lookout-spam";

/// Every campaign setting a shell carries; all shells of a build must agree on each.
pub const CAMPAIGN_METAS: &[&str] = &[TIME_ZONE_META, SPAM_META];

/// The time zone a shell carries: the `content` of `<meta name="lookout-time-zone">`.
pub fn time_zone_in(html: &str) -> Option<&str> {
    meta_in(html, TIME_ZONE_META)
}

/// The `content` of the shell's `<meta name="{name}">`.
pub fn meta_in<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!("<meta name=\"{name}\" content=\""))?;
    let rest = &html[start..];
    let value = &rest[rest.find("content=\"")? + "content=\"".len()..];
    Some(&value[..value.find('"')?])
}

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

    #[test]
    fn the_time_zone_is_read_from_its_meta_element() {
        let html = "<head><meta charset=\"utf-8\">\n<meta name=\"lookout-time-zone\" content=\"Europe/Warsaw\"></head>";
        assert_eq!(time_zone_in(html), Some("Europe/Warsaw"));
        assert_eq!(time_zone_in("<head></head>"), None);
    }
}
