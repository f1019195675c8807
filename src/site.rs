//! The resolved site: every page with its URL, language, translations and
//! section, the listings, and every cross-reference checked (links, anchors,
//! areas, duplicate URLs). This is the resolve phase; it reads nothing from
//! disk except to ask whether a static file exists.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::config::Config;
use crate::content::markdown::{LinkTarget, PLACEHOLDER_PREFIX};
use crate::content::{SortBy, SourcePage};
use crate::data::SiteData;
use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::i18n::{Collator, is_slug, slugify};

pub mod page_images;

/// A content page with everything the resolve phase learned about it.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourcePage,
    /// Site path, e.g. `/en/about/`.
    pub url: String,
    /// The section (index into `Site::pages`) this page is listed in.
    pub parent: Option<usize>,
    /// Other language versions (indexes into `Site::pages`).
    pub translations: Vec<usize>,
    /// Sections only: the pages listed, in the section's order.
    pub children: Vec<usize>,
    /// Sections only: the sections directly below.
    pub subsections: Vec<usize>,
    /// The body with internal links turned into URLs.
    pub html: String,
    /// Made by alianse because the site has no `_index.md` for this home.
    pub synthetic: bool,
    /// Every `id` in the body (headings, footnotes, raw HTML), for anchor checks.
    pub anchors: HashSet<String>,
}

impl Page {
    pub fn lang(&self) -> &str {
        &self.source.lang
    }

    pub fn title(&self) -> &str {
        &self.source.front.title
    }

    /// Items per page of a section's list: its own `paginate`, else the site's.
    pub fn page_size(&self, config: &Config) -> usize {
        self.source
            .front
            .paginate
            .as_ref()
            .map(|s| s.value)
            .unwrap_or(config.paginate)
            .max(1)
    }

    /// How many list pages a section has (at least one).
    pub fn pager_count(&self, config: &Config) -> usize {
        self.children.len().div_ceil(self.page_size(config)).max(1)
    }
}

/// What an URL on the site is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Page(usize),
    Generated(String),
    StaticFile,
    Redirect(usize),
}

/// The whole resolved site.
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub data: SiteData,
    /// Narrative pages of reports, by (year, language).
    pub report_texts: HashMap<(i64, String), usize>,
    /// Every path the build produces, for link checks.
    pub urls: HashMap<String, Target>,
    /// Alias path → page.
    pub aliases: Vec<(String, usize)>,
    /// Resolved menus per language: (name, url).
    pub menus: BTreeMap<String, Vec<(String, String)>>,
    /// The processed images (Markdown images, covers, logos, `image()`).
    pub images: std::sync::Arc<crate::images::Pipeline>,
    /// Links to anchors in generated pages, checked once they are rendered.
    pub generated_anchors: Vec<crate::checks::GeneratedAnchor>,
    /// Files left out because another file is the same page in the same
    /// language (an error of its own): (left out, kept).
    pub merged_paths: Vec<(String, String)>,
    /// The other name of each default-language page (`a.lv.md` for `a.md`).
    pub other_names: Vec<(String, usize)>,
}

/// Paths of generated pages, per language, from `collections`.
#[derive(Clone, Copy)]
pub struct Collections<'a> {
    config: &'a Config,
}

impl<'a> Collections<'a> {
    pub fn new(config: &'a Config) -> Self {
        Collections { config }
    }

    fn segment(&self, text: &crate::i18n::LocalisedText, lang: &str) -> String {
        text.get(lang, &self.config.default_language).to_string()
    }

    pub fn home(&self, lang: &str) -> String {
        format!("{}/", self.config.lang_prefix(lang))
    }
    pub fn members(&self, lang: &str) -> String {
        let seg = self.segment(&self.config.collections.members, lang);
        format!("{}/{seg}/", self.config.lang_prefix(lang))
    }
    pub fn member(&self, lang: &str, id: &str) -> String {
        format!("{}{id}/", self.members(lang))
    }
    pub fn areas(&self, lang: &str) -> String {
        let seg = self.segment(&self.config.collections.areas, lang);
        format!("{}/{seg}/", self.config.lang_prefix(lang))
    }
    pub fn area(&self, lang: &str, id: &str) -> String {
        format!("{}{id}/", self.areas(lang))
    }
    pub fn reports(&self, lang: &str) -> String {
        let seg = self.segment(&self.config.collections.reports, lang);
        format!("{}/{seg}/", self.config.lang_prefix(lang))
    }
    pub fn report(&self, lang: &str, year: i64) -> String {
        format!("{}{year}/", self.reports(lang))
    }
    pub fn search(&self, lang: &str) -> String {
        let seg = self.segment(&self.config.collections.search, lang);
        format!("{}/{seg}/", self.config.lang_prefix(lang))
    }
    pub fn not_found(&self, lang: &str) -> String {
        format!("{}/404.html", self.config.lang_prefix(lang))
    }
    pub fn feed(&self, lang: &str) -> String {
        format!("{}/atom.xml", self.config.lang_prefix(lang))
    }
    pub fn area_feed(&self, lang: &str, id: &str) -> String {
        format!("{}atom.xml", self.area(lang, id))
    }
    pub fn search_index(&self, lang: &str) -> String {
        format!("{}/search-index.json", self.config.lang_prefix(lang))
    }
    /// Page `n` (from 2) of a paginated list at `base`.
    pub fn pager(&self, base: &str, lang: &str, n: usize) -> String {
        if n <= 1 {
            base.to_string()
        } else {
            let word = if lang == "lv" { "lapa" } else { "page" };
            format!("{base}{word}/{n}/")
        }
    }
}

/// Resolves loaded pages and data into a site. Returns the problems found;
/// the site is only usable when none of them is an error.
pub fn resolve(
    config: Config,
    mut sources: Vec<SourcePage>,
    data: SiteData,
    static_files: &[String],
) -> (Site, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    sources.sort_by(|a, b| (&a.key, &a.lang, &a.path).cmp(&(&b.key, &b.lang, &b.path)));
    // `a.md` and `a.lv.md` are one page said twice (reported with the file
    // names): one of them is enough to resolve the rest, and links to
    // either file lead to it.
    let mut merged_paths = Vec::new();
    sources.dedup_by(|dropped, kept| {
        let same = dropped.key == kept.key && dropped.lang == kept.lang;
        if same {
            merged_paths.push((dropped.path.clone(), kept.path.clone()));
        }
        same
    });
    let (report_sources, page_sources): (Vec<_>, Vec<_>) = sources
        .into_iter()
        .partition(|p| p.folder() == "reports" && p.stem().parse::<i64>().is_ok());

    // Collecting each page's anchors scans its HTML: in parallel.
    let mut pages: Vec<Page> = {
        use rayon::prelude::*;
        page_sources.into_par_iter().map(new_page).collect()
    };
    add_missing_homes(&config, &mut pages);
    assign_urls(&config, &mut pages, &mut problems);
    link_translations(&mut pages);
    build_sections(&config, &mut pages);

    let (config_root, images) = (config.site_root.clone(), config.images.clone());
    let mut site = Site {
        config,
        pages,
        data,
        report_texts: HashMap::new(),
        urls: HashMap::new(),
        aliases: Vec::new(),
        menus: BTreeMap::new(),
        images: std::sync::Arc::new(crate::images::Pipeline::new(&config_root, &images)),
        generated_anchors: Vec::new(),
        merged_paths,
        other_names: Vec::new(),
    };
    site.other_names = default_language_names(&site);
    attach_report_texts(&mut site, report_sources, &mut problems);
    register_urls(&mut site, static_files, &mut problems);
    check_page_areas(&site, &mut problems);
    check_embeds(&site, &mut problems);
    page_images::prepare(&site, &mut problems);
    resolve_links(&mut site, &mut problems);
    resolve_menus(&mut site, &mut problems);
    problems.extend(crate::checks::pages_without_dates(&site));
    site.generated_anchors = crate::checks::links_into_generated_pages(&site);
    (site, problems)
}

fn new_page(source: SourcePage) -> Page {
    let anchors = anchors_of(&source);
    Page {
        anchors,
        source,
        url: String::new(),
        parent: None,
        translations: Vec::new(),
        children: Vec::new(),
        subsections: Vec::new(),
        html: String::new(),
        synthetic: false,
    }
}

/// Every language gets a home page even if the site has no `_index.md` for it.
fn add_missing_homes(config: &Config, pages: &mut Vec<Page>) {
    for lang in config.language_codes() {
        if pages
            .iter()
            .any(|p| p.source.key == "_index" && p.source.lang == lang)
        {
            continue;
        }
        let front = crate::content::FrontMatter {
            title: config
                .title
                .get(&lang, &config.default_language)
                .to_string(),
            ..Default::default()
        };
        let source = SourcePage {
            path: if lang == config.default_language {
                "_index.md".into()
            } else {
                format!("_index.{lang}.md")
            },
            shown: PathBuf::from("content/_index.md"),
            lang: lang.clone(),
            key: "_index".into(),
            is_section: true,
            front,
            date: None,
            updated: None,
            body_line: 1,
            body: Default::default(),
            source: String::new(),
            failed: false,
        };
        let mut page = new_page(source);
        page.synthetic = true;
        pages.push(page);
    }
}

/// A folder or file name as an URL segment.
fn url_segment(name: &str) -> String {
    if is_slug(name) {
        name.to_string()
    } else {
        slugify(name)
    }
}

fn assign_urls(config: &Config, pages: &mut [Page], problems: &mut Vec<Diagnostic>) {
    // Section slugs per (folder, language), for the paths of pages below them.
    let mut section_slug: HashMap<(String, String), String> = HashMap::new();
    for page in pages.iter() {
        if page.source.is_section
            && let Some(slug) = &page.source.front.slug
        {
            section_slug.insert(
                (page.source.folder().to_string(), page.source.lang.clone()),
                slug.value.clone(),
            );
        }
    }
    for page in pages.iter_mut() {
        let lang = page.source.lang.clone();
        let mut segments = Vec::new();
        let mut folder = String::new();
        for part in page.source.folder().split('/').filter(|s| !s.is_empty()) {
            if !folder.is_empty() {
                folder.push('/');
            }
            folder.push_str(part);
            let segment = section_slug
                .get(&(folder.clone(), lang.clone()))
                .cloned()
                .unwrap_or_else(|| url_segment(part));
            segments.push(segment);
        }
        if !page.source.is_section {
            let last = match &page.source.front.slug {
                Some(slug) => slug.value.clone(),
                None => url_segment(page.source.stem()),
            };
            if last.is_empty() {
                problems.push(
                    page.source
                        .problem(
                            ErrorKind::InvalidValue,
                            0,
                            0,
                            "the file name gives an empty URL",
                        )
                        .with_help("rename the file, or set `slug:` in the front matter"),
                );
            }
            segments.push(last);
        }
        let path = segments.join("/");
        page.url = if path.is_empty() {
            format!("{}/", config.lang_prefix(&lang))
        } else {
            format!("{}/{path}/", config.lang_prefix(&lang))
        };
    }
}

fn link_translations(pages: &mut [Page]) {
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        by_key.entry(page.source.key.as_str()).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = by_key.into_values().filter(|g| g.len() > 1).collect();
    for group in groups {
        for &i in &group {
            pages[i].translations = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
}

/// Puts pages into their sections and orders each section's list.
fn build_sections(config: &Config, pages: &mut [Page]) {
    let section_of: HashMap<(String, String), usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.source.is_section)
        .map(|(i, p)| ((p.source.folder().to_string(), p.source.lang.clone()), i))
        .collect();
    for i in 0..pages.len() {
        let source = &pages[i].source;
        // A section's parent is the section of the folder above; a page's is its own folder.
        let folder = if source.is_section {
            if source.folder().is_empty() {
                continue;
            }
            source
                .folder()
                .rsplit_once('/')
                .map(|(f, _)| f)
                .unwrap_or("")
                .to_string()
        } else {
            source.folder().to_string()
        };
        if let Some(&parent) = section_of.get(&(folder, source.lang.clone())) {
            pages[i].parent = Some(parent);
            if pages[i].source.is_section {
                pages[parent].subsections.push(i);
            } else {
                pages[parent].children.push(i);
            }
        }
    }
    let collators: HashMap<String, Collator> = config
        .language_codes()
        .into_iter()
        .map(|l| (l.clone(), Collator::new(&l)))
        .collect();
    for i in 0..pages.len() {
        if !pages[i].source.is_section {
            continue;
        }
        let sort = pages[i]
            .source
            .front
            .sort
            .as_ref()
            .map(|s| s.value)
            .unwrap_or_default();
        let collator = &collators[&pages[i].source.lang];
        let mut children = std::mem::take(&mut pages[i].children);
        sort_pages(&mut children, pages, sort, collator);
        pages[i].children = children;
        let mut subsections = std::mem::take(&mut pages[i].subsections);
        sort_pages(&mut subsections, pages, SortBy::Weight, collator);
        pages[i].subsections = subsections;
    }
}

/// Orders pages: by date (newest first), by title, or by weight; ties by
/// title and then path, so the order never depends on the file system.
pub fn sort_pages(list: &mut [usize], pages: &[Page], sort: SortBy, collator: &Collator) {
    list.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a].source, &pages[b].source);
        let primary = match sort {
            SortBy::Date => pb.date.cmp(&pa.date),
            SortBy::Title => std::cmp::Ordering::Equal,
            SortBy::Weight => pa
                .front
                .weight
                .unwrap_or(i64::MAX)
                .cmp(&pb.front.weight.unwrap_or(i64::MAX)),
        };
        primary
            .then_with(|| collator.compare(&pa.front.title, &pb.front.title))
            .then_with(|| pa.path.cmp(&pb.path))
    });
}

fn attach_report_texts(site: &mut Site, sources: Vec<SourcePage>, problems: &mut Vec<Diagnostic>) {
    for source in sources {
        let year: i64 = source.stem().parse().unwrap_or_default();
        if !site
            .data
            .reports
            .iter()
            .any(|r| r.report.year.value == year)
        {
            problems.push(
                source
                    .problem(
                        ErrorKind::UnknownReference,
                        1,
                        0,
                        format!("narrative for {year}, but there is no data/reports/{year}.yaml"),
                    )
                    .with_help("add the report's data file, or rename this file"),
            );
            continue;
        }
        let lang = source.lang.clone();
        let mut page = new_page(source);
        page.url = Collections::new(&site.config).report(&lang, year);
        site.pages.push(page);
        site.report_texts.insert((year, lang), site.pages.len() - 1);
    }
}

/// Records every URL the build makes and reports collisions.
fn register_urls(site: &mut Site, static_files: &[String], problems: &mut Vec<Diagnostic>) {
    let mut urls: HashMap<String, Target> = HashMap::new();
    let mut lowercase: HashMap<String, String> = HashMap::new();
    let collections = Collections::new(&site.config);
    let mut generated = Vec::new();
    for lang in site.config.language_codes() {
        generated.push(collections.members(&lang));
        generated.push(collections.areas(&lang));
        generated.push(collections.reports(&lang));
        generated.push(collections.search(&lang));
        generated.push(collections.not_found(&lang));
        generated.push(collections.feed(&lang));
        generated.push(collections.search_index(&lang));
        for m in &site.data.members {
            generated.push(collections.member(&lang, &m.id.value));
        }
        for a in &site.data.areas {
            generated.push(collections.area(&lang, &a.id.value));
            generated.push(collections.area_feed(&lang, &a.id.value));
        }
        for r in &site.data.reports {
            generated.push(collections.report(&lang, r.report.year.value));
        }
    }
    generated.push("/sitemap.xml".into());
    generated.push("/robots.txt".into());
    for url in generated {
        lowercase.insert(url.to_lowercase(), url.clone());
        urls.insert(url.clone(), Target::Generated(url));
    }
    for file in static_files {
        let url = format!("/{file}");
        if let Some(other) = lowercase.get(&url.to_lowercase()) {
            let what = urls
                .get(other)
                .map(|t| describe_target(site, t))
                .unwrap_or_default();
            let (message, help) = if *other == url {
                (
                    format!("static file {url} is already used by {what}"),
                    "rename or remove the static file: alianse writes this path itself",
                )
            } else {
                (
                    format!("static file {url} differs only in case from {other} ({what})"),
                    "on Windows and macOS these are the same file; rename one of them",
                )
            };
            problems.push(
                Diagnostic::error(ErrorKind::Duplicate, message)
                    .in_file(format!("content/static/{file}"))
                    .with_help(help),
            );
            continue;
        }
        lowercase.insert(url.to_lowercase(), url.clone());
        urls.insert(url, Target::StaticFile);
    }
    let report_pages: HashSet<usize> = site.report_texts.values().copied().collect();
    for (i, page) in site.pages.iter().enumerate() {
        if report_pages.contains(&i) {
            continue;
        }
        if !crate::output::is_safe_relative(&crate::render::output_path(&page.url)) {
            problems.push(
                page.source
                    .problem(
                        ErrorKind::InvalidValue,
                        0,
                        0,
                        format!("this page's URL {} cannot be written as a file on every system", page.url),
                    )
                    .with_help("rename the file or set `slug:`; names such as con, nul, aux, com1 or lpt1 are reserved on Windows"),
            );
            continue;
        }
        let clash = urls.get(&page.url).cloned().or_else(|| {
            lowercase
                .get(&page.url.to_lowercase())
                .and_then(|u| urls.get(u))
                .cloned()
        });
        if let Some(existing) = clash {
            let what = describe_target(site, &existing);
            // Point at the `slug:` line when the page sets one.
            let line = page
                .source
                .front
                .slug
                .as_ref()
                .map_or(0, |s| s.referenced.line() as usize + 1);
            problems.push(
                page.source
                    .problem(
                        ErrorKind::Duplicate,
                        line,
                        0,
                        format!("this page's URL {} is already used by {what}", page.url),
                    )
                    .with_help("set a different `slug:` in the front matter, or rename the file"),
            );
            continue;
        }
        lowercase.insert(page.url.to_lowercase(), page.url.clone());
        urls.insert(page.url.clone(), Target::Page(i));
    }
    // Pages 2, 3 … of a section's list are pages too: links may point at
    // them, and no other page may take their URL.
    for (i, page) in site.pages.iter().enumerate() {
        if !page.source.is_section || report_pages.contains(&i) {
            continue;
        }
        for n in 2..=page.pager_count(&site.config) {
            let url = collections.pager(&page.url, page.lang(), n);
            if let Some(existing) = urls.get(&url) {
                let what = describe_target(site, existing);
                problems.push(
                    page.source
                        .problem(
                            ErrorKind::Duplicate,
                            0,
                            0,
                            format!(
                                "page {n} of this section's list ({url}) is already used by {what}"
                            ),
                        )
                        .with_help("rename or move that page, or change `paginate`"),
                );
                continue;
            }
            lowercase.insert(url.to_lowercase(), url.clone());
            urls.insert(url.clone(), Target::Generated(url));
        }
    }
    for (i, page) in site.pages.iter().enumerate() {
        for alias in &page.source.front.aliases {
            let line = alias.referenced.line() as usize + 1;
            match normalise_alias(&alias.value) {
                Some(path) => {
                    let existing = urls.get(&path).or_else(|| {
                        lowercase
                            .get(&path.to_lowercase())
                            .and_then(|u| urls.get(u))
                    });
                    if let Some(existing) = existing {
                        let what = describe_target(site, existing);
                        problems.push(
                            page.source
                                .problem(
                                    ErrorKind::Duplicate,
                                    line,
                                    0,
                                    format!("alias {path} is already used by {what}"),
                                )
                                .with_help("remove the alias or choose another path"),
                        );
                    } else {
                        lowercase.insert(path.to_lowercase(), path.clone());
                        urls.insert(path.clone(), Target::Redirect(i));
                        site.aliases.push((path, i));
                    }
                }
                None => problems.push(
                    page.source
                        .problem(
                            ErrorKind::InvalidValue,
                            line,
                            0,
                            format!("alias `{}` is not a safe site path", alias.value),
                        )
                        .with_help(
                            "write a path from the site root such as /vecais-cels/, without `..`, `\\`, `:`, `?`, `#`, `%` or names Windows reserves (con, nul, aux …)",
                        ),
                ),
            }
        }
    }
    site.urls = urls;
}

fn describe_target(site: &Site, target: &Target) -> String {
    match target {
        Target::Page(i) | Target::Redirect(i) => site.pages[*i].source.shown.display().to_string(),
        Target::Generated(url) => format!("a page alianse generates ({url})"),
        Target::StaticFile => "a static file".to_string(),
    }
}

/// `/old/path` or `old/path/` → `/old/path/`; `None` for paths that could
/// escape the output folder.
pub fn normalise_alias(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let safe = trimmed.split('/').all(|seg| {
        !seg.is_empty()
            && seg != "."
            && seg != ".."
            && !seg.contains(['\\', '\0', ':', '?', '#', '%', '"', '<', '>', '|', '*'])
            && !seg.chars().any(char::is_control)
            && !seg.ends_with(['.', ' '])
            && !crate::output::is_reserved_name(seg)
    });
    if !safe {
        return None;
    }
    if trimmed.ends_with(".html") {
        Some(format!("/{trimmed}"))
    } else {
        Some(format!("/{trimmed}/"))
    }
}

fn check_page_areas(site: &Site, problems: &mut Vec<Diagnostic>) {
    if site.data.areas_unreadable {
        return;
    }
    let known: Vec<&str> = site
        .data
        .areas
        .iter()
        .map(|a| a.id.value.as_str())
        .collect();
    for page in &site.pages {
        for area in &page.source.front.areas {
            if !known.contains(&area.value.as_str()) {
                let line = area.referenced.line() as usize + 1;
                let column = area.referenced.column() as usize;
                problems.push(crate::data::unknown_area(&area.value, &known, |m| {
                    page.source
                        .problem(ErrorKind::UnknownReference, line, column, m)
                }));
            }
        }
    }
}

/// The components an editor can embed in Markdown, and their arguments.
pub const EMBEDS: [(&str, &[&str]); 4] = [
    ("members", &["area"]),
    ("report_chart", &["year"]),
    ("trend_chart", &[]),
    ("video", &["url", "title"]),
];

fn check_embeds(site: &Site, problems: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        for embed in &page.source.body.embeds {
            let line = page.source.body_line + embed.line - 1;
            let problem = |message: String, help: String| {
                page.source
                    .problem(ErrorKind::UnknownReference, line, 1, message)
                    .with_help(help)
            };
            let Some((_, allowed)) = EMBEDS.iter().find(|(n, _)| *n == embed.name) else {
                let names: Vec<&str> = EMBEDS.iter().map(|(n, _)| *n).collect();
                let help = match did_you_mean(&embed.name, names.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the components are: {}", names.join(", ")),
                };
                problems.push(problem(format!("unknown component `{}`", embed.name), help));
                continue;
            };
            for (key, value) in &embed.args {
                if !allowed.contains(&key.as_str()) {
                    problems.push(problem(
                        format!("`{}` takes no argument `{key}`", embed.name),
                        format!("its arguments are: {}", allowed.join(", ")),
                    ));
                } else if key == "area" && site.data.area(value).is_none() {
                    let known: Vec<&str> = site
                        .data
                        .areas
                        .iter()
                        .map(|a| a.id.value.as_str())
                        .collect();
                    problems.push(crate::data::unknown_area(value, &known, |m| {
                        page.source.problem(ErrorKind::UnknownReference, line, 1, m)
                    }));
                } else if embed.name == "video"
                    && key == "url"
                    && crate::render::video::parse(value, "").is_none()
                {
                    problems.push(problem(
                        format!("`{value}` is not a YouTube or Vimeo video address"),
                        "give the video's page, e.g. https://www.youtube.com/watch?v=… or https://vimeo.com/…; for other videos link to them".to_string(),
                    ));
                } else if embed.name == "video" && key == "title" && value.trim().is_empty() {
                    problems.push(problem(
                        "the video needs a title".to_string(),
                        "say what the video is: it is shown before the video loads and read by screen readers".to_string(),
                    ));
                } else if key == "year"
                    && !site
                        .data
                        .reports
                        .iter()
                        .any(|r| r.report.year.value.to_string() == *value)
                {
                    problems.push(problem(
                        format!("there is no report for `{value}`"),
                        "give a year that has a file in data/reports/".to_string(),
                    ));
                }
            }
            for key in allowed.iter() {
                if !embed.args.iter().any(|(k, _)| k == key) {
                    problems.push(problem(
                        format!("`{}` needs `{key}=\"…\"`", embed.name),
                        format!("write e.g. {{{{< {} {key}=\"…\" >}}}}", embed.name),
                    ));
                }
            }
        }
    }
}

/// Turns every recorded link into its URL, checking targets and anchors.
fn resolve_links(site: &mut Site, problems: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let by_path = pages_by_path(site);
    // Pages resolve independently: in parallel, each with its own problems,
    // joined in page order so that messages do not depend on timing.
    let resolved: Vec<(String, Vec<Diagnostic>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let mut page_problems = Vec::new();
            let html = resolve_page_links(site, &by_path, i, &mut page_problems);
            (html, page_problems)
        })
        .collect();
    for (i, (html, mut page_problems)) in resolved.into_iter().enumerate() {
        site.pages[i].html = html;
        problems.append(&mut page_problems);
    }
}

fn pages_by_path(site: &Site) -> HashMap<&str, usize> {
    let mut by_path = HashMap::with_capacity(site.pages.len());
    for (other, i) in &site.other_names {
        by_path.insert(other.as_str(), *i);
    }
    for (i, p) in site.pages.iter().enumerate() {
        if !p.synthetic {
            by_path.insert(p.source.path.as_str(), i);
        }
    }
    for (dropped, kept) in &site.merged_paths {
        if let Some(&i) = by_path.get(kept.as_str()) {
            by_path.insert(dropped.as_str(), i);
        }
    }
    by_path
}

/// `a.lv.md` for `a.md` and the reverse, in the default language: both
/// names of a default-language page work in links and menus.
fn default_language_names(site: &Site) -> Vec<(String, usize)> {
    let suffix = format!(".{}.md", site.config.default_language);
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.synthetic && p.source.lang == site.config.default_language)
        .map(|(i, p)| {
            let path = &p.source.path;
            let other = match path.strip_suffix(&suffix) {
                Some(stem) => format!("{stem}.md"),
                None => format!("{}{suffix}", path.trim_end_matches(".md")),
            };
            (other, i)
        })
        .collect()
}

/// One page's body with its links resolved and the raw HTML policy applied.
fn resolve_page_links(
    site: &Site,
    by_path: &HashMap<&str, usize>,
    i: usize,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let page = &site.pages[i];
    let mut urls: HashMap<usize, String> = HashMap::new();
    for link in &page.source.body.links {
        let line = page.source.body_line + link.line - 1;
        let problem = |message: String| {
            page.source
                .problem(ErrorKind::BrokenLink, line, link.column, message)
        };
        if let Some((url, d)) = withheld_link(site, page, &link.target) {
            if let Some(n) = link.placeholder {
                urls.insert(n, url);
            }
            problems.push(
                d.in_file(&page.source.shown)
                    .at(line, link.column)
                    .with_source(&page.source.source),
            );
            continue;
        }
        match resolve_link(site, by_path, page, &link.target) {
            Ok(Some(url)) => {
                if let Some(n) = link.placeholder {
                    urls.insert(n, url);
                }
            }
            Ok(None) => {}
            Err((message, help)) => problems.push(problem(message).with_help(help)),
        }
    }
    let html = if urls.is_empty() {
        page.source.body.html.clone()
    } else {
        fill_placeholders(&page.source.body.html, &urls)
    };
    let html = crate::html::apply_raw_html_policy(
        &html,
        site.config.markdown.raw_html,
        page.source.body.had_raw_html,
    );
    page_images::fill_body(site, page, html)
}

/// Puts a new version of page `index` in place when only its body changed
/// (same file, same front matter, so the same URL, place and order): its
/// links are resolved again, and the links into anchors and the menus are
/// checked again. The site is then what [`resolve`] would make of the new
/// sources, and the problems returned are those it would find.
pub fn replace_body(site: &mut Site, index: usize, source: SourcePage) -> Vec<Diagnostic> {
    site.pages[index].anchors = anchors_of(&source);
    site.pages[index].source = source;
    let mut problems = Vec::new();
    page_images::prepare_page(site, index, &mut problems);
    let by_path = pages_by_path(site);
    let html = resolve_page_links(site, &by_path, index, &mut problems);
    // A removed heading breaks links to it from other pages.
    for (j, page) in site.pages.iter().enumerate() {
        if j == index {
            continue;
        }
        for link in &page.source.body.links {
            let anchored = matches!(
                &link.target,
                LinkTarget::SourceFile {
                    anchor: Some(_),
                    ..
                } | LinkTarget::SitePath {
                    anchor: Some(_),
                    ..
                }
            );
            if anchored
                && let Err((message, help)) = resolve_link(site, &by_path, page, &link.target)
            {
                let line = page.source.body_line + link.line - 1;
                problems.push(
                    page.source
                        .problem(ErrorKind::BrokenLink, line, link.column, message)
                        .with_help(help),
                );
            }
        }
    }
    drop(by_path);
    site.pages[index].html = html;
    resolve_menus(site, &mut problems);
    problems
}

type LinkError = (String, String);

/// A link to a page the schedule left out of this build: the problem (see
/// [`crate::schedule::link_problem`]) and the URL the link gets meanwhile,
/// the "not found" page of the linking page's language.
fn withheld_link(site: &Site, page: &Page, target: &LinkTarget) -> Option<(String, Diagnostic)> {
    let LinkTarget::SourceFile { path, .. } = target else {
        return None;
    };
    let joined = join_relative(page.source.folder(), path)?;
    let withheld = site.config.schedule.withheld.get(joined.as_str())?;
    let url = site.collections().not_found(page.lang());
    Some((url, crate::schedule::link_problem(withheld, path, &joined)))
}

fn resolve_link(
    site: &Site,
    by_path: &HashMap<&str, usize>,
    page: &Page,
    target: &LinkTarget,
) -> Result<Option<String>, LinkError> {
    match target {
        LinkTarget::Anchor(anchor) => {
            check_anchor(page, anchor)?;
            Ok(None)
        }
        LinkTarget::SourceFile { path, anchor } => {
            let joined = join_relative(page.source.folder(), path).ok_or_else(|| {
                (
                    format!("link to `{path}` goes outside the content folder"),
                    "link to a page inside content/".to_string(),
                )
            })?;
            let Some(&target) = by_path.get(joined.as_str()) else {
                let help = match did_you_mean(&joined, by_path.keys().copied()) {
                    Some(best) => format!(
                        "did you mean `{}`?",
                        relative_from(page.source.folder(), best)
                    ),
                    None => "check the file name; links are relative to this file (a page with `draft: true` exists only in builds with --drafts)".to_string(),
                };
                return Err((
                    format!("link to `{path}`: there is no page content/{joined}"),
                    help,
                ));
            };
            let target_page = &site.pages[target];
            if let Some(anchor) = anchor {
                check_anchor(target_page, anchor)?;
            }
            Ok(Some(with_anchor(&target_page.url, anchor.as_deref())))
        }
        LinkTarget::SitePath { path, anchor } => {
            check_site_path(site, path, anchor.as_deref())?;
            Ok(None)
        }
        LinkTarget::Relative { path } => {
            let absolute = join_url(&page.url, path);
            if site.urls.contains_key(&absolute) || site.urls.contains_key(&format!("{absolute}/"))
            {
                Ok(None)
            } else {
                Err((
                    format!("link to `{path}` (that is {absolute}) leads to nothing the site has"),
                    "link to pages by their .md file, and to static files from the root, e.g. /images/photo.jpg"
                        .to_string(),
                ))
            }
        }
    }
}

fn check_site_path(site: &Site, path: &str, anchor: Option<&str>) -> Result<(), LinkError> {
    let target = site
        .urls
        .get(path)
        .or_else(|| site.urls.get(&format!("{path}/")))
        .or_else(|| {
            path.strip_suffix("index.html")
                .and_then(|p| site.urls.get(p))
        });
    match target {
        None => Err((
            format!("link to {path}: the site has no such page or file"),
            match crate::checks::closest_path(site, path) {
                Some(best) => format!("did you mean `{best}`?"),
                None => {
                    "check the path; it is relative to the site root (e.g. /biedri/)".to_string()
                }
            },
        )),
        Some(Target::Page(i)) => {
            if let Some(anchor) = anchor {
                check_anchor(&site.pages[*i], anchor)?;
            }
            Ok(())
        }
        Some(_) => Ok(()),
    }
}

/// The ids a link can point at in a page: its headings and every `id="…"`
/// in its HTML. One pass over the body, so that checking many links stays
/// linear in the size of the site.
fn anchors_of(source: &SourcePage) -> HashSet<String> {
    let mut anchors: HashSet<String> = source.body.headings.iter().map(|h| h.id.clone()).collect();
    let html = &source.body.html;
    let mut rest = html.as_str();
    let finder = memchr::memmem::Finder::new(" id=\"");
    while let Some(i) = finder.find(rest.as_bytes()) {
        let value = &rest[i + 5..];
        let end = value.find('"').unwrap_or(value.len());
        anchors.insert(value[..end].to_string());
        rest = &value[end..];
    }
    anchors
}

fn check_anchor(page: &Page, anchor: &str) -> Result<(), LinkError> {
    // A page that failed to load has its own errors; its anchors may be wrong.
    if anchor.is_empty() || page.anchors.contains(anchor) || page.source.failed {
        return Ok(());
    }
    // Suggestions look at a bounded number of headings: a page with many
    // thousands of them must not make each broken link slow.
    let headings = &page.source.body.headings[..page.source.body.headings.len().min(500)];
    let help = match did_you_mean(anchor, headings.iter().map(|h| h.id.as_str())) {
        Some(best) => format!("did you mean `#{best}`?"),
        None if headings.is_empty() => "that page has no headings to link to".to_string(),
        None => {
            let mut list: Vec<String> = headings
                .iter()
                .take(20)
                .map(|h| format!("#{}", h.id))
                .collect();
            if page.source.body.headings.len() > 20 {
                list.push("…".to_string());
            }
            format!("the headings there are: {}", list.join(", "))
        }
    };
    Err((
        format!(
            "anchor `#{anchor}` does not exist in {}",
            page.source.shown.display()
        ),
        help,
    ))
}

fn with_anchor(url: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) if !a.is_empty() => format!("{url}#{a}"),
        _ => url.to_string(),
    }
}

/// `folder` + `../x.md` → `x.md`; `None` if it climbs out of content/.
pub fn join_relative(folder: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn relative_from(folder: &str, target: &str) -> String {
    let depth = folder.split('/').filter(|s| !s.is_empty()).count();
    let prefix = "../".repeat(depth);
    let mut target = target;
    let folder_prefix = format!("{folder}/");
    if !folder.is_empty() && target.starts_with(&folder_prefix) {
        target = &target[folder_prefix.len()..];
        return target.to_string();
    }
    format!("{prefix}{target}")
}

/// Resolves a relative URL against a page URL, like a browser would.
pub fn join_url(base: &str, relative: &str) -> String {
    let dir = &base[..base.rfind('/').map(|i| i + 1).unwrap_or(0)];
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in relative.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut url = format!("/{}", parts.join("/"));
    if relative.ends_with('/') && !url.ends_with('/') {
        url.push('/');
    }
    url
}

fn fill_placeholders(html: &str, urls: &HashMap<usize, String>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find(PLACEHOLDER_PREFIX) {
        out.push_str(&rest[..i]);
        let after = &rest[i + PLACEHOLDER_PREFIX.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| urls.get(&n))
        {
            Some(url) => out.push_str(&crate::html::escape_attr(url)),
            None => out.push_str(&rest[i..i + PLACEHOLDER_PREFIX.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

fn resolve_menus(site: &mut Site, problems: &mut Vec<Diagnostic>) {
    let by_path = pages_by_path(site);
    let mut menus = BTreeMap::new();
    for (lang, items) in &site.config.menu {
        let mut resolved = Vec::new();
        for item in items {
            let url = if item.url.ends_with(".md") || item.url.contains(".md#") {
                let (path, anchor) = match item.url.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (item.url.as_str(), None),
                };
                match by_path.get(path.trim_start_matches('/')) {
                    Some(&i) => with_anchor(&site.pages[i].url, anchor),
                    // Left out by the schedule: an error naming the date, or
                    // (expired) a warning, and the item leaves the menu.
                    None if let Some(w) = site
                        .config
                        .schedule
                        .withheld
                        .get(path.trim_start_matches('/')) =>
                    {
                        let mut d =
                            crate::schedule::link_problem(w, path, path.trim_start_matches('/'));
                        d.message = format!("menu item `{}`: {}", item.name, d.message);
                        problems.push(
                            d.in_file("content/site.yaml")
                                .at(item.line, 0)
                                .with_source(&site.config.source),
                        );
                        continue;
                    }
                    None => {
                        problems.push(
                            Diagnostic::error(
                                ErrorKind::BrokenLink,
                                format!(
                                    "menu item `{}` links to `{path}`, which is not a page",
                                    item.name
                                ),
                            )
                            .in_file("content/site.yaml")
                            .at(item.line, 0)
                            .with_source(&site.config.source)
                            .with_help(
                                match did_you_mean(
                                    path.trim_start_matches('/'),
                                    by_path.keys().copied(),
                                ) {
                                    Some(best) => format!("did you mean `{best}`?"),
                                    None => "give the file's path from content/, e.g. par-mums.md"
                                        .to_string(),
                                },
                            ),
                        );
                        continue;
                    }
                }
            } else if item.url.starts_with('/') {
                let (path, anchor) = match item.url.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (item.url.as_str(), None),
                };
                if let Err((message, help)) = check_site_path(site, path, anchor) {
                    problems.push(
                        Diagnostic::error(
                            ErrorKind::BrokenLink,
                            format!("menu item `{}`: {message}", item.name),
                        )
                        .in_file("content/site.yaml")
                        .at(item.line, 0)
                        .with_source(&site.config.source)
                        .with_help(help),
                    );
                }
                item.url.clone()
            } else {
                item.url.clone()
            };
            resolved.push((item.name.clone(), url));
        }
        menus.insert(lang.clone(), resolved);
    }
    site.menus = menus;
}

impl Site {
    pub fn collections(&self) -> Collections<'_> {
        Collections::new(&self.config)
    }

    /// The home page of a language.
    pub fn home(&self, lang: &str) -> Option<usize> {
        self.pages
            .iter()
            .position(|p| p.source.key == "_index" && p.source.lang == lang)
    }

    /// The translations of a page that count as its language versions (for
    /// hreflang and the sitemap): a section with no pages and no text of its
    /// own is no translation, and lists none.
    pub fn translations_shown(&self, i: usize) -> Vec<usize> {
        if self.is_empty_section(i) {
            return Vec::new();
        }
        self.pages[i]
            .translations
            .iter()
            .copied()
            .filter(|&t| !self.is_empty_section(t))
            .collect()
    }

    /// A section (not a home page) with no pages, no sections and no text.
    pub fn is_empty_section(&self, i: usize) -> bool {
        let p = &self.pages[i];
        p.source.is_section
            && p.source.key != "_index"
            && p.children.is_empty()
            && p.subsections.is_empty()
            && p.html.trim().is_empty()
    }

    /// Indexes of the content pages that get their own output file.
    pub fn rendered_pages(&self) -> impl Iterator<Item = usize> + '_ {
        let report_pages: HashSet<usize> = self.report_texts.values().copied().collect();
        (0..self.pages.len()).filter(move |i| !report_pages.contains(i))
    }

    /// The pages of the news section (`feeds.section`) in a language, newest first.
    pub fn news(&self, lang: &str) -> Vec<usize> {
        let folder = &self.config.feeds.section;
        let mut list: Vec<usize> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                !p.source.is_section
                    && p.source.lang == lang
                    && (p.source.folder() == folder
                        || p.source.folder().starts_with(&format!("{folder}/")))
            })
            .map(|(i, _)| i)
            .collect();
        list.sort_by(|&a, &b| {
            self.pages[b]
                .source
                .date
                .cmp(&self.pages[a].source.date)
                .then_with(|| self.pages[a].source.path.cmp(&self.pages[b].source.path))
        });
        list
    }

    /// Pages (not sections) tagged with an area, in a language, newest first.
    pub fn pages_in_area(&self, area: &str, lang: &str) -> Vec<usize> {
        let mut list: Vec<usize> = self
            .rendered_pages()
            .filter(|&i| {
                let p = &self.pages[i].source;
                p.lang == lang && p.front.areas.iter().any(|a| a.value == area)
            })
            .collect();
        list.sort_by(|&a, &b| {
            self.pages[b]
                .source
                .date
                .cmp(&self.pages[a].source.date)
                .then_with(|| self.pages[a].source.path.cmp(&self.pages[b].source.path))
        });
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_join_like_paths() {
        assert_eq!(
            join_relative("jaunumi", "../kontakti.md").as_deref(),
            Some("kontakti.md")
        );
        assert_eq!(
            join_relative("", "jaunumi/_index.md").as_deref(),
            Some("jaunumi/_index.md")
        );
        assert_eq!(join_relative("", "../x.md"), None);
        assert_eq!(join_url("/jaunumi/a/", "../b/"), "/jaunumi/b/");
        assert_eq!(join_url("/jaunumi/a/", "img.png"), "/jaunumi/a/img.png");
    }

    #[test]
    fn aliases_cannot_escape() {
        assert_eq!(
            normalise_alias("/vecais/cels").as_deref(),
            Some("/vecais/cels/")
        );
        assert_eq!(normalise_alias("old.html").as_deref(), Some("/old.html"));
        assert_eq!(normalise_alias("/../etc/"), None);
        assert_eq!(normalise_alias("a\\b"), None);
        assert_eq!(normalise_alias("/"), None);
        assert_eq!(normalise_alias("/a/con/"), None);
        assert_eq!(normalise_alias("/C:/x/"), None);
        assert_eq!(normalise_alias("/a\0b/"), None);
        assert_eq!(normalise_alias("/a./"), None);
    }

    #[test]
    fn placeholders_are_filled() {
        let urls = HashMap::from([(0, "/kontakti/#a".to_string())]);
        assert_eq!(
            fill_placeholders("<a href=\"alianse-link:0\">x</a>", &urls),
            "<a href=\"/kontakti/#a\">x</a>"
        );
    }
}
