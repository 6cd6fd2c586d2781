//! The queue a page at a time: a team with thousands of reports gets 50 rows a page, with
//! counts, and links to the pages before and after that keep the filters chosen.

use std::collections::HashMap;

use super::html::{e, q};

/// Rows a page of the queue shows.
pub const PAGE_SIZE: usize = 50;

/// Which rows of `total` the page asked for shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// 1-based, within 1..=`count`.
    pub number: usize,
    pub count: usize,
    pub total: usize,
}

impl Page {
    /// The page `query` asks for (`page=N`), held inside the pages there are.
    pub fn of(query: &HashMap<String, String>, total: usize) -> Page {
        let count = total.div_ceil(PAGE_SIZE).max(1);
        let asked = query
            .get("page")
            .and_then(|p| p.trim().parse::<usize>().ok())
            .unwrap_or(1);
        Page {
            number: asked.clamp(1, count),
            count,
            total,
        }
    }

    /// The rows of this page, as a range into the shown list.
    pub fn rows(&self) -> std::ops::Range<usize> {
        let start = (self.number - 1) * PAGE_SIZE;
        start.min(self.total)..(start + PAGE_SIZE).min(self.total)
    }

    /// "Reports 51–100 of 120" (or "No reports").
    pub fn summary(&self) -> String {
        let rows = self.rows();
        if rows.is_empty() {
            return "No reports".to_string();
        }
        format!(
            "Reports {}\u{2013}{} of {}",
            rows.start + 1,
            rows.end,
            self.total
        )
    }

    /// Links to the previous and next pages, keeping every other part of `query`.
    pub fn nav(&self, query: &HashMap<String, String>) -> String {
        if self.count == 1 {
            return String::new();
        }
        let link = |number: usize, text: &str, rel: &str| {
            let mut pairs: Vec<(&String, &String)> =
                query.iter().filter(|(k, _)| k.as_str() != "page").collect();
            pairs.sort();
            let mut href: String = pairs
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{}={}&", q(k), q(v)))
                .collect();
            href.push_str(&format!("page={number}"));
            format!("<a href=\"/?{}\" rel=\"{rel}\">{text}</a>", e(&href))
        };
        let mut parts = Vec::new();
        if self.number > 1 {
            parts.push(link(self.number - 1, "Previous page", "prev"));
        }
        parts.push(format!("Page {} of {}", self.number, self.count));
        if self.number < self.count {
            parts.push(link(self.number + 1, "Next page", "next"));
        }
        format!(
            "<nav class=\"pages\" aria-label=\"Pages of reports\"><p>{}</p></nav>",
            parts.join(" \u{b7} ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(page: &str) -> HashMap<String, String> {
        HashMap::from([("page".to_string(), page.to_string())])
    }

    #[test]
    fn a_page_holds_fifty_rows_and_stays_in_range() {
        let first = Page::of(&HashMap::new(), 120);
        assert_eq!((first.rows(), first.count), (0..50, 3));
        assert_eq!(Page::of(&asked("3"), 120).rows(), 100..120);
        assert_eq!(Page::of(&asked("9"), 120).number, 3);
        assert_eq!(Page::of(&asked("x"), 120).number, 1);
        assert_eq!(Page::of(&asked("2"), 0).summary(), "No reports");
    }

    #[test]
    fn the_links_keep_the_filters() {
        let mut query = asked("2");
        query.insert("area".into(), "old town".into());
        let nav = Page::of(&query, 120).nav(&query);
        assert!(
            nav.contains("href=\"/?area=old%20town&amp;page=1\" rel=\"prev\""),
            "{nav}"
        );
        assert!(
            nav.contains("href=\"/?area=old%20town&amp;page=3\" rel=\"next\""),
            "{nav}"
        );
        assert!(
            Page::of(&HashMap::new(), 50)
                .nav(&HashMap::new())
                .is_empty()
        );
    }
}
