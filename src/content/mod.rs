//! Content pages: finding the Markdown files under `content/`, splitting and
//! reading their front matter, and rendering their bodies.
//!
//! This is the load phase for pages; it knows nothing of URLs (the `site`
//! module assigns them) beyond what a file's name says.

mod front_matter;
pub mod ids;
pub mod markdown;
pub mod names;
pub mod placeholder;
pub mod schedule;
pub mod unparsed;
pub mod video;
mod walk;
pub mod warnings;
pub mod years;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::Date;
use crate::paths::to_slash;
use markdown::{MarkdownSettings, Rendered};

/// Front matter keys, as written between the `---` lines.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub updated: Option<serde_saphyr::Spanned<String>>,
    /// When the page stops being published (scheduled expiry).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub expires: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub areas: Vec<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub slug: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub template: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// A cover picture: a file beside this page, or under static/ (`/images/a.jpg`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub image: Option<serde_saphyr::Spanned<String>>,
    /// What the cover shows, for screen readers (`""` for decoration).
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Sections only: how their pages are ordered.
    #[serde(default)]
    #[schemars(with = "Option<SortBy>")]
    pub sort: Option<serde_saphyr::Spanned<SortBy>>,
    /// Sections only: items per page of the list.
    #[serde(default)]
    #[schemars(with = "Option<usize>")]
    pub paginate: Option<serde_saphyr::Spanned<usize>>,
}

/// The order of a section's pages.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    Title,
    /// Lightest first.
    Weight,
}

/// A Markdown file as loaded: its place, language, front matter and body.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Path relative to `content/`, with `/` separators (`jaunumi/a.en.md`).
    pub path: String,
    /// Path shown in messages (`content/jaunumi/a.en.md`).
    pub shown: PathBuf,
    pub lang: String,
    /// Identifies a page and its translations (`jaunumi/a`).
    pub key: String,
    /// `_index.md`: the page of a folder (a section).
    pub is_section: bool,
    pub front: FrontMatter,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// Line of the first body line in the file.
    pub body_line: usize,
    pub body: Rendered,
    /// The whole file, kept for messages that quote a line; empty once a
    /// build freed it (see [`SourcePage::release_source`]): [`SourcePage::text`]
    /// reads it again.
    pub source: String,
    /// Where the file was read from, once `source` was freed.
    pub file: Option<PathBuf>,
    /// Line and column of the body's first `TODO` placeholder line
    /// ([`placeholder::find`]).
    pub todo: Option<placeholder::Todo>,
    /// The page has errors of its own. It still exists, so that links to it
    /// report nothing, but checks that would only repeat its errors skip it.
    pub failed: bool,
}

impl SourcePage {
    /// The folder key of the section this page is in (`jaunumi` or "" for the root).
    pub fn folder(&self) -> &str {
        match self.path.rfind('/') {
            Some(i) => &self.path[..i],
            None => "",
        }
    }

    /// The file stem without language: `a` for `jaunumi/a.en.md`.
    pub fn stem(&self) -> &str {
        self.key.rsplit('/').next().unwrap_or(&self.key)
    }

    /// Makes a diagnostic about this page at a line of its file.
    pub fn problem(
        &self,
        kind: ErrorKind,
        line: usize,
        column: usize,
        message: impl Into<crate::messages::Message>,
    ) -> Diagnostic {
        Diagnostic::error(kind, message)
            .in_file(&self.shown)
            .at(line, column)
            .with_source(&self.text())
    }

    /// The whole file, for quoting a line in a message: the text held, or,
    /// once it was freed, the file read again (empty if it cannot be).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.file {
            Some(file) if self.source.is_empty() => {
                let text = std::fs::read_to_string(file).unwrap_or_default();
                std::borrow::Cow::Owned(without_bom(text))
            }
            _ => std::borrow::Cow::Borrowed(&self.source),
        }
    }

    /// Frees the source text (often the largest part of a loaded page) once
    /// the checks that read it ran; messages quoting a line read `file`.
    fn release_source(&mut self, file: PathBuf) {
        self.source = String::new();
        self.file = Some(file);
    }
}

/// Whether a load keeps each page's source text in memory (`serve`, which
/// reads pages again after an edit) or frees it as soon as the page is read
/// (a build: on 10,000 pages, 119 MB less at the peak).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    Keep,
    Free,
}

/// `text` without a leading byte order mark, as pages are read.
fn without_bom(text: String) -> String {
    text.strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text)
}

/// Everything the load phase needs to know to read pages.
pub struct LoadOptions<'a> {
    pub content_dir: &'a Path,
    /// Prefix for paths in messages (`content`).
    pub shown_dir: &'a Path,
    pub languages: Vec<String>,
    pub default_language: &'a str,
    pub markdown: MarkdownSettings,
    pub drafts: bool,
}

/// Lists the Markdown files under `content/` (outside `static/` and `data/`),
/// relative and sorted. Symlinked folders are followed only inside the
/// content folder; loops are reported.
pub fn find_markdown_files(content_dir: &Path, shown_dir: &Path) -> (Vec<String>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    // Links may lead anywhere inside the site folder, never out of it.
    let site_root = content_dir.parent().and_then(|p| p.canonicalize().ok());
    let mut outside: Vec<(PathBuf, PathBuf)> = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name();
    let walker = walker.into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        let top_level_skip = e.depth() == 1 && (name == "static" || name == "data");
        let keep = !(top_level_skip || name.starts_with('.') && e.depth() > 0);
        if keep
            && e.path_is_symlink()
            && let (Some(root), Ok(real)) = (&site_root, e.path().canonicalize())
            && !real.starts_with(root)
        {
            outside.push((e.path().to_path_buf(), real));
            return false;
        }
        keep
    });
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|e| e == "md")
                    && let Ok(rel) = entry.path().strip_prefix(content_dir)
                {
                    files.push(to_slash(rel));
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| shown_dir.join(p.strip_prefix(content_dir).unwrap_or(p)));
                let message = if e.loop_ancestor().is_some() {
                    msg!("content.link-loop")
                } else {
                    msg!("io.cannot-read", error = e.to_string())
                };
                let mut d = Diagnostic::error(ErrorKind::Io, message)
                    .with_help(msg!("content.link-loop-help"));
                if let Some(p) = path {
                    d = d.in_file(p);
                }
                problems.push(d);
            }
        }
    }
    for (path, real) in outside {
        let shown = shown_dir.join(path.strip_prefix(content_dir).unwrap_or(&path));
        problems.push(
            Diagnostic::error(
                ErrorKind::Io,
                msg!("content.link-outside", target = real.display()),
            )
            .in_file(shown)
            .with_help(msg!("content.link-outside-help")),
        );
    }
    (files, problems)
}

/// Reads and renders the given files in parallel. Drafts are dropped unless
/// asked for. Problems of all files are returned together. A page with
/// errors is kept (marked `failed`), so that links, menus and translations
/// that point at it do not report it missing: only its own errors are shown.
pub fn load_pages(
    files: &[String],
    options: &LoadOptions,
    sources: Sources,
) -> (Vec<SourcePage>, Vec<Diagnostic>) {
    let results: Vec<PageRead> = files
        .par_iter()
        .map(|rel| {
            let mut read = read_page(rel, options);
            if let (Sources::Free, Some(page)) = (sources, &mut read.page) {
                page.release_source(options.content_dir.join(rel));
            }
            read
        })
        .collect();
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for mut result in results {
        pages.extend(result.page);
        problems.append(&mut result.problems);
    }
    (pages, problems)
}

/// What reading one file gave: the page, when there is one (also when it
/// has errors), and its problems.
pub struct PageRead {
    pub page: Option<SourcePage>,
    pub problems: Vec<Diagnostic>,
}

impl PageRead {
    fn failed(problems: Vec<Diagnostic>) -> Self {
        PageRead {
            page: None,
            problems,
        }
    }

    /// The page if it has no errors, else its errors.
    fn into_result(self) -> Result<Option<SourcePage>, Vec<Diagnostic>> {
        if self.problems.iter().any(Diagnostic::is_error) {
            Err(self.problems)
        } else {
            Ok(self.page)
        }
    }
}

/// Reads one Markdown file. `Ok(None)` for a draft that is left out.
pub fn load_page(rel: &str, options: &LoadOptions) -> Result<Option<SourcePage>, Vec<Diagnostic>> {
    read_page(rel, options).into_result()
}

/// Reads one Markdown file, keeping the page when it has errors.
pub fn read_page(rel: &str, options: &LoadOptions) -> PageRead {
    let shown = options.shown_dir.join(rel);
    let bytes = match std::fs::read(options.content_dir.join(rel)) {
        Ok(bytes) => bytes,
        Err(e) => {
            return PageRead::failed(vec![
                Diagnostic::error(ErrorKind::Io, msg!("io.cannot-read", error = e.to_string()))
                    .in_file(&shown),
            ]);
        }
    };
    match String::from_utf8(bytes) {
        Ok(source) => read_text(rel, source, options),
        Err(e) => PageRead::failed(vec![Diagnostic::not_utf8(&shown, &e)]),
    }
}

/// Reads one page from its text (`rel` is its path relative to `content/`).
/// `Ok(None)` for a draft that is left out. Used by the fuzz targets, which
/// must not touch the disk.
pub fn parse_page(
    rel: &str,
    source: String,
    options: &LoadOptions,
) -> Result<Option<SourcePage>, Vec<Diagnostic>> {
    read_text(rel, source, options).into_result()
}

/// The front matter as far as it can be read when it has errors: enough
/// for the page to be found by links (its slug) and left out as a draft.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Fallback {
    title: Option<String>,
    slug: Option<serde_saphyr::Spanned<String>>,
    draft: Option<bool>,
}

/// The front matter of a page; when it has errors (added to `problems`),
/// what can be read of it, with the file name as the title.
fn read_front_matter(
    rel: &str,
    front_text: &str,
    source: &str,
    shown: &Path,
    problems: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    if !problems.is_empty() {
        return FrontMatter {
            title: stem.to_string(),
            ..FrontMatter::default()
        };
    }
    match crate::yaml::parse_all(front_text, shown, 1) {
        Ok(front) => front,
        Err(all) => {
            for mut d in all {
                d.source_line = d
                    .line
                    .and_then(|l| source.lines().nth(l - 1))
                    .map(str::to_string);
                problems.push(d);
            }
            let fallback: Fallback = crate::yaml::parse(front_text, shown, 1).unwrap_or_default();
            FrontMatter {
                title: fallback.title.unwrap_or_else(|| stem.to_string()),
                slug: fallback.slug,
                draft: fallback.draft.unwrap_or(false),
                ..FrontMatter::default()
            }
        }
    }
}

fn read_text(rel: &str, source: String, options: &LoadOptions) -> PageRead {
    let shown = options.shown_dir.join(rel);
    let source = without_bom(source);
    let mut problems = Vec::new();
    let (front_text, body_text, body_line) = match split_front_matter(&source) {
        Ok(parts) => parts,
        Err((line, message, help)) => {
            problems.push(
                Diagnostic::error(ErrorKind::FrontMatter, message)
                    .in_file(&shown)
                    .at(line, 0)
                    .with_source(&source)
                    .with_help(help),
            );
            ("", "", 1)
        }
    };
    let front = read_front_matter(rel, front_text, &source, &shown, &mut problems);
    if front.draft && !options.drafts {
        return PageRead::failed(problems);
    }
    problems.extend(crate::safe_text::check_text(body_text, &shown, body_line));
    let (key, lang) = key_and_language(rel, &options.languages, options.default_language);
    let is_section = key == "_index" || key.ends_with("/_index");
    let settings = options
        .markdown
        .for_language(&lang, options.markdown.year_paragraphs);
    let body = markdown::render(body_text, &settings);
    let mut page = SourcePage {
        path: rel.to_string(),
        shown,
        lang,
        key,
        is_section,
        date: None,
        updated: None,
        body_line,
        todo: placeholder::find(&source, body_line),
        body,
        source,
        file: None,
        front,
        failed: false,
    };
    if problems.is_empty() {
        problems = front_matter::check_front_matter(&mut page);
    }
    problems.extend(body_errors(&page));
    page.failed = problems.iter().any(Diagnostic::is_error);
    PageRead {
        page: Some(page),
        problems,
    }
}

/// Mistakes in a page's Markdown that would publish a wrong page: link
/// syntax the parser could not read, an explicit id given twice.
fn body_errors(page: &SourcePage) -> Vec<Diagnostic> {
    let line = |l: usize| page.body_line + l - 1;
    let unparsed = page
        .body
        .unparsed_links
        .iter()
        .take(warnings::MAX_PER_PAGE + 1)
        .map(|(l, column, found)| {
            let (message, help) = unparsed::explain(found);
            page.problem(ErrorKind::BrokenLink, line(*l), *column, message)
                .with_help(help)
        });
    let duplicates = page
        .body
        .duplicate_ids
        .iter()
        .take(warnings::MAX_PER_PAGE + 1)
        .map(|(l, column, id)| {
            page.problem(
                ErrorKind::Duplicate,
                line(*l),
                *column,
                msg!("content.duplicate-id", id = id),
            )
            .with_help(msg!("content.duplicate-id-help"))
        });
    warnings::limit(unparsed.chain(duplicates).collect(), page)
}

/// Splits `---\nyaml\n---\nbody`. Returns the YAML, the body and the line the
/// body starts on, or (line, message, help) when the fences are wrong.
pub fn split_front_matter(
    source: &str,
) -> Result<(&str, &str, usize), (usize, crate::messages::Message, crate::messages::Message)> {
    let first_line = source.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err((
            1,
            msg!("content.no-front-matter"),
            msg!("content.no-front-matter-help"),
        ));
    }
    let after_open = &source[source.find('\n').map(|i| i + 1).unwrap_or(source.len())..];
    let mut offset = 0;
    for (i, line) in after_open.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok((yaml, body, i + 3));
        }
        offset += line.len();
    }
    Err((
        1,
        msg!("content.unterminated"),
        msg!("content.unterminated-help"),
    ))
}

/// `jaunumi/a.en.md` → (`jaunumi/a`, `en`); a code that is not a configured
/// language stays part of the name.
pub fn key_and_language(
    rel: &str,
    languages: &[String],
    default_language: &str,
) -> (String, String) {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let (base, lang) = match stem.rsplit_once('.') {
        Some((base, code)) if !code.contains('/') && languages.iter().any(|l| l == code) => {
            (base, code.to_string())
        }
        _ => (stem, default_language.to_string()),
    };
    // `index.md` is another name for `_index.md`: the folder's own page.
    let key = match base.strip_suffix("index") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("{folder}_index"),
        _ => base.to_string(),
    };
    (key, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_the_body_line() {
        let (yaml, body, line) = split_front_matter("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(body, "Body\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("---\ntitle: A\n").is_err());
        assert!(split_front_matter("title: A\n").is_err());
    }

    #[test]
    fn language_comes_from_the_file_name() {
        let langs = vec!["lv".to_string(), "en".to_string()];
        assert_eq!(
            key_and_language("a/b.en.md", &langs, "lv"),
            ("a/b".into(), "en".into())
        );
        assert_eq!(
            key_and_language("a/b.md", &langs, "lv"),
            ("a/b".into(), "lv".into())
        );
        assert_eq!(
            key_and_language("a/v1.2.md", &langs, "lv"),
            ("a/v1.2".into(), "lv".into())
        );
        assert_eq!(key_and_language("index.md", &langs, "lv").0, "_index");
        assert_eq!(
            key_and_language("a/index.en.md", &langs, "lv").0,
            "a/_index"
        );
        assert_eq!(
            key_and_language("a/reindex.md", &langs, "lv").0,
            "a/reindex"
        );
    }
}
