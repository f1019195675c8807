//! Checks every collection shares, with the line of each problem: ids,
//! references to activity areas, web and e-mail addresses; and the text of
//! the data files, read again to quote lines in messages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::i18n::is_slug;

/// Whether `url` is an absolute http(s) address (and so cannot run script).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && lower.len() > "https://".len()
        && !url.chars().any(|c| c.is_control() || c == ' ')
}

/// Whether `email` is a plain e-mail address (no name, no brackets).
pub fn is_email(email: &str) -> bool {
    email.contains('@')
        && !email.contains(|c: char| c.is_whitespace() || "<>\"'():;,\\".contains(c))
}

/// The text of data files by shown path, for quoting lines in messages.
pub type SourceTexts = HashMap<PathBuf, String>;

/// Reads the data files' text again for messages; only used when there are problems.
pub fn source_texts(data_dir: &Path, shown_dir: &Path) -> SourceTexts {
    let mut texts = SourceTexts::new();
    for entry in walkdir::WalkDir::new(data_dir)
        .max_depth(2)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file()
            && let Ok(text) = std::fs::read_to_string(entry.path())
            && let Ok(rel) = entry.path().strip_prefix(data_dir)
        {
            texts.insert(shown_dir.join(rel), text);
        }
    }
    texts
}

pub fn unknown_area(
    wrong: &str,
    known: &[&str],
    make: impl FnOnce(String) -> Diagnostic,
) -> Diagnostic {
    let d = make(format!("unknown activity area `{wrong}`"));
    match did_you_mean(wrong, known.iter().copied()) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None if known.is_empty() => d.with_help(format!(
            "data/areas.yaml lists no areas: add `- id: {wrong}` with a name there, or remove the reference"
        )),
        None => d.with_help(format!(
            "use one of the ids in data/areas.yaml: {}",
            known.join(", ")
        )),
    }
}

pub fn check_ids<'a>(
    ids: impl Iterator<Item = &'a Spanned<String>>,
    file: &Path,
    what: &str,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for id in ids {
        if crate::paths::is_reserved_name(&id.value) {
            problems.push(
                at(
                    file,
                    &id.referenced,
                    ErrorKind::InvalidValue,
                    format!("{what} id `{}` is a name Windows reserves for devices", id.value),
                )
                .with_help("ids become folder names: choose another id (con, prn, aux, nul, com1–9 and lpt1–9 cannot be used)"),
            );
        }
        if !is_slug(&id.value) {
            problems.push(
                at(
                    file,
                    &id.referenced,
                    ErrorKind::InvalidValue,
                    format!("{what} id `{}` is not a slug", id.value),
                )
                .with_help(format!(
                    "ids become URLs: use lowercase letters, digits and hyphens, e.g. `{}`",
                    crate::i18n::slugify(&id.value)
                )),
            );
        }
        if let Some(first) = seen.insert(&id.value, id.referenced.line()) {
            problems.push(
                at(
                    file,
                    &id.referenced,
                    ErrorKind::Duplicate,
                    format!(
                        "duplicate {what} id `{}` (first used on line {first})",
                        id.value
                    ),
                )
                .with_help("give each entry its own id"),
            );
        }
    }
}

/// The largest key figure: integers up to this size are exact in a float.
pub const FIGURE_LIMIT: f64 = 1e15;
