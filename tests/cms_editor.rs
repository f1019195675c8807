//! The web editor in use: `alianse serve` serves /admin/ (without its
//! live-reload script) and keeps config.yml current; in headless Chromium the
//! pinned Sveltia CMS starts offline, lists every collection, and what it
//! saves builds without warnings.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::cms::sveltia_tools;
use common::{Site, visible_text};

/// A running `alianse serve`, stopped when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(site: &Site) -> (Server, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_alianse"))
        .args(["serve", "--quiet", "--port", &port.to_string(), "--root"])
        .arg(&site.root)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start alianse serve");
    let server = Server(child);
    for _ in 0..300 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (server, port);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("alianse serve did not start on port {port}");
}

/// Headless Chromium, when installed; in CI its absence fails the test.
fn chromium() -> Option<PathBuf> {
    let path =
        PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI must run the CMS in Chromium, but {} is missing (.ci/run installs it)",
        path.display()
    );
    eprintln!(
        "\n!!! SKIPPED: the CMS was NOT tried in a browser: no Chromium at {} !!!\n",
        path.display()
    );
    None
}

/// Serves the site and runs tests/cms/browser-test.mjs against it; its log.
fn run_browser_test(
    tools: &Path,
    browser: &Path,
    site: &Site,
    shots: &Path,
    list_only: bool,
) -> String {
    let (server, port) = serve(site);
    // The first build of a copied site encodes its images (the cache is per
    // site folder) and may outlast the browser's 30 s navigation timeout on
    // a loaded machine: the browser starts once the site answers.
    let (head, _) = get(port, "/robots.txt");
    assert!(head.starts_with("HTTP/1.1 200"), "robots.txt: {head}");
    let mut command = Command::new("node");
    command
        .arg(tools.join("browser-test.mjs"))
        .args(["--url", &format!("http://127.0.0.1:{port}/"), "--site"])
        .arg(&site.root)
        .arg("--shots")
        .arg(shots)
        .env("CHROMIUM", browser);
    if list_only {
        command.args(["--list-only", "yes"]);
    }
    let out = command.output().expect("run node");
    drop(server);
    let log = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{log}");
    assert!(
        out.status.success() && log.trim_end().ends_with("result: ok"),
        "the CMS did not work in the browser:\n{log}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    log
}

/// The bundled site in the CMS: every collection is listed and every file
/// of the site is there as an entry, with no page errors.
#[test]
fn the_bundled_site_opens_in_the_cms_with_all_its_entries() {
    let Some(tools) = sveltia_tools() else {
        return;
    };
    let Some(browser) = chromium() else {
        return;
    };
    let site = Site::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(repo).unwrap();
            site.write(rel.to_str().unwrap(), std::fs::read(entry.path()).unwrap());
        }
    }
    site.edit(
        "content/site.yaml",
        "  branch: main\n",
        "  branch: main\n  script: /admin/sveltia-cms.js\n",
    );
    let bundle =
        std::fs::read(tools.join("node_modules/@sveltia/cms/dist/sveltia-cms.js")).unwrap();
    site.write("content/static/admin/sveltia-cms.js", bundle);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cms-bundled");
    let log = run_browser_test(&tools, &browser, &site, &shots, true);
    // Entries: pages and news in the default language, report texts, the
    // data files, the yearly report files (not `_bands.yaml`), the
    // publications (not `_types.yaml`) and the events.
    let count = |folder: &str, ext: &str| {
        std::fs::read_dir(site.path(folder))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext) && !n.starts_with('_') && !n.ends_with(".en.md"))
            .count()
    };
    let expected = format!(
        "entries: Lapas · Pages: {} | Jaunumi · News: {} | Ziņojumu teksti · Report texts: {} | Dati · Data: 5 | Ziņojumu dati · Report data: {} | Publikācijas · Publications: {} | Pasākumi · Events: {}",
        count("content", ".md"),
        count("content/jaunumi", ".md"),
        count("content/reports", ".md"),
        count("content/data/reports", ".yaml"),
        count("content/data/publications", ".yaml"),
        count("content/data/events", ".yaml"),
    );
    assert!(log.contains(&expected), "want {expected}\n{log}");
}

/// The whole editing round: `serve` serves /admin/ with the CMS script and
/// fonts self-hosted; in headless Chromium (offline) the CMS starts with its
/// `test-repo` backend, lists every collection, saves an edited news item,
/// a new news item in both languages, a member and a report
/// (tests/cms/browser-test.mjs). The saved files —
/// the CMS's own YAML — then build without warnings and show the edits.
/// Screenshots go to target/…/cms-screenshots, or to $ALIANSE_SCREENSHOTS.
#[test]
fn the_cms_starts_offline_in_chromium_and_what_it_saves_builds() {
    let Some(tools) = sveltia_tools() else {
        return;
    };
    let Some(browser) = chromium() else {
        return;
    };
    let site = Site::fixture("cms");
    site.edit(
        "content/site.yaml",
        "  branch: publish\n",
        "  branch: publish\n  script: /admin/sveltia-cms.js\n  fonts: /admin/fonts/\n",
    );
    for font in alianse::config::cms::FONT_FILES {
        let bytes = std::fs::read(tools.join("node_modules").join(font.package)).unwrap();
        site.write(&format!("content/static/admin/fonts/{}", font.file), bytes);
    }
    let bundle =
        std::fs::read(tools.join("node_modules/@sveltia/cms/dist/sveltia-cms.js")).unwrap();
    site.write("content/static/admin/sveltia-cms.js", bundle);
    let shots = std::env::var_os("ALIANSE_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("cms-screenshots"));
    let log = run_browser_test(&tools, &browser, &site, &shots, false);
    for step in [
        "the CMS lists every collection: Lapas · Pages | Jaunumi · News | Ziņojumu teksti · Report texts | Dati · Data | Ziņojumu dati · Report data",
        "serve rebuilt",
    ] {
        assert!(log.contains(step), "{log}");
    }
    let saved = std::fs::read_to_string(site.path("content/jaunumi/2024-jauns-birojs.md")).unwrap();
    assert!(
        saved.contains("title: 'Alianse: jauns birojs Rīgas centrā'"),
        "{saved}"
    );

    let result = site.build_ok();
    assert!(
        result.diagnostics.iter().next().is_none(),
        "{}",
        result.diagnostics
    );
    let news = visible_text(&site.page("jaunumi/2024-jauns-birojs/index.html"));
    assert!(
        news.contains("Alianse: jauns birojs Rīgas centrā"),
        "{news}"
    );
    assert!(
        news.contains("Alianses birojs no jūnija atrodas Rīgas centrā"),
        "{news}"
    );
    let member = visible_text(&site.page("en/members/jauna-biedriba/index.html"));
    assert!(member.contains("New Association of Latgale"), "{member}");
    let report = visible_text(&site.page("zinojumi/2022/index.html"));
    assert!(report.contains("2,1"), "{report}");
    // A new item: its file is named by the title in alianse's slug form,
    // in both languages, dated today.
    let slug = alianse::i18n::slugify("Ģimeņu atbalsta ziņojums: 2025");
    assert_eq!(slug, "gimenu-atbalsta-zinojums-2025");
    let created =
        std::fs::read_to_string(site.path(&format!("content/jaunumi/{slug}.md"))).unwrap();
    assert!(created.contains("\ndate: 20"), "{created}");
    let item = visible_text(&site.page(&format!("jaunumi/{slug}/index.html")));
    assert!(item.contains("Ģimeņu atbalsta ziņojums: 2025"), "{item}");
    let english = visible_text(&site.page(&format!("en/jaunumi/{slug}/index.html")));
    assert!(english.contains("Family support report: 2025"), "{english}");
    for shot in ["cms-news-1280.png", "cms-member-1280.png"] {
        assert!(shots.join(shot).is_file(), "no screenshot {shot}");
    }
}

/// A raw HTTP GET: (status line and headers, body).
fn get(port: u16, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.to_string(), body.to_string())
}

/// `serve` serves the editor without its live-reload script (a rebuild must
/// not reload the editor under the person typing) and regenerates the
/// configuration when the data it lists changes.
#[test]
fn serve_serves_the_editor_without_reloading_it_and_keeps_its_config_current() {
    let site = Site::fixture("cms");
    let (_server, port) = serve(&site);
    let (head, admin) = get(port, "/admin/");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(admin.contains("sveltia-cms.js"), "{admin}");
    assert!(
        !admin.contains("alianse-live-reload\">") && !admin.contains("EventSource"),
        "{admin}"
    );
    let (_, page) = get(port, "/jaunumi/");
    assert!(
        page.contains("EventSource"),
        "reader pages keep live reload"
    );
    let (head, config) = get(port, "/admin/config.yml");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/yaml"),
        "{head}"
    );
    assert!(!config.contains("value: jauna-joma"));

    site.edit(
        "content/data/areas.yaml",
        "- id: kapacitate\n",
        "- id: jauna-joma\n  name: {lv: Jaunā joma, en: New area}\n- id: kapacitate\n",
    );
    for _ in 0..100 {
        if get(port, "/admin/config.yml")
            .1
            .contains("value: jauna-joma")
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("config.yml does not offer the new area after areas.yaml changed");
}
