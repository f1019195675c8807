//! The archetypes that write YAML data: a member appended to `data/members.yaml` without
//! rewriting the text already there, and a report year's data file.

use std::path::{Path, PathBuf};

use crate::archetypes_text::{Values, archetype, built_in, io_problem};
use crate::collections::editor::NewItem;
use crate::config::Config;
use crate::error::{Diagnostic, ErrorKind};

/// The data file of a new report year, `content/data/reports/YEAR.yaml`.
pub(crate) fn report_entry(
    root: &Path,
    config: &Config,
    values: &Values,
) -> Result<(PathBuf, String), Diagnostic> {
    let lang = config.default_language.as_str();
    let text = site_or_built_in(root, "report.yaml", "report-data", lang)?;
    Ok((
        Path::new("content/data/reports").join(format!("{}.yaml", values.year)),
        values.fill(&text, lang),
    ))
}

/// A new item of a collection kept one file per item (an event), as the
/// collection describes it ([`NewItem`]).
pub(crate) fn item_entry(
    root: &Path,
    config: &Config,
    values: &Values,
    item: &NewItem,
) -> Result<(PathBuf, String), Diagnostic> {
    let lang = config.default_language.as_str();
    let text = if root.join("archetypes").join(item.archetype).is_file() {
        archetype(root, item.archetype, lang, lang)?
    } else {
        item.text.to_string()
    };
    let path = item
        .path
        .replace("{date}", &values.date)
        .replace("{slug}", &values.slug)
        .replace("{year}", &values.year);
    Ok((PathBuf::from(path), values.fill(&text, lang)))
}

fn site_or_built_in(
    root: &Path,
    file: &str,
    built_in_kind: &str,
    lang: &str,
) -> Result<String, Diagnostic> {
    if root.join("archetypes").join(file).is_file() {
        archetype(root, file, lang, lang)
    } else {
        Ok(built_in(built_in_kind, lang).to_string())
    }
}

/// Appends a member to `content/data/members.yaml`, keeping the text that
/// is there (comments, order, quoting). Refuses an id already taken.
pub(crate) fn append_member(
    root: &Path,
    config: &Config,
    values: &Values,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let rel = PathBuf::from("content/data/members.yaml");
    let path = root.join(&rel);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_problem(&rel, &e)),
    };
    let entries = parse_list(&existing, &rel)?;
    if entries
        .iter()
        .any(|e| e.get("id").and_then(|v| v.as_str()) == Some(values.slug.as_str()))
    {
        let mut d = Diagnostic::error(
            ErrorKind::Duplicate,
            msg!("new.member-exists", id = &values.slug),
        )
        .in_file(&rel)
        .with_help(msg!("new.member-exists-help"));
        if let Some(line) = line_of_id(&existing, &values.slug) {
            d = d.at(line, 0).with_source(&existing);
        }
        return Err(d);
    }
    let lang = config.default_language.as_str();
    let entry = values.fill(
        &site_or_built_in(root, "member.yaml", "member", lang)?,
        lang,
    );
    let text = appended(&existing, &entry);
    let after = parse_list(&text, &rel).map_err(|_| {
        Diagnostic::error(ErrorKind::Yaml, msg!("new.member-list"))
            .in_file(&rel)
            .with_help(msg!("new.member-list-help"))
    })?;
    if after.len() != entries.len() + 1 {
        return Err(
            Diagnostic::error(ErrorKind::Yaml, msg!("new.member-archetype"))
                .in_file("archetypes/member.yaml")
                .with_help(msg!("new.member-archetype-help")),
        );
    }
    std::fs::create_dir_all(path.parent().unwrap_or(root)).map_err(|e| io_problem(&rel, &e))?;
    std::fs::write(&path, text).map_err(|e| io_problem(&rel, &e))?;
    Ok(vec![rel])
}

fn parse_list(text: &str, rel: &Path) -> Result<Vec<serde_json::Value>, Diagnostic> {
    let has_content = text
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if !has_content {
        return Ok(Vec::new());
    }
    crate::yaml::parse::<Option<Vec<serde_json::Value>>>(text, rel, 0)
        .map(Option::unwrap_or_default)
}

/// The existing text with the entry after it; an empty flow list (`[]`)
/// is replaced by the entry, since a block entry cannot follow it.
fn appended(existing: &str, entry: &str) -> String {
    let mut lines: Vec<&str> = existing.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.trim() == "[]") {
        lines.remove(i);
        let mut text = lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        return text + entry;
    }
    let mut text = existing.to_string();
    if !text.is_empty() {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
    }
    text + entry
}

fn line_of_id(text: &str, id: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix("id:")
                .map(|v| v.trim().trim_matches(['"', '\'']) == id)
                .unwrap_or(false)
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_keeps_the_text_and_replaces_an_empty_list() {
        assert_eq!(
            appended("# biedri\n[]\n", "- id: a\n"),
            "# biedri\n- id: a\n"
        );
        assert_eq!(
            appended("- id: b  # komentārs\n", "- id: a\n"),
            "- id: b  # komentārs\n\n- id: a\n"
        );
        assert_eq!(appended("- id: b", "- id: a\n"), "- id: b\n\n- id: a\n");
    }
}
