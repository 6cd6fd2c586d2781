//! Every input kept under `regressions/<target>/` (a crash the fuzzer once found, minimised)
//! and every seed under `corpus/<target>/` runs through its target again: a fixed crash stays
//! fixed.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut replayed = 0;
    for folder in ["regressions", "corpus"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            run(&bytes);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no seeds or regressions for {target}");
}

#[test]
fn submission_json() {
    replay("submission_json", lookout_fuzz::submission_json);
}

#[test]
fn submission_form() {
    replay("submission_form", lookout_fuzz::submission_form);
}

#[test]
fn receipt() {
    replay("receipt", lookout_fuzz::receipt);
}

#[test]
fn questionnaire_yaml() {
    replay("questionnaire_yaml", lookout_fuzz::questionnaire_yaml);
}

#[test]
fn challenge() {
    replay("challenge", lookout_fuzz::challenge);
}
