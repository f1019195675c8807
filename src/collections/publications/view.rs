//! What templates see of the publications in one language, made through
//! the render phase's [`ViewKit`]: a view per publication with its type,
//! year, authors, areas, summary, languages, the document's format and
//! size, cover and report; the counts that make the library's filters by
//! type, year and area; a publication's page; the selection an embed
//! (`{{< publications area="…" type="…" >}}`) asks for.

use serde::Serialize;

use super::{COVER_BOX, FOLDER, LoadedPublication, Publications, file_url};
use crate::collections::Collection;
use crate::collections::view::{EmbedArgs, ItemPage, ItemViews, Link, ViewKit, Views};
use crate::images::Request;
use crate::images::markup::{Attributes, picture};

/// A text with the language it is written in.
#[derive(Serialize, Clone, Debug)]
pub struct Text {
    pub text: String,
    pub lang: String,
}

/// A link to a report this publication is.
#[derive(Serialize, Clone, Debug)]
pub struct ReportLink {
    pub year: i64,
    pub url: String,
    pub title: String,
    pub title_lang: String,
}

/// One publication as templates see it.
#[derive(Serialize, Clone)]
pub struct PublicationView {
    pub id: String,
    pub title: String,
    pub title_lang: String,
    pub url: String,
    pub type_id: String,
    pub type_name: String,
    pub type_lang: String,
    pub year: Option<i64>,
    /// The year as text (empty when unknown), for the year filter.
    pub year_text: String,
    /// YYYY-MM-DD, when the day is known.
    pub date: Option<String>,
    pub authors: Vec<Text>,
    pub areas: Vec<Link>,
    /// The ids of `areas`, for the area filter.
    pub area_ids: Vec<String>,
    /// HTML.
    pub summary: String,
    /// Plain text, for descriptions.
    pub summary_text: String,
    pub summary_lang: String,
    /// The languages it is written in: each one's name in the page's
    /// language (the theme's `language_CODE` string), else the site's name
    /// of it (in that language), else the code.
    pub languages: Vec<Text>,
    /// The document's URL, or empty.
    pub file_url: String,
    /// "PDF, 2,4 MB" in the page's number format.
    pub file_text: String,
    pub external_url: String,
    /// The cover at the top of the publication's page, or empty.
    pub cover_html: String,
    /// The cover in a list (loads lazily), or empty.
    pub card_html: String,
    pub report: Option<ReportLink>,
    pub sample: bool,
}

/// A filter value with how many publications have it.
#[derive(Serialize, Clone, Debug)]
pub struct Count {
    /// Type or area id, or the year.
    pub id: String,
    pub name: String,
    pub lang: String,
    pub count: usize,
}

/// The library's filters: only values some publication has.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Filters {
    pub types: Vec<Count>,
    /// Newest first.
    pub years: Vec<Count>,
    pub areas: Vec<Count>,
    /// Some publication is sample data.
    pub sample: bool,
}

/// The publications' views in one language, with the library's filters.
pub struct PublicationViews {
    /// Newest first.
    pub items: Vec<PublicationView>,
    pub filters: Filters,
}

impl ItemViews for PublicationViews {
    fn item_json(&self, i: usize) -> Option<String> {
        serde_json::to_string(self.items.get(i)?).ok()
    }
}

/// Makes the publications' views of the kit's language into `views`.
pub fn make(kit: &dyn ViewKit, views: &mut Views) {
    let all = &kit.data().publications;
    let items: Vec<PublicationView> = all.items.iter().map(|item| view(kit, all, item)).collect();
    let filters = filters(kit, &items);
    let count = items.len();
    views.insert(
        Collection::Publications,
        count,
        PublicationViews { items, filters },
    );
}

/// The views of the kit's language (none if they were not made).
pub fn all(views: &Views) -> &[PublicationView] {
    views
        .get::<PublicationViews>(Collection::Publications)
        .map_or(&[], |v| v.items.as_slice())
}

/// The publications' entries in `data`: `publications`,
/// `publication_filters`.
pub fn list_data(views: &Views) -> Vec<(&'static str, serde_json::Value)> {
    let Some(v) = views.get::<PublicationViews>(Collection::Publications) else {
        return Vec::new();
    };
    vec![
        (
            "publications",
            serde_json::to_value(&v.items).unwrap_or_default(),
        ),
        (
            "publication_filters",
            serde_json::to_value(&v.filters).unwrap_or_default(),
        ),
    ]
}

/// The site-wide URLs templates get in `site.urls`: the Atom feed.
pub fn site_urls(kit: &dyn ViewKit) -> Vec<(&'static str, String)> {
    vec![(
        "publications_feed",
        super::feed_url(kit.config(), kit.lang()),
    )]
}

/// Publication `i`'s page: `publication`.
pub fn item_page(views: &Views, i: usize) -> Option<ItemPage> {
    let publication = all(views).get(i)?;
    // Without a summary: what it is ("Aptauja: Biedru aptauja").
    let description = if publication.summary_text.is_empty() {
        format!("{}: {}", publication.type_name, publication.title)
    } else {
        publication.summary_text.clone()
    };
    Some(ItemPage {
        title: publication.title.clone(),
        description,
        key: publication.id.clone(),
        url: publication.url.clone(),
        vars: vec![("publication", tera::Value::from_serializable(publication))],
        json_ld: None,
    })
}

/// `{{< publications area="…" type="…" >}}`.
pub fn embed(views: &Views, arg: &dyn Fn(&str) -> String) -> EmbedArgs {
    let chosen = select(all(views), &arg("area"), &arg("type"));
    EmbedArgs {
        component: "embed_publications",
        vars: vec![("publications", tera::Value::from_serializable(&chosen))],
        area: None,
    }
}

fn view(b: &dyn ViewKit, all: &Publications, item: &LoadedPublication) -> PublicationView {
    let config = b.config();
    let lang = b.lang();
    let p = &item.publication;
    let kind = all.kind(&p.kind.value);
    let alt = p.image_alt.as_ref().map(|a| b.text(a)).unwrap_or_default();
    let (cover_html, card_html) = cover(b, item, &alt).unwrap_or_default();
    let area_ids: Vec<&str> = p.areas.iter().map(|a| a.value.as_str()).collect();
    let summary = b.markdown(&p.summary);
    PublicationView {
        id: item.id.clone(),
        title: b.text(&p.title),
        title_lang: b.text_lang(Some(&p.title)),
        url: Collection::Publications.item_url(config, lang, &item.id),
        type_id: p.kind.value.clone(),
        type_name: kind.map(|k| b.text(&k.name)).unwrap_or_default(),
        type_lang: b.text_lang(kind.map(|k| &k.name)),
        year: item.year(),
        year_text: item.year().map(|y| y.to_string()).unwrap_or_default(),
        date: item.date().map(|d| d.iso()),
        authors: p
            .authors
            .iter()
            .map(|a| Text {
                text: b.text(a),
                lang: b.text_lang(Some(a)),
            })
            .collect(),
        areas: b.area_links(&area_ids),
        area_ids: p.areas.iter().map(|a| a.value.clone()).collect(),
        summary_text: crate::html::strip_tags(&summary).trim().to_string(),
        summary,
        summary_lang: b.text_lang(p.summary.as_ref()),
        languages: p.languages.iter().map(|l| language(b, &l.value)).collect(),
        file_url: file_url(config, item).unwrap_or_default(),
        file_text: item
            .download
            .as_ref()
            .map(|d| {
                let name = d.path.file_name().unwrap_or_default().to_string_lossy();
                super::format_and_size(&name, d.size, lang)
            })
            .unwrap_or_default(),
        external_url: p.url.as_ref().map(|u| u.value.clone()).unwrap_or_default(),
        cover_html,
        card_html,
        report: p.report.as_ref().and_then(|r| {
            let report = b
                .data()
                .reports
                .iter()
                .find(|l| l.report.year.value == r.value)?;
            Some(ReportLink {
                year: r.value,
                url: Collection::Reports.item_url(config, lang, &r.value.to_string()),
                title: b.text(&report.report.title),
                title_lang: b.text_lang(Some(&report.report.title)),
            })
        }),
        sample: p.sample,
    }
}

/// A language's name as the page's language says it (`language_lv`:
/// "latviešu"), else the site's own name of it, marked with its language.
fn language(b: &dyn ViewKit, code: &str) -> Text {
    if let Some(name) = b.string(&format!("language_{code}")) {
        return Text {
            text: name,
            lang: b.lang().to_string(),
        };
    }
    match b.config().languages.get(code) {
        Some(l) => Text {
            text: l.name.clone(),
            lang: code.to_string(),
        },
        None => Text {
            text: code.to_string(),
            lang: b.lang().to_string(),
        },
    }
}

/// The processed cover of a publication, if it has one that works.
fn cover_image(
    b: &dyn ViewKit,
    item: &LoadedPublication,
) -> Option<std::sync::Arc<crate::images::Processed>> {
    let image = item.publication.image.as_ref()?;
    let images = b.images();
    let path = images.locate(FOLDER, &image.value).ok()?;
    images
        .get(&Request {
            path,
            op: COVER_BOX,
        })
        .ok()
}

/// (page picture, card picture) of a publication's cover.
fn cover(b: &dyn ViewKit, item: &LoadedPublication, alt: &str) -> Option<(String, String)> {
    let image = cover_image(b, item)?;
    let html = |eager, sizes| {
        picture(
            &image,
            &Attributes {
                alt,
                title: "",
                class: "publication-cover",
                sizes,
                eager,
            },
        )
    };
    // The default theme shows covers 15rem wide on the page, 6rem in lists.
    Some((html(true, "15rem"), html(false, "6rem")))
}

/// The filters of the library page, from the views of one language.
fn filters(b: &dyn ViewKit, views: &[PublicationView]) -> Filters {
    let all = &b.data().publications;
    let count = |f: &dyn Fn(&PublicationView) -> bool| views.iter().filter(|v| f(v)).count();
    let types = all
        .types
        .iter()
        .map(|t| Count {
            id: t.id.value.clone(),
            name: b.text(&t.name),
            lang: b.text_lang(Some(&t.name)),
            count: count(&|v| v.type_id == t.id.value),
        })
        .filter(|c| c.count > 0)
        .collect();
    let mut years: Vec<i64> = views.iter().filter_map(|v| v.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let years = years
        .into_iter()
        .map(|y| Count {
            id: y.to_string(),
            name: y.to_string(),
            lang: b.lang().to_string(),
            count: count(&|v| v.year == Some(y)),
        })
        .collect();
    let areas = b
        .data()
        .areas
        .iter()
        .map(|a| Count {
            id: a.id.value.clone(),
            name: b.text(&a.name),
            lang: b.text_lang(Some(&a.name)),
            count: count(&|v| v.areas.iter().any(|l| l.id == a.id.value)),
        })
        .filter(|c| c.count > 0)
        .collect();
    Filters {
        types,
        years,
        areas,
        sample: views.iter().any(|v| v.sample),
    }
}

/// The publications an embed asks for (`area`, `type`; empty means any).
pub fn select<'a>(
    views: &'a [PublicationView],
    area: &str,
    kind: &str,
) -> Vec<&'a PublicationView> {
    views
        .iter()
        .filter(|v| area.is_empty() || v.areas.iter().any(|a| a.id == area))
        .filter(|v| kind.is_empty() || v.type_id == kind)
        .collect()
}
