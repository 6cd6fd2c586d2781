//! HTML written into the Markdown: `<img>` without `alt`, and `href`/`src` that lead nowhere.
//! An explicit `alt=""` is the HTML way to mark an image as decoration, so it is accepted.

use super::links::{Targets, broken};
use super::report::{Finding, Severity};
use crate::load::page::Page;
use crate::markup::facts::RawHtml;
use crate::markup::tags::{decode_entities, html_tags};

pub fn check_raw_html(
    page: &Page,
    html: &[RawHtml],
    targets: &Targets<'_>,
    out: &mut Vec<Finding>,
) {
    for piece in html {
        for tag in html_tags(&piece.html) {
            let line = piece.line_at(tag.offset);
            if tag.name == "img" && !tag.has_attr("alt") {
                out.push(Finding::new(
                    Severity::Error,
                    &page.source,
                    Some(line),
                    format!(
                        "<img src=\"{}\"> has no alt attribute: describe the image in alt=\"...\" (or alt=\"\" if it is only decoration)",
                        tag.attr("src").unwrap_or("")
                    ),
                ));
            }
            for attr in ["href", "src"] {
                if let Some(value) = tag.attr(attr) {
                    let value = decode_entities(value);
                    if tag.name == "a"
                        && let Some(finding) = targets.gone_link(page, line, &value, true)
                    {
                        out.push(finding);
                    } else if let Some(problem) = targets.problem(&value, &page.url) {
                        out.push(broken(page, line, &value, tag.name == "img", &problem));
                    }
                }
            }
        }
    }
}
