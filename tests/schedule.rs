//! Scheduled publishing end to end, with `--now` fixing the clock: pages
//! dated in the future and pages past their `expires` are absent from
//! everything the build writes until (or after) their moment in the site's
//! time zone, `--future`/`--expired` bring them back with a banner, the
//! summary names the next change, and `alianse schedule` lists them.

mod common;

use common::{Run, Site};

const NOW: &str = "2026-12-01T12:00";

/// The basic fixture with a news item scheduled for 5 December 2026 09:00
/// (Riga time) and one that expired on 30 November 2026.
fn scheduled_site() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/jaunumi/nakotne.md",
        "---\ntitle: Nākotnes kopsapulce\ndate: 2026-12-05T09:00\nsummary: Vēl slepens.\n---\nTeksts, kas vēl nav publisks.\n",
    );
    site.write(
        "content/jaunumi/beidzies.md",
        "---\ntitle: Beidzies piedāvājums\ndate: 2026-01-10\nexpires: 2026-11-30\n---\nVairs nav spēkā.\n",
    );
    site.write(
        "content/jaunumi/ilgtermina.md",
        "---\ntitle: Konkurss līdz janvārim\ndate: 2026-11-01\nexpires: 2027-01-31T18:00\n---\nPieteikumi līdz janvāra beigām.\n",
    );
    site
}

fn build(site: &Site, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--now", NOW];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// Every output file that mentions `needle`.
fn files_mentioning(site: &Site, needle: &str) -> Vec<String> {
    site.snapshot()
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn a_future_item_is_absent_from_pages_lists_feeds_sitemap_and_search() {
    let site = scheduled_site();
    build(&site, &[]);
    assert!(!site.exists("jaunumi/nakotne/index.html"));
    assert_eq!(
        files_mentioning(&site, "Nākotnes kopsapulce"),
        Vec::<String>::new()
    );
    assert_eq!(files_mentioning(&site, "nakotne"), Vec::<String>::new());
    // The item that is public now is listed, fed and indexed.
    assert!(site.page("atom.xml").contains("Konkurss līdz janvārim"));
    assert!(site.page("sitemap.xml").contains("/jaunumi/ilgtermina/"));
}

#[test]
fn future_brings_a_scheduled_item_back_with_a_banner() {
    let site = scheduled_site();
    build(&site, &["--future"]);
    let page = site.page("jaunumi/nakotne/index.html");
    assert!(page.contains("Teksts, kas vēl nav publisks."));
    assert!(
        page.contains("Plānots publicēt 2026-12-05 09:00 Europe/Riga"),
        "no banner in {page}"
    );
    assert!(
        site.page("jaunumi/index.html")
            .contains("Nākotnes kopsapulce")
    );
    assert!(site.page("atom.xml").contains("Nākotnes kopsapulce"));
    assert!(site.page("sitemap.xml").contains("/jaunumi/nakotne/"));
    assert!(
        site.search_index("search-index.json")
            .contains("Nākotnes kopsapulce")
    );
    // Pages that are public carry no banner.
    assert!(
        !site
            .page("jaunumi/ilgtermina/index.html")
            .contains("Plānots publicēt")
    );
}

#[test]
fn the_item_appears_at_its_moment_in_the_site_time_zone() {
    let site = scheduled_site();
    let run = site.run(&["build", "--now", "2026-12-05T08:59"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.exists("jaunumi/nakotne/index.html"));
    // 07:00 UTC is 09:00 in Riga in winter.
    let run = site.run(&["build", "--now", "2026-12-05T07:00:00Z"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("jaunumi/nakotne/index.html"));
    assert!(
        !site
            .page("jaunumi/nakotne/index.html")
            .contains("Plānots publicēt")
    );
    // In New York the same moment is still 02:00.
    site.edit(
        "content/site.yaml",
        "theme: default",
        "theme: default\ntimezone: America/New_York",
    );
    let run = site.run(&["build", "--now", "2026-12-05T07:00:00Z"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.exists("jaunumi/nakotne/index.html"));
    assert!(
        run.stdout.contains(
            "next change: 2026-12-05 09:00 America/New_York — jaunumi/nakotne.md becomes public"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn an_expired_item_is_absent_unless_asked_for() {
    let site = scheduled_site();
    build(&site, &[]);
    assert!(!site.exists("jaunumi/beidzies/index.html"));
    assert_eq!(
        files_mentioning(&site, "Beidzies piedāvājums"),
        Vec::<String>::new()
    );
    build(&site, &["--expired"]);
    let page = site.page("jaunumi/beidzies/index.html");
    assert!(
        page.contains("Derīguma termiņš beidzās 2026-11-30 00:00 Europe/Riga"),
        "{page}"
    );
    assert!(site.page("atom.xml").contains("Beidzies piedāvājums"));
}

#[test]
fn the_summary_prints_the_next_change() {
    let site = scheduled_site();
    let run = build(&site, &[]);
    assert!(
        run.stdout.contains(
            "next change: 2026-12-05 09:00 Europe/Riga — jaunumi/nakotne.md becomes public"
        ),
        "{}",
        run.stdout
    );
    // After it, the next change is the expiry in January.
    let run = site.run(&["build", "--now", "2026-12-06"]);
    assert!(
        run.stdout
            .contains("next change: 2027-01-31 18:00 Europe/Riga — jaunumi/ilgtermina.md expires"),
        "{}",
        run.stdout
    );
    // Nothing ahead: no line.
    let run = site.run(&["build", "--now", "2027-02-01"]);
    assert!(!run.stdout.contains("next change"), "{}", run.stdout);
}

#[test]
fn schedule_json_lists_the_upcoming_changes() {
    let site = scheduled_site();
    let run = site.run(&["schedule", "--json", "--now", NOW]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["timezone"], "Europe/Riga");
    assert_eq!(json["now"], "2026-12-01T12:00:00+02:00");
    assert_eq!(json["next"], "2026-12-05T07:00:00Z");
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[0]["at"], "2026-12-05T09:00:00+02:00");
    assert_eq!(changes[0]["change"], "publish");
    assert_eq!(changes[0]["path"], "content/jaunumi/nakotne.md");
    assert_eq!(changes[0]["title"], "Nākotnes kopsapulce");
    assert_eq!(changes[1]["at"], "2027-01-31T18:00:00+02:00");
    assert_eq!(changes[1]["at_utc"], "2027-01-31T16:00:00Z");
    assert_eq!(changes[1]["change"], "expire");
    let text = site.run(&["schedule", "--now", NOW]);
    assert_eq!(
        text.stdout.lines().next().unwrap(),
        "2026-12-05 09:00 Europe/Riga  publish  jaunumi/nakotne.md  (Nākotnes kopsapulce)"
    );
}

#[test]
fn a_link_to_a_scheduled_page_is_an_error_naming_the_date() {
    let site = scheduled_site();
    site.edit(
        "content/kontakti.md",
        "Rakstiet mums.",
        "Rakstiet mums. Skatiet arī [kopsapulci](jaunumi/nakotne.md).",
    );
    let run = site.run(&["build", "--now", NOW]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("content/kontakti.md:4:")
            && run.stderr.contains(
                "link to `jaunumi/nakotne.md`: content/jaunumi/nakotne.md is scheduled for 2026-12-05 09:00 Europe/Riga and not public yet"
            )
            && run.stderr.contains("help: remove the link until then"),
        "{}",
        run.stderr
    );
    assert!(!site.path("output").exists());
    // A preview with --future has both pages.
    let run = site.run(&["build", "--now", NOW, "--future"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_link_to_an_expired_page_is_a_warning_and_leads_to_not_found() {
    let site = scheduled_site();
    site.edit(
        "content/kontakti.md",
        "Rakstiet mums.",
        "Rakstiet mums. Vecais [piedāvājums](jaunumi/beidzies.md).",
    );
    let run = build(&site, &[]);
    assert!(
        run.stderr.contains("warning")
            && run
                .stderr
                .contains("content/jaunumi/beidzies.md expired on 2026-11-30 00:00 Europe/Riga"),
        "{}",
        run.stderr
    );
    assert!(
        site.page("kontakti/index.html")
            .contains("href=\"../404.html\"")
    );
}

#[test]
fn bad_schedule_values_are_reported_with_their_line() {
    let site = scheduled_site();
    site.write(
        "content/jaunumi/slikts.md",
        "---\ntitle: Slikts\ndate: 2026-12-10\nexpires: 2026-12-01\n---\nTeksts.\n",
    );
    site.edit(
        "content/jaunumi/beidzies.md",
        "expires: 2026-11-30",
        "expires: rīt",
    );
    let run = site.run(&["build", "--now", NOW]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/jaunumi/slikts.md:4:")
            && run.stderr.contains("the page expires (2026-12-01 00:00 Europe/Riga) before it is published (2026-12-10 00:00 Europe/Riga)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/jaunumi/beidzies.md:4:")
            && run.stderr.contains("`expires` is not a valid date: `rīt`"),
        "{}",
        run.stderr
    );
    let site = Site::fixture("basic");
    site.edit(
        "content/site.yaml",
        "theme: default",
        "theme: default\ntimezone: Europe/Rīga",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/site.yaml:9")
            && run.stderr.contains("unknown time zone `Europe/Rīga`"),
        "{}",
        run.stderr
    );
    assert_eq!(site.run(&["build", "--now", "rīt"]).code, 2);
}

#[test]
fn a_menu_item_for_a_scheduled_page_is_an_error_and_an_expired_one_leaves_the_menu() {
    let site = scheduled_site();
    site.edit(
        "content/site.yaml",
        "    - {name: \"Biedri\", url: \"/biedri/\"}",
        "    - {name: \"Kopsapulce\", url: \"jaunumi/nakotne.md\"}",
    );
    let run = site.run(&["build", "--now", NOW]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/site.yaml:16")
            && run.stderr.contains("menu item `Kopsapulce`: link to `jaunumi/nakotne.md`: content/jaunumi/nakotne.md is scheduled for 2026-12-05 09:00 Europe/Riga"),
        "{}",
        run.stderr
    );
    site.edit(
        "content/site.yaml",
        "jaunumi/nakotne.md",
        "jaunumi/beidzies.md",
    );
    let run = build(&site, &[]);
    assert!(run.stderr.contains("menu item `Kopsapulce`: link to `jaunumi/beidzies.md`: content/jaunumi/beidzies.md expired on"), "{}", run.stderr);
    assert!(!site.page("index.html").contains(">Kopsapulce<"));
    // A preview with --expired keeps it in the menu.
    let run = site.run(&["build", "--now", NOW, "--expired"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("index.html").contains(">Kopsapulce<"));
}

#[test]
fn a_site_with_a_change_ahead_is_built_again_rather_than_skipped() {
    let site = Site::fixture("basic");
    let cache = tempfile::tempdir().unwrap();
    let build = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_alianse"))
            .arg("build")
            .current_dir(&site.root)
            .env("ALIANSE_CACHE_DIR", cache.path())
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    build();
    assert!(build().contains("nothing changed since the last build"));
    // With a page due later, the clock matters: every build looks again.
    site.write(
        "content/jaunumi/talu.md",
        "---\ntitle: Tālu nākotnē\ndate: 2099-01-01\n---\nTeksts.\n",
    );
    assert!(build().contains("next change: 2099-01-01 00:00 Europe/Riga"));
    let again = build();
    assert!(
        !again.contains("nothing changed") && again.contains("next change: 2099-01-01"),
        "{again}"
    );
}
