//! What the reports tell the checks and editorial tools: the tracked
//! translations of each year's title, summary and dimension summaries, the
//! sample report years `check --publish` lists, and their embeds
//! (`report_chart`, `trend_chart`) with the check of a chart's year.

use super::super::tracked::{TrackedField, shown};
use super::super::view::EmbedSpec;
use crate::collections::{Collection, SiteData};
use crate::error::{Diagnostic, ErrorKind};
use crate::messages::Message;

/// The reports' tracked translations.
pub fn tracked_fields(data: &SiteData) -> Vec<TrackedField<'_>> {
    let section = Collection::Reports.name();
    let mut out = Vec::new();
    for r in &data.reports {
        let year = r.report.year.value;
        let file = shown(&r.file);
        let report = &r.report;
        out.push(TrackedField {
            section,
            file: file.clone(),
            item: format!("{year}: title"),
            text: &report.title,
            start: 1,
            path: vec!["title"],
        });
        if let Some(text) = &report.summary {
            out.push(TrackedField {
                section,
                file: file.clone(),
                item: format!("{year}: summary"),
                text,
                start: 1,
                path: vec!["summary"],
            });
        }
        for (key, dimension) in report.dimensions.in_order() {
            if let Some(text) = dimension.and_then(|d| d.summary.as_ref()) {
                out.push(TrackedField {
                    section,
                    file: file.clone(),
                    item: format!("{year}: {key} summary"),
                    text,
                    start: 1,
                    path: vec!["dimensions", key, "summary"],
                });
            }
        }
    }
    out
}

/// Each sample report year, as not ready to publish.
pub fn samples(data: &SiteData) -> Vec<Diagnostic> {
    data.reports
        .iter()
        .filter(|r| r.report.sample)
        .map(|report| {
            Diagnostic::error(
                ErrorKind::InvalidValue,
                msg!("readiness.sample-report", year = report.report.year.value),
            )
            .in_file(&report.file)
            .at(report.report.year.referenced.line() as usize, 0)
            .with_help(msg!("readiness.sample-report-help"))
        })
        .collect()
}

/// The embeds reports offer: one year's chart and the trend of all years.
pub const EMBEDS: &[EmbedSpec] = &[
    EmbedSpec {
        name: "report_chart",
        args: &["year"],
        optional: false,
    },
    EmbedSpec {
        name: "trend_chart",
        args: &[],
        optional: false,
    },
];

/// What is wrong with a `report_chart`'s argument: a `year` with no report.
pub fn embed_problem(data: &SiteData, key: &str, value: &str) -> Option<(Message, Message)> {
    let known_year = |y: &str| {
        data.reports
            .iter()
            .any(|r| r.report.year.value.to_string() == y)
    };
    if key == "year" && !known_year(value) {
        return Some((
            msg!("site.no-report", value = value),
            msg!("site.no-report-help"),
        ));
    }
    None
}
