//! The publications' open data table (`data/publications.csv` and `.json`):
//! one row per publication, newest first as in the library, with the texts
//! in one column per language, the type's id and label, the document's
//! address, format and size, and the page of each language.

use super::{LoadedPublication, file_url};
use crate::collections::Collection;
use crate::collections::SiteData;
use crate::collections::tables::{localised_cells, localised_fields, page_cells, page_fields};
use crate::config::Config;
use crate::i18n::LocalisedText;
use crate::open_data::{Cell, Field, FieldType, Table};

fn fields(config: &Config) -> Vec<Field> {
    let mut fields = vec![
        Field::new(
            "id",
            FieldType::String,
            "The publication's id (its page's address segment)",
        )
        .required(),
    ];
    fields.extend(localised_fields(config, "title", "The publication's title"));
    fields.push(
        Field::new(
            "type",
            FieldType::String,
            "The id of the publication's type (annual-report, study, survey …)",
        )
        .required(),
    );
    fields.extend(localised_fields(config, "type_name", "The type's name"));
    fields.extend([
        Field::new("year", FieldType::Year, "The year of publication"),
        Field::new(
            "date",
            FieldType::Date,
            "The day of publication; empty when only the year is known",
        ),
    ]);
    fields.extend(localised_fields(
        config,
        "authors",
        "The authors, separated by `;`",
    ));
    fields.extend([
        Field::new(
            "areas",
            FieldType::String,
            "The ids of the activity areas of the publication, separated by `;`",
        ),
        Field::new(
            "languages",
            FieldType::String,
            "The codes of the languages the publication is written in, separated by `;`",
        ),
    ]);
    fields.extend(localised_fields(
        config,
        "summary",
        "What the publication is about (Markdown)",
    ));
    fields.extend(file_fields());
    fields.extend(page_fields(config, "the publication's page"));
    fields.push(
        Field::new(
            "sample",
            FieldType::Boolean,
            "true: illustrative data, not a real publication",
        )
        .required(),
    );
    fields
}

/// The document, its format and size, the address elsewhere and the report.
fn file_fields() -> [Field; 5] {
    [
        Field::new(
            "file",
            FieldType::String,
            "The address of the publication's document on this site",
        )
        .uri(),
        Field::new(
            "file_format",
            FieldType::String,
            "The document's format, from its file name (PDF, ODT …)",
        ),
        Field::new(
            "file_size",
            FieldType::Integer,
            "The document's size in bytes",
        ),
        Field::new(
            "url",
            FieldType::String,
            "Where the publication can be read or ordered elsewhere",
        )
        .uri(),
        Field::new(
            "report",
            FieldType::Year,
            "The year of the CSO Sustainability Index report this publication is",
        ),
    ]
}

/// One cell per language: the texts of `list` in that language, joined by `;`.
fn list_cells(config: &Config, list: &[LocalisedText]) -> Vec<Cell> {
    let default = &config.default_language;
    config
        .language_codes()
        .iter()
        .map(|lang| {
            let texts: Vec<&str> = list.iter().map(|t| t.get(lang, default).trim()).collect();
            Cell::text(texts.join(";"))
        })
        .collect()
}

fn row(config: &Config, data: &SiteData, item: &LoadedPublication) -> Vec<Cell> {
    let p = &item.publication;
    let mut row = vec![Cell::text(&item.id)];
    row.extend(localised_cells(config, Some(&p.title)));
    row.push(Cell::text(&p.kind.value));
    let kind = data.publications.kind(&p.kind.value);
    row.extend(localised_cells(config, kind.map(|k| &k.name)));
    row.push(item.year().map_or(Cell::Empty, Cell::Integer));
    row.push(item.date().map_or(Cell::Empty, |d| Cell::text(d.iso())));
    row.extend(list_cells(config, &p.authors));
    let join = |list: &[serde_saphyr::Spanned<String>]| {
        let ids: Vec<&str> = list.iter().map(|a| a.value.as_str()).collect();
        Cell::text(ids.join(";"))
    };
    row.push(join(&p.areas));
    row.push(join(&p.languages));
    row.extend(localised_cells(config, p.summary.as_ref()));
    let file = file_url(config, item);
    row.push(
        file.as_ref()
            .map_or(Cell::Empty, |f| Cell::text(config.absolute(f))),
    );
    let format = file
        .as_ref()
        .and_then(|f| f.rsplit('/').next()?.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_uppercase());
    row.push(Cell::text(format.unwrap_or_default()));
    let size = file.and(item.download.as_ref()).map(|d| d.size);
    row.push(size.map_or(Cell::Empty, |s| {
        Cell::Integer(i64::try_from(s).unwrap_or(i64::MAX))
    }));
    row.push(Cell::text(p.url.as_ref().map_or("", |u| u.value.as_str())));
    row.push(
        p.report
            .as_ref()
            .map_or(Cell::Empty, |r| Cell::Integer(r.value)),
    );
    row.extend(page_cells(config, Collection::Publications, &item.id));
    row.push(Cell::Boolean(p.sample));
    row
}

/// The publications as an open data table, one row each, newest first.
pub fn table(config: &Config, data: &SiteData) -> Table {
    Table {
        name: "publications".into(),
        title: "Publications".into(),
        description: "The alliance's publications (annual reports, studies, surveys, \
                      position papers …), one row each."
            .into(),
        fields: fields(config),
        primary_key: vec!["id".into()],
        rows: data
            .publications
            .items
            .iter()
            .map(|item| row(config, data, item))
            .collect(),
    }
}
