//! Images written in Markdown (`![alt](src "title")`): which destinations
//! the pipeline takes care of, and what the Markdown walk records of each
//! (its place, alt text and title) while the HTML holds a placeholder.

use super::source;

/// An image written in Markdown (`![alt](src "title")`), recorded while the
/// page renders; the HTML holds a placeholder until the resolve phase puts
/// the `<picture>` in its place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageRef {
    /// The destination as written.
    pub src: String,
    pub alt: String,
    pub title: String,
    /// 1-based line and column in the Markdown body.
    pub line: usize,
    pub column: usize,
    /// Written as `![""](…)`: the image is decoration and gets `alt=""`.
    pub decorative: bool,
}

/// The `src` written into the HTML in place of Markdown image `N`: a
/// relative URL, so that it survives the sanitiser unchanged.
pub const PLACEHOLDER_PREFIX: &str = "#alianse-image-";

/// Whether a Markdown image destination names a local image file the
/// pipeline takes care of: not `https:`, `//host`, `data:` or an anchor,
/// and named like an image (including formats it refuses with a message,
/// such as HEIC). Anything else is checked as a link.
pub fn is_local(src: &str) -> bool {
    let scheme = src.split_once(':').map(|(s, _)| s);
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let image_name = path.rsplit_once('.').is_some_and(|(_, e)| {
        source::is_extension_of(e, source::IMAGE_EXTENSIONS)
            || source::is_extension_of(
                e,
                &["avif", "heic", "heif", "tif", "tiff", "bmp", "ico", "jxl"],
            )
    });
    image_name
        && !(src.is_empty()
            || src.starts_with("//")
            || src.starts_with('#')
            || scheme.is_some_and(|s| {
                !s.is_empty() && !s.contains('/') && s.chars().all(|c| c.is_ascii_alphanumeric())
            }))
}

/// Records a local Markdown image when its start is seen; returns the
/// placeholder `src` to write. `written` is its Markdown source text.
pub fn record(
    images: &mut Vec<ImageRef>,
    src: &str,
    title: &str,
    line: usize,
    column: usize,
    written: &str,
) -> String {
    let alt_written = written
        .strip_prefix("![")
        .and_then(|rest| rest.split(']').next())
        .unwrap_or("");
    images.push(ImageRef {
        src: src.to_string(),
        alt: String::new(),
        title: title.to_string(),
        line,
        column,
        decorative: matches!(alt_written.trim(), "\"\"" | "“”" | "''"),
    });
    format!("{PLACEHOLDER_PREFIX}{}", images.len() - 1)
}

/// Gives the last recorded image its alt text when its end is seen.
/// Returns whether the image was one the pipeline takes care of.
pub fn finish(images: &mut [ImageRef], src: &str, alt: &str) -> bool {
    match images.last_mut() {
        Some(image) if image.src == src && image.alt.is_empty() => {
            if !image.decorative {
                image.alt = alt.trim().to_string();
            }
            true
        }
        _ => false,
    }
}
