//! `alianse serve` end to end: each test copies tests/fixtures/serve-site/
//! to a temporary folder, starts the real binary on a free loopback port,
//! edits the sources and checks what the server serves, what is on disk,
//! and the events sent to open pages. Every wait is a bounded poll; every
//! test stops its server (on drop, also when an assertion fails).
//!
//! The HTTP client is a raw `TcpStream`: no extra dependency, and the event
//! stream needs byte-level reads with timeouts anyway.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    port: u16,
    root: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How [`Server::launch`] starts the server.
struct Launch {
    in_site_folder: bool,
    /// `--output` relative to the folder above the site, which the server
    /// is started from.
    relative_output: Option<&'static str>,
    env: Vec<(&'static str, &'static str)>,
    /// Changes the copied site before the server starts.
    prepare: fn(&Path),
    /// Wait for the first build to be served.
    first_build_ok: bool,
}

impl Default for Launch {
    fn default() -> Self {
        Launch {
            in_site_folder: false,
            relative_output: None,
            env: Vec::new(),
            prepare: |_| {},
            first_build_ok: true,
        }
    }
}

impl Server {
    /// Writes `text` to `path` whole: into a file outside the site first,
    /// then moved in, as editors' saves are. A watcher that sees a new file
    /// half written (possible on a loaded machine) reports it and the next
    /// save resolves everything again, which the tests' "no full rebuild"
    /// checks would count.
    fn write_whole(&self, path: &Path, text: &str) {
        let outside = self._dir.path().join(path.file_name().unwrap());
        std::fs::write(&outside, text).unwrap();
        std::fs::rename(&outside, path).unwrap();
    }

    /// A copy of the fixture site, served on a free port.
    fn start() -> Server {
        Server::start_with(false)
    }

    /// Started from inside the site folder without `--root`, as editors do.
    fn start_in_site_folder() -> Server {
        Server::start_with(true)
    }

    fn start_with(in_site_folder: bool) -> Server {
        Server::launch(Launch {
            in_site_folder,
            ..Launch::default()
        })
    }

    /// Copies the fixture, lets `prepare` change it, and starts the server.
    fn launch(how: Launch) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(Path::new("tests/fixtures/serve-site"), &root);
        (how.prepare)(&root);
        for _ in 0..5 {
            let port = free_port();
            let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
            let mut command = Command::new(env!("CARGO_BIN_EXE_alianse"));
            command.args(["serve", "--port", &port.to_string()]);
            command.envs(how.env.iter().copied());
            if let Some(output) = how.relative_output {
                // From the folder above the site, with paths relative to it.
                command
                    .current_dir(dir.path())
                    .args(["--root", "site", "--output", output]);
            } else if how.in_site_folder {
                command.current_dir(&root);
            } else {
                command.arg("--root").arg(&root);
            }
            let mut child = command
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .unwrap();
            if wait_until_up(&mut child, port) {
                let server = Server {
                    child,
                    port,
                    root,
                    _dir: dir,
                };
                if how.first_build_ok {
                    // The port is bound before the first build; the first
                    // answer comes once the site is built and served.
                    assert_eq!(server.get("/").status, 200, "{}", server.log());
                }
                return server;
            }
            // The port was taken between choosing and binding: try another.
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!(
            "alianse serve did not start:\n{}",
            std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default()
        );
    }

    fn log(&self) -> String {
        let mut text = String::new();
        text.push_str(
            &std::fs::read_to_string(self._dir.path().join("serve.log")).unwrap_or_default(),
        );
        text
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    fn source(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn output(&self, rel: &str) -> PathBuf {
        self.root.join("output").join(rel)
    }

    /// Opens the event stream and waits for its greeting, so that no later
    /// event can be missed.
    fn events(&self) -> Events {
        let mut events = Events::open(self.port);
        events.wait_for("hello");
        events
    }

    /// Polls `path` until its body contains `text`.
    fn wait_for_page(&self, path: &str, text: &str) -> Response {
        let deadline = Instant::now() + WAIT;
        loop {
            let response = self.get(path);
            if response.body.contains(text) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never contained {text:?}; last: {} {}\nserver log:\n{}",
                response.status,
                response.body,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn wait_until_up(child: &mut Child, port: u16) -> bool {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

fn get(port: u16, path: &str) -> Response {
    send(port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1"))
}

/// Sends a request line and headers (no final line break) as they are,
/// and reads the whole answer.
fn send(port: u16, head: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(stream, "{head}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head.to_lowercase(),
        body: body.to_string(),
    }
}

/// The server-sent event stream of the live-reload script.
struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    fn open(port: u16) -> Events {
        Events::open_with(port, "")
    }

    /// Opens the stream with extra header lines (each ending in `\r\n`).
    fn open_with(port: u16, headers: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        // HTTP/1.0: the body comes without chunk framing, ended by closing.
        write!(
            stream,
            "GET /__alianse/events HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n{headers}\r\n"
        )
        .unwrap();
        Events {
            stream,
            buffer: String::new(),
        }
    }

    /// Waits for the next event named `name` and returns its data; events
    /// before it are skipped.
    fn wait_for(&mut self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                let mut kind = "";
                let mut data = Vec::new();
                for line in event.lines() {
                    if let Some(k) = line.strip_prefix("event: ") {
                        kind = k;
                    } else if let Some(d) = line.strip_prefix("data: ") {
                        data.push(d);
                    } else if line == "data:" {
                        data.push("");
                    }
                }
                if kind == name {
                    return data.join("\n");
                }
            }
            assert!(
                Instant::now() < deadline,
                "no `{name}` event; received so far: {:?}",
                self.buffer
            );
            let mut chunk = [0u8; 8192];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("the event stream closed"),
                Ok(n) => self
                    .buffer
                    .push_str(&String::from_utf8_lossy(&chunk[..n]).replace("\r\n", "\n")),
                Err(_) => {} // read timeout: poll again until the deadline
            }
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn serves_pages_with_the_reload_script_only_over_http() {
    let server = Server::start();
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.headers.contains("content-type: text/html"));
    assert!(home.body.contains("alianse-live-reload"));
    assert!(!home.headers.contains("access-control-allow-origin"));
    let on_disk = std::fs::read_to_string(server.output("index.html")).unwrap();
    assert!(!on_disk.contains("alianse-live-reload"));
    assert!(on_disk.contains("Mana alianse"));

    let page = server.get("/par-mums/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Mūsu mērķis"));
    let redirect = server.get("/par-mums");
    assert_eq!(redirect.status, 301);
    assert!(redirect.headers.contains("location: /par-mums/"));

    let missing = server.get("/nav-tadas-lapas/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("alianse-live-reload"));
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let server = Server::start();
    std::fs::write(server.root.join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(server.root.join("secret.txt"), server.output("link.txt")).unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/link.txt",
        "/../content/site.yaml",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.body.contains("secret"), "{path}");
    }
}

#[test]
fn a_body_edit_reloads_the_page() {
    let server = Server::start();
    let mut events = server.events();
    edit(
        &server.source("content/kontakti.md"),
        "Adrese: Rīga.",
        "Adrese: Valmiera.",
    );
    events.wait_for("reload");
    let page = server.wait_for_page("/kontakti/", "Adrese: Valmiera.");
    assert_eq!(page.status, 200);
    let on_disk = std::fs::read_to_string(server.output("kontakti/index.html")).unwrap();
    assert!(on_disk.contains("Adrese: Valmiera."));
    assert!(server.log().contains("changed content/kontakti.md"));
}

#[test]
fn edits_are_seen_when_serving_from_inside_the_site_folder() {
    // The default root is "."; the watcher reports absolute paths.
    let server = Server::start_in_site_folder();
    let mut events = server.events();
    edit(
        &server.source("content/kontakti.md"),
        "Adrese: Rīga.",
        "Adrese: Cēsis.",
    );
    events.wait_for("reload");
    let page = server.wait_for_page("/kontakti/", "Adrese: Cēsis.");
    assert_eq!(page.status, 200);
}

#[test]
fn a_renamed_page_moves() {
    let server = Server::start();
    let mut events = server.events();
    std::fs::rename(
        server.source("content/jaunumi/otra-zina.md"),
        server.source("content/jaunumi/tresa-zina.md"),
    )
    .unwrap();
    events.wait_for("reload");
    server.wait_for_page("/jaunumi/tresa-zina/", "Otrās ziņas ievads.");
    assert_eq!(server.get("/jaunumi/otra-zina/").status, 404);
    assert!(!server.output("jaunumi/otra-zina/index.html").exists());
    assert!(server.output("jaunumi/tresa-zina/index.html").is_file());
    let list = server.get("/jaunumi/");
    assert!(list.body.contains("tresa-zina/"));
    assert!(!list.body.contains("otra-zina/"));
}

#[test]
fn a_deleted_page_goes_away() {
    let server = Server::start();
    let mut events = server.events();
    // The menu does not link to kontakti.md, so the site stays whole.
    std::fs::remove_file(server.source("content/kontakti.md")).unwrap();
    events.wait_for("reload");
    let deadline = Instant::now() + WAIT;
    while server.get("/kontakti/").status != 404 {
        assert!(Instant::now() < deadline, "/kontakti/ is still served");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!server.output("kontakti/index.html").exists());
    assert!(!server.output("kontakti").exists());
}

/// Two news per list page, so that a news page added or deleted moves the
/// list across a page boundary.
fn paginate_news(root: &Path) {
    edit(
        &root.join("content/jaunumi/_index.md"),
        "title: Jaunumi",
        "title: Jaunumi\npaginate: 2",
    );
}

#[test]
fn incremental_output_equals_a_full_build_after_pages_are_added_and_deleted() {
    let server = Server::launch(Launch {
        prepare: paginate_news,
        ..Launch::default()
    });
    let mut events = server.events();
    let news = |s: &Server, name: &str| s.source(&format!("content/jaunumi/{name}"));
    let steps: Vec<(&str, Step)> = vec![
        (
            // Newest, so first in its list; the third news makes list page 2.
            "added first in its section, in an area, across a page boundary",
            Box::new(move |s| {
                s.write_whole(
                    &news(s, "tresa-zina.md"),
                    "---\ntitle: Trešā ziņa\ndate: 2024-06-01\nareas: [lidzdaliba]\n---\nTrešās ziņas ievads.\n",
                )
            }),
        ),
        (
            "added last in its section",
            Box::new(move |s| {
                s.write_whole(
                    &news(s, "veca-zina.md"),
                    "---\ntitle: Veca ziņa\ndate: 2023-01-15\n---\nVecas ziņas ievads.\n",
                )
            }),
        ),
        (
            "added a translation",
            Box::new(move |s| {
                s.write_whole(
                    &news(s, "tresa-zina.en.md"),
                    "---\ntitle: Third news\ndate: 2024-06-01\nareas: [lidzdaliba]\n---\nThe third news.\n",
                )
            }),
        ),
        (
            "added a page that links to another",
            Box::new(move |s| {
                s.write_whole(
                    &news(s, "saite.md"),
                    "---\ntitle: Saite\ndate: 2024-02-01\n---\nSk. [otro ziņu](otra-zina.md).\n",
                )
            }),
        ),
        (
            // Its file name comes first: the pages after it move by one.
            "added in the middle of its areas' lists",
            Box::new(move |s| {
                s.write_whole(
                    &news(s, "a-vidus.md"),
                    "---\ntitle: Vidus\ndate: 2023-06-01\nareas: [lidzdaliba, kapacitate]\n---\nVidus.\n",
                )
            }),
        ),
        (
            "deleted a translation",
            Box::new(move |s| std::fs::remove_file(news(s, "tresa-zina.en.md")).unwrap()),
        ),
        (
            "deleted from the middle of its areas' lists",
            Box::new(move |s| std::fs::remove_file(news(s, "a-vidus.md")).unwrap()),
        ),
        (
            "deleted the last page of list page 3",
            Box::new(move |s| std::fs::remove_file(news(s, "veca-zina.md")).unwrap()),
        ),
        (
            // The news list kept from before pages went: its page indexes
            // moved. From list page 2 to the top of list page 1.
            "date edit after pages were deleted, across a page boundary",
            Box::new(move |s| edit(&news(s, "saite.md"), "date: 2024-02-01", "date: 2024-07-01")),
        ),
        (
            "renamed",
            Box::new(move |s| {
                std::fs::rename(news(s, "pirma-zina.md"), news(s, "pirma.md")).unwrap()
            }),
        ),
        (
            "deleted the first page",
            Box::new(move |s| std::fs::remove_file(news(s, "tresa-zina.md")).unwrap()),
        ),
    ];
    assert_same_as_full_build(&server, "start");
    for (step, change) in steps {
        change(&server);
        events.wait_for("reload");
        assert_same_as_full_build(&server, step);
    }
    // Every step above took the incremental path.
    let log = server.log();
    let rebuilds: Vec<&str> = log.lines().filter(|l| l.starts_with("changed ")).collect();
    assert!(rebuilds.len() >= 8, "{log}");
    assert!(rebuilds.iter().all(|l| !l.ends_with("(full)")), "{log}");
    // A deleted page another page links to: the error of a full build,
    // until the page is back.
    let linked = news(&server, "otra-zina.md");
    let text = std::fs::read_to_string(&linked).unwrap();
    std::fs::remove_file(&linked).unwrap();
    let error = events.wait_for("build-error");
    assert!(
        error.contains("content/jaunumi/saite.md") && error.contains("otra-zina.md"),
        "{error}"
    );
    let logged = server.log();
    let expected = full_build_errors(&server);
    assert!(!expected.is_empty());
    for line in &expected {
        assert!(logged.contains(line.as_str()), "{line} not in\n{logged}");
    }
    std::fs::write(&linked, text).unwrap();
    events.wait_for("reload");
    assert_same_as_full_build(&server, "linked page restored");
}

#[test]
fn incremental_output_equals_a_full_build_after_a_page_is_deleted_and_added_again() {
    let server = Server::launch(Launch {
        prepare: paginate_news,
        ..Launch::default()
    });
    let mut events = server.events();
    let news = |s: &Server, name: &str| s.source(&format!("content/jaunumi/{name}"));
    let text = "---\ntitle: Jauna\ndate: 2024-05-01\nareas: [lidzdaliba]\n---\nJaunā ziņa.\n";
    let steps: Vec<(&str, Step)> = vec![
        (
            // The newest: on list page 1, pushing an entry to page 2.
            "added on list page 1",
            Box::new(move |s| s.write_whole(&news(s, "jauna.md"), text)),
        ),
        (
            "deleted",
            Box::new(move |s| std::fs::remove_file(news(s, "jauna.md")).unwrap()),
        ),
        (
            "added again",
            Box::new(move |s| s.write_whole(&news(s, "jauna.md"), text)),
        ),
        (
            // The Latvian page's sitemap entry gains the English one.
            "a translation added in the other language",
            Box::new(move |s| {
                s.write_whole(
                    &news(s, "pirma-zina.en.md"),
                    "---\ntitle: First news\ndate: 2024-01-10\n---\nThe first news.\n",
                )
            }),
        ),
        (
            "the translation deleted",
            Box::new(move |s| std::fs::remove_file(news(s, "pirma-zina.en.md")).unwrap()),
        ),
    ];
    assert_same_as_full_build(&server, "start");
    for (step, change) in steps {
        change(&server);
        events.wait_for("reload");
        assert_same_as_full_build(&server, step);
    }
    let log = server.log();
    let rebuilds: Vec<&str> = log.lines().filter(|l| l.starts_with("changed ")).collect();
    assert!(rebuilds.iter().all(|l| !l.ends_with("(full)")), "{log}");
    // A new file that is the same page as another (`jauna.lv.md` and
    // `jauna.md`; `index.md` and `_index.md`): the errors of a full build,
    // until it goes.
    for name in ["jauna.lv.md", "index.md"] {
        let file = news(&server, name);
        server.write_whole(&file, "---\ntitle: Cita\ndate: 2024-05-02\n---\nCita.\n");
        let error = events.wait_for("build-error");
        assert!(error.contains(name), "{name}: {error}");
        let expected = full_build_errors(&server);
        assert!(!expected.is_empty());
        let logged = server.log();
        for line in &expected {
            assert!(logged.contains(line.as_str()), "{line} not in\n{logged}");
        }
        std::fs::remove_file(&file).unwrap();
        events.wait_for("reload");
        assert_same_as_full_build(&server, &format!("{name} removed"));
    }
}

/// 504 more news pages: with the fixture's 9 entries, 513 in the Latvian
/// search index, which splits it into two parts (512 is one).
fn many_news(root: &Path) {
    let news = root.join("content/jaunumi");
    for n in 0..504 {
        std::fs::write(
            news.join(format!("z-{n:03}.md")),
            format!(
                "---\ntitle: Ziņa {n}\ndate: 2022-01-{:02}\n---\nZiņas {n} teksts.\n",
                n % 28 + 1
            ),
        )
        .unwrap();
    }
}

#[test]
fn incremental_output_equals_a_full_build_when_the_search_index_has_parts() {
    let server = Server::launch(Launch {
        prepare: many_news,
        ..Launch::default()
    });
    let mut events = server.events();
    let parts = |s: &Server| {
        let manifest = std::fs::read_to_string(s.root.join("output/search-index.json")).unwrap();
        manifest.matches(".json").count()
    };
    assert_eq!(parts(&server), 2);
    let news = |s: &Server, name: &str| s.source(&format!("content/jaunumi/{name}"));
    let steps: Vec<(&str, Step)> = vec![
        (
            "a title edit",
            Box::new(move |s| edit(&news(s, "z-007.md"), "title: Ziņa 7", "title: Septītā")),
        ),
        (
            "a body edit",
            Box::new(move |s| edit(&news(s, "z-300.md"), "teksts.", "teksts, garāks.")),
        ),
        (
            "a date edit (the entry stays)",
            Box::new(move |s| edit(&news(s, "z-100.md"), "2022-01-17", "2022-02-17")),
        ),
        (
            "a page deleted: one part",
            Box::new(move |s| std::fs::remove_file(news(s, "z-200.md")).unwrap()),
        ),
        (
            "a page added: two parts again",
            Box::new(move |s| {
                s.write_whole(
                    &news(s, "jauna.md"),
                    "---\ntitle: Jauna ziņa\ndate: 2024-06-01\n---\nJaunas ziņas teksts.\n",
                )
            }),
        ),
    ];
    assert_same_as_full_build(&server, "start");
    for (step, change) in steps {
        change(&server);
        events.wait_for("reload");
        assert_same_as_full_build(&server, step);
    }
    assert_eq!(parts(&server), 2);
    let log = server.log();
    let rebuilds: Vec<&str> = log.lines().filter(|l| l.starts_with("changed ")).collect();
    assert!(rebuilds.len() >= 5, "{log}");
    assert!(rebuilds.iter().all(|l| !l.ends_with("(full)")), "{log}");
}

#[test]
fn a_data_edit_updates_the_pages_that_show_it() {
    let server = Server::start();
    let mut events = server.events();
    edit(
        &server.source("content/data/members.yaml"),
        "Zaļais parks",
        "Zilais ezers",
    );
    events.wait_for("reload");
    server.wait_for_page("/biedri/zalais-parks/", "Zilais ezers");
    let list = std::fs::read_to_string(server.output("biedri/index.html")).unwrap();
    assert!(list.contains("Zilais ezers"));
    // The open data and the home page's structured data follow the edit too.
    let csv = std::fs::read_to_string(server.output("data/members.csv")).unwrap();
    assert!(csv.contains("\"Biedrība \"\"Zilais ezers\"\"\""), "{csv}");
    let home = std::fs::read_to_string(server.output("index.html")).unwrap();
    assert!(
        home.contains("\"name\":\"Biedrība \\\"Zilais ezers\\\"\""),
        "{home}"
    );
}

#[test]
fn a_template_edit_renders_the_pages_again() {
    let server = Server::start();
    let mut events = server.events();
    edit(
        &server.source("templates/page.html"),
        "<article class=\"page\">",
        "<article class=\"page\"><p class=\"template-marker\">edited template</p>",
    );
    events.wait_for("reload");
    server.wait_for_page("/par-mums/", "template-marker");
    let on_disk = std::fs::read_to_string(server.output("kontakti/index.html")).unwrap();
    assert!(on_disk.contains("template-marker"));
}

#[test]
fn a_broken_save_shows_the_error_and_keeps_the_last_good_site() {
    let server = Server::start();
    let mut events = server.events();
    let page = server.source("content/par-mums.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, "---\ntitle: [Par mums\n---\nSalauzts.\n").unwrap();
    let error = events.wait_for("build-error");
    assert!(
        error.contains("content/par-mums.md:2"),
        "the overlay text names the file and line: {error}"
    );
    assert!(server.log().contains("error: content/par-mums.md:2"));
    let served = server.get("/par-mums/");
    assert_eq!(served.status, 200);
    assert!(served.body.contains("Mūsu mērķis"));
    assert!(!served.body.contains("Salauzts"));
    // A page opened while the error lasts gets it at once.
    let mut late = server.events();
    assert!(
        late.wait_for("build-error")
            .contains("content/par-mums.md:2")
    );

    std::fs::write(&page, good.replace("Pastāstiet", "Izlabots. Pastāstiet")).unwrap();
    events.wait_for("reload");
    server.wait_for_page("/par-mums/", "Izlabots.");
    let mut fresh = Events::open(server.port);
    fresh.wait_for("hello");
    assert!(!fresh.buffer.contains("build-error"));
}

/// Lists every file under `dir` with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .display()
                    .to_string();
                files.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Builds the same sources with `alianse build` and compares every file.
fn assert_same_as_full_build(server: &Server, step: &str) {
    let full = server._dir.path().join("full");
    let status = Command::new(env!("CARGO_BIN_EXE_alianse"))
        .args(["build", "--quiet", "--root"])
        .arg(&server.root)
        .arg("--output")
        .arg(&full)
        .status()
        .unwrap();
    assert!(status.success(), "{step}: the full build failed");
    let expected = tree(&full);
    // The server may still be writing: poll until the trees agree.
    let deadline = Instant::now() + WAIT;
    loop {
        let actual = tree(&server.root.join("output"));
        if actual == expected {
            return;
        }
        if Instant::now() > deadline {
            let names = |t: &[(String, Vec<u8>)]| t.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
            let differing: Vec<&String> = expected
                .iter()
                .filter(|e| !actual.contains(e))
                .map(|e| &e.0)
                .collect();
            panic!(
                "{step}: incremental output differs from a full build in {differing:?}\nexpected files {:?}\nactual files {:?}\nlog:\n{}",
                names(&expected),
                names(&actual),
                server.log()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One edit of the sources.
type Step = Box<dyn Fn(&Server)>;

#[test]
fn incremental_output_equals_a_full_build_after_edits() {
    let server = Server::start();
    let mut events = server.events();
    let steps: Vec<(&str, Step)> = vec![
        (
            "body edit",
            Box::new(|s| {
                edit(
                    &s.source("content/kontakti.md"),
                    "Adrese: Rīga.",
                    "Adrese: Cēsis.",
                )
            }),
        ),
        (
            "news body edit",
            Box::new(|s| {
                edit(
                    &s.source("content/jaunumi/pirma-zina.md"),
                    "sākotnējo",
                    "mainīto",
                )
            }),
        ),
        (
            "title edit",
            Box::new(|s| {
                edit(
                    &s.source("content/kontakti.md"),
                    "title: Kontakti",
                    "title: Saziņa",
                )
            }),
        ),
        (
            "areas edit",
            Box::new(|s| {
                edit(
                    &s.source("content/kontakti.md"),
                    "areas: [kapacitate]",
                    "areas: [lidzdaliba]",
                )
            }),
        ),
        (
            "news title edit",
            Box::new(|s| {
                edit(
                    &s.source("content/jaunumi/otra-zina.md"),
                    "title: Otrā ziņa",
                    "title: Otrā ziņa (labota)",
                )
            }),
        ),
        (
            // Newer than the other news now: the news lists re-sort.
            "date edit",
            Box::new(|s| {
                edit(
                    &s.source("content/jaunumi/pirma-zina.md"),
                    "date: 2024-03-05",
                    "date: 2024-05-05",
                )
            }),
        ),
        (
            "weight edit",
            Box::new(|s| {
                edit(
                    &s.source("content/par-mums.md"),
                    "title: Par mums",
                    "title: Par mums\nweight: 1",
                )
            }),
        ),
        (
            // The sitemap's entry gains a `lastmod` line, then loses it.
            "update date added",
            Box::new(|s| {
                edit(
                    &s.source("content/par-mums.md"),
                    "weight: 1",
                    "weight: 1\nupdated: 2024-02-02",
                )
            }),
        ),
        (
            "update date removed",
            Box::new(|s| {
                edit(
                    &s.source("content/par-mums.md"),
                    "\nupdated: 2024-02-02",
                    "",
                )
            }),
        ),
        (
            // The first paragraph is the summary in the news lists.
            "news summary edit",
            Box::new(|s| {
                edit(
                    &s.source("content/jaunumi/otra-zina.md"),
                    "Otrās ziņas ievads.",
                    "Otrās ziņas jaunais ievads.",
                )
            }),
        ),
        (
            "section intro edit",
            Box::new(|s| {
                edit(
                    &s.source("content/jaunumi/_index.md"),
                    "Alianses jaunumi.",
                    "Visi alianses jaunumi.",
                )
            }),
        ),
        (
            "new page",
            Box::new(|s| {
                std::fs::write(
                    s.source("content/jaunumi/jauna.md"),
                    "---\ntitle: Jauna\ndate: 2024-05-01\n---\nJauna ziņa.\n",
                )
                .unwrap()
            }),
        ),
        (
            "rename",
            Box::new(|s| {
                std::fs::rename(
                    s.source("content/kontakti.md"),
                    s.source("content/sazina.md"),
                )
                .unwrap()
            }),
        ),
        (
            "delete",
            Box::new(|s| std::fs::remove_file(s.source("content/jaunumi/jauna.md")).unwrap()),
        ),
        (
            "data edit",
            Box::new(|s| edit(&s.source("content/data/areas.yaml"), "Kapacitāte", "Spējas")),
        ),
        (
            // The member directory, the home page's JSON-LD and data/members.*.
            "member edit",
            Box::new(|s| {
                edit(
                    &s.source("content/data/members.yaml"),
                    "Rūpējas par pilsētas parkiem.",
                    "Kopj parkus un skvērus.",
                )
            }),
        ),
        (
            // The news list made again after the data edits: from first
            // to last.
            "news date edit after a data edit",
            Box::new(|s| {
                edit(
                    &s.source("content/jaunumi/pirma-zina.md"),
                    "date: 2024-05-05",
                    "date: 2024-01-05",
                )
            }),
        ),
        (
            "template edit",
            Box::new(|s| edit(&s.source("templates/page.html"), "<h1>", "<h1 class=\"t\">")),
        ),
    ];
    assert_same_as_full_build(&server, "start");
    for (step, change) in steps {
        change(&server);
        events.wait_for("reload");
        assert_same_as_full_build(&server, step);
    }
    // The page and data edits took the incremental path; the rest (a
    // renamed page, the template) rendered everything.
    let log = server.log();
    let rebuilds: Vec<&str> = log.lines().filter(|l| l.starts_with("changed ")).collect();
    let incremental = rebuilds.iter().filter(|l| !l.ends_with("(full)")).count();
    assert!(incremental >= 10, "{log}");
}

/// Reports, a publication and an event beside the serve fixture's data.
fn add_collections(root: &Path) {
    let data = root.join("content/data");
    for dir in ["reports", "publications", "events"] {
        std::fs::create_dir_all(data.join(dir)).unwrap();
    }
    for (year, overall) in [(2019, "2.7"), (2020, "3.0"), (2021, "3.2")] {
        std::fs::write(
            data.join(format!("reports/{year}.yaml")),
            format!(
                "year: {year}\ntitle: {{lv: \"Indekss {year}\", en: \"Index {year}\"}}\noverall: {overall}\nsample: true\n"
            ),
        )
        .unwrap();
    }
    std::fs::write(
        data.join("publications/_types.yaml"),
        "- {id: study, name: {lv: Pētījums, en: Study}}\n",
    )
    .unwrap();
    std::fs::write(
        data.join("publications/petijums.yaml"),
        "title: {lv: Pētījums par līdzdalību, en: A study of participation}\ntype: study\nyear: 2024\nareas: [lidzdaliba]\nurl: https://example.org/petijums\n",
    )
    .unwrap();
    std::fs::write(
        data.join("events/2099-05-01-forums.yaml"),
        "title: Pavasara forums\nstart: 2099-05-01T10:00\nplace: {name: Rīga}\nareas: [kapacitate]\n",
    )
    .unwrap();
}

#[test]
fn incremental_output_equals_a_full_build_after_each_kind_of_data_edit() {
    let server = Server::launch(Launch {
        prepare: add_collections,
        ..Launch::default()
    });
    let mut events = server.events();
    let data = |s: &Server, rel: &str| s.source(&format!("content/data/{rel}"));
    let steps: Vec<(&str, Step)> = vec![
        (
            "member record edit",
            Box::new(move |s| {
                edit(
                    &data(s, "members.yaml"),
                    "Biedrība \"Zaļais parks\"",
                    "Biedrība \"Zaļie parki\"",
                )
            }),
        ),
        (
            "area summary edit",
            Box::new(move |s| {
                edit(
                    &data(s, "areas.yaml"),
                    "NVO kapacitātes stiprināšana.",
                    "NVO spēju stiprināšana.",
                )
            }),
        ),
        (
            // Every page in the area shows its name.
            "area name edit",
            Box::new(move |s| edit(&data(s, "areas.yaml"), "Līdzdalība,", "Iesaiste,")),
        ),
        (
            // Its page, its neighbours' and the trend on the list.
            "report record edit",
            Box::new(move |s| {
                edit(
                    &data(s, "reports/2020.yaml"),
                    "overall: 3.0",
                    "overall: 2.1",
                )
            }),
        ),
        (
            "publication edit",
            Box::new(move |s| {
                edit(
                    &data(s, "publications/petijums.yaml"),
                    "Pētījums par līdzdalību",
                    "Pētījums par iesaisti",
                )
            }),
        ),
        (
            "event edit",
            Box::new(move |s| {
                edit(
                    &data(s, "events/2099-05-01-forums.yaml"),
                    "Pavasara forums",
                    "Vasaras forums",
                )
            }),
        ),
        (
            "new member",
            Box::new(move |s| {
                let file = data(s, "members.yaml");
                let mut text = std::fs::read_to_string(&file).unwrap();
                text.push_str(
                    "- id: jauna-biedriba\n  name: Jaunā biedrība\n  kind: association\n  areas: [kapacitate]\n",
                );
                std::fs::write(file, text).unwrap();
            }),
        ),
    ];
    assert_same_as_full_build(&server, "start");
    for (step, change) in steps {
        change(&server);
        events.wait_for("reload");
        assert_same_as_full_build(&server, step);
    }
    // A record edit renders only what shows the record; a new member adds
    // a page, so it renders everything. The watcher may see one write as
    // two (truncate, then the bytes): the second finds nothing to render
    // and is not counted.
    let log = server.log();
    let rebuilds: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("changed ") && !l.contains(": 0 pages rendered, 0 files"))
        .collect();
    let incremental = rebuilds.iter().filter(|l| !l.ends_with("(full)")).count();
    assert_eq!(incremental, 6, "{log}");
}

#[test]
fn removing_a_heading_that_is_linked_to_is_an_error_until_restored() {
    let server = Server::start();
    let mut events = server.events();
    let page = server.source("content/par-mums.md");
    edit(&page, "## Mūsu mērķis", "## Mērķis");
    let error = events.wait_for("build-error");
    assert!(
        error.contains("content/par-mums.en.md:9") && error.contains("#musu-merkis"),
        "{error}"
    );
    assert!(server.get("/par-mums/").body.contains("Mūsu mērķis"));
    edit(&page, "## Mērķis", "## Mūsu mērķis");
    events.wait_for("reload");
    assert_same_as_full_build(&server, "heading restored");
}

/// The `error:` lines `alianse build` prints for the server's sources.
fn full_build_errors(server: &Server) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_alianse"))
        .args(["build", "--root"])
        .arg(&server.root)
        .arg("--output")
        .arg(server._dir.path().join("full-errors"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "the full build should fail");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("error"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_front_matter_edit_finds_the_errors_a_full_build_finds() {
    let server = Server::start();
    let mut events = server.events();
    // A new title and a renamed heading in one save: the page keeps its
    // place, and the English page's link to the old heading breaks.
    let page = server.source("content/par-mums.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let retitled = text.replace("title: Par mums", "title: Par mums (labots)");
    std::fs::write(&page, retitled.replace("## Mūsu mērķis", "## Mērķis")).unwrap();
    let error = events.wait_for("build-error");
    let expected = full_build_errors(&server);
    assert!(!expected.is_empty());
    let logged = server.log();
    for line in &expected {
        assert!(logged.contains(line.as_str()), "{line} not in\n{logged}");
    }
    assert!(
        error.contains("content/par-mums.en.md:9") && error.contains("#musu-merkis"),
        "{error}"
    );
    std::fs::write(&page, &retitled).unwrap();
    events.wait_for("reload");
    assert_same_as_full_build(&server, "title edited, heading restored");
    // A news page loses its date: the news lists are by date.
    let news = server.source("content/jaunumi/otra-zina.md");
    let dated = std::fs::read_to_string(&news).unwrap();
    let date = dated.lines().find(|l| l.starts_with("date: ")).unwrap();
    edit(&news, &format!("{date}\n"), "");
    let error = events.wait_for("build-error");
    assert!(error.contains("content/jaunumi/otra-zina.md"), "{error}");
    let logged = server.log();
    for line in full_build_errors(&server) {
        assert!(logged.contains(line.as_str()), "{line} not in\n{logged}");
    }
    std::fs::write(&news, &dated).unwrap();
    events.wait_for("reload");
    assert_same_as_full_build(&server, "date restored");
}

#[test]
fn a_stylesheet_edit_swaps_the_stylesheet_without_a_reload() {
    let server = Server::start();
    let mut events = server.events();
    edit(&server.source("content/static/extra.css"), "#222", "#111");
    events.wait_for("css");
    server.wait_for_page("/extra.css", "#111");
    assert!(
        server
            .get("/extra.css")
            .headers
            .contains("content-type: text/css")
    );
}

#[test]
fn a_taken_port_is_explained() {
    let server = Server::start();
    let output = Command::new(env!("CARGO_BIN_EXE_alianse"))
        .args(["serve", "--port", &server.port.to_string(), "--root"])
        .arg(&server.root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("already in use") && stderr.contains("--port"),
        "{stderr}"
    );
}

#[test]
fn a_save_through_a_temporary_file_and_rename_counts_as_an_edit() {
    let server = Server::start();
    let mut events = server.events();
    let page = server.source("content/kontakti.md");
    let temp = server.source("content/.kontakti.md.swp");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&temp, text.replace("Adrese: Rīga.", "Adrese: Liepāja.")).unwrap();
    std::fs::rename(&temp, &page).unwrap();
    events.wait_for("reload");
    server.wait_for_page("/kontakti/", "Adrese: Liepāja.");
    assert!(!server.log().contains(".swp"), "{}", server.log());
}

#[test]
fn a_new_folder_of_pages_is_picked_up() {
    let server = Server::start();
    let mut events = server.events();
    let folder = server.source("content/projekti");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("_index.md"),
        "---\ntitle: Projekti\n---\nMūsu projekti.\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("skola.md"),
        "---\ntitle: Skola\n---\nProjekts skolām.\n",
    )
    .unwrap();
    events.wait_for("reload");
    server.wait_for_page("/projekti/skola/", "Projekts skolām.");
    server.wait_for_page("/projekti/", "Skola");
}

#[test]
fn a_broken_data_file_is_reported_until_fixed() {
    let server = Server::start();
    let mut events = server.events();
    let members = server.source("content/data/members.yaml");
    edit(&members, "areas: [lidzdaliba]", "areas: [nezinama]");
    let error = events.wait_for("build-error");
    assert!(
        error.contains("content/data/members.yaml:6") && error.contains("nezinama"),
        "{error}"
    );
    assert_eq!(server.get("/biedri/zalais-parks/").status, 200);
    edit(&members, "areas: [nezinama]", "areas: [kapacitate]");
    events.wait_for("reload");
    assert_same_as_full_build(&server, "data fixed");
}

fn photo_jpeg(red: u8) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(700, 400, image::Rgb([red, 90, 40]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    out
}

#[test]
fn an_image_beside_a_page_is_processed_and_a_changed_one_replaced() {
    let server = Server::start();
    let mut events = server.events();
    std::fs::write(server.source("content/foto.jpg"), photo_jpeg(200)).unwrap();
    edit(
        &server.source("content/kontakti.md"),
        "Adrese: Rīga.",
        "Adrese: Rīga.\n\n![Birojs](foto.jpg)",
    );
    events.wait_for("reload");
    let page = server.wait_for_page("/kontakti/", "<picture><source type=\"image/webp\"");
    let first = page
        .body
        .split("<img src=\"")
        .find(|s| s.starts_with("../images/foto-700x400."))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .trim_start_matches("../")
        .to_string();
    assert!(server.output(&first).is_file(), "{first}");
    // Replaced by another photo: a new file name (its content hash), served at once.
    std::fs::write(server.source("content/foto.jpg"), photo_jpeg(20)).unwrap();
    let deadline = Instant::now() + WAIT;
    loop {
        let body = server.get("/kontakti/").body;
        if body.contains("images/foto-700x400.") && !body.contains(&first) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the page kept {first}\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn requests_for_other_host_names_are_refused() {
    let server = Server::start();
    let port = server.port;
    // DNS rebinding: a name the attacker controls, resolving to 127.0.0.1.
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        for path in ["/par-mums/", "/__alianse/events", "/nav-tadas/"] {
            let response = send(port, &format!("GET {path} HTTP/1.1\r\nHost: {host}"));
            assert_eq!(response.status, 421, "{host} {path}");
            assert!(!response.body.contains("Mūsu mērķis"), "{host} {path}");
            assert!(
                !response.body.contains("alianse-live-reload"),
                "{host} {path}"
            );
        }
    }
    // An absolute request target naming another host is refused too.
    let response = send(
        port,
        "GET http://evil.example/par-mums/ HTTP/1.1\r\nHost: 127.0.0.1",
    );
    assert_eq!(response.status, 421);
    // No Host at all (HTTP/1.0).
    let response = send(port, "GET /par-mums/ HTTP/1.0");
    assert_eq!(response.status, 400);
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = send(port, &format!("GET /par-mums/ HTTP/1.1\r\nHost: {host}"));
        assert_eq!(response.status, 200, "{host}");
        assert!(response.body.contains("Mūsu mērķis"), "{host}");
    }
}

#[test]
fn the_event_stream_refuses_pages_of_other_sites() {
    let server = Server::start();
    let port = server.port;
    for origin in [
        "http://evil.example",
        "null",
        "https://127.0.0.1",
        &format!("http://evil.example:{port}"),
    ] {
        let response = send(
            port,
            &format!(
                "GET /__alianse/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}"
            ),
        );
        assert_eq!(response.status, 403, "{origin}");
        assert!(!response.body.contains("event:"), "{origin}");
    }
    // The server's own pages (and tools that send no Origin) get events.
    let mut own = Events::open_with(port, &format!("Origin: http://127.0.0.1:{port}\r\n"));
    assert_eq!(own.wait_for("hello"), "alianse");
    let mut local = Events::open_with(port, &format!("Origin: http://localhost:{port}\r\n"));
    assert_eq!(local.wait_for("hello"), "alianse");
    server.events();
}

#[test]
fn a_connection_that_sends_its_headers_slowly_is_closed() {
    let server = Server::launch(Launch {
        env: vec![("ALIANSE_SERVE_HEADER_TIMEOUT_MS", "300")],
        ..Launch::default()
    });
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.set_read_timeout(Some(WAIT)).unwrap();
    // The request line and one header, then nothing.
    slow.write_all(b"GET /par-mums/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let closed = slow.read_to_end(&mut answer);
    let waited = started.elapsed();
    assert!(closed.is_ok(), "the connection was not closed: {closed:?}");
    assert!(
        waited < Duration::from_secs(5),
        "closed only after {waited:?}"
    );
    assert!(!String::from_utf8_lossy(&answer).contains("Mūsu mērķis"));
    // Requests that send their headers at once are answered as before.
    assert_eq!(server.get("/par-mums/").status, 200);
}

#[cfg(unix)]
#[test]
fn a_404_page_that_links_out_of_the_folder_is_not_served() {
    let server = Server::start();
    let secret = server.root.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "top secret").unwrap();
    let page = server.output("404.html");
    assert!(page.is_file());
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&secret, &page).unwrap();
    for path in ["/nav-tadas/", "/404.html", "/en/nav/"] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.body.contains("top secret"), "{path}");
    }
    // A 404.html that is a link inside the folder is still the 404 page.
    std::fs::remove_file(&page).unwrap();
    std::fs::write(server.output("other.html"), "<p>our own 404</p>").unwrap();
    std::os::unix::fs::symlink(server.output("other.html"), &page).unwrap();
    assert!(server.get("/nav-tadas/").body.contains("our own 404"));
}

#[test]
fn a_relative_output_folder_is_served_once_a_failing_first_build_is_fixed() {
    let server = Server::launch(Launch {
        relative_output: Some("built"),
        prepare: |root| {
            std::fs::write(
                root.join("content/par-mums.md"),
                "---\ntitle: [Par mums\n---\nSalauzts.\n",
            )
            .unwrap()
        },
        first_build_ok: false,
        ..Launch::default()
    });
    let mut events = server.events();
    assert!(
        events
            .wait_for("build-error")
            .contains("content/par-mums.md:2")
    );
    assert_eq!(server.get("/").status, 404);
    let good = std::fs::read_to_string("tests/fixtures/serve-site/content/par-mums.md").unwrap();
    std::fs::write(server.source("content/par-mums.md"), good).unwrap();
    events.wait_for("reload");
    server.wait_for_page("/par-mums/", "Mūsu mērķis");
    assert_eq!(server.get("/").status, 200);
    let built = server.root.parent().unwrap().join("built");
    assert!(built.join("par-mums/index.html").is_file());
    assert!(!server.output("index.html").exists());
}

#[test]
fn serve_shows_a_scheduled_page_with_a_banner_that_follows_edits() {
    let server = Server::launch(Launch {
        prepare: |root| {
            std::fs::write(
                root.join("content/jaunumi/nakotne.md"),
                "---\ntitle: Nākotnes ziņa\ndate: 2099-06-01T10:00\n---\nVēl nav publiska.\n",
            )
            .unwrap()
        },
        ..Launch::default()
    });
    let page = server.wait_for_page("/jaunumi/nakotne/", "Vēl nav publiska.");
    assert!(
        page.body
            .contains("Plānots publicēt 2099-06-01 10:00 Europe/Riga"),
        "{}",
        page.body
    );
    // A public page has no banner.
    assert!(!server.get("/par-mums/").body.contains("Plānots publicēt"));
    // Moving the date moves the banner.
    edit(
        &server.source("content/jaunumi/nakotne.md"),
        "2099-06-01T10:00",
        "2098-03-02T08:30",
    );
    server.wait_for_page(
        "/jaunumi/nakotne/",
        "Plānots publicēt 2098-03-02 08:30 Europe/Riga",
    );
}

#[test]
fn a_new_publication_is_published_with_its_document_and_feed() {
    let server = Server::start();
    let mut events = server.events();
    let dir = server.source("content/data/publications");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("dokuments.pdf"), b"%PDF-1.4\n% a serve test\n").unwrap();
    std::fs::write(
        dir.join("_types.yaml"),
        "- {id: study, name: {lv: Pētījums, en: Study}}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("petijums.yaml"),
        "title: {lv: Jauns pētījums, en: A new study}\ntype: study\nyear: 2024\nfile: dokuments.pdf\n",
    )
    .unwrap();
    events.wait_for("reload");
    server.wait_for_page("/publikacijas/petijums/", "Jauns pētījums");
    assert!(
        server
            .output("publikacijas/petijums/dokuments.pdf")
            .is_file()
    );
    let feed = std::fs::read_to_string(server.output("en/publications/atom.xml")).unwrap();
    assert!(feed.contains("<title>A new study</title>"));
    assert_same_as_full_build(&server, "a new publication");
}

#[test]
fn an_event_edit_updates_its_page_the_list_and_the_calendars() {
    let server = Server::launch(Launch {
        prepare: |root| {
            std::fs::create_dir_all(root.join("content/data/events")).unwrap();
            std::fs::write(
                root.join("content/data/events/2099-05-01-forums.yaml"),
                "title: Pavasara forums\nstart: 2099-05-01T10:00\nplace: {name: Rīga}\n",
            )
            .unwrap()
        },
        ..Launch::default()
    });
    server.wait_for_page("/pasakumi/2099-05-01-forums/", "Pavasara forums");
    let mut events = server.events();
    edit(
        &server.source("content/data/events/2099-05-01-forums.yaml"),
        "Pavasara forums",
        "Vasaras forums",
    );
    events.wait_for("reload");
    server.wait_for_page("/pasakumi/2099-05-01-forums/", "Vasaras forums");
    let list = std::fs::read_to_string(server.output("pasakumi/index.html")).unwrap();
    assert!(list.contains(">Vasaras forums</a>"), "{list}");
    let ics =
        std::fs::read_to_string(server.output("pasakumi/2099-05-01-forums/2099-05-01-forums.ics"))
            .unwrap();
    assert!(ics.contains("SUMMARY:Vasaras forums\r\n"), "{ics}");
    let feed = std::fs::read_to_string(server.output("pasakumi/calendar.ics")).unwrap();
    assert!(feed.contains("SUMMARY:Vasaras forums\r\n"), "{feed}");
    assert_same_as_full_build(&server, "event edit");
}

/// Four members, so that a record edit can keep or change their order.
fn add_members(root: &Path) {
    add_collections(root);
    std::fs::write(
        root.join("content/data/members.yaml"),
        "# The members.\n\n- id: zalais-parks\n  name: {lv: Biedrība \"Zaļais parks\", en: Association \"Green Park\"}\n  kind: association\n  joined: 2015\n  areas: [lidzdaliba]\n  description: {lv: Rūpējas par *parkiem*., en: Looks after parks.}\n- id: berzi\n  name: {lv: Biedrība \"Bērzi\", en: Association \"Birches\"}\n  kind: association\n  areas: [kapacitate]\n  description:\n    lv: |\n      Stāda bērzus.\n\n      - pie skolām\n      - parkos\n- id: upe\n  name: {lv: Fonds \"Upe\", en: Foundation \"River\"}\n  kind: foundation\n  areas: [lidzdaliba, kapacitate]\n- id: ozols\n  name: Ozols\n  kind: other\n",
    )
    .unwrap();
}

#[test]
fn incremental_output_equals_a_full_build_after_each_kind_of_record_edit() {
    let server = Server::launch(Launch {
        prepare: add_members,
        ..Launch::default()
    });
    let mut events = server.events();
    let members = server.source("content/data/members.yaml");
    let areas = server.source("content/data/areas.yaml");
    let report = server.source("content/data/reports/2020.yaml");
    type Edit<'a> = Box<dyn Fn() + 'a>;
    let steps: Vec<(&str, Edit)> = vec![
        // The member moves to the front of the list.
        (
            "a name",
            Box::new(|| edit(&members, "Biedrība \"Bērzi\"", "Ābeļu biedrība")),
        ),
        (
            "a description (Markdown)",
            Box::new(|| edit(&members, "      - parkos\n", "      - **parkos**\n")),
        ),
        // Only the member's page and the open data rows show the year.
        (
            "a year no list shows",
            Box::new(|| edit(&members, "joined: 2015", "joined: 2016")),
        ),
        // A comma and quotes: the row's CSV field is quoted.
        (
            "a description quoted in the CSV",
            Box::new(|| edit(&members, "Stāda bērzus.", "Stāda bērzus, \"daudz\".")),
        ),
        (
            "two records in one save",
            Box::new(|| {
                let text = std::fs::read_to_string(&members).unwrap();
                let text = text
                    .replace("Fonds \"Upe\"", "Fonds \"Upes\"")
                    .replace("name: Ozols", "name: Ozoli");
                std::fs::write(&members, text).unwrap();
            }),
        ),
        (
            "a line added to a record (the later records move down)",
            Box::new(|| {
                edit(
                    &members,
                    "  kind: foundation\n",
                    "  kind: foundation\n  joined: 2001\n",
                )
            }),
        ),
        (
            "an area's name",
            Box::new(|| edit(&areas, "Kapacitāte,", "Spējas,")),
        ),
        (
            "a record after an area edit",
            Box::new(|| edit(&members, "name: Ozoli", "name: Ozols")),
        ),
        (
            // The area's name stays: its pages keep their list entries.
            "an area's summary",
            Box::new(|| edit(&areas, "NVO kapacitātes", "Organizāciju kapacitātes")),
        ),
        (
            // Only the reports' open data table changes.
            "a report's score",
            Box::new(|| edit(&report, "overall: 3.0", "overall: 2.4")),
        ),
        (
            "a report's title",
            Box::new(|| edit(&report, "Indekss 2020", "Indekss par 2020")),
        ),
        (
            "a renamed id",
            Box::new(|| edit(&members, "id: ozols", "id: ozoli")),
        ),
        (
            "a record removed",
            Box::new(|| edit(&members, "- id: ozoli\n  name: Ozols\n  kind: other\n", "")),
        ),
        (
            "a record added",
            Box::new(|| {
                let text = std::fs::read_to_string(&members).unwrap();
                std::fs::write(
                    &members,
                    format!("{text}- id: liepa\n  name: Liepa\n  kind: other\n"),
                )
                .unwrap();
            }),
        ),
    ];
    assert_same_as_full_build(&server, "start");
    for (step, change) in &steps {
        change();
        events.wait_for("reload");
        assert_same_as_full_build(&server, step);
    }
    // An error in one record names its line; fixed, the site is right again.
    edit(
        &members,
        "areas: [lidzdaliba, kapacitate]",
        "areas: [lidzdaliba, nezinama]",
    );
    let error = events.wait_for("build-error");
    assert!(
        error.contains("content/data/members.yaml:23") && error.contains("nezinama"),
        "{error}"
    );
    edit(
        &members,
        "areas: [lidzdaliba, nezinama]",
        "areas: [lidzdaliba, kapacitate]",
    );
    events.wait_for("reload");
    assert_same_as_full_build(&server, "the record fixed");
    edit(&members, "Ābeļu biedrība", "Biedrība \"Bērzi\"");
    events.wait_for("reload");
    assert_same_as_full_build(&server, "a name after the fix");
    // The first edit, a name, rendered only what shows the member.
    let log = server.log();
    let first = log
        .lines()
        .find(|l| l.starts_with("changed ") && !l.contains(": 0 pages rendered, 0 files"))
        .unwrap_or_default();
    assert!(!first.ends_with("(full)"), "{log}");
}

/// The pages the last `count` rebuilds in `log` rendered (the watcher's
/// second look at a save, which renders nothing, not counted).
fn pages_rendered(log: &str, count: usize) -> Vec<usize> {
    let rendered: Vec<usize> = log
        .lines()
        .filter(|l| l.starts_with("changed ") && !l.contains(": 0 pages rendered, 0 files"))
        .filter_map(|l| {
            let (_, rest) = l.split_once(": ")?;
            rest.split(' ').next()?.parse().ok()
        })
        .collect();
    rendered[rendered.len().saturating_sub(count)..].to_vec()
}

#[test]
fn a_rename_that_moves_a_member_renders_what_one_in_place_renders() {
    let server = Server::launch(Launch {
        prepare: add_members,
        ..Launch::default()
    });
    let mut events = server.events();
    let members = server.source("content/data/members.yaml");
    // In place: "Ozoli" sorts where "Ozols" did.
    edit(&members, "name: Ozols", "name: Ozoli");
    events.wait_for("reload");
    assert_same_as_full_build(&server, "a rename in place");
    // To the front of the list, past every other member: their pages stay
    // as they were; the lists that show the members change order.
    edit(&members, "name: Ozoli", "name: Ābele");
    events.wait_for("reload");
    assert_same_as_full_build(&server, "a rename across the others");
    // And back to the end.
    edit(&members, "name: Ābele", "name: Ozols");
    events.wait_for("reload");
    assert_same_as_full_build(&server, "a rename back to the end");
    let log = server.log();
    let rendered = pages_rendered(&log, 3);
    assert_eq!(rendered.len(), 3, "{log}");
    assert!(
        rendered.iter().all(|&n| n == rendered[0]),
        "{rendered:?}\n{log}"
    );
}

/// Six more news pages (eight in all) with areas, two to a list page, so
/// that an edit can move a page from one list page to another.
fn add_news(root: &Path) {
    let news = root.join("content/jaunumi");
    for n in 1..=6 {
        let area = ["lidzdaliba", "kapacitate"][n % 2];
        std::fs::write(
            news.join(format!("zina-{n}.md")),
            format!(
                "---\ntitle: Ziņa {n}\ndate: 2023-0{n}-15\nareas: [{area}]\n---\nZiņas {n} ievads.\n\n## Sīkāk\n\nZiņas {n} turpinājums.\n"
            ),
        )
        .unwrap();
    }
    edit(
        &news.join("_index.md"),
        "title: Jaunumi\n",
        "title: Jaunumi\npaginate: 2\n",
    );
}

#[test]
fn incremental_output_equals_a_full_build_after_each_kind_of_front_matter_edit() {
    let server = Server::launch(Launch {
        prepare: add_news,
        ..Launch::default()
    });
    let mut events = server.events();
    let news = |s: &Server, n: &str| s.source(&format!("content/jaunumi/{n}.md"));
    let steps: Vec<(&str, Step)> = vec![
        (
            // The first paragraph is the page's summary in every list.
            "body edit that changes the summary",
            Box::new(move |s| {
                edit(
                    &news(s, "zina-3"),
                    "Ziņas 3 ievads.",
                    "Ziņas 3 jauns ievads.",
                )
            }),
        ),
        (
            "body edit below the summary",
            Box::new(move |s| edit(&news(s, "zina-3"), "Ziņas 3 turpinājums.", "Cits teksts.")),
        ),
        (
            "title edit",
            Box::new(move |s| edit(&news(s, "zina-2"), "title: Ziņa 2", "title: Ziņa divi")),
        ),
        (
            // The search page of the other language keeps its own entries.
            "English title edit",
            Box::new(|s| {
                edit(
                    &s.source("content/par-mums.en.md"),
                    "title: About us",
                    "title: About the alliance",
                )
            }),
        ),
        (
            // Back as it was: the kept entry from before is not taken.
            "title edit back",
            Box::new(move |s| edit(&news(s, "zina-2"), "title: Ziņa divi", "title: Ziņa 2")),
        ),
        (
            // The oldest page becomes the newest: it moves from the last
            // list page to the first, and every page between shifts.
            "date edit across list pages",
            Box::new(move |s| edit(&news(s, "zina-1"), "date: 2023-01-15", "date: 2024-12-01")),
        ),
        (
            "date edit within a list page",
            Box::new(move |s| edit(&news(s, "zina-5"), "date: 2023-05-15", "date: 2023-06-20")),
        ),
        (
            "summary edit in front matter",
            Box::new(move |s| {
                edit(
                    &news(s, "zina-4"),
                    "title: Ziņa 4\n",
                    "title: Ziņa 4\nsummary: Īsumā par ziņu.\n",
                )
            }),
        ),
        (
            "weight edit",
            Box::new(|s| {
                edit(
                    &s.source("content/par-mums.md"),
                    "title: Par mums",
                    "title: Par mums\nweight: 1",
                )
            }),
        ),
        (
            // Out of one area page's list and into the other's.
            "areas edit",
            Box::new(move |s| {
                edit(
                    &news(s, "zina-6"),
                    "areas: [lidzdaliba]",
                    "areas: [kapacitate]",
                )
            }),
        ),
        (
            "areas added",
            Box::new(move |s| {
                edit(
                    &news(s, "otra-zina"),
                    "date: 2024-04-10\n",
                    "date: 2024-04-10\nareas: [lidzdaliba, kapacitate]\n",
                )
            }),
        ),
        (
            "section title edit",
            Box::new(move |s| edit(&news(s, "_index"), "title: Jaunumi", "title: Ziņas")),
        ),
    ];
    assert_same_as_full_build(&server, "start");
    for (step, change) in steps {
        change(&server);
        events.wait_for("reload");
        assert_same_as_full_build(&server, step);
    }
    // Every edit kept its page in place: none rendered the whole site. (On a
    // loaded machine one save can reach the watcher as two batches of events
    // and rebuild twice, the second writing nothing: at least one per step.)
    let log = server.log();
    let rebuilds: Vec<&str> = log.lines().filter(|l| l.starts_with("changed ")).collect();
    assert!(rebuilds.len() >= 12, "{log}");
    assert!(rebuilds.iter().all(|l| !l.ends_with("(full)")), "{log}");
}

/// search.html lists the pages with what else the page shows: the list
/// position (not kept in pieces: rendered whole) or a member's name (the
/// entries read `data`: made again when a member changes).
const SEARCH_TEMPLATES: [&str; 2] = [
    "{% extends \"base.html\" %}{% block content %}<ul>{% for p in pages %}<li{% if loop.first %} class=\"first\"{% endif %}><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock content %}",
    "{% extends \"base.html\" %}{% block content %}{% if pages %}<ul>\n{%- for p in pages -%}\n  <li><a href=\"{{ p.url }}\" lang=\"{{ lang }}\">{{ p.title }}</a> · {{ data.members[0].name }}</li>\n{%- endfor %}</ul>{% endif %}{% endblock content %}",
];

fn with_search_template(root: &Path, template: &str) {
    add_members(root);
    std::fs::write(root.join("templates/search.html"), template).unwrap();
}

#[test]
fn incremental_search_page_equals_a_full_build_with_other_search_templates() {
    let prepares: [fn(&Path); 2] = [
        |root| with_search_template(root, SEARCH_TEMPLATES[0]),
        |root| with_search_template(root, SEARCH_TEMPLATES[1]),
    ];
    for (k, prepare) in prepares.into_iter().enumerate() {
        let server = Server::launch(Launch {
            prepare,
            ..Launch::default()
        });
        let mut events = server.events();
        let page = server.source("content/jaunumi/pirma-zina.md");
        let members = server.source("content/data/members.yaml");
        let text = std::fs::read_to_string(&page).unwrap();
        let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
        type Edit<'a> = Box<dyn Fn() + 'a>;
        let steps: [(&str, Edit); 3] = [
            (
                "title edit",
                Box::new(|| edit(&page, title, "title: Cits nosaukums")),
            ),
            (
                "the first member's name",
                Box::new(|| edit(&members, "Biedrība \"Bērzi\"", "Biedrība \"Bērzu birzs\"")),
            ),
            (
                "title edit back",
                Box::new(|| edit(&page, "title: Cits nosaukums", title)),
            ),
        ];
        assert_same_as_full_build(&server, &format!("template {k}: start"));
        for (step, change) in steps {
            change();
            events.wait_for("reload");
            assert_same_as_full_build(&server, &format!("template {k}: {step}"));
        }
    }
}

/// Area pages that `serve` keeps in pieces (a component called with the
/// list, other arguments, markup around it) and one it renders whole (the
/// list read outside the component).
const AREA_TEMPLATES: [&str; 2] = [
    "{% extends \"base.html\" %}{% block content %}<h1>{{ area.name }}</h1>{% if pages %}<div>{{- <summary_list items={pages} heading_level={2} /> -}}</div>{% endif %}{% endblock content %}",
    "{% extends \"base.html\" %}{% block content %}<h1>{{ area.name }}</h1><p>{{ pages | length }}</p>{{ <summary_list items={pages} heading_level={3} /> }}{% endblock content %}",
];

#[test]
fn incremental_area_pages_equal_a_full_build_with_the_default_and_other_area_templates() {
    let prepares: [fn(&Path); 3] = [
        add_news,
        |root| {
            add_news(root);
            std::fs::write(root.join("templates/area.html"), AREA_TEMPLATES[0]).unwrap();
        },
        |root| {
            add_news(root);
            std::fs::write(root.join("templates/area.html"), AREA_TEMPLATES[1]).unwrap();
        },
    ];
    for (k, prepare) in prepares.into_iter().enumerate() {
        let server = Server::launch(Launch {
            prepare,
            ..Launch::default()
        });
        let mut events = server.events();
        let new = server.source("content/jaunumi/jauna-zina.md");
        let page = server.source("content/jaunumi/zina-2.md");
        let text =
            "---\ntitle: Jauna\ndate: 2023-03-20\nareas: [lidzdaliba, kapacitate]\n---\nJaunā.\n";
        let components = server.source("templates/components.html");
        let theme = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/components.html"),
        )
        .unwrap();
        let edited = theme.replacen("<li class=\"card", "<li class=\"card edited", 1);
        type Edit<'a> = Box<dyn Fn() + 'a>;
        let steps: [(&str, Edit); 6] = [
            ("added", Box::new(|| server.write_whole(&new, text))),
            (
                "title edit",
                Box::new(|| edit(&page, "title: Ziņa 2", "title: Cita ziņa")),
            ),
            (
                "areas edit",
                Box::new(|| edit(&page, "areas: [lidzdaliba]", "areas: [kapacitate]")),
            ),
            (
                "the list's component edited",
                Box::new(|| server.write_whole(&components, &edited)),
            ),
            ("deleted", Box::new(|| std::fs::remove_file(&new).unwrap())),
            ("added again", Box::new(|| server.write_whole(&new, text))),
        ];
        assert_same_as_full_build(&server, &format!("template {k}: start"));
        for (step, change) in steps {
            change();
            events.wait_for("reload");
            assert_same_as_full_build(&server, &format!("template {k}: {step}"));
        }
        let log = server.log();
        let rebuilds: Vec<&str> = log.lines().filter(|l| l.starts_with("changed ")).collect();
        assert!(rebuilds.iter().all(|l| !l.ends_with("(full)")), "{log}");
    }
}

/// The theme's list, base and component templates beside the fixture's
/// page.html, which includes a part of its own.
fn with_templates(root: &Path) {
    let theme = Path::new("themes/default/templates");
    for name in ["section.html", "base.html", "components.html"] {
        std::fs::copy(theme.join(name), root.join("templates").join(name)).unwrap();
    }
    std::fs::create_dir_all(root.join("templates/parts")).unwrap();
    std::fs::write(root.join("templates/parts/note.html"), "<p>Piezīme</p>").unwrap();
    edit(
        &root.join("templates/page.html"),
        "{% block content %}",
        "{% block content %}{% include \"parts/note.html\" %}",
    );
}

/// The server's rebuild lines (the first build's too): how many pages
/// each rendered, and whether it rendered the whole site.
fn rebuilds(server: &Server) -> Vec<(usize, bool)> {
    (server.log().lines())
        .filter(|l| l.starts_with("changed ") || l.starts_with("built the site"))
        .map(|l| {
            let count = l.split(": ").nth(1).unwrap().split(' ').next().unwrap();
            (count.parse().unwrap(), l.ends_with("(full)"))
        })
        .collect()
}

/// The rebuilds after the first `before` that rendered pages (a save may
/// also set off one that finds nothing changed), waiting for one.
fn rendering_rebuilds(server: &Server, before: usize) -> Vec<(usize, bool)> {
    let deadline = Instant::now() + WAIT;
    loop {
        let found: Vec<_> = (rebuilds(server).into_iter().skip(before))
            .filter(|r| r.0 > 0)
            .collect();
        if !found.is_empty() || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn incremental_output_equals_a_full_build_after_each_kind_of_template_edit() {
    let server = Server::launch(Launch {
        prepare: with_templates,
        ..Launch::default()
    });
    let mut events = server.events();
    let t = |name: &str| server.source(&format!("templates/{name}"));
    let everything = rebuilds(&server)[0].0;
    type Edit<'a> = Box<dyn Fn() + 'a>;
    let steps: Vec<(&str, Edit)> = vec![
        (
            "page.html",
            Box::new(|| edit(&t("page.html"), "<article class=\"page\">", "<article>")),
        ),
        (
            "section.html, a list template",
            Box::new(|| edit(&t("section.html"), "<h1>", "<h1 class=\"list\">")),
        ),
        (
            "a part page.html includes",
            Box::new(|| edit(&t("parts/note.html"), "Piezīme", "Cita piezīme")),
        ),
        (
            "a component",
            Box::new(|| edit(&t("components.html"), "<nav class=\"breadcrumbs\"", "<nav")),
        ),
        (
            "base.html",
            Box::new(|| edit(&t("base.html"), "<main id=\"main\"", "<main")),
        ),
    ];
    assert_same_as_full_build(&server, "start");
    let mut rendered = Vec::new();
    for (step, change) in steps {
        let before = rebuilds(&server).len();
        change();
        events.wait_for("reload");
        assert_same_as_full_build(&server, step);
        let done = rendering_rebuilds(&server, before);
        assert!(done.iter().all(|r| !r.1), "{step}: {}", server.log());
        rendered.push(done.iter().map(|r| r.0).max().unwrap_or(0));
    }
    // page.html, section.html and the part reach only their own pages;
    // base.html reaches every page.
    assert!(
        rendered[..3].iter().all(|&n| n > 0 && n < everything),
        "{rendered:?}"
    );
    assert!(rendered[0] + rendered[1] <= everything, "{rendered:?}");
    assert_eq!(rendered[4], everything, "{rendered:?}");
    // A syntax error, and a mistake only rendering finds: a full build's
    // errors; then the site as a full build makes it again.
    let broken: [(&str, &str, &str); 2] = [
        ("page.html", "<article>", "<article>{% if %}"),
        (
            "section.html",
            "<h1 class=\"list\">",
            "<h1>{{ page.title | nope }}",
        ),
    ];
    for (name, from, to) in broken {
        let good = std::fs::read_to_string(t(name)).unwrap();
        edit(&t(name), from, to);
        events.wait_for("build-error");
        let expected = full_build_errors(&server);
        assert!(!expected.is_empty());
        let logged = server.log();
        for line in &expected {
            assert!(logged.contains(line.as_str()), "{line} not in\n{logged}");
        }
        std::fs::write(t(name), good).unwrap();
        events.wait_for("reload");
        assert_same_as_full_build(&server, &format!("{name} restored"));
    }
}
