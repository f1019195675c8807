//! Untrusted content: the raw HTML policy, script URLs in every disguise,
//! paths that would leave output/, and byte-identical builds.

mod site_fixture;

use std::path::Path;

use alianse::content::markdown::{MarkdownSettings, render};
use alianse::html::RawHtml;
use alianse::html::apply_raw_html_policy;
use alianse::paths::{is_reserved_name, is_safe_relative};
use alianse::site::normalise_alias;
use alianse::url::is_dangerous_url;
use site_fixture::{alianse, build, site, snapshot, write};

#[path = "../fuzz/targets.rs"]
mod targets;

fn html(markdown: &str, mode: RawHtml) -> String {
    let settings = MarkdownSettings {
        raw_html: mode,
        ..MarkdownSettings::default()
    };
    let r = render(markdown, &settings);
    apply_raw_html_policy(&r.html, mode, r.had_raw_html)
}

/// Script links in the disguises editors (or attackers) might use.
const SCRIPT_LINKS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](<\tjavascript:alert(1)>)",
    "[x](java&#x09;script:alert(1))",
    "[x](java&#10;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#x3A;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#0000106;avascript:alert(1))",
    "[x](\\javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x]\n\n[x]: <JavaScript:alert(1)> \"t\"",
    "![x](javascript:alert(1))",
    "[![img](/logo.svg)](javascript:alert(1))",
    "# Title {onclick=alert(1)}",
    "## T {#id .c onmouseover=\"alert(1)\"}",
];

#[test]
fn script_links_are_neutralised_unless_raw_html_is_allowed() {
    for link in SCRIPT_LINKS {
        for mode in [RawHtml::Escape, RawHtml::Sanitize] {
            let out = html(link, mode);
            targets::assert_no_script(&out);
        }
    }
    // `allow` trusts the editor: the link stays as written.
    assert!(
        html("[x](javascript:alert(1))", RawHtml::Allow).contains("href=\"javascript:alert(1)\"")
    );
    assert!(html("# T {onclick=alert(1)}", RawHtml::Allow).contains("onclick"));
}

#[test]
fn neutralised_links_keep_their_text_and_are_reported() {
    let settings = MarkdownSettings {
        raw_html: RawHtml::Escape,
        ..MarkdownSettings::default()
    };
    let r = render("Text\n\nSee [the thing](javascript:alert(1)).\n", &settings);
    // Written as its text alone: no link that goes nowhere.
    assert!(r.html.contains("See the thing."), "{}", r.html);
    assert!(!r.html.contains("<a"), "{}", r.html);
    assert_eq!(
        r.unsafe_urls,
        vec![(3, 5, "javascript:alert(1)".to_string())]
    );
    // Ordinary links are not touched.
    for ok in [
        "https://example.org/javascript:x",
        "/data/",
        "datasets.md",
        "mailto:a@example.org",
        "javascript",
    ] {
        assert!(!is_dangerous_url(ok), "{ok}");
    }
}

#[test]
fn raw_html_follows_the_policy() {
    let raw = "<p class=\"note\" onclick=\"steal()\">Sveiki <b>visi</b></p>\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">\n\n<a href=\"javascript:alert(1)\">a</a> <a href=\"data:text/html,x\">d</a> <iframe src=\"https://evil.example\"></iframe>\n\n<details><summary>Vairāk</summary>Teksts</details>\n";
    // escape: every tag shows as text.
    let escaped = html(raw, RawHtml::Escape);
    assert!(
        escaped.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{escaped}"
    );
    assert!(escaped.contains("&lt;b&gt;visi&lt;/b&gt;"));
    assert!(!escaped.contains("<b>"));
    targets::assert_no_script(&escaped);
    // sanitize: safe markup stays, scripts, handlers, frames and script URLs go.
    let clean = html(raw, RawHtml::Sanitize);
    assert!(
        clean.contains("<p class=\"note\">Sveiki <b>visi</b></p>"),
        "{clean}"
    );
    assert!(clean.contains("<details><summary>Vairāk</summary>Teksts</details>"));
    assert!(clean.contains("<img src=\"x.png\" alt=\"x\">"));
    for gone in [
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "data:",
        "<iframe",
    ] {
        assert!(!clean.contains(gone), "{gone} in {clean}");
    }
    targets::assert_no_script(&clean);
    // allow: as written.
    let allowed = html(raw, RawHtml::Allow);
    assert!(allowed.contains("<script>alert(1)</script>"));
    assert!(allowed.contains("onclick=\"steal()\""));
}

/// The same through a whole build, in each mode, with the warning shown.
#[test]
fn builds_apply_the_policy_from_site_yaml() {
    let page = "---\ntitle: Drošība\n---\n## Virsraksts\n\n<b>treknraksts</b> <script>alert(1)</script>\n\n[klikšķis](javascript:alert(1))\n";
    for (setting, must, must_not) in [
        (
            "escape",
            &["&lt;b&gt;treknraksts&lt;/b&gt;", "<p>klikšķis</p>"][..],
            &["<script>alert", "javascript:", "href=\"#\""][..],
        ),
        (
            "sanitize",
            &["<b>treknraksts</b>", "<p>klikšķis</p>"][..],
            &["<script>alert", "javascript:", "href=\"#\""][..],
        ),
        (
            "allow",
            &[
                "<b>treknraksts</b> <script>alert(1)</script>",
                "href=\"javascript:alert(1)\"",
            ][..],
            &[][..],
        ),
    ] {
        let dir = site();
        let root = dir.path();
        let yaml = format!(
            "{}markdown: {{raw_html: {setting}}}\n",
            site_fixture::SITE_YAML
        );
        write(root, "content/site.yaml", yaml.as_bytes());
        write(root, "content/drosiba.md", page.as_bytes());
        let run = build(root);
        assert_eq!(run.code, 0, "{setting}: {}", run.stderr);
        let out = std::fs::read_to_string(root.join("output/drosiba/index.html")).unwrap();
        for m in must {
            assert!(out.contains(m), "{setting}: `{m}` missing in\n{out}");
        }
        for m in must_not {
            assert!(!out.contains(m), "{setting}: `{m}` present in\n{out}");
        }
        if setting == "allow" {
            assert!(!run.stderr.contains("made harmless"));
        } else {
            assert!(
                run.stderr.contains("warning: content/drosiba.md:8:1: link to `javascript:alert(1)` could run a script and was made harmless"),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("help: link to a web address"));
        }
    }
}

#[test]
fn output_paths_cannot_escape() {
    for bad in [
        "",
        "..",
        "../x",
        "a/../../x",
        "/etc/passwd",
        "a\\..\\b",
        "a\\b",
        "a/\0/b",
        "C:/Windows/x",
        "c:x",
        "CON",
        "con/index.html",
        "a/nul.txt",
        "a/Aux.html",
        "lpt1/x",
        "COM9",
        "a/prn",
        "a./b",
        "a /b",
        "a//b",
        "./a",
        "a/\u{7}/b",
    ] {
        assert!(!is_safe_relative(bad), "{bad:?} accepted");
    }
    for good in [
        "index.html",
        "en/about/index.html",
        "console/index.html",
        "com10/a.css",
        "nulle/x",
        "a.b/c",
    ] {
        assert!(is_safe_relative(good), "{good:?} refused");
    }
    assert!(is_reserved_name("Con.txt") && is_reserved_name("LPT9") && !is_reserved_name("lpt0"));
    for bad in [
        "/../x/",
        "..",
        "/a/../b/",
        "/a\\b/",
        "/c:/x/",
        "/a\0b/",
        "/nul/",
        "/a/com1.html",
        "/a%2e%2e/",
        "/a?b",
        "/a#b",
        "/x\n/",
    ] {
        assert_eq!(normalise_alias(bad), None, "{bad:?}");
    }
    assert_eq!(
        normalise_alias("vecais/cels").as_deref(),
        Some("/vecais/cels/")
    );
}

#[test]
fn ids_and_slugs_that_would_escape_are_errors() {
    for (file, text, message) in [
        (
            "content/data/members.yaml",
            "- id: ../../x\n  name: X\n  kind: other\n",
            "error: content/data/members.yaml:1:7: member id `../../x` is not a slug",
        ),
        (
            "content/data/areas.yaml",
            "- id: lidzdaliba\n  name: L\n- id: izglitiba\n  name: I\n- id: /etc\n  name: E\n",
            "error: content/data/areas.yaml:5:7: area id `/etc` is not a slug",
        ),
        (
            "content/jaunumi/a.md",
            "---\ntitle: A\nslug: \"..\"\n---\n",
            "error: content/jaunumi/a.md:3:7: slug `..` is not a single URL segment",
        ),
        (
            "content/jaunumi/a.md",
            "---\ntitle: A\nslug: 'a\\b'\n---\n",
            "error: content/jaunumi/a.md:3:7: slug `a\\b` is not a single URL segment",
        ),
        (
            "content/jaunumi/a.md",
            "---\ntitle: A\naliases: [/x/../../../tmp/]\n---\n",
            "error: content/jaunumi/a.md:3: alias `/x/../../../tmp/` is not a safe site path",
        ),
    ] {
        let dir = site();
        write(dir.path(), file, text.as_bytes());
        let run = build(dir.path());
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(message), "{message}\n{}", run.stderr);
        // One error for one mistake: a refused slug's URL is not reported again.
        assert!(
            !run.stderr.contains("cannot be written as a file"),
            "{}",
            run.stderr
        );
        assert!(!dir.path().join("output").exists());
        assert!(
            !dir.path()
                .parent()
                .unwrap()
                .join("tmp")
                .join("index.html")
                .exists()
        );
    }
}

#[test]
fn pages_whose_urls_differ_only_by_case_are_an_error() {
    let dir = site();
    // Page URLs are made lowercase, so the clash comes from a static folder
    // (aliases and static files are covered in tests/hardening.rs).
    write(
        dir.path(),
        "content/static/Par-Mums/index.html",
        b"<p>x</p>",
    );
    let run = build(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: content/static/Par-Mums/index.html: output file par-mums/index.html differs only in case from Par-Mums/index.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_writes_nothing_even_on_success() {
    let dir = site();
    let run = alianse(&["check"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.path().join("output").exists());
}

/// Copies the repository's own site (content/ and themes/) to `to`.
fn copy_bundled_site(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for top in ["content", "themes"] {
        for entry in walkdir::WalkDir::new(repo.join(top)) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(repo).unwrap();
            let dest = to.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
    }
}

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    copy_bundled_site(first.path());
    copy_bundled_site(second.path());
    let run = build(first.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A second build in another folder, a moment later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let run = build(second.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let a = snapshot(&first.path().join("output"));
    let b = snapshot(&second.path().join("output"));
    assert!(a.len() > 100, "only {} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, entry) in &a {
        assert!(b[path] == *entry, "{} differs", path.display());
    }
    // Building again in place changes nothing.
    let before = snapshot(&first.path().join("output"));
    let run = build(first.path());
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("0 written"), "{}", run.stdout);
    assert!(before == snapshot(&first.path().join("output")));
}

#[test]
fn static_files_with_unportable_names_are_errors() {
    for name in ["nul.txt", "docs/aux", "a:b.txt", "trailing."] {
        let dir = site();
        write(dir.path(), &format!("content/static/{name}"), b"x");
        let run = build(dir.path());
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "error: content/static/{name}: this file name cannot be written on every system"
            )),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("help: rename it"));
    }
}

#[test]
fn check_reports_the_same_errors_and_writes_nothing() {
    let dir = site();
    write(
        dir.path(),
        "content/jaunumi/a.md",
        b"---\ntitle: A\nsumary: x\n---\n[x](nav.md)\n",
    );
    let run = alianse(&["check"], dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: content/jaunumi/a.md:3:1: unknown key `sumary`")
    );
    assert!(run.stderr.contains("help: did you mean `summary`?"));
    assert!(!dir.path().join("output").exists());
}

#[test]
fn links_inside_the_site_are_followed() {
    let dir = site();
    let shared = dir.path().join("kopigs");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("kopa.md"), "---\ntitle: Kopā\n---\nTeksts.\n").unwrap();
    std::os::unix::fs::symlink(&shared, dir.path().join("content/kopigs")).unwrap();
    let run = build(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("output/kopigs/kopa/index.html").is_file());
}
