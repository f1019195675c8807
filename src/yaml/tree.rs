//! A YAML document as a tree of nodes that each know their line and column,
//! read by serde-saphyr (same budgets as typed reading). Messages find where a
//! key or a value is written through this tree, never by searching the text,
//! and [`super::shape`] checks a whole document against its schema with it.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::error::Diagnostic;

/// One node of a YAML document with the place it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// 1-based line in the text that was parsed (0 when unknown).
    pub line: usize,
    pub column: usize,
    pub value: Value,
}

/// What a node holds. Mapping entries keep their order and their keys' places.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// One step of a path into a tree: a mapping key or a list index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl Node {
    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node under `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_key() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The node at `path`, if every step exists.
    pub fn at(&self, path: &[Step]) -> Option<&Node> {
        path.iter()
            .try_fold(self, |node, step| match (step, &node.value) {
                (Step::Key(k), _) => node.get(k),
                (Step::Index(i), Value::Seq(items)) => items.get(*i),
                _ => None,
            })
    }

    /// The line of the key at the end of `path` (of the value for an index), or 0.
    pub fn key_line(&self, path: &[Step]) -> usize {
        let Some((last, parent)) = path.split_last() else {
            return self.line;
        };
        let Some(parent) = self.at(parent) else {
            return 0;
        };
        match last {
            Step::Key(k) => parent.entry(k).map_or(0, |(key, _)| key.line),
            Step::Index(i) => match &parent.value {
                Value::Seq(items) => items.get(*i).map_or(0, |n| n.line),
                _ => 0,
            },
        }
    }

    /// The text of a scalar used as a mapping key.
    pub fn as_key(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar (numbers and booleans as written by Rust).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// How deep a tree may nest (typed reading allows more; see [`parse`]).
pub const MAX_TREE_DEPTH: usize = 16;

/// Parses `text` (the contents of `file`) into a tree. Lines are those of
/// `text`; `line_offset` only moves the line of a syntax error's message.
pub fn parse(text: &str, file: &Path, line_offset: usize) -> Result<Node, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Node {
            line: 1,
            column: 1,
            value: Value::Null,
        });
    }
    let mut options = super::options();
    // Kept in the tree, so that the shape check can say where they are.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    // Each level of a tree is a few nested calls with large frames: a
    // shallower limit than typed reading keeps any input far from the end
    // of a thread's stack. Real documents nest a handful of levels.
    if let Some(budget) = options.budget.as_mut() {
        budget.max_depth = MAX_TREE_DEPTH;
    }
    let spanned: Spanned<Value> = super::parse_with(text, file, line_offset, options)?;
    Ok(node(spanned))
}

fn node(spanned: Spanned<Value>) -> Node {
    Node {
        line: spanned.referenced.line() as usize,
        column: spanned.referenced.column() as usize,
        value: spanned.value,
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i128::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(node(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Spanned<Value>, Spanned<Value>>()? {
            entries.push((node(key), node(value)));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        parse(text, Path::new("t.yaml"), 0).unwrap()
    }

    #[test]
    fn every_node_knows_its_line() {
        let t = tree("# email: 'it''s'\n- id: a\n  email: 'it''s'\n- id: b\n  joined: 2012\n");
        assert_eq!(t.at(&[Step::Index(1)]).unwrap().line, 4);
        let email = t.at(&[Step::Index(0), Step::Key("email")]).unwrap();
        assert_eq!(email.value, Value::Str("it's".into()));
        assert_eq!(email.line, 3);
        assert_eq!(t.key_line(&[Step::Index(1), Step::Key("joined")]), 5);
        assert_eq!(
            t.at(&[Step::Index(1), Step::Key("joined")]).unwrap().value,
            Value::Int(2012)
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(parse(&deep, Path::new("t.yaml"), 0).is_err());
        // The deepest allowed tree fits a small stack, with room to spare.
        let allowed = format!(
            "{}1{}",
            "[".repeat(MAX_TREE_DEPTH - 1),
            "]".repeat(MAX_TREE_DEPTH - 1)
        );
        let parsed = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || parse(&allowed, Path::new("t.yaml"), 0).is_ok())
            .unwrap()
            .join()
            .unwrap();
        assert!(parsed);
    }

    #[test]
    fn flow_mappings_and_large_integers() {
        let t = tree("a: {b: 9007199254740993, c: 1.5}\n");
        assert_eq!(
            t.at(&[Step::Key("a"), Step::Key("b")]).unwrap().value,
            Value::Int(9_007_199_254_740_993)
        );
        assert_eq!(t.key_line(&[Step::Key("a"), Step::Key("c")]), 1);
    }
}
