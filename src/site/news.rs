//! The news list of a language: the pages of the news section
//! (`feeds.section`), newest first, as the home page, `data.news` and the
//! news feed show them; and the same list kept up to date after an edit
//! of some pages without sorting every page again.

use std::cmp::Ordering;
use std::collections::HashSet;

use super::Site;

impl Site {
    /// The pages of the news section (`feeds.section`) in a language,
    /// newest first (the same date: by source path).
    pub fn news(&self, lang: &str) -> Vec<usize> {
        // Sorted by keys gathered in one place rather than through the
        // pages: most comparisons then read no page.
        let mut keyed: Vec<(Option<crate::i18n::Date>, &str, usize)> = (0..self.pages.len())
            .filter(|&i| self.in_news(i, lang))
            .map(|i| {
                let s = &self.pages[i].source;
                (s.date, s.path.as_str(), i)
            })
            .collect();
        keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        keyed.into_iter().map(|(_, _, i)| i).collect()
    }

    /// Whether page `i` is in the news list of `lang`.
    pub fn in_news(&self, i: usize, lang: &str) -> bool {
        let s = &self.pages[i].source;
        let section = self.config.feeds.section.as_str();
        !s.is_section
            && s.lang == lang
            && (s.folder().strip_prefix(section))
                .is_some_and(|r| r.is_empty() || r.starts_with('/'))
    }

    /// Where page `a` stands in the news list against page `b`.
    fn news_cmp(&self, a: usize, b: usize) -> Ordering {
        let (a, b) = (&self.pages[a].source, &self.pages[b].source);
        b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path))
    }

    /// The news list of `lang` after an edit of the pages `changed` (the
    /// other pages as they were), from the list `old` made before: the
    /// changed pages taken out and put in again at their places. `None`
    /// when `old` does not hold the pages at the URLs `urls` gives (pages
    /// came or went, so indexes moved): then [`Site::news`] makes it anew.
    pub fn news_after(
        &self,
        lang: &str,
        old: &[usize],
        urls: &[&str],
        changed: &HashSet<usize>,
    ) -> Option<Vec<usize>> {
        let same = old.len() == urls.len()
            && (old.iter().zip(urls))
                .all(|(&i, url)| self.pages.get(i).is_some_and(|p| p.url == *url));
        if !same {
            return None;
        }
        let mut list: Vec<usize> = old
            .iter()
            .copied()
            .filter(|i| !changed.contains(i))
            .collect();
        let mut added: Vec<usize> = (changed.iter().copied())
            .filter(|&i| i < self.pages.len() && self.in_news(i, lang))
            .collect();
        added.sort_unstable();
        for i in added {
            let at = list.partition_point(|&j| self.news_cmp(j, i) == Ordering::Less);
            list.insert(at, i);
        }
        Some(list)
    }
}
