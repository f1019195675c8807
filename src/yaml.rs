//! Reading YAML into typed values with serde-saphyr, under input budgets, and
//! turning its errors into diagnostics with file, line and a hint. [`tree`]
//! reads a document with the place of every node, and [`shape`] checks it
//! against a schema to report every problem of a file at once.

pub mod shape;
pub mod tree;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::messages::Message;

/// Limits that keep hostile or broken YAML (alias bombs, deep nesting, huge
/// documents) from exhausting memory or time. Generous for real sites: a
/// members list of tens of thousands of entries still fits.
fn budget() -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = Some(64 * 1024 * 1024);
    budget.max_events = 4_000_000;
    budget.max_nodes = 2_000_000;
    budget.max_aliases = 10_000;
    budget.max_anchors = 10_000;
    budget.max_depth = 64;
    budget.max_documents = 1;
    budget
}

/// Limits on replaying aliases (`*name`): an alias bomb of a few lines that
/// would expand to billions of nodes stops after a few thousand. Real content
/// uses aliases rarely, if at all.
fn alias_limits() -> serde_saphyr::options::AliasLimits {
    let mut limits = serde_saphyr::options::AliasLimits::default();
    limits.max_total_replayed_events = 200_000;
    limits.max_replay_stack_depth = 16;
    limits.max_alias_expansions_per_anchor = 10_000;
    limits
}

/// Parses `text` (the contents of `file`) as `T`. `line_offset` is added to
/// reported lines, for YAML embedded in a larger file (front matter).
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    crate::safe_text::check_yaml(text, file, line_offset)?;
    let mut options = options();
    // `.nan` and `.inf` are never a meaningful score or figure.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::Reject;
    parse_with(text, file, line_offset, options)
}

/// The reading options: budgets and alias limits.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget());
    options.alias_limits = alias_limits();
    options
}

fn parse_with<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    line_offset: usize,
    options: serde_saphyr::Options,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options)
        .map_err(|e| to_diagnostic(&e, text, file, line_offset))
}

/// [`parse`], reporting every problem of the document: when typed reading
/// fails, the document is checked against the JSON Schema of `T`, so that
/// all unknown keys and wrong values of the file are listed, not the first.
pub fn parse_all<T: DeserializeOwned + schemars::JsonSchema>(
    text: &str,
    file: &Path,
    line_offset: usize,
) -> Result<T, Vec<Diagnostic>> {
    let first = match parse::<T>(text, file, line_offset) {
        Ok(value) => return Ok(value),
        Err(d) => d,
    };
    let Ok(node) = tree::parse(text, file, line_offset) else {
        return Err(vec![first]);
    };
    let schema = serde_json::Value::from(schemars::schema_for!(T));
    let mut all = shape::check(&node, &schema, file, text, line_offset);
    // The typed reader may know something the schema does not say (but a
    // missing key it reports at another place is the same problem).
    if !all
        .iter()
        .any(|d| d.line == first.line || d.message == first.message)
    {
        all.push(first);
    }
    all.sort_by_key(|d| (d.line, d.column));
    Err(all)
}

fn to_diagnostic(
    error: &serde_saphyr::Error,
    text: &str,
    file: &Path,
    line_offset: usize,
) -> Diagnostic {
    let (line, column) = error
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let raw = error.without_snippet().to_string();
    let message = strip_location_suffix(&raw).to_string();
    let (kind, message, mut help) = explain(&message, text, (line, column), line_offset);
    if kind == ErrorKind::Yaml && tab_indented(text, line) {
        help = Some(msg!("yaml.help.tab"));
    }
    let mut d = Diagnostic::error(kind, message)
        .in_file(file)
        .at(line, column)
        .with_source(text);
    // The snippet is taken from `text`; shift the number shown afterwards so that
    // the line number is the line in the whole file.
    if line > 0 {
        d.line = Some(line + line_offset);
    }
    if let Some(help) = help {
        d = d.with_help(help);
    }
    d
}

/// serde-saphyr appends " at line N, column M"; the diagnostic shows the place itself.
fn strip_location_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

/// Whether line `line` (1-based) of `text`, or a line next to it (the
/// parser may stop just before or after), is indented with a tab, which
/// YAML does not allow.
fn tab_indented(text: &str, line: usize) -> bool {
    let first = line.saturating_sub(2);
    text.lines()
        .skip(first)
        .take(line + 1 - first)
        .any(|l| l[..l.len() - l.trim_start().len()].contains('\t'))
}

/// The line of the first `key:` in the same block mapping as the repeated
/// one at `line`:`column` (1-based): the nearest earlier line with a key in
/// that column, before a line with a key further left or the `- ` that
/// starts the list entry the mapping is in.
fn first_occurrence(text: &str, key: &str, line: usize, column: usize) -> Option<usize> {
    let col = column.checked_sub(1)?;
    let earlier: Vec<&str> = text.lines().take(line.saturating_sub(1)).collect();
    for (i, l) in earlier.iter().enumerate().rev() {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let start = l.len() - l.trim_start_matches([' ', '-']).len();
        if start < col {
            return None;
        }
        if start == col {
            if l[col..].starts_with(key) && l[col + key.len()..].starts_with(':') {
                return Some(i + 1);
            }
            if l[..col].contains('-') {
                return None;
            }
        }
    }
    None
}

/// serde-saphyr's "duplicate mapping key: KEY, set DuplicateKeyPolicy …"
/// (`rest` follows the colon): the key and the line it first appeared on,
/// without the advice for programmers.
fn repeated_key(
    rest: &str,
    text: &str,
    (line, column): (usize, usize),
    line_offset: usize,
) -> (ErrorKind, Message, Option<Message>) {
    let key = rest.rsplit_once(", set ").map_or(rest, |(k, _)| k);
    let message = match first_occurrence(text, key, line, column) {
        Some(first) => msg!(
            "yaml.duplicate-key-at",
            key = key,
            line = first + line_offset
        ),
        None => msg!("yaml.duplicate-key", key = key),
    };
    (ErrorKind::Yaml, message, Some(msg!("yaml.help.duplicate")))
}

/// Rewrites the parser's wording into what an editor needs to read; `text`
/// and the place locate a repeated key's first appearance (`line_offset`
/// as in [`parse`]).
fn explain(
    message: &str,
    text: &str,
    (line, column): (usize, usize),
    line_offset: usize,
) -> (ErrorKind, Message, Option<Message>) {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        return repeated_key(rest, text, (line, column), line_offset);
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = tail
            .split_once("expected one of ")
            .or_else(|| tail.split_once("expected "))
            .map(|(_, list)| list.split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        let help = match did_you_mean(name, expected.iter().copied()) {
            Some(best) => msg!("yaml.did-you-mean", best = best),
            None if expected.is_empty() => msg!("yaml.remove-key"),
            None => msg!("yaml.allowed-keys", keys = expected.join(", ")),
        };
        return (
            ErrorKind::UnknownKey,
            msg!("yaml.unknown-key", key = name),
            Some(help),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return (
            ErrorKind::Yaml,
            msg!("yaml.missing-key", key = name),
            Some(msg!("yaml.missing-key-help", key = name)),
        );
    }
    if message.contains("budget") || message.contains("limit") {
        return (
            ErrorKind::Yaml,
            msg!("yaml.too-large", message = message),
            Some(msg!("yaml.too-large-help")),
        );
    }
    if message.contains("untagged enum LocalisedText") {
        return (
            ErrorKind::Yaml,
            msg!("yaml.expected-localised"),
            Some(msg!("yaml.expected-localised-help")),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = tail
            .split_once("expected one of ")
            .or_else(|| tail.split_once("expected "))
            .map(|(_, list)| list.split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        let help = match did_you_mean(value, expected.iter().copied()) {
            Some(best) => msg!("yaml.did-you-mean", best = best),
            None => msg!("yaml.use-one-of", values = expected.join(", ")),
        };
        return (
            ErrorKind::Yaml,
            msg!("yaml.unknown-value", value = value),
            Some(help),
        );
    }
    (
        ErrorKind::Yaml,
        msg!("yaml.invalid", message = message),
        Some(help_for(message)),
    )
}

/// What to do about the parser's other complaints.
fn help_for(message: &str) -> Message {
    let m = message.to_ascii_lowercase();
    if m.contains("invalid boolean") {
        msg!("yaml.help.boolean")
    } else if m.contains("invalid i64")
        || m.contains("invalid u64")
        || m.contains("invalid usize")
        || m.contains("invalid integer")
    {
        msg!("yaml.help.integer")
    } else if m.contains("floating point") || m.contains("invalid f64") {
        msg!("yaml.help.number")
    } else if m.contains("expected string") {
        msg!("yaml.help.string")
    } else if m.contains("expected sequence") {
        msg!("yaml.help.array")
    } else if m.contains("expected mapping") || m.contains("expected map") {
        msg!("yaml.help.object")
    } else if m.contains("end of input") || m.contains("unexpected eof") {
        msg!("yaml.help.eof")
    } else if m.contains("duplicate") {
        msg!("yaml.help.duplicate")
    } else {
        msg!("yaml.help.syntax")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        weight: Option<i64>,
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let e = parse::<Sample>("title: a\ntitel: b\n", Path::new("x.yaml"), 0).unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnknownKey);
        assert_eq!(e.line, Some(2));
        assert_eq!(e.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn line_offset_moves_the_line() {
        let e = parse::<Sample>("title: a\nweight: x\n", Path::new("x.md"), 1).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.source_line.as_deref(), Some("weight: x"));
    }

    #[test]
    fn a_repeated_key_names_the_key_and_its_first_line() {
        let text = "- id: a\n  name: A\n- id: b\n  name: B\n  # note\n  id: c\n";
        let e = parse::<Vec<serde_json::Value>>(text, Path::new("x.yaml"), 0).unwrap_err();
        assert_eq!(e.line, Some(6));
        assert_eq!(
            e.message.to_string(),
            "the key `id` appears twice (first on line 3)"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("each key may appear only once; remove one of them")
        );
        // In front matter the first line is counted in the whole file.
        let e =
            parse::<Sample>("title: a\nweight: 1\ntitle: b\n", Path::new("x.md"), 1).unwrap_err();
        assert_eq!(
            (e.line, e.message.to_string()),
            (
                Some(4),
                "the key `title` appears twice (first on line 2)".to_string()
            )
        );
        // A flow mapping on one line: the key, without a line.
        let e = parse::<Sample>("{title: a, title: b}\n", Path::new("x.yaml"), 0).unwrap_err();
        assert_eq!(e.message.to_string(), "the key `title` appears twice");
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let e = parse::<Vec<serde_json::Value>>("- id: a\n\tname: A\n", Path::new("x.yaml"), 0)
            .unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some(
                "YAML does not allow tabs for indentation: indent with spaces (most editors can convert tabs to spaces)"
            )
        );
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let r = parse::<std::collections::BTreeMap<String, Vec<serde::de::IgnoredAny>>>(
            &bomb,
            Path::new("bomb.yaml"),
            0,
        );
        assert!(r.is_err());
    }
}
