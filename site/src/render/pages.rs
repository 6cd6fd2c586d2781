//! The HTML file of each live page: its template (chosen by kind, by the form the page carries,
//! or by the page's own `template:`), with the page, its listing and its form.

use std::collections::BTreeMap;

use tera::Context;

use super::scripts::render_document;
use crate::error::{Result, SiteError};
use crate::load::front_matter::PageForm;
use crate::load::page::{Page, PageKind};
use crate::model::{LivePage, Site};
use crate::output::OutputFile;

use super::forms::insert_form;
use super::listings::{audience_listing, section_listing};
use super::views::page_view;

/// What a page adds to its language's context; taken out again before the next page.
const PAGE_KEYS: [&str; 5] = [
    "page",
    "pages",
    "audience_pages",
    "report_form",
    "follow_up_form",
];

/// One worker's copies of the language contexts: a page puts its own keys in and the next one
/// takes them out, so the site views and strings are copied once per worker, not per page.
#[derive(Default)]
pub struct Contexts {
    by_lang: BTreeMap<String, Context>,
}

impl Contexts {
    fn for_page(&mut self, site: &Site, lang: &str) -> &mut Context {
        let context = self
            .by_lang
            .entry(lang.to_string())
            .or_insert_with(|| site.context(lang).into_owned());
        for key in PAGE_KEYS {
            context.remove(key);
        }
        context
    }
}

pub fn page_file(site: &Site, live: &LivePage, contexts: &mut Contexts) -> Result<OutputFile> {
    let page = &live.page;
    let context = contexts.for_page(site, &page.lang);
    context.insert("page", &page_view(site, live));
    if page.kind == PageKind::Section {
        context.insert("pages", &section_listing(site, page));
    }
    if let Some(audience) = page.landing_audience() {
        context.insert(
            "audience_pages",
            &audience_listing(site, audience, &page.lang),
        );
    }
    let template = template_for(page);
    if let Some(form) = page.front.page_form() {
        insert_form(site.campaign(), form, &page.lang, context);
    }
    let html = render_document(site, &page.lang, &template, context).map_err(|e| match e {
        SiteError::Template { name, message } => {
            // Point at the `template:` key when the page chose the template.
            let line = page
                .front
                .template
                .as_ref()
                .and_then(|_| page.front_yaml.line_of("template"));
            let hint = form_hint(page, &message);
            SiteError::content(
                &page.source,
                line,
                format!("template: {name}: {message}{hint}"),
            )
        }
        other => other,
    })?;
    Ok(OutputFile::page(&page.url, html))
}

/// A template that shows a form the page does not say it carries fails to render; the page's
/// front matter is where to say it.
fn form_hint(page: &Page, message: &str) -> &'static str {
    let missing =
        |form: PageForm| page.front.form != Some(form) && message.contains(form.context_name());
    if missing(PageForm::Report) {
        " (a page with the report form says `form: report` in its front matter)"
    } else if missing(PageForm::FollowUp) {
        " (a page with the follow-up form says `form: follow-up` in its front matter)"
    } else {
        ""
    }
}

fn template_for(page: &Page) -> String {
    if let Some(template) = &page.front.template {
        return template.clone();
    }
    if let Some(form) = page.front.form {
        return form.default_template().into();
    }
    match (page.kind, page.key.as_str(), page.landing_audience()) {
        (PageKind::Section, "_index", _) => "index.html".into(),
        (PageKind::Section, _, _) => "section.html".into(),
        (PageKind::Page, _, Some(_)) => "audience.html".into(),
        (PageKind::Page, _, None) => "page.html".into(),
    }
}
