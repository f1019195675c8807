//! The seam between the collections and the render phase, turned the other
//! way round: render sits above the collections and may use them, but a
//! collection's views (what templates see of its items) need render's
//! tools: Markdown with the site's settings, the theme's strings, links to
//! areas, the site's organisation for JSON-LD. So this module names those
//! tools in a trait, [`ViewKit`], which render implements and passes in;
//! each collection's file builds its own views, item-page context, embed
//! arguments and structured data through it, and never imports render.
//!
//! What a collection makes is kept in [`Views`] (one language's views of
//! every collection, each of its own type, found again by the collection's
//! own code), and described to render as an [`ItemPage`] or [`EmbedArgs`]:
//! render only turns those into pages.

use std::any::Any;
use std::collections::BTreeMap;

use serde::Serialize;

use super::{Collection, SiteData};
use crate::config::Config;
use crate::i18n::LocalisedText;

/// A link to an item (an area, a publication) with its name and the
/// language the name is written in.
#[derive(Serialize, Clone)]
pub struct Link {
    pub id: String,
    pub name: String,
    /// The language `name` is written in.
    pub lang: String,
    pub url: String,
}

/// What a collection needs from the render phase to make its views, for
/// one language.
pub trait ViewKit {
    fn config(&self) -> &Config;
    fn data(&self) -> &SiteData;
    /// The language the views are made in.
    fn lang(&self) -> &str;
    /// `t` in this language (else the default language).
    fn text(&self, t: &LocalisedText) -> String;
    /// The language `t` is shown in on this language's pages.
    fn text_lang(&self, t: Option<&LocalisedText>) -> String;
    /// Markdown from data (descriptions, summaries) as HTML, with the
    /// site's Markdown settings and raw-HTML policy.
    fn markdown(&self, t: &Option<LocalisedText>) -> String;
    /// A string of the theme's, in this language, if the theme has it.
    fn string(&self, key: &str) -> Option<String>;
    /// The site's image pipeline (covers, pictures).
    fn images(&self) -> &crate::images::Pipeline;
    /// The areas with these ids, as links (unknown ids left out).
    fn area_links(&self, ids: &[&str]) -> Vec<Link>;
    /// The site's organisation in brief, for JSON-LD (`organizer`,
    /// `publisher`).
    fn organization_ref(&self) -> serde_json::Value;
    /// A member's logo (its path under static/) fitted in its box, as
    /// (`<picture>`/`<img>` HTML, URL of the image); `None` when it cannot
    /// be used.
    fn logo(&self, path: &str, alt: &str) -> Option<(String, String)>;
    /// An area's picture for its page (`page`) or its card in the list of
    /// areas, as HTML; empty when it has none that works.
    fn area_image(&self, area: &super::areas::Area, page: bool) -> String;
    /// The narrative page of a report year (`reports/<year>.md`) in this
    /// language, else in the default language.
    fn narrative(&self, year: i64) -> Option<Narrative>;
}

/// A report year's narrative page, as a report's view shows it.
pub struct Narrative {
    /// The page's body.
    pub html: String,
    /// The language it is written in.
    pub lang: String,
    /// Its summary: the front matter's, or the start of its first paragraph.
    pub summary: String,
}

/// A collection's views of one language, of the type it chose: what the
/// phases outside the collection may ask of them without knowing the type.
pub trait ItemViews: Any + Send + Sync {
    /// Item `i`'s view as JSON (`None` past the last), so that `serve` can
    /// tell which item pages an edit changed.
    fn item_json(&self, i: usize) -> Option<String>;
}

/// One language's views of the collections that make their own, each of
/// the type its collection chose, with how many items it has.
#[derive(Default)]
pub struct Views {
    by_collection: BTreeMap<Collection, (usize, Box<dyn ItemViews>)>,
}

impl Views {
    /// Keeps a collection's views; `count` is how many items (item pages)
    /// they hold.
    pub fn insert<T: ItemViews>(&mut self, collection: Collection, count: usize, views: T) {
        self.by_collection
            .insert(collection, (count, Box::new(views)));
    }

    /// A collection's views, if it made them with this type.
    pub fn get<T: Any>(&self, collection: Collection) -> Option<&T> {
        self.by_collection.get(&collection).and_then(|(_, v)| {
            let any: &dyn Any = v.as_ref();
            any.downcast_ref::<T>()
        })
    }

    /// The items of `collection` whose views differ here from `other`'s
    /// (by index; none for a collection that makes no views).
    pub fn changed_items(&self, other: &Views, collection: Collection) -> Vec<usize> {
        let item = |views: &Views, i: usize| {
            let (_, v) = views.by_collection.get(&collection)?;
            v.item_json(i)
        };
        let count = self.count(collection).max(other.count(collection));
        (0..count)
            .filter(|&i| item(self, i) != item(other, i))
            .collect()
    }

    /// How many items a collection's views hold (0 if it made none).
    pub fn count(&self, collection: Collection) -> usize {
        self.by_collection
            .get(&collection)
            .map_or(0, |(count, _)| *count)
    }
}

/// What an item page shows besides `site` and `data`: its title and meta
/// description (render makes `page` of them), its URL key (for the
/// language versions), and the template variables it adds.
pub struct ItemPage {
    pub title: String,
    pub description: String,
    /// The URL key ([`Collection::item_url`]).
    pub key: String,
    pub url: String,
    pub vars: Vec<(&'static str, tera::Value)>,
    /// The page's structured data, if it has any.
    pub json_ld: Option<serde_json::Value>,
}

/// What an embed (`{{< events >}}`) gives its theme component.
pub struct EmbedArgs {
    pub component: &'static str,
    pub vars: Vec<(&'static str, tera::Value)>,
    /// The id of an area whose view render adds as `area` (the embed's
    /// `area="…"`), if the component shows one.
    pub area: Option<String>,
}

/// An embed a collection offers in Markdown (`{{< events area="…" >}}`).
pub struct EmbedSpec {
    pub name: &'static str,
    /// The arguments it takes.
    pub args: &'static [&'static str],
    /// Its arguments may be left out (each narrows the list shown).
    pub optional: bool,
}

/// A picture a collection's data names (an area's picture, a publication's
/// cover), to be found and processed with the content's other images.
pub struct DataImage<'a> {
    /// The content folder its path is relative to.
    pub folder: &'static str,
    /// The path as written, with its line.
    pub written: &'a serde_saphyr::Spanned<String>,
    /// How it is processed.
    pub op: crate::images::Op,
    /// The data file it is written in, as shown in messages.
    pub file: &'a std::path::Path,
}

/// What a collection needs to make its site-wide files (the events'
/// calendars, the publications' feeds and documents): the site's settings
/// and data, and the theme's strings, which render owns and lends here.
pub struct FileKit<'a> {
    pub config: &'a Config,
    pub data: &'a SiteData,
    /// A string of the theme's in a language (`events_title`), if the theme
    /// has it.
    pub string: &'a (dyn Fn(&str, &str) -> Option<String> + Sync),
}

impl FileKit<'_> {
    /// The theme's string `key` in `lang`; the key itself when the theme
    /// lacks it, as other strings made outside templates do.
    pub fn text(&self, lang: &str, key: &str) -> String {
        (self.string)(lang, key).unwrap_or_else(|| key.to_string())
    }
}
