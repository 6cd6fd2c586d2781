//! The site bucket: what is in it (with ETags), uploads with their headers, removals.

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use aws_sdk_s3::Client;
use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use tokio::task::JoinSet;

use super::local::{self, LocalFile};

/// Uploads in flight at once: enough to hide each request's latency, few enough for a phone
/// hotspot.
const PARALLEL: usize = 8;
/// DeleteObjects takes at most this many keys a call.
const DELETE_BATCH: usize = 1000;

/// Every object in the bucket by key, with its ETag.
pub async fn list(s3: &Client, bucket: &str) -> anyhow::Result<BTreeMap<String, String>> {
    list_under(s3, bucket, "").await
}

/// Every object whose key starts with `prefix`, by key, with its ETag.
pub async fn list_under(
    s3: &Client,
    bucket: &str,
    prefix: &str,
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut objects = BTreeMap::new();
    let request = s3.list_objects_v2().bucket(bucket);
    let request = if prefix.is_empty() {
        request
    } else {
        request.prefix(prefix)
    };
    let mut pages = request.into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page
            .map_err(|e| anyhow::anyhow!("{}", DisplayErrorContext(&e)))
            .with_context(|| format!("listing the bucket {bucket}"))?;
        for object in page.contents() {
            if let Some(key) = object.key() {
                objects.insert(
                    key.to_string(),
                    object.e_tag().unwrap_or_default().to_string(),
                );
            }
        }
    }
    Ok(objects)
}

/// An object's text, or none when there is no such object.
pub async fn read_text(s3: &Client, bucket: &str, key: &str) -> anyhow::Result<Option<String>> {
    match s3.get_object().bucket(bucket).key(key).send().await {
        Ok(object) => {
            let bytes = object
                .body
                .collect()
                .await
                .with_context(|| format!("reading s3://{bucket}/{key}"))?
                .into_bytes();
            Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
        }
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
        Err(e) => Err(anyhow::anyhow!("{}", DisplayErrorContext(&e)))
            .with_context(|| format!("reading s3://{bucket}/{key}")),
    }
}

/// Uploads `files` in order, a few at a time, each with its type and cache lifetime. Files
/// before a page are all in place before the first page goes up.
pub async fn upload(s3: &Client, bucket: &str, files: &[&LocalFile]) -> anyhow::Result<()> {
    let (assets, pages): (Vec<&LocalFile>, Vec<&LocalFile>) =
        files.iter().partition(|f| !f.is_html());
    for group in [assets, pages] {
        for chunk in group.chunks(PARALLEL) {
            let mut running = JoinSet::new();
            for file in chunk {
                running.spawn(put(s3.clone(), bucket.to_string(), (*file).clone()));
            }
            while let Some(done) = running.join_next().await {
                done.context("an upload stopped")??;
            }
        }
    }
    Ok(())
}

async fn put(s3: Client, bucket: String, file: LocalFile) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(&file.path).with_context(|| format!("reading {}", file.path.display()))?;
    s3.put_object()
        .bucket(&bucket)
        .key(&file.key)
        .body(ByteStream::from(bytes))
        .content_type(local::content_type(&file.key))
        .cache_control(local::cache_control(&file.key))
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{}", DisplayErrorContext(&e)))
        .with_context(|| {
            format!(
                "uploading {} to s3://{bucket}/{}",
                file.path.display(),
                file.key
            )
        })?;
    Ok(())
}

pub async fn remove(s3: &Client, bucket: &str, keys: &[String]) -> anyhow::Result<()> {
    for batch in keys.chunks(DELETE_BATCH) {
        let objects = batch
            .iter()
            .map(|key| ObjectIdentifier::builder().key(key).build())
            .collect::<Result<Vec<_>, _>>()?;
        let delete = Delete::builder()
            .set_objects(Some(objects))
            .quiet(true)
            .build()?;
        let answer = s3
            .delete_objects()
            .bucket(bucket)
            .delete(delete)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("{}", DisplayErrorContext(&e)))
            .with_context(|| format!("removing files from the bucket {bucket}"))?;
        if let Some(failed) = answer.errors().first() {
            bail!(
                "could not remove s3://{bucket}/{}: {}",
                failed.key().unwrap_or("?"),
                failed.message().unwrap_or("no reason given")
            );
        }
    }
    Ok(())
}
