//! Helpers shared by the cross-part tests: temporary campaigns and running the `lookout` binary.
#![allow(dead_code)]

pub mod outage;
pub mod serve;
pub mod server;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod reports;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The campaign the tests own (tests/fixtures/campaign): a copy of the product's example as it
/// was, so that editing the example in content/ never breaks a test of something else.
pub fn fixture_campaign() -> PathBuf {
    repo_root().join("tests/fixtures/campaign")
}

/// The product's own example campaign, for the tests that are about it (it builds, it checks
/// clean).
pub fn product_example() -> PathBuf {
    repo_root().join("content")
}

pub fn lookout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(args)
        .output()
        .expect("the lookout binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A small campaign in a temporary folder: English and Polish, the fixture's questionnaire.
pub struct TempCampaign {
    pub dir: tempfile::TempDir,
}

impl TempCampaign {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let campaign = Self { dir };
        campaign.write(
            "config.yaml",
            "base_url: https://test.example\nlanguages:\n  - {code: en, name: English, title: Test}\n  - {code: pl, name: Polski, title: Test PL}\n  - {code: ur, name: اردو, title: Test UR}\nmenu: [/, /about/]\naudiences:\n  - id: taxi-drivers\n    name: {en: Taxi drivers, pl: Taksówkarze}\n    signs: taxi-driver\n  - id: hoteliers\n    name: {en: Hotels, pl: Hotele, ur: ہوٹل}\n",
        );
        fs::copy(
            fixture_campaign().join("questionnaire.yaml"),
            campaign.root().join("questionnaire.yaml"),
        )
        .expect("copy questionnaire");
        campaign.write(
            "pages/_index.md",
            "---\ntitle: Home\n---\nWelcome. {{ report_button() }}\n",
        );
        campaign.write("pages/about.md", "---\ntitle: About\ndescription: About us\naudiences: [taxi-drivers]\ndate: 2026-01-02\n---\n# About\n\nText.\n");
        campaign.write(
            "pages/about.pl.md",
            "---\ntitle: O nas\naudiences: [taxi-drivers]\n---\nTekst.\n",
        );
        campaign.write(
            "pages/report.md",
            "---\ntitle: Report\nform: report\n---\nTell us.\n",
        );
        campaign
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    pub fn build(&self) -> Output {
        let root = self.root().to_string_lossy().into_owned();
        let out = self.out().to_string_lossy().into_owned();
        lookout(&["build", "--root", &root, "--out", &out])
    }

    pub fn read_out(&self, relative: &str) -> String {
        let path = self.out().join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}
