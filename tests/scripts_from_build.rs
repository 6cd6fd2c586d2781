//! Scripts only from the build: a campaign's template or static file that carries a script is
//! refused with its file (and line), a template that drops the place the build's scripts go is
//! refused, and every page the build makes allows exactly the scripts it carries, by hash.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use common::{Build, TempCampaign, standard_campaign, stderr};

fn refused(campaign: &TempCampaign, place: &str, words: &str) {
    let output = campaign.build();
    let message = stderr(&output);
    assert!(!output.status.success(), "the build accepted it");
    let place = campaign.root().join(place).display().to_string();
    assert!(message.contains(&place), "{place} not named in {message}");
    assert!(message.contains(words), "{words:?} not in {message}");
}

#[test]
fn a_template_carrying_a_script_is_refused_with_file_and_line() {
    let campaign = standard_campaign();
    campaign.write(
        "templates/report.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>Hi</p>\n  <SCRIPT src=\"/stats.js\"></SCRIPT>\n{% endblock content %}\n",
    );
    refused(&campaign, "templates/report.html:4: ", "<script>");
}

#[test]
fn a_script_spelled_in_pieces_is_found_in_the_page() {
    let campaign = standard_campaign();
    campaign.write(
        "templates/parts/footer.html",
        "<footer>{{ \"<scr\" ~ \"ipt src='/stats.js'></scr\" ~ \"ipt>\" | safe }}</footer>\n",
    );
    refused(
        &campaign,
        "templates/parts/footer.html",
        "holds a <script> element",
    );
}

#[test]
fn a_template_without_the_place_for_scripts_is_refused() {
    let campaign = standard_campaign();
    campaign.write(
        "templates/base.html",
        "<!doctype html><html><head><title>x</title></head><body>{% block content %}{% endblock content %}</body></html>\n",
    );
    refused(&campaign, "templates/base.html", "<!--lookout:scripts-->");
}

#[test]
fn a_static_file_replacing_a_theme_script_or_carrying_one_is_refused() {
    let campaign = standard_campaign();
    campaign.write("static/send.js", "steal();\n");
    refused(&campaign, "static/send.js", "replace the theme's script");
    let campaign = standard_campaign();
    campaign.write(
        "static/x/index.html",
        "<p>a</p>\n<script src=/stats.js></script>\n",
    );
    refused(&campaign, "static/x/index.html:2: ", "<script>");
}

/// The `script-src` sources of the page's own policy, and the integrity of each script it loads.
fn policy_and_scripts(page: &str, html: &str) -> (Vec<String>, Vec<String>) {
    let head = html.split("</head>").next().unwrap();
    let policy = head
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("{page} has no policy of its own"));
    let sources = policy
        .split(';')
        .next()
        .unwrap()
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect();
    let hashes = html
        .split("<script ")
        .skip(1)
        .map(|tag| {
            let integrity = tag
                .split("integrity=\"")
                .nth(1)
                .unwrap_or_else(|| panic!("{page}: a script without integrity"))
                .split('"')
                .next()
                .unwrap();
            format!("'{integrity}'")
        })
        .collect();
    (sources, hashes)
}

fn html_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn every_page_allows_by_hash_exactly_the_scripts_it_carries() {
    let campaign = standard_campaign();
    // The editor is not part of the site.
    campaign.write(
        "static/admin/index.html",
        "<script src=\"/admin/cms.js\"></script>\n",
    );
    campaign.write(
        "pages/old.md",
        "---\ntitle: Old\naliases: [/gone/]\n---\nText.\n",
    );
    let output = campaign.build();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !campaign.out().join("admin").exists(),
        "the editor was built into the site"
    );
    let mut pages = Vec::new();
    html_files(&campaign.out(), &mut pages);
    assert!(pages.len() > 20, "{pages:?}");
    for path in &pages {
        let page = path.display().to_string();
        let html = std::fs::read_to_string(path).unwrap();
        let (sources, hashes) = policy_and_scripts(&page, &html);
        if hashes.is_empty() {
            // A redirect stub: no script at all.
            assert_eq!(sources, ["'none'"], "{page}");
        } else {
            assert_eq!(
                sources, hashes,
                "{page}: the policy is not exactly its scripts"
            );
        }
    }
    let report = campaign.read_out("report/index.html");
    assert!(report.contains("<script src=\"/send."), "{report}");
    assert!(
        campaign
            .read_out("gone/index.html")
            .contains("script-src 'none'")
    );
}

#[test]
fn a_report_template_that_only_restyles_keeps_the_form_and_its_scripts() {
    let campaign = standard_campaign();
    campaign.write(
        "templates/report.html",
        "{% extends \"base.html\" %}\n{% import \"macros.html\" as macros %}\n{% block head %}{{ macros::form_head(site=site) }}{% endblock head %}\n{% block content %}\n<div class=\"our-report\">\n<h1 class=\"our-title\">{{ page.title }}</h1>\n{{ report_form | safe }}\n</div>\n{% endblock content %}\n",
    );
    let output = campaign.build();
    assert!(output.status.success(), "{}", stderr(&output));
    let report = campaign.read_out("report/index.html");
    assert!(report.contains("<div class=\"our-report\">"), "{report}");
    assert!(
        report.contains("data-verified-action=\"/api/reports\""),
        "{report}"
    );
    for script in ["/lookout.", "/altcha.", "/send."] {
        assert!(
            report.contains(&format!("<script src=\"{script}")),
            "{script} missing: {report}"
        );
    }
}
