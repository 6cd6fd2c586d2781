//! Which producer wrote which file of the output folder, kept between rebuilds so a rebuild
//! works out what to remove and what clashes from the producers it ran and the ones that are
//! gone, without going through every file of the site.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::build::Outputs;
use crate::error::{Result, SiteError};
use crate::output::{OutputFile, clash_errors};
use crate::render::Producer;

pub struct Ledger {
    outputs: Outputs,
    owners: HashMap<String, Producer>,
}

/// A rebuild's change to the ledger, worked out before anything is written.
pub struct Plan {
    all: bool,
    dropped: Vec<Producer>,
    made: Vec<(Producer, Vec<String>)>,
    /// Files no longer made by anyone.
    pub removed: Vec<String>,
}

impl Ledger {
    pub fn new(outputs: Outputs) -> Self {
        let owners = owners(&outputs);
        Self { outputs, owners }
    }

    /// The change after running the producers of `made` (`all`: every producer there is) and
    /// dropping the `dropped` ones. Two producers writing one path is an error naming it.
    pub fn plan(
        &self,
        out: &Path,
        all: bool,
        dropped: Vec<Producer>,
        made: &[(Producer, Vec<OutputFile>)],
    ) -> Result<Plan> {
        let made: Vec<(Producer, Vec<String>)> = made
            .iter()
            .map(|(p, files)| (p.clone(), files.iter().map(|f| f.path.clone()).collect()))
            .collect();
        let replaced: HashSet<&Producer> =
            dropped.iter().chain(made.iter().map(|(p, _)| p)).collect();
        let mut claimed = HashSet::new();
        let mut clashes = Vec::new();
        for path in made.iter().flat_map(|(_, paths)| paths) {
            let held_elsewhere = !all
                && self
                    .owners
                    .get(path)
                    .is_some_and(|owner| !replaced.contains(owner));
            if !claimed.insert(path.as_str()) || held_elsewhere {
                clashes.push(path.as_str());
            }
        }
        SiteError::collect(clash_errors(out, clashes))?;
        let released: Box<dyn Iterator<Item = &String>> = if all {
            Box::new(self.outputs.values().flatten())
        } else {
            Box::new(
                replaced
                    .iter()
                    .filter_map(|p| self.outputs.get(*p))
                    .flatten(),
            )
        };
        let mut removed: Vec<String> = released
            .filter(|path| !claimed.contains(path.as_str()))
            .cloned()
            .collect();
        removed.sort();
        removed.dedup();
        Ok(Plan {
            all,
            dropped,
            made,
            removed,
        })
    }

    pub fn apply(&mut self, plan: Plan) {
        if plan.all {
            self.outputs = plan.made.into_iter().collect();
            self.owners = owners(&self.outputs);
            return;
        }
        let gone = plan.dropped.iter().chain(plan.made.iter().map(|(p, _)| p));
        for producer in gone {
            for path in self.outputs.remove(producer).into_iter().flatten() {
                if self.owners.get(&path) == Some(producer) {
                    self.owners.remove(&path);
                }
            }
        }
        for (producer, paths) in plan.made {
            for path in &paths {
                self.owners.insert(path.clone(), producer.clone());
            }
            self.outputs.insert(producer, paths);
        }
    }
}

fn owners(outputs: &Outputs) -> HashMap<String, Producer> {
    outputs
        .iter()
        .flat_map(|(producer, paths)| paths.iter().map(move |p| (p.clone(), producer.clone())))
        .collect()
}
