//! The annual sustainability reports (`content/data/reports/YEAR.yaml`, one
//! file per year, and the score bands in `reports/_bands.yaml`): their types,
//! loading, the checks of each report (year, file name, scores, figures,
//! sources), their search documents and the open data table of the scores. Each report gets a page at
//! `/<reports>/<year>/`; a page `content/<reports>/<year>.md` is its narrative.

pub mod charts;
pub mod editor;
mod tracked;
pub mod view;

pub use tracked::{EMBEDS, embed_problem, samples, tracked_fields};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::tables::{page_cells, page_fields};
use super::{Collection, SearchDoc, SiteData};
use crate::config::Config;
use crate::content::markdown::Rendered;
use crate::data::{
    FIGURE_LIMIT, ReportSource, check_source_url, is_web_address, read_list, read_text,
};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::LocalisedText;
use crate::open_data::{Cell, Field, FieldType, Table};

/// One year's CSO Sustainability Index report (`reports/YEAR.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    #[schemars(with = "i64", range(min = 1990, max = 2100))]
    pub year: Spanned<i64>,
    pub title: LocalisedText,
    #[serde(default)]
    pub summary: Option<LocalisedText>,
    #[serde(default)]
    pub source: Option<ReportSource>,
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = 1, max = 7))]
    pub overall: Option<Spanned<f64>>,
    /// The direction of the overall score as the source states it, for years
    /// whose numbers are not known.
    #[serde(default)]
    pub overall_trend: Option<Trend>,
    #[serde(default)]
    pub dimensions: Dimensions,
    #[serde(default)]
    pub figures: BTreeMap<String, Figure>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub pdf: Option<Spanned<String>>,
    #[serde(default)]
    pub sample: bool,
}

/// The seven CSOSI dimensions; any may be missing in historical data.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimensions {
    #[serde(default)]
    pub legal_environment: Option<Dimension>,
    #[serde(default)]
    pub organizational_capacity: Option<Dimension>,
    #[serde(default)]
    pub financial_viability: Option<Dimension>,
    #[serde(default)]
    pub advocacy: Option<Dimension>,
    #[serde(default)]
    pub service_provision: Option<Dimension>,
    #[serde(default)]
    pub sectoral_infrastructure: Option<Dimension>,
    #[serde(default)]
    pub public_image: Option<Dimension>,
}

/// The dimension keys in the order the index publishes them.
pub const DIMENSION_KEYS: [&str; 7] = [
    "legal_environment",
    "organizational_capacity",
    "financial_viability",
    "advocacy",
    "service_provision",
    "sectoral_infrastructure",
    "public_image",
];

impl Dimensions {
    /// The seven dimensions in published order, with their keys.
    pub fn in_order(&self) -> [(&'static str, Option<&Dimension>); 7] {
        [
            (DIMENSION_KEYS[0], self.legal_environment.as_ref()),
            (DIMENSION_KEYS[1], self.organizational_capacity.as_ref()),
            (DIMENSION_KEYS[2], self.financial_viability.as_ref()),
            (DIMENSION_KEYS[3], self.advocacy.as_ref()),
            (DIMENSION_KEYS[4], self.service_provision.as_ref()),
            (DIMENSION_KEYS[5], self.sectoral_infrastructure.as_ref()),
            (DIMENSION_KEYS[6], self.public_image.as_ref()),
        ]
    }

    pub fn score(&self, key: &str) -> Option<f64> {
        self.in_order()
            .into_iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, d)| d?.score.as_ref().map(|s| s.value))
    }
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = 1, max = 7))]
    pub score: Option<Spanned<f64>>,
    #[serde(default)]
    pub summary: Option<LocalisedText>,
    #[serde(default)]
    pub trend: Option<Trend>,
}

/// A change from the previous year. Scores are 1 (best) to 7, so a lower
/// score is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Better,
    Worse,
    Unchanged,
}

impl Trend {
    pub fn between(previous: f64, current: f64) -> Trend {
        let delta = ((current - previous) * 10.0).round();
        if delta < 0.0 {
            Trend::Better
        } else if delta > 0.0 {
            Trend::Worse
        } else {
            Trend::Unchanged
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Trend::Better => "better",
            Trend::Worse => "worse",
            Trend::Unchanged => "unchanged",
        }
    }
}

/// A key number of a report with its label.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub label: LocalisedText,
    #[schemars(with = "f64", range(min = -1e15, max = 1e15))]
    pub value: Spanned<f64>,
    #[serde(default)]
    pub unit: Option<LocalisedText>,
}

/// A score band (`reports/_bands.yaml`): scores from `min` to `max` get `label`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[schemars(range(min = 1, max = 7))]
    pub min: f64,
    #[schemars(range(min = 1, max = 7))]
    pub max: f64,
    pub label: LocalisedText,
}

/// A report with the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedReport {
    pub report: Report,
    pub file: PathBuf,
}

/// Reads the score bands and every report file into `data`.
pub(super) fn load(
    data: &mut SiteData,
    data_dir: &Path,
    shown_dir: &Path,
    problems: &mut Vec<Diagnostic>,
) {
    let reports_dir = data_dir.join("reports");
    data.bands = read_list(
        &reports_dir.join("_bands.yaml"),
        &shown_dir.join("reports/_bands.yaml"),
        problems,
    );
    for (path, shown) in report_files(&reports_dir, &shown_dir.join("reports"), problems) {
        if let Some(text) = read_text(&path, &shown, problems) {
            match crate::yaml::parse_all::<Report>(&text, &shown, 0) {
                Ok(report) => data.reports.push(LoadedReport {
                    report,
                    file: shown,
                }),
                Err(all) => problems.extend(all),
            }
        }
    }
    data.reports.sort_by_key(|r| r.report.year.value);
}

fn report_files(
    dir: &Path,
    shown_dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('_') || name.starts_with('.') {
            continue;
        }
        if name.ends_with(".yaml") || name.ends_with(".yml") {
            files.push((entry.path(), shown_dir.join(&name)));
        } else if !name.ends_with('~') {
            problems.push(
                Diagnostic::warning(
                    ErrorKind::SiteStructure,
                    msg!("data.not-a-report", name = &name),
                )
                .in_file(shown_dir.join(&name)),
            );
        }
    }
    files.sort();
    files
}

pub(super) fn check_reports(
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
                    String::new(),
                )
                .with_message(msg!(
                    "data.report-year",
                    year = year.value,
                    first = REPORT_YEARS.start(),
                    last = REPORT_YEARS.end()
                ))
                .with_help(msg!("data.report-year-help")),
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
                    String::new(),
                )
                .with_message(msg!("data.year-file", year = year.value, stem = stem))
                .with_help(msg!("data.year-file-help", year = year.value)),
            );
        }
        if let Some(first) = years.insert(year.value, file) {
            problems.push(
                at(file, &year.referenced, ErrorKind::Duplicate, String::new())
                    .with_message(msg!(
                        "data.report-twice",
                        year = year.value,
                        other = first.display()
                    ))
                    .with_help(msg!("data.report-twice-help")),
            );
        }
        check_source_url(
            report.source.as_ref(),
            file,
            at,
            msg!("data.web-address-help"),
            problems,
        );
        check_pdf(file, report, at, problems);
        check_scores(file, report, at, problems);
    }
}

/// A report's `pdf`: a web address or a path on the site.
fn check_pdf(
    file: &Path,
    report: &Report,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
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
                String::new(),
            )
            .with_message(msg!("data.pdf", value = &pdf.value))
            .with_help(msg!("data.pdf-help")),
        );
    }
}

/// The dimension scores and the overall score in range; a warning when the
/// overall score is far from the mean of all seven.
fn check_scores(
    file: &Path,
    report: &Report,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
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
                    ErrorKind::InvalidValue,
                    String::new(),
                )
                .with_message(msg!(
                    "data.overall-mean",
                    overall = overall.value,
                    mean = format!("{mean:.2}")
                ))
                .with_help(msg!("data.overall-mean-help"));
                d.severity = crate::error::Severity::Warning;
                problems.push(d);
            }
        }
    }
}

/// The years a report may have: the index began in 1997; a bound keeps a
/// typo such as 20023 from reaching the charts.
pub const REPORT_YEARS: std::ops::RangeInclusive<i64> = 1990..=2100;

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
                    String::new(),
                )
                .with_message(msg!(
                    "data.figure-large",
                    name = name,
                    value = format!("{v:e}")
                ))
                .with_help(msg!("data.key-figure-large-help")),
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
                String::new(),
            )
            .with_message(msg!("data.score", key = key, score = score.value))
            .with_help(msg!("data.score-help")),
        );
    }
}

/// The search documents of the reports in `lang`; `narrative` gives the
/// body of a year's narrative page in `lang`, else in the default language.
pub(super) fn search_docs<'a>(
    data: &'a SiteData,
    lang: &str,
    default: &str,
    narrative: &dyn Fn(i64) -> Option<&'a Rendered>,
) -> Vec<SearchDoc<'a>> {
    data.reports
        .iter()
        .map(|r| {
            let year = r.report.year.value;
            let narrative = narrative(year);
            SearchDoc {
                key: year.to_string(),
                title: r.report.title.get(lang, default),
                summary: r
                    .report
                    .summary
                    .as_ref()
                    .map(|s| s.get(lang, default).to_string())
                    .unwrap_or_default(),
                headings: narrative
                    .map(|b| {
                        b.headings
                            .iter()
                            .map(|h| h.title.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default(),
                body: narrative.map(|b| b.text.as_str()).unwrap_or(""),
            }
        })
        .collect()
}

/// The columns of the reports table.
fn table_fields(config: &Config) -> Vec<Field> {
    let mut fields = vec![
        Field::new("year", FieldType::Year, "The year the report covers").required(),
        Field::new(
            "dimension",
            FieldType::String,
            format!(
                "What is scored: overall, or one of the seven dimensions ({})",
                DIMENSION_KEYS.join(", ")
            ),
        )
        .required(),
        Field::new(
            "score",
            FieldType::Number,
            "The score, 1 (most sustainable) to 7 (least)",
        )
        .required(),
        Field::new(
            "trend",
            FieldType::Number,
            "The change against the previous year's score of the same dimension (negative: better); empty when that score is not known",
        ),
        Field::new(
            "sample",
            FieldType::Boolean,
            "true: illustrative scores, not published ones",
        )
        .required(),
    ];
    fields.extend(page_fields(config, "the report's page"));
    fields
}

/// The report scores in long form: one row per year and dimension that has
/// a score, the overall score as the dimension `overall`.
pub fn table(config: &Config, data: &SiteData) -> Table {
    let fields = table_fields(config);
    let mut rows = Vec::new();
    let mut previous: Option<&Report> = None;
    for loaded in &data.reports {
        let report = &loaded.report;
        let year = report.year.value;
        // Only the year right before counts, as on the report pages.
        let before = previous.filter(|p| p.year.value == year - 1);
        let overall = |r: &Report| r.overall.as_ref().map(|o| o.value);
        let mut scores = vec![("overall", overall(report), before.and_then(overall))];
        scores.extend(DIMENSION_KEYS.iter().map(|&key| {
            (
                key,
                report.dimensions.score(key),
                before.and_then(|p| p.dimensions.score(key)),
            )
        }));
        for (key, score, prev) in scores {
            let Some(score) = score else { continue };
            let trend = prev.map_or(Cell::Empty, |p| {
                // `+ 0.0` turns a rounded -0 into 0.
                Cell::Number(((score - p) * 10.0).round() / 10.0 + 0.0)
            });
            let mut row = vec![
                Cell::Integer(year),
                Cell::text(key),
                Cell::Number(score),
                trend,
                Cell::Boolean(report.sample),
            ];
            row.extend(page_cells(config, Collection::Reports, &year.to_string()));
            rows.push(row);
        }
        previous = Some(report);
    }
    Table {
        name: "reports".into(),
        title: "CSO Sustainability Index scores".into(),
        description: "The scores of the annual CSO Sustainability Index reports in long form: one row per year and dimension with a known score.".into(),
        fields,
        primary_key: vec!["year".into(), "dimension".into()],
        rows,
    }
}

impl SiteData {
    /// The band a score falls in.
    pub fn band_for(&self, score: f64) -> Option<&Band> {
        // Bands are published with one decimal: 3.05 belongs to 3.1–5.0.
        let rounded = (score * 10.0).round() / 10.0;
        self.bands
            .iter()
            .find(|b| rounded >= b.min - 1e-9 && rounded <= b.max + 1e-9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_scores_are_better() {
        assert_eq!(Trend::between(2.7, 2.5), Trend::Better);
        assert_eq!(Trend::between(2.5, 2.7), Trend::Worse);
        assert_eq!(Trend::between(2.7, 2.7000001), Trend::Unchanged);
    }

    #[test]
    fn bands_use_published_rounding() {
        let data = SiteData {
            bands: vec![
                Band {
                    min: 1.0,
                    max: 3.0,
                    label: LocalisedText::Same("Enhanced".into()),
                },
                Band {
                    min: 3.1,
                    max: 5.0,
                    label: LocalisedText::Same("Evolving".into()),
                },
            ],
            ..SiteData::default()
        };
        assert_eq!(data.band_for(3.0).map(|b| b.min), Some(1.0));
        assert_eq!(data.band_for(3.06).map(|b| b.min), Some(3.1));
        assert!(data.band_for(6.0).is_none());
    }
}
