//! The load phase of a build: site.yaml, the pages, the data and the list
//! of static files, read in parallel (with whatever the caller runs beside
//! them, such as parsing the theme).

use std::path::Path;

use super::{BuildOptions, Loaded, PhaseTimer};
use crate::config::Config;
use crate::content::markdown::MarkdownSettings;
use crate::content::{self, LoadOptions};
use crate::error::{Diagnostic, Diagnostics, ErrorKind};
use crate::output;

/// The load phase: settings, pages, data and the list of static files.
pub fn load(options: &BuildOptions, diagnostics: &mut Diagnostics) -> Option<Loaded> {
    load_with(options, content::Sources::Keep, diagnostics)
}

/// [`load`], freeing each page's source text as soon as the page is read
/// (`Sources::Free`, for a one-off build) or keeping it (`serve`).
fn load_with(
    options: &BuildOptions,
    sources: content::Sources,
    diagnostics: &mut Diagnostics,
) -> Option<Loaded> {
    load_beside(options, sources, diagnostics, |_| ()).map(|(loaded, ())| loaded)
}

/// [`load_with`], running `beside` with the settings while the pages,
/// data and static files load (a build parses its theme there).
pub(super) fn load_beside<R: Send>(
    options: &BuildOptions,
    sources: content::Sources,
    diagnostics: &mut Diagnostics,
    beside: impl FnOnce(&Config) -> R + Send,
) -> Option<(Loaded, R)> {
    let content_dir = options.root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                ErrorKind::Config,
                msg!("build.no-content", root = options.root.display()),
            )
            .with_help(msg!("build.no-content-help")),
        );
        return None;
    }
    let (mut config, clock) = load_config(options, &content_dir, diagnostics)?;
    let shown = Path::new("content");
    let languages = config.language_codes();
    let load_options = LoadOptions {
        content_dir: &content_dir,
        shown_dir: shown,
        languages,
        default_language: &config.default_language,
        markdown: markdown_settings(&config),
        drafts: options.drafts,
    };
    let timer = PhaseTimer::new();
    let config_ref = &config;
    let (((pages, page_problems), ((data, data_problems), (static_files, static_problems))), side) =
        rayon::join(
            || {
                rayon::join(
                    || pages_of(&load_options, sources, &timer),
                    || {
                        rayon::join(
                            || {
                                crate::collections::load(
                                    &content_dir.join("data"),
                                    &shown.join("data"),
                                )
                            },
                            || output::static_files(&content_dir.join("static"), &options.root),
                        )
                    },
                )
            },
            || beside(config_ref),
        );
    diagnostics.extend(page_problems);
    let (pages, schedule, schedule_problems) =
        crate::content::schedule::apply(pages, clock, &options.schedule);
    diagnostics.extend(schedule_problems);
    config.schedule = schedule;
    diagnostics.extend(data_problems);
    diagnostics.extend(static_problems);
    timer.mark("  joined with data and static");
    diagnostics.extend(crate::collections::check(
        &data,
        &content_dir.join("data"),
        &shown.join("data"),
        &content_dir.join("static"),
    ));
    diagnostics.extend(crate::cms::check(&config, &static_files));
    for page in &pages {
        diagnostics.extend(page_warnings(page));
    }
    timer.mark("  validate data");
    let loaded = Loaded {
        config,
        pages,
        data,
        static_files,
    };
    Some((loaded, side))
}

/// site.yaml and the build's clock in the site's time zone.
fn load_config(
    options: &BuildOptions,
    content_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(Config, crate::schedule::Clock)> {
    let config = match Config::load(
        &content_dir.join("site.yaml"),
        Path::new("content/site.yaml"),
        options.base_url.as_deref(),
    ) {
        Ok(c) => c,
        Err(problems) => {
            diagnostics.extend(problems);
            return None;
        }
    };
    match crate::schedule::Clock::new(
        config.timezone.as_deref(),
        config.line_containing("timezone:"),
        options.schedule.now,
    ) {
        Ok(clock) => Some((config, clock)),
        Err(d) => {
            diagnostics.push(d.with_source(&config.source));
            None
        }
    }
}

/// Warnings about one page that do not stop the build (images without alt text).
pub fn page_warnings(page: &content::SourcePage) -> Vec<Diagnostic> {
    page.body
        .images_without_alt
        .iter()
        .map(|(line, column, src)| {
            Diagnostic::warning(ErrorKind::Accessibility, msg!("image.no-alt", src = src))
                .in_file(&page.shown)
                .at(page.body_line + line - 1, *column)
                .with_source(&page.source)
                .with_help(msg!("build.no-alt-help"))
        })
        .chain(page.body.unsafe_urls.iter().map(|(line, column, url)| {
            Diagnostic::warning(ErrorKind::Sanitised, msg!("build.script-link", url = url))
                .in_file(&page.shown)
                .at(page.body_line + line - 1, *column)
                .with_source(&page.source)
                .with_help(msg!("build.script-link-help"))
        }))
        .chain(content::warnings::body_warnings(page))
        .collect()
}

pub fn markdown_settings(config: &Config) -> MarkdownSettings {
    MarkdownSettings {
        smart_punctuation: config.markdown.smart_punctuation,
        raw_html: config.markdown.raw_html,
        text_limit: config.search.body_chars,
        year_paragraphs: config.markdown.year_paragraphs,
        ..MarkdownSettings::default()
    }
}

/// The site's pages (found, names checked, read), with their problems.
fn pages_of(
    load_options: &LoadOptions<'_>,
    sources: content::Sources,
    timer: &PhaseTimer,
) -> (Vec<content::SourcePage>, Vec<Diagnostic>) {
    let shown = load_options.shown_dir;
    let (files, mut problems) = content::find_markdown_files(load_options.content_dir, shown);
    problems.extend(content::names::check(
        &files,
        shown,
        &load_options.languages,
        load_options.default_language,
    ));
    timer.mark("  find pages");
    let (pages, mut load_problems) = content::load_pages(&files, load_options, sources);
    timer.mark("  load pages");
    problems.append(&mut load_problems);
    (pages, problems)
}
