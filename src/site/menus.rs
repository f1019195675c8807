//! The menus of site.yaml resolved: an item naming a Markdown file gets
//! that page's URL; a site path is checked like a link; a missing or
//! withheld page is an error at the item's line in site.yaml.

use std::collections::{BTreeMap, HashMap};

use super::Site;
use super::links::{check_site_path, pages_by_path, with_anchor};
use crate::config::MenuItem;
use crate::error::{Diagnostic, ErrorKind, did_you_mean};

pub(super) fn resolve_menus(site: &mut Site, problems: &mut Vec<Diagnostic>) {
    // Only items naming a file look pages up by path: a site whose menus
    // name none (or that has no menus) makes no map of its pages.
    let names_files = (site.config.menu.values().flatten()).any(is_file_item);
    let by_path = if names_files {
        pages_by_path(site)
    } else {
        HashMap::new()
    };
    let mut menus = BTreeMap::new();
    for (lang, items) in &site.config.menu {
        let mut resolved = Vec::new();
        for item in items {
            let url = if is_file_item(item) {
                match source_file_url(site, &by_path, item, problems) {
                    Some(url) => url,
                    None => continue,
                }
            } else if item.url.starts_with('/') {
                let (path, anchor) = match item.url.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (item.url.as_str(), None),
                };
                if let Err(problem) = check_site_path(site, path, anchor) {
                    problems.push(
                        Diagnostic::error(
                            ErrorKind::BrokenLink,
                            msg!(
                                "site.menu-item",
                                name = &item.name,
                                message = problem.message()
                            ),
                        )
                        .in_file("content/site.yaml")
                        .at(item.line, 0)
                        .with_source(&site.config.source)
                        .with_help(problem.help()),
                    );
                }
                item.url.clone()
            } else {
                item.url.clone()
            };
            resolved.push((item.name.clone(), url));
        }
        menus.insert(lang.clone(), resolved);
    }
    site.menus = menus;
}

/// Whether a menu item names a Markdown file (`par-mums.md#x`).
fn is_file_item(item: &MenuItem) -> bool {
    item.url.ends_with(".md") || item.url.contains(".md#")
}

/// The URL of a menu item that names a Markdown file (`par-mums.md#x`), or
/// `None` with the problem when it names no published page.
fn source_file_url(
    site: &Site,
    by_path: &HashMap<&str, usize>,
    item: &MenuItem,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let (path, anchor) = match item.url.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (item.url.as_str(), None),
    };
    match by_path.get(path.trim_start_matches('/')) {
        Some(&i) => Some(with_anchor(&site.pages[i].url, anchor)),
        // Left out by the schedule: an error naming the date, or
        // (expired) a warning, and the item leaves the menu.
        None if let Some(w) = site
            .config
            .schedule
            .withheld
            .get(path.trim_start_matches('/')) =>
        {
            let mut d = crate::schedule::link_problem(w, path, path.trim_start_matches('/'));
            d.message = msg!("site.menu-item", name = &item.name, message = &d.message);
            problems.push(
                d.in_file("content/site.yaml")
                    .at(item.line, 0)
                    .with_source(&site.config.source),
            );
            None
        }
        None => {
            problems.push(
                Diagnostic::error(
                    ErrorKind::BrokenLink,
                    msg!("site.menu-not-a-page", name = &item.name, path = path),
                )
                .in_file("content/site.yaml")
                .at(item.line, 0)
                .with_source(&site.config.source)
                .with_help(
                    match did_you_mean(path.trim_start_matches('/'), by_path.keys().copied()) {
                        Some(best) => msg!("yaml.did-you-mean", best = best),
                        None => msg!("site.menu-not-a-page-help"),
                    },
                ),
            );
            None
        }
    }
}
