//! Events (`content/data/events/<id>.yaml`, one file per event): general
//! meetings, trainings, conferences. This module owns their types, reading
//! and checks (every bad value an error at its line, all collected), the
//! moments they start and end in the site's time zone, and which are
//! upcoming or past at the build's clock, their URLs and search documents,
//! and [`ics`] the iCalendar text. What templates see of them, and the
//! `.ics` files of a site, are made in `render::events`.
//!
//! `start` and `end` are a date (`2026-03-05`: an all-day event) or a
//! date-time without offset (`2026-03-05T10:00`), read as wall-clock time in
//! the site's `timezone:`. Without `end`, an all-day event lasts its day and
//! a timed one counts as running until the end of its day.

pub mod ics;

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Collection, SearchDoc, SiteData};
use crate::config::Config;
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::{Date, LocalisedText, is_slug};
use crate::schedule::Clock;

/// One event file as written (`alianse schema` describes it).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    pub title: LocalisedText,
    /// `2026-03-05` (all day) or `2026-03-05T10:00` (site time zone).
    #[schemars(with = "String")]
    pub start: Spanned<String>,
    /// Same form as `start`; the last day of an all-day event.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub end: Option<Spanned<String>>,
    #[serde(default)]
    pub place: Option<Place>,
    /// The address of an online event (or of its stream).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub online: Option<Spanned<String>>,
    /// Activity area ids from areas.yaml.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub areas: Vec<Spanned<String>>,
    /// Where to register (a web address).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub registration: Option<Spanned<String>>,
    /// Markdown, shown in lists and calendar entries.
    #[serde(default)]
    pub summary: Option<LocalisedText>,
    /// Markdown, shown on the event's page.
    #[serde(default)]
    pub body: Option<LocalisedText>,
    /// When the entry last changed (`YYYY-MM-DD`): the calendar's DTSTAMP.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub updated: Option<Spanned<String>>,
    /// Illustrative data, shown as such.
    #[serde(default)]
    pub sample: bool,
}

/// Where an event takes place.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub name: LocalisedText,
    #[serde(default)]
    pub address: Option<LocalisedText>,
}

/// A checked event.
#[derive(Debug, Clone)]
pub struct Event {
    /// The file stem: the event's URL segment and calendar UID.
    pub(crate) id: String,
    /// The file, as shown in messages (`content/data/events/x.yaml`).
    pub(crate) file: PathBuf,
    pub(crate) title: LocalisedText,
    /// A date (`seconds: None`, all day) or a wall-clock date-time.
    pub(crate) start: Date,
    /// Of the same kind as `start`, not before it.
    pub(crate) end: Option<Date>,
    pub(crate) place: Option<Place>,
    pub(crate) online: Option<String>,
    pub(crate) areas: Vec<Spanned<String>>,
    pub(crate) registration: Option<String>,
    pub(crate) summary: Option<LocalisedText>,
    pub(crate) body: Option<LocalisedText>,
    pub(crate) updated: Option<Date>,
    pub(crate) sample: bool,
}

impl Event {
    pub(crate) fn all_day(&self) -> bool {
        self.start.seconds.is_none()
    }

    /// The moment it starts, in the site's zone.
    pub(crate) fn starts(&self, clock: &Clock) -> Option<Timestamp> {
        clock.moment(&self.start)
    }

    /// The moment it is over: the end of an all-day event's last day, a
    /// timed event's `end`, or (no `end`) the end of its start day.
    pub(crate) fn ends(&self, clock: &Clock) -> Option<Timestamp> {
        match self.end {
            Some(end) if end.seconds.is_some() => clock.moment(&end),
            Some(end) => clock.moment(&next_day(end)?),
            None => clock.moment(&next_day(self.start)?),
        }
    }

    /// Whether it is over at the build's clock (it then moves to the past list).
    pub(crate) fn is_past(&self, clock: &Clock) -> bool {
        self.ends(clock).is_some_and(|end| end <= clock.now)
    }

    /// Whether it has started and is not over.
    pub(crate) fn is_ongoing(&self, clock: &Clock) -> bool {
        !self.is_past(clock) && self.starts(clock).is_some_and(|s| s <= clock.now)
    }

    /// The day after `end` (or `start`), exclusive end of an all-day event.
    pub(crate) fn end_exclusive_day(&self) -> Option<Date> {
        next_day(self.end.unwrap_or(self.start))
    }
}

/// The `.ics` file of an event, beside its page: `/pasakumi/ID/ID.ics`.
pub fn ics_url(config: &Config, lang: &str, id: &str) -> String {
    format!("{}{id}.ics", Collection::Events.item_url(config, lang, id))
}

/// The calendar feed of all events in a language: `/pasakumi/calendar.ics`.
pub fn calendar_url(config: &Config, lang: &str) -> String {
    format!("{}calendar.ics", Collection::Events.list_url(config, lang))
}

/// The search documents of the events in `lang`: title, summary, body.
pub(super) fn search_docs<'a>(data: &'a SiteData, lang: &str, default: &str) -> Vec<SearchDoc<'a>> {
    data.events
        .iter()
        .map(|e| SearchDoc {
            key: e.id.clone(),
            title: e.title.get(lang, default),
            summary: e
                .summary
                .as_ref()
                .map(|s| s.get(lang, default).to_string())
                .unwrap_or_default(),
            headings: String::new(),
            body: e.body.as_ref().map(|b| b.get(lang, default)).unwrap_or(""),
        })
        .collect()
}

/// The calendar day after `date` (without a time).
pub(crate) fn next_day(date: Date) -> Option<Date> {
    let d = jiff::civil::Date::new(
        i16::try_from(date.year).ok()?,
        i8::try_from(date.month).ok()?,
        i8::try_from(date.day).ok()?,
    )
    .ok()?
    .tomorrow()
    .ok()?;
    Some(Date {
        year: i32::from(d.year()),
        month: u32::try_from(d.month()).ok()?,
        day: u32::try_from(d.day()).ok()?,
        seconds: None,
    })
}

/// Upcoming events (soonest first) and past ones (latest first), as
/// indexes into `events`, at the clock's `now`.
pub(crate) fn split(events: &[Event], clock: &Clock) -> (Vec<usize>, Vec<usize>) {
    let (mut past, mut upcoming): (Vec<usize>, Vec<usize>) =
        (0..events.len()).partition(|&i| events[i].is_past(clock));
    let key = |i: &usize| (events[*i].starts(clock), events[*i].id.clone());
    upcoming.sort_by_key(key);
    past.sort_by_key(key);
    past.reverse();
    (upcoming, past)
}

/// Reads every `*.yaml` under `dir` (shown as `shown_dir`); a folder that
/// does not exist means no events. Sorted by start, then id. `area_ids`
/// are the known areas (`None`: areas.yaml could not be read, so
/// references are not checked).
pub fn load(
    dir: &Path,
    shown_dir: &Path,
    area_ids: Option<&[&str]>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Event> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with('.') && !n.starts_with('_') && !n.ends_with('~'))
        .collect();
    files.sort();
    let mut events: Vec<Event> = Vec::new();
    for name in files {
        let shown = shown_dir.join(&name);
        let Some(id) = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
        else {
            problems.push(
                Diagnostic::warning(format!(
                    "`{name}` is not an event: event files are named ID.yaml"
                ))
                .in_file(&shown),
            );
            continue;
        };
        if !is_slug(id) {
            problems.push(
                Diagnostic::error(
                    ErrorKind::InvalidValue,
                    format!(
                        "`{name}`: the file name is the event's web address and must be a slug"
                    ),
                )
                .in_file(&shown)
                .with_help(format!(
                    "rename it to lowercase letters, digits and hyphens, e.g. {}.yaml",
                    crate::i18n::slugify(id)
                )),
            );
            continue;
        }
        if let Some(other) = events.iter().find(|e| e.id == id) {
            problems.push(
                Diagnostic::error(
                    ErrorKind::Duplicate,
                    format!(
                        "event `{id}` is already defined in {}",
                        other.file.display()
                    ),
                )
                .in_file(&shown)
                .with_help("keep one of the two files"),
            );
            continue;
        }
        let Some(text) = crate::data::read_text(&dir.join(&name), &shown, problems) else {
            continue;
        };
        match crate::yaml::parse_all::<EventFile>(&text, &shown, 0) {
            Ok(raw) => {
                let file = Source {
                    path: &shown,
                    text: &text,
                    area_ids,
                };
                if let Some(event) = check(id, raw, &file, problems) {
                    events.push(event);
                }
            }
            Err(all) => problems.extend(all),
        }
    }
    events.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    events
}

/// An event file being checked: its shown path, its text (to quote lines)
/// and the areas it may name.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
    area_ids: Option<&'a [&'a str]>,
}

impl Source<'_> {
    /// An error at the value `s` of this file.
    fn at(&self, s: &Spanned<String>, kind: ErrorKind, message: String, help: &str) -> Diagnostic {
        Diagnostic::error(kind, message)
            .in_file(self.path)
            .at(s.referenced.line() as usize, s.referenced.column() as usize)
            .with_source(self.text)
            .with_help(help)
    }
}

/// Every check of one event file; `None` if any failed.
fn check(
    id: &str,
    raw: EventFile,
    source: &Source,
    problems: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let before = problems.len();
    let (start, end) = check_when(&raw, source, problems);
    check_references(&raw, source, problems);
    let updated = raw.updated.as_ref().and_then(|u| {
        let parsed = Date::parse(&u.value).filter(|d| d.seconds.is_none());
        if parsed.is_none() {
            problems.push(source.at(
                u,
                ErrorKind::InvalidValue,
                format!("`updated` is not a date: `{}`", u.value),
                "write the day the entry last changed, e.g. 2026-02-01",
            ));
        }
        parsed
    });
    if problems.len() > before {
        return None;
    }
    Some(Event {
        id: id.to_string(),
        file: source.path.to_path_buf(),
        title: raw.title,
        start: start?,
        end,
        place: raw.place,
        online: raw.online.map(|s| s.value),
        areas: raw.areas,
        registration: raw.registration.map(|s| s.value),
        summary: raw.summary,
        body: raw.body,
        updated,
        sample: raw.sample,
    })
}

/// `start` and `end`: each a date or date-time, of the same kind, in order.
fn check_when(
    raw: &EventFile,
    source: &Source,
    problems: &mut Vec<Diagnostic>,
) -> (Option<Date>, Option<Date>) {
    let when_help = "write a date such as 2026-03-05 (all day) or a date and time such as 2026-03-05T10:00, in the site's time zone";
    let mut moment = |key: &str, s: &Spanned<String>| match parse_when(&s.value) {
        Ok(d) => Some(d),
        Err(why) => {
            problems.push(source.at(
                s,
                ErrorKind::InvalidValue,
                format!("`{key}` {why}: `{}`", s.value),
                when_help,
            ));
            None
        }
    };
    let start = moment("start", &raw.start);
    let end = raw
        .end
        .as_ref()
        .and_then(|e| moment("end", e).map(|d| (d, e)));
    if let (Some(start), Some((end, spanned))) = (start, end) {
        if start.seconds.is_some() != end.seconds.is_some() {
            problems.push(source.at(
                spanned,
                ErrorKind::InvalidValue,
                "`start` and `end` must both be dates or both dates with a time".into(),
                "an all-day event gives two dates; a timed one gives a time in both",
            ));
        } else if end < start || (end == start && end.seconds.is_some()) {
            problems.push(source.at(
                spanned,
                ErrorKind::InvalidValue,
                format!(
                    "the event ends ({}) before it starts ({})",
                    shown_when(&end),
                    shown_when(&start)
                ),
                "give `end` a moment after `start` (for a one-day event, leave `end` out)",
            ));
        }
    }
    (start, end.map(|(d, _)| d))
}

/// Web addresses, a place or an online link, and the areas named.
fn check_references(raw: &EventFile, source: &Source, problems: &mut Vec<Diagnostic>) {
    for (key, url) in [("online", &raw.online), ("registration", &raw.registration)] {
        if let Some(url) = url
            && !crate::data::is_web_address(&url.value)
        {
            problems.push(source.at(
                url,
                ErrorKind::InvalidValue,
                format!("`{key}` `{}` is not a web address", url.value),
                "write the full address, starting with https:// (or http://)",
            ));
        }
    }
    if raw.place.is_none() && raw.online.is_none() {
        problems.push(
            Diagnostic::error(
                ErrorKind::Yaml,
                "the event has neither a `place` nor an `online` link",
            )
            .in_file(source.path)
            .at(raw.start.referenced.line() as usize, 0)
            .with_source(source.text)
            .with_help(
                "add `place: {name: …, address: …}`, or `online: https://…` for an online event",
            ),
        );
    }
    let Some(known) = source.area_ids else {
        return;
    };
    for area in raw
        .areas
        .iter()
        .filter(|a| !known.contains(&a.value.as_str()))
    {
        problems.push(crate::data::unknown_area(&area.value, known, |m| {
            source.at(area, ErrorKind::UnknownReference, m, "")
        }));
    }
}

/// `2026-03-05` or `2026-03-05T10:00[:00]` (also with a space); an offset
/// or zone is refused, since times are the site's wall-clock time.
pub(crate) fn parse_when(text: &str) -> Result<Date, &'static str> {
    let text = text.trim();
    let time = text.find(['T', ' ']).map(|i| &text[i + 1..]);
    if time.is_some_and(|t| t.ends_with(['Z', 'z']) || t.contains(['+', '-'])) {
        return Err("has a time-zone offset; give the time as it is in the site's time zone");
    }
    Date::parse(text).ok_or("is not a date or a date with a time")
}

/// `2026-03-05` or `2026-03-05 10:00`, for messages.
fn shown_when(d: &Date) -> String {
    match d.seconds {
        None => d.iso(),
        Some(s) => format!("{} {:02}:{:02}", d.iso(), s / 3600, s / 60 % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Event>, Vec<Diagnostic>) {
        let file = Path::new("content/data/events/x.yaml");
        let mut problems = Vec::new();
        let event = match crate::yaml::parse_all::<EventFile>(text, file, 0) {
            Ok(raw) => {
                let source = Source {
                    path: file,
                    text,
                    area_ids: Some(&["lidzdaliba"]),
                };
                check("x", raw, &source, &mut problems)
            }
            Err(all) => {
                problems.extend(all);
                None
            }
        };
        (event, problems)
    }

    fn clock(now: &str) -> Clock {
        let now = crate::schedule::Now::parse(now).unwrap();
        Clock::new(Some("Europe/Riga"), 0, Some(now)).unwrap()
    }

    #[test]
    fn forms_of_start_and_end() {
        assert_eq!(parse_when("2026-03-05").unwrap().seconds, None);
        assert_eq!(parse_when("2026-03-05T10:00").unwrap().seconds, Some(36000));
        assert_eq!(parse_when("2026-03-05 10:00").unwrap().seconds, Some(36000));
        assert!(parse_when("2026-03-05T10:00+02:00").is_err());
        assert!(parse_when("2026-03-05T10:00Z").is_err());
        assert!(parse_when("5.03.2026").is_err());
        assert!(parse_when("2026-02-30").is_err());
    }

    #[test]
    fn every_bad_value_is_reported_at_its_line() {
        let (event, problems) = parse(
            "title: X\nstart: 2026-03-05T10:00\nend: 2026-03-05T09:00\nonline: ftp://x\nregistration: nowhere\n",
        );
        assert!(event.is_none());
        let lines: Vec<(Option<usize>, &str)> = problems
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    Some(3),
                    "the event ends (2026-03-05 09:00) before it starts (2026-03-05 10:00)"
                ),
                (Some(4), "`online` `ftp://x` is not a web address"),
                (Some(5), "`registration` `nowhere` is not a web address"),
            ]
        );
    }

    #[test]
    fn unknown_areas_are_reported_even_with_other_mistakes() {
        let (_, problems) = parse(
            "title: X\nstart: 2026-03-05\nend: 2026-03-01\nplace: {name: Hall}\nareas: [lidzdalba]\n",
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[1].message, "unknown activity area `lidzdalba`");
        assert_eq!(problems[1].line, Some(5));
        assert_eq!(
            problems[1].help.as_deref(),
            Some("did you mean `lidzdaliba`?")
        );
    }

    #[test]
    fn a_place_or_an_online_link_is_needed() {
        let (_, problems) = parse("title: X\nstart: 2026-03-05\n");
        assert_eq!(
            problems[0].message,
            "the event has neither a `place` nor an `online` link"
        );
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn dates_and_times_do_not_mix() {
        let (_, problems) = parse(
            "title: X\nstart: 2026-03-05\nend: 2026-03-06T12:00\nonline: https://x.example\n",
        );
        assert_eq!(
            problems[0].message,
            "`start` and `end` must both be dates or both dates with a time"
        );
    }

    #[test]
    fn unknown_keys_suggest_the_right_one() {
        let (_, problems) = parse("title: X\nstart: 2026-03-05\nplase: {name: Y}\n");
        assert_eq!(problems[0].message, "unknown key `plase`");
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `place`?"));
        assert_eq!(problems[0].line, Some(3));
    }

    #[test]
    fn an_event_is_past_once_it_has_ended() {
        let (event, _) =
            parse("title: X\nstart: 2026-03-05\nend: 2026-03-06\nplace: {name: Hall}\n");
        let event = event.unwrap();
        assert!(!event.is_past(&clock("2026-03-06T23:59")));
        assert!(event.is_ongoing(&clock("2026-03-05T08:00")));
        assert!(event.is_past(&clock("2026-03-07")));
        let (timed, _) = parse(
            "title: X\nstart: 2026-03-05T10:00\nend: 2026-03-05T12:00\nplace: {name: Hall}\n",
        );
        let timed = timed.unwrap();
        assert!(!timed.is_past(&clock("2026-03-05T11:59")));
        assert!(timed.is_past(&clock("2026-03-05T12:00")));
    }

    #[test]
    fn upcoming_soonest_first_and_past_latest_first() {
        let make = |id: &str, start: &str| {
            let (e, p) = parse(&format!(
                "title: {id}\nstart: {start}\nplace: {{name: Hall}}\n"
            ));
            assert!(p.is_empty(), "{p:?}");
            Event {
                id: id.into(),
                ..e.unwrap()
            }
        };
        let events = vec![
            make("a", "2026-01-10"),
            make("b", "2026-05-01"),
            make("c", "2026-02-01"),
            make("d", "2026-04-01"),
        ];
        let (upcoming, past) = split(&events, &clock("2026-03-01"));
        assert_eq!(upcoming, [3, 1]);
        assert_eq!(past, [2, 0]);
    }

    #[test]
    fn the_day_after_crosses_months_and_years() {
        let d = next_day(Date::parse("2026-12-31").unwrap()).unwrap();
        assert_eq!(d.iso(), "2027-01-01");
    }
}
