//! The campaign's own look, from `config.yaml`, without editing a template: `brand:` (a logo
//! and colours), `partners:` (their logos, each with the alt text it needs) and `helplines:`.
//! The theme shows them in every page's header and footer (and so on the answer pages the
//! functions render in the page shells), and on the posters. `lookout check` holds the colours
//! to WCAG AA contrast (`check/contrast.rs`).

use std::fmt;

use lookout_questionnaire::Translated;
use serde::{Deserialize, Deserializer, Serialize};

use super::yaml::YamlSource;
use crate::error::{Result, SiteError};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    #[serde(default)]
    pub logo: Option<Logo>,
    #[serde(default)]
    pub colours: Colours,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// A path on the site, such as `/images/logo.svg` (a file in `static/`).
    pub src: String,
    /// What the logo says, for people who cannot see it: usually the organisation's name.
    pub alt: Words,
}

/// The theme's colours a campaign may replace; each falls back to the theme's own.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// Links, buttons and the header's rule (on the white page, and under button text).
    #[serde(default)]
    pub primary: Option<Colour>,
    /// Links and buttons under the pointer.
    #[serde(default)]
    pub primary_dark: Option<Colour>,
    /// The text on buttons.
    #[serde(default)]
    pub on_primary: Option<Colour>,
}

/// The theme's colours (style.css), which a campaign's own replace.
pub const THEME_PRIMARY: Colour = Colour([0x1d, 0x4f, 0x91]);
pub const THEME_PRIMARY_DARK: Colour = Colour([0x14, 0x3a, 0x6b]);
pub const THEME_ON_PRIMARY: Colour = Colour([0xff, 0xff, 0xff]);
pub const PAGE_BACKGROUND: Colour = Colour([0xff, 0xff, 0xff]);

impl Colours {
    /// The colours pages are shown in: the campaign's, else the theme's.
    pub fn primary(&self) -> Colour {
        self.primary.unwrap_or(THEME_PRIMARY)
    }
    pub fn primary_dark(&self) -> Colour {
        self.primary_dark.unwrap_or(THEME_PRIMARY_DARK)
    }
    pub fn on_primary(&self) -> Colour {
        self.on_primary.unwrap_or(THEME_ON_PRIMARY)
    }

    /// CSS custom properties that replace the theme's colours, appended to its stylesheet;
    /// none when the campaign keeps the theme's.
    pub fn stylesheet(&self) -> Option<String> {
        let set: Vec<String> = [
            ("--brand", self.primary),
            ("--brand-dark", self.primary_dark),
            ("--on-brand", self.on_primary),
        ]
        .iter()
        .filter_map(|(name, colour)| colour.map(|c| format!("{name}: {c};")))
        .collect();
        (!set.is_empty()).then(|| {
            format!(
                "\n/* The campaign's colours (config.yaml, brand.colours). */\n:root {{ {} }}\n",
                set.join(" ")
            )
        })
    }
}

/// An sRGB colour, written `#rrggbb` or `#rgb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, width: usize| u8::from_str_radix(&hex[i..i + width], 16).ok();
        match hex.len() {
            6 => Some(Colour([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?])),
            3 => {
                let short = |i| digit(i, 1).map(|d| d * 17);
                Some(Colour([short(0)?, short(1)?, short(2)?]))
            }
            _ => None,
        }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Colour::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a colour: write it as #rrggbb, such as \"#1d4f91\" (in quotes)"
            ))
        })
    }
}

impl Serialize for Colour {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A text in one form for every language (`alt: City Council`) or in each (`alt: {en: ...}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Words {
    Same(String),
    PerLanguage(Translated),
}

impl Words {
    pub fn get<'a>(&'a self, lang: &str, default_lang: &str) -> &'a str {
        match self {
            Words::Same(text) => text,
            Words::PerLanguage(texts) => texts.get(lang, default_lang),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Words::Same(text) => text.trim().is_empty(),
            Words::PerLanguage(texts) => texts.0.values().all(|t| t.trim().is_empty()),
        }
    }
}

/// An organisation the campaign is run with, shown by its logo.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub logo: String,
    /// Required: the logo's text alternative, usually the organisation's name.
    pub alt: Words,
    #[serde(default)]
    pub url: Option<String>,
}

/// Where to get help: the campaign's own numbers and services.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helpline {
    pub name: Words,
    /// As it should be read and dialled, such as `0800 1111`.
    #[serde(default)]
    pub phone: Option<String>,
    /// When it answers, such as `24 hours, free`.
    #[serde(default)]
    pub hours: Option<Words>,
    #[serde(default)]
    pub url: Option<String>,
}

/// Checks what serde cannot: texts that must not be blank, helplines that can be reached.
pub fn check(
    brand: &Brand,
    partners: &[Partner],
    helplines: &[Helpline],
    source: &YamlSource,
) -> Result<()> {
    let mut errors = Vec::new();
    if let Some(logo) = &brand.logo
        && logo.alt.is_blank()
    {
        errors.push(source.error_at(
            "brand.logo.alt",
            "brand.logo.alt: say what the logo shows (usually the organisation's name)",
        ));
    }
    for (i, partner) in partners.iter().enumerate() {
        if partner.alt.is_blank() {
            errors.push(source.error_at(
                &format!("partners[{i}].alt"),
                format!(
                    "partners: the logo {} needs alt text: the organisation's name, for people who cannot see it",
                    partner.logo
                ),
            ));
        }
    }
    for (i, helpline) in helplines.iter().enumerate() {
        if helpline.phone.is_none() && helpline.url.is_none() {
            errors.push(source.error_at(
                &format!("helplines[{i}]"),
                "helplines: give a phone number or a url, so people can reach it",
            ));
        }
    }
    SiteError::collect(errors)
}

/// What templates see as `site.brand`, in one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BrandView {
    pub logo: Option<Image>,
    pub partners: Vec<PartnerView>,
    pub helplines: Vec<HelplineView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerView {
    pub logo: Image,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HelplineView {
    pub name: String,
    pub phone: Option<String>,
    /// The number for a `tel:` link: digits and a leading `+`.
    pub tel: Option<String>,
    pub hours: Option<String>,
    pub url: Option<String>,
}

pub fn view(
    brand: &Brand,
    partners: &[Partner],
    helplines: &[Helpline],
    lang: &str,
    default_lang: &str,
) -> BrandView {
    let words = |w: &Words| w.get(lang, default_lang).to_string();
    BrandView {
        logo: brand.logo.as_ref().map(|logo| Image {
            src: logo.src.clone(),
            alt: words(&logo.alt),
        }),
        partners: partners
            .iter()
            .map(|p| PartnerView {
                logo: Image {
                    src: p.logo.clone(),
                    alt: words(&p.alt),
                },
                url: p.url.clone(),
            })
            .collect(),
        helplines: helplines
            .iter()
            .map(|h| HelplineView {
                name: words(&h.name),
                phone: h.phone.clone(),
                tel: h.phone.as_deref().map(|p| {
                    p.chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect()
                }),
                hours: h.hours.as_ref().map(words),
                url: h.url.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_as_hex_and_written_back() {
        assert_eq!(Colour::parse("#1D4F91"), Some(Colour([0x1d, 0x4f, 0x91])));
        assert_eq!(Colour::parse("#fff"), Some(Colour([255, 255, 255])));
        assert_eq!(Colour::parse("1d4f91"), None);
        assert_eq!(Colour::parse("#1d4f9"), None);
        assert_eq!(Colour::parse("#ggg"), None);
        assert_eq!(Colour([0x1d, 0x4f, 0x91]).to_string(), "#1d4f91");
    }

    #[test]
    fn only_the_colours_given_replace_the_theme_s() {
        assert_eq!(Colours::default().stylesheet(), None);
        let colours = Colours {
            primary: Colour::parse("#005ea5"),
            ..Colours::default()
        };
        let css = colours.stylesheet().unwrap();
        assert!(css.contains(":root { --brand: #005ea5; }"), "{css}");
        assert_eq!(colours.primary_dark(), THEME_PRIMARY_DARK);
    }
}
