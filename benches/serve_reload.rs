//! Benchmark (not a test): the time from saving a page to the reload event
//! of `alianse serve`, for a one-page body edit.
//!
//! Make a corpus, then run the benchmark on it:
//!
//!     python3 ../shared/bench/gen_corpus.py --out /dev/shm/c10k --pages 10000 --members 2000 --reports 10
//!     ALIANSE_BENCH_SITE=/dev/shm/c10k/alianse cargo bench --bench serve_reload
//!
//! It starts the release binary on a free port (output in a temporary
//! folder next to the site), edits the body of one news page N times
//! (ALIANSE_BENCH_RUNS, default 21), measures from just before each write
//! to the arrival of the `reload` event, prints min / median / p90 / max
//! and the server's own rebuild lines, and restores the page.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Serve {
    child: Child,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn main() {
    let site = PathBuf::from(
        std::env::var("ALIANSE_BENCH_SITE").unwrap_or_else(|_| "/dev/shm/c10k/alianse".into()),
    );
    let runs: usize = std::env::var("ALIANSE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(21);
    if !site.join("content").is_dir() {
        eprintln!(
            "no site at {}: make one with gen_corpus.py and set ALIANSE_BENCH_SITE",
            site.display()
        );
        return;
    }
    let page = first_page(&site.join("content/news"));
    let original = std::fs::read_to_string(&page).expect("the page is readable");
    let result = std::panic::catch_unwind(|| measure(&site, &page, &original, runs));
    std::fs::write(&page, &original).expect("the page is restored");
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn measure(site: &Path, page: &Path, original: &str, runs: usize) {
    let output = site.with_file_name("alianse-serve-bench-output");
    let log_path = site.with_file_name("alianse-serve-bench.log");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let log = std::fs::File::create(&log_path).expect("log file");
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_alianse"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site)
        .arg("--output")
        .arg(&output)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log file"))
        .stderr(log)
        .spawn()
        .expect("alianse starts");
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
    let mut times = Vec::new();
    for run in 0..runs {
        let edited = original.replacen(
            "\n## ",
            &format!("\nEdited paragraph, run {run}.\n\n## "),
            1,
        );
        let before = Instant::now();
        std::fs::write(page, edited).expect("the page is writable");
        events.wait_for("reload");
        times.push(before.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "save → reload event, {} runs: min {:.1} ms, median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        times.len(),
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() - 1])
    );
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    for line in text.lines().filter(|l| l.starts_with("changed ")).take(3) {
        println!("server: {line}");
    }
}

fn first_page(dir: &Path) -> PathBuf {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("content/news exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    pages.sort();
    pages.into_iter().next().expect("a news page")
}

struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
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

    fn wait_for(&mut self, name: &str) {
        let marker = format!("event: {name}\n");
        loop {
            if let Some(i) = self.buffer.find(&marker) {
                self.buffer.drain(..i + marker.len());
                return;
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk).expect("an event within 60 s");
            assert!(n > 0, "the event stream closed");
            self.buffer
                .push_str(&String::from_utf8_lossy(&chunk[..n]).replace("\r\n", "\n"));
        }
    }
}
