//! `sitemap.xml` with every page and its language versions, and the
//! `robots.txt` that points to it.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::collections::Collection;
use crate::config::Config;
use crate::html::escape_attr as esc;
use crate::paths::OutputFile;
use crate::site::Site;

/// One URL of the sitemap with its language versions (lang → path) and date.
struct Entry {
    path: String,
    alternates: BTreeMap<String, String>,
    lastmod: Option<String>,
}

pub(crate) fn sitemap(site: &Site) -> Vec<OutputFile> {
    let config = &site.config;
    let mut entries = Vec::new();
    for i in site.rendered_pages() {
        entries.push(page_entry(site, i));
    }
    let c = site.collections();
    let langs = config.language_codes();
    type UrlOf<'a> = Box<dyn Fn(&str) -> String + 'a>;
    let mut generated: Vec<UrlOf> = Vec::new();
    for collection in Collection::ALL {
        if collection.has_list(&site.data) {
            generated.push(Box::new(move |l| c.list(collection, l)));
        }
        for key in collection.item_keys(&site.data) {
            generated.push(Box::new(move |l| c.item(collection, l, &key)));
        }
    }
    for url_of in &generated {
        let alternates: BTreeMap<String, String> =
            langs.iter().map(|l| (l.clone(), url_of(l))).collect();
        for l in &langs {
            entries.push(Entry {
                path: url_of(l),
                alternates: if langs.len() > 1 {
                    alternates.clone()
                } else {
                    BTreeMap::new()
                },
                lastmod: None,
            });
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    files(config, to_xml(config, &entries))
}

/// The entry of page `i`.
fn page_entry(site: &Site, i: usize) -> Entry {
    let page = &site.pages[i];
    let mut alternates = BTreeMap::new();
    let translations = site.translations_shown(i);
    if !translations.is_empty() {
        alternates.insert(page.lang().to_string(), page.url.clone());
        for &t in &translations {
            alternates.insert(site.pages[t].lang().to_string(), site.pages[t].url.clone());
        }
    }
    Entry {
        path: page.url.clone(),
        alternates,
        lastmod: lastmod(page),
    }
}

/// The sitemap made before an edit that changed the dates of some pages
/// (and nothing else the sitemap shows: the same URLs and translations),
/// or that added or removed plain pages in place (not sections, nor
/// report narratives: the same generated entries).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SitemapPatch {
    /// Its bytes.
    pub old: Vec<u8>,
    /// The pages whose date (`lastmod`) changed.
    pub pages: Vec<usize>,
    /// The URLs of pages removed: their entries go.
    pub gone: Vec<String>,
    /// Pages added, and pages whose translations changed: their entries
    /// are made again whole, at their places in the order of URLs.
    pub entries: Vec<usize>,
}

/// [`sitemap`] from the sitemap made before an edit: only the `lastmod`
/// lines of the patch's pages made again. `None` when a page's entry is
/// not found (then the whole sitemap is made).
pub(crate) fn patched(site: &Site, patch: &SitemapPatch) -> Option<Vec<OutputFile>> {
    let config = &site.config;
    let mut xml = String::from_utf8(patch.old.clone()).ok()?;
    let remade: Vec<&str> = (patch.entries.iter())
        .map(|&i| site.pages.get(i).map(|p| p.url.as_str()))
        .collect::<Option<_>>()?;
    for url in &patch.gone {
        take_entry(&mut xml, config, url)?;
    }
    for url in remade {
        // A new page has no entry yet.
        let _ = take_entry(&mut xml, config, url);
    }
    for &i in &patch.entries {
        put_entry(&mut xml, config, &page_entry(site, i))?;
    }
    for &i in &patch.pages {
        let page = site.pages.get(i)?;
        // `</loc>` ends the URL: the entry is found whole, once.
        let loc = loc_lines(config, &page.url);
        let at = xml.find(&loc)? + loc.len();
        let old = match xml[at..].strip_prefix("    <lastmod>") {
            Some(rest) => "    <lastmod>".len() + rest.find('\n')? + 1,
            None => 0,
        };
        let new = lastmod(page).map(|d| lastmod_line(&d)).unwrap_or_default();
        xml.replace_range(at..at + old, &new);
    }
    Some(files(config, xml))
}

/// Takes the entry of `path` out of the sitemap's `xml`; `None` when it
/// has none.
fn take_entry(xml: &mut String, config: &Config, path: &str) -> Option<()> {
    // `</loc>` ends the URL: the entry is found whole, once.
    let at = xml.find(&loc_lines(config, path))?;
    let end = at + xml[at..].find("  </url>\n")? + "  </url>\n".len();
    xml.replace_range(at..end, "");
    Some(())
}

/// Puts `entry` into the sitemap's `xml` at its place in the order of
/// paths. `None` when its URL has characters the XML escapes (the escaped
/// URLs in the text would not order as the paths do).
fn put_entry(xml: &mut String, config: &Config, entry: &Entry) -> Option<()> {
    let url = config.absolute(&entry.path);
    if esc(&url) != url || !entry.path.starts_with('/') {
        return None;
    }
    // Another entry's escaped URL orders against `url` as its URL does:
    // the first place they differ comes before any escaped character.
    const START: &str = "  <url>\n    <loc>";
    let at = (xml.match_indices(START))
        .map(|(at, _)| at)
        .find(|&at| {
            let loc = &xml[at + START.len()..];
            let loc = &loc[..loc.find("</loc>").unwrap_or(loc.len())];
            loc > url.as_str()
        })
        .or_else(|| xml.rfind("</urlset>\n"))?;
    let mut text = String::new();
    push_entry(&mut text, config, entry);
    xml.insert_str(at, &text);
    Some(())
}

/// The date a page's entry shows.
fn lastmod(page: &crate::site::Page) -> Option<String> {
    page.source.updated.or(page.source.date).map(|d| d.iso())
}

fn loc_lines(config: &Config, path: &str) -> String {
    format!("  <url>\n    <loc>{}</loc>\n", esc(&config.absolute(path)))
}

fn lastmod_line(date: &str) -> String {
    format!("    <lastmod>{date}</lastmod>\n")
}

/// `sitemap.xml` of `xml`, and `robots.txt`.
fn files(config: &Config, xml: String) -> Vec<OutputFile> {
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.absolute("/sitemap.xml")
    );
    vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: robots.into_bytes(),
        },
    ]
}

/// The XML of one entry, added to `xml`.
fn push_entry(xml: &mut String, config: &Config, e: &Entry) {
    xml.push_str(&loc_lines(config, &e.path));
    if let Some(d) = &e.lastmod {
        xml.push_str(&lastmod_line(d));
    }
    for (lang, path) in &e.alternates {
        let _ = writeln!(
            xml,
            "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
            esc(&config.absolute(path))
        );
    }
    xml.push_str("  </url>\n");
}

/// The sitemap's XML for `entries`, in their order.
fn to_xml(config: &Config, entries: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        push_entry(&mut xml, config, e);
    }
    xml.push_str("</urlset>\n");
    xml
}
