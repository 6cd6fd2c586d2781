//! Byte offsets to file lines. [`LineIndex`] is the one index over a page's Markdown;
//! [`SourceMap`] keeps file lines right in the Markdown after shortcode expansion, where a
//! shortcode's output has replaced its call and the line counts no longer match the file.

use std::ops::Range;

/// The file line of every byte of a text that starts on file line `first_line`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    pub fn new(text: &str, first_line: usize) -> Self {
        Self {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            first_line,
        }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

/// Where a stretch of the parsed text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Copied from the page's Markdown, starting at this offset of it.
    Written(usize),
    /// A shortcode's output, standing for the call at this offset of the page's Markdown.
    Shortcode(usize),
}

/// A position in the page's Markdown that a position in the parsed text stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// The offset in the page's Markdown (for a shortcode's output: where the call starts).
    pub at: usize,
    pub line: usize,
    /// Whether the author wrote this text, rather than a shortcode template.
    pub written: bool,
}

/// Maps offsets in a text made from pieces of a page's Markdown and shortcode output back to
/// the page's Markdown and its file lines.
#[derive(Debug, Clone)]
pub struct SourceMap<'a> {
    lines: &'a LineIndex,
    /// (offset in the parsed text where a piece starts, its origin), in order.
    pieces: Vec<(usize, Origin)>,
}

impl<'a> SourceMap<'a> {
    pub fn new(lines: &'a LineIndex) -> Self {
        Self {
            lines,
            pieces: Vec::new(),
        }
    }

    /// The map of a text copied whole from the page's Markdown starting at `source_at` (a
    /// shortcode's body, or a page without shortcodes).
    pub fn copied(lines: &'a LineIndex, source_at: usize) -> Self {
        let mut map = Self::new(lines);
        map.push_written(0, source_at);
        map
    }

    /// From `at` in the parsed text on, the text is the page's own from `source_at`.
    pub fn push_written(&mut self, at: usize, source_at: usize) {
        self.pieces.push((at, Origin::Written(source_at)));
    }

    /// From `at` in the parsed text on, the text is the output of the call at `call_at`.
    pub fn push_shortcode(&mut self, at: usize, call_at: usize) {
        self.pieces.push((at, Origin::Shortcode(call_at)));
    }

    pub fn locate(&self, offset: usize) -> Located {
        let index = self.piece_of(offset);
        let (start, origin) = self
            .pieces
            .get(index)
            .copied()
            .unwrap_or((0, Origin::Written(0)));
        let (at, written) = match origin {
            Origin::Written(source_at) => (source_at + (offset - start), true),
            Origin::Shortcode(call_at) => (call_at, false),
        };
        Located {
            at,
            line: self.lines.line_of(at),
            written,
        }
    }

    /// The parts of `range` (in the parsed text) that the author wrote.
    pub fn written_parts(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut parts = Vec::new();
        let first = self.piece_of(range.start);
        for (i, (start, origin)) in self.pieces.iter().enumerate().skip(first) {
            if *start >= range.end {
                break;
            }
            let end = self.pieces.get(i + 1).map_or(usize::MAX, |(next, _)| *next);
            if matches!(origin, Origin::Written(_)) {
                let part = range.start.max(*start)..range.end.min(end);
                if !part.is_empty() {
                    parts.push(part);
                }
            }
        }
        parts
    }

    /// The index of the piece holding `offset` (the last piece starting at or before it).
    fn piece_of(&self, offset: usize) -> usize {
        self.pieces
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_the_first_line() {
        let lines = LineIndex::new("a\nb\n\nc", 10);
        assert_eq!(lines.line_of(0), 10);
        assert_eq!(lines.line_of(2), 11);
        assert_eq!(lines.line_of(5), 13);
    }

    #[test]
    fn shortcode_output_maps_to_its_call_and_text_after_it_to_its_own_line() {
        // Source: "a\n{{ x() }}\nb\n"; expanded: "a\n<p>one</p>\n<p>two</p>\nb\n".
        let source = "a\n{{ x() }}\nb\n";
        let lines = LineIndex::new(source, 1);
        let mut map = SourceMap::new(&lines);
        map.push_written(0, 0);
        map.push_shortcode(2, 2);
        map.push_written(23, 11);
        assert_eq!(map.locate(0).line, 1);
        let inside = map.locate(15);
        assert_eq!((inside.line, inside.written, inside.at), (2, false, 2));
        let after = map.locate(24);
        assert_eq!((after.line, after.written, after.at), (3, true, 12));
        assert_eq!(map.written_parts(0..26), vec![0..2, 23..26]);
        assert_eq!(map.written_parts(5..10), Vec::<Range<usize>>::new());
    }
}
