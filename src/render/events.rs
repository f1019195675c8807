//! What templates see of the events, in one language: each event's texts,
//! its dates said the way the language says them ("2026. gada 5. martā,
//! plkst. 10.00–16.00", "5 March 2026, 10:00–16:00"), its URLs and whether
//! it is upcoming, running or past at the build's clock; and the files
//! made from them (`.ics`) with their URLs.

use serde::Serialize;

use super::context::{Link, ViewBuilder};
use super::strings::Strings;
use crate::collections::Collection;
use crate::collections::events::{Event, calendar_url, ics, ics_url};
use crate::i18n::Date;
use crate::paths::OutputFile;
use crate::site::Site;

/// One event for templates.
#[derive(Serialize, Clone)]
pub struct EventView {
    pub id: String,
    pub url: String,
    /// This event's `.ics` file (add to calendar).
    pub ics_url: String,
    pub title: String,
    pub title_lang: String,
    /// The dates (and times) in words.
    pub when: String,
    /// For `<time datetime>`: `2026-03-05` or `2026-03-05T10:00`.
    pub start: String,
    pub end: String,
    pub all_day: bool,
    pub place_name: String,
    pub place_name_lang: String,
    pub address: String,
    pub address_lang: String,
    pub online: String,
    pub registration: String,
    /// HTML.
    pub summary: String,
    /// Plain text of the summary (meta description, calendar).
    pub summary_text: String,
    pub summary_lang: String,
    /// HTML.
    pub body: String,
    pub body_lang: String,
    pub areas: Vec<Link>,
    /// The ids of `areas`, for filtering in templates.
    pub area_ids: Vec<String>,
    pub sample: bool,
    pub past: bool,
    pub ongoing: bool,
}

/// The upcoming events of a language for `{{< events >}}`: soonest first,
/// in `area` (an id; empty: all), at most `limit` (empty: all).
pub fn upcoming<'a>(
    lang_data: &'a super::context::LanguageData,
    area: &str,
    limit: &str,
) -> Vec<&'a EventView> {
    let limit: usize = limit.parse().unwrap_or(usize::MAX);
    lang_data
        .events_upcoming
        .iter()
        .map(|&i| &lang_data.events[i])
        .filter(|e| area.is_empty() || e.area_ids.iter().any(|a| a == area))
        .take(limit)
        .collect()
}

/// The views of every event of the site, in the order of `site.data.events`.
pub fn views(builder: &ViewBuilder) -> Vec<EventView> {
    builder
        .site
        .data
        .events
        .iter()
        .map(|e| view(builder, e))
        .collect()
}

fn view(b: &ViewBuilder, e: &Event) -> EventView {
    let site = b.site;
    let lang = b.lang;
    let clock = &site.config.schedule.clock;
    let place = e.place.as_ref();
    let summary = b.markdown(&e.summary);
    EventView {
        id: e.id.clone(),
        url: Collection::Events.item_url(&site.config, lang, &e.id),
        ics_url: ics_url(&site.config, lang, &e.id),
        title: b.text(&e.title),
        title_lang: b.text_lang(Some(&e.title)),
        when: when(e, lang),
        start: datetime_attr(&e.start),
        end: e.end.as_ref().map(datetime_attr).unwrap_or_default(),
        all_day: e.all_day(),
        place_name: place.map(|p| b.text(&p.name)).unwrap_or_default(),
        place_name_lang: b.text_lang(place.map(|p| &p.name)),
        address: place
            .and_then(|p| p.address.as_ref())
            .map(|a| b.text(a))
            .unwrap_or_default(),
        address_lang: b.text_lang(place.and_then(|p| p.address.as_ref())),
        online: e.online.clone().unwrap_or_default(),
        registration: e.registration.clone().unwrap_or_default(),
        summary_text: html_text(&summary)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        summary,
        summary_lang: b.text_lang(e.summary.as_ref()),
        body: b.markdown(&e.body),
        body_lang: b.text_lang(e.body.as_ref()),
        areas: b.area_links(e.areas.iter().map(|a| a.value.as_str())),
        area_ids: e.areas.iter().map(|a| a.value.clone()).collect(),
        sample: e.sample,
        past: e.is_past(clock),
        ongoing: e.is_ongoing(clock),
    }
}

/// `2026-03-05` or `2026-03-05T10:00`.
fn datetime_attr(d: &Date) -> String {
    match d.seconds {
        None => d.iso(),
        Some(_) => format!("{}T{}", d.iso(), d.time_of_day("en")),
    }
}

/// The dates and times of an event in words.
pub(crate) fn when(e: &Event, lang: &str) -> String {
    let start = e.start;
    let lv = lang == "lv";
    let year = |d: &Date| {
        if lv {
            format!("{}. gada {}", d.year, d.day_month_on(lang))
        } else {
            format!("{} {}", d.day_month_on(lang), d.year)
        }
    };
    let time = |d: &Date| {
        if lv {
            format!("plkst. {}", d.time_of_day(lang))
        } else {
            d.time_of_day(lang)
        }
    };
    let Some(end) = e.end.filter(|end| *end != start) else {
        return match start.seconds {
            None => year(&start),
            Some(_) => format!("{}, {}", year(&start), time(&start)),
        };
    };
    let same_day = (end.year, end.month, end.day) == (start.year, start.month, start.day);
    if start.seconds.is_some() {
        if same_day {
            return format!(
                "{}, {}–{}",
                year(&start),
                time(&start),
                end.time_of_day(lang)
            );
        }
        return format!(
            "{}, {} – {}, {}",
            year(&start),
            time(&start),
            year(&end),
            time(&end)
        );
    }
    match (start.year == end.year, start.month == end.month) {
        (true, true) if lv => format!(
            "{}. gada {}.–{}",
            start.year,
            start.day,
            end.day_month_on(lang)
        ),
        (true, true) => format!("{}–{}", start.day, year(&end)),
        (true, false) if lv => format!(
            "{}. gada {} – {}",
            start.year,
            start.day_month_on(lang),
            end.day_month_on(lang)
        ),
        (true, false) => format!("{} – {}", start.day_month_on(lang), year(&end)),
        _ => format!("{} – {}", year(&start), year(&end)),
    }
}

/// The `.ics` of every event in every language and each language's
/// calendar feed (all events, soonest first). The calendar's name is the
/// site's title and the theme's `events_title`; a registration link is
/// introduced by its `event_registration` (a language whose strings lack
/// one shows the key, as other strings made outside templates do).
pub fn ics_files(site: &Site, strings: &Strings) -> Vec<OutputFile> {
    let config = &site.config;
    let host = ics::host_of(&config.base_url);
    let mut files = Vec::new();
    if site.data.events.is_empty() {
        return files;
    }
    for lang in config.language_codes() {
        let text = |key| strings.get(&lang, key).unwrap_or(key);
        let name = format!(
            "{} – {}",
            config.title.get(&lang, &config.default_language),
            text("events_title")
        );
        let registration = text("event_registration");
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
            .map(|e| calendar_event(site, &lang, registration, e))
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
    site: &'a Site,
    lang: &str,
    registration: &str,
    e: &'a Event,
) -> ics::CalendarEvent<'a> {
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
        url: site
            .config
            .absolute(&Collection::Events.item_url(&site.config, lang, &e.id)),
    }
}

/// Markdown as plain text: rendered, tags stripped, paragraphs kept apart.
fn markdown_text(text: &str) -> String {
    html_text(&crate::content::markdown::render(text, &Default::default()).html)
}

/// HTML as plain text: inline tags vanish without a space, paragraphs,
/// list items and line breaks become line breaks; blank lines part paragraphs.
fn html_text(html: &str) -> String {
    let marked = html
        .replace("</p>", "\n\n")
        .replace("</li>", "\n")
        .replace("<br>", "\n");
    let mut out = String::with_capacity(marked.len());
    let mut in_tag = false;
    for c in marked.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let paragraphs: Vec<String> = decoded
        .split("\n\n")
        .map(|p| {
            p.lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(start: &str, end: Option<&str>) -> Event {
        Event {
            id: "x".into(),
            file: "x.yaml".into(),
            title: crate::i18n::LocalisedText::Same("X".into()),
            start: Date::parse(start).unwrap(),
            end: end.map(|e| Date::parse(e).unwrap()),
            place: None,
            online: None,
            areas: Vec::new(),
            registration: None,
            summary: None,
            body: None,
            updated: None,
            sample: false,
        }
    }

    #[test]
    fn dates_in_latvian() {
        let w = |s, e| when(&event(s, e), "lv");
        assert_eq!(w("2026-03-05", None), "2026. gada 5. martā");
        assert_eq!(
            w("2026-03-05", Some("2026-03-06")),
            "2026. gada 5.–6. martā"
        );
        assert_eq!(
            w("2026-03-30", Some("2026-04-02")),
            "2026. gada 30. martā – 2. aprīlī"
        );
        assert_eq!(
            w("2026-12-30", Some("2027-01-02")),
            "2026. gada 30. decembrī – 2027. gada 2. janvārī"
        );
        assert_eq!(
            w("2026-03-05T10:00", Some("2026-03-05T16:30")),
            "2026. gada 5. martā, plkst. 10.00–16.30"
        );
        assert_eq!(
            w("2026-03-05T09:00", None),
            "2026. gada 5. martā, plkst. 09.00"
        );
    }

    #[test]
    fn dates_in_english() {
        let w = |s, e| when(&event(s, e), "en");
        assert_eq!(w("2026-03-05", None), "5 March 2026");
        assert_eq!(w("2026-03-05", Some("2026-03-06")), "5–6 March 2026");
        assert_eq!(
            w("2026-03-30", Some("2026-04-02")),
            "30 March – 2 April 2026"
        );
        assert_eq!(
            w("2026-03-05T10:00", Some("2026-03-06T16:00")),
            "5 March 2026, 10:00 – 6 March 2026, 16:00"
        );
    }

    #[test]
    fn markdown_becomes_paragraphs_of_text() {
        assert_eq!(
            markdown_text("A *b*, c.\n\nSecond [link](https://x.example)."),
            "A b, c.\n\nSecond link."
        );
    }
}
