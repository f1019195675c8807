//! "Is the site ready to publish?": what a resolved site still has that a
//! public site should not (a placeholder `base_url`, sample data, drafts,
//! oversized images, empty sections, pages nothing links to, text still
//! reading `TODO` as `alianse new` left it). `build` prints
//! a one-line summary of it; `check --publish` lists each item with its file
//! and line and fails when there is any.

use std::collections::HashSet;
use std::path::Path;

use crate::collections::Collection;
use crate::error::{Diagnostic, ErrorKind};
use crate::site::Site;

/// Images in content/static/ larger than this are not ready to publish.
pub(crate) const IMAGE_LIMIT_BYTES: u64 = 1024 * 1024;

const IMAGE_EXTENSIONS: [&str; 7] = ["jpg", "jpeg", "png", "gif", "webp", "avif", "svg"];

/// One thing that is not ready, with a short name for the summary line.
#[derive(Debug, Clone)]
pub struct Item {
    /// What kind of problem: "placeholder base_url", "sample data" …
    pub what: crate::messages::Message,
    /// The full message with file, line and what to do.
    pub diagnostic: Diagnostic,
}

/// Everything not ready in `site`; `static_dir` holds the static files;
/// `placeholders` come from [`placeholder_text`], run while the pages'
/// source text was still there.
pub(crate) fn check(
    site: &Site,
    static_dir: &Path,
    static_files: &[String],
    placeholders: Vec<Item>,
) -> Vec<Item> {
    let mut items = Vec::new();
    base_url(site, &mut items);
    source_links(site, &mut items);
    sample_data(site, &mut items);
    drafts(site, &mut items);
    items.extend(placeholders);
    if let Some(content) = static_dir.parent() {
        data_placeholders(content, &mut items);
    }
    images(static_dir, static_files, &mut items);
    empty_sections(site, &mut items);
    orphans(site, &mut items);
    items
}

/// "not ready to publish: placeholder base_url, sample data (3) (details: …)", or
/// nothing when the site is ready.
pub(crate) fn summary_line(items: &[Item]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut kinds: Vec<(&crate::messages::Message, usize)> = Vec::new();
    for item in items {
        match kinds.iter_mut().find(|(k, _)| **k == item.what) {
            Some((_, n)) => *n += 1,
            None => kinds.push((&item.what, 1)),
        }
    }
    let parts: Vec<String> = kinds
        .iter()
        .map(|(k, n)| {
            if *n == 1 {
                k.to_string()
            } else {
                format!("{k} ({n})")
            }
        })
        .collect();
    Some(msg!("readiness.summary", parts = parts.join(", ")).to_string())
}

fn item(what: crate::messages::Message, d: Diagnostic) -> Item {
    let mut diagnostic = d;
    diagnostic.severity = crate::error::Severity::Warning;
    Item { what, diagnostic }
}

/// Whether `url` points at a host that is only an example or this computer.
pub(crate) fn is_placeholder_url(url: &str) -> bool {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    }
    .trim_end_matches('.')
    .to_ascii_lowercase();
    let example = ["example.org", "example.com", "example.net", "example"]
        .iter()
        .any(|e| host == *e || host.ends_with(&format!(".{e}")));
    example
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0.0.0.0"
}

fn base_url(site: &Site, items: &mut Vec<Item>) {
    let config = &site.config;
    if is_placeholder_url(&config.base_url) {
        items.push(item(
            msg!("readiness.kind.placeholder-base-url"),
            Diagnostic::error(
                ErrorKind::Config,
                msg!("readiness.base-url", url = &config.base_url),
            )
            .in_file("content/site.yaml")
            .at(config.line_containing("base_url"), 0)
            .with_source(&config.source)
            .with_help(msg!("readiness.base-url-help")),
        ));
    }
}

/// Report and figure sources that link to an example address.
fn source_links(site: &Site, items: &mut Vec<Item>) {
    let data = &site.data;
    let reports = data
        .reports
        .iter()
        .map(|r| (r.file.as_path(), r.report.source.as_ref()));
    let facts = data
        .facts
        .iter()
        .map(|f| (data.facts_file.as_path(), f.source.as_ref()));
    for (file, source) in reports.chain(facts) {
        let Some(url) = source.and_then(|s| s.url.as_ref()) else {
            continue;
        };
        if is_placeholder_url(&url.value) {
            items.push(item(
                msg!("readiness.kind.placeholder-links"),
                Diagnostic::error(
                    ErrorKind::InvalidValue,
                    msg!("readiness.source-url", url = &url.value),
                )
                .in_file(file)
                .at(
                    url.referenced.line() as usize,
                    url.referenced.column() as usize,
                )
                .with_help(msg!("readiness.source-url-help")),
            ));
        }
    }
}

fn sample_data(site: &Site, items: &mut Vec<Item>) {
    for collection in Collection::ALL {
        for d in collection.samples(&site.data) {
            items.push(item(msg!("readiness.kind.sample-data"), d));
        }
    }
}

fn drafts(site: &Site, items: &mut Vec<Item>) {
    for page in site.pages.iter().filter(|p| p.source.front.draft) {
        items.push(item(
            msg!("readiness.kind.drafts"),
            Diagnostic::error(ErrorKind::InvalidValue, msg!("readiness.draft"))
                .in_file(&page.source.shown)
                .with_help(msg!("readiness.draft-help")),
        ));
    }
}

/// Pages (and report narratives) whose text still has a line starting
/// with `TODO`, as the archetypes of `alianse new` write them, outside code
/// blocks, or whose front matter has a value reading `TODO`; the first
/// such line of each page. Called while the pages'
/// source text is still in memory (a build frees it after resolving).
pub(crate) fn placeholder_text(site: &Site) -> Vec<Item> {
    let mut items = Vec::new();
    for page in site.pages.iter().filter(|p| !p.source.front.draft) {
        let source = &page.source;
        let front_lines = source.body_line.saturating_sub(1);
        let in_front = source.source.lines().take(front_lines).enumerate();
        if let Some((i, column)) = in_front
            .filter(|(_, line)| line.trim() != "---")
            .find_map(|(i, line)| todo_in_value(line).map(|c| (i, c)))
        {
            items.push(item(
                msg!("readiness.kind.placeholder-text"),
                Diagnostic::error(ErrorKind::InvalidValue, msg!("readiness.todo-data"))
                    .in_file(&source.shown)
                    .at(i + 1, column + 1)
                    .with_source(&source.source)
                    .with_help(msg!("readiness.todo-data-help")),
            ));
            continue;
        }
        let mut fence: Option<&str> = None;
        let body = source.source.lines().enumerate().skip(front_lines);
        for (i, line) in body {
            let text = line.trim_start();
            if let Some(open) = fence {
                if text.starts_with(open) {
                    fence = None;
                }
                continue;
            }
            if text.starts_with("```") || text.starts_with("~~~") {
                fence = Some(&text[..3]);
                continue;
            }
            let rest = text.strip_prefix("TODO");
            if rest.is_some_and(|r| r.is_empty() || r.starts_with([':', ' ', '.'])) {
                items.push(item(
                    msg!("readiness.kind.placeholder-text"),
                    Diagnostic::error(ErrorKind::InvalidValue, msg!("readiness.todo"))
                        .in_file(&source.shown)
                        .at(i + 1, line.len() - text.len() + 1)
                        .with_source(&source.source)
                        .with_help(msg!("readiness.todo-help")),
                ));
                break;
            }
        }
    }
    items
}

/// Data files (members, events, reports …) with a value that still reads
/// `TODO`, as `alianse new` writes them (an event's `place: {name: "TODO"}`):
/// the first such line of each file. Comments are not values: the TODO
/// notes after `#` are only advice. Read from disk again, since the loaded
/// data keeps no source text; a file that cannot be read was reported by
/// the load.
fn data_placeholders(content: &Path, items: &mut Vec<Item>) {
    let data = content.join("data");
    let mut files: Vec<_> = walkdir::WalkDir::new(&data)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some((i, column)) = text
            .lines()
            .enumerate()
            .find_map(|(i, line)| todo_in_value(line).map(|c| (i, c)))
        else {
            continue;
        };
        let shown = Path::new("content/data").join(path.strip_prefix(&data).unwrap_or(&path));
        items.push(item(
            msg!("readiness.kind.placeholder-text"),
            Diagnostic::error(ErrorKind::InvalidValue, msg!("readiness.todo-data"))
                .in_file(shown)
                .at(i + 1, column + 1)
                .with_source(&text)
                .with_help(msg!("readiness.todo-data-help")),
        ));
    }
}

/// Where a YAML line's value (the part before a comment) has the word
/// `TODO` (also in `https://TODO`), as a 0-based column in characters.
fn todo_in_value(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    // A quote opens a quoted scalar only where a value starts (not an
    // apostrophe inside plain text: `name: Alliance's day  # TODO`).
    let mut value_starts = true;
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && value_starts => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => {
                end = i;
                break;
            }
            None => {}
        }
        if !c.is_whitespace() {
            value_starts = quote.is_none() && matches!(c, ':' | '-' | '[' | '{' | ',');
        }
        previous = c;
    }
    let value = &line[..end];
    value
        .match_indices("TODO")
        .map(|(i, _)| i)
        .find(|&i| {
            let before = value[..i].chars().next_back();
            let after = value[i + 4..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .map(|i| value[..i].chars().count())
}

fn images(static_dir: &Path, static_files: &[String], items: &mut Vec<Item>) {
    for rel in static_files {
        let is_image = rel
            .rsplit_once('.')
            .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
        if !is_image {
            continue;
        }
        let Ok(meta) = std::fs::metadata(static_dir.join(rel)) else {
            continue;
        };
        if meta.len() > IMAGE_LIMIT_BYTES {
            items.push(item(
                msg!("readiness.kind.large-images"),
                Diagnostic::error(
                    ErrorKind::InvalidValue,
                    msg!(
                        "readiness.large-image",
                        size = format!("{:.1}", meta.len() as f64 / (1024.0 * 1024.0)),
                        limit = IMAGE_LIMIT_BYTES / (1024 * 1024)
                    ),
                )
                .in_file(Path::new("content/static").join(rel))
                .with_help(msg!("readiness.large-image-help")),
            ));
        }
    }
}

fn empty_sections(site: &Site, items: &mut Vec<Item>) {
    for i in site.rendered_pages() {
        let page = &site.pages[i];
        let home = site.home(page.lang()) == Some(i);
        if page.source.is_section
            && !home
            && !page.synthetic
            && page.children.is_empty()
            && page.subsections.is_empty()
        {
            items.push(item(
                msg!("readiness.kind.empty-sections"),
                Diagnostic::error(ErrorKind::InvalidValue, msg!("readiness.empty-section"))
                    .in_file(&page.source.shown)
                    .with_help(msg!("readiness.empty-section-help")),
            ));
        }
    }
}

/// Pages no other page, menu or listing links to (in any of their languages).
fn orphans(site: &Site, items: &mut Vec<Item>) {
    // The menus as the theme shows them: site.yaml's, or the one built
    // from the collections and top-level sections when a language has none.
    let menus: Vec<String> = site
        .config
        .language_codes()
        .iter()
        .flat_map(|lang| crate::render::nav::menu_urls(site, lang))
        .collect();
    let mut linked: HashSet<&str> = menus.iter().map(String::as_str).collect();
    // Section pages list their pages; the home page does not list the
    // pages at the top of content/.
    let mut listed: HashSet<usize> = HashSet::new();
    for (i, page) in site.pages.iter().enumerate() {
        if site.home(page.lang()) != Some(i) {
            listed.extend(page.children.iter().chain(&page.subsections).copied());
        }
        linked.extend(site_links(&page.html));
    }
    let reached = |i: usize| {
        let page = &site.pages[i];
        listed.contains(&i)
            || site.home(page.lang()) == Some(i)
            || linked.contains(page.url.as_str())
    };
    for i in site.rendered_pages() {
        let page = &site.pages[i];
        if page.synthetic || reached(i) || page.translations.iter().any(|&t| reached(t)) {
            continue;
        }
        items.push(item(
            msg!("readiness.kind.orphan-pages"),
            Diagnostic::error(
                ErrorKind::InvalidValue,
                msg!("readiness.orphan", url = &page.url),
            )
            .in_file(&page.source.shown)
            .with_help(msg!("readiness.orphan-help")),
        ));
    }
}

/// The site paths (without `#anchor`) of the root-relative links in `html`.
fn site_links(html: &str) -> impl Iterator<Item = &str> {
    html.split("href=\"").skip(1).filter_map(|rest| {
        let value = rest.split('"').next()?;
        let path = value.split('#').next()?;
        (path.starts_with('/') && !path.starts_with("//")).then_some(path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn todo_counts_in_values_not_in_comments() {
        assert_eq!(todo_in_value("  name: \"TODO\""), Some(9));
        assert_eq!(todo_in_value("# online: https://TODO"), None);
        assert_eq!(todo_in_value("online: https://TODO"), Some(16));
        assert_eq!(todo_in_value("extra: {author: TODO}"), Some(16));
        assert_eq!(
            todo_in_value("summary: \"\"   # TODO: one or two sentences"),
            None
        );
        assert_eq!(todo_in_value("name: \"Kopā # TODO\""), Some(14));
        assert_eq!(todo_in_value("name: Alliance's day  # TODO"), None);
        assert_eq!(todo_in_value("name: TODOS un TODOLIST"), None);
    }

    #[test]
    fn placeholder_hosts() {
        for url in [
            "https://example.org/",
            "http://www.example.com/sub/",
            "https://EXAMPLE.NET",
            "http://localhost:1111/",
            "http://127.0.0.1/",
            "http://[::1]:8000/",
            "https://user@example.org/",
        ] {
            assert!(is_placeholder_url(url), "{url}");
        }
        for url in [
            "https://www.alianse.lv/",
            "https://example-ngo.lv/",
            "https://examples.org/",
        ] {
            assert!(!is_placeholder_url(url), "{url}");
        }
    }
}
