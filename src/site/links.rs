//! Links in page bodies: every recorded link turned into its URL, with its
//! target page, anchor and site path checked.

use super::link_problem::{AnchorHint, LinkProblem};
use super::*;

/// What resolving does with each page's HTML before its links were
/// resolved: `serve` keeps it to resolve again after an edit; a build,
/// which resolves once, frees each as soon as its page is resolved, so
/// the site never holds both versions of every page at once.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Bodies {
    Keep,
    Free,
}

/// Turns every recorded link into its URL, checking targets and anchors.
pub(super) fn resolve_links(site: &mut Site, bodies: Bodies, problems: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let unresolved: Vec<String> = site
        .pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.source.body.html))
        .collect();
    let by_path = pages_by_path(site);
    // Pages resolve independently: in parallel, each with its own problems,
    // joined in page order so that messages do not depend on timing.
    let resolved: Vec<(String, Option<String>, Vec<Diagnostic>)> = unresolved
        .into_par_iter()
        .enumerate()
        .map(|(i, body)| {
            let mut page_problems = Vec::new();
            let html = resolve_body(site, &by_path, i, &body, &mut page_problems);
            let kept = (bodies == Bodies::Keep).then_some(body);
            (html, kept, page_problems)
        })
        .collect();
    drop(by_path);
    for (i, (html, kept, mut page_problems)) in resolved.into_iter().enumerate() {
        site.pages[i].html = html;
        if let Some(body) = kept {
            site.pages[i].source.body.html = body;
        }
        problems.append(&mut page_problems);
    }
}

pub(super) fn pages_by_path(site: &Site) -> HashMap<&str, usize> {
    let mut by_path = HashMap::with_capacity(site.pages.len());
    for (other, i) in &site.other_names {
        by_path.insert(other.as_str(), *i);
    }
    for (i, p) in site.pages.iter().enumerate() {
        if !p.synthetic {
            by_path.insert(p.source.path.as_str(), i);
        }
    }
    for (dropped, kept) in &site.merged_paths {
        if let Some(&i) = by_path.get(kept.as_str()) {
            by_path.insert(dropped.as_str(), i);
        }
    }
    by_path
}

/// `a.lv.md` for `a.md` and the reverse, in the default language: both
/// names of a default-language page work in links and menus.
pub(super) fn default_language_names(site: &Site) -> Vec<(String, usize)> {
    let suffix = format!(".{}.md", site.config.default_language);
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.synthetic && p.source.lang == site.config.default_language)
        .map(|(i, p)| {
            let path = &p.source.path;
            let other = match path.strip_suffix(&suffix) {
                Some(stem) => format!("{stem}.md"),
                None => format!("{}{suffix}", path.trim_end_matches(".md")),
            };
            (other, i)
        })
        .collect()
}

/// One page's body with its links resolved and the raw HTML policy applied.
pub(super) fn resolve_page_links(
    site: &Site,
    by_path: &HashMap<&str, usize>,
    i: usize,
    problems: &mut Vec<Diagnostic>,
) -> String {
    resolve_body(site, by_path, i, &site.pages[i].source.body.html, problems)
}

/// Page `i`'s body `html` (its HTML before link resolution, which
/// [`resolve_links`] may have taken out of the page) with its links
/// resolved and the raw HTML policy applied.
fn resolve_body(
    site: &Site,
    by_path: &HashMap<&str, usize>,
    i: usize,
    body: &str,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let page = &site.pages[i];
    let mut urls: HashMap<usize, String> = HashMap::new();
    for link in &page.source.body.links {
        let line = page.source.body_line + link.line - 1;
        if let Some((url, d)) = withheld_link(site, page, &link.target) {
            if let Some(n) = link.placeholder {
                urls.insert(n, url);
            }
            problems.push(
                d.in_file(&page.source.shown)
                    .at(line, link.column)
                    .with_source(&page.source.text()),
            );
            continue;
        }
        match resolve_link(site, by_path, page, &link.target) {
            Ok(Some(url)) => {
                if let Some(n) = link.placeholder {
                    urls.insert(n, url);
                }
            }
            Ok(None) => {}
            Err(problem) => problems.push(
                page.source
                    .problem(ErrorKind::BrokenLink, line, link.column, problem.message())
                    .with_help(problem.help()),
            ),
        }
    }
    let html = if urls.is_empty() {
        body.to_string()
    } else {
        fill_placeholders(body, &urls)
    };
    let html = crate::html::apply_raw_html_policy(
        &html,
        site.config.markdown.raw_html,
        page.source.body.had_raw_html,
    );
    page_images::fill_body(site, page, html)
}

/// A link to a page the schedule left out of this build: the problem (see
/// `schedule::link_problem`) and the URL the link gets meanwhile,
/// the "not found" page of the linking page's language.
pub(super) fn withheld_link(
    site: &Site,
    page: &Page,
    target: &LinkTarget,
) -> Option<(String, Diagnostic)> {
    let LinkTarget::SourceFile { path, .. } = target else {
        return None;
    };
    let joined = join_relative(page.source.folder(), path)?;
    let withheld = site.config.schedule.withheld.get(joined.as_str())?;
    let url = site.collections().not_found(page.lang());
    Some((url, crate::schedule::link_problem(withheld, path, &joined)))
}

pub(super) fn resolve_link(
    site: &Site,
    by_path: &HashMap<&str, usize>,
    page: &Page,
    target: &LinkTarget,
) -> Result<Option<String>, LinkProblem> {
    match target {
        LinkTarget::Anchor(anchor) => {
            check_anchor(page, anchor)?;
            Ok(None)
        }
        LinkTarget::SourceFile { path, anchor } => {
            let joined = join_relative(page.source.folder(), path)
                .ok_or_else(|| LinkProblem::Outside { path: path.clone() })?;
            let Some(&target) = by_path.get(joined.as_str()) else {
                let closest = did_you_mean(&joined, by_path.keys().copied())
                    .map(|best| relative_from(page.source.folder(), best));
                return Err(LinkProblem::NoPage {
                    path: path.clone(),
                    file: joined,
                    closest,
                });
            };
            let target_page = &site.pages[target];
            if let Some(anchor) = anchor {
                check_anchor(target_page, anchor)?;
            }
            Ok(Some(with_anchor(&target_page.url, anchor.as_deref())))
        }
        LinkTarget::SitePath { path, anchor } => {
            check_site_path(site, path, anchor.as_deref())?;
            Ok(None)
        }
        LinkTarget::Relative { path } => {
            let absolute = join_url(&page.url, path);
            if site.urls.contains_key(&absolute) || site.urls.contains_key(&format!("{absolute}/"))
            {
                Ok(None)
            } else {
                Err(LinkProblem::Relative {
                    path: path.clone(),
                    absolute,
                })
            }
        }
    }
}

pub(super) fn check_site_path(
    site: &Site,
    path: &str,
    anchor: Option<&str>,
) -> Result<(), LinkProblem> {
    let target = site
        .urls
        .get(path)
        .or_else(|| site.urls.get(&format!("{path}/")))
        .or_else(|| {
            path.strip_suffix("index.html")
                .and_then(|p| site.urls.get(p))
        });
    match target {
        None => Err(LinkProblem::NoSitePath {
            path: path.to_string(),
            closest: crate::site::checks::closest_path(site, path).map(str::to_string),
        }),
        Some(Target::Page(i)) => {
            if let Some(anchor) = anchor {
                check_anchor(&site.pages[*i], anchor)?;
            }
            Ok(())
        }
        Some(_) => Ok(()),
    }
}

/// The ids a link can point at in a page: its headings and every `id="…"`
/// in its HTML. One pass over the body, so that checking many links stays
/// linear in the size of the site.
pub(super) fn anchors_of(source: &SourcePage) -> HashSet<String> {
    let mut anchors: HashSet<String> = source.body.headings.iter().map(|h| h.id.clone()).collect();
    let html = &source.body.html;
    let mut rest = html.as_str();
    let finder = memchr::memmem::Finder::new(" id=\"");
    while let Some(i) = finder.find(rest.as_bytes()) {
        let value = &rest[i + 5..];
        let end = value.find('"').unwrap_or(value.len());
        anchors.insert(value[..end].to_string());
        rest = &value[end..];
    }
    anchors
}

pub(super) fn check_anchor(page: &Page, anchor: &str) -> Result<(), LinkProblem> {
    // A page that failed to load has its own errors; its anchors may be wrong.
    if anchor.is_empty() || page.anchors.contains(anchor) || page.source.failed {
        return Ok(());
    }
    // Suggestions look at a bounded number of headings: a page with many
    // thousands of them must not make each broken link slow.
    let headings = &page.source.body.headings[..page.source.body.headings.len().min(500)];
    let hint = match did_you_mean(anchor, headings.iter().map(|h| h.id.as_str())) {
        Some(best) => AnchorHint::Closest(best.to_string()),
        None if headings.is_empty() => AnchorHint::NoHeadings,
        None => AnchorHint::Headings {
            ids: headings.iter().take(20).map(|h| h.id.clone()).collect(),
            more: page.source.body.headings.len() > 20,
        },
    };
    Err(LinkProblem::NoAnchor {
        anchor: anchor.to_string(),
        page: page.source.shown.clone(),
        hint,
    })
}

pub(super) fn with_anchor(url: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) if !a.is_empty() => format!("{url}#{a}"),
        _ => url.to_string(),
    }
}

/// `folder` + `../x.md` → `x.md`; `None` if it climbs out of content/.
pub fn join_relative(folder: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

pub(super) fn relative_from(folder: &str, target: &str) -> String {
    let depth = folder.split('/').filter(|s| !s.is_empty()).count();
    let prefix = "../".repeat(depth);
    let mut target = target;
    let folder_prefix = format!("{folder}/");
    if !folder.is_empty() && target.starts_with(&folder_prefix) {
        target = &target[folder_prefix.len()..];
        return target.to_string();
    }
    format!("{prefix}{target}")
}

/// Resolves a relative URL against a page URL, like a browser would.
pub fn join_url(base: &str, relative: &str) -> String {
    let dir = &base[..base.rfind('/').map(|i| i + 1).unwrap_or(0)];
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in relative.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut url = format!("/{}", parts.join("/"));
    if relative.ends_with('/') && !url.ends_with('/') {
        url.push('/');
    }
    url
}

pub(super) fn fill_placeholders(html: &str, urls: &HashMap<usize, String>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find(PLACEHOLDER_PREFIX) {
        out.push_str(&rest[..i]);
        let after = &rest[i + PLACEHOLDER_PREFIX.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| urls.get(&n))
        {
            Some(url) => out.push_str(&crate::html::escape_attr(url)),
            None => out.push_str(&rest[i..i + PLACEHOLDER_PREFIX.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn relative_links_join_like_paths() {
        assert_eq!(
            join_relative("jaunumi", "../kontakti.md").as_deref(),
            Some("kontakti.md")
        );
        assert_eq!(
            join_relative("", "jaunumi/_index.md").as_deref(),
            Some("jaunumi/_index.md")
        );
        assert_eq!(join_relative("", "../x.md"), None);
        assert_eq!(join_url("/jaunumi/a/", "../b/"), "/jaunumi/b/");
        assert_eq!(join_url("/jaunumi/a/", "img.png"), "/jaunumi/a/img.png");
    }

    #[test]
    fn placeholders_are_filled() {
        let urls = HashMap::from([(0, "/kontakti/#a".to_string())]);
        assert_eq!(
            fill_placeholders("<a href=\"alianse-link:0\">x</a>", &urls),
            "<a href=\"/kontakti/#a\">x</a>"
        );
    }
}
