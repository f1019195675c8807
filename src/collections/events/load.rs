//! Reading and checking the event files: every bad value an error at its
//! line (the form of `start` and `end` and their order, web addresses,
//! `updated`, a place or an online link, unknown areas; unknown keys and
//! wrong types through the schema), all of a file's problems at once.

use std::path::Path;

use serde_saphyr::Spanned;

use super::{Event, EventFile};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::{Date, is_slug};
use crate::messages::Message;

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
                Diagnostic::warning(
                    ErrorKind::SiteStructure,
                    msg!("event.not-event", name = &name),
                )
                .in_file(&shown),
            );
            continue;
        };
        if !is_slug(id) {
            problems.push(
                Diagnostic::error(
                    ErrorKind::InvalidValue,
                    msg!("event.not-slug", name = &name),
                )
                .in_file(&shown)
                .with_help(msg!(
                    "event.not-slug-help",
                    example = crate::i18n::slugify(id)
                )),
            );
            continue;
        }
        if let Some(other) = events.iter().find(|e| e.id == id) {
            problems.push(
                Diagnostic::error(
                    ErrorKind::Duplicate,
                    msg!("event.twice", id = id, other = other.file.display()),
                )
                .in_file(&shown)
                .with_help(msg!("event.twice-help")),
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
    fn at(
        &self,
        s: &Spanned<String>,
        kind: ErrorKind,
        message: impl Into<Message>,
        help: impl Into<Message>,
    ) -> Diagnostic {
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
                msg!("event.updated", value = &u.value),
                msg!("event.updated-help"),
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
    let mut moment = |key: &str, s: &Spanned<String>| match parse_when(&s.value) {
        Ok(d) => Some(d),
        Err(why) => {
            problems.push(source.at(
                s,
                ErrorKind::InvalidValue,
                msg!("event.when", key = key, why = why, value = &s.value),
                msg!("event.when-help"),
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
                msg!("event.mixed"),
                msg!("event.mixed-help"),
            ));
        } else if end < start || (end == start && end.seconds.is_some()) {
            problems.push(source.at(
                spanned,
                ErrorKind::InvalidValue,
                msg!(
                    "event.order",
                    end = shown_when(&end),
                    start = shown_when(&start)
                ),
                msg!("event.order-help"),
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
                msg!("event.url", key = key, value = &url.value),
                msg!("data.web-address-help"),
            ));
        }
    }
    if raw.place.is_none() && raw.online.is_none() {
        problems.push(
            Diagnostic::error(ErrorKind::Yaml, msg!("event.no-place"))
                .in_file(source.path)
                .at(raw.start.referenced.line() as usize, 0)
                .with_source(source.text)
                .with_help(msg!("event.no-place-help")),
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
pub(crate) fn parse_when(text: &str) -> Result<Date, Message> {
    let text = text.trim();
    let time = text.find(['T', ' ']).map(|i| &text[i + 1..]);
    if time.is_some_and(|t| t.ends_with(['Z', 'z']) || t.contains(['+', '-'])) {
        return Err(msg!("event.offset"));
    }
    Date::parse(text).ok_or_else(|| msg!("event.not-date"))
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
    use super::super::{next_day, split};
    use super::*;
    use crate::schedule::Clock;

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
