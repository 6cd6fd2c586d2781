//! The hand-off list for translators (`lookout check --translations FILE`): Markdown, one
//! part per language, each item with the file to open and the text to translate, so it can be
//! sent by e-mail or pasted into an issue and read without Lookout.

use std::fmt::Write as _;

use super::needs::{LanguageNeeds, Missing};

pub fn markdown(site_title: &str, needs: &[LanguageNeeds]) -> String {
    let mut out = format!("# Translations needed: {site_title}\n");
    let waiting: Vec<&LanguageNeeds> = needs.iter().filter(|n| !n.is_empty()).collect();
    if waiting.is_empty() {
        out.push_str("\nNothing is waiting for a translator.\n");
        return out;
    }
    for language in waiting {
        let _ = write!(out, "\n## {} ({})\n", language.name, language.code);
        if !language.stubs.is_empty() {
            out.push_str("\n### Pages to translate\n\nTranslate the original into the stub, then delete its line `translation: needed`.\n\n");
            for (stub, original) in &language.stubs {
                let _ = writeln!(
                    out,
                    "- [ ] `{}` (from `{}`)",
                    stub.display(),
                    original.display()
                );
            }
        }
        if !language.outdated.is_empty() {
            out.push_str("\n### Pages to bring up to date\n\n");
            for o in &language.outdated {
                let _ = writeln!(
                    out,
                    "- [ ] `{}`: the original `{}` changed on {}, this translation on {}",
                    o.translation.display(),
                    o.original.display(),
                    o.original_changed,
                    o.translation_changed
                );
            }
        }
        if !language.unreviewed.is_empty() {
            out.push_str("\n### To review by a native speaker\n\nWhen it reads well, delete its mark `translation: unreviewed`.\n\n");
            for (file, line, what) in &language.unreviewed {
                let at = line.map(|l| format!(":{l}")).unwrap_or_default();
                let _ = writeln!(out, "- [ ] {what} in `{}{at}`", file.display());
            }
        }
        texts(
            &mut out,
            "Interface strings",
            &language.strings,
            &language.strings_file,
        );
        if let Some(first) = language.form.first() {
            texts(&mut out, "Report form", &language.form, &first.file);
        }
        if let Some(first) = language.audience_names.first() {
            texts(
                &mut out,
                "Audience names",
                &language.audience_names,
                &first.file,
            );
        }
    }
    out
}

fn texts(out: &mut String, heading: &str, missing: &[Missing], file: &std::path::Path) {
    if missing.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n### {heading}\n\nShown in another language for now; the translations go in `{}`.\n\n| key | text now |\n| --- | --- |\n",
        file.display()
    );
    for m in missing {
        let _ = writeln!(
            out,
            "| `{}` | {} |",
            m.key,
            m.shown.replace('|', "\\|").replace('\n', " ")
        );
    }
}
