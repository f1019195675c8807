//! The render jobs of the generated collections ([`Collection`]): a list
//! page per language (`members.html`, with the collection's title and
//! description) and a page per item (`member.html`), with what each item
//! page sees besides `site` and `data`.

use tera::Context;

use super::Renderer;
use super::context::{LanguageData, MemberView, Summary, ViewBuilder};
use super::events::EventView;
use crate::collections::Collection;
use crate::html::strip_tags;
use crate::render::publications::select;
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
                let pages: Vec<Summary> = site
                    .pages_in_area(&area.id, lang)
                    .into_iter()
                    .map(|i| views.summary(&site.pages[i]))
                    .collect();
                ctx.insert("page", &view);
                ctx.insert("area", area);
                ctx.insert("members", &members);
                ctx.insert("pages", &pages);
                let publications = select(&lang_data.publications, &area.id, "");
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
            Collection::Publications => publication_page(site, lang_data, views, i, ctx),
            Collection::Events => event_page(&lang_data.events[i], views, ctx),
        };
        (template, url)
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

/// Publication `i` of the language's views: its page's context and URL.
fn publication_page(
    site: &Site,
    lang_data: &LanguageData,
    views: &ViewBuilder,
    i: usize,
    ctx: &mut Context,
) -> String {
    let c = site.collections();
    let publication = &lang_data.publications[i];
    // Without a summary: what it is ("Aptauja: Biedru aptauja").
    let description = if publication.summary_text.is_empty() {
        format!("{}: {}", publication.type_name, publication.title)
    } else {
        publication.summary_text.clone()
    };
    let view = views.generated_view(
        "publication",
        publication.title.clone(),
        |l| c.item(Collection::Publications, l, &publication.id),
        description,
    );
    ctx.insert("page", &view);
    ctx.insert("publication", publication);
    publication.url.clone()
}

/// An event's page: `page` and `event`; returns its URL.
fn event_page(event: &EventView, views: &ViewBuilder, ctx: &mut Context) -> String {
    let config = &views.site.config;
    let view = views.generated_view(
        "event",
        event.title.clone(),
        |l| Collection::Events.item_url(config, l, &event.id),
        event.summary_text.clone(),
    );
    ctx.insert("page", &view);
    ctx.insert("event", event);
    event.url.clone()
}
