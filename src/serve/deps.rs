//! What a render job reads besides its own page, so that a change of the
//! shared views (`site` and `data` in templates, and the item views of the
//! collections) re-renders only the jobs that read what changed.
//!
//! Which `data.KEY`s a template reads is found in its text ([`Reads`]): a
//! page template that no other template names reads what its own text
//! names; every other template (base, components, included parts) may be
//! used by any page, so what it reads counts for every job. A `data` that
//! is not followed by `.KEY` or `["KEY"]` counts as reading everything.
//! [`Reach`] compares the views of a language before and after a change and
//! says which jobs must be rendered again.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use tera::Value;

use crate::collections::Collection;
use crate::render::context::{LanguageData, Summary, ViewBuilder};
use crate::render::{JobKind, Renderer, TEMPLATES};
use crate::site::Site;

/// The `data` keys some templates read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Keys {
    /// Reads `data` as a whole (or in a way not understood).
    pub all: bool,
    pub keys: BTreeSet<String>,
    /// Keys of which only some fields of the items are read: those fields
    /// (see [`super::fields`]; only for a page template's own reads).
    pub fields: BTreeMap<String, BTreeSet<String>>,
}

impl Keys {
    /// Adds what `other` reads, counting every field of each key read.
    fn add(&mut self, other: &Keys) {
        self.all |= other.all;
        self.keys.extend(other.keys.iter().cloned());
        self.fields.clear();
    }

    /// Whether a changed key is read: a key whose changed item fields are
    /// known ([`Reach`]) is read only if one of them is.
    fn meets(&self, changed: &HashSet<String>, fields: &HashMap<String, HashSet<String>>) -> bool {
        !changed.is_empty()
            && (self.all
                || self.keys.iter().any(|k| {
                    changed.contains(k)
                        && match (self.fields.get(k), fields.get(k)) {
                            (Some(read), Some(changed)) => read.iter().any(|f| changed.contains(f)),
                            _ => true,
                        }
                }))
    }
}

/// What the theme's templates read of `data`.
#[derive(Debug, Default)]
pub(crate) struct Reads {
    /// Read by templates any page may use.
    shared: Keys,
    /// Read by each page template no other template names.
    own: HashMap<String, Keys>,
    /// The fields of the listed pages (`pages`) the search page shows;
    /// `None`: maybe all.
    search_pages: Option<BTreeSet<String>>,
}

impl Reads {
    pub(crate) fn of(renderer: &Renderer) -> Reads {
        let texts: Vec<(String, String)> = renderer
            .template_texts()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        Reads::of_texts(&texts)
    }

    fn of_texts(texts: &[(String, String)]) -> Reads {
        let named = |name: &str| {
            texts.iter().any(|(_, t)| {
                t.contains(&format!("\"{name}\"")) || t.contains(&format!("'{name}'"))
            })
        };
        let mut reads = Reads::default();
        for (name, text) in texts {
            let mut keys = data_keys(text);
            let page = TEMPLATES
                .iter()
                .any(|(kind, t)| *t == name && *kind != "base");
            if page && !named(name) {
                keys.fields = super::fields::item_fields(text, &keys.keys);
                reads.own.insert(name.clone(), keys);
            } else {
                reads.shared.add(&keys);
            }
        }
        let shared_reads_pages = texts
            .iter()
            .any(|(n, t)| !reads.own.contains_key(n) && super::fields::names_in_tags(t, "pages"));
        reads.search_pages = (texts.iter())
            .find(|(n, _)| n == "search.html" && reads.own.contains_key(n))
            .filter(|_| !shared_reads_pages)
            .and_then(|(_, t)| super::fields::context_fields(t, "pages"));
        reads
    }

    /// Whether the search page shows one of the `fields` of the pages it
    /// lists.
    pub(crate) fn search_shows(&self, fields: &HashSet<String>) -> bool {
        match &self.search_pages {
            Some(shown) => shown.iter().any(|f| fields.contains(f)),
            None => true,
        }
    }

    /// Whether a job rendered with `template` reads a changed key (of
    /// which, for some keys, only the item `fields` changed).
    fn reads(
        &self,
        template: &str,
        changed: &HashSet<String>,
        fields: &HashMap<String, HashSet<String>>,
    ) -> bool {
        self.shared.meets(changed, fields)
            || match self.own.get(template) {
                Some(keys) => keys.meets(changed, fields),
                // A template of a page's own choosing: it may read anything.
                None => !changed.is_empty(),
            }
    }
}

/// The `data` keys a template's text reads, from its tags (`{{ }}`, `{% %}`).
fn data_keys(text: &str) -> Keys {
    let mut keys = Keys::default();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).unwrap_or(after.len());
        tag_keys(&after[1..end], &mut keys);
        rest = &after[end..];
    }
    keys
}

/// The `data.KEY` / `data["KEY"]` in one tag.
fn tag_keys(tag: &str, keys: &mut Keys) {
    let bytes = tag.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut from = 0;
    while let Some(i) = tag[from..].find("data").map(|i| i + from) {
        from = i + 4;
        let before = i.checked_sub(1).map(|j| bytes[j]);
        if before.is_some_and(|b| ident(b) || b == b'.')
            || bytes.get(i + 4).is_some_and(|&b| ident(b))
        {
            continue;
        }
        let after = &tag[i + 4..];
        let key: String = if let Some(k) = after.strip_prefix('.') {
            k.chars()
                .take_while(|&c| c.is_ascii_alphanumeric() || c == '_')
                .collect()
        } else if let Some(k) = after
            .strip_prefix("[\"")
            .or_else(|| after.strip_prefix("['"))
        {
            k.chars()
                .take_while(|&c| c.is_ascii_alphanumeric() || c == '_')
                .collect()
        } else {
            String::new()
        };
        if key.is_empty() {
            keys.all = true;
        } else {
            keys.keys.insert(key);
        }
    }
}

/// What changed in one language's views.
#[derive(Debug, Default)]
pub(crate) struct Reach {
    /// The `site` value changed: every page of the language.
    site: bool,
    /// Top-level `data` keys whose value changed.
    keys: HashSet<String>,
    /// Of those, lists of as many items as before: the item fields that
    /// changed.
    fields: HashMap<String, HashSet<String>>,
    /// Item pages whose own inputs changed.
    items: HashSet<(Collection, usize)>,
    /// Area ids whose link (name, URL) changed: pages that show them.
    pub area_links: HashSet<String>,
}

impl Reach {
    /// Compares the views before and after; `None` when the collections
    /// have a different number of items (the jobs themselves changed).
    pub(crate) fn between(old: &LanguageData, new: &LanguageData) -> Option<Reach> {
        if Collection::ALL
            .iter()
            .any(|&c| old.item_count(c) != new.item_count(c))
        {
            return None;
        }
        let mut reach = Reach {
            site: old.site != new.site,
            ..Reach::default()
        };
        let (Some(a), Some(b)) = (old.data.as_map(), new.data.as_map()) else {
            return None;
        };
        for (key, value) in b {
            let old = a.get(key);
            if !old.is_some_and(|o| same_value(o, value)) {
                reach.keys.insert(key.to_string());
                if let Some(f) = old.and_then(|o| super::fields::changed_fields(o, value)) {
                    reach.fields.insert(key.to_string(), f);
                }
            }
        }
        if a.len() != b.len() {
            reach.keys.extend(a.keys().map(ToString::to_string));
            reach.fields.clear();
        }
        reach.items(old, new);
        Some(reach)
    }

    /// After an edit of pages alone (the data as it was): the views made
    /// of pages (`site` with its menus, `data.news`) made again in `views`,
    /// and what changed. The collections' views do not read pages. Only the
    /// news entries of the `changed` pages are made anew: an entry is made
    /// of its page and the data alone.
    pub(crate) fn pages_again(
        views: &mut LanguageData,
        builder: &ViewBuilder,
        changed: &HashSet<usize>,
    ) -> Reach {
        let site = Value::from_serializable(&builder.site_view());
        let mut reach = Reach {
            site: site != views.site,
            ..Reach::default()
        };
        let news = match news_moved(views, builder, changed) {
            Moved::Same => None,
            Moved::To(news, pages, value) => Some((news, pages, value)),
            Moved::Unknown => {
                let pages = builder.site.news(builder.lang);
                let (news, value) = news_again(views, builder, &pages, changed);
                let key = tera::value::Key::from("news");
                let old = views.data.as_map().and_then(|m| m.get(&key));
                if old == Some(&value) {
                    // The same list: only the pages' indexes are new.
                    views.news_pages = pages;
                    None
                } else {
                    Some((news, pages, value))
                }
            }
        };
        if let Some((news, pages, value)) = news
            && let Some(mut map) = views.data.clone().into_map()
        {
            reach.keys.insert("news".to_string());
            map.insert(tera::value::Key::from("news"), value);
            views.data = Value::from(map);
            views.news = news;
            views.news_pages = pages;
        }
        views.site = site;
        reach
    }

    fn items(&mut self, old: &LanguageData, new: &LanguageData) {
        let list = |d: &LanguageData, key: &str| -> Vec<Value> {
            d.data
                .as_map()
                .and_then(|m| m.get(&tera::value::Key::from(key.to_string())))
                .and_then(Value::as_array)
                .map(<[Value]>::to_vec)
                .unwrap_or_default()
        };
        let differing = |key: &str| -> Vec<usize> {
            let (a, b) = (list(old, key), list(new, key));
            (0..a.len().max(b.len()))
                .filter(|&i| a.get(i) != b.get(i))
                .collect()
        };
        let mut touched_areas: HashSet<&str> = HashSet::new();
        for (i, was) in changed_members(old, new) {
            self.items.insert((Collection::Members, i));
            for m in [was.and_then(|k| old.members.get(k)), new.members.get(i)]
                .into_iter()
                .flatten()
            {
                touched_areas.extend(m.areas.iter().map(|a| a.id.as_str()));
            }
        }
        for i in differing("areas") {
            self.items.insert((Collection::Areas, i));
            let (a, b) = (&old.areas[i], &new.areas[i]);
            if (&a.name, &a.name_lang, &a.url) != (&b.name, &b.name_lang, &b.url) {
                self.area_links.insert(b.id.clone());
                self.area_links.insert(a.id.clone());
            }
        }
        let publications = !differing("publications").is_empty();
        for (i, area) in new.areas.iter().enumerate() {
            if publications || touched_areas.contains(area.id.as_str()) {
                self.items.insert((Collection::Areas, i));
            }
        }
        for i in differing("reports") {
            for j in [i.wrapping_sub(1), i, i + 1] {
                if j < new.reports.len() {
                    self.items.insert((Collection::Reports, j));
                }
            }
        }
        for c in Collection::ALL {
            for i in old.views.changed_items(&new.views, c) {
                self.items.insert((c, i));
            }
        }
    }

    /// Whether anything the pages may show changed.
    pub(crate) fn any(&self) -> bool {
        self.site || !self.keys.is_empty() || !self.items.is_empty()
    }

    /// Whether `kind` (a job of this language) reads what changed.
    pub(crate) fn selects(&self, kind: JobKind, site: &Site, reads: &Reads) -> bool {
        if self.site {
            return true;
        }
        // Nothing changed: no job reads it (asked of every job of the site).
        if !self.any() {
            return false;
        }
        match kind {
            JobKind::Content { page, pager } => {
                let p = &site.pages[page];
                // The home page's structured data lists the members;
                // embeds show data in a page's body.
                let home = p.source.key == "_index" && pager == 0;
                if home && self.keys.contains("members")
                    || !p.source.body.embeds.is_empty() && self.any()
                {
                    return true;
                }
                let template = match &p.source.front.template {
                    Some(t) => t.value.as_str(),
                    None if p.source.key == "_index" => "index.html",
                    None if p.source.is_section => "section.html",
                    None => "page.html",
                };
                reads.reads(template, &self.keys, &self.fields)
            }
            JobKind::List(c) => {
                reads.reads(&format!("{}.html", c.name()), &self.keys, &self.fields)
            }
            JobKind::Item(c, i) => {
                self.items.contains(&(c, i))
                    || reads.reads(&format!("{}.html", c.item_name()), &self.keys, &self.fields)
            }
            JobKind::Search => reads.reads("search.html", &self.keys, &self.fields),
            JobKind::NotFound => reads.reads("404.html", &self.keys, &self.fields),
        }
    }
}

/// The members whose view changed, matched by id (a renamed member moves
/// in the sorted list, and the members it passes keep their pages): each
/// as its index in `new` with its index in `old` (`None`: a new id).
/// When the views do not hold one template value per member, every
/// position whose value differs counts.
fn changed_members(old: &LanguageData, new: &LanguageData) -> Vec<(usize, Option<usize>)> {
    let values = |d: &LanguageData| -> Vec<Value> {
        (d.data.as_map())
            .and_then(|m| m.get(&tera::value::Key::from("members")))
            .and_then(Value::as_array)
            .map(<[Value]>::to_vec)
            .unwrap_or_default()
    };
    let (a, b) = (values(old), values(new));
    if a.len() != old.members.len() || b.len() != new.members.len() {
        return (0..a.len().max(b.len()))
            .filter(|&i| a.get(i) != b.get(i))
            .map(|i| (i, Some(i)))
            .collect();
    }
    let by_id: HashMap<&str, usize> = (old.members.iter().enumerate())
        .map(|(k, m)| (m.id.as_str(), k))
        .collect();
    (new.members.iter().enumerate())
        .filter_map(|(i, m)| {
            let was = by_id.get(m.id.as_str()).copied();
            let same = was.is_some_and(|k| same_value(&a[k], &b[i]));
            (!same).then_some((i, was))
        })
        .collect()
}

/// The same value: the same shared map (values kept from before an edit
/// are shared; a list, item by item), else equal.
fn same_value(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_array(), b.as_array()) {
        return x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y));
    }
    match (a.as_map(), b.as_map()) {
        (Some(x), Some(y)) if std::ptr::eq(x, y) => true,
        _ => a == b,
    }
}

/// The news list of a language in its new order, with the entries (and
/// their template values) of pages not in `changed` kept from `views`.
fn news_again(
    views: &LanguageData,
    builder: &ViewBuilder,
    order: &[usize],
    changed: &HashSet<usize>,
) -> (Vec<Summary>, Value) {
    let pages = &builder.site.pages;
    let old_values = news_values(views);
    let kept: HashMap<&str, usize> = if old_values.len() == views.news.len() {
        views
            .news
            .iter()
            .enumerate()
            .map(|(k, s)| (s.url.as_str(), k))
            .collect()
    } else {
        HashMap::new()
    };
    let mut news = Vec::new();
    let mut values = Vec::new();
    for &i in order {
        match kept.get(pages[i].url.as_str()) {
            Some(&k) if !changed.contains(&i) => {
                news.push(views.news[k].clone());
                values.push(old_values[k].clone());
            }
            _ => {
                let summary = builder.summary(&pages[i]);
                values.push(Value::from_serializable(&summary));
                news.push(summary);
            }
        }
    }
    (news, Value::from(values))
}

/// The template values of `data.news` in `views`.
fn news_values(views: &LanguageData) -> &[Value] {
    let key = tera::value::Key::from("news");
    (views.data.as_map())
        .and_then(|m| m.get(&key))
        .and_then(Value::as_array)
        .unwrap_or(&[])
}

/// The news list after an edit of the pages `changed`, as far as the list
/// kept in the views tells.
enum Moved {
    /// The same pages in the same order, with the same entries.
    Same,
    /// The new list: entries, their pages and the template value.
    To(Vec<Summary>, Vec<usize>, Value),
    /// The views do not hold the pages of the list: made anew.
    Unknown,
}

/// The news list of the views' language after an edit of the pages
/// `changed`, from the list kept in `views` ([`Site::news_after`]): only
/// the changed pages' entries are made again, and only they move.
fn news_moved(views: &LanguageData, builder: &ViewBuilder, changed: &HashSet<usize>) -> Moved {
    let site = builder.site;
    let old_values = news_values(views);
    let urls: Vec<&str> = views.news.iter().map(|s| s.url.as_str()).collect();
    let order = match site.news_after(builder.lang, &views.news_pages, &urls, changed) {
        Some(order) if old_values.len() == urls.len() => order,
        _ => return Moved::Unknown,
    };
    let old = &views.news_pages;
    let mut moved = order != *old;
    let mut fresh: HashMap<usize, (Summary, Value)> = HashMap::new();
    for &i in order.iter().filter(|i| changed.contains(i)) {
        let summary = builder.summary(&site.pages[i]);
        let value = Value::from_serializable(&summary);
        let was = old.iter().position(|&j| j == i).map(|k| &old_values[k]);
        moved |= was != Some(&value);
        fresh.insert(i, (summary, value));
    }
    if !moved {
        return Moved::Same;
    }
    // The pages kept are in the same order in both lists.
    let mut kept =
        (old.iter().zip(&views.news).zip(old_values)).filter(|((i, _), _)| !changed.contains(i));
    let mut news = Vec::with_capacity(order.len());
    let mut values = Vec::with_capacity(order.len());
    for &i in &order {
        let (summary, value) = match fresh.remove(&i) {
            Some(entry) => entry,
            None => match kept.next() {
                Some(((&j, summary), value)) if j == i => (summary.clone(), value.clone()),
                _ => return Moved::Unknown,
            },
        };
        news.push(summary);
        values.push(value);
    }
    Moved::To(news, order, Value::from(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> (bool, Vec<String>) {
        let k = data_keys(text);
        (k.all, k.keys.into_iter().collect())
    }

    #[test]
    fn finds_the_data_keys_a_template_reads() {
        assert_eq!(
            keys("{% for m in data.members %}{{ data[\"areas\"] | length }}{% endfor %}"),
            (false, vec!["areas".to_string(), "members".to_string()])
        );
        assert_eq!(
            keys("{{ <list items={data.news[:3]} /> }} open data <p data-x=\"1\">"),
            (false, vec!["news".to_string()])
        );
        assert_eq!(keys("{% set d = data %}{{ d.news }}"), (true, vec![]));
        assert_eq!(keys("{{ page.data.x }}{{ metadata }}"), (false, vec![]));
    }

    #[test]
    fn a_template_that_others_name_counts_for_every_page() {
        let texts = [
            ("index.html", "{% extends \"base.html\" %}{{ data.news }}"),
            ("base.html", "{{ data.facts }}"),
            ("page.html", "{% include \"members.html\" %}"),
            ("members.html", "{{ data.members }}"),
        ]
        .map(|(n, t)| (n.to_string(), t.to_string()));
        let reads = Reads::of_texts(&texts);
        let changed = |k: &str| HashSet::from([k.to_string()]);
        let all = HashMap::new();
        assert!(reads.reads("index.html", &changed("news"), &all));
        assert!(!reads.reads("page.html", &changed("news"), &all));
        assert!(reads.reads("page.html", &changed("facts"), &all));
        assert!(reads.reads("page.html", &changed("members"), &all));
        assert!(reads.reads("custom.html", &changed("news"), &all));
        assert!(!reads.reads("index.html", &HashSet::new(), &all));
    }

    #[test]
    fn a_page_template_that_shows_some_fields_reads_only_those() {
        let texts = [
            (
                "search.html",
                "{% for r in data.reports %}{{ r.title }}{% endfor %}",
            ),
            ("reports.html", "{{ <table reports={data.reports} /> }}"),
            (
                "base.html",
                "{% for r in data.areas %}{{ r.name }}{% endfor %}",
            ),
        ]
        .map(|(n, t)| (n.to_string(), t.to_string()));
        let reads = Reads::of_texts(&texts);
        let fields =
            |k: &str, f: &str| HashMap::from([(k.to_string(), HashSet::from([f.to_string()]))]);
        let reports = HashSet::from(["reports".to_string()]);
        assert!(!reads.reads("search.html", &reports, &fields("reports", "score")));
        assert!(reads.reads("search.html", &reports, &fields("reports", "title")));
        assert!(reads.reads("search.html", &reports, &HashMap::new()));
        assert!(reads.reads("reports.html", &reports, &fields("reports", "score")));
        // What a shared template reads counts in full.
        let areas = HashSet::from(["areas".to_string()]);
        assert!(reads.reads("search.html", &areas, &fields("areas", "summary")));
    }
}
