//! The localised fields of the data files whose translations are tracked
//! (each collection names its own: `Collection::tracked_fields`) and the
//! lines each language's text is written on, so that git blame can tell
//! which changed last.

use std::collections::HashMap;

use crate::collections::{Collection, SiteData};

/// One localised field of one data item (each collection names its own).
pub(crate) use crate::collections::tracked::TrackedField as Field;

/// Every tracked field, collection by collection, in file order.
pub(crate) fn fields(data: &SiteData) -> Vec<Field<'_>> {
    Collection::ALL
        .iter()
        .flat_map(|c| c.tracked_fields(data))
        .collect()
}

/// The lines (1-based) each language's text of a field is written on, found
/// by following the key path from line `start`. A field written on one line
/// (`name: {lv: …, en: …}` or a plain string) gives one line for every
/// language: a change to either is then a change to both.
pub(crate) fn language_lines(
    text: &str,
    start: usize,
    path: &[&str],
) -> HashMap<String, Vec<usize>> {
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
