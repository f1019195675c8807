//! The editor's collections, one per kind of file the site has: a folder
//! collection per content folder (its `_index.md` as the index file), the
//! report narratives, members.yaml, areas.yaml, facts.yaml and the score
//! bands as lists edited whole, and a folder collection for each collection
//! kept one file per item (report years, publications, events: each
//! collection's `editor::FOLDER`). Their fields come from [`super::fields`].

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::fields::{Context, Field, SECTION_ONLY, SLUG_PATTERN, fields_of};
use crate::collections::editor::{EditorFolder, EditorSlug};
use crate::site::Site;

/// One collection of `config.yml` (an entry or a file collection).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Collection {
    pub name: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_singular: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub i18n: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier_field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_file: Option<IndexFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<CollectionFile>>,
}

/// A section's `_index.md` within its folder collection.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IndexFile {
    pub name: String,
    pub label: String,
    pub fields: Vec<Field>,
}

/// One file of a file collection.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CollectionFile {
    pub name: String,
    pub label: String,
    pub file: String,
    pub format: &'static str,
    pub fields: Vec<Field>,
}

/// A content folder and what the site knows about it.
struct Folder {
    /// Titles of its `_index.md` by language.
    titles: BTreeMap<String, String>,
    /// `_index` or `index`, when the folder has a section page.
    index_name: Option<String>,
}

/// Every collection of the site, in the order the editor lists them.
pub(crate) fn collections(site: &Site) -> Vec<Collection> {
    let c = &site.config;
    let languages = c.language_codes();
    let areas = site
        .data
        .areas
        .iter()
        .map(|a| {
            let name = a.name.get(&c.default_language, &c.default_language);
            (a.id.value.clone(), name.to_string())
        })
        .collect::<Vec<_>>();
    let context = |pages: bool, dated: bool| Context {
        languages: languages.clone(),
        areas: areas.clone(),
        pages,
        dated,
    };
    let schemas: BTreeMap<&str, Value> = crate::schema::schemas()
        .into_iter()
        .map(|(n, text)| (n, serde_json::from_str(&text).unwrap_or(Value::Null)))
        .collect();
    let front = &schemas["front-matter.schema.json"];
    let mut out = Vec::new();
    for (folder, info) in content_folders(site) {
        let root = folder.is_empty();
        let reports = folder == "reports" && info.index_name.is_none();
        let ctx = context(true, !root && !reports);
        out.push(folder_collection(&folder, &info, front, &ctx, reports));
    }
    let data = context(false, false);
    out.push(data_files(&schemas, &data));
    for collection in crate::collections::Collection::ALL {
        if let Some(folder) = collection.editor_folder() {
            out.push(folder_of(folder, &schemas, &data));
        }
    }
    out
}

/// The folders holding Markdown pages, with their section titles.
fn content_folders(site: &Site) -> BTreeMap<String, Folder> {
    let mut folders: BTreeMap<String, Folder> = BTreeMap::new();
    for page in site.pages.iter().filter(|p| !p.synthetic) {
        let folder = page.source.folder().to_string();
        let entry = folders.entry(folder).or_insert(Folder {
            titles: BTreeMap::new(),
            index_name: None,
        });
        if page.source.is_section {
            entry
                .titles
                .insert(page.source.lang.clone(), page.title().to_string());
            entry.index_name = Some(page.source.stem().to_string());
        }
    }
    folders
}

fn page_fields(front: &Value, ctx: &Context, section: bool) -> Vec<Field> {
    let mut fields: Vec<Field> = fields_of(front, "FrontMatter", ctx)
        .into_iter()
        .filter(|f| section || !SECTION_ONLY.contains(&f.name.as_str()))
        .collect();
    fields.push(Field {
        name: "body".into(),
        label: ctx.text("Teksts", "Text"),
        widget: "markdown",
        required: Some(false),
        i18n: Some(json!(true)),
        ..Field::default()
    });
    fields
}

fn folder_collection(
    folder: &str,
    info: &Folder,
    front: &Value,
    ctx: &Context,
    reports: bool,
) -> Collection {
    let default = ctx.languages.first().cloned().unwrap_or_default();
    let title = |lang: &str| info.titles.get(lang).cloned();
    let label = if folder.is_empty() {
        ctx.text("Lapas", "Pages")
    } else if reports {
        ctx.text("Ziņojumu teksti", "Report texts")
    } else {
        match (title(&default), title("en").filter(|_| default != "en")) {
            (Some(own), Some(en)) if own != en => format!("{own} · {en}"),
            (Some(own), _) => own,
            (None, _) => folder.to_string(),
        }
    };
    let index_label = if folder.is_empty() {
        ctx.text("Sākumlapa", "Home page")
    } else {
        ctx.text("Sadaļas ievads", "Section introduction")
    };
    Collection {
        name: if folder.is_empty() {
            "pages".into()
        } else {
            format!("section-{}", folder.replace('/', "-"))
        },
        label,
        icon: Some(if folder.is_empty() { "description" } else { "article" }),
        folder: Some(if folder.is_empty() {
            "content".into()
        } else {
            format!("content/{folder}")
        }),
        extension: Some("md"),
        format: Some("yaml-frontmatter"),
        i18n: Some(true),
        create: Some(true),
        slug: reports.then(|| {
            json!({
                "editable": true,
                "pattern": ["^[0-9]{4}$", ctx.text("Faila nosaukums ir ziņojuma gads, piemēram, 2024", "The file name is the report's year, e.g. 2024")],
            })
        }),
        index_file: info.index_name.as_ref().map(|name| IndexFile {
            name: name.clone(),
            label: index_label,
            fields: page_fields(front, ctx, true),
        }),
        fields: Some(page_fields(front, ctx, false)),
        ..Collection::default()
    }
}

/// The data files that are lists, each edited as a whole: (schema, type,
/// file under content/data/, entry summary, label, hint).
type ListFile = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    (&'static str, &'static str),
    (&'static str, &'static str),
);

const LIST_FILES: [ListFile; 5] = [
    (
        "members.schema.json",
        "Member",
        "members.yaml",
        "{{fields.id}}",
        ("Biedri", "Members"),
        (
            "Viens ieraksts katrai biedru organizācijai",
            "One entry per member organisation",
        ),
    ),
    (
        "areas.schema.json",
        "Area",
        "areas.yaml",
        "{{fields.id}}",
        ("Darbības jomas", "Areas of work"),
        (
            "Viens ieraksts katrai darbības jomai",
            "One entry per area of work",
        ),
    ),
    (
        "facts.schema.json",
        "Fact",
        "facts.yaml",
        "{{fields.id}}",
        ("Galvenie skaitļi", "Key figures"),
        (
            "Alianses skaitļi sākumlapā",
            "The alliance's figures on the home page",
        ),
    ),
    (
        "publication-types.schema.json",
        "PublicationType",
        "publications/_types.yaml",
        "{{fields.id}}",
        ("Publikāciju veidi", "Publication types"),
        (
            "Publikāciju veidi un to nosaukumi bibliotēkas filtrā",
            "Kinds of publications and their names in the library's filter",
        ),
    ),
    (
        "bands.schema.json",
        "Band",
        "reports/_bands.yaml",
        "{{fields.min}}–{{fields.max}}",
        ("Vērtējumu grupas", "Score bands"),
        (
            "Vērtējumu robežas un to nosaukumi",
            "Score ranges and their labels",
        ),
    ),
];

/// members.yaml, areas.yaml, facts.yaml and the score bands.
fn data_files(schemas: &BTreeMap<&str, Value>, ctx: &Context) -> Collection {
    let files = LIST_FILES
        .iter()
        .map(
            |&(schema, owner, file, summary, (lv, en), (hint_lv, hint_en))| {
                let name = file
                    .rsplit('/')
                    .next()
                    .unwrap_or(file)
                    .trim_start_matches('_')
                    .trim_end_matches(".yaml");
                CollectionFile {
                    name: name.to_string(),
                    label: ctx.text(lv, en),
                    file: format!("content/data/{file}"),
                    format: "yaml",
                    fields: vec![Field {
                        name: name.to_string(),
                        label: ctx.text(lv, en),
                        widget: "list",
                        required: Some(false),
                        root: Some(true),
                        collapsed: Some(json!(true)),
                        summary: Some(summary.into()),
                        hint: Some(ctx.text(hint_lv, hint_en)),
                        fields: Some(fields_of(&schemas[schema], owner, ctx)),
                        ..Field::default()
                    }],
                }
            },
        )
        .collect();
    Collection {
        name: "data".into(),
        label: ctx.text("Dati", "Data"),
        icon: Some("database"),
        files: Some(files),
        ..Collection::default()
    }
}

/// A collection kept one file per item, as the editor's folder collection.
fn folder_of(f: &EditorFolder, schemas: &BTreeMap<&str, Value>, ctx: &Context) -> Collection {
    let slug = match f.slug {
        EditorSlug::Template(template) => json!(template),
        EditorSlug::Editable(lv, en) => json!({
            "editable": true,
            "pattern": [SLUG_PATTERN, ctx.text(lv, en)],
        }),
    };
    let schema = schemas.get(f.schema).unwrap_or(&Value::Null);
    Collection {
        name: f.name.into(),
        label: ctx.text(f.label.0, f.label.1),
        label_singular: Some(ctx.text(f.label_singular.0, f.label_singular.1)),
        icon: Some(f.icon),
        folder: Some(f.folder.into()),
        extension: Some("yaml"),
        format: Some("yaml"),
        create: Some(true),
        identifier_field: f.identifier_field,
        slug: Some(slug),
        summary: f.summary.map(str::to_string),
        filter: f
            .filter
            .map(|(field, pattern)| json!({"field": field, "pattern": pattern})),
        fields: Some(fields_of(schema, f.owner, ctx)),
        ..Collection::default()
    }
}
