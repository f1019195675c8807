//! Edits of pages that keep their place: body edits, and front matter
//! edits that keep every page's URL, aliases and section (a title, date,
//! weight or areas edit). The new pages are put into the kept resolved
//! site ([`site::replace_pages`]) instead of resolving the whole site
//! again, and only what the edit reaches is rendered.

use std::collections::{BTreeSet, HashMap};

use crate::build;
use crate::config::FeedContent;
use crate::content::SourcePage;
use crate::error::{Diagnostic, Diagnostics};
use crate::render::Renderer;
use crate::render::context::LanguageData;
use crate::site;
use crate::site::Site;
use crate::site_files::feeds::feeds_of_page;
use crate::site_files::sitemap::SitemapPatch;
use crate::site_files::{Changed, PagesChanged};

use super::super::affected::{Affected, summaries};
use super::{Current, Rebuild, SiteState, fail};

impl SiteState {
    /// Only page bodies changed: the site is patched in place, no resolve.
    pub(super) fn body_edits(
        &mut self,
        mut current: Current,
        changed: &BTreeSet<String>,
        edits: Vec<(usize, SourcePage)>,
    ) -> Result<Rebuild, Diagnostics> {
        let markdown = build::markdown_settings(&current.site.config);
        let old_summaries = summaries(&current.site, &current.renderer, markdown, changed);
        let mut diagnostics = Diagnostics::new();
        let indexes: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
        let was = Before::of(&current.site, &indexes);
        for (i, page) in edits {
            current.search.forget(i);
            diagnostics.extend(build::page_warnings(&page));
            diagnostics.extend(site::replace_body(&mut current.site, i, page));
        }
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        let new_summaries = summaries(&current.site, &current.renderer, markdown, changed);
        let summaries_changed = old_summaries != new_summaries;
        let feeds = current.site.config.feeds.content == FeedContent::Full || summaries_changed;
        let generated = was.site_files(&current.site, feeds, &mut current.generated);
        let Some(mut affected) =
            Affected::find(&current.site, changed, &old_summaries, &new_summaries)
        else {
            return self.everything_from(current, diagnostics);
        };
        // A changed summary may be in the lists every template sees.
        if summaries_changed && !self.views_again(&mut current, &mut affected, false, changed) {
            return self.everything_from(current, diagnostics);
        }
        self.render_affected(current, &affected, generated, diagnostics)
    }

    /// Pages whose front matter changed but whose place stayed: patched
    /// into the site, their sections re-sorted, then the affected pages
    /// rendered as after resolving again.
    pub(super) fn front_matter_edits(
        &mut self,
        mut current: Current,
        changed: &BTreeSet<String>,
        edits: Vec<(usize, SourcePage)>,
        problems: Vec<Diagnostic>,
    ) -> Result<Rebuild, Diagnostics> {
        let markdown = build::markdown_settings(&current.site.config);
        let old_summaries = summaries(&current.site, &current.renderer, markdown, changed);
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        // The lists the edited pages are in, as they were.
        let mut parents: Vec<usize> = edits
            .iter()
            .filter_map(|(i, _)| current.site.pages[*i].parent)
            .collect();
        parents.sort_unstable();
        parents.dedup();
        let before: Vec<(Vec<usize>, Vec<usize>)> = parents
            .iter()
            .map(|&p| {
                let page = &current.site.pages[p];
                (page.children.clone(), page.subsections.clone())
            })
            .collect();
        for (i, _) in &edits {
            current.search.forget(*i);
        }
        let indexes: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
        let was = Before::of(&current.site, &indexes);
        diagnostics.extend(site::replace_pages(&mut current.site, edits));
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        let new_summaries = summaries(&current.site, &current.renderer, markdown, changed);
        let Some(mut affected) =
            Affected::find(&current.site, changed, &old_summaries, &new_summaries)
        else {
            return self.everything_from(current, diagnostics);
        };
        let mut reordered = Vec::new();
        for (&p, (children, subsections)) in parents.iter().zip(before) {
            let page = &current.site.pages[p];
            // Sections in a new order: the shape itself changed.
            if page.subsections != subsections {
                return self.everything_from(current, diagnostics);
            }
            if page.children != children {
                reordered.push(p);
                current.shape.set_order(p, page.children.clone());
            }
        }
        affected.add_reordered(&reordered);
        if !self.views_again(&mut current, &mut affected, false, changed) {
            return self.everything_from(current, diagnostics);
        }
        let generated = was.site_files(&current.site, true, &mut current.generated);
        self.render_affected(current, &affected, generated, diagnostics)
    }
}

/// The views of every language, keeping the pages' list entries once
/// made for the next rebuilds.
pub(super) fn language_data(site: &Site, renderer: &Renderer) -> Vec<LanguageData> {
    let markdown = build::markdown_settings(&site.config);
    let mut languages = renderer.language_data(site, markdown);
    for views in &mut languages {
        views.summaries.keep(site.pages.len());
    }
    languages
}

/// What the site-wide files read of the edited pages, before the edit.
struct Before {
    indexes: Vec<usize>,
    feeds: Vec<(String, Option<String>)>,
    /// Each page's `lastmod` in the sitemap.
    dates: Vec<Option<crate::i18n::Date>>,
}

impl Before {
    fn of(site: &Site, indexes: &[usize]) -> Before {
        Before {
            indexes: indexes.to_vec(),
            feeds: indexes
                .iter()
                .flat_map(|&i| feeds_of_page(site, i))
                .collect(),
            dates: indexes.iter().map(|&i| lastmod(site, i)).collect(),
        }
    }

    /// The site-wide files the edit reaches, now that `site` holds the
    /// edited pages: the feeds the pages were or are in (when `feeds`:
    /// a list entry or a shown body changed), the sitemap when a date
    /// changed (patched: the last one is taken out of `generated`),
    /// admin/ when a section changed.
    fn site_files(
        self,
        site: &Site,
        feeds: bool,
        generated: &mut HashMap<String, Vec<u8>>,
    ) -> Changed {
        let dated: Vec<usize> = (self.indexes.iter().zip(&self.dates))
            .filter(|&(&i, d)| lastmod(site, i) != *d)
            .map(|(&i, _)| i)
            .collect();
        let patch = match dated.is_empty() {
            true => None,
            false => generated.remove("sitemap.xml").map(|old| SitemapPatch {
                old,
                pages: dated.clone(),
                ..SitemapPatch::default()
            }),
        };
        let mut changed = PagesChanged {
            sitemap: !dated.is_empty(),
            sitemap_patch: patch,
            admin: self
                .indexes
                .iter()
                .any(|&i| site.pages[i].source.is_section),
            ..PagesChanged::default()
        };
        if feeds {
            changed.feeds.extend(self.feeds);
            changed
                .feeds
                .extend((self.indexes.iter()).flat_map(|&i| feeds_of_page(site, i)));
        }
        Changed::Pages(changed)
    }
}

fn lastmod(site: &Site, i: usize) -> Option<crate::i18n::Date> {
    let source = &site.pages[i].source;
    source.updated.or(source.date)
}
