//! Links and images the Markdown parser could not read.
//!
//! `![Foto](/images/Foto 1.JPG)` is not an image in CommonMark (a target
//! cannot contain a space) and would be published as that literal text.
//! After a block is parsed, its plain text is searched for what still looks
//! like `[label](target)`; when the same characters stand in the source (so
//! the editor did not escape them on purpose), it is reported.

/// Link syntax left as text: where it starts in the block's source, whether
/// it was meant as an image, and its label and target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsed {
    pub offset: usize,
    pub image: bool,
    pub label: String,
    pub target: String,
}

/// Finds link syntax in `text` (the plain text the parser made of a block)
/// that stands as written in `source` (the block's Markdown).
pub fn find(text: &str, source: &str) -> Vec<Unparsed> {
    // Labels and targets longer than this are not looked for, and a block
    // gets a bounded number of candidates: a pathological paragraph full of
    // `](` must not make the build quadratic.
    const WINDOW: usize = 1000;
    const CANDIDATES: usize = 100;
    let mut found = Vec::new();
    let mut searched_to = 0;
    let mut from = 0;
    let mut candidates = 0;
    while let Some(i) = text[from..].find("](").map(|i| i + from) {
        from = i + 2;
        let window_start = char_boundary(text, i.saturating_sub(WINDOW));
        let Some(open) = text[window_start..i].rfind('[').map(|o| o + window_start) else {
            continue;
        };
        let label = &text[open + 1..i];
        let window_end = char_boundary(text, (i + 2 + WINDOW).min(text.len()));
        let Some(close) = text[i + 2..window_end].find(')').map(|c| c + i + 2) else {
            continue;
        };
        candidates += 1;
        if candidates > CANDIDATES {
            break;
        }
        let target = &text[i + 2..close];
        if label.contains(']') || target.trim().is_empty() || target.contains('\n') {
            continue;
        }
        let image = text[..open].ends_with('!');
        let written = format!("{}[{label}]({target})", if image { "!" } else { "" });
        if let Some(at) = source[searched_to..].find(&written) {
            found.push(Unparsed {
                offset: searched_to + at,
                image,
                label: label.to_string(),
                target: target.to_string(),
            });
            searched_to += at + written.len();
            from = close + 1;
        }
    }
    found
}

/// The first character boundary at or after `at`.
fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The message and help for link syntax that did not parse.
pub fn explain(unparsed: &Unparsed) -> (crate::messages::Message, crate::messages::Message) {
    let bang = if unparsed.image { "!" } else { "" };
    let Unparsed { label, target, .. } = unparsed;
    let angle = format!("{bang}[{label}](<{target}>)");
    let spaced = target.chars().any(char::is_whitespace);
    let message = match (unparsed.image, spaced) {
        (true, true) => msg!("content.unparsed-image-space", target = target),
        (false, true) => msg!("content.unparsed-link-space", target = target),
        (true, false) => msg!("content.unparsed-image", target = target),
        (false, false) => msg!("content.unparsed-link", target = target),
    };
    let help = if spaced {
        let renamed = format!("{bang}[{label}]({})", safe_path(target));
        msg!(
            "content.unparsed-space-help",
            angle = angle,
            renamed = renamed
        )
    } else {
        msg!("content.unparsed-help", angle = angle)
    };
    (message, help)
}

/// `/images/Foto 1.JPG` → `/images/foto-1.jpg`: the last segment as a safe name.
pub fn safe_path(path: &str) -> String {
    let (folder, name) = match path.rsplit_once('/') {
        Some((f, n)) => (format!("{f}/"), n),
        None => (String::new(), path),
    };
    format!("{folder}{}", crate::content::names::safe_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_with_a_space_is_found_where_it_is_written() {
        let source = "Foto: ![Foto](/images/Foto 1.JPG) un [x](y).";
        let found = find("Foto: ![Foto](/images/Foto 1.JPG) un x.", source);
        assert_eq!(
            found,
            vec![Unparsed {
                offset: 6,
                image: true,
                label: "Foto".into(),
                target: "/images/Foto 1.JPG".into()
            }]
        );
        assert_eq!(safe_path("/images/Foto 1.JPG"), "/images/foto-1.jpg");
    }

    #[test]
    fn escaped_brackets_are_not_reported() {
        assert!(find("[a](b c)", "\\[a\\](b c)").is_empty());
    }
}
