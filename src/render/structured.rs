//! Structured data (schema.org JSON-LD) for a page: the site's organisation
//! with its members on the home page, an Organization on each member's
//! page, a Dataset on each report's page (an event's Event is made in
//! `collections::events::view`). Every value comes from the site's
//! settings and data; the text is escaped by `open_data::json_ld`
//! so that it can sit inside `<script type="application/ld+json">`.

use serde_json::{Value, json};

use super::context::{LanguageData, MemberView, ReportView};
use crate::site::Site;

const CONTEXT: &str = "https://schema.org";

/// The `@id` of the site's organisation: its home page with `#organization`.
fn organization_id(site: &Site) -> String {
    format!("{}#organization", site.config.base_url)
}

/// The site's organisation in brief (for `memberOf`, `creator`, `publisher`).
pub(crate) fn organization_ref(site: &Site, lang: &str) -> Value {
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
