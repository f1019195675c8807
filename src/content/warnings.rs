//! Doubtful things in a page's Markdown that do not stop the build: a
//! heading that skips a level, raw HTML the sanitiser removes.

use super::SourcePage;
use crate::error::{Diagnostic, ErrorKind};

/// The warnings about one page's body.
pub fn body_warnings(page: &SourcePage) -> Vec<Diagnostic> {
    let line = |l: usize| page.body_line + l - 1;
    let warning = |message: String, at: usize, column: usize, help: String| {
        let mut d = Diagnostic::warning(message)
            .in_file(&page.shown)
            .at(at, column)
            .with_source(&page.source)
            .with_help(help);
        d.kind = ErrorKind::Warning;
        d
    };
    let mut warnings = Vec::new();
    for &(l, level, before) in &page.body.skipped_levels {
        let wanted = "#".repeat(usize::from(before) + 1);
        let written = "#".repeat(usize::from(level));
        let under = if before == 1 {
            "the page's title".to_string()
        } else {
            format!("a level {before} heading")
        };
        warnings.push(warning(
            format!("heading level {level} (`{written}`) follows {under}: level {} is skipped", before + 1),
            line(l),
            1,
            format!("write `{wanted}` here (screen reader users move by heading levels), or add a `{wanted}` heading above it"),
        ));
    }
    for (l, column, fragment) in &page.body.raw_html {
        for removal in crate::removed_html::removals(fragment) {
            let before = &fragment[..removal.offset];
            let lines_down = before.matches('\n').count();
            let at_column = match before.rfind('\n') {
                Some(n) => before[n + 1..].chars().count() + 1,
                None => column + before.chars().count(),
            };
            let (message, help) = removal.explain();
            warnings.push(warning(message, line(*l) + lines_down, at_column, help));
        }
    }
    warnings
}
