//! Finds the line of a key in questionnaire YAML, for errors found after parsing (serde_yaml
//! only reports positions for its own errors). This reads block-style YAML by indentation,
//! which is how questionnaires are written; for anything it cannot follow (flow style) it
//! answers `None` and the caller falls back to a coarser line.

pub(super) struct Locator<'a> {
    lines: Vec<&'a str>,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#') && t != "---"
}

/// For a sequence item line (`  - id: x`), the column and text after the dash.
fn item(line: &str) -> Option<(usize, &str)> {
    let ind = indent(line);
    let rest = &line[ind..];
    let after = rest.strip_prefix('-')?;
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let content = after.trim_start_matches(' ');
    Some((ind + 1 + (after.len() - content.len()), content))
}

fn is_key(content: &str, key: &str) -> bool {
    content
        .strip_prefix(key)
        .is_some_and(|rest| rest == ":" || rest.starts_with(": ") || rest.starts_with(":\t"))
}

impl<'a> Locator<'a> {
    pub(super) fn new(source: &'a str) -> Self {
        Self {
            lines: source.lines().collect(),
        }
    }

    /// The 0-based index of the first content line after `at`, with its indent.
    fn content_after(&self, at: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        (at + 1..self.lines.len())
            .filter(|&j| is_content(self.lines[j]))
            .map(|j| (j, indent(self.lines[j])))
    }

    /// One past the last line of the node on line `at`.
    fn end_of(&self, at: usize) -> usize {
        let line = self.lines[at];
        let ind = indent(line);
        let is_item = item(line).is_some();
        self.content_after(at)
            .find(|&(j, i)| {
                if is_item {
                    i <= ind
                } else {
                    // A key's value may be a sequence at the key's own indentation.
                    i < ind || (i == ind && item(self.lines[j]).is_none())
                }
            })
            .map_or(self.lines.len(), |(j, _)| j)
    }

    /// Line (0-based) of a top-level key.
    pub(super) fn top(&self, key: &str) -> Option<usize> {
        (0..self.lines.len()).find(|&j| indent(self.lines[j]) == 0 && is_key(self.lines[j], key))
    }

    /// Line (0-based) of `key` directly inside the mapping on line `at` (a sequence item or a
    /// key whose value is a mapping).
    pub(super) fn key_in(&self, at: usize, key: &str) -> Option<usize> {
        let line = self.lines.get(at)?;
        let end = self.end_of(at);
        let child_indent = match item(line) {
            Some((col, content)) if !content.is_empty() => {
                if is_key(content, key) {
                    return Some(at);
                }
                col
            }
            // A bare key, or a bare `-`: the first line below sets the children's indent.
            _ => self.content_after(at).next().filter(|&(j, _)| j < end)?.1,
        };
        (at + 1..end).find(|&j| {
            let l = self.lines[j];
            is_content(l) && indent(l) == child_indent && is_key(l.trim_start(), key)
        })
    }

    /// Lines (0-based) of the items of the sequence that is the value of the key on line `at`.
    pub(super) fn items_in(&self, at: usize) -> Vec<usize> {
        let end = self.end_of(at);
        let mut items = Vec::new();
        let mut item_indent = None;
        for (j, i) in self.content_after(at).take_while(|&(j, _)| j < end) {
            if item(self.lines[j]).is_none() {
                continue;
            }
            match item_indent {
                None => {
                    item_indent = Some(i);
                    items.push(j);
                }
                Some(ii) if ii == i => items.push(j),
                Some(_) => {}
            }
        }
        items
    }

    /// Line (0-based) of question `index` (its `- ` line).
    pub(super) fn question(&self, index: usize) -> Option<usize> {
        self.top("questions")
            .and_then(|at| self.items_in(at).get(index).copied())
    }

    /// Line (0-based) of option `option` of question `question`.
    pub(super) fn option(&self, question: usize, option: usize) -> Option<usize> {
        let q = self.question(question)?;
        let options = self.key_in(q, "options")?;
        self.items_in(options).get(option).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::Locator;

    const YAML: &str = "\
# comment
questions:
  - id: a
    kind: single
    label:
      en: A
    options:
    - id: x
      label: { en: X }
    - id: y
      label: { en: Y }
      group: g
  -
    id: b
    kind: text
    readable: true
text:
  submit:
    en: Send
";

    #[test]
    fn finds_questions_options_and_keys() {
        let l = Locator::new(YAML);
        assert_eq!(l.question(0), Some(2));
        assert_eq!(l.question(1), Some(12));
        assert_eq!(l.key_in(2, "kind"), Some(3));
        assert_eq!(l.key_in(2, "id"), Some(2));
        assert_eq!(l.key_in(12, "readable"), Some(15));
        assert_eq!(l.key_in(2, "readable"), None);
        assert_eq!(l.option(0, 1), Some(9));
        let y = l.option(0, 1).unwrap_or_default();
        assert_eq!(l.key_in(y, "group"), Some(11));
        let text = l.top("text").unwrap_or_default();
        assert_eq!(l.key_in(text, "submit"), Some(17));
    }
}
