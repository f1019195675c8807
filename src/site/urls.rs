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
    register_static_files(site, static_files, &mut urls, &mut lowercase, problems);
    register_pages(site, &mut urls, &mut lowercase, problems);
    register_aliases(site, &mut urls, &mut lowercase, problems);
    site.urls = urls;
}

pub(super) fn describe_target(site: &Site, target: &Target) -> crate::messages::Message {
    match target {
        Target::Page(i) | Target::Redirect(i) => {
            site.pages[*i].source.shown.display().to_string().into()
        }
        Target::Generated(url) => msg!("urls.generated", url = url),
        Target::StaticFile => msg!("urls.static-file"),
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

/// Static files, unless alianse writes the same path (in any case).
fn register_static_files(
    site: &Site,
    static_files: &[String],
    urls: &mut HashMap<String, Target>,
    lowercase: &mut HashMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    for file in static_files {
        let url = format!("/{file}");
        // `static/jaunumi/index.html` is written where the page /jaunumi/ is.
        let folder = file
            .strip_suffix("index.html")
            .filter(|d| d.is_empty() || d.ends_with('/'))
            .map(|d| format!("/{d}"));
        // (A clash only by case is left to the output check, which says so.)
        let page = folder
            .as_ref()
            .and_then(|f| site.rendered_pages().find(|&i| site.pages[i].url == *f));
        if let Some(i) = page {
            let what = describe_target(site, &Target::Page(i));
            problems.push(
                Diagnostic::error(
                    ErrorKind::Duplicate,
                    msg!("urls.static-used", url = &url, what = what),
                )
                .in_file(format!("content/static/{file}"))
                .with_help(msg!("urls.static-page-help")),
            );
            continue;
        }
        if let Some(other) = lowercase.get(&url.to_lowercase()) {
            let what = urls
                .get(other)
                .map(|t| describe_target(site, t))
                .unwrap_or_else(|| "".into());
            let (message, help) = if *other == url {
                (
                    msg!("urls.static-used", url = &url, what = what),
                    msg!("urls.static-used-help"),
                )
            } else {
                (
                    msg!("urls.static-case", url = &url, other = other, what = what),
                    msg!("output.case-clash-help"),
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
}

/// Whether the page's `slug:` was refused when its front matter was read
/// (not one URL segment, or a reserved name): that error says what to do,
/// and its URL is not checked again here.
fn has_rejected_slug(page: &Page) -> bool {
    page.source.front.slug.as_ref().is_some_and(|slug| {
        crate::paths::is_reserved_name(&slug.value) || !crate::i18n::is_slug(&slug.value)
    })
}

/// Pages (but report narratives, which are part of report pages), and
/// pages 2, 3 … of each section's list.
fn register_pages(
    site: &Site,
    urls: &mut HashMap<String, Target>,
    lowercase: &mut HashMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    let report_pages: HashSet<usize> = site.report_texts.values().copied().collect();
    for (i, page) in site.pages.iter().enumerate() {
        if report_pages.contains(&i) || has_rejected_slug(page) {
            continue;
        }
        if !crate::paths::is_safe_relative(&crate::paths::output_path(&page.url)) {
            problems.push(
                page.source
                    .problem(
                        ErrorKind::InvalidValue,
                        0,
                        0,
                        msg!("urls.unwritable", url = &page.url),
                    )
                    .with_help(msg!("urls.unwritable-help")),
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
                        msg!("urls.page-used", url = &page.url, what = what),
                    )
                    .with_help(msg!("urls.page-used-help")),
            );
            continue;
        }
        lowercase.insert(page.url.to_lowercase(), page.url.clone());
        urls.insert(page.url.clone(), Target::Page(i));
    }
    register_pagers(site, &report_pages, urls, lowercase, problems);
}

/// Aliases: each becomes a redirect to its page.
fn register_aliases(
    site: &mut Site,
    urls: &mut HashMap<String, Target>,
    lowercase: &mut HashMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
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
                                    msg!("urls.alias-used", path = &path, what = what),
                                )
                                .with_help(msg!("urls.alias-used-help")),
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
                            msg!("urls.unsafe-alias", alias = &alias.value),
                        )
                        .with_help(msg!("urls.unsafe-alias-help")),
                ),
            }
        }
    }
}

/// Pages 2, 3 … of each section's list.
fn register_pagers(
    site: &Site,
    report_pages: &HashSet<usize>,
    urls: &mut HashMap<String, Target>,
    lowercase: &mut HashMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) {
    // Pages 2, 3 … of a section's list are pages too: links may point at
    // them, and no other page may take their URL.
    for (i, page) in site.pages.iter().enumerate() {
        if !page.source.is_section || report_pages.contains(&i) {
            continue;
        }
        for n in 2..=page.pager_count(&site.config) {
            let url = site.collections().pager(&page.url, page.lang(), n);
            if let Some(existing) = urls.get(&url) {
                let what = describe_target(site, existing);
                problems.push(
                    page.source
                        .problem(
                            ErrorKind::Duplicate,
                            0,
                            0,
                            msg!("urls.pager-used", n = n, url = &url, what = what),
                        )
                        .with_help(msg!("urls.pager-used-help")),
                );
                continue;
            }
            lowercase.insert(url.to_lowercase(), url.clone());
            urls.insert(url.clone(), Target::Generated(url));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_cannot_escape() {
        assert_eq!(
            normalise_alias("/vecais/cels").as_deref(),
            Some("/vecais/cels/")
        );
        assert_eq!(normalise_alias("old.html").as_deref(), Some("/old.html"));
        assert_eq!(normalise_alias("/../etc/"), None);
        assert_eq!(normalise_alias("a\\b"), None);
        assert_eq!(normalise_alias("/"), None);
        assert_eq!(normalise_alias("/a/con/"), None);
        assert_eq!(normalise_alias("/C:/x/"), None);
        assert_eq!(normalise_alias("/a\0b/"), None);
        assert_eq!(normalise_alias("/a./"), None);
    }
}
