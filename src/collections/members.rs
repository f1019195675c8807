//! The member organisations (`content/data/members.yaml`): their type, the
//! checks of each entry (areas, year, web address, e-mail, logo) and their
//! search documents. Each member gets a page at `/<members>/<id>/`.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{SearchDoc, SiteData};
use crate::data::{is_email, is_web_address, unknown_area};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::LocalisedText;

/// A member organisation (`members.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: LocalisedText,
    pub kind: MemberKind,
    #[serde(default)]
    #[schemars(with = "Option<i64>", range(min = 1800, max = 2100))]
    pub joined: Option<Spanned<i64>>,
    #[serde(default)]
    pub region: Option<LocalisedText>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub website: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub areas: Vec<Spanned<String>>,
    #[serde(default)]
    pub description: Option<LocalisedText>,
    /// A path under `content/static/`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub logo: Option<Spanned<String>>,
    /// Illustrative data, shown as such.
    #[serde(default)]
    pub sample: bool,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    Association,
    Foundation,
    Other,
}

impl MemberKind {
    pub fn key(self) -> &'static str {
        match self {
            MemberKind::Association => "association",
            MemberKind::Foundation => "foundation",
            MemberKind::Other => "other",
        }
    }
}

/// The checks of one member: its areas, year, web address, e-mail and logo.
pub(super) fn check_member(
    member: &Member,
    data: &SiteData,
    area_ids: &[&str],
    static_dir: &Path,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    for area in &member.areas {
        if !data.areas_unreadable && !area_ids.contains(&area.value.as_str()) {
            problems.push(unknown_area(&area.value, area_ids, |m| {
                at(
                    &data.members_file,
                    &area.referenced,
                    ErrorKind::UnknownReference,
                    m,
                )
            }));
        }
    }
    if let Some(joined) = &member.joined
        && !(1800..=2100).contains(&joined.value)
    {
        problems.push(
            at(
                &data.members_file,
                &joined.referenced,
                ErrorKind::InvalidValue,
                format!("`joined` is {}, which is not a year", joined.value),
            )
            .with_help("write the year the member joined, e.g. 2012"),
        );
    }
    if let Some(website) = &member.website
        && !is_web_address(&website.value)
    {
        problems.push(
            at(
                &data.members_file,
                &website.referenced,
                ErrorKind::InvalidValue,
                format!("website `{}` is not a web address", website.value),
            )
            .with_help("write the full address, starting with https:// (or http://)"),
        );
    }
    if let Some(email) = &member.email
        && !is_email(&email.value)
    {
        problems.push(
            at(
                &data.members_file,
                &email.referenced,
                ErrorKind::InvalidValue,
                format!("email `{}` is not an e-mail address", email.value),
            )
            .with_help("write a plain address such as info@example.org"),
        );
    }
    if let Some(logo) = &member.logo {
        let path = logo.value.trim_start_matches('/');
        if path.contains("..") || !static_dir.join(path).is_file() {
            problems.push(
                at(
                    &data.members_file,
                    &logo.referenced,
                    ErrorKind::BrokenLink,
                    format!("logo `{}` is not a file under content/static/", logo.value),
                )
                .with_help("put the image in content/static/ and give its path from there, e.g. logos/name.png"),
            );
        }
    }
}

/// The search documents of the members in `lang`.
pub(super) fn search_docs<'a>(data: &'a SiteData, lang: &str, default: &str) -> Vec<SearchDoc<'a>> {
    data.members
        .iter()
        .map(|m| SearchDoc {
            key: m.id.value.clone(),
            title: m.name.get(lang, default),
            summary: m
                .region
                .as_ref()
                .map(|r| r.get(lang, default).to_string())
                .unwrap_or_default(),
            headings: String::new(),
            body: m
                .description
                .as_ref()
                .map(|d| d.get(lang, default))
                .unwrap_or(""),
        })
        .collect()
}
