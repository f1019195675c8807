//! What the site editor shows of the events: the rows of an event
//! file's properties, the folder of event files, and the file `alianse new
//! event` writes.

use crate::collections::editor::{
    EditorFolder, EditorSlug, FieldText, NO_HINT, NewItem, Widget, row,
};

/// The editor's rows of an event file's properties.
#[rustfmt::skip]
pub const FIELD_TEXTS: &[FieldText] = &[
    row("EventFile", "title", ("Nosaukums", "Title"), NO_HINT, Widget::Auto),
    row("EventFile", "start", ("Sākums", "Start"), ("Datums (2026-03-05) visas dienas pasākumam vai datums un laiks (2026-03-05T10:00) vietnes laika joslā", "A date (2026-03-05) for an all-day event, or a date and time (2026-03-05T10:00) in the site's time zone"), Widget::Auto),
    row("EventFile", "end", ("Beigas", "End"), ("Pēdējā diena vai beigu laiks, tādā pašā formā kā sākums", "The last day, or the time it ends, in the same form as the start"), Widget::Auto),
    row("EventFile", "place", ("Vieta", "Place"), ("Tiešsaistes pasākumam atstāj tukšu un norāda saiti", "Leave empty for an online event and give its link"), Widget::Auto),
    row("EventFile", "online", ("Tiešsaistes saite", "Online link"), NO_HINT, Widget::Url),
    row("EventFile", "areas", ("Darbības jomas", "Areas of work"), NO_HINT, Widget::AreaIds),
    row("EventFile", "registration", ("Reģistrācijas saite", "Registration link"), NO_HINT, Widget::Url),
    row("EventFile", "summary", ("Kopsavilkums", "Summary"), ("Rādīts sarakstos un kalendārā", "Shown in lists and in calendars"), Widget::Markdown),
    row("EventFile", "body", ("Apraksts", "Description"), ("Programma, kam paredzēts", "The programme, who it is for"), Widget::Markdown),
    row("EventFile", "updated", ("Atjaunināts", "Updated"), ("Pēdējo izmaiņu datums; kalendāri pēc tā atpazīst jaunāko versiju", "The date of the last change; calendars use it to recognise the newest version"), Widget::Date),
    row("EventFile", "sample", ("Parauga dati", "Sample data"), ("Izdomāts pasākums, lapā atzīmēts kā paraugs", "An illustrative event, marked as such on the page"), Widget::Auto),
    row("Place", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
    row("Place", "address", ("Adrese", "Address"), NO_HINT, Widget::Auto),
];

/// data/events/ID.yaml, one file per event, named by the day it was
/// created and its title (as `alianse new event` names it).
pub const FOLDER: EditorFolder = EditorFolder {
    name: "events",
    label: ("Pasākumi", "Events"),
    label_singular: ("Pasākums", "Event"),
    icon: "event",
    folder: "content/data/events",
    schema: "event.schema.json",
    owner: "EventFile",
    identifier_field: Some("title"),
    slug: EditorSlug::Template("{{year}}-{{month}}-{{day}}-{{slug}}"),
    summary: Some("{{fields.start}}"),
    filter: None,
};

/// `alianse new event TITLE`: `content/data/events/DATE-SLUG.yaml` (today's
/// date in the site's time zone), with `start` set to today and the keys
/// still to fill marked TODO.
pub const NEW_ITEM: NewItem = NewItem {
    kind: "event",
    archetype: "event.yaml",
    text: EVENT_DATA,
    path: "content/data/events/{date}-{slug}.yaml",
};

const EVENT_DATA: &str = "title: \"{{ title }}\"       # TODO: a title per language: {lv: \"…\", en: \"…\"}\nstart: {{ date }}            # TODO: the day (2026-03-05), or the day and time (2026-03-05T10:00)\n# end: {{ date }}          # the last day, or the time it ends (2026-03-05T16:00)\nplace:\n  name: \"TODO\"               # TODO: the venue; for an online event remove place: and give online:\n  # address: \"TODO\"\n# online: https://TODO\n# registration: https://TODO\nareas: []                    # ids from data/areas.yaml\nsummary:\n  lv: \"\"                     # TODO: one or two sentences for lists and calendars\n  en: \"\"                     # TODO\nbody:\n  lv: \"\"                     # TODO: the programme, who it is for\n  en: \"\"                     # TODO\n";
