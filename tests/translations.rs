//! Translation status: for every page and tracked data text, whether each
//! other language is complete, missing or outdated — from git history in a
//! repository made by the test, and from `updated:` dates without git.

mod common;

use std::path::Path;
use std::process::Command;

use common::Site;

fn git(root: &Path, args: &[&str]) {
    let output = Command::new("git")
        .current_dir(root)
        .args([
            "-c",
            "user.name=Redaktore",
            "-c",
            "user.email=redaktore@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect(
            "git is needed for this test (it is installed wherever the repository is checked out)",
        );
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn commit(site: &Site, message: &str) {
    git(&site.root, &["add", "-A"]);
    git(&site.root, &["commit", "-q", "-m", message]);
}

/// The status of one item in one language from `translations --json`.
fn status_of(json: &serde_json::Value, item: &str, lang: &str) -> String {
    json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .find(|i| i["item"] == item && i["lang"] == lang)
        .unwrap_or_else(|| panic!("no {item} ({lang}) in {json}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn json(site: &Site) -> serde_json::Value {
    let run = site.run(&["translations", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

const MEMBERS: &str = "- id: ciekuri\n  name: Čiekuri\n  kind: association\n  description:\n    lv: \"Meža draugi.\"\n    en: \"Friends of the forest.\"\n";

#[test]
fn git_history_tells_an_outdated_translation() {
    let site = Site::fixture("basic");
    site.write("content/data/members.yaml", MEMBERS);
    git(&site.root, &["init", "-q"]);
    // The Latvian text first, the translation after it.
    site.remove("content/par-mums.en.md");
    commit(&site, "lv");
    let json_before = json(&site);
    assert_eq!(status_of(&json_before, "par-mums.md", "en"), "missing");
    site.write(
        "content/par-mums.en.md",
        "---\ntitle: About us\nslug: about\n---\nWe are the test alliance.\n\n## Our aims\n",
    );
    commit(&site, "en");
    let j = json(&site);
    assert_eq!(j["method"], "git");
    assert_eq!(status_of(&j, "par-mums.md", "en"), "complete");
    assert_eq!(status_of(&j, "kontakti.md", "en"), "missing");
    assert_eq!(status_of(&j, "ciekuri: description", "en"), "complete");
    // The Latvian text changes: the translation is now outdated.
    site.edit(
        "content/par-mums.md",
        "Mēs esam testa alianse.",
        "Mēs esam testa alianse kopš 2008. gada.",
    );
    site.edit(
        "content/data/members.yaml",
        "Meža draugi.",
        "Meža un purvu draugi.",
    );
    commit(&site, "lv changed");
    let j = json(&site);
    assert_eq!(status_of(&j, "par-mums.md", "en"), "outdated");
    assert_eq!(status_of(&j, "ciekuri: description", "en"), "outdated");
    assert_eq!(status_of(&j, "_index.md", "en"), "complete");
    // A change not committed yet counts as the newest.
    site.edit("content/_index.md", "Sveicināti", "Laipni lūdzam");
    assert_eq!(status_of(&json(&site), "_index.md", "en"), "outdated");
    // Translating again makes it complete.
    site.edit(
        "content/par-mums.en.md",
        "We are the test alliance.",
        "We are the test alliance since 2008.",
    );
    site.edit(
        "content/data/members.yaml",
        "Friends of the forest.",
        "Friends of forests and bogs.",
    );
    commit(&site, "en updated");
    let j = json(&site);
    assert_eq!(status_of(&j, "par-mums.md", "en"), "complete");
    assert_eq!(status_of(&j, "ciekuri: description", "en"), "complete");
}

#[test]
fn without_git_updated_dates_tell_an_outdated_translation() {
    let site = Site::fixture("basic");
    site.edit(
        "content/par-mums.md",
        "summary: Kas mēs esam.",
        "summary: Kas mēs esam.\nupdated: 2025-03-01",
    );
    site.edit(
        "content/par-mums.en.md",
        "summary: Who we are.",
        "summary: Who we are.\nupdated: 2025-01-15",
    );
    let j = json(&site);
    assert_eq!(j["method"], "updated");
    assert_eq!(status_of(&j, "par-mums.md", "en"), "outdated");
    // A source page without `updated:` is never outdated.
    assert_eq!(status_of(&j, "_index.md", "en"), "complete");
    site.edit(
        "content/par-mums.en.md",
        "updated: 2025-01-15",
        "updated: 2025-03-02",
    );
    assert_eq!(status_of(&json(&site), "par-mums.md", "en"), "complete");
}

#[test]
fn the_table_groups_by_section_with_counts() {
    let site = Site::fixture("basic");
    site.write(
        "content/data/members.yaml",
        "- id: a\n  name: A\n  kind: other\n  description: {lv: \"Teksts.\"}\n",
    );
    let run = site.run(&["translations"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    // jaunumi: _index and zina-3 are translated, zina-1, 2, 4 and 5 are not.
    assert!(
        out.contains("\npages: jaunumi/: 2 complete, 4 missing, 0 outdated\n"),
        "{out}"
    );
    assert!(
        out.contains("  missing   en  jaunumi/zina-1.md  (content/jaunumi/zina-1.md)\n"),
        "{out}"
    );
    assert!(out.contains("\nmembers: 0 complete, 1 missing, 0 outdated\n  missing   en  a: description  (content/data/members.yaml)\n"), "{out}");
    assert!(out.contains("\ntotal: "), "{out}");
    // --strict fails CI when anything is missing.
    assert_eq!(site.run(&["translations", "--strict"]).code, 1);
    // check has a line for it.
    let run = site.run(&["check"]);
    assert!(
        run.stdout.contains(
            "translations: 6 complete, 7 missing, 0 outdated (pages: /: 2 missing; pages: jaunumi/: 4 missing; members: 1 missing); `alianse translations` lists them"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn the_html_report_is_written_outside_the_published_site() {
    let site = Site::fixture("basic");
    let run = site.run(&["translations", "--html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(site.path("translation-status.html")).unwrap();
    assert!(
        html.contains("<td>kontakti.md</td><td>en</td><td class=\"missing\">missing</td>"),
        "{html}"
    );
    let run = site.run(&["translations", "--html", "output/status.html"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("would be published with the site"),
        "{}",
        run.stderr
    );
    let run = site.run(&["translations", "--html", "content/static/status.html"]);
    assert_eq!(run.code, 1);
}
