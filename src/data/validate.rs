//! Cross-checks of the loaded data with the line of each problem: ids and
//! references, score and year ranges, figures, web addresses, logos.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::{Report, SiteData, check_source_url, facts};
use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::i18n::is_slug;

/// Cross-checks the data: ids, references, ranges, years, logos.
pub fn validate(data: &SiteData, static_dir: &Path, sources: &SourceTexts) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = |file: &Path, loc: &serde_saphyr::Location, kind: ErrorKind, message: String| {
        let d = Diagnostic::error(kind, message)
            .in_file(file)
            .at(loc.line() as usize, loc.column() as usize);
        match sources.get(file) {
            Some(text) => d.with_source(text),
            None => d,
        }
    };
    check_ids(
        data.areas.iter().map(|a| &a.id),
        &data.areas_file,
        "area",
        &at,
        &mut problems,
    );
    check_ids(
        data.members.iter().map(|m| &m.id),
        &data.members_file,
        "member",
        &at,
        &mut problems,
    );
    check_ids(
        data.facts.iter().map(|f| &f.id),
        &data.facts_file,
        "figure",
        &at,
        &mut problems,
    );
    facts::check(&data.facts, &data.facts_file, &at, &mut problems);
    let area_ids: Vec<&str> = data.areas.iter().map(|a| a.id.value.as_str()).collect();
    for member in &data.members {
        check_member(member, data, &area_ids, static_dir, &at, &mut problems);
    }
    check_reports(data, &at, &mut problems);
    crate::collections::publications::check(data, &at, &mut problems);
    check_area_images(data, &at, &mut problems);
    problems
}

/// An area's picture needs its `image_alt` (the file itself is checked by
/// the image pipeline).
fn check_area_images(
    data: &SiteData,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    for area in &data.areas {
        if let Some(image) = &area.image
            && area.image_alt.is_none()
        {
            problems.push(
                at(
                    &data.areas_file,
                    &image.referenced,
                    ErrorKind::InvalidValue,
                    format!("area image `{}` has no `image_alt`", image.value),
                )
                .with_help("add `image_alt: what it shows` to the area (or `image_alt: \"\"` for decoration)"),
            );
        }
    }
}

/// The checks of one member: its areas, year, web address, e-mail and logo.
fn check_member(
    member: &super::Member,
    data: &SiteData,
    area_ids: &[&str],
    static_dir: &Path,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    for area in &member.areas {
        if !data.areas_unreadable && !area_ids.contains(&area.value.as_str()) {
            problems.push(unknown_area(&area.value, area_ids, |m| {
                at(
                    &data.members_file,
                    &area.referenced,
                    ErrorKind::UnknownReference,
                    m,
                )
            }));
        }
    }
    if let Some(joined) = &member.joined
        && !(1800..=2100).contains(&joined.value)
    {
        problems.push(
            at(
                &data.members_file,
                &joined.referenced,
                ErrorKind::InvalidValue,
                format!("`joined` is {}, which is not a year", joined.value),
            )
            .with_help("write the year the member joined, e.g. 2012"),
        );
    }
    if let Some(website) = &member.website
        && !is_web_address(&website.value)
    {
        problems.push(
            at(
                &data.members_file,
                &website.referenced,
                ErrorKind::InvalidValue,
                format!("website `{}` is not a web address", website.value),
            )
            .with_help("write the full address, starting with https:// (or http://)"),
        );
    }
    if let Some(email) = &member.email
        && !is_email(&email.value)
    {
        problems.push(
            at(
                &data.members_file,
                &email.referenced,
                ErrorKind::InvalidValue,
                format!("email `{}` is not an e-mail address", email.value),
            )
            .with_help("write a plain address such as info@example.org"),
        );
    }
    if let Some(logo) = &member.logo {
        let path = logo.value.trim_start_matches('/');
        if path.contains("..") || !static_dir.join(path).is_file() {
            problems.push(
                at(
                    &data.members_file,
                    &logo.referenced,
                    ErrorKind::BrokenLink,
                    format!("logo `{}` is not a file under content/static/", logo.value),
                )
                .with_help("put the image in content/static/ and give its path from there, e.g. logos/name.png"),
            );
        }
    }
}

/// Whether `url` is an absolute http(s) address (and so cannot run script).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && lower.len() > "https://".len()
        && !url.chars().any(|c| c.is_control() || c == ' ')
}

/// Whether `email` is a plain e-mail address (no name, no brackets).
fn is_email(email: &str) -> bool {
    email.contains('@')
        && !email.contains(|c: char| c.is_whitespace() || "<>\"'():;,\\".contains(c))
}

/// [`validate`] for a data folder on disk. The files' text is only needed to
/// quote lines in messages, so it is read again only when there are problems.
pub fn check(
    data: &SiteData,
    data_dir: &Path,
    shown_dir: &Path,
    static_dir: &Path,
) -> Vec<Diagnostic> {
    let problems = validate(data, static_dir, &SourceTexts::new());
    if problems.is_empty() {
        return problems;
    }
    validate(data, static_dir, &source_texts(data_dir, shown_dir))
}

/// The text of data files by shown path, for quoting lines in messages.
pub type SourceTexts = HashMap<PathBuf, String>;

/// Reads the data files' text again for messages; only used when there are problems.
pub fn source_texts(data_dir: &Path, shown_dir: &Path) -> SourceTexts {
    let mut texts = SourceTexts::new();
    for entry in walkdir::WalkDir::new(data_dir)
        .max_depth(2)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file()
            && let Ok(text) = std::fs::read_to_string(entry.path())
            && let Ok(rel) = entry.path().strip_prefix(data_dir)
        {
            texts.insert(shown_dir.join(rel), text);
        }
    }
    texts
}

pub fn unknown_area(
    wrong: &str,
    known: &[&str],
    make: impl FnOnce(String) -> Diagnostic,
) -> Diagnostic {
    let d = make(format!("unknown activity area `{wrong}`"));
    match did_you_mean(wrong, known.iter().copied()) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None if known.is_empty() => d.with_help(format!(
            "data/areas.yaml lists no areas: add `- id: {wrong}` with a name there, or remove the reference"
        )),
        None => d.with_help(format!(
            "use one of the ids in data/areas.yaml: {}",
            known.join(", ")
        )),
    }
}

fn check_ids<'a>(
    ids: impl Iterator<Item = &'a Spanned<String>>,
    file: &Path,
    what: &str,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for id in ids {
        if crate::output::is_reserved_name(&id.value) {
            problems.push(
                at(
                    file,
                    &id.referenced,
                    ErrorKind::InvalidValue,
                    format!("{what} id `{}` is a name Windows reserves for devices", id.value),
                )
                .with_help("ids become folder names: choose another id (con, prn, aux, nul, com1–9 and lpt1–9 cannot be used)"),
            );
        }
        if !is_slug(&id.value) {
            problems.push(
                at(
                    file,
                    &id.referenced,
                    ErrorKind::InvalidValue,
                    format!("{what} id `{}` is not a slug", id.value),
                )
                .with_help(format!(
                    "ids become URLs: use lowercase letters, digits and hyphens, e.g. `{}`",
                    crate::i18n::slugify(&id.value)
                )),
            );
        }
        if let Some(first) = seen.insert(&id.value, id.referenced.line()) {
            problems.push(
                at(
                    file,
                    &id.referenced,
                    ErrorKind::Duplicate,
                    format!(
                        "duplicate {what} id `{}` (first used on line {first})",
                        id.value
                    ),
                )
                .with_help("give each entry its own id"),
            );
        }
    }
}

fn check_reports(
    data: &SiteData,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    let mut years: HashMap<i64, &Path> = HashMap::new();
    for loaded in &data.reports {
        let report = &loaded.report;
        let file = loaded.file.as_path();
        let year = &report.year;
        if !REPORT_YEARS.contains(&year.value) {
            problems.push(
                at(
                    file,
                    &year.referenced,
                    ErrorKind::InvalidValue,
                    format!(
                        "report year {} is outside {}–{}",
                        year.value,
                        REPORT_YEARS.start(),
                        REPORT_YEARS.end()
                    ),
                )
                .with_help("write the four-digit year the report covers, e.g. 2023"),
            );
        }
        check_figures(file, report, at, problems);
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != year.value.to_string() {
            problems.push(
                at(
                    file,
                    &year.referenced,
                    ErrorKind::InvalidValue,
                    format!(
                        "year {} does not match the file name {stem}.yaml",
                        year.value
                    ),
                )
                .with_help(format!(
                    "rename the file to {}.yaml or correct the year",
                    year.value
                )),
            );
        }
        if let Some(first) = years.insert(year.value, file) {
            problems.push(
                at(
                    file,
                    &year.referenced,
                    ErrorKind::Duplicate,
                    format!(
                        "the report for {} is given twice (also in {})",
                        year.value,
                        first.display()
                    ),
                )
                .with_help("keep one file per year"),
            );
        }
        check_source_url(
            report.source.as_ref(),
            file,
            at,
            "write the full address, starting with https:// (or http://)",
            problems,
        );
        if let Some(pdf) = &report.pdf
            && !is_web_address(&pdf.value)
            && !(pdf.value.starts_with('/')
                && !pdf.value.starts_with("//")
                && !pdf.value.contains(".."))
        {
            problems.push(
                at(
                    file,
                    &pdf.referenced,
                    ErrorKind::InvalidValue,
                    format!("pdf `{}` is neither a web address nor a path on the site", pdf.value),
                )
                .with_help("give https://… or a path under content/static/ from the site root, e.g. /reports/2023.pdf"),
            );
        }
        let mut scores = Vec::new();
        for (key, dimension) in report.dimensions.in_order() {
            if let Some(score) = dimension.and_then(|d| d.score.as_ref()) {
                check_score(file, key, score, at, problems);
                scores.push(score.value);
            }
        }
        if let Some(overall) = &report.overall {
            check_score(file, "overall", overall, at, problems);
            if scores.len() == 7 {
                let mean = scores.iter().sum::<f64>() / 7.0;
                if (mean - overall.value).abs() > 0.1 {
                    let mut d = at(
                        file,
                        &overall.referenced,
                        ErrorKind::Warning,
                        format!(
                            "overall score {} differs from the mean of the seven dimensions ({mean:.2})",
                            overall.value
                        ),
                    )
                    .with_help("published scores are rounded, but a gap this large is usually a typo");
                    d.severity = crate::error::Severity::Warning;
                    problems.push(d);
                }
            }
        }
    }
}

/// The years a report may have: the index began in 1997; a bound keeps a
/// typo such as 20023 from reaching the charts.
pub const REPORT_YEARS: std::ops::RangeInclusive<i64> = 1990..=2100;

/// The largest key figure: integers up to this size are exact in a float.
pub const FIGURE_LIMIT: f64 = 1e15;

fn check_figures(
    file: &Path,
    report: &Report,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    for (name, figure) in &report.figures {
        let v = figure.value.value;
        if !v.is_finite() || v.abs() > FIGURE_LIMIT {
            problems.push(
                at(
                    file,
                    &figure.value.referenced,
                    ErrorKind::InvalidValue,
                    format!("figure `{name}` is {v:e}, which is too large to publish exactly"),
                )
                .with_help("key figures may be at most 1000000000000000 (10^15); check the number of digits"),
            );
        }
    }
}

fn check_score(
    file: &Path,
    key: &str,
    score: &Spanned<f64>,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    if !(1.0..=7.0).contains(&score.value) {
        problems.push(
            at(
                file,
                &score.referenced,
                ErrorKind::InvalidValue,
                format!("{key} score {} is outside the scale 1–7", score.value),
            )
            .with_help("CSOSI scores run from 1.0 (best) to 7.0 (worst); leave the score out if it is not known"),
        );
    }
}
