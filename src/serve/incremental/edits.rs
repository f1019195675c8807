//! Edits of pages that keep their place: body edits, and front matter
//! edits that keep every page's URL, aliases and section (a title, date,
//! weight or areas edit). The new pages are put into the kept resolved
//! site ([`site::replace_pages`]) instead of resolving the whole site
//! again, and only what the edit reaches is rendered.

use std::collections::BTreeSet;

use crate::build;
use crate::config::FeedContent;
use crate::content::SourcePage;
use crate::error::{Diagnostic, Diagnostics};
use crate::site;
use crate::site_files::Changed;

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
        let Some(mut affected) =
            Affected::find(&current.site, changed, &old_summaries, &new_summaries)
        else {
            return self.everything_from(current, diagnostics);
        };
        // A changed summary may be in the lists every template sees.
        if summaries_changed && !self.views_again(&mut current, &mut affected, false, changed) {
            return self.everything_from(current, diagnostics);
        }
        self.render_affected(current, &affected, Changed::BodyOnly { feeds }, diagnostics)
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
        self.render_affected(current, &affected, Changed::All, diagnostics)
    }
}
