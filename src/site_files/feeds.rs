//! Atom feeds: one per language for the news section, and one per activity
//! area, with absolute URLs and either summaries or full content.

use std::fmt::Write;

use crate::collections::Collection;
use crate::config::FeedContent;
use crate::html::escape_attr as esc;
use crate::paths::OutputFile;
use crate::render::links::{self, LinkMode};
use crate::site::Site;

/// All feeds of the site.
pub(crate) fn feeds(site: &Site) -> Vec<OutputFile> {
    feeds_where(site, &|_, _| true)
}

/// The feeds `wanted` names: with the language and `None` for the news
/// feed, or `Some(area id)` for an area's.
pub(crate) fn feeds_where(
    site: &Site,
    wanted: &dyn Fn(&str, Option<&str>) -> bool,
) -> Vec<OutputFile> {
    if !site.config.feeds.enabled {
        return Vec::new();
    }
    let c = site.collections();
    let mut files = Vec::new();
    for lang in site.config.language_codes() {
        let title = site.config.title.get(&lang, &site.config.default_language);
        if wanted(&lang, None) {
            let news = site.news(&lang);
            files.push(feed(
                site,
                &lang,
                title,
                &c.home(&lang),
                &c.feed(&lang),
                &news,
            ));
        }
        for area in &site.data.areas {
            let id = &area.id.value;
            if !wanted(&lang, Some(id)) {
                continue;
            }
            let name = area.name.get(&lang, &site.config.default_language);
            let pages = site.pages_in_area(id, &lang);
            files.push(feed(
                site,
                &lang,
                &format!("{title}: {name}"),
                &c.item(Collection::Areas, &lang, id),
                &c.area_feed(&lang, id),
                &pages,
            ));
        }
    }
    files
}

/// The feeds page `i` may be listed in, as [`feeds_where`] names them:
/// its language's news feed when it is in the news section
/// (`feeds.section`, as [`Site::news`] picks them), and the feed of each
/// of its areas.
pub(crate) fn feeds_of_page(site: &Site, i: usize) -> Vec<(String, Option<String>)> {
    let page = &site.pages[i];
    let lang = page.lang();
    let section = site.config.feeds.section.as_str();
    let folder = page.source.folder();
    let in_news = folder == section
        || folder
            .strip_prefix(section)
            .is_some_and(|rest| rest.starts_with('/'));
    let mut feeds = Vec::new();
    if in_news && !page.source.is_section {
        feeds.push((lang.to_string(), None));
    }
    for area in &page.source.front.areas {
        feeds.push((lang.to_string(), Some(area.value.clone())));
    }
    feeds
}

fn feed(
    site: &Site,
    lang: &str,
    title: &str,
    page_url: &str,
    feed_url: &str,
    pages: &[usize],
) -> OutputFile {
    let config = &site.config;
    let clock = crate::schedule::Clock::of_zone(config.timezone.as_deref());
    let entries: Vec<usize> = pages.iter().copied().take(config.feeds.limit).collect();
    let updated = entries
        .iter()
        .filter_map(|&i| site.pages[i].source.updated.or(site.pages[i].source.date))
        .max()
        .map(|d| clock.date_rfc3339(&d))
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_string());
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <generator>alianse</generator>\n",
        esc(title),
        esc(&config.absolute(page_url)),
        esc(&config.absolute(feed_url)),
        esc(&config.absolute(feed_url)),
    );
    let author = config.title.get(lang, &config.default_language);
    let _ = writeln!(xml, "  <author><name>{}</name></author>", esc(author));
    for i in entries {
        let page = &site.pages[i];
        let permalink = config.absolute(&page.url);
        let published = page.source.date.map(|d| clock.date_rfc3339(&d));
        let entry_updated = page
            .source
            .updated
            .or(page.source.date)
            .map(|d| clock.date_rfc3339(&d))
            .unwrap_or_else(|| updated.clone());
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    <updated>{entry_updated}</updated>\n",
            esc(page.title()),
            esc(&permalink),
            esc(&permalink),
        );
        if let Some(p) = published {
            let _ = writeln!(xml, "    <published>{p}</published>");
        }
        let summary = crate::render::context::page_summary(page);
        if !summary.is_empty() {
            let _ = writeln!(xml, "    <summary>{}</summary>", esc(&summary));
        }
        if config.feeds.content == FeedContent::Full {
            let html = links::rewrite(&page.html, LinkMode::Prefixed(&config.base_url));
            let _ = writeln!(xml, "    <content type=\"html\">{}</content>", esc(&html));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: feed_url.trim_start_matches('/').to_string(),
        bytes: xml.into_bytes(),
    }
}
