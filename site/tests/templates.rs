//! A campaign's `templates/` overrides the theme file by file, the machine-readable files
//! included.

mod common;

use common::TempCampaign;
use time::macros::datetime;

fn campaign() -> TempCampaign {
    let campaign = TempCampaign::new(
        "base_url: https://t.example\nlanguages:\n  - {code: en, name: English, title: T}\n  - {code: pl, name: Polski, title: TP}\n",
    );
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
        "<!doctype html>\n<html lang=\"{{ lang }}\"><body>\n<main>{{ site.title }}</main>\n</body></html>\n",
    );
    let error = build_error_at(&campaign, "templates/base.html", 3);
    assert!(error.contains("{% block content %}"), "{error}");
}
