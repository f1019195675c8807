//! `alianse serve`: build the site, serve it over HTTP on the loopback
//! interface, watch the sources and rebuild what an edit affects, and tell
//! open pages to reload (or show the build error over them).
//!
//! The site is written to the same output folder as `build` (ROOT/output
//! unless `--output` says otherwise), with the same bytes: the live-reload
//! script is added only to HTTP responses. [`watch`] turns file events into
//! change sets, [`incremental`] rebuilds what [`affected`] says an edit
//! reaches and writes it through the build's own apply step
//! (`output::apply_changed`: staged, journalled, never following a link,
//! touching only what changed), [`http`] serves.

pub(crate) mod affected;
pub(crate) mod deps;
mod fields;
pub(crate) mod guard;
pub(crate) mod http;
pub(crate) mod incremental;
mod reload;
pub(crate) mod watch;
mod written;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use crate::build::BuildOptions;
use crate::error::{Diagnostics, ErrorKind};
use http::{Live, Notice};
use incremental::{Rebuild, SiteState};
use watch::ChangeSet;

/// What `alianse serve` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    /// `--now`: the clock for scheduled pages.
    pub now: Option<crate::schedule::Now>,
    pub quiet: bool,
}

/// Runs the server until the process is stopped.
pub(crate) fn run(mut options: ServeOptions) -> ExitCode {
    // The watcher reports absolute paths; a relative root (the default ".")
    // would never match them.
    if let Ok(root) = options.root.canonicalize() {
        options.root = root;
    }
    // Resolved once, before anything runs: the server and every rebuild
    // use the same folder, whether or not the first build creates it.
    options.output = Some(resolve_output(&options.root, options.output.as_deref()));
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: options.output.clone(),
        base_url: None,
        drafts: options.drafts,
        write: true,
        // The preview shows future and expired pages, each with a banner.
        schedule: crate::schedule::ScheduleOptions {
            future: true,
            expired: true,
            now: options.now,
        },
        no_cache: true,
    };
    // Listen first: a taken port fails fast, before the build.
    let listener = match bind(&options) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut state = SiteState::new(build_options);
    let live = Live::new();
    match state.load_everything() {
        Ok(rebuild) => print_rebuild(&options, &msg!("serve.built").to_string(), &rebuild),
        Err(diagnostics) => {
            let fatal = diagnostics.errors().any(|d| {
                d.kind == ErrorKind::Output || d.file.is_none() && d.kind == ErrorKind::Config
            });
            print_errors(&diagnostics);
            if fatal {
                return ExitCode::from(1);
            }
            live.announce(Notice::BuildError(
                diagnostics.to_string().trim_end().to_string(),
            ));
        }
    }
    let address = listener.local_addr().ok();
    let (sender, changes) = mpsc::channel();
    let _watcher = match watch::watch(&options.root, sender) {
        Ok(w) => w,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(1);
        }
    };
    announce_start(&options, &state, address);
    let output = state.output_dir();
    let rebuild_live = live.clone();
    let rebuild_options = options.clone();
    std::thread::spawn(move || rebuild_loop(state, changes, rebuild_live, rebuild_options));
    serve_http(listener, &output, live)
}

/// The output folder as an absolute path: `--output` (relative to the
/// current folder) or `ROOT/output`. It need not exist yet.
pub(crate) fn resolve_output(root: &std::path::Path, output: Option<&std::path::Path>) -> PathBuf {
    let path = output.map_or_else(|| root.join("output"), std::path::Path::to_path_buf);
    std::path::absolute(&path).unwrap_or(path)
}

/// Binds the listening socket, explaining a taken port.
fn bind(options: &ServeOptions) -> Result<TcpListener, ExitCode> {
    if !options.bind.is_loopback() {
        let d = crate::error::Diagnostic::warning(
            ErrorKind::Usage,
            msg!("serve.public-bind", bind = options.bind),
        );
        eprintln!("{d}");
    }
    let address = SocketAddr::new(options.bind, options.port);
    match TcpListener::bind(address) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let free = (options.port.saturating_add(1)..=options.port.saturating_add(100))
                .find(|&p| TcpListener::bind(SocketAddr::new(options.bind, p)).is_ok());
            let hint = match free {
                Some(p) => msg!("serve.port-hint", port = p),
                None => msg!("serve.port-hint-any"),
            };
            let d = crate::error::Diagnostic::error(
                ErrorKind::Io,
                msg!(
                    "serve.port-in-use",
                    port = options.port,
                    bind = options.bind
                ),
            )
            .with_help(hint);
            eprintln!("{d}");
            Err(ExitCode::from(2))
        }
        Err(e) => {
            let d = crate::error::Diagnostic::error(
                ErrorKind::Io,
                msg!(
                    "serve.cannot-listen",
                    address = address,
                    error = e.to_string()
                ),
            )
            .with_help(msg!("serve.cannot-listen-help"));
            eprintln!("{d}");
            Err(ExitCode::from(2))
        }
    }
}

fn announce_start(options: &ServeOptions, state: &SiteState, address: Option<SocketAddr>) {
    let Some(address) = address else { return };
    let url = format!("http://{address}/");
    let line = msg!(
        "serve.serving",
        root = options.root.display(),
        url = &url,
        output = state.output_dir().display()
    );
    println!("{line}");
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url);
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(url).spawn() {
        let d = crate::error::Diagnostic::warning(
            ErrorKind::Io,
            msg!(
                "serve.no-browser",
                command = command,
                error = e.to_string(),
                url = url
            ),
        );
        eprintln!("{d}");
    }
}

/// Receives change sets, rebuilds, and tells the pages.
fn rebuild_loop(
    mut state: SiteState,
    changes: mpsc::Receiver<ChangeSet>,
    live: Live,
    options: ServeOptions,
) {
    let mut generation = 0u64;
    while let Ok(mut batch) = changes.recv() {
        // Changes that arrived meanwhile join this rebuild.
        while let Ok(more) = changes.try_recv() {
            batch.merge(more);
        }
        generation += 1;
        let what = batch.describe();
        // A bug must not stop the watching: report it and start afresh.
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| state.rebuild(&batch)))
                .unwrap_or_else(|_| {
                    state.forget();
                    let mut diagnostics = Diagnostics::new();
                    diagnostics.push(
                        crate::error::Diagnostic::error(ErrorKind::Io, msg!("serve.panic"))
                            .with_help(msg!("serve.panic-help")),
                    );
                    Err(diagnostics)
                });
        match outcome {
            Ok(rebuild) => {
                print_rebuild(
                    &options,
                    &msg!("serve.changed", what = what).to_string(),
                    &rebuild,
                );
                if rebuild.css_only() {
                    live.announce(Notice::Css(generation));
                } else {
                    live.announce(Notice::Reload(generation));
                }
            }
            Err(diagnostics) => {
                print_errors(&diagnostics);
                live.announce(Notice::BuildError(
                    diagnostics.to_string().trim_end().to_string(),
                ));
            }
        }
    }
}

fn print_rebuild(options: &ServeOptions, what: &str, rebuild: &Rebuild) {
    let mut stderr = std::io::stderr().lock();
    for w in &rebuild.warnings {
        if !options.quiet {
            let _ = writeln!(stderr, "{w}");
        }
    }
    if !options.quiet {
        // `what` can name a file, whose name may hold escape sequences.
        println!(
            "{}: {}",
            crate::terminal::escape_for_terminal(what),
            rebuild.describe()
        );
        let _ = std::io::stdout().flush();
    }
}

/// The same messages `build` prints.
fn print_errors(diagnostics: &Diagnostics) {
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics.iter() {
        let _ = writeln!(stderr, "{d}");
    }
    let errors = msg!("summary.errors", count = diagnostics.errors().count());
    let _ = writeln!(stderr, "{}", msg!("serve.still-serving", errors = errors));
}

fn serve_http(listener: TcpListener, output: &std::path::Path, live: Live) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let d = crate::error::Diagnostic::error(
                ErrorKind::Io,
                msg!("serve.cannot-start", error = e.to_string()),
            );
            eprintln!("{d}");
            return ExitCode::from(1);
        }
    };
    let hosts = match listener.local_addr() {
        Ok(address) => guard::HostPolicy {
            bind: address.ip(),
            port: address.port(),
        },
        Err(e) => {
            let d = crate::error::Diagnostic::error(
                ErrorKind::Io,
                msg!("serve.cannot-start", error = e.to_string()),
            );
            eprintln!("{d}");
            return ExitCode::from(1);
        }
    };
    let router = http::router(output, live, hosts);
    let result: std::io::Result<()> = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        Err(http::serve(listener, router, http::header_timeout()).await)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let d = crate::error::Diagnostic::error(
                ErrorKind::Io,
                msg!("serve.stopped", error = e.to_string()),
            );
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}
