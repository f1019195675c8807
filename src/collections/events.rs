//! Events (`content/data/events/<id>.yaml`, one file per event): general
//! meetings, trainings, conferences. This module owns their types, reading
//! and checks (every bad value an error at its line, all collected), the
//! moments they start and end in the site's time zone, and which are
//! upcoming or past at the build's clock, their URLs and search documents,
//! and [`ics`] the iCalendar text; [`view`] what templates see of them
//! (made through the render phase's `ViewKit`); [`files`] the `.ics` files
//! of a site.
//!
//! `start` and `end` are a date (`2026-03-05`: an all-day event) or a
//! date-time without offset (`2026-03-05T10:00`), read as wall-clock time in
//! the site's `timezone:`. Without `end`, an all-day event lasts its day and
//! a timed one counts as running until the end of its day.

pub mod editor;
pub(super) mod files;
pub mod ics;
mod load;
pub mod view;

pub use load::load;

use std::path::PathBuf;

use jiff::Timestamp;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::tables::{localised_cells, localised_fields, page_fields};
use super::tracked::{TrackedField, shown};
use super::view::EmbedSpec;
use super::{Collection, SearchDoc, SiteData};
use crate::config::Config;
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::{Date, LocalisedText};
use crate::messages::Message;
use crate::open_data::{Cell, Field, FieldType, Table};
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

/// The columns of the events table.
fn table_fields(config: &Config) -> Vec<Field> {
    let mut fields = vec![
        Field::new(
            "id",
            FieldType::String,
            "The event's id (its page's address segment and its calendar UID)",
        )
        .required(),
    ];
    fields.extend(localised_fields(config, "title", "The event's title"));
    fields.extend([
        Field::new("start_date", FieldType::Date, "The day the event starts").required(),
        Field::new(
            "start_time",
            FieldType::Time,
            "The time it starts, in `timezone`; empty for an all-day event",
        ),
        Field::new(
            "end_date",
            FieldType::Date,
            "The day it ends; empty when no end is given",
        ),
        Field::new(
            "end_time",
            FieldType::Time,
            "The time it ends, in `timezone`; empty for an all-day event or one without an end",
        ),
        Field::new(
            "timezone",
            FieldType::String,
            "The IANA time zone of the times (the site's)",
        )
        .required(),
    ]);
    fields.extend(localised_fields(config, "place", "The name of the place"));
    fields.extend(localised_fields(config, "address", "The place's address"));
    fields.push(
        Field::new(
            "online",
            FieldType::String,
            "The address to take part online",
        )
        .uri(),
    );
    fields.push(Field::new("registration", FieldType::String, "Where to register").uri());
    fields.push(Field::new(
        "areas",
        FieldType::String,
        "The ids of the activity areas of the event, separated by `;`",
    ));
    fields.extend(localised_fields(
        config,
        "summary",
        "What the event is about (Markdown)",
    ));
    fields.extend(page_fields(config, "the event's page"));
    fields.push(
        Field::new(
            "sample",
            FieldType::Boolean,
            "true: illustrative data, not a real event",
        )
        .required(),
    );
    fields
}

/// `HH:MM:SS` of a date-time, empty for a date.
fn time_cell(date: &Date) -> Cell {
    date.seconds.map_or(Cell::Empty, |s| {
        Cell::text(format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60))
    })
}

/// The events as an open data table, one row each, in the order of the data.
pub fn table(config: &Config, data: &SiteData) -> Table {
    let zone = config.schedule.clock.tz_name.as_str();
    let rows = data
        .events
        .iter()
        .map(|e| {
            let mut row = vec![Cell::text(&e.id)];
            row.extend(localised_cells(config, Some(&e.title)));
            row.push(Cell::text(e.start.iso()));
            row.push(time_cell(&e.start));
            row.push(e.end.as_ref().map_or(Cell::Empty, |d| Cell::text(d.iso())));
            row.push(e.end.as_ref().map_or(Cell::Empty, time_cell));
            row.push(Cell::text(zone));
            let place = e.place.as_ref();
            row.extend(localised_cells(config, place.map(|p| &p.name)));
            row.extend(localised_cells(
                config,
                place.and_then(|p| p.address.as_ref()),
            ));
            row.push(Cell::text(e.online.clone().unwrap_or_default()));
            row.push(Cell::text(e.registration.clone().unwrap_or_default()));
            let areas: Vec<&str> = e.areas.iter().map(|a| a.value.as_str()).collect();
            row.push(Cell::text(areas.join(";")));
            row.extend(localised_cells(config, e.summary.as_ref()));
            row.extend(super::tables::page_cells(config, Collection::Events, &e.id));
            row.push(Cell::Boolean(e.sample));
            row
        })
        .collect();
    Table {
        name: "events".into(),
        title: "Events".into(),
        description:
            "The alliance's events (general meetings, trainings, conferences), one row each.".into(),
        fields: table_fields(config),
        primary_key: vec!["id".into()],
        rows,
    }
}

/// The events' tracked translations: title, place name, summary and body
/// (addresses are names: not translated).
pub fn tracked_fields(data: &SiteData) -> Vec<TrackedField<'_>> {
    let mut out = Vec::new();
    for e in &data.events {
        let place = e.place.as_ref();
        for (key, text, path) in [
            ("title", Some(&e.title), vec!["title"]),
            ("place", place.map(|p| &p.name), vec!["place", "name"]),
            ("summary", e.summary.as_ref(), vec!["summary"]),
            ("body", e.body.as_ref(), vec!["body"]),
        ] {
            if let Some(text) = text {
                out.push(TrackedField {
                    section: Collection::Events.name(),
                    file: shown(&e.file),
                    item: format!("{}: {key}", e.id),
                    text,
                    start: 1,
                    path,
                });
            }
        }
    }
    out
}

/// Each sample event, as not ready to publish.
pub fn samples(data: &SiteData) -> Vec<Diagnostic> {
    data.events
        .iter()
        .filter(|e| e.sample)
        .map(|event| {
            Diagnostic::error(
                ErrorKind::InvalidValue,
                msg!("readiness.sample-event", id = &event.id),
            )
            .in_file(&event.file)
            .with_help(msg!("readiness.sample-event-help"))
        })
        .collect()
}

/// The embed events offer: `{{< events area="…" limit="…" >}}`.
pub const EMBEDS: &[EmbedSpec] = &[EmbedSpec {
    name: "events",
    args: &["area", "limit"],
    optional: true,
}];

/// What is wrong with an `events` embed's argument: a `limit` that is not
/// a positive number.
pub fn embed_problem(key: &str, value: &str) -> Option<(Message, Message)> {
    if key == "limit" && !value.parse::<usize>().is_ok_and(|n| n > 0) {
        return Some((
            msg!("site.events-limit", value = value),
            msg!("site.events-limit-help"),
        ));
    }
    None
}
