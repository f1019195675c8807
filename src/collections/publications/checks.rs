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
                    msg!(
                        "publication.twice",
                        id = &item.id,
                        other = first.display().to_string()
                    ),
                )
                .in_file(file)
                .at(1, 0)
                .with_help(msg!("publication.twice-help")),
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
                        String::new(),
                    )
                    .with_message(msg!("publication.language", code = code))
                    .with_help(msg!("publication.language-help")),
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
                    String::new(),
                )
                .with_message(msg!("publication.type-not-slug", id = &t.id.value))
                .with_help(msg!(
                    "publication.type-not-slug-help",
                    example = crate::i18n::slugify(&t.id.value)
                )),
            );
        }
        if let Some(first) = seen.insert(&t.id.value, t.id.referenced.line()) {
            problems.push(
                at(
                    &all.types_file,
                    &t.id.referenced,
                    ErrorKind::Duplicate,
                    String::new(),
                )
                .with_message(msg!(
                    "publication.type-twice",
                    id = &t.id.value,
                    line = first.to_string()
                ))
                .with_help(msg!("publication.type-twice-help")),
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
                String::new(),
            )
            .with_message(msg!("publication.year", value = year.value.to_string()))
            .with_help(msg!("publication.year-help")),
        );
    }
    match (&p.date, item.date()) {
        (Some(date), None) => problems.push(
            at(
                file,
                &date.referenced,
                ErrorKind::InvalidValue,
                String::new(),
            )
            .with_message(msg!("publication.date", value = &date.value))
            .with_help(msg!("publication.date-help")),
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
                        String::new(),
                    )
                    .with_message(msg!(
                        "publication.date-year",
                        date = &date.value,
                        year = year.value.to_string(),
                        line = year.referenced.line().to_string()
                    ))
                    .with_help(msg!("publication.date-year-help")),
                );
            }
        }
        (None, _) if p.year.is_none() => problems.push(
            at(
                file,
                &p.kind.referenced,
                ErrorKind::InvalidValue,
                String::new(),
            )
            .with_message(msg!("publication.no-year"))
            .with_help(msg!("publication.no-year-help")),
        ),
        (None, _) => {}
    }
}

/// The document a publication names, when it was not found.
fn check_document(item: &LoadedPublication, at: At, problems: &mut Vec<Diagnostic>) {
    let file = item.file.as_path();
    let folder = file.parent().unwrap_or(Path::new("")).display().to_string();
    if let Some(doc) = &item.publication.file
        && item.download.is_none()
    {
        let rel = doc.value.trim_start_matches('/');
        let (message, help) = if !is_safe_path(rel) {
            (
                msg!("publication.file-not-plain", value = &doc.value),
                msg!("publication.file-not-plain-help"),
            )
        } else if doc.value.starts_with('/') {
            (
                msg!(
                    "publication.file-not-in-static",
                    value = &doc.value,
                    rel = rel
                ),
                msg!("publication.file-not-in-static-help"),
            )
        } else {
            (
                msg!(
                    "publication.file-not-found",
                    value = &doc.value,
                    folder = folder,
                    rel = rel
                ),
                msg!("publication.file-not-found-help"),
            )
        };
        problems.push(
            at(file, &doc.referenced, ErrorKind::BrokenLink, String::new())
                .with_message(message)
                .with_help(help),
        );
    }
}

/// The file, cover, web address and report a publication names.
fn check_links(item: &LoadedPublication, data: &SiteData, at: At, problems: &mut Vec<Diagnostic>) {
    let file = item.file.as_path();
    let p = &item.publication;
    check_document(item, at, problems);
    if let Some(image) = &p.image
        && p.image_alt.is_none()
    {
        problems.push(
            at(
                file,
                &image.referenced,
                ErrorKind::InvalidValue,
                String::new(),
            )
            .with_message(msg!("publication.cover-alt", value = &image.value))
            .with_help(msg!("publication.cover-alt-help")),
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
                String::new(),
            )
            .with_message(msg!("publication.url", value = &url.value))
            .with_help(msg!("data.web-address-help")),
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
                String::new(),
            )
            .with_message(msg!(
                "publication.no-report",
                year = report.value.to_string()
            ))
            .with_help(msg!("publication.no-report-help")),
        );
    }
}

/// An unknown publication type, with a "did you mean" or the known ids.
pub fn unknown_type(
    wrong: &str,
    known: &[&str],
    make: impl FnOnce(String) -> Diagnostic,
) -> Diagnostic {
    let d = make(String::new()).with_message(msg!("publication.unknown-type", value = wrong));
    match did_you_mean(wrong, known.iter().copied()) {
        Some(best) => d.with_help(msg!("yaml.did-you-mean", best = best)),
        None if known.is_empty() => d.with_help(msg!("publication.no-types-help", value = wrong)),
        None => d.with_help(msg!(
            "publication.unknown-type-help",
            ids = known.join(", ")
        )),
    }
}
