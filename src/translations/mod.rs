//! Translation status (`alianse translations`, and a line of `check`): for
//! every page in the default language and every tracked localised field of
//! the data, whether each other language has a translation that is
//! complete, missing, or outdated — outdated when the source text changed
//! after the translation. "After" comes from git history when the site is
//! in a git repository ([`git`]); otherwise from the pages' `updated:`
//! dates (falling back to `date:`), and data fields are then only checked
//! for being there.
//!
//! Output: a table grouped by section with counts, JSON for CI, and an
//! optional HTML report written to a file outside content/ and output/
//! (`translation-status.html` in the site folder unless given).

pub(crate) mod fields;
pub(crate) mod git;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::build::{BuildOptions, Loaded};
use crate::content::SourcePage;
use crate::error::{Diagnostic, Diagnostics, ErrorKind};
use crate::i18n::LocalisedText;

/// `alianse translations …`
#[derive(Debug, clap::Args)]
pub struct TranslationArgs {
    /// The site folder, holding content/ (default: the current folder).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Print JSON for CI.
    #[arg(long)]
    pub json: bool,
    /// Also write an HTML report to FILE (default: translation-status.html
    /// in the site folder); never inside content/ or the output folder.
    #[arg(long, value_name = "FILE")]
    pub html: Option<Option<PathBuf>>,
    /// Exit with code 1 when a translation is missing or outdated.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    Complete,
    Missing,
    Outdated,
}

impl Status {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::Missing => "missing",
            Status::Outdated => "outdated",
        }
    }
}

/// One translation of one page or field.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Item {
    /// The page's source file or the data item and field.
    pub item: String,
    /// The file the source text is in, relative to the site folder.
    pub file: String,
    pub lang: String,
    pub status: Status,
}

#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Counts {
    pub complete: usize,
    pub missing: usize,
    pub outdated: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        match status {
            Status::Complete => self.complete += 1,
            Status::Missing => self.missing += 1,
            Status::Outdated => self.outdated += 1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Section {
    /// `pages: jaunumi/`, `members` …
    pub name: String,
    pub counts: Counts,
    pub items: Vec<Item>,
}

/// The whole status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TranslationStatus {
    pub source_language: String,
    /// `git` or `updated` (dates in front matter).
    pub method: &'static str,
    pub totals: Counts,
    pub sections: Vec<Section>,
}

/// Reads the site (drafts, future and expired pages included: they are all
/// to be translated) and works out the status.
pub(crate) fn status(root: &Path) -> Result<TranslationStatus, Diagnostics> {
    let options = BuildOptions {
        drafts: true,
        write: false,
        schedule: crate::schedule::ScheduleOptions {
            future: true,
            expired: true,
            now: None,
        },
        ..BuildOptions::new(root)
    };
    let mut diagnostics = Diagnostics::new();
    let loaded = crate::build::load(&options, &mut diagnostics);
    match loaded {
        Some(loaded) if !diagnostics.has_errors() => {
            let history = git::History::open(root);
            Ok(compute(&loaded, history.as_ref(), root))
        }
        _ => {
            diagnostics.sort();
            Err(diagnostics)
        }
    }
}

/// The status of a loaded site, with git history when there is one.
pub(crate) fn compute(
    loaded: &Loaded,
    history: Option<&git::History>,
    root: &Path,
) -> TranslationStatus {
    let default = loaded.config.default_language.clone();
    let others: Vec<String> = loaded
        .config
        .language_codes()
        .into_iter()
        .filter(|l| *l != default)
        .collect();
    let mut sections: Vec<Section> = Vec::new();
    let mut add = |name: String, item: Item| add_to_section(&mut sections, name, item);
    let mut pages: Vec<&SourcePage> = loaded.pages.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let by_key: std::collections::HashMap<(&str, &str), &SourcePage> = pages
        .iter()
        .map(|p| ((p.key.as_str(), p.lang.as_str()), *p))
        .collect();
    for page in pages.iter().filter(|p| p.lang == default) {
        let section = if page.folder().is_empty() {
            "pages: /".to_string()
        } else {
            format!("pages: {}/", page.folder())
        };
        for lang in &others {
            let translation = by_key.get(&(page.key.as_str(), lang.as_str()));
            let status = match translation {
                None => Status::Missing,
                Some(t) => page_status(page, t, history),
            };
            add(
                section.clone(),
                Item {
                    item: page.path.clone(),
                    file: format!("content/{}", page.path),
                    lang: lang.clone(),
                    status,
                },
            );
        }
    }
    let mut blamed = Blamed::new();
    for field in fields::fields(&loaded.data) {
        for lang in &others {
            let status = field_status(&field, lang, &default, history, root, &mut blamed);
            add(
                field.section.to_string(),
                Item {
                    item: field.item.clone(),
                    file: field.file.clone(),
                    lang: lang.clone(),
                    status,
                },
            );
        }
    }
    let mut totals = Counts::default();
    for item in sections.iter().flat_map(|s| &s.items) {
        totals.add(item.status);
    }
    TranslationStatus {
        source_language: default,
        method: if history.is_some() { "git" } else { "updated" },
        totals,
        sections,
    }
}

/// Counts `item` in the section called `name`, made when it is the first.
fn add_to_section(sections: &mut Vec<Section>, name: String, item: Item) {
    match sections.iter_mut().find(|s| s.name == name) {
        Some(s) => {
            s.counts.add(item.status);
            s.items.push(item);
        }
        None => {
            let mut counts = Counts::default();
            counts.add(item.status);
            sections.push(Section {
                name,
                counts,
                items: vec![item],
            });
        }
    }
}

fn page_status(
    source: &SourcePage,
    translation: &SourcePage,
    history: Option<&git::History>,
) -> Status {
    let outdated = match history {
        Some(h) => {
            h.file_age(&format!("content/{}", source.path))
                < h.file_age(&format!("content/{}", translation.path))
        }
        None => match (source.updated, translation.updated.or(translation.date)) {
            (Some(changed), Some(translated)) => changed > translated,
            (Some(_), None) => true,
            (None, _) => false,
        },
    };
    if outdated {
        Status::Outdated
    } else {
        Status::Complete
    }
}

type Blamed =
    std::collections::HashMap<String, (String, std::collections::HashMap<usize, git::Age>)>;

fn field_status(
    field: &fields::Field,
    lang: &str,
    default: &str,
    history: Option<&git::History>,
    root: &Path,
    blamed: &mut Blamed,
) -> Status {
    let LocalisedText::PerLanguage(map) = field.text else {
        // One text for every language: nothing translated yet.
        return if field.text.get(lang, default).trim().is_empty() {
            Status::Complete
        } else {
            Status::Missing
        };
    };
    let source = map.get(default).map(String::as_str).unwrap_or("");
    let translation = map.get(lang).map(String::as_str).unwrap_or("");
    if translation.trim().is_empty() {
        return if source.trim().is_empty() {
            Status::Complete
        } else {
            Status::Missing
        };
    }
    let Some(history) = history else {
        return Status::Complete;
    };
    let (text, ages) = blamed.entry(field.file.clone()).or_insert_with(|| {
        let text = std::fs::read_to_string(root.join(&field.file)).unwrap_or_default();
        (text, history.line_ages(&field.file))
    });
    let lines = fields::language_lines(text, field.start, &field.path);
    let newest = |code: &str| {
        lines
            .get(code)
            .and_then(|ls| ls.iter().filter_map(|l| ages.get(l)).min().copied())
    };
    match (newest(default), newest(lang)) {
        (Some(s), Some(t)) if s < t => Status::Outdated,
        _ => Status::Complete,
    }
}

/// `alianse translations`: prints the table or JSON, writes the HTML report.
pub(crate) fn command(args: &TranslationArgs) -> ExitCode {
    let status = match status(&args.root) {
        Ok(s) => s,
        Err(diagnostics) => {
            for d in diagnostics.errors() {
                eprintln!("{d}");
            }
            return ExitCode::from(1);
        }
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&status).unwrap_or_default()
        );
    } else {
        print!("{}", report::table(&status));
    }
    if let Some(html) = &args.html {
        match write_html(&args.root, html.as_deref(), &status) {
            Ok(path) => {
                if !args.json {
                    println!("{}", msg!("translations.wrote", path = path.display()));
                }
            }
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::from(1);
            }
        }
    }
    if args.strict && (status.totals.missing > 0 || status.totals.outdated > 0) {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// Writes the HTML report; refuses a place inside content/ or output/,
/// where it would be published.
fn write_html(
    root: &Path,
    given: Option<&Path>,
    status: &TranslationStatus,
) -> Result<PathBuf, Diagnostic> {
    let path = given.map_or_else(|| root.join("translation-status.html"), Path::to_path_buf);
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .map(|a| a.components().collect::<PathBuf>())
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let target = absolute(&path);
    for folder in ["content", "output"] {
        if target.starts_with(absolute(&root.join(folder))) {
            return Err(Diagnostic::error(
                ErrorKind::Output,
                msg!("translations.published", path = path.display()),
            )
            .with_help(msg!("translations.published-help")));
        }
    }
    std::fs::write(&path, report::html(status)).map_err(|e| {
        Diagnostic::error(
            ErrorKind::Io,
            msg!(
                "io.cannot-write-path",
                path = path.display(),
                error = e.to_string()
            ),
        )
        .with_help(msg!("io.cannot-write-help"))
    })?;
    Ok(path)
}

/// The translation line of `check`: counts, and where to see the list.
pub(crate) fn print_check_section(root: &Path) {
    if let Ok(status) = status(root)
        && !status.sections.is_empty()
    {
        println!("{}", report::check_line(&status));
    }
}
