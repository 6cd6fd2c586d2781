//! The area map: the campaign's `areas.geojson` (a FeatureCollection of Polygon or MultiPolygon
//! features whose `properties.id` is an option id of the questionnaire's area question), drawn
//! as an SVG choropleth. No tiles and nothing from another origin: the shapes are the whole
//! map. The same figures always go in a table beside it ([`Legend`] and the callers do that).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::figures::disclosure::{Shown, band};

#[derive(Debug, thiserror::Error)]
pub enum MapError {
    #[error("reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// One area's shape: rings of (longitude, latitude) points.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub id: String,
    pub rings: Vec<Vec<(f64, f64)>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Areas {
    pub areas: Vec<Area>,
}

impl Areas {
    /// Reads `path`; every feature must be an area of `known` (the area question's options).
    pub fn load(path: &Path, known: &[String]) -> Result<Areas, MapError> {
        let text = std::fs::read_to_string(path).map_err(|source| MapError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Areas::parse(&text, known).map_err(|message| MapError::Invalid {
            path: path.to_path_buf(),
            message,
        })
    }

    pub fn parse(text: &str, known: &[String]) -> Result<Areas, String> {
        let json: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        if json["type"] != "FeatureCollection" {
            return Err("expected a GeoJSON FeatureCollection".into());
        }
        let features = json["features"]
            .as_array()
            .ok_or("the FeatureCollection has no `features` list")?;
        let mut areas = Vec::new();
        for (i, feature) in features.iter().enumerate() {
            let at = |m: &str| format!("features[{i}]: {m}");
            let id = feature["properties"]["id"]
                .as_str()
                .ok_or_else(|| at("no `properties.id` (the area's option id)"))?;
            if !known.iter().any(|k| k == id) {
                return Err(at(&format!(
                    "`{id}` is not an area of the questionnaire (one of: {})",
                    known.join(", ")
                )));
            }
            if areas.iter().any(|a: &Area| a.id == id) {
                return Err(at(&format!("`{id}` has a second feature")));
            }
            let geometry = &feature["geometry"];
            let polygons: Vec<&Value> = match geometry["type"].as_str() {
                Some("Polygon") => vec![&geometry["coordinates"]],
                Some("MultiPolygon") => geometry["coordinates"]
                    .as_array()
                    .map(|p| p.iter().collect())
                    .unwrap_or_default(),
                other => {
                    return Err(at(&format!(
                        "geometry {other:?} is not a Polygon or MultiPolygon"
                    )));
                }
            };
            let mut rings = Vec::new();
            for polygon in polygons {
                for ring in polygon.as_array().into_iter().flatten() {
                    let points = ring
                        .as_array()
                        .ok_or_else(|| at("a ring is not a list of points"))?
                        .iter()
                        .map(|p| match (p[0].as_f64(), p[1].as_f64()) {
                            (Some(x), Some(y)) => Ok((x, y)),
                            _ => Err(at("a point is not [longitude, latitude]")),
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    if points.len() < 4 {
                        return Err(at("a ring needs at least four points"));
                    }
                    rings.push(points);
                }
            }
            if rings.is_empty() {
                return Err(at("no coordinates"));
            }
            areas.push(Area {
                id: id.to_string(),
                rings,
            });
        }
        if areas.is_empty() {
            return Err("no features".into());
        }
        Ok(Areas { areas })
    }
}

/// The colour classes of a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    NoReports,
    /// 1..K−1 (published documents only).
    Fewer,
    /// Hidden by secondary suppression.
    Hidden,
    /// A band of counts, lowest first.
    Band(usize),
}

const BAND_COLOURS: [&str; 6] = [
    "#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b",
];

impl Class {
    fn fill(self) -> &'static str {
        match self {
            Class::NoReports => "#ffffff",
            Class::Fewer => "url(#fewer)",
            Class::Hidden => "url(#hidden)",
            Class::Band(i) => BAND_COLOURS[i.min(BAND_COLOURS.len() - 1)],
        }
    }
}

/// How counts become classes: `k` is the threshold of a protected document, or 1 for the
/// team's own exact figures.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub k: u64,
}

impl Scale {
    /// The band edges above "fewer than K" (exact figures: from 1).
    fn low(&self) -> u64 {
        if self.k <= 1 { 1 } else { self.k }
    }

    pub fn class(&self, shown: Shown) -> Class {
        match shown {
            Shown::Count(0) => Class::NoReports,
            Shown::Fewer => Class::Fewer,
            Shown::Hidden => Class::Hidden,
            Shown::Count(n) => {
                let lows = self.band_lows();
                let b = band(n.max(self.low()), self.low().max(2));
                Class::Band(lows.iter().rposition(|l| *l <= b.low).unwrap_or(0))
            }
        }
    }

    fn band_lows(&self) -> Vec<u64> {
        let mut lows = vec![self.low()];
        for edge in [10, 25, 50, 100, 250, 500, 1000] {
            if edge > self.low() {
                lows.push(edge);
            }
        }
        lows
    }

    /// The legend for the classes in use.
    pub fn legend(&self, used: &[Class]) -> Legend {
        let lows = self.band_lows();
        let mut entries = Vec::new();
        let mut classes: Vec<Class> = used.to_vec();
        classes.sort();
        classes.dedup();
        for class in classes {
            let text = match class {
                Class::NoReports => "No reports".to_string(),
                Class::Fewer => format!("Fewer than {}", self.k),
                Class::Hidden => "Not shown (protects a small count)".to_string(),
                Class::Band(i) => match lows.get(i + 1) {
                    Some(next) => format!("{}–{}", lows[i], next - 1),
                    None => format!("{} or more", lows[i]),
                },
            };
            entries.push((class, text));
        }
        Legend { entries }
    }
}

pub struct Legend {
    pub entries: Vec<(Class, String)>,
}

impl Legend {
    /// A list of swatches (SVG, so no inline style is needed) and their meaning.
    pub fn html(&self) -> String {
        let mut out = String::from("<ul class=\"legend\">");
        for (class, text) in &self.entries {
            let _ = write!(
                out,
                "<li><svg width=\"18\" height=\"18\" aria-hidden=\"true\" focusable=\"false\">{}<rect x=\"1\" y=\"1\" width=\"16\" height=\"16\" fill=\"{}\" stroke=\"#444\"/></svg> {}</li>",
                PATTERNS,
                class.fill(),
                escape(text)
            );
        }
        out.push_str("</ul>");
        out
    }
}

const PATTERNS: &str = "<defs><pattern id=\"fewer\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/><circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#555\"/></pattern><pattern id=\"hidden\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e0e0e0\"/><rect width=\"2\" height=\"6\" fill=\"#757575\"/></pattern></defs>";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One area as drawn: its class, its name (written on the map where it fits) and the words
/// for it (name and figure, its tooltip).
pub struct Shade {
    pub class: Class,
    pub name: String,
    pub label: String,
}

/// The SVG: one `<path>` per area, shaded, each with a `<title>` naming area and figure.
pub fn svg(areas: &Areas, shades: &BTreeMap<String, Shade>, title: &str) -> String {
    const WIDTH: f64 = 640.0;
    let points = areas.areas.iter().flat_map(|a| a.rings.iter().flatten());
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in points {
        min_x = min_x.min(*x);
        max_x = max_x.max(*x);
        min_y = min_y.min(*y);
        max_y = max_y.max(*y);
    }
    // Equirectangular, with longitude scaled by the cosine of the middle latitude.
    let squash = ((min_y + max_y) / 2.0).to_radians().cos().abs().max(0.1);
    let span_x = ((max_x - min_x) * squash).max(f64::EPSILON);
    let span_y = (max_y - min_y).max(f64::EPSILON);
    let scale = WIDTH / span_x;
    let height = (span_y * scale).ceil();
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"-4 -4 {} {}\" role=\"img\" aria-labelledby=\"map-title\"><title id=\"map-title\">{}</title>{PATTERNS}",
        WIDTH + 8.0,
        height + 8.0,
        escape(title)
    );
    let mut labels = Vec::new();
    for area in &areas.areas {
        let mut d = String::new();
        for ring in &area.rings {
            for (i, (x, y)) in ring.iter().enumerate() {
                let px = (x - min_x) * squash * scale;
                let py = (max_y - y) * scale;
                let _ = write!(d, "{}{px:.1} {py:.1}", if i == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
        let (fill, name, label) = match shades.get(&area.id) {
            Some(shade) => (
                shade.class.fill(),
                shade.name.as_str(),
                shade.label.as_str(),
            ),
            None => (Class::NoReports.fill(), area.id.as_str(), area.id.as_str()),
        };
        let _ = write!(
            out,
            "<path data-area=\"{}\" d=\"{d}\" fill=\"{fill}\" fill-rule=\"evenodd\" stroke=\"#222\" stroke-width=\"1.5\"><title>{}</title></path>",
            escape(&area.id),
            escape(label)
        );
        // The name in the middle of the area's first ring, where it fits.
        let ring = &area.rings[0];
        let xs = ring.iter().map(|(x, _)| (x - min_x) * squash * scale);
        let ys = ring.iter().map(|(_, y)| (max_y - y) * scale);
        let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
        if x1 - x0 >= 7.0 * name.chars().count() as f64 && y1 - y0 >= 18.0 {
            labels.push(format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#0b0c0c\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" aria-hidden=\"true\">{}</text>",
                (x0 + x1) / 2.0,
                (y0 + y1) / 2.0 + 4.0,
                escape(name)
            ));
        }
    }
    for label in labels {
        out.push_str(&label);
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARES: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"north"},"geometry":{"type":"Polygon","coordinates":[[[0,1],[1,1],[1,2],[0,2],[0,1]]]}},
      {"type":"Feature","properties":{"id":"south"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]]]}}
    ]}"#;

    #[test]
    fn one_path_per_area_with_its_figure() {
        let known = vec!["north".to_string(), "south".to_string()];
        let areas = Areas::parse(SQUARES, &known).unwrap();
        let scale = Scale { k: 3 };
        let shades = BTreeMap::from([
            (
                "north".to_string(),
                Shade {
                    class: scale.class(Shown::Fewer),
                    name: "North".into(),
                    label: "North: fewer than 3".into(),
                },
            ),
            (
                "south".to_string(),
                Shade {
                    class: scale.class(Shown::Count(12)),
                    name: "South".into(),
                    label: "South: 12".into(),
                },
            ),
        ]);
        let svg = svg(&areas, &shades, "Reports per area");
        assert_eq!(svg.matches("<path ").count(), 2);
        assert!(svg.contains("url(#fewer)") && svg.contains("<title>South: 12</title>"));
        assert_eq!(scale.class(Shown::Count(3)), Class::Band(0));
        assert_eq!(scale.class(Shown::Count(12)), Class::Band(1));
        assert_eq!(Scale { k: 1 }.class(Shown::Count(1)), Class::Band(0));
        let legend = scale.legend(&[Class::Band(1), Class::Fewer, Class::Fewer]);
        assert_eq!(legend.entries.len(), 2);
        assert_eq!(legend.entries[1].1, "10–24");
    }

    #[test]
    fn features_must_be_areas_of_the_questionnaire() {
        let err = Areas::parse(SQUARES, &["north".to_string()]).unwrap_err();
        assert!(
            err.contains("features[1]") && err.contains("`south`"),
            "{err}"
        );
        assert!(Areas::parse("{}", &[]).is_err());
    }
}
