//! Events end to end on the `events` fixture (a general meeting on
//! 5 March 2026 10:00–16:00 Riga time, a two-day online training on
//! 20–21 April 2026, a conference on 10 November 2025), with `--now`
//! fixing the clock: the list pages in both languages (upcoming soonest
//! first, past latest first), the event pages, the `.ics` files byte for
//! byte, the calendar feeds, an event crossing to the past list, the
//! `{{< events >}}` embed, search and sitemap entries, and the exact
//! message of each bad input.

mod common;

use common::{Run, Site, link_to, main_of, visible_text};

fn build(site: &Site, now: &str) -> Run {
    let run = site.run(&["build", "--now", now]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

fn text(site: &Site, rel: &str) -> String {
    visible_text(main_of(&site.page(rel)))
}

/// The titles in a list section, in order (the `<h3>` links of its cards).
fn titles_in(html: &str, heading_id: &str) -> Vec<String> {
    let start = html
        .find(&format!("id=\"{heading_id}\""))
        .unwrap_or_else(|| panic!("no {heading_id}"));
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    section
        .split("<h3><a href=\"")
        .skip(1)
        .map(|s| {
            let s = &s[s.find('>').unwrap() + 1..];
            s[..s.find("</a>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn lists_put_upcoming_soonest_first_and_past_latest_first() {
    let site = Site::fixture("events");
    build(&site, "2026-03-01");
    let lv = site.page("pasakumi/index.html");
    assert_eq!(
        titles_in(&lv, "upcoming-heading"),
        ["Biedru kopsapulce", "Mācības par finansējuma piesaisti"]
    );
    assert_eq!(
        titles_in(&lv, "past-heading"),
        [
            "Pilsoniskās sabiedrības konference: ļoti garš nosaukums, kas vajadzīgs rindu locīšanas pārbaudei; ar komatiem"
        ]
    );
    let text_lv = text(&site, "pasakumi/index.html");
    assert!(
        text_lv.contains("2026. gada 5. martā, plkst. 10.00–16.00 Biedru kopsapulce"),
        "{text_lv}"
    );
    assert!(
        text_lv.contains("2026. gada 20.–21. aprīlī Mācības par finansējuma piesaisti Tiešsaistē"),
        "{text_lv}"
    );
    assert!(
        text_lv.contains("ilustratīvi piemēri"),
        "sample notice: {text_lv}"
    );
    let en = site.page("en/events/index.html");
    assert_eq!(
        titles_in(&en, "upcoming-heading"),
        ["General meeting", "Training on fundraising"]
    );
    assert_eq!(titles_in(&en, "past-heading"), ["Civil society conference"]);
    let text_en = text(&site, "en/events/index.html");
    assert!(
        text_en.contains("5 March 2026, 10:00–16:00 General meeting"),
        "{text_en}"
    );
    assert!(
        text_en.contains("20–21 April 2026 Training on fundraising Online"),
        "{text_en}"
    );
    // The calendar feed is linked, and announced to feed readers.
    assert_eq!(link_to(&en, "Events calendar (iCalendar)"), "calendar.ics");
    assert!(en.contains(
        "<link rel=\"alternate\" type=\"text/calendar\" title=\"Events Alliance – Events\" href=\"calendar.ics\">"
    ));
}

#[test]
fn an_event_page_says_when_and_where_in_each_language() {
    let site = Site::fixture("events");
    build(&site, "2026-03-01");
    let lv = text(&site, "pasakumi/2026-03-05-kopsapulce/index.html");
    for part in [
        "Gaidāmais pasākums Biedru kopsapulce",
        "Uzmanību: šis ir ilustratīvs parauga pasākums",
        "Gada kopsapulce: pārskats, budžets; padomes vēlēšanas.",
        "Darba kārtība tiks izsūtīta biedriem. Lūdzam reģistrēties.",
        "Kad 2026. gada 5. martā, plkst. 10.00–16.00",
        "Kur Rīgas Latviešu biedrības nams Merķeļa iela 13, Rīga",
        "Reģistrēties Pievienot kalendāram (.ics)",
    ] {
        assert!(lv.contains(part), "{part:?} not in {lv}");
    }
    let html = site.page("pasakumi/2026-03-05-kopsapulce/index.html");
    assert_eq!(
        link_to(&html, "Pievienot kalendāram (.ics)"),
        "2026-03-05-kopsapulce.ics"
    );
    assert_eq!(
        link_to(&html, "Reģistrēties"),
        "https://example.org/registracija"
    );
    assert_eq!(
        link_to(&html, "Līdzdalība"),
        "../../darbibas-jomas/lidzdaliba/"
    );
    assert!(html.contains("<time datetime=\"2026-03-05T10:00\">"));
    let en = text(&site, "en/events/2026-04-20-macibas/index.html");
    assert!(
        en.contains("When 20–21 April 2026 Online example.org/straume"),
        "{en}"
    );
    let en_html = site.page("en/events/2026-04-20-macibas/index.html");
    assert!(en_html.contains(
        "hreflang=\"lv\" href=\"https://example.org/alianse/pasakumi/2026-04-20-macibas/\""
    ));
}

/// The English .ics of the general meeting, byte for byte.
const MEETING_EN: &str = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
PRODID:-//alianse//events//EN\r\n\
CALSCALE:GREGORIAN\r\n\
METHOD:PUBLISH\r\n\
X-WR-CALNAME:Events Alliance – Events\r\n\
BEGIN:VEVENT\r\n\
UID:2026-03-05-kopsapulce.en.single@example.org\r\n\
DTSTAMP:20260131T220000Z\r\n\
DTSTART:20260305T080000Z\r\n\
DTEND:20260305T140000Z\r\n\
SUMMARY:General meeting\r\n\
DESCRIPTION:The annual meeting: report\\, budget\\; council elections.\\n\\nReg\r\n \
istration: https://example.org/registracija\r\n\
LOCATION:Riga Latvian Society House\\, Merķeļa iela 13\\, Rīga\r\n\
URL:https://example.org/alianse/en/events/2026-03-05-kopsapulce/\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn an_event_ics_is_rfc_5545() {
    let site = Site::fixture("events");
    build(&site, "2026-03-01");
    // Timed: in UTC (10:00 in Riga is 08:00Z in March); DTSTAMP is the
    // `updated:` day at midnight in Riga; text escaped; folded at 75 octets.
    assert_eq!(
        site.page("en/events/2026-03-05-kopsapulce/2026-03-05-kopsapulce.ics"),
        MEETING_EN
    );
    // All day: VALUE=DATE with the day after the last day as DTEND; no
    // `updated:`, so DTSTAMP is the start day at midnight in Riga.
    let training = site.page("pasakumi/2026-04-20-macibas/2026-04-20-macibas.ics");
    for line in [
        "UID:2026-04-20-macibas.lv.single@example.org\r\n",
        "DTSTAMP:20260419T210000Z\r\n",
        "DTSTART;VALUE=DATE:20260420\r\n",
        "DTEND;VALUE=DATE:20260422\r\n",
        "LOCATION:https://example.org/straume\r\n",
    ] {
        assert!(training.contains(line), "{line:?} not in {training}");
    }
    // A long Latvian title is folded between characters, never inside one.
    let conference = site.page("pasakumi/2025-11-10-konference/2025-11-10-konference.ics");
    assert!(conference.contains(
        "SUMMARY:Pilsoniskās sabiedrības konference: ļoti garš nosaukums\\, kas v\r\n ajadzīgs rindu locīšanas pārbaudei\\; ar komatiem\r\n"
    ), "{conference}");
    for line in conference.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
}

#[test]
fn each_language_has_a_calendar_feed_with_every_event() {
    let site = Site::fixture("events");
    build(&site, "2026-03-01");
    let feed = site.page("pasakumi/calendar.ics");
    assert!(
        feed.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//alianse//events//LV\r\n")
    );
    assert!(feed.contains("X-WR-CALNAME:Pasākumu alianse – Pasākumi\r\n"));
    let uids: Vec<&str> = feed
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("UID:"))
        .collect();
    assert_eq!(
        uids,
        [
            "2025-11-10-konference.lv@example.org",
            "2026-03-05-kopsapulce.lv@example.org",
            "2026-04-20-macibas.lv@example.org"
        ]
    );
    assert!(feed.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    // The feed holds the same VEVENT as the event's own file, under a UID of
    // its own (a UID names one event in one file of the site).
    let own = site.page("en/events/2026-03-05-kopsapulce/2026-03-05-kopsapulce.ics");
    let vevent = &own[own.find("BEGIN:VEVENT").unwrap()..own.find("END:VCALENDAR").unwrap()];
    let in_feed = vevent.replace(".en.single@", ".en@");
    assert_ne!(in_feed, vevent);
    assert!(site.page("en/events/calendar.ics").contains(&in_feed));
}

#[test]
fn an_event_that_ended_moves_to_the_past_list_on_the_next_build() {
    let site = Site::fixture("events");
    build(&site, "2026-03-05T15:59");
    let lv = site.page("pasakumi/index.html");
    assert_eq!(titles_in(&lv, "upcoming-heading")[0], "Biedru kopsapulce");
    assert!(text(&site, "pasakumi/index.html").contains("Notiek tagad"));
    let home = text(&site, "index.html");
    assert!(home.contains("Gaidāmie pasākumi"), "{home}");
    // The meeting ends at 16:00 Riga time.
    build(&site, "2026-03-05T16:00");
    let lv = site.page("pasakumi/index.html");
    assert_eq!(
        titles_in(&lv, "upcoming-heading"),
        ["Mācības par finansējuma piesaisti"]
    );
    assert_eq!(titles_in(&lv, "past-heading")[0], "Biedru kopsapulce");
    assert!(
        text(&site, "pasakumi/2026-03-05-kopsapulce/index.html").contains("Pasākums ir noticis")
    );
    // A past event offers no registration any more.
    assert!(
        !site
            .page("pasakumi/2026-03-05-kopsapulce/index.html")
            .contains("Reģistrēties")
    );
    // After the training's last day, nothing is upcoming.
    build(&site, "2026-04-22");
    assert!(
        text(&site, "en/events/index.html")
            .contains("Upcoming events There are no upcoming events at the moment.")
    );
}

#[test]
fn builds_are_byte_identical() {
    let site = Site::fixture("events");
    build(&site, "2026-03-01");
    let first = site.snapshot();
    std::fs::remove_dir_all(site.path("output")).unwrap();
    build(&site, "2026-03-01");
    assert_eq!(first, site.snapshot());
}

#[test]
fn the_events_embed_takes_an_area_and_a_limit() {
    let site = Site::fixture("events");
    build(&site, "2026-03-01");
    // lv home: limit="1", the soonest only.
    let lv = site.page("index.html");
    let embed = &lv[lv.find("embed-events").unwrap()..];
    let embed = &embed[..embed.find("</ul>").unwrap()];
    assert!(embed.contains(">Biedru kopsapulce</a>"));
    assert!(!embed.contains("Mācības"));
    // en home: area="lidzdaliba": the meeting, not the training.
    let en = site.page("en/index.html");
    let embed = &en[en.find("embed-events").unwrap()..];
    let embed = &embed[..embed.find("</ul>").unwrap()];
    assert!(embed.contains(">General meeting</a>"));
    assert!(!embed.contains("Training"));
    // The area page lists its upcoming events.
    let area = text(&site, "en/areas/kapacitate/index.html");
    assert!(
        area.contains("Upcoming events 20–21 April 2026 Training on fundraising"),
        "{area}"
    );
}

#[test]
fn events_are_searchable_and_in_the_sitemap() {
    let site = Site::fixture("events");
    build(&site, "2026-03-01");
    let index = site.search_index("en/search-index.json");
    assert!(index.contains(
        "{\"t\":\"General meeting\",\"u\":\"events/2026-03-05-kopsapulce/\",\"s\":\"The annual meeting: report, budget; council elections.\",\"h\":\"\",\"b\":\"The agenda will be sent to members.\",\"k\":\"event\"}"
    ), "{index}");
    let sitemap = site.page("sitemap.xml");
    for url in [
        "<loc>https://example.org/alianse/pasakumi/</loc>",
        "<loc>https://example.org/alianse/en/events/2026-04-20-macibas/</loc>",
    ] {
        assert!(sitemap.contains(url), "{url}");
    }
}

#[test]
fn a_site_without_events_gets_no_events_pages() {
    let site = Site::fixture("basic");
    site.run(&["build"]);
    assert!(!site.exists("pasakumi/index.html"));
    assert!(!site.exists("en/events/calendar.ics"));
}

/// Builds with a bad file added and returns stderr (the build must fail).
fn failing(files: &[(&str, &str)]) -> String {
    let site = Site::fixture("events");
    for (name, text) in files {
        site.write(&format!("content/data/events/{name}"), text);
    }
    let run = site.run(&["build", "--now", "2026-03-01"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.exists("index.html"), "nothing is written");
    run.stderr
}

#[test]
fn every_bad_value_is_an_error_at_its_line() {
    let stderr = failing(&[(
        "slikts.yaml",
        "title: Slikts\nstart: 2026-03-05T10:00\nend: 2026-03-04T10:00\nonline: www.example.org\nregistration: https://example.org/r\nareas: [lidzdalba]\nupdated: vakar\n",
    )]);
    for expected in [
        "error: content/data/events/slikts.yaml:3:6: the event ends (2026-03-04 10:00) before it starts (2026-03-05 10:00)\n",
        "  help: give `end` a moment after `start` (for a one-day event, leave `end` out)\n",
        "error: content/data/events/slikts.yaml:4:9: `online` `www.example.org` is not a web address\n",
        "  help: write the full address, starting with https:// (or http://)\n",
        "error: content/data/events/slikts.yaml:6:9: unknown activity area `lidzdalba`\n",
        "  help: did you mean `lidzdaliba`?\n",
        "error: content/data/events/slikts.yaml:7:10: `updated` is not a date: `vakar`\n",
        "4 errors found; nothing was written",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in\n{stderr}");
    }
}

#[test]
fn bad_dates_and_keys_are_explained() {
    let stderr = failing(&[
        (
            "a.yaml",
            "title: X\nstart: 2026-03-05T10:00+02:00\nplace: {name: Zāle}\n",
        ),
        (
            "b.yaml",
            "title: X\nstart: 2026-03-05\nend: 2026-03-06T10:00\nplace: {name: Zāle}\n",
        ),
        (
            "c.yaml",
            "title: X\nstart: 5.03.2026\nonline: https://x.example\n",
        ),
        (
            "d.yaml",
            "title: X\nstart: 2026-03-05\nplase: {name: Zāle}\n",
        ),
        ("e.yaml", "title: X\nstart: 2026-03-05\n"),
        (
            "Liels_Vards.yaml",
            "title: X\nstart: 2026-03-05\nonline: https://x.example\n",
        ),
    ]);
    for expected in [
        "error: content/data/events/a.yaml:2:8: `start` has a time-zone offset; give the time as it is in the site's time zone: `2026-03-05T10:00+02:00`\n",
        "error: content/data/events/b.yaml:3:6: `start` and `end` must both be dates or both dates with a time\n",
        "error: content/data/events/c.yaml:2:8: `start` is not a date or a date with a time: `5.03.2026`\n",
        "  help: write a date such as 2026-03-05 (all day) or a date and time such as 2026-03-05T10:00, in the site's time zone\n",
        "error: content/data/events/d.yaml:3:1: unknown key `plase`\n",
        "  help: did you mean `place`?\n",
        "error: content/data/events/e.yaml:2: the event has neither a `place` nor an `online` link\n",
        "error: content/data/events/Liels_Vards.yaml: `Liels_Vards.yaml`: the file name is the event's web address and must be a slug\n",
        "  help: rename it to lowercase letters, digits and hyphens, e.g. liels-vards.yaml\n",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in\n{stderr}");
    }
}

#[test]
fn embed_arguments_are_checked() {
    let site = Site::fixture("events");
    site.write(
        "content/sapulces.md",
        "---\ntitle: Sapulces\n---\nTeksts.\n\n{{< events area=\"lidzdalba\" >}}\n\n{{< events limit=\"nav\" >}}\n",
    );
    let run = site.run(&["build", "--now", "2026-03-01"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: content/sapulces.md:6:1: unknown activity area `lidzdalba`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: content/sapulces.md:8:1: `limit` is `nav`, not a number of events"),
        "{}",
        run.stderr
    );
}

/// Copies the default theme into the site (`themes/default/`, used in place
/// of the built-in one), so a test can change its strings.
fn own_theme(site: &Site) {
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&theme).unwrap();
            let rel = format!("themes/default/{}", rel.to_string_lossy());
            site.write(&rel, std::fs::read(entry.path()).unwrap());
        }
    }
}

#[test]
fn calendar_names_and_the_registration_word_are_theme_strings() {
    let site = Site::fixture("events");
    own_theme(&site);
    site.edit(
        "themes/default/i18n/en.yaml",
        "event_registration: Registration",
        "event_registration: Sign up",
    );
    // A third language (its events' address is the default language's
    // segment and its site title the default language's, as none is set
    // for it): its strings file is the theme's English one
    // translated where the calendars use it.
    let en = std::fs::read_to_string(site.path("themes/default/i18n/en.yaml")).unwrap();
    site.write(
        "themes/default/i18n/de.yaml",
        en.replace("events_title: Events", "events_title: Veranstaltungen")
            .replace(
                "event_registration: Sign up",
                "event_registration: Anmeldung",
            ),
    );
    site.edit(
        "content/site.yaml",
        "  en: {name: English, locale: en-GB}",
        "  en: {name: English, locale: en-GB}\n  de: {name: Deutsch, locale: de-DE}",
    );
    build(&site, "2026-03-01");
    let meeting = |lang: &str| {
        site.page(&format!(
            "{lang}/2026-03-05-kopsapulce/2026-03-05-kopsapulce.ics"
        ))
        .replace("\r\n ", "")
    };
    assert!(meeting("en/events").contains("X-WR-CALNAME:Events Alliance – Events\r\n"));
    assert!(meeting("en/events").contains("\\n\\nSign up: https://example.org/registracija\r\n"));
    let de = meeting("de/pasakumi");
    assert!(
        de.contains("X-WR-CALNAME:Pasākumu alianse – Veranstaltungen\r\n"),
        "{de}"
    );
    assert!(
        de.contains("\\n\\nAnmeldung: https://example.org/registracija\r\n"),
        "{de}"
    );
    let feed = site.page("de/pasakumi/calendar.ics");
    assert!(feed.contains("X-WR-CALNAME:Pasākumu alianse – Veranstaltungen\r\n"));
    // Latvian keeps the built-in theme's words.
    let lv = site.page("pasakumi/2026-03-05-kopsapulce/2026-03-05-kopsapulce.ics");
    assert!(
        lv.replace("\r\n ", "")
            .contains("Reģistrācija: https://example.org/registracija")
    );
}
