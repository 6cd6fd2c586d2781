//! Helpers shared by the cross-part tests: temporary campaigns and running the `lookout` binary.
#![allow(dead_code)]

pub mod outage;
pub mod serve;
pub mod server;

use std::path::PathBuf;
use std::process::{Command, Output};

pub mod reports;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub use lookout_testkit::{Config, TempCampaign, fixture_campaign};

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

/// The standard test campaign: English, Polish and Urdu, a menu, two audiences, the
/// fixture's questionnaire, a home page, an about page (and its Polish) and the report page.
pub fn standard_campaign() -> TempCampaign {
    let config = Config::english()
        .base_url("https://test.example")
        .language("pl", "Polski", "Test PL")
        .language("ur", "اردو", "Test UR")
        .menu(&["/", "/about/"])
        .audience(
            "taxi-drivers",
            &[("en", "Taxi drivers"), ("pl", "Taksówkarze")],
            Some("taxi-driver"),
        )
        .audience(
            "hoteliers",
            &[("en", "Hotels"), ("pl", "Hotele"), ("ur", "ہوٹل")],
            None,
        );
    let mut config = config;
    config.languages[0].title = "Test".into();
    let campaign = TempCampaign::new(&config);
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

/// Building a campaign as a person does: the `lookout` binary.
pub trait Build {
    fn build(&self) -> Output;
}

impl Build for TempCampaign {
    fn build(&self) -> Output {
        let root = self.root().to_string_lossy().into_owned();
        let out = self.out().to_string_lossy().into_owned();
        lookout(&["build", "--root", &root, "--out", &out])
    }
}

/// The value of the hidden form field `name` in a page (`<input ... name="csrf" value="...">`).
pub fn hidden_value(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no field {name} in:\n{html}"))
        .to_string()
}
