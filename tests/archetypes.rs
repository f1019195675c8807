//! `alianse new KIND …`: files from archetypes with the right front matter
//! or YAML entry, today's date in the site's time zone, slugs with Latvian
//! letters folded, translations on request, a site's own archetypes, and
//! never overwriting anything.

mod common;

use std::path::Path;

use common::{Site, run_binary};

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn news_gets_front_matter_a_folded_slug_and_todays_date_in_riga() {
    let site = Site::fixture("basic");
    // 23:30 UTC on 31 December is already 1 January 2027 in Riga.
    let run = site.run(&[
        "new",
        "news",
        "Kopsapulce 2026: ģimeņu ēšana",
        "--now",
        "2026-12-31T23:30:00Z",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = "content/jaunumi/kopsapulce-2026-gimenu-esana.md";
    assert_eq!(run.stdout.trim(), rel);
    let text = read(&site, rel);
    assert!(
        text.starts_with("---\ntitle: \"Kopsapulce 2026: ģimeņu ēšana\"\ndate: 2027-01-01\n"),
        "{text}"
    );
    assert!(text.contains("summary: \"\"          # TODO"), "{text}");
    assert!(
        !site
            .path("content/jaunumi/kopsapulce-2026-gimenu-esana.en.md")
            .exists()
    );
    // The new item builds and is listed.
    let run = site.run(&["build", "--now", "2027-01-02", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.page("jaunumi/index.html")
            .contains("Kopsapulce 2026: ģimeņu ēšana")
    );
}

#[test]
fn a_translation_is_made_with_lang_or_all_languages() {
    let site = Site::fixture("basic");
    let run = site.run(&[
        "new",
        "news",
        "Kopsapulce 2026",
        "--translation",
        "en",
        "--now",
        "2026-05-04",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "content/jaunumi/kopsapulce-2026.md",
            "content/jaunumi/kopsapulce-2026.en.md"
        ]
    );
    let en = read(&site, "content/jaunumi/kopsapulce-2026.en.md");
    assert!(
        en.contains("title: \"Kopsapulce 2026\"   # TODO: translate"),
        "{en}"
    );
    assert!(en.contains("date: 2026-05-04"), "{en}");
    assert!(en.contains("TODO: the text of the news item."), "{en}");
    let run = site.run(&["new", "page", "Valde", "--all-languages"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("content/valde.en.md").exists());
    let run = site.run(&["new", "page", "Valde 2", "--translation", "de"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("--translation `de` is not another language of this site"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_never_overwrites() {
    let site = Site::fixture("basic");
    site.write(
        "content/par-mums-2.md",
        "---\ntitle: Mans teksts\n---\nNeaiztikt.\n",
    );
    let run = site.run(&["new", "page", "Par mums 2", "--translation", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/par-mums-2.md") && run.stderr.contains("already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(&site, "content/par-mums-2.md"),
        "---\ntitle: Mans teksts\n---\nNeaiztikt.\n"
    );
    // Nothing of the set was written, not even the translation.
    assert!(!site.path("content/par-mums-2.en.md").exists());
}

#[test]
fn a_page_goes_into_the_given_section() {
    let site = Site::fixture("basic");
    let run = site.run(&["new", "page", "Statūti", "--section", "par-mums"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(&site, "content/par-mums/statuti.md");
    assert!(text.starts_with("---\ntitle: \"Statūti\"\n"), "{text}");
    assert!(!text.contains("date:"), "{text}");
    assert_eq!(
        site.run(&["new", "page", "X", "--section", "../ārā"]).code,
        1
    );
}

#[test]
fn a_member_is_appended_keeping_the_text_of_the_file() {
    let site = Site::fixture("data");
    let before = read(&site, "content/data/members.yaml");
    let run = site.run(&[
        "new",
        "member",
        "Biedrība \"Žagatas\"",
        "--now",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "content/data/members.yaml");
    let after = read(&site, "content/data/members.yaml");
    assert!(after.starts_with(&before), "the existing text changed");
    let added = &after[before.len()..];
    assert!(
        added.contains("- id: biedriba-zagatas\n  name: \"Biedrība \\\"Žagatas\\\"\"\n"),
        "{added}"
    );
    assert!(added.contains("joined: 2026"), "{added}");
    // The site still builds, with the new member's page.
    let run = site.run(&["build", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("biedri/biedriba-zagatas/index.html"));
    // The same member again is refused, naming the line.
    let run = site.run(&["new", "member", "Biedrība Žagatas"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("a member with id `biedriba-zagatas` already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site, "content/data/members.yaml"), after);
}

#[test]
fn a_member_replaces_an_empty_list() {
    let site = Site::fixture("basic");
    assert_eq!(read(&site, "content/data/members.yaml"), "[]\n");
    let run = site.run(&["new", "member", "Ābeļu dārzs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&site, "content/data/members.yaml").starts_with("- id: abelu-darzs\n"));
    assert_eq!(site.run(&["build", "--quiet"]).code, 0);
}

#[test]
fn a_report_year_gets_its_data_file_and_narrative() {
    let site = Site::fixture("data");
    let run = site.run(&["new", "report", "2024", "--translation", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "content/data/reports/2024.yaml",
            "content/reports/2024.md",
            "content/reports/2024.en.md"
        ]
    );
    let data = read(&site, "content/data/reports/2024.yaml");
    assert!(data.starts_with("year: 2024\n"), "{data}");
    assert!(data.contains("legal_environment: {}"), "{data}");
    assert!(read(&site, "content/reports/2024.en.md").contains("NGO Sustainability Index 2024"));
    let run = site.run(&["build", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("zinojumi/2024/index.html"));
    assert_eq!(site.run(&["new", "report", "2024"]).code, 1);
    let run = site.run(&["new", "report", "divi"]);
    assert!(
        run.stderr.contains("`divi` is not a year"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_event_is_a_data_file_that_builds() {
    let site = Site::fixture("basic");
    let run = site.run(&["new", "event", "Rudens forums", "--now", "2026-09-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        Path::new("content/data/events/2026-09-01-rudens-forums.yaml")
            .display()
            .to_string()
    );
    let text = read(&site, "content/data/events/2026-09-01-rudens-forums.yaml");
    for part in [
        "title: \"Rudens forums\"",
        "start: 2026-09-01            # TODO: the day",
        "  name: \"TODO\"",
    ] {
        assert!(text.contains(part), "{part:?} not in {text}");
    }
    // The new file is a valid event: the site builds with its page.
    let built = site.run(&["build", "--now", "2026-08-01"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(site.exists("pasakumi/2026-09-01-rudens-forums/index.html"));
    // Never overwritten.
    let again = site.run(&["new", "event", "Rudens forums", "--now", "2026-09-01"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("the file already exists"),
        "{}",
        again.stderr
    );
}

#[test]
fn check_publish_lists_values_still_reading_todo_in_data_and_front_matter() {
    let site = Site::fixture("basic");
    let run = site.run(&["new", "event", "Rudens forums", "--now", "2026-09-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.write(
        "content/par.md",
        "---\ntitle: Par   # TODO: translate\nextra: {author: TODO}\n---\nTeksts.\n",
    );
    let run = site.run(&["check", "--publish", "--now", "2026-08-01"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The venue the archetype left as "TODO" would be shown on the event's
    // page; the TODO notes in comments are advice and are not listed.
    let event = "content/data/events/2026-09-01-rudens-forums.yaml";
    for expected in [
        format!("error: {event}:5:10: the value still has a `TODO` placeholder\n  5 |   name: \"TODO\""),
        "help: write the real value in its place (`alianse new` leaves TODO where something is missing), or delete the key if it is optional".to_string(),
        "error: content/par.md:3:17: the value still has a `TODO` placeholder".to_string(),
    ] {
        assert!(run.stderr.contains(&expected), "{expected:?} not in {}", run.stderr);
    }
    assert_eq!(run.stderr.matches(event).count(), 1, "{}", run.stderr);
}

#[test]
fn a_site_event_archetype_replaces_the_built_in_one() {
    let site = Site::fixture("basic");
    site.write(
        "archetypes/event.yaml",
        "title: \"{{ title }}\"\nstart: {{ date }}T18:00\nonline: https://example.org/tiesraide\n",
    );
    let run = site.run(&["new", "event", "Vakara saruna", "--now", "2026-09-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&site, "content/data/events/2026-09-01-vakara-saruna.yaml"),
        "title: \"Vakara saruna\"\nstart: 2026-09-01T18:00\nonline: https://example.org/tiesraide\n"
    );
}

#[test]
fn a_site_archetype_replaces_the_built_in_one() {
    let site = Site::fixture("basic");
    site.write(
        "archetypes/news.md",
        "---\ntitle: \"{{ title }}\"\ndate: {{ date }}\nextra: {author: TODO}\n---\nMūsu veidne: {{ slug }}.\n",
    );
    site.write(
        "archetypes/news.en.md",
        "---\ntitle: \"{{ title }}\"\n---\nOur template ({{ lang }}).\n",
    );
    let run = site.run(&[
        "new",
        "news",
        "Vasaras skola",
        "--translation",
        "en",
        "--now",
        "2026-06-15",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(&site, "content/jaunumi/vasaras-skola.md"),
        "---\ntitle: \"Vasaras skola\"\ndate: 2026-06-15\nextra: {author: TODO}\n---\nMūsu veidne: vasaras-skola.\n"
    );
    assert_eq!(
        read(&site, "content/jaunumi/vasaras-skola.en.md"),
        "---\ntitle: \"Vasaras skola\"\n---\nOur template (en).\n"
    );
}

#[test]
fn new_site_and_the_older_form_both_create_a_site() {
    let dir = Site::empty();
    let parent = dir.root.parent().unwrap();
    let run = run_binary(parent, &["new", "site", "viena"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(parent.join("viena/content/site.yaml").is_file());
    let run = run_binary(parent, &["new", "otra"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(parent.join("otra/content/site.yaml").is_file());
    // A kind without a title is a usage error that shows the other way.
    let run = run_binary(parent, &["new", "news"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("alianse new site news"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_member_list_in_flow_style_is_left_alone_with_a_hint() {
    let site = Site::fixture("basic");
    let flow = "# Biedri\n[{id: a, name: A, kind: other}]\n";
    site.write("content/data/members.yaml", flow);
    let run = site.run(&["new", "member", "Jauns biedrs"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/data/members.yaml")
            && run
                .stderr
                .contains("the list is not written as `- id: …` entries")
            && run
                .stderr
                .contains("help: write the members as a block list"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site, "content/data/members.yaml"), flow);
}
