//! The generated collections: members, activity areas, reports,
//! publications and events, each in a file (and folder) of its own holding
//! its types, loading, checks, URL key, search documents, views, editor
//! rows and what the editorial tools need of it. [`Collection`] is the seam
//! through which the phases iterate them: the URL registry (`site::urls`),
//! the render jobs (a list page and one page per item), views and embeds
//! (through [`view::ViewKit`], which render implements and passes in, so
//! that no collection imports render), the search index, the sitemap,
//! `alianse schema`, the site editor (`cms`), translation status,
//! `check --publish`, `alianse new` and `serve`'s choice of pages to render
//! again. [`SiteData`] holds what they load, with the site's headline
//! figures (`facts.yaml`).
//!
//! # How to add a collection
//!
//! Say `things`, one YAML file per item under `content/data/things/`:
//!
//! 1. Its own files, `src/collections/things.rs` and
//!    `src/collections/things/`: the item type (`Deserialize`,
//!    `schemars::JsonSchema`, `Spanned` values for line numbers), loading
//!    and checks with lines, search documents, and, as the other
//!    collections do, `view.rs` (the views, made through `ViewKit`; the
//!    entries in `data`; the item page as an `ItemPage`; embeds),
//!    `editor.rs` (the editor's `FIELD_TEXTS` rows and `FOLDER`; `NEW_ITEM`
//!    for `alianse new thing`), `files.rs` for files besides its pages
//!    (feeds, calendars), and, if it has them, tracked translations
//!    (`tracked_fields`), sample rows (`samples`), embeds (`EMBEDS`,
//!    `embed_problem`), data images (`images`) and an open data table.
//! 2. Here, `collections/mod.rs`: `pub mod things;`, a field in
//!    [`SiteData`] and its call in [`load`] (and [`validate`]), the variant
//!    in [`Collection`] and [`Collection::ALL`], and the arm the compiler
//!    then asks for in each `match` (names, item keys and count, schema,
//!    views, item page, editor rows and folder, …): one line each, naming
//!    a function of its own file.
//! 3. `config/mod.rs`: the URL segment per language in `Collections`
//!    (`collections: {things: {lv: …, en: …}}` in site.yaml), its default,
//!    and its row in `Collections::all` (which the checks go through).
//! 4. The theme: `things.html` (the list) and `thing.html` (one item) in
//!    `themes/default/templates/`, and the strings `things_title` and
//!    `things_description` in its `i18n/*.yaml` (and `messages/*.yaml`
//!    for any message of its own checks).
//!
//! Nothing else changes: the URL registry, render jobs, `data` and
//! `site.urls` in templates, item pages and their JSON-LD (an `ItemPage`),
//! embeds and their checks, the main menu, sitemap and search index
//! (`site_files`), the collection's own site-wide files (calendars, feeds,
//! documents: [`Collection::site_files`], made through [`view::FileKit`]),
//! schemas, open data, the editor's collections and fields, translation
//! status, sample rows, `alianse new` and `serve`'s choice of item pages to
//! render again ([`view::ItemViews`]) go through `Collection::ALL`.
//!
//! Measured for events (lines naming them, outside `collections/events.rs`
//! and `collections/events/`): here, `mod.rs`, 41 lines (the module and
//! its item type's import, the variant and its place in `ALL`, the field
//! in `SiteData`, its 8-line load call, and 25 `match` arms, 24 of one
//! line and the schema's of four); `config/mod.rs`, 8 lines (the field with
//! its doc and serde default, the default, the row in `Collections::all`,
//! the 3-line function of the default segments); `data/validate.rs`, 1
//! line (the word for "event" in id messages; without it the English word
//! is shown). Besides code: the theme's `events.html`, `event.html`, the
//! `embed_events` component and strings, and the messages.

pub mod areas;
pub mod editor;
pub mod events;
mod load;
pub mod members;
pub mod publications;
pub mod reports;
pub mod tables;
pub mod tracked;
pub mod view;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::markdown::Rendered;
use crate::data::records::KeptText;
use crate::data::{Fact, SourceTexts};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::LocalisedText;
use crate::messages::Message;
use crate::open_data::Table;
use crate::paths::OutputFile;
use areas::Area;
use editor::{EditorFolder, FieldText, NewItem};
use events::Event;
pub use load::{Reread, load, load_again};
use members::Member;
use publications::Publications;
use reports::{Band, LoadedReport};
use tracked::TrackedField;
use view::{DataImage, EmbedArgs, EmbedSpec, FileKit, ItemPage, ViewKit, Views};

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
            _ => true,
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
            _ => Vec::new(),
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
            _ => Vec::new(),
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

    /// Makes the collection's views in the kit's language into `views`.
    /// Members', areas' and reports' views are made by their own `view`
    /// modules too (through the same `ViewKit`), but render asks for them
    /// by name and keeps them in its `LanguageData`, whose fields the
    /// directory, the embeds, the charts and `serve` read.
    pub fn make_views(self, kit: &dyn ViewKit, views: &mut Views) {
        match self {
            Collection::Publications => publications::view::make(kit, views),
            Collection::Events => events::view::make(kit, views),
            Collection::Members | Collection::Areas | Collection::Reports => {}
        }
    }

    /// The collection's site-wide files besides its pages: the events'
    /// `.ics` files, the publications' feeds and documents.
    pub fn site_files(self, kit: &FileKit) -> Vec<OutputFile> {
        match self {
            Collection::Events => events::files::ics_files(kit),
            Collection::Publications => publications::feed::files(kit),
            Collection::Members | Collection::Areas | Collection::Reports => Vec::new(),
        }
    }

    /// The collection's entries in templates' `data` (besides those render
    /// still adds itself).
    pub fn list_data(self, views: &Views) -> Vec<(&'static str, serde_json::Value)> {
        match self {
            Collection::Publications => publications::view::list_data(views),
            Collection::Events => events::view::list_data(views),
            _ => Vec::new(),
        }
    }

    /// The collection's entries in templates' `site.urls` besides its list
    /// page (the events' calendar feed).
    pub fn site_urls(self, kit: &dyn ViewKit) -> Vec<(&'static str, String)> {
        match self {
            Collection::Publications => publications::view::site_urls(kit),
            Collection::Events => events::view::site_urls(kit),
            _ => Vec::new(),
        }
    }

    /// Item `i`'s page, for the collections that describe their own.
    pub fn item_page(self, kit: &dyn ViewKit, views: &Views, i: usize) -> Option<ItemPage> {
        match self {
            Collection::Publications => publications::view::item_page(views, i),
            Collection::Events => events::view::item_page(kit, views, i),
            Collection::Members | Collection::Areas | Collection::Reports => None,
        }
    }

    /// The embed `{{< name … >}}` a collection answers (`events`), with its
    /// arguments; `None` when `name` is none of the collections' embeds.
    pub fn embed(name: &str, views: &Views, arg: &dyn Fn(&str) -> String) -> Option<EmbedArgs> {
        match name {
            "events" => Some(events::view::embed(views, arg)),
            "publications" => Some(publications::view::embed(views, arg)),
            _ => None,
        }
    }

    /// The localised fields whose translations `alianse translations`
    /// tracks, in file order.
    pub fn tracked_fields(self, data: &SiteData) -> Vec<TrackedField<'_>> {
        match self {
            Collection::Members => members::tracked_fields(data),
            Collection::Areas => areas::tracked_fields(data),
            Collection::Reports => reports::tracked_fields(data),
            Collection::Events => events::tracked_fields(data),
            Collection::Publications => Vec::new(),
        }
    }

    /// The sample items, as problems for `check --publish`.
    pub fn samples(self, data: &SiteData) -> Vec<Diagnostic> {
        match self {
            Collection::Members => members::samples(data),
            Collection::Reports => reports::samples(data),
            Collection::Publications => publications::samples(data),
            Collection::Events => events::samples(data),
            _ => Vec::new(),
        }
    }

    /// The embeds the collection offers in Markdown.
    pub fn embeds(self) -> &'static [EmbedSpec] {
        match self {
            Collection::Members => members::EMBEDS,
            Collection::Reports => reports::EMBEDS,
            Collection::Publications => publications::EMBEDS,
            Collection::Events => events::EMBEDS,
            _ => &[],
        }
    }

    /// What is wrong with the value of an argument of one of the
    /// collection's embeds (besides `area`, which the site checks), as a
    /// message and a hint.
    pub fn embed_problem(
        self,
        data: &SiteData,
        key: &str,
        value: &str,
    ) -> Option<(Message, Message)> {
        match self {
            Collection::Reports => reports::embed_problem(data, key, value),
            Collection::Publications => publications::embed_problem(data, key, value),
            Collection::Events => events::embed_problem(key, value),
            _ => None,
        }
    }

    /// The pictures the collection's data names, found and processed with
    /// the content's images.
    pub fn images(self, data: &SiteData) -> Vec<DataImage<'_>> {
        match self {
            Collection::Areas => areas::images(data),
            Collection::Publications => publications::images(data),
            _ => Vec::new(),
        }
    }

    /// The editor's rows of the properties of the collection's types.
    pub fn field_texts(self) -> &'static [FieldText] {
        match self {
            Collection::Members => members::FIELD_TEXTS,
            Collection::Areas => areas::FIELD_TEXTS,
            Collection::Reports => reports::editor::FIELD_TEXTS,
            Collection::Publications => publications::editor::FIELD_TEXTS,
            Collection::Events => events::editor::FIELD_TEXTS,
        }
    }

    /// The editor's folder collection of the collection's files, for those
    /// kept one file per item.
    pub fn editor_folder(self) -> Option<&'static EditorFolder> {
        match self {
            Collection::Reports => Some(&reports::editor::FOLDER),
            Collection::Publications => Some(&publications::editor::FOLDER),
            Collection::Events => Some(&events::editor::FOLDER),
            _ => None,
        }
    }

    /// What `alianse new <kind>` writes for one item, for the collections
    /// kept one file per item that offer it.
    pub fn new_item(self) -> Option<&'static NewItem> {
        match self {
            Collection::Events => Some(&events::editor::NEW_ITEM),
            _ => None,
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
    /// The text members.yaml was read from (for `serve` to read again
    /// only the records that change).
    pub members_text: KeptText,
    pub areas: Vec<Area>,
    pub areas_file: PathBuf,
    pub areas_text: KeptText,
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
/// quote lines in messages, so it is read again only when there are
/// problems, and only of the files they are in (the second pass finds the
/// same problems, so it quotes the same lines as with every file's text).
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
    let named: std::collections::HashSet<&Path> =
        problems.iter().filter_map(|d| d.file.as_deref()).collect();
    let texts = crate::data::source_texts(data_dir, shown_dir, &named);
    validate(data, static_dir, &texts)
}
