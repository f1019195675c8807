//! The member organisations (`content/data/members.yaml`): their type, the
//! checks of each entry (areas, year, web address, e-mail, logo) and their
//! search documents and open data table; [`view`] what templates see of
//! them and their structured data. Each member gets a page at
//! `/<members>/<id>/`.

pub mod view;

use super::editor::{FieldText, NO_HINT, WHOLE, Widget, row};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::tables::{localised_cells, localised_fields, page_cells, page_fields};
use super::tracked::{TrackedField, shown};
use super::view::EmbedSpec;
use super::{Collection, SearchDoc, SiteData};
use crate::config::Config;
use crate::data::{is_email, is_web_address, unknown_area};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::LocalisedText;
use crate::open_data::{Cell, Field, FieldType, Table};

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
                String::new(),
            )
            .with_message(msg!("data.joined", value = joined.value))
            .with_help(msg!("data.joined-help")),
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
                String::new(),
            )
            .with_message(msg!("data.website", value = &website.value))
            .with_help(msg!("data.web-address-help")),
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
                String::new(),
            )
            .with_message(msg!("data.email", value = &email.value))
            .with_help(msg!("data.email-help")),
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
                    String::new(),
                )
                .with_message(msg!("data.logo", value = &logo.value))
                .with_help(msg!("data.logo-help")),
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

/// The columns of the members table.
fn fields(config: &Config) -> Vec<Field> {
    let mut fields = vec![
        Field::new(
            "id",
            FieldType::String,
            "The member's id (its page's address segment)",
        )
        .required(),
    ];
    fields.extend(localised_fields(config, "name", "The organisation's name"));
    fields.push(
        Field::new(
            "kind",
            FieldType::String,
            "association, foundation or other",
        )
        .required(),
    );
    fields.push(Field::new(
        "joined",
        FieldType::Year,
        "The year the organisation joined",
    ));
    fields.extend(localised_fields(
        config,
        "region",
        "The region the organisation works in",
    ));
    fields.push(Field::new("website", FieldType::String, "The organisation's web site").uri());
    fields.push(Field::new(
        "email",
        FieldType::String,
        "The organisation's public e-mail address",
    ));
    fields.push(Field::new(
        "areas",
        FieldType::String,
        "The ids of the activity areas the organisation works in, separated by `;`",
    ));
    fields.extend(localised_fields(
        config,
        "description",
        "What the organisation does (Markdown)",
    ));
    fields.extend(page_fields(config, "the member's page"));
    fields.push(
        Field::new(
            "sample",
            FieldType::Boolean,
            "true: illustrative data, not a real member",
        )
        .required(),
    );
    fields
}

/// The member organisations, one row each, in the order of members.yaml.
pub fn table(config: &Config, data: &SiteData) -> Table {
    let mut table = empty_table(config);
    table.rows = data.members.iter().map(|m| table_row(config, m)).collect();
    table
}

/// The members' table without its rows (the fields and the descriptor).
pub fn empty_table(config: &Config) -> Table {
    Table {
        name: "members".into(),
        title: "Member organisations".into(),
        description: "The alliance's member organisations, one row each.".into(),
        fields: fields(config),
        primary_key: vec!["id".into()],
        rows: Vec::new(),
    }
}

/// One member's row of the table: made of that member and the settings
/// alone.
pub fn table_row(config: &Config, m: &Member) -> Vec<Cell> {
    let mut row = vec![Cell::text(&m.id.value)];
    row.extend(localised_cells(config, Some(&m.name)));
    row.push(Cell::text(m.kind.key()));
    row.push(
        m.joined
            .as_ref()
            .map_or(Cell::Empty, |j| Cell::Integer(j.value)),
    );
    row.extend(localised_cells(config, m.region.as_ref()));
    row.push(Cell::text(
        m.website.as_ref().map_or("", |w| w.value.as_str()),
    ));
    row.push(Cell::text(
        m.email.as_ref().map_or("", |e| e.value.as_str()),
    ));
    let areas: Vec<&str> = m.areas.iter().map(|a| a.value.as_str()).collect();
    row.push(Cell::text(areas.join(";")));
    row.extend(localised_cells(config, m.description.as_ref()));
    row.extend(page_cells(config, Collection::Members, &m.id.value));
    row.push(Cell::Boolean(m.sample));
    row
}

/// The members' tracked translations: each description.
pub fn tracked_fields(data: &SiteData) -> Vec<TrackedField<'_>> {
    let mut out = Vec::new();
    for m in &data.members {
        if let Some(text) = &m.description {
            out.push(TrackedField {
                section: Collection::Members.name(),
                file: shown(&data.members_file),
                item: format!("{}: description", m.id.value),
                text,
                start: m.id.referenced.line() as usize,
                path: vec!["description"],
            });
        }
    }
    out
}

/// The sample members, in one problem (with how many and the first).
pub fn samples(data: &SiteData) -> Vec<Diagnostic> {
    let samples: Vec<_> = data.members.iter().filter(|m| m.sample).collect();
    let Some(first) = samples.first() else {
        return Vec::new();
    };
    vec![
        Diagnostic::error(
            ErrorKind::InvalidValue,
            msg!(
                "readiness.sample-members",
                count = samples.len(),
                all = data.members.len(),
                first = &first.id.value
            ),
        )
        .in_file(&data.members_file)
        .at(first.id.referenced.line() as usize, 0)
        .with_help(msg!("readiness.sample-members-help")),
    ]
}

/// The embed members offer: `{{< members area="…" >}}`.
pub const EMBEDS: &[EmbedSpec] = &[EmbedSpec {
    name: "members",
    args: &["area"],
    optional: false,
}];

/// The editor's rows of members.yaml's properties.
#[rustfmt::skip]
pub const FIELD_TEXTS: &[FieldText] = &[
    row("Member", "id", ("Identifikators", "Id"), ("Kļūst par adresi; mazie burti, cipari, defises", "Becomes the address; lowercase letters, digits, hyphens"), Widget::Slug),
    row("Member", "name", ("Nosaukums", "Name"), NO_HINT, Widget::Auto),
    row("Member", "kind", ("Veids", "Kind"), NO_HINT, Widget::Auto),
    row("Member", "joined", ("Iestāšanās gads", "Year joined"), NO_HINT, WHOLE),
    row("Member", "region", ("Reģions", "Region"), NO_HINT, Widget::Auto),
    row("Member", "website", ("Tīmekļa vietne", "Website"), NO_HINT, Widget::Url),
    row("Member", "email", ("E-pasts", "E-mail"), NO_HINT, Widget::Email),
    row("Member", "areas", ("Darbības jomas", "Areas of work"), NO_HINT, Widget::AreaIds),
    row("Member", "description", ("Apraksts", "Description"), NO_HINT, Widget::Markdown),
    row("Member", "logo", ("Logotips", "Logo"), ("Attēls mapē content/static/logos/", "An image in content/static/logos/"), Widget::Image("logos")),
    row("Member", "sample", ("Parauga dati", "Sample data"), ("Izdomāti dati, lapā atzīmēti kā paraugs", "Illustrative data, marked as such on the page"), Widget::Auto),
];
