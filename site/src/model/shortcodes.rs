//! How the model renders a shortcode call: its template `shortcodes/<name>.html`, with the
//! page language's site view and strings, and the call's arguments and body. Shortcodes see
//! nothing of other pages' rendered Markdown, which is why the model can render pages in any
//! order, in parallel.

use time::Date;

use crate::error::{Result, SiteError};
use crate::load::Campaign;
use crate::load::page::Page;
use crate::markup::shortcodes::Call;

use super::views::Views;

pub fn render(
    campaign: &Campaign,
    views: &Views,
    page: &Page,
    call: &Call<'_>,
    today: Date,
) -> Result<String> {
    let name = format!("shortcodes/{}.html", call.name);
    let at_call = |message: String| SiteError::content(&page.source, Some(call.line), message);
    if !campaign.theme.has(&name) {
        return Err(at_call(format!(
            "unknown shortcode `{}` (no template {name})",
            call.name
        )));
    }
    let mut context = views
        .context(campaign.strings(&page.lang), &page.lang)
        .into_owned();
    for (key, value) in call.args {
        context.insert(key.as_str(), value);
    }
    if call.name == "public_stats" {
        let view = crate::load::public_stats::view(
            &campaign.paths.root,
            call.args.get("file").and_then(|f| f.as_str()),
            today,
            &campaign.questionnaire,
            &page.lang,
            |key| campaign.text(&page.lang, key),
        )
        .map_err(|e| at_call(e.to_string()))?;
        context.insert("stats", &view);
    }
    if let Some(body) = call.body {
        context.insert("body", body);
    }
    campaign
        .theme
        .render(&name, &context)
        .map_err(|e| at_call(e.to_string()))
}
