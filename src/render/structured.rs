//! Structured data (schema.org JSON-LD) for a page: the site's organisation
//! with its members on the home page, an Organization on each member's
//! page, a Dataset on each report's page, an Event on each event's page. Every value comes from the site's
//! settings and data; the text is escaped by `open_data::json_ld`
//! so that it can sit inside `<script type="application/ld+json">`.

use serde_json::{Value, json};

use super::context::{LanguageData, MemberView, ReportView};
use super::events::EventView;
use crate::collections::events::Event;
use crate::site::Site;

const CONTEXT: &str = "https://schema.org";

/// The `@id` of the site's organisation: its home page with `#organization`.
fn organization_id(site: &Site) -> String {
    format!("{}#organization", site.config.base_url)
}

/// The site's organisation in brief (for `memberOf`, `creator`, `publisher`).
fn organization_ref(site: &Site, lang: &str) -> Value {
    let config = &site.config;
    json!({
        "@type": "Organization",
        "@id": organization_id(site),
        "name": config.title.get(lang, &config.default_language),
        "url": config.absolute(&site.collections().home(lang)),
    })
}

/// The address a member is known by: its own web site, else its page here.
fn member_url(site: &Site, m: &MemberView) -> String {
    if m.website.is_empty() {
        site.config.absolute(&m.url)
    } else {
        m.website.clone()
    }
}

/// The home page: the site's organisation, with every member as `member`.
pub fn home(site: &Site, data: &LanguageData) -> Value {
    let config = &site.config;
    let lang = data.lang.as_str();
    let mut org = organization_ref(site, lang);
    org["@context"] = json!(CONTEXT);
    let description = config.description.get(lang, &config.default_language);
    if !description.is_empty() {
        org["description"] = json!(description);
    }
    if let Some(logo) = &config.organization.logo {
        org["logo"] = json!(config.absolute(logo));
    }
    if let Some(founded) = &config.organization.founded {
        org["foundingDate"] = json!(founded);
    }
    let members: Vec<Value> = data
        .members
        .iter()
        .map(|m| {
            json!({
                "@type": "Organization",
                "@id": config.absolute(&m.url),
                "name": m.name,
                "url": member_url(site, m),
            })
        })
        .collect();
    if !members.is_empty() {
        org["member"] = Value::Array(members);
    }
    org
}

/// A member's page: the member as an Organization, member of the site's one.
pub fn member(site: &Site, data: &LanguageData, m: &MemberView, description: &str) -> Value {
    let config = &site.config;
    let mut org = json!({
        "@context": CONTEXT,
        "@type": "Organization",
        "@id": config.absolute(&m.url),
        "name": m.name,
        "url": member_url(site, m),
        "mainEntityOfPage": config.absolute(&m.url),
        "memberOf": organization_ref(site, &data.lang),
    });
    if !description.is_empty() {
        org["description"] = json!(description);
    }
    if !m.email.is_empty() {
        org["email"] = json!(m.email);
    }
    if !m.region.is_empty() {
        org["areaServed"] = json!(m.region);
    }
    if !m.logo.is_empty() {
        org["logo"] = json!(config.absolute(&m.logo));
    }
    if !m.areas.is_empty() {
        org["knowsAbout"] = json!(m.areas.iter().map(|a| &a.name).collect::<Vec<_>>());
    }
    org
}

/// A report's page: its scores as a Dataset, with the downloads of the
/// reports table as its distribution when the site publishes open data.
pub fn report(site: &Site, data: &LanguageData, r: &ReportView) -> Value {
    let config = &site.config;
    let lang = data.lang.as_str();
    let mut dataset = json!({
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": r.title,
        "description": r.description,
        "url": config.absolute(&r.url),
        "temporalCoverage": r.year.to_string(),
        "inLanguage": lang,
        "isAccessibleForFree": true,
        "creator": organization_ref(site, lang),
        "publisher": organization_ref(site, lang),
        "variableMeasured": r.dimensions.iter().map(|d| &d.name).collect::<Vec<_>>(),
    });
    if !r.source_name.is_empty() {
        dataset["citation"] = json!(r.source_name);
    }
    if !r.source_url.is_empty() {
        dataset["isBasedOn"] = json!(r.source_url);
    }
    if let Some(downloads) = data.open_data.get("reports") {
        dataset["license"] = json!(config.open_data.license.url());
        let file = |format: &str, media: &str| {
            json!({
                "@type": "DataDownload",
                "encodingFormat": media,
                "contentUrl": config.absolute(downloads[format].as_str().unwrap_or_default()),
            })
        };
        dataset["distribution"] =
            json!([file("csv", "text/csv"), file("json", "application/json")]);
    }
    dataset
}

/// A date or date-time of an event for schema.org: `2026-03-05`, or the
/// moment with the site zone's offset (`2026-03-05T10:00:00+02:00`).
fn event_time(site: &Site, date: &crate::i18n::Date) -> String {
    let clock = &site.config.schedule.clock;
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

/// An event's page: the event, organised by the site's organisation, at
/// its place and/or online.
pub fn event(site: &Site, data: &LanguageData, e: &Event, view: &EventView) -> Value {
    let config = &site.config;
    let lang = data.lang.as_str();
    let mut event = json!({
        "@context": CONTEXT,
        "@type": "Event",
        "name": view.title,
        "url": config.absolute(&view.url),
        "startDate": event_time(site, &e.start),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": organization_ref(site, lang),
    });
    if let Some(end) = &e.end {
        event["endDate"] = json!(event_time(site, end));
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
