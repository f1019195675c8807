//! End-to-end tests of publishing (issue 4) on the bilingual fixture: the
//! language switcher, hreflang and canonical links, feeds and sitemap as
//! parsed XML, aliases, dates, pagination, sub-path and from-disk output,
//! and the search index with its diacritic folding (under Node).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Site, attrs, link_to, main_of, resolve, visible_text};

const BASE: &str = "https://example.org/";

/// The site path of an output file: `en/about/index.html` → `/en/about/`.
fn url_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{file}"),
    }
}

/// The output file a site path names, if there is one.
fn file_of(site: &Site, path: &str) -> Option<String> {
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    site.path("output").join(&rel).is_file().then_some(rel)
}

fn html_files(site: &Site) -> Vec<String> {
    site.snapshot()
        .into_keys()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

fn is_redirect(html: &str) -> bool {
    html.contains("http-equiv=\"refresh\"")
}

/// `(hreflang, href)` of the `<link rel="alternate" hreflang>` tags.
fn hreflangs(html: &str) -> Vec<(String, String)> {
    html.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|part| {
            let lang = &part[..part.find('"').unwrap()];
            (lang.to_string(), attrs(part, "href")[0].to_string())
        })
        .collect()
}

fn canonical(html: &str) -> String {
    let at = html
        .find("<link rel=\"canonical\"")
        .expect("a canonical link");
    attrs(&html[at..], "href")[0].to_string()
}

/// The `<nav class="languages">` of a page.
fn switcher(html: &str) -> &str {
    let start = html.find("<nav class=\"languages\"").expect("a switcher");
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

// ---------------------------------------------------------------- languages

#[test]
fn the_switcher_goes_to_the_translation_or_that_languages_home() {
    let site = Site::fixture("basic");
    site.build_ok();
    let cases = [
        // (page, link text, target)
        ("par-mums/index.html", "English", "../en/about/"),
        ("en/about/index.html", "Latviešu", "../../par-mums/"),
        ("index.html", "English", "en/"),
        ("en/index.html", "Latviešu", "../"),
        (
            "en/news/zina-3/index.html",
            "Latviešu",
            "../../../jaunumi/zina-3/",
        ),
        (
            "jaunumi/zina-3/index.html",
            "English",
            "../../en/news/zina-3/",
        ),
        // No translation: the other language's home.
        ("kontakti/index.html", "English", "../en/"),
        ("jaunumi/zina-1/index.html", "English", "../../en/"),
        // Generated pages have both languages.
        ("biedri/index.html", "English", "../en/members/"),
        (
            "en/areas/lidzdaliba/index.html",
            "Latviešu",
            "../../../darbibas-jomas/lidzdaliba/",
        ),
    ];
    for (page, text, target) in cases {
        let html = site.page(page);
        let nav = switcher(&html);
        // The one link of the switcher (an untranslated page's also says so, hidden).
        assert_eq!(attrs(nav, "href")[0], target, "{page}");
        assert!(nav.contains(&format!(">{text}<")), "{page}: {nav}");
        // The target exists, and the current language is not a link.
        let resolved = resolve(&url_of(page), target).unwrap();
        assert!(file_of(&site, &resolved).is_some(), "{page} → {resolved}");
        assert_eq!(attrs(nav, "href").len(), 1, "{page}: {nav}");
        assert!(nav.contains("aria-current=\"true\""));
    }
}

#[test]
fn every_page_has_its_language_canonical_and_reciprocal_hreflang() {
    // The data fixture adds member, area and report pages.
    let data = Site::fixture("data");
    data.build_ok();
    assert!(check_languages(&data) >= 40);
    let site = Site::fixture("basic");
    site.build_ok();
    assert!(check_languages(&site) >= 25);
    // Pages with a translation have exactly the pair, and x-default.
    let about = site.page("par-mums/index.html");
    assert_eq!(
        hreflangs(&about),
        [
            ("lv".into(), "https://example.org/par-mums/".into()),
            ("en".into(), "https://example.org/en/about/".into()),
            ("x-default".into(), "https://example.org/par-mums/".into())
        ]
    );
    // A page in one language only has no English alternate.
    assert_eq!(hreflangs(&site.page("kontakti/index.html")).len(), 1);
}

/// Checks `<html lang>`, the canonical link and reciprocal hreflang links of
/// every page; returns how many pages were checked.
fn check_languages(site: &Site) -> usize {
    let mut checked = 0;
    for file in html_files(site) {
        let html = site.page(&file);
        // Redirects and the 404 pages (noindex, no canonical) name no alternates.
        if is_redirect(&html) || file.ends_with("404.html") {
            assert!(hreflangs(&html).is_empty(), "{file}");
            continue;
        }
        let lang = if file.starts_with("en/") { "en" } else { "lv" };
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{file}");
        let own = canonical(&html);
        assert_eq!(
            own,
            format!("https://example.org{}", url_of(&file)),
            "{file}"
        );
        let alternates = hreflangs(&html);
        assert!(
            alternates.contains(&(lang.to_string(), own.clone())),
            "{file} does not name itself: {alternates:?}"
        );
        // x-default names the default language's version, which is one of them.
        for (_, href) in alternates.iter().filter(|(l, _)| l == "x-default") {
            assert!(
                alternates.contains(&("lv".to_string(), href.clone())),
                "{file}"
            );
        }
        for (other_lang, href) in alternates.iter().filter(|(l, _)| l != "x-default") {
            let path = href.strip_prefix("https://example.org").expect("absolute");
            let other_file = file_of(site, path).unwrap_or_else(|| panic!("{file}: {href}"));
            let other = site.page(&other_file);
            assert!(other.contains(&format!("<html lang=\"{other_lang}\">")));
            assert!(
                hreflangs(&other).contains(&(lang.to_string(), own.clone())),
                "{other_file} does not point back to {file}"
            );
        }
        checked += 1;
    }
    checked
}

#[test]
fn open_graph_and_description_come_from_front_matter() {
    let site = Site::fixture("basic");
    site.build_ok();
    let html = site.page("en/about/index.html");
    assert!(html.contains("<meta name=\"description\" content=\"Who we are.\">"));
    assert!(html.contains("<meta property=\"og:title\" content=\"About us\">"));
    assert!(html.contains("<meta property=\"og:url\" content=\"https://example.org/en/about/\">"));
    assert!(html.contains("<meta property=\"og:locale\" content=\"en_GB\">"));
    // Without a summary, the start of the text.
    let html = site.page("kontakti/index.html");
    assert!(html.contains("<meta name=\"description\" content=\"Rakstiet mums.\">"));
    // Generated pages have their own description.
    let html = site.page("biedri/index.html");
    assert!(html.contains(
        "<meta name=\"description\" content=\"Testa alianse: biedru organizācijas alfabētiskā secībā.\">"
    ));
}

// ---------------------------------------------------------------- dates

/// The visible text of the list item (in the main content) that holds `text`,
/// up to the next item.
fn list_item(html: &str, text: &str) -> String {
    let item = main_of(html)
        .split("<li")
        .find(|item| item.contains(text))
        .unwrap_or_else(|| panic!("no list item with {text:?}"));
    visible_text(&format!("<li{item}"))
}

#[test]
fn dates_are_written_in_the_pages_language() {
    let site = Site::fixture("basic");
    site.build_ok();
    let lv = visible_text(main_of(&site.page("jaunumi/zina-3/index.html")));
    assert!(lv.contains("Publicēts 2024. gada 5. martā"), "{lv}");
    let en = visible_text(main_of(&site.page("en/news/zina-3/index.html")));
    assert!(en.contains("Published on 5 March 2024"), "{en}");
    // Lists show the date alone, in the long form, in each item.
    let list = site.page("jaunumi/lapa/2/index.html");
    let item = list_item(&list, "Ziņa numur 3");
    assert!(item.contains("2024. gada 5. marts"), "{item}");
    assert!(!item.contains("Publicēts"), "{item}");
    let item = list_item(&list, "Ziņa numur 2");
    assert!(item.contains("2024. gada 5. februāris"), "{item}");
    let item = list_item(&site.page("en/news/index.html"), "News item three");
    assert!(item.contains("5 March 2024"), "{item}");
    assert!(
        site.page("jaunumi/zina-3/index.html")
            .contains("<time datetime=\"2024-03-05\">")
    );
}

// ---------------------------------------------------------------- pagination

#[test]
fn pagination_has_page_one_at_the_section_url_and_prev_next_links() {
    let site = Site::fixture("basic");
    site.build_ok();
    assert!(!site.exists("jaunumi/lapa/1/index.html"));
    assert!(!site.exists("jaunumi/lapa/4/index.html"));
    let titles = |file: &str| -> Vec<String> {
        let html = site.page(file);
        main_of(&html)
            .split("<h2><a href=\"")
            .skip(1)
            .map(|p| p[p.find('>').unwrap() + 1..p.find("</a>").unwrap()].to_string())
            .collect()
    };
    assert_eq!(
        titles("jaunumi/index.html"),
        ["Ziņa numur 5", "Ziņa numur 4"]
    );
    assert_eq!(
        titles("jaunumi/lapa/2/index.html"),
        ["Ziņa numur 3", "Ziņa numur 2"]
    );
    assert_eq!(titles("jaunumi/lapa/3/index.html"), ["Ziņa numur 1"]);
    let rel = |html: &str, rel: &str| -> Option<String> {
        let at = html.find(&format!("<a rel=\"{rel}\""))?;
        Some(attrs(&html[at..], "href")[0].to_string())
    };
    let first = site.page("jaunumi/index.html");
    assert_eq!(rel(&first, "prev"), None);
    assert_eq!(rel(&first, "next").as_deref(), Some("lapa/2/"));
    assert!(visible_text(main_of(&first)).contains("Ziņas par alianses darbu."));
    let second = site.page("jaunumi/lapa/2/index.html");
    assert_eq!(rel(&second, "prev").as_deref(), Some("../../"));
    assert_eq!(rel(&second, "next").as_deref(), Some("../3/"));
    assert!(visible_text(main_of(&second)).contains("Jaunumi – 2. lapa"));
    assert!(!visible_text(main_of(&second)).contains("Ziņas par alianses darbu."));
    assert_eq!(canonical(&second), "https://example.org/jaunumi/lapa/2/");
    // Page 2 is its own alternate; page 2 of another language is not the same list.
    assert_eq!(
        hreflangs(&second),
        [("lv".into(), "https://example.org/jaunumi/lapa/2/".into())]
    );
    assert_eq!(attrs(switcher(&second), "href")[0], "../../../en/news/");
    let third = site.page("jaunumi/lapa/3/index.html");
    assert_eq!(rel(&third, "prev").as_deref(), Some("../2/"));
    assert_eq!(rel(&third, "next"), None);
    // One page of English news: no pagination.
    assert!(
        !site
            .page("en/news/index.html")
            .contains("class=\"pagination\"")
    );
    // English pages say "page".
    let site = Site::fixture("basic");
    for n in 1..=3 {
        site.write(
            &format!("content/jaunumi/zina-{n}.en.md"),
            format!("---\ntitle: News {n}\ndate: 2024-0{n}-05\n---\nText {n}.\n"),
        );
    }
    site.build_ok();
    assert!(site.exists("en/news/page/2/index.html"));
    assert_eq!(
        rel(&site.page("en/news/index.html"), "next").as_deref(),
        Some("page/2/")
    );
}

// ---------------------------------------------------------------- aliases

#[test]
fn aliases_make_redirect_pages() {
    let site = Site::fixture("basic");
    site.build_ok();
    let html = site.page("vecais-par-mums/index.html");
    assert!(
        html.contains("<meta http-equiv=\"refresh\" content=\"0; url=../par-mums/\">"),
        "{html}"
    );
    assert_eq!(canonical(&html), "https://example.org/par-mums/");
    assert!(html.contains("<a href=\"../par-mums/\">"));
    assert!(html.contains("noindex"));
    assert!(!html.contains("<script"), "no JavaScript needed");
    // The redirect is not in the sitemap.
    assert!(!site.page("sitemap.xml").contains("vecais-par-mums"));
}

// ---------------------------------------------------------------- feeds and sitemap

/// Parses an Atom feed: (xml:lang, self link, entries as (title, link, updated)).
fn parse_feed(text: &str) -> (String, String, Vec<(String, String, String)>) {
    let doc = roxmltree::Document::parse(text).expect("the feed is XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let lang = feed
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .unwrap_or_default()
        .to_string();
    let child_text = |node: roxmltree::Node, name: &str| -> String {
        node.children()
            .find(|c| c.is_element() && c.tag_name().name() == name)
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    let link = |node: roxmltree::Node, rel: &str| -> String {
        node.children()
            .find(|c| {
                c.is_element() && c.tag_name().name() == "link" && c.attribute("rel") == Some(rel)
            })
            .and_then(|c| c.attribute("href"))
            .unwrap_or_default()
            .to_string()
    };
    for required in ["id", "title", "updated"] {
        assert!(
            !child_text(feed, required).is_empty(),
            "feed has no {required}"
        );
    }
    let entries = feed
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "entry")
        .map(|e| {
            assert!(!child_text(e, "id").is_empty());
            (
                child_text(e, "title"),
                link(e, "alternate"),
                child_text(e, "updated"),
            )
        })
        .collect();
    (lang, link(feed, "self"), entries)
}

#[test]
fn feeds_are_atom_with_absolute_urls() {
    let site = Site::fixture("basic");
    site.build_ok();
    let (lang, own, entries) = parse_feed(&site.page("atom.xml"));
    assert_eq!(lang, "lv");
    assert_eq!(own, "https://example.org/atom.xml");
    let links: Vec<&str> = entries.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(
        links,
        [
            "https://example.org/jaunumi/zina-5/",
            "https://example.org/jaunumi/zina-4/",
            "https://example.org/jaunumi/zina-3/",
            "https://example.org/jaunumi/zina-2/",
            "https://example.org/jaunumi/zina-1/"
        ]
    );
    assert_eq!(entries[0].0, "Ziņa numur 5");
    assert_eq!(entries[0].2, "2024-05-05T00:00:00+03:00");
    let (lang, own, entries) = parse_feed(&site.page("en/atom.xml"));
    assert_eq!(lang, "en");
    assert_eq!(own, "https://example.org/en/atom.xml");
    assert_eq!(
        entries,
        [(
            "News item three".to_string(),
            "https://example.org/en/news/zina-3/".to_string(),
            "2024-03-05T00:00:00+02:00".to_string()
        )]
    );
    // Per-area feeds parse too.
    let (_, own, _) = parse_feed(&site.page("darbibas-jomas/lidzdaliba/atom.xml"));
    assert_eq!(
        own,
        "https://example.org/darbibas-jomas/lidzdaliba/atom.xml"
    );
    let (_, own, _) = parse_feed(&site.page("en/areas/lidzdaliba/atom.xml"));
    assert_eq!(own, "https://example.org/en/areas/lidzdaliba/atom.xml");
    // Pages announce their language's feed.
    let page = site.page("en/about/index.html");
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\""));
    let at = page.find("application/atom+xml").unwrap();
    assert_eq!(attrs(&page[at..], "href")[0], "../atom.xml");
}

#[test]
fn the_sitemap_lists_every_page_with_its_alternates() {
    let site = Site::fixture("basic");
    site.build_ok();
    let text = site.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("the sitemap is XML");
    let sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let xhtml = "http://www.w3.org/1999/xhtml";
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    let mut entries: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for url in doc.root_element().children().filter(|c| c.is_element()) {
        assert_eq!(url.tag_name().namespace(), Some(sm));
        let loc = url
            .children()
            .find(|c| c.tag_name().name() == "loc")
            .and_then(|c| c.text())
            .expect("a loc")
            .to_string();
        let alternates = url
            .children()
            .filter(|c| c.tag_name().name() == "link" && c.tag_name().namespace() == Some(xhtml))
            .map(|c| {
                (
                    c.attribute("hreflang").unwrap().to_string(),
                    c.attribute("href").unwrap().to_string(),
                )
            })
            .collect();
        assert!(entries.insert(loc, alternates).is_none(), "a loc twice");
    }
    // Every loc is an absolute URL of an existing page.
    for loc in entries.keys() {
        let path = loc.strip_prefix("https://example.org").expect("absolute");
        let file = file_of(&site, path).unwrap_or_else(|| panic!("{loc} is not a page"));
        assert!(!is_redirect(&site.page(&file)));
    }
    // Every content and generated page is there (drafts, aliases and 404s are not).
    for page in [
        "",
        "par-mums/",
        "kontakti/",
        "jaunumi/",
        "jaunumi/zina-1/",
        "biedri/",
        "darbibas-jomas/lidzdaliba/",
        "zinojumi/",
        "en/",
        "en/about/",
        "en/news/",
        "en/news/zina-3/",
        "en/members/",
    ] {
        assert!(
            entries.contains_key(&format!("{BASE}{page}")),
            "{page} missing"
        );
    }
    for absent in ["melnraksts/", "vecais-par-mums/", "404.html"] {
        assert!(
            !entries.contains_key(&format!("{BASE}{absent}")),
            "{absent}"
        );
    }
    let mut about = entries[&format!("{BASE}par-mums/")].clone();
    about.sort();
    assert_eq!(
        about,
        [
            ("en".to_string(), format!("{BASE}en/about/")),
            ("lv".to_string(), format!("{BASE}par-mums/"))
        ]
    );
    // robots.txt points to it.
    assert!(
        site.page("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}

// ---------------------------------------------------------------- any host

/// Internal link values of a page: href, src, action, data-url and a meta
/// refresh target (not `#fragment`, `mailto:` or other schemes).
fn links_of(html: &str) -> Vec<String> {
    let mut links: Vec<String> = ["href", "src", "action", "data-url"]
        .iter()
        .flat_map(|a| attrs(html, a))
        .map(str::to_string)
        .collect();
    if let Some(at) = html.find("content=\"0; url=") {
        let rest = &html[at + "content=\"0; url=".len()..];
        links.push(rest[..rest.find('"').unwrap()].to_string());
    }
    links
}

#[test]
fn a_site_under_a_sub_path_has_no_link_that_escapes_it() {
    let site = Site::fixture("basic");
    let run = site.run(&[
        "build",
        "--base-url",
        "https://example.org/alianse/",
        "--quiet",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut checked = 0;
    for file in html_files(&site) {
        let html = site.page(&file);
        let page_url = format!("/alianse{}", url_of(&file));
        for link in links_of(&html) {
            if link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            let path = if let Some(rest) = link.strip_prefix("https://example.org") {
                assert!(rest.starts_with("/alianse/"), "{file}: {link}");
                rest.to_string()
            } else if link.contains("://") {
                continue;
            } else {
                resolve(&page_url, &link)
                    .unwrap_or_else(|| panic!("{file}: {link} climbs above the host root"))
            };
            let inside = path
                .strip_prefix("/alianse")
                .filter(|p| p.starts_with('/'))
                .unwrap_or_else(|| panic!("{file}: {link} → {path} leaves /alianse/"));
            assert!(
                file_of(&site, inside).is_some(),
                "{file}: {link} → {path} is not a file"
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} links checked");
    // Feeds, sitemap and robots.txt carry the sub-path.
    let (_, own, entries) = parse_feed(&site.page("atom.xml"));
    assert_eq!(own, "https://example.org/alianse/atom.xml");
    assert!(
        entries
            .iter()
            .all(|e| e.1.starts_with("https://example.org/alianse/jaunumi/"))
    );
    let sitemap = site.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    for node in doc.descendants().filter(|n| n.tag_name().name() == "loc") {
        assert!(
            node.text()
                .unwrap()
                .starts_with("https://example.org/alianse/")
        );
    }
    assert!(
        site.page("robots.txt")
            .contains("Sitemap: https://example.org/alianse/sitemap.xml")
    );
    // 404 pages are served at any URL, so their links start at the base path.
    let not_found = site.page("404.html");
    assert_eq!(link_to(&not_found, "Par mums"), "/alianse/par-mums/");
}

/// Checks that every internal link of every page (but the 404 pages, which
/// hosts serve at any URL) is a file in output/; returns how many.
fn check_local_links(site: &Site) -> usize {
    let output = site.path("output");
    let mut checked = 0;
    for file in html_files(site) {
        if file.ends_with("404.html") {
            continue;
        }
        let html = site.page(&file);
        let folder = Path::new(&file).parent().unwrap().to_path_buf();
        for link in links_of(&html) {
            if link.starts_with('#') || link.starts_with("mailto:") || link.contains("://") {
                continue;
            }
            assert!(!link.starts_with('/'), "{file}: {link} is root-relative");
            let target = link.split(['#', '?']).next().unwrap();
            let on_disk = output.join(&folder).join(target);
            assert!(
                on_disk.is_file(),
                "{file}: {link} is not a file on disk (a folder needs index.html)"
            );
            assert!(
                on_disk
                    .canonicalize()
                    .unwrap()
                    .starts_with(output.canonicalize().unwrap()),
                "{file}: {link} leaves output/"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn with_local_links_the_output_works_from_disk() {
    let site = Site::fixture("basic");
    let text = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    site.write("content/site.yaml", format!("{text}local_links: true\n"));
    site.build_ok();
    assert!(check_local_links(&site) > 300);
    // Member, area and report pages too.
    let data = Site::fixture("data");
    let text = std::fs::read_to_string(data.path("content/site.yaml")).unwrap();
    data.write("content/site.yaml", format!("{text}local_links: true\n"));
    data.build_ok();
    assert!(check_local_links(&data) > 400);
    let about = site.page("par-mums/index.html");
    assert_eq!(
        link_to(main_of(&about), "kontaktiem"),
        "../kontakti/index.html#adrese"
    );
}

// ---------------------------------------------------------------- search

fn index_docs(text: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<Vec<serde_json::Value>>(text).expect("the index is a JSON list")
}

fn doc_with_title<'a>(docs: &'a [serde_json::Value], title: &str) -> &'a serde_json::Value {
    docs.iter()
        .find(|d| d["t"] == title)
        .unwrap_or_else(|| panic!("no {title:?} in the index"))
}

#[test]
fn the_search_index_holds_each_languages_pages_and_data() {
    let site = Site::fixture("basic");
    site.build_ok();
    let lv = index_docs(&site.search_index("search-index.json"));
    let about = doc_with_title(&lv, "Par mums");
    assert_eq!(about["u"], "par-mums/");
    assert_eq!(about["s"], "Kas mēs esam.");
    assert!(
        about["h"]
            .as_str()
            .unwrap()
            .contains("Ilgtspēja un līdzdalība")
    );
    assert!(
        about["b"]
            .as_str()
            .unwrap()
            .contains("Stiprināt pilsonisko sabiedrību.")
    );
    assert!(
        lv.iter().all(|d| d["t"] != "Slepenais melnraksts"),
        "no drafts"
    );
    assert!(lv.iter().all(|d| d["t"] != "About us"), "no English pages");
    let en = index_docs(&site.search_index("en/search-index.json"));
    assert!(en.iter().any(|d| d["t"] == "About us"));
    assert!(en.iter().all(|d| d["t"] != "Par mums"));
    // Every entry's URL is a page (relative to the index's folder).
    for (index, docs, folder) in [("lv", &lv, "/"), ("en", &en, "/en/")] {
        for d in docs.iter() {
            let url = resolve(folder, d["u"].as_str().unwrap()).unwrap();
            assert!(file_of(&site, &url).is_some(), "{index}: {url}");
        }
    }
    // Members, areas and reports are searchable too.
    let data = Site::fixture("data");
    data.build_ok();
    let lv = index_docs(&data.search_index("search-index.json"));
    assert!(lv.iter().any(|d| d["t"] == "Ģimenes"));
    assert!(lv.iter().any(|d| d["t"] == "Līdzdalība"));
    assert!(lv.iter().any(|d| d["t"] == "Indekss 2020"));
    let en = index_docs(&data.search_index("en/search-index.json"));
    assert!(en.iter().any(|d| d["t"] == "Participation"));
    assert!(en.iter().any(|d| d["t"] == "Index 2020"));
    // The search page lists all pages for readers without JavaScript.
    let page = visible_text(main_of(&data.page("meklet/index.html")));
    assert!(page.contains("Visas lapas"), "{page}");
    assert!(page.contains("Jaunums par līdzdalību"), "{page}");
}

#[test]
fn the_search_script_folds_diacritics_and_ranks_titles_first() {
    let site = Site::fixture("basic");
    site.write(
        "content/cits.md",
        "---\ntitle: Cits raksts\n---\nŠī ir biedrība. Ilgtspēja ir svarīga.\n",
    );
    site.write(
        "content/biedriba.md",
        "---\ntitle: Biedrība un tās biedri\n---\nTeksts.\n",
    );
    site.build_ok();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js");
    let program = r#"
        const s = require(process.argv[1]);
        const fs = require("fs");
        const { pathToFileURL } = require("url");
        // The script's own loader reads the manifest and its parts.
        const read = u => Promise.resolve(JSON.parse(fs.readFileSync(new URL(u), "utf8")));
        s.load(pathToFileURL(process.argv[2]).href, read).then(entries => {
            const docs = s.prepare(entries);
            const out = {
                fold: s.fold("Ģimenes Ķēķis ŽŪŠ"),
                biedriba: s.search(docs, "biedriba").map(d => d.t),
                upper: s.search(docs, "BIEDRIBA").map(d => d.t),
                ilgtspeja: s.search(docs, "ilgtspeja").map(d => d.t),
                two: s.search(docs, "mus merki").map(d => d.t),
                none: s.search(docs, "zzzz").map(d => d.t),
                count: docs.length,
            };
            console.log(JSON.stringify(out));
        });
    "#;
    let run = std::process::Command::new("node")
        .arg("-e")
        .arg(program)
        .arg(&script)
        .arg(site.path("output/search-index.json"))
        .output();
    let output = match run {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("note: `node` is not installed; the search script test is skipped");
            return;
        }
        Err(e) => panic!("cannot run node: {e}"),
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(out["fold"], "gimenes kekis zus");
    let found: Vec<&str> = out["biedriba"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        found.first(),
        Some(&"Biedrība un tās biedri"),
        "title match first: {found:?}"
    );
    assert!(
        found.contains(&"Cits raksts"),
        "a body match is found too: {found:?}"
    );
    assert_eq!(out["upper"], out["biedriba"]);
    let found = out["ilgtspeja"].as_array().unwrap();
    assert!(found.contains(&"Par mums".into()), "{found:?}");
    assert!(found.contains(&"Cits raksts".into()), "{found:?}");
    assert_eq!(out["two"], serde_json::json!(["Par mums"]));
    assert_eq!(out["none"], serde_json::json!([]));
    let entries = index_docs(&site.search_index("search-index.json")).len();
    assert_eq!(out["count"], entries, "the script loads every entry");
}

#[test]
fn the_bundled_site_builds_cleanly_under_a_sub_path() {
    // The repository's own site, copied so that the test writes nothing there.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for (rel, bytes) in common::snapshot(&content) {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let mut options = alianse::build::BuildOptions::new(&root);
    options.base_url = Some("https://example.org/alianse/".into());
    let result = alianse::build::build(&options);
    assert!(result.ok(), "{}", result.diagnostics);
    assert_eq!(
        result.diagnostics.len(),
        0,
        "warnings: {}",
        result.diagnostics
    );
    let output = root.join("output");
    let files = common::snapshot(&output);
    let exists = |path: &str| -> bool {
        let rel = path.trim_start_matches('/');
        let rel = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        files.contains_key(&rel)
    };
    let mut checked = 0;
    for (file, bytes) in &files {
        if !file.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        let page_url = format!("/alianse{}", url_of(file));
        for link in links_of(&html) {
            if link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            let path = if let Some(rest) = link.strip_prefix("https://example.org/alianse") {
                rest.to_string()
            } else if link.contains("://") {
                // Other sites (the sample members' web sites live on example.org too).
                continue;
            } else {
                let resolved = resolve(&page_url, &link)
                    .unwrap_or_else(|| panic!("{file}: {link} climbs above the host root"));
                resolved
                    .strip_prefix("/alianse")
                    .filter(|p| p.starts_with('/'))
                    .unwrap_or_else(|| panic!("{file}: {link} leaves /alianse/"))
                    .to_string()
            };
            assert!(
                exists(&path),
                "{file}: {link} → {path} is not in the output"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn full_content_feeds_have_absolute_links() {
    let site = Site::fixture("basic");
    site.edit(
        "content/site.yaml",
        "feeds: {section: jaunumi, content: summary}",
        "feeds: {section: jaunumi, content: full}",
    );
    site.edit(
        "content/jaunumi/zina-5.md",
        "Ziņas 5 teksts.",
        "Ziņas 5 teksts ar [vēsturi](../par-mums.md#vesture) un ![dokuments](/docs/noteikumi.txt).",
    );
    let run = site.run(&[
        "build",
        "--quiet",
        "--base-url",
        "https://example.org/alianse/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let feed = site.page("atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let content = doc
        .descendants()
        .find(|n| n.tag_name().name() == "content")
        .and_then(|n| n.text())
        .expect("full content");
    assert!(
        content.contains("<a href=\"https://example.org/alianse/par-mums/#vesture\">vēsturi</a>"),
        "{content}"
    );
    assert!(
        content.contains("src=\"https://example.org/alianse/docs/noteikumi.txt\""),
        "{content}"
    );
}

#[test]
fn a_bad_base_url_flag_is_named_as_the_flag() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--base-url", "example.org/alianse"]);
    // A wrong flag is a usage error.
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: --base-url `example.org/alianse` is not an absolute http(s) URL"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("site.yaml"), "{}", run.stderr);
    // A bad base_url in site.yaml names the file and line.
    site.edit(
        "content/site.yaml",
        "base_url: https://example.org/",
        "base_url: example.org",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: content/site.yaml:3: base_url `example.org/` is not an absolute http(s) URL"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.path("output").exists());
}

#[test]
fn each_language_has_a_404_page_and_a_search_page() {
    let site = Site::fixture("basic");
    site.build_ok();
    let lv = site.page("404.html");
    assert!(lv.contains("<html lang=\"lv\">"));
    assert!(visible_text(main_of(&lv)).contains("Lapa nav atrasta"));
    // Served at any URL, so its links start at the root.
    assert_eq!(link_to(&lv, "Par mums"), "/par-mums/");
    let en = site.page("en/404.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(visible_text(main_of(&en)).contains("Page not found"));
    assert_eq!(link_to(&en, "About"), "/en/about/");
    let search = site.page("meklet/index.html");
    assert!(
        search.contains("data-url=\"../search-index.json\""),
        "{search}"
    );
    let search = site.page("en/search/index.html");
    assert!(
        search.contains("data-url=\"../search-index.json\""),
        "{search}"
    );
    assert!(search.contains("<script src=\"../../search."), "{search}");
}
