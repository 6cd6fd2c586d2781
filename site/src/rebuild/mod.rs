//! `lookout serve`'s rebuilds: the site stays in memory between changes, and each change makes
//! a new generation of the model that shares every page it did not read again. Only the files
//! whose content can change are made again ([`affected`]), and only those whose bytes changed
//! are written; files no longer made are removed. A failed or superseded rebuild leaves the
//! last good site and generation in place and keeps its changes for the next one.
//!
//! The first build is a full one (written beside the output and swapped in), and the output
//! of every later generation is, byte for byte, what a full build of the campaign as it is
//! then would write (the property test in `site/tests/incremental.rs`).

mod affected;
mod changes;
mod ledger;

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;

use time::OffsetDateTime;

use crate::build::{BuildOptions, BuildReport, full_build, lock, model_options};
use crate::error::Result;
use crate::model::Site;
use crate::output::{OutputFile, in_place};
use crate::render::{self, Producer, Selection, generated_audiences};
use changes::Changes;
use ledger::Ledger;

/// The site as last built, and the changes not yet built.
pub struct Rebuilder {
    options: BuildOptions,
    site: Site,
    ledger: Ledger,
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
        let (site, outputs, report) = full_build(&options, now, true)?;
        let rebuilder = Self {
            options,
            site,
            ledger: Ledger::new(outputs),
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
        let base_url = self.options.base_url.as_deref();
        let campaign = changes::reload(
            self.site.campaign(),
            root,
            base_url,
            self.options.preview,
            &changes,
        )?;
        if superseded() {
            return Ok(Outcome::Superseded);
        }
        let options = model_options(&self.options, now);
        let site = Site::build_after(campaign, &options, Some(&self.site))?;
        let all = changes.everything() || self.unsure;
        let affected = affected::affected(&self.site, &site);
        let selection = if all {
            Selection::all()
        } else {
            affected.selection
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
        let mut dropped: Vec<Producer> = affected.gone.into_iter().map(Producer::Page).collect();
        dropped.extend(gone_audiences(&self.site, &site));
        let plan = self
            .ledger
            .plan(&self.options.out, selection.all, dropped, &made)?;
        let out = &self.options.out;
        let files: Vec<OutputFile> = made.into_iter().flat_map(|(_, files)| files).collect();
        let written =
            in_place::remove(out, &plan.removed).and_then(|()| in_place::update(out, &files));
        let mut written = written.inspect_err(|_| self.unsure = true)?;
        written.sort();
        let rebuilt = Rebuilt {
            pages: site.live().len(),
            made: files.len(),
            written,
            removed: plan.removed.clone(),
            questionnaire: changes.questionnaire,
        };
        self.ledger.apply(plan);
        self.site = site;
        self.built_for = now;
        self.pending.clear();
        self.unsure = false;
        Ok(Outcome::Rebuilt(rebuilt))
    }
}

/// The generated audience pages of `old` that `new` no longer makes (a language now has its
/// own page for the audience).
fn gone_audiences(old: &Site, new: &Site) -> Vec<Producer> {
    let pairs = |site| -> HashSet<(String, String)> {
        generated_audiences(site)
            .into_iter()
            .map(|(lang, audience)| (lang.to_string(), audience.id.clone()))
            .collect()
    };
    let now = pairs(new);
    let mut gone: Vec<_> = pairs(old)
        .into_iter()
        .filter(|pair| !now.contains(pair))
        .collect();
    gone.sort();
    gone.into_iter()
        .map(|(lang, audience)| Producer::Audience(lang, audience))
        .collect()
}

impl std::fmt::Debug for Rebuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rebuilder")
            .field("root", &self.options.root)
            .field("pending", &self.pending.len())
            .finish()
    }
}
