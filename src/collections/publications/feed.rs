//! The publications' site-wide files, made through the seam
//! ([`super::super::Collection::site_files`]): the Atom feed of each
//! language, and the documents kept beside the YAML files, published next
//! to each publication's page. What templates see of them is made in
//! [`super::view`].

use std::fmt::Write;

use super::{LoadedPublication, feed_url, file_url, summary_text};
use crate::collections::Collection::Publications as PUBLICATIONS;
use crate::collections::view::FileKit;
use crate::html::escape_attr as esc;
use crate::paths::OutputFile;

/// The Atom feed of publications in every language (none when the site's
/// feeds are off), then the documents kept beside the YAML files.
pub(crate) fn files(kit: &FileKit) -> Vec<OutputFile> {
    let mut files = Vec::new();
    if kit.config.feeds.enabled {
        for lang in kit.config.language_codes() {
            let title = kit.text(&lang, "publications_title");
            files.push(feed(kit, &lang, &title));
        }
    }
    files.extend(downloads(kit));
    files
}

/// The Atom feed of one language's publications, newest first; `title` is
/// the theme's "Publikācijas" / "Publications".
fn feed(kit: &FileKit, lang: &str, title: &str) -> OutputFile {
    let config = kit.config;
    let clock = crate::schedule::Clock::of_zone(config.timezone.as_deref());
    let default = &config.default_language;
    let feed_url = feed_url(config, lang);
    let items: Vec<&LoadedPublication> = kit
        .data
        .publications
        .items
        .iter()
        .take(config.feeds.limit)
        .collect();
    let updated = items
        .iter()
        .map(|p| when(p, &clock))
        .max()
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_string());
    let site_title = config.title.get(lang, default);
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <generator>alianse</generator>\n  <author><name>{}</name></author>\n",
        esc(&format!("{site_title}: {title}")),
        esc(&config.absolute(&PUBLICATIONS.list_url(config, lang))),
        esc(&config.absolute(&feed_url)),
        esc(&config.absolute(&feed_url)),
        esc(site_title),
    );
    for item in items {
        let p = &item.publication;
        let permalink = config.absolute(&PUBLICATIONS.item_url(config, lang, &item.id));
        let stamp = when(item, &clock);
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
        if let Some(kind) = kit.data.publications.kind(&p.kind.value) {
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

/// The publication's day (its date, else 1 January of its year) for
/// feeds: its start in the site's time zone, with that zone's offset, as
/// the pages' feeds give it.
fn when(item: &LoadedPublication, clock: &crate::schedule::Clock) -> String {
    let january = |year: i64| {
        Some(crate::i18n::Date {
            year: i32::try_from(year).ok()?,
            month: 1,
            day: 1,
            seconds: None,
        })
    };
    match item.date().or_else(|| item.year().and_then(january)) {
        Some(day) => clock.date_rfc3339(&day),
        None => "2000-01-01T00:00:00Z".to_string(),
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
fn downloads(kit: &FileKit) -> Vec<OutputFile> {
    kit.data
        .publications
        .items
        .iter()
        .filter(|item| item.download.as_ref().is_some_and(|d| !d.in_static))
        .filter_map(|item| {
            let url = file_url(kit.config, item)?;
            let bytes = std::fs::read(&item.download.as_ref()?.path).ok()?;
            Some(OutputFile {
                path: url.trim_start_matches('/').to_string(),
                bytes,
            })
        })
        .collect()
}
