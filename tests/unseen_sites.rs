//! Sites and broken inputs unlike the bundled site and the other fixtures:
//! the `english` fixture (one language, a base URL under a sub-path, no
//! `data/` folder, sections nested three deep, a news section that is not
//! `jaunumi`, dates around New Year in Europe/Riga) and YAML mistakes an
//! editor makes in any file (a repeated key, a tab in the indentation).

mod common;

use common::Site;

/// Builds a copy of `english` with the binary, expecting failure: returns
/// stderr, after checking the exit code and that nothing was written.
fn build_fails(site: &Site) -> String {
    let run = site.run(&["build"]);
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        !site.path("output").exists(),
        "a failed build wrote output/"
    );
    run.stderr
}

#[test]
fn a_repeated_key_names_the_key_and_where_it_first_was() {
    let site = Site::fixture("english");
    site.write(
        "content/data/areas.yaml",
        "- id: coast\n  name: Coast\n- id: rivers\n  name: Rivers\n  id: lakes\n",
    );
    site.write(
        "content/news/item-1.md",
        "---\ntitle: One\ndate: 2025-12-30\ntitle: Two\n---\nText.\n",
    );
    let stderr = build_fails(&site);
    assert!(
        stderr.contains(
            "error: content/data/areas.yaml:5:3: the key `id` appears twice (first on line 3)\n  5 |   id: lakes\n    |   ^\n  help: each key may appear only once; remove one of them\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: content/news/item-1.md:4:1: the key `title` appears twice (first on line 2)\n"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("DuplicateKeyPolicy"), "{stderr}");
    assert!(
        stderr.contains("2 errors found; nothing was written"),
        "{stderr}"
    );
}

#[test]
fn a_tab_in_the_indentation_says_to_use_spaces() {
    let site = Site::fixture("english");
    site.write("content/data/areas.yaml", "- id: coast\n\tname: Coast\n");
    let stderr = build_fails(&site);
    assert!(
        stderr.contains(
            "  help: YAML does not allow tabs for indentation: indent with spaces (most editors can convert tabs to spaces)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn feed_times_are_moments_in_the_site_time_zone() {
    let site = Site::fixture("english");
    site.build_ok();
    let feed = site.page("atom.xml");
    // Midnight of New Year in Riga is 22:00 UTC of the day before: the
    // feed says so with Riga's offset, not the same clock time in UTC.
    assert!(
        feed.contains("<published>2026-01-01T00:00:00+02:00</published>"),
        "{feed}"
    );
    assert!(
        feed.contains("<published>2025-12-31T23:30:00+02:00</published>"),
        "{feed}"
    );
    assert!(
        feed.contains("  <updated>2026-01-02T00:00:00+02:00</updated>\n"),
        "{feed}"
    );
    // Another zone in site.yaml moves the offset.
    site.edit(
        "content/site.yaml",
        "theme: default\n",
        "theme: default\ntimezone: America/New_York\n",
    );
    site.build_ok();
    let feed = site.page("atom.xml");
    assert!(
        feed.contains("<published>2026-01-01T00:00:00-05:00</published>"),
        "{feed}"
    );
}

#[test]
fn a_feed_section_that_is_not_a_folder_is_an_error_with_the_closest_folder() {
    let site = Site::fixture("english");
    site.edit(
        "content/site.yaml",
        "feeds: {section: news,",
        "feeds: {section: newz,",
    );
    let stderr = build_fails(&site);
    assert!(
        stderr.contains(
            "error: content/site.yaml:14: the news feed is made from `newz/` (feeds.section), but content/ has no such folder: the feed would be empty\n  14 | feeds: {section: newz, content: summary}\n  help: did you mean `news`? set `section:` to the folder of the news pages, or `enabled: false` for no feed\n"
        ),
        "{stderr}"
    );
}

#[test]
fn news_outside_the_default_feed_folder_get_a_warning_naming_their_folder() {
    let site = Site::fixture("english");
    site.edit(
        "content/site.yaml",
        "feeds: {section: news, content: summary}\n",
        "",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: content/site.yaml: the news feed is made from `jaunumi/` (the default of feeds.section), but content/ has no such folder: the feed would be empty\n  help: add `feeds: {section: news}` to site.yaml if the news are in `news/`\n"
        ),
        "{}",
        run.stderr
    );
    // Turned off, the feed is nobody's concern.
    site.write(
        "content/site.yaml",
        std::fs::read_to_string(site.path("content/site.yaml")).unwrap()
            + "feeds: {enabled: false}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("news feed"), "{}", run.stderr);
}

/// The breadcrumbs of a built page: (link text, href) of each link, then
/// the current page's text.
fn breadcrumbs(html: &str) -> (Vec<(String, String)>, String) {
    let from = html
        .find("<nav class=\"breadcrumbs\"")
        .expect("breadcrumbs");
    let nav = &html[from..from + html[from..].find("</nav>").unwrap()];
    let links = nav
        .split("<a href=\"")
        .skip(1)
        .map(|part| {
            let (href, rest) = part.split_once("\">").unwrap();
            let text = rest.split_once("</a>").unwrap().0;
            (text.to_string(), href.to_string())
        })
        .collect();
    let current = nav.split("aria-current=\"page\">").nth(1).unwrap();
    (links, current.split_once("</span>").unwrap().0.to_string())
}

#[test]
fn a_page_three_sections_deep_shows_every_section_in_its_breadcrumbs() {
    let site = Site::fixture("english");
    site.build_ok();
    let page = site.page("docs/guides/advanced/setup/index.html");
    let (links, current) = breadcrumbs(&page);
    let pairs: Vec<(&str, &str)> = links
        .iter()
        .map(|(t, h)| (t.as_str(), h.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Home", "../../../../"),
            ("Documentation", "../../../"),
            ("Guides", "../../"),
            ("Advanced guides", "../")
        ]
    );
    assert!(current.starts_with("Setting up a volunteer group on the coast:"));
    // A nested section shows the sections above it; a top-level one none.
    let (links, current) = breadcrumbs(&site.page("docs/guides/index.html"));
    assert_eq!(
        links,
        [
            ("Home".to_string(), "../../".to_string()),
            ("Documentation".to_string(), "../".to_string())
        ]
    );
    assert_eq!(current, "Guides");
    assert!(
        !site
            .page("docs/index.html")
            .contains("class=\"breadcrumbs\"")
    );
    // The second page of a section: the section, then "Page 2".
    let (links, current) = breadcrumbs(&site.page("news/page/2/index.html"));
    assert_eq!(
        links.last().unwrap(),
        &("News".to_string(), "../../".to_string())
    );
    assert_eq!(current, "Page 2");
}

#[test]
fn the_english_site_builds_under_its_sub_path_with_exactly_two_news_pages() {
    let site = Site::fixture("english");
    let result = site.build_ok();
    assert_eq!(
        result.diagnostics.warnings().count(),
        0,
        "{}",
        result.diagnostics
    );
    // Four items, two per page: two list pages, not an empty third.
    assert!(site.exists("news/page/2/index.html"));
    assert!(!site.exists("news/page/3/index.html"));
    let second = common::visible_text(&site.page("news/page/2/index.html"));
    assert!(second.contains("News item 2"), "{second}");
    assert!(second.contains("News item 1"), "{second}");
    assert!(!second.contains("News item 3"), "{second}");
    // Absolute addresses carry the sub-path; no page of another language.
    let setup = site.page("docs/guides/advanced/setup/index.html");
    assert!(setup.contains(
        "<link rel=\"canonical\" href=\"https://volunteers.example.net/network/docs/guides/advanced/setup/\">"
    ));
    assert!(!site.exists("en/index.html") && !site.exists("lv/index.html"));
    // The link with a chosen id from the home page, the table and the footnote.
    assert!(
        site.page("index.html")
            .contains("href=\"docs/guides/advanced/setup/#first-steps-ziema\"")
    );
    assert!(setup.contains("<h2 id=\"first-steps-ziema\">"));
    assert!(setup.contains("<th>Bank account</th>") || setup.contains("<td>Bank account</td>"));
    assert!(setup.contains("href=\"#fn-insurance\""));
}

#[test]
fn a_language_the_theme_has_no_strings_for_says_how_to_add_them() {
    let site = Site::fixture("english");
    site.edit(
        "content/site.yaml",
        "  en: {name: English, locale: en-GB}\n",
        "  en: {name: English, locale: en-GB}\n  de: {name: Deutsch, locale: de-DE}\n",
    );
    let stderr = build_fails(&site);
    assert!(
        stderr.contains(
            "error: content/site.yaml: the theme has no strings for language `de` (it has strings for: en, lv)\n  help: add i18n/de.yaml to the theme, translated from i18n/en.yaml; the built-in theme cannot be added to: copy themes/default/ of alianse's repository into the site as themes/default/ (it then replaces the built-in one) and add the file there\n"
        ),
        "{stderr}"
    );
    // Done as the help says, the site builds, with German pages under /de/.
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for (rel, bytes) in common::snapshot(&theme) {
        site.write(&format!("themes/default/{rel}"), bytes);
    }
    site.write(
        "themes/default/i18n/de.yaml",
        std::fs::read(theme.join("i18n/en.yaml")).unwrap(),
    );
    site.write(
        "content/news/item-1.de.md",
        "---\ntitle: Nachricht eins\ndate: 2025-12-30\n---\nText.\n",
    );
    site.build_ok();
    assert!(
        site.page("de/news/item-1/index.html")
            .contains("<h1>Nachricht eins</h1>")
    );
}

#[test]
fn check_publish_lists_text_still_reading_todo_from_alianse_new() {
    let site = Site::empty();
    let run = common::run_binary(
        site.root.parent().unwrap(),
        &["new", "site", site.root.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = site.run(&["new", "page", "Kontakti", "--all-languages"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A TODO inside a code block is an example, not a placeholder.
    site.write(
        "content/par-mums.md",
        "---\ntitle: Par mums\n---\nTeksts.\n\n```\nTODO: piemērs\n```\n",
    );
    let run = site.run(&["check", "--publish"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: content/kontakti.md:5:1: the text still has a `TODO` placeholder\n  5 | TODO: lapas teksts.\n    | ^\n  help: write the text in its place (`alianse new` leaves TODO where something is missing), or delete the line\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: content/kontakti.en.md:5:1: the text still has a `TODO` placeholder\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("par-mums.md:7"), "{}", run.stderr);
    // The build's summary line names them too.
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("placeholder text (2)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_static_index_html_where_a_page_is_written_names_the_page() {
    let site = Site::fixture("english");
    site.write("content/static/index.html", "<p>old home</p>\n");
    site.write("content/static/news/index.html", "<p>old news</p>\n");
    // A folder of static files with its own index.html is fine.
    site.write("content/static/old/index.html", "<p>archive</p>\n");
    let stderr = build_fails(&site);
    assert!(
        stderr.contains(
            "error: content/static/index.html: static file /index.html is already used by content/_index.md\n  help: rename or remove the static file: the page is written there (to replace the page, remove its Markdown file instead)\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: content/static/news/index.html: static file /news/index.html is already used by content/news/_index.md\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("2 errors found"), "{stderr}");
    assert!(
        !stderr.contains("two outputs want the same file"),
        "{stderr}"
    );
}
