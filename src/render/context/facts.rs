//! The views of the declared headline figures (`data.facts` in templates)
//! and of the sample-data flags the theme labels (`data.sample`).

use serde::Serialize;

use super::{MemberView, ReportView, ViewBuilder};
use crate::i18n::format_number;

/// A declared figure as templates see it.
#[derive(Serialize, Clone)]
pub(super) struct FactView {
    pub id: String,
    pub value: f64,
    /// The number in the page's locale: "70 000" / "70,000".
    pub value_text: String,
    pub approximate: bool,
    pub label: String,
    pub note: String,
    pub source_name: String,
    pub source_url: String,
}

/// Where the site shows sample data, for labels.
#[derive(Serialize, Clone)]
pub(super) struct SampleView {
    /// Some listed member is sample data.
    pub members: bool,
    /// Years of sample reports.
    pub report_years: Vec<i64>,
}

impl ViewBuilder<'_> {
    pub(super) fn facts(&self) -> Vec<FactView> {
        self.site
            .data
            .facts
            .iter()
            .map(|f| {
                let v = f.value.value;
                let decimals = if v.fract() == 0.0 { 0 } else { 1 };
                FactView {
                    id: f.id.value.clone(),
                    value: v,
                    value_text: format_number(v, decimals, self.lang),
                    approximate: f.approximate,
                    label: self.text(&f.label),
                    note: self.opt_text(&f.note),
                    source_name: f
                        .source
                        .as_ref()
                        .map(|s| self.text(&s.name))
                        .unwrap_or_default(),
                    source_url: f
                        .source
                        .as_ref()
                        .and_then(|s| s.url.as_ref())
                        .map(|u| u.value.clone())
                        .unwrap_or_default(),
                }
            })
            .collect()
    }
}

pub(super) fn sample_view(members: &[MemberView], reports: &[ReportView]) -> SampleView {
    SampleView {
        members: members.iter().any(|m| m.sample),
        report_years: reports
            .iter()
            .filter(|r| r.sample)
            .map(|r| r.year)
            .collect(),
    }
}
