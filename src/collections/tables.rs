//! Helpers for the open data tables the collections publish
//! ([`super::Collection::table`]): one column per language for a localised
//! text (`name_lv`, `name_en`), each as the site shows it in that language,
//! and the address of an item's page in each language.

use super::Collection;
use crate::config::Config;
use crate::i18n::LocalisedText;
use crate::open_data::{Cell, Field, FieldType};

/// One string column per language for a localised text (`name_lv`, `name_en`).
pub fn localised_fields(config: &Config, name: &str, what: &str) -> Vec<Field> {
    config
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

/// A localised text's cells, one per language, as the site shows it
/// (falling back to the default language); empty when there is none.
pub fn localised_cells(config: &Config, text: Option<&LocalisedText>) -> Vec<Cell> {
    let default = &config.default_language;
    config
        .language_codes()
        .iter()
        .map(|lang| Cell::text(text.map_or("", |t| t.get(lang, default)).trim()))
        .collect()
}

/// One web-address column per language for an item's page (`page_lv`).
pub fn page_fields(config: &Config, what: &str) -> Vec<Field> {
    config
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

/// The absolute address of an item's page in each language.
pub fn page_cells(config: &Config, collection: Collection, key: &str) -> Vec<Cell> {
    config
        .language_codes()
        .iter()
        .map(|lang| Cell::text(config.absolute(&collection.item_url(config, lang, key))))
        .collect()
}
