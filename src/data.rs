//! The alliance's data under `content/data/`: members, activity areas and the
//! annual sustainability reports, read into typed values and checked (ids,
//! references, score ranges, years) with the YAML line of each problem.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::LocalisedText;

pub mod facts;
mod validate;
pub use facts::Fact;

/// A member organisation (`members.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: LocalisedText,
    pub kind: MemberKind,
    #[serde(default)]
    #[schemars(with = "Option<i64>", range(min = 1800, max = 2100))]
    pub joined: Option<Spanned<i64>>,
    #[serde(default)]
    pub region: Option<LocalisedText>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub website: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub areas: Vec<Spanned<String>>,
    #[serde(default)]
    pub description: Option<LocalisedText>,
    /// A path under `content/static/`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub logo: Option<Spanned<String>>,
    /// Illustrative data, shown as such.
    #[serde(default)]
    pub sample: bool,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    Association,
    Foundation,
    Other,
}

impl MemberKind {
    pub fn key(self) -> &'static str {
        match self {
            MemberKind::Association => "association",
            MemberKind::Foundation => "foundation",
            MemberKind::Other => "other",
        }
    }
}

/// An activity area (`areas.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: LocalisedText,
    #[serde(default)]
    pub summary: Option<LocalisedText>,
    #[serde(default)]
    pub description: Option<LocalisedText>,
    #[serde(default)]
    pub icon: Option<String>,
    /// A picture of the area: `/path` under content/static/, or a path
    /// beside areas.yaml.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub image: Option<Spanned<String>>,
    /// What the picture shows, per language (`""` for decoration).
    #[serde(default)]
    pub image_alt: Option<LocalisedText>,
}

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

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSource {
    pub name: LocalisedText,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

/// A source's `url` that is not a web address is an error at its line.
fn check_source_url(
    source: Option<&ReportSource>,
    file: &Path,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    help: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(url) = source.and_then(|s| s.url.as_ref())
        && !is_web_address(&url.value)
    {
        problems.push(
            at(
                file,
                &url.referenced,
                ErrorKind::InvalidValue,
                format!("source url `{}` is not a web address", url.value),
            )
            .with_help(help),
        );
    }
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

/// All data of a site, as loaded.
#[derive(Debug, Clone, Default)]
pub struct SiteData {
    pub members: Vec<Member>,
    pub members_file: PathBuf,
    pub areas: Vec<Area>,
    pub areas_file: PathBuf,
    /// Sorted by year.
    pub reports: Vec<LoadedReport>,
    pub bands: Vec<Band>,
    /// Headline figures declared in `facts.yaml`, in their order.
    pub facts: Vec<Fact>,
    pub facts_file: PathBuf,
    /// areas.yaml exists but could not be read: references to areas are
    /// not checked, so that one mistake does not show as many.
    pub areas_unreadable: bool,
    /// `publications/*.yaml`, newest first.
    pub publications: crate::collections::publications::Publications,
}

impl SiteData {
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id.value == id)
    }

    pub fn band_for(&self, score: f64) -> Option<&Band> {
        // Bands are published with one decimal: 3.05 belongs to 3.1–5.0.
        let rounded = (score * 10.0).round() / 10.0;
        self.bands
            .iter()
            .find(|b| rounded >= b.min - 1e-9 && rounded <= b.max + 1e-9)
    }
}

/// Reads everything under `data_dir`. Missing files mean "none".
pub fn load(data_dir: &Path, shown_dir: &Path) -> (SiteData, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut data = SiteData {
        members_file: shown_dir.join("members.yaml"),
        areas_file: shown_dir.join("areas.yaml"),
        facts_file: shown_dir.join("facts.yaml"),
        ..SiteData::default()
    };
    data.facts = read_list(
        &data_dir.join("facts.yaml"),
        &data.facts_file,
        &mut problems,
    );
    data.members = read_list(
        &data_dir.join("members.yaml"),
        &data.members_file,
        &mut problems,
    );
    let before = problems.len();
    data.areas = read_list(
        &data_dir.join("areas.yaml"),
        &data.areas_file,
        &mut problems,
    );
    data.areas_unreadable = problems.len() > before;
    let reports_dir = data_dir.join("reports");
    data.bands = read_list(
        &reports_dir.join("_bands.yaml"),
        &shown_dir.join("reports/_bands.yaml"),
        &mut problems,
    );
    for (path, shown) in report_files(&reports_dir, &shown_dir.join("reports"), &mut problems) {
        if let Some(text) = read_text(&path, &shown, &mut problems) {
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
    data.publications = crate::collections::publications::load(
        &data_dir.join("publications"),
        &shown_dir.join("publications"),
        &mut problems,
    );
    (data, problems)
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
                Diagnostic::warning(format!(
                    "`{name}` is not a report: report files are named YEAR.yaml"
                ))
                .in_file(shown_dir.join(&name)),
            );
        }
    }
    files.sort();
    files
}

pub(crate) fn read_text(
    path: &Path,
    shown: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    // A data file may be a link within the site (content/data/… → the site
    // folder), never to a file outside it. The site folder is the parent of
    // content/, which `shown` names relative to.
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let depth = shown.components().count();
        let site_root = path
            .ancestors()
            .nth(depth)
            .and_then(|r| r.canonicalize().ok());
        if let (Some(root), Ok(real)) = (site_root, path.canonicalize())
            && !real.starts_with(&root)
        {
            problems.push(
                Diagnostic::error(
                    ErrorKind::Io,
                    format!("symbolic link to {} outside the site", real.display()),
                )
                .in_file(shown)
                .with_help("copy the file into content/data/ instead of linking to it"),
            );
            return None;
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            problems
                .push(Diagnostic::error(ErrorKind::Io, format!("cannot read: {e}")).in_file(shown));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            problems.push(crate::content::not_utf8(shown, &e));
            None
        }
    }
}

/// A top-level YAML list; an empty file (or only comments) is an empty list.
fn read_list<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    path: &Path,
    shown: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let Some(text) = read_text(path, shown, problems) else {
        return Vec::new();
    };
    parse_list(&text, shown, problems)
}

/// A top-level YAML list from its text; an empty text (or only comments) is
/// an empty list.
pub fn parse_list<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    text: &str,
    shown: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let only_comments = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    if only_comments {
        return Vec::new();
    }
    match crate::yaml::parse_all::<Option<Vec<T>>>(text, shown, 0) {
        Ok(list) => list.unwrap_or_default(),
        Err(all) => {
            problems.extend(all);
            Vec::new()
        }
    }
}

pub use validate::{
    FIGURE_LIMIT, REPORT_YEARS, SourceTexts, check, is_web_address, source_texts, unknown_area,
    validate,
};

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
