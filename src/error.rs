//! Typed build problems with their place in the source, and the list a build
//! collects them into.
//!
//! Every phase reports problems as [`Diagnostic`]s instead of stopping at the
//! first one: the user sees all of them at once, each with the file, line and
//! column, the offending source line, and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::{Lang, Message};

/// What a diagnostic is about. Tests and tools match on this; the message
/// text is for people. Whether it stops the build is its [`Severity`]: an
/// error and a warning can be about the same kind of thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The file could not be read, or the output could not be written.
    Io,
    /// A file is not valid UTF-8.
    Encoding,
    /// YAML that does not parse, or does not fit the expected shape.
    Yaml,
    /// A key that is not known in this place.
    UnknownKey,
    /// Front matter missing, unterminated or wrong.
    FrontMatter,
    /// A setting in site.yaml with a value that cannot work.
    Config,
    /// A link to a page, file or anchor that does not exist.
    BrokenLink,
    /// A reference by id (area, member, report year) that does not exist.
    UnknownReference,
    /// Two things claim the same id, year or URL.
    Duplicate,
    /// A value outside its allowed range or form (scores, slugs, years).
    InvalidValue,
    /// A template that does not parse or fails to render.
    Template,
    /// A missing translation string of the theme.
    Translation,
    /// The output folder cannot be used, or was repaired or changed.
    Output,
    /// Something readers of assistive technology miss: an image without
    /// alternative text, a heading that skips a level.
    Accessibility,
    /// Markup the sanitiser removes or a link it neutralises (raw HTML,
    /// `javascript:` links).
    Sanitised,
    /// How the site's files and pages are arranged: a folder without
    /// `_index.md`, a section nothing links to, a doubtful file name, a data
    /// file named like no item.
    SiteStructure,
    /// An image that will look poor or load slowly (too small, too large).
    ImageQuality,
    /// How a command was asked to run: its options and what they imply.
    Usage,
}

/// Whether a diagnostic stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a source file. Lines and columns are 1-based; a column of 0
/// means "the whole line".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// One problem found by a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: ErrorKind,
    pub severity: Severity,
    /// The file the problem is in, relative to the site root when possible.
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// What is wrong: a catalogue message, rendered in the user's language
    /// when shown (it dereferences to its English text).
    pub message: Message,
    /// What the user can do about it.
    pub help: Option<Message>,
    /// The offending line of source, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(kind: ErrorKind, message: impl Into<Message>) -> Self {
        Diagnostic {
            kind,
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// A file that is not valid UTF-8, at the line and column of the first bad byte.
    pub fn not_utf8(shown: &Path, error: &std::string::FromUtf8Error) -> Diagnostic {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        let column = offset
            - bytes[..offset]
                .iter()
                .rposition(|b| *b == b'\n')
                .map(|i| i + 1)
                .unwrap_or(0)
            + 1;
        Diagnostic::error(ErrorKind::Encoding, crate::msg!("content.not-utf8"))
            .in_file(shown)
            .at(line, column)
            .with_help(crate::msg!("content.not-utf8-help"))
    }

    /// A problem about `kind` that does not stop the build.
    pub fn warning(kind: ErrorKind, message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = (line > 0).then_some(line);
        self.column = (column > 0).then_some(column);
        self
    }

    /// Replaces the message (for helpers that place a diagnostic and take
    /// its text as a `String`: `at(file, loc, kind, String::new())
    /// .with_message(msg!(…))`).
    pub fn with_message(mut self, message: impl Into<Message>) -> Self {
        self.message = message.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<Message>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the offending line, taken from the file's text.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(line) = self.line {
            self.source_line = text.lines().nth(line - 1).map(|l| l.to_string());
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as far as known.
    pub fn place(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        let mut place = file.display().to_string();
        if let Some(line) = self.line {
            place.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                place.push_str(&format!(":{column}"));
            }
        }
        Some(place)
    }
}

impl fmt::Display for Diagnostic {
    /// The diagnostic in the language of this process's messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(crate::messages::current()))
    }
}

impl Diagnostic {
    /// The diagnostic as shown to people, in `lang`: `error: file:line:col:
    /// message`, the source line with a caret, and the help.
    pub fn render(&self, lang: Lang) -> String {
        use std::fmt::Write as _;
        let label = match self.severity {
            Severity::Error => crate::msg!("diagnostic.error"),
            Severity::Warning => crate::msg!("diagnostic.warning"),
        }
        .render(lang);
        // Source text and values quoted in messages may hold terminal escape
        // sequences or bidi controls: they are shown escaped, never raw.
        let safe = crate::terminal::escape_for_terminal;
        let message = self.message.render(lang);
        let message = safe(&message);
        let mut f = String::new();
        match self.place() {
            Some(place) => _ = write!(f, "{label}: {}: {message}", safe(&place)),
            None => _ = write!(f, "{label}: {message}"),
        }
        if let (Some(line), Some(source)) = (self.line, &self.source_line) {
            // A line of a CRLF file: its line end is no content to show.
            let source = source.strip_suffix('\r').unwrap_or(source);
            let gutter = line.to_string();
            let (shown, column) = source_window(source, self.column);
            _ = write!(f, "\n  {gutter} | {}", safe(&shown));
            if let Some(column) = column {
                let pad: String = shown
                    .chars()
                    .take(column.saturating_sub(1))
                    .flat_map(|c| {
                        let fill = if c == '\t' { '\t' } else { ' ' };
                        std::iter::repeat_n(fill, crate::terminal::shown_width(c))
                    })
                    .collect();
                _ = write!(f, "\n  {} | {pad}^", " ".repeat(gutter.len()));
            }
        }
        if let Some(help) = &self.help {
            let label = crate::msg!("diagnostic.help").render(lang);
            _ = write!(f, "\n  {label}: {}", safe(&help.render(lang)));
        }
        f
    }
}

/// The part of a long source line around `column` (at most about 120
/// characters, cut ends marked with `…`), and the column within that part.
fn source_window(source: &str, column: Option<usize>) -> (String, Option<usize>) {
    const WIDTH: usize = 120;
    let length = source.chars().count();
    if length <= WIDTH {
        return (source.to_string(), column);
    }
    let at = column.unwrap_or(1).saturating_sub(1).min(length);
    let start = at.saturating_sub(WIDTH / 2);
    let end = (start + WIDTH).min(length);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(source.chars().skip(start).take(end - start));
    if end < length {
        shown.push('…');
    }
    let column = column.map(|c| c - start + usize::from(start > 0));
    (shown, column)
}

/// All problems of one build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file, then line, so that output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.items.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// The closest candidate to a misspelt name, for "did you mean" hints.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A path shown relative to the site root, with forward slashes.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_place_source_and_help() {
        let d = Diagnostic::error(ErrorKind::UnknownKey, "unknown key `titel`")
            .in_file("content/a.md")
            .at(2, 1)
            .with_source("---\ntitel: x\n")
            .with_help("did you mean `title`?");
        let text = d.to_string();
        assert!(text.starts_with("error: content/a.md:2:1: unknown key `titel`"));
        assert!(text.contains("2 | titel: x"));
        assert!(text.contains("help: did you mean `title`?"));
    }

    #[test]
    fn a_warning_keeps_its_kind_and_is_shown_as_a_warning() {
        let d = Diagnostic::warning(ErrorKind::Accessibility, "image `a.png` has no alt text")
            .in_file("content/a.md")
            .at(3, 1);
        assert_eq!(
            (d.kind, d.severity),
            (ErrorKind::Accessibility, Severity::Warning)
        );
        assert!(!d.is_error());
        assert!(
            d.to_string()
                .starts_with("warning: content/a.md:3:1: image `a.png` has no alt text")
        );
        let mut all = Diagnostics::default();
        all.push(d);
        assert!(!all.has_errors());
        assert_eq!(all.warnings().count(), 1);
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error(ErrorKind::Yaml, "too deep")
            .in_file("x.yaml")
            .at(1, 5001)
            .with_source(&line);
        let text = d.to_string();
        let shown = text.lines().nth(1).unwrap();
        let caret = text.lines().nth(2).unwrap();
        assert!(shown.chars().count() < 140, "{shown}");
        assert!(shown.contains("…aaa") && shown.contains("bbb…"));
        let x = shown.chars().position(|c| c == 'X').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x));
    }

    #[test]
    fn control_and_bidi_characters_are_shown_escaped_with_the_caret_in_place() {
        let d = Diagnostic::error(ErrorKind::Yaml, "bad value `\u{1b}[2J`")
            .in_file("content/a\u{202e}b.md")
            .at(1, 8)
            .with_source("ab\u{1b}[31mXY\r\n")
            .with_help("not \u{2066}this\u{2069}");
        let text = d.to_string();
        assert!(
            !text.contains(['\u{1b}', '\u{202e}', '\u{2066}', '\r']),
            "{text:?}"
        );
        assert!(text.starts_with("error: content/a\\u{202e}b.md:1:8: bad value `\\u{1b}[2J`"));
        let shown = text.lines().nth(1).unwrap();
        let caret = text.lines().nth(2).unwrap();
        assert_eq!(shown, "  1 | ab\\u{1b}[31mXY");
        assert_eq!(caret.find('^'), shown.find('X'));
    }

    #[test]
    fn suggestions_pick_the_nearest_name() {
        assert_eq!(
            did_you_mean("titel", ["title", "date", "slug"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
    }
}
