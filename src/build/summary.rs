//! The summary line of a build: pages per language, collections, files
//! written, images, search index size and time, and the next scheduled
//! change.

use std::time::Duration;

use crate::output::WriteStats;
use crate::output::stage::Staged;
use crate::site::Site;

/// Counts for the summary line.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// (language, content pages) in language order.
    pub pages: Vec<(String, usize)>,
    pub members: usize,
    pub areas: usize,
    pub reports: usize,
    /// Shown only when there are some.
    pub publications: usize,
    pub files: usize,
    pub search_index_bytes: usize,
    pub written: Option<WriteStats>,
    /// Images used, and variants encoded or taken from the cache.
    pub images: crate::images::ImageStats,
    pub elapsed: Duration,
    /// Nothing changed since the last build: no file was read or written.
    pub up_to_date: bool,
    /// The next scheduled publish or expiry, shown.
    pub next_change: Option<crate::messages::Message>,
    /// What is not ready to publish (`check --publish` lists it).
    pub not_ready: Vec<crate::readiness::Item>,
}

impl std::fmt::Display for Summary {
    /// The summary line in the language of messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = self.elapsed.as_millis();
        if self.up_to_date {
            return write!(
                f,
                "{}",
                msg!("summary.up-to-date", files = self.files, ms = ms)
            );
        }
        let pages: Vec<String> = self.pages.iter().map(|(l, n)| format!("{n} {l}")).collect();
        let files = msg!("summary.files", count = self.files);
        let more = if self.publications > 0 {
            msg!("summary.publications", count = self.publications).to_string()
        } else {
            String::new()
        };
        let line = msg!(
            "summary.counts",
            pages = pages.join(", "),
            members = self.members,
            areas = self.areas,
            reports = self.reports,
            more = more,
            files = files
        );
        write!(f, "{line}")?;
        if let Some(w) = self.written {
            let written = msg!(
                "summary.written",
                written = w.written,
                unchanged = w.unchanged,
                removed = w.removed
            );
            write!(f, " ({written})")?;
        }
        if self.images.images > 0 {
            let images = msg!(
                "summary.images",
                images = self.images.images,
                encoded = self.images.encoded,
                cached = self.images.cached,
                read = self.images.sources_read
            );
            write!(f, "; {images}")?;
        }
        let kib = format!("{:.1}", self.search_index_bytes as f64 / 1024.0);
        write!(f, "; {}", msg!("summary.search-index", kib = kib, ms = ms))?;
        if let Some(next) = &self.next_change {
            write!(f, "\n{}", msg!("summary.next-change", change = next))?;
        }
        Ok(())
    }
}

pub(super) fn summarise(site: &Site, files: &[Staged]) -> Summary {
    let pages = site
        .config
        .language_codes()
        .into_iter()
        .map(|l| {
            let n = site
                .rendered_pages()
                .filter(|&i| site.pages[i].lang() == l && !site.pages[i].synthetic)
                .count();
            (l, n)
        })
        .collect();
    Summary {
        pages,
        members: site.data.members.len(),
        areas: site.data.areas.len(),
        reports: site.data.reports.len(),
        publications: site.data.publications.items.len(),
        files: files.len(),
        search_index_bytes: files
            .iter()
            .filter(|f| crate::paths::is_search_index_file(&f.path))
            .map(|f| f.len)
            .sum(),
        written: None,
        images: site.images.stats(),
        elapsed: Duration::ZERO,
        up_to_date: false,
        next_change: None,
        not_ready: Vec::new(),
    }
}
