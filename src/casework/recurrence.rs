//! The same vehicle, phone number or e-mail address named in different reports. Found in the
//! decrypted answers, in this process only: the index is kept in memory, rebuilt when the set
//! of reports changes, and never stored, exported, profiled or published.
//!
//! Names are normalised so spellings meet: spacing, case and trailing punctuation go; a UK
//! registration (two letters, two digits, three letters) has O/0 and I/1 read by position; a
//! phone number keeps its digits, with +44 read as 0.

use std::collections::{BTreeMap, BTreeSet};

/// What kind of thing a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Vehicle,
    Phone,
    Email,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Vehicle => "Vehicle",
            Kind::Phone => "Phone",
            Kind::Email => "E-mail",
        }
    }
}

/// A normalised name: `AB12CDE`, `07700900123`, `name@example.org`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    pub kind: Kind,
    pub key: String,
}

/// Every name in `text`.
pub fn names(text: &str) -> BTreeSet<Name> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = BTreeSet::new();
    for (i, word) in words.iter().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '+');
        if bare.contains('@') && bare.contains('.') {
            found.insert(Name {
                kind: Kind::Email,
                key: bare.to_lowercase(),
            });
            continue;
        }
        // A plate is written whole or as two words ("AB12 CDE").
        let pair = words.get(i + 1).map(|next| format!("{word}{next}"));
        for candidate in std::iter::once(word.to_string()).chain(pair) {
            if let Some(key) = plate(&candidate) {
                found.insert(Name {
                    kind: Kind::Vehicle,
                    key,
                });
            }
        }
    }
    found.extend(phones(text));
    found
}

/// A current-style UK registration, with O/0 and I/1 read by position.
fn plate(text: &str) -> Option<String> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let punctuation_only = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".,;:!?".contains(c));
    if chars.len() != 7 || !punctuation_only {
        return None;
    }
    let letter = |c: char| match c {
        '0' => Some('O'),
        '1' => Some('I'),
        c if c.is_ascii_uppercase() => Some(c),
        _ => None,
    };
    let digit = |c: char| match c {
        'O' => Some('0'),
        'I' | 'L' => Some('1'),
        c if c.is_ascii_digit() => Some(c),
        _ => None,
    };
    let key: Option<String> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if (2..4).contains(&i) {
                digit(c)
            } else {
                letter(c)
            }
        })
        .collect();
    key.filter(|k| k.chars().filter(char::is_ascii_digit).count() == 2)
}

/// Phone numbers: runs of digits (spaces, dashes and brackets allowed inside) of 10 or 11
/// digits, +44 read as 0.
fn phones(text: &str) -> BTreeSet<Name> {
    let mut found = BTreeSet::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\n')) {
        if c.is_ascii_digit() || (c == '+' && run.is_empty()) {
            run.push(c);
        } else if (c == ' ' || c == '-' || c == '(' || c == ')') && !run.is_empty() {
            continue;
        } else {
            let digits = run
                .strip_prefix("+44")
                .map(|d| format!("0{d}"))
                .unwrap_or(run.clone());
            if !digits.starts_with('+') && (10..=11).contains(&digits.len()) {
                found.insert(Name {
                    kind: Kind::Phone,
                    key: digits,
                });
            }
            run.clear();
        }
    }
    found
}

/// Which reports name each name, for the reports it was built from.
#[derive(Debug, Default)]
pub struct Index {
    /// The report ids it was built from, sorted: when these change, it is built again.
    pub built_from: Vec<String>,
    by_name: BTreeMap<Name, BTreeSet<String>>,
    by_report: BTreeMap<String, BTreeSet<Name>>,
}

impl Index {
    /// From each report's id and decrypted text.
    pub fn build(reports: impl IntoIterator<Item = (String, String)>) -> Index {
        let mut index = Index::default();
        for (id, text) in reports {
            let found = names(&text);
            for name in &found {
                index
                    .by_name
                    .entry(name.clone())
                    .or_default()
                    .insert(id.clone());
            }
            index.built_from.push(id.clone());
            index.by_report.insert(id, found);
        }
        index.built_from.sort();
        index
    }

    /// Every name held by two or more reports, the most often named first.
    pub fn recurring(&self) -> Vec<(&Name, &BTreeSet<String>)> {
        let mut names: Vec<_> = self
            .by_name
            .iter()
            .filter(|(_, ids)| ids.len() >= 2)
            .collect();
        names.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        names
    }

    /// The names report `id` shares with other reports, with those reports' ids.
    pub fn shared(&self, id: &str) -> Vec<(Name, Vec<String>)> {
        let Some(names) = self.by_report.get(id) else {
            return Vec::new();
        };
        names
            .iter()
            .filter_map(|name| {
                let others: Vec<String> = self
                    .by_name
                    .get(name)?
                    .iter()
                    .filter(|o| *o != id)
                    .cloned()
                    .collect();
                (!others.is_empty()).then(|| (name.clone(), others))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        names(text).into_iter().map(|n| n.key).collect()
    }

    #[test]
    fn spellings_of_one_plate_meet() {
        for text in [
            "a silver car AB12 CDE outside",
            "ab12cde",
            "reg AB12 CDE.",
            "AB I2CDE",
        ] {
            let found = keys(text);
            assert!(found.contains(&"AB12CDE".to_string()), "{text}: {found:?}");
        }
        assert!(keys("AO12 CDE").contains(&"AO12CDE".to_string()));
        assert!(keys("ABI2 CDE").contains(&"AB12CDE".to_string()));
        assert!(keys("the hotel on Station Road").is_empty());
    }

    #[test]
    fn phones_and_emails_are_normalised() {
        assert_eq!(keys("call 07700 900123 or"), ["07700900123"]);
        assert_eq!(keys("+44 7700-900123"), ["07700900123"]);
        assert_eq!(keys("mail Someone@Example.org."), ["someone@example.org"]);
    }

    #[test]
    fn the_index_links_each_report_to_the_others() {
        let index = Index::build([
            ("a".to_string(), "AB12 CDE".to_string()),
            ("b".to_string(), "ab12cde".to_string()),
            ("c".to_string(), "nothing".to_string()),
        ]);
        let shared = index.shared("a");
        assert_eq!(shared.len(), 1);
        assert_eq!(shared[0].1, ["b"]);
        assert!(index.shared("c").is_empty());
    }
}
