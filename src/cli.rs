//! The command line: `build`, `check`, `serve` and `new`, their flags, the summary
//! printed after a build, and the exit codes (0 ok, 1 content errors, 2 usage).
//! [`main`] first chooses the language of messages (`--lang`, then
//! `ALIANSE_LANG`, then the locale; see `messages`), so that even
//! `--help` is in it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub mod help;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::build::{BuildOptions, BuildResult, build};
use crate::messages::{self, Lang};

#[derive(Debug, Parser)]
#[command(
    name = "alianse",
    version,
    about = "A static site generator for the publications of a civil-society alliance"
)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The language of messages: lv or en (default: ALIANSE_LANG, then
    /// LC_ALL/LC_MESSAGES/LANG, then en).
    #[arg(long, global = true, value_name = "LANG", value_parser = Lang::parse_flag)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Validate content, data and internal links; write nothing.
    Check(CheckArgs),
    /// Build, serve the site on this computer, and rebuild on every save.
    Serve(ServeArgs),
    /// Create new content from an archetype (`new news "Title"`, `new page`,
    /// `new member`, `new event`, `new report YEAR`), or a new site
    /// (`new site DIR`; `new DIR` also works).
    New(crate::archetypes::NewArgs),
    /// List the upcoming scheduled publish and expiry times.
    Schedule {
        /// The site folder, holding content/ (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Take this moment as now (2026-12-05, 2026-12-05T09:00 in the
        /// site's time zone, or with an offset).
        #[arg(long, value_parser = crate::schedule::Now::parse)]
        now: Option<crate::schedule::Now>,
        /// Print JSON for scripts and CI.
        #[arg(long)]
        json: bool,
    },
    /// Show which pages and data texts lack a translation or have an outdated one.
    Translations(crate::translations::TranslationArgs),
    /// Write JSON Schemas of site.yaml, front matter and the data files.
    Schema {
        /// The folder to write them to.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder, holding content/ (default: the current folder).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Use this base URL instead of the one in site.yaml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

/// The flags of scheduled publishing.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// Include pages whose date lies in the future.
    #[arg(long)]
    pub future: bool,
    /// Include pages whose `expires` has passed.
    #[arg(long)]
    pub expired: bool,
    /// Take this moment as now (2026-12-05, 2026-12-05T09:00 in the site's
    /// time zone, or with an offset: 2026-12-05T07:00:00Z).
    #[arg(long, value_parser = crate::schedule::Now::parse)]
    pub now: Option<crate::schedule::Now>,
}

impl ScheduleArgs {
    fn options(&self) -> crate::schedule::ScheduleOptions {
        crate::schedule::ScheduleOptions {
            future: self.future,
            expired: self.expired,
            now: self.now,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also list what is not ready to publish (placeholder base_url, sample
    /// data, drafts, large images, empty sections, orphan pages); exit 1 if any.
    #[arg(long)]
    pub publish: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: ROOT/output).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Build everything even if nothing changed, and forget the no-change record.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder, holding content/ (default: the current folder).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: ROOT/output).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The address to listen on; other than 127.0.0.1 the site is visible
    /// to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port to listen on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Take this moment as now for scheduled pages (future and expired
    /// pages are always shown by `serve`, with a banner).
    #[arg(long, value_parser = crate::schedule::Now::parse)]
    pub now: Option<crate::schedule::Now>,
}

/// The `alianse` program: chooses the language of messages, parses the
/// command line with the help texts in that language, and runs it.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = messages::resolve_from_env(lang_flag(&args));
    messages::set_current(lang);
    // Every command's messages need the message catalogues (parsing them is
    // 5 % of a small site's build), reading a valid command line does not:
    // they are parsed on another thread while the command starts.
    let _ = std::thread::Builder::new()
        .name("alianse-messages".into())
        .spawn(move || {
            messages::catalogue::catalogue(Lang::En);
            messages::catalogue::catalogue(lang);
        });
    let parsed = Cli::command()
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = parsed.unwrap_or_else(|_| {
        // Help, the version and mistakes are shown in the reader's
        // language: the same command line again, with localised help texts.
        help::localise(Cli::command(), lang)
            .try_get_matches_from_mut(args)
            .and_then(|matches| Cli::from_arg_matches(&matches))
            .unwrap_or_else(|e| e.exit())
    });
    run(cli)
}

/// The value of `--lang X` or `--lang=X` before clap has read the command
/// line (the help texts depend on it); `None` if absent or unknown (clap
/// then reports an unknown one).
fn lang_flag(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args.next().and_then(|v| Lang::from_locale(&v));
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Lang::from_locale(value);
        }
    }
    None
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    if let Some(lang) = cli.lang {
        messages::set_current(lang);
    }
    match cli.command {
        Command::Build(args) => {
            if let Some(code) = refuse_base_url(args.site.base_url.as_deref()) {
                return code;
            }
            let options = BuildOptions {
                root: args.site.root,
                output: args.output,
                base_url: args.site.base_url,
                drafts: args.site.drafts,
                write: true,
                schedule: args.site.schedule.options(),
                no_cache: args.no_cache,
            };
            report(&build(&options), cli.quiet, msg!("summary.built"))
        }
        Command::Check(args) => {
            if let Some(code) = refuse_base_url(args.site.base_url.as_deref()) {
                return code;
            }
            let options = BuildOptions {
                root: args.site.root,
                output: None,
                base_url: args.site.base_url,
                // Drafts are read so that they can be listed as not ready.
                drafts: args.site.drafts || args.publish,
                write: false,
                schedule: args.site.schedule.options(),
                no_cache: true,
            };
            let result = build(&options);
            if args.publish && result.ok() {
                return report_not_ready(&result, cli.quiet);
            }
            let code = report(&result, cli.quiet, msg!("summary.checked"));
            if code == ExitCode::SUCCESS && !cli.quiet {
                crate::translations::print_check_section(&options.root);
            }
            code
        }
        Command::Schema { out } => match crate::schema::write(&out) {
            Ok(files) => {
                if !cli.quiet {
                    let line = msg!(
                        "cli.schemas-written",
                        count = files.len(),
                        dir = out.display()
                    );
                    println!("{line}");
                }
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(1)
            }
        },
        Command::Serve(args) => crate::serve::run(crate::serve::ServeOptions {
            root: args.root,
            output: args.output,
            bind: args.bind,
            port: args.port,
            open: args.open,
            drafts: args.drafts,
            now: args.now,
            quiet: cli.quiet,
        }),
        Command::New(args) => {
            note_lang_of_new(&args, cli.lang.is_some());
            crate::archetypes::command(&args, cli.quiet)
        }
        Command::Schedule { root, now, json } => schedule_command(&root, now, json),
        Command::Translations(args) => crate::translations::command(&args),
    }
}

/// `new … --lang en` made the translation before `--lang` became the
/// language of messages: a note says what it does now.
fn note_lang_of_new(args: &crate::archetypes::NewArgs, lang_given: bool) {
    let content = args.title.is_some() && args.kind != "site";
    if lang_given && content && args.langs.is_empty() && !args.all_languages {
        let note = crate::error::Diagnostic::warning(
            crate::error::ErrorKind::Usage,
            msg!("new.lang-is-messages"),
        )
        .with_help(msg!("new.lang-is-messages-help"));
        eprintln!("{note}");
    }
}

/// A `--base-url` that cannot be the site's address is a usage error
/// (exit code 2), reported before anything is read.
fn refuse_base_url(url: Option<&str>) -> Option<ExitCode> {
    let url = url?;
    let why = crate::config::check_base_url(url).err()?;
    let d = crate::error::Diagnostic::error(
        crate::error::ErrorKind::Config,
        msg!("cli.base-url-flag", url = url, why = why),
    )
    .with_help(crate::config::base_url_flag_help());
    eprintln!("{d}");
    Some(ExitCode::from(2))
}

fn report(result: &BuildResult, quiet: bool, verb: messages::Message) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    for d in result.diagnostics.iter() {
        if d.is_error() || !quiet {
            let _ = writeln!(stderr, "{d}");
        }
    }
    if result.ok() {
        if !quiet && let Some(summary) = &result.summary {
            println!("{verb}: {summary}");
            // Not a `warning:` line: a site with sample data builds cleanly.
            if let Some(line) = crate::readiness::summary_line(&summary.not_ready) {
                println!("{line}");
            }
        }
        ExitCode::SUCCESS
    } else {
        let errors = result.diagnostics.errors().count();
        let written = if result.outcome.partly_written {
            msg!("summary.partly-written")
        } else if result.outcome.repaired {
            msg!("summary.repaired")
        } else {
            msg!("summary.nothing-written")
        };
        let errors = msg!("summary.errors", count = errors);
        let _ = writeln!(stderr, "{errors}; {written}");
        ExitCode::from(1)
    }
}

/// `check --publish` on a site without errors: every item that is not ready,
/// as an error with its file and line; exit 1 when there is any.
fn report_not_ready(result: &BuildResult, quiet: bool) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    if !quiet {
        for d in result.diagnostics.iter() {
            let _ = writeln!(stderr, "{d}");
        }
    }
    let items = result
        .summary
        .as_ref()
        .map(|s| s.not_ready.as_slice())
        .unwrap_or_default();
    for item in items {
        let mut d = item.diagnostic.clone();
        d.severity = crate::error::Severity::Error;
        let _ = writeln!(stderr, "{d}");
    }
    if items.is_empty() {
        if !quiet {
            println!("{}", msg!("readiness.ready"));
        }
        ExitCode::SUCCESS
    } else {
        let _ = writeln!(stderr, "{}", msg!("readiness.count", count = items.len()));
        ExitCode::from(1)
    }
}

/// `alianse schedule`: loads the site as a build would and prints the
/// upcoming changes, as text or JSON. Exit code 1 when the site has errors.
fn schedule_command(
    root: &std::path::Path,
    now: Option<crate::schedule::Now>,
    json: bool,
) -> std::process::ExitCode {
    let options = crate::build::BuildOptions {
        write: false,
        schedule: crate::schedule::ScheduleOptions {
            now,
            ..crate::schedule::ScheduleOptions::default()
        },
        ..crate::build::BuildOptions::new(root)
    };
    let mut diagnostics = crate::error::Diagnostics::new();
    let loaded = crate::build::load(&options, &mut diagnostics);
    diagnostics.sort();
    let errors = diagnostics.errors().count();
    for d in diagnostics.errors() {
        eprintln!("{d}");
    }
    let Some(loaded) = loaded.filter(|_| errors == 0) else {
        return std::process::ExitCode::from(1);
    };
    let schedule = &loaded.config.schedule;
    if json {
        println!("{}", crate::schedule::to_json(schedule));
    } else {
        print!("{}", crate::schedule::to_text(schedule));
    }
    std::process::ExitCode::SUCCESS
}
