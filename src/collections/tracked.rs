//! What each collection tells the editorial tools about its data: the
//! localised fields whose translations `alianse translations` tracks
//! ([`TrackedField`]), and the sample items `check --publish` lists as not
//! ready. Each collection's file makes its own; `translations` and
//! `readiness` go through [`Collection::ALL`](super::Collection::ALL).

use crate::i18n::LocalisedText;

/// One localised field of one data item whose translation is tracked.
pub struct TrackedField<'a> {
    /// The table section: the collection's name (`members`, `events`).
    pub section: &'static str,
    /// The file, relative to the site folder.
    pub file: String,
    /// What it is: `cekuru-draugi: description`.
    pub item: String,
    pub text: &'a LocalisedText,
    /// The line its item starts on (1-based), and the key path inside it.
    pub start: usize,
    pub path: Vec<&'static str>,
}

/// A data file's path as the translation table shows it.
pub(crate) fn shown(path: &std::path::Path) -> String {
    crate::paths::to_slash(path)
}
