//! Where an image path points and what the file is: resolving a path
//! written in a page (beside the page, or from static/ with a leading `/`),
//! reading the bytes, recognising the format by its first bytes, and the
//! size from the file header — all before any pixel is decoded, so that a
//! decompression bomb is refused by its header.

use std::path::{Component, Path, PathBuf};

use super::ImageError;

/// Largest source accepted, in pixels (a 60000×60000 PNG of a few KB would
/// need 14 GB decoded). 100 megapixels covers every phone and camera photo.
pub const MAX_PIXELS: u64 = 100_000_000;

/// Sources larger than this are published, with a warning.
pub const LARGE_BYTES: usize = 10 * 1024 * 1024;
pub const LARGE_SIDE: u32 = 6000;

/// The image formats alianse knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    Svg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }

    /// The format [`Format::extension`] names.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension {
            "jpg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            "gif" => Some(Format::Gif),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Gif => "image/gif",
            Format::Svg => "image/svg+xml",
        }
    }

    /// Whether alianse decodes and re-encodes it (GIF and SVG are published
    /// as they are, with their header size).
    pub fn is_processed(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png | Format::Webp)
    }
}

/// A source image: its facts, and its bytes when they were read (a source
/// known from the [`super::index`] is read only if it must be decoded).
pub struct SourceFile {
    pub path: PathBuf,
    bytes: Option<Vec<u8>>,
    /// Size in bytes and XXH3-128 of the bytes.
    pub len: u64,
    pub hash: u128,
    /// EXIF orientation value (1 = upright); set for processed formats.
    pub orientation: u8,
    pub format: Format,
    /// The stored size, before EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// The file name without extension, as a slug for output names.
    pub slug: String,
}

impl SourceFile {
    /// Reads and checks a source: it must exist, be a known format, have
    /// a readable header and not exceed [`MAX_PIXELS`].
    pub fn read(path: &Path, content_dir: &Path) -> Result<SourceFile, ImageError> {
        let shown = shown(path, content_dir);
        let bytes = std::fs::read(path).map_err(|e| cannot_read(&shown, &e))?;
        let format = sniff(&bytes).ok_or_else(|| unsupported(&shown, &bytes))?;
        let (width, height) = header_size(&bytes, format).ok_or_else(|| {
            ImageError::new(
                msg!("image.bad-header", image = &shown),
                msg!("image.bad-header-help"),
            )
        })?;
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(ImageError::new(
                msg!(
                    "image.too-many-pixels",
                    image = &shown,
                    width = width,
                    height = height,
                    limit = MAX_PIXELS / 1_000_000
                ),
                msg!("image.too-many-pixels-help"),
            ));
        }
        Ok(SourceFile {
            path: path.to_path_buf(),
            len: bytes.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_128(&bytes),
            bytes: Some(bytes),
            orientation: 1,
            format,
            width,
            height,
            slug: slug(path),
        })
    }

    /// A source known from the index, not read.
    pub fn known(path: &Path, len: u64, facts: &super::index::Facts) -> SourceFile {
        SourceFile {
            path: path.to_path_buf(),
            bytes: None,
            len,
            hash: facts.hash,
            orientation: facts.orientation,
            format: facts.format,
            width: facts.width,
            height: facts.height,
            slug: slug(path),
        }
    }

    /// Whether the bytes were read.
    pub fn was_read(&self) -> bool {
        self.bytes.is_some()
    }

    /// The bytes: kept from reading, or read now. A file whose bytes no
    /// longer have the recorded hash changed during the build.
    pub fn bytes(&self, content_dir: &Path) -> Result<std::borrow::Cow<'_, [u8]>, ImageError> {
        if let Some(bytes) = &self.bytes {
            return Ok(bytes.as_slice().into());
        }
        let shown = self.shown(content_dir);
        let bytes = std::fs::read(&self.path).map_err(|e| cannot_read(&shown, &e))?;
        if xxhash_rust::xxh3::xxh3_128(&bytes) != self.hash {
            return Err(ImageError::new(
                msg!("image.changed", image = &shown),
                msg!("image.changed-help"),
            ));
        }
        Ok(bytes.into())
    }

    /// The path under content/static/ (`logos/a.png`), if it is there.
    pub fn static_path(&self, content_dir: &Path) -> Option<String> {
        let rel = self.path.strip_prefix(content_dir.join("static")).ok()?;
        Some(crate::paths::to_slash(rel))
    }

    /// The source shown in messages (`content/jaunumi/a.jpg`).
    pub fn shown(&self, content_dir: &Path) -> String {
        shown(&self.path, content_dir)
    }

    /// A description of the size when the source is big enough to
    /// deserve a warning (`12.3 MB, 8000×6000 px`).
    pub fn large(&self) -> Option<String> {
        (self.len > LARGE_BYTES as u64 || self.width.max(self.height) > LARGE_SIDE).then(|| {
            format!(
                "{:.1} MB, {}×{} px",
                self.len as f64 / 1_048_576.0,
                self.width,
                self.height
            )
        })
    }
}

/// The file name without extension, as a slug for output names.
fn slug(path: &Path) -> String {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let slug = crate::i18n::slugify(&stem);
    if slug.is_empty() {
        "image".into()
    } else {
        slug
    }
}

fn shown(path: &Path, content_dir: &Path) -> String {
    match path.strip_prefix(content_dir) {
        Ok(rel) => format!("content/{}", crate::paths::to_slash(rel)),
        Err(_) => path.display().to_string(),
    }
}

pub(super) fn cannot_read(shown: &str, e: &std::io::Error) -> ImageError {
    ImageError::new(
        msg!("image.cannot-read", image = shown, error = e.to_string()),
        msg!("image.cannot-read-help"),
    )
}

fn unsupported(shown: &str, bytes: &[u8]) -> ImageError {
    let what = match imagesize::image_type(bytes) {
        Ok(kind) => crate::messages::Message::literal(format!("{kind:?}").to_uppercase()),
        Err(_) => msg!("image.not-readable"),
    };
    ImageError::new(
        msg!("image.unsupported", image = shown, what = what),
        msg!("image.unsupported-help"),
    )
}

/// Whether a file name looks like an image (for the file watcher).
pub fn is_image_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, extension)| is_extension_of(extension, IMAGE_EXTENSIONS))
}

/// The extensions of the images alianse publishes (processed or as they are).
pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "svg"];

/// Whether `extension` is one of `extensions` (lower case), in any case;
/// without a lower-case copy (every file of a site is asked about).
pub fn is_extension_of(extension: &str, extensions: &[&str]) -> bool {
    extensions.iter().any(|e| e.eq_ignore_ascii_case(extension))
}

/// The format from the first bytes (the file name may lie).
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Format::Webp)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Format::Gif)
    } else if looks_like_svg(bytes) {
        Some(Format::Svg)
    } else {
        None
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with('<')) && text.contains("<svg")
}

/// Width and height from the header, without decoding pixels.
pub fn header_size(bytes: &[u8], format: Format) -> Option<(u32, u32)> {
    if format == Format::Svg {
        return svg_size(&String::from_utf8_lossy(bytes));
    }
    let size = imagesize::blob_size(bytes).ok()?;
    let width = u32::try_from(size.width).ok()?;
    let height = u32::try_from(size.height).ok()?;
    (width > 0 && height > 0).then_some((width, height))
}

/// The size of an SVG: its `width` and `height` in pixels, else its
/// `viewBox`.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attribute = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let i = rest.find(name)?;
            let before = rest[..i].chars().last();
            let after = rest[i + name.len()..].trim_start();
            rest = &rest[i + name.len()..];
            if before.is_some_and(char::is_whitespace)
                && let Some(value) = after.strip_prefix('=')
            {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                let inner = &value[1..];
                return inner.find(quote).map(|end| &inner[..end]);
            }
        }
    };
    let pixels = |v: &str| -> Option<u32> {
        let number = v.trim().strip_suffix("px").unwrap_or(v.trim());
        let n: f64 = number.parse().ok()?;
        (1.0..100_000.0).contains(&n).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (
        attribute("width").and_then(pixels),
        attribute("height").and_then(pixels),
    ) {
        return Some((w, h));
    }
    let view_box: Vec<f64> = attribute("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view_box[..] {
        [_, _, w, h] if w >= 1.0 && h >= 1.0 && w < 100_000.0 && h < 100_000.0 => {
            Some((w.round() as u32, h.round() as u32))
        }
        _ => None,
    }
}

/// Resolves `src` as written in a file of content folder `folder`: a path
/// starting with `/` is under content/static/; any other is relative to
/// the folder (a page folder with `index.md`, or beside a plain `.md`).
pub fn locate(content_dir: &Path, folder: &str, src: &str) -> Result<PathBuf, ImageError> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    if path.contains(' ') || path.contains("%20") {
        let decoded = path.replace("%20", " ");
        let name = decoded.rsplit('/').next().unwrap_or(&decoded);
        return Err(ImageError::new(
            msg!("image.spaces", name = name),
            msg!(
                "image.spaces-help",
                name = name.replace(' ', "-").to_lowercase()
            ),
        ));
    }
    let (base, rel) = match path.strip_prefix('/') {
        Some(rest) => (content_dir.join("static"), rest.to_string()),
        None if folder.is_empty() => (content_dir.to_path_buf(), path.to_string()),
        None => (content_dir.to_path_buf(), format!("{folder}/{path}")),
    };
    let mut full = base.clone();
    for component in Path::new(&rel).components() {
        match component {
            Component::Normal(part) => full.push(part),
            Component::ParentDir if full != content_dir && full != base => {
                full.pop();
            }
            Component::CurDir => {}
            _ => {
                return Err(ImageError::new(
                    msg!("image.outside", src = src),
                    msg!("image.outside-help"),
                ));
            }
        }
    }
    if !full.is_file() {
        let shown = shown(&full, content_dir);
        let help = match nearby(&full) {
            Some(best) => msg!("yaml.did-you-mean", best = best),
            None if path.starts_with('/') => msg!("image.not-found-static-help"),
            None => msg!("image.not-found-help"),
        };
        return Err(ImageError::new(
            msg!("image.not-found", src = src, image = &shown),
            help,
        ));
    }
    Ok(full)
}

/// The closest file name in the same folder, for a "did you mean" hint.
fn nearby(missing: &Path) -> Option<String> {
    let name = missing.file_name()?.to_string_lossy().to_string();
    let names: Vec<String> = std::fs::read_dir(missing.parent()?)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .take(500)
        .collect();
    crate::error::did_you_mean(&name, names.iter().map(String::as_str)).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_their_bytes() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some(Format::Jpeg));
        assert_eq!(sniff(b"GIF89a...."), Some(Format::Gif));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">"),
            Some(Format::Svg)
        );
        assert_eq!(sniff(b"BM\0\0\0\0"), None);
    }

    #[test]
    fn svg_size_comes_from_attributes_or_view_box() {
        assert_eq!(
            svg_size(r#"<svg xmlns="x" width="120" height="40px">"#),
            Some((120, 40))
        );
        assert_eq!(
            svg_size(r#"<svg stroke-width="2" viewBox="0 0 64 32">"#),
            Some((64, 32))
        );
        assert_eq!(svg_size(r#"<svg width="100%">"#), None);
    }

    #[test]
    fn gif_size_comes_from_the_header() {
        let gif = b"GIF89a\x0a\x00\x05\x00\x00\x00\x00;";
        assert_eq!(header_size(gif, Format::Gif), Some((10, 5)));
    }

    #[test]
    fn paths_resolve_beside_the_page_or_under_static() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("jaunumi/a")).unwrap();
        std::fs::create_dir_all(content.join("static/img")).unwrap();
        std::fs::write(content.join("jaunumi/a/foto.jpg"), b"x").unwrap();
        std::fs::write(content.join("static/img/b.png"), b"x").unwrap();
        assert_eq!(
            locate(&content, "jaunumi/a", "foto.jpg").unwrap(),
            content.join("jaunumi/a/foto.jpg")
        );
        assert_eq!(
            locate(&content, "jaunumi", "a/foto.jpg").unwrap(),
            content.join("jaunumi/a/foto.jpg")
        );
        assert_eq!(
            locate(&content, "x", "/img/b.png").unwrap(),
            content.join("static/img/b.png")
        );
        let e = locate(&content, "jaunumi/a", "fotto.jpg").unwrap_err();
        assert!(e.message.contains("not found"), "{e:?}");
        assert_eq!(e.help, "did you mean `foto.jpg`?");
        let e = locate(&content, "jaunumi/a", "my photo.jpg").unwrap_err();
        assert!(e.message.contains("has spaces") && e.help.contains("my-photo.jpg"));
        assert!(locate(&content, "jaunumi", "../../../etc/passwd").is_err());
    }
}
