//! What templates see: the resolved site turned into serialisable views, in
//! one language. Big listings (members, areas, reports, news) are built once
//! per language and shared between all pages (Tera values are reference
//! counted, so a page's context holds a pointer, not a copy). Each
//! collection's views are made by the collection itself
//! (`collections::*::view`, through [`ViewKit`], which [`ViewBuilder`]
//! implements); this module gathers them with the pages' views.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::collections::Collection;
use crate::collections::view::{ViewKit, Views};
use crate::content::markdown::{self, MarkdownSettings, table_of_contents};
use crate::i18n::{Collator, LocalisedText};
use crate::site::{Page, Site};

mod facts;
mod kept;
mod summaries;

pub(crate) use kept::KeptValues;
pub use summaries::SummaryValues;

pub use crate::collections::areas::view::AreaView;
pub use crate::collections::members::view::MemberView;
pub use crate::collections::reports::view::{DimensionView, FigureView, ReportView};

use super::strings::Strings;

#[derive(Serialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub locale: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub lang: String,
    pub default_language: String,
    pub languages: Vec<LanguageView>,
    /// The main menu: site.yaml's `menu`, or one built from the site.
    pub menu: Vec<super::nav::NavLink>,
    /// The footer's links to the collections, sections and top-level pages.
    pub footer: Vec<super::nav::NavLink>,
    pub urls: BTreeMap<&'static str, String>,
    pub search_enabled: bool,
    pub feeds_enabled: bool,
    pub extra: BTreeMap<String, serde_json::Value>,
}

pub use crate::collections::view::Link;

/// A page in a list: enough to show a card or a line.
#[derive(Serialize, Clone)]
pub struct Summary {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub summary: String,
    pub areas: Vec<Link>,
    /// The cover as a card picture, or empty.
    pub cover_html: String,
}

/// A language version of the current page, for the switcher and hreflang.
#[derive(Serialize, Clone)]
pub struct Alternate {
    pub lang: String,
    pub name: String,
    pub locale: String,
    pub url: String,
    pub permalink: String,
    /// False when the page has no version in this language and the link
    /// goes to that language's home.
    pub exists: bool,
    /// The link goes to that language's home page.
    pub home: bool,
    pub current: bool,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub lang: String,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub summary: String,
    pub description: String,
    /// The body HTML, borrowed from the resolved page (copied once, into
    /// the template's value, not per step).
    pub content: std::borrow::Cow<'a, str>,
    pub toc: Vec<markdown::TocEntry>,
    pub areas: Vec<Link>,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub languages: Vec<Alternate>,
    pub source_path: String,
    /// The page's cover picture (`image:` in front matter).
    pub cover: Option<super::image_views::CoverView>,
    /// For `og:image`: the cover's crop, else the site's `images.social`.
    pub share_image: Option<super::image_views::ShareImage>,
    /// In a preview (`serve`, `--future`): when a page not yet public will
    /// be published ("2026-12-05 09:00 Europe/Riga"), for a banner.
    pub scheduled: Option<String>,
    /// In a preview (`serve`, `--expired`): when an expired page expired.
    pub expired: Option<String>,
}

/// The views of one language, shared by every page in it.
pub struct LanguageData {
    pub lang: String,
    pub site: Value,
    pub members: Vec<MemberView>,
    pub areas: Vec<AreaView>,
    pub reports: Vec<ReportView>,
    pub news: Vec<Summary>,
    /// The pages of `news` (indexes into `Site::pages`), when known: for
    /// `serve` to put an edited page in its new place in the list.
    pub news_pages: Vec<usize>,
    /// The views the collections make themselves (`Collection::make_views`).
    pub views: Views,
    /// `data` in templates: members, areas, reports, news, counts.
    pub data: Value,
    pub trend_chart: String,
    /// The data downloads (`data.open_data`), for the `open_data` embed.
    pub open_data: serde_json::Value,
    /// The pages' list entries, kept by `serve`.
    pub summaries: SummaryValues,
}

impl LanguageData {
    /// How many views of `collection` this language has.
    pub fn item_count(&self, collection: Collection) -> usize {
        match collection {
            Collection::Members => self.members.len(),
            Collection::Areas => self.areas.len(),
            Collection::Reports => self.reports.len(),
            // The collections that make their own views.
            _ => self.views.count(collection),
        }
    }
}

pub struct ViewBuilder<'a> {
    pub site: &'a Site,
    pub lang: &'a str,
    pub strings: &'a Strings,
    pub markdown: MarkdownSettings,
}

impl<'a> ViewBuilder<'a> {
    pub(crate) fn text(&self, t: &LocalisedText) -> String {
        t.get(self.lang, &self.site.config.default_language)
            .to_string()
    }

    /// The language `t` is shown in on this language's pages.
    pub(crate) fn text_lang(&self, t: Option<&LocalisedText>) -> String {
        let default = &self.site.config.default_language;
        match t {
            Some(LocalisedText::PerLanguage(map)) if map.contains_key(self.lang) => {
                self.lang.to_string()
            }
            Some(LocalisedText::PerLanguage(map)) if !map.contains_key(default) => map
                .keys()
                .next()
                .cloned()
                .unwrap_or_else(|| default.clone()),
            _ => default.clone(),
        }
    }

    pub(crate) fn opt_text(&self, t: &Option<LocalisedText>) -> String {
        t.as_ref().map(|t| self.text(t)).unwrap_or_default()
    }

    /// Markdown from data (descriptions, summaries) to HTML.
    pub(crate) fn markdown(&self, t: &Option<LocalisedText>) -> String {
        let text = self.opt_text(t);
        if text.is_empty() {
            return text;
        }
        let settings = self
            .markdown
            .for_language(self.lang, self.markdown.year_paragraphs);
        let html = markdown::render(&text, &settings).html;
        crate::html::apply_raw_html_policy(&html, self.markdown.raw_html, true)
    }

    pub fn area_links<'b>(&self, ids: impl Iterator<Item = &'b str>) -> Vec<Link> {
        let c = self.site.collections();
        ids.filter_map(|id| self.site.data.area(id))
            .map(|a| Link {
                id: a.id.value.clone(),
                name: self.text(&a.name),
                lang: self.text_lang(Some(&a.name)),
                url: c.item(Collection::Areas, self.lang, &a.id.value),
            })
            .collect()
    }

    ///
    /// The members' views, the news list and their template values (the two
    /// big lists) are made in parallel: a site in one language would
    /// otherwise make them on one core.
    pub fn build(&self) -> LanguageData {
        use rayon::prelude::*;
        let (members, (news, news_pages)) = rayon::join(
            || kept::member_views(self),
            || {
                let pages = self.site.news(self.lang);
                let news = (pages.par_iter())
                    .map(|&i| self.summary(&self.site.pages[i]))
                    .collect::<Vec<Summary>>();
                (news, pages)
            },
        );
        let values = KeptValues::of(&members, &news);
        let mut data = self.assemble(members, news, Some(values));
        data.news_pages = news_pages;
        data
    }

    /// The language's views from the members' views and the news list
    /// already made. With `kept` (`serve`, after members' records changed),
    /// the template values of the members (in `members`' order) and of the
    /// news list are taken from it instead of being made again.
    // long because: it gathers every list of the language in one `data` value.
    pub(crate) fn assemble(
        &self,
        members: Vec<MemberView>,
        news: Vec<Summary>,
        kept: Option<KeptValues>,
    ) -> LanguageData {
        let areas = crate::collections::areas::view::areas(self, &members);
        let reports = crate::collections::reports::view::reports(self);
        let trend_chart = crate::collections::reports::view::trend_chart(self, &reports);
        let mut views = Views::default();
        for collection in Collection::ALL {
            collection.make_views(self, &mut views);
        }
        let site = Value::from_serializable(&self.site_view());
        let collator = Collator::new(self.lang);
        // (name, language of the name) → how many members; sorted by name.
        let count_by = |key: &dyn Fn(&MemberView) -> (String, String)| {
            let mut counts: Vec<(String, String, usize)> = Vec::new();
            for m in &members {
                let (k, lang) = key(m);
                if k.is_empty() {
                    continue;
                }
                match counts.iter_mut().find(|(name, _, _)| *name == k) {
                    Some((_, _, n)) => *n += 1,
                    None => counts.push((k, lang, 1)),
                }
            }
            counts.sort_by(|a, b| collator.compare(&a.0, &b.0));
            counts
                .into_iter()
                .map(|(name, lang, count)| serde_json::json!({"name": name, "lang": lang, "count": count}))
                .collect::<Vec<_>>()
        };
        let counts = serde_json::json!({
            "kind": count_by(&|m| (m.kind.to_string(), self.lang.to_string())),
            "region": count_by(&|m| (m.region.clone(), m.region_lang.clone())),
        });
        let letters = crate::collections::members::view::letters_of(&members);
        let open_data = super::open_data::downloads(self.site);
        // Not serialised when kept: the members and news are the big lists.
        let big = |v: &dyn Fn() -> serde_json::Value| {
            if kept.is_some() {
                serde_json::Value::Null
            } else {
                v()
            }
        };
        let mut data = serde_json::json!({
            "members": big(&|| serde_json::json!(members)),
            "areas": areas,
            "reports": reports,
            "news": big(&|| serde_json::json!(news)),
            "member_count": members.len(),
            "member_counts": counts,
            "member_letters": big(&|| serde_json::json!(letters)),
            "trend_chart": trend_chart,
            "latest_report": reports.iter().rev().find(|r| r.overall.is_some()),
            "any_sample_report": reports.iter().any(|r| r.sample),
            "facts": self.facts(),
            "members_declared": self.site.data.facts.iter().any(|f| f.id.value == "members"),
            "sample": facts::sample_view(&members, &reports),
            "open_data": open_data,
        });
        for collection in Collection::ALL {
            for (key, value) in collection.list_data(&views) {
                data[key] = value;
            }
        }
        let mut data = Value::from_serializable(&data);
        if let Some(kept) = kept {
            data = kept.into_data(data, &members);
        }
        LanguageData {
            lang: self.lang.to_string(),
            site,
            members,
            areas,
            reports,
            news,
            news_pages: Vec::new(),
            views,
            data,
            trend_chart,
            open_data,
            summaries: SummaryValues::default(),
        }
    }

    pub fn site_view(&self) -> SiteView {
        let config = &self.site.config;
        let c = self.site.collections();
        let languages = config
            .language_codes()
            .into_iter()
            .map(|code| LanguageView {
                name: config.languages[&code].name.clone(),
                locale: config.languages[&code]
                    .locale
                    .clone()
                    .unwrap_or_else(|| code.clone()),
                url: c.home(&code),
                code,
            })
            .collect();
        let menu = super::nav::main_menu(self.site, self.lang, self.strings);
        let footer = super::nav::footer_links(self.site, self.lang, self.strings);
        let lang = self.lang;
        let mut urls = BTreeMap::from([
            ("home", c.home(lang)),
            ("search", c.search(lang)),
            ("feed", c.feed(lang)),
            ("search_index", c.search_index(lang)),
            ("not_found", c.not_found(lang)),
        ]);
        for collection in Collection::ALL {
            if collection.has_list(&self.site.data) {
                urls.insert(collection.name(), c.list(collection, lang));
            }
        }
        if let Some(news) = super::nav::news_url(self.site, lang) {
            urls.insert("news", news);
        }
        for collection in Collection::ALL {
            urls.extend(collection.site_urls(self));
        }
        SiteView {
            title: self.text(&config.title),
            description: self.text(&config.description),
            base_url: config.base_url.clone(),
            lang: lang.to_string(),
            default_language: config.default_language.clone(),
            languages,
            menu,
            footer,
            urls,
            search_enabled: config.search.enabled,
            feeds_enabled: config.feeds.enabled,
            extra: config.extra.clone(),
        }
    }

    pub fn summary(&self, page: &Page) -> Summary {
        Summary {
            title: page.title().to_string(),
            url: page.url.clone(),
            date: page.source.date.map(|d| d.iso()),
            summary: page_summary(page),
            areas: self.area_links(page.source.front.areas.iter().map(|a| a.value.as_str())),
            cover_html: super::image_views::cover(self.site, page)
                .map(|c| c.card_html)
                .unwrap_or_default(),
        }
    }

    /// Language versions of a page; `urls` gives each language's URL if the
    /// page exists in it.
    pub fn alternates(&self, urls: &BTreeMap<String, String>) -> Vec<Alternate> {
        let config = &self.site.config;
        let c = self.site.collections();
        config
            .language_codes()
            .into_iter()
            .map(|code| {
                let (url, exists) = match urls.get(&code) {
                    Some(u) => (u.clone(), true),
                    None => (c.home(&code), false),
                };
                Alternate {
                    name: config.languages[&code].name.clone(),
                    locale: config.languages[&code]
                        .locale
                        .clone()
                        .unwrap_or_else(|| code.clone()),
                    permalink: config.absolute(&url),
                    home: url == c.home(&code),
                    url,
                    exists,
                    current: code == self.lang,
                    lang: code,
                }
            })
            .collect()
    }

    pub fn page_view(&self, index: usize, kind: &'static str) -> PageView<'a> {
        let page = &self.site.pages[index];
        let mut urls = BTreeMap::from([(page.lang().to_string(), page.url.clone())]);
        for t in self.site.translations_shown(index) {
            urls.insert(
                self.site.pages[t].lang().to_string(),
                self.site.pages[t].url.clone(),
            );
        }
        let summary = page_summary(page);
        let description = if summary.is_empty() {
            self.text(&self.site.config.description)
        } else {
            summary.clone()
        };
        PageView {
            kind,
            title: page.title().to_string(),
            url: page.url.clone(),
            permalink: self.site.config.absolute(&page.url),
            lang: page.lang().to_string(),
            date: page.source.date.map(|d| d.iso()),
            updated: page.source.updated.map(|d| d.iso()),
            summary,
            description,
            content: std::borrow::Cow::Borrowed(&page.html),
            toc: table_of_contents(&page.source.body.headings),
            areas: self.area_links(page.source.front.areas.iter().map(|a| a.value.as_str())),
            extra: page.source.front.extra.clone(),
            word_count: page.source.body.word_count,
            reading_minutes: page.source.body.word_count.div_ceil(200).max(1),
            languages: self.alternates(&urls),
            source_path: page.source.path.clone(),
            cover: super::image_views::cover(self.site, page),
            share_image: super::image_views::share_image(self.site, Some(page)),
            scheduled: self
                .site
                .config
                .schedule
                .scheduled_for(page.source.front.date.as_ref().map(|d| d.value.as_str())),
            expired: self
                .site
                .config
                .schedule
                .expired_on(page.source.front.expires.as_ref().map(|d| d.value.as_str())),
        }
    }

    /// A view for a generated page (member, area, report …).
    pub fn generated_view(
        &self,
        kind: &'static str,
        title: String,
        url_of: impl Fn(&str) -> String,
        description: String,
    ) -> PageView<'static> {
        let urls: BTreeMap<String, String> = self
            .site
            .config
            .language_codes()
            .into_iter()
            .map(|l| {
                let u = url_of(&l);
                (l, u)
            })
            .collect();
        let url = urls[self.lang].clone();
        PageView {
            kind,
            title,
            permalink: self.site.config.absolute(&url),
            url,
            lang: self.lang.to_string(),
            date: None,
            updated: None,
            summary: description.clone(),
            description: if description.is_empty() {
                self.text(&self.site.config.description)
            } else {
                description
            },
            content: std::borrow::Cow::Borrowed(""),
            toc: Vec::new(),
            areas: Vec::new(),
            extra: BTreeMap::new(),
            word_count: 0,
            reading_minutes: 0,
            languages: self.alternates(&urls),
            source_path: String::new(),
            cover: None,
            share_image: super::image_views::share_image(self.site, None),
            scheduled: None,
            expired: None,
        }
    }
}

/// The render phase's tools, lent to the collections that make their own
/// views.
impl ViewKit for ViewBuilder<'_> {
    fn config(&self) -> &crate::config::Config {
        &self.site.config
    }
    fn data(&self) -> &crate::collections::SiteData {
        &self.site.data
    }
    fn lang(&self) -> &str {
        self.lang
    }
    fn text(&self, t: &LocalisedText) -> String {
        ViewBuilder::text(self, t)
    }
    fn text_lang(&self, t: Option<&LocalisedText>) -> String {
        ViewBuilder::text_lang(self, t)
    }
    fn markdown(&self, t: &Option<LocalisedText>) -> String {
        ViewBuilder::markdown(self, t)
    }
    fn string(&self, key: &str) -> Option<String> {
        self.strings.get(self.lang, key).map(str::to_string)
    }
    fn images(&self) -> &crate::images::Pipeline {
        &self.site.images
    }
    fn area_links(&self, ids: &[&str]) -> Vec<Link> {
        ViewBuilder::area_links(self, ids.iter().copied())
    }
    fn organization_ref(&self) -> serde_json::Value {
        super::structured::organization_ref(self.site, self.lang)
    }
    fn logo(&self, path: &str, alt: &str) -> Option<(String, String)> {
        super::image_views::logo(self.site, path, alt)
    }
    fn area_image(&self, area: &crate::collections::areas::Area, page: bool) -> String {
        super::image_views::area_image(self.site, area, self.lang, page)
    }
    fn narrative(&self, year: i64) -> Option<crate::collections::view::Narrative> {
        let config = &self.site.config;
        let texts = &self.site.report_texts;
        let page = texts
            .get(&(year, self.lang.to_string()))
            .or_else(|| texts.get(&(year, config.default_language.clone())))
            .map(|&i| &self.site.pages[i])?;
        Some(crate::collections::view::Narrative {
            html: page.html.clone(),
            lang: page.lang().to_string(),
            summary: page_summary(page),
        })
    }
}

/// A page's summary: the front matter's, or the start of its first paragraph.
pub fn page_summary(page: &Page) -> String {
    if let Some(s) = &page.source.front.summary {
        return s.trim().to_string();
    }
    let text = page.source.body.first_paragraph.trim();
    if text.chars().count() <= 300 {
        return text.to_string();
    }
    let cut: String = text.chars().take(300).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}
