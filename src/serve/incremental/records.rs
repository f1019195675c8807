//! The data path of a rebuild when only data files changed: members.yaml
//! is read again record by record (`collections::load_again`), and when only
//! some members' records changed (areas.yaml as it was), each language's
//! views keep the views and template values of the other members and the
//! news list ([`members_again`]) instead of making all of them again; then
//! the views are compared as after any data change.

use std::collections::{BTreeSet, HashMap, HashSet};

use tera::Value;

use crate::build;
use crate::collections::members::view::{member, order};
use crate::collections::{Collection, Reread, SiteData};
use crate::error::Diagnostics;
use crate::i18n::Collator;
use crate::render::context::{KeptValues, LanguageData, MemberView, ViewBuilder};

use super::super::affected::Affected;
use super::super::deps::Reach;
use super::super::reload::{into_parts, reload_data_again, same_identity};
use super::{Current, Rebuild, SiteState, fail};
use crate::paths::OutputFile;
use crate::site_files::Changed;

impl SiteState {
    /// Only data files changed. When the items and their pictures stayed
    /// the same, the new data replaces the old in the resolved site (the
    /// pages and their links are as they were); else the site is resolved
    /// again.
    pub(super) fn data_changed(&mut self, mut current: Current) -> Result<Rebuild, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let (data, reread) = reload_data_again(&self.options, &current.site.data, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(fail(diagnostics));
        }
        if !same_identity(&current.site.config, &current.site.data, &data) {
            let (old, new) = (&current.site.data, &data);
            if Collection::ALL
                .iter()
                .any(|c| c.item_keys(old) != c.item_keys(new))
            {
                return self.items_moved(current, data, diagnostics);
            }
            return self.resolve_again(current, &BTreeSet::new(), true);
        }
        let generated = data_site_files(&current, &data, &reread);
        current.site.data = data;
        let none = BTreeSet::new();
        let Some(mut affected) =
            Affected::find(&current.site, &none, &HashMap::new(), &HashMap::new())
        else {
            return self.everything_from(current, diagnostics);
        };
        if !data_views_again(&mut current, &mut affected, &reread) {
            return self.everything_from(current, diagnostics);
        }
        current.search.forget_data();
        self.render_affected(current, &affected, generated, diagnostics)
    }
}

/// The site-wide files a data change that kept every item reaches: the
/// open data tables whose rows changed, the areas' feeds when an area's
/// name changed (see [`Changed::Data`]). The members' table is made of
/// the members alone (and the settings): when every member was kept as it
/// was (`reread` names none), it is not made to be compared; when some
/// were read again, only their rows are made, old and new, and patched
/// into the files last written (`render::open_data::members_patched`).
fn data_site_files(current: &Current, new: &SiteData, reread: &Reread) -> Changed {
    let (config, old) = (&current.site.config, &current.site.data);
    let generated = &current.generated;
    let kept = |path: &str| generated.get(path).map(Vec::as_slice);
    let (same, made): (&[Collection], Vec<OutputFile>) = match reread {
        Reread::Members(changed) => {
            match crate::render::open_data::members_patched(config, old, new, changed, &kept) {
                Some(made) => (&[Collection::Members], made),
                None => (&[], Vec::new()),
            }
        }
        Reread::All => (&[], Vec::new()),
    };
    let Some(tables) = crate::render::open_data::changed_tables(config, old, new, same) else {
        return Changed::All;
    };
    let names = |d: &SiteData| d.areas.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
    Changed::Data {
        tables,
        area_feeds: names(old) != names(new),
        made,
    }
}

impl SiteState {
    /// An item was added, removed or its id changed: pages come and go, so
    /// the site is resolved with the new data and rendered in full (from
    /// memory), which also removes the pages that went away.
    fn items_moved(
        &mut self,
        current: Current,
        data: SiteData,
        diagnostics: Diagnostics,
    ) -> Result<Rebuild, Diagnostics> {
        let mut diagnostics = diagnostics;
        let Current {
            site,
            renderer,
            static_files,
            ..
        } = current;
        let (config, sources, _) = into_parts(site);
        let (site, problems) = crate::site::resolve(config, sources, data, &static_files);
        diagnostics.extend(problems);
        self.render_everything(site, renderer, static_files, diagnostics)
    }
}

/// Builds the per-language views again after a data change (keeping what
/// `reread` allows) and adds to `affected` the jobs that read what changed;
/// false when a collection gained or lost items.
fn data_views_again(current: &mut Current, affected: &mut Affected, reread: &Reread) -> bool {
    let markdown = build::markdown_settings(&current.site.config);
    let languages: Vec<LanguageData> = match reread {
        Reread::Members(changed) => current
            .languages
            .iter()
            .map(|old| {
                let builder = ViewBuilder {
                    site: &current.site,
                    lang: &old.lang,
                    strings: current.renderer.strings(),
                    markdown,
                };
                members_again(old, &builder, changed)
            })
            .collect(),
        Reread::All => current.renderer.language_data(&current.site, markdown),
    };
    let mut languages = languages;
    for (old, new) in current.languages.iter_mut().zip(&mut languages) {
        match Reach::between(old, new) {
            Some(reach) => {
                keep_summaries(&current.site, old, new, &reach.area_links);
                affected.add_reach(&current.site, &new.lang, reach);
            }
            None => return false,
        }
    }
    current.languages = languages;
    true
}

/// Moves the pages' list entries kept in `old` into `new`: an entry is
/// made of its page, the images and the areas' links, and data changes
/// that keep the items (the only ones that come here) change only the
/// links of the areas in `area_links`, so the entries of the pages in
/// those areas are forgotten.
fn keep_summaries(
    site: &crate::site::Site,
    old: &mut LanguageData,
    new: &mut LanguageData,
    area_links: &HashSet<String>,
) {
    new.summaries = std::mem::take(&mut old.summaries);
    if area_links.is_empty() {
        return;
    }
    for (i, page) in site.pages.iter().enumerate() {
        let areas = &page.source.front.areas;
        if areas.iter().any(|a| area_links.contains(&a.value)) {
            new.summaries.forget(i);
        }
    }
}

/// A language's views after the members at `changed` (indexes in the
/// site's members) were read again, the areas as they were: the other
/// members' views and values and the news list are taken from `old`.
/// Everything is made again when `old` does not hold one value per view
/// (or the members were added or removed).
pub(crate) fn members_again(
    old: &LanguageData,
    builder: &ViewBuilder,
    changed: &[usize],
) -> LanguageData {
    let members = &builder.site.data.members;
    let key = tera::value::Key::from("members");
    let old_values = old
        .data
        .as_map()
        .and_then(|m| m.get(&key))
        .and_then(Value::as_array);
    let news = old
        .data
        .as_map()
        .and_then(|m| m.get(&tera::value::Key::from("news")))
        .cloned();
    let (Some(old_values), Some(news)) = (old_values, news) else {
        return builder.build();
    };
    if old_values.len() != old.members.len() || old.members.len() != members.len() {
        return builder.build();
    }
    let ids: HashSet<&str> = changed
        .iter()
        .filter_map(|&i| members.get(i))
        .map(|m| m.id.value.as_str())
        .collect();
    let mut list: Vec<(MemberView, Value)> = old
        .members
        .iter()
        .zip(old_values)
        .filter(|(v, _)| !ids.contains(v.id.as_str()))
        .map(|(v, value)| (v.clone(), value.clone()))
        .collect();
    let collator = Collator::new(builder.lang);
    for &i in changed {
        let view = member(builder, &members[i]);
        let value = Value::from_serializable(&serde_json::json!(view));
        let at = list.partition_point(|(v, _)| order(&collator, v, &view).is_lt());
        list.insert(at, (view, value));
    }
    let (views, values): (Vec<MemberView>, Vec<Value>) = list.into_iter().unzip();
    let kept = KeptValues {
        members: values,
        news,
    };
    builder.assemble(views, old.news.clone(), Some(kept))
}
