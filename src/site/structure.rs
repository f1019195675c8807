//! Pages added to or removed from a resolved site in `serve`, without
//! resolving the site again. Pages are kept in the order [`resolve`] gives
//! them (by key, language and path, then the made-up home pages, then the
//! report narratives), so a page added or removed moves the indexes after
//! it by one: every index the site holds is moved with it. What is checked
//! again is what a full resolve could find different: the new page's URL,
//! links, images, areas and components; for a removed page, that nothing
//! links to it or to a list page that goes with it. A change these checks
//! cannot judge exactly (a section, aliases, images of a removed page, a
//! page whose section would become empty or appear, a clash of URLs, a
//! link to what goes away) is refused, and `serve` resolves the site again.

use super::links::{pages_by_path, resolve_page_links};
use super::*;

/// A page added in place: its index.
pub struct Added {
    pub index: usize,
}

/// A page removed: the page as it was, and the list pages of its section
/// that went with it (their URLs).
pub struct Removed {
    pub page: Page,
    pub pagers: Vec<String>,
}

/// Adds `source` to the site in the place [`resolve`] would give it, or
/// gives it back when the site must be resolved again to add it. Problems
/// returned with errors among them mean the site must be resolved again
/// for the full list (it is then consistent: the page is in it).
pub fn add_page(
    site: &mut Site,
    source: SourcePage,
) -> Result<(Added, Vec<Diagnostic>), Box<SourcePage>> {
    let Some((url, parent, new_pager)) = place_for(site, &source) else {
        return Err(Box::new(source));
    };
    let narratives: HashSet<usize> = site.report_texts.values().copied().collect();
    let sources_end = (0..site.pages.len())
        .find(|&i| site.pages[i].synthetic || narratives.contains(&i))
        .unwrap_or(site.pages.len());
    let order = |s: &SourcePage| (s.key.clone(), s.lang.clone(), s.path.clone());
    let wanted = order(&source);
    let index = site.pages[..sources_end].partition_point(|p| order(&p.source) < wanted);
    renumber(site, |i| if i >= index { i + 1 } else { i });
    let mut page = new_page(source);
    page.url = url.clone();
    page.parent = parent.map(|p| if p >= index { p + 1 } else { p });
    site.pages.insert(index, page);
    if let Some(parent) = site.pages[index].parent {
        site.pages[parent].children.push(index);
        sort_children(site, parent);
    }
    link_translations_of(site, index);
    site.urls.insert(url, Target::Page(index));
    if let Some(pager) = new_pager {
        site.urls.insert(pager.clone(), Target::Generated(pager));
    }
    add_other_name(site, index);
    super::edit::file_in_areas(site, index);
    let mut problems = Vec::new();
    checks::check_areas_of(site, index, &mut problems);
    checks::check_embeds_of(site, index, &mut problems);
    page_images::prepare_page(site, index, &mut problems);
    // Only links to source files look pages up by path.
    let by_path = if (site.pages[index].source.body.links.iter())
        .any(|l| matches!(l.target, LinkTarget::SourceFile { .. }))
    {
        pages_by_path(site)
    } else {
        HashMap::new()
    };
    let html = resolve_page_links(site, &by_path, index, &mut problems);
    drop(by_path);
    site.pages[index].html = html;
    // The menus stay: a menu item could not name the page before.
    after_change(site, &mut problems);
    Ok((Added { index }, problems))
}

/// The URL, the section and the new list page URL (when the section gets
/// one more) of a page to be added, if it can be added in place.
fn place_for(site: &Site, source: &SourcePage) -> Option<(String, Option<usize>, Option<String>)> {
    let simple = !source.is_section
        && !source.failed
        && source.key != "_index"
        && source.front.aliases.is_empty()
        && source.front.slug.as_ref().is_none_or(|slug| {
            crate::i18n::is_slug(&slug.value) && !crate::paths::is_reserved_name(&slug.value)
        })
        && (source.folder() != "reports" || source.stem().parse::<i64>().is_err())
        && !site
            .config
            .schedule
            .withheld
            .contains_key(source.path.as_str())
        && !site
            .merged_paths
            .iter()
            .any(|(a, b)| *a == source.path || *b == source.path);
    let taken = site.pages.iter().any(|p| {
        p.source.path == source.path || (p.source.key == source.key && p.source.lang == source.lang)
    });
    if !simple || taken {
        return None;
    }
    let url = page_url(&site.config, &section_slugs(&site.pages), source)?;
    let parent = section_of(site, source.folder(), &source.lang);
    if parent.is_some_and(|p| site.is_empty_section(p)) {
        return None;
    }
    let new_pager = parent.and_then(|p| {
        let page = &site.pages[p];
        let now = page.pager_count(&site.config);
        let then = (page.children.len() + 1)
            .div_ceil(page.page_size(&site.config))
            .max(1);
        (then > now).then(|| site.collections().pager(&page.url, page.lang(), then))
    });
    // An ASCII URL is lowercased as ASCII: compared without making its
    // lowercase form (the URLs of a site are mostly ASCII).
    let free = |u: &str| {
        let lower = u.to_lowercase();
        !site.urls.keys().any(|k| match k.is_ascii() {
            true => k.len() == lower.len() && k.eq_ignore_ascii_case(&lower),
            false => k.to_lowercase() == lower,
        })
    };
    let writable = crate::paths::is_safe_relative(&crate::paths::output_path(&url));
    let static_index = site.urls.contains_key(&format!("{url}index.html"));
    let pager_free = new_pager.as_deref().is_none_or(free);
    (writable && !static_index && free(&url) && pager_free).then_some((url, parent, new_pager))
}

/// Removes page `index` from the site, or `None` (the site untouched) when
/// the site must be resolved again to remove it: something links to it or
/// to a list page that goes with it, or it is not a plain page.
pub fn remove_page(site: &mut Site, index: usize) -> Option<(Removed, Vec<Diagnostic>)> {
    let pagers = removable(site, index)?;
    let parent = site.pages[index].parent;
    if let Some(parent) = parent {
        site.pages[parent].children.retain(|&c| c != index);
    }
    let url = site.pages[index].url.clone();
    site.urls.remove(&url);
    for pager in &pagers {
        site.urls.remove(pager);
    }
    for t in site.pages[index].translations.clone() {
        site.pages[t].translations.retain(|&j| j != index);
    }
    let page = site.pages.remove(index);
    site.other_names.retain(|(_, i)| *i != index);
    if let Some(lists) = site.area_index.get_mut() {
        lists.values_mut().for_each(|l| l.retain(|&i| i != index));
    }
    renumber(site, |i| if i > index { i - 1 } else { i });
    let mut problems = Vec::new();
    menus::resolve_menus(site, &mut problems);
    after_change(site, &mut problems);
    Some((Removed { page, pagers }, problems))
}

/// The list page URLs that go with page `index` if it can be removed in
/// place.
fn removable(site: &Site, index: usize) -> Option<Vec<String>> {
    let page = &site.pages[index];
    let source = &page.source;
    let simple = !page.synthetic
        && !source.is_section
        && source.front.aliases.is_empty()
        && source.front.image.is_none()
        && source.body.images.is_empty()
        && !site.report_texts.values().any(|&i| i == index)
        && !site
            .merged_paths
            .iter()
            .any(|(a, b)| *a == source.path || *b == source.path);
    if !simple {
        return None;
    }
    let mut pagers = Vec::new();
    if let Some(p) = page.parent {
        let section = &site.pages[p];
        let left = section.children.len() - 1;
        let empties = section.source.key != "_index"
            && left == 0
            && section.subsections.is_empty()
            && section.html.trim().is_empty();
        if empties {
            return None;
        }
        let then = left.div_ceil(section.page_size(&site.config)).max(1);
        for n in then + 1..=section.pager_count(&site.config) {
            pagers.push(site.collections().pager(&section.url, section.lang(), n));
        }
    }
    (!linked_to(site, index, &pagers)).then_some(pagers)
}

/// Whether a link of another page leads to page `index` or to one of the
/// `pagers`.
fn linked_to(site: &Site, index: usize, pagers: &[String]) -> bool {
    use rayon::prelude::*;
    // The names links may give the page: its file, and its other name.
    let names: Vec<&str> = std::iter::once(site.pages[index].source.path.as_str())
        .chain(
            (site.other_names.iter())
                .filter(|(_, i)| *i == index)
                .map(|(name, _)| name.as_str()),
        )
        .collect();
    let hits = |target: &Target| match target {
        Target::Page(i) | Target::Redirect(i) => *i == index,
        Target::Generated(url) => pagers.contains(url),
        Target::StaticFile => false,
    };
    site.pages.par_iter().enumerate().any(|(j, page)| {
        j != index
            && page
                .source
                .body
                .links
                .iter()
                .any(|link| match &link.target {
                    LinkTarget::SourceFile { path, .. } => {
                        join_relative(page.source.folder(), path)
                            .is_some_and(|joined| names.contains(&joined.as_str()))
                    }
                    LinkTarget::SitePath { path, .. } => {
                        checks::lookup(site, path).is_some_and(|(_, t)| hits(t))
                    }
                    _ => false,
                })
    })
}

/// The other name of page `index` (`a.lv.md` for `a.md`), put where
/// `default_language_names` puts it: in page order.
fn add_other_name(site: &mut Site, index: usize) {
    let page = &site.pages[index];
    if page.source.lang != site.config.default_language {
        return;
    }
    let suffix = format!(".{}.md", site.config.default_language);
    let path = &page.source.path;
    let other = match path.strip_suffix(&suffix) {
        Some(stem) => format!("{stem}.md"),
        None => format!("{}{suffix}", path.trim_end_matches(".md")),
    };
    let at = site.other_names.partition_point(|(_, i)| *i < index);
    site.other_names.insert(at, (other, index));
}

/// The checks of the whole site that a page more or less can change.
fn after_change(site: &mut Site, problems: &mut Vec<Diagnostic>) {
    problems.extend(checks::pages_without_dates(site));
    problems.extend(feed_section::check(site));
    site.generated_anchors = checks::links_into_generated_pages(site);
}

/// The section of `folder` in `lang`, as [`build_sections`] finds it.
fn section_of(site: &Site, folder: &str, lang: &str) -> Option<usize> {
    site.pages
        .iter()
        .position(|p| p.source.is_section && p.source.folder() == folder && p.source.lang == lang)
}

/// Sorts section `parent`'s pages again, as [`build_sections`] does.
pub(super) fn sort_children(site: &mut Site, parent: usize) {
    let collator = Collator::new(site.pages[parent].lang());
    let sort = site.pages[parent].section_sort();
    let mut list = std::mem::take(&mut site.pages[parent].children);
    sort_pages(&mut list, &site.pages, sort, &collator);
    site.pages[parent].children = list;
}

/// The translations of page `index` and of the pages it translates, as
/// [`link_translations`] makes them (in page order).
fn link_translations_of(site: &mut Site, index: usize) {
    let key = site.pages[index].source.key.clone();
    let group: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].source.key == key)
        .collect();
    if group.len() < 2 {
        return;
    }
    for &i in &group {
        site.pages[i].translations = group.iter().copied().filter(|&j| j != i).collect();
    }
}

/// Moves every page index the site holds through `map`.
fn renumber(site: &mut Site, map: impl Fn(usize) -> usize) {
    let all = |list: &mut Vec<usize>| list.iter_mut().for_each(|i| *i = map(*i));
    for page in &mut site.pages {
        page.parent = page.parent.map(&map);
        all(&mut page.translations);
        all(&mut page.children);
        all(&mut page.subsections);
    }
    for i in site.report_texts.values_mut() {
        *i = map(*i);
    }
    for target in site.urls.values_mut() {
        if let Target::Page(i) | Target::Redirect(i) = target {
            *i = map(*i);
        }
    }
    for (_, i) in site.aliases.iter_mut().chain(site.other_names.iter_mut()) {
        *i = map(*i);
    }
    // The areas' page lists keep their order: only the indexes move.
    if let Some(lists) = site.area_index.get_mut() {
        lists.values_mut().for_each(all);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::MarkdownSettings;
    use crate::content::{self, LoadOptions};
    use std::path::Path;

    const SITE: &str = "title: {lv: T, en: T}\nbase_url: https://example.org/\ndefault_language: lv\nlanguages:\n  lv: {name: Latviešu}\n  en: {name: English}\n";

    const PAGES: &[(&str, &str)] = &[
        ("_index.md", "---\ntitle: Sākums\n---\nSveiki.\n"),
        (
            "jaunumi/_index.md",
            "---\ntitle: Jaunumi\npaginate: 4\n---\nZiņas.\n",
        ),
        ("jaunumi/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n"),
        (
            "jaunumi/b.md",
            "---\ntitle: B\ndate: 2024-02-01\n---\nSk. [A](a.md) un [C](/jaunumi/c/#virsraksts).\n",
        ),
        (
            "jaunumi/c.md",
            "---\ntitle: C\ndate: 2024-03-01\n---\n## Virsraksts\n\nC.\n",
        ),
        ("jaunumi/d.md", "---\ntitle: D\ndate: 2023-03-01\n---\nD.\n"),
        ("jaunumi/e.md", "---\ntitle: E\ndate: 2025-01-01\n---\nE.\n"),
        (
            "jaunumi/d.en.md",
            "---\ntitle: D\ndate: 2023-03-01\n---\nD.\n",
        ),
        ("kontakti.md", "---\ntitle: Kontakti\n---\nRīga.\n"),
    ];

    fn config() -> Config {
        Config::from_text(SITE, Path::new("content/site.yaml"), None).expect("valid settings")
    }

    fn sources(leave_out: Option<&str>) -> Vec<SourcePage> {
        let options = LoadOptions {
            content_dir: Path::new("/nonexistent/content"),
            shown_dir: Path::new("content"),
            languages: vec!["lv".to_string(), "en".to_string()],
            default_language: "lv",
            markdown: MarkdownSettings::default(),
            drafts: false,
        };
        PAGES
            .iter()
            .filter(|(rel, _)| Some(*rel) != leave_out)
            .map(|(rel, text)| {
                content::parse_page(rel, text.to_string(), &options)
                    .expect("a valid page")
                    .expect("not a draft")
            })
            .collect()
    }

    fn resolved(leave_out: Option<&str>) -> Site {
        let (site, problems) = resolve(config(), sources(leave_out), Default::default(), &[]);
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        site
    }

    /// Everything about a site's pages and URLs, with indexes named by path.
    fn snapshot(site: &Site) -> Vec<String> {
        let name = |i: usize| site.pages[i].source.path.clone();
        let names = |l: &[usize]| l.iter().map(|&i| name(i)).collect::<Vec<_>>();
        let mut lines: Vec<String> = site
            .pages
            .iter()
            .map(|p| {
                format!(
                    "{} {} {:?} {:?} {:?} {:?} {} {:?}",
                    p.source.path,
                    p.url,
                    p.parent.map(name),
                    names(&p.translations),
                    names(&p.children),
                    names(&p.subsections),
                    p.html,
                    p.synthetic
                )
            })
            .collect();
        let mut urls: Vec<String> = site
            .urls
            .iter()
            .map(|(url, target)| match target {
                Target::Page(i) | Target::Redirect(i) => format!("{url} -> {}", name(*i)),
                other => format!("{url} -> {other:?}"),
            })
            .collect();
        urls.sort();
        lines.extend(urls);
        lines.extend(
            site.other_names
                .iter()
                .map(|(o, i)| format!("{o} = {}", name(*i))),
        );
        lines.push(format!(
            "{} generated anchors",
            site.generated_anchors.len()
        ));
        lines
    }

    #[test]
    fn a_page_added_in_place_is_as_if_resolved_with_it() {
        let full = snapshot(&resolved(None));
        // e.md is the newest (first in its list); each makes list page 2.
        for rel in [
            "jaunumi/e.md",
            "jaunumi/d.md",
            "jaunumi/d.en.md",
            "kontakti.md",
        ] {
            let mut site = resolved(Some(rel));
            let page = sources(None).into_iter().find(|p| p.path == rel).unwrap();
            let Ok((_, problems)) = add_page(&mut site, page) else {
                panic!("{rel} could not be added in place");
            };
            assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
            assert_eq!(snapshot(&site), full, "after adding {rel}");
        }
    }

    #[test]
    fn a_page_removed_in_place_is_as_if_resolved_without_it() {
        for rel in [
            "jaunumi/d.md",
            "jaunumi/d.en.md",
            "jaunumi/b.md",
            "kontakti.md",
        ] {
            let mut site = resolved(None);
            let i = site
                .pages
                .iter()
                .position(|p| p.source.path == rel)
                .unwrap();
            let Some((removed, problems)) = remove_page(&mut site, i) else {
                panic!("{rel} could not be removed in place");
            };
            assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
            assert_eq!(removed.page.source.path, rel);
            assert_eq!(
                snapshot(&site),
                snapshot(&resolved(Some(rel))),
                "after removing {rel}"
            );
        }
    }

    #[test]
    fn a_page_linked_to_or_a_section_is_not_removed_in_place() {
        let mut site = resolved(None);
        let before = snapshot(&site);
        for rel in ["jaunumi/a.md", "jaunumi/c.md", "jaunumi/_index.md"] {
            let i = site
                .pages
                .iter()
                .position(|p| p.source.path == rel)
                .unwrap();
            assert!(remove_page(&mut site, i).is_none(), "{rel}");
            assert_eq!(snapshot(&site), before);
        }
    }

    #[test]
    fn the_last_list_page_goes_with_the_page_that_filled_it() {
        let mut site = resolved(None);
        let i = site
            .pages
            .iter()
            .position(|p| p.source.path == "jaunumi/d.md")
            .unwrap();
        let (removed, _) = remove_page(&mut site, i).unwrap();
        assert_eq!(removed.pagers, vec!["/jaunumi/lapa/2/".to_string()]);
        assert!(!site.urls.contains_key("/jaunumi/lapa/2/"));
    }
}
