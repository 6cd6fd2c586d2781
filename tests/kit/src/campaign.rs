//! One temporary campaign for every crate's tests: a folder with a `config.yaml` written from a
//! typed [`Config`], the fixture campaign's questionnaire, and whatever files a test writes. It
//! builds into `public/` inside the campaign, as `lookout build` does when run there. How it is
//! built is each suite's own: the generator's tests call the library, the cross-part tests run
//! the binary.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// The campaign the tests own (its questionnaire is every temporary campaign's).
pub fn fixture_campaign() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/campaign")
}

/// A campaign's `config.yaml`, as far as tests set it.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub base_url: String,
    pub languages: Vec<Language>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub menu: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<Audience>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Settings this type does not name (`brand:`, `check:`, ...), as YAML after the rest.
    #[serde(skip)]
    pub more: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Audience {
    pub id: String,
    pub name: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signs: Option<String>,
}

impl Config {
    /// `https://t.example` in English alone (the site's title `T`).
    pub fn english() -> Self {
        Self {
            base_url: "https://t.example".into(),
            languages: Vec::new(),
            menu: Vec::new(),
            audiences: Vec::new(),
            time_zone: None,
            more: String::new(),
        }
        .language("en", "English", "T")
    }

    pub fn base_url(mut self, url: &str) -> Self {
        self.base_url = url.into();
        self
    }

    pub fn language(mut self, code: &str, name: &str, title: &str) -> Self {
        self.languages.push(Language {
            code: code.into(),
            name: name.into(),
            title: title.into(),
        });
        self
    }

    pub fn menu(mut self, paths: &[&str]) -> Self {
        self.menu = paths.iter().map(|p| p.to_string()).collect();
        self
    }

    /// An audience with its name per language and, optionally, the `signs` group its posters
    /// list.
    pub fn audience(mut self, id: &str, names: &[(&str, &str)], signs: Option<&str>) -> Self {
        self.audiences.push(Audience {
            id: id.into(),
            name: names
                .iter()
                .map(|(lang, name)| (lang.to_string(), name.to_string()))
                .collect(),
            signs: signs.map(str::to_owned),
        });
        self
    }

    pub fn time_zone(mut self, zone: &str) -> Self {
        self.time_zone = Some(zone.into());
        self
    }

    /// More settings, as YAML (`check:\n  max_reading_grade: 8\n`).
    pub fn more(mut self, yaml: &str) -> Self {
        self.more.push_str(yaml);
        self
    }

    pub fn yaml(&self) -> String {
        let typed = serde_yaml::to_string(self)
            .unwrap_or_else(|e| panic!("config.yaml could not be written: {e}"));
        format!("{typed}{}", self.more)
    }
}

pub struct TempCampaign {
    dir: tempfile::TempDir,
}

impl TempCampaign {
    pub fn new(config: &Config) -> Self {
        Self::in_dir(tempfile::tempdir(), config)
    }

    /// A campaign in memory (`/dev/shm`) where there is one: for tests that build hundreds of
    /// times, where making and deleting files on a full disk would be most of the time.
    pub fn in_memory(config: &Config) -> Self {
        let dir = match Path::new("/dev/shm") {
            shm if shm.is_dir() => tempfile::tempdir_in(shm),
            _ => tempfile::tempdir(),
        };
        Self::in_dir(dir, config)
    }

    fn in_dir(dir: std::io::Result<tempfile::TempDir>, config: &Config) -> Self {
        let campaign = Self {
            dir: dir.unwrap_or_else(|e| panic!("a temporary folder: {e}")),
        };
        campaign.write("config.yaml", config.yaml());
        let questionnaire = fixture_campaign().join("questionnaire.yaml");
        let target = campaign.root().join("questionnaire.yaml");
        if let Err(e) = fs::copy(&questionnaire, &target) {
            panic!("copying {}: {e}", questionnaire.display());
        }
        campaign
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Where it is built: `public/`, as `lookout build` run in the campaign's folder.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file of the campaign, making its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root().join(relative);
        if let Some(parent) = path.parent()
            && let Err(e) = fs::create_dir_all(parent)
        {
            panic!("making {}: {e}", parent.display());
        }
        if let Err(e) = fs::write(&path, contents) {
            panic!("writing {}: {e}", path.display());
        }
    }

    /// A built file, as text.
    pub fn read_out(&self, relative: &str) -> String {
        let path = self.out().join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}
