//! End-to-end tests of the core build (issue 2): pages, URLs, table of
//! contents, resolved links, drafts, static files, the output folder's
//! safety rules, the commands, and the messages of bad inputs.

mod common;

use std::path::Path;

use alianse::error::{Diagnostic, Severity};
use common::{Site, attrs, link_to, main_of, run_binary, snapshot, tree, visible_text};

// ---------------------------------------------------------------- pages

#[test]
fn pages_show_their_text_at_their_urls() {
    let site = Site::fixture("basic");
    site.build_ok();
    let about = visible_text(&site.page("par-mums/index.html"));
    assert!(about.contains("Par mums"), "{about}");
    assert!(about.contains("Mēs esam testa alianse."));
    assert!(about.contains("Dibināta 2005. gadā."));
    // The English translation sets `slug: about`.
    let en = visible_text(&site.page("en/about/index.html"));
    assert!(en.contains("We are the test alliance."), "{en}");
    assert!(!site.exists("en/par-mums/index.html"));
    // A translated section with a slug, and its page.
    assert!(visible_text(&site.page("en/news/index.html")).contains("News about our work."));
    assert!(
        visible_text(&site.page("en/news/zina-3/index.html"))
            .contains("The text of news item three.")
    );
    // A page that exists in Latvian only has no English copy.
    assert!(site.exists("kontakti/index.html"));
    assert!(!site.exists("en/kontakti/index.html"));
    let html = site.page("par-mums/index.html");
    assert!(html.contains("<html lang=\"lv\">"));
    assert!(
        site.page("en/about/index.html")
            .contains("<html lang=\"en\">")
    );
    assert!(html.contains("<title>Par mums – Testa alianse</title>"));
}

#[test]
fn headings_get_ids_without_diacritics_and_a_table_of_contents() {
    let site = Site::fixture("basic");
    site.build_ok();
    let html = site.page("par-mums/index.html");
    assert!(
        html.contains(r#"<h2 id="musu-merki">Mūsu mērķi</h2>"#),
        "{html}"
    );
    assert!(html.contains(r#"<h3 id="ilgtspeja-un-lidzdaliba">Ilgtspēja un līdzdalība</h3>"#));
    assert!(html.contains(r#"<h2 id="vesture">Vēsture</h2>"#));
    let start = html
        .find("<nav class=\"toc\"")
        .expect("a table of contents");
    let toc = &html[start..start + html[start..].find("</nav>").unwrap()];
    assert_eq!(
        attrs(toc, "href"),
        ["#musu-merki", "#ilgtspeja-un-lidzdaliba", "#vesture"]
    );
    // The h3 is nested under its h2.
    let nested = toc.find("<ol><li><a href=\"#ilgtspeja-un-lidzdaliba\"");
    assert!(nested.is_some(), "{toc}");
    assert!(visible_text(toc).starts_with("Saturs Mūsu mērķi Ilgtspēja un līdzdalība Vēsture"));
    // A page with no headings has no table of contents.
    assert!(!site.page("kontakti/index.html").contains("class=\"toc\""));
}

#[test]
fn links_to_source_files_become_relative_urls() {
    let site = Site::fixture("basic");
    site.build_ok();
    let about = site.page("par-mums/index.html");
    let body = main_of(&about);
    assert_eq!(link_to(body, "kontaktiem"), "../kontakti/#adrese");
    assert_eq!(link_to(body, "jaunumiem"), "../jaunumi/");
    assert_eq!(link_to(body, "angļu versiju"), "../en/about/");
    assert_eq!(link_to(body, "dokumentu"), "../docs/noteikumi.txt");
    let en = site.page("en/about/index.html");
    let body = main_of(&en);
    assert_eq!(link_to(body, "contacts"), "../../kontakti/#adrese");
    assert_eq!(link_to(body, "members"), "../members/");
    // The menu's links to source files resolve too.
    let home = site.page("index.html");
    assert_eq!(link_to(&home, "Par mums"), "par-mums/");
    assert_eq!(link_to(&home, "Jaunumi"), "jaunumi/");
    let en_home = site.page("en/index.html");
    assert_eq!(link_to(&en_home, "About"), "about/");
    assert_eq!(link_to(&en_home, "News"), "news/");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert!(!site.exists("melnraksts/index.html"));
    for file in ["sitemap.xml", "index.html"] {
        assert!(
            !site.page(file).contains("melnraksts"),
            "{file} mentions the draft"
        );
    }
    assert!(
        !site
            .search_index("search-index.json")
            .contains("melnraksts"),
        "the search index mentions the draft"
    );
    let run = site.run(&["build", "--drafts", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        visible_text(&site.page("melnraksts/index.html")).contains("Šis teksts vēl nav gatavs.")
    );
    // Building again without --drafts removes it.
    site.build_ok();
    assert!(!site.exists("melnraksts/index.html"));
}

#[test]
fn static_files_are_copied_as_they_are() {
    let site = Site::fixture("basic");
    site.build_ok();
    let source = std::fs::read(site.path("content/static/docs/noteikumi.txt")).unwrap();
    assert_eq!(
        std::fs::read(site.path("output/docs/noteikumi.txt")).unwrap(),
        source
    );
    // Theme assets are there under fingerprinted names the pages use.
    let home = site.page("index.html");
    let css = attrs(&home, "href")
        .into_iter()
        .find(|h| h.starts_with("style.") && h.ends_with(".css"))
        .expect("a stylesheet link");
    assert!(site.exists(css));
}

#[test]
fn a_second_build_is_identical_and_writes_nothing() {
    let site = Site::fixture("basic");
    let first = site.build_ok();
    assert!(first.summary.as_ref().unwrap().written.unwrap().written > 20);
    let before = site.snapshot();
    let times: Vec<_> = before
        .keys()
        .map(|f| {
            std::fs::metadata(site.path("output").join(f))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    let second = site.build_ok();
    let stats = second.summary.unwrap().written.unwrap();
    assert_eq!(stats.written, 0);
    assert_eq!(stats.removed, 0);
    assert_eq!(stats.unchanged, before.len() - 1, "all but the marker");
    assert_eq!(site.snapshot(), before);
    let after: Vec<_> = before
        .keys()
        .map(|f| {
            std::fs::metadata(site.path("output").join(f))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    assert_eq!(times, after, "unchanged files keep their modification time");
}

#[test]
fn two_fresh_builds_are_byte_identical() {
    for fixture in ["basic", "data"] {
        let a = Site::fixture(fixture);
        let b = Site::fixture(fixture);
        a.build_ok();
        b.build_ok();
        let (one, two) = (a.snapshot(), b.snapshot());
        assert!(one.len() > 30, "{fixture}");
        assert!(one == two, "{fixture}: two builds differ");
        // And a rebuild of the same folder writes nothing.
        let again = a.build_ok().summary.unwrap().written.unwrap();
        assert_eq!((again.written, again.removed), (0, 0), "{fixture}");
    }
}

#[test]
fn files_no_longer_produced_are_removed() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert!(site.exists("kontakti/index.html"));
    site.remove("content/kontakti.md");
    site.edit(
        "content/par-mums.md",
        "[kontaktiem](kontakti.md#adrese)",
        "kontaktiem",
    );
    site.edit(
        "content/par-mums.en.md",
        "[contacts](kontakti.md#adrese)",
        "contacts",
    );
    let result = site.build_ok();
    assert!(!site.exists("kontakti/index.html"));
    assert!(!site.exists("kontakti"), "the empty folder is removed too");
    assert!(result.summary.unwrap().written.unwrap().removed >= 1);
}

// ---------------------------------------------------------------- output safety

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = site.snapshot();
    let site_tree = tree(&site.root);
    site.edit("content/kontakti.md", "title: Kontakti", "title: [Kontakti");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/kontakti.md:2"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(site.snapshot(), before, "output/ changed");
    // No scratch folder is left in the site.
    assert_eq!(tree(&site.root), site_tree);
}

#[test]
fn a_folder_that_is_not_an_output_is_refused() {
    let site = Site::fixture("basic");
    site.write("notes/todo.txt", "do not delete");
    let run = site.run(&["build", "--output", "notes"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("refusing to write into notes: it is not empty and was not made by alianse"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&site.path("notes")), ["", "todo.txt"]);
    assert_eq!(
        std::fs::read_to_string(site.path("notes/todo.txt")).unwrap(),
        "do not delete"
    );
    // The content folder and the site root are refused too.
    let content_before = snapshot(&site.path("content"));
    for folder in ["content", "."] {
        let run = site.run(&["build", "--output", folder]);
        assert_eq!(run.code, 1, "--output {folder}");
        assert!(
            run.stderr
                .contains(&format!("refusing to write into {folder}")),
            "{}",
            run.stderr
        );
    }
    assert_eq!(snapshot(&site.path("content")), content_before);
    // An empty folder is fine, and then it is an output.
    std::fs::create_dir(site.path("public")).unwrap();
    let run = site.run(&["build", "--output", "public", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("public/index.html").is_file());
    let run = site.run(&["build", "--output", "public", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

// ---------------------------------------------------------------- commands

#[test]
fn build_prints_a_summary_and_quiet_silences_it() {
    let site = Site::fixture("basic");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("built: pages: 9 lv, 4 en;"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("search index"), "{}", run.stdout);
    let run = site.run(&["--quiet", "build"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
}

#[test]
fn check_validates_and_writes_nothing() {
    let site = Site::fixture("basic");
    let before = tree(&site.root);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("checked:"), "{}", run.stdout);
    assert_eq!(tree(&site.root), before, "check wrote something");
    site.edit(
        "content/kontakti.md",
        "Rakstiet mums.",
        "Skatiet [šeit](nav-tadas.md).",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/kontakti.md:4"),
        "{}",
        run.stderr
    );
    assert!(!site.path("output").exists());
}

#[test]
fn new_makes_a_site_that_builds() {
    let dir = Site::empty();
    let parent = dir.root.parent().unwrap();
    let run = run_binary(parent, &["new", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_binary(parent, &["build", "--root", "site", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(visible_text(&dir.page("index.html")).contains("Mana alianse"));
    assert!(dir.exists("en/about/index.html"));
    // `new` never writes over a site.
    let run = run_binary(parent, &["new", "site"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("already exists and is not empty"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
    assert!(!site.path("output").exists());
}

#[test]
fn a_site_without_a_content_folder_is_an_error() {
    let dir = Site::empty();
    std::fs::create_dir_all(&dir.root).unwrap();
    let run = run_binary(&dir.root, &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no content/ folder"), "{}", run.stderr);
}

// ---------------------------------------------------------------- bad inputs

/// Builds a copy of `basic` after `spoil`, expecting failure; returns the errors.
fn broken(spoil: impl FnOnce(&Site)) -> Vec<Diagnostic> {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = site.snapshot();
    spoil(&site);
    let result = site.build();
    assert!(!result.ok(), "the build should fail");
    assert_eq!(site.snapshot(), before, "a failed build changed output/");
    result.diagnostics.errors().cloned().collect()
}

/// The one error about `file`, asserting its line and message.
#[track_caller]
fn assert_error(errors: &[Diagnostic], file: &str, line: usize, message: &str) -> Diagnostic {
    let found: Vec<_> = errors
        .iter()
        .filter(|d| d.file.as_deref() == Some(Path::new(file)))
        .collect();
    assert!(
        found.len() == 1,
        "expected one error in {file}, got: {errors:#?}"
    );
    let d = found[0].clone();
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains(message),
        "message {:?} does not contain {message:?}",
        d.message
    );
    assert_eq!(d.line, Some(line), "line of {}", d.message);
    let shown = d.to_string();
    assert!(
        shown.starts_with(&format!("error: {file}:{line}")),
        "{shown}"
    );
    d
}

#[test]
fn a_broken_link_found_after_loading_quotes_its_line_from_the_file() {
    // A build frees each page's text as soon as the page is read; a message
    // from a later phase (links are resolved after loading) reads the line
    // it quotes from the file again, after a byte order mark too.
    let errors = broken(|s| {
        s.write(
            "content/bad.md",
            "\u{feff}---\ntitle: Slikts\n---\nTeksts.\n\nSkat. [citu lapu](nav-tadas.md).\n",
        )
    });
    let d = assert_error(&errors, "content/bad.md", 6, "");
    assert_eq!(
        d.source_line.as_deref(),
        Some("Skat. [citu lapu](nav-tadas.md).")
    );
}

#[test]
fn unterminated_front_matter() {
    let errors = broken(|s| {
        s.write(
            "content/bad.md",
            "---\ntitle: Slikts\n\nTeksts bez beigām.\n",
        )
    });
    let d = assert_error(&errors, "content/bad.md", 1, "front matter");
    assert!(d.help.is_some());
}

#[test]
fn invalid_yaml_in_front_matter_names_its_line() {
    let errors = broken(|s| {
        s.write(
            "content/bad.md",
            "---\ntitle: Labs\nsummary: \"nav aizvērts\ndate: 2024-01-01\n---\nTeksts.\n",
        )
    });
    let d = assert_error(&errors, "content/bad.md", 3, "invalid YAML");
    assert!(d.to_string().contains("3 | summary: \"nav aizvērts"), "{d}");
}

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    let errors = broken(|s| {
        s.edit(
            "content/kontakti.md",
            "title: Kontakti",
            "title: Kontakti\nsumary: Īsi",
        )
    });
    let d = assert_error(&errors, "content/kontakti.md", 3, "sumary");
    assert!(d.to_string().contains("did you mean `summary`?"), "{d}");
}

#[test]
fn missing_title() {
    let errors = broken(|s| {
        s.write(
            "content/bad.md",
            "---\nsummary: Bez virsraksta\n---\nTeksts.\n",
        )
    });
    let d = assert_error(&errors, "content/bad.md", 2, "missing required key `title`");
    assert!(d.help.is_some());
}

#[test]
fn link_to_a_missing_page() {
    let errors = broken(|s| {
        s.edit(
            "content/kontakti.md",
            "Rakstiet mums.",
            "Rakstiet mums.\n\nSkatiet [noteikumus](noteikumi.md).",
        )
    });
    assert_error(&errors, "content/kontakti.md", 6, "noteikumi.md");
}

#[test]
fn link_to_a_missing_anchor() {
    let errors = broken(|s| {
        s.edit(
            "content/par-mums.md",
            "kontakti.md#adrese",
            "kontakti.md#talrunis",
        )
    });
    assert_error(&errors, "content/par-mums.md", 14, "talrunis");
}

#[test]
fn root_relative_link_to_a_missing_page() {
    let errors = broken(|s| {
        s.edit(
            "content/par-mums.en.md",
            "(/en/members/)",
            "(/en/memebers/)",
        )
    });
    assert_error(&errors, "content/par-mums.en.md", 12, "/en/memebers/");
}

#[test]
fn a_file_that_is_not_utf8() {
    let errors = broken(|s| {
        s.write(
            "content/bad.md",
            b"---\ntitle: Slikts\n---\nTeksts \xff\xfe latin-1.\n".as_slice(),
        )
    });
    let d = assert_error(&errors, "content/bad.md", 4, "UTF-8");
    assert!(d.help.is_some());
}

#[test]
fn a_bad_date() {
    let errors = broken(|s| {
        s.edit(
            "content/jaunumi/zina-2.md",
            "date: 2024-02-05",
            "date: 2024-02-30",
        )
    });
    assert_error(&errors, "content/jaunumi/zina-2.md", 3, "2024-02-30");
}

#[test]
fn an_unknown_area_in_a_page() {
    let errors = broken(|s| {
        s.edit(
            "content/kontakti.md",
            "title: Kontakti",
            "title: Kontakti\nareas: [lidzdalba]",
        )
    });
    let d = assert_error(
        &errors,
        "content/kontakti.md",
        3,
        "unknown activity area `lidzdalba`",
    );
    assert!(d.to_string().contains("did you mean `lidzdaliba`?"), "{d}");
}

#[test]
fn an_unknown_site_yaml_key() {
    let errors = broken(|s| {
        s.edit(
            "content/site.yaml",
            "theme: default",
            "theme: default\npaginat: 3",
        )
    });
    let d = assert_error(&errors, "content/site.yaml", 9, "paginat");
    assert!(d.to_string().contains("did you mean `paginate`?"), "{d}");
}

#[test]
fn invalid_yaml_in_a_data_file_names_its_line() {
    let errors = broken(|s| {
        s.write(
            "content/data/areas.yaml",
            "- id: lidzdaliba\n  name: {lv: Līdzdalība, en: Participation\n  summary: x\n",
        )
    });
    let d = &errors[0];
    assert_eq!(
        d.file.as_deref(),
        Some(Path::new("content/data/areas.yaml"))
    );
    assert!(matches!(d.line, Some(2..=4)), "{d}");
}

#[test]
fn a_template_syntax_error_in_a_site_override() {
    let errors = broken(|s| {
        s.write(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
        )
    });
    let d = assert_error(&errors, "templates/page.html", 3, "");
    assert!(!d.message.is_empty());
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = Site::fixture("basic");
    site.write("content/a.md", "---\ntitel: A\n---\nA.\n");
    site.write("content/b.md", "---\ntitle: B\n---\nSee [x](missing.md).\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: content/a.md:2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: content/b.md:4"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("errors found; nothing was written"),
        "{}",
        run.stderr
    );
    // The offending line is quoted under the message.
    assert!(run.stderr.contains("2 | titel: A"), "{}", run.stderr);
    assert!(!site.path("output").exists());
}

#[test]
fn a_missing_theme_string_names_the_key_and_language_once() {
    let site = Site::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ t(key=\"nav_tadas_atslegas\") }}{% endblock content %}\n",
    );
    let result = site.build();
    assert!(!result.ok());
    let errors: Vec<String> = common::errors(&result);
    // Every page with page.html fails, but each language's missing key is reported once.
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: templates/page.html:2:"),
        "{}",
        errors[0]
    );
    let all = errors.join("\n");
    assert!(
        all.contains("missing translation `nav_tadas_atslegas` for language `lv`"),
        "{all}"
    );
    assert!(
        all.contains("missing translation `nav_tadas_atslegas` for language `en`"),
        "{all}"
    );
    assert!(
        all.contains("i18n/lv.yaml") && all.contains("more pages)"),
        "{all}"
    );
}

#[test]
fn markdown_tables_footnotes_tasks_and_unique_heading_ids() {
    let site = Site::fixture("basic");
    site.write(
        "content/md.md",
        "---\ntitle: Formatējums\n---\n## Vēsture\n\nA\n\n## Vēsture\n\nB[^1] ~~vecs~~ \"pēdiņas\" -- un...\n\n- [x] darīts\n- [ ] nav\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Piezīme.\n",
    );
    site.build_ok();
    let html = site.page("md/index.html");
    assert!(html.contains("<h2 id=\"vesture\">Vēsture</h2>"));
    assert!(
        html.contains("<h2 id=\"vesture-1\">Vēsture</h2>"),
        "ids are unique in a page"
    );
    assert!(html.contains("<del>vecs</del>"));
    assert!(
        html.contains("“pēdiņas” – un…"),
        "smart punctuation is on by default"
    );
    assert!(html.contains("type=\"checkbox\" checked"));
    assert!(html.contains("<td>1</td><td>2</td>"));
    assert!(html.contains("footnote-definition"));
    assert!(visible_text(main_of(&html)).contains("Piezīme."));
    // Smart punctuation is a site option.
    site.edit(
        "content/site.yaml",
        "theme: default",
        "theme: default\nmarkdown: {smart_punctuation: false}",
    );
    site.build_ok();
    assert!(site.page("md/index.html").contains("\"pēdiņas\" -- un..."));
}

#[test]
fn links_from_a_subfolder_to_sections_and_anchors() {
    let site = Site::fixture("basic");
    site.edit(
        "content/jaunumi/zina-1.md",
        "Ziņas 1 teksts.",
        "Ziņas 1 teksts. Skatīt [vēsturi](../par-mums.md#vesture), [sarakstu](_index.md), [citu](zina-2.md) un [sākumu](../_index.md).",
    );
    site.build_ok();
    let html = site.page("jaunumi/zina-1/index.html");
    let body = main_of(&html);
    assert_eq!(link_to(body, "vēsturi"), "../../par-mums/#vesture");
    assert_eq!(link_to(body, "sarakstu"), "../");
    assert_eq!(link_to(body, "citu"), "../zina-2/");
    assert_eq!(link_to(body, "sākumu"), "../../");
}

#[test]
fn a_site_theme_replaces_the_built_in_one() {
    let site = Site::fixture("basic");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for (rel, bytes) in snapshot(&theme) {
        site.write(&format!("themes/mans/{rel}"), bytes);
    }
    site.edit(
        "themes/mans/templates/page.html",
        "<h1>{{ page.title }}</h1>",
        "<h1 class=\"mans\">{{ page.title }}!</h1>",
    );
    site.edit("content/site.yaml", "theme: default", "theme: mans");
    site.build_ok();
    assert!(
        site.page("par-mums/index.html")
            .contains("<h1 class=\"mans\">Par mums!</h1>")
    );
    // A theme that does not exist is an error naming it.
    site.edit("content/site.yaml", "theme: mans", "theme: nav");
    let result = site.build();
    assert!(!result.ok());
    assert!(
        common::errors(&result).join("\n").contains("nav"),
        "{}",
        result.diagnostics
    );
}

#[test]
fn a_site_template_overrides_one_theme_template() {
    let site = Site::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1>Pārrakstīts: {{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}\n",
    );
    site.build_ok();
    let about = visible_text(main_of(&site.page("par-mums/index.html")));
    assert!(
        about.starts_with("Pārrakstīts: Par mums Mēs esam"),
        "{about}"
    );
    // Other templates still come from the theme.
    assert!(site.page("jaunumi/index.html").contains("news-list"));
}

#[test]
fn an_image_of_a_missing_file() {
    let errors = broken(|s| {
        s.edit(
            "content/kontakti.md",
            "Rakstiet mums.",
            "Rakstiet mums.\n\n![Karte](/atteli/karte.png)",
        )
    });
    assert_error(&errors, "content/kontakti.md", 6, "/atteli/karte.png");
}

#[test]
fn images_of_static_files_get_relative_urls() {
    let site = Site::fixture("basic");
    let mut png = Vec::new();
    image::DynamicImage::new_rgb8(4, 4)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    site.write("content/static/atteli/karte.png", png);
    site.edit(
        "content/kontakti.md",
        "Rakstiet mums.",
        "Rakstiet mums.\n\n![Karte](/atteli/karte.png)",
    );
    site.build_ok();
    let html = site.page("kontakti/index.html");
    // Published as processed variants, linked relative to the page.
    assert!(
        html.contains("<img src=\"../images/karte-4x4.") && html.contains("alt=\"Karte\""),
        "{html}"
    );
}

#[test]
fn two_pages_with_one_url() {
    let errors = broken(|s| {
        s.write(
            "content/otrs.md",
            "---\ntitle: Otrs\nsummary: Cits\nslug: kontakti\n---\nX.\n",
        )
    });
    let d = assert_error(
        &errors,
        "content/otrs.md",
        4,
        "this page's URL /kontakti/ is already used by content/kontakti.md",
    );
    assert!(d.help.as_deref().unwrap().contains("slug"));
}

#[test]
fn an_alias_that_is_already_a_page() {
    let errors = broken(|s| {
        s.edit(
            "content/par-mums.md",
            "aliases: [/vecais-par-mums/]",
            "aliases: [/vecais-par-mums/, /kontakti/]",
        )
    });
    assert_error(
        &errors,
        "content/par-mums.md",
        4,
        "alias /kontakti/ is already used by content/kontakti.md",
    );
}

#[test]
fn windows_line_ends_and_a_byte_order_mark_are_accepted() {
    let site = Site::fixture("basic");
    site.write(
        "content/crlf.md",
        "---\r\ntitle: CRLF lapa\r\nsummary: Windows\r\n---\r\nTeksts ar CRLF.\r\n\r\n## Virsraksts\r\n",
    );
    site.write(
        "content/bom.md",
        "\u{feff}---\ntitle: BOM lapa\n---\nTeksts ar BOM.\n",
    );
    site.build_ok();
    let crlf = site.page("crlf/index.html");
    assert!(crlf.contains("<h1>CRLF lapa</h1>"));
    assert!(crlf.contains("<h2 id=\"virsraksts\">Virsraksts</h2>"));
    assert!(site.page("bom/index.html").contains("<h1>BOM lapa</h1>"));
}

#[test]
fn an_empty_data_file_means_none_and_a_missing_site_yaml_is_an_error() {
    let site = Site::fixture("basic");
    site.write("content/data/members.yaml", "");
    let result = site.build_ok();
    assert_eq!(result.summary.unwrap().members, 0);
    site.remove("content/site.yaml");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: content/site.yaml: cannot read site settings"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_data_file_that_is_not_utf8() {
    let errors = broken(|s| {
        s.write(
            "content/data/areas.yaml",
            b"- id: lidzdaliba\n  name: \"L\xeedzdal\xeeba\"\n".as_slice(),
        )
    });
    assert_error(&errors, "content/data/areas.yaml", 2, "not valid UTF-8");
}

#[test]
fn an_empty_title() {
    let errors = broken(|s| s.write("content/bad.md", "---\ntitle: \"\"\n---\nTeksts.\n"));
    assert_error(&errors, "content/bad.md", 2, "the title is empty");
}

#[test]
fn output_may_live_outside_the_site() {
    let site = Site::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("public");
    let run = site.run(&["build", "--quiet", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("index.html").is_file());
    assert!(out.join(".alianse-output").is_file());
    assert!(!site.path("output").exists());
}

#[test]
fn sections_sort_by_title_in_latvian_order_or_by_weight() {
    let site = Site::fixture("basic");
    site.write(
        "content/tituli/_index.md",
        "---\ntitle: Tituli\nsort: title\n---\nx\n",
    );
    for (file, title) in [
        ("zebra", "Zebra"),
        ("abele", "Ābele"),
        ("auseklis", "Auseklis"),
        ("cakste", "Čakste"),
        ("cesis", "Cēsis"),
    ] {
        site.write(
            &format!("content/tituli/{file}.md"),
            format!("---\ntitle: {title}\n---\nx\n"),
        );
    }
    site.write(
        "content/svari/_index.md",
        "---\ntitle: Svari\nsort: weight\n---\nx\n",
    );
    for (file, title, weight) in [
        ("c", "Trešais", 30),
        ("a", "Pirmais", 1),
        ("b", "Otrais", 2),
    ] {
        site.write(
            &format!("content/svari/{file}.md"),
            format!("---\ntitle: {title}\nweight: {weight}\n---\nx\n"),
        );
    }
    site.build_ok();
    let titles = |file: &str| -> Vec<String> {
        let html = site.page(file);
        main_of(&html)
            .split("<h2><a href=\"")
            .skip(1)
            .map(|p| p[p.find('>').unwrap() + 1..p.find("</a>").unwrap()].to_string())
            .collect()
    };
    assert_eq!(
        titles("tituli/index.html"),
        ["Auseklis", "Ābele", "Cēsis", "Čakste", "Zebra"]
    );
    assert_eq!(titles("svari/index.html"), ["Pirmais", "Otrais", "Trešais"]);
}

#[test]
fn a_link_to_a_draft_says_why_it_is_missing() {
    let site = Site::fixture("basic");
    site.edit(
        "content/kontakti.md",
        "Rakstiet mums.",
        "Skatiet [melnrakstu](melnraksts.md).",
    );
    let result = site.build();
    let d = result.diagnostics.errors().next().expect("an error");
    assert_eq!(d.file.as_deref(), Some(Path::new("content/kontakti.md")));
    assert_eq!(d.line, Some(4));
    assert!(d.help.as_deref().unwrap().contains("--drafts"), "{d}");
    // With --drafts the link resolves.
    let mut options = site.options();
    options.drafts = true;
    assert!(alianse::build::build(&options).ok());
    assert_eq!(
        link_to(main_of(&site.page("kontakti/index.html")), "melnrakstu"),
        "../melnraksts/"
    );
}

#[test]
fn a_build_adds_nothing_but_output() {
    let site = Site::fixture("basic");
    let before = tree(&site.root);
    site.build_ok();
    site.build_ok();
    let after: Vec<String> = tree(&site.root)
        .into_iter()
        .filter(|p| p != "output" && !p.starts_with("output/"))
        .collect();
    assert_eq!(
        after, before,
        "a scratch file or folder was left in the site"
    );
    // Nor are temporary files left inside output/.
    let stray: Vec<String> = site
        .snapshot()
        .into_keys()
        .filter(|f| f.contains("tmp") || f.contains('~'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn links_to_later_pages_of_a_list_are_known() {
    let site = Site::fixture("basic");
    site.edit(
        "content/kontakti.md",
        "Rakstiet mums.",
        "Vecākas ziņas: [otrā lapa](/jaunumi/lapa/2/), [trešā](/jaunumi/lapa/3/).",
    );
    site.build_ok();
    let html = site.page("kontakti/index.html");
    assert_eq!(link_to(main_of(&html), "otrā lapa"), "../jaunumi/lapa/2/");
    // There is no fourth page.
    site.edit(
        "content/kontakti.md",
        "/jaunumi/lapa/3/",
        "/jaunumi/lapa/4/",
    );
    let result = site.build();
    let errors = common::errors(&result);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: content/kontakti.md:4:")
            && errors[0].contains("link to /jaunumi/lapa/4/"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_page_at_the_url_of_a_list_page() {
    let errors = broken(|s| s.write("content/jaunumi/lapa/2.md", "---\ntitle: Lapa\n---\nX.\n"));
    let d = errors
        .iter()
        .find(|d| d.message.contains("/jaunumi/lapa/2/"))
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(
        d.message
            .contains("page 2 of this section's list (/jaunumi/lapa/2/) is already used by content/jaunumi/lapa/2.md"),
        "{d}"
    );
    assert_eq!(
        d.file.as_deref(),
        Some(Path::new("content/jaunumi/_index.md"))
    );
}

#[test]
fn a_menu_item_to_a_missing_page_names_its_line() {
    let errors = broken(|s| {
        s.edit(
            "content/site.yaml",
            "url: \"par-mums.md\"",
            "url: \"par-mum.md\"",
        );
        s.edit(
            "content/site.yaml",
            "url: \"/en/members/\"",
            "url: \"/en/memberz/\"",
        );
    });
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let d = &errors[0];
    assert_eq!(d.file.as_deref(), Some(Path::new("content/site.yaml")));
    assert_eq!(d.line, Some(15), "{d}");
    assert!(
        d.message
            .contains("menu item `Par mums` links to `par-mum.md`, which is not a page")
    );
    let d = &errors[1];
    assert_eq!(d.line, Some(20), "{d}");
    assert!(d.message.contains("menu item `Members`"), "{d}");
}
