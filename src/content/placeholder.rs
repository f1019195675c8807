//! The `TODO` placeholder lines that `alianse new`'s archetypes write: found
//! while a page's source text is read, so that a build can free the text
//! right after loading and still list the page as not ready to publish.

/// The line and column (1-based, in the file) of the first line of the
/// body, from `body_line` on, that starts with `TODO` (alone or followed by
/// `:`, a space or `.`), outside fenced code blocks.
pub fn find(source: &str, body_line: usize) -> Option<(usize, usize)> {
    let mut fence: Option<&str> = None;
    let body = source.lines().enumerate().skip(body_line.saturating_sub(1));
    for (i, line) in body {
        let text = line.trim_start();
        if let Some(open) = fence {
            if text.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if text.starts_with("```") || text.starts_with("~~~") {
            fence = Some(&text[..3]);
            continue;
        }
        let rest = text.strip_prefix("TODO");
        if rest.is_some_and(|r| r.is_empty() || r.starts_with([':', ' ', '.'])) {
            return Some((i + 1, line.len() - text.len() + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_the_first_todo_line_of_the_body_outside_code() {
        let source = "---\ntitle: TODO\n---\nText.\n```\nTODO: in code\n```\n  TODO: write this\nTODO again\n";
        assert_eq!(find(source, 4), Some((8, 3)));
    }

    #[test]
    fn words_that_only_start_with_todo_are_not_placeholders() {
        assert_eq!(find("TODOS are lists\nTODOx\n", 1), None);
        assert_eq!(find("TODO.\n", 1), Some((1, 1)));
        assert_eq!(find("~~~\nTODO\n~~~\n", 1), None);
    }
}
