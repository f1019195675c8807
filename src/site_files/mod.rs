//! The files made from the whole site rather than by a page template:
//! Atom feeds, the sitemap and robots.txt, the search indexes, a redirect
//! page per alias, the web editor's admin/, the open data files, each
//! collection's own files ([`Collection::site_files`]: the events'
//! calendars, the publications' feeds and documents) and the published
//! image variants. `build` and `serve` both take them from here
//! ([`site_files`]), and the `output` phase only writes them.

pub(crate) mod feeds;
pub(crate) mod search;
pub(crate) mod sitemap;

use std::collections::BTreeSet;

use crate::collections::Collection;
use crate::collections::view::FileKit;
use crate::paths::OutputFile;
use crate::render::strings::Strings;
use crate::site::Site;
use search::SearchCache;

/// Which site-wide files may have changed since the last build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Changed {
    /// Everything: feeds, sitemap, search indexes, redirects, admin/,
    /// open data, the collections' files.
    All,
    /// Only pages changed, each keeping its place (the same URL, aliases
    /// and section) and the data as it was: the search indexes, and what
    /// [`PagesChanged`] names. Redirects, open data and the collections'
    /// files (calendars, documents, publication feeds) read only URLs and
    /// data, so they stay as they are.
    Pages(PagesChanged),
    /// Pages were added or removed in place (not sections, no aliases,
    /// the data as it was): the feeds named (as in [`PagesChanged`]), the
    /// sitemap (patched when the sitemap as it was is given) and the
    /// search indexes (whose entries moved). Redirects, admin/, open data
    /// and the collections' files stay.
    Structure(
        BTreeSet<(String, Option<String>)>,
        Option<sitemap::SitemapPatch>,
    ),
    /// Only data records changed, every item keeping its id (the pages
    /// and their URLs as they were): the search indexes, admin/, the
    /// collections' own files, the CSV and JSON of the open data tables of
    /// `tables` (the descriptor stays: each table kept its fields), and
    /// the areas' feeds when `area_feeds` (an area's name titles its
    /// feed). The news feed, the sitemap and the redirects read only pages.
    /// `made`: files already made (the members' table patched with the
    /// changed rows), given as they are.
    Data {
        tables: Vec<Collection>,
        area_feeds: bool,
        made: Vec<OutputFile>,
    },
}

/// Which feeds to make: by language and `None` (the news feed) or the
/// area's id.
type FeedFilter<'a> = dyn Fn(&str, Option<&str>) -> bool + Sync + 'a;

/// The parts of the site-wide files a [`Changed`] makes.
struct Parts<'a> {
    /// `None`: every feed.
    feeds: Option<&'a FeedFilter<'a>>,
    sitemap: bool,
    /// With `sitemap`: the sitemap to patch instead of making it anew.
    sitemap_patch: Option<&'a sitemap::SitemapPatch>,
    aliases: bool,
    admin: bool,
    /// `None`: every table with the descriptor.
    open_data: Option<&'a [Collection]>,
    /// The collections' own files.
    collections: bool,
}

/// The site-wide files an edit of pages in place reaches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PagesChanged {
    /// The feeds an edited page is or was in: (language, `None`) for the
    /// news feed, (language, `Some(area id)`) for an area's.
    pub feeds: BTreeSet<(String, Option<String>)>,
    /// A page's date or update date changed (the sitemap's `lastmod`).
    pub sitemap: bool,
    /// The sitemap as it was, to change only those dates in it.
    pub sitemap_patch: Option<sitemap::SitemapPatch>,
    /// A section's front matter changed (admin/config.yml names the
    /// folders by their sections' titles).
    pub admin: bool,
}

/// The site-wide files `changed` names, the search indexes reusing the
/// entries in `search`: for a build, all of them with a new cache. The
/// theme's `strings` name the collections' calendars and feeds.
pub(crate) fn site_files(
    site: &Site,
    strings: &Strings,
    search: &mut SearchCache,
    changed: Changed,
) -> Vec<OutputFile> {
    let named = |feeds: &BTreeSet<(String, Option<String>)>, lang: &str, area: Option<&str>| {
        feeds.contains(&(lang.to_string(), area.map(str::to_string)))
    };
    let none = |_: &str, _: Option<&str>| false;
    let areas = |_: &str, area: Option<&str>| area.is_some();
    let (pages_feeds, structure_feeds);
    let mut changed = changed;
    let already = match &mut changed {
        Changed::Data { made, .. } => std::mem::take(made),
        _ => Vec::new(),
    };
    let parts = match &changed {
        Changed::All => Parts {
            feeds: None,
            sitemap: true,
            sitemap_patch: None,
            aliases: true,
            admin: true,
            open_data: None,
            collections: true,
        },
        Changed::Pages(p) => {
            pages_feeds = |lang: &str, area: Option<&str>| named(&p.feeds, lang, area);
            Parts {
                feeds: Some(&pages_feeds),
                sitemap: p.sitemap,
                sitemap_patch: p.sitemap_patch.as_ref(),
                aliases: false,
                admin: p.admin,
                open_data: Some(&[]),
                collections: false,
            }
        }
        Changed::Structure(feeds, patch) => {
            structure_feeds = |lang: &str, area: Option<&str>| named(feeds, lang, area);
            Parts {
                feeds: Some(&structure_feeds),
                sitemap: true,
                sitemap_patch: patch.as_ref(),
                aliases: false,
                admin: false,
                open_data: Some(&[]),
                collections: false,
            }
        }
        Changed::Data {
            tables, area_feeds, ..
        } => Parts {
            feeds: Some(if *area_feeds { &areas } else { &none }),
            sitemap: false,
            sitemap_patch: None,
            aliases: false,
            admin: true,
            open_data: Some(tables),
            collections: true,
        },
    };
    let mut files = made(site, strings, search, &parts);
    files.extend(already);
    files
}

/// The files of `parts`.
fn made(
    site: &Site,
    strings: &Strings,
    search: &mut SearchCache,
    parts: &Parts,
) -> Vec<OutputFile> {
    let ((mut files, sitemap), (indexes, aliases)) = rayon::join(
        || {
            rayon::join(
                || match parts.feeds {
                    None => feeds::feeds(site),
                    Some(wanted) => feeds::feeds_where(site, wanted),
                },
                || {
                    if parts.sitemap {
                        (parts.sitemap_patch)
                            .and_then(|patch| sitemap::patched(site, patch))
                            .unwrap_or_else(|| sitemap::sitemap(site))
                    } else {
                        Vec::new()
                    }
                },
            )
        },
        || {
            rayon::join(
                || search::search_indexes(site, search),
                || {
                    if parts.aliases {
                        alias_pages(site)
                    } else {
                        Vec::new()
                    }
                },
            )
        },
    );
    files.extend(sitemap);
    files.extend(indexes);
    files.extend(aliases);
    if parts.admin {
        files.extend(crate::cms::admin_files(site));
    }
    match parts.open_data {
        None => files.extend(crate::render::open_data::files(site)),
        Some(tables) => files.extend(crate::render::open_data::table_files(site, tables)),
    }
    if parts.collections {
        let string = |lang: &str, key: &str| strings.get(lang, key).map(str::to_string);
        let kit = FileKit {
            config: &site.config,
            data: &site.data,
            string: &string,
        };
        for collection in Collection::ALL {
            files.extend(collection.site_files(&kit));
        }
    }
    files
}

/// The published variants of every image the build used.
pub(crate) fn image_files(site: &Site) -> Vec<OutputFile> {
    site.images
        .output_files()
        .into_iter()
        .map(|(path, bytes)| OutputFile {
            path,
            bytes: bytes.to_vec(),
        })
        .collect()
}

/// A redirect page for every alias.
pub(crate) fn alias_pages(site: &Site) -> Vec<OutputFile> {
    site.aliases
        .iter()
        .map(|(path, page)| {
            let target = &site.pages[*page];
            OutputFile {
                path: crate::paths::output_path(path),
                bytes: redirect_page(
                    &site.config.absolute(&target.url),
                    &crate::render::links::convert(
                        &target.url,
                        crate::render::links::LinkMode::Relative {
                            page_url: path,
                            local: site.config.local_links,
                        },
                    ),
                    target.lang(),
                )
                .into_bytes(),
            }
        })
        .collect()
}

/// A redirect page for an alias: works without JavaScript and tells search
/// engines where the page lives now.
pub(crate) fn redirect_page(target_absolute: &str, target_relative: &str, lang: &str) -> String {
    // The canonical link is absolute (for search engines); the refresh and
    // the link go relative, so that they stay on the host (or the disk)
    // the site is read from.
    let canonical = crate::html::escape_attr(target_absolute);
    let url = crate::html::escape_attr(target_relative);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{canonical}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p><a href=\"{url}\">{canonical}</a></p>\n</body>\n</html>\n"
    )
}
