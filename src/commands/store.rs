//! Which store the triage commands (`lookout reports`, `lookout triage`) read: the campaign's
//! embedded one, or a DynamoDB table. `--table` (or `LOOKOUT_TABLE`) means DynamoDB. A store
//! that does not exist is an error naming what was looked for, never made empty on the spot
//! (an empty store would say "0 reports" about a table that is only misnamed); a local
//! DynamoDB-compatible server named with `--endpoint` may still get its table made.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use lookout_functions::store::ReportStore;
use lookout_functions::store::cases::CaseStore;
use lookout_functions::store::dynamo::{self, DynamoStore};
use lookout_functions::store::embedded::EmbeddedStore;
use lookout_questionnaire::Questionnaire;
use lookout_site::CampaignPaths;

use super::out::note;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `<campaign>/.lookout/reports.redb`, written by `lookout serve`.
    Embedded,
    /// A DynamoDB table (credentials and region from the standard AWS chain, SSO included).
    Dynamodb,
}

#[derive(clap::Args, Clone, Debug)]
pub struct StoreArgs {
    /// Where reports are: `embedded` (the campaign's local store) unless a table is named.
    #[arg(long, value_enum, global = true)]
    store: Option<Kind>,
    /// The DynamoDB table name; naming one means DynamoDB.
    #[arg(long, env = "LOOKOUT_TABLE", global = true)]
    table: Option<String>,
    /// A DynamoDB-compatible endpoint, such as DynamoDB Local on 127.0.0.1 (the table is made
    /// there if it does not exist).
    #[arg(long, global = true, value_name = "URL")]
    endpoint: Option<String>,
}

/// The questionnaire the reports were written with, for an analyst without the campaign.
#[derive(clap::Args, Clone, Debug)]
pub struct QuestionnaireArg {
    /// The questionnaire file; default: the campaign's `questionnaire.yaml`. The map's
    /// `areas.geojson` is looked for beside it.
    #[arg(long, global = true, value_name = "FILE")]
    questionnaire: Option<PathBuf>,
}

impl QuestionnaireArg {
    pub fn path(&self, root: &Path) -> PathBuf {
        self.questionnaire
            .clone()
            .unwrap_or_else(|| CampaignPaths::new(root).questionnaire())
    }

    pub fn load(&self, root: &Path) -> anyhow::Result<Questionnaire> {
        let path = self.path(root);
        Questionnaire::load(&path).with_context(|| {
            format!(
                "reading the questionnaire {} (give another with --questionnaire FILE)",
                path.display()
            )
        })
    }

    /// The campaign's `areas.geojson`, beside the questionnaire.
    pub fn areas_path(&self, root: &Path) -> PathBuf {
        let questionnaire = self.path(root);
        questionnaire
            .parent()
            .unwrap_or(Path::new("."))
            .join("areas.geojson")
    }
}

/// Where `lookout serve` keeps the campaign's reports.
pub fn embedded_path(root: &Path) -> PathBuf {
    CampaignPaths::new(root).state().join("reports.redb")
}

impl StoreArgs {
    fn kind(&self) -> anyhow::Result<Kind> {
        match (self.store, &self.table) {
            (Some(Kind::Embedded), Some(table)) => bail!(
                "--store embedded and a table ({table}, from --table or LOOKOUT_TABLE) contradict \
                 each other: drop one"
            ),
            (Some(kind), _) => Ok(kind),
            (None, Some(_)) => Ok(Kind::Dynamodb),
            (None, None) => Ok(Kind::Embedded),
        }
    }

    /// The store `lookout serve` takes reports into: the campaign's embedded one (made if it
    /// does not exist yet), or DynamoDB only when `--store dynamodb` says so, so that a
    /// `LOOKOUT_TABLE` left in the shell never sends a preview's reports to the cloud.
    pub async fn open_for_serve(&self, root: &Path) -> anyhow::Result<Arc<dyn ReportStore>> {
        if self.store == Some(Kind::Dynamodb) {
            return Ok(Arc::new(self.dynamodb(false).await?));
        }
        let path = embedded_path(root);
        let store =
            EmbeddedStore::open(&path).with_context(|| format!("opening {}", path.display()))?;
        Ok(Arc::new(store))
    }

    /// Opens the store, which must exist.
    pub async fn open(&self, root: &Path) -> anyhow::Result<Arc<dyn CaseStore>> {
        match self.kind()? {
            Kind::Embedded => {
                let path = embedded_path(root);
                if !path.is_file() {
                    bail!(
                        "no report store at {}: `lookout serve --root {}` makes it when it takes \
                         the first report; for the deployed stack give --table NAME (or set \
                         LOOKOUT_TABLE)",
                        path.display(),
                        root.display()
                    );
                }
                let store = EmbeddedStore::open(&path)
                    .with_context(|| format!("opening {}", path.display()))?;
                Ok(Arc::new(store))
            }
            Kind::Dynamodb => Ok(Arc::new(self.dynamodb(true).await?)),
        }
    }

    /// The table, checked (`strict`: a table that cannot be reached or made is an error;
    /// otherwise, for `lookout serve`, a warning, and each report then gets "not saved").
    async fn dynamodb(&self, strict: bool) -> anyhow::Result<DynamoStore> {
        let table = self
            .table
            .clone()
            .context("--store dynamodb needs --table NAME (or LOOKOUT_TABLE)")?;
        let sdk = super::aws::config(self.endpoint.as_deref()).await?;
        let client = dynamo::Client::new(&sdk);
        let region = sdk.region().map(ToString::to_string).unwrap_or_default();
        let where_ = match &self.endpoint {
            Some(endpoint) => format!("at {endpoint}"),
            None => format!("in region {region}"),
        };
        if self.endpoint.is_some() {
            // A local server starts empty; in the cloud the template makes the table.
            let made = dynamo::create_table(&client, &table).await;
            match made {
                Err(error) if !strict => {
                    note!("warning: could not make table {table} {where_}: {error}")
                }
                made => made.with_context(|| format!("making table {table} {where_}"))?,
            }
        } else {
            match dynamo::table_exists(&client, &table).await {
                Ok(true) => {}
                Ok(false) => bail!(
                    "there is no DynamoDB table {table} {where_} (check --table or LOOKOUT_TABLE \
                     against the stack's ReportsTableName output, and the region of your AWS \
                     profile)"
                ),
                Err(error) if !strict => {
                    note!("warning: could not reach table {table} {where_}: {error}")
                }
                Err(error) => {
                    return Err(anyhow::Error::new(error)
                        .context(format!("reaching DynamoDB table {table} {where_}")));
                }
            }
        }
        Ok(DynamoStore::new(client, table))
    }
}
