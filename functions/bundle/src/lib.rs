//! The functions' bundle: the built site's `_lookout/` folder, which holds everything the
//! deployed report functions read at run time (page shells, the questionnaire, later
//! settings), plus two lists of SHA-256 hashes in `sha256sum` format:
//!
//! - [`MANIFEST`]: every other file of the bundle, sorted by name. Its own SHA-256 is the
//!   bundle's *digest*: the stack passes it to each function as [`DIGEST_VARIABLE`], a
//!   function whose bundle hashes otherwise refuses to start, and `lookout publish` refuses a
//!   site whose digest is not the deployed one.
//! - [`SOURCES`]: the campaign files the bundle was made from, by their path in the campaign
//!   folder, so staging can refuse a campaign changed since the build. A record, not part of
//!   the bundle.
//!
//! The site writes both lists ([`Manifest::of`]), publish and the functions read them
//! ([`open`], [`check_deployed`]), and `lookout bundle stage` copies the folder for the Lambda
//! layer ([`stage`]). This crate is that contract, written once; it has no other dependency so
//! the generator and the functions can both use it.

mod error;
mod folder;
mod manifest;
mod stage;

pub use error::BundleError;
pub use folder::{Bundle, check_deployed, open};
pub use manifest::{Manifest, digest};
pub use stage::{Staged, compare, stage};

/// The bundle's folder in the built site.
pub const DIR: &str = "_lookout";
/// The manifest's name inside the bundle.
pub const MANIFEST: &str = "manifest.sha256";
/// The list of the campaign files the bundle was made from.
pub const SOURCES: &str = "sources.sha256";
/// The questionnaire's name inside the bundle (and in the campaign folder).
pub const QUESTIONNAIRE: &str = "questionnaire.yaml";
/// The function environment variable holding the digest of the bundle it must run with.
pub const DIGEST_VARIABLE: &str = "LOOKOUT_BUNDLE_SHA256";
/// The staged bundle's folder inside the layer (mounted at `/opt`, so `/opt/lookout`).
pub const LAYER_DIR: &str = "lookout";
