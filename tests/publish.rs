//! `lookout publish` against real S3, CloudFront and Lambda APIs (moto's server on 127.0.0.1,
//! started by `tests/run`; see tests/support/moto.sh), run as a person runs it: the binary,
//! with the bucket, distribution and functions in its environment and `AWS_ENDPOINT_URL`.

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

use cloud::{Cloud, text, uploaded, walk};
use common::{Build, TempCampaign, standard_campaign};

fn campaign_with_offer() -> TempCampaign {
    let campaign = standard_campaign();
    campaign.write(
        "pages/offer.md",
        "---\ntitle: Winter training\nexpires_at: 2099-01-01\n---\nCome to the training.\n",
    );
    campaign
}

#[tokio::test]
async fn publish_uploads_what_changed_removes_what_expired_and_invalidates() {
    let cloud = Cloud::new("changes").await;
    let campaign = campaign_with_offer();

    // Functions deployed without a bundle digest: nothing is published.
    let refused = cloud.publish(&campaign, &[]);
    assert!(!refused.status.success(), "{}", text(&refused));
    assert!(
        text(&refused).contains("carries no LOOKOUT_BUNDLE_SHA256"),
        "{}",
        text(&refused)
    );
    // Only the fingerprinted files go ahead (nothing refers to them until pages do).
    let ahead = cloud.objects().await;
    assert!(
        !ahead.is_empty()
            && ahead
                .keys()
                .all(|k| k.ends_with(".css") || k.ends_with(".js")),
        "{ahead:?}"
    );
    assert!(
        text(&refused).contains("ahead of the functions"),
        "{}",
        text(&refused)
    );

    cloud.deploy_functions(&campaign.out()).await;
    let first = cloud.publish(&campaign, &[]);
    assert!(first.status.success(), "{}", text(&first));
    let objects = cloud.objects().await;
    let built = walk(&campaign.out());
    assert_eq!(
        objects.keys().cloned().collect::<Vec<_>>(),
        built,
        "the bucket holds the build"
    );
    let (cache, kind) = cloud.headers("index.html").await;
    assert_eq!(
        (cache.as_str(), kind.as_str()),
        ("public, max-age=300", "text/html; charset=utf-8")
    );
    let css = built
        .iter()
        .find(|k| k.starts_with("style.") && k.ends_with(".css"))
        .unwrap();
    let (cache, kind) = cloud.headers(css).await;
    assert_eq!(cache, "public, max-age=31536000, immutable");
    assert_eq!(kind, "text/css; charset=utf-8");
    assert_eq!(cloud.invalidations().await, 1);

    // Nothing changed: nothing uploaded, nothing invalidated.
    let again = cloud.publish(&campaign, &[]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(uploaded(&again).is_empty(), "{}", text(&again));
    assert_eq!(cloud.objects().await, objects);
    assert_eq!(cloud.invalidations().await, 1);

    // One page edited: it goes up, the stylesheet and the other pages do not.
    campaign.write(
        "pages/about.md",
        "---\ntitle: About\ndescription: About us\naudiences: [taxi-drivers]\ndate: 2026-01-02\n---\n# About\n\nNew text.\n",
    );
    let dry = cloud.publish(&campaign, &["--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(
        text(&dry).contains("would upload about/index.html (changed)"),
        "{}",
        text(&dry)
    );
    assert_eq!(
        cloud.objects().await,
        objects,
        "a dry run changed the bucket"
    );
    let edited = cloud.publish(&campaign, &[]);
    assert!(edited.status.success(), "{}", text(&edited));
    let sent = uploaded(&edited);
    assert!(sent.contains(&"about/index.html".to_string()), "{sent:?}");
    assert!(
        !sent
            .iter()
            .any(|k| k == css || k == "index.html" || k.starts_with("posters/")),
        "{sent:?}"
    );
    assert_ne!(
        cloud.objects().await["about/index.html"],
        objects["about/index.html"]
    );
    assert_eq!(cloud.invalidations().await, 2);

    // The offer expires: its page leaves the bucket.
    assert!(cloud.objects().await.contains_key("offer/index.html"));
    campaign.write(
        "pages/offer.md",
        "---\ntitle: Winter training\nexpires_at: 2020-01-01\n---\nCome to the training.\n",
    );
    let expired = cloud.publish(&campaign, &[]);
    assert!(expired.status.success(), "{}", text(&expired));
    assert!(
        text(&expired).contains("remove offer/index.html"),
        "{}",
        text(&expired)
    );
    assert!(!cloud.objects().await.contains_key("offer/index.html"));
    assert_eq!(cloud.invalidations().await, 3);
}

#[tokio::test]
async fn publish_refuses_a_questionnaire_the_functions_do_not_have() {
    let cloud = Cloud::new("refusal").await;
    let campaign = campaign_with_offer();
    let _ = cloud.publish(&campaign, &["--dry-run"]);
    cloud.deploy_functions(&campaign.out()).await;
    let first = cloud.publish(&campaign, &[]);
    assert!(first.status.success(), "{}", text(&first));
    let before = cloud.objects().await;

    let path = campaign.root().join("questionnaire.yaml");
    let questionnaire = std::fs::read_to_string(&path).unwrap();
    let changed = questionnaire.replacen(
        "en: \"Who are you reporting as?\"",
        "en: \"Who are you reporting as, please?\"",
        1,
    );
    assert_ne!(changed, questionnaire);
    std::fs::write(&path, changed).unwrap();
    let refused = cloud.publish(&campaign, &[]);
    assert!(!refused.status.success(), "{}", text(&refused));
    let message = text(&refused);
    assert!(message.contains("questionnaire.yaml differ"), "{message}");
    assert!(message.contains("Redeploy the functions"), "{message}");
    assert_eq!(
        cloud.objects().await,
        before,
        "a refused publish changed the bucket"
    );
    assert_eq!(cloud.invalidations().await, 1);
}

/// The browser editor never goes to the reporters' origin: a campaign with the editor (as
/// `lookout init --cms` writes it) publishes no `admin/` key, and one an older publish left is
/// removed.
#[tokio::test]
async fn publish_never_uploads_the_editor_and_removes_an_old_one() {
    let cloud = Cloud::new("editor").await;
    let campaign = standard_campaign();
    campaign.write(
        "static/admin/index.html",
        "<!doctype html><script src=\"/admin/sveltia-cms.js\"></script>\n",
    );
    campaign.write("static/admin/sveltia-cms.js", "/* the editor */\n");
    campaign.write("static/admin/config.yml", "backend: {name: github}\n");
    cloud
        .s3
        .put_object()
        .bucket(&cloud.bucket)
        .key("admin/index.html")
        .body(
            b"<script src=/admin/sveltia-cms.js></script>"
                .to_vec()
                .into(),
        )
        .send()
        .await
        .unwrap();
    assert!(campaign.build().status.success());
    cloud.deploy_functions(&campaign.out()).await;
    let published = cloud.publish(&campaign, &[]);
    assert!(published.status.success(), "{}", text(&published));
    let objects = cloud.objects().await;
    assert!(objects.contains_key("index.html"), "{objects:?}");
    let editor: Vec<&String> = objects.keys().filter(|k| k.starts_with("admin/")).collect();
    assert!(
        editor.is_empty(),
        "the editor is in the site bucket: {editor:?}"
    );
    assert!(
        !uploaded(&published).iter().any(|k| k.starts_with("admin/")),
        "{}",
        text(&published)
    );
}
