//! `lookout reports`: the triage team's side. Reports are opened here, with the team's
//! private key, never in the functions.

mod dictionary;
pub mod export;
mod keys;
mod profile;
mod public_stats;
mod purge;
mod shareable;
pub mod show;
mod stats;

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use super::RootArg;
use super::out::say;
use super::store::{QuestionnaireArg, StoreArgs};
use lookout::casework::identity::IdentityArgs;
use lookout::casework::{Desk, evidence, identity, junk};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub root: RootArg,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub questionnaire: QuestionnaireArg,
    #[command(flatten)]
    pub identity: IdentityArgs,
    #[command(flatten)]
    pub team: TeamArg,
    #[command(subcommand)]
    command: Command,
}

/// The team's public keys, so that notes and replies are sealed to every member.
#[derive(clap::Args, Clone, Debug)]
pub struct TeamArg {
    /// The team's age public keys (age1...), comma separated, beside your own.
    #[arg(
        long,
        env = "LOOKOUT_TEAM_RECIPIENTS",
        value_delimiter = ',',
        global = true,
        value_name = "KEYS"
    )]
    pub team_recipients: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Make a team key pair: the identity file (keep it secret) and its public key.
    Keygen {
        /// Where to write the identity file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Protect the identity file with a passphrase (asked at the terminal, or read from
        /// --passphrase-fd).
        #[arg(long)]
        passphrase: bool,
    },
    /// List reports, oldest first, with their status and labels.
    List,
    /// Decrypt and print one report, its follow-up thread and its case history.
    Show { id: String },
    /// Ask the reporter a question; they read it on the follow-up page with their receipt.
    /// The text comes from --message, else standard input, else $EDITOR.
    Reply {
        id: String,
        #[arg(long)]
        message: Option<String>,
    },
    /// Export reports, one row each (see ARCHITECTURE.md for the columns).
    Export(export::ExportArgs),
    /// Write one report's evidence file (everything about it, decrypted), record its SHA-256.
    Evidence {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Counts by every readable answer (trade, area, signs, week) and by week.
    Stats {
        /// Also write a self-contained page of charts.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
    /// The problem profile: a printable document with small counts suppressed.
    Profile(profile::ProfileArgs),
    /// Write the public statistics file that the `public_stats` shortcode shows.
    PublicStats(public_stats::PublicStatsArgs),
    /// The keys the deployed functions seal reports to, and any the team does not hold.
    Keys(keys::KeysArgs),
    /// Delete reports past their retention date; with --unverified, --repeats or --junk, likely
    /// junk (not reports on hold), after showing their count and a sample.
    Purge {
        /// Reports sent without a solved challenge.
        #[arg(long)]
        unverified: bool,
        /// Reports with the same answers as an earlier one (the earliest is kept).
        #[arg(long)]
        repeats: bool,
        /// Both: every likely junk report.
        #[arg(long)]
        junk: bool,
        /// Confirm deleting them by the count shown (without a terminal).
        #[arg(long, value_name = "COUNT")]
        confirm: Option<usize>,
    },
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let Command::Keygen { out, passphrase } = &args.command {
        let secret = passphrase
            .then(|| args.identity.new_passphrase())
            .transpose()?;
        let protected = secret.is_some();
        let recipient = identity::write_new(out, secret)?;
        say!(
            "identity written to {}{} (keep it secret and backed up)",
            out.display(),
            if protected {
                ", protected by your passphrase"
            } else {
                ""
            }
        );
        say!("public key: {recipient}");
        return Ok(());
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(run_with_store(args))
}

async fn run_with_store(args: Args) -> anyhow::Result<()> {
    let root = args.root.path_or_here();
    if let Command::Keys(keys_args) = &args.command {
        return keys::keys(keys_args, &args, &root).await;
    }
    let store = args.store.open(&root).await?;
    let questionnaire = args.questionnaire.load(&root)?;
    let desk = || -> anyhow::Result<Desk> {
        Desk::new(
            store.clone(),
            questionnaire.clone(),
            args.identity.load(&root)?,
            &args.team.team_recipients,
        )
    };
    match &args.command {
        Command::Keygen { .. } | Command::Keys(_) => unreachable!("handled before"),
        Command::List => show::list(store.as_ref()).await,
        Command::Show { id } => show::show(&desk()?, id).await,
        Command::Reply { id, message } => show::reply(&desk()?, id, message.clone()).await,
        Command::Export(export_args) => export::export(&desk()?, export_args).await,
        Command::Evidence { id, out } => {
            let sha256 = evidence::write(&desk()?, id, out).await?;
            say!(
                "evidence file for report {id} written to {} on {}\nSHA-256 {sha256} (recorded on the report)",
                out.display(),
                lookout::casework::today()
            );
            Ok(())
        }
        Command::Stats { html } => {
            stats::stats(store.as_ref(), &questionnaire, html.as_deref()).await
        }
        Command::Profile(profile_args) => {
            profile::profile(
                store.as_ref(),
                &questionnaire,
                &args.questionnaire.areas_path(&root),
                profile_args,
            )
            .await
        }
        Command::PublicStats(ps) => public_stats::run(store.as_ref(), &questionnaire, ps).await,
        Command::Purge {
            unverified,
            repeats,
            junk,
            confirm,
        } => {
            let filter = junk::Filter {
                unverified: *unverified || *junk,
                repeats: *repeats || *junk,
            };
            match (filter.is_empty(), confirm) {
                (true, None) => purge::expired(store.as_ref()).await,
                (true, Some(_)) => anyhow::bail!(
                    "--confirm goes with --unverified, --repeats or --junk; nothing was deleted"
                ),
                (false, _) => purge::junk(store.as_ref(), filter, *confirm).await,
            }
        }
    }
}
