//! Real S3, CloudFront and Lambda APIs for the publish tests: moto's server on 127.0.0.1
//! (started by `tests/run`; see tests/support/moto.sh), a bucket, distribution and functions
//! per test, and `lookout publish` run as a person runs it, with them in its environment.
//! Included by the tests that need it (`#[path = "common/cloud.rs"] mod cloud;`), so the other
//! test binaries do not compile the AWS SDK.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use aws_sdk_cloudfront::types::{
    DefaultCacheBehavior, DistributionConfig, Origin, Origins, S3OriginConfig, ViewerProtocolPolicy,
};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Environment, FunctionCode, Runtime};
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region, SharedCredentialsProvider};
use sha2::{Digest, Sha256};

use super::common::TempCampaign;

pub fn moto() -> String {
    lookout_testkit::moto_endpoint()
}

pub struct Cloud {
    pub endpoint: String,
    pub s3: aws_sdk_s3::Client,
    pub cloudfront: aws_sdk_cloudfront::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub bucket: String,
    pub distribution: String,
    pub functions: Vec<String>,
}

impl Cloud {
    /// A bucket, a distribution and two functions of their own, named after `test`.
    pub async fn new(test: &str) -> Self {
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
    pub async fn deploy_functions(&self, out: &Path) {
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

    pub fn publish(&self, campaign: &TempCampaign, extra: &[&str]) -> Output {
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
    pub async fn objects(&self) -> BTreeMap<String, String> {
        self.objects_in(&self.bucket).await
    }

    /// Every object in `bucket` (at most 1000), by key, with its ETag.
    pub async fn objects_in(&self, bucket: &str) -> BTreeMap<String, String> {
        let listed = self
            .s3
            .list_objects_v2()
            .bucket(bucket)
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

    pub async fn headers(&self, key: &str) -> (String, String) {
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

    /// An object's text.
    pub async fn read(&self, bucket: &str, key: &str) -> String {
        let object = self
            .s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{key}: {}", aws_sdk_s3::error::DisplayErrorContext(&e)));
        let bytes = object.body.collect().await.expect("the body").into_bytes();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    pub async fn invalidations(&self) -> usize {
        self.invalidation_paths(&self.distribution).await.len()
    }

    /// The paths of each invalidation of `distribution`, newest first.
    pub async fn invalidation_paths(&self, distribution: &str) -> Vec<Vec<String>> {
        let listed = self
            .cloudfront
            .list_invalidations()
            .distribution_id(distribution)
            .send()
            .await
            .expect("list invalidations");
        let ids: Vec<String> = listed
            .invalidation_list()
            .map(|l| l.items().iter().map(|i| i.id().to_string()).collect())
            .unwrap_or_default();
        let mut paths = Vec::new();
        for id in ids {
            let got = self
                .cloudfront
                .get_invalidation()
                .distribution_id(distribution)
                .id(&id)
                .send()
                .await
                .expect("get invalidation");
            let items = got
                .invalidation()
                .and_then(|i| i.invalidation_batch())
                .and_then(|b| b.paths())
                .map(|p| p.items().to_vec())
                .unwrap_or_default();
            paths.push(items);
        }
        paths
    }
}

/// An empty zip archive (only its end record): code enough for a function nobody invokes.
pub const EMPTY_ZIP: &[u8] = &[
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

pub async fn distribution(cloudfront: &aws_sdk_cloudfront::Client, bucket: &str) -> String {
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
pub async fn role(endpoint: &str) -> String {
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

pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Keys `publish` printed it uploaded.
pub fn uploaded(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("upload "))
        .map(|l| l.split(' ').next().unwrap_or_default().to_string())
        .collect()
}

/// The files under `dir` as bucket keys, sorted.
pub fn walk(dir: &Path) -> Vec<String> {
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
