//! Checks every collection shares, with the line of each problem: ids,
//! references to activity areas, web and e-mail addresses; and the text of
//! the data files, read again to quote lines in messages.

use std::collections::{HashMap, HashSet};
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

/// Reads the text of the data files in `named` (shown paths) again for
/// messages; only used when there are problems, and only for the files
/// they name (a warning about one report does not read members.yaml).
pub fn source_texts(data_dir: &Path, shown_dir: &Path, named: &HashSet<&Path>) -> SourceTexts {
    let mut texts = SourceTexts::new();
    for entry in walkdir::WalkDir::new(data_dir)
        .max_depth(2)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(data_dir)
            && named.contains(shown_dir.join(rel).as_path())
            && let Ok(text) = std::fs::read_to_string(entry.path())
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
    let d = make(String::new()).with_message(msg!("data.unknown-area", id = wrong));
    match did_you_mean(wrong, known.iter().copied()) {
        Some(best) => d.with_help(msg!("yaml.did-you-mean", best = best)),
        None if known.is_empty() => d.with_help(msg!("data.no-areas-help", id = wrong)),
        None => d.with_help(msg!("data.unknown-area-help", ids = known.join(", "))),
    }
}

/// "member", "area" … as the subject of an id message, in the language of
/// messages (another word is shown as it is).
fn id_owner(what: &str) -> crate::messages::Message {
    match what {
        "member" => msg!("data.owner.member"),
        "area" => msg!("data.owner.area"),
        "event" => msg!("data.owner.event"),
        "publication" => msg!("data.owner.publication"),
        other => crate::messages::Message::literal(other),
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
                at(file, &id.referenced, ErrorKind::InvalidValue, String::new())
                    .with_message(msg!(
                        "data.reserved-id",
                        owner = id_owner(what),
                        id = &id.value
                    ))
                    .with_help(msg!("data.reserved-id-help")),
            );
        }
        if !is_slug(&id.value) {
            problems.push(
                at(file, &id.referenced, ErrorKind::InvalidValue, String::new())
                    .with_message(msg!(
                        "data.not-slug",
                        owner = id_owner(what),
                        id = &id.value
                    ))
                    .with_help(msg!(
                        "data.not-slug-help",
                        example = crate::i18n::slugify(&id.value)
                    )),
            );
        }
        if let Some(first) = seen.insert(&id.value, id.referenced.line()) {
            problems.push(
                at(file, &id.referenced, ErrorKind::Duplicate, String::new())
                    .with_message(msg!(
                        "data.duplicate-id",
                        owner = id_owner(what),
                        id = &id.value,
                        line = first
                    ))
                    .with_help(msg!("data.duplicate-id-help")),
            );
        }
    }
}

/// The largest key figure: integers up to this size are exact in a float.
pub const FIGURE_LIMIT: f64 = 1e15;
