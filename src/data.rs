//! Reading the alliance's data under `content/data/`: YAML files read safely
//! (no link out of the site, UTF-8) into typed lists, the checks every
//! collection shares (ids, area references, web addresses) with the YAML
//! line of each problem, sources of figures, and the headline figures
//! (`facts.yaml`). The collections themselves (members, areas, reports) are
//! in `collections`.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::LocalisedText;

pub mod facts;
pub mod records;
mod validate;
pub use facts::Fact;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSource {
    pub name: LocalisedText,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

/// A source's `url` that is not a web address is an error at its line.
pub fn check_source_url(
    source: Option<&ReportSource>,
    file: &Path,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    help: impl Into<crate::messages::Message>,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(url) = source.and_then(|s| s.url.as_ref())
        && !is_web_address(&url.value)
    {
        problems.push(
            at(
                file,
                &url.referenced,
                ErrorKind::InvalidValue,
                String::new(),
            )
            .with_message(msg!("data.source-url", value = &url.value))
            .with_help(help),
        );
    }
}

pub fn read_text(path: &Path, shown: &Path, problems: &mut Vec<Diagnostic>) -> Option<String> {
    // A data file may be a link within the site (content/data/… → the site
    // folder), never to a file outside it. The site folder is the parent of
    // content/, which `shown` names relative to.
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let depth = shown.components().count();
        let site_root = path
            .ancestors()
            .nth(depth)
            .and_then(|r| r.canonicalize().ok());
        if let (Some(root), Ok(real)) = (site_root, path.canonicalize())
            && !real.starts_with(&root)
        {
            problems.push(
                Diagnostic::error(
                    ErrorKind::Io,
                    msg!("content.link-outside", target = real.display()),
                )
                .in_file(shown)
                .with_help(msg!("data.link-outside-help")),
            );
            return None;
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            problems.push(
                Diagnostic::error(ErrorKind::Io, msg!("io.cannot-read", error = e.to_string()))
                    .in_file(shown),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            problems.push(Diagnostic::not_utf8(shown, &e));
            None
        }
    }
}

/// A top-level YAML list; an empty file (or only comments) is an empty list.
pub fn read_list<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    path: &Path,
    shown: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let Some(text) = read_text(path, shown, problems) else {
        return Vec::new();
    };
    parse_list(&text, shown, problems)
}

/// A top-level YAML list from its text; an empty text (or only comments) is
/// an empty list.
pub fn parse_list<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    text: &str,
    shown: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let only_comments = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    if only_comments {
        return Vec::new();
    }
    match crate::yaml::parse_all::<Option<Vec<T>>>(text, shown, 0) {
        Ok(list) => list.unwrap_or_default(),
        Err(all) => {
            problems.extend(all);
            Vec::new()
        }
    }
}

pub use validate::{
    FIGURE_LIMIT, SourceTexts, check_ids, is_email, is_web_address, source_texts, unknown_area,
};
