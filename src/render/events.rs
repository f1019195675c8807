//! The events' files: the `.ics` of each event in every language and each
//! language's calendar feed, with their URLs. What templates see of the
//! events is made in `collections::events::view`.

use crate::collections::Collection;
use crate::collections::events::view::html_text;
use crate::collections::events::{Event, calendar_url, ics, ics_url};
use crate::paths::OutputFile;
use crate::site::Site;

/// The `.ics` of every event in every language and each language's
/// calendar feed (all events, soonest first).
pub fn ics_files(site: &Site) -> Vec<OutputFile> {
    let config = &site.config;
    let host = ics::host_of(&config.base_url);
    let mut files = Vec::new();
    if site.data.events.is_empty() {
        return files;
    }
    for lang in config.language_codes() {
        let name = format!(
            "{} – {}",
            config.title.get(&lang, &config.default_language),
            if lang == "lv" { "Pasākumi" } else { "Events" }
        );
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
        let entries: Vec<ics::CalendarEvent> = site
            .data
            .events
            .iter()
            .map(|e| calendar_event(site, &lang, e))
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

fn calendar_event<'a>(site: &'a Site, lang: &str, e: &'a Event) -> ics::CalendarEvent<'a> {
    let default = &site.config.default_language;
    let text = |t: &crate::i18n::LocalisedText| t.get(lang, default).trim().to_string();
    let mut description = e
        .summary
        .as_ref()
        .map(|s| markdown_text(&text(s)))
        .unwrap_or_default();
    if let Some(url) = &e.registration {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        let word = if lang == "lv" {
            "Reģistrācija"
        } else {
            "Registration"
        };
        description.push_str(&format!("{word}: {url}"));
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
        url: site
            .config
            .absolute(&Collection::Events.item_url(&site.config, lang, &e.id)),
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
