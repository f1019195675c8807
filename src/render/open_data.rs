//! The site's open data: the table each collection provides
//! ([`Collection::table`]) fed to `open_data`, which writes them as
//! CSV, JSON and one `datapackage.json` under `/data/`, and the download
//! links templates show on each collection's list page (`data.open_data`).
//!
//! One set of files serves every language: a localised text becomes one
//! column per language (`name_lv`, `name_en`), each as the site shows it in
//! that language.

use serde_json::{Value, json};

use crate::collections::Collection;
use crate::i18n::slugify;
use crate::open_data::{self, Package, Table};
use crate::site::Site;

use super::OutputFile;

/// The collections whose tables the site publishes: none when open data
/// is off, and none for a collection without items.
fn published(site: &Site) -> impl Iterator<Item = (Collection, &'static str)> + '_ {
    Collection::ALL.into_iter().filter_map(|c| {
        let name = c.table_name()?;
        (site.config.open_data.enabled && c.item_count(&site.data) > 0).then_some((c, name))
    })
}

/// The tables the site publishes, in the order of [`Collection::ALL`].
pub fn tables(site: &Site) -> Vec<Table> {
    published(site)
        .filter_map(|(c, _)| c.table(&site.config, &site.data))
        .collect()
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

/// The CSV and JSON files of the tables of `collections` alone, for a
/// data change that kept every table's fields (so the descriptor stays).
pub fn table_files(site: &Site, collections: &[Collection]) -> Vec<OutputFile> {
    published(site)
        .filter(|(c, _)| collections.contains(c))
        .filter_map(|(c, _)| c.table(&site.config, &site.data))
        .flat_map(|table| {
            [
                OutputFile {
                    path: format!("{}/{}.csv", open_data::FOLDER, table.name),
                    bytes: table.csv().into_bytes(),
                },
                OutputFile {
                    path: format!("{}/{}.json", open_data::FOLDER, table.name),
                    bytes: table.json().into_bytes(),
                },
            ]
        })
        .collect()
}

/// The collections whose open data table has other rows in `new` than in
/// `old`, or `None` when a table came, went or changed more than its rows
/// (the descriptor changes). The collections in `same` are known to have
/// the same table (their data was kept as it was) and are not made.
pub fn changed_tables(
    config: &crate::config::Config,
    old: &crate::collections::SiteData,
    new: &crate::collections::SiteData,
    same: &[Collection],
) -> Option<Vec<Collection>> {
    let mut changed = Vec::new();
    for c in Collection::ALL {
        if c.table_name().is_none() || same.contains(&c) {
            continue;
        }
        match (c.table(config, old), c.table(config, new)) {
            (None, None) => {}
            (Some(mut a), Some(mut b)) => {
                let rows = a.rows != b.rows;
                (a.rows, b.rows) = (Vec::new(), Vec::new());
                if a != b {
                    return None;
                }
                if rows {
                    changed.push(c);
                }
            }
            _ => return None,
        }
    }
    Some(changed)
}

/// The members' CSV and JSON after the members at `changed` (indexes in
/// both lists, the same members) were read again, with the changed rows
/// patched into `kept` (the files as last made from `old`), instead of
/// making the 2,000-row table whole: no file when none of their rows
/// changed or the table is not published; `None` when the files must be
/// made whole (a file not kept, or a row's old text not found exactly
/// once in it).
pub fn members_patched<'a>(
    config: &crate::config::Config,
    old: &crate::collections::SiteData,
    new: &crate::collections::SiteData,
    changed: &[usize],
    kept: &dyn Fn(&str) -> Option<&'a [u8]>,
) -> Option<Vec<OutputFile>> {
    use crate::collections::members::{empty_table, table_row};
    if !config.open_data.enabled || new.members.is_empty() {
        return Some(Vec::new());
    }
    let rows: Vec<_> = (changed.iter())
        .map(|&i| {
            Some((
                table_row(config, old.members.get(i)?),
                table_row(config, new.members.get(i)?),
            ))
        })
        .collect::<Option<_>>()?;
    let rows: Vec<_> = rows.into_iter().filter(|(a, b)| a != b).collect();
    if rows.is_empty() {
        return Some(Vec::new());
    }
    let table = empty_table(config);
    let patched = |format: &str, text: &dyn Fn(&[open_data::Cell]) -> String| {
        let path = format!("{}/{}.{format}", open_data::FOLDER, table.name);
        let mut file = kept(&path)?;
        let mut made = Vec::new();
        for (a, b) in &rows {
            made = open_data::replace_once(file, text(a).as_bytes(), text(b).as_bytes())?;
            file = &made;
        }
        Some(OutputFile { path, bytes: made })
    };
    Some(vec![
        patched("csv", &|row| table.csv_row(row))?,
        patched("json", &|row| table.json_row(row))?,
    ])
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
    for (_, name) in published(site) {
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
