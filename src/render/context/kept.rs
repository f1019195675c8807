//! The template values `serve` keeps from before a members' record edit
//! ([`KeptValues`]): the other members' values and the news list, put into
//! a language's new `data` instead of being made again.

use tera::Value;

use super::MemberView;

/// Template values kept from before an edit, for [`ViewBuilder::assemble`].
pub(crate) struct KeptValues {
    /// One value per member view, in the views' order.
    pub members: Vec<Value>,
    pub news: Value,
}

impl KeptValues {
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
