//! End-to-end tests of the alliance's data (issue 3): the member directory in
//! Latvian and English order, member, area and report pages in both
//! languages, charts with gaps that agree with their tables, locale numbers
//! and plurals, and every validation of the data files.

mod common;

use std::path::Path;

use alianse::error::{Diagnostic, Severity};
use common::{Site, attrs, main_of, visible_text};

/// The member names of a directory page, in the order shown.
fn directory_names(html: &str) -> Vec<String> {
    let main = main_of(html);
    let mut names = Vec::new();
    let mut rest = main;
    while let Some(at) = rest.find("<ul class=\"member-list\">") {
        rest = &rest[at..];
        let end = rest.find("</ul>").unwrap();
        let list = &rest[..end];
        let mut items = list;
        while let Some(a) = items.find("<li><a href=\"") {
            items = &items[a..];
            let text_start = items.find("\">").unwrap() + 2;
            let text_end = items.find("</a>").unwrap();
            names.push(items[text_start..text_end].to_string());
            items = &items[text_end..];
        }
        rest = &rest[end..];
    }
    names
}

/// The letters of the letter index.
fn letters(html: &str) -> Vec<String> {
    let start = html
        .find("<nav class=\"letter-index\"")
        .expect("a letter index");
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    visible_text(nav)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_latvian_directory_follows_latvian_collation() {
    let site = Site::fixture("data");
    site.build_ok();
    let html = site.page("biedri/index.html");
    assert_eq!(
        directory_names(&html),
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
    // Each letter links to its group.
    let start = html.find("<nav class=\"letter-index\"").unwrap();
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    let hrefs = attrs(nav, "href");
    assert_eq!(hrefs.len(), 10);
    for (href, letter) in hrefs.iter().zip(letters(&html)) {
        let id = href.trim_start_matches('#');
        assert!(
            html.contains(&format!("<h2 id=\"{id}\">{letter}</h2>")),
            "{letter} has no group {id}"
        );
    }
}

#[test]
fn the_english_directory_follows_english_collation() {
    let site = Site::fixture("data");
    site.build_ok();
    let html = site.page("en/members/index.html");
    assert_eq!(
        directory_names(&html),
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

#[test]
fn the_directory_counts_members_by_kind_and_region_and_links_areas() {
    let site = Site::fixture("data");
    site.build_ok();
    let text = visible_text(main_of(&site.page("biedri/index.html")));
    assert!(text.contains("10 biedru."), "{text}");
    assert!(
        text.contains("Biedrība: 7 Nodibinājums: 2 Cita organizācija: 1"),
        "{text}"
    );
    assert!(
        text.contains("Kurzeme: 2 Latgale: 2 Rīga: 3 Vidzeme: 2 Zemgale: 1"),
        "{text}"
    );
    let html = site.page("biedri/index.html");
    assert!(html.contains("<a href=\"../darbibas-jomas/lidzdaliba/\">Līdzdalība</a>: 10"));
    let en = visible_text(main_of(&site.page("en/members/index.html")));
    assert!(en.contains("10 members."), "{en}");
    assert!(en.contains("Association: 7 Foundation: 2"), "{en}");
}

#[test]
fn member_pages_in_both_languages() {
    let site = Site::fixture("data");
    site.build_ok();
    let lv = site.page("biedri/auseklis/index.html");
    let text = visible_text(main_of(&lv));
    assert!(text.contains("Auseklis"));
    assert!(text.contains("Veids Biedrība"), "{text}");
    assert!(text.contains("Biedrs kopš 2001"), "{text}");
    assert!(text.contains("Reģions Rīga"), "{text}");
    assert!(text.contains("Jomas Līdzdalība, Kapacitāte"), "{text}");
    // The description is Markdown.
    assert!(lv.contains("Biedrība, kas <strong>rīko</strong> sarunas."));
    assert!(lv.contains("<a href=\"https://auseklis.example.org/\">"));
    assert!(lv.contains("<a href=\"../../darbibas-jomas/kapacitate/\">Kapacitāte</a>"));
    assert!(lv.contains("src=\"../../logos/auseklis.svg\""));
    let en = site.page("en/members/auseklis/index.html");
    let text = visible_text(main_of(&en));
    assert!(text.contains("Kind Association"), "{text}");
    assert!(text.contains("Region Riga"), "{text}");
    assert!(text.contains("Areas Participation, Capacity"), "{text}");
    assert!(en.contains("An association that <strong>hosts</strong> talks."));
    assert!(en.contains("src=\"../../../logos/auseklis.svg\""));
    // Every member has a page in each language.
    for id in [
        "abeles", "auseklis", "ciekurs", "cirulis", "gaisma", "gimenes", "saule", "supoles",
        "zubite", "zvaigzne",
    ] {
        assert!(site.exists(&format!("biedri/{id}/index.html")), "{id}");
        assert!(site.exists(&format!("en/members/{id}/index.html")), "{id}");
    }
}

#[test]
fn area_pages_list_their_members_and_pages() {
    let site = Site::fixture("data");
    site.build_ok();
    let lv = site.page("darbibas-jomas/lidzdaliba/index.html");
    let text = visible_text(main_of(&lv));
    assert!(text.contains("Garāks apraksts par līdzdalību."));
    assert!(text.contains("Biedri šajā jomā (10)"), "{text}");
    assert!(lv.contains("<a href=\"../../biedri/auseklis/\">Auseklis</a>"));
    assert!(
        lv.contains("Jaunums par līdzdalību"),
        "the tagged page is listed"
    );
    let small = visible_text(main_of(&site.page("darbibas-jomas/aizstaviba/index.html")));
    assert!(small.contains("Biedri šajā jomā (1)"), "{small}");
    assert!(small.contains("Ābeles"));
    assert!(!small.contains("Auseklis"));
    let en = visible_text(main_of(&site.page("en/areas/kapacitate/index.html")));
    assert!(en.contains("Capacity"));
    assert!(en.contains("Auseklis") && en.contains("Šūpoles"), "{en}");
    assert!(!en.contains("Saule"));
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
    let lv = visible_text(main_of(&site.page("zinojumi/2020/index.html")));
    assert!(lv.contains("Indekss 2020"));
    assert!(
        lv.contains("Kopvērtējums: 2,6 – Ilgtspēja nostiprināta (−0,1, uzlabojums)"),
        "{lv}"
    );
    assert!(lv.contains("parauga dati"), "the sample notice: {lv}");
    assert!(
        lv.contains("Stāstījums par 2020. gadu."),
        "the narrative: {lv}"
    );
    assert!(lv.contains("Reģistrētās NVO 23 000,5"), "{lv}");
    let en = visible_text(main_of(&site.page("en/reports/2020/index.html")));
    assert!(
        en.contains("Overall score: 2.6 – Sustainability Enhanced (−0.1, better)"),
        "{en}"
    );
    assert!(en.contains("Registered NGOs 23,000.5"), "{en}");
    let first = visible_text(main_of(&site.page("zinojumi/2019/index.html")));
    assert!(
        first.contains("Kopvērtējums: 2,7 – Ilgtspēja nostiprināta"),
        "{first}"
    );
    assert!(!first.contains("parauga dati"), "2019 is not sample data");
}

/// The rows of the dimension table: (name, score text, change text).
fn table_rows(html: &str) -> Vec<(String, String, String)> {
    let start = html.find("<tbody>").unwrap();
    let body = &html[start..start + html[start..].find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cells: Vec<String> = row
                .split("</t")
                .filter_map(|c| c.rfind('>').map(|i| c[i + 1..].to_string()))
                .collect();
            let change = visible_text(&row[row.find("</td><td>").unwrap()..]);
            (cells[0].clone(), cells[1].clone(), change)
        })
        .collect()
}

/// The bars of the dimension chart: (label, value text, has a bar).
fn chart_bars(svg: &str) -> Vec<(String, String, bool)> {
    svg.split("<text class=\"label\"")
        .skip(1)
        .map(|part| {
            let label =
                part[part.find('>').unwrap() + 1..part.find("</text>").unwrap()].to_string();
            let value_at = part.find("<text class=\"value").expect("a value");
            let value = &part[value_at..];
            let text =
                value[value.find('>').unwrap() + 1..value.find("</text>").unwrap()].to_string();
            (
                label,
                text,
                part[..value_at].contains("<rect class=\"bar\""),
            )
        })
        .collect()
}

#[test]
fn a_missing_score_is_a_gap_and_chart_and_table_agree() {
    let site = Site::fixture("data");
    site.build_ok();
    for (path, missing) in [
        ("zinojumi/2020/index.html", "nav datu"),
        ("en/reports/2020/index.html", "no data"),
    ] {
        let html = site.page(path);
        let svg_start = html.find("<svg").expect("a chart");
        let svg = &html[svg_start..svg_start + html[svg_start..].find("</svg>").unwrap()];
        assert!(svg.contains("<title"), "the chart has a title");
        assert!(svg.contains("<desc"), "the chart has a description");
        let bars = chart_bars(svg);
        let rows = table_rows(&html);
        assert_eq!(bars.len(), 7, "{path}");
        assert_eq!(rows.len(), 7, "{path}");
        for (bar, row) in bars.iter().zip(&rows) {
            assert_eq!(bar.0, row.0, "{path}: same dimension order");
            assert_eq!(bar.1, row.1, "{path}: same number for {}", bar.0);
        }
        // financial_viability has no score: no bar, and "no data" in both.
        assert_eq!(bars[2].1, missing);
        assert!(!bars[2].2, "a missing score has no bar (not a zero bar)");
        assert!(bars.iter().filter(|b| b.2).count() == 6);
        assert_eq!(rows[2].1, missing);
        assert_eq!(rows[2].2, "–", "no change for a missing score");
    }
    let lv = site.page("zinojumi/2020/index.html");
    let numbers: Vec<String> = chart_bars(&lv).into_iter().map(|b| b.1).collect();
    assert_eq!(
        numbers,
        ["1,9", "3,0", "nav datu", "2,2", "3,0", "2,8", "3,1"]
    );
    let en = site.page("en/reports/2020/index.html");
    let numbers: Vec<String> = chart_bars(&en).into_iter().map(|b| b.1).collect();
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
    let lv = site.page("zinojumi/index.html");
    assert!(
        lv.contains("<td>2,7</td><td>2,0</td><td>3,0</td><td>3,0</td><td>2,0</td>"),
        "{lv}"
    );
    assert!(
        lv.contains("<td>2,6</td><td>1,9</td><td>3,0</td><td>–</td><td>2,2</td>"),
        "{lv}"
    );
    let en = site.page("en/reports/index.html");
    assert!(
        en.contains("<td>2.6</td><td>1.9</td><td>3.0</td><td>–</td><td>2.2</td>"),
        "{en}"
    );
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
        "<title id=\"chart-trend-title\">Kopvērtējums pa gadiem</title><desc id=\"chart-trend-desc\">2019: 2,7; 2020: 2,6</desc>"
    ), "{lv}");
    let en = site.page("en/reports/index.html");
    assert!(en.contains("<desc id=\"chart-trend-desc\">2019: 2.7; 2020: 2.6</desc>"));
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
    assert!(en.contains("<h1>Kapacitāte</h1>"), "{en}");
    // Plain strings are the same in every language.
    assert!(
        site.page("en/members/gimenes/index.html")
            .contains("<h1>Ģimenes</h1>")
    );
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
    assert!(
        en.contains("<div lang=\"lv\"><p>Stāstījums par 2020. gadu.</p>"),
        "{en}"
    );
    let lv = site.page("zinojumi/2020/index.html");
    assert!(lv.contains("<div class=\"prose\"><p>Stāstījums par 2020. gadu.</p>"));
    // With its own translation, the English page shows that.
    site.write(
        "content/reports/2020.en.md",
        "---\ntitle: Report 2020\n---\nThe story of 2020.\n",
    );
    site.build_ok();
    let en = site.page("en/reports/2020/index.html");
    assert!(
        en.contains("<div class=\"prose\"><p>The story of 2020.</p>"),
        "{en}"
    );
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
