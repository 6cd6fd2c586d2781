//! Finds the line of a key path (`questions[2].options[1].group`, `image.alt`,
//! `posters.taxi-drivers`) in block-style YAML, for errors found after parsing: serde_yaml
//! reports positions only for its own errors, and places some of those at the enclosing
//! mapping. It reads the text by indentation, which is how campaign files are written; where
//! it cannot follow a step (flow style such as `[a, b]`), it answers the line of the deepest
//! node it did find.

/// One step of a key path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// `questions[2].label` → `Key(questions), Index(2), Key(label)`. serde_path_to_error writes
/// paths in this form; `.` alone is the document itself.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        for index in indexes.split('[').filter(|i| !i.is_empty()) {
            match index.trim_end_matches(']').parse() {
                Ok(i) => steps.push(Step::Index(i)),
                Err(_) => return steps,
            }
        }
    }
    steps
}

pub struct Locator<'a> {
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
    let unquoted = |q: char| {
        content
            .strip_prefix(q)
            .and_then(|c| c.strip_prefix(key))
            .and_then(|c| c.strip_prefix(q))
    };
    [content.strip_prefix(key), unquoted('"'), unquoted('\'')]
        .into_iter()
        .flatten()
        .any(|rest| rest == ":" || rest.starts_with(": ") || rest.starts_with(":\t"))
}

impl<'a> Locator<'a> {
    pub fn new(source: &'a str) -> Self {
        Self {
            lines: source.lines().collect(),
        }
    }

    /// The 1-based line of the node at `path`, or of the deepest node on the way to it that
    /// could be found; `None` when not even the first key is there.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        let mut at: Option<usize> = None;
        for step in steps(path) {
            let next = match (at, step) {
                (None, Step::Key(key)) => self.top(key),
                (Some(line), Step::Key(key)) => self.key_in(line, key),
                (Some(line), Step::Index(i)) => self.items_in(line).get(i).copied(),
                (None, Step::Index(_)) => None,
            };
            match next {
                Some(line) => at = Some(line),
                None => break,
            }
        }
        at.map(|line| line + 1)
    }

    /// The 0-based index of each content line after `at`, with its indent.
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
    fn top(&self, key: &str) -> Option<usize> {
        (0..self.lines.len()).find(|&j| indent(self.lines[j]) == 0 && is_key(self.lines[j], key))
    }

    /// Line (0-based) of `key` directly inside the mapping on line `at` (a sequence item or a
    /// key whose value is a mapping).
    fn key_in(&self, at: usize, key: &str) -> Option<usize> {
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
    fn items_in(&self, at: usize) -> Vec<usize> {
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
posters:
  taxi-drivers: taxi-driver
audiences: [public, pilots]
";

    #[test]
    fn finds_questions_options_and_keys() {
        let l = Locator::new(YAML);
        assert_eq!(l.line_of("questions[0]"), Some(3));
        assert_eq!(l.line_of("questions[1]"), Some(13));
        assert_eq!(l.line_of("questions[0].kind"), Some(4));
        assert_eq!(l.line_of("questions[0].id"), Some(3));
        assert_eq!(l.line_of("questions[1].readable"), Some(16));
        assert_eq!(l.line_of("questions[0].options[1]"), Some(10));
        assert_eq!(l.line_of("questions[0].options[1].group"), Some(12));
        assert_eq!(l.line_of("text.submit"), Some(18));
        assert_eq!(l.line_of("posters.taxi-drivers"), Some(21));
    }

    #[test]
    fn falls_back_to_the_deepest_node_found() {
        let l = Locator::new(YAML);
        // `readable` is not in question 0: its own line.
        assert_eq!(l.line_of("questions[0].readable"), Some(3));
        // Flow style: the key's line.
        assert_eq!(l.line_of("audiences[1]"), Some(22));
        assert_eq!(l.line_of("nowhere.at.all"), None);
        assert_eq!(l.line_of("."), None);
    }

    #[test]
    fn quoted_keys_are_found() {
        let l = Locator::new("a:\n  \"b\": 1\n  'c': 2\n");
        assert_eq!(l.line_of("a.b"), Some(2));
        assert_eq!(l.line_of("a.c"), Some(3));
    }
}
