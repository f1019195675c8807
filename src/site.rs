//! The resolved site: every page with its URL, language, translations and
//! section, the listings, and every cross-reference checked (links, anchors,
//! areas, duplicate URLs). This is the resolve phase; it reads nothing from
//! disk except to ask whether a static file exists.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::collections::{Collection, SiteData};
use crate::config::Config;
use crate::content::markdown::{LinkTarget, PLACEHOLDER_PREFIX};
use crate::content::{SortBy, SourcePage};
use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::i18n::{Collator, is_slug, slugify};

mod areas;
pub mod checks;
mod edit;
mod feed_section;
pub mod link_problem;
mod links;
mod menus;
mod news;
pub mod page_images;
mod structure;
mod urls;

pub use edit::{keeps_place, replace_body, replace_pages};
use links::*;
pub use links::{Bodies, join_relative, join_url};
pub use structure::{Added, Removed, add_page, remove_page};
pub use urls::normalise_alias;
use urls::*;

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

    /// How this section orders its pages: its `sort:`, else by date.
    pub(crate) fn section_sort(&self) -> SortBy {
        (self.source.front.sort.as_ref()).map_or_else(SortBy::default, |s| s.value)
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
    pub generated_anchors: Vec<crate::site::checks::GeneratedAnchor>,
    /// Files left out because another file is the same page in the same
    /// language (an error of its own): (left out, kept).
    pub merged_paths: Vec<(String, String)>,
    /// The other name of each default-language page (`a.lv.md` for `a.md`).
    pub other_names: Vec<(String, usize)>,
    /// [`Site::pages_in_area`] for every (area, language), made on first
    /// use; kept in step when pages are edited, added or removed in place
    /// ([`replace_pages`], [`add_page`], [`remove_page`]).
    pub(crate) area_index: std::sync::OnceLock<HashMap<(String, String), Vec<usize>>>,
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
    /// A collection's list page: `/en/members/`.
    pub fn list(&self, collection: Collection, lang: &str) -> String {
        collection.list_url(self.config, lang)
    }
    /// An item's page: `/en/members/<id>/`, `/en/reports/2023/`.
    pub fn item(&self, collection: Collection, lang: &str, key: &str) -> String {
        collection.item_url(self.config, lang, key)
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
        crate::collections::areas::feed_url(self.config, lang, id)
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

/// Resolves loaded pages and data into a site, keeping every page's HTML
/// before link resolution (`serve` resolves again after an edit).
pub fn resolve(
    config: Config,
    sources: Vec<SourcePage>,
    data: SiteData,
    static_files: &[String],
) -> (Site, Vec<Diagnostic>) {
    resolve_with(config, sources, data, static_files, Bodies::Keep)
}

/// Resolves loaded pages and data into a site. Returns the problems found;
/// the site is only usable when none of them is an error.
pub fn resolve_with(
    config: Config,
    mut sources: Vec<SourcePage>,
    data: SiteData,
    static_files: &[String],
    bodies: Bodies,
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
        area_index: std::sync::OnceLock::new(),
    };
    site.other_names = default_language_names(&site);
    attach_report_texts(&mut site, report_sources, &mut problems);
    register_urls(&mut site, static_files, &mut problems);
    checks::check_page_areas(&site, &mut problems);
    checks::check_embeds(&site, &mut problems);
    page_images::prepare(&site, &mut problems);
    resolve_links(&mut site, bodies, &mut problems);
    menus::resolve_menus(&mut site, &mut problems);
    problems.extend(crate::site::checks::pages_without_dates(&site));
    problems.extend(feed_section::check(&site));
    site.generated_anchors = crate::site::checks::links_into_generated_pages(&site);
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
            file: None,
            todo: None,
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
    let section_slug = section_slugs(pages);
    for page in pages.iter_mut() {
        match page_url(config, &section_slug, &page.source) {
            Some(url) => page.url = url,
            None => {
                problems.push(
                    page.source
                        .problem(ErrorKind::InvalidValue, 0, 0, msg!("site.empty-url"))
                        .with_help(msg!("site.empty-url-help")),
                );
                page.url = page_url_unchecked(config, &section_slug, &page.source);
            }
        }
    }
}

/// Section slugs per (folder, language), for the paths of pages below them.
fn section_slugs(pages: &[Page]) -> HashMap<(String, String), String> {
    let mut section_slug = HashMap::new();
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
    section_slug
}

/// A page's site path; `None` when its last segment is empty (an error).
fn page_url(
    config: &Config,
    section_slug: &HashMap<(String, String), String>,
    source: &SourcePage,
) -> Option<String> {
    let empty = !source.is_section
        && source
            .front
            .slug
            .as_ref()
            .map_or_else(|| url_segment(source.stem()), |s| s.value.clone())
            .is_empty();
    (!empty).then(|| page_url_unchecked(config, section_slug, source))
}

fn page_url_unchecked(
    config: &Config,
    section_slug: &HashMap<(String, String), String>,
    source: &SourcePage,
) -> String {
    let lang = &source.lang;
    let mut segments = Vec::new();
    let mut folder = String::new();
    for part in source.folder().split('/').filter(|s| !s.is_empty()) {
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
    if !source.is_section {
        segments.push(match &source.front.slug {
            Some(slug) => slug.value.clone(),
            None => url_segment(source.stem()),
        });
    }
    let path = segments.join("/");
    if path.is_empty() {
        format!("{}/", config.lang_prefix(lang))
    } else {
        format!("{}/{path}/", config.lang_prefix(lang))
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
        let sort = pages[i].section_sort();
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
                        msg!("site.narrative-without-data", year = year),
                    )
                    .with_help(msg!("site.narrative-without-data-help")),
            );
            continue;
        }
        let lang = source.lang.clone();
        let mut page = new_page(source);
        page.url =
            Collections::new(&site.config).item(Collection::Reports, &lang, &year.to_string());
        site.pages.push(page);
        site.report_texts.insert((year, lang), site.pages.len() - 1);
    }
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

    /// Pages tagged with an area (report narratives aside), in a language,
    /// newest first.
    pub fn pages_in_area(&self, area: &str, lang: &str) -> Vec<usize> {
        let index = self.area_index.get_or_init(|| areas::pages_by_area(self));
        index
            .get(&(area.to_string(), lang.to_string()))
            .cloned()
            .unwrap_or_default()
    }
}
