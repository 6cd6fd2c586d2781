//! One module per `lookout` command; each parses its arguments and calls the libraries.

pub mod build;
pub mod check;
mod ci;
mod cms;
pub mod init;
pub mod publish;
pub mod reports;
pub mod serve;
pub mod store;

use std::path::PathBuf;

/// The campaign folder option every command takes.
#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// The campaign folder (holding config.yaml and pages/).
    #[arg(long, default_value = "content", value_name = "DIR")]
    pub root: PathBuf,
}
