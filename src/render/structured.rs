//! Structured data (schema.org JSON-LD) for a page: the site's organisation
//! with its members on the home page and a Dataset on each report's page.
//! The collections make their own: a member's Organization (and the
//! members listed on the home page) in `collections::members::view`, an
//! event's Event in `collections::events::view`. Every value comes from the site's
//! settings and data; the text is escaped by `open_data::json_ld`
//! so that it can sit inside `<script type="application/ld+json">`.

use serde_json::{Value, json};

use super::context::{LanguageData, ReportView};
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
    let members = crate::collections::members::view::organization_members(config, &data.members);
    if !members.is_empty() {
        org["member"] = Value::Array(members);
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
