//! The URL registry: every URL the build makes (pages, generated
//! collections, aliases, static files) recorded once, with collisions
//! reported naming both sources.

use super::*;

/// Records every URL the build makes and reports collisions.
pub(super) fn register_urls(
    site: &mut Site,
    static_files: &[String],
    problems: &mut Vec<Diagnostic>,
) {
    let mut urls: HashMap<String, Target> = HashMap::new();
    let mut lowercase: HashMap<String, String> = HashMap::new();
    let collections = Collections::new(&site.config);
    let mut generated = Vec::new();
    for lang in site.config.language_codes() {
        for collection in Collection::ALL
            .into_iter()
            .filter(|c| c.has_list(&site.data))
        {
            generated.push(collections.list(collection, &lang));
            generated.extend(collection.list_extra_urls(&site.config, &lang, &site.data));
        }
        generated.push(collections.search(&lang));
        generated.push(collections.not_found(&lang));
        generated.push(collections.feed(&lang));
        generated.push(collections.search_index(&lang));
        for collection in Collection::ALL {
            generated.extend(collection.extra_urls(&site.data, &site.config, &lang));
            for key in collection.item_keys(&site.data) {
                generated.push(collections.item(collection, &lang, &key));
                generated.extend(collection.item_extra_urls(&site.config, &lang, &key));
            }
        }
    }
    generated.push("/sitemap.xml".into());
    generated.push("/robots.txt".into());
    for url in generated {
        lowercase.insert(url.to_lowercase(), url.clone());
        urls.insert(url.clone(), Target::Generated(url));
    }
    for file in static_files {
        let url = format!("/{file}");
        if let Some(other) = lowercase.get(&url.to_lowercase()) {
            let what = urls
                .get(other)
                .map(|t| describe_target(site, t))
                .unwrap_or_default();
            let (message, help) = if *other == url {
                (
                    format!("static file {url} is already used by {what}"),
                    "rename or remove the static file: alianse writes this path itself",
                )
            } else {
                (
                    format!("static file {url} differs only in case from {other} ({what})"),
                    "on Windows and macOS these are the same file; rename one of them",
                )
            };
            problems.push(
                Diagnostic::error(ErrorKind::Duplicate, message)
                    .in_file(format!("content/static/{file}"))
                    .with_help(help),
            );
            continue;
        }
        lowercase.insert(url.to_lowercase(), url.clone());
        urls.insert(url, Target::StaticFile);
    }
    let report_pages: HashSet<usize> = site.report_texts.values().copied().collect();
    for (i, page) in site.pages.iter().enumerate() {
        if report_pages.contains(&i) {
            continue;
        }
        if !crate::paths::is_safe_relative(&crate::paths::output_path(&page.url)) {
            problems.push(
                page.source
                    .problem(
                        ErrorKind::InvalidValue,
                        0,
                        0,
                        format!("this page's URL {} cannot be written as a file on every system", page.url),
                    )
                    .with_help("rename the file or set `slug:`; names such as con, nul, aux, com1 or lpt1 are reserved on Windows"),
            );
            continue;
        }
        let clash = urls.get(&page.url).cloned().or_else(|| {
            lowercase
                .get(&page.url.to_lowercase())
                .and_then(|u| urls.get(u))
                .cloned()
        });
        if let Some(existing) = clash {
            let what = describe_target(site, &existing);
            // Point at the `slug:` line when the page sets one.
            let line = page
                .source
                .front
                .slug
                .as_ref()
                .map_or(0, |s| s.referenced.line() as usize + 1);
            problems.push(
                page.source
                    .problem(
                        ErrorKind::Duplicate,
                        line,
                        0,
                        format!("this page's URL {} is already used by {what}", page.url),
                    )
                    .with_help("set a different `slug:` in the front matter, or rename the file"),
            );
            continue;
        }
        lowercase.insert(page.url.to_lowercase(), page.url.clone());
        urls.insert(page.url.clone(), Target::Page(i));
    }
    // Pages 2, 3 … of a section's list are pages too: links may point at
    // them, and no other page may take their URL.
    for (i, page) in site.pages.iter().enumerate() {
        if !page.source.is_section || report_pages.contains(&i) {
            continue;
        }
        for n in 2..=page.pager_count(&site.config) {
            let url = collections.pager(&page.url, page.lang(), n);
            if let Some(existing) = urls.get(&url) {
                let what = describe_target(site, existing);
                problems.push(
                    page.source
                        .problem(
                            ErrorKind::Duplicate,
                            0,
                            0,
                            format!(
                                "page {n} of this section's list ({url}) is already used by {what}"
                            ),
                        )
                        .with_help("rename or move that page, or change `paginate`"),
                );
                continue;
            }
            lowercase.insert(url.to_lowercase(), url.clone());
            urls.insert(url.clone(), Target::Generated(url));
        }
    }
    for (i, page) in site.pages.iter().enumerate() {
        for alias in &page.source.front.aliases {
            let line = alias.referenced.line() as usize + 1;
            match normalise_alias(&alias.value) {
                Some(path) => {
                    let existing = urls.get(&path).or_else(|| {
                        lowercase
                            .get(&path.to_lowercase())
                            .and_then(|u| urls.get(u))
                    });
                    if let Some(existing) = existing {
                        let what = describe_target(site, existing);
                        problems.push(
                            page.source
                                .problem(
                                    ErrorKind::Duplicate,
                                    line,
                                    0,
                                    format!("alias {path} is already used by {what}"),
                                )
                                .with_help("remove the alias or choose another path"),
                        );
                    } else {
                        lowercase.insert(path.to_lowercase(), path.clone());
                        urls.insert(path.clone(), Target::Redirect(i));
                        site.aliases.push((path, i));
                    }
                }
                None => problems.push(
                    page.source
                        .problem(
                            ErrorKind::InvalidValue,
                            line,
                            0,
                            format!("alias `{}` is not a safe site path", alias.value),
                        )
                        .with_help(
                            "write a path from the site root such as /vecais-cels/, without `..`, `\\`, `:`, `?`, `#`, `%` or names Windows reserves (con, nul, aux …)",
                        ),
                ),
            }
        }
    }
    site.urls = urls;
}

pub(super) fn describe_target(site: &Site, target: &Target) -> String {
    match target {
        Target::Page(i) | Target::Redirect(i) => site.pages[*i].source.shown.display().to_string(),
        Target::Generated(url) => format!("a page alianse generates ({url})"),
        Target::StaticFile => "a static file".to_string(),
    }
}

/// `/old/path` or `old/path/` → `/old/path/`; `None` for paths that could
/// escape the output folder.
pub fn normalise_alias(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let safe = trimmed.split('/').all(|seg| {
        !seg.is_empty()
            && seg != "."
            && seg != ".."
            && !seg.contains(['\\', '\0', ':', '?', '#', '%', '"', '<', '>', '|', '*'])
            && !seg.chars().any(char::is_control)
            && !seg.ends_with(['.', ' '])
            && !crate::paths::is_reserved_name(seg)
    });
    if !safe {
        return None;
    }
    if trimmed.ends_with(".html") {
        Some(format!("/{trimmed}"))
    } else {
        Some(format!("/{trimmed}/"))
    }
}
