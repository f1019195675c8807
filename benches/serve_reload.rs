//! Benchmark (not a test): the time from saving a file to the reload event
//! of `alianse serve`, for each kind of edit, on one site.
//!
//! Make a corpus, then run the benchmark on it (one command):
//!
//!     python3 ../shared/bench/gen_corpus.py --out /dev/shm/c10k --pages 10000 --members 2000 --reports 10
//!     ALIANSE_BENCH_SITE=/dev/shm/c10k/alianse cargo bench --bench serve_reload
//!
//! It times three full builds of the site (`alianse build` into a new
//! folder), then starts the release binary on a free port (output in a
//! folder next to the site) and, N times (ALIANSE_BENCH_RUNS, default 11),
//! makes one edit of each kind in turn, measuring from just before the
//! write (a temporary file renamed over the old one, as editors save) to
//! the arrival of the `reload` event, and the server's CPU time meanwhile;
//! it then waits until the server is quiet before the next edit. It prints
//! a table of min / median / p90 / max per kind, with the server's last
//! rebuild line, and puts every file back as it was. The kinds: a news page's body (a
//! paragraph added below its summary, on a page no other kind edits), another page's
//! title, date, weight and areas; one record of members.yaml, areas.yaml
//! and a report; a template (the site's copy of the theme's page.html,
//! made for the run); a news page added and the same page deleted.
//! ALIANSE_BENCH_KINDS=body,title limits the run to some kinds.
//! ALIANSE_BENCH_BIN=PATH runs another build of `alianse` (an older
//! commit's, to compare in the same run) instead of this one's.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `alianse` binary to measure.
fn alianse() -> PathBuf {
    std::env::var_os("ALIANSE_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_alianse")))
}

struct Serve {
    child: Child,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One kind of edit: the file it changes and its text for run `n`
/// (`None`: the file is removed).
struct Kind {
    name: &'static str,
    file: PathBuf,
    edit: Box<dyn Fn(usize) -> Option<String>>,
}

/// A file's text before the benchmark (`None`: it did not exist).
struct Saved {
    file: PathBuf,
    text: Option<String>,
}

fn main() {
    let site = PathBuf::from(
        std::env::var("ALIANSE_BENCH_SITE").unwrap_or_else(|_| "/dev/shm/c10k/alianse".into()),
    );
    let runs: usize = std::env::var("ALIANSE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(11);
    if !site.join("content").is_dir() {
        eprintln!(
            "no site at {}: make one with gen_corpus.py and set ALIANSE_BENCH_SITE",
            site.display()
        );
        return;
    }
    let kinds = kinds(&site);
    let saved: Vec<Saved> = kinds
        .iter()
        .map(|k| Saved {
            file: k.file.clone(),
            text: std::fs::read_to_string(&k.file).ok(),
        })
        .collect();
    let template = site.join("templates/page.html");
    let made_template = !template.exists();
    if made_template {
        let theme =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html");
        std::fs::create_dir_all(site.join("templates")).expect("templates folder");
        std::fs::copy(theme, &template).expect("the theme's page.html is copied");
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        measure(&site, &kinds, runs)
    }));
    for s in &saved {
        match &s.text {
            Some(text) => std::fs::write(&s.file, text).expect("the file is restored"),
            None => {
                let _ = std::fs::remove_file(&s.file);
            }
        }
    }
    if made_template {
        let _ = std::fs::remove_file(&template);
        let _ = std::fs::remove_dir(site.join("templates"));
    }
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

// long because: one table of every edit kind reads best in one place.
fn kinds(site: &Path) -> Vec<Kind> {
    let content = site.join("content");
    let (page, body_page) = first_pages(&content.join("news"));
    let page_text = std::fs::read_to_string(&page).expect("the page is readable");
    // The body kind edits another page: the front matter kinds below leave
    // their page changed until their next turn, so on their page a body edit
    // would also undo the previous areas edit and time a front matter edit.
    let body_text = std::fs::read_to_string(&body_page).expect("the page is readable");
    let on_page = |f: fn(&str, usize) -> String| -> Box<dyn Fn(usize) -> Option<String>> {
        let original = page_text.clone();
        Box::new(move |n| Some(f(&original, n)))
    };
    let data = |rel: &str,
                f: fn(&str, usize) -> String|
     -> (PathBuf, Box<dyn Fn(usize) -> Option<String>>) {
        let file = content.join(rel);
        let original = std::fs::read_to_string(&file).unwrap_or_default();
        (file, Box::new(move |n| Some(f(&original, n))))
    };
    let (members, member_edit) = data("data/members.yaml", |t, n| {
        t.replacen(
            "  name:\n    lv: \"",
            &format!("  name:\n    lv: \"Labots {n} "),
            1,
        )
    });
    let (areas, area_edit) = data("data/areas.yaml", |t, n| {
        let (head, rest) = t.split_once("    lv: \"").unwrap_or((t, ""));
        format!("{head}    lv: \"Labots {n} {rest}")
    });
    let (report, report_edit) = data("data/reports/2020.yaml", |t, n| {
        let (head, rest) = t.split_once("\noverall: ").unwrap_or((t, ""));
        let rest = rest.split_once('\n').map_or("", |r| r.1);
        format!("{head}\noverall: 1.{}\n{rest}", 1 + n % 9)
    });
    let template = site.join("templates/page.html");
    let new_page = content.join("news/zz-bench-new-page.md");
    vec![
        Kind {
            name: "body",
            file: body_page,
            edit: Box::new(move |n| {
                Some(body_text.replacen(
                    "\n## ",
                    &format!("\nEdited paragraph, run {n}.\n\n## "),
                    1,
                ))
            }),
        },
        Kind {
            name: "title (re-sorts lists)",
            file: page.clone(),
            edit: on_page(|t, n| t.replacen("title: \"", &format!("title: \"Labots {n} "), 1)),
        },
        Kind {
            name: "date (re-sorts lists)",
            file: page.clone(),
            edit: on_page(|t, n| {
                let (head, rest) = t.split_once("\ndate: ").unwrap_or((t, ""));
                let rest = rest.split_once('\n').map_or("", |r| r.1);
                format!("{head}\ndate: 2025-01-{:02}\n{rest}", 1 + n % 28)
            }),
        },
        Kind {
            name: "weight",
            file: page.clone(),
            edit: on_page(|t, n| t.replacen("\ndate: ", &format!("\nweight: {n}\ndate: "), 1)),
        },
        Kind {
            name: "areas",
            file: page.clone(),
            edit: on_page(|t, n| {
                let area = ["democracy", "human-rights", "environment"][n % 3];
                let (head, rest) = t.split_once("\nareas: ").unwrap_or((t, ""));
                let rest = rest.split_once('\n').map_or("", |r| r.1);
                format!("{head}\nareas: [\"{area}\"]\n{rest}")
            }),
        },
        Kind {
            name: "member record",
            file: members,
            edit: member_edit,
        },
        Kind {
            name: "area record",
            file: areas,
            edit: area_edit,
        },
        Kind {
            name: "report record",
            file: report,
            edit: report_edit,
        },
        Kind {
            name: "template",
            file: template.clone(),
            edit: {
                let theme = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("themes/default/templates/page.html");
                let original = std::fs::read_to_string(theme).unwrap_or_default();
                Box::new(move |n| Some(format!("{original}{{# edit {n} #}}\n")))
            },
        },
        Kind {
            name: "add page",
            file: new_page.clone(),
            edit: Box::new(|n| {
                Some(format!(
                    "---\ntitle: \"Jauna ziņa {n}\"\ndate: 2025-02-01\nareas: [\"democracy\"]\n---\n\nJauna ziņa, {n}.\n"
                ))
            }),
        },
        Kind {
            name: "delete page",
            file: new_page,
            edit: Box::new(|_| None),
        },
    ]
}

/// The median wall time of three `alianse build`s of the site into a new
/// folder, in seconds.
fn full_build(site: &Path) -> f64 {
    let output = site.with_file_name("alianse-build-bench-output");
    let mut times: Vec<f64> = (0..3)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&output);
            let started = Instant::now();
            let status = Command::new(alianse())
                .args(["build", "--quiet", "--root"])
                .arg(site)
                .arg("--output")
                .arg(&output)
                .status()
                .expect("alianse runs");
            assert!(status.success(), "the full build failed");
            started.elapsed().as_secs_f64()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&output);
    times.sort_by(f64::total_cmp);
    times[1]
}

fn measure(site: &Path, kinds: &[Kind], runs: usize) {
    let only: Option<Vec<String>> = std::env::var("ALIANSE_BENCH_KINDS")
        .ok()
        .map(|k| k.split(',').map(|s| s.trim().to_string()).collect());
    let chosen: Vec<&Kind> = kinds
        .iter()
        .filter(|k| {
            only.as_ref()
                .is_none_or(|o| o.iter().any(|w| k.name.starts_with(w.as_str())))
        })
        .collect();
    let full = full_build(site);
    println!(
        "full build (alianse build, median of 3): {:.0} ms",
        full * 1000.0
    );
    let output = site.with_file_name("alianse-serve-bench-output");
    let log_path = site.with_file_name("alianse-serve-bench.log");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let log = std::fs::File::create(&log_path).expect("log file");
    let started = Instant::now();
    let child = Command::new(alianse())
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site)
        .arg("--output")
        .arg(&output)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log file"))
        .stderr(log)
        .spawn()
        .expect("alianse starts");
    let pid = child.id();
    let _serve = Serve { child };
    let deadline = Instant::now() + Duration::from_secs(300);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut events = Events::open(port);
    events.wait_for("hello");
    println!(
        "first build and start: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); chosen.len()];
    let mut cpu: Vec<Vec<f64>> = vec![Vec::new(); chosen.len()];
    let mut lines: Vec<String> = vec![String::new(); chosen.len()];
    for run in 0..runs {
        for (k, kind) in chosen.iter().enumerate() {
            let rebuilds_before = rebuild_lines(&log_path).len();
            let cpu_before = cpu_ms(pid);
            let before = Instant::now();
            match (kind.edit)(run) {
                Some(text) => save(&kind.file, &text),
                None => std::fs::remove_file(&kind.file).expect("the file is removable"),
            }
            events.wait_for("reload");
            times[k].push(before.elapsed());
            cpu[k].push(cpu_ms(pid) - cpu_before);
            // The server prints its line after the event: wait for it.
            let printed = Instant::now() + Duration::from_secs(10);
            while rebuild_lines(&log_path).len() <= rebuilds_before && Instant::now() < printed {
                std::thread::sleep(Duration::from_millis(10));
            }
            // Whatever else this save set off must not count for the next.
            settle(&log_path, &mut events);
            if let Some(line) = rebuild_lines(&log_path).get(rebuilds_before) {
                lines[k] = line.rsplit(": ").next().unwrap_or(line).to_string();
            }
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "\nsave → reload event on {}, {runs} runs each (ms; full build {:.0} ms)\n",
        site.display(),
        full * 1000.0
    );
    println!("| edit | min | median | p90 | max | median CPU ms | server's last rebuild |");
    println!("|---|---|---|---|---|---|---|");
    for (k, kind) in chosen.iter().enumerate() {
        let t = &mut times[k];
        t.sort();
        cpu[k].sort_by(f64::total_cmp);
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} | {} |",
            kind.name,
            ms(t[0]),
            ms(t[t.len() / 2]),
            ms(t[t.len() * 9 / 10]),
            ms(t[t.len() - 1]),
            cpu[k][cpu[k].len() / 2],
            lines[k]
        );
    }
}

/// Saves as editors do: a temporary file renamed over the old one, so that
/// the server sees one change.
fn save(file: &Path, text: &str) {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = file.with_file_name(format!(".{name}.bench-tmp"));
    std::fs::write(&temp, text).expect("the temporary file is writable");
    std::fs::rename(&temp, file).expect("the file is replaced");
}

/// The server's rebuild lines so far.
fn rebuild_lines(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("changed "))
        .map(str::to_string)
        .collect()
}

/// Waits until the server printed no new rebuild line for 500 ms.
fn settle(log: &Path, events: &mut Events) {
    let count = || rebuild_lines(log).len();
    let mut last = count();
    loop {
        events.drain();
        let now = count();
        if now == last {
            return;
        }
        last = now;
    }
}

/// The CPU time the server used so far (user and system), in ms: on a
/// busy machine it varies less than the wall time.
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |s| s.1)
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15, in clock ticks (100 a second).
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) * 10.0
}

/// The first two news pages by file name.
fn first_pages(dir: &Path) -> (PathBuf, PathBuf) {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("content/news exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    pages.sort();
    let mut pages = pages.into_iter();
    let first = pages.next().expect("a news page");
    (first, pages.next().expect("a second news page"))
}

struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        write!(
            stream,
            "GET /__alianse/events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("request");
        Events {
            stream,
            buffer: String::new(),
        }
    }

    /// Waits 500 ms and forgets the events that came meanwhile.
    fn drain(&mut self) {
        std::thread::sleep(Duration::from_millis(500));
        let _ = self.stream.set_nonblocking(true);
        let mut chunk = [0u8; 4096];
        while let Ok(n) = self.stream.read(&mut chunk) {
            if n == 0 {
                break;
            }
        }
        let _ = self.stream.set_nonblocking(false);
        self.buffer.clear();
    }

    fn wait_for(&mut self, name: &str) {
        let marker = format!("event: {name}\n");
        loop {
            if let Some(i) = self.buffer.find(&marker) {
                self.buffer.drain(..i + marker.len());
                return;
            }
            assert!(
                !self.buffer.contains("event: build-error"),
                "the edit broke the build: {}",
                self.buffer
            );
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk).expect("an event within 120 s");
            assert!(n > 0, "the event stream closed");
            self.buffer
                .push_str(&String::from_utf8_lossy(&chunk[..n]).replace("\r\n", "\n"));
        }
    }
}
