//! A change of the theme: when only templates changed (no page, data,
//! translation or static file of the theme), the site stays resolved as
//! it was and keeps its views; the theme is read and parsed again, and
//! only the pages whose template reaches an edited one are rendered. The
//! site-wide files (feeds, sitemap, search indexes, redirects) are made
//! without templates and stay as they are.
//!
//! A template reaches another when its text names it in quotes (Tera 2's
//! `extends` and `include` take a string literal only, so every template
//! one pulls in is named so), or names, as a whole word, a component that
//! a template reached defines (components are global in Tera 2: any
//! template may call any). An edited template counts with the components
//! its text defined before and after the edit. When a template reached
//! defines a component, the pages with embeds (rendered by the embed
//! components) are rendered too.
//!
//! Anything else that changed in the theme, or templates that no longer
//! load (a syntax error, a missing parent, a duplicate component), is
//! handled as a full build would: the site is resolved and rendered in
//! full ([`SiteState::rerender`]), with a full build's errors.

use std::collections::{BTreeSet, HashSet};

use crate::build;
use crate::error::Diagnostics;
use crate::render::context::LanguageData;
use crate::render::{Job, JobKind, Renderer};
use crate::site::{self, Page, Site};
use crate::theme::Theme;

use super::super::deps::Reads;
use super::super::reload::{into_parts, load_renderer, reload_data, reload_pages, renderer_of};
use super::super::watch::ChangeSet;
use super::{Current, Rebuild, SiteState, fail};

impl SiteState {
    /// Files of the theme or the site's templates changed.
    pub(super) fn theme_changed(
        &mut self,
        mut current: Current,
        changes: &ChangeSet,
    ) -> Result<Rebuild, Diagnostics> {
        if !changes.pages.is_empty() || changes.data {
            return self.rerender(current, changes);
        }
        let config = &current.site.config;
        let theme = Theme::load(&self.options.root, &config.theme).ok();
        let edited = (theme.as_ref()).and_then(|t| edited_templates(current.renderer.theme(), t));
        let (Some(theme), Some(edited)) = (theme, edited) else {
            return self.rerender(current, changes);
        };
        if edited.is_empty() {
            // Saved as it was: nothing to do.
            self.current = Some(current);
            return Ok(Rebuild {
                incremental: true,
                ..Rebuild::default()
            });
        }
        let Ok(renderer) = renderer_of(theme, config) else {
            return self.rerender(current, changes);
        };
        let reached = Reached::of(&current.renderer, &renderer, &edited);
        if reached.templates.contains("search.html") {
            for views in &current.languages {
                views.summaries.forget_search_pieces();
            }
        }
        // The area pages' kept entries were made by the old templates.
        if reached.templates.contains("area.html") {
            for views in &current.languages {
                views.summaries.areas.forget();
            }
        }
        current.reads = Reads::of(&renderer);
        current.renderer = renderer;
        let select =
            |job: &Job, _: &LanguageData, site: &Site, _: &Reads| reached.selects(job.kind, site);
        self.render_selected(current, &select, None, Diagnostics::new())
    }

    /// A theme or template change: the pages kept in memory (and the
    /// changed ones read again) with a new renderer, resolved and rendered
    /// in full.
    pub(super) fn rerender(
        &mut self,
        current: Current,
        changes: &ChangeSet,
    ) -> Result<Rebuild, Diagnostics> {
        let Current {
            site, static_files, ..
        } = current;
        let (config, mut sources, mut data) = into_parts(site);
        let mut diagnostics = Diagnostics::new();
        let markdown = build::markdown_settings(&config);
        let options = &self.options;
        reload_pages(
            options,
            &mut sources,
            &changes.pages,
            markdown,
            &config,
            &mut diagnostics,
        );
        if changes.data {
            data = reload_data(options, &mut diagnostics);
        }
        // The theme is parsed while the site is resolved (as in a build).
        let root = &options.root;
        let theme_config = config.clone();
        let (renderer, (site, problems)) = rayon::join(
            || load_renderer(root, &theme_config),
            || site::resolve(config, sources, data, &static_files),
        );
        let renderer = match renderer {
            Ok(r) => r,
            Err(problems) => {
                diagnostics.extend(problems);
                return Err(fail(diagnostics));
            }
        };
        diagnostics.extend(problems);
        self.render_everything(site, renderer, static_files, diagnostics)
    }
}

/// The names of the templates that differ between two themes (edited,
/// added or removed), or `None` when another file of the theme differs.
fn edited_templates(old: &Theme, new: &Theme) -> Option<BTreeSet<String>> {
    let others = |t: &Theme| {
        (t.files.iter())
            .filter(|(rel, _)| !rel.starts_with("templates/"))
            .map(|(rel, f)| (rel.clone(), f.bytes.clone()))
            .collect::<Vec<_>>()
    };
    if others(old) != others(new) {
        return None;
    }
    let old: BTreeSet<(&str, &[u8])> = old.templates().map(|(n, f)| (n, &f.bytes[..])).collect();
    let new: BTreeSet<(&str, &[u8])> = new.templates().map(|(n, f)| (n, &f.bytes[..])).collect();
    Some(
        old.symmetric_difference(&new)
            .map(|(name, _)| name.to_string())
            .collect(),
    )
}

/// The templates an edit reaches (see the module comment).
#[derive(Debug, Default)]
struct Reached {
    templates: HashSet<String>,
    /// A template reached defines a component.
    components: bool,
}

impl Reached {
    fn of(old: &Renderer, new: &Renderer, edited: &BTreeSet<String>) -> Reached {
        let texts: Vec<(&str, &str)> = new.template_texts().collect();
        let mut components: BTreeSet<&str> = (old.template_texts().chain(texts.iter().copied()))
            .filter(|(name, _)| edited.contains(*name))
            .flat_map(|(_, text)| defined_components(text))
            .collect();
        let mut reached: HashSet<String> = edited.clone().into_iter().collect();
        loop {
            let mut grew = false;
            for (name, text) in &texts {
                if reached.contains(*name) {
                    continue;
                }
                let pulls = reached.iter().any(|t| names_template(text, t))
                    || components.iter().any(|c| names_word(text, c));
                if pulls {
                    reached.insert(name.to_string());
                    components.extend(defined_components(text));
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        Reached {
            templates: reached,
            components: !components.is_empty(),
        }
    }

    /// Whether the job `kind` renders a template reached.
    fn selects(&self, kind: JobKind, site: &Site) -> bool {
        let has = |name: &str| self.templates.contains(name);
        match kind {
            JobKind::Content { page, .. } => {
                let p = &site.pages[page];
                (self.components && !p.source.body.embeds.is_empty()) || has(page_template(p))
            }
            JobKind::List(c) => has(&format!("{}.html", c.name())),
            JobKind::Item(c, _) => has(&format!("{}.html", c.item_name())),
            JobKind::Search => has("search.html"),
            JobKind::NotFound => has("404.html"),
        }
    }
}

/// The template a content page is rendered with.
fn page_template(p: &Page) -> &str {
    match &p.source.front.template {
        Some(t) => t.value.as_str(),
        None if p.source.key == "_index" => "index.html",
        None if p.source.is_section => "section.html",
        None => "page.html",
    }
}

/// Whether `text` names the template `name` in quotes.
fn names_template(text: &str, name: &str) -> bool {
    ['"', '\'', '`'].iter().any(|q| {
        text.match_indices(name)
            .any(|(at, _)| text[..at].ends_with(*q) && text[at + name.len()..].starts_with(*q))
    })
}

/// Whether `text` has `word` with no letter, digit or `_` on either side.
fn names_word(text: &str, word: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(part)
            && !text[at + word.len()..].chars().next().is_some_and(part)
    })
}

/// The names of the components `text` defines (`{% component NAME(`).
fn defined_components(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("component") {
        let before = text[..at].trim_end_matches([' ', '\t', '\n', '\r', '-']);
        if !before.ends_with("{%") {
            continue;
        }
        let rest = text[at + "component".len()..].trim_start();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end > 0 {
            names.push(&rest[..end]);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_and_components() {
        let text = r#"{% extends "base.html" %}{%- component card(x) %}{{ <icon name="a" /> }}"#;
        assert!(names_template(text, "base.html"));
        assert!(!names_template(text, "base"));
        assert!(names_word(text, "icon"));
        assert!(!names_word(text, "ico"));
        assert!(!names_word("{{ <icons /> }}", "icon"));
        assert_eq!(defined_components(text), ["card"]);
        assert!(defined_components("a component b").is_empty());
    }
}
