//! What templates see of the sustainability reports: each year's scores
//! with their change from the year before, key figures, narrative (the
//! year's Markdown page, which render finds: [`ViewKit::narrative`]), bar
//! chart, and the trend chart over all years ([`super::charts`]).

use serde::Serialize;
use serde_json::{Value, json};

use super::charts::{self, ChartText, Datum};
use super::{Report, Trend};
use crate::collections::Collection;
use crate::collections::members::view::opt_text;
use crate::collections::view::{Link, ViewKit};
use crate::config::Config;
use crate::i18n::format_number;

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

pub fn reports(kit: &dyn ViewKit) -> Vec<ReportView> {
    let mut previous: Option<&Report> = None;
    let mut views = Vec::new();
    for loaded in &kit.data().reports {
        views.push(report(kit, &loaded.report, previous));
        previous = Some(&loaded.report);
    }
    views
}

fn change_text(kit: &dyn ViewKit, previous: Option<f64>, current: Option<f64>) -> String {
    match (previous, current) {
        (Some(p), Some(c)) => {
            let delta = ((c - p) * 10.0).round() / 10.0;
            if delta == 0.0 {
                "±0".to_string()
            } else if delta > 0.0 {
                format!("+{}", format_number(delta, 1, kit.lang()))
            } else {
                format_number(delta, 1, kit.lang())
            }
        }
        _ => String::new(),
    }
}

fn report(kit: &dyn ViewKit, report: &Report, previous: Option<&Report>) -> ReportView {
    let lang = kit.lang();
    let year = report.year.value;
    // The previous report only counts if it is the year before.
    let previous = previous.filter(|p| p.year.value == year - 1);
    let dimensions = dimension_views(kit, report, previous);
    let overall = report.overall.as_ref().map(|o| o.value);
    let prev_overall = previous.and_then(|p| p.overall.as_ref().map(|o| o.value));
    let overall_trend = match (prev_overall, overall) {
        (Some(p), Some(o)) => Some(Trend::between(p, o)),
        _ => report.overall_trend,
    };
    let title = kit.text(&report.title);
    let chart = dimension_chart(kit, &title, year, &dimensions);
    let narrative_page = kit.narrative(year);
    let narrative_lang = narrative_page
        .as_ref()
        .map(|p| p.lang.clone())
        .unwrap_or_else(|| lang.to_string());
    let summary = kit.markdown(&report.summary);
    let overall_text = overall
        .map(|o| format_number(o, 1, lang))
        .unwrap_or_default();
    let description = if !summary.is_empty() {
        crate::html::strip_tags(&summary)
    } else if let Some(p) = narrative_page
        .as_ref()
        .map(|p| p.summary.clone())
        .filter(|s| !s.is_empty())
    {
        p
    } else if !overall_text.is_empty() {
        format!("{title}: {} {overall_text} / 7.", t(kit, "overall_score"))
    } else {
        title.clone()
    };
    let band = overall.and_then(|o| kit.data().band_for(o));
    ReportView {
        year,
        title_lang: kit.text_lang(Some(&report.title)),
        url: Collection::Reports.item_url(kit.config(), lang, &year.to_string()),
        summary_lang: kit.text_lang(report.summary.as_ref()),
        summary,
        description,
        overall,
        overall_text,
        overall_trend: overall_trend.map(Trend::key).unwrap_or(""),
        overall_change_text: change_text(kit, prev_overall, overall),
        band: band.map(|b| kit.text(&b.label)).unwrap_or_default(),
        band_lang: kit.text_lang(band.map(|b| &b.label)),
        sample: report.sample,
        source_name: report
            .source
            .as_ref()
            .map(|s| kit.text(&s.name))
            .unwrap_or_default(),
        source_name_lang: kit.text_lang(report.source.as_ref().map(|s| &s.name)),
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
        figures: figure_views(kit, report),
        chart,
        narrative: narrative_page.map(|p| p.html).unwrap_or_default(),
        narrative_lang,
        publications: report_publications(kit, year),
        title,
    }
}

/// The publications that are the report of `year` (`report: YEAR`).
fn report_publications(kit: &dyn ViewKit, year: i64) -> Vec<Link> {
    kit.data()
        .publications
        .of_report(year)
        .map(|p| Link {
            id: p.id.clone(),
            name: kit.text(&p.publication.title),
            lang: kit.text_lang(Some(&p.publication.title)),
            url: Collection::Publications.item_url(kit.config(), kit.lang(), &p.id),
        })
        .collect()
}

/// A report's key figures with their numbers in the page's language.
fn figure_views(kit: &dyn ViewKit, report: &Report) -> Vec<FigureView> {
    let lang = kit.lang();
    report
        .figures
        .iter()
        .map(|(key, f)| FigureView {
            key: key.clone(),
            label: kit.text(&f.label),
            label_lang: kit.text_lang(Some(&f.label)),
            value: f.value.value,
            value_text: format_number(
                f.value.value,
                if f.value.value.fract() == 0.0 { 0 } else { 1 },
                lang,
            ),
            unit: opt_text(kit, &f.unit),
            unit_lang: kit.text_lang(f.unit.as_ref()),
        })
        .collect()
}

/// The seven dimensions of a report with their change from `previous`
/// (the year before, when there is one).
fn dimension_views(
    kit: &dyn ViewKit,
    report: &Report,
    previous: Option<&Report>,
) -> Vec<DimensionView> {
    let lang = kit.lang();
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
                name: t(kit, &format!("dimension_{key}")),
                score,
                score_text: score.map(|s| format_number(s, 1, lang)).unwrap_or_default(),
                previous: prev,
                change_text: change_text(kit, prev, score),
                trend: trend.map(Trend::key).unwrap_or(""),
                summary: kit.markdown(&d.and_then(|d| d.summary.clone())),
                summary_lang: kit.text_lang(d.and_then(|d| d.summary.as_ref())),
            }
        })
        .collect()
}

/// The bar chart of a report's dimension scores, or empty without scores.
fn dimension_chart(
    kit: &dyn ViewKit,
    title: &str,
    year: i64,
    dimensions: &[DimensionView],
) -> String {
    let lang = kit.lang();
    let data: Vec<Datum> = dimensions
        .iter()
        .map(|d| Datum {
            label: d.name.clone(),
            value: d.score,
        })
        .collect();
    let chart_title = format!("{title}: {}", t(kit, "chart_dimensions_title"));
    let desc = chart_description(kit, &data);
    if data.iter().any(|d| d.value.is_some()) {
        charts::dimension_bars(
            &data,
            &ChartText {
                title: &chart_title,
                desc: &desc,
                value_axis: &t(kit, "chart_score_axis"),
                missing: &t(kit, "score_missing"),
                legend: &t(kit, "chart_bars_legend"),
                note: "",
                lang,
            },
            &format!("chart-{year}"),
        )
    } else {
        String::new()
    }
}

/// "2009: 2,7; 2010: nav datu; 2021 (parauga dati): 2,7": a label ending
/// in `*` is a sample year and is said so.
fn chart_description(kit: &dyn ViewKit, data: &[Datum]) -> String {
    let sample = t(kit, "sample_short");
    data.iter()
        .map(|d| {
            let label = match d.label.strip_suffix('*') {
                Some(year) => format!("{year} ({sample})"),
                None => d.label.clone(),
            };
            match d.value {
                Some(v) => format!("{label}: {}", format_number(v, 1, kit.lang())),
                None => format!("{label}: {}", t(kit, "score_missing")),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn trend_chart(kit: &dyn ViewKit, reports: &[ReportView]) -> String {
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
    let desc = chart_description(kit, &data);
    // A sample year is explained under the chart.
    let note = if reports.iter().any(|r| r.sample && r.overall.is_some()) {
        format!("* {}", t(kit, "sample_short"))
    } else {
        String::new()
    };
    charts::trend_line(
        &data,
        &ChartText {
            title: &t(kit, "chart_trend_title"),
            desc: &desc,
            value_axis: &t(kit, "chart_score_axis"),
            missing: &t(kit, "score_missing"),
            legend: &t(kit, "chart_trend_legend"),
            note: &note,
            lang: kit.lang(),
        },
        "chart-trend",
    )
}

/// The theme's string `key` in the kit's language, else the key.
fn t(kit: &dyn ViewKit, key: &str) -> String {
    kit.string(key).unwrap_or_else(|| key.to_string())
}

/// A report's page's structured data: its scores as a Dataset, by the
/// site's organisation (`org`, `ViewKit::organization_ref`), with the
/// downloads of the reports table (`downloads`, `{csv: URL, json: URL}`) as
/// its distribution when the site publishes open data.
pub fn json_ld(
    config: &Config,
    lang: &str,
    r: &ReportView,
    org: Value,
    downloads: Option<&Value>,
) -> Value {
    let mut dataset = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": r.title,
        "description": r.description,
        "url": config.absolute(&r.url),
        "temporalCoverage": r.year.to_string(),
        "inLanguage": lang,
        "isAccessibleForFree": true,
        "creator": org.clone(),
        "publisher": org,
        "variableMeasured": r.dimensions.iter().map(|d| &d.name).collect::<Vec<_>>(),
    });
    if !r.source_name.is_empty() {
        dataset["citation"] = json!(r.source_name);
    }
    if !r.source_url.is_empty() {
        dataset["isBasedOn"] = json!(r.source_url);
    }
    if let Some(downloads) = downloads {
        dataset["license"] = json!(config.open_data.license.url());
        let file = |format: &str, media: &str| {
            json!({
                "@type": "DataDownload",
                "encodingFormat": media,
                "contentUrl": config.absolute(downloads[format].as_str().unwrap_or_default()),
            })
        };
        dataset["distribution"] =
            json!([file("csv", "text/csv"), file("json", "application/json")]);
    }
    dataset
}
