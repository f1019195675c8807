//! Checks a YAML tree against the JSON Schema of the Rust type that reads it
//! (the same schema `alianse schema` writes), collecting every problem with
//! its line: each unknown key, each missing key, each value of the wrong kind
//! or outside its range, in every record of the file. Typed reading stops at
//! the first problem; this is what lets one build report them all.

use std::path::Path;

use serde_json::Value as Json;

use super::tree::{Node, Value};
use crate::error::{Diagnostic, ErrorKind, did_you_mean};

/// Every problem of `node` against `schema` (a schemars root schema).
pub fn check(
    node: &Node,
    schema: &Json,
    file: &Path,
    text: &str,
    line_offset: usize,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    Checker { root: schema }.node(node, schema, "", &mut found);
    found
        .into_iter()
        .map(|p| {
            let mut d = Diagnostic::error(p.kind, p.message)
                .in_file(file)
                .at(p.line, p.column)
                .with_source(text)
                .with_help(p.help);
            if p.line > 0 {
                d.line = Some(p.line + line_offset);
            }
            d
        })
        .collect()
}

struct Problem {
    line: usize,
    column: usize,
    kind: ErrorKind,
    message: String,
    help: String,
}

struct Checker<'a> {
    root: &'a Json,
}

impl<'a> Checker<'a> {
    /// Follows `$ref: "#/$defs/Name"` to the definition.
    fn resolve(&self, mut schema: &'a Json) -> &'a Json {
        for _ in 0..32 {
            let Some(name) = schema
                .get("$ref")
                .and_then(Json::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            else {
                break;
            };
            match self.root.get("$defs").and_then(|d| d.get(name)) {
                Some(next) => schema = next,
                None => break,
            }
        }
        schema
    }

    fn node(&self, node: &Node, schema: &'a Json, key: &str, out: &mut Vec<Problem>) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            self.any_of(node, branches, key, out);
            return;
        }
        if !self.kind_fits(node, schema, key, out) {
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
            self.one_of_values(node, allowed, key, out);
        }
        match &node.value {
            Value::Int(_) | Value::Float(_) => range(node, schema, key, out),
            Value::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.node(item, item_schema, key, out);
                    }
                }
            }
            Value::Map(entries) => self.map(node, entries, schema, out),
            _ => {}
        }
    }

    /// A value that must fit one of several schemas: fine when one fits;
    /// otherwise the problems of the branch of the node's own kind.
    fn any_of(&self, node: &Node, branches: &'a [Json], key: &str, out: &mut Vec<Problem>) {
        let mut best: Option<Vec<Problem>> = None;
        for branch in branches {
            let mut found = Vec::new();
            self.node(node, branch, key, &mut found);
            if found.is_empty() {
                return;
            }
            let same_kind = types_of(self.resolve(branch))
                .iter()
                .any(|t| fits(&node.value, t));
            if same_kind || best.is_none() {
                best = Some(found);
            }
        }
        let localised = branches.iter().any(|b| {
            b.get("$ref")
                .and_then(Json::as_str)
                .is_some_and(|r| r.ends_with("/LocalisedText"))
        }) || branches.len() == 2
            && branches
                .iter()
                .all(|b| matches!(types_of(b).as_slice(), ["string"] | ["object"]));
        if localised && !matches!(node.value, Value::Map(_)) {
            out.push(problem(
                node,
                ErrorKind::Yaml,
                format!("{}expected text, or a text per language", label(key)),
                "write `key: Text` or `key: {lv: \"Teksts\", en: \"Text\"}`".into(),
            ));
            return;
        }
        out.extend(best.unwrap_or_default());
    }

    fn kind_fits(&self, node: &Node, schema: &Json, key: &str, out: &mut Vec<Problem>) -> bool {
        let types = types_of(schema);
        if types.is_empty() || types.iter().any(|t| fits(&node.value, t)) {
            return true;
        }
        let wanted = types
            .iter()
            .filter(|t| **t != "null")
            .map(|t| kind_name(t))
            .collect::<Vec<_>>()
            .join(" or ");
        out.push(problem(
            node,
            ErrorKind::Yaml,
            format!(
                "{}expected {wanted}, found {}",
                label(key),
                found_name(&node.value)
            ),
            help_for_kind(types.first().copied().unwrap_or("")).into(),
        ));
        false
    }

    fn one_of_values(&self, node: &Node, allowed: &[Json], key: &str, out: &mut Vec<Problem>) {
        let Some(text) = node.scalar_text() else {
            return;
        };
        let names: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
        if names.contains(&text.as_str()) {
            return;
        }
        let help = match did_you_mean(&text, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of: {}", names.join(", ")),
        };
        out.push(problem(
            node,
            ErrorKind::Yaml,
            format!("{}unknown value `{text}`", label(key)),
            help,
        ));
    }

    fn map(&self, node: &Node, entries: &[(Node, Node)], schema: &'a Json, out: &mut Vec<Problem>) {
        let properties = schema.get("properties").and_then(Json::as_object);
        let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
        let extra = schema.get("additionalProperties").filter(|s| s.is_object());
        for (k, v) in entries {
            let name = k.scalar_text().unwrap_or_default();
            match properties.and_then(|p| p.get(&name)) {
                Some(s) => self.node(v, s, &name, out),
                None if closed => {
                    let known: Vec<&str> = properties
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let help = match did_you_mean(&name, known.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("remove it; the allowed keys are: {}", known.join(", ")),
                    };
                    out.push(problem(
                        k,
                        ErrorKind::UnknownKey,
                        format!("unknown key `{name}`"),
                        help,
                    ));
                }
                None => {
                    if let Some(s) = extra {
                        self.node(v, s, &name, out);
                    }
                }
            }
        }
        for required in schema
            .get("required")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
        {
            if node.get(required).is_none() {
                out.push(problem(
                    node,
                    ErrorKind::Yaml,
                    format!("missing required key `{required}`"),
                    format!("add `{required}:` with a value"),
                ));
            }
        }
    }
}

/// `minimum`/`maximum` of the schema, and numbers a float cannot hold exactly.
fn range(node: &Node, schema: &Json, key: &str, out: &mut Vec<Problem>) {
    let (shown, value) = match node.value {
        Value::Int(i) => (i.to_string(), i as f64),
        Value::Float(f) => (f.to_string(), f),
        _ => return,
    };
    if !value.is_finite() {
        out.push(problem(
            node,
            ErrorKind::InvalidValue,
            format!("{}{shown} is not a number", label(key)),
            "write a number such as 2.5; .nan and .inf cannot be published".into(),
        ));
        return;
    }
    let min = schema.get("minimum").and_then(Json::as_f64);
    let max = schema.get("maximum").and_then(Json::as_f64);
    if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
        let bounds = match (min, max) {
            (Some(a), Some(b)) => format!("from {a} to {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        };
        out.push(problem(
            node,
            ErrorKind::InvalidValue,
            format!("{}{shown} is out of range", label(key)),
            format!("write a number {bounds}"),
        ));
    }
}

fn problem(node: &Node, kind: ErrorKind, message: String, help: String) -> Problem {
    Problem {
        line: node.line,
        column: node.column,
        kind,
        message,
        help,
    }
}

fn label(key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        format!("`{key}`: ")
    }
}

fn types_of(schema: &Json) -> Vec<&str> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether a YAML value can be read as a JSON Schema type. Plain scalars can
/// be read as text (serde-saphyr keeps their spelling).
fn fits(value: &Value, ty: &str) -> bool {
    matches!(
        (ty, value),
        ("null", Value::Null)
            | ("boolean", Value::Bool(_))
            | ("integer", Value::Int(_))
            | ("number", Value::Int(_) | Value::Float(_))
            | (
                "string",
                Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)
            )
            | ("array", Value::Seq(_))
            | ("object", Value::Map(_))
    )
}

fn kind_name(ty: &str) -> &str {
    match ty {
        "integer" => "a whole number",
        "number" => "a number",
        "string" => "text",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "`key: value` lines",
        other => other,
    }
}

fn found_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Int(_) => "a whole number",
        Value::Float(_) => "a number",
        Value::Str(_) => "text",
        Value::Seq(_) => "a list",
        Value::Map(_) => "`key: value` lines",
    }
}

fn help_for_kind(ty: &str) -> &'static str {
    match ty {
        "integer" => "write a whole number without quotes, e.g. 2012",
        "number" => "write a number without quotes, with a decimal point, e.g. 2.5",
        "boolean" => "write true or false",
        "array" => "write a list here: one `- ` line per entry",
        "object" => "write `key: value` lines here",
        _ => {
            "write text here, not a list or a map; put it in quotes if it contains `: `, `[` or `{`"
        }
    }
}
