//! A campaign in a temporary folder for the generator's tests: a `config.yaml`, the example
//! questionnaire, and whatever files a test writes; built into a folder beside it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use lookout_site::{BuildOptions, BuildReport, SiteError, build_at};
use time::OffsetDateTime;

pub struct TempCampaign {
    dir: tempfile::TempDir,
}

impl TempCampaign {
    /// A campaign with this `config.yaml` and the example questionnaire.
    pub fn new(config: &str) -> Self {
        Self::in_dir(tempfile::tempdir().expect("temp dir"), config)
    }

    /// A campaign in memory (`/dev/shm`) where there is one: for tests that build hundreds of
    /// times, where making and deleting files on a full disk would be most of the time.
    pub fn in_memory(config: &str) -> Self {
        let dir = match Path::new("/dev/shm") {
            shm if shm.is_dir() => tempfile::tempdir_in(shm),
            _ => tempfile::tempdir(),
        };
        Self::in_dir(dir.expect("temp dir"), config)
    }

    fn in_dir(dir: tempfile::TempDir, config: &str) -> Self {
        let campaign = Self { dir };
        campaign.write("config.yaml", config);
        let questionnaire = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/campaign/questionnaire.yaml");
        fs::copy(questionnaire, campaign.root().join("questionnaire.yaml"))
            .expect("copy the questionnaire");
        campaign
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("campaign")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Writes a file of the campaign, making its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        fs::write(path, contents).expect("write");
    }

    /// Builds the campaign as `lookout build` would at `now`.
    pub fn build_at(&self, now: OffsetDateTime) -> Result<BuildReport, SiteError> {
        let options = BuildOptions {
            root: self.root(),
            out: self.out(),
            drafts: false,
            live_reload: false,
            ..BuildOptions::default()
        };
        build_at(&options, now)
    }

    pub fn read_out(&self, relative: &str) -> String {
        let path = self.out().join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}
