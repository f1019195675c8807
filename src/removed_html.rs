//! What the sanitiser of `sanitize` mode removes from raw HTML in Markdown,
//! named so that an editor can be told (with the line) instead of finding a
//! video or a style silently gone.
//!
//! The raw HTML as written is scanned tag by tag and compared with the
//! sanitiser's own lists (`html::sanitiser`); the sanitiser itself
//! does the removing.

use std::collections::{HashMap, HashSet};

/// One thing the sanitiser removes, at a byte offset of the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removal {
    pub offset: usize,
    /// The element (`iframe`), or the element an attribute was on.
    pub element: String,
    /// The attribute removed; `None` when the whole element goes.
    pub attribute: Option<String>,
}

impl Removal {
    /// The message and the help for this removal.
    pub(crate) fn explain(&self) -> (crate::messages::Message, crate::messages::Message) {
        let element = self.element.as_str();
        match self.attribute.as_deref() {
            None => (
                msg!("html.element", element = element),
                match element {
                    "iframe" | "video" | "embed" | "object" => msg!("html.element-video-help"),
                    "script" | "style" | "link" | "meta" => msg!("html.element-script-help"),
                    _ => msg!("html.element-help", element = element),
                },
            ),
            Some(attribute) if attribute.starts_with("on") => (
                msg!("html.handler", attribute = attribute, element = element),
                msg!("html.handler-help"),
            ),
            Some("style") => (
                msg!("html.style", element = element),
                msg!("html.style-help"),
            ),
            Some(attribute @ ("href" | "src")) => (
                msg!("html.address", attribute = attribute, element = element),
                msg!("html.address-help"),
            ),
            Some(attribute) => (
                msg!("html.attribute", attribute = attribute, element = element),
                msg!("html.attribute-help"),
            ),
        }
    }
}

/// The sanitiser's lists: what it keeps.
pub(crate) struct Allowed {
    tags: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    per_tag: HashMap<&'static str, HashSet<&'static str>>,
    schemes: HashSet<&'static str>,
}

impl Allowed {
    /// Reads the lists of the sanitiser of `sanitize` mode.
    pub(crate) fn new() -> Self {
        let builder = crate::html::sanitiser();
        Allowed {
            tags: builder.clone_tags(),
            generic: builder.clone_generic_attributes(),
            per_tag: builder.clone_tag_attributes(),
            schemes: builder.clone_url_schemes(),
        }
    }
}

impl Default for Allowed {
    fn default() -> Self {
        Self::new()
    }
}

/// Everything the sanitiser removes from `fragment`, in order.
pub(crate) fn removals(fragment: &str, allowed: &Allowed) -> Vec<Removal> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(i) = fragment[rest..].find('<').map(|i| i + rest) {
        rest = i + 1;
        if fragment[i..].starts_with("<!--") {
            rest = fragment[i..]
                .find("-->")
                .map_or(fragment.len(), |e| i + e + 3);
            continue;
        }
        let Some((tag, end)) = read_tag(fragment, i + 1) else {
            continue;
        };
        rest = end;
        let element = tag.name.to_ascii_lowercase();
        if !allowed.tags.contains(element.as_str()) {
            found.push(Removal {
                offset: i,
                element,
                attribute: None,
            });
            continue;
        }
        for (name, value) in tag.attributes {
            let name = name.to_ascii_lowercase();
            let kept = allowed.generic.contains(name.as_str())
                || allowed
                    .per_tag
                    .get(element.as_str())
                    .is_some_and(|a| a.contains(name.as_str()));
            let removed = !kept
                || (name == "style" && style_loses(&value))
                || (matches!(name.as_str(), "href" | "src")
                    && bad_scheme(&value, &allowed.schemes));
            if removed {
                found.push(Removal {
                    offset: i,
                    element: element.clone(),
                    attribute: Some(name),
                });
            }
        }
    }
    found
}

/// Whether the sanitiser drops any declaration of a `style` value.
fn style_loses(value: &str) -> bool {
    let declared = value.split(';').filter(|d| !d.trim().is_empty()).count();
    let kept = crate::html::allowed_style(value).map_or(0, |k| k.split(';').count());
    kept < declared
}

fn bad_scheme(url: &str, schemes: &HashSet<&str>) -> bool {
    let url = url.trim();
    match url.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            !schemes.contains(scheme.to_ascii_lowercase().as_str())
        }
        _ => false,
    }
}

struct Tag<'a> {
    name: &'a str,
    attributes: Vec<(&'a str, String)>,
}

/// Reads a start tag whose name begins at `at`; returns it and the offset
/// after its `>`. `None` for end tags and text that is not a tag.
fn read_tag(text: &str, at: usize) -> Option<(Tag<'_>, usize)> {
    let bytes = text.as_bytes();
    if !bytes.get(at)?.is_ascii_alphabetic() {
        return None;
    }
    let mut i = at;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    let name = &text[at..i];
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return Some((Tag { name, attributes }, i)),
            Some(b'>') => return Some((Tag { name, attributes }, i + 1)),
            _ => {}
        }
        let start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let attribute = &text[start..i];
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = text[i + 1..]
                        .find(q as char)
                        .map_or(text.len(), |e| i + 1 + e);
                    value = text[i + 1..end].to_string();
                    i = (end + 1).min(text.len());
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = text[start..i].to_string();
                }
            }
        }
        if attribute.is_empty() {
            i += 1;
        } else {
            attributes.push((attribute, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(fragment: &str) -> Vec<(String, Option<String>)> {
        removals(fragment, &Allowed::new())
            .into_iter()
            .map(|r| (r.element, r.attribute))
            .collect()
    }

    #[test]
    fn elements_and_attributes_the_sanitiser_drops_are_named() {
        assert_eq!(
            named(r#"<iframe src="https://www.youtube.com/embed/x"></iframe>"#),
            vec![("iframe".to_string(), None)]
        );
        assert_eq!(
            named(r#"<p onclick="x()" class="a">t</p><a href="javascript:alert(1)">l</a>"#),
            vec![
                ("p".to_string(), Some("onclick".to_string())),
                ("a".to_string(), Some("href".to_string()))
            ]
        );
        assert_eq!(
            named(r#"<td style="text-align: left">a</td><td style="position:fixed">b</td>"#),
            vec![("td".to_string(), Some("style".to_string()))]
        );
    }

    #[test]
    fn kept_markup_gives_nothing() {
        assert!(
            named(r#"<details><summary>A</summary><p id="x">b</p></details><!-- <script> -->"#)
                .is_empty()
        );
        assert!(named("a < b and <3").is_empty());
    }
}
