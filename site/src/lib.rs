//! Lookout's site generator: turns a campaign folder of Markdown into a static site.
//!
//! The pipeline is `campaign` (load config, pages, questionnaire, theme) → `render` (Markdown,
//! shortcodes, templates, listings, feeds, sitemap, posters, search index) → `output` (write
//! into a fresh folder and swap it in). The dev server lives in the `lookout` command.

mod assets;
pub mod build;
pub mod campaign;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
mod forms;
pub mod output;
mod posters;
pub mod public_stats;
pub mod render;
mod search;
pub mod theme;
pub mod views;

pub use build::{BuildOptions, BuildReport, build, build_at};
pub use error::SiteError;
