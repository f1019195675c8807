//! The web editor: `cms:` in site.yaml makes admin/ with a Sveltia CMS
//! configuration that the pinned CMS accepts (checked against the JSON Schema
//! in its npm package), pages stay free of external scripts, mistakes in
//! `cms:` are reported, and files in the YAML style the CMS writes build
//! without warnings and render as expected.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use alianse::build::BuildOptions;
use common::{Site, visible_text};
use serde_json::Value;

/// The folder of the pinned CMS package and the validator (tests/cms/), when
/// `npm ci` has run there and node is installed. In CI (`CI=true`) their
/// absence fails the test; elsewhere the test is skipped, loudly.
fn sveltia_tools() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cms");
    let installed = dir
        .join("node_modules/@sveltia/cms/schema/sveltia-cms.json")
        .is_file()
        && dir.join("node_modules/ajv/package.json").is_file();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if installed && node {
        return Some(dir);
    }
    let why = if node {
        "the CMS package is not installed: run `npm ci` in tests/cms"
    } else {
        "node is not installed"
    };
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI must validate the CMS configuration, but {why} (.ci/run installs both)"
    );
    eprintln!(
        "\n!!! SKIPPED: the CMS configuration was NOT validated against Sveltia CMS's schema: {why} !!!\n"
    );
    None
}

/// config.yml as JSON.
fn config_json(yaml: &str) -> Value {
    serde_saphyr::from_str::<Value>(yaml).expect("config.yml is YAML")
}

/// Validates configurations against the pinned package's JSON Schema.
fn validate_with_sveltia_schema(configs: &[(&str, &Value)]) {
    let Some(tools) = sveltia_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![tools.join("validate.mjs").display().to_string()];
    for (name, config) in configs {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_vec_pretty(config).unwrap()).unwrap();
        args.push(path.display().to_string());
    }
    let out = Command::new("node").args(&args).output().expect("run node");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the generated CMS configuration does not fit Sveltia CMS's schema:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        report.lines().filter(|l| l.starts_with("ok ")).count(),
        configs.len(),
        "{report}"
    );
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {fields}"))
}

/// The bundled site has `cms:`; its configuration is what the CMS accepts
/// and covers every kind of file the site has.
#[test]
fn bundled_site_config_fits_the_sveltia_schema_and_lists_every_collection() {
    let out = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
    options.output = Some(out.path().join("site"));
    let result = alianse::build::build(&options);
    assert!(result.ok(), "{}", result.diagnostics);
    let yaml = std::fs::read_to_string(out.path().join("site/admin/config.yml")).unwrap();
    let config = config_json(&yaml);
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["i18n"]["structure"], "multiple_files");
    assert_eq!(config["i18n"]["omit_default_locale_from_file_path"], true);
    let labels: Vec<&str> = config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Lapas · Pages",
            "Jaunumi · News",
            "Ziņojumu teksti · Report texts",
            "Dati · Data",
            "Ziņojumu dati · Report data",
        ]
    );
    let news = collection(&config, "section-jaunumi");
    assert_eq!(news["folder"], "content/jaunumi");
    assert_eq!(field(&news["fields"], "date")["default"], "{{now}}");
    let areas = field(&news["fields"], "areas");
    assert_eq!(areas["widget"], "select");
    assert_eq!(areas["options"].as_array().unwrap().len(), 5);
    assert_eq!(field(&news["fields"], "title")["required"], true);
    // Section settings only on the section's own _index.md.
    assert!(
        news["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["name"] != "sort")
    );
    assert_eq!(
        field(&news["index_file"]["fields"], "sort")["options"][1],
        "date"
    );
    validate_with_sveltia_schema(&[("bundled", &config)]);
}

/// A GitLab site: the backend's settings and the data collections' rules.
#[test]
fn fixture_site_config_fits_the_sveltia_schema_with_rules_from_the_types() {
    let site = Site::fixture("cms");
    site.build_ok();
    let config = config_json(&site.page("admin/config.yml"));
    let backend = &config["backend"];
    assert_eq!(backend["name"], "gitlab");
    assert_eq!(backend["repo"], "alianse/redaktori/vietne");
    assert_eq!(backend["branch"], "publish");
    assert_eq!(backend["auth_type"], "pkce");
    assert_eq!(backend["app_id"], "0123456789abcdef");
    assert_eq!(backend["api_root"], "https://gitlab.example.org/api/v4");
    let data = collection(&config, "data");
    let members = &data["files"][0];
    assert_eq!(members["file"], "content/data/members.yaml");
    let list = &members["fields"][0];
    assert_eq!(list["root"], true);
    let member = &list["fields"];
    assert_eq!(field(member, "id")["pattern"][0], "^[a-z0-9_][a-z0-9_-]*$");
    assert_eq!(field(member, "id")["required"], true);
    assert_eq!(
        field(member, "kind")["options"],
        serde_json::json!(["association", "foundation", "other"])
    );
    assert_eq!(field(member, "logo")["widget"], "image");
    let name = field(member, "name");
    assert_eq!(name["widget"], "object");
    assert_eq!(field(&name["fields"], "lv")["required"], true);
    assert_eq!(field(&name["fields"], "en")["required"], false);
    assert_eq!(field(member, "areas")["options"][0]["value"], "lidzdaliba");
    let reports = collection(&config, "reports");
    assert_eq!(reports["folder"], "content/data/reports");
    let score = field(
        &field(
            &field(&reports["fields"], "dimensions")["fields"],
            "advocacy",
        )["fields"],
        "score",
    );
    assert_eq!(
        (
            score["min"].as_f64(),
            score["max"].as_f64(),
            score["step"].as_f64()
        ),
        (Some(1.0), Some(7.0), Some(0.1))
    );
    assert_eq!(score["required"], false);
    assert_eq!(
        field(&reports["fields"], "overall_trend")["options"],
        serde_json::json!(["better", "worse", "unchanged"])
    );
    validate_with_sveltia_schema(&[("fixture", &config)]);
}

#[test]
fn without_cms_settings_there_is_no_admin() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert!(!site.exists("admin"));
}

/// The admin page loads the pinned script with its integrity hash and
/// nothing else; it is no page for readers.
#[test]
fn admin_page_loads_only_the_pinned_cms_and_stays_out_of_sitemap_search_and_feeds() {
    let site = Site::fixture("cms");
    site.build_ok();
    let admin = site.page("admin/index.html");
    assert!(admin.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(admin.contains(
        r#"<script src="https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js" integrity="sha384-"#
    ));
    assert_eq!(admin.matches("<script").count(), 1);
    for file in [
        "sitemap.xml",
        "search-index.json",
        "atom.xml",
        "en/atom.xml",
    ] {
        if site.exists(file) {
            assert!(!site.page(file).contains("admin"), "{file} mentions admin/");
        }
    }
    for (path, bytes) in site.snapshot() {
        if path.ends_with(".html") && !path.starts_with("admin/") {
            let html = String::from_utf8_lossy(&bytes);
            assert!(
                !html.contains("unpkg.com") && !html.contains("sveltia"),
                "{path} loads the CMS"
            );
        }
    }
}

/// A self-hosted copy of the script is loaded from the site, without a CDN.
#[test]
fn a_self_hosted_script_is_loaded_from_the_site() {
    let site = Site::fixture("cms");
    site.edit(
        "content/site.yaml",
        "  branch: publish\n",
        "  branch: publish\n  script: /admin/sveltia-cms.js\n",
    );
    site.write("content/static/admin/sveltia-cms.js", "// the CMS bundle\n");
    site.build_ok();
    let admin = site.page("admin/index.html");
    assert!(
        admin.contains(r#"<script src="../admin/sveltia-cms.js"></script>"#),
        "{admin}"
    );
    assert!(!admin.contains("unpkg"));
}

#[test]
fn mistakes_in_cms_settings_are_reported_with_line_and_help() {
    let site = Site::fixture("cms");
    site.edit(
        "content/site.yaml",
        "repo: alianse/redaktori/vietne",
        "repo: vietne",
    );
    let result = site.build();
    assert!(!result.ok());
    let repo = result
        .diagnostics
        .iter()
        .find(|d| d.message.contains("cms.repo"))
        .unwrap();
    assert_eq!(repo.message, "cms.repo `vietne` is not a repository name");
    assert_eq!(repo.file.as_deref(), Some(Path::new("content/site.yaml")));
    assert_eq!(repo.line, Some(16));
    assert!(repo.help.as_deref().unwrap().contains("owner/name"));
    assert!(!site.exists("index.html"), "a failed build writes nothing");

    let site = Site::fixture("cms");
    site.edit(
        "content/site.yaml",
        "  branch: publish\n",
        "  branch: publish\n  script: /admin/sveltia-cms.js\n",
    );
    let result = site.build();
    let script = result
        .diagnostics
        .iter()
        .find(|d| d.message.contains("cms.script"))
        .unwrap();
    assert_eq!(
        script.message,
        "cms.script `/admin/sveltia-cms.js` is not a file under content/static/"
    );
    assert_eq!(script.line, Some(18));
    assert!(
        script
            .help
            .as_deref()
            .unwrap()
            .contains("content/static/admin/sveltia-cms.js")
    );

    let site = Site::fixture("cms");
    site.edit(
        "content/site.yaml",
        "  branch: publish\n",
        "  brnch: main\n",
    );
    let result = site.build();
    let unknown = result.diagnostics.iter().next().expect("an error");
    assert!(unknown.message.contains("brnch"), "{}", unknown.message);
    assert_eq!(
        unknown.file.as_deref(),
        Some(Path::new("content/site.yaml"))
    );

    let site = Site::fixture("cms");
    site.edit("content/site.yaml", "  app_id: 0123456789abcdef\n", "");
    let result = site.build();
    let messages = result.diagnostics.to_string();
    assert!(
        messages.contains("cms.backend gitlab needs an app_id"),
        "{messages}"
    );
}

/// Files in the CMS's writing style (block lists, `|-` strings, quoted
/// strings, empty lists, per-language maps) build without warnings and show
/// on the pages. (Events are not a collection of alianse yet.)
#[test]
fn files_written_by_the_cms_build_without_warnings_and_render() {
    let site = Site::fixture("cms");
    let result = site.build_ok();
    assert!(
        result.diagnostics.iter().next().is_none(),
        "{}",
        result.diagnostics
    );
    let news = visible_text(&site.page("jaunumi/2024-jauns-birojs/index.html"));
    assert!(news.contains("Alianse: jauns birojs Rīgā"), "{news}");
    assert!(
        news.contains("Alianses birojs no jūnija atrodas Rīgas centrā"),
        "{news}"
    );
    let english = visible_text(&site.page("en/jaunumi/new-office/index.html"));
    assert!(
        english.contains("The alliance: a new office in Riga"),
        "{english}"
    );
    let member = visible_text(&site.page("biedri/jauna-biedriba/index.html"));
    assert!(member.contains("Jaunā biedrība"), "{member}");
    assert!(
        member.contains("Rīko sarunas par vietējiem jautājumiem: “kā dzīvot labāk”"),
        "{member}"
    );
    let english_member = visible_text(&site.page("en/members/jauna-biedriba/index.html"));
    assert!(
        english_member.contains("New Association"),
        "{english_member}"
    );
    assert!(english_member.contains("Latgale"), "{english_member}");
    let other = visible_text(&site.page("biedri/otra-biedriba/index.html"));
    assert!(
        other.contains("Biedrība \"Otrā\"") || other.contains("Biedrība “Otrā”"),
        "{other}"
    );
    let report = visible_text(&site.page("zinojumi/2022/index.html"));
    assert!(report.contains("2,6"), "{report}");
    assert!(report.contains("Spēcīgākā dimensija."), "{report}");
    assert!(
        report.contains("Atzinumi") && report.contains("50"),
        "{report}"
    );
}

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

/// The whole editing round: `serve` serves /admin/ with the CMS script
/// self-hosted; in headless Chromium (offline) the CMS starts with its
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
        "  branch: publish\n  script: /admin/sveltia-cms.js\n",
    );
    let bundle =
        std::fs::read(tools.join("node_modules/@sveltia/cms/dist/sveltia-cms.js")).unwrap();
    site.write("content/static/admin/sveltia-cms.js", bundle);
    let shots = std::env::var_os("ALIANSE_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("cms-screenshots"));
    let (server, port) = serve(&site);
    let out = Command::new("node")
        .arg(tools.join("browser-test.mjs"))
        .args(["--url", &format!("http://127.0.0.1:{port}/"), "--site"])
        .arg(&site.root)
        .arg("--shots")
        .arg(&shots)
        .env("CHROMIUM", &browser)
        .output()
        .expect("run node");
    drop(server);
    let log = String::from_utf8_lossy(&out.stdout);
    println!("{log}");
    assert!(
        out.status.success() && log.trim_end().ends_with("result: ok"),
        "the CMS did not work in the browser:\n{log}{}",
        String::from_utf8_lossy(&out.stderr)
    );
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

/// `alianse new` writes ready publishing workflows: GitHub Pages and GitLab
/// Pages, each installing a pinned alianse release with caching, then
/// building with the host's address.
#[test]
fn new_sites_get_publishing_workflows_for_github_and_gitlab_pages() {
    let site = Site::empty();
    let run = common::run_binary(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["new", site.root.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let github = std::fs::read_to_string(site.path(".github/workflows/publish.yml")).unwrap();
    let workflow = config_json(&github);
    assert_eq!(workflow["on"]["push"]["branches"][0], "main");
    assert_eq!(workflow["env"]["ALIANSE_TAG"], tag.as_str());
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.contains(&"actions/cache@v4") && uses.contains(&"actions/upload-pages-artifact@v3"),
        "{uses:?}"
    );
    let install = steps
        .iter()
        .find(|s| s["name"] == "Install alianse")
        .unwrap();
    assert_eq!(
        install["run"],
        r#"cargo install --locked --git "$ALIANSE_SOURCE" --tag "$ALIANSE_TAG" alianse"#
    );
    assert_eq!(
        workflow["jobs"]["deploy"]["steps"][0]["uses"],
        "actions/deploy-pages@v4"
    );

    let gitlab = config_json(&std::fs::read_to_string(site.path(".gitlab-ci.yml")).unwrap());
    assert_eq!(gitlab["variables"]["ALIANSE_TAG"], tag.as_str());
    let script: Vec<&str> = gitlab["pages"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        script[0].contains("cargo install --locked")
            && script[0].contains("--tag \"$ALIANSE_TAG\"")
    );
    assert!(script[1].ends_with("build --base-url \"$CI_PAGES_URL/\" --output public"));
    assert_eq!(gitlab["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(gitlab["pages"]["cache"]["paths"][0], ".cargo/bin/");

    // The build step of the GitLab job works on the new site.
    let run = site.run(&[
        "build",
        "--base-url",
        "https://owner.gitlab.io/site/",
        "--output",
        "public",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("public/index.html").is_file());
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
