//! Checks a YAML tree against the JSON Schema of the Rust type that reads it
//! (the same schema `alianse schema` writes), collecting every problem with
//! its line: each unknown key, each missing key, each value of the wrong kind
//! or outside its range, in every record of the file. Typed reading stops at
//! the first problem; this is what lets one build report them all.

use std::path::Path;

use serde_json::Value as Json;

use super::tree::{Node, Value};
use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::messages::Message;

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
    message: Message,
    help: Message,
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
                label(key, msg!("yaml.expected-localised")),
                msg!("yaml.expected-localised-help"),
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
            .reduce(|a, b| msg!("yaml.either", first = a, second = b))
            .unwrap_or_else(|| Message::literal(""));
        out.push(problem(
            node,
            ErrorKind::Yaml,
            label(
                key,
                msg!(
                    "yaml.wrong-kind",
                    wanted = wanted,
                    found = found_name(&node.value)
                ),
            ),
            help_for_kind(types.first().copied().unwrap_or("")),
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
            Some(best) => msg!("yaml.did-you-mean", best = best),
            None => msg!("yaml.use-one-of", values = names.join(", ")),
        };
        out.push(problem(
            node,
            ErrorKind::Yaml,
            label(key, msg!("yaml.unknown-value", value = &text)),
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
                        Some(best) => msg!("yaml.did-you-mean", best = best),
                        None => msg!("yaml.allowed-keys", keys = known.join(", ")),
                    };
                    out.push(problem(
                        k,
                        ErrorKind::UnknownKey,
                        msg!("yaml.unknown-key", key = &name),
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
                    msg!("yaml.missing-key", key = required),
                    msg!("yaml.missing-key-help", key = required),
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
            label(key, msg!("yaml.not-a-number", value = &shown)),
            msg!("yaml.not-a-number-help"),
        ));
        return;
    }
    let min = schema.get("minimum").and_then(Json::as_f64);
    let max = schema.get("maximum").and_then(Json::as_f64);
    if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
        let help = match (min, max) {
            (Some(a), Some(b)) => msg!("yaml.range.between", min = a, max = b),
            (Some(a), None) => msg!("yaml.range.at-least", min = a),
            (None, Some(b)) => msg!("yaml.range.at-most", max = b),
            (None, None) => Message::literal(""),
        };
        out.push(problem(
            node,
            ErrorKind::InvalidValue,
            label(key, msg!("yaml.out-of-range", value = &shown)),
            help,
        ));
    }
}

fn problem(node: &Node, kind: ErrorKind, message: Message, help: Message) -> Problem {
    Problem {
        line: node.line,
        column: node.column,
        kind,
        message,
        help,
    }
}

/// "`key`: message", or the message alone at the top level.
fn label(key: &str, message: Message) -> Message {
    if key.is_empty() {
        message
    } else {
        msg!("yaml.at-key", key = key, message = message)
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

fn kind_name(ty: &str) -> Message {
    match ty {
        "integer" => msg!("yaml.kind.integer"),
        "number" => msg!("yaml.kind.number"),
        "string" => msg!("yaml.kind.string"),
        "boolean" => msg!("yaml.kind.boolean"),
        "array" => msg!("yaml.kind.array"),
        "object" => msg!("yaml.kind.object"),
        other => Message::literal(other),
    }
}

fn found_name(value: &Value) -> Message {
    match value {
        Value::Null => msg!("yaml.kind.null"),
        Value::Bool(_) => msg!("yaml.kind.true-false"),
        Value::Int(_) => msg!("yaml.kind.integer"),
        Value::Float(_) => msg!("yaml.kind.number"),
        Value::Str(_) => msg!("yaml.kind.string"),
        Value::Seq(_) => msg!("yaml.kind.array"),
        Value::Map(_) => msg!("yaml.kind.object"),
    }
}

fn help_for_kind(ty: &str) -> Message {
    match ty {
        "integer" => msg!("yaml.help.integer"),
        "number" => msg!("yaml.help.number"),
        "boolean" => msg!("yaml.help.boolean"),
        "array" => msg!("yaml.help.array"),
        "object" => msg!("yaml.help.object"),
        _ => msg!("yaml.help.string"),
    }
}
