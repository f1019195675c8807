//! Structured data (schema.org JSON-LD) of the site as a whole: its
//! organisation, on the home page with its members. The collections make
//! their own (`collections::*::view`): a member's Organization (and the
//! members listed on the home page), a report's Dataset, an event's Event.
//! Every value comes from the site's settings and data; the text is escaped
//! by `open_data::json_ld` so that it can sit inside
//! `<script type="application/ld+json">`.

use serde_json::{Value, json};

use super::context::LanguageData;
use super::{Job, JobKind, Renderer};
use crate::collections::Collection;
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

impl Renderer {
    /// The page's structured data (JSON-LD, escaped for a `<script>`), or
    /// empty for a page that has none.
    pub(super) fn json_ld(&self, site: &Site, lang_data: &LanguageData, job: &Job) -> String {
        let value = match &job.kind {
            JobKind::Content { page, pager: 0 } if site.pages[*page].source.key == "_index" => {
                home(site, lang_data)
            }
            JobKind::Item(Collection::Members, i) => {
                let m = &lang_data.members[*i];
                let description = self.member_description(site, &lang_data.lang, m);
                let member_of = organization_ref(site, &lang_data.lang);
                crate::collections::members::view::json_ld(&site.config, m, &description, member_of)
            }
            JobKind::Item(Collection::Reports, i) => {
                let lang = lang_data.lang.as_str();
                crate::collections::reports::view::json_ld(
                    &site.config,
                    lang,
                    &lang_data.reports[*i],
                    organization_ref(site, lang),
                    lang_data.open_data.get("reports"),
                )
            }
            _ => return String::new(),
        };
        crate::open_data::json_ld(&value)
    }
}
