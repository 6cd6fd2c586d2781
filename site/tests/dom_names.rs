//! The theme's scripts find elements by `data-*` names that Rust and the templates write. Those
//! names are declared once, in `lookout_questionnaire::dom`; this holds every script of the
//! theme to the declaration, both ways, so a name renamed on one side fails here rather than
//! silently in a reporter's browser.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use lookout_questionnaire::dom;

/// Every theme script, by name, with its text.
fn scripts() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("theme/static");
    let mut scripts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "js"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    scripts.sort();
    assert!(
        scripts.len() >= 4,
        "found only {scripts:?} in {}",
        dir.display()
    );
    scripts
}

/// The `data-*` names a script's code mentions (comments left out).
fn data_names(script: &str) -> BTreeSet<String> {
    let code: String = script
        .lines()
        .filter(|line| !line.trim_start().starts_with("//") && !line.trim_start().starts_with('*'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("data-") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(tail.len());
        names.insert(tail[..end].to_string());
        rest = &tail[end..];
    }
    names
}

/// The `data-module` values a script starts (`[data-module='name']`).
fn modules(script: &str) -> BTreeSet<String> {
    script
        .match_indices("[data-module='")
        .filter_map(|(at, marker)| {
            let tail = &script[at + marker.len()..];
            tail.find('\'').map(|end| tail[..end].to_string())
        })
        .collect()
}

#[test]
fn every_data_name_a_script_reads_is_declared() {
    let declared: BTreeSet<&str> = dom::ALL.iter().copied().collect();
    for (name, text) in scripts() {
        for used in data_names(&text) {
            assert!(
                declared.contains(used.as_str()),
                "{name} reads `{used}`, which lookout_questionnaire::dom does not declare"
            );
        }
    }
}

#[test]
fn every_declared_name_is_read_by_a_script() {
    let read: BTreeSet<String> = scripts()
        .iter()
        .flat_map(|(_, text)| data_names(text))
        .collect();
    for name in dom::ALL {
        assert!(read.contains(*name), "no theme script reads `{name}`");
    }
}

#[test]
fn the_scripts_start_exactly_the_declared_modules() {
    let started: BTreeSet<String> = scripts()
        .iter()
        .flat_map(|(_, text)| modules(text))
        .collect();
    let declared: BTreeSet<String> = dom::modules::ALL.iter().map(|m| m.to_string()).collect();
    assert_eq!(started, declared);
}

#[test]
fn the_name_reader_sees_names_and_skips_comments() {
    let script = "// data-commented\nform.getAttribute(\"data-lookout-form\");\n \
                  each(root, \"[data-module='x-y']\", f);";
    let names: Vec<String> = data_names(script).into_iter().collect();
    assert_eq!(names, ["data-lookout-form", "data-module"]);
    assert_eq!(modules(script).into_iter().collect::<Vec<_>>(), ["x-y"]);
}
