//! Where each output path of a resolved site comes from, so that a problem
//! with the path (a clash, a name too long) names the file and line an
//! editor has to change: the page and its `slug:` line, the alias line, the
//! id line in a data file, or the static file.

use std::collections::HashSet;
use std::path::PathBuf;

use super::paths::Origin;
use crate::site::{Site, Target};

/// Looks up the source of output paths of one site.
pub struct Origins<'a> {
    site: &'a Site,
    statics: HashSet<&'a str>,
}

impl<'a> Origins<'a> {
    pub fn new(site: &'a Site, static_files: &'a [String]) -> Self {
        Origins {
            site,
            statics: static_files.iter().map(String::as_str).collect(),
        }
    }

    /// The source of the output file `path` (`jaunumi/index.html`).
    pub fn of(&self, path: &str) -> Origin {
        if self.statics.contains(path) {
            return Origin {
                what: msg!("origin.static-file", path = path).to_string(),
                file: Some(PathBuf::from("content/static").join(path)),
                line: 0,
                rank: 3,
            };
        }
        let folder_url = path
            .strip_suffix("index.html")
            .filter(|p| p.is_empty() || p.ends_with('/'))
            .map(|p| format!("/{p}"));
        let file_url = format!("/{path}");
        for url in folder_url.iter().chain([&file_url]) {
            if let Some(target) = self.site.urls.get(url.as_str()) {
                return self.of_target(url, target);
            }
        }
        // An alias may end in .html and so not be a folder URL.
        if let Some(origin) = self.alias(&file_url) {
            return origin;
        }
        self.generated(&file_url)
    }

    fn of_target(&self, url: &str, target: &Target) -> Origin {
        match target {
            Target::Redirect(_) => self.alias(url).unwrap_or_default(),
            Target::Page(i) => {
                let page = &self.site.pages[*i].source;
                Origin {
                    what: msg!("origin.page", url = url).to_string(),
                    file: Some(page.shown.clone()),
                    line: page
                        .front
                        .slug
                        .as_ref()
                        .map_or(0, |s| s.referenced.line() as usize + 1),
                    rank: 1,
                }
            }
            Target::StaticFile => Origin {
                what: msg!("origin.static-file", path = url).to_string(),
                file: Some(PathBuf::from("content/static").join(url.trim_start_matches('/'))),
                line: 0,
                rank: 3,
            },
            Target::Generated(url) => self.generated(url),
        }
    }

    /// The alias `url` and the line that declares it.
    fn alias(&self, url: &str) -> Option<Origin> {
        let (_, page) = self.site.aliases.iter().find(|(path, _)| path == url)?;
        let source = &self.site.pages[*page].source;
        let line = source
            .front
            .aliases
            .iter()
            .find(|a| crate::site::normalise_alias(&a.value).as_deref() == Some(url))
            .map_or(0, |a| a.referenced.line() as usize + 1);
        Some(Origin {
            what: msg!("origin.alias", url = url).to_string(),
            file: Some(source.shown.clone()),
            line,
            rank: 2,
        })
    }

    /// A page or file alianse generates; made from a data file's entry
    /// when its URL holds a member, area or report id.
    fn generated(&self, url: &str) -> Origin {
        let data = &self.site.data;
        let segments: Vec<&str> = url.split('/').collect();
        let has = |id: &str| segments.contains(&id);
        let from_data = data
            .members
            .iter()
            .find(|m| has(&m.id.value))
            .map(|m| (&data.members_file, m.id.referenced.line(), &m.id.value))
            .or_else(|| {
                data.areas
                    .iter()
                    .find(|a| has(&a.id.value))
                    .map(|a| (&data.areas_file, a.id.referenced.line(), &a.id.value))
            });
        if let Some((file, line, id)) = from_data {
            return Origin {
                what: msg!("origin.generated-for", url = url, id = id).to_string(),
                file: Some(file.clone()),
                line: line as usize + 1,
                rank: 1,
            };
        }
        if let Some(report) = data
            .reports
            .iter()
            .find(|r| has(&r.report.year.value.to_string()))
        {
            return Origin {
                what: msg!(
                    "origin.generated-for-report",
                    url = url,
                    year = report.report.year.value
                )
                .to_string(),
                file: Some(report.file.clone()),
                line: report.report.year.referenced.line() as usize + 1,
                rank: 1,
            };
        }
        let name = url.rsplit('/').next().unwrap_or_default();
        let what = match name {
            "atom.xml" => msg!("origin.feed", url = url).to_string(),
            "sitemap.xml" => msg!("origin.sitemap", url = url).to_string(),
            "robots.txt" => msg!("origin.robots", url = url).to_string(),
            _ if crate::paths::is_search_index_file(url) => {
                msg!("origin.search-index", url = url).to_string()
            }
            "404.html" => msg!("origin.not-found", url = url).to_string(),
            _ => msg!("origin.generated", url = url).to_string(),
        };
        Origin {
            what,
            file: None,
            line: 0,
            rank: 0,
        }
    }
}
