//! Scripts only from the build. Templates may change markup and styling but carry no script
//! element; the build renders a page, then puts in the place its `<head>` keeps for them
//! ([`PLACE`]) the page's own Content-Security-Policy and the theme's scripts the page needs,
//! each with its SHA-256 in `integrity`. The policy allows those hashes and nothing else, so a
//! script that reached the origin some other way (a campaign's `static/` file, a file the
//! publishing role wrote) does not run on any page; the header's policy (`csp::SITE`) still
//! applies beside it (a browser obeys both).

use std::sync::LazyLock;

use tera::Context;

use crate::error::{Result, SiteError};
use crate::load::assets::integrity_of as integrity;
use crate::markup::tags::html_tags;
use crate::model::Site;

/// Where a page's `<head>` takes the build's policy and scripts.
pub const PLACE: &str = "<!--lookout:scripts-->";

/// The dev server's reload script, which every page of `lookout serve` loads.
pub const LIVE_RELOAD_SCRIPT: &str = include_str!("livereload.js");

/// hCaptcha's hosts, named only by the spam-check step of a campaign that chose it.
const HCAPTCHA_SCRIPT: &str = "https://js.hcaptcha.com/1/api.js";
const HCAPTCHA_HOSTS: &str = "https://hcaptcha.com https://*.hcaptcha.com";

/// The theme's scripts a page needs, by what the page holds (`None`: every page). A page
/// holds these markers because its scripts read them.
const NEEDS: &[(Option<&str>, &[&str])] = &[
    (None, &["lookout.js"]),
    (Some("name=\"lookout-spam\""), &["altcha.js", "send.js"]),
    (Some("class=\"search\""), &["search.js"]),
    (Some("data-lookout-check"), &["captcha-check.js"]),
];

static LIVE_RELOAD_INTEGRITY: LazyLock<String> =
    LazyLock::new(|| integrity(LIVE_RELOAD_SCRIPT.as_bytes()));

/// Renders `template`, a whole document, and adds its policy and scripts.
pub fn render_document(
    site: &Site,
    lang: &str,
    template: &str,
    context: &Context,
) -> Result<String> {
    let html = site.campaign().theme.render(template, context)?;
    place_scripts(site, lang, template, html)
}

fn place_scripts(site: &Site, lang: &str, template: &str, html: String) -> Result<String> {
    let refuse = |message: String| {
        let path = site
            .campaign()
            .theme
            .source(template)
            .map(|s| s.path.clone())
            .unwrap_or_else(|| template.into());
        SiteError::content(&path, None, with_own_templates(site, message))
    };
    if html_tags(&html).iter().any(|tag| tag.name == "script") {
        return Err(refuse(format!(
            "the page made from template {template} holds a <script> element: templates may not carry scripts (the build adds the theme's own)"
        )));
    }
    let head_end = html.to_ascii_lowercase().find("</head>");
    let at = html.find(PLACE);
    let (Some(at), Some(head_end)) = (at, head_end) else {
        return Err(refuse(missing_place(template)));
    };
    if at > head_end || html.matches(PLACE).count() != 1 {
        return Err(refuse(missing_place(template)));
    }
    let block = scripts_block(site, lang, &html);
    let mut placed = String::with_capacity(html.len() + block.len());
    placed.push_str(&html[..at]);
    placed.push_str(&block);
    placed.push_str(&html[at + PLACE.len()..]);
    Ok(placed)
}

/// `message`, naming the campaign's own templates, one of which made the page so (a page's
/// template may be the theme's and its `base.html` or a part the campaign's).
fn with_own_templates(site: &Site, message: String) -> String {
    let own: Vec<String> = site
        .campaign()
        .theme
        .own_paths()
        .map(|path| path.display().to_string())
        .collect();
    if own.is_empty() {
        return message;
    }
    format!("{message} (the campaign's templates: {})", own.join(", "))
}

fn missing_place(template: &str) -> String {
    format!(
        "the page made from template {template} does not keep {PLACE} once in its <head>: the build puts the page's scripts and Content-Security-Policy there"
    )
}

/// The `<meta>` policy and the `<script>` elements for a page holding `html`.
fn scripts_block(site: &Site, lang: &str, html: &str) -> String {
    let assets = &site.campaign().assets;
    let mut scripts: Vec<(String, String)> = NEEDS
        .iter()
        .filter(|(marker, _)| marker.is_none_or(|m| html.contains(m)))
        .flat_map(|(_, names)| names.iter())
        .filter_map(|name| {
            Some((
                assets.urls.get(*name)?.clone(),
                assets.integrity.get(*name)?.clone(),
            ))
        })
        .collect();
    if site.view(lang).live_reload {
        let url = format!("/{}/livereload.js", lookout_questionnaire::shell::DIR);
        scripts.push((url, LIVE_RELOAD_INTEGRITY.clone()));
    }
    let captcha = html.contains("data-lookout-check");
    let mut sources: Vec<String> = scripts
        .iter()
        .map(|(_, hash)| format!("'{hash}'"))
        .collect();
    if captcha {
        sources.push(HCAPTCHA_HOSTS.to_string());
    }
    let mut block = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src {}; object-src 'none'; base-uri 'self'\">",
        sources.join(" ")
    );
    for (url, hash) in &scripts {
        block.push_str(&format!(
            "\n  <script src=\"{url}\" integrity=\"{hash}\" defer></script>"
        ));
    }
    if captcha {
        block.push_str(&format!(
            "\n  <script src=\"{HCAPTCHA_SCRIPT}\" defer></script>"
        ));
    }
    block
}
