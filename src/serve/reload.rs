//! Reading what changed again: the changed Markdown files, the data
//! files, the theme; for the rebuilds of [`super::incremental`].

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::build::{self, BuildOptions};
use crate::collections::{Collection, SiteData};
use crate::config::Config;
use crate::content::{self, LoadOptions, SourcePage};
use crate::error::{Diagnostic, Diagnostics};
use crate::render::Renderer;
use crate::site::{self, Site};
use crate::theme::Theme;

/// Members, areas and reports read and checked again, as `build` does.
pub(super) fn reload_data(options: &BuildOptions, diagnostics: &mut Diagnostics) -> SiteData {
    let content_dir = options.root.join("content");
    let (data, problems) =
        crate::collections::load(&content_dir.join("data"), Path::new(DATA_SHOWN));
    diagnostics.extend(problems);
    check_data(&data, &content_dir, diagnostics);
    data
}

/// How messages name the data folder.
const DATA_SHOWN: &str = "content/data";

/// The checks `build` runs on the data read.
fn check_data(data: &SiteData, content_dir: &Path, diagnostics: &mut Diagnostics) {
    diagnostics.extend(crate::collections::check(
        data,
        &content_dir.join("data"),
        Path::new(DATA_SHOWN),
        &content_dir.join("static"),
    ));
}

/// [`reload_data`] keeping what did not change of `old`: members.yaml is
/// read again record by record where it can be
/// ([`crate::collections::load_again`]); says which members were read again.
pub(super) fn reload_data_again(
    options: &BuildOptions,
    old: &SiteData,
    diagnostics: &mut Diagnostics,
) -> (SiteData, crate::collections::Reread) {
    let content_dir = options.root.join("content");
    let (data, problems, reread) =
        crate::collections::load_again(&content_dir.join("data"), Path::new(DATA_SHOWN), old);
    diagnostics.extend(problems);
    check_data(&data, &content_dir, diagnostics);
    (data, reread)
}

/// How serve reads a changed page: as the build read it.
pub(super) fn page_options<'a>(
    build_options: &BuildOptions,
    site: &'a Site,
    content_dir: &'a Path,
) -> LoadOptions<'a> {
    LoadOptions {
        content_dir,
        shown_dir: Path::new("content"),
        languages: site.config.language_codes(),
        default_language: &site.config.default_language,
        markdown: build::markdown_settings(&site.config),
        drafts: build_options.drafts,
    }
}

/// The changed pages, if every one of them is an existing page whose
/// front matter is unchanged (so only its body changed).
pub(super) fn load_body_edits(
    build_options: &BuildOptions,
    site: &Site,
    changed: &BTreeSet<String>,
) -> Option<Vec<(usize, SourcePage)>> {
    let narratives: HashSet<usize> = site.report_texts.values().copied().collect();
    let content_dir = build_options.root.join("content");
    let options = page_options(build_options, site, &content_dir);
    let mut edits = Vec::new();
    for rel in changed {
        let i = site
            .pages
            .iter()
            .position(|p| !p.synthetic && &p.source.path == rel)?;
        if narratives.contains(&i) || !is_page_file(&content_dir, rel) {
            return None;
        }
        let page = content::load_page(rel, &options).ok()??;
        let front = |text: &str| {
            content::split_front_matter(text)
                .ok()
                .map(|f| f.0.to_string())
        };
        if front(&page.source)? != front(&site.pages[i].source.source)? {
            return None;
        }
        edits.push((i, page));
    }
    Some(edits)
}

/// New versions of pages (by index) and the problems found reading them.
pub(super) type PageEdits = (Vec<(usize, SourcePage)>, Vec<Diagnostic>);

/// The changed pages with the problems found reading them, if every one
/// of them is an existing page that read without error and keeps its place
/// in the site ([`site::keeps_place`]): then the site need not be resolved
/// again.
pub(super) fn load_page_edits(
    build_options: &BuildOptions,
    site: &Site,
    changed: &BTreeSet<String>,
) -> Option<PageEdits> {
    let content_dir = build_options.root.join("content");
    let options = page_options(build_options, site, &content_dir);
    let mut edits = Vec::new();
    let mut problems = Vec::new();
    for rel in changed {
        let i = site
            .pages
            .iter()
            .position(|p| !p.synthetic && &p.source.path == rel)?;
        if !is_page_file(&content_dir, rel) {
            return None;
        }
        let read = content::read_page(rel, &options);
        if read.problems.iter().any(Diagnostic::is_error) {
            return None;
        }
        let page = read.page?;
        if !site::keeps_place(site, i, &page) {
            return None;
        }
        problems.extend(read.problems);
        problems.extend(build::page_warnings(&page));
        edits.push((i, page));
    }
    Some((edits, problems))
}

/// Re-reads the changed Markdown files into `sources`: replaced, added,
/// or removed when the file is gone or became a draft.
pub(super) fn reload_pages(
    build_options: &BuildOptions,
    sources: &mut Vec<SourcePage>,
    changed: &BTreeSet<String>,
    markdown: crate::content::markdown::MarkdownSettings,
    config: &Config,
    diagnostics: &mut Diagnostics,
) {
    if changed.is_empty() {
        return;
    }
    let content_dir = build_options.root.join("content");
    let options = LoadOptions {
        content_dir: &content_dir,
        shown_dir: Path::new("content"),
        languages: config.language_codes(),
        default_language: &config.default_language,
        markdown,
        drafts: build_options.drafts,
    };
    sources.retain(|p| !changed.contains(&p.path));
    let present: Vec<&String> = changed
        .iter()
        .filter(|rel| is_page_file(&content_dir, rel))
        .collect();
    let loaded: Vec<_> = present
        .par_iter()
        .map(|rel| content::read_page(rel, &options))
        .collect();
    for result in loaded {
        diagnostics.extend(result.problems);
        if let Some(page) = result.page {
            diagnostics.extend(build::page_warnings(&page));
            sources.push(page);
        }
    }
    // A new file's name is checked as a full build checks it.
    let mut files: Vec<String> = sources.iter().map(|p| p.path.clone()).collect();
    files.sort();
    diagnostics.extend(
        content::names::check(
            &files,
            Path::new("content"),
            &config.language_codes(),
            &config.default_language,
        )
        .into_iter()
        .filter(|d| d.is_error()),
    );
}

pub(super) fn load_renderer(root: &Path, config: &Config) -> Result<Renderer, Vec<Diagnostic>> {
    Theme::load(root, &config.theme)
        .map_err(|d| vec![d])
        .and_then(|t| renderer_of(t, config))
}

/// The renderer of a theme already read, as `serve` uses it.
pub(super) fn renderer_of(theme: Theme, config: &Config) -> Result<Renderer, Vec<Diagnostic>> {
    Renderer::new(theme, &config.language_codes(), config.timezone.as_deref())
        .map(Renderer::with_search_in_pieces)
        .map(Renderer::with_cards_kept)
}

/// Whether `rel` names a Markdown file that `build` would load.
pub(super) fn is_page_file(content_dir: &Path, rel: &str) -> bool {
    let top = rel.split('/').next().unwrap_or("");
    content_dir.join(rel).is_file()
        && top != "static"
        && top != "data"
        && !rel.split('/').any(|s| s.starts_with('.'))
}

/// Takes a resolved site apart into what `resolve` needs again.
pub(super) fn into_parts(site: Site) -> (Config, Vec<SourcePage>, SiteData) {
    let sources = site
        .pages
        .into_iter()
        .filter(|p| !p.synthetic)
        .map(|p| p.source)
        .collect();
    (site.config, sources, site.data)
}

/// Whether `new` data leaves the resolved pages as they were, so that it
/// can replace `old` without resolving the site again: the same items (so
/// the same URLs, and the same references from pages for the checks to
/// find), the same documents, types and figures, and the same pictures and
/// icons of areas and publications (which resolving prepares and checks).
pub(super) fn same_identity(config: &Config, old: &SiteData, new: &SiteData) -> bool {
    let lang = &config.default_language;
    let keys = |d: &SiteData| {
        Collection::ALL.map(|c| (c.has_list(d), c.item_keys(d), c.extra_urls(d, config, lang)))
    };
    let named = |d: &SiteData| {
        (
            d.facts
                .iter()
                .map(|f| f.id.value.clone())
                .collect::<Vec<_>>(),
            d.publications
                .types
                .iter()
                .map(|t| t.id.value.clone())
                .collect::<Vec<_>>(),
            d.areas_unreadable,
            d.publications.types_unreadable,
        )
    };
    let pictures = |d: &SiteData| {
        let areas: Vec<_> = d
            .areas
            .iter()
            .map(|a| (a.icon.clone(), a.image.as_ref().map(|i| i.value.clone())))
            .collect();
        let covers: Vec<_> = d
            .publications
            .items
            .iter()
            .map(|p| p.publication.image.as_ref().map(|i| i.value.clone()))
            .collect();
        (areas, covers)
    };
    keys(old) == keys(new) && named(old) == named(new) && pictures(old) == pictures(new)
}
