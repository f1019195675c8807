//! Every problem of a data file or front matter in one build, each with the
//! line the parser saw it on (issue 12 item 2, issue 11 items 12–14):
//! unknown keys, wrong values, years and figures out of range, lines of
//! escaped values.

mod common;

use std::path::Path;

use alianse::error::Diagnostic;
use common::Site;

/// Builds a copy of the `data` fixture after `spoil`: the build must fail,
/// leave no output, and return its errors.
fn errors_after(spoil: impl FnOnce(&Site)) -> Vec<Diagnostic> {
    let site = Site::fixture("data");
    spoil(&site);
    let result = site.build();
    assert!(!result.ok(), "the build should fail");
    assert!(
        !site.path("output").exists(),
        "a failed build wrote output/"
    );
    result.diagnostics.errors().cloned().collect()
}

/// The one error at `file:line`, with exactly this message and help.
#[track_caller]
fn expect(all: &[Diagnostic], file: &str, line: usize, message: &str, help: &str) {
    let found: Vec<&Diagnostic> = all
        .iter()
        .filter(|d| d.file.as_deref() == Some(Path::new(file)) && d.line == Some(line))
        .collect();
    assert!(
        found
            .iter()
            .any(|d| d.message == message && d.help.as_deref() == Some(help)),
        "no {file}:{line} {message:?} / {help:?} among {all:#?}"
    );
}

#[test]
fn every_bad_field_of_every_member_is_reported_in_one_build() {
    let all = errors_after(|s| {
        let f = "content/data/members.yaml";
        s.edit(f, "  joined: 2015\n", "  joinde: 2015\n");
        s.edit(
            f,
            "  website: https://auseklis",
            "  webiste: https://auseklis",
        );
        s.edit(
            f,
            "  kind: foundation\n  joined: 2010",
            "  kind: fundation\n  joined: 2010",
        );
        s.edit(f, "  joined: 2012", "  joined: divtūkstoš");
    });
    let f = "content/data/members.yaml";
    expect(&all, f, 4, "unknown key `joinde`", "did you mean `joined`?");
    expect(
        &all,
        f,
        9,
        "unknown key `webiste`",
        "did you mean `website`?",
    );
    expect(
        &all,
        f,
        18,
        "`kind`: unknown value `fundation`",
        "did you mean `foundation`?",
    );
    expect(
        &all,
        f,
        25,
        "`joined`: expected a whole number, found text",
        "write a whole number without quotes, e.g. 2012",
    );
    assert_eq!(all.len(), 4, "{all:#?}");
}

#[test]
fn every_bad_score_of_a_report_is_reported_in_one_build() {
    let all = errors_after(|s| {
        let f = "content/data/reports/2019.yaml";
        s.edit(f, "advocacy: {score: 2.0}", "advocacy: {score: 9.0}");
        s.edit(f, "public_image: {score: 3.0}", "public_image: {scor: 3.0}");
        s.edit(f, "overall: 2.7", "overall: high");
    });
    let f = "content/data/reports/2019.yaml";
    expect(
        &all,
        f,
        3,
        "`overall`: expected a number, found text",
        "write a number without quotes, with a decimal point, e.g. 2.5",
    );
    expect(
        &all,
        f,
        8,
        "`score`: 9 is out of range",
        "write a number from 1 to 7",
    );
    expect(&all, f, 11, "unknown key `scor`", "did you mean `score`?");
}

#[test]
fn every_unknown_front_matter_key_is_reported_in_one_build() {
    let all = errors_after(|s| {
        s.edit(
            "content/jaunums.md",
            "areas:",
            "titel: x\nauthor: y\nareas:",
        );
    });
    let f = "content/jaunums.md";
    let unknown: Vec<&Diagnostic> = all
        .iter()
        .filter(|d| d.file.as_deref() == Some(Path::new(f)) && d.message.starts_with("unknown key"))
        .collect();
    assert_eq!(unknown.len(), 2, "{all:#?}");
    assert_eq!(unknown[0].message, "unknown key `titel`");
    assert_eq!(unknown[1].message, "unknown key `author`");
    assert_eq!(unknown[1].line, Some(unknown[0].line.unwrap() + 1));
    assert_eq!(
        unknown[1].source_line.as_deref(),
        Some("author: y"),
        "the quoted line is the line of the key"
    );
}

#[test]
fn report_years_are_bounded_and_make_no_huge_chart() {
    for year in ["2147483647", "0", "20019"] {
        let all = errors_after(|s| {
            s.edit(
                "content/data/reports/2019.yaml",
                "year: 2019",
                &format!("year: {year}"),
            );
        });
        expect(
            &all,
            "content/data/reports/2019.yaml",
            1,
            &format!("report year {year} is outside 1990–2100"),
            "write the four-digit year the report covers, e.g. 2023",
        );
    }
}

#[test]
fn figures_must_be_finite_and_exact() {
    let f = "content/data/reports/2020.yaml";
    for (value, message) in [
        (".nan", None),
        ("-.inf", None),
        (
            "1e308",
            Some("figure `ngos` is 1e308, which is too large to publish exactly"),
        ),
        (
            "9007199254740993",
            Some("figure `ngos` is 9.007199254740992e15, which is too large to publish exactly"),
        ),
    ] {
        let all = errors_after(|s| s.edit(f, "value: 23000.5", &format!("value: {value}")));
        let d = all
            .iter()
            .find(|d| d.file.as_deref() == Some(Path::new(f)))
            .unwrap_or_else(|| panic!("{value}: {all:#?}"));
        assert_eq!(d.line, Some(13), "{value}: {d}");
        if let Some(message) = message {
            assert_eq!(d.message, message);
            assert_eq!(
                d.help.as_deref(),
                Some(
                    "key figures may be at most 1000000000000000 (10^15); check the number of digits"
                )
            );
        }
    }
}

#[test]
fn scores_that_are_not_numbers_are_rejected_with_their_line() {
    let f = "content/data/reports/2019.yaml";
    for value in [".nan", ".inf", "-.inf", "1e308"] {
        let all = errors_after(|s| {
            s.edit(
                f,
                "advocacy: {score: 2.0}",
                &format!("advocacy: {{score: {value}}}"),
            )
        });
        let d = all
            .iter()
            .find(|d| d.file.as_deref() == Some(Path::new(f)))
            .unwrap_or_else(|| panic!("{value}: {all:#?}"));
        assert_eq!(d.line, Some(8), "{value}: {d}");
    }
}

#[test]
fn lines_come_from_the_parser_not_a_text_search() {
    let f = "content/data/members.yaml";
    // An escaped value gets its own line.
    let all = errors_after(|s| s.edit(f, "  joined: 2015\n", "  joined: 2015\n  email: 'it''s'\n"));
    expect(
        &all,
        f,
        5,
        "email `it's` is not an e-mail address",
        "write a plain address such as info@example.org",
    );
    // The same text earlier in the file (a comment) does not take the blame.
    let all = errors_after(|s| {
        let text = std::fs::read_to_string(s.path(f)).unwrap();
        s.write(
            f,
            format!("# website: ftp://old.example.org/\n{text}").replace(
                "website: https://auseklis.example.org/",
                "website: ftp://old.example.org/",
            ),
        );
    });
    expect(
        &all,
        f,
        10,
        "website `ftp://old.example.org/` is not a web address",
        "write the full address, starting with https:// (or http://)",
    );
}

#[test]
fn site_settings_problems_point_at_the_parsed_key() {
    let site = Site::fixture("data");
    let text = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        format!(
            "# paginate: 0 was tried before\n{}\npaginate: 0\n",
            text.trim_end()
        ),
    );
    let result = site.build();
    let d = result
        .diagnostics
        .errors()
        .find(|d| d.message == "paginate must be at least 1")
        .unwrap_or_else(|| panic!("{}", result.diagnostics));
    assert_eq!(d.line, Some(text.trim_end().lines().count() + 2));
    assert_eq!(d.source_line.as_deref(), Some("paginate: 0"));
}

#[test]
fn every_unknown_site_setting_is_reported_in_one_build() {
    let site = Site::fixture("data");
    site.edit(
        "content/site.yaml",
        "theme: default",
        "tema: default\npaginat: 5",
    );
    let result = site.build();
    let all: Vec<Diagnostic> = result.diagnostics.errors().cloned().collect();
    let f = "content/site.yaml";
    let line = std::fs::read_to_string(site.path(f))
        .unwrap()
        .lines()
        .position(|l| l == "tema: default")
        .unwrap()
        + 1;
    expect(&all, f, line, "unknown key `tema`", "did you mean `theme`?");
    expect(
        &all,
        f,
        line + 1,
        "unknown key `paginat`",
        "did you mean `paginate`?",
    );
    assert_eq!(all.len(), 2, "{all:#?}");
}

#[test]
fn checks_after_parsing_quote_the_line_of_each_file_they_name() {
    // An unknown area (members.yaml) and a report in a file named for
    // another year (reports/2019.yaml): both found after parsing, each
    // quoting its own file's line (only the files named are read again).
    let all = errors_after(|s| {
        s.edit(
            "content/data/members.yaml",
            "  areas: [lidzdaliba, kapacitate]",
            "  areas: [lidzdaliba, kapacitat]",
        );
        s.edit("content/data/reports/2019.yaml", "year: 2019", "year: 2018");
    });
    let quoted = |file: &str| {
        all.iter()
            .find(|d| d.file.as_deref() == Some(Path::new(file)))
            .and_then(|d| d.source_line.clone())
    };
    assert_eq!(
        quoted("content/data/members.yaml").as_deref(),
        Some("  areas: [lidzdaliba, kapacitat]"),
        "{all:#?}"
    );
    assert_eq!(
        quoted("content/data/reports/2019.yaml").as_deref(),
        Some("year: 2018"),
        "{all:#?}"
    );
}
