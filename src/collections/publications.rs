//! The publications collection: studies, surveys, position papers, annual
//! reports … one YAML file per item under `content/data/publications/`
//! (`<id>.yaml`, the id is the file stem), with the list of publication
//! types and their labels in `_types.yaml` beside them. This file owns the
//! types, loading and every check with the YAML line of each problem;
//! [`view`] turns them into what templates see, [`files`] into the feed,
//! search documents, sitemap entries and published download files.
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

pub mod files;
pub mod view;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::i18n::{LocalisedText, is_slug};

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
        if !is_slug(id) || crate::output::is_reserved_name(id) {
            problems.push(
                Diagnostic::error(
                    ErrorKind::InvalidValue,
                    format!("publication file name `{name}` is not a slug"),
                )
                .in_file(&shown)
                .with_help(format!(
                    "the file name becomes the address: rename it to `{}.yaml` (lowercase letters, digits and hyphens; not a name Windows reserves)",
                    crate::i18n::slugify(id)
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
fn is_safe_path(rel: &str) -> bool {
    !rel.is_empty()
        && rel.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && !seg.contains(['\\', ':', ' ', '?', '#', '%'])
                && !seg.chars().any(char::is_control)
                && !crate::output::is_reserved_name(seg)
        })
}

/// Builds a diagnostic at a YAML place, quoting the line.
pub type At<'a> = &'a dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic;

/// Cross-checks every publication: type, year and date, areas, languages,
/// file, cover, web address and report. All problems are collected.
pub fn check(data: &crate::data::SiteData, at: At, problems: &mut Vec<Diagnostic>) {
    let all = &data.publications;
    check_types(all, at, problems);
    let area_ids: Vec<&str> = data.areas.iter().map(|a| a.id.value.as_str()).collect();
    let type_ids: Vec<&str> = all.types.iter().map(|t| t.id.value.as_str()).collect();
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for item in &all.items {
        let file = item.file.as_path();
        let p = &item.publication;
        if let Some(first) = seen.insert(&item.id, file) {
            problems.push(
                Diagnostic::error(
                    ErrorKind::Duplicate,
                    format!(
                        "publication `{}` is given twice (also in {})",
                        item.id,
                        first.display()
                    ),
                )
                .in_file(file)
                .at(1, 0)
                .with_help("keep one file per publication: .yaml or .yml, not both"),
            );
        }
        if !all.types_unreadable && !type_ids.contains(&p.kind.value.as_str()) {
            problems.push(unknown_type(&p.kind.value, &type_ids, |m| {
                at(file, &p.kind.referenced, ErrorKind::UnknownReference, m)
            }));
        }
        check_when(item, at, problems);
        for area in &p.areas {
            if !data.areas_unreadable && !area_ids.contains(&area.value.as_str()) {
                problems.push(crate::data::unknown_area(&area.value, &area_ids, |m| {
                    at(file, &area.referenced, ErrorKind::UnknownReference, m)
                }));
            }
        }
        for lang in &p.languages {
            let code = &lang.value;
            if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase()) {
                problems.push(
                    at(
                        file,
                        &lang.referenced,
                        ErrorKind::InvalidValue,
                        format!("`{code}` is not a language code"),
                    )
                    .with_help("write the languages the publication is in as codes: lv, en, ru …"),
                );
            }
        }
        check_links(item, data, at, problems);
    }
}

/// `_types.yaml`: slug ids, each once.
fn check_types(all: &Publications, at: At, problems: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for t in &all.types {
        if !is_slug(&t.id.value) {
            problems.push(
                at(
                    &all.types_file,
                    &t.id.referenced,
                    ErrorKind::InvalidValue,
                    format!("publication type id `{}` is not a slug", t.id.value),
                )
                .with_help(format!(
                    "use lowercase letters, digits and hyphens, e.g. `{}`",
                    crate::i18n::slugify(&t.id.value)
                )),
            );
        }
        if let Some(first) = seen.insert(&t.id.value, t.id.referenced.line()) {
            problems.push(
                at(
                    &all.types_file,
                    &t.id.referenced,
                    ErrorKind::Duplicate,
                    format!(
                        "duplicate publication type id `{}` (first used on line {first})",
                        t.id.value
                    ),
                )
                .with_help("give each type its own id"),
            );
        }
    }
}

/// `year` and `date`: at least one, in range, agreeing.
fn check_when(item: &LoadedPublication, at: At, problems: &mut Vec<Diagnostic>) {
    let file = item.file.as_path();
    let p = &item.publication;
    if let Some(year) = &p.year
        && !(1900..=2100).contains(&year.value)
    {
        problems.push(
            at(
                file,
                &year.referenced,
                ErrorKind::InvalidValue,
                format!("`year` is {}, which is not a year", year.value),
            )
            .with_help("write the four-digit year of publication, e.g. 2020"),
        );
    }
    match (&p.date, item.date()) {
        (Some(date), None) => problems.push(
            at(
                file,
                &date.referenced,
                ErrorKind::InvalidValue,
                format!("`date` is `{}`, which is not a date", date.value),
            )
            .with_help("write the day of publication as YYYY-MM-DD, e.g. 2020-06-15"),
        ),
        (Some(date), Some(day)) => {
            if let Some(year) = &p.year
                && year.value != i64::from(day.year)
            {
                problems.push(
                    at(
                        file,
                        &date.referenced,
                        ErrorKind::InvalidValue,
                        format!(
                            "`date` {} is not in `year` {} (line {})",
                            date.value,
                            year.value,
                            year.referenced.line()
                        ),
                    )
                    .with_help("correct one of them, or leave `year` out: the date says it"),
                );
            }
        }
        (None, _) if p.year.is_none() => problems.push(
            at(
                file,
                &p.kind.referenced,
                ErrorKind::InvalidValue,
                "this publication has neither `year` nor `date`".to_string(),
            )
            .with_help("add `year: 2020` (or `date: 2020-06-15`) so it can be listed by year"),
        ),
        (None, _) => {}
    }
}

/// The file, cover, web address and report a publication names.
fn check_links(
    item: &LoadedPublication,
    data: &crate::data::SiteData,
    at: At,
    problems: &mut Vec<Diagnostic>,
) {
    let file = item.file.as_path();
    let p = &item.publication;
    let folder = file.parent().unwrap_or(Path::new("")).display().to_string();
    if let Some(doc) = &p.file
        && item.download.is_none()
    {
        let rel = doc.value.trim_start_matches('/');
        let (message, help) = if !is_safe_path(rel) {
            (
                format!("file `{}` is not a plain path", doc.value),
                "write the file's name beside this YAML file (csosi-2019.pdf), or /its/path under content/static/, without spaces, `..` or `\\`".to_string(),
            )
        } else if doc.value.starts_with('/') {
            (
                format!("file `{}` not found: there is no file content/static/{rel}", doc.value),
                "put the file under content/static/, or drop the leading / and keep it beside this YAML file".to_string(),
            )
        } else {
            (
                format!(
                    "file `{}` not found: there is no file {folder}/{rel}",
                    doc.value
                ),
                "put the file beside this YAML file, or under content/static/ and write /its/path"
                    .to_string(),
            )
        };
        problems.push(at(file, &doc.referenced, ErrorKind::BrokenLink, message).with_help(help));
    }
    if let Some(image) = &p.image
        && p.image_alt.is_none()
    {
        problems.push(
            at(
                file,
                &image.referenced,
                ErrorKind::InvalidValue,
                format!("cover image `{}` has no `image_alt`", image.value),
            )
            .with_help("add `image_alt: what it shows` (or `image_alt: \"\"` for decoration)"),
        );
    }
    if let Some(url) = &p.url
        && !crate::data::is_web_address(&url.value)
    {
        problems.push(
            at(
                file,
                &url.referenced,
                ErrorKind::InvalidValue,
                format!("url `{}` is not a web address", url.value),
            )
            .with_help("write the full address, starting with https:// (or http://)"),
        );
    }
    if let Some(report) = &p.report
        && !data
            .reports
            .iter()
            .any(|r| r.report.year.value == report.value)
    {
        problems.push(
            at(
                file,
                &report.referenced,
                ErrorKind::UnknownReference,
                format!("there is no report for {}", report.value),
            )
            .with_help("give a year that has a file in data/reports/, or remove `report:`"),
        );
    }
}

/// An unknown publication type, with a "did you mean" or the known ids.
pub fn unknown_type(
    wrong: &str,
    known: &[&str],
    make: impl FnOnce(String) -> Diagnostic,
) -> Diagnostic {
    let d = make(format!("unknown publication type `{wrong}`"));
    match did_you_mean(wrong, known.iter().copied()) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None if known.is_empty() => d.with_help(format!(
            "data/publications/_types.yaml lists no types: add `- id: {wrong}` with a name there"
        )),
        None => d.with_help(format!(
            "use one of the ids in data/publications/_types.yaml: {}",
            known.join(", ")
        )),
    }
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
