//! The search index: one compact JSON file per language with the title,
//! URL, summary, headings and the start of the body text of every page,
//! member, area, report and event, for the theme's offline search script.

use std::collections::HashMap;

use serde::Serialize;

use crate::collections::Collection;
use crate::paths::OutputFile;
use crate::render::context::page_summary;
use crate::render::links::{self, LinkMode};
use crate::site::{Page, Site};

/// One searchable document. Short keys keep the file small.
#[derive(Serialize)]
struct Doc<'a> {
    /// Title.
    t: &'a str,
    /// Site path.
    u: String,
    /// Summary.
    s: String,
    /// Headings, space separated.
    h: String,
    /// Body text.
    b: String,
    /// What a generated entry is (`member`, `area`, `report`); empty for
    /// content pages. The theme names it in the reader's language.
    #[serde(skip_serializing_if = "str::is_empty")]
    k: &'static str,
}

/// The serialised entries of content pages, kept by `serve` between
/// rebuilds so that an edit serialises only the edited pages again. Entries
/// are by index into `Site::pages`, so a cache is only valid while the site
/// has the same pages in the same order with the same URLs, and the same
/// data and settings; an entry also depends on its page's source: forget
/// the pages whose source changed.
#[derive(Debug, Default)]
pub(crate) struct SearchCache {
    pages: Vec<Option<String>>,
    /// The entries of members, areas and reports, joined, by index path.
    data: HashMap<String, String>,
    /// The size of each index last made, by path, to allocate it at once.
    sizes: HashMap<String, usize>,
    /// The entries of the pages forgotten since the indexes were last made:
    /// when each comes back the same, the indexes are as they were.
    forgotten: HashMap<usize, String>,
    /// The indexes were made from this cache and only pages were
    /// forgotten since.
    made: bool,
    /// The buffers of the indexes last written, by path, given back to
    /// make the next ones in: a new buffer of megabytes costs the time to
    /// fault in its pages.
    spare: HashMap<String, Vec<u8>>,
}

impl SearchCache {
    /// Forgets the entry of the page at `index` in `Site::pages`.
    pub(crate) fn forget(&mut self, index: usize) {
        if let Some(old) = self.pages.get_mut(index).and_then(Option::take) {
            self.forgotten.entry(index).or_insert(old);
        }
    }

    /// A page was put in at `index` in `Site::pages` (the pages after it
    /// moved up one): it has no entry yet.
    pub(crate) fn insert_page(&mut self, index: usize) {
        if index <= self.pages.len() {
            self.pages.insert(index, None);
        }
    }

    /// The page at `index` in `Site::pages` was removed (the pages after it
    /// moved down one).
    pub(crate) fn remove_page(&mut self, index: usize) {
        if index < self.pages.len() {
            self.pages.remove(index);
        }
    }

    /// Forgets the entries of members, areas and reports (their data changed).
    pub(crate) fn forget_data(&mut self) {
        self.data.clear();
        self.made = false;
    }

    /// Takes back the bytes of a site-wide file written before, to make
    /// the next index at `path` in them if it is one.
    pub(crate) fn recycle(&mut self, path: &str, bytes: Vec<u8>) {
        if self.sizes.contains_key(path) {
            self.spare.insert(path.to_string(), bytes);
        }
    }

    /// An empty string of at least `capacity` bytes for the index at
    /// `path`, in the buffer given back for it if there is one.
    fn buffer(&mut self, path: &str, capacity: usize) -> String {
        let mut json = match self.spare.remove(path) {
            Some(mut bytes) => {
                bytes.clear();
                String::from_utf8(bytes).unwrap_or_default()
            }
            None => String::new(),
        };
        json.reserve(capacity);
        json
    }
}

/// The search indexes as [`search_indexes_cached`] makes them, or none
/// when they would be the same as the last ones made: every page entry
/// forgotten since came back the same (a date, weight or areas edit).
pub(crate) fn search_indexes_if_changed(site: &Site, cache: &mut SearchCache) -> Vec<OutputFile> {
    if !site.config.search.enabled {
        return Vec::new();
    }
    let same = cache.made && cache.pages.len() == site.pages.len() && {
        let limit = site.config.search.body_chars;
        let c = site.collections();
        let forgotten = std::mem::take(&mut cache.forgotten);
        let mut same = true;
        for (i, old) in forgotten {
            let page = &site.pages[i];
            let index_path = c.search_index(page.lang());
            let rel = |url: String| relative_to_index(site, &index_path, &url);
            let entry = page_entry(page, &rel, limit);
            same &= entry == old;
            cache.pages[i] = Some(entry);
        }
        same
    };
    if same {
        return Vec::new();
    }
    search_indexes_cached(site, cache)
}

/// A page URL relative to the index file, so that the script finds it
/// under any base path.
fn relative_to_index(site: &Site, index_path: &str, url: &str) -> String {
    links::convert(
        url,
        LinkMode::Relative {
            page_url: index_path,
            local: site.config.local_links,
        },
    )
}

/// The search index of every language, reusing the page entries in `cache` and adding the
/// missing ones. The bytes are the same as without a cache.
pub(crate) fn search_indexes_cached(site: &Site, cache: &mut SearchCache) -> Vec<OutputFile> {
    if !site.config.search.enabled {
        return Vec::new();
    }
    if cache.pages.len() != site.pages.len() {
        cache.pages = vec![None; site.pages.len()];
    }
    cache.forgotten.clear();
    cache.made = true;
    let c = site.collections();
    let limit = site.config.search.body_chars;
    let mut files = Vec::new();
    for lang in site.config.language_codes() {
        let index_path = c.search_index(&lang);
        // Page URLs are stored relative to the index file, so that the
        // script finds them under any base path.
        let rel = |url: String| relative_to_index(site, &index_path, &url);
        let path = index_path.trim_start_matches('/').to_string();
        let size = cache.sizes.get(&path).copied().unwrap_or(0);
        let mut json = cache.buffer(&path, size + 64);
        json.push('[');
        let mut push = |entry: &str| {
            if json.len() > 1 {
                json.push(',');
            }
            json.push_str(entry);
        };
        for i in site.rendered_pages() {
            let page = &site.pages[i];
            if page.lang() != lang || page.synthetic {
                continue;
            }
            if let Some(entry) = &cache.pages[i] {
                push(entry);
                continue;
            }
            let entry = cache.pages[i].insert(page_entry(page, &rel, limit));
            push(entry);
        }
        // Members, areas and reports depend only on data and settings,
        // which a cache never outlives.
        if !cache.data.contains_key(&path) {
            let entries = collection_entries(site, &lang, &rel, limit);
            cache.data.insert(path.clone(), entries.join(","));
        }
        if let Some(tail) = cache.data.get(&path)
            && !tail.is_empty()
        {
            push(tail);
        }
        json.push(']');
        cache.sizes.insert(path.clone(), json.len());
        files.push(OutputFile {
            path,
            bytes: json.into_bytes(),
        });
    }
    files
}

/// The entry of a content page.
fn page_entry(page: &Page, rel: &dyn Fn(String) -> String, limit: usize) -> String {
    to_json(&Doc {
        t: page.title(),
        u: rel(page.url.clone()),
        s: page_summary(page),
        h: page
            .source
            .body
            .headings
            .iter()
            .map(|h| h.title.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        b: cut(&page.source.body.text, limit),
        k: "",
    })
}

/// The entries of every collection's items in `lang`.
fn collection_entries(
    site: &Site,
    lang: &str,
    rel: &dyn Fn(String) -> String,
    limit: usize,
) -> Vec<String> {
    let c = site.collections();
    let default = &site.config.default_language;
    let mut entries: Vec<String> = Vec::new();
    // A report's narrative in this language, else in the default one.
    let narrative = |year: i64| {
        site.report_texts
            .get(&(year, lang.to_string()))
            .or_else(|| site.report_texts.get(&(year, default.clone())))
            .map(|&i| &site.pages[i].source.body)
    };
    for collection in Collection::ALL {
        for doc in collection.search_docs(&site.data, lang, default, &narrative) {
            entries.push(to_json(&Doc {
                t: doc.title,
                u: rel(c.item(collection, lang, &doc.key)),
                s: doc.summary,
                h: doc.headings,
                b: cut(doc.body, limit),
                k: collection.item_name(),
            }));
        }
    }
    entries
}

/// One entry as compact JSON, exactly as it appears in the list.
fn to_json(doc: &Doc) -> String {
    serde_json::to_string(doc).unwrap_or_else(|_| "{}".to_string())
}

fn cut(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}
