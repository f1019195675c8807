//! Markdown to HTML in one pass over pulldown-cmark's events: heading ids and
//! the table of contents, internal links recorded for the resolve phase (and
//! replaced by placeholders it fills in), plain text for search and
//! summaries, and the raw-HTML policy.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::ids::PageIds;
use crate::html::RawHtml;
use crate::url::is_dangerous_url;

/// Settings that change how Markdown renders.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownSettings {
    pub smart_punctuation: bool,
    pub raw_html: RawHtml,
    /// Characters of plain text to keep for the search index.
    pub text_limit: usize,
    /// A paragraph starting "2010. gadā" stays a paragraph (see [`years`]);
    /// on for Latvian text and, by `markdown: {year_paragraphs: true}`, for all.
    ///
    /// [`years`]: super::years
    pub year_paragraphs: bool,
    /// The accessible name of a footnote's link back to its reference.
    pub back_label: &'static str,
}

impl MarkdownSettings {
    /// These settings for text in `lang`.
    pub fn for_language(mut self, lang: &str, year_paragraphs_everywhere: bool) -> Self {
        self.year_paragraphs = year_paragraphs_everywhere || lang == "lv";
        self.back_label = if lang == "lv" {
            "Atpakaļ uz atsauci"
        } else {
            "Back to reference"
        };
        self
    }
}

impl Default for MarkdownSettings {
    fn default() -> Self {
        MarkdownSettings {
            smart_punctuation: true,
            raw_html: RawHtml::Sanitize,
            text_limit: 2000,
            year_paragraphs: false,
            back_label: "Back to reference",
        }
    }
}

/// One heading of a page, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A table of contents entry with the headings nested under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Where an internal link in Markdown points, before it is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A content source file, relative to the linking file (`../kontakti.md`).
    SourceFile {
        path: String,
        anchor: Option<String>,
    },
    /// A path on the site (`/biedri/`), checked against everything the build makes.
    SitePath {
        path: String,
        anchor: Option<String>,
    },
    /// An anchor on the same page.
    Anchor(String),
    /// A link with a relative path that is not a Markdown file (`img/a.png`).
    Relative { path: String },
}

/// A link found in a page body, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub target: LinkTarget,
    /// 1-based line and column in the Markdown body.
    pub line: usize,
    pub column: usize,
    /// The placeholder written into the HTML in place of the URL, if the
    /// URL is only known after resolving.
    pub placeholder: Option<usize>,
}

/// The result of rendering one Markdown text.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// Plain text of the body, cut at the text limit, for search.
    pub text: String,
    /// Plain text of the first paragraph, for a summary when none is given.
    pub first_paragraph: String,
    pub word_count: usize,
    /// Images without alt text: (line, column, src).
    pub images_without_alt: Vec<(usize, usize, String)>,
    /// Whether the body had raw HTML (the sanitiser runs only then).
    pub had_raw_html: bool,
    /// Links and images whose URL could run script (`javascript:` …) and
    /// were neutralised: (line, column, url).
    pub unsafe_urls: Vec<(usize, usize, String)>,
    /// Embedded components (`{{< members area="x" >}}`), in order; the HTML
    /// holds `<p>alianse-embed:N</p>` where each goes.
    pub embeds: Vec<Embed>,
    /// Images of local files, in order; the HTML holds an `<img>` with a
    /// placeholder `src` where the image pipeline puts each `<picture>`.
    pub images: Vec<crate::images::ImageRef>,
    /// Link or image syntax the parser left as text: (line, column, what).
    pub unparsed_links: Vec<(usize, usize, super::unparsed::Unparsed)>,
    /// Explicit heading ids given twice: (line, column, id).
    pub duplicate_ids: Vec<(usize, usize, String)>,
    /// Headings that skip a level: (line, level, level of the heading before;
    /// 1 for the page's title).
    pub skipped_levels: Vec<(usize, u8, u8)>,
    /// Raw HTML as written, in `sanitize` mode only: (line, column, HTML),
    /// to say what the sanitiser removes.
    pub raw_html: Vec<(usize, usize, String)>,
}

/// A component an editor placed in a page with the short syntax
/// `{{< name key="value" … >}}` on a line of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub name: String,
    pub args: Vec<(String, String)>,
    pub line: usize,
}

/// The text that stands for embed `N` in the HTML until it is rendered.
pub const EMBED_PREFIX: &str = "alianse-embed:";

/// Parses `{{< name key="value" >}}`; `None` when `text` is not one.
pub fn parse_embed(text: &str) -> Option<(String, Vec<(String, String)>)> {
    let inner = text.trim().strip_prefix("{{<")?.strip_suffix(">}}")?.trim();
    let (name, mut rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let mut args = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start().strip_prefix('"')?;
        let (value, tail) = after.split_once('"')?;
        args.push((key.trim().to_string(), value.to_string()));
        rest = tail;
    }
    Some((name.to_string(), args))
}

/// The placeholder scheme for links resolved later; it cannot be produced by
/// the escaping of a real URL containing these characters differently.
pub const PLACEHOLDER_PREFIX: &str = "alianse-link:";

/// Renders Markdown to HTML. Line numbers in the result are counted from the
/// start of `text`.
pub fn render(text: &str, settings: &MarkdownSettings) -> Rendered {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if settings.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut lines = LineIndex::new(text);
    let protected = settings
        .year_paragraphs
        .then(|| super::years::protect(text))
        .flatten();
    let text = match &protected {
        Some((escaped, inserted)) => {
            lines.inserted = inserted.clone();
            escaped.as_str()
        }
        None => text,
    };
    let mut walk = super::walk::Walk {
        text,
        lines,
        settings,
        out: Rendered::default(),
        state: WalkState::default(),
        ids: PageIds::new(text, options),
        ready: VecDeque::new(),
        heading_buffer: None,
        skipping_embed: false,
        block: None,
        last_level: 1,
    };
    let mut parser = Parser::new_ext(text, options).into_offset_iter();
    // Events go straight to the HTML writer; only a heading's events are
    // held back until it ends, because its id is made from its text.
    let stream = std::iter::from_fn(|| {
        loop {
            if let Some(event) = walk.ready.pop_front() {
                return Some(event);
            }
            let (event, range) = parser.next()?;
            walk.take(event, range);
        }
    });
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    pulldown_cmark::html::push_html(&mut html, stream);
    let mut out = walk.out;
    out.html = html;
    out.word_count = walk.state.words;
    out.text = walk.state.text;
    out.first_paragraph = walk.state.first_paragraph;
    out
}

/// Tracks plain text, words, the first paragraph and images while walking.
#[derive(Default)]
pub(super) struct WalkState {
    pub(super) text: String,
    pub(super) words: usize,
    pub(super) first_paragraph: String,
    in_first_paragraph: bool,
    paragraphs_seen: usize,
    in_code_block: bool,
    pub(super) image_start: Option<usize>,
    pub(super) image: Option<(String, String)>,
    pub(super) in_html_block: bool,
    /// For each open link: whether its script URL was neutralised, so that
    /// it is written as plain text (no `<a>`, no `href="#"`).
    pub(super) open_links: Vec<bool>,
}

impl WalkState {
    pub(super) fn observe<'a>(
        &mut self,
        event: Event<'a>,
        _out: &mut Rendered,
        settings: &MarkdownSettings,
    ) -> Event<'a> {
        match &event {
            Event::Start(Tag::Paragraph) => {
                self.paragraphs_seen += 1;
                self.in_first_paragraph = self.paragraphs_seen == 1;
            }
            Event::End(TagEnd::Paragraph) => self.in_first_paragraph = false,
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::Start(Tag::HtmlBlock) => self.in_html_block = true,
            Event::End(TagEnd::HtmlBlock) => self.in_html_block = false,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image = Some((dest_url.to_string(), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = &mut self.image {
                    alt.push_str(t);
                }
                self.words += count_words(t);
                if !self.in_code_block {
                    if self.text.len() < settings.text_limit {
                        push_spaced(&mut self.text, t);
                    }
                    if self.in_first_paragraph && self.first_paragraph.len() < 600 {
                        self.first_paragraph.push_str(t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak if self.in_first_paragraph => {
                self.first_paragraph.push(' ');
            }
            _ => {}
        }
        event
    }
}

/// Words in `text`: runs of bytes that are not ASCII white space. Faster
/// than `split_whitespace` (no char decoding) and the same for prose.
fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    words
}

fn push_spaced(buffer: &mut String, text: &str) {
    if !buffer.is_empty() && !buffer.ends_with(' ') {
        buffer.push(' ');
    }
    buffer.push_str(text.trim());
}

pub(super) fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The URL a link or image is written with: a script URL neutralised (in
/// every raw-HTML mode but `allow`), else the link recorded for resolving.
pub(super) fn destination<'a>(
    dest_url: CowStr<'a>,
    link_type: LinkType,
    offset: usize,
    lines: &LineIndex,
    settings: &MarkdownSettings,
    out: &mut Rendered,
) -> CowStr<'a> {
    if settings.raw_html != RawHtml::Allow && is_dangerous_url(&dest_url) {
        let (line, column) = lines.position(offset);
        out.unsafe_urls.push((line, column, dest_url.to_string()));
        return CowStr::Borrowed(NEUTRALISED_URL);
    }
    record_link(&dest_url, link_type, lines, offset, out)
}

/// Sorts a link into its kind, records it, and returns the URL to write now.
fn record_link<'a>(
    dest: &CowStr<'a>,
    link_type: LinkType,
    lines: &LineIndex,
    offset: usize,
    out: &mut Rendered,
) -> CowStr<'a> {
    if matches!(link_type, LinkType::Email | LinkType::Autolink) {
        return dest.clone();
    }
    let Some(target) = classify(dest) else {
        return dest.clone();
    };
    let (line, column) = lines.position(offset);
    let placeholder = matches!(target, LinkTarget::SourceFile { .. }).then_some(out.links.len());
    out.links.push(LinkRef {
        target,
        line,
        column,
        placeholder,
    });
    match placeholder {
        Some(n) => CowStr::from(format!("{PLACEHOLDER_PREFIX}{n}")),
        None => dest.clone(),
    }
}

/// What a link or image with a script URL points at instead.
pub const NEUTRALISED_URL: &str = "#";

/// Heading attributes (`# Title {lang=en}`) kept unless raw HTML is allowed.
pub(super) const SAFE_HEADING_ATTRIBUTES: [&str; 3] = ["lang", "dir", "title"];

/// The kind of an internal link, or `None` for external ones (`https:`,
/// `mailto:`, `//host`).
pub fn classify(dest: &str) -> Option<LinkTarget> {
    if dest.is_empty() || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::Anchor(anchor.to_string()));
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path).to_string();
    if path.starts_with('/') {
        Some(LinkTarget::SitePath { path, anchor })
    } else if path.ends_with(".md") {
        Some(LinkTarget::SourceFile { path, anchor })
    } else {
        Some(LinkTarget::Relative { path })
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !scheme.contains('/')
        }
        None => false,
    }
}

/// Nests a flat heading list into a table of contents.
pub fn table_of_contents(headings: &[Heading]) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        insert_toc(&mut roots, entry);
    }
    roots
}

fn insert_toc(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

/// Byte offsets to 1-based line and column numbers.
pub struct LineIndex {
    starts: Vec<usize>,
    /// Offsets where a character was inserted before parsing (see
    /// `years`): positions are given in the text as written.
    inserted: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            inserted: Vec::new(),
        }
    }

    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset - self.inserted.partition_point(|&i| i < offset);
        let line = self.starts.partition_point(|&s| s <= offset);
        let column = offset - self.starts[line - 1] + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Rendered {
        render(text, &MarkdownSettings::default())
    }

    #[test]
    fn headings_get_unique_ascii_ids_and_a_toc() {
        let r = md(
            "# Ievads\n\n## Mūsu darbība\n\n### Ģimenes\n\n## Mūsu darbība\n\n## Cits {#cits-id}\n",
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ievads",
                "musu-darbiba",
                "gimenes",
                "musu-darbiba-1",
                "cits-id"
            ]
        );
        assert!(
            r.html
                .contains(r#"<h2 id="musu-darbiba">Mūsu darbība</h2>"#)
        );
        let toc = table_of_contents(&r.headings);
        assert_eq!(toc.len(), 1);
        assert_eq!(toc[0].children.len(), 3);
        assert_eq!(toc[0].children[0].children[0].title, "Ģimenes");
    }

    #[test]
    fn source_links_become_placeholders_with_their_line() {
        let r = md(
            "Teksts\n\nSk. [kontakti](kontakti.md#adrese) un [biedri](/biedri/) un [ārējā](https://lv.lv).\n",
        );
        assert_eq!(r.links.len(), 2);
        assert_eq!(
            r.links[0].target,
            LinkTarget::SourceFile {
                path: "kontakti.md".into(),
                anchor: Some("adrese".into())
            }
        );
        assert_eq!((r.links[0].line, r.links[0].column), (3, 5));
        assert!(r.html.contains("href=\"alianse-link:0\""));
        assert!(r.html.contains("href=\"/biedri/\""));
    }

    #[test]
    fn extensions_are_on() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nText[^1]\n\n[^1]: Note.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let settings = MarkdownSettings {
            raw_html: RawHtml::Escape,
            ..MarkdownSettings::default()
        };
        let r = render("<b>x</b>\n", &settings);
        assert!(r.html.contains("&lt;b&gt;"));
        assert!(r.had_raw_html);
    }

    #[test]
    fn embeds_are_parsed_from_their_own_paragraph() {
        let r = md("Teksts.\n\n{{< members area=\"kapacitate\" >}}\n\nBeigas.\n");
        assert_eq!(r.embeds.len(), 1);
        assert_eq!(r.embeds[0].name, "members");
        assert_eq!(
            r.embeds[0].args,
            vec![("area".to_string(), "kapacitate".to_string())]
        );
        assert_eq!(r.embeds[0].line, 3);
        assert!(r.html.contains("<p>alianse-embed:0</p>"));
        assert_eq!(
            parse_embed("{{< trend_chart >}}"),
            Some(("trend_chart".into(), vec![]))
        );
        assert_eq!(parse_embed("{{< x a=b >}}"), None);
    }

    #[test]
    fn missing_alt_text_is_noticed() {
        // Local images go to the image pipeline, which requires alt text;
        // the warning is for the others.
        let r = md("Text\n\n![](/a.png) ![Logo](/b.png) ![](https://e.org/c.png)\n");
        assert_eq!(
            r.images_without_alt,
            vec![(3, 29, "https://e.org/c.png".to_string())]
        );
        let alts: Vec<&str> = r.images.iter().map(|i| i.alt.as_str()).collect();
        assert_eq!(alts, ["", "Logo"]);
        assert!(
            r.html
                .contains("<img src=\"#alianse-image-1\" alt=\"Logo\"")
        );
    }

    #[test]
    fn first_paragraph_and_text() {
        let r = md("# T\n\nPirmā *rindkopa*\nturpinās.\n\nOtrā.\n");
        assert_eq!(r.first_paragraph, "Pirmā rindkopa turpinās.");
        assert!(r.text.contains("Otrā."));
    }
}
