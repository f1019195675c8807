//! Report charts as inline SVG made at build time: a bar chart of the seven
//! dimensions and a line chart of the overall score across years. Both have
//! a `<title>`, a `<desc>` and labelled axes; missing scores are gaps, never
//! zero. The same numbers go into an HTML table next to each chart.

use std::fmt::Write;

use crate::i18n::format_number;

/// One bar or point: a label and a score that may be missing.
pub struct Datum {
    pub label: String,
    pub value: Option<f64>,
}

/// Texts of a chart, already in the page's language.
pub struct ChartText<'a> {
    pub title: &'a str,
    pub desc: &'a str,
    /// The axis of scores ("Score (1 = best)").
    pub value_axis: &'a str,
    /// Shown where a score is missing.
    pub missing: &'a str,
    pub lang: &'a str,
}

const SCALE_MIN: f64 = 1.0;
const SCALE_MAX: f64 = 7.0;

fn escape(text: &str) -> String {
    crate::html::escape_attr(text)
}

/// Horizontal bars, one per dimension, on the 1–7 scale.
pub fn dimension_bars(data: &[Datum], text: &ChartText, id: &str) -> String {
    let label_width = 230.0;
    let plot_width = 360.0;
    let row = 34.0;
    let top = 16.0;
    let height = top + row * data.len() as f64 + 44.0;
    let width = label_width + plot_width + 50.0;
    let x = |v: f64| label_width + (v - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * plot_width;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart chart-bars" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(text.title),
        escape(text.desc)
    );
    for tick in 1..=7 {
        let tx = x(tick as f64);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{tx:.1}" y1="{top}" x2="{tx:.1}" y2="{:.1}"/><text class="tick" x="{tx:.1}" y="{:.1}" text-anchor="middle">{tick}</text>"#,
            height - 40.0,
            height - 26.0
        );
    }
    let _ = write!(
        svg,
        r#"<text class="axis-label" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        label_width + plot_width / 2.0,
        height - 6.0,
        escape(text.value_axis)
    );
    for (i, d) in data.iter().enumerate() {
        let y = top + row * i as f64;
        let _ = write!(
            svg,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_width - 8.0,
            y + row / 2.0 + 5.0,
            escape(&d.label)
        );
        match d.value {
            Some(v) => {
                let shown = format_number(v, 1, text.lang);
                let _ = write!(
                    svg,
                    r#"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{}: {shown}</title></rect><text class="value" x="{:.1}" y="{:.1}">{shown}</text>"#,
                    x(SCALE_MIN),
                    y + 6.0,
                    (x(v.clamp(SCALE_MIN, SCALE_MAX)) - x(SCALE_MIN)).max(1.0),
                    row - 12.0,
                    escape(&d.label),
                    x(v.clamp(SCALE_MIN, SCALE_MAX)) + 6.0,
                    y + row / 2.0 + 5.0
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r#"<text class="value missing" x="{:.1}" y="{:.1}">{}</text>"#,
                    x(SCALE_MIN) + 6.0,
                    y + row / 2.0 + 5.0,
                    escape(text.missing)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The overall score across years as a line; a missing year breaks the line.
pub fn trend_line(data: &[Datum], text: &ChartText, id: &str) -> String {
    let left = 56.0;
    let plot_width = 520.0;
    let plot_height = 220.0;
    let top = 16.0;
    let width = left + plot_width + 24.0;
    let height = top + plot_height + 64.0;
    let n = data.len().max(1);
    let step = if n > 1 {
        plot_width / (n - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| {
        if n > 1 {
            left + step * i as f64
        } else {
            left + plot_width / 2.0
        }
    };
    // 1 (best) at the top.
    let y = |v: f64| {
        top + (v.clamp(SCALE_MIN, SCALE_MAX) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * plot_height
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart chart-trend" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(text.title),
        escape(text.desc)
    );
    for tick in 1..=7 {
        let ty = y(tick as f64);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{left}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{tick}</text>"#,
            left + plot_width,
            left - 8.0,
            ty + 4.0
        );
    }
    let _ = write!(
        svg,
        r#"<text class="axis-label" x="14" y="{:.1}" text-anchor="middle" transform="rotate(-90 14 {:.1})">{}</text>"#,
        top + plot_height / 2.0,
        top + plot_height / 2.0,
        escape(text.value_axis)
    );
    // Line segments only between consecutive known values.
    let mut segment: Vec<(f64, f64)> = Vec::new();
    let mut segments = Vec::new();
    for (i, d) in data.iter().enumerate() {
        match d.value {
            Some(v) => segment.push((x(i), y(v))),
            None => segments.push(std::mem::take(&mut segment)),
        }
    }
    segments.push(segment);
    for seg in segments.iter().filter(|s| s.len() > 1) {
        let points: Vec<String> = seg
            .iter()
            .map(|(px, py)| format!("{px:.1},{py:.1}"))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="line" points="{}"/>"#,
            points.join(" ")
        );
    }
    for (i, d) in data.iter().enumerate() {
        let px = x(i);
        let _ = write!(
            svg,
            r#"<text class="tick" x="{px:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            top + plot_height + 20.0,
            escape(&d.label)
        );
        if let Some(v) = d.value {
            let shown = format_number(v, 1, text.lang);
            let _ = write!(
                svg,
                r#"<circle class="point" cx="{px:.1}" cy="{:.1}" r="5"><title>{}: {shown}</title></circle><text class="value" x="{px:.1}" y="{:.1}" text-anchor="middle">{shown}</text>"#,
                y(v),
                escape(&d.label),
                y(v) - 10.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ChartText<'static> {
        ChartText {
            title: "T",
            desc: "D",
            value_axis: "Vērtējums",
            missing: "nav datu",
            lang: "lv",
        }
    }

    #[test]
    fn missing_scores_are_gaps_not_zero() {
        let data = vec![
            Datum {
                label: "A".into(),
                value: Some(2.4),
            },
            Datum {
                label: "B".into(),
                value: None,
            },
        ];
        let svg = dimension_bars(&data, &text(), "c");
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains(">2,4<"));
        assert!(svg.contains("nav datu"));
        assert!(svg.contains("<title id=\"c-title\">T</title>"));
    }

    #[test]
    fn trend_line_breaks_at_missing_years() {
        let data: Vec<Datum> = [Some(2.7), Some(2.7), None, Some(2.5), Some(2.6)]
            .into_iter()
            .enumerate()
            .map(|(i, v)| Datum {
                label: format!("{}", 2009 + i),
                value: v,
            })
            .collect();
        let svg = trend_line(&data, &text(), "t");
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 4);
    }
}
