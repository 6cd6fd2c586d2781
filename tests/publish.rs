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

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use aws_sdk_cloudfront::types::{
    DefaultCacheBehavior, DistributionConfig, Origin, Origins, S3OriginConfig, ViewerProtocolPolicy,
};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, Runtime};
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region, SharedCredentialsProvider};
use common::TempCampaign;
use sha2::{Digest, Sha256};

fn moto() -> String {
    lookout_testkit::moto_endpoint()
}

struct Cloud {
    endpoint: String,
    s3: aws_sdk_s3::Client,
    cloudfront: aws_sdk_cloudfront::Client,
    lambda: aws_sdk_lambda::Client,
    bucket: String,
    distribution: String,
    functions: Vec<String>,
}

impl Cloud {
    /// A bucket, a distribution and two functions of their own, named after `test`.
    async fn new(test: &str) -> Self {
        let endpoint = moto();
        let shared = aws_config::SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "test", "test", None, None, "tests",
            )))
            .endpoint_url(&endpoint)
            .build();
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&shared)
                .force_path_style(true)
                .build(),
        );
        let cloudfront = aws_sdk_cloudfront::Client::new(&shared);
        let lambda = aws_sdk_lambda::Client::new(&shared);
        let bucket = format!("lookout-site-{test}");
        s3.create_bucket().bucket(&bucket).send().await.ok();
        let distribution = distribution(&cloudfront, &bucket).await;
        let role = role(&endpoint).await;
        let functions = vec![format!("{test}-submit"), format!("{test}-follow-up")];
        for name in &functions {
            let _ = lambda.delete_function().function_name(name).send().await;
            lambda
                .create_function()
                .function_name(name)
                .runtime(Runtime::Providedal2023)
                .role(&role)
                .handler("bootstrap")
                .code(
                    FunctionCode::builder()
                        .zip_file(Blob::new(EMPTY_ZIP))
                        .build(),
                )
                .send()
                .await
                .unwrap_or_else(|e| panic!("{}", aws_sdk_lambda::error::DisplayErrorContext(&e)));
        }
        Cloud {
            endpoint,
            s3,
            cloudfront,
            lambda,
            bucket,
            distribution,
            functions,
        }
    }

    /// What a deployment of the functions with the bundle staged from `out` leaves: each
    /// function's configuration names the SHA-256 of the bundle's manifest.
    async fn deploy_functions(&self, out: &Path) {
        let manifest = std::fs::read(out.join("_lookout/manifest.sha256")).expect("manifest");
        let digest = hex::encode(Sha256::digest(&manifest));
        for name in &self.functions {
            self.lambda
                .update_function_configuration()
                .function_name(name)
                .environment(
                    Environment::builder()
                        .variables("LOOKOUT_BUNDLE_SHA256", &digest)
                        .variables("LOOKOUT_TABLE", "lookout-reports")
                        .build(),
                )
                .send()
                .await
                .unwrap_or_else(|e| panic!("{}", aws_sdk_lambda::error::DisplayErrorContext(&e)));
        }
    }

    fn publish(&self, campaign: &TempCampaign, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_lookout"))
            .arg("publish")
            .args(["--root", campaign.root().to_str().unwrap()])
            .args(["--out", campaign.out().to_str().unwrap()])
            .args(extra)
            .env("LOOKOUT_BUCKET", &self.bucket)
            .env("LOOKOUT_DISTRIBUTION", &self.distribution)
            .env("LOOKOUT_FUNCTIONS", self.functions.join(","))
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env_remove("AWS_PROFILE")
            .output()
            .expect("lookout runs")
    }

    /// Every object in the bucket, by key, with its ETag.
    async fn objects(&self) -> BTreeMap<String, String> {
        let listed = self
            .s3
            .list_objects_v2()
            .bucket(&self.bucket)
            .max_keys(1000)
            .send()
            .await
            .expect("list");
        listed
            .contents()
            .iter()
            .map(|o| {
                (
                    o.key().unwrap_or_default().to_string(),
                    o.e_tag().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    async fn headers(&self, key: &str) -> (String, String) {
        let head = self
            .s3
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{key}: {}", aws_sdk_s3::error::DisplayErrorContext(&e)));
        (
            head.cache_control().unwrap_or_default().to_string(),
            head.content_type().unwrap_or_default().to_string(),
        )
    }

    async fn invalidations(&self) -> usize {
        let listed = self
            .cloudfront
            .list_invalidations()
            .distribution_id(&self.distribution)
            .send()
            .await
            .expect("list invalidations");
        listed.invalidation_list().map_or(0, |l| l.items().len())
    }
}

/// An empty zip archive (only its end record): code enough for a function nobody invokes.
const EMPTY_ZIP: &[u8] = &[
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

async fn distribution(cloudfront: &aws_sdk_cloudfront::Client, bucket: &str) -> String {
    let origin = Origin::builder()
        .id("site")
        .domain_name(format!("{bucket}.s3.amazonaws.com"))
        .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build())
        .build()
        .unwrap();
    let config = DistributionConfig::builder()
        .caller_reference(bucket)
        .comment("lookout publish test")
        .enabled(true)
        .origins(
            Origins::builder()
                .quantity(1)
                .items(origin)
                .build()
                .unwrap(),
        )
        .default_cache_behavior(
            DefaultCacheBehavior::builder()
                .target_origin_id("site")
                .viewer_protocol_policy(ViewerProtocolPolicy::RedirectToHttps)
                .cache_policy_id("658327ea-f89d-4fab-a63d-7e88639e58f6")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let created = cloudfront
        .create_distribution()
        .distribution_config(config)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}", aws_sdk_cloudfront::error::DisplayErrorContext(&e)));
    created
        .distribution()
        .expect("distribution")
        .id()
        .to_string()
}

/// An IAM role in moto (its Lambda wants the role to exist).
async fn role(endpoint: &str) -> String {
    let body = "Action=CreateRole&Version=2010-05-08&RoleName=lookout-publish-test&AssumeRolePolicyDocument=%7B%7D";
    let response = reqwest::Client::new()
        .post(format!("{endpoint}/"))
        .header("content-type", "application/x-www-form-urlencoded")
        // moto routes by the credential scope; it does not check the signature.
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        )
        .body(body)
        .send()
        .await
        .expect("moto answers");
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    assert!(
        status.is_success() || text.contains("EntityAlreadyExists"),
        "{status} {text}"
    );
    "arn:aws:iam::123456789012:role/lookout-publish-test".into()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Keys `publish` printed it uploaded.
fn uploaded(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("upload "))
        .map(|l| l.split(' ').next().unwrap_or_default().to_string())
        .collect()
}

fn campaign_with_offer() -> TempCampaign {
    let campaign = TempCampaign::new();
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

/// The files under `dir` as bucket keys, sorted.
fn walk(dir: &Path) -> Vec<String> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                go(root, &path, out);
            } else {
                let key = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(key);
            }
        }
    }
    let mut keys = Vec::new();
    go(dir, dir, &mut keys);
    keys.sort();
    keys
}

/// The browser editor never goes to the reporters' origin: a campaign with the editor (as
/// `lookout init --cms` writes it) publishes no `admin/` key, and one an older publish left is
/// removed.
#[tokio::test]
async fn publish_never_uploads_the_editor_and_removes_an_old_one() {
    let cloud = Cloud::new("editor").await;
    let campaign = TempCampaign::new();
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
