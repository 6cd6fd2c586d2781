//! `lookout serve`'s rebuilds: the site stays in memory between changes, and each change makes
//! a new generation of the model that shares every page it did not read again. Only the files
//! whose content can change are made again ([`affected`]), and only those whose bytes changed
//! are written; files no longer made are removed. A failed or superseded rebuild leaves the
//! last good site and generation in place and keeps its changes for the next one.
//!
//! The first build is a full one (written into a fresh folder and swapped in), and the output
//! of every later generation is, byte for byte, what a full build of the campaign as it is
//! then would write (the property test in `site/tests/incremental.rs`).

mod affected;
mod changes;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use time::OffsetDateTime;

use crate::build::{BuildOptions, BuildReport, Outputs, full_build, lock, model_options};
use crate::error::{Result, SiteError};
use crate::model::Site;
use crate::output::{OutputFile, clash_errors, in_place};
use crate::render::{self, Producer, Selection, generated_audiences};
use changes::Changes;

/// The site as last built, and the changes not yet built.
pub struct Rebuilder {
    options: BuildOptions,
    site: Site,
    outputs: Outputs,
    /// The moment the last generation was built for.
    built_for: OffsetDateTime,
    /// Changed files (relative to the campaign) not yet in a generation.
    pending: BTreeSet<PathBuf>,
    /// A rebuild failed while writing: the next one makes and compares every file.
    unsure: bool,
}

/// What a call to [`Rebuilder::rebuild`] did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing the site is made from changed.
    Unchanged,
    /// A newer change arrived before anything was written; its changes wait for the next call.
    Superseded,
    Rebuilt(Rebuilt),
}

#[derive(Debug)]
pub struct Rebuilt {
    pub pages: usize,
    /// Files made again (whether or not their bytes changed).
    pub made: usize,
    /// Files written because their bytes changed, and files removed.
    pub written: Vec<String>,
    pub removed: Vec<String>,
    /// `questionnaire.yaml` was read again.
    pub questionnaire: bool,
}

impl Rebuilt {
    /// Whether what the report API reads changed: the questionnaire or a page shell.
    pub fn api_inputs_changed(&self) -> bool {
        let shells = format!("{}/", lookout_questionnaire::shell::DIR);
        self.questionnaire
            || self
                .written
                .iter()
                .chain(&self.removed)
                .any(|p| p.starts_with(&shells))
    }
}

impl Rebuilder {
    /// A full build at `now`, kept in memory for the rebuilds that follow.
    pub fn start(options: BuildOptions, now: OffsetDateTime) -> Result<(Self, BuildReport)> {
        let (site, outputs, report) = full_build(&options, now)?;
        let rebuilder = Self {
            options,
            site,
            outputs,
            built_for: now,
            pending: BTreeSet::new(),
            unsure: false,
        };
        Ok((rebuilder, report))
    }

    /// The next moment a page enters or leaves the build by the clock (`publish_at`,
    /// `expires_at`), after the moment of the last generation.
    pub fn next_moment(&self) -> Option<OffsetDateTime> {
        if self.options.drafts {
            return None;
        }
        let after = self.built_for;
        self.site
            .campaign()
            .pages
            .iter()
            .flat_map(|p| [p.front.publish_at, p.front.expires_at])
            .flatten()
            .map(|moment| moment.0)
            .filter(|moment| *moment > after)
            .min()
    }

    /// Builds the next generation at `now` from the files at `changed` (relative to the
    /// campaign root) and any earlier changes not yet built. `superseded` is asked between
    /// stages; once it says yes, nothing is written and the changes wait for the next call.
    pub fn rebuild(
        &mut self,
        changed: impl IntoIterator<Item = PathBuf>,
        now: OffsetDateTime,
        superseded: &dyn Fn() -> bool,
    ) -> Result<Outcome> {
        self.pending.extend(changed);
        let changes = Changes::of(&self.pending);
        let clock_moved = self.next_moment().is_some_and(|moment| moment <= now);
        if changes.is_empty() && !clock_moved && !self.unsure {
            self.pending.clear();
            self.built_for = now;
            return Ok(Outcome::Unchanged);
        }
        let root = &self.options.root;
        let campaign = changes::reload(self.site.campaign(), root, &changes)?;
        if superseded() {
            return Ok(Outcome::Superseded);
        }
        let options = model_options(&self.options, now);
        let site = Site::build_after(campaign, &options, Some(&self.site))?;
        let selection = if changes.everything() || self.unsure {
            Selection::all()
        } else {
            affected::selection(&self.site, &site)
        };
        let made = Mutex::new(Vec::new());
        render::each(&site, &selection, &|producer, files| {
            lock(&made).push((producer, files));
            Ok(())
        })?;
        if superseded() {
            return Ok(Outcome::Superseded);
        }
        let made = made.into_inner().unwrap_or_else(|p| p.into_inner());
        let outputs = self.next_outputs(&site, &selection, &made)?;
        let rebuilt = self.write(&outputs, made, changes.questionnaire);
        let rebuilt = rebuilt.inspect_err(|_| self.unsure = true)?;
        self.site = site;
        self.outputs = outputs;
        self.built_for = now;
        self.pending.clear();
        self.unsure = false;
        Ok(Outcome::Rebuilt(Rebuilt {
            pages: self.site.live().len(),
            ..rebuilt
        }))
    }

    /// What each producer of `site` writes: the files just made, and the earlier ones of the
    /// producers not run again. Two files for one path are an error, as in a full build.
    fn next_outputs(
        &self,
        site: &Site,
        selection: &Selection,
        made: &[(Producer, Vec<OutputFile>)],
    ) -> Result<Outputs> {
        let pages: HashSet<&Path> = site
            .live()
            .iter()
            .map(|l| l.page.source.as_path())
            .collect();
        let audiences: HashSet<(&str, _)> = generated_audiences(site).into_iter().collect();
        // After a full remake, a producer not run again is gone (a language no longer listed).
        let earlier = self.outputs.iter().filter(|_| !selection.all);
        let mut outputs: Outputs = earlier
            .filter(|(producer, _)| match producer {
                Producer::Page(source) => pages.contains(source.as_path()),
                Producer::Audience(lang, audience) => {
                    audiences.contains(&(lang.as_str(), *audience))
                }
                _ => true,
            })
            .map(|(producer, paths)| (producer.clone(), paths.clone()))
            .collect();
        for (producer, files) in made {
            let paths = files.iter().map(|f| f.path.clone()).collect();
            outputs.insert(producer.clone(), paths);
        }
        let mut seen = HashSet::new();
        let extra = outputs
            .values()
            .flatten()
            .filter(|p| !seen.insert(p.as_str()));
        let clashes = clash_errors(&self.options.out, extra.map(String::as_str));
        SiteError::collect(clashes)?;
        Ok(outputs)
    }

    /// Removes the files no longer made, then writes the made files whose bytes changed.
    fn write(
        &self,
        outputs: &Outputs,
        made: Vec<(Producer, Vec<OutputFile>)>,
        questionnaire: bool,
    ) -> Result<Rebuilt> {
        let now_made: HashSet<&String> = outputs.values().flatten().collect();
        let mut removed: Vec<String> = self
            .outputs
            .values()
            .flatten()
            .filter(|p| !now_made.contains(p))
            .cloned()
            .collect();
        removed.sort();
        removed.dedup();
        let out = &self.options.out;
        in_place::remove(out, &removed)?;
        let files: Vec<OutputFile> = made.into_iter().flat_map(|(_, f)| f).collect();
        let mut written = in_place::update(out, &files)?;
        written.sort();
        Ok(Rebuilt {
            pages: 0,
            made: files.len(),
            written,
            removed,
            questionnaire,
        })
    }

    /// The campaign's changes not yet built, for a caller that wants to know.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }
}

impl std::fmt::Debug for Rebuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rebuilder")
            .field("root", &self.options.root)
            .field("pending", &self.pending.len())
            .finish()
    }
}
