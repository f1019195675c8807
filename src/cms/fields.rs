//! The editor's fields, derived from the JSON Schemas of the types that read
//! the content (`crate::schema`): every property of front matter, members,
//! areas and reports becomes a CMS field with the same key, whether it is
//! required, its options (enums), and its kind (text, number, list, object).
//! What a schema cannot say — the labels and hints editors read, the widget
//! that fits (Markdown, image, date), ranges and patterns that the checks in
//! `data`/`content` enforce — comes from [`super::table`], one row per
//! property. A test fails when a property has no row, so a new key cannot
//! reach the files without reaching the editor.

use serde::Serialize;
use serde_json::{Value, json};

pub(crate) use super::table::{
    FieldText, SECTION_ONLY, SLUG_PATTERN, Translation, Widget, field_texts, text_for,
};

/// One field of the CMS configuration.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Field {
    pub name: String,
    pub label: String,
    pub widget: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Sveltia's default is `true`; hidden fields take none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub i18n: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none", rename = "type")]
    pub input_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<[String; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_folder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_folder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Box<Field>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
}

/// What the fields depend on besides the schemas.
pub(crate) struct Context {
    /// Language codes, the default first.
    pub languages: Vec<String>,
    /// (id, name in the default language) of every activity area.
    pub areas: Vec<(String, String)>,
    /// Whether the fields are for pages (translated per file) rather than data.
    pub pages: bool,
    /// Whether new entries get today's date.
    pub dated: bool,
}

impl Context {
    fn default_language(&self) -> &str {
        self.languages.first().map_or("en", String::as_str)
    }

    /// A label in the site's default language with English alongside.
    pub(crate) fn text(&self, lv: &str, en: &str) -> String {
        if lv.is_empty() || en.is_empty() {
            return format!("{lv}{en}");
        }
        if self.default_language() == "lv" {
            format!("{lv} · {en}")
        } else if self.languages.iter().any(|l| l == "lv") {
            format!("{en} · {lv}")
        } else {
            en.to_string()
        }
    }
}

/// The fields of the object type `owner` in `schema` (a whole schema as
/// `crate::schema::schemas` gives it), in the order of its rows, then
/// any property without a row (labelled by its key).
pub(crate) fn fields_of(schema: &Value, owner: &str, ctx: &Context) -> Vec<Field> {
    let Some(object) = definition(schema, owner) else {
        return Vec::new();
    };
    let required: Vec<&str> = object["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = object["properties"].as_object() else {
        return Vec::new();
    };
    let mut keys: Vec<&str> = field_texts()
        .filter(|t| t.owner == owner && properties.contains_key(t.key))
        .map(|t| t.key)
        .collect();
    let mut unlisted: Vec<&str> = properties
        .keys()
        .map(String::as_str)
        .filter(|k| !keys.contains(k))
        .collect();
    unlisted.sort_unstable();
    keys.extend(unlisted);
    keys.into_iter()
        .map(|key| {
            let text = text_for(owner, key);
            field(
                schema,
                &properties[key],
                key,
                text,
                required.contains(&key),
                ctx,
            )
        })
        .collect()
}

/// The schema object of type `owner`: the root (by its title) or a `$defs` entry.
pub(crate) fn definition<'a>(schema: &'a Value, owner: &str) -> Option<&'a Value> {
    if schema["title"] == owner && schema["type"] == "object" {
        return Some(schema);
    }
    schema["$defs"].get(owner)
}

/// The part of a property's schema that says what it is: `$ref`s followed,
/// `null` alternatives (optional values) left out. Also the `$ref` name.
fn resolve<'a>(schema: &'a Value, property: &'a Value) -> (&'a Value, Option<&'a str>) {
    let mut current = property;
    let mut name = None;
    for _ in 0..8 {
        if let Some(alternatives) = current["anyOf"].as_array() {
            let not_null: Vec<&Value> = alternatives
                .iter()
                .filter(|a| a["type"] != "null")
                .collect();
            if not_null.len() == 1 {
                current = not_null[0];
                continue;
            }
        }
        if let Some(target) = current["$ref"].as_str() {
            let def = target.rsplit('/').next().unwrap_or(target);
            name = Some(def);
            match schema["$defs"].get(def) {
                Some(d) => current = d,
                None => break,
            }
            continue;
        }
        break;
    }
    (current, name)
}

/// The schema type without `null`: `["string", "null"]` → `string`.
fn base_type(schema: &Value) -> &str {
    match &schema["type"] {
        Value::String(s) => s,
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or(""),
        _ => "",
    }
}

/// The allowed values of an enum, in either form schemars writes.
fn enum_values(schema: &Value) -> Option<Vec<Value>> {
    if let Some(values) = schema["enum"].as_array() {
        return Some(values.clone());
    }
    let variants = schema["oneOf"].as_array()?;
    let mut values = Vec::new();
    for v in variants {
        if let Some(c) = v.get("const") {
            values.push(c.clone());
        } else {
            values.extend(v["enum"].as_array()?.iter().cloned());
        }
    }
    Some(values)
}

fn is_localised(schema: &Value, name: Option<&str>) -> bool {
    name == Some("LocalisedText")
        || schema["anyOf"].as_array().is_some_and(|a| {
            a.iter().any(|v| v["type"] == "string") && a.iter().any(|v| v["type"] == "object")
        })
}

fn field(
    schema: &Value,
    property: &Value,
    key: &str,
    text: Option<&FieldText>,
    required: bool,
    ctx: &Context,
) -> Field {
    let (resolved, name) = resolve(schema, property);
    let widget = text.map_or(Widget::Auto, |t| t.widget);
    let mut f = Field {
        name: key.to_string(),
        label: text.map_or_else(|| key.to_string(), |t| ctx.text(t.lv, t.en)),
        hint: text
            .map(|t| ctx.text(t.hint_lv, t.hint_en))
            .filter(|h| !h.is_empty()),
        required: Some(required),
        widget: "string",
        ..Field::default()
    };
    if ctx.pages {
        f.i18n = Some(match text.map(|t| t.translation) {
            Some(Translation::Duplicate) => json!("duplicate"),
            _ => json!(true),
        });
    }
    let localised = is_localised(resolved, name);
    if !chosen_widget(&mut f, widget, resolved, localised, ctx) {
        auto(schema, resolved, name, &mut f, ctx);
    }
    if localised && widget != Widget::Keep {
        let inner = match widget {
            Widget::Markdown => "markdown",
            Widget::Text => "text",
            _ => "string",
        };
        localised_object(&mut f, inner, ctx);
    }
    f
}

/// Applies the widget the table chose; false when the schema decides.
fn chosen_widget(
    f: &mut Field,
    widget: Widget,
    schema: &Value,
    localised: bool,
    ctx: &Context,
) -> bool {
    match widget {
        Widget::Keep => {
            f.widget = "hidden";
            f.hint = None;
            f.required = None;
        }
        Widget::Date => {
            f.widget = "datetime";
            f.input_type = Some("date");
            f.format = Some("YYYY-MM-DD");
            if ctx.dated && f.name == "date" {
                f.default = Some(json!("{{now}}"));
            }
        }
        Widget::AreaIds if !ctx.areas.is_empty() => {
            f.widget = "select";
            f.multiple = Some(true);
            f.options = Some(
                ctx.areas
                    .iter()
                    .map(|(id, label)| json!({"label": label, "value": id}))
                    .collect(),
            );
        }
        Widget::Slug => {
            let message = ctx.text(
                "Tikai mazie burti, cipari un defises",
                "Lowercase letters, digits and hyphens only",
            );
            f.pattern = Some([SLUG_PATTERN.to_string(), message]);
        }
        Widget::Url => f.input_type = Some("url"),
        Widget::Email => f.input_type = Some("email"),
        // Logos are written as `logos/name.png`, files as `/files/name.pdf`:
        // what the data checks and the templates expect.
        Widget::Image(folder) => {
            f.widget = "image";
            f.media_folder = Some(format!("/content/static/{folder}"));
            f.public_folder = Some(folder.to_string());
        }
        Widget::File(folder) => {
            f.widget = "file";
            f.media_folder = Some(format!("/content/static/{folder}"));
            f.public_folder = Some(format!("/{folder}"));
        }
        Widget::Number(min, max, step) => {
            f.widget = "number";
            f.value_type = Some(if step.fract() == 0.0 { "int" } else { "float" });
            let min = schema["minimum"].as_f64().map_or(min, |m| m.max(min));
            let max = schema["maximum"].as_f64().map_or(max, |m| m.min(max));
            f.min = min.is_finite().then_some(min);
            f.max = max.is_finite().then_some(max);
            f.step = Some(step);
        }
        Widget::Markdown if !localised => f.widget = "markdown",
        Widget::Text if !localised => f.widget = "text",
        _ => return false,
    }
    true
}

/// The widget from the schema alone.
fn auto(schema: &Value, resolved: &Value, name: Option<&str>, f: &mut Field, ctx: &Context) {
    if let Some(values) = enum_values(resolved) {
        f.widget = "select";
        f.options = Some(values);
        return;
    }
    match base_type(resolved) {
        "boolean" => {
            f.widget = "boolean";
            f.default = Some(json!(false));
        }
        "integer" | "number" => {
            f.widget = "number";
            f.value_type = Some(if base_type(resolved) == "integer" {
                "int"
            } else {
                "float"
            });
            f.min = resolved["minimum"].as_f64();
            f.max = resolved["maximum"].as_f64();
        }
        "array" => {
            f.widget = "list";
            let item = Field {
                name: "item".into(),
                label: f.label.clone(),
                widget: "string",
                required: Some(true),
                ..Field::default()
            };
            f.field = Some(Box::new(item));
        }
        "object" if resolved["properties"].is_object() => {
            f.widget = "object";
            let owner = name.unwrap_or_default();
            let inner = Context {
                languages: ctx.languages.clone(),
                areas: ctx.areas.clone(),
                pages: false,
                dated: false,
            };
            f.fields = Some(fields_of(schema, owner, &inner));
        }
        _ => {}
    }
}

/// Localised text in a data file: one subfield per language, the default
/// language required when the text is.
fn localised_object(f: &mut Field, inner: &'static str, ctx: &Context) {
    let required = f.required == Some(true);
    f.widget = "object";
    f.options = None;
    f.pattern = None;
    f.fields = Some(
        ctx.languages
            .iter()
            .enumerate()
            .map(|(i, lang)| Field {
                name: lang.clone(),
                label: lang.clone(),
                widget: inner,
                required: Some(required && i == 0),
                ..Field::default()
            })
            .collect(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(name: &str) -> Value {
        let (_, text) = crate::schema::schemas()
            .into_iter()
            .find(|(n, _)| *n == name)
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// Every property of every type the editor edits (each type with a
    /// row, and each collection's file type) has a row with labels in both
    /// languages: a key added to the Rust types without one fails here.
    #[test]
    fn every_property_of_the_edited_types_has_a_cms_field_row() {
        let schemas: Vec<Value> = crate::schema::schemas()
            .into_iter()
            .map(|(_, text)| serde_json::from_str(&text).unwrap())
            .collect();
        let find = |owner: &str| schemas.iter().find_map(|s| definition(s, owner));
        let mut edited: Vec<&str> = field_texts().map(|t| t.owner).collect();
        edited.extend(
            crate::collections::Collection::ALL
                .iter()
                .filter_map(|c| c.editor_folder())
                .map(|f| f.owner),
        );
        edited.sort_unstable();
        edited.dedup();
        assert!(edited.len() >= 13, "{edited:?}");
        let mut missing = Vec::new();
        for owner in edited {
            let object = find(owner).unwrap_or_else(|| panic!("{owner}"));
            for key in object["properties"].as_object().unwrap().keys() {
                match text_for(owner, key) {
                    Some(t) if !t.lv.is_empty() && !t.en.is_empty() => {}
                    _ => missing.push(format!("{owner}.{key}")),
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no row for {missing:?}: add a label (lv and en) and a widget"
        );
        // And no row names a property that no longer exists.
        for t in field_texts() {
            assert!(
                find(t.owner).is_some_and(|d| d["properties"].get(t.key).is_some()),
                "a row names {}.{}, which the types do not have",
                t.owner,
                t.key
            );
        }
    }

    fn context(pages: bool) -> Context {
        Context {
            languages: vec!["lv".into(), "en".into()],
            areas: vec![("lidzdaliba".into(), "Līdzdalība".into())],
            pages,
            dated: true,
        }
    }

    /// The generated fields carry the schema's keys, required list and enums.
    #[test]
    fn fields_follow_the_schema() {
        let front = schema("front-matter.schema.json");
        let fields = fields_of(&front, "FrontMatter", &context(true));
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let keys = front["properties"].as_object().unwrap();
        assert_eq!(names.len(), keys.len());
        assert!(keys.keys().all(|k| names.contains(&k.as_str())));
        let title = &fields[0];
        assert_eq!((title.name.as_str(), title.required), ("title", Some(true)));
        assert_eq!(title.label, "Virsraksts · Title");
        let date = fields.iter().find(|f| f.name == "date").unwrap();
        assert_eq!(date.format, Some("YYYY-MM-DD"));
        assert_eq!(date.default, Some(json!("{{now}}")));
        let report = schema("report.schema.json");
        let fields = fields_of(&report, "Report", &context(false));
        let trend = fields.iter().find(|f| f.name == "overall_trend").unwrap();
        assert_eq!(
            trend.options,
            Some(vec![json!("better"), json!("worse"), json!("unchanged")])
        );
        assert_eq!(trend.required, Some(false));
        assert!(trend.i18n.is_none());
    }

    /// The CMS's slug pattern accepts exactly what `is_slug` accepts.
    #[test]
    fn slug_pattern_agrees_with_the_build() {
        let matches = |s: &str| {
            let mut chars = s.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && chars
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        };
        assert_eq!(
            SLUG_PATTERN, "^[a-z0-9_][a-z0-9_-]*$",
            "update `matches` with the pattern"
        );
        for s in [
            "a",
            "lidzdaliba",
            "nvo-2024",
            "a_b",
            "-a",
            "",
            "Ab",
            "ā",
            "a b",
            "a/b",
            "9",
            "a--b",
            "_x",
        ] {
            assert_eq!(matches(s), crate::i18n::is_slug(s), "{s:?}");
        }
    }
}
