//! The HTML of a processed image: `<picture>` with a WebP `<source>` and
//! an `<img>` in the source's format, `srcset`/`sizes`, `width` and
//! `height` (no layout shift), and lazy loading for all but a page's first
//! image. Also puts that HTML where Markdown left its placeholders.

use super::source::Format;
use super::{PLACEHOLDER_PREFIX, Processed};
use crate::html::escape_attr;

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
pub fn picture(image: &Processed, a: &Attributes) -> String {
    let mut html = String::new();
    let other_formats: Vec<Format> = {
        let mut f: Vec<Format> = image
            .variants
            .iter()
            .map(|v| v.format)
            .filter(|f| *f != image.fallback)
            .collect();
        f.dedup();
        f
    };
    let many = image.variants.len() > 1;
    if !other_formats.is_empty() {
        html.push_str("<picture>");
        for format in other_formats {
            html.push_str(&format!(
                "<source type=\"{}\" srcset=\"{}\"",
                format.mime(),
                escape_attr(&image.srcset(format))
            ));
            if many {
                html.push_str(&format!(" sizes=\"{}\"", escape_attr(a.sizes)));
            }
            html.push('>');
        }
    }
    let src = image.src();
    html.push_str(&format!("<img src=\"{}\"", escape_attr(&src.url)));
    if image.of(image.fallback).count() > 1 {
        html.push_str(&format!(
            " srcset=\"{}\" sizes=\"{}\"",
            escape_attr(&image.srcset(image.fallback)),
            escape_attr(a.sizes)
        ));
    }
    html.push_str(&format!(
        " width=\"{}\" height=\"{}\" alt=\"{}\"",
        image.width,
        image.height,
        escape_attr(a.alt)
    ));
    if !a.title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape_attr(a.title)));
    }
    if !a.class.is_empty() {
        html.push_str(&format!(" class=\"{}\"", escape_attr(a.class)));
    }
    if a.eager {
        html.push_str(" decoding=\"async\">");
    } else {
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
    }
    if html.starts_with("<picture>") {
        html.push_str("</picture>");
    }
    html
}

/// Replaces each `<img>` whose `src` is Markdown image placeholder `N`
/// with `markup(N)` (left as it is when that gives `None`).
pub fn fill(html: &str, markup: impl Fn(usize) -> Option<String>) -> String {
    let needle = format!("src=\"{PLACEHOLDER_PREFIX}");
    if !html.contains(&needle) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(start) = rest.find("<img") {
        let Some(length) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + length + 1];
        let number = tag.find(&needle).and_then(|i| {
            let digits: String = tag[i + needle.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<usize>().ok()
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

#[cfg(test)]
mod tests {
    use super::super::Variant;
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
    fn placeholders_are_replaced_in_either_serialisation() {
        let html = "<p><img src=\"#alianse-image-0\" alt=\"x\" /> and <img src=\"/b.png\" alt=\"y\"> <img alt=\"z\" src=\"#alianse-image-1\"></p>";
        let out = fill(html, |n| Some(format!("[{n}]")));
        assert_eq!(out, "<p>[0] and <img src=\"/b.png\" alt=\"y\"> [1]</p>");
    }
}
