//! Characters from input that must reach neither a built page, a feed, nor
//! the terminal as they are.
//!
//! - Control characters (U+0000–U+001F except tab, line feed and carriage
//!   return, U+007F, and the C1 controls U+0080–U+009F, which HTML forbids
//!   too) are rejected wherever content is read: Markdown
//!   bodies, front matter, data files and `site.yaml`, written raw or as a
//!   YAML escape (`"\e"`, `"\x1b"`, `"\0"`). They cannot appear in XML 1.0
//!   (`atom.xml` would not be well-formed) and do nothing good in HTML, so
//!   they are errors with file, line and column, never silently stripped.
//! - Messages never print terminal escape sequences or bidirectional
//!   controls raw: `terminal::escape_for_terminal` shows them as
//!   `\u{1b}`.

use std::path::Path;

use crate::error::{Diagnostic, ErrorKind};

/// At most this many places are listed per file; a binary file saved as
/// `.md` must not flood the terminal.
const MAX_REPORTED: usize = 10;

/// A control character that content may not contain.
pub(crate) fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `text` has a character [`is_forbidden_control`] rejects, by
/// bytes: every page body is scanned, and decoding characters took 3 % of a
/// build. C0 controls and DEL are single bytes; the C1 controls U+0080–U+009F
/// are `C2 80`–`C2 9F` in UTF-8, and `C2` is never a continuation byte.
/// Blocks of 32 bytes are first tested without branches (which the compiler
/// turns into vector instructions); only a block with a suspect byte is
/// looked at byte by byte.
fn has_forbidden_control(text: &str) -> bool {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let suspect =
        |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7f) | (b == 0xc2);
    let forbidden_in = |range: std::ops::Range<usize>| {
        range.into_iter().any(|i| match bytes[i] {
            b'\t' | b'\n' | b'\r' => false,
            0..=0x1f | 0x7f => true,
            0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
            _ => false,
        })
    };
    let whole = bytes.len() / BLOCK * BLOCK;
    for (n, block) in bytes[..whole].chunks_exact(BLOCK).enumerate() {
        if block.iter().fold(false, |any, &b| any | suspect(b))
            && forbidden_in(n * BLOCK..(n + 1) * BLOCK)
        {
            return true;
        }
    }
    forbidden_in(whole..bytes.len())
}

/// How a forbidden character is named in messages: `U+001B (escape)`.
fn describe(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        '\u{b}' => " (vertical tab)",
        '\u{c}' => " (form feed)",
        '\u{1b}' => " (escape)",
        '\u{7f}' => " (delete)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

fn control_error(file: &Path, line: usize, column: usize, c: char, text: &str) -> Diagnostic {
    let help = if c >= '\u{80}' {
        msg!("text.control-c1-help")
    } else {
        msg!("text.control-help")
    };
    Diagnostic::error(
        ErrorKind::InvalidValue,
        msg!("text.control", character = describe(c)),
    )
    .in_file(file)
    .at(line, column)
    .with_source(text)
    .with_help(help)
}

/// Every line of `text` holding a forbidden control character, as errors at
/// the first such character of the line. `first_line` is the line of
/// `file` that `text` starts on.
pub(crate) fn check_text(text: &str, file: &Path, first_line: usize) -> Vec<Diagnostic> {
    if !has_forbidden_control(text) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let mut more = 0;
    for (i, line) in text.split('\n').enumerate() {
        let Some((column, c)) = line
            .trim_end_matches('\r')
            .chars()
            .enumerate()
            .find(|(_, c)| is_forbidden_control(*c))
        else {
            continue;
        };
        if problems.len() == MAX_REPORTED {
            more += 1;
            continue;
        }
        let mut d = control_error(file, first_line + i, column + 1, c, "");
        d.source_line = Some(line.trim_end_matches('\r').to_string());
        problems.push(d);
    }
    if more > 0
        && let Some(last) = problems.last_mut()
    {
        last.message = msg!(
            "text.control-more-lines",
            message = &last.message,
            count = more
        );
    }
    problems
}

/// The first forbidden control character in a YAML text, raw or produced by
/// an escape in a double-quoted string (`"\e[31m"`), as an error at its
/// place; further places are counted in the message. `line_offset` is added
/// to lines (YAML inside a larger file: front matter).
pub(crate) fn check_yaml(text: &str, file: &Path, line_offset: usize) -> Result<(), Diagnostic> {
    let raw = check_text(text, file, 1 + line_offset);
    if let Some(first) = raw.first() {
        let mut d = first.clone();
        if raw.len() > 1 {
            d.message = msg!(
                "text.control-more-lines",
                message = &d.message,
                count = raw.len() - 1
            );
        }
        return Err(d);
    }
    // Only escapes can still produce one; most files have no backslash.
    if !text.contains('\\') {
        return Ok(());
    }
    use serde_saphyr::granit_parser::{Event, Parser};
    for event in Parser::new_from_str(text) {
        // Syntax errors are reported by the real parse.
        let Ok((event, span)) = event else {
            return Ok(());
        };
        if let Event::Scalar(value, ..) = event
            && let Some(c) = value.chars().find(|c| is_forbidden_control(*c))
        {
            let line = span.start.line();
            let mut d = control_error(file, line, span.start.col() + 1, c, text);
            d.message = msg!("text.control-escape", character = describe(c));
            d.line = Some(line + line_offset);
            return Err(d);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_agrees_with_the_character_test() {
        let samples = [
            "Teksts ar garumzīmēm: ā č ē ģ ī ķ ļ ņ š ū ž\t\r\n",
            "bell \u{7} here",
            "delete \u{7f}",
            "C1 \u{85} next line",
            "C1 \u{9f} last",
            "not C1: \u{a0} \u{c2} Â",
            "",
        ];
        // Shifted by 0–69 bytes, so that each sample starts, straddles and
        // ends 32-byte blocks (a C1 control's two bytes split between two).
        let shifted = samples
            .iter()
            .flat_map(|s| (0..70).map(move |k| format!("{}{s}{}", "x".repeat(k), "y".repeat(k))));
        for text in shifted {
            let text = text.as_str();
            assert_eq!(
                has_forbidden_control(text),
                text.chars().any(is_forbidden_control),
                "{text:?}"
            );
        }
    }

    #[test]
    fn raw_controls_are_found_per_line() {
        let found = check_text("ok\nbad \u{7}here\r\nfine\tline\r\n", Path::new("a.md"), 5);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (Some(6), Some(5)));
        assert!(found[0].message.contains("U+0007 (bell)"));
    }

    #[test]
    fn yaml_escapes_that_make_controls_are_found() {
        let text = "a: ok\nb: \"red \\e[31m\"\nc: 'C:\\new'\n";
        let d = check_yaml(text, Path::new("d.yaml"), 0).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(4)));
        assert!(d.message.contains("U+001B (escape)"), "{}", d.message);
        assert!(check_yaml("a: 'C:\\new'\nb: \"tab\\t\"\n", Path::new("d.yaml"), 0).is_ok());
    }
}
