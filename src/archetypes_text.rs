//! The texts of archetypes: the built-in ones in Latvian and English, a
//! site's own from `archetypes/`, and filling their placeholders. Shared by
//! the page archetypes (`archetypes.rs`) and the data archetypes
//! (`archetypes_data.rs`).

use std::path::Path;

use crate::error::{Diagnostic, ErrorKind};

/// Values put into an archetype.
pub(crate) struct Values {
    pub title: String,
    pub slug: String,
    pub date: String,
    pub year: String,
}

impl Values {
    pub(crate) fn fill(&self, text: &str, lang: &str) -> String {
        let escaped = self.title.replace('\\', "\\\\").replace('"', "\\\"");
        let mut out = text.to_string();
        for (name, value) in [
            ("title", escaped.as_str()),
            ("slug", &self.slug),
            ("id", &self.slug),
            ("date", &self.date),
            ("year", &self.year),
            ("lang", lang),
        ] {
            out = out.replace(&format!("{{{{ {name} }}}}"), value);
            out = out.replace(&format!("{{{{{name}}}}}"), value);
        }
        out
    }
}

/// The text of an archetype: the site's own (`archetypes/NAME` with the
/// language inserted before the extension, then without), else built in.
pub(crate) fn archetype(
    root: &Path,
    name: &str,
    lang: &str,
    default: &str,
) -> Result<String, Diagnostic> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut candidates = Vec::new();
    if lang != default {
        candidates.push(format!("{stem}.{lang}.{ext}"));
    }
    candidates.push(name.to_string());
    for candidate in candidates {
        let path = root.join("archetypes").join(&candidate);
        if path.is_file() {
            return std::fs::read_to_string(&path).map_err(|e| {
                Diagnostic::error(ErrorKind::Io, msg!("io.cannot-read", error = e.to_string()))
                    .in_file(Path::new("archetypes").join(&candidate))
                    .with_help(msg!("new.archetype-utf8"))
            });
        }
    }
    Ok(built_in(stem, lang).to_string())
}

/// The built-in archetype `kind` (news, page, report, member,
/// report-data, event-data) in `lang`; languages other than Latvian get the English one.
pub(crate) fn built_in(kind: &str, lang: &str) -> &'static str {
    let lv = lang == "lv";
    match (kind, lv) {
        ("news", true) => NEWS_LV,
        ("news", false) => NEWS_EN,
        ("report", true) => REPORT_LV,
        ("report", false) => REPORT_EN,
        ("member", _) => MEMBER,
        ("report-data", _) => REPORT_DATA,
        (_, true) => PAGE_LV,
        (_, false) => PAGE_EN,
    }
}

const NEWS_LV: &str = "---\ntitle: \"{{ title }}\"\ndate: {{ date }}\nsummary: \"\"          # TODO: viens vai divi teikumi sarakstiem, plūsmām un meklēšanai\nareas: []            # darbības jomu id no data/areas.yaml\n# draft: true        # atkomentējiet, lai ziņa vēl netiktu publicēta\n---\nTODO: ziņas teksts.\n";
const NEWS_EN: &str = "---\ntitle: \"{{ title }}\"   # TODO: translate\ndate: {{ date }}\nsummary: \"\"          # TODO: one or two sentences for lists, feeds and search\nareas: []            # ids from data/areas.yaml\n# draft: true        # uncomment to keep this item out of the site\n---\nTODO: the text of the news item.\n";
const PAGE_LV: &str = "---\ntitle: \"{{ title }}\"\nsummary: \"\"          # TODO: īss apraksts meklēšanai un sociālajiem tīkliem\n---\nTODO: lapas teksts.\n";
const PAGE_EN: &str = "---\ntitle: \"{{ title }}\"   # TODO: translate\nsummary: \"\"          # TODO: a short description for search and social media\n---\nTODO: the text of the page.\n";
const REPORT_LV: &str = "---\ntitle: \"NVO ilgtspējas indekss {{ year }}\"\n---\nTODO: ziņojuma stāstījums — galvenās atziņas par {{ year }}. gadu.\n";
const REPORT_EN: &str = "---\ntitle: \"NGO Sustainability Index {{ year }}\"\n---\nTODO: the narrative of the report — the main findings for {{ year }}.\n";
const MEMBER: &str = "- id: {{ id }}\n  name: \"{{ title }}\"\n  kind: association         # TODO: association | foundation | other\n  joined: {{ year }}\n  # region: {lv: TODO, en: TODO}\n  # website: https://TODO\n  # email: TODO\n  areas: []                 # TODO: ids from data/areas.yaml\n  description:\n    lv: \"\"                  # TODO\n    en: \"\"                  # TODO\n";
const REPORT_DATA: &str = "year: {{ year }}\ntitle: {lv: \"NVO ilgtspējas indekss {{ year }}\", en: \"NGO Sustainability Index {{ year }}\"}\nsummary:\n  lv: \"\"                    # TODO\n  en: \"\"                    # TODO\n# source: {name: \"USAID NGO Sustainability Index\", url: \"https://TODO\"}\n# overall: TODO          # 1.0–7.0 as published; leave out when unknown\ndimensions:                # TODO: {score: …} as published; an empty one is shown as a gap\n  legal_environment: {}\n  organizational_capacity: {}\n  financial_viability: {}\n  advocacy: {}\n  service_provision: {}\n  sectoral_infrastructure: {}\n  public_image: {}\n";

/// The error for a file that could not be written.
pub(crate) fn io_problem(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        ErrorKind::Io,
        msg!("io.cannot-write", error = e.to_string()),
    )
    .in_file(rel)
    .with_help(msg!("io.cannot-write-help"))
}
