//! The site's open data: the tables of its collections (members, report
//! scores) fed to [`crate::open_data`], which writes them as CSV, JSON and
//! one `datapackage.json` under `/data/`, and the download links templates
//! show on each collection's list page.
//!
//! One set of files serves every language: a localised text becomes one
//! column per language (`name_lv`, `name_en`), each as the site shows it in
//! that language.

use serde_json::{Value, json};

use crate::data::{DIMENSION_KEYS, Report};
use crate::i18n::{LocalisedText, slugify};
use crate::open_data::{self, Cell, Field, FieldType, Package, Table};
use crate::site::Site;

use super::OutputFile;

/// A table a collection publishes: its name, whether the site has
/// entries for it, and how to make it.
struct Source {
    name: &'static str,
    has_rows: fn(&Site) -> bool,
    table: fn(&Site) -> Table,
}

/// Every table, in the order of the data package's resources.
const SOURCES: [Source; 2] = [
    Source {
        name: "members",
        has_rows: |site| !site.data.members.is_empty(),
        table: members_table,
    },
    Source {
        name: "reports",
        has_rows: |site| !site.data.reports.is_empty(),
        table: reports_table,
    },
];

/// The sources of the tables the site publishes: none when open data is
/// off, and none for a collection without entries.
fn published(site: &Site) -> impl Iterator<Item = &'static Source> + '_ {
    SOURCES
        .iter()
        .filter(|s| site.config.open_data.enabled && (s.has_rows)(site))
}

/// The tables the site publishes.
pub fn tables(site: &Site) -> Vec<Table> {
    published(site).map(|s| (s.table)(site)).collect()
}

/// The data files: `data/<table>.csv`, `data/<table>.json` and
/// `data/datapackage.json`; none when the site publishes no table.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let tables = tables(site);
    if tables.is_empty() {
        return Vec::new();
    }
    open_data::package_files(&package(site), &tables)
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect()
}

/// The data package's own description: the site's title and description
/// in the default language, its address, its licence.
pub fn package(site: &Site) -> Package {
    let config = &site.config;
    let default = &config.default_language;
    let title = config.title.get(default, default).to_string();
    let mut name = slugify(&title);
    if name.is_empty() {
        name = "site-data".into();
    }
    Package {
        name,
        description: config.description.get(default, default).to_string(),
        homepage: config.base_url.clone(),
        publisher: title.clone(),
        title,
        license: config.open_data.license,
    }
}

/// What templates see as `data.open_data`: for each published table its
/// CSV and JSON paths (`members: {csv, json}`), the same as a list
/// (`tables: [{name, csv, json}]`), `package`, the descriptor's path, and
/// `license` (`{id, title, url}`); `null` when nothing is published.
pub fn downloads(site: &Site) -> Value {
    let mut map = serde_json::Map::new();
    let mut list = Vec::new();
    for name in published(site).map(|s| s.name) {
        let path = |format: &str| format!("/{}/{name}.{format}", open_data::FOLDER);
        map.insert(
            name.to_string(),
            json!({"csv": path("csv"), "json": path("json")}),
        );
        list.push(json!({"name": name, "csv": path("csv"), "json": path("json")}));
    }
    if list.is_empty() {
        return Value::Null;
    }
    map.insert("tables".into(), Value::Array(list));
    map.insert("package".into(), json!(open_data::package_url()));
    map.insert(
        "license".into(),
        json!({
            "id": site.config.open_data.license.id(),
            "title": site.config.open_data.license.title(),
            "url": site.config.open_data.license.url(),
        }),
    );
    Value::Object(map)
}

/// One column per language for a localised text (`name_lv`, `name_en`).
fn localised_fields(site: &Site, name: &str, what: &str) -> Vec<Field> {
    site.config
        .language_codes()
        .into_iter()
        .map(|lang| {
            Field::new(
                format!("{name}_{lang}"),
                FieldType::String,
                format!("{what}, in the language `{lang}` (as the site shows it)"),
            )
        })
        .collect()
}

/// A localised text's cells, one per language, as the site shows it.
fn localised_cells(site: &Site, text: Option<&LocalisedText>) -> Vec<Cell> {
    let default = &site.config.default_language;
    site.config
        .language_codes()
        .iter()
        .map(|lang| Cell::text(text.map_or("", |t| t.get(lang, default)).trim()))
        .collect()
}

/// The absolute address of a page in each language.
fn page_cells(site: &Site, path: &dyn Fn(&str) -> String) -> Vec<Cell> {
    site.config
        .language_codes()
        .iter()
        .map(|lang| Cell::text(site.config.absolute(&path(lang))))
        .collect()
}

fn page_fields(site: &Site, what: &str) -> Vec<Field> {
    site.config
        .language_codes()
        .into_iter()
        .map(|lang| {
            Field::new(
                format!("page_{lang}"),
                FieldType::String,
                format!("The address of {what} on this site, in the language `{lang}`"),
            )
            .uri()
        })
        .collect()
}

/// The columns of the members table.
fn member_fields(site: &Site) -> Vec<Field> {
    let mut fields = vec![
        Field::new(
            "id",
            FieldType::String,
            "The member's id (its page's address segment)",
        )
        .required(),
    ];
    fields.extend(localised_fields(site, "name", "The organisation's name"));
    fields.push(
        Field::new(
            "kind",
            FieldType::String,
            "association, foundation or other",
        )
        .required(),
    );
    fields.push(Field::new(
        "joined",
        FieldType::Year,
        "The year the organisation joined",
    ));
    fields.extend(localised_fields(
        site,
        "region",
        "The region the organisation works in",
    ));
    fields.push(Field::new("website", FieldType::String, "The organisation's web site").uri());
    fields.push(Field::new(
        "email",
        FieldType::String,
        "The organisation's public e-mail address",
    ));
    fields.push(Field::new(
        "areas",
        FieldType::String,
        "The ids of the activity areas the organisation works in, separated by `;`",
    ));
    fields.extend(localised_fields(
        site,
        "description",
        "What the organisation does (Markdown)",
    ));
    fields.extend(page_fields(site, "the member's page"));
    fields.push(
        Field::new(
            "sample",
            FieldType::Boolean,
            "true: illustrative data, not a real member",
        )
        .required(),
    );
    fields
}

/// The member organisations, one row each, in the order of members.yaml.
pub fn members_table(site: &Site) -> Table {
    let c = site.collections();
    let fields = member_fields(site);
    let rows = site
        .data
        .members
        .iter()
        .map(|m| {
            let mut row = vec![Cell::text(&m.id.value)];
            row.extend(localised_cells(site, Some(&m.name)));
            row.push(Cell::text(m.kind.key()));
            row.push(
                m.joined
                    .as_ref()
                    .map_or(Cell::Empty, |j| Cell::Integer(j.value)),
            );
            row.extend(localised_cells(site, m.region.as_ref()));
            row.push(Cell::text(
                m.website.as_ref().map_or("", |w| w.value.as_str()),
            ));
            row.push(Cell::text(
                m.email.as_ref().map_or("", |e| e.value.as_str()),
            ));
            let areas: Vec<&str> = m.areas.iter().map(|a| a.value.as_str()).collect();
            row.push(Cell::text(areas.join(";")));
            row.extend(localised_cells(site, m.description.as_ref()));
            row.extend(page_cells(site, &|lang| c.member(lang, &m.id.value)));
            row.push(Cell::Boolean(m.sample));
            row
        })
        .collect();
    Table {
        name: "members".into(),
        title: "Member organisations".into(),
        description: "The alliance's member organisations, one row each.".into(),
        fields,
        primary_key: vec!["id".into()],
        rows,
    }
}

/// The columns of the reports table.
fn report_fields(site: &Site) -> Vec<Field> {
    let mut fields = vec![
        Field::new("year", FieldType::Year, "The year the report covers").required(),
        Field::new(
            "dimension",
            FieldType::String,
            format!(
                "What is scored: overall, or one of the seven dimensions ({})",
                DIMENSION_KEYS.join(", ")
            ),
        )
        .required(),
        Field::new(
            "score",
            FieldType::Number,
            "The score, 1 (most sustainable) to 7 (least)",
        )
        .required(),
        Field::new(
            "trend",
            FieldType::Number,
            "The change against the previous year's score of the same dimension (negative: better); empty when that score is not known",
        ),
        Field::new(
            "sample",
            FieldType::Boolean,
            "true: illustrative scores, not published ones",
        )
        .required(),
    ];
    fields.extend(page_fields(site, "the report's page"));
    fields
}

/// The report scores in long form: one row per year and dimension that has
/// a score, the overall score as the dimension `overall`.
pub fn reports_table(site: &Site) -> Table {
    let c = site.collections();
    let fields = report_fields(site);
    let mut rows = Vec::new();
    let mut previous: Option<&Report> = None;
    for loaded in &site.data.reports {
        let report = &loaded.report;
        let year = report.year.value;
        // Only the year right before counts, as on the report pages.
        let before = previous.filter(|p| p.year.value == year - 1);
        let overall = |r: &Report| r.overall.as_ref().map(|o| o.value);
        let mut scores = vec![("overall", overall(report), before.and_then(overall))];
        scores.extend(DIMENSION_KEYS.iter().map(|&key| {
            (
                key,
                report.dimensions.score(key),
                before.and_then(|p| p.dimensions.score(key)),
            )
        }));
        for (key, score, prev) in scores {
            let Some(score) = score else { continue };
            let trend = prev.map_or(Cell::Empty, |p| {
                // `+ 0.0` turns a rounded -0 into 0.
                Cell::Number(((score - p) * 10.0).round() / 10.0 + 0.0)
            });
            let mut row = vec![
                Cell::Integer(year),
                Cell::text(key),
                Cell::Number(score),
                trend,
                Cell::Boolean(report.sample),
            ];
            row.extend(page_cells(site, &|lang| c.report(lang, year)));
            rows.push(row);
        }
        previous = Some(report);
    }
    Table {
        name: "reports".into(),
        title: "CSO Sustainability Index scores".into(),
        description: "The scores of the annual CSO Sustainability Index reports in long form: one row per year and dimension with a known score.".into(),
        fields,
        primary_key: vec!["year".into(), "dimension".into()],
        rows,
    }
}
