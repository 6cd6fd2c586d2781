//! A campaign's `templates/` overrides the theme file by file, the machine-readable files
//! included.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use common::{Build, Config, TempCampaign};
use time::macros::datetime;

fn campaign() -> TempCampaign {
    let campaign = TempCampaign::new(&Config::english().language("pl", "Polski", "TP"));
    campaign.write("pages/_index.md", "---\ntitle: Home\n---\nHi.\n");
    campaign.write(
        "pages/news.md",
        "---\ntitle: Fish & chips\ndate: 2026-03-01\n---\nNews.\n",
    );
    campaign
}

#[test]
fn sitemap_feeds_and_robots_come_from_templates_a_campaign_can_override() {
    let campaign = campaign();
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();
    assert!(
        campaign
            .read_out("robots.txt")
            .contains("Disallow: /_lookout/")
    );
    let theme_feed = campaign.read_out("atom.xml");
    assert!(
        theme_feed.contains("<title>Fish &amp; chips</title>"),
        "{theme_feed}"
    );

    campaign.write("templates/robots.txt", "User-agent: *\nDisallow: /\n");
    campaign.write(
        "templates/atom.xml",
        "<feed>{% for page in pages %}<t>{{ page.title }}</t>{% endfor %}</feed>\n",
    );
    campaign.write(
        "templates/sitemap.xml",
        "{% for entry in entries %}{{ entry.permalink }} {% endfor %}\n",
    );
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();
    assert_eq!(
        campaign.read_out("robots.txt"),
        "User-agent: *\nDisallow: /\n"
    );
    // Still escaped: an override of an .xml template is autoescaped like the theme's.
    assert_eq!(
        campaign.read_out("atom.xml"),
        "<feed><t>Fish &amp; chips</t></feed>\n"
    );
    assert_eq!(campaign.read_out("pl/atom.xml"), "<feed></feed>\n");
    let sitemap = campaign.read_out("sitemap.xml");
    assert!(
        sitemap.starts_with("https://t.example/ https://t.example/news/ "),
        "{sitemap}"
    );
    // The other templates still come from the theme.
    assert!(campaign.read_out("index.html").contains("exit-this-page"));
}

/// The message of a build that fails, which must start with `<campaign>/<file>:<line>: `.
fn build_error_at(campaign: &TempCampaign, file: &str, line: usize) -> String {
    let error = campaign
        .build_at(datetime!(2026-12-01 00:00 UTC))
        .unwrap_err()
        .to_string();
    let expected = format!("{}:{line}: ", campaign.root().join(file).display());
    assert!(
        error.starts_with(&expected),
        "expected {expected:?} in {error}"
    );
    error
}

#[test]
fn a_shell_template_without_the_content_marker_fails_the_build_naming_its_line() {
    let campaign = campaign();
    campaign.write(
        "templates/shell.html",
        "{% extends \"base.html\" %}\n{% block content %}<p>Reports</p>{% endblock content %}\n",
    );
    let error = build_error_at(&campaign, "templates/shell.html", 2);
    assert!(error.contains("<!--lookout:content-->"), "{error}");
    assert!(!campaign.out().exists(), "nothing is written");
}

#[test]
fn a_base_template_that_lost_its_content_block_is_named_as_the_cause() {
    let campaign = campaign();
    campaign.write(
        "templates/base.html",
        "<!doctype html>\n<html lang=\"{{ lang }}\"><head><!--lookout:scripts--></head><body>\n<main>{{ site.title }}</main>\n</body></html>\n",
    );
    let error = build_error_at(&campaign, "templates/base.html", 3);
    assert!(error.contains("{% block content %}"), "{error}");
}

fn menu_campaign() -> TempCampaign {
    let campaign = TempCampaign::new(
        &Config::english()
            .language("pl", "Polski", "TP")
            .menu(&["/", "/news/"]),
    );
    campaign.write("pages/_index.md", "---\ntitle: Home\n---\nHi.\n");
    campaign.write("pages/_index.pl.md", "---\ntitle: Start\n---\nCześć.\n");
    campaign.write("pages/news.md", "---\ntitle: News\n---\nNews.\n");
    campaign.write("pages/other.md", "---\ntitle: Other\n---\nOther.\n");
    campaign
}

#[test]
fn only_the_page_a_menu_entry_names_is_marked_current() {
    let campaign = menu_campaign();
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();
    let current = |file: &str| {
        let html = campaign.read_out(file);
        html.matches(r#" aria-current="page""#).count()
    };
    // Twice: the wide menu and the phone's.
    assert_eq!(current("news/index.html"), 2);
    assert!(
        campaign
            .read_out("news/index.html")
            .contains(r#"<a href="/news/" aria-current="page">News</a>"#)
    );
    assert_eq!(current("index.html"), 2);
    assert_eq!(current("other/index.html"), 0);
    // The Polish home page is the menu's first entry there; news is shown in English.
    assert_eq!(current("pl/index.html"), 2);
    assert!(
        campaign
            .read_out("pl/index.html")
            .contains(r#"<a href="/news/" lang="en">News</a>"#)
    );
}

#[test]
fn the_parts_of_every_page_come_from_templates_a_campaign_can_override() {
    let campaign = menu_campaign();
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();
    assert!(
        campaign
            .read_out("other/index.html")
            .contains(r#"<footer class="site-footer">"#)
    );

    campaign.write(
        "templates/parts/footer.html",
        "<footer>{{ site.title }} ({{ lang }})</footer>\n",
    );
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();
    assert!(
        campaign
            .read_out("other/index.html")
            .contains("<footer>T (en)</footer>")
    );
    assert!(
        campaign
            .read_out("pl/index.html")
            .contains("<footer>TP (pl)</footer>")
    );
    assert!(
        campaign
            .read_out("404.html")
            .contains("<footer>T (en)</footer>")
    );

    // A part is made once for every page of its language, so it cannot show one page.
    campaign.write(
        "templates/parts/footer.html",
        "<footer>{{ page.title }}</footer>\n",
    );
    let error = campaign
        .build_at(datetime!(2026-12-01 00:00 UTC))
        .unwrap_err()
        .to_string();
    assert!(error.contains("parts/footer.html"), "{error}");
    assert!(error.contains("page.title"), "{error}");
    assert!(error.contains("once per language"), "{error}");
}

#[test]
fn the_sitemap_names_the_languages_of_a_page_only_where_it_has_more_than_one() {
    let campaign = menu_campaign();
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();
    let sitemap = campaign.read_out("sitemap.xml");
    let entry = |loc: &str| {
        let start = sitemap
            .find(&format!("<loc>{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} in {sitemap}"));
        let end = start + sitemap[start..].find("</url>").unwrap_or(0);
        sitemap[start..end].to_string()
    };
    let home = entry("https://t.example/");
    assert!(
        home.contains(r#"hreflang="en" href="https://t.example/""#)
            && home.contains(r#"hreflang="pl" href="https://t.example/pl/""#),
        "{home}"
    );
    let other = entry("https://t.example/other/");
    assert!(!other.contains("hreflang"), "{other}");
}

/// Which pages carry a form is the page's say, in front matter, whatever its template is named.
#[test]
fn a_page_carries_the_form_its_front_matter_names() {
    let campaign = campaign();
    // The theme's report template, by the form alone.
    campaign.write(
        "pages/report.md",
        "---\ntitle: Report\nform: report\n---\nTell us.\n",
    );
    // A campaign template of any name shows the follow-up form of the page that says so.
    campaign.write(
        "templates/thread.html",
        "<html><head><!--lookout:scripts--></head><body><main>{{ follow_up_form | safe }}</main></body></html>",
    );
    campaign.write(
        "pages/answers.md",
        "---\ntitle: Answers\ntemplate: thread.html\nform: follow-up\n---\nx\n",
    );
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();
    let report = campaign.read_out("report/index.html");
    assert!(report.contains("data-lookout-form=\"report\""), "{report}");
    let answers = campaign.read_out("answers/index.html");
    assert!(
        answers.contains("data-lookout-form=\"follow-up\""),
        "{answers}"
    );
    // A page named like a form's template, without `form:`, carries none.
    campaign.write(
        "pages/answers.md",
        "---\ntitle: Answers\ntemplate: thread.html\n---\nx\n",
    );
    let error = campaign
        .build_at(datetime!(2026-12-01 00:00 UTC))
        .unwrap_err()
        .to_string();
    assert!(error.contains("answers.md:3"), "{error}");
    assert!(error.contains("says `form: follow-up`"), "{error}");

    // A page written before `form:` named the form's template; it still carries the form, and
    // check asks for the key.
    campaign.write(
        "pages/answers.md",
        "---\ntitle: Answers\ntemplate: follow-up.html\n---\nx\n",
    );
    campaign.build_at(datetime!(2026-12-01 00:00 UTC)).unwrap();
    let answers = campaign.read_out("answers/index.html");
    assert!(
        answers.contains("data-lookout-form=\"follow-up\""),
        "{answers}"
    );
    let report =
        lookout_site::check::check(campaign.root(), datetime!(2026-12-01 00:00 UTC)).unwrap();
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.message.contains("say `form: follow-up` instead") && f.line == Some(3)),
        "{:?}",
        report.findings
    );
}
