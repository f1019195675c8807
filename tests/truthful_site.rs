//! The site tells the truth (issue 12 items 11–14): declared headline
//! figures, sample data labelled wherever it shows, the "ready to publish"
//! check, and `alianse new` output that works as printed.

mod common;

use std::path::Path;

use common::{Site, main_of, run_binary, visible_text};

/// A copy of the repository's bundled site in a temporary folder.
fn bundled() -> Site {
    let site = Site::empty();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for (rel, bytes) in common::snapshot(&content) {
        site.write(&format!("content/{rel}"), bytes);
    }
    site
}

// ------------------------------------------------------------ 12.11 facts

#[test]
fn the_bundled_home_shows_the_real_figures_first() {
    let site = bundled();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout
            .lines()
            .chain(run.stderr.lines())
            .any(|l| l.starts_with("warning")),
        "the bundled site builds with no warning:\n{}{}",
        run.stdout,
        run.stderr
    );
    let lv = visible_text(main_of(&site.page("index.html")));
    let en = visible_text(main_of(&site.page("en/index.html")));
    for (text, figures) in [
        (
            &lv,
            [
                "127 biedru organizācijas",
                "ap. 70 000",
                "27 500 cilvēku ārvalstīs",
            ],
        ),
        (
            &en,
            [
                "127 member organisations",
                "about 70,000",
                "27,500 people abroad",
            ],
        ),
    ] {
        for figure in figures {
            assert!(text.contains(figure), "{figure:?} not in {text}");
        }
    }
    // Declared first, and the counted (sample) member list does not contradict it.
    assert!(
        lv.find("127").unwrap() < lv.find("darbības jomas").unwrap(),
        "{lv}"
    );
    assert!(!lv.contains("24 biedru organizācijas"), "{lv}");
}

#[test]
fn declared_figures_are_checked_with_their_line() {
    let site = Site::fixture("data");
    site.write(
        "content/data/facts.yaml",
        "- id: members\n  value: 12\n  label: biedri\n- id: members\n  value: .inf\n  label: x\n- id: people\n  value: 1e20\n  label: x\n  source: {name: x, url: javascript:alert(1)}\n  sorce: y\n",
    );
    let result = site.build();
    assert!(!result.ok());
    let all: Vec<String> = result.diagnostics.errors().map(|d| d.to_string()).collect();
    let f = "content/data/facts.yaml";
    for want in [
        format!("error: {f}:5:10: `value`: inf is not a number"),
        format!("error: {f}:8:10: `value`: 100000000000000000000 is out of range"),
        format!("error: {f}:11:3: unknown key `sorce`"),
    ] {
        assert!(all.iter().any(|d| d.starts_with(&want)), "{want}\n{all:#?}");
    }
    // Once the shape is right, the semantic checks run.
    site.write(
        "content/data/facts.yaml",
        "- id: members\n  value: 12\n  label: biedri\n- id: members\n  value: 3\n  label: x\n  source: {name: x, url: 'javascript:alert(1)'}\n",
    );
    let result = site.build();
    let all: Vec<String> = result.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(
        all.iter().any(|d| d.starts_with(&format!(
            "error: {f}:4:7: duplicate figure id `members` (first used on line 1)"
        ))),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|d| d.starts_with(&format!(
            "error: {f}:7:26: source url `javascript:alert(1)` is not a web address"
        ))),
        "{all:#?}"
    );
}

#[test]
fn the_facts_schema_is_written_and_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for (name, text) in alianse::schema::schemas() {
        let on_disk = std::fs::read_to_string(committed.join(name))
            .unwrap_or_else(|e| panic!("schemas/{name}: {e}; run `alianse schema`"));
        assert_eq!(
            on_disk, text,
            "schemas/{name} is stale: run `alianse schema`"
        );
    }
    let facts = alianse::schema::schemas()
        .into_iter()
        .find(|(n, _)| *n == "facts.schema.json")
        .expect("a schema for facts.yaml")
        .1;
    let json: serde_json::Value = serde_json::from_str(&facts).unwrap();
    let fact = &json["$defs"]["Fact"];
    assert_eq!(fact["additionalProperties"], serde_json::json!(false));
    assert_eq!(
        fact["required"],
        serde_json::json!(["id", "value", "label"])
    );
}

// ----------------------------------------------------- 12.12 sample labels

#[test]
fn sample_data_is_labelled_wherever_it_shows() {
    let site = bundled();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notice = "Šajā sarakstā ir parauga dati, nevis īsts biedru saraksts.";
    let directory = visible_text(main_of(&site.page("biedri/index.html")));
    assert!(directory.contains(notice), "{directory}");
    let area = visible_text(main_of(&site.page("darbibas-jomas/lidzdaliba/index.html")));
    assert!(area.contains(notice), "{area}");
    let en_directory = visible_text(main_of(&site.page("en/members/index.html")));
    assert!(
        en_directory.contains("This list contains sample data, not the real member register."),
        "{en_directory}"
    );
    let home = visible_text(main_of(&site.page("index.html")));
    assert!(
        home.contains("biedri · parauga dati"),
        "area counts on the home: {home}"
    );

    // The trend chart marks sample years with a visible * and a legend, and
    // says so in its description; the table marks them too.
    let reports = site.page("zinojumi/index.html");
    let desc = reports
        .split("<desc id=\"chart-trend-desc\">")
        .nth(1)
        .and_then(|r| r.split("</desc>").next())
        .expect("the trend chart has a description");
    assert!(desc.contains("2009: 2,7"), "{desc}");
    assert!(desc.contains("2023 (parauga dati): 2,6"), "{desc}");
    assert!(
        reports.contains(">2023*</text>"),
        "the year label is marked"
    );
    assert!(
        reports.contains(">* parauga dati</text>"),
        "the chart has a legend"
    );
    assert!(
        !reports.contains(">2009*</text>"),
        "real years are not marked"
    );
}

#[test]
fn real_reports_never_link_a_placeholder_source() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/data/reports");
    for entry in std::fs::read_dir(content).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("\nsample: false") {
            assert!(!text.contains("example.org"), "{}", path.display());
        }
    }
    let site = bundled();
    site.run(&["build"]);
    let page = site.page("zinojumi/2009/index.html");
    assert!(visible_text(&page).contains("Avots: USAID NGO Sustainability Index"));
    assert!(!page.contains("example.org/csosi"));
}

// --------------------------------------------------- 12.13 check --publish

#[test]
fn check_publish_lists_everything_not_ready() {
    let site = Site::fixture("basic");
    site.write(
        "content/vecs.md",
        "---\ntitle: Veca lapa\n---\nNeviens uz mani nesaista.\n",
    );
    site.write(
        "content/arhivs/_index.md",
        "---\ntitle: Arhīvs\n---\nTukšs.\n",
    );
    site.write("content/static/bildes/liela.jpg", vec![0u8; 1_300_000]);
    site.write(
        "content/data/facts.yaml",
        "- id: members\n  value: 3\n  label: biedri\n  source: {name: X, url: https://example.com/x}\n",
    );
    site.write(
        "content/data/members.yaml",
        "- id: paraugs\n  name: Paraugs\n  kind: association\n  sample: true\n",
    );
    let run = site.run(&["check", "--publish"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "error: content/site.yaml:3: base_url `https://example.org/` is a placeholder\n  3 | base_url: https://example.org/\n  help: write the address the site will be published at, starting with https://",
        "error: content/melnraksts.md: this page is a draft\n  help: finish it and remove `draft: true`, or delete the file",
        "error: content/static/bildes/liela.jpg: image of 1.2 MiB, more than the 1 MiB a page should load",
        "error: content/arhivs/_index.md: this section lists no pages\n  help: add pages to its folder, or remove the section",
        "error: content/vecs.md: no page, menu or list links to /vecs/\n  help: link to it from a page or the menu in site.yaml, or remove it",
        "error: content/data/facts.yaml:4:26: source url `https://example.com/x` is a placeholder\n  help: give the address of the published source, or leave `url` out",
        "error: content/data/members.yaml:1: 1 of 1 members are sample data (`sample: true`), the first `paraugs`",
    ] {
        assert!(run.stderr.contains(want), "{want}\n---\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("things are not ready to publish"),
        "{}",
        run.stderr
    );
    // The build says it in one line that is not a warning, and builds.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let line = build
        .stdout
        .lines()
        .find(|l| l.starts_with("not ready to publish: "))
        .unwrap_or_else(|| panic!("{}", build.stdout));
    assert_eq!(
        line,
        "not ready to publish: placeholder base_url, placeholder links, sample data, large images, empty sections, orphan pages (2) (details: `alianse check --publish`)"
    );
    assert!(
        !build.stderr.lines().any(|l| l.starts_with("warning")),
        "{}",
        build.stderr
    );
}

#[test]
fn a_ready_site_passes_check_publish() {
    let site = Site::fixture("basic");
    site.remove("content/melnraksts.md");
    site.edit(
        "content/site.yaml",
        "https://example.org/",
        "https://alianse.test/",
    );
    let run = site.run(&["check", "--publish"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("ready to publish"), "{}", run.stdout);
    let build = site.run(&["build"]);
    assert!(!build.stdout.contains("not ready"), "{}", build.stdout);
}

// ------------------------------------------------------------ 12.14 new

#[test]
fn new_prints_a_next_step_that_works_with_spaces_and_has_news() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_binary(dir.path(), &["new", "Mana vietne"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .trim_end()
            .ends_with("build it with: alianse build --root 'Mana vietne'"),
        "{}",
        run.stdout
    );
    // The printed step, run by a shell, builds the new site.
    let command = run
        .stdout
        .trim_end()
        .rsplit_once("build it with: alianse ")
        .unwrap()
        .1;
    let binary = env!("CARGO_BIN_EXE_alianse");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{binary}' {command}"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = dir.path().join("Mana vietne/output");
    let feed = std::fs::read_to_string(root.join("atom.xml")).expect("a news feed");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(entries, 1, "the feed has the dated news item");
    let home = std::fs::read_to_string(root.join("index.html")).unwrap();
    assert!(home.contains("atom.xml"), "the home links the feed");
}
