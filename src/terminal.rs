//! Showing text from input on a terminal: characters a terminal would act on
//! (escape sequences, bidirectional controls) are written as `\u{1b}`, so
//! that a quoted source line cannot recolour the terminal, move the cursor or
//! reorder what the reader sees. The ground floor: used by the `error` module
//! to print diagnostics, imports nothing from the crate.

use std::borrow::Cow;

/// A character a terminal or text viewer would act on instead of showing:
/// C0 and C1 controls (but tab and line feed), DEL, and the bidirectional
/// formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069).
pub(crate) fn is_unsafe_to_show(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n'))
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every [`is_unsafe_to_show`] character written as `\u{…}`.
pub(crate) fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_to_show) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe_to_show(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How many characters `c` takes once shown by [`escape_for_terminal`].
pub(crate) fn shown_width(c: char) -> usize {
    if is_unsafe_to_show(c) {
        c.escape_unicode().count()
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_controls_are_shown_escaped() {
        assert_eq!(
            escape_for_terminal("a\u{1b}[31mb\u{202e}c\td"),
            "a\\u{1b}[31mb\\u{202e}c\td"
        );
        assert!(matches!(escape_for_terminal("plain ā"), Cow::Borrowed(_)));
    }
}
