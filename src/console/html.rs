//! The console's pages: one layout, and small builders whose every text goes through
//! [`e`] (HTML escaping), so no reporter's words can become markup.

use std::fmt::Write as _;

pub fn e(text: &str) -> String {
    lookout_questionnaire::html::escape(text)
}

/// A page of the console: skip link, navigation, `main`.
pub fn page(title: &str, current: &str, body: &str) -> String {
    let mut nav = String::new();
    for (href, name) in [
        ("/", "Queue"),
        ("/map", "Map and hot spots"),
        ("/trends", "Trends"),
        ("/junk", "Likely junk"),
        ("/recurring", "Recurring names"),
    ] {
        let here = if href == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(nav, "<li><a href=\"{href}\"{here}>{name}</a></li>");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} - Lookout triage</title>\n<link rel=\"stylesheet\" href=\"/console.css\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to main content</a>\n<header><p class=\"brand\">Lookout triage</p><nav aria-label=\"Console\"><ul>{nav}</ul></nav></header>\n<main id=\"main\">\n<h1>{}</h1>\n{body}</main>\n<footer><p>Decrypted in this program only, on this computer. Nothing here is sent anywhere else.</p></footer>\n</body>\n</html>\n",
        e(title),
        e(title)
    )
}

/// A page outside a session (refusals).
pub fn bare_page(title: &str, message: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} - Lookout triage</title>\n<link rel=\"stylesheet\" href=\"/console.css\">\n</head>\n<body>\n<main id=\"main\">\n<h1>{}</h1>\n<p>{}</p>\n</main>\n</body>\n</html>\n",
        e(title),
        e(title),
        e(message)
    )
}

/// A `<select>` with a label; `options` are (value, text).
pub fn select(name: &str, label: &str, options: &[(String, String)], chosen: &str) -> String {
    let mut out = format!(
        "<div class=\"field\"><label for=\"f-{name}\">{}</label><select id=\"f-{name}\" name=\"{name}\">",
        e(label)
    );
    for (value, text) in options {
        let selected = if value == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            e(value),
            e(text)
        );
    }
    out.push_str("</select></div>");
    out
}

/// A table with a caption, column heads and rows whose first cell heads the row. Cells are
/// HTML already (built with [`e`]).
pub fn table(caption: &str, head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "<div class=\"scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\"><table><caption>{}</caption><thead><tr>",
        e(caption),
        e(caption)
    );
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", e(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{cell}</th>");
            } else {
                let _ = write!(out, "<td>{cell}</td>");
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// Percent-encodes a query value.
pub fn q(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub const CSS: &str = include_str!("console.css");
