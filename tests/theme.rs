//! End-to-end tests of the default theme on a site it was not written for
//! (issue 17): `tests/fixtures/regional`, a regional NGO network with no
//! `menu`, its own areas, 41 members, untranslated pages and eleven report
//! years. Navigation, neutral texts, the language switcher, `lang` on
//! fallback text, search without JavaScript and page metadata, all read from
//! the built HTML.

mod common;

use std::path::Path;

use common::{Site, attrs, main_of, resolve, visible_text};

/// The site path of an output file: `en/about/index.html` → `/en/about/`.
fn url_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{file}"),
    }
}

fn html_files(site: &Site) -> Vec<String> {
    site.snapshot()
        .into_keys()
        .filter(|f| f.ends_with(".html"))
        .filter(|f| !site.page(f).contains("http-equiv=\"refresh\""))
        .collect()
}

/// The part of `html` from the first `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)?;
    let to = html[from..].find(end)? + from;
    Some(&html[from..to])
}

/// The site paths the links of a piece of a page lead to.
fn targets(page_url: &str, html: &str) -> Vec<String> {
    attrs(html, "href")
        .into_iter()
        .filter_map(|href| resolve(page_url, href))
        .collect()
}

/// `content` of `<meta name|property="key">`.
fn meta(html: &str, key: &str) -> Option<String> {
    ["name", "property"].iter().find_map(|attr| {
        let tag = between(html, &format!("<meta {attr}=\"{key}\""), ">")?;
        attrs(tag, "content").first().map(|c| c.to_string())
    })
}

/// `(hreflang, href)` of the `<link rel="alternate" hreflang>` tags.
fn hreflangs(html: &str) -> Vec<(String, String)> {
    html.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|rest| {
            let lang = &rest[..rest.find('"').unwrap()];
            let href = attrs(&rest[..rest.find('>').unwrap()], "href")[0];
            (lang.to_string(), href.to_string())
        })
        .collect()
}

fn built(name: &str) -> Site {
    let site = Site::fixture(name);
    let result = site.build_ok();
    let warnings: Vec<String> = result
        .diagnostics
        .warnings()
        .map(|d| d.to_string())
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    site
}

// ---------------------------------------------------------------- 1. navigation

#[test]
fn a_site_without_a_menu_gets_one_from_its_collections_and_sections() {
    let site = built("regional");
    let home = site.page("index.html");
    let nav = between(&home, "<nav class=\"main-nav\"", "</nav>").expect("a main menu");
    assert_eq!(
        targets("/", nav),
        [
            "/organizacijas/",
            "/jomas/",
            "/indekss/",
            "/izdevumi/",
            "/pasakumi/",
            "/aktualitates/",
            "/projekti/",
            "/meklet/"
        ]
    );
    assert_eq!(
        visible_text(nav),
        "Biedri Darbības jomas Ilgtspējas ziņojumi Publikācijas Pasākumi Aktualitātes Projekti Meklēšana"
    );
    // The English projects section has no pages and no text: it is not in the menu.
    let en = site.page("en/index.html");
    let nav = between(&en, "<nav class=\"main-nav\"", "</nav>").unwrap();
    assert_eq!(
        targets("/en/", nav),
        [
            "/en/organisations/",
            "/en/themes/",
            "/en/index/",
            "/en/library/",
            "/en/events/",
            "/en/aktualitates/",
            "/en/search/"
        ]
    );
    // The current section is marked in the menu of its pages.
    let report = site.page("indekss/2023/index.html");
    let nav = between(&report, "<nav class=\"main-nav\"", "</nav>").unwrap();
    assert!(nav.contains("<a href=\"../\" aria-current=\"true\">Ilgtspējas ziņojumi</a>"));
    // The footer links the news, the other sections and the top-level pages.
    let footer = between(&home, "<footer", "</footer>").unwrap();
    let links = targets("/", footer);
    for path in ["/aktualitates/", "/projekti/", "/par-tiklu/", "/kontakti/"] {
        assert!(links.contains(&path.to_string()), "{path} in {links:?}");
    }
    // The home page's news block links to all news, though no menu names it.
    let news = between(
        &home,
        "<section aria-labelledby=\"news-heading\"",
        "</section>",
    )
    .unwrap();
    assert!(
        targets("/", news).contains(&"/aktualitates/".to_string()),
        "{news}"
    );
}

#[test]
fn no_page_has_an_empty_navigation() {
    let site = Site::fixture("regional");
    // No menu, no data, no sections, no search: nothing to put in a menu.
    site.write("content/data/members.yaml", "");
    site.write("content/data/areas.yaml", "");
    for year in [
        2012, 2013, 2014, 2015, 2016, 2018, 2019, 2020, 2021, 2022, 2023,
    ] {
        site.remove(&format!("content/data/reports/{year}.yaml"));
    }
    std::fs::remove_dir_all(site.path("content/reports")).unwrap();
    std::fs::remove_dir_all(site.path("content/data/events")).unwrap();
    std::fs::remove_dir_all(site.path("content/aktualitates")).unwrap();
    std::fs::remove_dir_all(site.path("content/projekti")).unwrap();
    std::fs::remove_dir_all(site.path("content/data/publications")).unwrap();
    site.edit(
        "content/site.yaml",
        "feeds: {section: aktualitates, content: summary}",
        "search: {enabled: false}",
    );
    site.build_ok();
    for file in html_files(&site) {
        let html = site.page(&file);
        assert!(!html.contains("class=\"main-nav"), "{file} has a main nav");
        for nav in html.split("<nav").skip(1) {
            let nav = &nav[..nav.find("</nav>").unwrap()];
            assert!(nav.contains("<a "), "{file}: a <nav> without links: {nav}");
        }
    }
}

#[test]
fn check_warns_about_a_section_that_no_menu_and_no_page_links_to() {
    let site = Site::fixture("regional");
    site.edit(
        "content/site.yaml",
        "paginate: 6",
        "paginate: 6\nmenu:\n  lv:\n    - {name: Biedri, url: /organizacijas/}\n    - {name: Aktualitātes, url: aktualitates/_index.md}\n  en:\n    - {name: Members, url: /en/organisations/}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/projekti/_index.md: section `Projekti` (/projekti/) is in no menu and no page links to it"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: add it to `menu: lv:` in site.yaml, or link to it from a page"),
        "{}",
        run.stderr
    );
    // English has a menu too: its news section is in none and linked from no page.
    assert!(
        run.stderr
            .contains("content/aktualitates/_index.en.md: section `News` (/en/aktualitates/)"),
        "{}",
        run.stderr
    );
    // The empty English projects section is not worth a warning.
    assert!(!run.stderr.contains("/en/projekti/"), "{}", run.stderr);
    // A link from a page is enough.
    site.edit(
        "content/par-tiklu.md",
        "Rakstiet mums",
        "Skatiet [projektus](projekti/_index.md). Rakstiet mums",
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("`Projekti`"), "{}", run.stderr);
}

#[test]
fn sections_in_the_built_menu_are_not_orphans_for_check_publish() {
    let site = Site::fixture("regional");
    let run = site.run(&["check", "--publish"]);
    for section in ["/aktualitates/", "/projekti/", "/en/aktualitates/"] {
        assert!(
            !run.stderr
                .contains(&format!("no page, menu or list links to {section}\n")),
            "{}",
            run.stderr
        );
    }
    // A page that no menu and no page links to still is one.
    assert!(
        run.stderr
            .contains("content/par-tiklu.md: no page, menu or list links to /par-tiklu/"),
        "{}",
        run.stderr
    );
    // Plain builds stay free of warnings.
    let build = site.run(&["build"]);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
}

// ---------------------------------------------------------------- 2. neutral texts

#[test]
fn collection_pages_describe_this_site_not_the_bundled_alliance() {
    let site = built("regional");
    for (file, name, what) in [
        (
            "organizacijas/index.html",
            "Ziemeļvidzemes NVO tīkls",
            "biedru organizācijas",
        ),
        (
            "en/organisations/index.html",
            "North Vidzeme NGO Network",
            "member organisations",
        ),
        ("jomas/index.html", "Ziemeļvidzemes NVO tīkls", "jomas"),
        ("en/themes/index.html", "North Vidzeme NGO Network", "areas"),
        (
            "indekss/index.html",
            "Ziemeļvidzemes NVO tīkls",
            "NVO ilgtspējas indekss",
        ),
        (
            "en/index/index.html",
            "North Vidzeme NGO Network",
            "CSO Sustainability Index",
        ),
    ] {
        let html = site.page(file);
        let description = meta(&html, "description").unwrap();
        assert!(description.contains(name), "{file}: {description}");
        assert!(description.contains(what), "{file}: {description}");
        assert_eq!(meta(&html, "og:description"), Some(description.clone()));
        let lead = between(main_of(&html), "<p class=\"lead\">", "</p>").unwrap();
        assert!(visible_text(lead).contains(name), "{file}: {lead}");
    }
    // Nothing anywhere names the bundled organisation or its country.
    for file in html_files(&site) {
        let text = site.page(&file);
        for word in ["alianse", "Alliance", "Latvia", "Latvijā", "Latvijas"] {
            // "Latvian" names a language a publication is written in.
            let languages = if word == "Latvia" {
                text.matches("Latvian").count()
            } else {
                0
            };
            let hits = text.matches(word).count() - languages;
            // The colophon names the generator: "Made with alianse".
            let allowed = if word == "alianse" { 1 } else { 0 };
            assert!(hits <= allowed, "{file} says {word:?} {hits} times");
        }
    }
}

#[test]
fn a_site_may_word_a_collection_description_itself() {
    let site = Site::fixture("regional");
    site.edit(
        "content/site.yaml",
        "paginate: 6",
        "paginate: 6\nextra:\n  strings:\n    members_description: {lv: \"Mūsu biedri.\", en: \"Our members.\"}\n",
    );
    site.build_ok();
    assert_eq!(
        meta(&site.page("organizacijas/index.html"), "description").as_deref(),
        Some("Mūsu biedri.")
    );
    assert_eq!(
        meta(&site.page("en/organisations/index.html"), "description").as_deref(),
        Some("Our members.")
    );
}

// ---------------------------------------------------------------- 4. language switcher

#[test]
fn an_untranslated_page_links_home_without_claiming_a_translation() {
    let site = built("regional");
    let page = site.page("par-tiklu/index.html");
    let switcher = between(&page, "<nav class=\"languages\"", "</nav>").unwrap();
    let link = between(switcher, "<a ", "</a>").unwrap();
    assert_eq!(targets("/par-tiklu/", link), ["/en/"]);
    assert!(!link.contains("hreflang"), "{link}");
    assert!(!link.contains("rel=\"alternate\""), "{link}");
    assert_eq!(
        visible_text(link),
        "English — this page is not translated: the English home page"
    );
    // Only the page itself is an alternate, and there is no x-default.
    assert_eq!(
        hreflangs(&page),
        [(
            "lv".to_string(),
            "https://tikls.example.org/par-tiklu/".to_string()
        )]
    );
    // A translated page: both versions, x-default the default language's, and a
    // plain hreflang link in the switcher.
    let contact = site.page("kontakti/index.html");
    assert_eq!(
        hreflangs(&contact),
        [
            ("lv", "https://tikls.example.org/kontakti/"),
            ("en", "https://tikls.example.org/en/contact/"),
            ("x-default", "https://tikls.example.org/kontakti/"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let switcher = between(&contact, "<nav class=\"languages\"", "</nav>").unwrap();
    assert!(
        switcher.contains("<a href=\"../en/contact/\" hreflang=\"en\" lang=\"en\">English</a>"),
        "{switcher}"
    );
    // An English section with no pages and no text is no translation.
    let projects = site.page("projekti/index.html");
    assert_eq!(hreflangs(&projects).len(), 1, "{:?}", hreflangs(&projects));
    let switcher = between(&projects, "<nav class=\"languages\"", "</nav>").unwrap();
    assert!(!switcher.contains("hreflang"), "{switcher}");
    let sitemap = site.page("sitemap.xml");
    let entry = between(
        &sitemap,
        "<loc>https://tikls.example.org/projekti/</loc>",
        "</url>",
    )
    .expect("projekti in the sitemap");
    assert!(!entry.contains("xhtml:link"), "{entry}");
}

// ---------------------------------------------------------------- 5. lang on fallback text

/// Every run of text in a page's `<body>` with the language it is in (the
/// nearest `lang` attribute), skipping scripts and styles.
fn text_with_lang(html: &str) -> Vec<(String, String)> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let page_lang = between(html, "<html lang=\"", ">").unwrap()["<html lang=\"".len()..]
        .trim_end_matches('"')
        .to_string();
    let body = &html[html.find("<body").unwrap()..];
    let mut stack: Vec<(String, String)> = vec![("html".into(), page_lang)];
    let mut runs = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let text = rest[..lt].trim();
        if !text.is_empty() {
            runs.push((text.to_string(), stack.last().unwrap().1.clone()));
        }
        let gt = rest[lt..].find('>').unwrap() + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(at.max(1));
            }
            continue;
        }
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "script" || name == "style" {
            let end = format!("</{name}>");
            rest = &rest[rest.find(&end).unwrap()..];
            continue;
        }
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let lang = attrs(&format!(" {tag}"), "lang")
            .first()
            .map(|l| l.to_string())
            .unwrap_or_else(|| stack.last().unwrap().1.clone());
        stack.push((name, lang));
    }
    runs
}

#[test]
fn latvian_fallback_text_on_english_pages_is_marked_as_latvian() {
    let site = built("regional");
    // Words of the fixture's Latvian-only texts (area descriptions and
    // summaries, member descriptions and names, the report source, region
    // names are English or Latvian by their own map), none of them English.
    const LATVIAN: &[&str] = &[
        "Vides",
        "Kultūras",
        "Kopienu",
        "tradīcijas",
        "strādā",
        "apkārtnē",
        "darbojas",
        "aptauja",
        "biedrība",
        "jauniešu",
        "Aptaujā",
        "gada",
    ];
    let mut checked = 0;
    for file in html_files(&site)
        .into_iter()
        .filter(|f| f.starts_with("en/"))
    {
        let html = site.page(&file);
        for (text, lang) in text_with_lang(&html) {
            let words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            if let Some(word) = words.iter().find(|w| LATVIAN.contains(w)) {
                checked += 1;
                assert_eq!(
                    lang, "lv",
                    "{file}: {word:?} in {text:?} is not marked lang=\"lv\""
                );
            }
        }
    }
    // The fallback texts are really there (area, member, report pages).
    assert!(checked > 50, "only {checked} Latvian texts found");
    let area = site.page("en/themes/kultura/index.html");
    assert!(
        area.contains("<div class=\"prose lead\" lang=\"lv\"><p>Kultūras biedrības"),
        "{}",
        main_of(&area)
    );
    let report = site.page("en/index/2023/index.html");
    assert!(
        report.contains("lang=\"lv\">Tīkla biedru aptauja</a>"),
        "{}",
        main_of(&report)
    );
    // The breadcrumb's last item is a member's Latvian name.
    let member = site.page("en/organisations/gaujas-kopienas-centrs/index.html");
    let crumbs = between(&member, "<nav class=\"breadcrumbs\"", "</nav>").unwrap();
    assert!(
        crumbs.contains("<span aria-current=\"page\" lang=\"lv\">Gaujas kopienas centrs</span>"),
        "{crumbs}"
    );
}

// ---------------------------------------------------------------- 6. search without JavaScript

#[test]
fn the_search_page_lists_every_page_member_area_report_and_event_without_javascript() {
    let site = built("regional");
    for (file, lang) in [("meklet/index.html", "lv"), ("en/search/index.html", "en")] {
        let html = site.page(file);
        let list = between(&html, "<section id=\"all-pages\"", "</section>").unwrap();
        let links = targets(&url_of(file), list);
        let prefix = if lang == "lv" { "/" } else { "/en/" };
        let expected: Vec<String> = site
            .snapshot()
            .into_keys()
            .filter(|f| f.ends_with("index.html"))
            .filter(|f| (lang == "en") == f.starts_with("en/"))
            .map(|f| url_of(&f))
            .filter(|u| {
                // Members, areas, reports, events and content pages; not the lists,
                // list pages, the search page itself, nor the home page.
                let rest = &u[prefix.len()..];
                !rest.is_empty()
                    && !rest.contains("/lapa/")
                    && !rest.contains("/page/")
                    && !["meklet/", "search/"].contains(&rest)
            })
            .filter(|u| {
                ![
                    "/organizacijas/",
                    "/jomas/",
                    "/indekss/",
                    "/en/organisations/",
                    "/en/themes/",
                    "/en/index/",
                    "/pasakumi/",
                    "/en/events/",
                ]
                .contains(&u.as_str())
            })
            .collect();
        for url in &expected {
            assert!(links.contains(url), "{file} does not list {url}");
        }
        assert!(expected.len() > 55, "{file}: {}", expected.len());
    }
}

#[test]
fn reports_are_in_the_search_index_with_their_narrative() {
    let site = built("regional");
    let index: serde_json::Value =
        serde_json::from_str(&site.search_index("en/search-index.json")).unwrap();
    let reports: Vec<&serde_json::Value> = index
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["k"] == "report")
        .collect();
    assert_eq!(reports.len(), 11);
    let r2022 = reports
        .iter()
        .find(|d| d["u"] == "index/2022/")
        .expect("2022 in the index");
    assert!(
        r2022["b"]
            .as_str()
            .unwrap()
            .contains("Members noted better cooperation"),
        "{r2022}"
    );
    // With the kind names the search page gives the script, "report" finds every report.
    let search = site.page("en/search/index.html");
    let kind = attrs(&search, "data-kind-report")[0].to_string();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js");
    let program = r#"
        const s = require(process.argv[1]);
        const fs = require("fs");
        const { pathToFileURL } = require("url");
        const read = u => Promise.resolve(JSON.parse(fs.readFileSync(new URL(u), "utf8")));
        s.load(pathToFileURL(process.argv[2]).href, read).then(entries => {
            const docs = s.prepare(entries, {report: process.argv[3]});
            console.log(JSON.stringify(s.search(docs, "report").map(d => d.u)));
        });
    "#;
    let run = std::process::Command::new("node")
        .arg("-e")
        .arg(program)
        .arg(&script)
        .arg(site.path("output/en/search-index.json"))
        .arg(&kind)
        .output();
    let output = match run {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("note: `node` is not installed; the search script part is skipped");
            return;
        }
        Err(e) => panic!("cannot run node: {e}"),
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let found: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    let found_reports = found.iter().filter(|u| u.starts_with("index/")).count();
    assert_eq!(found_reports, 11, "{found:?}");
}

// ---------------------------------------------------------------- 7. metadata

#[test]
fn pages_describe_themselves_and_404_pages_are_not_indexed() {
    let site = built("regional");
    // A report's own summary; without one, its narrative; else the score.
    let cases = [
        (
            "indekss/2022/index.html",
            "Tīkla biedru aptauja par 2022. gadu.",
        ),
        (
            "indekss/2023/index.html",
            "Aptaujā piedalījās trīsdesmit biedri. Visvājāk vērtēta finansiālā dzīvotspēja.",
        ),
        ("en/index/2022/index.html", "The members’ survey on 2022."),
        (
            "aktualitates/upju-talka/index.html",
            "Īsumā par notikumu “Upju talka Gaujas krastos”.",
        ),
    ];
    for (file, description) in cases {
        let html = site.page(file);
        assert_eq!(
            meta(&html, "description").as_deref(),
            Some(description),
            "{file}"
        );
        assert_eq!(
            meta(&html, "og:description").as_deref(),
            Some(description),
            "{file}"
        );
    }
    let site_description = meta(&site.page("index.html"), "og:site_name").unwrap();
    let r2021 = meta(&site.page("indekss/2021/index.html"), "description").unwrap();
    assert!(
        r2021.starts_with("Reģiona NVO ilgtspēja 2021: Kopvērtējums"),
        "{r2021}"
    );
    assert_ne!(r2021, site_description);
    // A member without a description: what it is and where.
    let member = site.page("en/organisations/gaujas-jauniesu-biedriba/index.html");
    assert_eq!(
        meta(&member, "description").as_deref(),
        Some("Gaujas jauniešu biedrība: Association, Valka – North Vidzeme NGO Network")
    );
    for file in ["404.html", "en/404.html"] {
        let html = site.page(file);
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{file}"
        );
        assert!(!html.contains("rel=\"canonical\""), "{file}");
        assert!(hreflangs(&html).is_empty(), "{file}");
        assert!(!html.contains("og:url"), "{file}");
    }
    // The favicon is linked and /favicon.ico exists (browsers ask for it).
    let home = site.page("index.html");
    assert!(home.contains("<link rel=\"icon\" href=\"favicon.ico\" sizes=\"32x32\">"));
    assert!(home.contains("<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">"));
    assert!(site.snapshot()["favicon.ico"].starts_with(&[0, 0, 1, 0]));
    assert!(site.exists("favicon.svg"));
}

#[test]
fn a_sites_own_favicon_replaces_the_themes() {
    let site = Site::fixture("regional");
    site.write(
        "content/static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok();
    assert_eq!(
        site.snapshot()["favicon.svg"],
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert!(site.exists("favicon.ico"), "the theme's .ico stays");
}
