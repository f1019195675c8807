//! What the site editor (the CMS, `alianse cms`) needs to know about a
//! collection's data that its JSON Schema cannot say: for each property its
//! labels and hints (Latvian and English) and the widget that fits
//! ([`FieldText`], one row per property, in the order the editor shows
//! them), and for a collection kept one file per item, the editor's
//! collection of those files ([`EditorFolder`]). Each collection's file
//! holds its own rows and folder; `cms` goes through `Collection::ALL`.

/// How a property is edited, beyond what its schema type says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Widget {
    /// From the schema: string, number, boolean, select (enum), list, object.
    Auto,
    /// Markdown text (a localised one in data files: per language).
    Markdown,
    /// A longer plain text.
    Text,
    /// A date written as YYYY-MM-DD; `now` in new entries when `dated` is set.
    Date,
    /// Ids from areas.yaml, chosen from a list.
    AreaIds,
    /// A slug: lowercase letters, digits, hyphens.
    Slug,
    Url,
    Email,
    /// An image under content/static/`folder`, written as `folder/name`.
    Image(&'static str),
    /// A file under content/static/`folder`, written as `/folder/name`.
    File(&'static str),
    /// A number in these steps, within these bounds and the schema's
    /// `minimum`/`maximum` (the tighter of the two; infinite: none).
    Number(f64, f64, f64),
    /// Kept as written; not edited in the CMS (free-form maps).
    Keep,
}

/// Whether a page field is translated or copied from the default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translation {
    Translate,
    Duplicate,
}

/// Labels, hints and the widget of one property of one schema type.
pub struct FieldText {
    /// The type's name in the schema (`FrontMatter`, `Member` …).
    pub owner: &'static str,
    pub key: &'static str,
    pub lv: &'static str,
    pub en: &'static str,
    pub hint_lv: &'static str,
    pub hint_en: &'static str,
    pub widget: Widget,
    pub translation: Translation,
}

pub const fn row(
    owner: &'static str,
    key: &'static str,
    (lv, en): (&'static str, &'static str),
    (hint_lv, hint_en): (&'static str, &'static str),
    widget: Widget,
) -> FieldText {
    FieldText {
        owner,
        key,
        lv,
        en,
        hint_lv,
        hint_en,
        widget,
        translation: Translation::Translate,
    }
}

pub const fn same(mut text: FieldText) -> FieldText {
    text.translation = Translation::Duplicate;
    text
}

pub const NO_HINT: (&str, &str) = ("", "");

/// CSOSI scores: in tenths; the range 1.0 (best) to 7.0 is the schema's.
pub const SCORE: Widget = Widget::Number(f64::NEG_INFINITY, f64::INFINITY, 0.1);
/// Whole numbers; bounds from the schema.
pub const WHOLE: Widget = Widget::Number(f64::NEG_INFINITY, f64::INFINITY, 1.0);

/// The pattern of ids and slugs, as `crate::i18n::is_slug` checks them.
pub const SLUG_PATTERN: &str = "^[a-z0-9_][a-z0-9_-]*$";

/// A collection kept one YAML file per item (`content/data/events/`), as
/// the editor's folder collection of those files.
pub struct EditorFolder {
    /// The collection's name in the editor.
    pub name: &'static str,
    /// (Latvian, English) labels: the collection, one item.
    pub label: (&'static str, &'static str),
    pub label_singular: (&'static str, &'static str),
    /// A Material Symbols icon name.
    pub icon: &'static str,
    /// The folder, from the site root.
    pub folder: &'static str,
    /// The schema file and the type of one file in it.
    pub schema: &'static str,
    pub owner: &'static str,
    pub identifier_field: Option<&'static str>,
    pub slug: EditorSlug,
    /// The entry's summary in lists (`{{fields.year}}`).
    pub summary: Option<&'static str>,
    /// Only files whose `field` matches `pattern` are entries.
    pub filter: Option<(&'static str, &'static str)>,
}

/// How the editor names a new file.
pub enum EditorSlug {
    /// From a template (`{{fields.year}}`).
    Template(&'static str),
    /// Written by the editor, checked against [`SLUG_PATTERN`], with this
    /// (Latvian, English) message.
    Editable(&'static str, &'static str),
}

/// What `alianse new <kind>` writes for a collection kept one file per
/// item: its built-in archetype (the site's `archetypes/<file>` instead,
/// when there is one) and where the file goes.
pub struct NewItem {
    /// The word after `alianse new` (`event`).
    pub kind: &'static str,
    /// The site's own archetype, under `archetypes/`.
    pub archetype: &'static str,
    /// The built-in archetype: `{{ title }}`, `{{ date }}`, `{{ slug }}`,
    /// `{{ year }}` are filled in.
    pub text: &'static str,
    /// The file, from the site root, with `{date}`, `{slug}` and `{year}`.
    pub path: &'static str,
}
