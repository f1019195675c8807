//! What templates see of the member directory: each member's view in one
//! language ([`MemberView`]), sorted by name in that language, with the
//! index letters; made through the render phase's [`ViewKit`], which also
//! gives the members' logos.

use serde::Serialize;
use serde_json::{Value, json};

use crate::collections::Collection;
use crate::collections::members::Member;
use crate::collections::view::{Link, ViewKit};
use crate::config::Config;
use crate::i18n::{Collator, LocalisedText, index_letter};

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

/// The members' views in the kit's language, sorted by name in it.
pub fn members(kit: &dyn ViewKit) -> Vec<MemberView> {
    let collator = Collator::new(kit.lang());
    let mut members: Vec<MemberView> = kit.data().members.iter().map(|m| member(kit, m)).collect();
    members.sort_by(|a, b| order(&collator, a, b));
    members
}

/// The order of the members' views: by name in the collator's language,
/// then by id.
pub(crate) fn order(collator: &Collator, a: &MemberView, b: &MemberView) -> std::cmp::Ordering {
    collator
        .compare(&a.name, &b.name)
        .then_with(|| a.id.cmp(&b.id))
}

/// `t` in the kit's language, or empty.
pub(crate) fn opt_text(kit: &dyn ViewKit, t: &Option<LocalisedText>) -> String {
    t.as_ref().map(|t| kit.text(t)).unwrap_or_default()
}

/// One member's view in the kit's language.
pub(crate) fn member(kit: &dyn ViewKit, m: &Member) -> MemberView {
    let lang = kit.lang();
    let name = kit.text(&m.name);
    let (logo_html, logo) = m
        .logo
        .as_ref()
        .and_then(|l| {
            let logo_of = kit
                .string("logo_of")
                .unwrap_or_else(|| "logo_of".to_string());
            kit.logo(&l.value, &format!("{logo_of} {name}"))
        })
        .unwrap_or_default();
    let areas: Vec<&str> = m.areas.iter().map(|a| a.value.as_str()).collect();
    MemberView {
        id: m.id.value.clone(),
        url: Collection::Members.item_url(kit.config(), lang, &m.id.value),
        letter: index_letter(&name, lang),
        name,
        name_lang: kit.text_lang(Some(&m.name)),
        kind: m.kind.key(),
        joined: m.joined.as_ref().map(|j| j.value),
        region: opt_text(kit, &m.region),
        region_lang: kit.text_lang(m.region.as_ref()),
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
        areas: kit.area_links(&areas),
        description: kit.markdown(&m.description),
        description_lang: kit.text_lang(m.description.as_ref()),
        logo,
        logo_html,
        sample: m.sample,
    }
}

#[derive(Serialize)]
pub struct LetterGroup<'a> {
    letter: &'a str,
    members: Vec<&'a MemberView>,
}

/// The members grouped by their index letter, in their order.
pub fn letters_of(members: &[MemberView]) -> Vec<LetterGroup<'_>> {
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

/// The address a member is known by: its own web site, else its page here.
fn member_url(config: &Config, m: &MemberView) -> String {
    if m.website.is_empty() {
        config.absolute(&m.url)
    } else {
        m.website.clone()
    }
}

/// The members as the `member` list of the site's organisation (its
/// structured data on the home page).
pub fn organization_members(config: &Config, members: &[MemberView]) -> Vec<Value> {
    members
        .iter()
        .map(|m| {
            json!({
                "@type": "Organization",
                "@id": config.absolute(&m.url),
                "name": m.name,
                "url": member_url(config, m),
            })
        })
        .collect()
}

/// A member's page's structured data: the member as an Organization,
/// `member_of` the site's (`ViewKit::organization_ref`); `description` is
/// the page's meta description.
pub fn json_ld(config: &Config, m: &MemberView, description: &str, member_of: Value) -> Value {
    let mut org = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": config.absolute(&m.url),
        "name": m.name,
        "url": member_url(config, m),
        "mainEntityOfPage": config.absolute(&m.url),
        "memberOf": member_of,
    });
    if !description.is_empty() {
        org["description"] = json!(description);
    }
    if !m.email.is_empty() {
        org["email"] = json!(m.email);
    }
    if !m.region.is_empty() {
        org["areaServed"] = json!(m.region);
    }
    if !m.logo.is_empty() {
        org["logo"] = json!(config.absolute(&m.logo));
    }
    if !m.areas.is_empty() {
        org["knowsAbout"] = json!(m.areas.iter().map(|a| &a.name).collect::<Vec<_>>());
    }
    org
}
