//! What templates see of the activity areas: each area's view in one
//! language ([`AreaView`]) with its member count; made through the render
//! phase's [`ViewKit`], which also gives the areas' pictures.

use serde::Serialize;

use crate::collections::Collection;
use crate::collections::areas::feed_url;
use crate::collections::members::view::{MemberView, opt_text};
use crate::collections::view::ViewKit;

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

/// The areas' views in the kit's language, in their order; `members` are
/// the members' views of the same language (for the counts).
pub fn areas(kit: &dyn ViewKit, members: &[MemberView]) -> Vec<AreaView> {
    let (config, lang) = (kit.config(), kit.lang());
    kit.data()
        .areas
        .iter()
        .map(|a| AreaView {
            id: a.id.value.clone(),
            name: kit.text(&a.name),
            name_lang: kit.text_lang(Some(&a.name)),
            url: Collection::Areas.item_url(config, lang, &a.id.value),
            feed_url: feed_url(config, lang, &a.id.value),
            icon: a.icon.clone().unwrap_or_default(),
            initials: initials(&kit.text(&a.name)),
            summary: kit.markdown(&a.summary),
            summary_text: opt_text(kit, &a.summary),
            summary_lang: kit.text_lang(a.summary.as_ref()),
            description: kit.markdown(&a.description),
            description_lang: kit.text_lang(a.description.as_ref()),
            member_count: members
                .iter()
                .filter(|m| m.areas.iter().any(|l| l.id == a.id.value))
                .count(),
            sample_members: members
                .iter()
                .any(|m| m.sample && m.areas.iter().any(|l| l.id == a.id.value)),
            image_html: kit.area_image(a, true),
            card_html: kit.area_image(a, false),
        })
        .collect()
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
