//! The Content-Security-Policy headers CloudFront sends are the ones `lookout serve` sends
//! (`lookout_site::csp`), so browser tests against the preview see the reporters' policy; and
//! the browser editor has no place on the reporters' origin.

use crate::template::Template;

/// The policy text of the response headers policy `id`, blanks folded.
fn policy(t: &Template, id: &str) -> String {
    let resource = t
        .resources
        .get(id)
        .unwrap_or_else(|| panic!("infra/template.yaml has no {id}"));
    let text = resource["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        ["ContentSecurityPolicy"]["ContentSecurityPolicy"]
        .as_str()
        .unwrap_or_else(|| panic!("{id} has no ContentSecurityPolicy"));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn cloudfront_sends_the_policies_lookout_serve_sends() {
    let t = Template::load();
    assert_eq!(policy(&t, "SiteHeadersPolicy"), lookout_site::csp::SITE);
    assert_eq!(
        policy(&t, "CaptchaPagesHeadersPolicy"),
        lookout_site::csp::CAPTCHA_CHECK
    );
}

#[test]
fn the_distribution_serves_no_editor() {
    let text =
        std::fs::read_to_string(crate::template::root().join("infra/template.yaml")).unwrap();
    assert!(
        !text.contains("/admin/*"),
        "infra/template.yaml serves /admin/ on the reporters' origin"
    );
}
