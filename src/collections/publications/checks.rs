//! The checks of publications, each problem at its YAML line with what to
//! do: the types file, each publication's type, year and date, areas,
//! languages, file, cover, web address and report. All are collected.

use std::collections::HashMap;
use std::path::Path;

use super::{LoadedPublication, Publications, is_safe_path};
use crate::collections::SiteData;
use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::i18n::is_slug;

/// Builds a diagnostic at a YAML place, quoting the line.
pub type At<'a> = &'a dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic;

/// Cross-checks every publication: type, year and date, areas, languages,
/// file, cover, web address and report. All problems are collected.
pub fn check(data: &SiteData, at: At, problems: &mut Vec<Diagnostic>) {
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
fn check_links(item: &LoadedPublication, data: &SiteData, at: At, problems: &mut Vec<Diagnostic>) {
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
