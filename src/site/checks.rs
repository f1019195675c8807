//! Checks across the resolved site that no single page can make: pages
//! without a date in a section sorted by date, area icons the theme does not
//! have, areas and embeds pages name, and links to anchors in pages alianse
//! generates (`/biedri/#b`), which can only be checked once those pages are
//! rendered.

use std::collections::HashSet;

use crate::content::SortBy;
use crate::content::markdown::LinkTarget;
use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::paths::OutputFile;
use crate::site::{Site, Target};

/// A link to an anchor in a generated page, checked after rendering.
#[derive(Debug, Clone)]
pub struct GeneratedAnchor {
    /// The path of the generated page (`/biedri/`).
    pub url: String,
    pub anchor: String,
    /// Where the link is: file, line and source, with the message to come.
    pub place: Diagnostic,
    /// Put before the message (`menu item `Biedri`: `).
    pub prefix: String,
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
                    format!(
                        "this page has no `date`, but {} lists its pages by date",
                        section.source.shown.display()
                    ),
                )
                .with_help(format!(
                    "add `date: YYYY-MM-DD` to the front matter, or set `sort: title` or `sort: weight` in {}",
                    section.source.shown.display()
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
                Some(best) => format!("did you mean `{best}`? The theme's icons are: {}", icons.join(", ")),
                None => format!("the theme's icons are: {}", icons.join(", ")),
            };
            let mut d = Diagnostic::warning(format!(
                "area `{}` has the icon `{icon}`, which the theme does not have; a generic icon is shown",
                area.id.value
            ))
            .in_file(&site.data.areas_file)
            .at(area.id.referenced.line() as usize, 0)
            .with_help(help);
            d.kind = ErrorKind::Warning;
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
                    prefix: String::new(),
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
                prefix: format!("menu item `{}`: ", item.name),
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
            Some(best) => format!("did you mean `#{best}`?"),
            None => {
                let mut list: Vec<&str> = ids.into_iter().collect();
                list.sort_unstable();
                list.truncate(20);
                format!("the ids on that page are: {}", list.join(", "))
            }
        };
        let mut d = link.place.clone();
        d.message = format!(
            "{}anchor `#{}` does not exist in {} (a page alianse generates)",
            link.prefix, link.anchor, link.url
        );
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
    if site.data.areas_unreadable {
        return;
    }
    let known: Vec<&str> = site
        .data
        .areas
        .iter()
        .map(|a| a.id.value.as_str())
        .collect();
    for page in &site.pages {
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
}

/// The components an editor can embed in Markdown, and their arguments.
pub const EMBEDS: [(&str, &[&str]); 6] = [
    ("events", &["area", "limit"]),
    ("members", &["area"]),
    ("open_data", &[]),
    ("report_chart", &["year"]),
    ("trend_chart", &[]),
    ("video", &["url", "title"]),
];

pub(super) fn check_embeds(site: &Site, problems: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        for embed in &page.source.body.embeds {
            let line = page.source.body_line + embed.line - 1;
            let problem = |message: String, help: String| {
                page.source
                    .problem(ErrorKind::UnknownReference, line, 1, message)
                    .with_help(help)
            };
            let Some((_, allowed)) = EMBEDS.iter().find(|(n, _)| *n == embed.name) else {
                let names: Vec<&str> = EMBEDS.iter().map(|(n, _)| *n).collect();
                let help = match did_you_mean(&embed.name, names.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the components are: {}", names.join(", ")),
                };
                problems.push(problem(format!("unknown component `{}`", embed.name), help));
                continue;
            };
            if embed.name == "open_data" && !site.config.open_data.enabled {
                problems.push(problem(
                    "`open_data` lists the data downloads, which site.yaml turns off".to_string(),
                    "remove the component, or publish the data: `open_data: {enabled: true}`"
                        .to_string(),
                ));
            }
            for (key, value) in &embed.args {
                if !allowed.contains(&key.as_str()) {
                    problems.push(problem(
                        format!("`{}` takes no argument `{key}`", embed.name),
                        format!("its arguments are: {}", allowed.join(", ")),
                    ));
                } else if key == "area" && site.data.area(value).is_none() {
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
            // The events list takes its arguments optionally.
            for key in allowed.iter().filter(|_| embed.name != "events") {
                if !embed.args.iter().any(|(k, _)| k == key) {
                    problems.push(problem(
                        format!("`{}` needs `{key}=\"…\"`", embed.name),
                        format!("write e.g. {{{{< {} {key}=\"…\" >}}}}", embed.name),
                    ));
                }
            }
        }
    }
}

/// What is wrong with the value of an embed's argument (besides `area`),
/// as a message and a hint.
fn value_problem(site: &Site, name: &str, key: &str, value: &str) -> Option<(String, String)> {
    if name == "video" && key == "url" && crate::content::video::parse(value, "").is_none() {
        return Some((
            format!("`{value}` is not a YouTube or Vimeo video address"),
            "give the video's page, e.g. https://www.youtube.com/watch?v=… or https://vimeo.com/…; for other videos link to them".to_string(),
        ));
    }
    if name == "video" && key == "title" && value.trim().is_empty() {
        return Some((
            "the video needs a title".to_string(),
            "say what the video is: it is shown before the video loads and read by screen readers"
                .to_string(),
        ));
    }
    if key == "limit" && !value.parse::<usize>().is_ok_and(|n| n > 0) {
        return Some((
            format!("`limit` is `{value}`, not a number of events"),
            "write how many upcoming events to show, e.g. limit=\"3\"".to_string(),
        ));
    }
    let known_year = |y: &str| {
        site.data
            .reports
            .iter()
            .any(|r| r.report.year.value.to_string() == y)
    };
    if key == "year" && !known_year(value) {
        return Some((
            format!("there is no report for `{value}`"),
            "give a year that has a file in data/reports/".to_string(),
        ));
    }
    None
}
