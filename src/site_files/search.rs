//! The search index: per language, a small manifest (`search-index.json`,
//! the URL the theme's search page names) listing the index's parts
//! (`search-index/N.json`), each a compact JSON list with the title, URL,
//! summary, headings and the start of the body text of some of the
//! language's pages, members, areas, reports and events. An entry's part
//! is chosen by a hash of its URL, so an edit changes only the part holding
//! the edited page's entry, and `serve` makes and writes only that part
//! ([`SearchCache`]); the theme's search script loads every part.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::collections::Collection;
use crate::paths::OutputFile;
use crate::paths::SEARCH_PARTS_FOLDER as PARTS_FOLDER;
use crate::render::context::page_summary;
use crate::render::links::{self, LinkMode};
use crate::site::{Page, Site};

/// About how many entries a part holds: the number of parts is the power
/// of two that keeps the average at or below this.
const PART_ENTRIES: usize = 512;

/// The most parts one language's index is split into.
const MAX_PARTS: usize = 64;

/// The number of parts of an index of `entries` entries.
fn part_count(entries: usize) -> usize {
    entries
        .div_ceil(PART_ENTRIES)
        .max(1)
        .next_power_of_two()
        .min(MAX_PARTS)
}

/// The output path of part `n` of the index whose manifest is at
/// `manifest` (`en/search-index.json`), and its URL relative to the
/// manifest.
fn part_path(manifest: &str, n: usize) -> (String, String) {
    let relative = format!("{PARTS_FOLDER}/{n}.json");
    let path = match manifest.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{relative}"),
        None => relative.clone(),
    };
    (path, relative)
}

/// The manifest listing `count` parts.
fn manifest(count: usize) -> String {
    let parts: Vec<String> = (0..count)
        .map(|n| format!("\"{PARTS_FOLDER}/{n}.json\""))
        .collect();
    format!("{{\"parts\":[{}]}}", parts.join(","))
}

/// The hash of an entry's site URL that chooses its part (the same in
/// every build: xxh3 without a seed).
fn url_hash(url: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(url.as_bytes())
}

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

/// One entry: its JSON and the hash of its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    hash: u64,
    json: String,
}

/// The entries of the indexes last made, kept by `serve` between rebuilds
/// so that an edit serialises only the edited pages again and makes only
/// the parts whose entries changed. Page entries are by index into
/// `Site::pages`, so a cache is only valid while the site has the same
/// pages in the same order (or moved as [`SearchCache::insert_page`] and
/// [`SearchCache::remove_page`] say), the same data and settings; an entry
/// also depends on its page's source: forget the pages whose source changed.
#[derive(Debug, Default)]
pub(crate) struct SearchCache {
    pages: Vec<Option<Entry>>,
    /// The entries of members, areas, reports and the other collections'
    /// items, by manifest path.
    data: HashMap<String, Vec<Entry>>,
    /// The data entries last made, kept after [`SearchCache::forget_data`]
    /// to find the parts that changed.
    old_data: HashMap<String, Vec<Entry>>,
    /// The entries of the pages forgotten since the parts were last made.
    forgotten: HashMap<usize, Entry>,
    /// The URL hashes of entries added, removed or changed since the parts
    /// were last made: the parts they fall in are made again.
    touched: HashSet<u64>,
    /// How many parts each index (by manifest path) was last made with.
    made: HashMap<String, usize>,
    /// Parts made before that the last indexes no longer have.
    gone: Vec<String>,
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
        self.settle_forgotten();
        if index <= self.pages.len() {
            self.pages.insert(index, None);
        }
    }

    /// The page at `index` in `Site::pages` was removed (the pages after it
    /// moved down one).
    pub(crate) fn remove_page(&mut self, index: usize) {
        self.settle_forgotten();
        if index < self.pages.len()
            && let Some(old) = self.pages.remove(index)
        {
            self.touched.insert(old.hash);
        }
    }

    /// Forgotten entries are kept by index: before the indexes move, the
    /// parts they were in are marked to be made again.
    fn settle_forgotten(&mut self) {
        for (_, old) in self.forgotten.drain() {
            self.touched.insert(old.hash);
        }
    }

    /// Forgets the entries of members, areas and reports (their data changed).
    pub(crate) fn forget_data(&mut self) {
        for (path, entries) in self.data.drain() {
            self.old_data.entry(path).or_insert(entries);
        }
    }

    /// The output paths of parts written before that the indexes last made
    /// no longer have (their number went down): `serve` removes them.
    pub(crate) fn take_gone(&mut self) -> Vec<String> {
        std::mem::take(&mut self.gone)
    }
}

/// A page URL relative to the manifest (and so to every part: they are
/// one folder, and the script resolves URLs against the manifest), so that
/// the script finds it under any base path.
fn relative_to_index(site: &Site, index_path: &str, url: &str) -> String {
    links::convert(
        url,
        LinkMode::Relative {
            page_url: index_path,
            local: site.config.local_links,
        },
    )
}

/// The search index of every language, reusing the entries in `cache` and
/// making the missing ones: the manifests and parts of a new cache, else
/// only the parts whose entries changed since the cache last made them
/// (and a manifest whose number of parts changed). The bytes are the same
/// as those of a new cache.
pub(crate) fn search_indexes(site: &Site, cache: &mut SearchCache) -> Vec<OutputFile> {
    if !site.config.search.enabled {
        return Vec::new();
    }
    if cache.pages.len() != site.pages.len() {
        // The number of parts last made is kept, to name the parts gone.
        *cache = SearchCache {
            pages: vec![None; site.pages.len()],
            made: std::mem::take(&mut cache.made),
            gone: std::mem::take(&mut cache.gone),
            ..SearchCache::default()
        };
    }
    let languages = site.config.language_codes();
    let rendered: Vec<usize> = site
        .rendered_pages()
        .filter(|&i| !site.pages[i].synthetic)
        .collect();
    // Every language's entries first: a changed entry marks its part in
    // every language (the hash is the same), before any part is made.
    for lang in &languages {
        fill(site, cache, lang, &rendered);
    }
    let mut files = Vec::new();
    for lang in &languages {
        files.extend(parts(site, cache, lang, &rendered));
    }
    cache.touched.clear();
    cache.forgotten.clear();
    cache.old_data.clear();
    files
}

/// Makes the missing entries of `lang`'s index, marking the parts of the
/// entries that are new or changed.
fn fill(site: &Site, cache: &mut SearchCache, lang: &str, rendered: &[usize]) {
    let manifest = site.collections().search_index(lang);
    let rel = |url: String| relative_to_index(site, &manifest, &url);
    let limit = site.config.search.body_chars;
    for &i in rendered {
        let page = &site.pages[i];
        if page.lang() != lang || cache.pages[i].is_some() {
            continue;
        }
        let entry = page_entry(page, &rel, limit);
        match cache.forgotten.remove(&i) {
            Some(old) if old == entry => {}
            Some(old) => {
                cache.touched.insert(old.hash);
                cache.touched.insert(entry.hash);
            }
            None => {
                cache.touched.insert(entry.hash);
            }
        }
        cache.pages[i] = Some(entry);
    }
    let path = manifest.trim_start_matches('/');
    if !cache.data.contains_key(path) {
        // Members, areas and reports depend only on data and settings,
        // which a cache never outlives.
        let entries = collection_entries(site, lang, &rel, limit);
        let old = cache.old_data.remove(path).unwrap_or_default();
        touch_differences(&old, &entries, &mut cache.touched);
        cache.data.insert(path.to_string(), entries);
    }
}

/// Marks the entries that differ between `old` and `new` at the same
/// place, and every entry past the shorter list (all of `new` when there
/// is no `old`): then each part's entries are the same and in the same
/// order in both unless one of them is marked.
fn touch_differences(old: &[Entry], new: &[Entry], touched: &mut HashSet<u64>) {
    for (a, b) in old.iter().zip(new) {
        if a != b {
            touched.insert(a.hash);
            touched.insert(b.hash);
        }
    }
    let shorter = old.len().min(new.len());
    for e in old[shorter..].iter().chain(&new[shorter..]) {
        touched.insert(e.hash);
    }
}

/// The files of `lang`'s index that changed: its parts holding a marked
/// entry, or the manifest and every part when the number of parts changed.
fn parts(site: &Site, cache: &mut SearchCache, lang: &str, rendered: &[usize]) -> Vec<OutputFile> {
    let manifest_url = site.collections().search_index(lang);
    let path = manifest_url.trim_start_matches('/');
    let pages = (rendered.iter())
        .filter(|&&i| site.pages[i].lang() == lang)
        .filter_map(|&i| cache.pages[i].as_ref());
    let entries: Vec<&Entry> = pages
        .chain(cache.data.get(path).into_iter().flatten())
        .collect();
    let count = part_count(entries.len());
    let before = cache.made.insert(path.to_string(), count);
    let wanted: BTreeSet<usize> = match before {
        Some(n) if n == count => cache.touched.iter().map(|&h| part_of(h, count)).collect(),
        _ => (0..count).collect(),
    };
    let mut files = Vec::new();
    if before != Some(count) {
        files.push(OutputFile {
            path: path.to_string(),
            bytes: manifest(count).into_bytes(),
        });
        let gone = before.unwrap_or(0).saturating_sub(count);
        cache
            .gone
            .extend((count..count + gone).map(|n| part_path(path, n).0));
    }
    if wanted.is_empty() {
        return files;
    }
    let mut by_part: Vec<Vec<&str>> = vec![Vec::new(); count];
    for e in &entries {
        let n = part_of(e.hash, count);
        if wanted.contains(&n) {
            by_part[n].push(&e.json);
        }
    }
    for n in wanted {
        let list = &by_part[n];
        let size = list.iter().map(|e| e.len() + 1).sum::<usize>() + 2;
        let mut json = String::with_capacity(size);
        json.push('[');
        for (k, e) in list.iter().enumerate() {
            if k > 0 {
                json.push(',');
            }
            json.push_str(e);
        }
        json.push(']');
        files.push(OutputFile {
            path: part_path(path, n).0,
            bytes: json.into_bytes(),
        });
    }
    files
}

/// The part an entry with URL hash `hash` falls in, of `count`.
fn part_of(hash: u64, count: usize) -> usize {
    (hash % count as u64) as usize
}

/// The entry of a content page.
fn page_entry(page: &Page, rel: &dyn Fn(String) -> String, limit: usize) -> Entry {
    Entry {
        hash: url_hash(&page.url),
        json: to_json(&Doc {
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
        }),
    }
}

/// The entries of every collection's items in `lang`.
fn collection_entries(
    site: &Site,
    lang: &str,
    rel: &dyn Fn(String) -> String,
    limit: usize,
) -> Vec<Entry> {
    let c = site.collections();
    let default = &site.config.default_language;
    let mut entries = Vec::new();
    // A report's narrative in this language, else in the default one.
    let narrative = |year: i64| {
        site.report_texts
            .get(&(year, lang.to_string()))
            .or_else(|| site.report_texts.get(&(year, default.clone())))
            .map(|&i| &site.pages[i].source.body)
    };
    for collection in Collection::ALL {
        for doc in collection.search_docs(&site.data, lang, default, &narrative) {
            let url = c.item(collection, lang, &doc.key);
            entries.push(Entry {
                hash: url_hash(&url),
                json: to_json(&Doc {
                    t: doc.title,
                    u: rel(url),
                    s: doc.summary,
                    h: doc.headings,
                    b: cut(doc.body, limit),
                    k: collection.item_name(),
                }),
            });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::is_search_index_file as is_index_file;

    #[test]
    fn an_index_has_a_power_of_two_parts_of_at_most_512_entries_on_average() {
        assert_eq!(part_count(0), 1);
        assert_eq!(part_count(512), 1);
        assert_eq!(part_count(513), 2);
        assert_eq!(part_count(12_000), 32);
        assert_eq!(part_count(1_000_000), MAX_PARTS);
    }

    #[test]
    fn manifests_and_parts_are_index_files_and_nothing_else() {
        for path in [
            "search-index.json",
            "en/search-index.json",
            "search-index/0.json",
        ] {
            assert!(is_index_file(path), "{path}");
        }
        assert!(is_index_file("en/search-index/17.json"));
        for path in [
            "search-index/a.json",
            "x/0.json",
            "search-index/.json",
            "index.json",
        ] {
            assert!(!is_index_file(path), "{path}");
        }
        assert_eq!(
            part_path("en/search-index.json", 3),
            (
                "en/search-index/3.json".into(),
                "search-index/3.json".into()
            )
        );
        assert_eq!(part_path("search-index.json", 0).0, "search-index/0.json");
        assert_eq!(
            manifest(2),
            r#"{"parts":["search-index/0.json","search-index/1.json"]}"#
        );
    }

    fn entry(hash: u64, json: &str) -> Entry {
        Entry {
            hash,
            json: json.into(),
        }
    }

    #[test]
    fn changed_moved_added_and_removed_data_entries_mark_their_parts() {
        let old = [entry(1, "a"), entry(2, "b"), entry(3, "c"), entry(4, "d")];
        let mut touched = HashSet::new();
        touch_differences(&old, &old, &mut touched);
        assert!(touched.is_empty());
        // b changed; c and d swapped places; e added at the end.
        let new = [
            entry(1, "a"),
            entry(2, "B"),
            entry(4, "d"),
            entry(3, "c"),
            entry(5, "e"),
        ];
        touch_differences(&old, &new, &mut touched);
        assert_eq!(touched, HashSet::from([2, 3, 4, 5]));
        let mut touched = HashSet::new();
        touch_differences(&[], &old[..2], &mut touched);
        assert_eq!(touched, HashSet::from([1, 2]));
    }
}
