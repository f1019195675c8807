//! The `TODO` placeholders that `alianse new`'s archetypes write (body
//! lines and front matter values): found
//! while a page's source text is read, so that a build can free the text
//! right after loading and still list the page as not ready to publish.

/// A `TODO` placeholder in a page: 1-based line and column in the file,
/// and whether it is a front matter value (`extra: {author: TODO}`) or a
/// line of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Todo {
    pub line: usize,
    pub column: usize,
    pub in_front_matter: bool,
}

/// The first placeholder of a page whose body starts at `body_line`: a
/// front matter value reading `TODO` ([`todo_in_value`]), else the first
/// body line that starts with `TODO` (alone or followed by `:`, a space or
/// `.`), outside fenced code blocks.
pub fn find(source: &str, body_line: usize) -> Option<Todo> {
    // Every finding is the word `TODO`: a page without it (almost all) is
    // passed over with one SIMD search instead of a look at every line.
    memchr::memmem::find(source.as_bytes(), b"TODO")?;
    let front_lines = body_line.saturating_sub(1);
    let in_front = source.lines().take(front_lines).enumerate();
    if let Some((i, column)) = in_front
        .filter(|(_, line)| line.trim() != "---")
        .find_map(|(i, line)| todo_in_value(line).map(|c| (i, c)))
    {
        return Some(Todo {
            line: i + 1,
            column: column + 1,
            in_front_matter: true,
        });
    }
    let mut fence: Option<&str> = None;
    for (i, line) in source.lines().enumerate().skip(front_lines) {
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
            return Some(Todo {
                line: i + 1,
                column: line.len() - text.len() + 1,
                in_front_matter: false,
            });
        }
    }
    None
}

/// Where a YAML line's value (the part before a comment) has the word
/// `TODO` (also in `https://TODO`), as a 0-based column in characters.
pub(crate) fn todo_in_value(line: &str) -> Option<usize> {
    if !line.contains("TODO") {
        return None;
    }
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    // A quote opens a quoted scalar only where a value starts (not an
    // apostrophe inside plain text: `name: Alliance's day  # TODO`).
    let mut value_starts = true;
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && value_starts => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => {
                end = i;
                break;
            }
            None => {}
        }
        if !c.is_whitespace() {
            value_starts = quote.is_none() && matches!(c, ':' | '-' | '[' | '{' | ',');
        }
        previous = c;
    }
    let value = &line[..end];
    value
        .match_indices("TODO")
        .map(|(i, _)| i)
        .find(|&i| {
            let before = value[..i].chars().next_back();
            let after = value[i + 4..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .map(|i| value[..i].chars().count())
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_the_first_todo_line_of_the_body_outside_code() {
        let source = "---\ntitle: Teksts\n---\nText.\n```\nTODO: in code\n```\n  TODO: write this\nTODO again\n";
        let found = find(source, 4).map(|t| (t.line, t.column, t.in_front_matter));
        assert_eq!(found, Some((8, 3, false)));
        let front = "---\ntitle: x\nextra: {author: TODO}\n---\nTODO\n";
        let found = find(front, 5).map(|t| (t.line, t.column, t.in_front_matter));
        assert_eq!(found, Some((3, 17, true)));
    }

    #[test]
    fn words_that_only_start_with_todo_are_not_placeholders() {
        assert_eq!(find("TODOS are lists\nTODOx\n", 1), None);
        assert_eq!(find("TODO.\n", 1).map(|t| t.line), Some(1));
        assert_eq!(find("~~~\nTODO\n~~~\n", 1), None);
    }
}
