//! The HTML of a processed image: `<picture>` with a WebP `<source>` and
//! an `<img>` in the source's format, `srcset`/`sizes`, `width` and
//! `height` (no layout shift), and lazy loading for all but a page's first
//! image. Also puts that HTML where Markdown left its placeholders.

use super::Processed;
use super::source::Format;
use crate::html::escape_attr;
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// The width a picture in the text column takes: the default theme's
/// `.prose` is at most 44rem wide inside 1.25rem margins.
pub const COLUMN_SIZES: &str = "(min-width: 47rem) 44rem, calc(100vw - 2.5rem)";

/// How one `<img>` is written.
#[derive(Debug, Clone, Copy)]
pub struct Attributes<'a> {
    pub alt: &'a str,
    pub title: &'a str,
    pub class: &'a str,
    pub sizes: &'a str,
    /// The first image of a page loads at once; the rest lazily.
    pub eager: bool,
}

/// `<picture>…<img …></picture>`, or a lone `<img>` when there is one format.
/// Written straight into one string: every page with a photo makes one.
pub fn picture(image: &Processed, a: &Attributes) -> String {
    let mut html = String::with_capacity(160 + image.variants.len() * 64);
    let mut other_formats: Vec<Format> = image
        .variants
        .iter()
        .map(|v| v.format)
        .filter(|f| *f != image.fallback)
        .collect();
    other_formats.dedup();
    let many = image.variants.len() > 1;
    let is_picture = !other_formats.is_empty();
    if is_picture {
        html.push_str("<picture>");
        for format in other_formats {
            html.push_str("<source type=\"");
            html.push_str(format.mime());
            html.push_str("\" srcset=\"");
            push_srcset(&mut html, image, format);
            html.push('"');
            if many {
                push_attribute(&mut html, "sizes", a.sizes);
            }
            html.push('>');
        }
    }
    html.push_str("<img src=\"");
    push_escaped(&mut html, &image.src().url);
    html.push('"');
    if image.of(image.fallback).nth(1).is_some() {
        html.push_str(" srcset=\"");
        push_srcset(&mut html, image, image.fallback);
        html.push('"');
        push_attribute(&mut html, "sizes", a.sizes);
    }
    html.push_str(" width=\"");
    push_number(&mut html, image.width);
    html.push_str("\" height=\"");
    push_number(&mut html, image.height);
    html.push('"');
    push_attribute(&mut html, "alt", a.alt);
    if !a.title.is_empty() {
        push_attribute(&mut html, "title", a.title);
    }
    if !a.class.is_empty() {
        push_attribute(&mut html, "class", a.class);
    }
    if a.eager {
        html.push_str(" decoding=\"async\">");
    } else {
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
    }
    if is_picture {
        html.push_str("</picture>");
    }
    html
}

/// ` name="value"`, the value escaped.
fn push_attribute(html: &mut String, name: &str, value: &str) {
    html.push(' ');
    html.push_str(name);
    html.push_str("=\"");
    push_escaped(html, value);
    html.push('"');
}

/// The same text as [`Processed::srcset`] gives, escaped.
fn push_srcset(html: &mut String, image: &Processed, format: Format) {
    for (i, variant) in image.of(format).enumerate() {
        if i > 0 {
            html.push_str(", ");
        }
        push_escaped(html, &variant.url);
        html.push(' ');
        push_number(html, variant.width);
        html.push('w');
    }
}

/// `n` in decimal (without `fmt`'s machinery: a picture has ~8 numbers).
fn push_number(html: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    html.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// [`escape_attr`] without a new string when there is nothing to escape
/// (image URLs never have anything).
fn push_escaped(html: &mut String, text: &str) {
    let bytes = text.as_bytes();
    if memchr::memchr3(b'&', b'<', b'>', bytes).is_some()
        || memchr::memchr2(b'"', b'\'', bytes).is_some()
    {
        html.push_str(&escape_attr(text));
    } else {
        html.push_str(text);
    }
}

/// Replaces each `<img>` whose `src` is Markdown image placeholder `N`
/// with `markup(N)` (left as it is when that gives `None`).
pub fn fill(html: &str, markup: impl Fn(usize) -> Option<String>) -> String {
    // Made once: a finder's set-up costs more than a page's search.
    static PLACEHOLDER: LazyLock<Finder<'static>> =
        LazyLock::new(|| Finder::new(PLACEHOLDER_SRC).into_owned());
    static IMG: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("<img"));
    if PLACEHOLDER.find(html.as_bytes()).is_none() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(start) = IMG.find(rest.as_bytes()) {
        let Some(length) = memchr::memchr(b'>', &rest.as_bytes()[start..]) else {
            break;
        };
        let tag = &rest[start..start + length + 1];
        let number = PLACEHOLDER.find(tag.as_bytes()).and_then(|i| {
            let digits = &tag.as_bytes()[i + PLACEHOLDER_SRC.len()..];
            let end = digits
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(digits.len());
            std::str::from_utf8(&digits[..end])
                .ok()?
                .parse::<usize>()
                .ok()
        });
        out.push_str(&rest[..start]);
        match number.and_then(&markup) {
            Some(replacement) => out.push_str(&replacement),
            None => out.push_str(tag),
        }
        rest = &rest[start + length + 1..];
    }
    out.push_str(rest);
    out
}

/// What a placeholder's `src` attribute starts with: `src="` and
/// `PLACEHOLDER_PREFIX` (a test checks they agree).
const PLACEHOLDER_SRC: &str = "src=\"#alianse-image-";

#[cfg(test)]
mod tests {
    use super::super::{PLACEHOLDER_PREFIX, Variant};
    use super::*;

    fn photo() -> Processed {
        let v = |w, h, format, ext| Variant {
            url: format!("/images/a-{w}.{ext}"),
            width: w,
            height: h,
            format,
        };
        Processed {
            width: 960,
            height: 720,
            variants: vec![
                v(480, 360, Format::Jpeg, "jpg"),
                v(960, 720, Format::Jpeg, "jpg"),
                v(480, 360, Format::Webp, "webp"),
                v(960, 720, Format::Webp, "webp"),
            ],
            fallback: Format::Jpeg,
            small: false,
            large: None,
        }
    }

    #[test]
    fn a_picture_has_sources_sizes_and_dimensions() {
        let html = picture(
            &photo(),
            &Attributes {
                alt: "A \"quoted\" tree",
                title: "",
                class: "",
                sizes: "100vw",
                eager: false,
            },
        );
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"/images/a-480.webp 480w, /images/a-960.webp 960w\" sizes=\"100vw\">\
             <img src=\"/images/a-960.jpg\" srcset=\"/images/a-480.jpg 480w, /images/a-960.jpg 960w\" sizes=\"100vw\" \
             width=\"960\" height=\"720\" alt=\"A &quot;quoted&quot; tree\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 480, 1600, u32::MAX] {
            let mut html = String::new();
            push_number(&mut html, n);
            assert_eq!(html, n.to_string());
        }
    }

    #[test]
    fn placeholder_src_is_the_prefix_in_an_attribute() {
        assert_eq!(PLACEHOLDER_SRC, format!("src=\"{PLACEHOLDER_PREFIX}"));
    }

    #[test]
    fn placeholders_are_replaced_in_either_serialisation() {
        let html = "<p><img src=\"#alianse-image-0\" alt=\"x\" /> and <img src=\"/b.png\" alt=\"y\"> <img alt=\"z\" src=\"#alianse-image-1\"></p>";
        let out = fill(html, |n| Some(format!("[{n}]")));
        assert_eq!(out, "<p>[0] and <img src=\"/b.png\" alt=\"y\"> [1]</p>");
    }
}
