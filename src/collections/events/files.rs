//! The events' site-wide files: the `.ics` of each event in every language
//! and each language's calendar feed, made through the seam
//! ([`super::super::Collection::site_files`]) from the site's data and the
//! theme's strings ([`FileKit`]). The iCalendar text itself is [`super::ics`].

use super::view::html_text;
use super::{Event, calendar_url, ics, ics_url};
use crate::collections::Collection;
use crate::collections::view::FileKit;
use crate::i18n::LocalisedText;
use crate::paths::OutputFile;

/// The `.ics` of every event in every language and each language's
/// calendar feed (all events, soonest first). The calendar's name is the
/// site's title and the theme's `events_title`; a registration link is
/// introduced by its `event_registration` (a language whose strings lack
/// one shows the key, as other strings made outside templates do).
pub(crate) fn ics_files(kit: &FileKit) -> Vec<OutputFile> {
    let config = kit.config;
    let host = ics::host_of(&config.base_url);
    let mut files = Vec::new();
    if kit.data.events.is_empty() {
        return files;
    }
    for lang in config.language_codes() {
        let name = format!(
            "{} – {}",
            config.title.get(&lang, &config.default_language),
            kit.text(&lang, "events_title")
        );
        let registration = kit.text(&lang, "event_registration");
        let info = ics::CalendarInfo {
            lang: &lang,
            name: &name,
            host,
            uid_suffix: "",
            clock: &config.schedule.clock,
        };
        let single = ics::CalendarInfo {
            uid_suffix: ".single",
            ..info
        };
        let entries: Vec<ics::CalendarEvent> = kit
            .data
            .events
            .iter()
            .map(|e| calendar_event(kit, &lang, &registration, e))
            .collect();
        for entry in &entries {
            files.push(OutputFile {
                path: ics_url(config, &lang, &entry.event.id)
                    .trim_start_matches('/')
                    .to_string(),
                bytes: ics::calendar(&single, std::slice::from_ref(entry)).into_bytes(),
            });
        }
        files.push(OutputFile {
            path: calendar_url(config, &lang)
                .trim_start_matches('/')
                .to_string(),
            bytes: ics::calendar(&info, &entries).into_bytes(),
        });
    }
    files
}

/// `registration` introduces the registration link ("Registration").
fn calendar_event<'a>(
    kit: &FileKit<'a>,
    lang: &str,
    registration: &str,
    e: &'a Event,
) -> ics::CalendarEvent<'a> {
    let default = &kit.config.default_language;
    let text = |t: &LocalisedText| t.get(lang, default).trim().to_string();
    let mut description = e
        .summary
        .as_ref()
        .map(|s| markdown_text(&text(s)))
        .unwrap_or_default();
    if let Some(url) = &e.registration {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&format!("{registration}: {url}"));
    }
    let mut location: Vec<String> = Vec::new();
    if let Some(place) = &e.place {
        location.push(text(&place.name));
        if let Some(address) = &place.address {
            location.push(text(address));
        }
    }
    if let Some(online) = &e.online {
        location.push(online.clone());
    }
    ics::CalendarEvent {
        event: e,
        title: e.title.get(lang, default),
        description,
        location: location.join(", "),
        url: kit
            .config
            .absolute(&Collection::Events.item_url(kit.config, lang, &e.id)),
    }
}

/// Markdown as plain text: rendered, tags stripped, paragraphs kept apart.
fn markdown_text(text: &str) -> String {
    html_text(&crate::content::markdown::render(text, &Default::default()).html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_paragraphs_of_text() {
        assert_eq!(
            markdown_text("A *b*, c.\n\nSecond [link](https://x.example)."),
            "A b, c.\n\nSecond link."
        );
    }
}
