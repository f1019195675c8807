//! The render jobs of content pages (the home page, sections with their
//! pagination, pages), the search page and the "not found" page: which
//! template each uses and what it sees besides `site` and `data`.

use tera::{Context, Value};

use super::context::{LanguageData, PageView, Summary, ViewBuilder};
use super::links::{self, LinkMode};
use super::{Job, JobKind, Renderer};
use crate::error::{Diagnostic, ErrorKind};
use crate::paths::{OutputFile, output_path};
use crate::site::{Page, Site};

impl Renderer {
    /// Page `pager` (from 0) of the content page `page`: its template and URL.
    pub(super) fn content_page(
        &self,
        site: &Site,
        lang_data: &LanguageData,
        views: &ViewBuilder,
        (page, pager): (usize, usize),
        ctx: &mut Context,
    ) -> Result<(String, String), Diagnostic> {
        let p = &site.pages[page];
        let template = self.page_template(p)?;
        let kind = if p.source.key == "_index" {
            "home"
        } else if p.source.is_section {
            "section"
        } else {
            "page"
        };
        let mut view = views.page_view(page, kind);
        let mut url = p.url.clone();
        if p.source.is_section {
            url = self.section_list(site, lang_data, views, (p, pager), &mut view, ctx);
        } else {
            ctx.insert("pages", &Vec::<Summary>::new());
            ctx.insert("subsections_by_year", &false);
        }
        if !p.source.body.embeds.is_empty() {
            view.content = self
                .expand_embeds(&view.content, &p.source.body.embeds, lang_data)?
                .into();
        }
        if let Some(parent) = p.parent {
            ctx.insert_value("parent", lang_data.summaries.value(views, parent));
        }
        ctx.insert("trail", &trail(site, p));
        ctx.insert("page", &view);
        Ok((template, url))
    }

    /// The template a page asks for (an error naming the closest one when
    /// it does not exist), else the one for its kind.
    fn page_template(&self, p: &Page) -> Result<String, Diagnostic> {
        if let Some(t) = &p.source.front.template
            && !self.tera.contains_template(&t.value)
        {
            let mut known: Vec<&str> = self.template_files.keys().map(String::as_str).collect();
            known.sort_unstable();
            let help = match crate::error::did_you_mean(&t.value, known.iter().copied()) {
                Some(best) => msg!("yaml.did-you-mean", best = best),
                None => msg!(
                    "template.unknown-help",
                    templates = known.join(", "),
                    name = &t.value
                ),
            };
            return Err(p
                .source
                .problem(
                    ErrorKind::Template,
                    t.referenced.line() as usize + 1,
                    t.referenced.column() as usize,
                    msg!("template.unknown", name = &t.value),
                )
                .with_help(help));
        }
        Ok(match &p.source.front.template {
            Some(t) => t.value.clone(),
            None if p.source.key == "_index" => "index.html".to_string(),
            None if p.source.is_section => "section.html".to_string(),
            None => "page.html".to_string(),
        })
    }

    /// A section's list page `pager` (from 0): its items, subsections and
    /// paginator in `ctx`; page 2 and later get their own URL in `view`.
    /// Returns the page's URL.
    fn section_list(
        &self,
        site: &Site,
        lang_data: &LanguageData,
        views: &ViewBuilder,
        (p, pager): (&Page, usize),
        view: &mut PageView,
        ctx: &mut Context,
    ) -> String {
        let c = site.collections();
        let lang = views.lang;
        let size = p.page_size(&site.config);
        let total = p.pager_count(&site.config);
        let current = pager + 1;
        let url = c.pager(&p.url, lang, current);
        let items = (lang_data.summaries).list(
            views,
            p.children.iter().skip(pager * size).take(size).copied(),
        );
        let (subsections, by_year) = subsections(site, lang_data, views, p);
        ctx.insert("subsections_by_year", &by_year);
        // The first, the last and the two on each side of the current
        // page: a list of 1,000 pages must not link all 1,000 from each.
        let shown = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 2;
        let pagers: Vec<serde_json::Value> = (1..=total)
            .filter(|&n| shown(n))
            .map(|n| {
                serde_json::json!({
                    "number": n,
                    "url": c.pager(&p.url, lang, n),
                    "current": n == current,
                    "gap_before": n > 1 && !shown(n - 1),
                })
            })
            .collect();
        ctx.insert_value("pages", items);
        ctx.insert_value("subsections", Value::from(subsections));
        ctx.insert(
            "paginator",
            &serde_json::json!({
                "current": current,
                "total": total,
                "total_items": p.children.len(),
                "pages": pagers,
                "prev_url": (current > 1).then(|| c.pager(&p.url, lang, current - 1)),
                "next_url": (current < total).then(|| c.pager(&p.url, lang, current + 1)),
                "first_url": p.url,
            }),
        );
        if current > 1 {
            view.url = url.clone();
            view.permalink = site.config.absolute(&url);
            // Page N's hreflang names itself; page N of another
            // language lists other items, so it is no alternate
            // (the switcher still goes to that section).
            for alt in &mut view.languages {
                if alt.current {
                    alt.url = view.url.clone();
                    alt.permalink = view.permalink.clone();
                } else {
                    alt.exists = false;
                }
            }
        }
        url
    }

    pub(super) fn search_page(
        &self,
        site: &Site,
        lang_data: &LanguageData,
        views: &ViewBuilder,
        ctx: &mut Context,
    ) -> (String, String, Value) {
        let c = site.collections();
        let lang = views.lang;
        let view = views.generated_view(
            "search",
            self.t(lang, "search_title"),
            |l| c.search(l),
            String::new(),
        );
        ctx.insert("page", &view);
        let all = lang_data.summaries.list(
            views,
            site.rendered_pages()
                .filter(|&i| site.pages[i].lang() == lang && !site.pages[i].synthetic),
        );
        ctx.insert_value("pages", all.clone());
        ("search.html".to_string(), c.search(lang), all)
    }

    pub(super) fn not_found_page(
        &self,
        views: &ViewBuilder,
        ctx: &mut Context,
    ) -> (String, String) {
        let c = views.site.collections();
        let lang = views.lang;
        let view = views.generated_view(
            "not_found",
            self.t(lang, "not_found_title"),
            |l| c.not_found(l),
            String::new(),
        );
        ctx.insert("page", &view);
        ("404.html".to_string(), c.not_found(lang))
    }
}

/// A section's subsections; year folders (`jaunumi/2023/`) newest first,
/// headed "By year" (the `bool`).
fn subsections(
    site: &Site,
    lang_data: &LanguageData,
    views: &ViewBuilder,
    p: &Page,
) -> (Vec<Value>, bool) {
    let mut subsections: Vec<Value> = p
        .subsections
        .iter()
        .map(|&i| lang_data.summaries.value(views, i))
        .collect();
    let by_year = !p.subsections.is_empty()
        && p.subsections.iter().all(|&i| {
            let folder = site.pages[i].source.folder();
            let last = folder.rsplit('/').next().unwrap_or(folder);
            last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit())
        });
    if by_year {
        let keys: Vec<String> = p
            .subsections
            .iter()
            .map(|&i| site.pages[i].source.folder().to_string())
            .collect();
        let mut pairs: Vec<_> = keys.into_iter().zip(subsections).collect();
        pairs.sort_by(|a, b| b.0.cmp(&a.0));
        subsections = pairs.into_iter().map(|(_, s)| s).collect();
    }
    (subsections, by_year)
}

/// The rendered files and the problems of a render, where one template
/// mistake fails every page that uses it: reported once, saying how many
/// more pages it broke.
pub(super) fn merge_repeats<T>(results: Vec<Result<T, Diagnostic>>) -> (Vec<T>, Vec<Diagnostic>) {
    let mut files = Vec::with_capacity(results.len());
    // One template mistake fails every page that uses it: report it
    // once, saying how many more pages it broke.
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut repeats: Vec<usize> = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => match problems.iter().position(|p| {
                (&p.file, p.line, p.column, &p.message) == (&d.file, d.line, d.column, &d.message)
            }) {
                Some(i) => repeats[i] += 1,
                None => {
                    problems.push(d);
                    repeats.push(0);
                }
            },
        }
    }
    for (d, &more) in problems.iter_mut().zip(&repeats) {
        if more > 0 {
            let help = d.help.take().unwrap_or_else(|| "".into());
            d.help = Some(msg!("render.and-more-pages", help = help, count = more));
        }
    }
    (files, problems)
}

/// The sections between the home page and `p`, outermost first, as
/// `{url, title}` for breadcrumbs (`/docs/guides/x/`: Docs, Guides).
fn trail(site: &Site, p: &Page) -> Vec<serde_json::Value> {
    let mut trail = Vec::new();
    let mut up = p.parent;
    while let Some(i) = up {
        let a = &site.pages[i];
        if a.source.folder().is_empty() {
            break;
        }
        trail.push(serde_json::json!({"url": a.url, "title": a.title()}));
        up = a.parent;
    }
    trail.reverse();
    trail
}

/// The file of a page rendered for `url`, its links rewritten.
pub(super) fn linked(site: &Site, job: &Job, url: String, html: &[u8]) -> OutputFile {
    let mode = if matches!(job.kind, JobKind::NotFound) {
        LinkMode::Prefixed(site.config.base_path())
    } else {
        LinkMode::Relative {
            page_url: &url,
            local: site.config.local_links,
        }
    };
    OutputFile {
        path: output_path(&url),
        bytes: links::rewrite_bytes(html, mode),
    }
}
