//! Publications as the render phase makes them: what templates see in one
//! language (a view per publication with its type, year, authors, areas,
//! summary, languages, the document's format and size, cover and report;
//! the counts that make the library's filters by type, year and area; the
//! selection an embed asks for), the Atom feed of each language, and the
//! documents kept beside the YAML files, published next to each
//! publication's page.

use std::fmt::Write;

use serde::Serialize;

use crate::collections::Collection;
use crate::collections::Collection::Publications as PUBLICATIONS;
use crate::collections::publications::{
    COVER_BOX, FOLDER, LoadedPublication, Publications, file_url, summary_text,
};
use crate::html::escape_attr as esc;
use crate::images::Request;
use crate::images::markup::{Attributes, picture};
use crate::paths::OutputFile;
use crate::render::context::{Link, ViewBuilder};
use crate::site::Site;

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

/// Every publication in `b`'s language, newest first.
pub fn views(b: &ViewBuilder) -> Vec<PublicationView> {
    let all = &b.site.data.publications;
    all.items.iter().map(|item| view(b, all, item)).collect()
}

fn view(b: &ViewBuilder, all: &Publications, item: &LoadedPublication) -> PublicationView {
    let site = b.site;
    let c = site.collections();
    let p = &item.publication;
    let kind = all.kind(&p.kind.value);
    let alt = p.image_alt.as_ref().map(|a| b.text(a)).unwrap_or_default();
    let (cover_html, card_html) = cover(site, item, &alt).unwrap_or_default();
    let summary = b.markdown(&p.summary);
    PublicationView {
        id: item.id.clone(),
        title: b.text(&p.title),
        title_lang: b.text_lang(Some(&p.title)),
        url: c.item(Collection::Publications, b.lang, &item.id),
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
        areas: b.area_links(p.areas.iter().map(|a| a.value.as_str())),
        area_ids: p.areas.iter().map(|a| a.value.clone()).collect(),
        summary_text: crate::html::strip_tags(&summary).trim().to_string(),
        summary,
        summary_lang: b.text_lang(p.summary.as_ref()),
        languages: p.languages.iter().map(|l| language(b, &l.value)).collect(),
        file_url: file_url(&site.config, item).unwrap_or_default(),
        file_text: item
            .download
            .as_ref()
            .map(|d| {
                let name = d.path.file_name().unwrap_or_default().to_string_lossy();
                crate::collections::publications::format_and_size(&name, d.size, b.lang)
            })
            .unwrap_or_default(),
        external_url: p.url.as_ref().map(|u| u.value.clone()).unwrap_or_default(),
        cover_html,
        card_html,
        report: p.report.as_ref().and_then(|r| {
            let report = site
                .data
                .reports
                .iter()
                .find(|l| l.report.year.value == r.value)?;
            Some(ReportLink {
                year: r.value,
                url: c.item(Collection::Reports, b.lang, &r.value.to_string()),
                title: b.text(&report.report.title),
                title_lang: b.text_lang(Some(&report.report.title)),
            })
        }),
        sample: p.sample,
    }
}

/// A language's name as the page's language says it (`language_lv`:
/// "latviešu"), else the site's own name of it, marked with its language.
fn language(b: &ViewBuilder, code: &str) -> Text {
    if let Some(name) = b.strings.get(b.lang, &format!("language_{code}")) {
        return Text {
            text: name.to_string(),
            lang: b.lang.to_string(),
        };
    }
    match b.site.config.languages.get(code) {
        Some(l) => Text {
            text: l.name.clone(),
            lang: code.to_string(),
        },
        None => Text {
            text: code.to_string(),
            lang: b.lang.to_string(),
        },
    }
}

/// The processed cover of a publication, if it has one that works.
pub fn cover_image(
    site: &Site,
    item: &LoadedPublication,
) -> Option<std::sync::Arc<crate::images::Processed>> {
    let image = item.publication.image.as_ref()?;
    let path = site.images.locate(FOLDER, &image.value).ok()?;
    site.images
        .get(&Request {
            path,
            op: COVER_BOX,
        })
        .ok()
}

/// (page picture, card picture) of a publication's cover.
fn cover(site: &Site, item: &LoadedPublication, alt: &str) -> Option<(String, String)> {
    let image = cover_image(site, item)?;
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
pub fn filters(b: &ViewBuilder, views: &[PublicationView]) -> Filters {
    let all = &b.site.data.publications;
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
            lang: b.lang.to_string(),
            count: count(&|v| v.year == Some(y)),
        })
        .collect();
    let areas = b
        .site
        .data
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

/// The titles a feed needs from the theme, in its language.
pub struct FeedText<'a> {
    /// "Publikācijas" / "Publications".
    pub title: &'a str,
}

/// The Atom feed of one language's publications, newest first.
pub fn feed(site: &Site, lang: &str, text: &FeedText) -> OutputFile {
    let config = &site.config;
    let default = &config.default_language;
    let c = site.collections();
    let feed_url = crate::collections::publications::feed_url(config, lang);
    let items: Vec<&LoadedPublication> = site
        .data
        .publications
        .items
        .iter()
        .take(config.feeds.limit)
        .collect();
    let updated = items
        .iter()
        .map(|p| when(p))
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_string());
    let site_title = config.title.get(lang, default);
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <generator>alianse</generator>\n  <author><name>{}</name></author>\n",
        esc(&format!("{site_title}: {}", text.title)),
        esc(&config.absolute(&c.list(PUBLICATIONS, lang))),
        esc(&config.absolute(&feed_url)),
        esc(&config.absolute(&feed_url)),
        esc(site_title),
    );
    for item in items {
        let p = &item.publication;
        let permalink = config.absolute(&c.item(PUBLICATIONS, lang, &item.id));
        let stamp = when(item);
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    <updated>{stamp}</updated>\n    <published>{stamp}</published>\n",
            esc(p.title.get(lang, default)),
            esc(&permalink),
            esc(&permalink),
        );
        for author in &p.authors {
            let _ = writeln!(
                xml,
                "    <author><name>{}</name></author>",
                esc(author.get(lang, default))
            );
        }
        if let Some(kind) = site.data.publications.kind(&p.kind.value) {
            let _ = writeln!(
                xml,
                "    <category term=\"{}\" label=\"{}\"/>",
                esc(&p.kind.value),
                esc(kind.name.get(lang, default))
            );
        }
        if let (Some(url), Some(download)) = (file_url(config, item), item.download.as_ref()) {
            let _ = writeln!(
                xml,
                "    <link rel=\"enclosure\" type=\"{}\" length=\"{}\" href=\"{}\"/>",
                mime(&url),
                download.size,
                esc(&config.absolute(&url))
            );
        }
        let summary = summary_text(item, lang, default);
        if !summary.is_empty() {
            let _ = writeln!(xml, "    <summary>{}</summary>", esc(&summary));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: feed_url.trim_start_matches('/').to_string(),
        bytes: xml.into_bytes(),
    }
}

/// The publication's day (its date, else 1 January of its year) for feeds.
fn when(item: &LoadedPublication) -> String {
    match (item.date(), item.year()) {
        (Some(date), _) => date.rfc3339(),
        (None, Some(year)) => format!("{year:04}-01-01T00:00:00Z"),
        (None, None) => "2000-01-01T00:00:00Z".to_string(),
    }
}

/// The media type of a document, by its name.
fn mime(url: &str) -> &'static str {
    let ext = url
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "epub" => "application/epub+zip",
        "odt" => "application/vnd.oasis.opendocument.text",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "text/csv",
        _ => "application/octet-stream",
    }
}

/// The documents kept beside the YAML files, published next to each
/// publication's page in the default language. A file that cannot be
/// read is left out (the load phase found it; a race is not worth an error).
pub fn downloads(site: &Site) -> Vec<OutputFile> {
    site.data
        .publications
        .items
        .iter()
        .filter(|item| item.download.as_ref().is_some_and(|d| !d.in_static))
        .filter_map(|item| {
            let url = file_url(&site.config, item)?;
            let bytes = std::fs::read(&item.download.as_ref()?.path).ok()?;
            Some(OutputFile {
                path: url.trim_start_matches('/').to_string(),
                bytes,
            })
        })
        .collect()
}

impl super::Renderer {
    /// The Atom feed of publications in every language.
    pub fn publication_feeds(&self, site: &Site) -> Vec<OutputFile> {
        if !site.config.feeds.enabled {
            return Vec::new();
        }
        site.config
            .language_codes()
            .iter()
            .map(|lang| {
                let title = self.t(lang, "publications_title");
                feed(site, lang, &FeedText { title: &title })
            })
            .collect()
    }
}
