//! Searches and filters kept in the process, behind an opaque id. The queue's form is sent by
//! POST and answered with a redirect to `/?s=ID`, so a number plate or a label searched for
//! never enters an address the browser records (history, suggestions, sync), while Back and
//! Reload still show the same list. Held in memory only, for as long as the console runs.

use std::collections::HashMap;
use std::sync::Mutex;

use super::gate::random_token;

/// Searches kept at most; past it the oldest are forgotten (their links show every report).
const KEPT: usize = 500;

/// A search: the form's fields by name.
pub type Query = HashMap<String, String>;

#[derive(Default)]
pub struct Searches {
    /// In the order made, so the oldest can go first.
    kept: Mutex<Vec<(String, Query)>>,
}

impl Searches {
    /// Keeps a search's fields (the non-empty ones, not the form's token) and returns its id.
    pub fn keep(&self, form: &Query) -> String {
        let fields: Query = form
            .iter()
            .filter(|(k, v)| k.as_str() != "csrf" && k.as_str() != "page" && !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let id = random_token()[..24].to_string();
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((id.clone(), fields));
        id
    }

    /// The fields the queue filters by for an address's `query`: a kept search's by its `s`,
    /// else the address's own filters without free text (`q` is only ever taken from a kept
    /// search, so a typed-in `?q=` address shows that it is not searched).
    pub fn resolve(&self, query: &Query) -> Query {
        match query.get("s") {
            Some(id) => {
                let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
                kept.iter()
                    .find(|(kid, _)| kid == id)
                    .map(|(_, fields)| fields.clone())
                    .unwrap_or_default()
            }
            None => query
                .iter()
                .filter(|(k, _)| k.as_str() != "q")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Query {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_search_is_found_by_its_id_and_free_text_never_by_address() {
        let searches = Searches::default();
        let id = searches.keep(&query(&[("q", "AB12 CDE"), ("csrf", "t"), ("area", "")]));
        assert!(!id.contains("AB12"));
        assert_eq!(
            searches.resolve(&query(&[("s", &id)])),
            query(&[("q", "AB12 CDE")])
        );
        assert_eq!(
            searches.resolve(&query(&[("q", "AB12 CDE"), ("area", "x")])),
            query(&[("area", "x")])
        );
        assert!(searches.resolve(&query(&[("s", "unknown")])).is_empty());
    }
}
