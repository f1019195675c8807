//! Doubtful things in a page's Markdown that do not stop the build: a
//! heading that skips a level, raw HTML the sanitiser removes.

use super::SourcePage;
use crate::error::{Diagnostic, ErrorKind};

/// The warnings about one page's body.
pub fn body_warnings(page: &SourcePage) -> Vec<Diagnostic> {
    let line = |l: usize| page.body_line + l - 1;
    use crate::messages::Message;
    let warning = |kind: ErrorKind, message: Message, at: usize, column: usize, help: Message| {
        Diagnostic::warning(kind, message)
            .in_file(&page.shown)
            .at(at, column)
            .with_source(&page.source)
            .with_help(help)
    };
    let mut warnings = Vec::new();
    for &(l, level, before) in page.body.skipped_levels.iter().take(MAX_PER_PAGE + 1) {
        let wanted = "#".repeat(usize::from(before) + 1);
        let written = "#".repeat(usize::from(level));
        let message = if before == 1 {
            msg!(
                "content.heading-after-title",
                level = level,
                written = &written,
                skipped = before + 1
            )
        } else {
            msg!(
                "content.heading-skips",
                level = level,
                written = &written,
                before = before,
                skipped = before + 1
            )
        };
        warnings.push(warning(
            ErrorKind::Accessibility,
            message,
            line(l),
            1,
            msg!("content.heading-help", wanted = &wanted),
        ));
    }
    let allowed = (!page.body.raw_html.is_empty()).then(crate::removed_html::Allowed::new);
    for (l, column, fragment) in &page.body.raw_html {
        let Some(allowed) = &allowed else { break };
        // Lines and columns are counted on from the previous removal:
        // linear in the fragment however many removals it has.
        let (mut counted_to, mut lines_down, mut at_column) = (0, 0, *column);
        for removal in crate::removed_html::removals(fragment, allowed) {
            if warnings.len() > MAX_PER_PAGE * 2 {
                break;
            }
            let segment = &fragment[counted_to..removal.offset];
            match segment.rfind('\n') {
                Some(n) => {
                    lines_down += segment.matches('\n').count();
                    at_column = segment[n + 1..].chars().count() + 1;
                }
                None => at_column += segment.chars().count(),
            }
            counted_to = removal.offset;
            let (message, help) = removal.explain();
            let at = line(*l) + lines_down;
            warnings.push(warning(ErrorKind::Sanitised, message, at, at_column, help));
        }
    }
    limit(warnings, page)
}

/// At most this many messages of one kind per page: a page with thousands
/// of the same mistake gets the first ones and a count, quickly.
pub const MAX_PER_PAGE: usize = 20;

/// The first [`MAX_PER_PAGE`] of `problems` and, if there were more, one
/// message saying how many more.
pub fn limit(mut problems: Vec<Diagnostic>, page: &SourcePage) -> Vec<Diagnostic> {
    if problems.len() > MAX_PER_PAGE {
        let severity_error = problems[MAX_PER_PAGE..].iter().any(Diagnostic::is_error);
        // The count is about what the first left-off problem is about.
        let kind = problems[MAX_PER_PAGE].kind;
        problems.truncate(MAX_PER_PAGE);
        let message = msg!("content.more-problems", shown = MAX_PER_PAGE);
        let mut d = if severity_error {
            Diagnostic::error(ErrorKind::InvalidValue, message)
        } else {
            Diagnostic::warning(kind, message)
        };
        d = d
            .in_file(&page.shown)
            .with_help(msg!("content.more-problems-help"));
        problems.push(d);
    }
    problems
}
