//! The checks of a page's front matter that its types cannot make: dates,
//! slugs, aliases, pagination and the other values editors write, each
//! error at its line in the page.

use super::SourcePage;
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::Date;

/// Checks what the types alone cannot: dates, slugs, section-only keys.
pub(super) fn check_front_matter(page: &mut SourcePage) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let front_line = |spanned_line: u64| spanned_line as usize + 1;
    let mut check_date =
        |value: &Option<serde_saphyr::Spanned<String>>, key: &str| -> Option<Date> {
            let spanned = value.as_ref()?;
            let parsed = Date::parse(&spanned.value);
            if parsed.is_none() {
                problems.push(
                    page.problem(
                        ErrorKind::InvalidValue,
                        front_line(spanned.referenced.line()),
                        spanned.referenced.column() as usize,
                        msg!("content.bad-date", key = key, value = &spanned.value),
                    )
                    .with_help(msg!("content.bad-date-help")),
                );
            }
            parsed
        };
    let date = check_date(&page.front.date, "date");
    let updated = check_date(&page.front.updated, "updated");
    page.date = date;
    page.updated = updated;
    if page.front.title.trim().is_empty() {
        problems.push(
            page.problem(ErrorKind::FrontMatter, 2, 0, msg!("content.empty-title"))
                .with_help(msg!("content.empty-title-help")),
        );
    }
    if let Some(slug) = &page.front.slug
        && crate::paths::is_reserved_name(&slug.value)
    {
        problems.push(
            page.problem(
                ErrorKind::InvalidValue,
                front_line(slug.referenced.line()),
                slug.referenced.column() as usize,
                msg!("content.reserved-slug", slug = &slug.value),
            )
            .with_help(msg!("content.reserved-slug-help")),
        );
    } else if let Some(slug) = &page.front.slug
        && !crate::i18n::is_slug(&slug.value)
    {
        problems.push(
            page.problem(
                ErrorKind::InvalidValue,
                front_line(slug.referenced.line()),
                slug.referenced.column() as usize,
                msg!("content.bad-slug", slug = &slug.value),
            )
            .with_help(msg!(
                "content.bad-slug-help",
                example = crate::i18n::slugify(&slug.value)
            )),
        );
    }
    if !page.is_section {
        for (key, line) in [
            (
                "sort",
                page.front.sort.as_ref().map(|s| s.referenced.line()),
            ),
            (
                "paginate",
                page.front.paginate.as_ref().map(|s| s.referenced.line()),
            ),
        ] {
            if let Some(line) = line {
                problems.push(
                    page.problem(
                        ErrorKind::UnknownKey,
                        front_line(line),
                        0,
                        msg!("content.section-only", key = key),
                    )
                    .with_help(msg!("content.section-only-help")),
                );
            }
        }
    }
    if let Some(p) = &page.front.paginate
        && p.value == 0
    {
        problems.push(
            page.problem(
                ErrorKind::InvalidValue,
                front_line(p.referenced.line()),
                0,
                msg!("content.paginate-zero"),
            )
            .with_help(msg!("content.paginate-zero-help")),
        );
    }
    problems
}
