//! One build from start to end: load → resolve → render → write, collecting
//! every problem on the way. `check` runs the same steps and skips the write.

mod load;
mod render;
mod summary;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::content;
use crate::error::Diagnostics;
pub use crate::output::location::guard_output_location;
use crate::output::{self, WriteStats};
use crate::readiness;
use crate::render::Renderer;
use crate::site::{self, Site};
use crate::theme::Theme;
use load::load_beside;
pub use load::{load, markdown_settings, page_warnings};
pub use render::{render, sort_and_check};
pub use summary::Summary;
use summary::summarise;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// Where to write; `ROOT/output` by default.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// False for `check`: validate everything, write nothing.
    pub write: bool,
    /// Scheduled pages: `--future`, `--expired`, `--now`.
    pub schedule: crate::schedule::ScheduleOptions,
    /// Ignore and forget the no-change record (`--no-cache`).
    pub no_cache: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            write: true,
            schedule: Default::default(),
            no_cache: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

/// The result of a build: its problems and, when it got that far, counts.
pub struct BuildResult {
    pub diagnostics: Diagnostics,
    pub summary: Option<Summary>,
    /// What a failed build did to the output folder, for an honest last line.
    pub outcome: WriteOutcome,
}

/// What a build changed in output/ besides a successful write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOutcome {
    /// An interrupted earlier build was finished before this one.
    pub repaired: bool,
    /// Writing failed after some files were already replaced.
    pub partly_written: bool,
}

impl BuildResult {
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Everything loaded from disk for one build.
pub struct Loaded {
    pub config: Config,
    pub pages: Vec<content::SourcePage>,
    pub data: crate::collections::SiteData,
    pub static_files: Vec<String>,
}

/// Runs a whole build.
pub fn build(options: &BuildOptions) -> BuildResult {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::new();
    let mut outcome = WriteOutcome::default();
    let result = run(options, &mut diagnostics, &mut outcome, started);
    diagnostics.sort();
    BuildResult {
        diagnostics,
        summary: result,
        outcome,
    }
}

fn run(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
    outcome: &mut WriteOutcome,
    started: Instant,
) -> Option<Summary> {
    let output_dir = options.output_dir();
    let lock = match options.write {
        true => Some(lock_output(options, &output_dir, diagnostics, outcome)?),
        false => None,
    };
    let inputs = (options.write && !options.no_cache).then(|| inputs_fingerprint(options));
    if let Some(summary) = inputs.and_then(|i| up_to_date(&output_dir, i, started)) {
        return Some(summary);
    }
    let phase = PhaseTimer::new();
    let static_dir = options.root.join("content/static");
    let (loaded, renderer, icons) = load_site_and_theme(options, diagnostics)?;
    phase.mark("load");
    let markdown = markdown_settings(&loaded.config);
    let static_files = loaded.static_files;
    let (config, pages, data) = (loaded.config, loaded.pages, loaded.data);
    let (site, placeholders) = resolve(
        options,
        (config, pages, data),
        &static_files,
        icons,
        diagnostics,
    );
    phase.mark("theme+resolve");
    let renderer = renderer?;
    if diagnostics.has_errors() {
        return None;
    }
    let no_variants = std::collections::HashSet::new();
    let staging = match &lock {
        Some(lock) => Some(staging(lock, &no_variants, diagnostics)?),
        None => None,
    };
    let files = render(
        &site,
        &renderer,
        markdown,
        (&options.root, &output_dir),
        &static_files,
        staging.as_ref(),
        diagnostics,
    );
    if diagnostics.has_errors() {
        return None;
    }
    phase.mark("render");
    let mut summary = summarise(&site, &files);
    summary.next_change = site.config.schedule.next_change();
    let placing = lock.as_ref().zip(staging).map(|(lock, staging)| Placing {
        lock,
        staging,
        files,
        inputs: inputs.unwrap_or_default(),
    });
    let readiness = (&site, static_dir.as_path(), &static_files[..], placeholders);
    let (written, not_ready) = place_and_check(placing, readiness, diagnostics, outcome);
    summary.not_ready = not_ready;
    if let Some(written) = written {
        summary.written = Some(written?);
        // With a change ahead, the same files may build differently later:
        // the next build must not take the nothing-changed shortcut.
        if summary.next_change.is_some() || options.schedule.now.is_some() {
            output::manifest::Manifest::forget(&output_dir);
        }
    }
    if options.write {
        site.images.prune_cache();
    }
    phase.mark("write");
    summary.elapsed = started.elapsed();
    drop_in_background((site, renderer));
    Some(summary)
}

/// The resolved site, with the checks that need it whole, and the TODO
/// placeholders found in its sources; for a build,
/// the page sources are freed once resolved (see [`release_sources`]).
fn resolve(
    options: &BuildOptions,
    (config, pages, data): (
        Config,
        Vec<content::SourcePage>,
        crate::collections::SiteData,
    ),
    static_files: &[String],
    icons: Option<Vec<String>>,
    diagnostics: &mut Diagnostics,
) -> (Site, Vec<readiness::Item>) {
    let (mut site, problems) =
        site::resolve_with(config, pages, data, static_files, site::Bodies::Free);
    diagnostics.extend(problems);
    // `check` warns about sections readers cannot reach (a build does not:
    // `check --publish` lists them with the other things not ready).
    if !options.write {
        diagnostics.extend(crate::render::nav::unlinked_sections(&site));
    }
    diagnostics.extend(crate::site::checks::unknown_icons(&site, icons.as_deref()));
    let placeholders = release_sources(&mut site);
    (site, placeholders)
}

/// What the nothing-changed record compares: the site's files and the
/// options that change what a build makes.
fn inputs_fingerprint(options: &BuildOptions) -> u64 {
    let settings = format!(
        "{:?} {} {:?}",
        options.base_url, options.drafts, options.schedule
    );
    output::manifest::inputs_fingerprint(&options.root, &settings)
}

/// The summary of a build that can stop early: the inputs are those the
/// last build recorded, and output/ holds what it wrote.
fn up_to_date(output_dir: &Path, inputs: u64, started: Instant) -> Option<Summary> {
    let record = output::manifest::Manifest::read(output_dir)?;
    if record.inputs != inputs
        || record.outputs != output::manifest::outputs_fingerprint(output_dir)
    {
        return None;
    }
    Some(Summary {
        up_to_date: true,
        files: record.files,
        written: Some(WriteStats {
            unchanged: record.files,
            ..WriteStats::default()
        }),
        elapsed: started.elapsed(),
        ..Summary::default()
    })
}

/// The load phase of a build, with the theme read and its templates parsed
/// at the same time (on another core: it needs only site.yaml, and on a
/// small site it is most of the work): what was loaded, the renderer (none
/// when the theme has errors) and the theme's icons.
fn load_site_and_theme(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Option<(Loaded, Option<Renderer>, Option<Vec<String>>)> {
    let (loaded, (renderer, icons, theme_problems)) =
        load_beside(options, content::Sources::Free, diagnostics, |config| {
            let mut problems = Diagnostics::new();
            let (renderer, icons) = load_renderer(&options.root, config, &mut problems);
            (renderer, icons, problems)
        })?;
    diagnostics.extend(theme_problems.into_vec());
    Some((loaded, renderer, icons))
}

/// The theme's renderer (its problems go to `diagnostics`) and the icons
/// the theme has.
fn load_renderer(
    root: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> (Option<Renderer>, Option<Vec<String>>) {
    let mut icons = None;
    let renderer = Theme::load(root, &config.theme)
        .map_err(|d| {
            // A theme that is not there is a mistake in site.yaml's `theme:` line.
            let line = config.line_containing("theme:");
            if d.file.as_deref() == Some(Path::new("content/site.yaml")) && d.line.is_none() {
                vec![d.at(line, 0).with_source(&config.source)]
            } else {
                vec![d]
            }
        })
        .and_then(|t| {
            icons = t.icons();
            Renderer::new(t, &config.language_codes(), config.timezone.as_deref())
        });
    match renderer {
        Ok(r) => (Some(r), icons),
        Err(problems) => {
            diagnostics.extend(problems);
            (None, icons)
        }
    }
}

/// A staging folder in the locked output folder, where the render phase
/// puts each file as it is made (image variants output/ holds are handled
/// by the render phase itself, so `kept` is empty).
fn staging<'a>(
    lock: &output::OutputLock,
    kept: &'a std::collections::HashSet<String>,
    diagnostics: &mut Diagnostics,
) -> Option<output::stage::Staging<'a>> {
    output::stage::Staging::new(lock, kept)
        .map_err(|d| diagnostics.push(d))
        .ok()
}

/// What a build places in output/: the staged files under the lock.
struct Placing<'a> {
    lock: &'a output::OutputLock,
    staging: output::stage::Staging<'a>,
    files: Vec<output::stage::Staged>,
    inputs: u64,
}

/// Places the staged files (when there are any: not for `check`) and, at
/// the same time on another thread, finds what is not ready to publish:
/// the write is mostly system calls on one thread, so the other core is
/// free. Returns the write's result (`None` when nothing was placed) and
/// the items not ready.
fn place_and_check(
    placing: Option<Placing<'_>>,
    (site, static_dir, static_files, placeholders): (&Site, &Path, &[String], Vec<readiness::Item>),
    diagnostics: &mut Diagnostics,
    outcome: &mut WriteOutcome,
) -> (Option<Option<WriteStats>>, Vec<readiness::Item>) {
    std::thread::scope(|scope| {
        let ready = scope.spawn(|| readiness::check(site, static_dir, static_files, placeholders));
        let written =
            placing.map(|p| write(p.lock, p.staging, p.files, p.inputs, diagnostics, outcome));
        let not_ready = ready
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, not_ready)
    })
}

/// Places the staged files in output/ under `lock`.
fn write(
    lock: &output::OutputLock,
    staging: output::stage::Staging<'_>,
    files: Vec<output::stage::Staged>,
    inputs: u64,
    diagnostics: &mut Diagnostics,
    outcome: &mut WriteOutcome,
) -> Option<WriteStats> {
    match output::apply_staged(lock, staging, files, inputs) {
        Ok(applied) => {
            diagnostics.extend(applied.warnings);
            Some(applied.stats)
        }
        Err(failure) => {
            outcome.partly_written = failure.partly_written;
            diagnostics.push(failure.diagnostic);
            None
        }
    }
}

/// Checks the output folder, takes its lock (held from before loading
/// until written: a second build into the same folder stops at once) and
/// finishes an interrupted earlier build.
fn lock_output(
    options: &BuildOptions,
    output_dir: &Path,
    diagnostics: &mut Diagnostics,
    outcome: &mut WriteOutcome,
) -> Option<output::OutputLock> {
    let held = guard_output_location(&options.root, output_dir)
        .and_then(|()| output::check_output_dir(output_dir))
        .and_then(|()| output::lock::lock(output_dir));
    let held = match held {
        Ok(held) => held,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    match output::apply::recover(&held) {
        Ok(repaired) => {
            outcome.repaired = repaired.is_some();
            diagnostics.extend(repaired);
            Some(held)
        }
        Err(d) => {
            outcome.partly_written = true;
            diagnostics.push(d);
            None
        }
    }
}

/// Frees a finished build's memory (hundreds of megabytes of pages and
/// output on a large site) on another thread, so that the command can end
/// without waiting for it.
fn drop_in_background<T: Send + 'static>(heavy: T) {
    let _ = std::thread::Builder::new()
        .name("alianse-free".into())
        .spawn(move || drop(heavy));
}

/// After resolving, a one-off build no longer needs the pages' HTML from
/// before links were resolved (their source text went right after loading:
/// [`content::Sources::Free`]). Returns what is not ready to publish that
/// only the source text showed (TODO placeholders, found while reading).
fn release_sources(site: &mut Site) -> Vec<readiness::Item> {
    let placeholders = readiness::placeholder_text(site);
    for page in &mut site.pages {
        page.source.body.html = String::new();
    }
    placeholders
}

/// Prints the time of each phase to stderr when `ALIANSE_TIMINGS` is set;
/// for profiling, never part of normal output.
struct PhaseTimer {
    enabled: bool,
    last: std::sync::Mutex<Instant>,
}

impl PhaseTimer {
    fn new() -> Self {
        PhaseTimer {
            enabled: std::env::var_os("ALIANSE_TIMINGS").is_some(),
            last: std::sync::Mutex::new(Instant::now()),
        }
    }

    fn mark(&self, phase: &str) {
        if self.enabled
            && let Ok(mut last) = self.last.lock()
        {
            let now = Instant::now();
            eprintln!(
                "timing: {phase} {:.1} ms",
                (now - *last).as_secs_f64() * 1000.0
            );
            *last = now;
        }
    }
}
