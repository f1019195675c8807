//! Which outputs an edit reaches. The [`Shape`] of a site (URLs,
//! sections and their pages, translations, aliases, pagination) decides
//! which files exist and where pages link; while it stays the same, an edit
//! of some pages reaches only those pages, plus, when a page's list entry
//! changed or a section's pages changed order, the lists that show it, plus
//! the pages that read what changed in the shared views ([`Affected`]).

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::collections::Collection;
use crate::content::markdown::MarkdownSettings;
use crate::render::context::{LanguageData, ViewBuilder};
use crate::render::{JobKind, Renderer};
use crate::site::Site;

use super::deps::{Reach, Reads};

/// The list entries (title, URL, date, summary, areas) of the given source
/// files, serialised, by path.
pub(crate) fn summaries(
    site: &Site,
    renderer: &Renderer,
    markdown: MarkdownSettings,
    paths: &BTreeSet<String>,
) -> HashMap<String, String> {
    site.pages
        .iter()
        .filter(|p| !p.synthetic && is_among(paths, &p.source.path))
        .map(|p| {
            let views = ViewBuilder {
                site,
                lang: p.lang(),
                strings: renderer.strings(),
                markdown,
            };
            let text = serde_json::to_string(&views.summary(p)).unwrap_or_default();
            (p.source.path.clone(), text)
        })
        .collect()
}

/// Whether `path` is one of `paths`: for the few paths of an edit, tried
/// one by one (most of the site's paths differ in length, which is
/// compared first), else looked up.
pub(crate) fn is_among(paths: &BTreeSet<String>, path: &str) -> bool {
    if paths.len() <= 8 {
        paths.iter().any(|p| p == path)
    } else {
        paths.contains(path)
    }
}

/// The fields of a list entry (serialised, as [`summaries`] makes them)
/// that differ; `None` when either entry is missing.
fn changed_fields(old: Option<&String>, new: Option<&String>) -> Option<HashSet<String>> {
    type Fields = serde_json::Map<String, serde_json::Value>;
    let parse = |s: Option<&String>| s.and_then(|s| serde_json::from_str::<Fields>(s).ok());
    let (a, b) = (parse(old)?, parse(new)?);
    let mut fields: HashSet<String> = (a.iter())
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    fields.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    Some(fields)
}

/// Everything about the site's structure that decides which files exist and
/// where each page links: when it is unchanged, a page edit cannot move or
/// remove any output.
#[derive(Debug)]
pub(crate) struct Shape {
    pages: Vec<PageShape>,
    aliases: Vec<(String, usize)>,
    report_texts: Vec<((i64, String), usize)>,
    /// Each page's children in their order (in `pages` they are sorted,
    /// since a new order only changes the section's own pages).
    orders: Vec<Vec<usize>>,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct PageShape {
    path: String,
    url: String,
    parent: Option<usize>,
    translations: Vec<usize>,
    children: Vec<usize>,
    subsections: Vec<usize>,
    paginate: Option<usize>,
    synthetic: bool,
}

impl Shape {
    pub(crate) fn of(site: &Site) -> Shape {
        let mut shape = Shape {
            pages: Vec::new(),
            aliases: Vec::new(),
            report_texts: Vec::new(),
            orders: Vec::new(),
        };
        shape.update(site);
        shape
    }

    /// Makes this shape [`Shape::of`] `site` again, in the storage it has:
    /// after a page was added or removed most of it is as it was, and
    /// copying into the strings and lists already made allocates little.
    pub(crate) fn update(&mut self, site: &Site) {
        let n = site.pages.len();
        self.orders.truncate(n);
        self.orders.resize_with(n, Vec::new);
        self.pages.truncate(n);
        self.pages.resize_with(n, PageShape::default);
        for ((p, shape), order) in (site.pages.iter())
            .zip(self.pages.iter_mut())
            .zip(self.orders.iter_mut())
        {
            order.clone_from(&p.children);
            shape.path.clone_from(&p.source.path);
            shape.url.clone_from(&p.url);
            shape.parent = p.parent;
            shape.translations.clone_from(&p.translations);
            shape.children.clone_from(&p.children);
            shape.children.sort_unstable();
            shape.subsections.clone_from(&p.subsections);
            shape.paginate = p.source.front.paginate.as_ref().map(|s| s.value);
            shape.synthetic = p.synthetic;
        }
        self.report_texts.clear();
        (self.report_texts).extend(site.report_texts.iter().map(|(k, v)| (k.clone(), *v)));
        self.report_texts.sort();
        self.aliases.clone_from(&site.aliases);
    }

    /// The same files, at the same URLs, linked the same way.
    pub(crate) fn same_as(&self, other: &Shape) -> bool {
        (&self.pages, &self.aliases, &self.report_texts)
            == (&other.pages, &other.aliases, &other.report_texts)
    }

    /// Section `i` now lists its pages in this order.
    pub(crate) fn set_order(&mut self, i: usize, children: Vec<usize>) {
        if let Some(order) = self.orders.get_mut(i) {
            *order = children;
        }
    }

    /// The sections whose pages are listed in another order in `other`.
    pub(crate) fn reordered(&self, other: &Shape) -> Vec<usize> {
        (0..self.orders.len().min(other.orders.len()))
            .filter(|&i| self.orders[i] != other.orders[i])
            .collect()
    }
}

/// The pages an edit reaches when the site's shape did not change.
pub(crate) struct Affected {
    /// Content pages (indexes into `Site::pages`) to render again.
    pages: HashSet<usize>,
    /// (language, area id) of area pages to render again.
    areas: HashSet<(String, String)>,
    /// Languages whose search page lists a changed summary.
    search: HashSet<String>,
    /// Languages whose search page lists a summary of which only these
    /// fields changed: rendered if it shows one of them.
    search_fields: HashMap<String, HashSet<String>>,
    /// What changed in each language's shared views.
    reach: HashMap<String, Reach>,
}

impl Affected {
    /// `None` when the edit may reach every page: a changed report
    /// narrative. (A changed entry of the news list is found by comparing
    /// the shared views: [`Affected::add_reach`].)
    pub(crate) fn find(
        site: &Site,
        changed: &BTreeSet<String>,
        old: &HashMap<String, String>,
        new: &HashMap<String, String>,
    ) -> Option<Affected> {
        let narratives: HashSet<usize> = site.report_texts.values().copied().collect();
        let mut affected = Affected {
            pages: HashSet::new(),
            areas: HashSet::new(),
            search: HashSet::new(),
            search_fields: HashMap::new(),
            reach: HashMap::new(),
        };
        for (i, page) in site.pages.iter().enumerate() {
            if page.synthetic || !is_among(changed, &page.source.path) {
                continue;
            }
            if narratives.contains(&i) {
                return None;
            }
            affected.pages.insert(i);
            let (old, new) = (old.get(&page.source.path), new.get(&page.source.path));
            if old == new {
                continue;
            }
            affected.summary_changed(site, i, old, changed_fields(old, new));
        }
        Some(affected)
    }

    /// Pages added or removed: the `pages` (indexes in the site as it is
    /// now), the areas (language, area id) and the search pages of the
    /// languages whose pages came or went.
    pub(crate) fn of_pages(
        pages: HashSet<usize>,
        areas: HashSet<(String, String)>,
        search: HashSet<String>,
    ) -> Affected {
        Affected {
            pages,
            areas,
            search,
            search_fields: HashMap::new(),
            reach: HashMap::new(),
        }
    }

    /// A page's list entry changed: its section, the pages of its own
    /// section, the area pages it was or is in, and its search page (if
    /// it shows one of `fields`, the fields that changed, when known).
    fn summary_changed(
        &mut self,
        site: &Site,
        i: usize,
        old: Option<&String>,
        fields: Option<HashSet<String>>,
    ) {
        let page = &site.pages[i];
        let lang = page.lang().to_string();
        self.pages.extend(page.parent);
        self.pages.extend(page.children.iter().copied());
        self.pages.extend(page.subsections.iter().copied());
        let mut areas: Vec<String> = page
            .source
            .front
            .areas
            .iter()
            .map(|a| a.value.clone())
            .collect();
        if let Some(old) = old.and_then(|o| serde_json::from_str::<serde_json::Value>(o).ok())
            && let Some(list) = old.get("areas").and_then(|a| a.as_array())
        {
            areas.extend(
                list.iter()
                    .filter_map(|a| a.get("id").and_then(|i| i.as_str()))
                    .map(str::to_string),
            );
        }
        for area in areas {
            self.areas.insert((lang.clone(), area));
        }
        match fields {
            Some(fields) => self.search_fields.entry(lang).or_default().extend(fields),
            None => {
                self.search.insert(lang);
            }
        }
    }

    /// Sections whose pages changed order: all their list pages.
    pub(crate) fn add_reordered(&mut self, sections: &[usize]) {
        self.pages.extend(sections.iter().copied());
    }

    /// What changed in the views of `lang`: the pages that show an area
    /// whose name or URL changed are rendered as if their summary changed.
    pub(crate) fn add_reach(&mut self, site: &Site, lang: &str, reach: Reach) {
        if !reach.area_links.is_empty() {
            for i in site.rendered_pages() {
                let page = &site.pages[i];
                if page.lang() == lang
                    && page
                        .source
                        .front
                        .areas
                        .iter()
                        .any(|a| reach.area_links.contains(&a.value))
                {
                    self.pages.insert(i);
                    self.summary_changed(site, i, None, None);
                }
            }
        }
        self.reach.insert(lang.to_string(), reach);
    }

    /// Tells each language's kept search page pieces that they still hold
    /// when its shared views changed only in what the search page does not
    /// read. (Views changed without a recorded [`Reach`] are new values, so
    /// the pieces made with the old ones are not taken.)
    pub(crate) fn keep_search_pieces(
        &self,
        languages: &[LanguageData],
        site: &Site,
        reads: &Reads,
    ) {
        for views in languages {
            let kept = (self.reach.get(&views.lang))
                .is_some_and(|r| !r.selects(JobKind::Search, site, reads));
            if kept {
                views.summaries.search.still_holds(&views.site, &views.data);
            }
        }
    }

    pub(crate) fn selects(
        &self,
        kind: JobKind,
        lang: &LanguageData,
        site: &Site,
        reads: &Reads,
    ) -> bool {
        let reached = self
            .reach
            .get(&lang.lang)
            .is_some_and(|r| r.selects(kind, site, reads));
        reached
            || match kind {
                JobKind::Content { page, .. } => self.pages.contains(&page),
                JobKind::Item(Collection::Areas, i) => lang
                    .areas
                    .get(i)
                    .is_some_and(|a| self.areas.contains(&(lang.lang.clone(), a.id.clone()))),
                JobKind::Search => {
                    self.search.contains(&lang.lang)
                        || (self.search_fields.get(&lang.lang))
                            .is_some_and(|fields| reads.search_shows(fields))
                }
                _ => false,
            }
    }
}
