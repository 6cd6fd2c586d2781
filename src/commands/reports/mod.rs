//! `lookout reports`: the triage team's side. Reports are opened here, with the team's
//! private key, never in the functions.

mod export;
pub mod identity;
mod show;
mod stats;

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use super::RootArg;
use super::store::StoreArgs;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    #[command(flatten)]
    store: StoreArgs,
    /// The team's age identity file; default: the campaign's local one in `.lookout/`.
    #[arg(long, global = true, value_name = "FILE")]
    identity: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make a team key pair: the identity file (keep it secret) and its public key.
    Keygen {
        /// Where to write the identity file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// List reports, oldest first.
    List,
    /// Decrypt and print one report and its follow-up thread.
    Show { id: String },
    /// Ask the reporter a question; they read it on the follow-up page with their receipt.
    Reply {
        id: String,
        #[arg(long)]
        message: String,
    },
    /// Export every report, decrypted, one row each.
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: export::Format,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Counts by every readable answer (trade, area, signs, week) and by week.
    Stats {
        /// Also write a self-contained page of charts.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// Delete reports past their retention date.
    Purge,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let Command::Keygen { out } = &args.command {
        let recipient = identity::write_new(out)?;
        println!(
            "identity written to {} (keep it secret and backed up)",
            out.display()
        );
        println!("public key: {recipient}");
        return Ok(());
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(run_with_store(args))
}

async fn run_with_store(args: Args) -> anyhow::Result<()> {
    let root = args.root.path()?;
    let store = args.store.open(&root).await?;
    let questionnaire =
        lookout_questionnaire::Questionnaire::load(&root.join("questionnaire.yaml"))?;
    let identities = || identity::load(args.identity.as_deref(), &root);
    match args.command {
        Command::Keygen { .. } => unreachable!("handled before opening the store"),
        Command::List => show::list(store.as_ref()).await,
        Command::Show { id } => {
            show::show(store.as_ref(), &questionnaire, &identities()?, &id).await
        }
        Command::Reply { id, message } => {
            show::reply(store.as_ref(), &identities()?, &id, &message).await
        }
        Command::Export { format, out } => {
            export::export(
                store.as_ref(),
                &questionnaire,
                &identities()?,
                format,
                out.as_deref(),
            )
            .await
        }
        Command::Stats { html } => {
            stats::stats(store.as_ref(), &questionnaire, html.as_deref()).await
        }
        Command::Purge => {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let purged = store.purge_expired(now).await?;
            println!("purged {purged} expired reports");
            Ok(())
        }
    }
}
