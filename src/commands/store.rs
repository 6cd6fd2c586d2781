//! Which store the triage commands read: the campaign's embedded one, or a DynamoDB table.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use lookout_functions::store::ReportStore;
use lookout_functions::store::dynamo::{self, DynamoStore};
use lookout_functions::store::embedded::EmbeddedStore;
use lookout_site::CampaignPaths;

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Kind {
    /// `<campaign>/.lookout/reports.redb`, written by `lookout serve`.
    Embedded,
    /// A DynamoDB table (credentials and region from the standard AWS chain).
    Dynamodb,
}

#[derive(clap::Args)]
pub struct StoreArgs {
    #[arg(long, value_enum, default_value = "embedded", global = true)]
    store: Kind,
    /// The DynamoDB table name.
    #[arg(long, env = "LOOKOUT_TABLE", global = true)]
    table: Option<String>,
    /// A DynamoDB-compatible endpoint, such as DynamoDB Local on 127.0.0.1 (the table is made
    /// there if it does not exist).
    #[arg(long, global = true)]
    endpoint: Option<String>,
}

/// Where `lookout serve` keeps the campaign's reports.
pub fn embedded_path(root: &Path) -> std::path::PathBuf {
    CampaignPaths::new(root).state().join("reports.redb")
}

impl StoreArgs {
    pub async fn open(&self, root: &Path) -> anyhow::Result<Arc<dyn ReportStore>> {
        match self.store {
            Kind::Embedded => {
                let path = embedded_path(root);
                let store = EmbeddedStore::open(&path)
                    .with_context(|| format!("opening {}", path.display()))?;
                Ok(Arc::new(store))
            }
            Kind::Dynamodb => {
                let table = self
                    .table
                    .clone()
                    .context("--store dynamodb needs --table NAME (or LOOKOUT_TABLE)")?;
                let client = dynamo::client(self.endpoint.as_deref()).await;
                if self.endpoint.is_some() {
                    // A local DynamoDB-compatible server starts empty; in the cloud the
                    // template makes the table.
                    if let Err(error) = dynamo::create_table(&client, &table).await {
                        eprintln!(
                            "warning: could not make table {table} at the local endpoint: {error}"
                        );
                    }
                }
                Ok(Arc::new(DynamoStore::new(client, table)))
            }
        }
    }
}
