//! The workflows Lookout writes (`lookout init --ci`) and ships (`infra/github/`) run no other
//! owner's Action by a tag or branch that could move: every `uses:` of one names a full commit
//! SHA (its tag in a comment), a Dependabot configuration keeps them current, and no workflow
//! grants permissions at its top level. (actionlint checks the same files in tests/run.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{lookout, repo_root, stderr};

/// Each `uses:` in `text` that is not this repository's own (`./`) and is not pinned.
fn unpinned(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim().trim_start_matches("- ").strip_prefix("uses:"))
        .map(str::trim)
        .filter(|target| !target.starts_with("./"))
        .filter(|target| {
            let sha = target
                .split_once('@')
                .map(|(_, rest)| rest.split_whitespace().next().unwrap_or(""))
                .unwrap_or("");
            let pinned = sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit());
            let tagged = target.contains(" # ");
            !(pinned && tagged)
        })
        .map(str::to_string)
        .collect()
}

fn check_workflow(path: &Path) {
    let text = fs::read_to_string(path).unwrap();
    assert_eq!(unpinned(&text), Vec::<String>::new(), "{}", path.display());
    let top = text
        .lines()
        .find(|line| line.starts_with("permissions:"))
        .unwrap_or_else(|| panic!("{}: no top-level permissions", path.display()));
    assert_eq!(top, "permissions: {}", "{}", path.display());
}

#[test]
fn the_check_finds_a_tag() {
    assert_eq!(
        unpinned("    - uses: actions/checkout@v6\n    - uses: ./.github/workflows/x.yml\n"),
        ["actions/checkout@v6"]
    );
    assert!(unpinned("- uses: a/b@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2").is_empty());
}

#[test]
fn init_ci_writes_pinned_workflows_and_a_dependabot_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new");
    let output = lookout(&["init", &root.to_string_lossy(), "--ci"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let workflows: Vec<PathBuf> = fs::read_dir(root.join(".github/workflows"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(workflows.len(), 3, "{workflows:?}");
    for workflow in &workflows {
        check_workflow(workflow);
    }
    let dependabot = fs::read_to_string(root.join(".github/dependabot.yml")).unwrap();
    assert!(
        dependabot.contains("package-ecosystem: github-actions"),
        "{dependabot}"
    );
}

#[test]
fn the_shipped_release_workflow_is_pinned() {
    let github = repo_root().join("infra/github");
    check_workflow(&github.join("release.yml"));
    let dependabot = fs::read_to_string(github.join("dependabot.yml")).unwrap();
    assert!(
        dependabot.contains("package-ecosystem: github-actions"),
        "{dependabot}"
    );
}
