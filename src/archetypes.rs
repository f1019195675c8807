//! `alianse new KIND …`: new content from archetypes — a news item, a page,
//! an event (`data/events/DATE-SLUG.yaml`), a member entry appended to members.yaml,
//! or a report year — and `alianse new site DIR` (or `new DIR`) for a whole
//! new site (see `scaffold`).
//!
//! An archetype is a text with placeholders: `{{ title }}` (escaped for a
//! double-quoted YAML string), `{{ date }}` (today in the site's time
//! zone), `{{ year }}`, `{{ slug }}`, `{{ id }}` and `{{ lang }}`. The
//! built-in ones are below; a site replaces any of them with a file in
//! `archetypes/` at its root: `news.md`, `page.md`, `event.yaml`,
//! `member.yaml`, `report.yaml`, `report.md`, and for a translation
//! `news.en.md` … (without one, the language's file falls back to `news.md`).
//! Nothing is ever overwritten.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::archetypes_text::{Values, archetype, io_problem};
use crate::collections::Collection;
use crate::config::Config;
use crate::error::{Diagnostic, ErrorKind};
use crate::schedule::{Clock, Now};

/// `alianse new …`
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to create: news, page, member, event, report or site; a single
    /// folder name alone creates a new site there (the older form).
    pub kind: String,
    /// The title (news, page, event), the organisation's name (member), the
    /// year (report) or the folder (site).
    pub title: Option<String>,
    /// The site folder, holding content/ (default: the current folder).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Also create the translation in this language (may be repeated).
    /// (`--lang` is the language of messages for every command.)
    #[arg(long = "translation", value_name = "LANG")]
    pub langs: Vec<String>,
    /// Also create the translations in every other language of the site.
    #[arg(long)]
    pub all_languages: bool,
    /// For `new page`: the folder under content/ to put it in.
    #[arg(long, value_name = "DIR")]
    pub section: Option<String>,
    /// Take this moment as now for today's date.
    #[arg(long, value_parser = crate::schedule::Now::parse)]
    pub now: Option<Now>,
}

/// The kinds of content an archetype makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    News,
    Page,
    Member,
    Report,
    /// An item of a collection kept one file per item (`event`).
    Item(Collection),
}

impl Kind {
    pub(crate) fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "news" => Kind::News,
            "page" => Kind::Page,
            "member" => Kind::Member,
            "report" => Kind::Report,
            _ => Kind::Item(
                *Collection::ALL
                    .iter()
                    .find(|c| c.new_item().is_some_and(|n| n.kind == name))?,
            ),
        })
    }

    fn name(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::Page => "page",
            Kind::Item(c) => c.new_item().map_or("", |n| n.kind),
            Kind::Member => "member",
            Kind::Report => "report",
        }
    }
}

/// Runs `alianse new`: prints the created paths, or the problem.
pub(crate) fn command(args: &NewArgs, quiet: bool) -> ExitCode {
    let usage = |message: crate::messages::Message, help: crate::messages::Message| {
        eprintln!(
            "{}",
            Diagnostic::error(ErrorKind::Config, message).with_help(help)
        );
        ExitCode::from(2)
    };
    let site_dir = match (args.kind.as_str(), &args.title) {
        ("site", Some(dir)) => Some(PathBuf::from(dir)),
        // The older form `alianse new DIR`, also for a folder named `site`.
        ("site", None) => Some(PathBuf::from("site")),
        (other, None) if Kind::parse(other).is_none() => Some(PathBuf::from(other)),
        _ => None,
    };
    if let Some(dir) = site_dir {
        return new_site(&dir, quiet);
    }
    let Some(kind) = Kind::parse(&args.kind) else {
        return usage(
            msg!("new.unknown-kind", kind = &args.kind),
            msg!("new.unknown-kind-help"),
        );
    };
    let Some(title) = args.title.as_deref().filter(|t| !t.trim().is_empty()) else {
        let message = if kind == Kind::Report {
            msg!("new.needs-year", kind = kind.name())
        } else {
            msg!("new.needs-title", kind = kind.name())
        };
        return usage(message, msg!("new.needs-title-help", kind = kind.name()));
    };
    match create(kind, title, args) {
        Ok(created) => {
            if !quiet {
                for path in created {
                    println!("{}", path.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}

fn new_site(dir: &Path, quiet: bool) -> ExitCode {
    match crate::scaffold::create(dir) {
        Ok(()) => {
            if !quiet {
                let quoted = crate::scaffold::shell_quote(&dir.display().to_string());
                println!(
                    "{}",
                    msg!("new.site-created", dir = dir.display(), quoted = quoted)
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}

/// Creates the files of one archetype and returns their paths (as given
/// under the site folder). Nothing is written when any of them exists.
pub(crate) fn create(kind: Kind, title: &str, args: &NewArgs) -> Result<Vec<PathBuf>, Diagnostic> {
    let config = load_config(&args.root)?;
    let clock = Clock::new(
        config.timezone.as_deref(),
        config.line_containing("timezone:"),
        args.now,
    )?;
    let date = clock.today();
    let slug = crate::i18n::slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            ErrorKind::InvalidValue,
            msg!("new.empty-slug", title = title),
        )
        .with_help(msg!("new.empty-slug-help")));
    }
    let values = Values {
        title: title.trim().to_string(),
        year: date[..4].to_string(),
        slug,
        date,
    };
    let languages = translation_languages(&config, args)?;
    match kind {
        Kind::Member => crate::archetypes_data::append_member(&args.root, &config, &values),
        Kind::Report => {
            let year: i64 = title
                .trim()
                .parse()
                .ok()
                .filter(|y| (1000..=9999).contains(y))
                .ok_or_else(|| {
                    Diagnostic::error(
                        ErrorKind::InvalidValue,
                        msg!("new.not-a-year", title = title),
                    )
                    .with_help(msg!("new.not-a-year-help"))
                })?;
            let values = Values {
                year: year.to_string(),
                slug: year.to_string(),
                ..values
            };
            let data = crate::archetypes_data::report_entry(&args.root, &config, &values)?;
            let folder = "reports";
            let mut files = vec![data];
            files.extend(markdown_files(
                &args.root,
                &config,
                Kind::Report,
                folder,
                &values,
                &languages,
            )?);
            write_all(&args.root, files)
        }
        Kind::Item(collection) => new_item(collection, &args.root, &config, &values),
        Kind::News => {
            let folder = config.feeds.section.clone();
            let files = markdown_files(&args.root, &config, kind, &folder, &values, &languages)?;
            write_all(&args.root, files)
        }
        Kind::Page => {
            let folder = args.section.clone().unwrap_or_default();
            let folder = folder.trim_matches('/').to_string();
            if folder.split('/').any(|p| p == ".." || p == ".") {
                return Err(Diagnostic::error(
                    ErrorKind::InvalidValue,
                    msg!("new.section-outside", folder = &folder),
                )
                .with_help(msg!("new.section-outside-help")));
            }
            let files = markdown_files(&args.root, &config, kind, &folder, &values, &languages)?;
            write_all(&args.root, files)
        }
    }
}

/// The file of a new item of a collection kept one file per item
/// (`alianse new event`), as the collection describes it.
fn new_item(
    collection: Collection,
    root: &Path,
    config: &Config,
    values: &Values,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let Some(item) = collection.new_item() else {
        return Ok(Vec::new());
    };
    let file = crate::archetypes_data::item_entry(root, config, values, item)?;
    write_all(root, vec![file])
}

fn load_config(root: &Path) -> Result<Config, Diagnostic> {
    let path = root.join("content/site.yaml");
    if !path.is_file() {
        return Err(Diagnostic::error(
            ErrorKind::Config,
            msg!("new.no-site", root = root.display()),
        )
        .with_help(msg!("new.no-site-help")));
    }
    Config::load(&path, Path::new("content/site.yaml"), None)
        .map_err(|mut problems| problems.remove(0))
}

/// The languages to write a translation in, besides the default one.
fn translation_languages(config: &Config, args: &NewArgs) -> Result<Vec<String>, Diagnostic> {
    let others: Vec<String> = config
        .language_codes()
        .into_iter()
        .filter(|l| *l != config.default_language)
        .collect();
    if args.all_languages {
        return Ok(others);
    }
    for lang in &args.langs {
        if !others.contains(lang) {
            return Err(Diagnostic::error(
                ErrorKind::Config,
                msg!("new.not-a-language", lang = lang),
            )
            .with_help(msg!(
                "new.not-a-language-help",
                languages = others.join(", ")
            )));
        }
    }
    Ok(args.langs.clone())
}

/// The Markdown file in the default language and its translations.
fn markdown_files(
    root: &Path,
    config: &Config,
    kind: Kind,
    folder: &str,
    values: &Values,
    languages: &[String],
) -> Result<Vec<(PathBuf, String)>, Diagnostic> {
    let mut files = Vec::new();
    let default = config.default_language.as_str();
    for lang in std::iter::once(default).chain(languages.iter().map(String::as_str)) {
        let suffix = if lang == default {
            String::new()
        } else {
            format!(".{lang}")
        };
        let name = format!("{}{suffix}.md", values.slug);
        let rel = Path::new("content").join(folder).join(name);
        let template = archetype(root, &format!("{}.md", kind.name()), lang, default)?;
        files.push((rel, values.fill(&template, lang)));
    }
    Ok(files)
}

/// Writes new files, refusing if any exists; returns their paths.
pub(crate) fn write_all(
    root: &Path,
    files: Vec<(PathBuf, String)>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    if let Some((rel, _)) = files.iter().find(|(rel, _)| root.join(rel).exists()) {
        return Err(Diagnostic::error(ErrorKind::Duplicate, msg!("new.exists"))
            .in_file(rel)
            .with_help(msg!("new.exists-help")));
    }
    for (rel, text) in &files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_problem(rel, &e))?;
        }
        // `create_new`: a file that appeared meanwhile is not overwritten either.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io_problem(rel, &e))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| io_problem(rel, &e))?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}
