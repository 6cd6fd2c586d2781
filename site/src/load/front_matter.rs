//! YAML front matter between `---` lines, checked strictly: unknown keys, wrong types, bad
//! dates and missing required keys are errors naming the file, line and key.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use lookout_questionnaire::when::CampaignTimeZone;

use super::yaml::YamlSource;
use crate::error::{Result, SiteError};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<Moment>,
    #[serde(default)]
    pub updated: Option<Moment>,
    #[serde(default)]
    pub draft: bool,
    /// Left out of the build until this moment.
    #[serde(default)]
    pub publish_at: Option<Moment>,
    /// Left out of the build from this moment on.
    #[serde(default)]
    pub expires_at: Option<Moment>,
    /// The page that takes this one's place once it expires: links to it lead there, and its
    /// address redirects there (a site path, such as `/get-help/`).
    #[serde(default)]
    pub replaced_by: Option<String>,
    /// Ids of audiences listed in config.yaml (checked when the page is loaded).
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub template: Option<String>,
    /// The form the page carries, if any: the report form or the follow-up page's. It also
    /// chooses the page's template (`report.html`, `follow-up.html`) unless `template` names one.
    #[serde(default)]
    pub form: Option<PageForm>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub image: Option<Image>,
    /// Where a page's words stand: `needed` (a stub waiting for its translator, left out of
    /// the build like a draft) or `unreviewed` (published, not yet read by a native speaker).
    #[serde(default)]
    pub translation: Option<Translation>,
}

/// A form a page carries, rendered from the questionnaire (`lookout_questionnaire::render`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageForm {
    /// The report form, in the template's context as `report_form`.
    Report,
    /// The follow-up page's receipt form, as `follow_up_form`.
    FollowUp,
}

impl PageForm {
    /// The template a page with this form gets unless it names another.
    pub fn default_template(self) -> &'static str {
        match self {
            Self::Report => "report.html",
            Self::FollowUp => "follow-up.html",
        }
    }

    /// The name the form goes by in the template's context.
    pub fn context_name(self) -> &'static str {
        match self {
            Self::Report => "report_form",
            Self::FollowUp => "follow_up_form",
        }
    }
}

impl FrontMatter {
    /// The form the page carries. A page written before `form:` existed chose it by naming its
    /// template (`template: report.html`); it still carries that form, so a campaign keeps
    /// working (and publishing) across the upgrade, and `check` asks for `form:`.
    pub fn page_form(&self) -> Option<PageForm> {
        self.form.or_else(|| {
            [PageForm::Report, PageForm::FollowUp]
                .into_iter()
                .find(|form| self.template.as_deref() == Some(form.default_template()))
        })
    }
}

/// The state of a page's words, for the people translating and reviewing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Translation {
    /// Not written in this language yet: left out of the build (shown with `--drafts`).
    Needed,
    /// Written, but not yet reviewed by a native speaker: published, and listed by `check`.
    Unreviewed,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub src: String,
    /// Required: an image without a text alternative fails the build.
    pub alt: String,
}

/// A date (`2026-11-24`), a date and time on the campaign's clocks (`2026-11-24 18:00`, as
/// the browser editor writes it, or `2026-11-24T18:00`), or an exact RFC 3339 moment
/// (`2026-11-24T18:00:00Z`). A bare date means midnight UTC at its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment(pub OffsetDateTime, Clock);

/// Whose clock a moment was written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Clock {
    /// It names its own offset (or is a bare date).
    Exact,
    /// The campaign's `time_zone`: read as UTC until [`Moment::on_campaign_clock`] places it.
    Campaign,
}

impl Moment {
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
            return Some(Moment(at, Clock::Exact));
        }
        if let Ok(day) = Date::parse(text, format_description!("[year]-[month]-[day]")) {
            return Some(Moment(
                PrimitiveDateTime::new(day, Time::MIDNIGHT).assume_utc(),
                Clock::Exact,
            ));
        }
        let wall = [
            format_description!("[year]-[month]-[day] [hour]:[minute]"),
            format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
            format_description!("[year]-[month]-[day]T[hour]:[minute]"),
            format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        ]
        .iter()
        .find_map(|format| PrimitiveDateTime::parse(text, format).ok())?;
        Some(Moment(wall.assume_utc(), Clock::Campaign))
    }

    /// The moment itself: a time on the campaign's clocks placed in its time zone.
    pub fn on_campaign_clock(self, zone: &CampaignTimeZone) -> Self {
        match self.1 {
            Clock::Exact => self,
            Clock::Campaign => {
                let wall = PrimitiveDateTime::new(self.0.date(), self.0.time());
                Moment(zone.at_wall_time(wall), Clock::Exact)
            }
        }
    }

    pub fn rfc3339(self) -> String {
        self.0.format(&Rfc3339).unwrap_or_default()
    }

    pub fn ymd(self) -> String {
        let d = self.0.date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

impl FrontMatter {
    /// Every moment written on the campaign's clocks, placed in its time zone.
    pub fn on_campaign_clock(&mut self, zone: &CampaignTimeZone) {
        for moment in [
            &mut self.date,
            &mut self.updated,
            &mut self.publish_at,
            &mut self.expires_at,
        ]
        .into_iter()
        .flatten()
        {
            *moment = moment.on_campaign_clock(zone);
        }
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Moment::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date {text:?}: expected YYYY-MM-DD, YYYY-MM-DD HH:MM (on the campaign's clocks) or an RFC 3339 date-time"
            ))
        })
    }
}

impl Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.rfc3339())
    }
}

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub front: FrontMatter,
    /// The front matter's YAML, for messages about its keys.
    pub yaml: YamlSource,
    pub body: &'a str,
    /// The file line on which the body starts, for messages about the body.
    pub body_line: usize,
}

/// Splits `---`-fenced front matter from the body and parses it.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        SiteError::content(
            path,
            Some(1),
            "expected front matter between `---` lines at the top",
        )
    };
    let rest = text.strip_prefix("---").ok_or_else(missing)?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .ok_or_else(missing)?;
    let (yaml, body) = find_closing_fence(rest).ok_or_else(|| {
        SiteError::content(path, Some(1), "front matter is not closed by a `---` line")
    })?;
    let source = YamlSource::new(path, yaml, FIRST_LINE);
    let front: FrontMatter = source.parse()?;
    if let Some(image) = &front.image
        && image.alt.trim().is_empty()
    {
        return Err(source.error_at(
            "image.alt",
            "image.alt: describe the image for people who cannot see it",
        ));
    }
    if let Some(bad) = front.aliases.iter().find(|a| !is_site_path(a)) {
        return Err(source.error_at(
            "aliases",
            format!(
                "aliases: `{bad}` must be a path on this site, such as /old-page/ (starting with /, without ..)"
            ),
        ));
    }
    if let Some(bad) = front.replaced_by.as_ref().filter(|r| !is_site_path(r)) {
        return Err(source.error_at(
            "replaced_by",
            format!(
                "replaced_by: `{bad}` must be the address of a page on this site, such as /get-help/ (starting with /, without ..)"
            ),
        ));
    }
    if front.title.trim().is_empty() {
        return Err(source.error_at("title", "title: must not be empty"));
    }
    let body_line = yaml.lines().count() + 3;
    Ok(Split {
        front,
        yaml: source,
        body,
        body_line,
    })
}

/// A root-relative path that stays inside the output folder.
fn is_site_path(alias: &str) -> bool {
    alias.starts_with('/')
        && !alias.starts_with("//")
        && !alias.contains('\\')
        && alias
            .split('/')
            .all(|segment| segment != ".." && segment != ".")
}

fn find_closing_fence(rest: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// Front matter starts on the file's second line, after the opening `---`.
const FIRST_LINE: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        split(Path::new("pages/a.md"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn parses_all_fields() {
        let text = "---\ntitle: Signs\ndescription: What to look for\ndate: 2026-11-02\nupdated: 2026-11-03T10:00:00Z\ndraft: false\naudiences: [taxi-drivers, hoteliers]\ntopics: [signs]\nweight: 3\naliases: [/old/]\nimage: {src: a.png, alt: A taxi at night}\n---\n# Hello\n";
        let split = split(Path::new("a.md"), text).unwrap();
        assert_eq!(split.front.title, "Signs");
        assert_eq!(split.front.audiences, ["taxi-drivers", "hoteliers"]);
        assert_eq!(split.front.date.unwrap().ymd(), "2026-11-02");
        assert_eq!(split.front.weight, Some(3));
        assert_eq!(split.body, "# Hello\n");
        assert_eq!(split.body_line, 13);
    }

    #[test]
    fn times_without_a_zone_are_on_the_campaign_s_clocks() {
        let text = "---\ntitle: A\npublish_at: 2027-07-10 09:00\nexpires_at: 2027-07-11T18:30\ndate: 2027-07-01\n---\n";
        let mut front = split(Path::new("a.md"), text).unwrap().front;
        front.on_campaign_clock(&CampaignTimeZone::default());
        let at = |m: Option<Moment>| m.unwrap().0.unix_timestamp();
        // British Summer Time: an hour ahead of UTC.
        assert_eq!(
            at(front.publish_at),
            time::macros::datetime!(2027-07-10 08:00 UTC).unix_timestamp()
        );
        assert_eq!(
            at(front.expires_at),
            time::macros::datetime!(2027-07-11 17:30 UTC).unix_timestamp()
        );
        assert_eq!(front.date.unwrap().rfc3339(), "2027-07-01T00:00:00Z");
        assert!(
            error_of("---\ntitle: A\npublish_at: 2027-07-10 9am\n---\n")
                .contains("YYYY-MM-DD HH:MM")
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = error_of("---\ntitle: A\ncolour: red\n---\nbody");
        assert!(err.starts_with("pages/a.md:3: "), "{err}");
        assert!(err.contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn wrong_type_is_named_with_its_line() {
        let err = error_of("---\ntitle: A\nweight: heavy\n---\n");
        assert!(err.starts_with("pages/a.md:3: "), "{err}");
        assert!(err.contains("weight"), "{err}");
    }

    #[test]
    fn bad_date_is_named_with_its_line() {
        let err = error_of("---\ntitle: A\n\ndate: 2026-13-45\n---\n");
        assert!(err.starts_with("pages/a.md:4: "), "{err}");
        assert!(err.contains("date") && err.contains("2026-13-45"), "{err}");
    }

    #[test]
    fn missing_title_is_named() {
        let err = error_of("---\ndescription: x\n---\n");
        assert!(err.starts_with("pages/a.md:"), "{err}");
        assert!(err.contains("missing field `title`"), "{err}");
    }

    #[test]
    fn replaced_by_must_be_a_page_of_the_site() {
        let err = error_of(
            "---\ntitle: A\nexpires_at: 2027-01-01\nreplaced_by: https://x.example/\n---\n",
        );
        assert!(err.starts_with("pages/a.md:4: replaced_by:"), "{err}");
        let ok = split(
            Path::new("a.md"),
            "---\ntitle: A\nreplaced_by: /help/\n---\n",
        )
        .unwrap();
        assert_eq!(ok.front.replaced_by.as_deref(), Some("/help/"));
    }

    #[test]
    fn aliases_must_stay_on_the_site() {
        let err = error_of("---\ntitle: A\naliases: [../escaped/]\n---\n");
        assert!(err.starts_with("pages/a.md:3: aliases:"), "{err}");
        assert!(error_of("---\ntitle: A\naliases: [/a/../../b/]\n---\n").contains("aliases"));
        assert!(split(Path::new("a.md"), "---\ntitle: A\naliases: [/old/]\n---\n").is_ok());
    }

    #[test]
    fn image_needs_alt_text() {
        let err = error_of("---\ntitle: A\nimage:\n  src: a.png\n  alt: \" \"\n---\n");
        assert!(err.starts_with("pages/a.md:5: image.alt"), "{err}");
    }

    #[test]
    fn bad_yaml_and_missing_fence_are_errors() {
        assert!(error_of("---\ntitle: [unclosed\n---\n").starts_with("pages/a.md:"));
        assert!(error_of("# no front matter").starts_with("pages/a.md:1: expected front matter"));
        assert!(error_of("---\ntitle: A\n").contains("not closed"));
    }
}
