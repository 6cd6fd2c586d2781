//! The generator's tests build the test kit's temporary campaign (`lookout_testkit`) in
//! process, as `lookout build` would at a given moment.
#![allow(dead_code)]

use lookout_site::{BuildOptions, BuildReport, SiteError, build_at};
pub use lookout_testkit::{Config, TempCampaign};
use time::OffsetDateTime;

/// Building a campaign with the library.
pub trait Build {
    /// Builds the campaign as `lookout build` would at `now`.
    fn build_at(&self, now: OffsetDateTime) -> Result<BuildReport, SiteError>;
}

impl Build for TempCampaign {
    fn build_at(&self, now: OffsetDateTime) -> Result<BuildReport, SiteError> {
        let options = BuildOptions {
            root: self.root().to_path_buf(),
            out: self.out(),
            drafts: false,
            live_reload: false,
            ..BuildOptions::default()
        };
        build_at(&options, now)
    }
}
