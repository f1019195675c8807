//! The site `serve` keeps in memory, and rebuilds after a change.
//!
//! After a good build the resolved [`Site`], the [`Renderer`] and the views
//! shared by all pages of a language stay in memory. A change of Markdown
//! files re-reads only those files and resolves again (no I/O). If the shape
//! of the site stayed the same (the same URLs, sections, translations,
//! aliases and pagination) and no changed page is shown in the news list,
//! only the affected pages are rendered again: the changed pages; and, when
//! a page's summary (title, date, summary, areas) changed, its section, its
//! section's pages when it is a section, its area pages and the search page
//! (see [`super::affected`]). An edit that leaves the front matter as it was
//! is patched into the resolved site without resolving again. The search
//! index keeps its entries of unchanged pages. A theme, template or data
//! change renders the whole site from memory (every template sees the
//! data); site.yaml, static files, folders, or any change after an error
//! load the site again from disk. Either way only files whose bytes
//! changed are written, and the result is byte-identical to `alianse build`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, BuildOptions};
use crate::collections::SiteData;
use crate::config::{Config, FeedContent};
use crate::content::{self, LoadOptions, SourcePage};
use crate::error::{Diagnostic, Diagnostics};
use crate::output;
use crate::render::Renderer;
use crate::render::context::LanguageData;
use crate::site::{self, Site};
use crate::site_files::search::SearchCache;
use crate::site_files::{Changed, site_files};
use crate::theme::Theme;

use super::affected::{Affected, Shape, summaries};
use super::watch::ChangeSet;

/// What one rebuild did, for the line printed after it.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
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
    pub fn describe(&self) -> String {
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
    pub fn css_only(&self) -> bool {
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
}

/// The site as `serve` holds it between rebuilds.
pub struct SiteState {
    options: BuildOptions,
    /// `None` before the first good build and after a failed one: the next
    /// rebuild then loads everything from disk.
    current: Option<Current>,
}

impl SiteState {
    pub fn new(options: BuildOptions) -> SiteState {
        SiteState {
            options,
            current: None,
        }
    }

    /// Drops the site held in memory: the next rebuild loads from disk.
    pub fn forget(&mut self) {
        self.current = None;
    }

    pub fn output_dir(&self) -> PathBuf {
        self.options.output_dir()
    }

    /// Brings the output up to date with a batch of changes.
    pub fn rebuild(&mut self, changes: &ChangeSet) -> Result<Rebuild, Diagnostics> {
        let started = Instant::now();
        let reload_all =
            changes.everything || changes.config || changes.static_files || self.current.is_none();
        let mut result = match self.current.take() {
            Some(current) if !reload_all && (changes.theme || changes.data) => {
                self.rerender(current, changes)
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
    pub fn load_everything(&mut self) -> Result<Rebuild, Diagnostics> {
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

    /// A theme, template or data change: the pages kept in memory (and the
    /// changed ones read again) with new data or a new renderer, resolved
    /// and rendered in full.
    fn rerender(&mut self, current: Current, changes: &ChangeSet) -> Result<Rebuild, Diagnostics> {
        let Current {
            site,
            renderer,
            static_files,
            ..
        } = current;
        let (config, mut sources, mut data) = into_parts(site);
        let mut diagnostics = Diagnostics::new();
        let markdown = build::markdown_settings(&config);
        self.reload_pages(
            &mut sources,
            &changes.pages,
            markdown,
            &config,
            &mut diagnostics,
        );
        if changes.data {
            data = self.reload_data(&mut diagnostics);
        }
        let renderer = if changes.theme {
            match load_renderer(&self.options.root, &config) {
                Ok(r) => r,
                Err(problems) => {
                    diagnostics.extend(problems);
                    return Err(fail(diagnostics));
                }
            }
        } else {
            renderer
        };
        let (site, problems) = site::resolve(config, sources, data, &static_files);
        diagnostics.extend(problems);
        self.render_everything(site, renderer, static_files, diagnostics)
    }

    /// Members, areas and reports read and checked again, as `build` does.
    fn reload_data(&self, diagnostics: &mut Diagnostics) -> SiteData {
        let content_dir = self.options.root.join("content");
        let shown = Path::new("content/data");
        let (data, problems) = crate::collections::load(&content_dir.join("data"), shown);
        diagnostics.extend(problems);
        diagnostics.extend(crate::collections::check(
            &data,
            &content_dir.join("data"),
            shown,
            &content_dir.join("static"),
        ));
        data
    }

    /// Markdown files changed, appeared or went away.
    fn pages_changed(
        &mut self,
        current: Current,
        changed: &BTreeSet<String>,
    ) -> Result<Rebuild, Diagnostics> {
        match self.load_body_edits(&current.site, changed) {
            Some(edits) => self.body_edits(current, changed, edits),
            None => self.resolve_again(current, changed),
        }
    }

    /// The changed pages, if every one of them is an existing page whose
    /// front matter is unchanged (so only its body changed).
    fn load_body_edits(
        &self,
        site: &Site,
        changed: &BTreeSet<String>,
    ) -> Option<Vec<(usize, SourcePage)>> {
        let narratives: HashSet<usize> = site.report_texts.values().copied().collect();
        let content_dir = self.options.root.join("content");
        let options = LoadOptions {
            content_dir: &content_dir,
            shown_dir: Path::new("content"),
            languages: site.config.language_codes(),
            default_language: &site.config.default_language,
            markdown: build::markdown_settings(&site.config),
            drafts: self.options.drafts,
        };
        let mut edits = Vec::new();
        for rel in changed {
            let i = site
                .pages
                .iter()
                .position(|p| !p.synthetic && &p.source.path == rel)?;
            if narratives.contains(&i) || !is_page_file(&content_dir, rel) {
                return None;
            }
            let page = content::load_page(rel, &options).ok()??;
            let front = |text: &str| {
                content::split_front_matter(text)
                    .ok()
                    .map(|f| f.0.to_string())
            };
            if front(&page.source)? != front(&site.pages[i].source.source)? {
                return None;
            }
            edits.push((i, page));
        }
        Some(edits)
    }

    /// Only page bodies changed: the site is patched in place, no resolve.
    fn body_edits(
        &mut self,
        current: Current,
        changed: &BTreeSet<String>,
        edits: Vec<(usize, SourcePage)>,
    ) -> Result<Rebuild, Diagnostics> {
        let Current {
            mut site,
            renderer,
            languages,
            static_files,
            shape,
            mut search,
            generated,
        } = current;
        let markdown = build::markdown_settings(&site.config);
        let old_summaries = summaries(&site, &renderer, markdown, changed);
        let mut diagnostics = Diagnostics::new();
        for (i, page) in edits {
            search.forget(i);
            diagnostics.extend(build::page_warnings(&page));
            diagnostics.extend(site::replace_body(&mut site, i, page));
        }
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        let new_summaries = summaries(&site, &renderer, markdown, changed);
        let feeds =
            site.config.feeds.content == FeedContent::Full || old_summaries != new_summaries;
        match Affected::find(&site, changed, &old_summaries, &new_summaries) {
            Some(affected) => {
                let current = Current {
                    site,
                    renderer,
                    languages,
                    static_files,
                    shape,
                    search,
                    generated,
                };
                self.render_affected(current, &affected, Changed::BodyOnly { feeds }, diagnostics)
            }
            None => self.render_everything(site, renderer, static_files, diagnostics),
        }
    }

    /// Pages were added, removed or their front matter changed: resolve the
    /// whole site again (in memory), then render what the change reaches.
    fn resolve_again(
        &mut self,
        current: Current,
        changed: &BTreeSet<String>,
    ) -> Result<Rebuild, Diagnostics> {
        let Current {
            site,
            renderer,
            languages,
            static_files,
            shape,
            mut search,
            generated,
        } = current;
        let markdown = build::markdown_settings(&site.config);
        let old_summaries = summaries(&site, &renderer, markdown, changed);
        let (config, mut sources, data) = into_parts(site);
        let mut diagnostics = Diagnostics::new();
        self.reload_pages(&mut sources, changed, markdown, &config, &mut diagnostics);
        let (site, problems) = site::resolve(config, sources, data, &static_files);
        diagnostics.extend(problems);
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        let new_summaries = summaries(&site, &renderer, markdown, changed);
        let new_shape = Shape::of(&site);
        let affected = (new_shape == shape)
            .then(|| Affected::find(&site, changed, &old_summaries, &new_summaries))
            .flatten();
        match affected {
            Some(affected) => {
                // The same pages in the same order: the search cache holds.
                for (i, page) in site.pages.iter().enumerate() {
                    if changed.contains(&page.source.path) {
                        search.forget(i);
                    }
                }
                let current = Current {
                    site,
                    renderer,
                    languages,
                    static_files,
                    shape: new_shape,
                    search,
                    generated,
                };
                self.render_affected(current, &affected, Changed::All, diagnostics)
            }
            None => self.render_everything(site, renderer, static_files, diagnostics),
        }
    }

    /// Renders the affected pages with the kept per-language views, makes
    /// the site-wide files again, and writes what changed.
    fn render_affected(
        &mut self,
        mut current: Current,
        affected: &Affected,
        generated: Changed,
        mut diagnostics: Diagnostics,
    ) -> Result<Rebuild, Diagnostics> {
        let markdown = build::markdown_settings(&current.site.config);
        let Current {
            site,
            renderer,
            languages,
            search,
            ..
        } = &mut current;
        let select =
            |job: &crate::render::Job, lang: &LanguageData| affected.selects(job.kind, lang);
        let renderer: &Renderer = renderer;
        let ((pages, problems), site_wide) = rayon::join(
            || renderer.render_jobs(site, languages, markdown, &select),
            || site_files(site, renderer.strings(), search, generated),
        );
        diagnostics.extend(problems);
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        let out = self.output_dir();
        // An edit may add an image; variant names carry their content hash,
        // so one already in output/ is already right.
        let mut pages = pages;
        pages.extend(
            crate::site_files::image_files(site)
                .into_iter()
                .filter(|f| !out.join(&f.path).exists()),
        );
        let rendered = pages.len();
        // Site-wide files the last write already holds are not compared
        // with output/ again.
        let site_wide: Vec<_> = site_wide
            .into_iter()
            .filter(|f| current.generated.get(&f.path) != Some(&f.bytes))
            .collect();
        pages.extend(site_wide.iter().cloned());
        let applied = output::apply_changed(&out, &pages).map_err(|failure| {
            diagnostics.push(failure.diagnostic);
            fail(diagnostics.clone())
        })?;
        diagnostics.extend(applied.warnings);
        current
            .generated
            .extend(site_wide.into_iter().map(|f| (f.path, f.bytes)));
        let changed = applied.paths;
        self.current = Some(current);
        Ok(Rebuild {
            incremental: true,
            rendered,
            changed,
            elapsed: Duration::ZERO,
            warnings: diagnostics.warnings().cloned().collect(),
        })
    }

    /// Re-reads the changed Markdown files into `sources`: replaced, added,
    /// or removed when the file is gone or became a draft.
    fn reload_pages(
        &self,
        sources: &mut Vec<SourcePage>,
        changed: &BTreeSet<String>,
        markdown: crate::content::markdown::MarkdownSettings,
        config: &Config,
        diagnostics: &mut Diagnostics,
    ) {
        if changed.is_empty() {
            return;
        }
        let content_dir = self.options.root.join("content");
        let options = LoadOptions {
            content_dir: &content_dir,
            shown_dir: Path::new("content"),
            languages: config.language_codes(),
            default_language: &config.default_language,
            markdown,
            drafts: self.options.drafts,
        };
        sources.retain(|p| !changed.contains(&p.path));
        let present: Vec<&String> = changed
            .iter()
            .filter(|rel| is_page_file(&content_dir, rel))
            .collect();
        let loaded: Vec<_> = present
            .par_iter()
            .map(|rel| content::read_page(rel, &options))
            .collect();
        for result in loaded {
            diagnostics.extend(result.problems);
            if let Some(page) = result.page {
                diagnostics.extend(build::page_warnings(&page));
                sources.push(page);
            }
        }
        // A new file's name is checked as a full build checks it.
        let mut files: Vec<String> = sources.iter().map(|p| p.path.clone()).collect();
        files.sort();
        diagnostics.extend(
            content::names::check(
                &files,
                Path::new("content"),
                &config.language_codes(),
                &config.default_language,
            )
            .into_iter()
            .filter(|d| d.is_error()),
        );
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
        let languages = renderer.language_data(&site, markdown);
        let (mut files, problems) = renderer.render_jobs(&site, &languages, markdown, &|_, _| true);
        diagnostics.extend(problems);
        let rendered = files.len();
        files.extend(renderer.theme_files(&static_files));
        // Publications' feeds depend on data only, which an incremental
        // rebuild never changes: they are made here.
        files.extend(renderer.publication_feeds(&site));
        let mut search = SearchCache::default();
        let site_wide = site_files(&site, renderer.strings(), &mut search, Changed::All);
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
            renderer,
            languages,
            static_files,
            shape,
            search,
            generated,
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

fn load_renderer(root: &Path, config: &Config) -> Result<Renderer, Vec<Diagnostic>> {
    Theme::load(root, &config.theme)
        .map_err(|d| vec![d])
        .and_then(|t| Renderer::new(t, &config.language_codes()))
}

/// Whether `rel` names a Markdown file that `build` would load.
fn is_page_file(content_dir: &Path, rel: &str) -> bool {
    let top = rel.split('/').next().unwrap_or("");
    content_dir.join(rel).is_file()
        && top != "static"
        && top != "data"
        && !rel.split('/').any(|s| s.starts_with('.'))
}

/// Takes a resolved site apart into what `resolve` needs again.
fn into_parts(site: Site) -> (Config, Vec<SourcePage>, SiteData) {
    let sources = site
        .pages
        .into_iter()
        .filter(|p| !p.synthetic)
        .map(|p| p.source)
        .collect();
    (site.config, sources, site.data)
}
