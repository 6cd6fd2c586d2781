//! Scheduled changes that cannot get stuck, and previews, through `lookout check` and
//! `lookout publish` against moto's S3 and CloudFront (see tests/common/cloud.rs): an expired
//! page that other pages link to is taken down with its translations and the links keep their
//! text (or lead to its `replaced_by`); `check` warns a week ahead; `publish --preview NAME`
//! puts a preview for review in the preview bucket and leaves the live site alone.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

#[path = "common/cloud.rs"]
mod cloud;
mod common;

use std::process::{Command, Output};

use cloud::{Cloud, distribution, text};
use common::{TempCampaign, lookout, standard_campaign};
use time::{Duration, OffsetDateTime};

/// The test campaign, with a page in three languages that two pages link to, and a page that
/// names its replacement.
fn campaign_with_links(signs_expire: &str) -> TempCampaign {
    let campaign = standard_campaign();
    campaign.write(
        "pages/_index.md",
        "---\ntitle: Home\n---\nRead [the signs](/signs/) and [the old helpline](/old-help/).\n",
    );
    campaign.write(
        "pages/about.md",
        "---\ntitle: About\ndescription: About us\naudiences: [taxi-drivers]\ndate: 2026-01-02\n---\n# About\n\nSee [what to look for](/signs/).\n",
    );
    campaign.write(
        "pages/signs.md",
        format!("---\ntitle: Signs\nexpires_at: {signs_expire}\n---\nOld helpline.\n"),
    );
    campaign.write("pages/signs.pl.md", "---\ntitle: Znaki\n---\nStary.\n");
    campaign.write("pages/signs.ur.md", "---\ntitle: علامات\n---\nپرانا\n");
    campaign.write(
        "pages/old-help.md",
        format!(
            "---\ntitle: Old help\nexpires_at: {signs_expire}\nreplaced_by: /help/\n---\nOld.\n"
        ),
    );
    campaign.write("pages/help.md", "---\ntitle: Help\n---\nNew help.\n");
    campaign
}

fn check(campaign: &TempCampaign, extra: &[&str]) -> Output {
    let root = campaign.root().to_string_lossy().into_owned();
    let mut args = vec!["check", "--root", &root];
    args.extend_from_slice(extra);
    lookout(&args)
}

#[tokio::test]
async fn an_expired_linked_page_is_taken_down_with_its_translations_and_links_keep_their_text() {
    let cloud = Cloud::new("expiry").await;
    let campaign = campaign_with_links("2099-01-01");
    let _ = cloud.publish(&campaign, &["--dry-run"]);
    cloud.deploy_functions(&campaign.out()).await;
    let first = cloud.publish(&campaign, &[]);
    assert!(first.status.success(), "{}", text(&first));
    let live = cloud.objects().await;
    for key in [
        "signs/index.html",
        "pl/signs/index.html",
        "ur/signs/index.html",
    ] {
        assert!(live.contains_key(key), "{key} not published: {live:?}");
    }

    // The page expires: the scheduled run's check passes with warnings, and publish goes on.
    let expired = campaign_with_links("2020-01-01");
    for (path, _) in [("pages/signs.md", ()), ("pages/old-help.md", ())] {
        let text = std::fs::read_to_string(expired.root().join(path)).unwrap();
        campaign.write(path, &text);
    }
    let checked = check(&campaign, &[]);
    assert!(checked.status.success(), "{}", text(&checked));
    let said = text(&checked);
    assert!(
        said.contains("link to /signs/: /signs/ expired on 2020-01-01"),
        "{said}"
    );
    assert!(
        said.contains("so the link leads to /help/ (replaced_by) instead"),
        "{said}"
    );
    assert!(said.contains("0 errors"), "{said}");

    let before = cloud.invalidations().await;
    let published = cloud.publish(&campaign, &[]);
    assert!(published.status.success(), "{}", text(&published));
    let objects = cloud.objects().await;
    for key in [
        "signs/index.html",
        "pl/signs/index.html",
        "ur/signs/index.html",
    ] {
        assert!(!objects.contains_key(key), "{key} still in the bucket");
    }
    let bucket = &cloud.bucket;
    let home = cloud.read(bucket, "index.html").await;
    assert!(home.contains("Read the signs and "), "{home}");
    assert!(!home.contains("href=\"/signs/\""), "{home}");
    assert!(
        home.contains("<a href=\"/help/\">the old helpline</a>"),
        "{home}"
    );
    let about = cloud.read(bucket, "about/index.html").await;
    assert!(about.contains("See what to look for."), "{about}");
    let redirect = cloud.read(bucket, "old-help/index.html").await;
    assert!(redirect.contains("url=/help/"), "{redirect}");
    assert!(!cloud.read(bucket, "sitemap.xml").await.contains("/signs/"));
    let invalidations = cloud.invalidation_paths(&cloud.distribution).await;
    assert_eq!(invalidations.len(), before + 1, "{invalidations:?}");
    assert!(
        invalidations.iter().any(|paths| paths == &["/*"]),
        "{invalidations:?}"
    );
}

#[test]
fn check_warns_a_week_before_a_linked_page_expires_and_writes_the_week_as_markdown() {
    let soon = OffsetDateTime::now_utc() + Duration::days(3);
    let day = format!(
        "{:04}-{:02}-{:02}",
        soon.year(),
        u8::from(soon.month()),
        soon.day()
    );
    let campaign = campaign_with_links(&day);
    let week = campaign.root().join("week.md");
    let checked = check(&campaign, &["--this-week", week.to_str().unwrap()]);
    assert!(checked.status.success(), "{}", text(&checked));
    let said = text(&checked);
    let expected = format!(
        "`pages/signs.md` expires on {day} 00:00 (Europe/London); 2 pages link to it: pages/_index.md, pages/about.md"
    );
    assert!(said.contains(&expected), "missing {expected:?} in {said}");
    let markdown = std::fs::read_to_string(&week).unwrap();
    assert!(
        markdown.contains("## Scheduled changes this week"),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "| `pages/old-help.md` | taken down; links lead to `/help/` | `pages/_index.md` |"
        ),
        "{markdown}"
    );

    let later = campaign_with_links("2099-01-01");
    let quiet = check(&later, &[]);
    assert!(!text(&quiet).contains("expires on"), "{}", text(&quiet));
}

/// `lookout publish --preview NAME [--remove]` with only the preview's settings.
fn preview(
    cloud: &Cloud,
    campaign: &TempCampaign,
    bucket: &str,
    distribution: &str,
    extra: &[&str],
) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .arg("publish")
        .args(["--root", campaign.root().to_str().unwrap()])
        .args([
            "--out",
            campaign.root().join("preview-out").to_str().unwrap(),
        ])
        .args(extra)
        .env("LOOKOUT_PREVIEW_BUCKET", bucket)
        .env("LOOKOUT_PREVIEW_DISTRIBUTION", distribution)
        .env("LOOKOUT_PREVIEW_DOMAIN", "preview.test.example")
        .env_remove("LOOKOUT_BUCKET")
        .env_remove("LOOKOUT_DISTRIBUTION")
        .env_remove("LOOKOUT_FUNCTIONS")
        .env("AWS_ENDPOINT_URL", &cloud.endpoint)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("lookout runs")
}

/// The preview address `publish --preview` printed.
fn address(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("preview: "))
        .unwrap_or_else(|| panic!("no address in {}", text(output)))
        .to_string()
}

#[tokio::test]
async fn a_preview_goes_to_the_preview_bucket_marked_as_a_preview_and_the_live_site_is_untouched() {
    let cloud = Cloud::new("preview").await;
    let campaign = campaign_with_links("2099-01-01");
    let _ = cloud.publish(&campaign, &["--dry-run"]);
    cloud.deploy_functions(&campaign.out()).await;
    assert!(cloud.publish(&campaign, &[]).status.success());
    let live = cloud.objects().await;
    let live_invalidations = cloud.invalidations().await;
    let previews = "lookout-previews-test";
    cloud.s3.create_bucket().bucket(previews).send().await.ok();
    let preview_distribution = distribution(&cloud.cloudfront, previews).await;

    campaign.write(
        "pages/help.md",
        "---\ntitle: Help\n---\nA change under review.\n",
    );
    let published = preview(
        &cloud,
        &campaign,
        previews,
        &preview_distribution,
        &["--preview", "pr-7"],
    );
    assert!(published.status.success(), "{}", text(&published));
    let at = address(&published);
    let prefix = at
        .strip_prefix("https://")
        .and_then(|a| a.strip_suffix(".preview.test.example/"))
        .unwrap_or_else(|| panic!("{at}"));
    let token = prefix
        .strip_prefix("pr-7-")
        .unwrap_or_else(|| panic!("{at}"));
    assert_eq!(token.len(), 26, "{at}");

    let objects = cloud.objects_in(previews).await;
    assert!(
        objects.keys().all(|k| k.starts_with(&format!("{prefix}/"))),
        "{objects:?}"
    );
    let page = |key: &str| {
        let key = format!("{prefix}/{key}");
        let cloud = &cloud;
        async move { cloud.read(previews, &key).await }
    };
    let help = page("help/index.html").await;
    assert!(help.contains("A change under review."), "{help}");
    for file in [
        "index.html",
        "help/index.html",
        "pl/about/index.html",
        "report/index.html",
    ] {
        let html = page(file).await;
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{file}: {html}"
        );
        assert!(html.contains("class=\"preview-banner\""), "{file}: {html}");
    }
    assert!(
        page("pl/about/index.html")
            .await
            .contains("Podgląd do sprawdzenia")
    );
    assert!(page("robots.txt").await.contains("Disallow: /"));
    let report = page("report/index.html").await;
    assert!(
        report.contains("<button type=\"submit\" disabled class=\"button\">"),
        "{report}"
    );
    assert!(
        !report.contains("<button type=\"submit\" class=\"button\">"),
        "{report}"
    );
    assert!(
        report.contains(
            "Real reports go through the live site: <a href=\"https://test.example/report/\">"
        ),
        "{report}"
    );
    assert!(
        help.contains(&format!(
            "href=\"https://{prefix}.preview.test.example/help/\""
        )),
        "{help}"
    );
    assert_eq!(
        cloud.invalidation_paths(&preview_distribution).await.len(),
        1
    );

    // The live site is untouched, and publishing the preview again keeps its address.
    assert_eq!(cloud.objects().await, live);
    assert_eq!(cloud.invalidations().await, live_invalidations);
    let again = preview(
        &cloud,
        &campaign,
        previews,
        &preview_distribution,
        &["--preview", "pr-7"],
    );
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(address(&again), at);

    // A live publish never reaches the previews; --remove takes one down.
    let live_again = cloud.publish(&campaign, &[]);
    assert!(live_again.status.success(), "{}", text(&live_again));
    assert_eq!(cloud.objects_in(previews).await.len(), objects.len());
    let removed = preview(
        &cloud,
        &campaign,
        previews,
        &preview_distribution,
        &["--preview", "pr-7", "--remove"],
    );
    assert!(removed.status.success(), "{}", text(&removed));
    assert!(cloud.objects_in(previews).await.is_empty());
}
