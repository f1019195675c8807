//! The render jobs of the generated collections ([`Collection`]): a list
//! page per language (`members.html`, with the collection's title and
//! description) and a page per item (`member.html`), with what each item
//! page sees besides `site` and `data`.

use tera::Context;

use super::Renderer;
use super::context::{LanguageData, MemberView, ViewBuilder};
use crate::collections::Collection;
use crate::collections::publications::view::{all, select};
use crate::html::strip_tags;
use crate::site::Site;

impl Renderer {
    /// A collection's list page: its template and URL.
    pub(super) fn list_page(
        &self,
        site: &Site,
        views: &ViewBuilder,
        collection: Collection,
        ctx: &mut Context,
    ) -> (String, String) {
        let c = site.collections();
        let lang = views.lang;
        let name = collection.name();
        let view = views.generated_view(
            name,
            self.t(lang, &format!("{name}_title")),
            |l| c.list(collection, l),
            self.description(site, lang, &format!("{name}_description")),
        );
        ctx.insert("page", &view);
        (format!("{name}.html"), c.list(collection, lang))
    }

    /// Item `i` of a collection (an index into the language's views): its
    /// template and URL.
    pub(super) fn item_page(
        &self,
        site: &Site,
        lang_data: &LanguageData,
        views: &ViewBuilder,
        (collection, i): (Collection, usize),
        ctx: &mut Context,
    ) -> (String, String) {
        let c = site.collections();
        let lang = views.lang;
        let template = format!("{}.html", collection.item_name());
        if let Some(url) = described_page(lang_data, views, (collection, i), ctx) {
            return (template, url);
        }
        let url = match collection {
            Collection::Members => {
                let member = &lang_data.members[i];
                let view = views.generated_view(
                    "member",
                    member.name.clone(),
                    |l| c.item(collection, l, &member.id),
                    self.member_description(site, lang, member),
                );
                ctx.insert("page", &view);
                ctx.insert("member", member);
                member.url.clone()
            }
            Collection::Areas => {
                let area = &lang_data.areas[i];
                let view = views.generated_view(
                    "area",
                    area.name.clone(),
                    |l| c.item(collection, l, &area.id),
                    area.summary_text.clone(),
                );
                let members: Vec<&MemberView> = lang_data
                    .members
                    .iter()
                    .filter(|m| m.areas.iter().any(|a| a.id == area.id))
                    .collect();
                let pages = lang_data
                    .summaries
                    .list(views, site.pages_in_area(&area.id, lang).into_iter());
                ctx.insert("page", &view);
                ctx.insert("area", area);
                ctx.insert("members", &members);
                ctx.insert_value("pages", pages);
                let publications = select(all(&lang_data.views), &area.id, "");
                ctx.insert("publications", &publications);
                area.url.clone()
            }
            Collection::Reports => {
                let report = &lang_data.reports[i];
                let year = report.year.to_string();
                let view = views.generated_view(
                    "report",
                    report.title.clone(),
                    |l| c.item(collection, l, &year),
                    report.description.clone(),
                );
                ctx.insert("page", &view);
                ctx.insert("report", report);
                ctx.insert(
                    "previous_report",
                    &i.checked_sub(1).map(|p| &lang_data.reports[p]),
                );
                ctx.insert("next_report", &lang_data.reports.get(i + 1));
                report.url.clone()
            }
            // The collections that describe their own item pages: above.
            _ => String::new(),
        };
        (template, url)
    }

    /// The description of a collection page: `extra.strings.KEY` in
    /// site.yaml (a text or one per language) when the site sets it, else
    /// the theme's string with `{site}` replaced by the site's title.
    pub(super) fn description(&self, site: &Site, lang: &str, key: &str) -> String {
        let config = &site.config;
        let own = config
            .extra
            .get("strings")
            .and_then(|s| s.get(key))
            .and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(map) => map
                    .get(lang)
                    .or_else(|| map.get(&config.default_language))
                    .and_then(|v| v.as_str().map(str::to_string)),
                _ => None,
            });
        own.unwrap_or_else(|| {
            let title = config.title.get(lang, &config.default_language);
            self.t(lang, key).replace("{site}", title)
        })
    }

    /// A member's meta description: its own text, else what it is and where.
    pub(super) fn member_description(&self, site: &Site, lang: &str, m: &MemberView) -> String {
        let own = strip_tags(&m.description);
        if !own.trim().is_empty() {
            return own;
        }
        let title = site.config.title.get(lang, &site.config.default_language);
        let kind = self.t(lang, &format!("kind_{}", m.kind));
        match m.region.as_str() {
            "" => format!("{}: {kind} – {title}", m.name),
            region => format!("{}: {kind}, {region} – {title}", m.name),
        }
    }
}

/// An item page its collection describes itself ([`Collection::item_page`]):
/// `page`, the collection's variables and its JSON-LD; returns its URL.
fn described_page(
    lang_data: &LanguageData,
    views: &ViewBuilder,
    (collection, i): (Collection, usize),
    ctx: &mut Context,
) -> Option<String> {
    let page = collection.item_page(views, &lang_data.views, i)?;
    let c = views.site.collections();
    let view = views.generated_view(
        collection.item_name(),
        page.title,
        |l| c.item(collection, l, &page.key),
        page.description,
    );
    ctx.insert("page", &view);
    for (key, value) in page.vars {
        ctx.insert_value(key, value);
    }
    if let Some(json_ld) = &page.json_ld {
        ctx.insert("json_ld", &crate::open_data::json_ld(json_ld));
    }
    Some(page.url)
}
