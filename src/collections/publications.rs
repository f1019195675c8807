//! The publications collection: studies, surveys, position papers, annual
//! reports … one YAML file per item under `content/data/publications/`
//! (`<id>.yaml`, the id is the file stem), with the list of publication
//! types and their labels in `_types.yaml` beside them. This file owns the
//! types, loading, the URLs of the feed and documents, the search
//! documents and the "PDF, 2,4 MB" text; [`checks`] checks every value with
//! the YAML line of each problem; [`view`] what templates see of them
//! (through the render phase's `ViewKit`); [`feed`] the feeds and published
//! documents.
//!
//! A publication's `file` is a path beside its YAML file
//! (`file: csosi-2019.pdf` → `content/data/publications/csosi-2019.pdf`,
//! published next to the publication's page in the default language), or a
//! path under `content/static/` written from the site root
//! (`file: /faili/csosi-2019.pdf`, published where static files go). Its
//! cover `image` is found the same way and goes through the image pipeline.
//!
//! A publication is linked from a report page when it names the report's
//! year (`report: 2019`); nothing is matched by year and type, because one
//! year may have several annual publications (two language editions, the
//! alliance's own activity report) and a guess would link the wrong one.

mod checks;
pub mod editor;
pub(super) mod feed;
mod table;
pub mod view;

pub use checks::{At, check, unknown_type};
pub use table::table;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::{LocalisedText, is_slug};
use crate::images::Op;

/// The box a publication's cover is fitted in, in CSS pixels (a portrait
/// page; a double-density variant is made too).
pub const COVER_BOX: Op = Op::Fit {
    width: 240,
    height: 340,
};

/// Where covers are found: their paths are relative to this content folder.
pub const FOLDER: &str = "data/publications";

/// One publication (`publications/<id>.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    pub title: LocalisedText,
    /// An id from `publications/_types.yaml` (study, survey, annual-report …).
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// The year of publication; may be left out when `date` is given.
    #[serde(default)]
    #[schemars(with = "Option<i64>", range(min = 1900, max = 2100))]
    pub year: Option<Spanned<i64>>,
    /// The day of publication, YYYY-MM-DD.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<String>>,
    #[serde(default)]
    pub authors: Vec<LocalisedText>,
    /// Ids from `areas.yaml`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub areas: Vec<Spanned<String>>,
    /// Markdown.
    #[serde(default)]
    pub summary: Option<LocalisedText>,
    /// The languages the publication is written in (language codes: lv, en …).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub languages: Vec<Spanned<String>>,
    /// The document: a path beside this file, or `/path` under content/static/.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub file: Option<Spanned<String>>,
    /// A cover picture: a path beside this file, or `/path` under content/static/.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub image: Option<Spanned<String>>,
    /// What the cover shows, per language (`""` for decoration).
    #[serde(default)]
    pub image_alt: Option<LocalisedText>,
    /// Where the publication can be read or ordered elsewhere.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    /// The year of the report (data/reports/YEAR.yaml) this publication is.
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub report: Option<Spanned<i64>>,
    /// Illustrative data, shown as such.
    #[serde(default)]
    pub sample: bool,
}

/// A kind of publication with its label (`publications/_types.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationType {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: LocalisedText,
}

/// A publication's document file as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The file on disk.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Under content/static/ (published there by the static copy); else
    /// beside the YAML file, published by [`files::downloads`].
    pub in_static: bool,
}

/// A publication with the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedPublication {
    /// The file stem.
    pub id: String,
    /// The YAML file as shown in messages.
    pub file: PathBuf,
    pub publication: Publication,
    /// The document, when `file` names one that exists.
    pub download: Option<Download>,
}

impl LoadedPublication {
    /// The year shown and sorted by: `year`, else the date's.
    pub fn year(&self) -> Option<i64> {
        let p = &self.publication;
        p.year.as_ref().map(|y| y.value).or_else(|| {
            let date = crate::i18n::Date::parse(&p.date.as_ref()?.value)?;
            Some(i64::from(date.year))
        })
    }

    /// `date` as a parsed day, when it is one.
    pub fn date(&self) -> Option<crate::i18n::Date> {
        crate::i18n::Date::parse(&self.publication.date.as_ref()?.value)
    }
}

/// Every publication of a site, newest first.
#[derive(Debug, Clone, Default)]
pub struct Publications {
    pub items: Vec<LoadedPublication>,
    pub types: Vec<PublicationType>,
    pub types_file: PathBuf,
    /// The folder on disk (for files beside the YAML files).
    pub dir: PathBuf,
    /// `_types.yaml` could not be read: types are not checked.
    pub types_unreadable: bool,
}

impl Publications {
    pub fn kind(&self, id: &str) -> Option<&PublicationType> {
        self.types.iter().find(|t| t.id.value == id)
    }

    /// The publications that name report `year`.
    pub fn of_report(&self, year: i64) -> impl Iterator<Item = &LoadedPublication> {
        self.items
            .iter()
            .filter(move |p| p.publication.report.as_ref().map(|r| r.value) == Some(year))
    }
}

/// Reads `dir` (`content/data/publications`); a folder that does not exist
/// means no publications.
pub fn load(dir: &Path, shown_dir: &Path, problems: &mut Vec<Diagnostic>) -> Publications {
    let mut all = Publications {
        types_file: shown_dir.join("_types.yaml"),
        dir: dir.to_path_buf(),
        ..Publications::default()
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return all;
    };
    let before = problems.len();
    if let Some(text) = crate::data::read_text(&dir.join("_types.yaml"), &all.types_file, problems)
    {
        all.types = crate::data::parse_list(&text, &all.types_file, problems);
    }
    all.types_unreadable = problems.len() > before;
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| (n.ends_with(".yaml") || n.ends_with(".yml")) && !n.starts_with(['_', '.']))
        .collect();
    names.sort();
    for name in names {
        let shown = shown_dir.join(&name);
        let Some(text) = crate::data::read_text(&dir.join(&name), &shown, problems) else {
            continue;
        };
        let id = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        if !is_slug(id) || crate::paths::is_reserved_name(id) {
            problems.push(
                Diagnostic::error(
                    ErrorKind::InvalidValue,
                    crate::msg!("publication.file-name", name = &name),
                )
                .in_file(&shown)
                .with_help(crate::msg!(
                    "publication.file-name-help",
                    example = crate::i18n::slugify(id)
                )),
            );
        }
        match crate::yaml::parse_all::<Publication>(&text, &shown, 0) {
            Ok(publication) => {
                let download = publication
                    .file
                    .as_ref()
                    .and_then(|f| find_file(dir, &f.value));
                all.items.push(LoadedPublication {
                    id: id.to_string(),
                    file: shown,
                    publication,
                    download,
                });
            }
            Err(found) => problems.extend(found),
        }
    }
    all.items.sort_by(|a, b| {
        let key = |p: &LoadedPublication| (p.year(), p.date());
        key(b).cmp(&key(a)).then_with(|| a.id.cmp(&b.id))
    });
    all
}

/// Where `written` points: `/path` under the static folder beside `dir`'s
/// `data/` folder, else a path beside the YAML files. `None` when it is
/// not a safe relative path or not a file.
fn find_file(dir: &Path, written: &str) -> Option<Download> {
    let (base, rel, in_static) = match written.strip_prefix('/') {
        Some(rest) => (dir.parent()?.parent()?.join("static"), rest, true),
        None => (dir.to_path_buf(), written, false),
    };
    if !is_safe_path(rel) {
        return None;
    }
    let path = base.join(rel);
    let meta = std::fs::metadata(&path).ok()?;
    meta.is_file().then_some(Download {
        path,
        size: meta.len(),
        in_static,
    })
}

/// A path of plain names (`a/b.pdf`): no `..`, `\`, `:`, empty segments or spaces.
pub(super) fn is_safe_path(rel: &str) -> bool {
    !rel.is_empty()
        && rel.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && !seg.contains(['\\', ':', ' ', '?', '#', '%'])
                && !seg.chars().any(char::is_control)
                && !crate::paths::is_reserved_name(seg)
        })
}

/// The Atom feed of the publications in `lang`: `/en/publications/atom.xml`.
pub fn feed_url(config: &crate::config::Config, lang: &str) -> String {
    format!(
        "{}atom.xml",
        super::Collection::Publications.list_url(config, lang)
    )
}

/// The site path of a publication's document: where it is under static/,
/// else beside the publication's page in the default language.
pub fn file_url(config: &crate::config::Config, item: &LoadedPublication) -> Option<String> {
    let download = item.download.as_ref()?;
    let written = &item.publication.file.as_ref()?.value;
    Some(if download.in_static {
        written.clone()
    } else {
        let page =
            super::Collection::Publications.item_url(config, &config.default_language, &item.id);
        format!("{page}{written}")
    })
}

/// The site paths alianse writes documents kept beside the YAML files to.
pub(super) fn download_urls(data: &super::SiteData, config: &crate::config::Config) -> Vec<String> {
    data.publications
        .items
        .iter()
        .filter(|p| p.download.as_ref().is_some_and(|d| !d.in_static))
        .filter_map(|p| file_url(config, p))
        .collect()
}

/// The search documents of the publications in `lang`: title, summary as
/// plain text, and the authors in place of headings.
pub(super) fn search_docs<'a>(
    data: &'a super::SiteData,
    lang: &str,
    default: &str,
) -> Vec<super::SearchDoc<'a>> {
    data.publications
        .items
        .iter()
        .map(|item| super::SearchDoc {
            key: item.id.clone(),
            title: item.publication.title.get(lang, default),
            summary: summary_text(item, lang, default),
            headings: item
                .publication
                .authors
                .iter()
                .map(|a| a.get(lang, default))
                .collect::<Vec<_>>()
                .join(" "),
            body: "",
        })
        .collect()
}

/// The summary as plain text (Markdown marks dropped).
pub fn summary_text(item: &LoadedPublication, lang: &str, default: &str) -> String {
    let text = item
        .publication
        .summary
        .as_ref()
        .map(|s| s.get(lang, default))
        .unwrap_or("");
    if text.is_empty() {
        return String::new();
    }
    let settings = crate::content::markdown::MarkdownSettings::default();
    let html = crate::content::markdown::render(text, &settings).html;
    crate::html::strip_tags(&html).trim().to_string()
}

/// "PDF, 2,4 MB": the format (from the file name) and size in `lang`'s
/// number format, a no-break space before the unit.
pub fn format_and_size(name: &str, size: u64, lang: &str) -> String {
    let format = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_uppercase())
        .unwrap_or_default();
    let size = size_text(size, lang);
    if format.is_empty() {
        size
    } else {
        format!("{format}, {size}")
    }
}

/// 850 B, 12 kB, 2,4 MB (decimal units, as file managers show them).
fn size_text(bytes: u64, lang: &str) -> String {
    let n = bytes as f64;
    let (value, decimals, unit) = if bytes < 1000 {
        (n, 0, "B")
    } else if bytes < 999_500 {
        let kb = n / 1000.0;
        (kb, usize::from(kb < 10.0), "kB")
    } else {
        (n / 1_000_000.0, 1, "MB")
    };
    format!(
        "{}\u{a0}{unit}",
        crate::i18n::format_number(value, decimals, lang)
    )
}

/// Each sample publication, as not ready to publish.
pub fn samples(data: &super::SiteData) -> Vec<Diagnostic> {
    data.publications
        .items
        .iter()
        .filter(|p| p.publication.sample)
        .map(|p| {
            Diagnostic::error(
                ErrorKind::InvalidValue,
                msg!("readiness.sample-publication", id = &p.id),
            )
            .in_file(&p.file)
            .with_help(msg!("readiness.sample-publication-help"))
        })
        .collect()
}

/// The embed publications offer: `{{< publications area="…" type="…" >}}`.
pub const EMBEDS: &[super::view::EmbedSpec] = &[super::view::EmbedSpec {
    name: "publications",
    args: &["area", "type"],
    optional: true,
}];

/// What is wrong with a `publications` embed's argument: a `type` that is
/// none of `_types.yaml`'s (empty: any type).
pub fn embed_problem(
    data: &super::SiteData,
    key: &str,
    value: &str,
) -> Option<(crate::messages::Message, crate::messages::Message)> {
    let all = &data.publications;
    if key != "type" || value.is_empty() || all.kind(value).is_some() {
        return None;
    }
    let known: Vec<&str> = all.types.iter().map(|t| t.id.value.as_str()).collect();
    let d = unknown_type(value, &known, |m| {
        Diagnostic::error(ErrorKind::UnknownReference, m)
    });
    Some((d.message, d.help.unwrap_or_else(|| "".into())))
}

/// Each publication's cover, processed to fit [`COVER_BOX`].
pub fn images(data: &super::SiteData) -> Vec<super::view::DataImage<'_>> {
    data.publications
        .items
        .iter()
        .filter_map(|item| {
            let image = item.publication.image.as_ref()?;
            Some(super::view::DataImage {
                folder: FOLDER,
                written: image,
                op: COVER_BOX,
                file: &item.file,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_each_language() {
        assert_eq!(
            format_and_size("a.pdf", 2_400_000, "lv"),
            "PDF, 2,4\u{a0}MB"
        );
        assert_eq!(
            format_and_size("a.pdf", 2_400_000, "en"),
            "PDF, 2.4\u{a0}MB"
        );
        assert_eq!(format_and_size("b.docx", 850, "en"), "DOCX, 850\u{a0}B");
        assert_eq!(format_and_size("b.odt", 1_500, "lv"), "ODT, 1,5\u{a0}kB");
        assert_eq!(format_and_size("c.pdf", 240_000, "lv"), "PDF, 240\u{a0}kB");
        // Latvian groups five digits and more (CLDR), with a no-break space.
        assert_eq!(
            format_and_size("big.pdf", 1_234_500_000, "lv"),
            "PDF, 1234,5\u{a0}MB"
        );
        assert_eq!(
            format_and_size("big.pdf", 12_345_600_000, "lv"),
            "PDF, 12\u{a0}345,6\u{a0}MB"
        );
        assert_eq!(format_and_size("noext", 999_600, "en"), "1.0\u{a0}MB");
    }

    #[test]
    fn only_plain_paths_are_files() {
        assert!(is_safe_path("csosi-2019.pdf"));
        assert!(is_safe_path("faili/csosi.pdf"));
        assert!(!is_safe_path("../site.yaml"));
        assert!(!is_safe_path("a b.pdf"));
        assert!(!is_safe_path("c:\\x.pdf"));
        assert!(!is_safe_path(""));
        assert!(!is_safe_path("a//b.pdf"));
    }
}
