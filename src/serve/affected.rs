//! Which outputs an edit reaches. The [`Shape`] of a site (URLs,
//! sections and their order, translations, aliases, pagination) decides
//! which files exist and where pages link; while it stays the same, an edit
//! of some pages reaches only those pages, plus, when a page's list entry
//! changed, the lists that show it ([`Affected`]).

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::collections::Collection;
use crate::content::markdown::MarkdownSettings;
use crate::render::context::{LanguageData, ViewBuilder};
use crate::render::{JobKind, Renderer};
use crate::site::Site;

/// The list entries (title, URL, date, summary, areas) of the given source
/// files, serialised, by path.
pub fn summaries(
    site: &Site,
    renderer: &Renderer,
    markdown: MarkdownSettings,
    paths: &BTreeSet<String>,
) -> HashMap<String, String> {
    site.pages
        .iter()
        .filter(|p| !p.synthetic && paths.contains(&p.source.path))
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

/// Everything about the site's structure that decides which files exist and
/// where each page links: when it is unchanged, a page edit cannot move or
/// remove any output.
#[derive(Debug, PartialEq, Eq)]
pub struct Shape {
    pages: Vec<PageShape>,
    aliases: Vec<(String, usize)>,
    report_texts: Vec<((i64, String), usize)>,
}

#[derive(Debug, PartialEq, Eq)]
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
    pub fn of(site: &Site) -> Shape {
        let pages = site
            .pages
            .iter()
            .map(|p| PageShape {
                path: p.source.path.clone(),
                url: p.url.clone(),
                parent: p.parent,
                translations: p.translations.clone(),
                children: p.children.clone(),
                subsections: p.subsections.clone(),
                paginate: p.source.front.paginate.as_ref().map(|s| s.value),
                synthetic: p.synthetic,
            })
            .collect();
        let mut report_texts: Vec<_> = site
            .report_texts
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        report_texts.sort();
        Shape {
            pages,
            aliases: site.aliases.clone(),
            report_texts,
        }
    }
}

/// The pages an edit reaches when the site's shape did not change.
pub struct Affected {
    /// Content pages (indexes into `Site::pages`) to render again.
    pages: HashSet<usize>,
    /// (language, area id) of area pages to render again.
    areas: HashSet<(String, String)>,
    /// Languages whose search page lists a changed summary.
    search: HashSet<String>,
}

impl Affected {
    /// `None` when the edit may reach every page: a changed report
    /// narrative or a changed entry of the news list (both are in the data
    /// every template sees).
    pub fn find(
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
        };
        let mut news: HashMap<String, HashSet<usize>> = HashMap::new();
        for (i, page) in site.pages.iter().enumerate() {
            if page.synthetic || !changed.contains(&page.source.path) {
                continue;
            }
            if narratives.contains(&i) {
                return None;
            }
            affected.pages.insert(i);
            if old.get(&page.source.path) == new.get(&page.source.path) {
                continue;
            }
            let lang = page.lang().to_string();
            let in_news = news
                .entry(lang.clone())
                .or_insert_with(|| site.news(&lang).into_iter().collect());
            if in_news.contains(&i) {
                return None;
            }
            affected.summary_changed(site, i, old.get(&page.source.path));
        }
        Some(affected)
    }

    /// A page's list entry changed: its section, the pages of its own
    /// section, the area pages it was or is in, and its search page.
    fn summary_changed(&mut self, site: &Site, i: usize, old: Option<&String>) {
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
        self.search.insert(lang);
    }

    pub fn selects(&self, kind: JobKind, lang: &LanguageData) -> bool {
        match kind {
            JobKind::Content { page, .. } => self.pages.contains(&page),
            JobKind::Item(Collection::Areas, i) => lang
                .areas
                .get(i)
                .is_some_and(|a| self.areas.contains(&(lang.lang.clone(), a.id.clone()))),
            JobKind::Search => self.search.contains(&lang.lang),
            _ => false,
        }
    }
}
