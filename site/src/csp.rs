//! The Content-Security-Policy headers, written once: CloudFront sends them in the cloud
//! (infra/template.yaml, held to these by tests/infra_agreement) and `lookout serve` sends the
//! same locally, so what a test sees in the preview is what reporters get. Each page narrows
//! the header's `script-src` further with a policy of its own (render/scripts.rs).

/// Every page and the API's answers: nothing from any other origin.
pub const SITE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-src 'none'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; manifest-src 'self'; upgrade-insecure-requests";

/// The spam-check step of a campaign that chose hCaptcha (`/report/check/`), and nothing else.
pub const CAPTCHA_CHECK: &str = "default-src 'self'; script-src 'self' https://hcaptcha.com https://*.hcaptcha.com; style-src 'self' https://hcaptcha.com https://*.hcaptcha.com; img-src 'self' data:; font-src 'self'; connect-src 'self' https://hcaptcha.com https://*.hcaptcha.com; form-action 'self'; frame-src https://hcaptcha.com https://*.hcaptcha.com; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; manifest-src 'self'; upgrade-insecure-requests";

/// The browser editor (Sveltia CMS), never on the reporters' origin: its own files, the styles
/// it injects, and the git host only (GitHub's API for content and sign-in, and its avatars).
pub const EDITOR: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' blob: data: https://avatars.githubusercontent.com; media-src 'self' blob:; frame-src blob:; worker-src blob:; manifest-src blob:; connect-src 'self' blob: data: https://api.github.com; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/// `policy` as `lookout serve` sends it over plain HTTP on the loopback: without
/// `upgrade-insecure-requests`, which would send a redirect's request to an `https://` address
/// nothing answers (over the deployment's HTTPS it changes nothing).
pub fn over_http(policy: &'static str) -> &'static str {
    policy
        .strip_suffix("; upgrade-insecure-requests")
        .unwrap_or(policy)
}

/// The policy the site's answer at `path` carries.
pub fn for_path(path: &str) -> &'static str {
    let check = path.starts_with("/report/check/")
        || path
            .split('/')
            .nth(2)
            .is_some_and(|second| second == "report" && path.split('/').nth(3) == Some("check"));
    if check { CAPTCHA_CHECK } else { SITE }
}
