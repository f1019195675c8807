//! The localised fields of the data files whose translations are tracked
//! (member descriptions, area names, summaries and descriptions, report
//! titles, summaries and dimension summaries, event titles, place names,
//! summaries and descriptions; addresses are names, not translated) and the lines each language's
//! text is written on, so that git blame can tell which changed last.

use std::collections::HashMap;

use crate::collections::SiteData;
use crate::i18n::LocalisedText;

/// One localised field of one data item.
pub struct Field<'a> {
    /// The table section: `members`, `areas`, `reports`, `events`.
    pub section: &'static str,
    /// The file, relative to the site folder.
    pub file: String,
    /// What it is: `cekuru-draugi: description`.
    pub item: String,
    pub text: &'a LocalisedText,
    /// The line its item starts on (1-based), and the key path inside it.
    pub start: usize,
    pub path: Vec<&'static str>,
}

fn shown(path: &std::path::Path) -> String {
    crate::paths::to_slash(path)
}

/// Every tracked field, in file order.
pub fn fields(data: &SiteData) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    for m in &data.members {
        if let Some(text) = &m.description {
            out.push(Field {
                section: "members",
                file: shown(&data.members_file),
                item: format!("{}: description", m.id.value),
                text,
                start: m.id.referenced.line() as usize,
                path: vec!["description"],
            });
        }
    }
    for a in &data.areas {
        let start = a.id.referenced.line() as usize;
        for (key, text) in [
            ("name", Some(&a.name)),
            ("summary", a.summary.as_ref()),
            ("description", a.description.as_ref()),
        ] {
            if let Some(text) = text {
                out.push(Field {
                    section: "areas",
                    file: shown(&data.areas_file),
                    item: format!("{}: {key}", a.id.value),
                    text,
                    start,
                    path: vec![key],
                });
            }
        }
    }
    for r in &data.reports {
        let year = r.report.year.value;
        let file = shown(&r.file);
        let report = &r.report;
        out.push(Field {
            section: "reports",
            file: file.clone(),
            item: format!("{year}: title"),
            text: &report.title,
            start: 1,
            path: vec!["title"],
        });
        if let Some(text) = &report.summary {
            out.push(Field {
                section: "reports",
                file: file.clone(),
                item: format!("{year}: summary"),
                text,
                start: 1,
                path: vec!["summary"],
            });
        }
        for (key, dimension) in report.dimensions.in_order() {
            if let Some(text) = dimension.and_then(|d| d.summary.as_ref()) {
                out.push(Field {
                    section: "reports",
                    file: file.clone(),
                    item: format!("{year}: {key} summary"),
                    text,
                    start: 1,
                    path: vec!["dimensions", key, "summary"],
                });
            }
        }
    }
    event_fields(data, &mut out);
    out
}

/// The tracked fields of the events (addresses are names: not translated).
fn event_fields<'a>(data: &'a SiteData, out: &mut Vec<Field<'a>>) {
    for e in &data.events {
        let place = e.place.as_ref();
        for (key, text, path) in [
            ("title", Some(&e.title), vec!["title"]),
            ("place", place.map(|p| &p.name), vec!["place", "name"]),
            ("summary", e.summary.as_ref(), vec!["summary"]),
            ("body", e.body.as_ref(), vec!["body"]),
        ] {
            if let Some(text) = text {
                out.push(Field {
                    section: "events",
                    file: shown(&e.file),
                    item: format!("{}: {key}", e.id),
                    text,
                    start: 1,
                    path,
                });
            }
        }
    }
}

/// The lines (1-based) each language's text of a field is written on, found
/// by following the key path from line `start`. A field written on one line
/// (`name: {lv: …, en: …}` or a plain string) gives one line for every
/// language: a change to either is then a change to both.
pub fn language_lines(text: &str, start: usize, path: &[&str]) -> HashMap<String, Vec<usize>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut result = HashMap::new();
    let mut position = start.saturating_sub(1);
    let mut parent: Option<usize> = None;
    let mut key_line = None;
    for key in path {
        let found = (position..lines.len()).find_map(|i| {
            let (column, rest) = key_at(lines[i])?;
            let deeper = parent.is_none_or(|p| column > p);
            (deeper && rest.strip_prefix(key)?.starts_with(':')).then_some((i, column))
        });
        let Some((i, column)) = found else {
            return result;
        };
        position = i + 1;
        parent = Some(column);
        key_line = Some((i, column));
    }
    let Some((i, column)) = key_line else {
        return result;
    };
    let after_key = lines[i][column..]
        .split_once(':')
        .map_or("", |(_, v)| v.trim());
    if !after_key.is_empty() && !after_key.starts_with('#') {
        result.insert(String::new(), vec![i + 1]);
        return result;
    }
    let mut current: Option<(String, usize)> = None;
    for (j, line) in lines.iter().enumerate().skip(i + 1) {
        let Some((col, rest)) = key_at(line) else {
            // Blank and comment lines belong to the text they are in.
            if let Some((lang, _)) = &current {
                result
                    .entry(lang.clone())
                    .or_insert_with(Vec::new)
                    .push(j + 1);
            }
            continue;
        };
        if col <= column {
            break;
        }
        let starts_language = rest.split_once(':').filter(|(k, _)| {
            k.len() <= 8 && k.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
        });
        match (&current, starts_language) {
            (Some((_, c)), _) if col > *c => {}
            (_, Some((lang, _))) => current = Some((lang.to_string(), col)),
            _ => {}
        }
        if let Some((lang, _)) = &current {
            result
                .entry(lang.clone())
                .or_insert_with(Vec::new)
                .push(j + 1);
        }
    }
    result
}

/// The column where a line's key (or text) starts, after the indentation
/// and a list dash; `None` for blank and comment lines.
fn key_at(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    let mut column = line.len() - trimmed.len();
    let mut rest = trimmed;
    if let Some(after) = rest.strip_prefix("- ") {
        let inner = after.trim_start();
        column += rest.len() - inner.len();
        rest = inner;
    }
    (!rest.is_empty() && !rest.starts_with('#')).then_some((column, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBERS: &str = "- id: a\n  description:\n    lv: \"Viens\"\n    en: >\n      One\n      more\n  kind: other\n- id: b\n  description: {lv: X, en: Y}\n";

    #[test]
    fn each_language_has_its_lines() {
        let lines = language_lines(MEMBERS, 1, &["description"]);
        assert_eq!(lines["lv"], vec![3]);
        assert_eq!(lines["en"], vec![4, 5, 6]);
    }

    #[test]
    fn a_one_line_field_is_one_line_for_all() {
        let lines = language_lines(MEMBERS, 8, &["description"]);
        assert_eq!(lines[""], vec![9]);
    }

    #[test]
    fn nested_keys_are_followed() {
        let text = "year: 2020\ndimensions:\n  advocacy:\n    score: 2\n    summary:\n      lv: a\n      en: b\n";
        let lines = language_lines(text, 1, &["dimensions", "advocacy", "summary"]);
        assert_eq!(lines["en"], vec![7]);
    }
}
