//! Headline figures a site declares in `content/data/facts.yaml` (the number
//! of member organisations, people reached …), each with a localised label
//! and its source, shown by the theme before the numbers it counts itself.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{FIGURE_LIMIT, ReportSource, check_source_url};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::LocalisedText;

/// One declared figure (`facts.yaml` is a list of them).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// A slug naming the figure; `members` replaces the counted number of
    /// members on the home page.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The number, as exact as it is known.
    #[schemars(with = "f64", range(min = -1e15, max = 1e15))]
    pub value: Spanned<f64>,
    /// True when the number is an estimate (shown as "about 70,000").
    #[serde(default)]
    pub approximate: bool,
    /// What is counted, after the number: "member organisations".
    pub label: LocalisedText,
    /// A short explanation shown under it.
    #[serde(default)]
    pub note: Option<LocalisedText>,
    /// Where the number comes from; give `url` only when it is known.
    #[serde(default)]
    pub source: Option<ReportSource>,
}

/// Checks values and source addresses of the declared figures.
pub fn check(
    facts: &[Fact],
    file: &Path,
    at: &dyn Fn(&Path, &serde_saphyr::Location, ErrorKind, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    for fact in facts {
        let v = fact.value.value;
        if !v.is_finite() || v.abs() > FIGURE_LIMIT {
            problems.push(
                at(
                    file,
                    &fact.value.referenced,
                    ErrorKind::InvalidValue,
                    String::new(),
                )
                .with_message(msg!(
                    "data.figure-large",
                    name = &fact.id.value,
                    value = format!("{v:e}")
                ))
                .with_help(msg!("data.figure-large-help")),
            );
        }
        check_source_url(
            fact.source.as_ref(),
            file,
            at,
            msg!("data.fact-source-help"),
            problems,
        );
    }
}
