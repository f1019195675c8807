//! The generated collections: members, activity areas, reports and
//! publications, each in a file of its own holding its types, loading, checks, URL key and search
//! documents. [`Collection`] is the seam through which the phases iterate
//! them: the URL registry (`site::urls`), the render jobs (a list page and
//! one page per item), the search index, the sitemap, `alianse schema` and
//! `serve`'s choice of pages to render again. [`SiteData`] holds what they
//! load, with the site's headline figures (`facts.yaml`).
//!
//! # How to add a collection
//!
//! 1. Write `src/collections/<name>.rs`: the item type (`Deserialize`,
//!    `schemars::JsonSchema`, `Spanned` values for line numbers), loading
//!    into [`SiteData`] and checks with lines, its search documents, and a
//!    `//!` comment saying what it owns. Declare it with `pub mod` here.
//! 2. Here: a field in [`SiteData`], a call in [`load`] and [`validate`], a
//!    variant of [`Collection`] (add it to [`Collection::ALL`]) and the arm
//!    of each `match` the compiler then asks for (names, item keys, search
//!    documents, schema, open data table: `table_name`, `table`).
//! 3. `config/mod.rs`: the URL segment per language in `Collections`
//!    (`collections: {name: {lv: …, en: …}}` in site.yaml), its default,
//!    and its row in `Collections::all` (which the checks go through).
//! 4. The theme: `<name>.html` (the list) and `<item>.html` (one item) in
//!    `themes/default/templates/`, and the strings `<name>_title` and
//!    `<name>_description` in its `i18n/*.yaml`; the views templates see are
//!    made in `render::context` and the item page's context in
//!    `render::collection_pages`.
//!
//! The URL registry, render jobs (`render::collection_pages`), the main
//! menu, sitemap and search index (`site_files`), schemas and open data then
//! include the collection without further changes.

pub mod areas;
pub mod events;
pub mod members;
pub mod publications;
pub mod reports;
pub mod tables;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::markdown::Rendered;
use crate::data::{Fact, SourceTexts, read_list};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::LocalisedText;
use crate::open_data::Table;
use areas::Area;
use events::Event;
use members::Member;
use publications::Publications;
use reports::{Band, LoadedReport};

/// A generated collection: a list page per language and a page per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Collection {
    Members,
    Areas,
    Reports,
    Publications,
    Events,
}

impl Collection {
    /// Every collection, in the order the phases go through them.
    pub const ALL: [Collection; 5] = [
        Collection::Members,
        Collection::Areas,
        Collection::Reports,
        Collection::Publications,
        Collection::Events,
    ];

    /// The list page's kind and template stem, and the key in site.yaml's
    /// `collections:` (`members`).
    pub fn name(self) -> &'static str {
        match self {
            Collection::Members => "members",
            Collection::Areas => "areas",
            Collection::Reports => "reports",
            Collection::Publications => "publications",
            Collection::Events => "events",
        }
    }

    /// An item page's kind and template stem, and what the search index
    /// calls an item (`member`).
    pub fn item_name(self) -> &'static str {
        match self {
            Collection::Members => "member",
            Collection::Areas => "area",
            Collection::Reports => "report",
            Collection::Publications => "publication",
            Collection::Events => "event",
        }
    }

    /// The URL segment of each language, from site.yaml's `collections:`.
    pub fn segment(self, config: &Config) -> &LocalisedText {
        match self {
            Collection::Members => &config.collections.members,
            Collection::Areas => &config.collections.areas,
            Collection::Reports => &config.collections.reports,
            Collection::Publications => &config.collections.publications,
            Collection::Events => &config.collections.events,
        }
    }

    /// Whether the site has this collection's list page: always, except
    /// events, whose pages (and calendars) exist only when there are events.
    pub fn has_list(self, data: &SiteData) -> bool {
        match self {
            Collection::Events => !data.events.is_empty(),
            Collection::Members
            | Collection::Areas
            | Collection::Reports
            | Collection::Publications => true,
        }
    }

    /// Every URL a list has besides its page (the events' calendar feed).
    pub fn list_extra_urls(self, config: &Config, lang: &str, data: &SiteData) -> Vec<String> {
        match self {
            Collection::Events if self.has_list(data) => vec![events::calendar_url(config, lang)],
            _ => Vec::new(),
        }
    }

    /// `/en/members/`.
    pub fn list_url(self, config: &Config, lang: &str) -> String {
        let seg = self.segment(config).get(lang, &config.default_language);
        format!("{}/{seg}/", config.lang_prefix(lang))
    }

    /// `/en/members/<key>/`.
    pub fn item_url(self, config: &Config, lang: &str, key: &str) -> String {
        format!("{}{key}/", self.list_url(config, lang))
    }

    /// The URL keys of the items, in the order of their views: ids, or
    /// years for reports.
    pub fn item_keys(self, data: &SiteData) -> Vec<String> {
        match self {
            Collection::Members => data.members.iter().map(|m| m.id.value.clone()).collect(),
            Collection::Areas => data.areas.iter().map(|a| a.id.value.clone()).collect(),
            Collection::Reports => data
                .reports
                .iter()
                .map(|r| r.report.year.value.to_string())
                .collect(),
            Collection::Publications => data
                .publications
                .items
                .iter()
                .map(|p| p.id.clone())
                .collect(),
            Collection::Events => data.events.iter().map(|e| e.id.clone()).collect(),
        }
    }

    /// How many items there are.
    pub fn item_count(self, data: &SiteData) -> usize {
        match self {
            Collection::Members => data.members.len(),
            Collection::Areas => data.areas.len(),
            Collection::Reports => data.reports.len(),
            Collection::Publications => data.publications.items.len(),
            Collection::Events => data.events.len(),
        }
    }

    /// Every URL an item has besides its page (an area's Atom feed).
    pub fn item_extra_urls(self, config: &Config, lang: &str, key: &str) -> Vec<String> {
        match self {
            Collection::Areas => vec![areas::feed_url(config, lang, key)],
            Collection::Events => vec![events::ics_url(config, lang, key)],
            Collection::Members | Collection::Reports | Collection::Publications => Vec::new(),
        }
    }

    /// Every URL a collection has besides its pages, in `lang` (the
    /// publications' Atom feed), and once for the site (documents kept
    /// beside the publications' YAML files).
    pub fn extra_urls(self, data: &SiteData, config: &Config, lang: &str) -> Vec<String> {
        match self {
            Collection::Publications => {
                let mut urls = vec![publications::feed_url(config, lang)];
                if lang == config.default_language {
                    urls.extend(publications::download_urls(data, config));
                }
                urls
            }
            Collection::Members | Collection::Areas | Collection::Reports | Collection::Events => {
                Vec::new()
            }
        }
    }

    /// The search documents of the items in `lang`. `narrative` gives a
    /// report year's narrative page.
    pub fn search_docs<'a>(
        self,
        data: &'a SiteData,
        lang: &str,
        default: &str,
        narrative: &dyn Fn(i64) -> Option<&'a Rendered>,
    ) -> Vec<SearchDoc<'a>> {
        match self {
            Collection::Members => members::search_docs(data, lang, default),
            Collection::Areas => areas::search_docs(data, lang, default),
            Collection::Reports => reports::search_docs(data, lang, default, narrative),
            Collection::Publications => publications::search_docs(data, lang, default),
            Collection::Events => events::search_docs(data, lang, default),
        }
    }

    /// The name of the collection's open data table (`data/<name>.csv`),
    /// if it publishes one.
    pub fn table_name(self) -> Option<&'static str> {
        match self {
            Collection::Members
            | Collection::Reports
            | Collection::Publications
            | Collection::Events => Some(self.name()),
            Collection::Areas => None,
        }
    }

    /// The collection's open data table; `None` when it publishes none
    /// or has no items.
    pub fn table(self, config: &Config, data: &SiteData) -> Option<Table> {
        if self.item_count(data) == 0 {
            return None;
        }
        match self {
            Collection::Members => Some(members::table(config, data)),
            Collection::Reports => Some(reports::table(config, data)),
            Collection::Publications => Some(publications::table(config, data)),
            Collection::Events => Some(events::table(config, data)),
            Collection::Areas => None,
        }
    }

    /// The JSON Schema of the collection's data file, by file name.
    pub fn schema(self) -> (&'static str, schemars::Schema) {
        match self {
            Collection::Members => ("members.schema.json", schemars::schema_for!(Vec<Member>)),
            Collection::Areas => ("areas.schema.json", schemars::schema_for!(Vec<Area>)),
            Collection::Reports => ("report.schema.json", schemars::schema_for!(reports::Report)),
            Collection::Publications => (
                "publication.schema.json",
                schemars::schema_for!(publications::Publication),
            ),
            Collection::Events => (
                "event.schema.json",
                schemars::schema_for!(events::EventFile),
            ),
        }
    }
}

/// What the search index holds of one item (the body is cut to the
/// configured length there).
pub struct SearchDoc<'a> {
    /// The item's URL key ([`Collection::item_url`]).
    pub key: String,
    pub title: &'a str,
    pub summary: String,
    /// Headings, space separated.
    pub headings: String,
    pub body: &'a str,
}

/// All data of a site, as loaded.
#[derive(Debug, Clone, Default)]
pub struct SiteData {
    pub members: Vec<Member>,
    pub members_file: PathBuf,
    pub areas: Vec<Area>,
    pub areas_file: PathBuf,
    /// Sorted by year.
    pub reports: Vec<LoadedReport>,
    pub bands: Vec<Band>,
    /// Headline figures declared in `facts.yaml`, in their order.
    pub facts: Vec<Fact>,
    pub facts_file: PathBuf,
    /// areas.yaml exists but could not be read: references to areas are
    /// not checked, so that one mistake does not show as many.
    pub areas_unreadable: bool,
    /// `publications/*.yaml`, newest first.
    pub publications: Publications,
    /// `events/*.yaml`, sorted by start.
    pub events: Vec<Event>,
}

impl SiteData {
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id.value == id)
    }

    pub fn band_for(&self, score: f64) -> Option<&Band> {
        // Bands are published with one decimal: 3.05 belongs to 3.1–5.0.
        let rounded = (score * 10.0).round() / 10.0;
        self.bands
            .iter()
            .find(|b| rounded >= b.min - 1e-9 && rounded <= b.max + 1e-9)
    }
}

/// Reads everything under `data_dir`. Missing files mean "none".
pub fn load(data_dir: &Path, shown_dir: &Path) -> (SiteData, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut data = SiteData {
        members_file: shown_dir.join("members.yaml"),
        areas_file: shown_dir.join("areas.yaml"),
        facts_file: shown_dir.join("facts.yaml"),
        ..SiteData::default()
    };
    data.facts = read_list(
        &data_dir.join("facts.yaml"),
        &data.facts_file,
        &mut problems,
    );
    data.members = read_list(
        &data_dir.join("members.yaml"),
        &data.members_file,
        &mut problems,
    );
    let before = problems.len();
    data.areas = read_list(
        &data_dir.join("areas.yaml"),
        &data.areas_file,
        &mut problems,
    );
    data.areas_unreadable = problems.len() > before;
    reports::load(&mut data, data_dir, shown_dir, &mut problems);
    data.publications = publications::load(
        &data_dir.join("publications"),
        &shown_dir.join("publications"),
        &mut problems,
    );
    let area_ids: Vec<&str> = data.areas.iter().map(|a| a.id.value.as_str()).collect();
    let known_areas = (!data.areas_unreadable).then_some(area_ids.as_slice());
    data.events = events::load(
        &data_dir.join("events"),
        &shown_dir.join("events"),
        known_areas,
        &mut problems,
    );
    (data, problems)
}

/// Cross-checks the data: ids, references, ranges, years, logos.
pub fn validate(data: &SiteData, static_dir: &Path, sources: &SourceTexts) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = |file: &Path, loc: &serde_saphyr::Location, kind: ErrorKind, message: String| {
        let d = Diagnostic::error(kind, message)
            .in_file(file)
            .at(loc.line() as usize, loc.column() as usize);
        match sources.get(file) {
            Some(text) => d.with_source(text),
            None => d,
        }
    };
    crate::data::check_ids(
        data.areas.iter().map(|a| &a.id),
        &data.areas_file,
        "area",
        &at,
        &mut problems,
    );
    crate::data::check_ids(
        data.members.iter().map(|m| &m.id),
        &data.members_file,
        "member",
        &at,
        &mut problems,
    );
    crate::data::check_ids(
        data.facts.iter().map(|f| &f.id),
        &data.facts_file,
        "figure",
        &at,
        &mut problems,
    );
    crate::data::facts::check(&data.facts, &data.facts_file, &at, &mut problems);
    let area_ids: Vec<&str> = data.areas.iter().map(|a| a.id.value.as_str()).collect();
    for member in &data.members {
        members::check_member(member, data, &area_ids, static_dir, &at, &mut problems);
    }
    reports::check_reports(data, &at, &mut problems);
    publications::check(data, &at, &mut problems);
    areas::check_images(data, &at, &mut problems);
    problems
}

/// [`validate`] for a data folder on disk. The files' text is only needed to
/// quote lines in messages, so it is read again only when there are problems.
pub fn check(
    data: &SiteData,
    data_dir: &Path,
    shown_dir: &Path,
    static_dir: &Path,
) -> Vec<Diagnostic> {
    let problems = validate(data, static_dir, &SourceTexts::new());
    if problems.is_empty() {
        return problems;
    }
    validate(
        data,
        static_dir,
        &crate::data::source_texts(data_dir, shown_dir),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_use_published_rounding() {
        let data = SiteData {
            bands: vec![
                Band {
                    min: 1.0,
                    max: 3.0,
                    label: LocalisedText::Same("Enhanced".into()),
                },
                Band {
                    min: 3.1,
                    max: 5.0,
                    label: LocalisedText::Same("Evolving".into()),
                },
            ],
            ..SiteData::default()
        };
        assert_eq!(data.band_for(3.0).map(|b| b.min), Some(1.0));
        assert_eq!(data.band_for(3.06).map(|b| b.min), Some(3.1));
        assert!(data.band_for(6.0).is_none());
    }
}
