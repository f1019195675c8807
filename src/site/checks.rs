//! Checks across the resolved site that no single page can make: pages
//! without a date in a section sorted by date, area icons the theme does not
//! have, and links to anchors in pages alianse generates (`/biedri/#b`),
//! which can only be checked once those pages are rendered.

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
