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
    /// How to read the chart ("A longer bar is a better score").
    pub legend: &'a str,
    /// A note under the trend chart (what `*` after a year means), or empty.
    pub note: &'a str,
    pub lang: &'a str,
}

const SCALE_MIN: f64 = 1.0;
const SCALE_MAX: f64 = 7.0;

fn escape(text: &str) -> String {
    crate::html::escape_attr(text)
}

/// Where a score sits on a scale drawn from 7 (weakest, at 0) to 1 (best,
/// at `span` per cent): a longer bar, or a higher point, is a better score.
fn better_fraction(v: f64) -> f64 {
    (SCALE_MAX - v.clamp(SCALE_MIN, SCALE_MAX)) / (SCALE_MAX - SCALE_MIN)
}

/// Horizontal bars, one per dimension, each label above its bar. The SVG
/// has no viewBox: widths are percentages of the box and text keeps its
/// size in CSS pixels, so the chart reflows to any width (a phone's 320 px
/// or a desktop column) without scrolling and without shrinking its text.
/// The bars grow towards 1, the best score, so that a longer bar reads as
/// better, as a reader expects of a bar.
pub fn dimension_bars(data: &[Datum], text: &ChartText, id: &str) -> String {
    // The scale takes this share of the width; the rest holds the values.
    let span = 84.0;
    let row = 46.0;
    let top = 30.0;
    let plot_bottom = top + row * data.len() as f64;
    let height = plot_bottom + 46.0;
    let x = |v: f64| better_fraction(v) * span;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart chart-bars" width="100%" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><text class="legend" x="0" y="14">{}</text>"#,
        escape(text.title),
        escape(text.desc),
        escape(text.legend)
    );
    for tick in (1..=7).rev() {
        let tx = x(tick as f64);
        let anchor = match tick {
            7 => "start",
            1 => "end",
            _ => "middle",
        };
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{tx:.2}%" y1="{:.1}" x2="{tx:.2}%" y2="{:.1}"/><text class="tick" x="{tx:.2}%" y="{:.1}" text-anchor="{anchor}">{tick}</text>"#,
            top + 20.0,
            plot_bottom + 2.0,
            plot_bottom + 18.0
        );
    }
    let _ = write!(
        svg,
        r#"<text class="axis-label" x="0" y="{:.1}">{}</text>"#,
        height - 6.0,
        escape(text.value_axis)
    );
    for (i, d) in data.iter().enumerate() {
        let y = top + row * i as f64;
        let _ = write!(
            svg,
            r#"<text class="label" x="0" y="{:.1}">{}</text>"#,
            y + 15.0,
            escape(&d.label)
        );
        match d.value {
            Some(v) => {
                let shown = format_number(v, 1, text.lang);
                let _ = write!(
                    svg,
                    r#"<rect class="bar" x="0" y="{:.1}" width="{:.2}%" height="18"><title>{}: {shown}</title></rect><text class="value" x="{:.2}%" y="{:.1}" dx="6">{shown}</text>"#,
                    y + 22.0,
                    x(v).max(0.5),
                    escape(&d.label),
                    x(v),
                    y + 36.0
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r#"<text class="value missing" x="0" y="{:.1}">{}</text>"#,
                    y + 36.0,
                    escape(text.missing)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The overall score across years as a line; a missing year breaks the
/// line. 1 (best) is at the top. Like the bars, the SVG has no viewBox: the
/// years spread over the width in per cent and text keeps its size; on a
/// narrow screen the theme may hide every other year (`class="alt"`) and the
/// value labels, which the table repeats.
pub fn trend_line(data: &[Datum], text: &ChartText, id: &str) -> String {
    let plot_height = 200.0;
    let top = 34.0;
    let note_height = if text.note.is_empty() { 0.0 } else { 20.0 };
    let height = top + plot_height + 60.0 + note_height;
    let n = data.len().max(1);
    // From 8 % to 92 % of the width: the scale's numbers sit at the left,
    // and the last year's label fits on the right at 320 px.
    let x = |i: usize| {
        if n > 1 {
            8.0 + 84.0 * i as f64 / (n - 1) as f64
        } else {
            52.0
        }
    };
    let y = |v: f64| top + (1.0 - better_fraction(v)) * plot_height;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart chart-trend" width="100%" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><text class="legend" x="0" y="14">{}</text>"#,
        escape(text.title),
        escape(text.desc),
        escape(text.legend)
    );
    for tick in 1..=7 {
        let ty = y(tick as f64);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="4%" y1="{ty:.1}" x2="100%" y2="{ty:.1}"/><text class="tick" x="0" y="{:.1}">{tick}</text>"#,
            ty + 4.0
        );
    }
    // Line segments only between consecutive known values.
    for (i, pair) in data.windows(2).enumerate() {
        if let (Some(a), Some(b)) = (pair[0].value, pair[1].value) {
            let _ = write!(
                svg,
                r#"<line class="line" x1="{:.2}%" y1="{:.1}" x2="{:.2}%" y2="{:.1}"/>"#,
                x(i),
                y(a),
                x(i + 1),
                y(b)
            );
        }
    }
    for (i, d) in data.iter().enumerate() {
        let px = x(i);
        // Every other year may be hidden on narrow screens; never the last.
        let alt = if (n - 1 - i) % 2 == 1 { " alt" } else { "" };
        let _ = write!(
            svg,
            r#"<text class="tick year{alt}" x="{px:.2}%" y="{:.1}" text-anchor="middle">{}</text>"#,
            top + plot_height + 22.0,
            escape(&d.label)
        );
        if let Some(v) = d.value {
            let shown = format_number(v, 1, text.lang);
            let _ = write!(
                svg,
                r#"<circle class="point" cx="{px:.2}%" cy="{:.1}" r="5"><title>{}: {shown}</title></circle><text class="value" x="{px:.2}%" y="{:.1}" text-anchor="middle">{shown}</text>"#,
                y(v),
                escape(&d.label),
                y(v) - 10.0
            );
        }
    }
    let _ = write!(
        svg,
        r#"<text class="axis-label" x="0" y="{:.1}">{}</text>"#,
        height - 6.0 - note_height,
        escape(text.value_axis)
    );
    if !text.note.is_empty() {
        let _ = write!(
            svg,
            r#"<text class="label legend" x="0" y="{:.1}">{}</text>"#,
            height - 6.0,
            escape(text.note)
        );
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
            legend: "Garāka josla ir labāks vērtējums",
            note: "",
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
        // No viewBox: the chart takes the width it is given and keeps its text size.
        assert!(!svg.contains("viewBox"));
    }

    #[test]
    fn a_better_score_is_a_longer_bar() {
        let data = vec![
            Datum {
                label: "A".into(),
                value: Some(2.0),
            },
            Datum {
                label: "B".into(),
                value: Some(5.0),
            },
        ];
        let svg = dimension_bars(&data, &text(), "c");
        let widths: Vec<f64> = svg
            .split("<rect class=\"bar\"")
            .skip(1)
            .map(|r| {
                let w = r.split("width=\"").nth(1).unwrap();
                w[..w.find('%').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(widths.len(), 2);
        assert!(widths[0] > widths[1], "2.0 is better than 5.0: {widths:?}");
        assert!(svg.contains("Garāka josla ir labāks vērtējums"));
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
        // 2009–2010 and 2012–2013: two segments; none across the gap.
        assert_eq!(svg.matches("<line class=\"line\"").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 4);
    }
}
