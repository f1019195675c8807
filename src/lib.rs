//! alianse: a static site generator for the publications of a civil-society
//! alliance. Editors write Markdown pages and YAML data (members, activity
//! areas, sustainability reports); alianse turns them into a static site in
//! several languages.
//!
//! The build runs in one direction: [`content`], [`data`] and [`config`]
//! load; [`site`] resolves URLs and cross-references; [`render`] applies the
//! [`theme`]; [`output`] writes. [`build`] ties them together, [`cli`] is the
//! command line; [`serve`] rebuilds on every save and serves the site.
//!
//! Below the phases is a ground floor that imports nothing from the crate
//! but [`error`]: [`paths`] (output paths, safe relative paths), [`url`],
//! [`terminal`] and [`safe_fs`]. Modules never import in a cycle, and no
//! phase imports a later one (config/data → content → site → render →
//! output → build → serve → cli); `tests/architecture.rs` checks both on
//! every `cargo test`, counting every `crate::` path.

// Diagnostics carry file, line, message and help; they are built only on the
// error path, so their size in `Result` does not matter for speed.
#![allow(clippy::result_large_err)]

pub mod archetypes;
pub mod archetypes_data;
pub mod archetypes_text;
pub mod build;
pub mod cli;
pub mod cms;
pub mod collections;
pub mod config;
pub mod content;
pub mod data;
pub mod error;
pub mod html;
pub mod i18n;
pub mod images;
pub mod open_data;
pub mod output;
pub mod paths;
pub mod readiness;
pub mod removed_html;
pub mod render;
pub mod safe_fs;
pub mod safe_text;
pub mod scaffold;
pub mod schedule;
pub mod schema;
pub mod serve;
pub mod site;
pub mod terminal;
pub mod theme;
pub mod translations;
pub mod url;
pub mod yaml;
