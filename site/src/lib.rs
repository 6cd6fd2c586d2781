//! Lookout's site generator: turns a campaign folder of Markdown into a static site.
//!
//! The pipeline, one module per stage, each depending only on the stages before it:
//! `load` (read the campaign folder) → `markup` (Markdown and shortcodes to HTML, and the facts
//! `check` reads) → `model` (the immutable site: views and page parts, live pages,
//! translations) → `render` (every file of the site, from templates) → `output` (write over
//! the site the last build replaced and swap it in, or rewrite changed files in place). `build` runs the stages; `rebuild` runs them again
//! for `lookout serve`, only where a change reaches; `check` reads the same model and files to
//! find what a reader would trip over. The dev server lives in the `lookout` command.

mod build;
pub mod check;
pub mod cms;
pub mod csp;
mod error;
mod load;
mod markup;
mod model;
mod output;
mod rebuild;
mod render;
pub mod schedule;

pub use build::{BuildOptions, BuildReport, build, build_at};
pub use error::{Location, SiteError};
pub use load::assets::EDITOR_DIR;
pub use load::audiences::Audience;
pub use load::config::{Config, Language};
pub use load::front_matter::{FrontMatter, Moment};
pub use load::page::Held;
pub use load::paths::{CampaignPaths, STATE_DIR, is_input};
pub use load::public_stats;
pub use rebuild::{Outcome, Rebuilder, Rebuilt};
pub use render::scripts::LIVE_RELOAD_SCRIPT;

/// Reads a page's front matter as the build does: its settings and where the body starts, or
/// the error naming the file, line and setting. For the fuzz target (functions/fuzz).
pub fn front_matter<'a>(
    path: &std::path::Path,
    text: &'a str,
) -> Result<(FrontMatter, &'a str), SiteError> {
    load::front_matter::split(path, text).map(|split| (split.front, split.body))
}
