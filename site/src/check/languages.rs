//! What each language still needs, for the team and its translators: translation stubs
//! (`translation: needed`), translations older than their original, text marked as not yet
//! reviewed by a native speaker (pages and interface strings), and interface strings, form
//! text and audience names shown in another language because this one has none. `check`
//! reports it as warnings; `lookout check --translations FILE` hands it to translators
//! (see `handoff`).

use std::path::Path;

use lookout_questionnaire::{Questionnaire, Translated};
use time::Date;

use super::needs::{LanguageNeeds, Missing, Outdated};
use super::report::{Finding, Severity};
use crate::load::Campaign;
use crate::load::front_matter::Translation;
use crate::load::page::Page;
use crate::load::strings::FALLBACK;

/// What every language of the campaign needs, in config order.
pub fn needs(campaign: &Campaign, questionnaire_path: &Path) -> Vec<LanguageNeeds> {
    let config = &campaign.config;
    let default = config.default_language().code.as_str();
    let form_lines = std::fs::read_to_string(questionnaire_path).unwrap_or_default();
    let locator = lookout_questionnaire::yaml::Locator::new(&form_lines);
    config
        .languages
        .iter()
        .map(|language| {
            let lang = language.code.as_str();
            let notes = &campaign.string_notes[lang];
            let mut needs = LanguageNeeds {
                code: lang.to_string(),
                name: language.name.clone(),
                strings_file: notes.own_file.clone(),
                ..LanguageNeeds::default()
            };
            pages(campaign, lang, default, &mut needs);
            for (key, file, line) in &notes.unreviewed {
                needs
                    .unreviewed
                    .push((file.clone(), *line, format!("interface string `{key}`")));
            }
            if lang != FALLBACK {
                let strings = campaign.strings(lang);
                needs.strings = strings
                    .iter()
                    .filter(|(key, _)| !notes.given.contains(*key))
                    .map(|(key, text)| Missing {
                        key: key.clone(),
                        file: notes.own_file.clone(),
                        line: None,
                        shown: text.clone(),
                    })
                    .collect();
            }
            let q = &campaign.questionnaire;
            if lang != q.default_language {
                needs.form = form_texts(q)
                    .into_iter()
                    .filter(|(_, text)| !text.has(lang))
                    .map(|(key, text)| Missing {
                        line: locator.line_of(&key),
                        file: questionnaire_path.to_path_buf(),
                        shown: text.get(lang, &q.default_language).to_string(),
                        key,
                    })
                    .collect();
            }
            if lang != default {
                let source = &campaign.config_yaml;
                for (i, audience) in config.audiences.iter().enumerate() {
                    if !audience.name.has(lang) {
                        let key = format!("audiences[{i}].name");
                        needs.audience_names.push(Missing {
                            line: source.line_of(&key),
                            file: source.path().to_path_buf(),
                            shown: config.audience_name(audience, lang).to_string(),
                            key,
                        });
                    }
                }
            }
            needs
        })
        .collect()
}

/// Stubs, outdated translations and unreviewed pages in `lang`.
fn pages(campaign: &Campaign, lang: &str, default: &str, needs: &mut LanguageNeeds) {
    for page in campaign.pages.iter().filter(|p| p.lang == lang) {
        let original = campaign
            .pages
            .iter()
            .find(|p| p.key == page.key && p.lang == default && p.lang != lang);
        match page.front.translation {
            Some(Translation::Needed) => {
                let from = original.map_or_else(|| page.source.clone(), |o| o.source.clone());
                needs.stubs.push((page.source.clone(), from));
                continue;
            }
            Some(Translation::Unreviewed) => needs.unreviewed.push((
                page.source.clone(),
                page.front_yaml.line_of("translation"),
                "page".to_string(),
            )),
            None => {}
        }
        if let Some(original) = original
            && let Some((original_changed, translation_changed)) = changed_days(original, page)
            && translation_changed < original_changed
        {
            needs.outdated.push(Outdated {
                translation: page.source.clone(),
                original: original.source.clone(),
                original_changed,
                translation_changed,
            });
        }
    }
}

/// The days the original and its translation last changed, compared like with like: their
/// `updated` (or `date`) when both have one, their files' dates when neither has; `None`
/// when only one says (a file's date after a checkout says nothing about its words).
fn changed_days(original: &Page, translation: &Page) -> Option<(Date, Date)> {
    let stamp = |p: &Page| p.front.updated.or(p.front.date).map(|m| m.0.date());
    let file_day = |p: &Page| {
        let modified = std::fs::metadata(&p.source).ok()?.modified().ok()?;
        Some(time::OffsetDateTime::from(modified).date())
    };
    match (stamp(original), stamp(translation)) {
        (Some(a), Some(b)) => Some((a, b)),
        (None, None) => Some((file_day(original)?, file_day(translation)?)),
        _ => None,
    }
}

/// Every translatable text of the questionnaire with its key path.
fn form_texts(q: &Questionnaire) -> Vec<(String, &Translated)> {
    let mut texts = Vec::new();
    for (i, question) in q.questions.iter().enumerate() {
        texts.push((format!("questions[{i}].label"), &question.label));
        if let Some(hint) = &question.hint {
            texts.push((format!("questions[{i}].hint"), hint));
        }
        for (j, option) in question.options.iter().enumerate() {
            texts.push((format!("questions[{i}].options[{j}].label"), &option.label));
        }
    }
    for (key, text) in q.text.entries() {
        texts.push((format!("text.{key}"), text));
    }
    texts
}

/// The warnings `check` prints for what a language needs.
pub fn findings(needs: &LanguageNeeds, out: &mut Vec<Finding>) {
    let language = format!("{} ({})", needs.name, needs.code);
    let warn = |path: &Path, line: Option<usize>, message: String| {
        Finding::new(Severity::Warning, path, line, message)
    };
    for (stub, original) in &needs.stubs {
        out.push(warn(
            stub,
            Some(1),
            format!(
                "not translated yet (translation: needed), so it is left out of the site: translate {} into {language}, then delete that line",
                original.display()
            ),
        ));
    }
    for outdated in &needs.outdated {
        out.push(warn(
            &outdated.translation,
            Some(1),
            format!(
                "older than its original {} (changed {}, this translation {}): bring it up to date, then set its `updated:`",
                outdated.original.display(),
                outdated.original_changed,
                outdated.translation_changed
            ),
        ));
    }
    for (file, line, what) in &needs.unreviewed {
        out.push(warn(
            file,
            *line,
            format!("{what} marked translation: unreviewed: not yet reviewed by a native speaker of {language}"),
        ));
    }
    for (missing, what, fix) in [
        (&needs.strings, "interface string", "add them to"),
        (&needs.form, "form text", "add this language to each in"),
        (
            &needs.audience_names,
            "audience name",
            "add this language to each in",
        ),
    ] {
        let Some(first) = missing.first() else {
            continue;
        };
        out.push(warn(
            &first.file,
            first.line,
            format!(
                "{language} has no text for {} {what}{} ({}), shown in another language for now: {fix} {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                summary(missing),
                first.file.display()
            ),
        ));
    }
}

/// The first few keys of a list, and how many more.
fn summary(missing: &[Missing]) -> String {
    const SHOWN: usize = 5;
    let keys: Vec<&str> = missing.iter().take(SHOWN).map(|m| m.key.as_str()).collect();
    let more = missing.len().saturating_sub(SHOWN);
    if more > 0 {
        format!("{} and {more} more", keys.join(", "))
    } else {
        keys.join(", ")
    }
}
