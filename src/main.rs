//! `lookout`: build, preview, check and publish a campaign site; triage its reports.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

#[derive(Parser)]
#[command(
    name = "lookout",
    version,
    about = "Public-awareness campaign sites with anonymous reporting"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the campaign into a static site.
    Build(commands::build::Args),
    /// Build, serve on 127.0.0.1 with live reload, and run the report API on a local store.
    Serve(commands::serve::Args),
    /// Make a new, working campaign folder.
    Init(commands::init::Args),
    /// Start a page (or a section, ending the path with /), with stubs for its translations.
    New(commands::new::Args),
    Check(commands::check::Args),
    /// Check, build and upload the site to its bucket, then invalidate CloudFront.
    Publish(commands::publish::Args),
    /// The functions' bundle for deployment: stage it for the Lambda layer, or compare.
    Bundle(commands::bundle::Args),
    /// Triage reports with the team's private key: list, show, reply, export, stats, profile.
    Reports(commands::reports::Args),
    /// The triage console: a local web page for the team, on 127.0.0.1 only.
    Triage(commands::triage::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => commands::build::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::New(args) => commands::new::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Publish(args) => commands::publish::run(args),
        Command::Bundle(args) => commands::bundle::run(args),
        Command::Reports(args) => commands::reports::run(args),
        Command::Triage(args) => commands::triage::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            commands::out::note!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
