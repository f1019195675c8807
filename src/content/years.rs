//! Sentences that begin with a year.
//!
//! In Latvian an ordinal is written with a dot, so a paragraph often starts
//! "2010. gadā …". CommonMark reads that as an ordered list starting at
//! 2010. Before parsing, such lines get their dot escaped (`2010\. gadā`), so
//! they stay paragraphs. The rule: up to three spaces, a number of three or
//! more digits, a dot, white space, then a lowercase letter. A real list that
//! starts at 100 or more is written with `)` after the number (`1999) …`),
//! which this rule never touches.

/// The text with the dot after such years escaped, and the offsets (in the
/// returned text) where a backslash was inserted; `None` when nothing had to
/// change. Lines inside fenced code blocks are left alone.
pub fn protect(text: &str) -> Option<(String, Vec<usize>)> {
    // A digit before a dot is needed; dots are rare, so look for them (SIMD).
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(b'.', bytes).any(|i| i > 0 && bytes[i - 1].is_ascii_digit()) {
        return None;
    }
    let mut out = String::new();
    let mut inserted = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut copied = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        if indent <= 3 {
            if let Some(f) = fence_of(body) {
                fence = match fence {
                    None => Some(f),
                    Some((c, n)) if f.0 == c && f.1 >= n && body.trim()[f.1..].is_empty() => None,
                    open => open,
                };
            } else if fence.is_none()
                && let Some(dot) = year_dot_in_container(body)
            {
                let at = offset + indent + dot;
                out.push_str(&text[copied..at]);
                inserted.push(out.len());
                out.push('\\');
                copied = at;
            }
        }
        offset += line.len();
    }
    if inserted.is_empty() {
        return None;
    }
    out.push_str(&text[copied..]);
    Some((out, inserted))
}

/// The fence character and its length when `line` opens or closes a fence.
fn fence_of(line: &str) -> Option<(u8, usize)> {
    let first = *line.as_bytes().first()?;
    if first != b'`' && first != b'~' {
        return None;
    }
    let n = line.bytes().take_while(|&b| b == first).count();
    (n >= 3).then_some((first, n))
}

/// The byte offset of the dot of a year that starts the text of a block,
/// also inside block quotes, list items and footnotes (`> `, `- `, `1. `,
/// `[^1]: `).
fn year_dot_in_container(line: &str) -> Option<usize> {
    let mut at = 0;
    for _ in 0..8 {
        let rest = &line[at..];
        if let Some(dot) = year_dot(rest) {
            return Some(at + dot);
        }
        let marker = container_marker(rest)?;
        let after = &rest[marker..];
        at += marker + (after.len() - after.trim_start_matches([' ', '\t']).len());
    }
    None
}

/// The length of a block quote, list or footnote marker at the start.
fn container_marker(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'>' => Some(1),
        b'-' | b'*' | b'+' if matches!(bytes.get(1), Some(b' ' | b'\t')) => Some(1),
        b'[' if bytes.get(1) == Some(&b'^') => {
            let end = text.find("]:")?;
            Some(end + 2)
        }
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && matches!(bytes.get(digits + 1), Some(b' ' | b'\t')))
            .then_some(digits + 1)
        }
        _ => None,
    }
}

/// The byte offset of the dot in `2010. gadā`, if `line` starts like that.
fn year_dot(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(3..=9).contains(&digits) || line.as_bytes().get(digits) != Some(&b'.') {
        return None;
    }
    let rest = &line[digits + 1..];
    let word = rest.trim_start_matches([' ', '\t']);
    if word.len() == rest.len() {
        return None;
    }
    word.chars()
        .next()
        .filter(|c| c.is_lowercase())
        .map(|_| digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_before_lowercase_words_are_escaped() {
        let (text, at) = protect("2010. gadā alianse.\n\n1999) saraksts\n").unwrap();
        assert_eq!(text, "2010\\. gadā alianse.\n\n1999) saraksts\n");
        assert_eq!(at, vec![4]);
        let (text, _) = protect("[^1]: 2012. gadā\n> - 2010. gadā\n").unwrap();
        assert_eq!(text, "[^1]: 2012\\. gadā\n> - 2010\\. gadā\n");
    }

    #[test]
    fn lists_code_and_capitals_are_left_alone() {
        assert_eq!(protect("1. viens\n2. divi\n"), None);
        assert_eq!(protect("2010. Gads\n"), None);
        assert_eq!(protect("```\n2010. gadā\n```\n"), None);
        assert_eq!(protect("    2010. gadā\n"), None);
    }
}
