//! The views of the member directory and the activity areas: members
//! sorted by name in the page's language with their index letters, and
//! areas with their member counts.

use serde::Serialize;

use super::{Link, ViewBuilder};
use crate::collections::Collection;
use crate::collections::members::Member;
use crate::i18n::{Collator, index_letter};

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

impl ViewBuilder<'_> {
    pub(super) fn members(&self) -> Vec<MemberView> {
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
                super::super::image_views::logo(self.site, &l.value, &alt)
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

    pub(super) fn areas(&self, members: &[MemberView]) -> Vec<AreaView> {
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
                image_html: super::super::image_views::area_image(self.site, a, self.lang, true),
                card_html: super::super::image_views::area_image(self.site, a, self.lang, false),
            })
            .collect()
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
pub(super) struct LetterGroup<'a> {
    letter: &'a str,
    members: Vec<&'a MemberView>,
}

pub(super) fn letters_of(members: &[MemberView]) -> Vec<LetterGroup<'_>> {
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
