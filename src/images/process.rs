//! Making the published files of one source: the sizes an operation asks
//! for (never larger than the source), decoding with EXIF orientation
//! applied and the colour profile converted to sRGB, resizing (SIMD
//! Lanczos3), and encoding WebP (lossy, libwebp) plus the source's format.
//! The encoders write pixels only: no EXIF, GPS, XMP or ICC profile reaches
//! a published byte. A variant found in the disk cache is not decoded or
//! encoded again; the source is decoded only if some variant is missing.

use std::fmt::Write as _;
use std::io::Cursor;
use std::sync::Arc;

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits, metadata::Orientation};
use xxhash_rust::xxh3::xxh3_128;

use super::source::{Format, SourceFile};
use super::{ImageError, Op, Pipeline, Processed, Published, Request, Variant};
use crate::config::ImageOptions;

/// Changes when the way variants are made changes, so that old cache
/// entries are not reused.
pub(super) const RECIPE: &str = "alianse-images-1";

/// The cache entry (file name, length) of each variant of an image.
pub type Entries = Vec<(String, u64)>;

/// Makes (or finds in the cache) every variant of `file` for `origin`'s
/// operation; with them, for a processed format, the name and length of
/// the cache entry of each variant, in the order of the variants.
pub fn make(
    file: &SourceFile,
    origin: &Arc<Request>,
    settings: &ImageOptions,
    pipeline: &Pipeline,
) -> Result<(Processed, Option<Entries>), ImageError> {
    let op = origin.op;
    if !file.format.is_processed() {
        return passthrough(file, op, pipeline).map(|p| (p, None));
    }
    let orientation = Orientation::from_exif(file.orientation).unwrap_or(Orientation::NoTransforms);
    let (width, height) = if swaps_sides(orientation) {
        (file.height, file.width)
    } else {
        (file.width, file.height)
    };
    let plan = plan(width, height, op, &settings.widths);
    let formats = formats(file.format, settings);
    let source_hash = file.hash;
    let mut pixels = Pixels {
        file,
        orientation,
        content_dir: pipeline.content_dir(),
        decoded: None,
    };
    let mut variants = Vec::with_capacity(plan.sizes.len() * formats.len());
    // The text each variant's key hashes, built once per source and op
    // (a warm build makes hundreds of keys).
    let prefix = format!("{RECIPE} {source_hash:032x} {op:?} ");
    let mut keyed = String::with_capacity(prefix.len() + 96);
    for size in &plan.sizes {
        let mut resized: Option<Decoded> = None;
        let sized = format!("{size:?} ");
        for &format in &formats {
            keyed.clear();
            keyed.push_str(&prefix);
            keyed.push_str(&sized);
            let _ = write!(keyed, "{format:?} {}", settings.quality);
            let key = hex32(xxh3_128(keyed.as_bytes()));
            let bytes = match pipeline.cached_variant(&key, format, origin) {
                Some(bytes) => bytes,
                None => {
                    if resized.is_none() {
                        resized = Some(pixels.resized(size)?);
                    }
                    let image = resized.as_ref().expect("resized above");
                    let encoded = encode(image, format, settings.quality).map_err(|e| {
                        ImageError::new(
                            msg!(
                                "image.cannot-encode",
                                image = file.shown(pipeline.content_dir()),
                                error = e.to_string()
                            ),
                            msg!("image.bug-help"),
                        )
                    })?;
                    pipeline.store_variant(&key, format, encoded)
                }
            };
            let mut path = String::with_capacity(file.slug.len() + 48);
            path.push_str("images/");
            path.push_str(&file.slug);
            let _ = write!(path, "-{}x{}.", size.width, size.height);
            path.push_str(&key[..10]);
            path.push('.');
            path.push_str(format.extension());
            let len = match &bytes {
                Published::Cached { len, .. } => *len,
                Published::Bytes(bytes) => bytes.len() as u64,
            };
            let mut entry = key;
            entry.push('.');
            entry.push_str(format.extension());
            let variant = Variant {
                url: pipeline.publish(path, bytes),
                width: size.width,
                height: size.height,
                format,
            };
            variants.push((variant, (entry, len)));
        }
    }
    variants.sort_by_key(|(v, _)| (v.format, v.width));
    let (variants, entries) = variants.into_iter().unzip();
    // A box (logo) is shown at its first size; the second is for fine screens.
    let shown_size = match op {
        Op::Fit { .. } => plan.sizes.first(),
        _ => plan.sizes.last(),
    }
    .expect("a plan has a size");
    let processed = Processed {
        width: shown_size.width,
        height: shown_size.height,
        variants,
        fallback: *formats.last().expect("at least the source format"),
        small: plan.small,
        large: file.large(),
    };
    Ok((processed, Some(entries)))
}

/// `{:032x}` of a 128-bit hash, without the formatting machinery (a warm
/// build makes hundreds of keys).
fn hex32(hash: u128) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..32)
        .rev()
        .map(|i| char::from(DIGITS[((hash >> (i * 4)) & 0xf) as usize]))
        .collect()
}

/// A source's pixels, decoded only when a variant is not in the cache, and
/// then once.
struct Pixels<'a> {
    file: &'a SourceFile,
    orientation: Orientation,
    content_dir: &'a std::path::Path,
    decoded: Option<Decoded>,
}

impl Pixels<'_> {
    fn resized(&mut self, size: &Size) -> Result<Decoded, ImageError> {
        if self.decoded.is_none() {
            let bytes = self.file.bytes(self.content_dir)?;
            let decoded = decode(&bytes, self.orientation)
                .map_err(|e| damaged(&self.file.shown(self.content_dir), &e))?;
            self.decoded = Some(decoded);
        }
        resize(self.decoded.as_ref().expect("decoded above"), size)
    }
}

/// The formats to publish: WebP when asked for, then the source's format
/// (every browser shows it), smallest effort first.
fn formats(source: Format, settings: &ImageOptions) -> Vec<Format> {
    let mut formats = Vec::new();
    if settings.formats.iter().any(|f| f == "webp") && source != Format::Webp {
        formats.push(Format::Webp);
    }
    formats.push(source);
    formats
}

/// GIF and SVG: published as they are (a file from static/ keeps its
/// address; one beside a page is published under images/), with the size
/// the box asks for computed from the header.
fn passthrough(file: &SourceFile, op: Op, pipeline: &Pipeline) -> Result<Processed, ImageError> {
    let url = match file.static_path(pipeline.content_dir()) {
        Some(rel) => format!("/{rel}"),
        None => {
            let path = format!(
                "images/{}.{:010x}.{}",
                file.slug,
                file.hash >> 88,
                file.format.extension()
            );
            let bytes = file.bytes(pipeline.content_dir())?;
            pipeline.publish(path, super::Published::Bytes(bytes.into_owned().into()))
        }
    };
    let mut plan = plan(file.width, file.height, op, &[]);
    if let (Format::Svg, Op::Fit { width, height }) = (file.format, op) {
        // A drawing scales without loss: it fills its box.
        let scale = (f64::from(width) / f64::from(file.width))
            .min(f64::from(height) / f64::from(file.height));
        let w = ((f64::from(file.width) * scale).round() as u32).max(1);
        plan = Plan {
            sizes: vec![scaled(file.width, file.height, w)],
            small: false,
        };
    }
    let size = plan.sizes.first().copied().unwrap_or(Size {
        width: file.width,
        height: file.height,
        crop: None,
    });
    Ok(Processed {
        width: size.width,
        height: size.height,
        variants: vec![Variant {
            url,
            width: size.width,
            height: size.height,
            format: file.format,
        }],
        fallback: file.format,
        small: plan.small,
        large: file.large(),
    })
}

/// One output size, with the part of the source it shows when cropped
/// (left, top, width, height in source pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
    pub crop: Option<(f64, f64, f64, f64)>,
}

/// The sizes to make, smallest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub sizes: Vec<Size>,
    /// The source is smaller than the box on both sides.
    pub small: bool,
}

fn scaled(width: u32, height: u32, new_width: u32) -> Size {
    let h = (f64::from(height) * f64::from(new_width) / f64::from(width)).round() as u32;
    Size {
        width: new_width,
        height: h.max(1),
        crop: None,
    }
}

/// The sizes for an operation on a `width`×`height` source (upright).
pub fn plan(width: u32, height: u32, op: Op, widths: &[u32]) -> Plan {
    match op {
        Op::Responsive => {
            let mut list: Vec<u32> = widths.iter().copied().filter(|&w| w < width).collect();
            let largest = widths.iter().copied().max().unwrap_or(width);
            if width <= largest || list.is_empty() {
                list.push(width.min(largest.max(1)));
            }
            list.sort_unstable();
            list.dedup();
            Plan {
                sizes: list.into_iter().map(|w| scaled(width, height, w)).collect(),
                small: false,
            }
        }
        Op::Fit {
            width: box_w,
            height: box_h,
        } => {
            let scale = (f64::from(box_w) / f64::from(width))
                .min(f64::from(box_h) / f64::from(height))
                .min(1.0);
            let w = ((f64::from(width) * scale).round() as u32).max(1);
            let mut sizes = vec![scaled(width, height, w)];
            // A second, double-density size for sharp logos on fine screens.
            let double = (w * 2).min(width);
            if double > w {
                sizes.push(scaled(width, height, double));
            }
            Plan {
                sizes,
                small: width < box_w && height < box_h,
            }
        }
        Op::Fill {
            width: box_w,
            height: box_h,
        } => {
            let ratio = f64::from(box_w) / f64::from(box_h);
            let (crop_w, crop_h) = if f64::from(width) / f64::from(height) > ratio {
                (f64::from(height) * ratio, f64::from(height))
            } else {
                (f64::from(width), f64::from(width) / ratio)
            };
            let w = (box_w as f64).min(crop_w).round().max(1.0) as u32;
            let h = ((f64::from(w) / ratio).round() as u32).max(1);
            let crop = (
                (f64::from(width) - crop_w) / 2.0,
                (f64::from(height) - crop_h) / 2.0,
                crop_w,
                crop_h,
            );
            Plan {
                sizes: vec![Size {
                    width: w,
                    height: h,
                    crop: Some(crop),
                }],
                small: w < box_w,
            }
        }
    }
}

/// Decoded pixels, upright and in sRGB: RGB, or RGBA when the source has
/// transparency.
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub pixels: Vec<u8>,
}

pub fn damaged(shown: &str, error: &image::ImageError) -> ImageError {
    ImageError::new(
        msg!(
            "image.cannot-decode",
            image = shown,
            error = error.to_string()
        ),
        msg!("image.cannot-decode-help"),
    )
}

fn reader(bytes: &[u8]) -> image::ImageResult<ImageReader<Cursor<&[u8]>>> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = Limits::default();
    // The header was checked against MAX_PIXELS; this bounds what a lying
    // header could still make the decoder allocate.
    limits.max_alloc = Some(super::source::MAX_PIXELS * 8);
    reader.limits(limits);
    Ok(reader)
}

/// The EXIF orientation, read from the header only.
pub fn read_orientation(bytes: &[u8]) -> image::ImageResult<Orientation> {
    let mut decoder = reader(bytes)?.into_decoder()?;
    decoder.orientation()
}

fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Decodes, turns upright and converts to sRGB.
pub fn decode(bytes: &[u8], orientation: Orientation) -> image::ImageResult<Decoded> {
    let mut decoder = reader(bytes)?.into_decoder()?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    let alpha = image.color().has_alpha();
    let (width, height) = (image.width(), image.height());
    let pixels = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    let mut decoded = Decoded {
        width,
        height,
        alpha,
        pixels,
    };
    if let Some(icc) = icc {
        to_srgb(&mut decoded, &icc);
    }
    Ok(decoded)
}

/// Converts pixels from the source's ICC profile to sRGB (Display P3
/// phone photos would look dull otherwise). A profile that is sRGB already,
/// or that cannot be read, leaves the pixels as they are.
fn to_srgb(image: &mut Decoded, icc: &[u8]) {
    use moxcms::{ColorProfile, Layout, TransformOptions};
    if memchr::memmem::find(icc, b"sRGB").is_some() {
        return;
    }
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    let layout = if image.alpha {
        Layout::Rgba
    } else {
        Layout::Rgb
    };
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) =
        profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let mut out = vec![0; image.pixels.len()];
    if transform.transform(&image.pixels, &mut out).is_ok() {
        image.pixels = out;
    }
}

/// Resizes (and crops) with Lanczos3; alpha is premultiplied while
/// resizing, so that transparent edges do not darken.
fn resize(source: &Decoded, size: &Size) -> Result<Decoded, ImageError> {
    let pixel = if source.alpha {
        fr::PixelType::U8x4
    } else {
        fr::PixelType::U8x3
    };
    let failed = |e: &dyn std::fmt::Display| {
        ImageError::new(
            msg!("image.cannot-resize", error = e.to_string()),
            msg!("image.bug-help"),
        )
    };
    if size.crop.is_none() && size.width == source.width && size.height == source.height {
        return Ok(Decoded {
            pixels: source.pixels.clone(),
            ..*source
        });
    }
    let src = fr::images::ImageRef::new(source.width, source.height, &source.pixels, pixel)
        .map_err(|e| failed(&e))?;
    let mut dst = fr::images::Image::new(size.width, size.height, pixel);
    let mut options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    if let Some((left, top, width, height)) = size.crop {
        options = options.crop(left, top, width, height);
    }
    fr::Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| failed(&e))?;
    Ok(Decoded {
        width: size.width,
        height: size.height,
        alpha: source.alpha,
        pixels: dst.into_vec(),
    })
}

/// Encodes pixels; no metadata is written by any of these encoders.
fn encode(image: &Decoded, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let color = if image.alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    match format {
        Format::Webp => {
            let encoder = if image.alpha {
                webp::Encoder::from_rgba(&image.pixels, image.width, image.height)
            } else {
                webp::Encoder::from_rgb(&image.pixels, image.width, image.height)
            };
            out.extend_from_slice(&encoder.encode(f32::from(quality)));
        }
        Format::Jpeg => {
            // JPEG has no transparency: flatten onto white first.
            let pixels = if image.alpha {
                flatten(&image.pixels)
            } else {
                image.pixels.clone()
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(
                    &pixels,
                    image.width,
                    image.height,
                    image::ExtendedColorType::Rgb8,
                )
                .map_err(|e| e.to_string())?;
        }
        Format::Png => {
            image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Default,
                image::codecs::png::FilterType::Adaptive,
            )
            .write_image(&image.pixels, image.width, image.height, color)
            .map_err(|e| e.to_string())?;
        }
        Format::Gif | Format::Svg => return Err(format!("{format:?} is not re-encoded")),
    }
    Ok(out)
}

fn flatten(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_hash_in_lower_case_hex() {
        for hash in [0, 1, 0xabc, u128::MAX, 0x0123_4567_89ab_cdef << 60] {
            assert_eq!(hex32(hash), format!("{hash:032x}"));
        }
    }

    #[test]
    fn responsive_sizes_are_never_upscaled() {
        let widths = [480, 960, 1600];
        let w = |p: Plan| p.sizes.iter().map(|s| s.width).collect::<Vec<_>>();
        assert_eq!(
            w(plan(4000, 3000, Op::Responsive, &widths)),
            [480, 960, 1600]
        );
        assert_eq!(
            w(plan(1200, 800, Op::Responsive, &widths)),
            [480, 960, 1200]
        );
        assert_eq!(w(plan(300, 200, Op::Responsive, &widths)), [300]);
        assert_eq!(
            plan(4000, 3000, Op::Responsive, &widths).sizes[0].height,
            360
        );
    }

    #[test]
    fn fill_crops_to_the_box_and_fit_keeps_the_aspect() {
        let p = plan(
            4000,
            3000,
            Op::Fill {
                width: 1200,
                height: 630,
            },
            &[],
        );
        assert_eq!((p.sizes[0].width, p.sizes[0].height), (1200, 630));
        let (_, top, cw, ch) = p.sizes[0].crop.unwrap();
        assert!(
            (cw - 4000.0).abs() < 1e-6 && (ch - 2100.0).abs() < 1e-6 && (top - 450.0).abs() < 1e-6
        );
        let p = plan(
            400,
            100,
            Op::Fit {
                width: 160,
                height: 80,
            },
            &[],
        );
        assert_eq!((p.sizes[0].width, p.sizes[0].height), (160, 40));
        assert_eq!(p.sizes[1].width, 320);
        let tiny = plan(
            8,
            8,
            Op::Fit {
                width: 160,
                height: 80,
            },
            &[],
        );
        assert!(tiny.small);
        assert_eq!((tiny.sizes[0].width, tiny.sizes.len()), (8, 1));
    }
}
