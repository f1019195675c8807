//! The template values `serve` keeps from before a members' record edit
//! ([`KeptValues`]): the other members' values and the news list, put into
//! a language's new `data` instead of being made again. A build makes
//! them the same way, in parallel ([`KeptValues::of`]).

use rayon::prelude::*;
use tera::Value;

use super::{MemberView, Summary, ViewBuilder};
use crate::collections::members::view::{member, order};
use crate::i18n::Collator;

/// The members' views in the builder's language, sorted by name (as
/// `members::view::members` makes them), each made on any core.
pub(super) fn member_views(builder: &ViewBuilder) -> Vec<MemberView> {
    let mut members: Vec<MemberView> = builder
        .site
        .data
        .members
        .par_iter()
        .map(|m| member(builder, m))
        .collect();
    let collator = Collator::new(builder.lang);
    members.sort_by(|a, b| order(&collator, a, b));
    members
}

/// Template values kept from before an edit, for [`ViewBuilder::assemble`].
pub(crate) struct KeptValues {
    /// One value per member view, in the views' order.
    pub members: Vec<Value>,
    pub news: Value,
}

impl KeptValues {
    /// The template values of `members` and `news`, made in parallel, each
    /// as `data` would hold it (through JSON, as `serve` makes them).
    pub(super) fn of(members: &[MemberView], news: &[Summary]) -> KeptValues {
        let json = |v: serde_json::Value| Value::from_serializable(&v);
        let (members, news) = rayon::join(
            || {
                members
                    .par_iter()
                    .map(|m| json(serde_json::json!(m)))
                    .collect::<Vec<Value>>()
            },
            || {
                news.par_iter()
                    .map(|s| json(serde_json::json!(s)))
                    .collect::<Vec<Value>>()
            },
        );
        KeptValues {
            members,
            news: Value::from(news),
        }
    }

    /// `data` with the kept values of `members`, `news` and
    /// `member_letters` (the members grouped by letter) put in.
    pub(super) fn into_data(self, data: Value, members: &[MemberView]) -> Value {
        let key = |k: &'static str| tera::value::Key::from(k);
        let Some(mut map) = data.into_map() else {
            return Value::none();
        };
        let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
        for (view, value) in members.iter().zip(&self.members) {
            match groups.last_mut() {
                Some((letter, values)) if *letter == view.letter => values.push(value.clone()),
                _ => groups.push((view.letter.clone(), vec![value.clone()])),
            }
        }
        let letters: Vec<Value> = groups
            .into_iter()
            .map(|(letter, values)| {
                let mut group = tera::value::Map::default();
                group.insert(key("letter"), Value::from(letter));
                group.insert(key("members"), Value::from(values));
                Value::from(group)
            })
            .collect();
        map.insert(key("members"), Value::from(self.members));
        map.insert(key("news"), self.news);
        map.insert(key("member_letters"), Value::from(letters));
        Value::from(map)
    }
}
