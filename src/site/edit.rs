//! Pages edited in `serve`: new versions of pages put in place in a
//! resolved site when each page keeps its place (its URL, aliases, section
//! and translations, and for a section its order and pagination), so that
//! the site is not resolved again. What is checked again is what a full
//! resolve could find different: the pages' own links, images, areas and
//! components, the links of other pages and of the menus into anchors
//! that changed, the order of their sections, and the pages without dates.

use std::cmp::Ordering;

use super::links::{anchors_of, pages_by_path, resolve_link, resolve_page_links};
use super::*;

/// Whether `new` can take the place of page `index` without resolving the
/// site again: the same file, slug, aliases, sort and pagination (so the
/// same URLs and the same list pages), and not a report's narrative.
pub fn keeps_place(site: &Site, index: usize, new: &SourcePage) -> bool {
    let page = &site.pages[index];
    let place = |s: &SourcePage| {
        (
            (
                s.path.clone(),
                s.key.clone(),
                s.lang.clone(),
                s.is_section,
                s.failed,
            ),
            s.front.slug.as_ref().map(|s| s.value.clone()),
            s.front
                .aliases
                .iter()
                .map(|a| a.value.clone())
                .collect::<Vec<_>>(),
            s.front.sort.as_ref().map(|s| s.value),
            s.front.paginate.as_ref().map(|p| p.value),
        )
    };
    !page.synthetic
        && !site.report_texts.values().any(|&i| i == index)
        && place(&page.source) == place(new)
}

/// Puts each `(index, source)` in place (every one must pass
/// [`keeps_place`]), re-sorts their sections and resolves them again. The
/// site is then what [`resolve`] would make of the new sources, and the
/// problems returned are those it would find that the edit can change.
pub fn replace_pages(site: &mut Site, edits: Vec<(usize, SourcePage)>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut moved_anchors = HashSet::new();
    let indexes: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
    for (index, source) in edits {
        let anchors = anchors_of(&source);
        if anchors != site.pages[index].anchors {
            moved_anchors.insert(index);
        }
        site.pages[index].anchors = anchors;
        let old = std::mem::replace(&mut site.pages[index].source, source);
        reorder_parent(site, index);
        // An edit may move a page in or out of an area, or in its list.
        refile_in_areas(site, index, &old);
    }
    // The map of every page by file is read only for links to a file (or
    // into anchors that moved): most edits need none.
    let to_files = indexes.iter().any(|&i| {
        (site.pages[i].source.body.links)
            .iter()
            .any(|l| matches!(l.target, LinkTarget::SourceFile { .. }))
    });
    let by_path = if to_files || !moved_anchors.is_empty() {
        pages_by_path(site)
    } else {
        HashMap::new()
    };
    let mut resolved = Vec::new();
    for &index in &indexes {
        checks::check_areas_of(site, index, &mut problems);
        checks::check_embeds_of(site, index, &mut problems);
        page_images::prepare_page(site, index, &mut problems);
        resolved.push(resolve_page_links(site, &by_path, index, &mut problems));
    }
    if !moved_anchors.is_empty() {
        links_into(site, &by_path, &moved_anchors, &indexes, &mut problems);
    }
    drop(by_path);
    for (index, html) in indexes.into_iter().zip(resolved) {
        site.pages[index].html = html;
    }
    // The pages' URLs stayed: a menu item can only lose an anchor.
    if !moved_anchors.is_empty() {
        menus::resolve_menus(site, &mut problems);
    }
    problems.extend(checks::pages_without_dates(site));
    site.generated_anchors = checks::links_into_generated_pages(site);
    problems
}

/// [`replace_pages`] for one page whose front matter is unchanged.
pub fn replace_body(site: &mut Site, index: usize, source: SourcePage) -> Vec<Diagnostic> {
    replace_pages(site, vec![(index, source)])
}

/// The links of the other pages (not `edited`, which were resolved in full)
/// into the pages of `targets`, whose anchors changed: a removed heading
/// breaks the links to it.
fn links_into(
    site: &Site,
    by_path: &HashMap<&str, usize>,
    targets: &HashSet<usize>,
    edited: &[usize],
    problems: &mut Vec<Diagnostic>,
) {
    let aims_at_target = |page: &Page, target: &LinkTarget| match target {
        LinkTarget::SourceFile {
            path,
            anchor: Some(_),
        } => join_relative(page.source.folder(), path)
            .and_then(|joined| by_path.get(joined.as_str()).copied())
            .is_some_and(|i| targets.contains(&i)),
        LinkTarget::SitePath {
            path,
            anchor: Some(_),
        } => checks::lookup(site, path)
            .is_some_and(|(_, t)| matches!(t, Target::Page(i) if targets.contains(i))),
        _ => false,
    };
    for (j, page) in site.pages.iter().enumerate() {
        if edited.contains(&j) {
            continue;
        }
        for link in &page.source.body.links {
            if !aims_at_target(page, &link.target) {
                continue;
            }
            if let Err(problem) = resolve_link(site, by_path, page, &link.target) {
                let line = page.source.body_line + link.line - 1;
                problems.push(
                    page.source
                        .problem(ErrorKind::BrokenLink, line, link.column, problem.message())
                        .with_help(problem.help()),
                );
            }
        }
    }
}

/// Moves page `index`, whose source was `old`, in the index of the
/// areas' pages (when it was made): out of the lists of its old areas and
/// into those of its new ones at its place by date, as
/// [`areas::pages_by_area`] orders them.
fn refile_in_areas(site: &mut Site, index: usize, old: &SourcePage) {
    let Some(lists) = site.area_index.get_mut() else {
        return;
    };
    for area in &old.front.areas {
        if let Some(list) = lists.get_mut(&(area.value.clone(), old.lang.clone())) {
            list.retain(|&i| i != index);
        }
    }
    file_in_areas(site, index);
}

/// Puts page `index` into the lists of its areas in the index of the
/// areas' pages (when it was made), at its place by date.
pub(super) fn file_in_areas(site: &mut Site, index: usize) {
    let Site {
        pages, area_index, ..
    } = site;
    let Some(lists) = area_index.get_mut() else {
        return;
    };
    let lang = &pages[index].source.lang;
    let new = &pages[index].source;
    let mut areas: Vec<&str> = new.front.areas.iter().map(|a| a.value.as_str()).collect();
    areas.sort_unstable();
    areas.dedup();
    for area in areas {
        let list = lists.entry((area.to_string(), lang.clone())).or_default();
        let at = list.partition_point(|&i| {
            let p = &pages[i].source;
            new.date.cmp(&p.date).then_with(|| p.path.cmp(&new.path)) == Ordering::Less
        });
        list.insert(at, index);
    }
}

/// Sorts the list page `index` is in again (its title, date or weight may
/// have changed), as [`resolve`] sorts it.
fn reorder_parent(site: &mut Site, index: usize) {
    let Some(parent) = site.pages[index].parent else {
        return;
    };
    if site.pages[index].source.is_section {
        let collator = Collator::new(site.pages[parent].lang());
        let mut list = std::mem::take(&mut site.pages[parent].subsections);
        sort_pages(&mut list, &site.pages, SortBy::Weight, &collator);
        site.pages[parent].subsections = list;
    } else {
        super::structure::sort_children(site, parent);
    }
}
