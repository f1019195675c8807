//! The render phase: the theme's Tera 2 templates applied to every page of
//! the resolved site, in parallel, with translation, date and number
//! functions; report charts; and links rewritten so the output works on any
//! host. Produces files in memory; the `output` module writes them.

mod area_split;
pub mod card_split;
mod collection_pages;
pub mod context;
mod embeds;
mod functions;
pub mod image_views;
pub mod limits;
pub mod links;
pub mod nav;
pub mod open_data;
mod pages;
pub mod search_split;
pub mod strings;
pub mod structured;
pub mod template_checks;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::collections::Collection;
use crate::content::markdown::MarkdownSettings;
use crate::error::{Diagnostic, ErrorKind};
use crate::paths::OutputFile;
use crate::site::Site;
use crate::theme::Theme;
use context::{LanguageData, ViewBuilder};
use strings::Strings;

/// The HTML page kinds and the template each uses by default.
pub const TEMPLATES: [(&str, &str); 14] = [
    ("home", "index.html"),
    ("page", "page.html"),
    ("section", "section.html"),
    ("not_found", "404.html"),
    ("members", "members.html"),
    ("member", "member.html"),
    ("areas", "areas.html"),
    ("area", "area.html"),
    ("reports", "reports.html"),
    ("report", "report.html"),
    ("publications", "publications.html"),
    ("publication", "publication.html"),
    ("search", "search.html"),
    ("base", "base.html"),
];

/// Tera with the theme's templates and alianse's functions and filters.
pub struct Renderer {
    tera: Tera,
    /// Template name → file shown in messages.
    template_files: HashMap<String, std::path::PathBuf>,
    strings: Arc<Strings>,
    /// Theme static files with their fingerprinted output paths.
    assets: Arc<BTreeMap<String, String>>,
    theme: Theme,
    /// The pipeline of the site being rendered, for `image()`.
    images: crate::images::template::Slot,
    /// Which components call which, to place endless recursion.
    components: template_checks::ComponentCalls,
    /// search.html in pieces, when `serve` asked for it and it splits
    /// (see [`search_split`]).
    search_split: Option<search_split::Split>,
    /// area.html in pieces, likewise (see [`area_split`]).
    area_split: Option<area_split::AreaSplit>,
    /// The members page's cards, kept in `serve` ([`card_split`]).
    cards: Option<Box<card_split::Cards>>,
}

impl Renderer {
    /// The renderer of a theme for a site's languages; `timezone` is the
    /// site's (`timezone:` of site.yaml), for dates given as moments.
    pub fn new(
        theme: Theme,
        languages: &[String],
        timezone: Option<&str>,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let clock = Arc::new(crate::schedule::Clock::of_zone(timezone));
        let strings = Arc::new(Strings::load(&theme, languages)?);
        let assets: BTreeMap<String, String> = theme
            .static_files()
            .map(|(rel, file)| (rel.to_string(), fingerprinted(rel, &file.bytes)))
            .collect();
        let assets = Arc::new(assets);
        let mut tera = Tera::new();
        functions::register_functions(&mut tera, strings.clone(), assets.clone(), clock.clone());
        let images = crate::images::template::Slot::default();
        crate::images::template::register(&mut tera, images.clone());
        let (sources, template_files) = template_sources(&theme)?;
        let mut problems = Vec::new();
        let shown: Vec<template_checks::Source> = sources
            .iter()
            .map(|(name, text)| template_checks::Source {
                name,
                shown: &template_files[name],
                text,
            })
            .collect();
        let growth = template_checks::check_growth(&shown);
        let components = template_checks::ComponentCalls::new(&shown);
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            if let Some(d) = template_checks::circular_error(&e, &shown, &template_files) {
                problems.push(d);
                problems.extend(growth);
                return Err(problems);
            }
            // Parse each template alone to report every syntax error, not just the first.
            for (name, text) in &sources {
                let mut single = Tera::new();
                functions::register_functions(
                    &mut single,
                    strings.clone(),
                    assets.clone(),
                    clock.clone(),
                );
                crate::images::template::register(&mut single, images.clone());
                if let Err(e) = single.add_raw_template(name, text)
                    && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
                {
                    problems.push(template_error(&e, &template_files));
                }
            }
            if problems.is_empty() {
                problems.push(template_error(&e, &template_files));
            }
            problems.extend(growth);
            return Err(problems);
        }
        problems.extend(growth);
        problems.extend(missing_templates(&tera));
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Renderer {
            tera,
            template_files,
            strings,
            assets,
            theme,
            images,
            components,
            search_split: None,
            area_split: None,
            cards: None,
        })
    }

    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// The theme's templates that are UTF-8, as (name, text).
    pub fn template_texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.theme
            .templates()
            .filter_map(|(name, f)| std::str::from_utf8(&f.bytes).ok().map(|t| (name, t)))
    }

    /// Renders the whole site (pages, theme files, publication feeds),
    /// handing each file to `sink` as soon as it is made (a build stages it
    /// in the output folder and keeps only its path), so that the rendered
    /// site is never all in memory.
    pub fn render_site_into<T: Send>(
        &self,
        site: &Site,
        markdown: MarkdownSettings,
        static_files: &[String],
        sink: &(dyn Fn(OutputFile) -> T + Sync),
    ) -> (Vec<T>, Vec<Diagnostic>) {
        let languages = self.language_data(site, markdown);
        let (mut files, problems) =
            self.render_jobs_into(site, &languages, markdown, &|_, _| true, sink);
        files.extend(self.theme_files(static_files).into_iter().map(sink));
        (files, problems)
    }

    /// The views shared by every page of each language, in language order.
    /// They depend on the whole site; `serve` keeps them between rebuilds
    /// that cannot change them.
    pub fn language_data(&self, site: &Site, markdown: MarkdownSettings) -> Vec<LanguageData> {
        site.config
            .language_codes()
            .par_iter()
            .map(|lang| {
                ViewBuilder {
                    site,
                    lang,
                    strings: &self.strings,
                    markdown,
                }
                .build()
            })
            .collect()
    }

    /// Renders the HTML pages whose job `select` accepts (all of them for a
    /// build; the affected ones for an incremental rebuild), in parallel.
    pub fn render_jobs(
        &self,
        site: &Site,
        languages: &[LanguageData],
        markdown: MarkdownSettings,
        select: &(dyn Fn(&Job, &LanguageData) -> bool + Sync),
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        self.render_jobs_into(site, languages, markdown, select, &|f| f)
    }

    /// Like [`Renderer::render_jobs`], handing each page to `sink` as soon
    /// as it is rendered.
    pub fn render_jobs_into<T: Send>(
        &self,
        site: &Site,
        languages: &[LanguageData],
        markdown: MarkdownSettings,
        select: &(dyn Fn(&Job, &LanguageData) -> bool + Sync),
        sink: &(dyn Fn(OutputFile) -> T + Sync),
    ) -> (Vec<T>, Vec<Diagnostic>) {
        *self.images.write().unwrap_or_else(|e| e.into_inner()) = Some(site.images.clone());
        let jobs: Vec<Job> = jobs(site, languages)
            .into_iter()
            .filter(|job| select(job, &languages[job.lang]))
            .collect();
        let results: Vec<Result<T, Diagnostic>> = jobs
            .par_iter()
            .map(|job| self.render_job(site, languages, job, markdown).map(sink))
            .collect();
        pages::merge_repeats(results)
    }

    /// The theme's static files, under their fingerprinted names. A file the
    /// site's own `static/` has at the same path replaces the theme's (a
    /// site's `favicon.svg` wins over the theme's).
    pub fn theme_files(&self, site_static: &[String]) -> Vec<OutputFile> {
        self.theme
            .static_files()
            .filter(|(rel, _)| {
                let path = self.assets[*rel].trim_start_matches('/');
                !site_static.iter().any(|s| s == path)
            })
            .map(|(rel, file)| OutputFile {
                path: self.assets[rel].trim_start_matches('/').to_string(),
                bytes: file.bytes.clone(),
            })
            .collect()
    }

    fn render_job(
        &self,
        site: &Site,
        languages: &[LanguageData],
        job: &Job,
        markdown: MarkdownSettings,
    ) -> Result<OutputFile, Diagnostic> {
        limits::start_page();
        let lang_data = &languages[job.lang];
        let lang = lang_data.lang.as_str();
        let views = ViewBuilder {
            site,
            lang,
            strings: &self.strings,
            markdown,
        };
        let mut ctx = Context::new();
        ctx.insert_value("site", lang_data.site.clone());
        ctx.insert_value("data", lang_data.data.clone());
        ctx.insert("lang", lang);
        let locale = site.config.languages[lang]
            .locale
            .clone()
            .unwrap_or_else(|| lang.to_string());
        ctx.insert("locale", &locale);
        let mut listed = None;
        let (template, url) = match job.kind {
            JobKind::Content { page, pager } => {
                self.content_page(site, lang_data, &views, (page, pager), &mut ctx)?
            }
            JobKind::List(collection) => self.list_page(site, &views, collection, &mut ctx),
            JobKind::Item(collection, i) => {
                self.item_page(site, lang_data, &views, (collection, i), &mut ctx)
            }
            JobKind::Search => {
                let (template, url, list) = self.search_page(site, lang_data, &views, &mut ctx);
                listed = Some(list);
                (template, url)
            }
            JobKind::NotFound => self.not_found_page(&views, &mut ctx),
        };
        if !ctx.contains_key("json_ld") {
            ctx.insert("json_ld", &self.json_ld(site, lang_data, job));
        }
        // `serve` keeps the search page and the area pages in pieces.
        let pieces = match listed {
            Some(l) => self.search_in_pieces(lang_data, &mut ctx, l),
            None => self.area_in_pieces(lang_data, job.kind, &mut ctx),
        };
        if let Some(html) = pieces {
            return Ok(pages::linked(site, job, url, &html));
        }
        if let Some(html) = self.page_with_cards(lang, &template, &ctx) {
            return Ok(pages::linked(site, job, url, &html));
        }
        self.write_page(site, job, &template, url, &ctx)
    }

    /// Renders `template` with `ctx` into the file of `url`, links rewritten.
    fn write_page(
        &self,
        site: &Site,
        job: &Job,
        template: &str,
        url: String,
        ctx: &Context,
    ) -> Result<OutputFile, Diagnostic> {
        let mut writer = limits::CappedWriter::new(limits::MAX_PAGE_BYTES);
        self.tera
            .render_to(template, ctx, &mut writer)
            .map_err(|e| {
                let what = match &job.kind {
                    JobKind::Content { page, .. } => {
                        site.pages[*page].source.shown.display().to_string()
                    }
                    _ => url.clone(),
                };
                if writer.overflowed {
                    let file = self.template_files.get(template).cloned();
                    let file = file.unwrap_or_else(|| format!("templates/{template}").into());
                    return limits::too_large(&file, &what);
                }
                if template_checks::is_component_recursion(&e) {
                    return self.components.recursion_error(&what);
                }
                let d = template_error(&e, &self.template_files);
                let help = match d.help.clone() {
                    Some(help) if !help.is_empty() => {
                        msg!("render.help-while", help = help, what = &what)
                    }
                    _ => msg!("render.while", what = &what),
                };
                d.with_help(help)
            })?;
        Ok(pages::linked(site, job, url, &writer.bytes))
    }

    fn t(&self, lang: &str, key: &str) -> String {
        self.strings
            .translate(lang, key, None)
            .unwrap_or_else(|_| key.to_string())
    }
}

/// One HTML page to render: a language (index into the language list) and
/// what to render in it.
pub struct Job {
    pub lang: usize,
    pub kind: JobKind,
}

/// What a render job produces. Indexes point into `Site::pages` or into the
/// language's member, area and report views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Content {
        page: usize,
        pager: usize,
    },
    /// A collection's list page.
    List(Collection),
    /// An item page: an index into the language's views of the collection.
    Item(Collection, usize),
    Search,
    NotFound,
}

fn jobs(site: &Site, languages: &[LanguageData]) -> Vec<Job> {
    // A site has a few languages: found by position, not hashed per page.
    let lang_index = |code: &str| languages.iter().position(|l| l.lang == code);
    let mut jobs = Vec::new();
    for i in site.rendered_pages() {
        let page = &site.pages[i];
        let Some(lang) = lang_index(page.lang()) else {
            continue;
        };
        let pagers = if page.source.is_section {
            page.pager_count(&site.config)
        } else {
            1
        };
        for pager in 0..pagers {
            jobs.push(Job {
                lang,
                kind: JobKind::Content { page: i, pager },
            });
        }
    }
    for (lang, data) in languages.iter().enumerate() {
        let push = |jobs: &mut Vec<Job>, kind| jobs.push(Job { lang, kind });
        for collection in Collection::ALL
            .into_iter()
            .filter(|c| c.has_list(&site.data))
        {
            push(&mut jobs, JobKind::List(collection));
        }
        push(&mut jobs, JobKind::NotFound);
        if site.config.search.enabled {
            push(&mut jobs, JobKind::Search);
        }
        for collection in Collection::ALL {
            for i in 0..data.item_count(collection) {
                push(&mut jobs, JobKind::Item(collection, i));
            }
        }
    }
    jobs
}

/// The text of every template by name, and the file each was read from.
type TemplateSources = (Vec<(String, String)>, HashMap<String, std::path::PathBuf>);

/// The theme's templates as text; an error for each that is not UTF-8.
fn template_sources(theme: &Theme) -> Result<TemplateSources, Vec<Diagnostic>> {
    let mut sources = Vec::new();
    let mut template_files = HashMap::new();
    let mut problems = Vec::new();
    for (name, file) in theme.templates() {
        match String::from_utf8(file.bytes.clone()) {
            Ok(text) => {
                template_files.insert(name.to_string(), file.shown.clone());
                sources.push((name.to_string(), text));
            }
            Err(e) => problems.push(Diagnostic::not_utf8(&file.shown, &e)),
        }
    }
    if problems.is_empty() {
        Ok((sources, template_files))
    } else {
        Err(problems)
    }
}

/// An error for each page kind's template the theme lacks.
fn missing_templates(tera: &Tera) -> Vec<Diagnostic> {
    TEMPLATES
        .iter()
        .filter(|(_, name)| !tera.contains_template(name))
        .map(|(_, name)| {
            Diagnostic::error(ErrorKind::Template, msg!("template.missing", name = name))
                .with_help(msg!("template.missing-help", name = name))
        })
        .collect()
}

/// `style.css` → `/style.1a2b3c4d.css`: the name changes when the content
/// does, so hosts can cache theme files for long.
fn fingerprinted(rel: &str, bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    let short = format!("{:08x}", hash as u32);
    let fingerprint = matches!(rel.rsplit('.').next(), Some("css" | "js"));
    match rel.rfind('.') {
        Some(i) if fingerprint => format!("/{}.{short}{}", &rel[..i], &rel[i..]),
        _ => format!("/{rel}"),
    }
}

/// A Tera error as a diagnostic pointing at the template file and line.
fn template_error(e: &tera::Error, files: &HashMap<String, std::path::PathBuf>) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = files.get(report.filename()).cloned().unwrap_or_else(|| {
                std::path::PathBuf::from(format!("templates/{}", report.filename()))
            });
            let span = report.span();
            let mut message = report.message().to_string();
            if let Some(source) = std::error::Error::source(e) {
                message.push_str(&format!(": {source}"));
            }
            let help = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                msg!("template.syntax-help")
            } else {
                msg!("template.render-help")
            };
            Diagnostic::error(
                ErrorKind::Template,
                msg!("template.error", message = message),
            )
            .in_file(file)
            .at(span.start_line, span.start_col + 1)
            .with_help(help)
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            // Some errors carry their place only in the report text: "--> name:line:col".
            let place = message
                .lines()
                .find_map(|l| l.trim().strip_prefix("--> "))
                .and_then(|p| {
                    let mut parts = p.rsplitn(3, ':');
                    let col: usize = parts.next()?.parse().ok()?;
                    let line: usize = parts.next()?.parse().ok()?;
                    Some((parts.next()?.to_string(), line, col))
                });
            let first_line = message
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string();
            match place {
                Some((name, line, col)) => {
                    let file = files
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| std::path::PathBuf::from(format!("templates/{name}")));
                    Diagnostic::error(
                        ErrorKind::Template,
                        msg!("template.error", message = first_line),
                    )
                    .in_file(file)
                    .at(line, col)
                    .with_help(msg!("template.names-help"))
                }
                None => Diagnostic::error(
                    ErrorKind::Template,
                    msg!("template.error", message = message),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_change_with_content() {
        assert_ne!(
            fingerprinted("style.css", b"a"),
            fingerprinted("style.css", b"b")
        );
        assert!(fingerprinted("style.css", b"a").starts_with("/style."));
        assert_eq!(fingerprinted("favicon.svg", b"a"), "/favicon.svg");
    }
}
