//! What templates see of the events, in one language, made through the
//! render phase's [`ViewKit`]: each event's texts, its dates said the way
//! the language says them ("2026. gada 5. martā, plkst. 10.00–16.00",
//! "5 March 2026, 10:00–16:00"), its URLs and whether it is upcoming,
//! running or past at the build's clock; the upcoming and past lists in
//! `data`, an event's page (`event` and its JSON-LD Event) and the
//! `{{< events >}}` embed.

use serde::Serialize;

use super::{Event, calendar_url, ics_url, split};
use crate::collections::Collection;
use crate::collections::view::{EmbedArgs, ItemPage, ItemViews, Link, ViewKit, Views};
use crate::i18n::Date;

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

/// The events' views in one language, with which are upcoming and past.
pub struct EventViews {
    /// In the order of `site.data.events` (by start).
    pub items: Vec<EventView>,
    /// Indexes into `items` of those not over yet, soonest first.
    pub upcoming: Vec<usize>,
    /// Indexes into `items` of those over, latest first.
    pub past: Vec<usize>,
}

/// Makes the events' views of the kit's language and keeps them in `views`.
pub fn make(kit: &dyn ViewKit, views: &mut Views) {
    let events = &kit.data().events;
    let items: Vec<EventView> = events.iter().map(|e| view(kit, e)).collect();
    let (upcoming, past) = split(events, &kit.config().schedule.clock);
    let count = items.len();
    let made = EventViews {
        items,
        upcoming,
        past,
    };
    views.insert(Collection::Events, count, made);
}

impl ItemViews for EventViews {
    fn item_json(&self, i: usize) -> Option<String> {
        serde_json::to_string(self.items.get(i)?).ok()
    }
}

fn events(views: &Views) -> Option<&EventViews> {
    views.get::<EventViews>(Collection::Events)
}

/// The events' entries in `data`: `events_upcoming`, `events_past`,
/// `any_sample_event`.
pub fn list_data(views: &Views) -> Vec<(&'static str, serde_json::Value)> {
    let Some(v) = events(views) else {
        return Vec::new();
    };
    let pick = |list: &[usize]| {
        serde_json::to_value(list.iter().map(|&i| &v.items[i]).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    vec![
        ("events_upcoming", pick(&v.upcoming)),
        ("events_past", pick(&v.past)),
        (
            "any_sample_event",
            serde_json::Value::Bool(v.items.iter().any(|e| e.sample)),
        ),
    ]
}

/// The site-wide URLs templates get in `site.urls`: the calendar feed.
pub fn site_urls(kit: &dyn ViewKit) -> Vec<(&'static str, String)> {
    if !Collection::Events.has_list(kit.data()) {
        return Vec::new();
    }
    vec![("calendar", calendar_url(kit.config(), kit.lang()))]
}

/// Event `i`'s page: `event`, and its JSON-LD Event.
pub fn item_page(kit: &dyn ViewKit, views: &Views, i: usize) -> Option<ItemPage> {
    let event = events(views)?.items.get(i)?;
    let json_ld = kit.data().events.get(i).map(|e| structured(kit, e, event));
    Some(ItemPage {
        title: event.title.clone(),
        description: event.summary_text.clone(),
        key: event.id.clone(),
        url: event.url.clone(),
        vars: vec![("event", tera::Value::from_serializable(event))],
        json_ld,
    })
}

/// `{{< events area="…" limit="…" >}}`: the upcoming events, soonest first,
/// in `area` (an id; empty: all), at most `limit` (empty: all).
pub fn embed(views: &Views, arg: &dyn Fn(&str) -> String) -> EmbedArgs {
    let area = arg("area");
    let limit: usize = arg("limit").parse().unwrap_or(usize::MAX);
    let chosen: Vec<&EventView> = match events(views) {
        Some(v) => v
            .upcoming
            .iter()
            .map(|&i| &v.items[i])
            .filter(|e| area.is_empty() || e.area_ids.contains(&area))
            .take(limit)
            .collect(),
        None => Vec::new(),
    };
    EmbedArgs {
        component: "embed_events",
        vars: vec![("events", tera::Value::from_serializable(&chosen))],
        area: Some(area),
    }
}

fn view(b: &dyn ViewKit, e: &Event) -> EventView {
    let config = b.config();
    let lang = b.lang();
    let clock = &config.schedule.clock;
    let place = e.place.as_ref();
    let summary = b.markdown(&e.summary);
    let area_ids: Vec<&str> = e.areas.iter().map(|a| a.value.as_str()).collect();
    EventView {
        id: e.id.clone(),
        url: Collection::Events.item_url(config, lang, &e.id),
        ics_url: ics_url(config, lang, &e.id),
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
        areas: b.area_links(&area_ids),
        area_ids: e.areas.iter().map(|a| a.value.clone()).collect(),
        sample: e.sample,
        past: e.is_past(clock),
        ongoing: e.is_ongoing(clock),
    }
}

/// An event's page as a schema.org Event: organised by the site's
/// organisation, at its place and/or online.
fn structured(kit: &dyn ViewKit, e: &Event, view: &EventView) -> serde_json::Value {
    use serde_json::{Value, json};
    let config = kit.config();
    let mut event = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": view.title,
        "url": config.absolute(&view.url),
        "startDate": event_time(kit, &e.start),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": kit.organization_ref(),
    });
    if let Some(end) = &e.end {
        event["endDate"] = json!(event_time(kit, end));
    }
    if !view.summary_text.is_empty() {
        event["description"] = json!(view.summary_text);
    }
    let mut locations = Vec::new();
    if !view.place_name.is_empty() {
        let mut place = json!({"@type": "Place", "name": view.place_name});
        if !view.address.is_empty() {
            place["address"] = json!(view.address);
        }
        locations.push(place);
    }
    if !view.online.is_empty() {
        locations.push(json!({"@type": "VirtualLocation", "url": view.online}));
    }
    let mode = match (view.place_name.is_empty(), view.online.is_empty()) {
        (false, false) => Some("MixedEventAttendanceMode"),
        (false, true) => Some("OfflineEventAttendanceMode"),
        (true, false) => Some("OnlineEventAttendanceMode"),
        (true, true) => None,
    };
    if let Some(mode) = mode {
        event["eventAttendanceMode"] = json!(format!("https://schema.org/{mode}"));
    }
    match locations.len() {
        0 => {}
        1 => event["location"] = locations.remove(0),
        _ => event["location"] = Value::Array(locations),
    }
    if !view.registration.is_empty() {
        event["offers"] = json!({"@type": "Offer", "url": view.registration});
    }
    event
}

/// A date, or a date-time with the site's offset at that moment.
fn event_time(kit: &dyn ViewKit, date: &Date) -> String {
    let clock = &kit.config().schedule.clock;
    match date.seconds {
        None => date.iso(),
        Some(_) => clock
            .moment(date)
            .map(|t| {
                t.to_zoned(clock.tz.clone())
                    .strftime("%Y-%m-%dT%H:%M:%S%:z")
                    .to_string()
            })
            .unwrap_or_else(|| date.iso()),
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

/// HTML as plain text: inline tags vanish without a space, paragraphs,
/// list items and line breaks become line breaks; blank lines part paragraphs.
pub(crate) fn html_text(html: &str) -> String {
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
}
