//! The campaign's colours against WCAG 2.2 AA: every pair the theme shows text in (links on the
//! page, button text on the colour, both under the pointer too) needs a contrast of 4.5:1.

use super::report::{Finding, Severity};
use crate::load::Campaign;
use crate::load::brand::{Colour, PAGE_BACKGROUND};

/// WCAG 2.2 AA for text of normal size (success criterion 1.4.3).
pub const AA_TEXT: f64 = 4.5;

/// The WCAG relative luminance of an sRGB colour.
fn luminance(colour: Colour) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = colour.0;
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: Colour, b: Colour) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

pub fn check_colours(campaign: &Campaign, out: &mut Vec<Finding>) {
    let colours = &campaign.config.brand.colours;
    if colours.primary.is_none() && colours.primary_dark.is_none() && colours.on_primary.is_none() {
        return;
    }
    let pairs = [
        (
            "primary",
            colours.primary(),
            PAGE_BACKGROUND,
            "links on the white page",
        ),
        (
            "primary_dark",
            colours.primary_dark(),
            PAGE_BACKGROUND,
            "links under the pointer",
        ),
        (
            "on_primary",
            colours.on_primary(),
            colours.primary(),
            "button text on primary",
        ),
        (
            "on_primary",
            colours.on_primary(),
            colours.primary_dark(),
            "button text on primary_dark",
        ),
    ];
    let yaml = &campaign.config_yaml;
    for (key, text, background, what) in pairs {
        let ratio = contrast(text, background);
        // Rounded down, so 4.49 is not shown as a passing 4.5.
        if ratio < AA_TEXT {
            let path = format!("brand.colours.{key}");
            out.push(Finding::new(
                Severity::Error,
                yaml.path(),
                yaml.line_of(&path)
                    .or_else(|| yaml.line_of("brand.colours"))
                    .or(Some(1)),
                format!(
                    "{path}: {what} ({text} on {background}) have a contrast of {:.2}:1, below the {AA_TEXT}:1 WCAG AA needs for text: choose a darker or lighter colour",
                    (ratio * 100.0).floor() / 100.0
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        let white = Colour([255, 255, 255]);
        let black = Colour([0, 0, 0]);
        assert!((contrast(white, black) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic lightest grey that passes: 4.54:1.
        let grey = contrast(Colour([0x76, 0x76, 0x76]), white);
        assert!((4.5..4.6).contains(&grey), "{grey}");
        let lighter = contrast(Colour([0x77, 0x77, 0x77]), white);
        assert!(lighter < 4.5, "{lighter}");
    }
}
