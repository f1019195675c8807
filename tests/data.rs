//! End-to-end tests of the alliance's data (issue 3): the member directory in
//! Latvian and English order, member, area and report pages in both
//! languages, charts with gaps that agree with their tables, locale numbers
//! and plurals, and every validation of the data files.
//!
//! The page tests read what a reader gets (visible text, link targets,
//! headings, table cells, the chart's title and description, `lang`), not
//! the theme's class names, so that a new look does not break them.

mod common;

use std::path::Path;

use alianse::error::{Diagnostic, Severity};
use common::{Site, attrs, main_of, resolve, visible_text};

// ------------------------------------------------------------ HTML reading

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The tag name of the tag starting at `html[at]` (`<name` or `</name`).
fn tag_name(html: &str, at: usize) -> String {
    html[at + 1..]
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The whole element (start tag to end tag) whose start tag begins at `at`.
fn element_at(html: &str, at: usize) -> &str {
    let name = tag_name(html, at);
    let start_end = at + html[at..].find('>').expect("a closed start tag") + 1;
    if VOID.contains(&name.as_str()) || html[..start_end].ends_with("/>") {
        return &html[at..start_end];
    }
    let mut depth = 1;
    let mut pos = start_end;
    while let Some(i) = html[pos..].find('<') {
        let i = pos + i;
        let closing = html[i + 1..].starts_with('/');
        if tag_name(html, i) == name {
            let end = i + html[i..].find('>').expect("a closed tag") + 1;
            if closing {
                depth -= 1;
                if depth == 0 {
                    return &html[at..end];
                }
            } else if !html[..end].ends_with("/>") {
                depth += 1;
            }
        }
        pos = i + 1;
    }
    panic!("<{name}> is not closed");
}

/// Every element named one of `names`, outer HTML, in document order.
fn elements<'a>(html: &'a str, names: &[&str]) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(i) = html[pos..].find('<') {
        let i = pos + i;
        if !html[i + 1..].starts_with('/') && names.contains(&tag_name(html, i).as_str()) {
            found.push(element_at(html, i));
        }
        pos = i + 1;
    }
    found
}

/// The start tag of an element.
fn start_tag(element: &str) -> &str {
    &element[..=element.find('>').unwrap()]
}

/// The element with this `id`.
fn by_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element with id {id}"));
    element_at(html, html[..at].rfind('<').unwrap())
}

/// The links of a piece of HTML: (href, visible text).
fn links(html: &str) -> Vec<(String, String)> {
    elements(html, &["a"])
        .into_iter()
        .map(|a| {
            let href = attrs(start_tag(a), "href").first().copied().unwrap_or("");
            (href.to_string(), visible_text(a))
        })
        .collect()
}

/// Where the link with this visible text leads, from the page at `url`.
#[track_caller]
fn target(html: &str, url: &str, text: &str) -> String {
    let (href, _) = links(html)
        .into_iter()
        .find(|(_, t)| t == text)
        .unwrap_or_else(|| panic!("no link {text:?} on {url}"));
    resolve(url, &href).expect("a link inside the site")
}

/// The visible texts of the `h1` of a page's main content.
fn h1s(html: &str) -> Vec<String> {
    elements(main_of(html), &["h1"])
        .into_iter()
        .map(visible_text)
        .collect()
}

/// The language a reader's software uses for the first `text` in the body:
/// the `lang` of the nearest element around it that has one.
#[track_caller]
fn lang_of(html: &str, text: &str) -> String {
    let body = html.find("<body").expect("a body");
    let at = body
        + html[body..]
            .find(text)
            .unwrap_or_else(|| panic!("no {text:?} in the body"));
    let mut open: Vec<(String, Option<String>)> = Vec::new();
    let mut pos = 0;
    while let Some(i) = html[pos..at].find('<') {
        let i = pos + i;
        let end = i + html[i..].find('>').unwrap() + 1;
        pos = end;
        if html[i + 1..].starts_with('!') {
            continue;
        }
        let name = tag_name(html, i);
        if html[i + 1..].starts_with('/') {
            if let Some(k) = open.iter().rposition(|(n, _)| *n == name) {
                open.truncate(k);
            }
        } else if !VOID.contains(&name.as_str()) && !html[..end].ends_with("/>") {
            let lang = attrs(&html[i..end], "lang").first().map(|l| l.to_string());
            open.push((name, lang));
        }
    }
    open.iter()
        .rev()
        .find_map(|(_, lang)| lang.clone())
        .expect("a lang attribute around the text")
}

/// Fails unless `parts` appear in `text` in this order.
#[track_caller]
fn assert_in_order(text: &str, parts: &[&str]) {
    let mut rest = text;
    for part in parts {
        let at = rest
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} missing (in this order {parts:?}) in {text}"));
        rest = &rest[at + part.len()..];
    }
}

/// The cells (visible text) of the body rows of a table; header cells too.
fn body_rows(table: &str) -> Vec<Vec<String>> {
    let body = elements(table, &["tbody"]);
    let body = body.first().expect("a table body");
    elements(body, &["tr"])
        .into_iter()
        .map(|row| {
            elements(row, &["th", "td"])
                .into_iter()
                .map(visible_text)
                .collect()
        })
        .collect()
}

/// The only table of a page's main content.
fn the_table(html: &str) -> &str {
    let tables = elements(main_of(html), &["table"]);
    assert_eq!(tables.len(), 1, "one table");
    tables[0]
}

// --------------------------------------------------------------- directory

/// The letter index of a directory page: (letter, link target).
fn letter_index(html: &str) -> Vec<(String, String)> {
    // The navigation of in-page links whose texts are single letters.
    let navs: Vec<Vec<(String, String)>> = elements(main_of(html), &["nav"])
        .into_iter()
        .map(links)
        .filter(|l| {
            !l.is_empty()
                && l.iter()
                    .all(|(href, text)| href.starts_with('#') && text.chars().count() == 1)
        })
        .collect();
    assert_eq!(navs.len(), 1, "one letter index");
    navs[0]
        .iter()
        .map(|(href, text)| (text.clone(), href.clone()))
        .collect()
}

/// The letters of the letter index.
fn letters(html: &str) -> Vec<String> {
    letter_index(html).into_iter().map(|(l, _)| l).collect()
}

/// The member names of the alphabetical directory (`url` is the page's
/// address), in the order shown: the member links from the first letter's
/// heading to the end of the main content.
fn directory_names(html: &str, url: &str) -> Vec<String> {
    let main = main_of(html);
    let first = &letter_index(html)[0].1;
    let from = main
        .find(&format!(" id=\"{}\"", first.trim_start_matches('#')))
        .expect("the first letter's heading");
    links(&main[from..])
        .into_iter()
        .filter(|(href, _)| {
            // A web address (the data licence below the directory) is no member page.
            !href.contains("://")
                && resolve(url, href).is_some_and(|t| t.starts_with(url) && t.len() > url.len())
        })
        .map(|(_, name)| name)
        .collect()
}

#[test]
fn the_latvian_directory_follows_latvian_collation() {
    let site = Site::fixture("data");
    site.build_ok();
    let html = site.page("biedri/index.html");
    assert_eq!(
        directory_names(&html, "/biedri/"),
        [
            "Auseklis",
            "Ābeles",
            "Cīrulis",
            "Čiekurs",
            "Gaisma",
            "Ģimenes",
            "Saule",
            "Šūpoles",
            "Zvaigzne",
            "Žubīte"
        ]
    );
    // Long vowels and letters with diacritics are letters of their own.
    assert_eq!(
        letters(&html),
        ["A", "Ā", "C", "Č", "G", "Ģ", "S", "Š", "Z", "Ž"]
    );
    // Each letter links to its group, whose heading is that letter.
    let index = letter_index(&html);
    assert_eq!(index.len(), 10);
    for (letter, href) in index {
        let id = href.trim_start_matches('#');
        let heading = by_id(main_of(&html), id);
        assert!(
            ["h2", "h3", "h4"].contains(&tag_name(heading, 0).as_str()),
            "{letter} links to {heading}, not a heading"
        );
        assert_eq!(visible_text(heading), letter, "the group of {letter}");
    }
}

#[test]
fn the_english_directory_follows_english_collation() {
    let site = Site::fixture("data");
    site.build_ok();
    let html = site.page("en/members/index.html");
    assert_eq!(
        directory_names(&html, "/en/members/"),
        [
            "Ābeles",
            "Auseklis",
            "Čiekurs",
            "Cīrulis",
            "Gaisma",
            "Ģimenes",
            "Saule",
            "Šūpoles",
            "Žubīte",
            "Zvaigzne"
        ]
    );
    assert_eq!(letters(&html), ["A", "C", "G", "S", "Z"]);
}

/// The member links of the part of a page a link of it (`#id`) leads to.
fn members_under(html: &str, url: &str, link_text: &str) -> Vec<String> {
    let (href, _) = links(main_of(html))
        .into_iter()
        .find(|(_, t)| t == link_text)
        .unwrap_or_else(|| panic!("no link {link_text:?}"));
    let id = href
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("{link_text:?} leads to {href}, not into the page"));
    links(by_id(main_of(html), id))
        .into_iter()
        .filter(|(href, _)| {
            resolve(url, href).is_some_and(|t| t.starts_with(url) && t.len() > url.len())
        })
        .map(|(_, name)| name)
        .collect()
}

#[test]
fn the_directory_counts_members_by_kind_and_region_and_links_areas() {
    let site = Site::fixture("data");
    site.build_ok();
    let html = site.page("biedri/index.html");
    let text = visible_text(main_of(&html));
    assert!(text.contains("10 biedru."), "{text}");
    assert!(
        text.contains("Biedrības 7 Nodibinājumi 2 Citas organizācijas 1"),
        "{text}"
    );
    assert!(
        text.contains("Kurzeme 2 Latgale 2 Rīga 3 Vidzeme 2 Zemgale 1"),
        "{text}"
    );
    // Each count leads to that many members, of that kind or region.
    for (link, count) in [
        ("Biedrības 7", 7),
        ("Nodibinājumi 2", 2),
        ("Citas organizācijas 1", 1),
        ("Kurzeme 2", 2),
        ("Latgale 2", 2),
        ("Rīga 3", 3),
        ("Vidzeme 2", 2),
        ("Zemgale 1", 1),
    ] {
        assert_eq!(
            members_under(&html, "/biedri/", link).len(),
            count,
            "{link}"
        );
    }
    assert_eq!(
        members_under(&html, "/biedri/", "Rīga 3"),
        ["Auseklis", "Zvaigzne", "Žubīte"]
    );
    assert_eq!(
        members_under(&html, "/biedri/", "Nodibinājumi 2"),
        ["Ģimenes", "Saule"]
    );
    // Areas link to their pages, with their member counts.
    assert_eq!(
        target(main_of(&html), "/biedri/", "Līdzdalība 10"),
        "/darbibas-jomas/lidzdaliba/"
    );
    assert_eq!(
        target(main_of(&html), "/biedri/", "Interešu aizstāvība 1"),
        "/darbibas-jomas/aizstaviba/"
    );
    let en = site.page("en/members/index.html");
    let text = visible_text(main_of(&en));
    assert!(text.contains("10 members"), "{text}");
    assert!(text.contains("Associations 7 Foundations 2"), "{text}");
    assert_eq!(members_under(&en, "/en/members/", "Foundations 2").len(), 2);
    assert_eq!(
        target(main_of(&en), "/en/members/", "Capacity 2"),
        "/en/areas/kapacitate/"
    );
}

#[test]
fn member_pages_in_both_languages() {
    let site = Site::fixture("data");
    site.build_ok();
    let url = "/biedri/auseklis/";
    let lv = site.page("biedri/auseklis/index.html");
    assert_eq!(h1s(&lv), ["Auseklis"]);
    let text = visible_text(main_of(&lv));
    assert!(text.contains("Veids Biedrība"), "{text}");
    assert!(text.contains("Biedrs kopš 2001"), "{text}");
    assert!(text.contains("Reģions Rīga"), "{text}");
    assert_in_order(&text, &["Darbības jomas", "Līdzdalība", "Kapacitāte"]);
    assert_eq!(
        target(main_of(&lv), url, "Līdzdalība"),
        "/darbibas-jomas/lidzdaliba/"
    );
    assert_eq!(
        target(main_of(&lv), url, "Kapacitāte"),
        "/darbibas-jomas/kapacitate/"
    );
    // The description is Markdown.
    assert!(lv.contains("Biedrība, kas <strong>rīko</strong> sarunas."));
    assert!(
        links(main_of(&lv))
            .iter()
            .any(|(href, _)| href == "https://auseklis.example.org/"),
        "a link to the website"
    );
    assert!(attrs(main_of(&lv), "src").contains(&"../../logos/auseklis.svg"));
    let url = "/en/members/auseklis/";
    let en = site.page("en/members/auseklis/index.html");
    assert_eq!(h1s(&en), ["Auseklis"]);
    let text = visible_text(main_of(&en));
    assert!(text.contains("Kind Association"), "{text}");
    assert!(text.contains("Region Riga"), "{text}");
    assert_in_order(&text, &["Areas", "Participation", "Capacity"]);
    assert_eq!(
        target(main_of(&en), url, "Participation"),
        "/en/areas/lidzdaliba/"
    );
    assert_eq!(
        target(main_of(&en), url, "Capacity"),
        "/en/areas/kapacitate/"
    );
    assert!(en.contains("An association that <strong>hosts</strong> talks."));
    assert!(attrs(main_of(&en), "src").contains(&"../../../logos/auseklis.svg"));
    // Every member has a page in each language.
    for id in [
        "abeles", "auseklis", "ciekurs", "cirulis", "gaisma", "gimenes", "saule", "supoles",
        "zubite", "zvaigzne",
    ] {
        assert!(site.exists(&format!("biedri/{id}/index.html")), "{id}");
        assert!(site.exists(&format!("en/members/{id}/index.html")), "{id}");
    }
}

/// The member links of the section of an area page whose heading starts
/// with `heading`, and that heading's text.
fn area_members(html: &str, url: &str, heading: &str) -> (String, Vec<String>) {
    let section = elements(main_of(html), &["section"])
        .into_iter()
        .find(|s| {
            elements(s, &["h2"])
                .first()
                .is_some_and(|h| visible_text(h).starts_with(heading))
        })
        .unwrap_or_else(|| panic!("no section {heading:?} on {url}"));
    let title = visible_text(elements(section, &["h2"])[0]);
    let members = links(section)
        .into_iter()
        .filter(|(href, _)| {
            resolve(url, href).is_some_and(|t| t.contains("/biedri/") || t.contains("/members/"))
        })
        .map(|(_, name)| name)
        .collect();
    (title, members)
}

#[test]
fn area_pages_list_their_members_and_pages() {
    let site = Site::fixture("data");
    site.build_ok();
    let url = "/darbibas-jomas/lidzdaliba/";
    let lv = site.page("darbibas-jomas/lidzdaliba/index.html");
    assert_eq!(h1s(&lv), ["Līdzdalība"]);
    let text = visible_text(main_of(&lv));
    assert!(text.contains("Garāks apraksts par līdzdalību."));
    let (title, members) = area_members(&lv, url, "Biedri šajā jomā");
    assert_eq!(title, "Biedri šajā jomā 10");
    assert_eq!(members.len(), 10, "{members:?}");
    assert_eq!(target(main_of(&lv), url, "Auseklis"), "/biedri/auseklis/");
    assert_eq!(
        target(main_of(&lv), url, "Jaunums par līdzdalību"),
        "/jaunums/",
        "the tagged page is listed"
    );
    let url = "/darbibas-jomas/aizstaviba/";
    let small = site.page("darbibas-jomas/aizstaviba/index.html");
    let (title, members) = area_members(&small, url, "Biedri šajā jomā");
    assert_eq!(title, "Biedri šajā jomā 1");
    assert_eq!(members, ["Ābeles"]);
    assert!(!visible_text(main_of(&small)).contains("Auseklis"));
    let url = "/en/areas/kapacitate/";
    let en = site.page("en/areas/kapacitate/index.html");
    assert_eq!(h1s(&en), ["Capacity"]);
    let (title, members) = area_members(&en, url, "Members");
    assert!(title.ends_with(" 2"), "{title}");
    assert_eq!(members, ["Auseklis", "Šūpoles"]);
    assert_eq!(target(main_of(&en), url, "Šūpoles"), "/en/members/supoles/");
    assert!(!visible_text(main_of(&en)).contains("Saule"));
    // The areas overview has Markdown summaries.
    assert!(
        site.page("en/areas/index.html")
            .contains("Public <strong>participation</strong>.")
    );
}

#[test]
fn counts_use_plural_rules_of_the_language() {
    let site = Site::fixture("data");
    site.build_ok();
    let lv = visible_text(main_of(&site.page("darbibas-jomas/index.html")));
    for count in ["10 biedru", "2 biedri", "Interešu aizstāvība. 1 biedrs"] {
        assert!(lv.contains(count), "{count} missing in {lv}");
    }
    let en = visible_text(main_of(&site.page("en/areas/index.html")));
    for count in ["10 members", "2 members", "Advocacy. 1 member"] {
        assert!(en.contains(count), "{count} missing in {en}");
    }
}

#[test]
fn report_pages_exist_in_both_languages() {
    let site = Site::fixture("data");
    site.build_ok();
    for path in [
        "zinojumi/index.html",
        "zinojumi/2019/index.html",
        "zinojumi/2020/index.html",
        "en/reports/index.html",
        "en/reports/2019/index.html",
        "en/reports/2020/index.html",
    ] {
        assert!(site.exists(path), "{path}");
    }
    let page = site.page("zinojumi/2020/index.html");
    assert_eq!(h1s(&page), ["Indekss 2020"]);
    let lv = visible_text(main_of(&page));
    // The score with its label, its band and the change from 2019.
    assert_in_order(
        &lv,
        &[
            "Kopvērtējums: 2,6",
            "Ilgtspēja nostiprināta",
            "−0,1",
            "uzlabojums",
        ],
    );
    assert!(lv.contains("parauga dati"), "the sample notice: {lv}");
    assert!(
        lv.contains("Stāstījums par 2020. gadu."),
        "the narrative: {lv}"
    );
    assert!(lv.contains("Reģistrētās NVO 23 000,5"), "{lv}");
    let page = site.page("en/reports/2020/index.html");
    assert_eq!(h1s(&page), ["Index 2020"]);
    let en = visible_text(main_of(&page));
    assert_in_order(
        &en,
        &[
            "Overall score: 2.6",
            "Sustainability Enhanced",
            "−0.1",
            "better",
        ],
    );
    assert!(en.contains("Registered NGOs 23,000.5"), "{en}");
    let first = visible_text(main_of(&site.page("zinojumi/2019/index.html")));
    assert_in_order(&first, &["Kopvērtējums: 2,7", "Ilgtspēja nostiprināta"]);
    assert!(!first.contains("parauga dati"), "2019 is not sample data");
}

/// The rows of the dimension table: (name, score text, change text).
fn table_rows(html: &str) -> Vec<(String, String, String)> {
    body_rows(the_table(html))
        .into_iter()
        .map(|cells| {
            assert_eq!(cells.len(), 3, "{cells:?}");
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect()
}

/// The chart of a page's main content (the one SVG that is an image), parsed.
fn chart_svg(html: &str) -> String {
    let charts: Vec<&str> = elements(main_of(html), &["svg"])
        .into_iter()
        .filter(|svg| start_tag(svg).contains(" role=\"img\""))
        .collect();
    assert_eq!(charts.len(), 1, "one chart");
    charts[0].to_string()
}

/// What a chart says: its title, its description as (label, value) pairs,
/// the visible texts in order, and the titles of its bars.
struct Chart {
    title: String,
    desc: Vec<(String, String)>,
    texts: Vec<String>,
    bars: Vec<String>,
}

fn read_chart(html: &str) -> Chart {
    let svg = chart_svg(html);
    let doc = roxmltree::Document::parse(&svg).expect("the chart is well-formed XML");
    let root = doc.root_element();
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    let title = child_text(root, "title").expect("the chart has a title");
    let desc = child_text(root, "desc").expect("the chart has a description");
    // The image is named and described by them.
    let labelled_by = root.attribute("aria-labelledby").unwrap_or("");
    for name in ["title", "desc"] {
        let id = root
            .children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.attribute("id"))
            .unwrap_or("");
        assert!(
            !id.is_empty() && labelled_by.split_whitespace().any(|l| l == id),
            "the chart is labelled by its {name}"
        );
    }
    let desc = desc
        .split("; ")
        .map(|part| {
            let (label, value) = part.rsplit_once(": ").expect("label: value");
            (label.to_string(), value.to_string())
        })
        .collect();
    let texts = root
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let bars = root
        .descendants()
        .filter(|n| n.tag_name().name() == "rect")
        .map(|n| child_text(n, "title").unwrap_or_default())
        .collect();
    Chart {
        title,
        desc,
        texts,
        bars,
    }
}

#[test]
fn a_missing_score_is_a_gap_and_chart_and_table_agree() {
    let site = Site::fixture("data");
    site.build_ok();
    for (path, missing, gap) in [
        (
            "zinojumi/2020/index.html",
            "nav datu",
            "Finansiālā dzīvotspēja",
        ),
        (
            "en/reports/2020/index.html",
            "no data",
            "Financial viability",
        ),
    ] {
        let html = site.page(path);
        let chart = read_chart(&html);
        assert!(chart.title.contains("2020"), "{path}: {}", chart.title);
        let rows = table_rows(&html);
        assert_eq!(rows.len(), 7, "{path}");
        assert_eq!(chart.desc.len(), 7, "{path}");
        for ((label, value), row) in chart.desc.iter().zip(&rows) {
            assert_eq!(*label, row.0, "{path}: same dimension order");
            assert_eq!(*value, row.1, "{path}: same number for {label}");
            // What the chart shows: the label, then its number.
            let at = chart
                .texts
                .iter()
                .position(|t| *t == row.0)
                .unwrap_or_else(|| panic!("{path}: no label {}", row.0));
            assert_eq!(
                chart.texts.get(at + 1),
                Some(&row.1),
                "{path}: the chart shows {}",
                row.0
            );
        }
        // financial_viability has no score: no bar, and "no data" in both.
        assert_eq!(rows[2].0, gap, "{path}");
        assert_eq!(rows[2].1, missing);
        assert_eq!(chart.desc[2].1, missing);
        assert_eq!(rows[2].2, "–", "no change for a missing score");
        assert_eq!(chart.bars.len(), 6, "{path}: {:?}", chart.bars);
        assert!(
            !chart.bars.iter().any(|b| b.starts_with(gap)),
            "a missing score has no bar (not a zero bar): {:?}",
            chart.bars
        );
        // Each bar is named by its dimension and number.
        for (bar, (label, value)) in chart
            .bars
            .iter()
            .zip(chart.desc.iter().filter(|(l, _)| l != gap))
        {
            assert_eq!(*bar, format!("{label}: {value}"), "{path}");
        }
    }
    let lv = site.page("zinojumi/2020/index.html");
    let numbers: Vec<String> = read_chart(&lv).desc.into_iter().map(|d| d.1).collect();
    assert_eq!(
        numbers,
        ["1,9", "3,0", "nav datu", "2,2", "3,0", "2,8", "3,1"]
    );
    let en = site.page("en/reports/2020/index.html");
    let numbers: Vec<String> = read_chart(&en).desc.into_iter().map(|d| d.1).collect();
    assert_eq!(
        numbers,
        ["1.9", "3.0", "no data", "2.2", "3.0", "2.8", "3.1"]
    );
    // Changes from 2019, where lower is better.
    let rows = table_rows(&lv);
    assert_eq!(rows[0].2, "−0,1 uzlabojums");
    assert_eq!(rows[1].2, "±0 bez izmaiņām");
    assert_eq!(rows[3].2, "+0,2 pasliktinājums");
    let rows = table_rows(&en);
    assert_eq!(rows[0].2, "−0.1 better");
    assert_eq!(rows[3].2, "+0.2 worse");
}

#[test]
fn the_reports_index_has_every_year_in_a_table() {
    let site = Site::fixture("data");
    site.build_ok();
    for (path, url, rows) in [
        (
            "zinojumi/index.html",
            "/zinojumi/",
            [
                ["2019", "2,7", "2,0", "3,0", "3,0", "2,0"],
                ["2020", "2,6", "1,9", "3,0", "–", "2,2"],
            ],
        ),
        (
            "en/reports/index.html",
            "/en/reports/",
            [
                ["2019", "2.7", "2.0", "3.0", "3.0", "2.0"],
                ["2020", "2.6", "1.9", "3.0", "–", "2.2"],
            ],
        ),
    ] {
        let html = site.page(path);
        let table = the_table(&html);
        let got = body_rows(table);
        assert_eq!(got.len(), 2, "{path}: {got:?}");
        for (cells, want) in got.iter().zip(rows) {
            // The year (the sample year has a note), the overall score, the
            // dimensions in order: a missing score is a dash.
            assert!(cells[0].starts_with(want[0]), "{path}: {cells:?}");
            assert_eq!(cells[1..6], want[1..], "{path}");
            assert_eq!(cells.len(), 9, "{path}: year, overall, 7 dimensions");
            assert_eq!(
                target(table, url, want[0]),
                format!("{url}{}/", want[0]),
                "{path}: the year links to its report"
            );
        }
    }
}

// ---------------------------------------------------------------- validation

/// Builds a copy of `data` after `spoil`; returns all diagnostics and whether it built.
fn spoiled(spoil: impl FnOnce(&Site)) -> (Vec<Diagnostic>, bool) {
    let site = Site::fixture("data");
    spoil(&site);
    let result = site.build();
    let ok = result.ok();
    if !ok {
        assert!(
            !site.path("output").exists(),
            "a failed build wrote output/"
        );
    }
    (result.diagnostics.into_vec(), ok)
}

#[track_caller]
fn find<'a>(all: &'a [Diagnostic], file: &str, line: usize, message: &str) -> &'a Diagnostic {
    all.iter()
        .find(|d| {
            d.file.as_deref() == Some(Path::new(file))
                && d.line == Some(line)
                && d.message.contains(message)
        })
        .unwrap_or_else(|| panic!("no {file}:{line} {message:?} among {all:#?}"))
}

#[test]
fn duplicate_member_ids() {
    let (all, ok) =
        spoiled(|s| s.edit("content/data/members.yaml", "- id: saule", "- id: auseklis"));
    assert!(!ok);
    let d = find(
        &all,
        "content/data/members.yaml",
        16,
        "duplicate member id `auseklis`",
    );
    assert!(d.message.contains("first used on line 7"), "{d}");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn duplicate_area_ids() {
    let (all, ok) = spoiled(|s| {
        s.edit(
            "content/data/areas.yaml",
            "- id: aizstaviba",
            "- id: kapacitate",
        )
    });
    assert!(!ok);
    find(
        &all,
        "content/data/areas.yaml",
        8,
        "duplicate area id `kapacitate`",
    );
}

#[test]
fn ids_must_be_slugs() {
    let (all, ok) = spoiled(|s| {
        s.edit("content/data/members.yaml", "- id: saule", "- id: ../saule");
        s.edit(
            "content/data/members.yaml",
            "- id: abeles",
            "- id: Ābeles/x",
        );
    });
    assert!(!ok);
    let d = find(
        &all,
        "content/data/members.yaml",
        16,
        "member id `../saule` is not a slug",
    );
    assert!(d.help.is_some());
    find(
        &all,
        "content/data/members.yaml",
        22,
        "member id `Ābeles/x` is not a slug",
    );
}

#[test]
fn a_members_unknown_area_suggests_the_right_one() {
    let (all, ok) = spoiled(|s| {
        s.edit(
            "content/data/members.yaml",
            "areas: [lidzdaliba, kapacitate]",
            "areas: [lidzdaliba, kapacitat]",
        )
    });
    assert!(!ok);
    let d = find(
        &all,
        "content/data/members.yaml",
        15,
        "unknown activity area `kapacitat`",
    );
    assert!(d.to_string().contains("did you mean `kapacitate`?"), "{d}");
}

#[test]
fn a_pages_unknown_area() {
    let (all, ok) = spoiled(|s| {
        s.edit(
            "content/jaunums.md",
            "areas: [lidzdaliba]",
            "areas: [aizstavība]",
        )
    });
    assert!(!ok);
    let d = find(
        &all,
        "content/jaunums.md",
        4,
        "unknown activity area `aizstavība`",
    );
    assert!(d.to_string().contains("did you mean `aizstaviba`?"), "{d}");
}

#[test]
fn a_score_outside_the_scale() {
    let (all, ok) = spoiled(|s| {
        s.edit(
            "content/data/reports/2019.yaml",
            "advocacy: {score: 2.0}",
            "advocacy: {score: 8.0}",
        );
        s.edit(
            "content/data/reports/2020.yaml",
            "overall: 2.6",
            "overall: 0.5",
        );
    });
    assert!(!ok);
    let d = find(
        &all,
        "content/data/reports/2019.yaml",
        8,
        "advocacy score 8 is outside the scale 1–7",
    );
    assert!(
        d.to_string().contains("8 |   advocacy: {score: 8.0}"),
        "{d}"
    );
    find(
        &all,
        "content/data/reports/2020.yaml",
        3,
        "overall score 0.5 is outside the scale 1–7",
    );
}

#[test]
fn a_year_that_does_not_match_the_file_name() {
    let (all, ok) =
        spoiled(|s| s.edit("content/data/reports/2019.yaml", "year: 2019", "year: 2018"));
    assert!(!ok);
    let d = find(
        &all,
        "content/data/reports/2019.yaml",
        1,
        "year 2018 does not match the file name 2019.yaml",
    );
    assert!(d.help.as_deref().unwrap().contains("2018.yaml"));
}

#[test]
fn a_year_given_twice() {
    let (all, ok) = spoiled(|s| {
        let text = std::fs::read_to_string(s.path("content/data/reports/2019.yaml")).unwrap();
        s.write("content/data/reports/2021.yaml", text);
    });
    assert!(!ok);
    let twice = all
        .iter()
        .find(|d| d.message.contains("the report for 2019 is given twice"))
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert_eq!(twice.line, Some(1));
    let file = twice.file.as_deref().unwrap();
    assert!(
        file == Path::new("content/data/reports/2021.yaml")
            || file == Path::new("content/data/reports/2019.yaml"),
        "{twice}"
    );
    assert!(
        twice.message.contains("also in content/data/reports/20"),
        "{twice}"
    );
}

#[test]
fn an_overall_score_far_from_the_mean_is_a_warning() {
    let site = Site::fixture("data");
    site.edit(
        "content/data/reports/2019.yaml",
        "overall: 2.7",
        "overall: 4.0",
    );
    let result = site.build_ok();
    let warning = result
        .diagnostics
        .warnings()
        .find(|d| d.message.contains("overall score 4 differs from the mean"))
        .unwrap_or_else(|| panic!("{}", result.diagnostics));
    assert_eq!(
        warning.file.as_deref(),
        Some(Path::new("content/data/reports/2019.yaml"))
    );
    assert_eq!(warning.line, Some(3));
    assert_eq!(warning.kind, alianse::error::ErrorKind::InvalidValue);
    assert!(warning.message.contains("(2.71)"), "{warning}");
    assert!(site.exists("zinojumi/2019/index.html"));
    // The binary prints it as a warning and exits 0.
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: content/data/reports/2019.yaml:3:10: overall score 4 differs"),
        "{}",
        run.stderr
    );
    // A rounded published score is no warning.
    let clean = Site::fixture("data");
    let result = clean.build_ok();
    assert_eq!(
        result.diagnostics.warnings().count(),
        0,
        "{}",
        result.diagnostics
    );
}

#[test]
fn a_missing_logo_file() {
    let (all, ok) = spoiled(|s| s.remove("content/static/logos/auseklis.svg"));
    assert!(!ok);
    let d = find(
        &all,
        "content/data/members.yaml",
        11,
        "logo `logos/auseklis.svg` is not a file under content/static/",
    );
    assert!(d.help.is_some());
}

#[test]
fn an_unknown_key_in_a_data_file() {
    let (all, ok) = spoiled(|s| {
        s.edit(
            "content/data/members.yaml",
            "  joined: 2010\n",
            "  joinde: 2010\n",
        )
    });
    assert!(!ok);
    let d = find(&all, "content/data/members.yaml", 19, "joinde");
    assert!(d.to_string().contains("did you mean `joined`?"), "{d}");
}

#[test]
fn all_data_problems_are_reported_together() {
    let site = Site::fixture("data");
    site.edit("content/data/members.yaml", "- id: saule", "- id: auseklis");
    site.edit(
        "content/data/reports/2019.yaml",
        "advocacy: {score: 2.0}",
        "advocacy: {score: 9.0}",
    );
    site.edit("content/jaunums.md", "areas: [lidzdaliba]", "areas: [nav]");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: content/data/members.yaml:16"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: content/data/reports/2019.yaml:8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: content/jaunums.md:4"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 errors found"), "{}", run.stderr);
}

#[test]
fn the_reports_index_has_a_trend_chart_with_the_same_numbers() {
    let site = Site::fixture("data");
    site.build_ok();
    let lv = site.page("zinojumi/index.html");
    assert!(lv.contains(
        "<title id=\"chart-trend-title\">Kopvērtējums pa gadiem</title><desc id=\"chart-trend-desc\">2019: 2,7; 2020 (parauga dati): 2,6</desc>"
    ), "{lv}");
    let en = site.page("en/reports/index.html");
    assert!(en.contains("<desc id=\"chart-trend-desc\">2019: 2.7; 2020 (sample data): 2.6</desc>"));
}

#[test]
fn a_missing_language_falls_back_to_the_default_one() {
    let site = Site::fixture("data");
    site.edit(
        "content/data/areas.yaml",
        "name: {lv: Kapacitāte, en: Capacity}",
        "name: {lv: Kapacitāte}",
    );
    site.build_ok();
    let en = site.page("en/areas/kapacitate/index.html");
    assert_eq!(h1s(&en), ["Kapacitāte"]);
    // The stand-in name is marked as Latvian for screen readers.
    assert!(en.contains("<h1 lang=\"lv\">Kapacitāte</h1>"), "{en}");
    assert!(
        site.page("darbibas-jomas/kapacitate/index.html")
            .contains("<h1>Kapacitāte</h1>")
    );
    // Plain strings are the same in every language.
    assert_eq!(
        h1s(&site.page("en/members/gimenes/index.html")),
        ["Ģimenes"]
    );
    assert_eq!(h1s(&site.page("biedri/gimenes/index.html")), ["Ģimenes"]);
}

#[test]
fn area_feeds_hold_the_pages_tagged_with_the_area() {
    let site = Site::fixture("data");
    site.build_ok();
    let feed = site.page("darbibas-jomas/lidzdaliba/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the area feed is XML");
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "entry")
        .flat_map(|e| e.children().filter(|c| c.tag_name().name() == "link"))
        .filter_map(|l| l.attribute("href"))
        .collect();
    assert_eq!(links, ["https://example.org/jaunums/"]);
    // The page has no English version, so the English area feed is empty.
    let en = site.page("en/areas/lidzdaliba/atom.xml");
    let doc = roxmltree::Document::parse(&en).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.tag_name().name() == "entry")
            .count(),
        0
    );
    assert!(
        site.page("darbibas-jomas/lidzdaliba/index.html")
            .contains("atom.xml")
    );
}

#[test]
fn templates_reach_members_areas_and_reports() {
    let site = Site::fixture("data");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}<p id=\"dati\">{{ data.members | length }} biedri; \
{% for a in data.areas %}{{ a.name }}={{ a.member_count }} {% endfor %}; \
{% for r in data.reports %}{{ r.year }}:{{ r.overall_text }} {% endfor %}</p>{% endblock content %}\n",
    );
    site.build_ok();
    let html = site.page("jaunums/index.html");
    assert!(
        html.contains(
            "<p id=\"dati\">10 biedri; Līdzdalība=10 Kapacitāte=2 Interešu aizstāvība=1 ; "
        ),
        "{html}"
    );
    assert!(
        html.contains("2019:2,7") && html.contains("2020:2,6"),
        "{html}"
    );
}

#[test]
fn the_summary_counts_members_areas_and_reports() {
    let site = Site::fixture("data");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("pages: 2 lv, 1 en; members: 10, areas: 3, reports: 2;"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_narrative_in_latvian_only_is_marked_as_latvian_on_the_english_page() {
    let site = Site::fixture("data");
    site.build_ok();
    let en = site.page("en/reports/2020/index.html");
    assert_eq!(lang_of(&en, "Stāstījums par 2020. gadu."), "lv");
    // The English text around it stays English.
    assert_eq!(lang_of(&en, "Registered NGOs"), "en");
    let lv = site.page("zinojumi/2020/index.html");
    assert_eq!(lang_of(&lv, "Stāstījums par 2020. gadu."), "lv");
    // With its own translation, the English page shows that.
    site.write(
        "content/reports/2020.en.md",
        "---\ntitle: Report 2020\n---\nThe story of 2020.\n",
    );
    site.build_ok();
    let en = site.page("en/reports/2020/index.html");
    assert!(
        visible_text(main_of(&en)).contains("The story of 2020."),
        "{en}"
    );
    assert_eq!(lang_of(&en, "The story of 2020."), "en");
    assert!(!en.contains("Stāstījums"));
}

#[test]
fn description_meta_comes_from_the_data() {
    let site = Site::fixture("data");
    site.build_ok();
    let member = site.page("biedri/auseklis/index.html");
    assert!(member.contains("<meta name=\"description\" content=\"Biedrība, kas rīko sarunas.\">"));
    assert!(member.contains("<meta property=\"og:title\" content=\"Auseklis\">"));
    let area = site.page("en/areas/kapacitate/index.html");
    assert!(area.contains("<meta name=\"description\" content=\"Building NGO capacity.\">"));
}
