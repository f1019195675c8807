//! The web editor: `cms:` in site.yaml makes admin/ with a Sveltia CMS
//! configuration that the pinned CMS accepts (checked against the JSON Schema
//! in its npm package), pages stay free of external scripts, mistakes in
//! `cms:` are reported, and files in the YAML style the CMS writes build
//! without warnings and render as expected.

mod common;

use std::path::Path;
use std::process::Command;

use alianse::build::BuildOptions;
use common::cms::{config_json, sveltia_tools};
use common::{Site, visible_text};
use serde_json::Value;
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
            "Publikācijas · Publications",
            "Pasākumi · Events",
        ]
    );
    // One file per publication under data/publications/, its name the id.
    let publications = collection(&config, "publications");
    assert_eq!(publications["folder"], "content/data/publications");
    assert_eq!(publications["extension"], "yaml");
    assert_eq!(publications["slug"]["pattern"][0], "^[a-z0-9_][a-z0-9_-]*$");
    assert_eq!(field(&publications["fields"], "type")["required"], true);
    assert_eq!(field(&publications["fields"], "file")["widget"], "file");
    assert_eq!(field(&publications["fields"], "areas")["widget"], "select");
    let data = collection(&config, "data");
    assert!(
        data["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"] == "content/data/publications/_types.yaml")
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
    // Bounds come from the schema the build checks against, not a copy.
    let (_, members_schema) = alianse::schema::schemas()
        .into_iter()
        .find(|(n, _)| *n == "members.schema.json")
        .unwrap();
    let members_schema: Value = serde_json::from_str(&members_schema).unwrap();
    let joined = &members_schema["$defs"]["Member"]["properties"]["joined"];
    assert!(joined["maximum"].is_number(), "{joined}");
    assert_eq!(
        field(member, "joined")["min"].as_f64(),
        joined["minimum"].as_f64()
    );
    assert_eq!(
        field(member, "joined")["max"].as_f64(),
        joined["maximum"].as_f64()
    );
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
    for file in ["sitemap.xml", "atom.xml", "en/atom.xml"] {
        if site.exists(file) {
            assert!(!site.page(file).contains("admin"), "{file} mentions admin/");
        }
    }
    if site.exists("search-index.json") {
        let index = site.search_index("search-index.json");
        assert!(!index.contains("admin"), "the search index mentions admin/");
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

/// Self-hosted fonts get `@font-face` rules on the admin page; a missing
/// font file is an error naming the npm package to copy it from.
#[test]
fn self_hosted_fonts_are_declared_and_checked() {
    let site = Site::fixture("cms");
    site.edit(
        "content/site.yaml",
        "  branch: publish\n",
        "  branch: publish\n  fonts: /admin/fonts/\n",
    );
    site.write(
        "content/static/admin/fonts/material-symbols-outlined.woff2",
        "font",
    );
    let result = site.build();
    let problem = result
        .diagnostics
        .iter()
        .find(|d| d.message.starts_with("cms.fonts"))
        .unwrap();
    assert_eq!(
        problem.message,
        "cms.fonts: `/admin/fonts/source-sans-3.woff2` is not a file under content/static/"
    );
    assert_eq!(problem.line, Some(18));
    assert!(
        problem
            .help
            .as_deref()
            .unwrap()
            .contains("@fontsource-variable/source-sans-3/")
    );
    site.write("content/static/admin/fonts/source-sans-3.woff2", "font");
    site.build_ok();
    let admin = site.page("admin/index.html");
    assert!(admin.contains("@font-face {font-family: 'Material Symbols Outlined'; font-weight: 100 700; font-display: block; src: url(../admin/fonts/material-symbols-outlined.woff2) format('woff2');}"), "{admin}");
    assert!(
        admin.contains("url(../admin/fonts/source-sans-3.woff2)"),
        "{admin}"
    );
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
        "cms.script: `/admin/sveltia-cms.js` is not a file under content/static/"
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
