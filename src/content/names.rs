//! The names of Markdown files and folders under `content/`.
//!
//! A name becomes part of an URL, and file systems disagree about names:
//! `Jaunumi/` and `jaunumi/` are one folder on Windows and macOS and two on
//! Linux, `Ziņa` can be stored in two Unicode forms. So: two folders whose
//! names give the same URL are an error; names with spaces, capitals or
//! diacritics are a warning with the safe name; a folder of pages without
//! `_index.md` is a warning (its pages would be listed nowhere); a language
//! suffix that is not a configured language is an error, and two files that
//! are the same page in the same language (`a.md` and `a.lv.md`) are too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::i18n::{is_slug, slugify};

/// `Ziņa 1.md` → `zina-1.md`: the name lowercased, without diacritics,
/// spaces as hyphens; the extension kept (lowercase).
pub fn safe_name(name: &str) -> String {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.len() <= 5 => (s, Some(e)),
        _ => (name, None),
    };
    // Language suffixes (`a.en`) and `_index` keep their form.
    let stem: Vec<String> = stem
        .split('.')
        .map(|part| match part {
            "_index" => part.to_string(),
            _ => slugify(part),
        })
        .collect();
    let stem = stem.join(".");
    match extension {
        Some(e) => format!("{stem}.{}", e.to_lowercase()),
        None => stem,
    }
}

/// Whether a name has what a safe name has not: spaces, capitals or
/// letters outside ASCII.
fn is_doubtful(name: &str) -> bool {
    name.chars()
        .any(|c| c.is_whitespace() || c.is_uppercase() || !c.is_ascii())
}

/// Whether a suffix looks like a language code: 2–3 letters and an optional
/// region (`de`, `eng`, `pt-BR`).
fn looks_like_language(code: &str) -> bool {
    let (language, region) = match code.split_once(['-', '_']) {
        Some((l, r)) => (l, Some(r)),
        None => (code, None),
    };
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && region.is_none_or(|r| {
            (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Everything wrong or doubtful about the names of `files` (paths relative
/// to `content/`, as found).
pub fn check(
    files: &[String],
    shown_dir: &Path,
    languages: &[String],
    default_language: &str,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut folders: BTreeSet<&str> = BTreeSet::new();
    let mut with_index: BTreeSet<&str> = BTreeSet::new();
    let mut pages_in: BTreeMap<&str, &str> = BTreeMap::new();
    let mut pages: BTreeMap<(String, String), &str> = BTreeMap::new();
    for file in files {
        let (folder, name) = file.rsplit_once('/').unwrap_or(("", file.as_str()));
        let mut at = 0;
        for part in folder.split('/').filter(|p| !p.is_empty()) {
            at += part.len() + usize::from(at > 0);
            folders.insert(&folder[..at]);
        }
        if is_doubtful(name) {
            problems.push(doubtful_name(shown_dir, file, name));
        }
        problems.extend(language_suffix(
            shown_dir,
            file,
            languages,
            default_language,
        ));
        let (key, lang) = super::key_and_language(file, languages, default_language);
        if key.ends_with("_index") {
            with_index.insert(folder);
        } else {
            pages_in.entry(folder).or_insert(file);
        }
        if let Some(first) = pages.insert((key.clone(), lang.clone()), file) {
            problems.push(
                Diagnostic::error(
                    ErrorKind::Duplicate,
                    msg!(
                        "content.same-page",
                        first = shown_dir.join(first).display(),
                        second = shown_dir.join(file).display(),
                        lang = &lang
                    ),
                )
                .in_file(shown_dir.join(file))
                .with_help(msg!(
                    "content.same-page-help",
                    name = name,
                    other = first.rsplit('/').next().unwrap_or(first),
                    default = default_language
                )),
            );
        }
    }
    let clashing = folder_clashes(&folders, shown_dir, &mut problems);
    for (folder, example) in pages_in {
        if folder.is_empty()
            || folder == "reports"
            || with_index.contains(folder)
            || clashing.contains(folder)
        {
            continue;
        }
        problems.push(
            Diagnostic::warning(
                ErrorKind::SiteStructure,
                msg!(
                    "content.no-index",
                    folder = shown_dir.join(folder).display()
                ),
            )
            .in_file(shown_dir.join(example))
            .with_help(msg!(
                "content.no-index-help",
                folder = shown_dir.join(folder).display()
            )),
        );
    }
    problems
}

/// Folders whose names give one URL: an error on the one whose name is not
/// the safe one. Also warns about folder names that are not safe. Returns
/// the folders reported, which get no further warnings.
fn folder_clashes<'f>(
    folders: &BTreeSet<&'f str>,
    shown_dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> BTreeSet<&'f str> {
    let mut clashing = BTreeSet::new();
    let mut by_url: BTreeMap<String, &str> = BTreeMap::new();
    for folder in folders {
        let name = folder.rsplit('/').next().unwrap_or(folder);
        if is_doubtful(name) {
            problems.push(doubtful_name(shown_dir, folder, name));
        }
        let url: Vec<String> = folder
            .split('/')
            .map(|p| {
                if is_slug(p) {
                    p.to_string()
                } else {
                    slugify(p)
                }
            })
            .collect();
        let url = format!("/{}/", url.join("/"));
        if let Some(other) = by_url.insert(url.clone(), *folder) {
            // The message goes to the folder whose name is not the safe one.
            let (other, folder) = if is_doubtful(name) {
                (other, *folder)
            } else {
                (*folder, other)
            };
            clashing.insert(folder);
            problems.push(
                Diagnostic::error(
                    ErrorKind::Duplicate,
                    msg!(
                        "content.folder-clash",
                        first = shown_dir.join(other).display(),
                        second = shown_dir.join(folder).display(),
                        url = &url
                    ),
                )
                .in_file(shown_dir.join(folder))
                .with_help(msg!("content.folder-clash-help")),
            );
        }
    }
    clashing
}

fn doubtful_name(shown_dir: &Path, path: &str, name: &str) -> Diagnostic {
    Diagnostic::warning(
        ErrorKind::SiteStructure,
        msg!("content.doubtful-name", name = name),
    )
    .in_file(shown_dir.join(path))
    .with_help(msg!("content.doubtful-name-help", safe = safe_name(name)))
}

/// An error when `name.xx.md` has a suffix that looks like a language code
/// but is not one of the site's languages.
fn language_suffix(
    shown_dir: &Path,
    file: &str,
    languages: &[String],
    default_language: &str,
) -> Option<Diagnostic> {
    let stem = file.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if code.contains('/')
        || base.ends_with('/')
        || languages.iter().any(|l| l == code)
        || !looks_like_language(code)
    {
        return None;
    }
    let base = base.rsplit('/').next().unwrap_or(base);
    let lowercase = code.to_lowercase();
    let help = match did_you_mean(&lowercase, languages.iter().map(String::as_str)) {
        Some(best) => msg!("yaml.did-you-mean", best = format!("{base}.{best}.md")),
        None => msg!(
            "content.language-suffix-help",
            languages = languages.join(", "),
            base = base,
            default = default_language,
            code = code
        ),
    };
    Some(
        Diagnostic::error(
            ErrorKind::InvalidValue,
            msg!(
                "content.language-suffix",
                code = code,
                languages = languages.join(", ")
            ),
        )
        .in_file(shown_dir.join(file))
        .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_files(files: &[&str]) -> Vec<String> {
        let files: Vec<String> = files.iter().map(|s| s.to_string()).collect();
        let langs = vec!["lv".to_string(), "en".to_string()];
        check(&files, Path::new("content"), &langs, "lv")
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn safe_names_keep_suffix_and_extension() {
        assert_eq!(safe_name("Ziņa 1.md"), "zina-1.md");
        assert_eq!(safe_name("Par Mums.en.md"), "par-mums.en.md");
        assert_eq!(safe_name("Jaunumi"), "jaunumi");
    }

    #[test]
    fn good_names_give_nothing() {
        assert!(
            check_files(&["_index.md", "a.md", "a.en.md", "v1.2.md", "reports/2023.md"]).is_empty()
        );
    }

    #[test]
    fn language_lookalikes() {
        assert!(looks_like_language("de") && looks_like_language("pt-BR"));
        assert!(!looks_like_language("final") && !looks_like_language("2"));
        let problems = check_files(&["a.eng.md"]);
        assert!(
            problems[0].contains("help: did you mean `a.en.md`?"),
            "{problems:?}"
        );
    }
}
