//! The views of the sustainability reports: each year's scores with their
//! change from the year before, key figures, narrative, bar chart, and the
//! trend chart over all years.

use serde::Serialize;

use super::super::charts::{self, ChartText, Datum};
use super::{Link, ViewBuilder, page_summary};
use crate::collections::Collection;
use crate::collections::reports::{Report, Trend};
use crate::i18n::format_number;
use crate::site::Page;

#[derive(Serialize, Clone)]
pub struct DimensionView {
    pub key: &'static str,
    pub name: String,
    pub score: Option<f64>,
    pub score_text: String,
    pub previous: Option<f64>,
    pub change_text: String,
    /// better | worse | unchanged, or empty when unknown.
    pub trend: &'static str,
    pub summary: String,
    pub summary_lang: String,
}

#[derive(Serialize, Clone)]
pub struct FigureView {
    pub key: String,
    pub label: String,
    pub label_lang: String,
    pub value: f64,
    pub value_text: String,
    pub unit: String,
    pub unit_lang: String,
}

#[derive(Serialize, Clone)]
pub struct ReportView {
    pub year: i64,
    pub title: String,
    pub title_lang: String,
    pub url: String,
    pub summary: String,
    pub summary_lang: String,
    /// Plain text for the meta description: the summary, else the start
    /// of the narrative, else the overall score in a sentence.
    pub description: String,
    pub overall: Option<f64>,
    pub overall_text: String,
    pub overall_trend: &'static str,
    pub overall_change_text: String,
    pub band: String,
    pub band_lang: String,
    pub sample: bool,
    pub source_name: String,
    pub source_name_lang: String,
    pub source_url: String,
    pub pdf: String,
    pub dimensions: Vec<DimensionView>,
    pub figures: Vec<FigureView>,
    pub chart: String,
    pub narrative: String,
    /// The language of `narrative` (it falls back to the default language).
    pub narrative_lang: String,
    /// The publications that are this report (`report: YEAR`).
    pub publications: Vec<Link>,
}

impl<'a> ViewBuilder<'a> {
    pub(super) fn reports(&self) -> Vec<ReportView> {
        let mut previous: Option<&Report> = None;
        let mut views = Vec::new();
        for loaded in &self.site.data.reports {
            views.push(self.report(&loaded.report, previous));
            previous = Some(&loaded.report);
        }
        views
    }

    fn change_text(&self, previous: Option<f64>, current: Option<f64>) -> String {
        match (previous, current) {
            (Some(p), Some(c)) => {
                let delta = ((c - p) * 10.0).round() / 10.0;
                if delta == 0.0 {
                    "±0".to_string()
                } else if delta > 0.0 {
                    format!("+{}", format_number(delta, 1, self.lang))
                } else {
                    format_number(delta, 1, self.lang)
                }
            }
            _ => String::new(),
        }
    }

    fn report(&self, report: &Report, previous: Option<&Report>) -> ReportView {
        let c = self.site.collections();
        let lang = self.lang;
        let year = report.year.value;
        // The previous report only counts if it is the year before.
        let previous = previous.filter(|p| p.year.value == year - 1);
        let dimensions = self.dimension_views(report, previous);
        let overall = report.overall.as_ref().map(|o| o.value);
        let prev_overall = previous.and_then(|p| p.overall.as_ref().map(|o| o.value));
        let overall_trend = match (prev_overall, overall) {
            (Some(p), Some(o)) => Some(Trend::between(p, o)),
            _ => report.overall_trend,
        };
        let title = self.text(&report.title);
        let chart = self.dimension_chart(&title, year, &dimensions);
        let narrative_page = self.narrative_page(year);
        let narrative = narrative_page.map(|p| p.html.clone()).unwrap_or_default();
        let narrative_lang = narrative_page
            .map(|p| p.lang().to_string())
            .unwrap_or_else(|| lang.to_string());
        let summary = self.markdown(&report.summary);
        let overall_text = overall
            .map(|o| format_number(o, 1, lang))
            .unwrap_or_default();
        let description = if !summary.is_empty() {
            crate::html::strip_tags(&summary)
        } else if let Some(p) = narrative_page.map(page_summary).filter(|s| !s.is_empty()) {
            p
        } else if !overall_text.is_empty() {
            format!("{title}: {} {overall_text} / 7.", self.t("overall_score"))
        } else {
            title.clone()
        };
        let band = overall.and_then(|o| self.site.data.band_for(o));
        ReportView {
            year,
            title_lang: self.text_lang(Some(&report.title)),
            url: c.item(Collection::Reports, lang, &year.to_string()),
            summary_lang: self.text_lang(report.summary.as_ref()),
            summary,
            description,
            overall,
            overall_text,
            overall_trend: overall_trend.map(Trend::key).unwrap_or(""),
            overall_change_text: self.change_text(prev_overall, overall),
            band: band.map(|b| self.text(&b.label)).unwrap_or_default(),
            band_lang: self.text_lang(band.map(|b| &b.label)),
            sample: report.sample,
            source_name: report
                .source
                .as_ref()
                .map(|s| self.text(&s.name))
                .unwrap_or_default(),
            source_name_lang: self.text_lang(report.source.as_ref().map(|s| &s.name)),
            source_url: report
                .source
                .as_ref()
                .and_then(|s| s.url.as_ref())
                .map(|u| u.value.clone())
                .unwrap_or_default(),
            pdf: report
                .pdf
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
            dimensions,
            figures: self.figure_views(report),
            chart,
            narrative,
            narrative_lang,
            publications: self.report_publications(year),
            title,
        }
    }

    /// The publications that are the report of `year` (`report: YEAR`).
    fn report_publications(&self, year: i64) -> Vec<Link> {
        let c = self.site.collections();
        self.site
            .data
            .publications
            .of_report(year)
            .map(|p| Link {
                id: p.id.clone(),
                name: self.text(&p.publication.title),
                lang: self.text_lang(Some(&p.publication.title)),
                url: c.item(Collection::Publications, self.lang, &p.id),
            })
            .collect()
    }

    /// A report's key figures with their numbers in the page's language.
    fn figure_views(&self, report: &Report) -> Vec<FigureView> {
        let lang = self.lang;
        report
            .figures
            .iter()
            .map(|(key, f)| FigureView {
                key: key.clone(),
                label: self.text(&f.label),
                label_lang: self.text_lang(Some(&f.label)),
                value: f.value.value,
                value_text: format_number(
                    f.value.value,
                    if f.value.value.fract() == 0.0 { 0 } else { 1 },
                    lang,
                ),
                unit: self.opt_text(&f.unit),
                unit_lang: self.text_lang(f.unit.as_ref()),
            })
            .collect()
    }

    /// The seven dimensions of a report with their change from `previous`
    /// (the year before, when there is one).
    fn dimension_views(&self, report: &Report, previous: Option<&Report>) -> Vec<DimensionView> {
        let lang = self.lang;
        report
            .dimensions
            .in_order()
            .into_iter()
            .map(|(key, d)| {
                let score = d.and_then(|d| d.score.as_ref()).map(|s| s.value);
                let prev = previous.and_then(|p| p.dimensions.score(key));
                let trend = match (prev, score) {
                    (Some(p), Some(s)) => Some(Trend::between(p, s)),
                    _ => d.and_then(|d| d.trend),
                };
                DimensionView {
                    key,
                    name: self.t(&format!("dimension_{key}")),
                    score,
                    score_text: score.map(|s| format_number(s, 1, lang)).unwrap_or_default(),
                    previous: prev,
                    change_text: self.change_text(prev, score),
                    trend: trend.map(Trend::key).unwrap_or(""),
                    summary: self.markdown(&d.and_then(|d| d.summary.clone())),
                    summary_lang: self.text_lang(d.and_then(|d| d.summary.as_ref())),
                }
            })
            .collect()
    }

    /// The bar chart of a report's dimension scores, or empty without scores.
    fn dimension_chart(&self, title: &str, year: i64, dimensions: &[DimensionView]) -> String {
        let lang = self.lang;
        let data: Vec<Datum> = dimensions
            .iter()
            .map(|d| Datum {
                label: d.name.clone(),
                value: d.score,
            })
            .collect();
        let chart_title = format!("{title}: {}", self.t("chart_dimensions_title"));
        let desc = self.chart_description(&data);
        if data.iter().any(|d| d.value.is_some()) {
            charts::dimension_bars(
                &data,
                &ChartText {
                    title: &chart_title,
                    desc: &desc,
                    value_axis: &self.t("chart_score_axis"),
                    missing: &self.t("score_missing"),
                    legend: &self.t("chart_bars_legend"),
                    note: "",
                    lang,
                },
                &format!("chart-{year}"),
            )
        } else {
            String::new()
        }
    }

    /// The narrative page of a report year in this language, else in the
    /// default language.
    fn narrative_page(&self, year: i64) -> Option<&'a Page> {
        let lang = self.lang;
        self.site
            .report_texts
            .get(&(year, lang.to_string()))
            .or_else(|| {
                self.site
                    .report_texts
                    .get(&(year, self.site.config.default_language.clone()))
            })
            .map(|&i| &self.site.pages[i])
    }

    /// "2009: 2,7; 2010: nav datu; 2021 (parauga dati): 2,7": a label ending
    /// in `*` is a sample year and is said so.
    fn chart_description(&self, data: &[Datum]) -> String {
        let sample = self.t("sample_short");
        data.iter()
            .map(|d| {
                let label = match d.label.strip_suffix('*') {
                    Some(year) => format!("{year} ({sample})"),
                    None => d.label.clone(),
                };
                match d.value {
                    Some(v) => format!("{label}: {}", format_number(v, 1, self.lang)),
                    None => format!("{label}: {}", self.t("score_missing")),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub(super) fn trend_chart(&self, reports: &[ReportView]) -> String {
        if reports.iter().all(|r| r.overall.is_none()) {
            return String::new();
        }
        // Every year from the first to the last, so that a missing year is a
        // gap; the years come from the reports, never a range as wide as the
        // input asks for (a mistyped year cannot make a huge chart).
        let mut data: Vec<Datum> = Vec::with_capacity(reports.len() * 2);
        let mut previous: Option<i64> = None;
        for r in reports {
            if let Some(p) = previous {
                let gap = r.year.saturating_sub(p);
                if gap > 16 {
                    data.push(Datum {
                        label: "…".into(),
                        value: None,
                    });
                } else {
                    for year in p + 1..r.year {
                        data.push(Datum {
                            label: year.to_string(),
                            value: None,
                        });
                    }
                }
            }
            // A sample year is marked by a visible `*`, explained in a legend.
            data.push(Datum {
                label: format!("{}{}", r.year, if r.sample { "*" } else { "" }),
                value: r.overall,
            });
            previous = Some(r.year);
        }
        let desc = self.chart_description(&data);
        // A sample year is explained under the chart.
        let note = if reports.iter().any(|r| r.sample && r.overall.is_some()) {
            format!("* {}", self.t("sample_short"))
        } else {
            String::new()
        };
        charts::trend_line(
            &data,
            &ChartText {
                title: &self.t("chart_trend_title"),
                desc: &desc,
                value_axis: &self.t("chart_score_axis"),
                missing: &self.t("score_missing"),
                legend: &self.t("chart_trend_legend"),
                note: &note,
                lang: self.lang,
            },
            "chart-trend",
        )
    }
}
