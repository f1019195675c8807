//! Open data and structured data, end to end on the `data` fixture: the CSV,
//! JSON and datapackage.json under /data/ parsed and checked against the
//! fixture's members and reports; the "Download data" links on the list
//! pages in both languages; the JSON-LD of the home, a member and a report
//! page parsed and checked; a member name that tries to close the script;
//! the events' and publications' tables on their fixtures.

mod common;

use common::{Site, visible_text};
use serde_json::{Value, json};

/// Parses RFC 4180 CSV: CRLF records, quoted fields with doubled quotes
/// and line breaks inside. Fails the test on anything else.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a bare LF ends a record (want CRLF)"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "no CRLF after the last record"
    );
    records
}

/// The rows of a CSV file as maps from column name to value.
fn csv_rows(text: &str) -> (Vec<String>, Vec<std::collections::BTreeMap<String, String>>) {
    let mut records = parse_csv(text);
    let header = records.remove(0);
    let rows = records
        .into_iter()
        .map(|r| {
            assert_eq!(
                r.len(),
                header.len(),
                "a row with a different number of fields"
            );
            header.iter().cloned().zip(r).collect()
        })
        .collect();
    (header, rows)
}

/// The JSON-LD of a page: the text of its one `application/ld+json` script.
fn json_ld(html: &str) -> Value {
    let start_tag = "<script type=\"application/ld+json\">";
    assert_eq!(
        html.matches(start_tag).count(),
        1,
        "want one JSON-LD script"
    );
    let start = html.find(start_tag).unwrap() + start_tag.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

fn built() -> Site {
    let site = Site::fixture("data");
    site.build_ok();
    site
}

fn package(site: &Site) -> Value {
    serde_json::from_str(&site.page("data/datapackage.json")).unwrap()
}

fn resource<'a>(package: &'a Value, name: &str) -> &'a Value {
    package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no resource {name}"))
}

#[test]
fn members_are_published_as_csv_and_json_that_the_package_describes() {
    let site = built();
    let package = package(&site);
    assert_eq!(package["name"], "datu-alianse");
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(
        package["licenses"][0]["path"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    let csv = resource(&package, "members-csv");
    assert_eq!(csv["path"], "members.csv");
    assert_eq!(csv["mediatype"], "text/csv");
    assert_eq!(csv["encoding"], "utf-8");
    assert_eq!(csv["schema"]["primaryKey"], json!(["id"]));
    let described: Vec<&str> = csv["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();

    let (header, rows) = csv_rows(&site.page("data/members.csv"));
    assert_eq!(header, described, "the CSV header is the schema's fields");
    assert_eq!(
        header,
        [
            "id",
            "name_lv",
            "name_en",
            "kind",
            "joined",
            "region_lv",
            "region_en",
            "website",
            "email",
            "areas",
            "description_lv",
            "description_en",
            "page_lv",
            "page_en",
            "sample"
        ]
    );
    assert_eq!(rows.len(), 10, "one row per member of members.yaml");
    let auseklis = rows.iter().find(|r| r["id"] == "auseklis").unwrap();
    assert_eq!(auseklis["name_lv"], "Auseklis");
    assert_eq!(auseklis["kind"], "association");
    assert_eq!(auseklis["joined"], "2001");
    assert_eq!(auseklis["region_en"], "Riga");
    assert_eq!(auseklis["website"], "https://auseklis.example.org/");
    assert_eq!(auseklis["email"], "");
    assert_eq!(auseklis["areas"], "lidzdaliba;kapacitate");
    // A description with a comma is quoted in the file and whole here.
    assert_eq!(
        auseklis["description_lv"],
        "Biedrība, kas **rīko** sarunas."
    );
    assert_eq!(
        auseklis["page_en"],
        "https://example.org/en/members/auseklis/"
    );
    assert_eq!(auseklis["sample"], "false");
    let saule = rows.iter().find(|r| r["id"] == "saule").unwrap();
    assert_eq!(
        (saule["kind"].as_str(), saule["region_en"].as_str()),
        ("foundation", "Courland")
    );

    let json: Value = serde_json::from_str(&site.page("data/members.json")).unwrap();
    let json = json.as_array().unwrap();
    let json_ids: Vec<&str> = json.iter().map(|m| m["id"].as_str().unwrap()).collect();
    let csv_ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(json_ids, csv_ids, "the same members in the same order");
    let auseklis = json.iter().find(|m| m["id"] == "auseklis").unwrap();
    assert_eq!(auseklis["joined"], json!(2001));
    assert_eq!(auseklis["email"], Value::Null);
    assert_eq!(auseklis["sample"], json!(false));
    assert_eq!(
        auseklis.as_object().unwrap().keys().count(),
        header.len(),
        "every column is a key"
    );
    let json_resource = resource(&package, "members-json");
    assert_eq!(json_resource["path"], "members.json");
    assert_eq!(json_resource["mediatype"], "application/json");
}

#[test]
fn report_scores_are_in_long_form_with_the_change_against_the_year_before() {
    let site = built();
    let package = package(&site);
    let schema = &resource(&package, "reports-csv")["schema"];
    assert_eq!(schema["primaryKey"], json!(["year", "dimension"]));
    let types: Vec<(&str, &str)> = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        &types[..5],
        [
            ("year", "year"),
            ("dimension", "string"),
            ("score", "number"),
            ("trend", "number"),
            ("sample", "boolean")
        ]
    );
    let (_, rows) = csv_rows(&site.page("data/reports.csv"));
    let row = |year: &str, dimension: &str| {
        rows.iter()
            .find(|r| r["year"] == year && r["dimension"] == dimension)
            .map(|r| {
                (
                    r["score"].as_str(),
                    r["trend"].as_str(),
                    r["sample"].as_str(),
                )
            })
    };
    // 2019: the overall score and seven dimensions; no year before it.
    assert_eq!(rows.iter().filter(|r| r["year"] == "2019").count(), 8);
    assert_eq!(row("2019", "overall"), Some(("2.7", "", "false")));
    assert_eq!(row("2019", "legal_environment"), Some(("2", "", "false")));
    // 2020 has no financial viability score: no row for it.
    assert_eq!(rows.iter().filter(|r| r["year"] == "2020").count(), 7);
    assert_eq!(row("2020", "financial_viability"), None);
    assert_eq!(row("2020", "overall"), Some(("2.6", "-0.1", "true")));
    assert_eq!(
        row("2020", "legal_environment"),
        Some(("1.9", "-0.1", "true"))
    );
    assert_eq!(row("2020", "advocacy"), Some(("2.2", "0.2", "true")));
    assert_eq!(
        row("2020", "organizational_capacity"),
        Some(("3", "0", "true"))
    );
    assert_eq!(
        rows[0]["page_lv"], "https://example.org/zinojumi/2019/",
        "each row links its report's page"
    );

    let json: Value = serde_json::from_str(&site.page("data/reports.json")).unwrap();
    let advocacy = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["year"] == 2020 && r["dimension"] == "advocacy")
        .unwrap();
    assert_eq!(advocacy["score"], json!(2.2));
    assert_eq!(advocacy["trend"], json!(0.2));
    let first = &json[0];
    assert_eq!(
        (&first["year"], &first["trend"]),
        (&json!(2019), &Value::Null)
    );
}

#[test]
fn list_pages_link_the_downloads_in_both_languages() {
    let site = built();
    for (page, heading, csv) in [
        (
            "biedri/index.html",
            "Lejupielādēt datus",
            "../data/members.csv",
        ),
        (
            "en/members/index.html",
            "Download data",
            "../../data/members.csv",
        ),
        (
            "zinojumi/index.html",
            "Lejupielādēt datus",
            "../data/reports.csv",
        ),
        (
            "en/reports/index.html",
            "Download data",
            "../../data/reports.csv",
        ),
    ] {
        let html = site.page(page);
        let text = visible_text(&html);
        assert!(text.contains(heading), "{page}: no “{heading}” in {text}");
        assert!(
            html.contains(&format!("href=\"{csv}\"")),
            "{page}: no link to {csv}"
        );
        let package = csv.replace(csv.rsplit('/').next().unwrap(), "datapackage.json");
        assert!(
            html.contains(&format!("href=\"{package}\"")),
            "{page}: no link to {package}"
        );
        assert!(
            html.contains("href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\""),
            "{page}: the licence is not linked"
        );
    }
    // Every linked file is there.
    for file in ["members.csv", "members.json", "reports.csv", "reports.json"] {
        assert!(site.exists(&format!("data/{file}")), "no data/{file}");
    }
}

#[test]
fn the_home_page_describes_the_alliance_with_its_members() {
    let site = built();
    let home = json_ld(&site.page("index.html"));
    assert_eq!(home["@context"], "https://schema.org");
    assert_eq!(home["@type"], "Organization");
    assert_eq!(home["name"], "Datu alianse");
    assert_eq!(home["url"], "https://example.org/");
    assert_eq!(home["description"], "Datu testa vietne");
    assert!(
        home.get("foundingDate").is_none() && home.get("logo").is_none(),
        "not in the settings"
    );
    let members = home["member"].as_array().unwrap();
    assert_eq!(members.len(), 10);
    for m in members {
        assert_eq!(m["@type"], "Organization");
        assert!(m["name"].as_str().is_some_and(|n| !n.is_empty()), "{m}");
        assert!(
            m["url"].as_str().is_some_and(|u| u.starts_with("https://")),
            "{m}"
        );
    }
    let auseklis = members.iter().find(|m| m["name"] == "Auseklis").unwrap();
    assert_eq!(auseklis["url"], "https://auseklis.example.org/");
    let zubite = members.iter().find(|m| m["name"] == "Žubīte").unwrap();
    assert_eq!(
        zubite["url"], "https://example.org/biedri/zubite/",
        "no web site: its page"
    );

    let en = json_ld(&site.page("en/index.html"));
    assert_eq!(
        (en["name"].as_str(), en["url"].as_str()),
        (Some("Data Alliance"), Some("https://example.org/en/"))
    );
}

#[test]
fn member_and_report_pages_carry_an_organization_and_a_dataset() {
    let site = built();
    let member = json_ld(&site.page("en/members/auseklis/index.html"));
    assert_eq!(member["@type"], "Organization");
    assert_eq!(member["name"], "Auseklis");
    assert_eq!(member["url"], "https://auseklis.example.org/");
    assert_eq!(member["description"], "An association that hosts talks.");
    assert_eq!(member["areaServed"], "Riga");
    assert_eq!(member["memberOf"]["@type"], "Organization");
    assert_eq!(member["memberOf"]["name"], "Data Alliance");

    let report = json_ld(&site.page("en/reports/2020/index.html"));
    assert_eq!(report["@type"], "Dataset");
    assert_eq!(report["name"], "Index 2020");
    assert_eq!(report["temporalCoverage"], "2020");
    assert!(
        report["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
    assert_eq!(report["creator"]["name"], "Data Alliance");
    assert_eq!(
        report["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    let downloads: Vec<(&str, &str)> = report["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["@type"], "DataDownload");
            (
                d["encodingFormat"].as_str().unwrap(),
                d["contentUrl"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        downloads,
        [
            ("text/csv", "https://example.org/data/reports.csv"),
            ("application/json", "https://example.org/data/reports.json")
        ]
    );
    // Pages that describe nothing have no JSON-LD.
    assert!(
        !site
            .page("jaunums/index.html")
            .contains("application/ld+json")
    );
}

#[test]
fn a_member_name_cannot_close_the_script() {
    let site = Site::fixture("data");
    let evil = "Evil</script><script>alert(1)</script><!--";
    site.edit(
        "content/data/members.yaml",
        "name: \"Saule\"",
        &format!("name: {evil:?}"),
    );
    site.build_ok();
    for page in ["index.html", "biedri/saule/index.html"] {
        let html = site.page(page);
        assert!(
            !html.contains("<script>alert"),
            "{page}: the name opened a script"
        );
        let ld = json_ld(&html);
        let name = if page == "index.html" {
            ld["member"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["@id"] == "https://example.org/biedri/saule/")
                .unwrap()["name"]
                .clone()
        } else {
            ld["name"].clone()
        };
        assert_eq!(name, evil, "{page}: the name reads back whole");
    }
    // In the CSV the name is data like any other.
    let (_, rows) = csv_rows(&site.page("data/members.csv"));
    assert_eq!(
        rows.iter().find(|r| r["id"] == "saule").unwrap()["name_lv"],
        evil
    );
}

#[test]
fn the_licence_is_a_setting_and_open_data_can_be_turned_off() {
    let site = Site::fixture("data");
    let settings = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        format!("{settings}open_data: {{license: CC0-1.0}}\n"),
    );
    site.build_ok();
    let licence = &package(&site)["licenses"][0];
    assert_eq!(licence["name"], "CC0-1.0");
    assert_eq!(
        licence["path"],
        "https://creativecommons.org/publicdomain/zero/1.0/"
    );
    assert_eq!(
        json_ld(&site.page("zinojumi/2019/index.html"))["license"],
        "https://creativecommons.org/publicdomain/zero/1.0/"
    );

    site.write(
        "content/site.yaml",
        format!("{settings}open_data: {{enabled: false}}\n"),
    );
    site.build_ok();
    assert!(!site.exists("data"), "no data files when open data is off");
    assert!(!visible_text(&site.page("biedri/index.html")).contains("Lejupielādēt datus"));
    let report = json_ld(&site.page("zinojumi/2019/index.html"));
    assert!(report.get("distribution").is_none() && report.get("license").is_none());
}

#[test]
fn the_open_data_component_lists_every_table() {
    let site = Site::fixture("data");
    site.write(
        "content/dati.md",
        "---\ntitle: Dati\n---\nMūsu dati.\n\n{{< open_data >}}\n",
    );
    site.write(
        "content/dati.en.md",
        "---\ntitle: Data\n---\nOur data.\n\n{{< open_data >}}\n",
    );
    site.build_ok();
    let lv = site.page("dati/index.html");
    let text = visible_text(&lv);
    assert!(
        text.contains("Datu kopas: Biedru organizācijas: members.csv, members.json NVO ilgtspējas indeksa vērtējumi: reports.csv, reports.json"),
        "{text}"
    );
    for file in [
        "members.csv",
        "members.json",
        "reports.csv",
        "reports.json",
        "datapackage.json",
    ] {
        assert!(
            lv.contains(&format!("href=\"../data/{file}\"")),
            "no link to {file}"
        );
    }
    let en = visible_text(&site.page("en/dati/index.html"));
    assert!(
        en.contains("Data sets: Member organisations: members.csv, members.json"),
        "{en}"
    );
    assert!(
        en.contains("Licence: Creative Commons Attribution 4.0"),
        "{en}"
    );

    // With open data off, the component is a mistake at its line.
    let settings = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        format!("{settings}open_data: {{enabled: false}}\n"),
    );
    let shown = site.build().diagnostics.to_string();
    assert!(
        shown.contains("content/dati.md:6")
            && shown.contains("`open_data` lists the data downloads, which site.yaml turns off"),
        "{shown}"
    );
}

#[test]
fn events_are_a_table_and_each_event_page_an_event() {
    let site = Site::fixture("events");
    site.build_ok();
    let (header, rows) = csv_rows(&site.page("data/events.csv"));
    assert_eq!(&header[..3], ["id", "title_lv", "title_en"]);
    assert_eq!(rows.len(), 3, "one row per event file");
    let meeting = rows
        .iter()
        .find(|r| r["id"] == "2026-03-05-kopsapulce")
        .unwrap();
    assert_eq!(meeting["title_en"], "General meeting");
    assert_eq!(
        (
            meeting["start_date"].as_str(),
            meeting["start_time"].as_str()
        ),
        ("2026-03-05", "10:00:00")
    );
    assert_eq!(meeting["end_time"], "16:00:00");
    assert_eq!(meeting["timezone"], "Europe/Riga");
    assert_eq!(meeting["place_lv"], "Rīgas Latviešu biedrības nams");
    assert_eq!(meeting["registration"], "https://example.org/registracija");
    assert_eq!(meeting["sample"], "true");
    let package = package(&site);
    assert_eq!(
        resource(&package, "events-csv")["schema"]["primaryKey"],
        json!(["id"])
    );

    let html = site.page("pasakumi/2026-03-05-kopsapulce/index.html");
    let event = json_ld(&html);
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["name"], "Biedru kopsapulce");
    assert_eq!(event["startDate"], "2026-03-05T10:00:00+02:00");
    assert_eq!(event["endDate"], "2026-03-05T16:00:00+02:00");
    assert_eq!(event["location"]["@type"], "Place");
    assert_eq!(event["location"]["address"], "Merķeļa iela 13, Rīga");
    assert_eq!(
        event["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(event["organizer"]["@type"], "Organization");
    let list = site.page("pasakumi/index.html");
    assert!(
        list.contains("href=\"../data/events.csv\""),
        "no download link on the events list"
    );
}

#[test]
fn publications_are_a_table_linked_from_the_library() {
    let site = Site::fixture("publications");
    site.build_ok();
    let package = package(&site);
    let csv = resource(&package, "publications-csv");
    assert_eq!(csv["path"], "publications.csv");
    assert_eq!(csv["schema"]["primaryKey"], json!(["id"]));
    let types: Vec<(&str, &str)> = csv["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["type"].as_str().unwrap()))
        .collect();
    let (header, rows) = csv_rows(&site.page("data/publications.csv"));
    let names: Vec<&str> = types.iter().map(|(n, _)| *n).collect();
    assert_eq!(header, names, "the CSV header is the schema's fields");
    for (name, kind) in [
        ("year", "year"),
        ("date", "date"),
        ("file_size", "integer"),
        ("report", "year"),
        ("sample", "boolean"),
    ] {
        assert!(
            types.contains(&(name, kind)),
            "no {name}: {kind} in {types:?}"
        );
    }
    // Newest first, as in the library.
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["aptauja", "viedoklis", "indekss-2019"]);
    let survey = &rows[0];
    assert_eq!(survey["title_en"], "Members' survey");
    assert_eq!(survey["type"], "survey");
    assert_eq!(survey["type_name_lv"], "Aptauja");
    assert_eq!(
        (survey["year"].as_str(), survey["date"].as_str()),
        ("2020", "2020-05-04")
    );
    assert_eq!(survey["authors_lv"], "Anna Bērziņa;Jānis Kalniņš");
    assert_eq!(survey["areas"], "lidzdaliba;kapacitate");
    assert_eq!(survey["languages"], "lv");
    assert_eq!(survey["file"], "https://example.org/faili/aptauja.odt");
    assert_eq!(
        (survey["file_format"].as_str(), survey["file_size"].as_str()),
        ("ODT", "850")
    );
    assert_eq!(survey["sample"], "false");
    let index = &rows[2];
    assert_eq!(
        index["file"],
        "https://example.org/publikacijas/indekss-2019/indekss-2019.pdf"
    );
    assert_eq!(index["file_size"], "2400");
    assert_eq!(index["report"], "2019");
    assert_eq!(index["authors_en"], "Publications Alliance");
    assert_eq!(
        index["summary_en"],
        "The sector's **sustainability** in 2019."
    );
    assert_eq!(
        index["page_en"],
        "https://example.org/en/publications/indekss-2019/"
    );
    let paper = &rows[1];
    assert_eq!(paper["url"], "https://example.org/viedoklis");
    assert_eq!((paper["date"].as_str(), paper["file"].as_str()), ("", ""));
    assert_eq!(paper["sample"], "true");

    let json: Value = serde_json::from_str(&site.page("data/publications.json")).unwrap();
    assert_eq!(json[0]["file_size"], json!(850));
    assert_eq!(json[1]["file_size"], Value::Null);
    assert_eq!(json[2]["report"], json!(2019));
    assert_eq!(json[2]["year"], json!(2019));

    for (page, heading, link) in [
        (
            "publikacijas/index.html",
            "Lejupielādēt datus",
            "../data/publications.csv",
        ),
        (
            "en/publications/index.html",
            "Download data",
            "../../data/publications.json",
        ),
    ] {
        let html = site.page(page);
        assert!(
            visible_text(&html).contains(heading),
            "{page}: no “{heading}”"
        );
        assert!(
            html.contains(&format!("href=\"{link}\"")),
            "{page}: no link to {link}"
        );
    }
}

#[test]
fn the_organisation_settings_reach_the_home_page() {
    let site = Site::fixture("data");
    let settings = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        format!("{settings}organization:\n  founded: 2004-12-14\n  logo: /logos/auseklis.svg\n"),
    );
    site.build_ok();
    let home = json_ld(&site.page("index.html"));
    assert_eq!(home["foundingDate"], "2004-12-14");
    assert_eq!(home["logo"], "https://example.org/logos/auseklis.svg");

    let line = settings.lines().count() + 2;
    site.write(
        "content/site.yaml",
        format!("{settings}organization:\n  founded: 14.12.2004\n"),
    );
    let result = site.build();
    let shown = result.diagnostics.to_string();
    assert!(
        shown.contains(&format!("site.yaml:{line}"))
            && shown.contains("organization.founded `14.12.2004` is not a date"),
        "{shown}"
    );
}

#[test]
fn an_unknown_licence_is_an_error_at_its_line() {
    let site = Site::fixture("data");
    let settings = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    let line = settings.lines().count() + 2;
    site.write(
        "content/site.yaml",
        format!("{settings}open_data:\n  license: MIT\n"),
    );
    let result = site.build();
    assert!(!result.ok());
    let shown = result.diagnostics.to_string();
    assert!(shown.contains("MIT"), "{shown}");
    assert!(
        shown.contains("CC-BY-4.0"),
        "the message names the licences: {shown}"
    );
    assert!(
        shown.contains(&format!("site.yaml:{line}")),
        "at line {line}: {shown}"
    );
    assert!(!site.exists("index.html"), "nothing written");
}
