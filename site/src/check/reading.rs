//! Reading level: the Flesch–Kincaid grade of each English page's prose, with a warning above
//! the campaign's `check.max_reading_grade` pointing at the paragraph of the longest sentence.

use super::report::{Finding, Reading, Severity};
use crate::load::page::Page;
use crate::markup::facts::Prose;

/// Pages with fewer words than this get a reading grade but never a warning: the formula says
/// little about a few lines.
pub const MIN_WORDS_FOR_GRADE: usize = 50;

/// Whether a page's language is English, the language the grade formula was made for.
pub fn is_english(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

pub fn check_reading(
    page: &Page,
    prose: &[Prose],
    max_grade: f64,
    readings: &mut Vec<Reading>,
) -> Option<Finding> {
    let mut stats = TextStats::default();
    for block in prose {
        stats.add_block(&block.text, block.line);
    }
    if stats.words == 0 {
        return None;
    }
    let grade = stats.grade();
    readings.push(Reading {
        path: page.source.clone(),
        grade,
        words: stats.words,
    });
    if stats.words < MIN_WORDS_FOR_GRADE || grade <= max_grade {
        return None;
    }
    let (longest, line) = stats.longest;
    Some(Finding::new(
        Severity::Warning,
        &page.source,
        Some(line),
        format!(
            "hard to read: Flesch–Kincaid grade {grade:.1}, above the campaign's maximum of {max_grade} (check.max_reading_grade); use shorter sentences and plainer words. The longest sentence ({longest} words) is in the paragraph on this line"
        ),
    ))
}

/// Counts of a text, for Flesch–Kincaid.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct TextStats {
    words: usize,
    sentences: usize,
    syllables: usize,
    /// Words in the longest sentence, and the line of its block.
    longest: (usize, usize),
}

impl TextStats {
    fn add_block(&mut self, text: &str, line: usize) {
        let mut in_sentence = 0;
        for token in text.split_whitespace() {
            if token.chars().any(char::is_alphabetic) {
                self.words += 1;
                self.syllables += token.split('-').map(syllables).sum::<usize>().max(1);
                in_sentence += 1;
            }
            let end = token.trim_end_matches(['"', '\'', ')', ']', '”', '’', '*', '_']);
            if end.ends_with(['.', '!', '?', '…']) && in_sentence > 0 {
                self.end_sentence(in_sentence, line);
                in_sentence = 0;
            }
        }
        if in_sentence > 0 {
            self.end_sentence(in_sentence, line);
        }
    }

    fn end_sentence(&mut self, words: usize, line: usize) {
        self.sentences += 1;
        if words > self.longest.0 {
            self.longest = (words, line);
        }
    }

    /// The Flesch–Kincaid grade level: the US school year a reader needs.
    fn grade(&self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        let words = self.words as f64;
        0.39 * (words / self.sentences as f64) + 11.8 * (self.syllables as f64 / words) - 15.59
    }
}

/// An English word's syllables, by vowel groups with the usual corrections for silent endings.
/// Good to a syllable or so per word, which is what the grade formula was fitted with.
fn syllables(word: &str) -> usize {
    let word: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if word.is_empty() {
        return 0;
    }
    if word.len() <= 3 {
        return 1;
    }
    let is_vowel = |i: usize| match word[i] {
        'a' | 'e' | 'i' | 'o' | 'u' => true,
        'y' => i > 0,
        _ => false,
    };
    let mut count = 0usize;
    let mut previous = false;
    for i in 0..word.len() {
        let vowel = is_vowel(i);
        if vowel && !previous {
            count += 1;
        }
        previous = vowel;
    }
    let n = word.len();
    let ends = |suffix: &str| word.ends_with(&suffix.chars().collect::<Vec<_>>());
    let consonant_before = |k: usize| n > k && !is_vowel(n - k - 1);
    let syllabic_le = ends("le") && consonant_before(2);
    if ends("e") && !syllabic_le && !ends("ee") && !ends("ye") {
        // Silent final e: "make", "sense"; not "table", "agree".
        count = count.saturating_sub(1);
    } else if ends("ed") && !matches!(word[n - 3], 't' | 'd') && consonant_before(2) {
        // "asked", "called"; not "wanted", "needed".
        count = count.saturating_sub(1);
    } else if ends("es")
        && consonant_before(2)
        && !matches!(word[n - 3], 's' | 'x' | 'z' | 'c' | 'g')
        && !(word[n - 3] == 'h' && matches!(word[n - 4], 's' | 'c'))
    {
        // "makes", "times"; not "places", "boxes", "watches".
        count = count.saturating_sub(1);
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_syllables_of_common_words() {
        for (word, expected) in [
            ("the", 1),
            ("signs", 1),
            ("make", 1),
            ("table", 2),
            ("asked", 1),
            ("wanted", 2),
            ("places", 2),
            ("times", 1),
            ("exploitation", 4),
            ("everyone", 3),
            ("child's", 1),
            ("young", 1),
            ("agree", 2),
            ("999", 0),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn grades_plain_and_hard_prose() {
        let mut plain = TextStats::default();
        plain.add_block("You do not have to be sure. Tell us what you saw.", 3);
        assert_eq!(plain.words, 12);
        assert_eq!(plain.sentences, 2);
        assert!(plain.grade() < 3.0, "{}", plain.grade());

        let mut hard = TextStats::default();
        hard.add_block(
            "Notwithstanding organisational considerations, multidisciplinary safeguarding \
             partnerships systematically disseminate comprehensive institutional documentation \
             concerning exploitation indicators, contextualising vulnerability assessments.",
            7,
        );
        assert!(hard.grade() > 20.0, "{}", hard.grade());
        assert_eq!(hard.longest, (17, 7));
    }
}
