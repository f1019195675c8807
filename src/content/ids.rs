//! The `id`s of one page: headings and footnotes.
//!
//! Explicit heading ids (`## Title {#my-id}`) are the editor's choice and
//! win; automatic ids (from the heading's text) step aside for them and for
//! footnotes. Footnotes get ids of their own kind (`fn-vesture`, and
//! `fnref-vesture` for the place that refers to it), so that `[^vesture]`
//! next to `## Vēsture` cannot make two equal ids, and every footnote links
//! back to where it was referred to.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::i18n::slugify;

/// One footnote of the page.
struct Footnote {
    id: String,
    number: Option<usize>,
    /// The id of the first place that refers to it, for the link back.
    first_reference: Option<String>,
}

/// The ids given so far on a page. Finding a free id is constant time on
/// average, so that a page with thousands of equal headings renders as fast
/// as any other.
#[derive(Default)]
pub struct PageIds {
    taken: HashSet<String>,
    /// Explicit heading ids of the page, found before rendering.
    reserved: HashSet<String>,
    /// Explicit ids already given to a heading.
    used_explicit: HashSet<String>,
    /// The next number to try after `wanted-` for each wanted id.
    next: HashMap<String, usize>,
    footnotes: HashMap<String, Footnote>,
    numbered: usize,
    /// The footnote whose definition is being written.
    open_definition: Option<String>,
}

impl PageIds {
    /// Looks ahead at the page for explicit heading ids and footnote
    /// definitions (a second parse, only for pages that can have them).
    pub fn new(text: &str, options: Options) -> Self {
        let mut ids = PageIds::default();
        // A heading with an id ends in `{… #id …}`; only pages with such a
        // line or a footnote are parsed twice.
        let may_have_ids = text.contains('{')
            && text.lines().any(|line| {
                let line = line.trim_end();
                line.ends_with('}') && line.rfind('{').is_some_and(|i| line[i..].contains('#'))
            });
        if !text.contains("[^") && !may_have_ids {
            return ids;
        }
        let mut definitions = Vec::new();
        for event in Parser::new_ext(text, options) {
            match event {
                Event::Start(Tag::Heading { id: Some(id), .. }) => {
                    ids.reserved.insert(id.to_string());
                }
                Event::Start(Tag::FootnoteDefinition(name)) => definitions.push(name.to_string()),
                _ => {}
            }
        }
        for (n, name) in definitions.into_iter().enumerate() {
            let slug = slugify(&name);
            let wanted = if slug.is_empty() {
                format!("fn-{}", n + 1)
            } else {
                format!("fn-{slug}")
            };
            let id = ids.automatic(&wanted);
            ids.footnotes.entry(name).or_insert(Footnote {
                id,
                number: None,
                first_reference: None,
            });
        }
        ids
    }

    /// Gives a heading the id its editor chose. False when another heading
    /// of the page already has it.
    pub fn explicit(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string());
        self.used_explicit.insert(id.to_string())
    }

    /// `wanted` if it is free, else the first free `wanted-1`, `wanted-2` …
    pub fn automatic(&mut self, wanted: &str) -> String {
        if !self.reserved.contains(wanted) && self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let n = self.next.entry(wanted.to_string()).or_insert(1);
        loop {
            let candidate = format!("{wanted}-{n}");
            *n += 1;
            if !self.reserved.contains(&candidate) && self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    fn number(&mut self, name: &str) -> Option<(String, usize)> {
        let footnote = self.footnotes.get_mut(name)?;
        let number = match footnote.number {
            Some(n) => n,
            None => {
                self.numbered += 1;
                footnote.number = Some(self.numbered);
                self.numbered
            }
        };
        Some((footnote.id.clone(), number))
    }

    /// The HTML of a reference to footnote `name`, or `None` if the page
    /// has no such footnote.
    pub fn reference(&mut self, name: &str) -> Option<String> {
        let (id, number) = self.number(name)?;
        let reference = self.automatic(&id.replacen("fn-", "fnref-", 1));
        if let Some(footnote) = self.footnotes.get_mut(name) {
            footnote
                .first_reference
                .get_or_insert_with(|| reference.clone());
        }
        Some(format!(
            "<sup class=\"footnote-reference\" id=\"{reference}\"><a href=\"#{id}\">{number}</a></sup>"
        ))
    }

    /// The HTML that opens the definition of footnote `name`.
    pub fn definition_start(&mut self, name: &str) -> Option<String> {
        let (id, number) = self.number(name)?;
        self.open_definition = Some(name.to_string());
        Some(format!(
            "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{number}</sup>"
        ))
    }

    /// The HTML that closes the open definition, with its link back to the
    /// first reference (`back` is the link's accessible name).
    pub fn definition_end(&mut self, back: &str) -> String {
        let back_link = self
            .open_definition
            .take()
            .and_then(|name| self.footnotes.get(&name))
            .and_then(|f| Some((f.first_reference.clone()?, f.number?)))
            .map(|(reference, number)| {
                format!(
                    " <a href=\"#{reference}\" class=\"footnote-backref\" aria-label=\"{back} {number}\">↩</a>"
                )
            })
            .unwrap_or_default();
        format!("{back_link}</div>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_ids_are_reserved_before_automatic_ones() {
        let mut ids = PageIds::new("## A\n\n## A\n\n## B {#a-1}\n", Options::all());
        assert_eq!(ids.automatic("a"), "a");
        assert_eq!(ids.automatic("a"), "a-2");
        assert!(ids.explicit("a-1"));
        assert!(!ids.explicit("a-1"));
    }

    #[test]
    fn footnotes_have_prefixed_ids() {
        let mut ids = PageIds::new("x[^vesture]\n\n[^vesture]: Piezīme.\n", Options::all());
        assert_eq!(ids.automatic("vesture"), "vesture");
        let reference = ids.reference("vesture").unwrap();
        assert!(reference.contains("id=\"fnref-vesture\""), "{reference}");
        assert!(reference.contains("href=\"#fn-vesture\""), "{reference}");
        assert!(
            ids.definition_start("vesture")
                .unwrap()
                .contains("id=\"fn-vesture\"")
        );
        assert!(
            ids.definition_end("Back")
                .contains("href=\"#fnref-vesture\"")
        );
    }
}
