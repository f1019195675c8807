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
#![warn(unreachable_pub)]

// First: the `msg!` macro is used by every module below.
#[macro_use]
pub mod messages;
pub(crate) mod archetypes;
pub(crate) mod archetypes_data;
pub(crate) mod archetypes_text;
pub mod build;
pub mod cli;
pub(crate) mod cms;
pub mod collections;
pub mod config;
pub mod content;
pub mod data;
pub mod error;
pub mod html;
pub mod i18n;
pub mod images;
pub(crate) mod open_data;
pub mod output;
pub mod paths;
pub(crate) mod readiness;
pub(crate) mod removed_html;
pub mod render;
pub(crate) mod safe_fs;
pub(crate) mod safe_text;
pub(crate) mod scaffold;
pub(crate) mod schedule;
pub mod schema;
pub(crate) mod serve;
pub mod site;
pub(crate) mod site_files;
pub(crate) mod terminal;
pub(crate) mod theme;
pub(crate) mod translations;
pub mod url;
pub mod yaml;
