//! Making the table where no deployment template does: a local DynamoDB-compatible server for
//! `lookout serve --store dynamodb --endpoint`, the triage CLI against such a server, and tests.
//! In the cloud, infra/template.yaml makes the table; the functions never create it.

use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::create_table::CreateTableError;
use aws_sdk_dynamodb::operation::get_item::GetItemError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TableStatus, TimeToLiveSpecification, TimeToLiveStatus,
};

use super::errors::{build_error, sdk_error};
use super::items::s;
use super::keys::{Key, PK, RECEIVED_DAY, RECEIVED_DAY_INDEX, SK, TTL_ATTRIBUTE};
use crate::store::StoreError;

/// Creates the table (PAY_PER_REQUEST, keys `pk`/`sk`, the day index) if it does not exist,
/// waits until it is active and turns on TTL on `expires_at`. Safe to call on an existing
/// table. A table made before the day index existed keeps lacking it (DynamoDB Local refuses
/// writes while an index added later builds): the digest's count on it fails, naming the
/// index; make such a local table again.
pub async fn create_table(client: &Client, table: &str) -> Result<(), StoreError> {
    create(client, table).await?;
    wait_until_active(client, table).await?;
    enable_ttl(client, table).await
}

fn key(name: &str, kind: KeyType) -> Result<KeySchemaElement, StoreError> {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(kind)
        .build()
        .map_err(build_error)
}

fn attribute(name: &str) -> Result<AttributeDefinition, StoreError> {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .map_err(build_error)
}

/// What the day index keeps: the keys, and the expiry its count filters on.
fn day_projection() -> Projection {
    Projection::builder()
        .projection_type(ProjectionType::Include)
        .non_key_attributes(TTL_ATTRIBUTE)
        .build()
}

/// Whether `table` exists, found with a read of a key no report has (the triage team's role
/// may read items but not describe tables). An unreachable DynamoDB is `Unavailable`.
pub async fn table_exists(client: &Client, table: &str) -> Result<bool, StoreError> {
    let probe = Key::report("lookout-table-probe");
    let read = client
        .get_item()
        .table_name(table)
        .key(PK, s(probe.pk))
        .key(SK, s(probe.sk))
        .send()
        .await;
    match read {
        Ok(_) => Ok(true),
        Err(e)
            if matches!(
                e.as_service_error(),
                Some(GetItemError::ResourceNotFoundException(_))
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(sdk_error(&format!("reading table {table}"), e)),
    }
}

async fn create(client: &Client, table: &str) -> Result<(), StoreError> {
    let day_index = GlobalSecondaryIndex::builder()
        .index_name(RECEIVED_DAY_INDEX)
        .key_schema(key(RECEIVED_DAY, KeyType::Hash)?)
        .projection(day_projection())
        .build()
        .map_err(build_error)?;
    let created = client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attribute(PK)?)
        .attribute_definitions(attribute(SK)?)
        .attribute_definitions(attribute(RECEIVED_DAY)?)
        .key_schema(key(PK, KeyType::Hash)?)
        .key_schema(key(SK, KeyType::Range)?)
        .global_secondary_indexes(day_index)
        .send()
        .await;
    match created {
        Ok(_) => Ok(()),
        Err(e)
            if matches!(
                e.as_service_error(),
                Some(CreateTableError::ResourceInUseException(_))
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(sdk_error(&format!("creating table {table}"), e)),
    }
}

async fn wait_until_active(client: &Client, table: &str) -> Result<(), StoreError> {
    const STEP: Duration = Duration::from_millis(250);
    let mut waited = Duration::ZERO;
    loop {
        let described = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|e| sdk_error(&format!("describing table {table}"), e))?;
        let status = described.table().and_then(|t| t.table_status());
        if status == Some(&TableStatus::Active) {
            return Ok(());
        }
        if waited >= Duration::from_secs(120) {
            return Err(StoreError::Unavailable(format!(
                "table {table} did not become active (status {status:?})"
            )));
        }
        tokio::time::sleep(STEP).await;
        waited += STEP;
    }
}

async fn enable_ttl(client: &Client, table: &str) -> Result<(), StoreError> {
    let ttl = client
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(|e| sdk_error(&format!("reading the TTL setting of table {table}"), e))?;
    let enabled = ttl.time_to_live_description().is_some_and(|d| {
        d.attribute_name() == Some(TTL_ATTRIBUTE)
            && matches!(
                d.time_to_live_status(),
                Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling)
            )
    });
    if enabled {
        return Ok(());
    }
    let specification = TimeToLiveSpecification::builder()
        .enabled(true)
        .attribute_name(TTL_ATTRIBUTE)
        .build()
        .map_err(build_error)?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(specification)
        .send()
        .await
        .map_err(|e| sdk_error(&format!("turning on TTL for table {table}"), e))?;
    Ok(())
}
