//! The one pass over pulldown-cmark's events that [`markdown::render`]
//! makes: each event is recorded (links, images, embeds, raw HTML, the plain
//! text of blocks) and turned into what is written (heading ids, footnotes
//! with their own ids, the raw-HTML policy).
//!
//! [`markdown::render`]: super::markdown::render

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::ids::PageIds;
use super::markdown::{
    EMBED_PREFIX, Embed, Heading, LineIndex, MarkdownSettings, Rendered, SAFE_HEADING_ATTRIBUTES,
    WalkState, destination, heading_number, parse_embed,
};
use crate::html::RawHtml;
use crate::i18n::slugify;

/// The state of one rendering: what has been seen and what is ready to be
/// written.
pub(super) struct Walk<'a, 's> {
    pub(super) text: &'a str,
    pub(super) lines: LineIndex,
    pub(super) settings: &'s MarkdownSettings,
    pub(super) out: Rendered,
    pub(super) state: WalkState,
    pub(super) ids: PageIds,
    pub(super) ready: VecDeque<Event<'a>>,
    pub(super) heading_buffer: Option<(usize, Vec<Event<'a>>)>,
    pub(super) skipping_embed: bool,
    /// The block whose plain text is being collected, from its start offset,
    /// to find link syntax the parser left as text.
    pub(super) block: Option<(std::ops::Range<usize>, String)>,
    pub(super) last_level: u8,
}

impl<'a> Walk<'a, '_> {
    /// Takes one event of the parser and queues what to write for it.
    pub(super) fn take(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        if self.skipping_embed {
            self.skipping_embed = !matches!(event, Event::End(TagEnd::Paragraph));
            return;
        }
        if let Event::Start(Tag::Paragraph) = &event
            && let Some((name, args)) = parse_embed(&self.text[range.clone()])
        {
            let (line, _) = self.lines.position(range.start);
            let placeholder = format!("<p>{EMBED_PREFIX}{}</p>\n", self.out.embeds.len());
            self.out.embeds.push(Embed { name, args, line });
            self.ready.push_back(Event::Html(CowStr::from(placeholder)));
            self.skipping_embed = true;
            return;
        }
        self.collect_block_text(&event, &range);
        let event = self.state.observe(event, &mut self.out, self.settings);
        let Some(event) = self.transform(event, &range) else {
            return;
        };
        if let Event::End(TagEnd::Image) = &event
            && let (Some(start), Some((src, alt))) =
                (self.state.image_start.take(), self.state.image.take())
            && !crate::images::finish(&mut self.out.images, &src, &alt)
            && alt.trim().is_empty()
        {
            let (line, column) = self.lines.position(start);
            self.out.images_without_alt.push((line, column, src));
        }
        match (&mut self.heading_buffer, &event) {
            (None, Event::Start(Tag::Heading { .. })) => {
                self.heading_buffer = Some((range.start, vec![event]))
            }
            (Some((start, buffer)), Event::End(TagEnd::Heading(_))) => {
                buffer.push(event);
                let buffer = std::mem::take(buffer);
                let start = *start;
                self.heading_buffer = None;
                let finished = self.finish_heading(buffer, start);
                self.ready.extend(finished);
            }
            (Some((_, buffer)), _) => buffer.push(event),
            (None, _) => self.ready.push_back(event),
        }
    }

    /// The event as written: links recorded, raw HTML per policy, footnotes
    /// with their own ids; `None` for an event that writes nothing.
    fn transform(&mut self, event: Event<'a>, range: &std::ops::Range<usize>) -> Option<Event<'a>> {
        let settings = self.settings;
        Some(match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if settings.raw_html != RawHtml::Allow => Event::Start(Tag::Heading {
                level,
                id,
                classes,
                // `# Title {onclick=…}` would write any attribute: keep the harmless ones.
                attrs: attrs
                    .into_iter()
                    .filter(|(name, _)| SAFE_HEADING_ATTRIBUTES.contains(&name.as_ref()))
                    .collect(),
            }),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let unsafe_before = self.out.unsafe_urls.len();
                let dest_url = self.destination(dest_url, link_type, range.start);
                // A neutralised script link is written as its text alone.
                let neutralised = self.out.unsafe_urls.len() > unsafe_before;
                self.state.open_links.push(neutralised);
                if neutralised {
                    return None;
                }
                Event::Start(Tag::Link {
                    dest_url,
                    link_type,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if self.state.open_links.pop() == Some(true) {
                    return None;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.state.image_start = Some(range.start);
                // Local images go to the image pipeline; others are checked like links.
                let dest_url = if crate::images::is_local(&dest_url) {
                    let (line, column) = self.lines.position(range.start);
                    let written = &self.text[range.clone()];
                    CowStr::from(crate::images::record(
                        &mut self.out.images,
                        &dest_url,
                        &title,
                        line,
                        column,
                        written,
                    ))
                } else {
                    self.destination(dest_url, link_type, range.start)
                };
                Event::Start(Tag::Image {
                    dest_url,
                    link_type,
                    title,
                    id,
                })
            }
            Event::Start(Tag::HtmlBlock) => {
                self.note_raw_html(range);
                Event::Start(Tag::HtmlBlock)
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.out.had_raw_html = true;
                if !self.in_html_block() {
                    self.note_raw_html(range);
                }
                match settings.raw_html {
                    RawHtml::Escape => Event::Text(html),
                    RawHtml::Sanitize | RawHtml::Allow => Event::Html(html),
                }
            }
            Event::FootnoteReference(name) => Event::Html(CowStr::from(
                self.ids
                    .reference(&name)
                    .unwrap_or_else(|| format!("[^{name}]")),
            )),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                Event::Html(CowStr::from(self.ids.definition_start(&name)?))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                Event::Html(CowStr::from(self.ids.definition_end(settings.back_label)))
            }
            other => other,
        })
    }

    fn destination(
        &mut self,
        dest_url: CowStr<'a>,
        link_type: pulldown_cmark::LinkType,
        offset: usize,
    ) -> CowStr<'a> {
        destination(
            dest_url,
            link_type,
            offset,
            &self.lines,
            self.settings,
            &mut self.out,
        )
    }

    fn in_html_block(&self) -> bool {
        self.state.in_html_block
    }

    /// Keeps raw HTML as written, so that what the sanitiser drops can be
    /// named with its line.
    fn note_raw_html(&mut self, range: &std::ops::Range<usize>) {
        if self.settings.raw_html == RawHtml::Sanitize {
            let (line, column) = self.lines.position(range.start);
            self.out
                .raw_html
                .push((line, column, self.text[range.clone()].to_string()));
        }
    }

    /// Gathers the plain text of paragraphs, headings, cells and list items;
    /// at their end, link syntax left in it is recorded.
    fn collect_block_text(&mut self, event: &Event<'a>, range: &std::ops::Range<usize>) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                // Link syntax left as text is only reported where its source
                // has `](` (see `unparsed::find`): most blocks have none and
                // need no copy of their text.
                let source = self.text[range.clone()].as_bytes();
                self.block = memchr::memmem::find(source, b"](")
                    .is_some()
                    .then(|| (range.clone(), String::new()));
            }
            Event::Text(t) => {
                if let Some((_, buffer)) = &mut self.block {
                    buffer.push_str(t);
                }
            }
            Event::Code(_) | Event::InlineHtml(_) => {
                if let Some((_, buffer)) = &mut self.block {
                    buffer.push('\u{0}');
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => {
                if let Some((block, buffer)) = self.block.take()
                    && buffer.contains("](")
                {
                    let source = &self.text[block.clone()];
                    for found in super::unparsed::find(&buffer, source) {
                        let (line, column) = self.lines.position(block.start + found.offset);
                        self.out.unparsed_links.push((line, column, found));
                    }
                }
            }
            _ => {}
        }
    }

    /// Gives a buffered heading its id (the explicit `{#id}`, else one made
    /// from its text that no other id of the page has) and records it.
    fn finish_heading(&mut self, mut buffer: Vec<Event<'a>>, start: usize) -> Vec<Event<'a>> {
        let title: String = buffer
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        if let Some(Event::Start(Tag::Heading { level, id, .. })) = buffer.first_mut() {
            let (line, column) = self.lines.position(start);
            let given = match id {
                Some(custom) => {
                    if !self.ids.explicit(custom) {
                        self.out
                            .duplicate_ids
                            .push((line, column, custom.to_string()));
                    }
                    custom.to_string()
                }
                None => {
                    let slug = slugify(&title);
                    self.ids
                        .automatic(if slug.is_empty() { "section" } else { &slug })
                }
            };
            *id = Some(CowStr::from(given.clone()));
            let level = heading_number(*level);
            if level > self.last_level + 1 {
                self.out.skipped_levels.push((line, level, self.last_level));
            }
            self.last_level = level;
            self.out.headings.push(Heading {
                level,
                id: given,
                title: title.trim().to_string(),
            });
        }
        buffer
    }
}
