//! The activity areas (`content/data/areas.yaml`): their type, the check
//! of their pictures, and search documents; [`view`] what templates see of
//! them. Each area gets a page at `/<areas>/<id>/` and an Atom feed of the
//! pages tagged with it.

pub mod view;

use super::editor::{FieldText, NO_HINT, Widget, row};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::tracked::{TrackedField, shown};
use super::view::DataImage;
use super::{Collection, SearchDoc, SiteData};
use crate::config::Config;
use crate::i18n::LocalisedText;

/// An activity area (`areas.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: LocalisedText,
    #[serde(default)]
    pub summary: Option<LocalisedText>,
    #[serde(default)]
    pub description: Option<LocalisedText>,
    #[serde(default)]
    pub icon: Option<String>,
    /// A picture of the area: `/path` under content/static/, or a path
    /// beside areas.yaml.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub image: Option<Spanned<String>>,
    /// What the picture shows, per language (`""` for decoration).
    #[serde(default)]
    pub image_alt: Option<LocalisedText>,
}

/// An area's picture needs its `image_alt` (the file itself is checked by
/// the image pipeline).
pub(super) fn check_images(
    data: &SiteData,
    at: crate::collections::publications::At,
    problems: &mut Vec<crate::error::Diagnostic>,
) {
    for area in &data.areas {
        if let Some(image) = &area.image
            && area.image_alt.is_none()
        {
            problems.push(
                at(
                    &data.areas_file,
                    &image.referenced,
                    crate::error::ErrorKind::InvalidValue,
                    String::new(),
                )
                .with_message(msg!("data.area-image-alt", value = &image.value))
                .with_help(msg!("data.area-image-alt-help")),
            );
        }
    }
}

/// The Atom feed of the pages tagged with an area: `/en/areas/<id>/atom.xml`.
pub fn feed_url(config: &Config, lang: &str, id: &str) -> String {
    format!("{}atom.xml", Collection::Areas.item_url(config, lang, id))
}

/// The search documents of the areas in `lang`.
pub(super) fn search_docs<'a>(data: &'a SiteData, lang: &str, default: &str) -> Vec<SearchDoc<'a>> {
    data.areas
        .iter()
        .map(|a| SearchDoc {
            key: a.id.value.clone(),
            title: a.name.get(lang, default),
            summary: a
                .summary
                .as_ref()
                .map(|s| s.get(lang, default).to_string())
                .unwrap_or_default(),
            headings: String::new(),
            body: a
                .description
                .as_ref()
                .map(|d| d.get(lang, default))
                .unwrap_or(""),
        })
        .collect()
}

/// The areas' tracked translations: name, summary and description.
pub fn tracked_fields(data: &SiteData) -> Vec<TrackedField<'_>> {
    let mut out = Vec::new();
    for a in &data.areas {
        let start = a.id.referenced.line() as usize;
        for (key, text) in [
            ("name", Some(&a.name)),
            ("summary", a.summary.as_ref()),
            ("description", a.description.as_ref()),
        ] {
            if let Some(text) = text {
                out.push(TrackedField {
                    section: Collection::Areas.name(),
                    file: shown(&data.areas_file),
                    item: format!("{}: {key}", a.id.value),
                    text,
                    start,
                    path: vec![key],
                });
            }
        }
    }
    out
}

/// Where areas' pictures are found: paths are relative to areas.yaml's folder.
pub const FOLDER: &str = "data";

/// Each area's picture, processed for responsive sizes.
pub fn images(data: &SiteData) -> Vec<DataImage<'_>> {
    data.areas
        .iter()
        .filter_map(|area| {
            Some(DataImage {
                folder: FOLDER,
                written: area.image.as_ref()?,
                op: crate::images::Op::Responsive,
                file: &data.areas_file,
            })
        })
        .collect()
}

/// The editor's rows of areas.yaml's properties.
#[rustfmt::skip]
pub const FIELD_TEXTS: &[FieldText] = &[
    row("Area", "id", ("Identifikators", "Id"), ("Kļūst par adresi; mazie burti, cipari, defises", "Becomes the address; lowercase letters, digits, hyphens"), Widget::Slug),
    row("Area", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
    row("Area", "summary", ("Kopsavilkums", "Summary"), NO_HINT, Widget::Markdown),
    row("Area", "description", ("Apraksts", "Description"), NO_HINT, Widget::Markdown),
    row("Area", "icon", ("Ikona", "Icon"), ("Nosaukums, ko tēma var izmantot", "A name the theme may use"), Widget::Auto),
    row("Area", "image", ("Attēls", "Picture"), ("Rādīts jomas lapā un jomu sarakstā", "Shown on the area's page and in the list of areas"), Widget::File("images")),
    row("Area", "image_alt", ("Attēla apraksts", "Picture description"), ("Kas attēlā redzams, ekrāna lasītājiem", "What the picture shows, for screen readers"), Widget::Auto),
];
