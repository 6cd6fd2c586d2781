//! What a publish changes in the bucket: the files that are new or differ from what is there
//! (by MD5 against the listed ETag), and the objects gone from the build, less those still in use.

use std::collections::{BTreeMap, BTreeSet};

use super::local::LocalFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    New,
    Changed,
}

#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// Pages last, so no uploaded page refers to a file not yet there.
    pub uploads: Vec<(&'a LocalFile, Why)>,
    /// Objects the build no longer has.
    pub removals: Vec<String>,
    /// Objects the build no longer has that the deployed functions' page shells still use.
    pub kept: Vec<String>,
    pub unchanged: usize,
}

impl Plan<'_> {
    pub fn changes_anything(&self) -> bool {
        !self.uploads.is_empty() || !self.removals.is_empty()
    }
}

/// `remote`: every object in the bucket by key, with its ETag. `in_use`: keys that must stay
/// even when the build has no such file.
pub fn plan<'a>(
    local: &'a [LocalFile],
    remote: &BTreeMap<String, String>,
    in_use: &BTreeSet<String>,
) -> Plan<'a> {
    let mut plan = Plan::default();
    for file in local {
        match remote.get(&file.key) {
            None => plan.uploads.push((file, Why::New)),
            // A multipart upload's ETag is not an MD5 ("...-3"): never equal, so uploaded again.
            Some(etag) if etag.trim_matches('"') == file.md5 => plan.unchanged += 1,
            Some(_) => plan.uploads.push((file, Why::Changed)),
        }
    }
    plan.uploads
        .sort_by(|(a, _), (b, _)| (a.is_html(), &a.key).cmp(&(b.is_html(), &b.key)));
    let built: BTreeSet<&str> = local.iter().map(|f| f.key.as_str()).collect();
    for key in remote.keys().filter(|k| !built.contains(k.as_str())) {
        if in_use.contains(key) {
            plan.kept.push(key.clone());
        } else {
            plan.removals.push(key.clone());
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn file(key: &str, md5: &str) -> LocalFile {
        LocalFile {
            key: key.into(),
            path: PathBuf::from(key),
            md5: md5.into(),
        }
    }

    #[test]
    fn uploads_what_differs_removes_what_is_gone_keeps_what_shells_use() {
        let local = vec![
            file("index.html", "aaa"),
            file("new/index.html", "bbb"),
            file("style.1111111111111111.css", "ccc"),
            file("same.txt", "ddd"),
        ];
        let remote = BTreeMap::from([
            ("index.html".to_string(), "\"old\"".to_string()),
            ("same.txt".to_string(), "\"ddd\"".to_string()),
            ("expired/index.html".to_string(), "\"eee\"".to_string()),
            (
                "style.0000000000000000.css".to_string(),
                "\"fff\"".to_string(),
            ),
        ]);
        let in_use = BTreeSet::from(["style.0000000000000000.css".to_string()]);
        let plan = plan(&local, &remote, &in_use);
        let uploads: Vec<(&str, Why)> = plan
            .uploads
            .iter()
            .map(|(f, why)| (f.key.as_str(), *why))
            .collect();
        assert_eq!(
            uploads,
            vec![
                ("style.1111111111111111.css", Why::New),
                ("index.html", Why::Changed),
                ("new/index.html", Why::New),
            ]
        );
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.removals, vec!["expired/index.html".to_string()]);
        assert_eq!(plan.kept, vec!["style.0000000000000000.css".to_string()]);
        assert!(plan.changes_anything());
    }

    #[test]
    fn a_multipart_etag_is_never_taken_for_the_same_file() {
        let local = vec![file("big.pdf", "abc")];
        let remote = BTreeMap::from([("big.pdf".to_string(), "\"abc-2\"".to_string())]);
        let plan = plan(&local, &remote, &BTreeSet::new());
        assert_eq!(plan.uploads.len(), 1);
    }
}
