//! Open data: the tables a site publishes for reuse, written as CSV
//! (RFC 4180), JSON and one Frictionless Data Package (`datapackage.json`)
//! describing them, plus JSON-LD safely embedded in a page.
//!
//! Ground floor: it knows nothing about members or reports. Each collection
//! builds a [`Table`] (name, title, typed fields, rows); [`package_files`]
//! turns the tables into files. Types are Frictionless table-schema types, so
//! `frictionless validate` checks the files against their own description.
//! The CSV files are tabular resources with a table schema; the JSON files
//! (the same rows as objects) are plain data resources beside them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The folder of the data files under the site root: one set of files for
/// every language (text columns carry the language in their name).
pub(crate) const FOLDER: &str = "data";

/// The licence of the published data (`open_data: {license: …}` in
/// site.yaml), by its SPDX / Open Definition identifier.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, schemars::JsonSchema,
)]
pub enum DataLicense {
    /// Creative Commons Attribution 4.0: reuse with credit (the default).
    #[default]
    #[serde(rename = "CC-BY-4.0")]
    CcBy4,
    /// Creative Commons Attribution-ShareAlike 4.0.
    #[serde(rename = "CC-BY-SA-4.0")]
    CcBySa4,
    /// Creative Commons Zero: public domain dedication.
    #[serde(rename = "CC0-1.0")]
    Cc0,
    /// Open Data Commons Attribution License.
    #[serde(rename = "ODC-By-1.0")]
    OdcBy,
    /// Open Data Commons Open Database License.
    #[serde(rename = "ODbL-1.0")]
    Odbl,
    /// Open Data Commons Public Domain Dedication and License.
    #[serde(rename = "PDDL-1.0")]
    Pddl,
}

impl DataLicense {
    /// The identifier (`CC-BY-4.0`).
    pub fn id(self) -> &'static str {
        match self {
            DataLicense::CcBy4 => "CC-BY-4.0",
            DataLicense::CcBySa4 => "CC-BY-SA-4.0",
            DataLicense::Cc0 => "CC0-1.0",
            DataLicense::OdcBy => "ODC-By-1.0",
            DataLicense::Odbl => "ODbL-1.0",
            DataLicense::Pddl => "PDDL-1.0",
        }
    }

    /// The licence's full name.
    pub fn title(self) -> &'static str {
        match self {
            DataLicense::CcBy4 => "Creative Commons Attribution 4.0",
            DataLicense::CcBySa4 => "Creative Commons Attribution-ShareAlike 4.0",
            DataLicense::Cc0 => "CC0 1.0 Universal",
            DataLicense::OdcBy => "Open Data Commons Attribution License 1.0",
            DataLicense::Odbl => "Open Data Commons Open Database License 1.0",
            DataLicense::Pddl => "Open Data Commons Public Domain Dedication and License 1.0",
        }
    }

    /// The licence text's address.
    pub fn url(self) -> &'static str {
        match self {
            DataLicense::CcBy4 => "https://creativecommons.org/licenses/by/4.0/",
            DataLicense::CcBySa4 => "https://creativecommons.org/licenses/by-sa/4.0/",
            DataLicense::Cc0 => "https://creativecommons.org/publicdomain/zero/1.0/",
            DataLicense::OdcBy => "https://opendatacommons.org/licenses/by/1-0/",
            DataLicense::Odbl => "https://opendatacommons.org/licenses/odbl/1-0/",
            DataLicense::Pddl => "https://opendatacommons.org/licenses/pddl/1-0/",
        }
    }
}

/// A Frictionless table-schema field type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM:SS`.
    Time,
    /// A calendar year (`2023`).
    Year,
}

impl FieldType {
    fn key(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::Time => "time",
            FieldType::Year => "year",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The column name in the CSV header and the JSON keys (`name_lv`).
    pub name: String,
    pub kind: FieldType,
    /// What the column holds, in English (the package's language).
    pub description: String,
    /// A string column that is a web address (`format: uri`).
    pub uri: bool,
    /// The column never holds an empty value.
    pub required: bool,
}

impl Field {
    pub fn new(name: impl Into<String>, kind: FieldType, description: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            kind,
            description: description.into(),
            uri: false,
            required: false,
        }
    }

    /// The column is a web address.
    pub fn uri(mut self) -> Field {
        self.uri = true;
        self
    }

    /// The column always has a value.
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }
}

/// One value of a row; [`Cell::Empty`] is an empty CSV field and `null` in JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
}

impl Cell {
    /// Text, or empty when `text` is empty.
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }

    fn csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Integer(n) => n.to_string(),
            Cell::Number(x) => number_text(*x),
            Cell::Boolean(b) => b.to_string(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Empty => Value::Null,
            Cell::Text(t) => Value::String(t.clone()),
            Cell::Integer(n) => json!(n),
            Cell::Number(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
            Cell::Boolean(b) => Value::Bool(*b),
        }
    }
}

/// A number as data: shortest form that reads back as the same value
/// (`2.7`, `3`, `-0.1`), never an exponent for the values a site holds.
fn number_text(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A table a collection publishes.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file stem and resource name: lowercase letters, digits, hyphens.
    pub name: String,
    pub title: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// The columns that identify a row.
    pub primary_key: Vec<String>,
    /// Each row has one cell per field, in field order.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The site path of the table's file in `format` (`csv` or `json`).
    pub fn url(&self, format: &str) -> String {
        format!("/{FOLDER}/{}.{format}", self.name)
    }

    /// The table as CSV: RFC 4180 (comma, CRLF line ends, a field quoted
    /// when it holds a comma, quote, CR or LF, quotes doubled), UTF-8
    /// without a byte-order mark, with a header row.
    pub fn csv(&self) -> String {
        let mut out = csv_line(self.fields.iter().map(|f| f.name.clone()));
        for row in &self.rows {
            out.push_str(&self.csv_row(row));
        }
        out
    }

    /// One row's line of [`Table::csv`], with its line end.
    pub fn csv_row(&self, row: &[Cell]) -> String {
        csv_line(row.iter().map(Cell::csv))
    }

    /// The table as JSON: an array of objects keyed by field name, one per
    /// row, with typed values (`null` when empty).
    pub fn json(&self) -> String {
        let rows: Vec<Value> = self.rows.iter().map(|row| self.json_object(row)).collect();
        pretty(&Value::Array(rows))
    }

    fn json_object(&self, row: &[Cell]) -> Value {
        let object: Map<String, Value> = (self.fields.iter())
            .zip(row)
            .map(|(f, c)| (f.name.clone(), c.json()))
            .collect();
        Value::Object(object)
    }

    /// One row's object as it stands in [`Table::json`]: pretty-printed,
    /// each line after the first indented once more (it is an item of the
    /// array), without the comma between items.
    pub fn json_row(&self, row: &[Cell]) -> String {
        let text = serde_json::to_string_pretty(&self.json_object(row)).unwrap_or_default();
        text.replace('\n', "\n  ")
    }

    fn schema(&self) -> Value {
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|f| {
                let mut field = json!({
                    "name": f.name,
                    "type": f.kind.key(),
                    "description": f.description,
                });
                if f.uri {
                    field["format"] = json!("uri");
                }
                if f.required {
                    field["constraints"] = json!({"required": true});
                }
                field
            })
            .collect();
        json!({"fields": fields, "primaryKey": self.primary_key})
    }
}

/// One CSV line of `cells`, with its line end.
fn csv_line(cells: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(&cell));
    }
    out.push_str("\r\n");
    out
}

/// `text` with the one place that holds `old` holding `new` instead;
/// `None` when `old` is not in `text` exactly once (where it stands is
/// then not known). A table's file with one row changed is patched so:
/// the row's old text stands where that row is when it stands nowhere
/// else. Bytes, not text: a file last written from text needs no check.
pub(crate) fn replace_once(text: &[u8], old: &[u8], new: &[u8]) -> Option<Vec<u8>> {
    if old.is_empty() {
        return None;
    }
    let finder = memchr::memmem::Finder::new(old);
    let at = finder.find(text)?;
    if finder.find(&text[at + 1..]).is_some() {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() + new.len());
    out.extend_from_slice(&text[..at]);
    out.extend_from_slice(new);
    out.extend_from_slice(&text[at + old.len()..]);
    Some(out)
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// What the data package says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Lowercase letters, digits, hyphens (`civic-alliance-latvia`).
    pub name: String,
    pub title: String,
    pub description: String,
    /// The site's address.
    pub homepage: String,
    /// Who publishes the data (the site's title).
    pub publisher: String,
    pub license: DataLicense,
}

/// The files of the data package: `<table>.csv` and `<table>.json` for each
/// table and one `datapackage.json` describing both, as paths under the
/// site root (`data/members.csv`) and their bytes.
pub(crate) fn package_files(package: &Package, tables: &[Table]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut resources = Vec::new();
    for table in tables {
        resources.push(json!({
            "name": format!("{}-csv", table.name),
            "path": format!("{}.csv", table.name),
            "title": table.title,
            "description": table.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": true, "header": true},
            "schema": table.schema(),
        }));
        // The JSON file holds the same rows; it is described as a plain
        // data resource, which every Frictionless tool reads without the
        // optional JSON table parser.
        resources.push(json!({
            "name": format!("{}-json", table.name),
            "path": format!("{}.json", table.name),
            "title": table.title,
            "description": format!(
                "{} The same rows as {}.csv, as an array of objects keyed by column name (empty values are null).",
                table.description, table.name
            ),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }));
        files.push((
            format!("{FOLDER}/{}.csv", table.name),
            table.csv().into_bytes(),
        ));
        files.push((
            format!("{FOLDER}/{}.json", table.name),
            table.json().into_bytes(),
        ));
    }
    let descriptor = json!({
        "profile": "data-package",
        "name": package.name,
        "title": package.title,
        "description": package.description,
        "homepage": package.homepage,
        "licenses": [{
            "name": package.license.id(),
            "path": package.license.url(),
            "title": package.license.title(),
        }],
        "contributors": [{
            "title": package.publisher,
            "path": package.homepage,
            "role": "publisher",
        }],
        "resources": resources,
    });
    files.push((
        format!("{FOLDER}/datapackage.json"),
        pretty(&descriptor).into_bytes(),
    ));
    files
}

/// The site path of the data package's descriptor.
pub(crate) fn package_url() -> String {
    format!("/{FOLDER}/datapackage.json")
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// `value` as the text of a `<script type="application/ld+json">`: `<`, `>`
/// and `&` are written as `\u003c`, `\u003e` and `\u0026` (the same JSON
/// value), so no text from the data can close the script element
/// (`</script>`) or open a comment (`<!--`).
pub(crate) fn json_ld(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            name: "things".into(),
            title: "Things".into(),
            description: "Test things".into(),
            fields: vec![
                Field::new("id", FieldType::String, "Id").required(),
                Field::new("name", FieldType::String, "Name"),
                Field::new("year", FieldType::Year, "Year"),
                Field::new("score", FieldType::Number, "Score"),
                Field::new("ok", FieldType::Boolean, "Ok"),
            ],
            primary_key: vec!["id".into()],
            rows: vec![
                vec![
                    Cell::text("a"),
                    Cell::text("Say \"hi\", then\nleave"),
                    Cell::Integer(2009),
                    Cell::Number(2.7),
                    Cell::Boolean(true),
                ],
                vec![
                    Cell::text("b"),
                    Cell::text("Ābeļu dārzs"),
                    Cell::Empty,
                    Cell::Number(3.0),
                    Cell::Boolean(false),
                ],
            ],
        }
    }

    #[test]
    fn csv_quotes_and_ends_lines_with_crlf() {
        assert_eq!(
            table().csv(),
            "id,name,year,score,ok\r\n\
             a,\"Say \"\"hi\"\", then\nleave\",2009,2.7,true\r\n\
             b,Ābeļu dārzs,,3,false\r\n"
        );
    }

    #[test]
    fn json_rows_are_typed_objects() {
        let rows: Value = serde_json::from_str(&table().json()).unwrap();
        assert_eq!(rows[0]["score"], json!(2.7));
        assert_eq!(rows[0]["year"], json!(2009));
        assert_eq!(rows[1]["year"], Value::Null);
        assert_eq!(rows[1]["ok"], json!(false));
        assert_eq!(rows[1]["name"], json!("Ābeļu dārzs"));
    }

    #[test]
    fn a_changed_row_patched_into_the_files_gives_the_files_of_the_new_table() {
        let old = table();
        let mut new = table();
        new.rows[1][1] = Cell::text("Ābeļu dārzs, jauns");
        new.rows[1][2] = Cell::Integer(2020);
        let (csv, json) = (old.csv(), old.json());
        let patch = |text: &str, a: String, b: String| {
            replace_once(text.as_bytes(), a.as_bytes(), b.as_bytes()).map(String::from_utf8)
        };
        let patched_csv = patch(&csv, old.csv_row(&old.rows[1]), new.csv_row(&new.rows[1]));
        assert_eq!(patched_csv, Some(Ok(new.csv())));
        let patched_json = patch(
            &json,
            old.json_row(&old.rows[1]),
            new.json_row(&new.rows[1]),
        );
        assert_eq!(patched_json, Some(Ok(new.json())));
        // A text found twice, or not at all, says nothing of where the row is.
        assert_eq!(replace_once(b"a,b a,b", b"a,b", b"c"), None);
        assert_eq!(replace_once(b"aaa", b"aa", b"b"), None);
        assert_eq!(replace_once(b"ab", b"c", b"d"), None);
        assert_eq!(
            replace_once("xāy".as_bytes(), "ā".as_bytes(), b"a"),
            Some(b"xay".to_vec())
        );
    }

    #[test]
    fn package_describes_each_file_with_its_schema_and_licence() {
        let package = Package {
            name: "test".into(),
            title: "Test".into(),
            description: "D".into(),
            homepage: "https://example.org/".into(),
            publisher: "P".into(),
            license: DataLicense::Cc0,
        };
        let files = package_files(&package, &[table()]);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "data/things.csv",
                "data/things.json",
                "data/datapackage.json"
            ]
        );
        let d: Value = serde_json::from_slice(&files[2].1).unwrap();
        assert_eq!(d["licenses"][0]["name"], "CC0-1.0");
        assert_eq!(d["resources"][0]["path"], "things.csv");
        assert_eq!(d["resources"][1]["mediatype"], "application/json");
        assert_eq!(d["resources"][1]["path"], "things.json");
        assert_eq!(d["resources"][0]["schema"]["primaryKey"], json!(["id"]));
        assert_eq!(d["resources"][0]["schema"]["fields"][2]["type"], "year");
        assert_eq!(
            d["resources"][0]["schema"]["fields"][0]["constraints"]["required"],
            true
        );
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let text = json_ld(&json!({"name": "A</script><!-- & B"}));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "A</script><!-- & B");
    }

    #[test]
    fn numbers_are_written_as_data() {
        assert_eq!(number_text(2.7), "2.7");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-0.1), "-0.1");
    }
}
