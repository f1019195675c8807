//! The site `serve` keeps in memory, and rebuilds after a change.
//!
//! After a good build the resolved [`Site`], the [`Renderer`] and the views
//! shared by all pages of a language stay in memory. An edit that leaves a
//! page's front matter as it was is patched into the resolved site without
//! resolving again; so is one whose page keeps its place (URL, aliases,
//! section), with its section re-sorted ([`edits`]). A page added or
//! deleted is put into or taken out of the resolved site ([`structure`]).
//! Other changes of Markdown files, and changes of data files, re-read
//! only those files and resolve the site again (in memory).
//! If the shape of the site stayed the same (the same URLs, sections,
//! translations, aliases and pagination), only the affected pages are
//! rendered again (see [`super::affected`]): the changed pages; when a
//! page's summary (title, date, summary, areas) changed, its section, its
//! section's pages when it is a section, its area pages and the search
//! page; and when the views every template may see (`site`, `data`, the
//! collections' items) changed, the pages that read what changed (see
//! [`super::deps`]). The search index keeps its entries of unchanged pages.
//! A change of templates alone renders the pages whose templates reach
//! the edited ones ([`templates`]); another theme change renders the whole
//! site from memory; site.yaml, static files, folders, or any change after
//! an error load the site again from disk. Either way only files whose
//! bytes changed are written (pages are compared with the fingerprints of
//! what was written, [`super::written`]), and the result is
//! byte-identical to `alianse build`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::build::{self, BuildOptions};
use crate::error::{Diagnostic, Diagnostics};
use crate::output;
use crate::paths::OutputFile;
use crate::render::context::{LanguageData, ViewBuilder};
use crate::render::{Job, Renderer};
use crate::site::{self, Site};
use crate::site_files::search::SearchCache;
use crate::site_files::{Changed, site_files};

use super::affected::{Affected, Shape, is_among, summaries};
use super::deps::{Reach, Reads};
use super::reload::{
    into_parts, load_body_edits, load_page_edits, load_renderer, reload_data, reload_pages,
};
use super::watch::ChangeSet;
use super::written::{Sorted, Written};

mod edits;
mod records;
mod structure;
mod templates;

use edits::language_data;

/// Which render jobs a rebuild renders.
type Select<'a> = dyn Fn(&Job, &LanguageData, &Site, &Reads) -> bool + Sync + 'a;

/// What one rebuild did, for the line printed after it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rebuild {
    /// True when only the affected pages were rendered.
    pub incremental: bool,
    /// HTML pages rendered.
    pub rendered: usize,
    /// Output paths whose bytes changed (written or removed).
    pub changed: Vec<String>,
    pub elapsed: Duration,
    /// Warnings found on the way (the build goes on).
    pub warnings: Vec<Diagnostic>,
}

impl Rebuild {
    /// `3 pages rendered, 2 files written in 12 ms (incremental)`.
    pub(crate) fn describe(&self) -> String {
        let pages = msg!("serve.rendered", count = self.rendered);
        let files = msg!("serve.written", count = self.changed.len());
        let ms = self.elapsed.as_millis();
        if self.incremental {
            msg!("serve.rebuild", pages = pages, files = files, ms = ms).to_string()
        } else {
            msg!("serve.rebuild-full", pages = pages, files = files, ms = ms).to_string()
        }
    }

    /// Whether only stylesheets changed, so the browser may swap them in.
    pub(crate) fn css_only(&self) -> bool {
        !self.changed.is_empty() && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

/// The last good site, in memory.
struct Current {
    site: Site,
    renderer: Renderer,
    languages: Vec<LanguageData>,
    static_files: Vec<String>,
    shape: Shape,
    /// Search index entries of the pages, by source path.
    search: SearchCache,
    /// The bytes last written of the site-wide files (feeds, sitemap,
    /// search indexes, redirects), to compare without reading the disk.
    generated: HashMap<String, Vec<u8>>,
    /// What the templates read of `data`.
    reads: Reads,
    /// The fingerprints of the pages written.
    written: Written,
}

/// [`Current`] while its site is taken apart to be resolved again.
struct Kept {
    renderer: Renderer,
    languages: Vec<LanguageData>,
    static_files: Vec<String>,
    shape: Shape,
    search: SearchCache,
    generated: HashMap<String, Vec<u8>>,
    reads: Reads,
    written: Written,
}

impl Current {
    fn take_site(self) -> (Kept, Site) {
        let Current {
            site,
            renderer,
            languages,
            static_files,
            shape,
            search,
            generated,
            reads,
            written,
        } = self;
        let kept = Kept {
            renderer,
            languages,
            static_files,
            shape,
            search,
            generated,
            reads,
            written,
        };
        (kept, site)
    }
}

impl Kept {
    fn with_site(self, site: Site) -> Current {
        let Kept {
            renderer,
            languages,
            static_files,
            shape,
            search,
            generated,
            reads,
            written,
        } = self;
        Current {
            site,
            renderer,
            languages,
            static_files,
            shape,
            search,
            generated,
            reads,
            written,
        }
    }
}

/// The site as `serve` holds it between rebuilds.
pub(crate) struct SiteState {
    options: BuildOptions,
    /// `None` before the first good build and after a failed one: the next
    /// rebuild then loads everything from disk.
    current: Option<Current>,
}

impl SiteState {
    pub(crate) fn new(options: BuildOptions) -> SiteState {
        SiteState {
            options,
            current: None,
        }
    }

    /// Drops the site held in memory: the next rebuild loads from disk.
    pub(crate) fn forget(&mut self) {
        self.current = None;
    }

    pub(crate) fn output_dir(&self) -> PathBuf {
        self.options.output_dir()
    }

    /// Brings the output up to date with a batch of changes.
    pub(crate) fn rebuild(&mut self, changes: &ChangeSet) -> Result<Rebuild, Diagnostics> {
        let started = Instant::now();
        let reload_all =
            changes.everything || changes.config || changes.static_files || self.current.is_none();
        let mut result = match self.current.take() {
            Some(current) if !reload_all && changes.theme => self.theme_changed(current, changes),
            Some(current) if !reload_all && changes.data && changes.pages.is_empty() => {
                self.data_changed(current)
            }
            Some(current) if !reload_all && changes.data => {
                self.resolve_again(current, &changes.pages, true)
            }
            Some(current) if !reload_all => self.pages_changed(current, &changes.pages),
            _ => self.load_from_disk(),
        };
        if let Ok(r) = &mut result {
            r.elapsed = started.elapsed();
        }
        result
    }

    /// Loads, resolves and renders the whole site from disk.
    pub(crate) fn load_everything(&mut self) -> Result<Rebuild, Diagnostics> {
        let started = Instant::now();
        let mut result = self.load_from_disk();
        if let Ok(r) = &mut result {
            r.elapsed = started.elapsed();
        }
        result
    }

    fn load_from_disk(&mut self) -> Result<Rebuild, Diagnostics> {
        self.current = None;
        let mut diagnostics = Diagnostics::new();
        let out = self.output_dir();
        if let Err(d) = build::guard_output_location(&self.options.root, &out)
            .and_then(|()| output::check_output_dir(&out))
        {
            diagnostics.push(d);
            return Err(diagnostics);
        }
        let Some(loaded) = build::load(&self.options, &mut diagnostics) else {
            return Err(fail(diagnostics));
        };
        let renderer = load_renderer(&self.options.root, &loaded.config);
        let static_files = loaded.static_files;
        let (site, problems) =
            site::resolve(loaded.config, loaded.pages, loaded.data, &static_files);
        diagnostics.extend(problems);
        let renderer = match renderer {
            Ok(r) => r,
            Err(problems) => {
                diagnostics.extend(problems);
                return Err(fail(diagnostics));
            }
        };
        self.render_everything(site, renderer, static_files, diagnostics)
    }

    /// Markdown files changed, appeared or went away.
    fn pages_changed(
        &mut self,
        current: Current,
        changed: &BTreeSet<String>,
    ) -> Result<Rebuild, Diagnostics> {
        match load_body_edits(&self.options, &current.site, changed) {
            Some(edits) => self.body_edits(current, changed, edits),
            None => match load_page_edits(&self.options, &current.site, changed) {
                Some((edits, problems)) => {
                    self.front_matter_edits(current, changed, edits, problems)
                }
                None => self.pages_added_or_removed(current, changed),
            },
        }
    }

    /// Pages were added, removed or their front matter changed, or data
    /// changed: resolve the whole site again (in memory), then render what
    /// the change reaches.
    fn resolve_again(
        &mut self,
        current: Current,
        changed: &BTreeSet<String>,
        data_changed: bool,
    ) -> Result<Rebuild, Diagnostics> {
        let markdown = build::markdown_settings(&current.site.config);
        let old_summaries = summaries(&current.site, &current.renderer, markdown, changed);
        let mut diagnostics = Diagnostics::new();
        let (current, site) = current.take_site();
        let (config, mut sources, mut data) = into_parts(site);
        reload_pages(
            &self.options,
            &mut sources,
            changed,
            markdown,
            &config,
            &mut diagnostics,
        );
        if data_changed {
            data = reload_data(&self.options, &mut diagnostics);
        }
        let (site, problems) = site::resolve(config, sources, data, &current.static_files);
        diagnostics.extend(problems);
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        let mut current = current.with_site(site);
        let new_summaries = summaries(&current.site, &current.renderer, markdown, changed);
        let new_shape = Shape::of(&current.site);
        let affected = new_shape
            .same_as(&current.shape)
            .then(|| Affected::find(&current.site, changed, &old_summaries, &new_summaries))
            .flatten();
        let Some(mut affected) = affected else {
            return self.everything_from(current, diagnostics);
        };
        affected.add_reordered(&current.shape.reordered(&new_shape));
        current.shape = new_shape;
        if !self.views_again(&mut current, &mut affected, data_changed, changed) {
            return self.everything_from(current, diagnostics);
        }
        // The same pages in the same order: the search cache holds.
        for (i, page) in current.site.pages.iter().enumerate() {
            if is_among(changed, &page.source.path) {
                current.search.forget(i);
            }
        }
        if data_changed {
            current.search.forget_data();
        }
        self.render_affected(current, &affected, Changed::All, diagnostics)
    }

    /// Builds the per-language views again and adds to `affected` the jobs
    /// that read what changed in them; false when a collection gained or
    /// lost items (every job may have moved).
    fn views_again(
        &self,
        current: &mut Current,
        affected: &mut Affected,
        data: bool,
        changed: &BTreeSet<String>,
    ) -> bool {
        let markdown = build::markdown_settings(&current.site.config);
        if !data {
            let changed: HashSet<usize> = (current.site.pages.iter().enumerate())
                .filter(|(_, p)| !p.synthetic && is_among(changed, &p.source.path))
                .map(|(i, _)| i)
                .collect();
            let Current {
                site,
                renderer,
                languages,
                ..
            } = current;
            for views in languages.iter_mut() {
                for &i in &changed {
                    views.summaries.forget(i);
                }
                let lang = views.lang.clone();
                let builder = ViewBuilder {
                    site,
                    lang: &lang,
                    strings: renderer.strings(),
                    markdown,
                };
                let reach = Reach::pages_again(views, &builder, &changed);
                affected.add_reach(site, &lang, reach);
            }
            return true;
        }
        let languages = language_data(&current.site, &current.renderer);
        for (old, new) in current.languages.iter().zip(&languages) {
            match Reach::between(old, new) {
                Some(reach) => affected.add_reach(&current.site, &new.lang, reach),
                None => return false,
            }
        }
        current.languages = languages;
        true
    }

    /// Renders every page of a site already resolved.
    fn everything_from(
        &mut self,
        current: Current,
        diagnostics: Diagnostics,
    ) -> Result<Rebuild, Diagnostics> {
        let Current {
            site,
            renderer,
            static_files,
            ..
        } = current;
        self.render_everything(site, renderer, static_files, diagnostics)
    }

    /// Renders the affected pages with the per-language views, makes the
    /// site-wide files again, and writes what changed.
    fn render_affected(
        &mut self,
        current: Current,
        affected: &Affected,
        generated: Changed,
        diagnostics: Diagnostics,
    ) -> Result<Rebuild, Diagnostics> {
        affected.keep_search_pieces(&current.languages, &current.site, &current.reads);
        let select = |job: &Job, lang: &LanguageData, site: &Site, reads: &Reads| {
            affected.selects(job.kind, lang, site, reads)
        };
        self.render_selected(current, &select, Some(generated), diagnostics)
    }

    /// Renders the pages `select` accepts, and the site-wide files of
    /// `generated` (none: they stay), and writes what changed.
    fn render_selected(
        &mut self,
        mut current: Current,
        select: &Select<'_>,
        generated: Option<Changed>,
        mut diagnostics: Diagnostics,
    ) -> Result<Rebuild, Diagnostics> {
        let markdown = build::markdown_settings(&current.site.config);
        let out = self.output_dir();
        let Current {
            site,
            renderer,
            languages,
            search,
            reads,
            written,
            ..
        } = &mut current;
        let (renderer, written): (&Renderer, &Written) = (renderer, written);
        let select = |job: &Job, lang: &LanguageData| select(job, lang, site, reads);
        // Each page is compared with the fingerprint of what was written as
        // soon as it is rendered: the unchanged ones are not kept.
        let check = |f: OutputFile| written.check(&out, f);
        let ((pages, problems), site_wide) = rayon::join(
            || renderer.render_jobs_into(site, languages, markdown, &select, &check),
            || generated.map(|g| site_files(site, renderer.strings(), search, g)),
        );
        diagnostics.extend(problems);
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        // An edit may add an image; variant names carry their content hash,
        // so one already in output/ is already right.
        let images: Vec<_> = (crate::site_files::image_files(site).into_iter())
            .filter(|f| !out.join(&f.path).exists())
            .collect();
        let rendered = pages.len() + images.len();
        // Pages that differ from what was written, and site-wide files that
        // differ from the bytes last written, are written without reading
        // output/'s copies (a feed or sitemap is megabytes).
        let images = images.into_iter().filter_map(check);
        let sorted = Sorted::of(pages.into_iter().flatten().chain(images));
        let mut files = sorted.unknown;
        let known = files.len();
        files.extend(sorted.different);
        let pages_end = files.len();
        files.extend(
            (site_wide.unwrap_or_default().into_iter())
                .filter(|f| current.generated.get(&f.path) != Some(&f.bytes)),
        );
        let applied = output::apply_changed_known(&out, &files, known).map_err(|failure| {
            diagnostics.push(failure.diagnostic);
            fail(diagnostics.clone())
        })?;
        diagnostics.extend(applied.warnings);
        current.written.keep(sorted.prints);
        // Moved in rather than copied.
        for f in files.drain(pages_end..) {
            current.generated.insert(f.path, f.bytes);
        }
        let mut changed = applied.paths;
        // Search index parts the index no longer has (it has fewer parts).
        for rel in current.search.take_gone() {
            current.generated.remove(&rel);
            if crate::safe_fs::remove(&out, &rel).unwrap_or(false) {
                crate::safe_fs::remove_empty_parents(&out, &rel);
                changed.push(rel);
                changed.sort();
            }
        }
        self.current = Some(current);
        Ok(Rebuild {
            incremental: true,
            rendered,
            changed,
            elapsed: Duration::ZERO,
            warnings: diagnostics.warnings().cloned().collect(),
        })
    }
    /// Renders all pages and applies the whole site to the output folder.
    fn render_everything(
        &mut self,
        site: Site,
        renderer: Renderer,
        static_files: Vec<String>,
        mut diagnostics: Diagnostics,
    ) -> Result<Rebuild, Diagnostics> {
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        let markdown = build::markdown_settings(&site.config);
        let languages = language_data(&site, &renderer);
        // As in a build: the site-wide files are made while the pages render.
        let mut search = SearchCache::default();
        let ((mut files, problems), site_wide) = rayon::join(
            || renderer.render_jobs(&site, &languages, markdown, &|_, _| true),
            || site_files(&site, renderer.strings(), &mut search, Changed::All),
        );
        diagnostics.extend(problems);
        let rendered = files.len();
        let written = Written::of(&files);
        files.extend(renderer.theme_files(&static_files));
        let generated: HashMap<String, Vec<u8>> = site_wide
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        files.extend(site_wide);
        files.extend(crate::site_files::image_files(&site));
        let static_dir = self.options.root.join("content/static");
        match output::read_static(&static_dir, &site.images.static_to_copy(&static_files)) {
            Ok(statics) => files.extend(statics),
            Err(d) => diagnostics.push(d),
        }
        build::sort_and_check(
            &mut files,
            &site,
            &static_files,
            &self.output_dir(),
            &mut diagnostics,
        );
        diagnostics.extend(crate::site::checks::generated_anchors(&site, &files));
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        let applied =
            output::apply_with_inputs(&self.output_dir(), &files, 0).map_err(|failure| {
                diagnostics.push(failure.diagnostic);
                fail(diagnostics.clone())
            })?;
        diagnostics.extend(applied.warnings);
        let changed = applied.paths;
        let shape = Shape::of(&site);
        self.current = Some(Current {
            site,
            reads: Reads::of(&renderer),
            renderer,
            languages,
            static_files,
            shape,
            search,
            generated,
            written,
        });
        Ok(Rebuild {
            incremental: false,
            rendered,
            changed,
            elapsed: Duration::ZERO,
            warnings: diagnostics.warnings().cloned().collect(),
        })
    }
}

fn fail(mut diagnostics: Diagnostics) -> Diagnostics {
    diagnostics.sort();
    diagnostics
}
