//! Site navigation for templates: the main menu of a language (site.yaml's
//! `menu`, or, when a language has none, one built from the generated
//! collections and the top-level sections), the links of the footer, and
//! the warning about top-level sections that no menu and no page links to.

use serde::Serialize;

use crate::collections::Collection;
use crate::error::Diagnostic;
use crate::site::Site;

use super::strings::Strings;

/// A link of the main menu or the footer.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct NavLink {
    pub name: String,
    pub url: String,
}

/// The rendered pages that may be at the top of a language's folders, in
/// the site's order: the home page's pages and sections when the language
/// has a home page (every top-level page and section is one of them), else
/// every rendered page. Not a scan of every page after each edit in `serve`.
fn top_level(site: &Site, lang: &str) -> Vec<usize> {
    let mut list: Vec<usize> = match site.home(lang) {
        Some(h) if site.pages[h].source.folder().is_empty() => {
            let home = &site.pages[h];
            home.children
                .iter()
                .chain(&home.subsections)
                .copied()
                .collect()
        }
        _ => (0..site.pages.len()).collect(),
    };
    list.sort_unstable();
    list.dedup();
    list.retain(|i| !site.report_texts.values().any(|r| r == i));
    list
}

/// Top-level sections of a language (`jaunumi/_index.md`) that have something
/// to show, by weight, then as the site stores them (by path).
fn top_sections(site: &Site, lang: &str) -> Vec<usize> {
    let mut list: Vec<usize> = top_level(site, lang)
        .into_iter()
        .filter(|&i| {
            let s = &site.pages[i].source;
            s.is_section
                && s.lang == lang
                && !site.pages[i].synthetic
                && !site.is_empty_section(i)
                && !s.folder().is_empty()
                && !s.folder().contains('/')
        })
        .collect();
    list.sort_by_key(|&i| site.pages[i].source.front.weight.unwrap_or(0));
    list
}

/// Top-level pages of a language other than the home page (`par-mums.md`).
fn top_pages(site: &Site, lang: &str) -> Vec<usize> {
    let mut list: Vec<usize> = top_level(site, lang)
        .into_iter()
        .filter(|&i| {
            let s = &site.pages[i].source;
            !s.is_section && s.lang == lang && s.folder().is_empty() && s.key != "_index"
        })
        .collect();
    list.sort_by_key(|&i| site.pages[i].source.front.weight.unwrap_or(0));
    list
}

fn page_link(site: &Site, i: usize) -> NavLink {
    NavLink {
        name: site.pages[i].title().to_string(),
        url: site.pages[i].url.clone(),
    }
}

/// The generated collections that have something to show, in reading
/// order ([`Collection::ALL`]).
fn collections(site: &Site, lang: &str, strings: &Strings) -> Vec<NavLink> {
    let c = site.collections();
    let t = |key: &str| strings.get(lang, key).unwrap_or(key).to_string();
    let mut links = Vec::new();
    for collection in Collection::ALL {
        if collection.item_count(&site.data) > 0 {
            links.push(NavLink {
                name: t(&format!("{}_title", collection.name())),
                url: c.list(collection, lang),
            });
        }
    }
    links
}

/// The main menu of a language: the configured one, or (without `menu`
/// for this language) the collections followed by the top-level sections.
pub fn main_menu(site: &Site, lang: &str, strings: &Strings) -> Vec<NavLink> {
    if let Some(items) = site.menus.get(lang).filter(|items| !items.is_empty()) {
        return items
            .iter()
            .map(|(name, url)| NavLink {
                name: name.clone(),
                url: url.clone(),
            })
            .collect();
    }
    let mut links = collections(site, lang, strings);
    links.extend(
        top_sections(site, lang)
            .into_iter()
            .map(|i| page_link(site, i)),
    );
    links
}

/// The site paths the main menu of a language links to, as [`main_menu`]
/// builds it (without the names, which come from the theme).
pub fn menu_urls(site: &Site, lang: &str) -> Vec<String> {
    main_menu(site, lang, &Strings::default())
        .into_iter()
        .map(|l| l.url)
        .collect()
}

/// The footer's list of the site: the collections, every top-level section
/// (the news section first) and the top-level pages, each once.
pub fn footer_links(site: &Site, lang: &str, strings: &Strings) -> Vec<NavLink> {
    let mut sections = top_sections(site, lang);
    let news = &site.config.feeds.section;
    sections.sort_by_key(|&i| site.pages[i].source.folder() != news.as_str());
    let mut links = collections(site, lang, strings);
    links.extend(sections.into_iter().map(|i| page_link(site, i)));
    links.extend(
        top_pages(site, lang)
            .into_iter()
            .map(|i| page_link(site, i)),
    );
    links
}

/// The URL of the news section (`feeds.section`) in a language, if it has one.
pub fn news_url(site: &Site, lang: &str) -> Option<String> {
    let folder = &site.config.feeds.section;
    site.pages
        .iter()
        .find(|p| p.source.is_section && p.source.lang == lang && p.source.folder() == folder)
        .map(|p| p.url.clone())
}

/// Warnings for top-level sections that readers cannot reach: the
/// language has a `menu` that leaves them out and no page links to them.
/// (Without a `menu`, the built one lists every top-level section.)
pub fn unlinked_sections(site: &Site) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (lang, items) in &site.menus {
        if items.is_empty() {
            continue;
        }
        for i in top_sections(site, lang) {
            let section = &site.pages[i];
            let url = section.url.as_str();
            let in_menu = items.iter().any(|(_, u)| u.split('#').next() == Some(url));
            let linked = site.pages.iter().enumerate().any(|(j, p)| {
                section.parent != Some(j)
                    && !section.children.contains(&j)
                    && j != i
                    && links_to(&p.html, url)
            });
            if !in_menu && !linked {
                warnings.push(
                    Diagnostic::warning(
                        crate::error::ErrorKind::SiteStructure,
                        msg!("nav.unlinked-section", title = section.title(), url = url),
                    )
                    .in_file(format!("content/{}", section.source.path))
                    .with_help(msg!(
                        "nav.unlinked-section-help",
                        lang = lang,
                        title = section.title(),
                        path = &section.source.path
                    )),
                );
            }
        }
    }
    warnings
}

/// Whether HTML has a link to `url` (with or without a `#fragment`).
fn links_to(html: &str, url: &str) -> bool {
    ["\"", "#"]
        .iter()
        .any(|end| html.contains(&format!("href=\"{url}{end}")))
}

#[cfg(test)]
mod tests {
    use super::links_to;

    #[test]
    fn links_with_and_without_fragments_count() {
        assert!(links_to("<a href=\"/projekti/\">x</a>", "/projekti/"));
        assert!(links_to("<a href=\"/projekti/#a\">x</a>", "/projekti/"));
        assert!(!links_to("<a href=\"/projekti/b/\">x</a>", "/projekti/"));
    }
}
