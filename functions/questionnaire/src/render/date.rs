//! A date question: radios for the choices it allows (today ... earlier) and, under
//! "earlier", GOV.UK's three-field date input for a month or a day, revealed by the page
//! script when "earlier" is chosen and always shown without it. A question allowing only
//! typed dates shows the three fields on their own.

use std::fmt::Write as _;

use super::renderer::Renderer;
use crate::html::escape;
use crate::when::{DATE_PARTS, DateAnswer, part_field};
use crate::{Question, Translated};

impl Renderer<'_> {
    fn part_value(&self, question: &Question, part: &str) -> &str {
        self.state.first(&part_field(&question.id, part)).trim()
    }

    fn typed_any(&self, question: &Question) -> bool {
        DATE_PARTS
            .iter()
            .any(|part| !self.part_value(question, part).is_empty())
    }

    /// The typed fields to mark in error (GOV.UK: only the missing ones when the date is
    /// incomplete, else the whole date). Empty when the error is not about them.
    fn flagged_parts(&self, question: &Question) -> Vec<&'static str> {
        if !self.has_error(question) {
            return Vec::new();
        }
        let choices = question.date_answers().iter().any(|a| a.is_choice());
        if !self.typed_any(question) {
            // Nothing typed: with choices, the problem is the choice; alone, the whole date.
            return if choices {
                Vec::new()
            } else {
                DATE_PARTS.to_vec()
            };
        }
        let day_needed = !question.date_answers().contains(&DateAnswer::Month);
        let missing: Vec<&'static str> = DATE_PARTS
            .into_iter()
            .filter(|part| *part != "day" || day_needed)
            .filter(|part| self.part_value(question, part).is_empty())
            .collect();
        if missing.is_empty() {
            DATE_PARTS.to_vec()
        } else {
            missing
        }
    }

    pub(super) fn date_error_target(&self, question: &Question) -> String {
        if let Some(part) = self.flagged_parts(question).first() {
            return format!("q-{}", part_field(&question.id, part));
        }
        let first = question
            .date_answers()
            .into_iter()
            .find(|a| a.is_choice())
            .map_or("day", DateAnswer::id);
        format!("q-{}-{first}", question.id)
    }

    pub(super) fn date(&mut self, question: &Question) {
        let allowed = question.date_answers();
        let choices: Vec<DateAnswer> = allowed.iter().copied().filter(|a| a.is_choice()).collect();
        let label = self.label_text(question);
        let (hint_html, ids) = self.hint_and_error(question);
        if choices.is_empty() {
            // The date fields alone: one group, as GOV.UK's date input (role=group so JAWS
            // reads the description of a fieldset of text inputs).
            let mut ids = ids;
            ids.insert(0, format!("q-{}-format", question.id));
            let described = Self::described_by(&ids);
            let _ = write!(
                self.out,
                "<fieldset role=\"group\"{described}><legend>{label}</legend>{}{hint_html}",
                self.format_hint(question)
            );
            self.date_input(question);
            self.out.push_str("</fieldset>");
            return;
        }
        let described = Self::described_by(&ids);
        let _ = write!(
            self.out,
            "<fieldset{described}><legend>{label}</legend>{hint_html}<div class=\"choices choices--radio\">"
        );
        let given = self.state.first(&question.id).trim().to_string();
        let typed = question.types_a_date();
        for choice in choices {
            let text = &self.q.text;
            let label = self.t(match choice {
                DateAnswer::Today => &text.date_today,
                DateAnswer::Yesterday => &text.date_yesterday,
                DateAnswer::ThisWeek => &text.date_this_week,
                DateAnswer::LastWeek => &text.date_last_week,
                _ => &text.date_earlier,
            });
            let reveals = typed && choice == DateAnswer::Earlier;
            let controls = if reveals {
                format!("q-{}-typed", question.id)
            } else {
                String::new()
            };
            let checked = given == choice.id();
            self.choice_item(
                "radio",
                &question.id,
                choice.id(),
                &label,
                checked,
                &controls,
            );
            if reveals {
                // Shown when chosen, or when something was typed: answers are never hidden.
                let hidden = if checked || self.typed_any(question) {
                    ""
                } else {
                    " conditional--hidden"
                };
                let _ = write!(
                    self.out,
                    "<div class=\"conditional{hidden}\" id=\"q-{}-typed\">",
                    question.id
                );
                self.typed_group(question);
                self.out.push_str("</div>");
            }
        }
        self.out.push_str("</div></fieldset>");
    }

    fn format_hint(&self, question: &Question) -> String {
        format!(
            "<p class=\"hint\" id=\"q-{}-format\">{}</p>",
            question.id,
            self.t(&self.q.text.date_format_hint)
        )
    }

    /// The date fields under "earlier", in a group of their own with its legend and hint.
    fn typed_group(&mut self, question: &Question) {
        let id = &question.id;
        let mut described = format!("q-{id}-format");
        if !self.flagged_parts(question).is_empty() {
            let _ = write!(described, " q-{id}-error");
        }
        let _ = write!(
            self.out,
            "<fieldset class=\"date-group\" role=\"group\" aria-describedby=\"{described}\"><legend>{} <span class=\"optional\">({})</span></legend>{}",
            self.t(&self.q.text.date_typed_legend),
            self.t(&self.q.text.optional),
            self.format_hint(question)
        );
        self.date_input(question);
        self.out.push_str("</fieldset>");
    }

    /// GOV.UK's date input: Day, Month, Year as numeric text fields (never `type=date`,
    /// whose format follows the browser, not the page).
    fn date_input(&mut self, question: &Question) {
        let flagged = self.flagged_parts(question);
        let _ = write!(
            self.out,
            "<div class=\"date-input\" id=\"q-{}-date\">",
            question.id
        );
        for part in DATE_PARTS {
            let text = &self.q.text;
            let (label, width): (&Translated, u8) = match part {
                "day" => (&text.date_day, 2),
                "month" => (&text.date_month, 2),
                _ => (&text.date_year, 4),
            };
            let label = self.t(label);
            let field = part_field(&question.id, part);
            let value = escape(self.part_value(question, part));
            let error = if flagged.contains(&part) {
                " input--error\" aria-invalid=\"true"
            } else {
                ""
            };
            let _ = write!(
                self.out,
                "<div class=\"date-input__item\"><label class=\"date-input__label\" for=\"q-{field}\">{label}</label>\
                 <input class=\"date-input__input input--width-{width}{error}\" id=\"q-{field}\" name=\"{field}\" type=\"text\" \
                 inputmode=\"numeric\" autocomplete=\"off\" value=\"{value}\"></div>"
            );
        }
        self.out.push_str("</div>");
    }
}
