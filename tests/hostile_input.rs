//! Input built to break the output or the terminal, end to end through the
//! binary: a `base_url` with markup, control characters and bidi controls in
//! content, data and settings, and templates that recurse or grow without
//! end. Every refused build must exit 1 (2 for a wrong flag) with the file
//! and line, leave output/ byte-identical and touch nothing beside the site.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{Site, snapshot};

/// The fixture site, built once, with a "victim" folder beside it that no
/// build may touch.
struct Target {
    site: Site,
    victim: PathBuf,
    output_before: BTreeMap<String, Vec<u8>>,
    victim_before: BTreeMap<String, Vec<u8>>,
}

impl Target {
    fn new() -> Target {
        let site = Site::fixture("basic");
        site.build_ok();
        let victim = site.root.parent().unwrap().join("victim");
        std::fs::create_dir_all(victim.join("docs")).unwrap();
        std::fs::write(victim.join("docs/index.html"), "<p>not yours</p>").unwrap();
        let output_before = site.snapshot();
        let victim_before = snapshot(&victim);
        assert!(output_before.contains_key("index.html"));
        Target {
            site,
            victim,
            output_before,
            victim_before,
        }
    }

    /// Runs `alianse ARGS`: it must fail with `code`, print every `expect`,
    /// never print a raw control or bidi character, and change no file.
    fn refused(&self, args: &[&str], code: i32, expect: &[&str]) -> String {
        let run = self.site.run(args);
        assert_eq!(run.code, code, "{}", run.stderr);
        for e in expect {
            assert!(run.stderr.contains(e), "no {e:?} in:\n{}", run.stderr);
        }
        assert!(run.stderr.contains("help:"), "{}", run.stderr);
        assert_no_raw_controls(&run.stderr);
        assert!(
            self.site.snapshot() == self.output_before,
            "output/ changed after a refused build:\n{}",
            run.stderr
        );
        assert!(snapshot(&self.victim) == self.victim_before);
        run.stderr
    }
}

fn assert_no_raw_controls(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "raw {bad:?} in the messages:\n{text}");
}

#[test]
fn a_base_url_that_is_not_a_plain_web_address_is_an_error_at_its_line() {
    let t = Target::new();
    let yaml = std::fs::read_to_string(t.site.path("content/site.yaml")).unwrap();
    for (url, why) in [
        (
            r#"'https://example.org/"><img src=x onerror=alert(1)>'"#,
            "contains `\"`",
        ),
        ("\"https://example.org/a'b/\"", "contains `'`"),
        ("https://example.org/a<b/", "contains `<`"),
        ("'https://example.org/a b/'", "contains `\\u{20}`"),
        ("https://example.org/a\\\\b/", "contains `\\`"),
        ("\"https://example.org/\\u202e/\"", "contains `\\u{202e}`"),
        ("javascript:alert(1)//", "is not an absolute http(s) URL"),
        ("https://user:pw@example.org/", "user name or password"),
        ("https://example.org/?a=1", "`?query` or `#fragment`"),
        ("'https:///x'", "has no host name"),
    ] {
        t.site.write(
            "content/site.yaml",
            yaml.replace(
                "base_url: https://example.org/",
                &format!("base_url: {url}"),
            ),
        );
        t.refused(&["build"], 1, &["content/site.yaml:3:", why]);
    }
    t.site.write("content/site.yaml", &yaml);
    // The flag: a usage error naming the flag, before anything is read.
    for url in [
        "https://example.org/\"><script>alert(1)</script>",
        "https://example.org/\u{1b}[2J",
        "example.org",
    ] {
        let stderr = t.refused(&["build", "--base-url", url], 2, &["--base-url `"]);
        assert!(!stderr.contains("site.yaml"), "{stderr}");
    }
}

#[test]
fn the_base_url_is_escaped_wherever_it_is_written() {
    // `&` is allowed in an address and must still be written as `&amp;`
    // inside attributes: 404 pages, canonical and og links, feeds with
    // full content, the sitemap and alias redirects.
    let site = Site::fixture("basic");
    site.edit(
        "content/site.yaml",
        "base_url: https://example.org/",
        "base_url: https://example.org/a&b/",
    );
    site.edit("content/site.yaml", "content: summary", "content: full");
    site.edit(
        "content/jaunumi/zina-1.md",
        "Ziņas 1 teksts.",
        "Ziņas 1 teksts par [mums](../par-mums.md).",
    );
    site.build_ok();
    let mut html_files = 0;
    for (path, bytes) in site.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".html") {
            html_files += 1;
            assert!(!text.contains("a&b/"), "unescaped base URL in {path}");
        }
    }
    assert!(html_files > 10);
    assert!(site.page("404.html").contains("href=\"/a&amp;b/"));
    assert!(
        site.page("par-mums/index.html")
            .contains("<link rel=\"canonical\" href=\"https://example.org/a&amp;b/par-mums/\">")
    );
    let feed = site.page("atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("atom.xml is well-formed");
    let content = doc
        .descendants()
        .filter(|n| n.has_tag_name("content"))
        .filter_map(|n| n.text())
        .find(|t| t.contains("mums"))
        .unwrap();
    // The entry's HTML, once read out of the XML, is itself escaped.
    assert!(
        content.contains("href=\"https://example.org/a&amp;b/par-mums/\""),
        "{content}"
    );
    let sitemap = site.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed");
    assert!(
        doc.descendants()
            .filter(|n| n.has_tag_name("loc"))
            .all(|n| n.text().unwrap().starts_with("https://example.org/a&b/"))
    );
}

#[test]
fn control_characters_in_content_are_errors_at_their_line() {
    let t = Target::new();
    let page = std::fs::read_to_string(t.site.path("content/par-mums.md")).unwrap();
    let site_yaml = std::fs::read_to_string(t.site.path("content/site.yaml")).unwrap();
    let areas = std::fs::read_to_string(t.site.path("content/data/areas.yaml")).unwrap();
    let restore = |t: &Target| {
        t.site.write("content/par-mums.md", &page);
        t.site.write("content/site.yaml", &site_yaml);
        t.site.write("content/data/areas.yaml", &areas);
    };
    type Case<'a> = (&'a str, String, &'a [&'a str]);
    let cases: Vec<Case> = vec![
        // A raw escape sequence in the body: shown escaped, never raw.
        (
            "content/par-mums.md",
            page.replace("Dibināta 2005. gadā.", "Dibināta \u{1b}[31m2005. gadā."),
            &[
                "content/par-mums.md:19:10",
                "U+001B (escape)",
                "Dibināta \\u{1b}[31m2005",
            ],
        ),
        // NUL and DEL in a title, written raw.
        (
            "content/par-mums.md",
            page.replace("title: Par mums", "title: Par\u{0} mums"),
            &["content/par-mums.md:2:", "U+0000 (NUL)"],
        ),
        (
            "content/par-mums.md",
            page.replace("summary: Kas mēs esam.", "summary: Kas\u{7f} mēs esam."),
            &["content/par-mums.md:3:", "U+007F (delete)"],
        ),
        // A C1 control: a Windows-1252 quote read as Latin-1.
        (
            "content/par-mums.md",
            page.replace("Mēs esam testa", "Mēs esam \u{92}testa"),
            &["content/par-mums.md:6:10", "U+0092", "Windows-1252"],
        ),
        // Written as a YAML escape in front matter.
        (
            "content/par-mums.md",
            page.replace("title: Par mums", "title: \"Par \\e[2J mums\""),
            &[
                "content/par-mums.md:2:",
                "U+001B (escape)",
                "(written as an escape)",
            ],
        ),
        // In site.yaml and in a data file.
        (
            "content/site.yaml",
            site_yaml.replace("\"Testa vietnes apraksts\"", "\"Testa \\x07vietnes\""),
            &["content/site.yaml:2:", "U+0007 (bell)"],
        ),
        (
            "content/data/areas.yaml",
            areas.replace("Līdzdalība lēmumos.", "Līdzdalība\u{8} lēmumos."),
            &["content/data/areas.yaml:3:", "U+0008 (backspace)"],
        ),
    ];
    for (file, text, expect) in cases {
        t.site.write(file, text);
        t.refused(&["build"], 1, expect);
        t.refused(&["check"], 1, expect);
        restore(&t);
    }
}

#[test]
fn bidi_controls_and_escapes_in_messages_are_shown_escaped() {
    let t = Target::new();
    // An unknown key whose name reorders the line on screen.
    t.site.edit(
        "content/par-mums.md",
        "summary: Kas mēs esam.",
        "summary: Kas mēs esam.\nti\u{202e}tle\u{1b}]0;x: y",
    );
    let stderr = t.refused(&["build"], 1, &["content/par-mums.md:4", "\\u{202e}"]);
    assert!(stderr.contains("\\u{1b}"), "{stderr}");
}

#[test]
fn tabs_and_windows_line_ends_are_text_and_feeds_stay_well_formed() {
    let site = Site::fixture("basic");
    let page = "---\r\ntitle: \"Ar\\ttabu\"\r\ndate: 2024-02-01\r\nsummary: Kopsavilkums.\r\n---\r\nTeksts\tar tabu.\r\nOtra rinda.\r\n";
    site.write("content/jaunumi/tabi.md", page);
    site.build_ok();
    assert!(
        site.page("jaunumi/tabi/index.html")
            .contains("Teksts\tar tabu.")
    );
    for feed in ["atom.xml", "en/atom.xml"] {
        let text = site.page(feed);
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
    }
}

/// A template override for the site, and a page that uses it.
fn with_template(t: &Target, name: &str, text: &str) {
    t.site.write(&format!("templates/{name}"), text);
    t.site.edit(
        "content/kontakti.md",
        "---\n",
        &format!("---\ntemplate: {name}\n"),
    );
}

fn reset_templates(t: &Target) {
    let _ = std::fs::remove_dir_all(t.site.path("templates"));
    let original = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/basic/content/kontakti.md"),
    )
    .unwrap();
    t.site.write("content/kontakti.md", original);
}

#[test]
fn templates_that_recurse_or_grow_without_end_fail_fast_at_their_line() {
    let t = Target::new();
    let big = format!(
        "{{% extends \"base.html\" %}}{{% block content %}}\n{{% for i in range(end=100000) %}}<p>{}</p>{{% endfor %}}{{% endblock %}}",
        "x".repeat(1000)
    );
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "self.html",
            "{% extends \"base.html\" %}{% block content %}\n<p>x</p>\n{% include \"self.html\" %}{% endblock %}",
            &["templates/self.html:3:1", "include each other in a circle"],
        ),
        (
            "a.html",
            "{% extends \"a.html\" %}\n",
            &["templates/a.html:1:1", "extend each other in a circle"],
        ),
        (
            "calls.html",
            "{% extends \"base.html\" %}\n{% component ping(n=0) %}<i>{{ <pong n={n} /> }}</i>{% endcomponent ping %}\n{% component pong(n=0) %}\n<b>{{ <ping n={n} /> }}</b>\n{% endcomponent pong %}\n{% block content %}{{ <ping /> }}{% endblock %}",
            &[
                "templates/calls.html:4:7",
                "components call each other without end: ping → pong → ping",
                "while rendering content/kontakti.md",
            ],
        ),
        (
            "double.html",
            "{% extends \"base.html\" %}{% block content %}\n{% set_global s = \"abcdefgh\" %}\n{% for i in range(end=40) %}\n{% set_global s = s ~ s %}{% endfor %}{{ s }}{% endblock %}",
            &["templates/double.html:4:1", "doubles on every pass"],
        ),
        (
            "loop.html",
            &big,
            &[
                "templates/loop.html:",
                "larger than 64 MiB",
                "while rendering content/kontakti.md",
            ],
        ),
        (
            "nested.html",
            "{% extends \"base.html\" %}{% block content %}\n{% for i in range(end=100000) %}\n{% for j in range(end=100000) %}{% endfor %}{% endfor %}{% endblock %}",
            &["templates/nested.html:3:", "more than 1000000 times"],
        ),
    ];
    for (name, text, expect) in cases {
        with_template(&t, name, text);
        let started = Instant::now();
        t.refused(&["build"], 1, expect);
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{name} took {:?}",
            started.elapsed()
        );
        reset_templates(&t);
    }
}
