//! Pages added or deleted in `serve`: the new pages are put into the kept
//! resolved site and the deleted ones taken out of it
//! ([`site::add_page`], [`site::remove_page`]), instead of resolving the
//! whole site again. What is rendered again: the new pages, the list pages
//! of their sections (all of a section's list pages: the items after the
//! change slide), their translations (which name them), the area pages of
//! their areas, the search page of their language, the pages that read
//! what changed in the shared views (the news list, the menus) and the
//! site-wide files that list pages (the sitemap, the search indexes, the
//! feeds the pages are or were in). The output files of a deleted page, and of list pages
//! its section no longer has, are removed. Anything these steps cannot
//! judge exactly (a section, a page with aliases, an error) resolves the
//! whole site again, which reports what a full build reports.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use crate::build;
use crate::content::{self, SourcePage};
use crate::error::{Diagnostic, Diagnostics};
use crate::site::{self, Site};
use crate::site_files::Changed;
use crate::site_files::sitemap::SitemapPatch;

use super::super::affected::Affected;
use super::super::reload::{is_page_file, page_options};
use super::{Current, Rebuild, SiteState};

/// What a batch of added and removed pages reaches.
#[derive(Default)]
struct Reached {
    /// Source paths of pages to render again (found in the site at the end).
    paths: HashSet<String>,
    areas: HashSet<(String, String)>,
    search: HashSet<String>,
    /// Output files that are no longer made: (file, its page's URL).
    stale: Vec<(String, String)>,
    /// The feeds the pages are or were in.
    feeds: BTreeSet<(String, Option<String>)>,
    /// Source paths of the pages whose sitemap entries are made again (the
    /// added pages, and the translations of added and removed ones).
    sitemap: BTreeSet<String>,
    /// URLs of the removed pages (their sitemap entries go).
    gone: Vec<String>,
}

impl Reached {
    /// The pages around page `i` of `site` that show it: its section and
    /// its translations; its areas and its language's search page; and
    /// the feeds it is in.
    fn around(&mut self, site: &Site, i: usize) {
        self.feeds
            .extend(crate::site_files::feeds::feeds_of_page(site, i));
        let page = &site.pages[i];
        let paths = (page.parent.iter().chain(&page.translations))
            .map(|&j| site.pages[j].source.path.clone());
        self.paths.extend(paths);
        let translations = (page.translations.iter()).map(|&j| site.pages[j].source.path.clone());
        self.sitemap.extend(translations);
        let lang = page.lang().to_string();
        for area in &page.source.front.areas {
            self.areas.insert((lang.clone(), area.value.clone()));
        }
        self.search.insert(lang);
    }
}

impl SiteState {
    /// Markdown files appeared or went away, and nothing else changed:
    /// the site is changed in place when it can be, else resolved again.
    pub(super) fn pages_added_or_removed(
        &mut self,
        current: Current,
        changed: &BTreeSet<String>,
    ) -> Result<Rebuild, Diagnostics> {
        let Some((removed, added, problems)) = self.read_added_and_removed(&current.site, changed)
        else {
            return self.resolve_again(current, changed, false);
        };
        let mut current = current;
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        let mut reached = Reached::default();
        let done = apply(&mut current, removed, added, &mut reached, &mut diagnostics);
        if !done || diagnostics.has_errors() {
            // The site may be changed in part: its shape and search cache
            // follow it, so resolving again starts from a consistent state.
            current.shape.update(&current.site);
            return self.resolve_again(current, changed, false);
        }
        current.shape.update(&current.site);
        let pages: HashSet<usize> = (current.site.pages.iter().enumerate())
            .filter(|(_, p)| reached.paths.contains(&p.source.path))
            .map(|(i, _)| i)
            .collect();
        let mut affected = Affected::of_pages(pages, reached.areas, reached.search);
        if !self.views_again(&mut current, &mut affected, false, changed) {
            return self.everything_from(current, diagnostics);
        }
        let out = self.output_dir();
        let sitemap = sitemap_patch(&mut current, &reached.sitemap, &reached.gone);
        let stale: Vec<String> = (reached.stale.into_iter())
            .filter(|(_, url)| !current.site.urls.contains_key(url))
            .map(|(file, _)| file)
            .collect();
        let generated = Changed::Structure(reached.feeds, sitemap);
        let mut rebuild = self.render_affected(current, &affected, generated, diagnostics)?;
        for rel in stale {
            if let Some(current) = self.current.as_mut() {
                current.written.forget(&rel);
            }
            if crate::safe_fs::remove(&out, &rel).unwrap_or(false) {
                crate::safe_fs::remove_empty_parents(&out, &rel);
                rebuild.changed.push(rel);
            }
        }
        rebuild.changed.sort();
        Ok(rebuild)
    }

    /// The pages of the site whose files went away (by index) and the new
    /// pages read, with the problems found reading them; `None` when a
    /// changed file is neither, or a new one does not read cleanly.
    fn read_added_and_removed(
        &self,
        site: &Site,
        changed: &BTreeSet<String>,
    ) -> Option<(Vec<String>, Vec<SourcePage>, Vec<Diagnostic>)> {
        let content_dir = self.options.root.join("content");
        let options = page_options(&self.options, site, &content_dir);
        let (mut removed, mut added, mut problems) = (Vec::new(), Vec::new(), Vec::new());
        for rel in changed {
            let known = site
                .pages
                .iter()
                .any(|p| !p.synthetic && &p.source.path == rel);
            match (known, is_page_file(&content_dir, rel)) {
                (true, false) => removed.push(rel.clone()),
                (false, true) => {
                    let read = content::read_page(rel, &options);
                    if read.problems.iter().any(Diagnostic::is_error) {
                        return None;
                    }
                    let page = read.page?;
                    problems.extend(read.problems);
                    problems.extend(build::page_warnings(&page));
                    added.push(page);
                }
                _ => return None,
            }
        }
        if !added.is_empty() && names_fail(site, &removed, &added) {
            return None;
        }
        Some((removed, added, problems))
    }
}

/// Whether the file names of the site after the change have an error, as
/// a full build checks them. The site's own names passed that check, and
/// taking files away cannot make a name wrong, so every error names an
/// added file: the check runs on the added files, the files that could be
/// the same page as one of them (their names start alike), and one file of
/// each folder (the folders whose names could give the same URL).
fn names_fail(site: &Site, removed: &[String], added: &[SourcePage]) -> bool {
    let config = &site.config;
    let languages = config.language_codes();
    let default = &config.default_language;
    // What the names of the files that could be the same page as an added
    // one start with (`a.md` and `a.lv.md`; `index.md` and `_index.md`).
    let prefixes: Vec<String> = (added.iter())
        .flat_map(|p| {
            let (key, _) = content::key_and_language(&p.path, &languages, default);
            match key.strip_suffix("_index") {
                Some(folder) => vec![format!("{folder}_index."), format!("{folder}index.")],
                None => vec![format!("{key}.")],
            }
        })
        .collect();
    let kept = (site.pages.iter())
        .filter(|p| !p.synthetic && !removed.contains(&p.source.path))
        .map(|p| p.source.path.as_str())
        .chain(
            site.merged_paths
                .iter()
                .map(|(dropped, _)| dropped.as_str()),
        );
    let mut folders: HashSet<&str> = HashSet::new();
    let mut files: Vec<String> = added.iter().map(|p| p.path.clone()).collect();
    for path in kept {
        let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
        if folders.insert(folder) || prefixes.iter().any(|p| path.starts_with(p.as_str())) {
            files.push(path.to_string());
        }
    }
    files.sort();
    content::names::check(&files, Path::new("content"), &languages, default)
        .iter()
        .any(Diagnostic::is_error)
}

/// The sitemap as it was (taken out of the files last written) with what
/// to change in it, or `None` (the whole sitemap is made) when it was not
/// kept.
fn sitemap_patch(
    current: &mut Current,
    remade: &BTreeSet<String>,
    gone: &[String],
) -> Option<SitemapPatch> {
    let old = current.generated.remove("sitemap.xml")?;
    let entries = (current.site.pages.iter().enumerate())
        .filter(|(_, p)| !p.synthetic && remade.contains(&p.source.path))
        .map(|(i, _)| i)
        .collect();
    Some(SitemapPatch {
        old,
        gone: gone.to_vec(),
        entries,
        ..SitemapPatch::default()
    })
}

/// Takes the `removed` pages out of the site and puts the `added` ones in,
/// keeping the search cache and the kept list entries in step; false when one of them needs the
/// site resolved again.
fn apply(
    current: &mut Current,
    removed: Vec<String>,
    added: Vec<SourcePage>,
    reached: &mut Reached,
    diagnostics: &mut Diagnostics,
) -> bool {
    for path in removed {
        let site = &mut current.site;
        let Some(i) = (site.pages.iter()).position(|p| !p.synthetic && p.source.path == path)
        else {
            return false;
        };
        reached.around(site, i);
        let Some((gone, problems)) = site::remove_page(site, i) else {
            return false;
        };
        current.search.remove_page(i);
        for views in &mut current.languages {
            views.summaries.remove_page(i);
        }
        diagnostics.extend(problems);
        let url = gone.page.url;
        reached.gone.push(url.clone());
        reached.stale.push((crate::paths::output_path(&url), url));
        for pager in gone.pagers {
            reached
                .stale
                .push((crate::paths::output_path(&pager), pager));
        }
    }
    for page in added {
        let path = page.path.clone();
        let Ok((added, problems)) = site::add_page(&mut current.site, page) else {
            return false;
        };
        current.search.insert_page(added.index);
        for views in &mut current.languages {
            views.summaries.insert_page(added.index);
        }
        diagnostics.extend(problems);
        reached.paths.insert(path.clone());
        reached.sitemap.insert(path);
        reached.around(&current.site, added.index);
    }
    true
}
