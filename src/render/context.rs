//! What templates see: the resolved site turned into serialisable views, in
//! one language. Big listings (members, areas, reports, news) are built once
//! per language and shared between all pages (Tera values are reference
//! counted, so a page's context holds a pointer, not a copy).

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use crate::collections::Collection;
use crate::collections::members::Member;
use crate::collections::reports::{Report, Trend};
use crate::content::markdown::{self, MarkdownSettings, table_of_contents};
use crate::i18n::{Collator, LocalisedText, format_number, index_letter};
use crate::render::publications::PublicationView;
use crate::site::{Page, Site};

mod facts;

use super::charts::{self, ChartText, Datum};
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

#[derive(Serialize, Clone)]
pub struct Link {
    pub id: String,
    pub name: String,
    /// The language `name` is written in.
    pub lang: String,
    pub url: String,
}

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

#[derive(Serialize, Clone)]
pub struct MemberView {
    pub id: String,
    pub name: String,
    /// The language `name` is written in (a plain string counts as the
    /// default language's), so templates can mark it with `lang`.
    pub name_lang: String,
    pub url: String,
    pub letter: String,
    pub kind: &'static str,
    pub joined: Option<i64>,
    pub region: String,
    pub region_lang: String,
    pub website: String,
    pub email: String,
    pub areas: Vec<Link>,
    pub description: String,
    /// The language `description` is written in (it may fall back).
    pub description_lang: String,
    pub logo: String,
    /// The logo fitted in its box, as `<picture>`/`<img>` with its size.
    pub logo_html: String,
    pub sample: bool,
}

#[derive(Serialize, Clone)]
pub struct AreaView {
    pub id: String,
    pub name: String,
    /// The language `name` is written in (the default one when it stands in).
    pub name_lang: String,
    pub url: String,
    pub feed_url: String,
    pub icon: String,
    /// The first letters of the name's first two words: a neutral mark for
    /// an area without an icon.
    pub initials: String,
    pub summary: String,
    pub summary_text: String,
    /// The language of `summary` (it may fall back to the default one).
    pub summary_lang: String,
    pub description: String,
    pub description_lang: String,
    pub member_count: usize,
    /// Some member listed in the area is sample data.
    pub sample_members: bool,
    /// The area's picture for its page (loads at once), or empty.
    pub image_html: String,
    /// The area's picture in the list of areas (loads lazily), or empty.
    pub card_html: String,
}

#[derive(Serialize, Clone)]
pub struct DimensionView {
    pub key: &'static str,
    pub name: String,
    pub score: Option<f64>,
    pub score_text: String,
    pub previous: Option<f64>,
    pub change_text: String,
    /// better | worse | unchanged, or empty when unknown.
    pub trend: &'static str,
    pub summary: String,
    pub summary_lang: String,
}

#[derive(Serialize, Clone)]
pub struct FigureView {
    pub key: String,
    pub label: String,
    pub label_lang: String,
    pub value: f64,
    pub value_text: String,
    pub unit: String,
    pub unit_lang: String,
}

#[derive(Serialize, Clone)]
pub struct ReportView {
    pub year: i64,
    pub title: String,
    pub title_lang: String,
    pub url: String,
    pub summary: String,
    pub summary_lang: String,
    /// Plain text for the meta description: the summary, else the start
    /// of the narrative, else the overall score in a sentence.
    pub description: String,
    pub overall: Option<f64>,
    pub overall_text: String,
    pub overall_trend: &'static str,
    pub overall_change_text: String,
    pub band: String,
    pub band_lang: String,
    pub sample: bool,
    pub source_name: String,
    pub source_name_lang: String,
    pub source_url: String,
    pub pdf: String,
    pub dimensions: Vec<DimensionView>,
    pub figures: Vec<FigureView>,
    pub chart: String,
    pub narrative: String,
    /// The language of `narrative` (it falls back to the default language).
    pub narrative_lang: String,
    /// The publications that are this report (`report: YEAR`).
    pub publications: Vec<Link>,
}

/// The views of one language, shared by every page in it.
pub struct LanguageData {
    pub lang: String,
    pub site: Value,
    pub members: Vec<MemberView>,
    pub areas: Vec<AreaView>,
    pub reports: Vec<ReportView>,
    pub publications: Vec<PublicationView>,
    pub news: Vec<Summary>,
    /// In the order of `site.data.events` (by start).
    pub events: Vec<super::events::EventView>,
    /// Indexes into `events` of those not over yet, soonest first.
    pub events_upcoming: Vec<usize>,
    /// `data` in templates: members, areas, reports, news, counts.
    pub data: Value,
    pub trend_chart: String,
    /// The data downloads (`data.open_data`), for the `open_data` embed.
    pub open_data: serde_json::Value,
}

impl LanguageData {
    /// How many views of `collection` this language has.
    pub fn item_count(&self, collection: Collection) -> usize {
        match collection {
            Collection::Members => self.members.len(),
            Collection::Areas => self.areas.len(),
            Collection::Reports => self.reports.len(),
            Collection::Publications => self.publications.len(),
            Collection::Events => self.events.len(),
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

    pub(crate) fn t(&self, key: &str) -> String {
        self.strings.get(self.lang, key).unwrap_or(key).to_string()
    }

    pub fn area_links(&self, ids: impl Iterator<Item = &'a str>) -> Vec<Link> {
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

    // long because: it gathers every list of the language in one `data` value.
    pub fn build(&self) -> LanguageData {
        let members = self.members();
        let areas = self.areas(&members);
        let reports = self.reports();
        let publications = super::publications::views(self);
        let publication_filters = crate::render::publications::filters(self, &publications);
        let news: Vec<Summary> = self
            .site
            .news(self.lang)
            .into_iter()
            .map(|i| self.summary(&self.site.pages[i]))
            .collect();
        let trend_chart = self.trend_chart(&reports);
        let events = super::events::views(self);
        let (upcoming, past) = crate::collections::events::split(
            &self.site.data.events,
            &self.site.config.schedule.clock,
        );
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
        let letters = letters_of(&members);
        let open_data = super::open_data::downloads(self.site);
        let data = Value::from_serializable(&serde_json::json!({
            "members": members,
            "areas": areas,
            "reports": reports,
            "publications": publications,
            "publication_filters": publication_filters,
            "news": news,
            "member_count": members.len(),
            "member_counts": counts,
            "member_letters": letters,
            "trend_chart": trend_chart,
            "latest_report": reports.iter().rev().find(|r| r.overall.is_some()),
            "any_sample_report": reports.iter().any(|r| r.sample),
            "facts": self.facts(),
            "members_declared": self.site.data.facts.iter().any(|f| f.id.value == "members"),
            "sample": facts::sample_view(&members, &reports),
            "events_upcoming": upcoming.iter().map(|&i| &events[i]).collect::<Vec<_>>(),
            "events_past": past.iter().map(|&i| &events[i]).collect::<Vec<_>>(),
            "any_sample_event": events.iter().any(|e| e.sample),
            "open_data": open_data,
        }));
        LanguageData {
            lang: self.lang.to_string(),
            site,
            members,
            areas,
            reports,
            publications,
            news,
            events,
            events_upcoming: upcoming,
            data,
            trend_chart,
            open_data,
        }
    }

    fn site_view(&self) -> SiteView {
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
            (
                "publications_feed",
                crate::collections::publications::feed_url(&self.site.config, lang),
            ),
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
        if Collection::Events.has_list(&self.site.data) {
            urls.insert(
                "calendar",
                crate::collections::events::calendar_url(&self.site.config, lang),
            );
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

    fn members(&self) -> Vec<MemberView> {
        let c = self.site.collections();
        let collator = Collator::new(self.lang);
        let mut members: Vec<MemberView> = self
            .site
            .data
            .members
            .iter()
            .map(|m| self.member(m, &c))
            .collect();
        members.sort_by(|a, b| {
            collator
                .compare(&a.name, &b.name)
                .then_with(|| a.id.cmp(&b.id))
        });
        members
    }

    fn member(&self, m: &Member, c: &crate::site::Collections) -> MemberView {
        let name = self.text(&m.name);
        let (logo_html, logo) = m
            .logo
            .as_ref()
            .and_then(|l| {
                let alt = format!("{} {name}", self.t("logo_of"));
                super::image_views::logo(self.site, &l.value, &alt)
            })
            .unwrap_or_default();
        MemberView {
            id: m.id.value.clone(),
            url: c.item(Collection::Members, self.lang, &m.id.value),
            letter: index_letter(&name, self.lang),
            name,
            name_lang: self.text_lang(Some(&m.name)),
            kind: m.kind.key(),
            joined: m.joined.as_ref().map(|j| j.value),
            region: self.opt_text(&m.region),
            region_lang: self.text_lang(m.region.as_ref()),
            website: m
                .website
                .as_ref()
                .map(|w| w.value.clone())
                .unwrap_or_default(),
            email: m
                .email
                .as_ref()
                .map(|e| e.value.clone())
                .unwrap_or_default(),
            areas: self.area_links(m.areas.iter().map(|a| a.value.as_str())),
            description: self.markdown(&m.description),
            description_lang: self.text_lang(m.description.as_ref()),
            logo,
            logo_html,
            sample: m.sample,
        }
    }

    fn areas(&self, members: &[MemberView]) -> Vec<AreaView> {
        let c = self.site.collections();
        self.site
            .data
            .areas
            .iter()
            .map(|a| AreaView {
                id: a.id.value.clone(),
                name: self.text(&a.name),
                name_lang: self.text_lang(Some(&a.name)),
                url: c.item(Collection::Areas, self.lang, &a.id.value),
                feed_url: c.area_feed(self.lang, &a.id.value),
                icon: a.icon.clone().unwrap_or_default(),
                initials: initials(&self.text(&a.name)),
                summary: self.markdown(&a.summary),
                summary_text: self.opt_text(&a.summary),
                summary_lang: self.text_lang(a.summary.as_ref()),
                description: self.markdown(&a.description),
                description_lang: self.text_lang(a.description.as_ref()),
                member_count: members
                    .iter()
                    .filter(|m| m.areas.iter().any(|l| l.id == a.id.value))
                    .count(),
                sample_members: members
                    .iter()
                    .any(|m| m.sample && m.areas.iter().any(|l| l.id == a.id.value)),
                image_html: super::image_views::area_image(self.site, a, self.lang, true),
                card_html: super::image_views::area_image(self.site, a, self.lang, false),
            })
            .collect()
    }

    fn reports(&self) -> Vec<ReportView> {
        let mut previous: Option<&Report> = None;
        let mut views = Vec::new();
        for loaded in &self.site.data.reports {
            views.push(self.report(&loaded.report, previous));
            previous = Some(&loaded.report);
        }
        views
    }

    fn change_text(&self, previous: Option<f64>, current: Option<f64>) -> String {
        match (previous, current) {
            (Some(p), Some(c)) => {
                let delta = ((c - p) * 10.0).round() / 10.0;
                if delta == 0.0 {
                    "±0".to_string()
                } else if delta > 0.0 {
                    format!("+{}", format_number(delta, 1, self.lang))
                } else {
                    format_number(delta, 1, self.lang)
                }
            }
            _ => String::new(),
        }
    }

    fn report(&self, report: &Report, previous: Option<&Report>) -> ReportView {
        let c = self.site.collections();
        let lang = self.lang;
        let year = report.year.value;
        // The previous report only counts if it is the year before.
        let previous = previous.filter(|p| p.year.value == year - 1);
        let dimensions: Vec<DimensionView> = report
            .dimensions
            .in_order()
            .into_iter()
            .map(|(key, d)| {
                let score = d.and_then(|d| d.score.as_ref()).map(|s| s.value);
                let prev = previous.and_then(|p| p.dimensions.score(key));
                let trend = match (prev, score) {
                    (Some(p), Some(s)) => Some(Trend::between(p, s)),
                    _ => d.and_then(|d| d.trend),
                };
                DimensionView {
                    key,
                    name: self.t(&format!("dimension_{key}")),
                    score,
                    score_text: score.map(|s| format_number(s, 1, lang)).unwrap_or_default(),
                    previous: prev,
                    change_text: self.change_text(prev, score),
                    trend: trend.map(Trend::key).unwrap_or(""),
                    summary: self.markdown(&d.and_then(|d| d.summary.clone())),
                    summary_lang: self.text_lang(d.and_then(|d| d.summary.as_ref())),
                }
            })
            .collect();
        let overall = report.overall.as_ref().map(|o| o.value);
        let prev_overall = previous.and_then(|p| p.overall.as_ref().map(|o| o.value));
        let overall_trend = match (prev_overall, overall) {
            (Some(p), Some(o)) => Some(Trend::between(p, o)),
            _ => report.overall_trend,
        };
        let title = self.text(&report.title);
        let data: Vec<Datum> = dimensions
            .iter()
            .map(|d| Datum {
                label: d.name.clone(),
                value: d.score,
            })
            .collect();
        let chart_title = format!("{title}: {}", self.t("chart_dimensions_title"));
        let desc = self.chart_description(&data);
        let chart = if data.iter().any(|d| d.value.is_some()) {
            charts::dimension_bars(
                &data,
                &ChartText {
                    title: &chart_title,
                    desc: &desc,
                    value_axis: &self.t("chart_score_axis"),
                    missing: &self.t("score_missing"),
                    legend: &self.t("chart_bars_legend"),
                    note: "",
                    lang,
                },
                &format!("chart-{year}"),
            )
        } else {
            String::new()
        };
        let narrative_page = self
            .site
            .report_texts
            .get(&(year, lang.to_string()))
            .or_else(|| {
                self.site
                    .report_texts
                    .get(&(year, self.site.config.default_language.clone()))
            })
            .map(|&i| &self.site.pages[i]);
        let narrative = narrative_page.map(|p| p.html.clone()).unwrap_or_default();
        let narrative_lang = narrative_page
            .map(|p| p.lang().to_string())
            .unwrap_or_else(|| lang.to_string());
        let summary = self.markdown(&report.summary);
        let overall_text = overall
            .map(|o| format_number(o, 1, lang))
            .unwrap_or_default();
        let description = if !summary.is_empty() {
            crate::html::strip_tags(&summary)
        } else if let Some(p) = narrative_page.map(page_summary).filter(|s| !s.is_empty()) {
            p
        } else if !overall_text.is_empty() {
            format!("{title}: {} {overall_text} / 7.", self.t("overall_score"))
        } else {
            title.clone()
        };
        let band = overall.and_then(|o| self.site.data.band_for(o));
        ReportView {
            year,
            title_lang: self.text_lang(Some(&report.title)),
            url: c.item(Collection::Reports, lang, &year.to_string()),
            summary_lang: self.text_lang(report.summary.as_ref()),
            summary,
            description,
            overall,
            overall_text,
            overall_trend: overall_trend.map(Trend::key).unwrap_or(""),
            overall_change_text: self.change_text(prev_overall, overall),
            band: band.map(|b| self.text(&b.label)).unwrap_or_default(),
            band_lang: self.text_lang(band.map(|b| &b.label)),
            sample: report.sample,
            source_name: report
                .source
                .as_ref()
                .map(|s| self.text(&s.name))
                .unwrap_or_default(),
            source_name_lang: self.text_lang(report.source.as_ref().map(|s| &s.name)),
            source_url: report
                .source
                .as_ref()
                .and_then(|s| s.url.as_ref())
                .map(|u| u.value.clone())
                .unwrap_or_default(),
            pdf: report
                .pdf
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
            dimensions,
            figures: report
                .figures
                .iter()
                .map(|(key, f)| FigureView {
                    key: key.clone(),
                    label: self.text(&f.label),
                    label_lang: self.text_lang(Some(&f.label)),
                    value: f.value.value,
                    value_text: format_number(
                        f.value.value,
                        if f.value.value.fract() == 0.0 { 0 } else { 1 },
                        lang,
                    ),
                    unit: self.opt_text(&f.unit),
                    unit_lang: self.text_lang(f.unit.as_ref()),
                })
                .collect(),
            chart,
            narrative,
            narrative_lang,
            publications: self
                .site
                .data
                .publications
                .of_report(year)
                .map(|p| Link {
                    id: p.id.clone(),
                    name: self.text(&p.publication.title),
                    lang: self.text_lang(Some(&p.publication.title)),
                    url: c.item(Collection::Publications, lang, &p.id),
                })
                .collect(),
            title,
        }
    }

    /// "2009: 2,7; 2010: nav datu; 2021 (parauga dati): 2,7": a label ending
    /// in `*` is a sample year and is said so.
    fn chart_description(&self, data: &[Datum]) -> String {
        let sample = self.t("sample_short");
        data.iter()
            .map(|d| {
                let label = match d.label.strip_suffix('*') {
                    Some(year) => format!("{year} ({sample})"),
                    None => d.label.clone(),
                };
                match d.value {
                    Some(v) => format!("{label}: {}", format_number(v, 1, self.lang)),
                    None => format!("{label}: {}", self.t("score_missing")),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn trend_chart(&self, reports: &[ReportView]) -> String {
        if reports.iter().all(|r| r.overall.is_none()) {
            return String::new();
        }
        // Every year from the first to the last, so that a missing year is a
        // gap; the years come from the reports, never a range as wide as the
        // input asks for (a mistyped year cannot make a huge chart).
        let mut data: Vec<Datum> = Vec::with_capacity(reports.len() * 2);
        let mut previous: Option<i64> = None;
        for r in reports {
            if let Some(p) = previous {
                let gap = r.year.saturating_sub(p);
                if gap > 16 {
                    data.push(Datum {
                        label: "…".into(),
                        value: None,
                    });
                } else {
                    for year in p + 1..r.year {
                        data.push(Datum {
                            label: year.to_string(),
                            value: None,
                        });
                    }
                }
            }
            // A sample year is marked by a visible `*`, explained in a legend.
            data.push(Datum {
                label: format!("{}{}", r.year, if r.sample { "*" } else { "" }),
                value: r.overall,
            });
            previous = Some(r.year);
        }
        let desc = self.chart_description(&data);
        // A sample year is explained under the chart.
        let note = if reports.iter().any(|r| r.sample && r.overall.is_some()) {
            format!("* {}", self.t("sample_short"))
        } else {
            String::new()
        };
        charts::trend_line(
            &data,
            &ChartText {
                title: &self.t("chart_trend_title"),
                desc: &desc,
                value_axis: &self.t("chart_score_axis"),
                missing: &self.t("score_missing"),
                legend: &self.t("chart_trend_legend"),
                note: &note,
                lang: self.lang,
            },
            "chart-trend",
        )
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

/// `Kultūra un mantojums` → `KM`: the first letters of the first two words
/// of three letters or more (of one word, its first two letters), upper case.
fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .collect();
    let letters: String = match words.as_slice() {
        [] => String::new(),
        [one] => one.chars().take(2).collect(),
        [first, second, ..] => first
            .chars()
            .take(1)
            .chain(second.chars().take(1))
            .collect(),
    };
    letters.to_uppercase()
}

#[derive(Serialize)]
struct LetterGroup<'a> {
    letter: &'a str,
    members: Vec<&'a MemberView>,
}

fn letters_of(members: &[MemberView]) -> Vec<LetterGroup<'_>> {
    let mut groups: Vec<LetterGroup> = Vec::new();
    for m in members {
        match groups.last_mut() {
            Some(g) if g.letter == m.letter => g.members.push(m),
            _ => groups.push(LetterGroup {
                letter: &m.letter,
                members: vec![m],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_skip_short_words() {
        assert_eq!(initials("Kultūra un mantojums"), "KM");
        assert_eq!(initials("Vide"), "VI");
        assert_eq!(initials("Ēnu teātris"), "ĒT");
        assert_eq!(initials(""), "");
    }
}
