//! The campaign's `config.yaml`.

use serde::{Deserialize, Serialize};

use super::audiences::{self, Audience};
use super::brand::{self, Brand, Helpline, Partner};
use super::yaml::YamlSource;
use crate::error::{Result, SiteError};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the site is published, without a trailing slash; used for feeds, the sitemap and
    /// the QR codes on posters.
    pub base_url: String,
    /// The first language is the default one and lives at `/`; the others under `/<code>/`.
    pub languages: Vec<Language>,
    /// The neutral site the quick-exit control leaves for.
    #[serde(default = "default_exit_url")]
    pub exit_url: String,
    /// Menu entries as paths of default-language pages; each is shown in the reader's
    /// language where a translation exists.
    #[serde(default)]
    pub menu: Vec<String>,
    /// The campaign's IANA time zone: what "today" and "yesterday" mean on the report form.
    /// The built site carries it to the functions in its page shells.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// How reports prove a person sent them: Lookout's own challenge, or hCaptcha.
    #[serde(default)]
    pub spam: Spam,
    /// Who the campaign is for, in the order landing pages and posters are listed.
    #[serde(default)]
    pub audiences: Vec<Audience>,
    #[serde(default)]
    pub check: CheckConfig,
    /// Built for another address than `base_url` says: pages carry `noindex` and robots.txt
    /// disallows everything, so a staging copy never competes with the real site.
    #[serde(skip)]
    pub noindex: bool,
    /// A preview for review (`lookout publish --preview`): the live site's address, where
    /// real reports go. Pages say they are a preview, and the forms do not send.
    #[serde(skip)]
    pub preview: Option<String>,
    /// The campaign's logo and colours.
    #[serde(default)]
    pub brand: Brand,
    /// The organisations running the campaign with it, shown by their logos.
    #[serde(default)]
    pub partners: Vec<Partner>,
    /// The campaign's own helplines, on every page and poster.
    #[serde(default)]
    pub helplines: Vec<Helpline>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: String,
    /// The language's name in itself ("Polski"), for the language switcher.
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub dir: Option<TextDirection>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    Ltr,
    Rtl,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// `lookout check` warns about public English pages above this US school grade.
    #[serde(default = "default_reading_grade")]
    pub max_reading_grade: f64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            max_reading_grade: default_reading_grade(),
        }
    }
}

fn default_reading_grade() -> f64 {
    9.0
}

fn default_time_zone() -> String {
    lookout_questionnaire::when::DEFAULT_TIME_ZONE.to_string()
}

fn default_exit_url() -> String {
    "https://www.bbc.co.uk/weather".to_string()
}

impl Language {
    pub fn dir(&self) -> TextDirection {
        // Known right-to-left scripts by default; a language may also say `dir: rtl` itself.
        self.dir
            .unwrap_or(if lookout_questionnaire::html::is_rtl(&self.code) {
                TextDirection::Rtl
            } else {
                TextDirection::Ltr
            })
    }
}

impl TextDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            TextDirection::Ltr => "ltr",
            TextDirection::Rtl => "rtl",
        }
    }
}

impl Config {
    /// The hCaptcha site key, if the campaign chose hCaptcha.
    pub fn captcha_site_key(&self) -> Option<&str> {
        match &self.spam {
            Spam::Altcha => None,
            Spam::Hcaptcha { site_key } => Some(site_key),
        }
    }

    /// The `config.yaml` of the campaign at `paths`, checked as a build checks it.
    pub fn read(paths: &super::paths::CampaignPaths) -> Result<Self> {
        Self::parse(&YamlSource::read(&paths.config())?)
    }

    pub fn parse(source: &YamlSource) -> Result<Self> {
        let mut config: Config = source.parse()?;
        if config.languages.is_empty() {
            return Err(SiteError::content(
                source.path(),
                None,
                "languages: list at least one language",
            ));
        }
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        brand::check(&config.brand, &config.partners, &config.helplines, source)?;
        if let Err(error) = lookout_questionnaire::when::CampaignTimeZone::new(&config.time_zone) {
            return Err(source.error_at("time_zone", format!("time_zone: {error}")));
        }
        audiences::check(&config.audiences, &config.default_language().code, source)?;
        Ok(config)
    }

    /// Makes this a build for `base_url`; another address than the campaign's own is marked
    /// `noindex`.
    pub fn build_for(&mut self, base_url: &str) {
        let base_url = base_url.trim_end_matches('/');
        if base_url != self.base_url {
            self.base_url = base_url.to_string();
            self.noindex = true;
        }
    }

    /// Makes this a preview for review at `base_url` (or the campaign's own address): never
    /// indexed, whatever its address.
    pub fn preview_of(&mut self, base_url: Option<&str>) {
        self.preview = Some(self.base_url.clone());
        if let Some(base_url) = base_url {
            self.build_for(base_url);
        }
        self.noindex = true;
    }

    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.id == id)
    }

    /// An audience's name in `lang`, or in the default language where it has none.
    pub fn audience_name<'a>(&'a self, audience: &'a Audience, lang: &str) -> &'a str {
        audience.name(lang, &self.default_language().code)
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The URL prefix of a language: `/` for the default one, `/<code>/` otherwise.
    pub fn language_root(&self, code: &str) -> String {
        if code == self.default_language().code {
            "/".to_string()
        } else {
            format!("/{code}/")
        }
    }
}

/// The campaign's spam protection. Either way nothing but the honeypot refuses a report: one
/// without a proof is stored as unverified. The built page shells carry the choice to the
/// functions (`lookout_questionnaire::shell::SPAM_META`).
///
/// Written `spam: altcha` or `spam: {hcaptcha: {site_key: "..."}}` (a map, as the README
/// shows it, not serde_yaml's `!hcaptcha` tag for an enum).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SpamYaml", into = "SpamYaml")]
pub enum Spam {
    /// A proof-of-work challenge from the campaign's own functions: no third party.
    #[default]
    Altcha,
    /// hCaptcha, on a page of its own before the form (it never sees the report).
    Hcaptcha { site_key: String },
}

/// [`Spam`] as config.yaml writes it.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum SpamYaml {
    Name(String),
    Hcaptcha { hcaptcha: HcaptchaYaml },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HcaptchaYaml {
    site_key: String,
}

impl TryFrom<SpamYaml> for Spam {
    type Error = String;

    fn try_from(value: SpamYaml) -> std::result::Result<Self, String> {
        match value {
            SpamYaml::Name(name) if name == "altcha" => Ok(Spam::Altcha),
            SpamYaml::Name(other) => Err(format!(
                "unknown spam protection `{other}`: `altcha`, or `{{hcaptcha: {{site_key: ...}}}}`"
            )),
            SpamYaml::Hcaptcha { hcaptcha } => Ok(Spam::Hcaptcha {
                site_key: hcaptcha.site_key,
            }),
        }
    }
}

impl From<Spam> for SpamYaml {
    fn from(value: Spam) -> Self {
        match value {
            Spam::Altcha => SpamYaml::Name("altcha".into()),
            Spam::Hcaptcha { site_key } => SpamYaml::Hcaptcha {
                hcaptcha: HcaptchaYaml { site_key },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn parse(path: &str, text: &str) -> Result<Config> {
        Config::parse(&YamlSource::new(Path::new(path), text, 1))
    }

    #[test]
    fn spam_is_altcha_by_default_or_hcaptcha_as_a_map() {
        let base =
            "base_url: https://x.example\nlanguages:\n  - {code: en, name: English, title: T}\n";
        assert_eq!(parse("config.yaml", base).unwrap().spam, Spam::Altcha);
        let altcha = parse("config.yaml", &format!("{base}spam: altcha\n")).unwrap();
        assert_eq!(altcha.spam, Spam::Altcha);
        let chosen = parse(
            "config.yaml",
            &format!(
                "{base}spam:\n  hcaptcha:\n    site_key: \"10000000-ffff-ffff-ffff-000000000001\"\n"
            ),
        )
        .unwrap();
        assert_eq!(
            chosen.captcha_site_key(),
            Some("10000000-ffff-ffff-ffff-000000000001")
        );
        assert!(parse("config.yaml", &format!("{base}spam: recaptcha\n")).is_err());
    }

    #[test]
    fn urdu_is_right_to_left_by_default() {
        let config = parse(
            "config.yaml",
            "base_url: https://x.org/\nlanguages:\n  - {code: en, name: English, title: T}\n  - {code: ur, name: اردو, title: T}\n",
        )
        .unwrap();
        assert_eq!(config.base_url, "https://x.org");
        assert_eq!(config.language("ur").unwrap().dir(), TextDirection::Rtl);
        assert_eq!(config.language("en").unwrap().dir(), TextDirection::Ltr);
        assert_eq!(config.language_root("ur"), "/ur/");
        assert_eq!(config.language_root("en"), "/");
    }

    #[test]
    fn the_time_zone_defaults_to_london_and_must_exist() {
        let base = "base_url: https://x.org\nlanguages:\n  - {code: en, name: English, title: T}\n";
        let config = parse("config.yaml", base).unwrap();
        assert_eq!(config.time_zone, "Europe/London");
        let err = parse("c/config.yaml", &format!("{base}time_zone: Europe/Londn\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("c/config.yaml:4: time_zone: `Europe/Londn`"),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = parse(
            "c/config.yaml",
            "base_url: https://x.org\nlanguages: []\ncolour: red\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("c/config.yaml:3: "), "{err}");
        assert!(err.contains("colour"), "{err}");
    }
}
