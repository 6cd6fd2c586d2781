//! Radios and checkboxes, GOV.UK-sized (44 px hit areas, see the theme). A question whose
//! options are `grouped_by` another is shown in one fieldset per group; each option of the
//! grouping question names its group in `data-aria-controls`, so the page script can reveal
//! that trade's signs first (GOV.UK's conditional reveal). Without JavaScript every group is
//! shown, as rendered here.

use std::fmt::Write as _;

use super::renderer::Renderer;
use crate::dom::{ARIA_CONTROLS, GROUP, GROUPED_BY, MODULE, OTHER_GROUPS, modules};
use crate::html::escape;
use crate::{Choice, Question, QuestionKind, Questionnaire};

/// For a grouped question: (group option or `None` for anyone, its options), non-empty only.
pub(super) fn groups<'q>(
    q: &'q Questionnaire,
    question: &'q Question,
) -> Option<Vec<(Option<&'q Choice>, Vec<&'q Choice>)>> {
    let source = q.question(question.grouped_by.as_deref()?)?;
    let mut out: Vec<(Option<&Choice>, Vec<&Choice>)> = source
        .options
        .iter()
        .map(|g| {
            (
                Some(g),
                question
                    .options
                    .iter()
                    .filter(|c| c.group.as_deref() == Some(g.id.as_str()))
                    .collect(),
            )
        })
        .collect();
    out.push((
        None,
        question
            .options
            .iter()
            .filter(|c| c.group.is_none())
            .collect(),
    ));
    out.retain(|(_, choices)| !choices.is_empty());
    Some(out)
}

/// The first option as shown: grouped ones come by group, then those for anyone.
pub(super) fn first_choice<'q>(q: &'q Questionnaire, question: &'q Question) -> Option<&'q Choice> {
    match groups(q, question) {
        Some(groups) => groups.into_iter().flat_map(|(_, choices)| choices).next(),
        None => question.options.first(),
    }
}

/// The id of the fieldset holding `group`'s options of the grouped question `grouped_id`.
fn group_id(grouped_id: &str, group: &str) -> String {
    format!("q-{grouped_id}-group-{group}")
}

impl Renderer<'_> {
    pub(super) fn choices(&mut self, question: &Question) {
        let label = self.label_text(question);
        // The hint and error sit inside the fieldset, after the legend, and are also tied to
        // it by aria-describedby so they are read when entering the group.
        let (hint_html, ids) = self.hint_and_error(question);
        let described = Self::described_by(&ids);
        let _ = write!(
            self.out,
            "<fieldset{described}><legend>{label}</legend>{hint_html}"
        );
        match groups(self.q, question) {
            Some(groups) => {
                let source = question.grouped_by.as_deref().unwrap_or_default();
                let other = self.t(&self.q.text.signs_other_groups);
                let _ = write!(
                    self.out,
                    "<div class=\"choice-groups\" {MODULE}=\"{}\" {GROUPED_BY}=\"{}\" {OTHER_GROUPS}=\"{other}\">",
                    modules::GROUPED_CHOICES,
                    escape(source)
                );
                for (group, choices) in groups {
                    let (attrs, legend) = match group {
                        Some(g) => (
                            format!(
                                " id=\"{}\" {GROUP}=\"{}\"",
                                escape(&group_id(&question.id, &g.id)),
                                escape(&g.id)
                            ),
                            self.t(&g.label),
                        ),
                        None => (format!(" {GROUP}=\"\""), self.t(&self.q.text.group_anyone)),
                    };
                    let _ = write!(
                        self.out,
                        "<fieldset class=\"choice-group\"{attrs}><legend>{legend}</legend>"
                    );
                    self.choice_list(question, &choices);
                    self.out.push_str("</fieldset>");
                }
                self.out.push_str("</div>");
            }
            None => {
                let choices: Vec<&Choice> = question.options.iter().collect();
                self.choice_list(question, &choices);
            }
        }
        self.out.push_str("</fieldset>");
    }

    fn choice_list(&mut self, question: &Question, choices: &[&Choice]) {
        let kind = if question.kind == QuestionKind::Single {
            "radio"
        } else {
            "checkbox"
        };
        let _ = write!(self.out, "<div class=\"choices choices--{kind}\">");
        for choice in choices {
            let controls = self.controlled_groups(question, &choice.id);
            let checked = self
                .state
                .values(&question.id)
                .iter()
                .any(|v| v == &choice.id);
            let label = self.t(&choice.label);
            self.choice_item(kind, &question.id, &choice.id, &label, checked, &controls);
        }
        self.out.push_str("</div>");
    }

    /// One radio or checkbox with its label; `controls` is the id list it reveals.
    pub(super) fn choice_item(
        &mut self,
        kind: &str,
        name: &str,
        value: &str,
        label: &str,
        checked: bool,
        controls: &str,
    ) {
        let id = format!("q-{name}-{value}");
        let checked = if checked { " checked" } else { "" };
        let controls = if controls.is_empty() {
            String::new()
        } else {
            format!(" {ARIA_CONTROLS}=\"{}\"", escape(controls))
        };
        let _ = write!(
            self.out,
            "<div class=\"choice\"><input class=\"choice__input\" type=\"{kind}\" id=\"{id}\" name=\"{name}\" value=\"{value}\"{checked}{controls}>\
             <label class=\"choice__label\" for=\"{id}\">{label}</label></div>",
            id = escape(&id),
            name = escape(name),
            value = escape(value),
        );
    }

    /// The groups of other questions that this option of `question` stands for.
    fn controlled_groups(&self, question: &Question, option: &str) -> String {
        self.q
            .questions
            .iter()
            .filter(|other| other.grouped_by.as_deref() == Some(question.id.as_str()))
            .filter(|other| {
                other
                    .options
                    .iter()
                    .any(|c| c.group.as_deref() == Some(option))
            })
            .map(|other| group_id(&other.id, option))
            .collect::<Vec<_>>()
            .join(" ")
    }
}
