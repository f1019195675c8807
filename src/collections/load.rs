//! Reading the collections' files under `content/data/` into [`SiteData`]
//! ([`load`]); after an edit in `serve`, reading members.yaml again record
//! by record ([`load_again`]).

use std::path::Path;

use super::{SiteData, events, publications, reports};
use crate::data::read_list;
use crate::data::records::KeptText;
use crate::error::Diagnostic;

/// Reads everything under `data_dir`. Missing files mean "none".
pub fn load(data_dir: &Path, shown_dir: &Path) -> (SiteData, Vec<Diagnostic>) {
    let (data, problems, _) = load_with(data_dir, shown_dir, None);
    (data, problems)
}

/// Which members `serve` read again after an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reread {
    /// members.yaml and areas.yaml read as they were: the members at these
    /// indexes were read again (from the records whose text changed), the
    /// others kept.
    Members(Vec<usize>),
    /// Read in full (areas.yaml changed, or the records could not be read
    /// one by one).
    All,
}

/// [`load`] after an edit, keeping the members of `old` whose records in
/// members.yaml did not change ([`crate::data::records`]).
pub fn load_again(
    data_dir: &Path,
    shown_dir: &Path,
    old: &SiteData,
) -> (SiteData, Vec<Diagnostic>, Reread) {
    load_with(data_dir, shown_dir, Some(old))
}

/// A list file read with its text; with the list `kept` from before (and
/// its text), only the records whose text changed are read again, and
/// their indexes returned (`None`: the whole file was read).
fn read_kept<T>(
    path: &Path,
    shown: &Path,
    kept: Option<(&KeptText, &[T])>,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<T>, KeptText, Option<Vec<usize>>)
where
    T: serde::de::DeserializeOwned + schemars::JsonSchema + Clone,
{
    let Some(text) = crate::data::read_text(path, shown, problems) else {
        return (Vec::new(), KeptText::default(), None);
    };
    if let Some((KeptText(Some(old_text)), old)) = kept
        && let Some((list, changed)) =
            crate::data::records::reparse_changed(old_text, old, &text, shown)
    {
        return (list, KeptText(Some(text.into())), Some(changed));
    }
    let list = crate::data::parse_list(&text, shown, problems);
    (list, KeptText(Some(text.into())), None)
}

/// [`load`], or [`load_again`] when `old` is given.
fn load_with(
    data_dir: &Path,
    shown_dir: &Path,
    old: Option<&SiteData>,
) -> (SiteData, Vec<Diagnostic>, Reread) {
    let mut problems = Vec::new();
    let mut data = SiteData {
        members_file: shown_dir.join("members.yaml"),
        areas_file: shown_dir.join("areas.yaml"),
        facts_file: shown_dir.join("facts.yaml"),
        ..SiteData::default()
    };
    data.facts = read_list(
        &data_dir.join("facts.yaml"),
        &data.facts_file,
        &mut problems,
    );
    let changed_members;
    (data.members, data.members_text, changed_members) = read_kept(
        &data_dir.join("members.yaml"),
        &data.members_file,
        old.map(|o| (&o.members_text, o.members.as_slice())),
        &mut problems,
    );
    let before = problems.len();
    (data.areas, data.areas_text, _) = read_kept(
        &data_dir.join("areas.yaml"),
        &data.areas_file,
        None,
        &mut problems,
    );
    data.areas_unreadable = problems.len() > before;
    reports::load(&mut data, data_dir, shown_dir, &mut problems);
    data.publications = publications::load(
        &data_dir.join("publications"),
        &shown_dir.join("publications"),
        &mut problems,
    );
    let area_ids: Vec<&str> = data.areas.iter().map(|a| a.id.value.as_str()).collect();
    let known_areas = (!data.areas_unreadable).then_some(area_ids.as_slice());
    data.events = events::load(
        &data_dir.join("events"),
        &shown_dir.join("events"),
        known_areas,
        &mut problems,
    );
    let reread = match (old, changed_members) {
        (Some(old), Some(changed)) if old.areas_text == data.areas_text => Reread::Members(changed),
        _ => Reread::All,
    };
    (data, problems, reread)
}
