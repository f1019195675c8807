//! Checks across the resolved site that no single page can make: pages
//! without a date in a section sorted by date, area icons the theme does not
//! have, areas and embeds pages name, and links to anchors in pages alianse
//! generates (`/biedri/#b`), which can only be checked once those pages are
//! rendered.

use std::collections::HashSet;

use crate::collections::Collection;
use crate::collections::view::EmbedSpec;
use crate::content::SortBy;
use crate::content::markdown::LinkTarget;
use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::messages::Message;
use crate::paths::OutputFile;
use crate::site::{Page, Site, Target};

/// A link to an anchor in a generated page, checked after rendering.
#[derive(Debug, Clone)]
pub struct GeneratedAnchor {
    /// The path of the generated page (`/biedri/`).
    pub url: String,
    pub anchor: String,
    /// Where the link is: file, line and source, with the message to come.
    pub place: Diagnostic,
    /// The menu item the link is in (the message then names it).
    pub menu_item: Option<String>,
}

/// The site path a link names, as the site registered it (`/biedri` →
/// `/biedri/`), and what it is.
pub fn lookup<'s>(site: &'s Site, path: &str) -> Option<(&'s str, &'s Target)> {
    let with_slash = format!("{path}/");
    let candidates = [
        Some(path),
        Some(with_slash.as_str()),
        path.strip_suffix("index.html"),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|p| site.urls.get_key_value(p))
        .map(|(k, v)| (k.as_str(), v))
}

/// The closest path the site has to a mistyped one.
pub fn closest_path<'s>(site: &'s Site, path: &str) -> Option<&'s str> {
    let wanted = if path.ends_with('/') || path.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    did_you_mean(&wanted, site.urls.keys().map(String::as_str))
}

/// Pages without `date` in a section that lists its pages by date: one
/// that says `sort: date`, the news section the feeds are made from, or a
/// section in the default order where other pages have dates (a section
/// none of whose pages has a date is simply in title order). The home
/// page's own list counts only when it asks for dates.
pub fn pages_without_dates(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for section in &site.pages {
        if !section.source.is_section || section.synthetic {
            continue;
        }
        let sort = section.source.front.sort.as_ref().map(|s| s.value);
        let folder = section.source.folder();
        let by_date = match sort {
            Some(sort) => sort == SortBy::Date,
            None if folder.is_empty() => false,
            None => {
                folder == site.config.feeds.section
                    || section
                        .children
                        .iter()
                        .any(|&c| site.pages[c].source.date.is_some())
            }
        };
        if !by_date {
            continue;
        }
        for &child in &section.children {
            let page = &site.pages[child].source;
            if page.date.is_some() || page.failed {
                continue;
            }
            problems.push(
                page.problem(
                    ErrorKind::FrontMatter,
                    1,
                    0,
                    msg!("checks.no-date", section = section.source.shown.display()),
                )
                .with_help(msg!(
                    "checks.no-date-help",
                    section = section.source.shown.display()
                )),
            );
        }
    }
    problems
}

/// Areas whose `icon` the theme does not have (it would show its fallback).
pub fn unknown_icons(site: &Site, icons: Option<&[String]>) -> Vec<Diagnostic> {
    let Some(icons) = icons else {
        return Vec::new();
    };
    site.data
        .areas
        .iter()
        .filter_map(|area| {
            let icon = area.icon.as_deref()?;
            if icons.iter().any(|i| i == icon) {
                return None;
            }
            let help = match did_you_mean(icon, icons.iter().map(String::as_str)) {
                Some(best) => msg!(
                    "checks.icon-did-you-mean",
                    best = best,
                    icons = icons.join(", ")
                ),
                None => msg!("checks.icons", icons = icons.join(", ")),
            };
            let d = Diagnostic::warning(
                ErrorKind::UnknownReference,
                msg!("checks.unknown-icon", area = &area.id.value, icon = icon),
            )
            .in_file(&site.data.areas_file)
            .at(area.id.referenced.line() as usize, 0)
            .with_help(help);
            Some(d)
        })
        .collect()
}

/// Links (in pages and menus) to an anchor in a page alianse generates.
pub fn links_into_generated_pages(site: &Site) -> Vec<GeneratedAnchor> {
    let generated = |path: &str| match lookup(site, path) {
        Some((url, Target::Generated(_))) => Some(url.to_string()),
        _ => None,
    };
    let mut found = Vec::new();
    for page in &site.pages {
        for link in &page.source.body.links {
            if let LinkTarget::SitePath {
                path,
                anchor: Some(anchor),
            } = &link.target
                && !anchor.is_empty()
                && let Some(url) = generated(path)
            {
                let line = page.source.body_line + link.line - 1;
                found.push(GeneratedAnchor {
                    url,
                    anchor: anchor.clone(),
                    place: page
                        .source
                        .problem(ErrorKind::BrokenLink, line, link.column, ""),
                    menu_item: None,
                });
            }
        }
    }
    for item in site.config.menu.values().flatten() {
        if let Some((path, anchor)) = item.url.split_once('#')
            && !anchor.is_empty()
            && let Some(url) = generated(path)
        {
            found.push(GeneratedAnchor {
                url,
                anchor: anchor.to_string(),
                place: Diagnostic::error(ErrorKind::BrokenLink, "")
                    .in_file("content/site.yaml")
                    .at(item.line, 0)
                    .with_source(&site.config.source),
                menu_item: Some(item.name.clone()),
            });
        }
    }
    found
}

/// Checks the anchors of links into generated pages against the `id`s the
/// rendered pages have.
pub fn generated_anchors(site: &Site, files: &[OutputFile]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for link in &site.generated_anchors {
        let path = crate::paths::output_path(&link.url);
        let Ok(found) = files.binary_search_by(|f| f.path.as_str().cmp(&path)) else {
            continue;
        };
        let ids = ids_of(&files[found].bytes);
        if ids.contains(link.anchor.as_str()) {
            continue;
        }
        let help = match did_you_mean(&link.anchor, ids.iter().copied()) {
            Some(best) => msg!("checks.anchor-did-you-mean", best = best),
            None => {
                let mut list: Vec<&str> = ids.into_iter().collect();
                list.sort_unstable();
                list.truncate(20);
                msg!("checks.anchor-ids", ids = list.join(", "))
            }
        };
        let mut d = link.place.clone();
        let message = msg!(
            "checks.generated-anchor",
            anchor = &link.anchor,
            url = &link.url
        );
        d.message = match &link.menu_item {
            Some(name) => msg!("site.menu-item", name = name, message = message),
            None => message,
        };
        problems.push(d.with_help(help));
    }
    problems
}

/// Every `id="…"` of an HTML page.
fn ids_of(html: &[u8]) -> HashSet<&str> {
    let text = std::str::from_utf8(html).unwrap_or("");
    text.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(id, _)| id))
        .collect()
}

pub(super) fn check_page_areas(site: &Site, problems: &mut Vec<Diagnostic>) {
    for index in 0..site.pages.len() {
        check_areas_of(site, index, problems);
    }
}

/// [`check_page_areas`] for one page.
pub(super) fn check_areas_of(site: &Site, index: usize, problems: &mut Vec<Diagnostic>) {
    if site.data.areas_unreadable {
        return;
    }
    let page = &site.pages[index];
    if page.source.front.areas.is_empty() {
        return;
    }
    let known: Vec<&str> = site
        .data
        .areas
        .iter()
        .map(|a| a.id.value.as_str())
        .collect();
    for area in &page.source.front.areas {
        if !known.contains(&area.value.as_str()) {
            let line = area.referenced.line() as usize + 1;
            let column = area.referenced.column() as usize;
            problems.push(crate::data::unknown_area(&area.value, &known, |m| {
                page.source
                    .problem(ErrorKind::UnknownReference, line, column, m)
            }));
        }
    }
}

/// The embeds that belong to no collection, and their arguments.
const SITE_EMBEDS: [EmbedSpec; 2] = [
    EmbedSpec {
        name: "open_data",
        args: &[],
        optional: false,
    },
    EmbedSpec {
        name: "video",
        args: &["url", "title"],
        optional: false,
    },
];

/// The components an editor can embed in Markdown, by name: the site's and
/// each collection's.
pub fn embeds() -> Vec<&'static EmbedSpec> {
    let mut all: Vec<&EmbedSpec> = SITE_EMBEDS.iter().collect();
    for collection in Collection::ALL {
        all.extend(collection.embeds());
    }
    all.sort_by_key(|e| e.name);
    all
}

pub(super) fn check_embeds(site: &Site, problems: &mut Vec<Diagnostic>) {
    let embeds = embeds();
    for page in &site.pages {
        embeds_of(site, page, &embeds, problems);
    }
}

/// [`check_embeds`] for one page.
pub(super) fn check_embeds_of(site: &Site, index: usize, problems: &mut Vec<Diagnostic>) {
    embeds_of(site, &site.pages[index], &embeds(), problems);
}

// long because: each argument problem of a component is told apart here.
fn embeds_of(site: &Site, page: &Page, embeds: &[&EmbedSpec], problems: &mut Vec<Diagnostic>) {
    {
        for embed in &page.source.body.embeds {
            let line = page.source.body_line + embed.line - 1;
            let problem = |message: Message, help: Message| {
                page.source
                    .problem(ErrorKind::UnknownReference, line, 1, message)
                    .with_help(help)
            };
            let Some(spec) = embeds.iter().find(|e| e.name == embed.name) else {
                let names: Vec<&str> = embeds.iter().map(|e| e.name).collect();
                let help = match did_you_mean(&embed.name, names.iter().copied()) {
                    Some(best) => msg!("yaml.did-you-mean", best = best),
                    None => msg!("site.components", names = names.join(", ")),
                };
                problems.push(problem(
                    msg!("site.unknown-component", name = &embed.name),
                    help,
                ));
                continue;
            };
            if embed.name == "open_data" && !site.config.open_data.enabled {
                problems.push(problem(
                    msg!("site.open-data-off"),
                    msg!("site.open-data-off-help"),
                ));
            }
            let allowed = spec.args;
            let optional = |value: &str| spec.optional && value.is_empty();
            for (key, value) in &embed.args {
                if !allowed.contains(&key.as_str()) {
                    problems.push(problem(
                        msg!("site.no-such-argument", name = &embed.name, key = key),
                        msg!("site.arguments", arguments = allowed.join(", ")),
                    ));
                } else if key == "area" && !optional(value) && site.data.area(value).is_none() {
                    let known: Vec<&str> = site
                        .data
                        .areas
                        .iter()
                        .map(|a| a.id.value.as_str())
                        .collect();
                    problems.push(crate::data::unknown_area(value, &known, |m| {
                        page.source.problem(ErrorKind::UnknownReference, line, 1, m)
                    }));
                } else if let Some((message, help)) = value_problem(site, &embed.name, key, value) {
                    problems.push(problem(message, help));
                }
            }
            // Some lists (events, publications) take their arguments optionally.
            for key in allowed.iter().filter(|_| !spec.optional) {
                if !embed.args.iter().any(|(k, _)| k == key) {
                    problems.push(problem(
                        msg!("site.needs-argument", name = &embed.name, key = key),
                        msg!("site.needs-argument-help", name = &embed.name, key = key),
                    ));
                }
            }
        }
    }
}

/// What is wrong with the value of an embed's argument (besides `area`),
/// as a message and a hint.
fn value_problem(site: &Site, name: &str, key: &str, value: &str) -> Option<(Message, Message)> {
    if name == "video" && key == "url" && crate::content::video::parse(value, "").is_none() {
        return Some((
            msg!("site.not-a-video", value = value),
            msg!("site.not-a-video-help"),
        ));
    }
    if name == "video" && key == "title" && value.trim().is_empty() {
        return Some((msg!("site.video-title"), msg!("site.video-title-help")));
    }
    Collection::ALL
        .iter()
        .filter(|c| c.embeds().iter().any(|e| e.name == name))
        .find_map(|c| c.embed_problem(&site.data, key, value))
}
