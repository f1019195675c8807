//! The image pipeline end to end, on the `images` fixture with images made
//! by the test: photos turned upright, metadata gone, transparency kept,
//! sizes never above the source, width and height on every `<img>`, the
//! cache reused, builds byte-identical, and every bad input reported with
//! its file and line while output/ stays as it was.

mod common;

use common::Site;
use image::{GenericImageView, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use std::collections::BTreeMap;

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn png(image: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    out
}

fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    })
}

/// The GPS latitude 56° 57' 12.34" as EXIF rationals: must never be published.
const LATITUDE: [u8; 24] = [
    0, 0, 0, 56, 0, 0, 0, 1, 0, 0, 0, 57, 0, 0, 0, 1, 0, 0, 4, 210, 0, 0, 0, 100,
];

/// An APP1 EXIF segment with an orientation and, if asked, a GPS position.
fn exif_segment(orientation: u16, gps: bool) -> Vec<u8> {
    let entries: u16 = if gps { 2 } else { 1 };
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend(entries.to_be_bytes());
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0]);
    let gps_ifd = 8 + 2 + 12 * u32::from(entries) + 4;
    if gps {
        tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1]);
        tiff.extend(gps_ifd.to_be_bytes());
    }
    tiff.extend([0, 0, 0, 0]);
    if gps {
        let rationals = gps_ifd + 2 + 12 * 2 + 4;
        tiff.extend(2u16.to_be_bytes());
        tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        tiff.extend([0, 2, 0, 5, 0, 0, 0, 3]);
        tiff.extend(rationals.to_be_bytes());
        tiff.extend([0, 0, 0, 0]);
        tiff.extend(LATITUDE);
    }
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    segment
}

fn with_exif(jpeg: Vec<u8>, segment: &[u8]) -> Vec<u8> {
    [&jpeg[..2], segment, &jpeg[2..]].concat()
}

/// A 10×5 GIF (header, empty colour table, one pixel of image data).
const GIF: &[u8] = b"GIF89a\x0a\x00\x05\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x0a\x00\x05\x00\x00\x02\x02\x44\x01\x00;";

/// The fixture with its images written.
fn images_site() -> Site {
    let site = Site::fixture("images");
    let bundle = "content/jaunumi/kopsapulce";
    site.write(&format!("{bundle}/vaks.jpg"), jpeg(&gradient(2000, 1200)));
    // Stored 600×300, left half red, right half blue; EXIF says "turn 90° clockwise".
    let sideways = RgbImage::from_fn(600, 300, |x, _| {
        if x < 300 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    site.write(
        &format!("{bundle}/pagriezta.jpg"),
        with_exif(jpeg(&sideways), &exif_segment(6, false)),
    );
    site.write(
        "content/static/foto/gps.jpg",
        with_exif(jpeg(&gradient(800, 600)), &exif_segment(1, true)),
    );
    let circle = RgbaImage::from_fn(400, 400, |x, y| {
        let (dx, dy) = (x as i32 - 200, y as i32 - 200);
        if dx * dx + dy * dy < 150 * 150 {
            Rgba([30, 160, 90, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    site.write(&format!("{bundle}/aplis.png"), png(&circle));
    site.write("content/static/sauri/svitra.jpg", jpeg(&gradient(300, 100)));
    site.write("content/static/rotajums.gif", GIF);
    site.write(
        &format!("{bundle}/zime.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="teal"/></svg>"#,
    );
    site.write(
        "content/jaunumi/vienkarsa-attels.jpg",
        jpeg(&gradient(1000, 500)),
    );
    let logo = |w, h| png(&RgbaImage::from_pixel(w, h, Rgba([200, 40, 40, 255])));
    site.write("content/static/logos/liels.png", logo(800, 400));
    site.write("content/static/logos/mazs.png", logo(8, 8));
    site.write(
        "content/static/share.png",
        png(&RgbaImage::from_pixel(1600, 900, Rgba([10, 90, 160, 255]))),
    );
    site
}

/// One good build shared by the tests that only read its output (each
/// build encodes some thirty variants; once is enough). The result is kept
/// with its warnings.
fn built() -> &'static (Site, alianse::build::BuildResult) {
    static BUILT: std::sync::OnceLock<(Site, alianse::build::BuildResult)> =
        std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let site = images_site();
        let result = site.build_ok();
        (site, result)
    })
}

fn output_files(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.snapshot()
}

fn published(site: &Site, prefix: &str, extension: &str) -> Vec<(String, Vec<u8>)> {
    output_files(site)
        .into_iter()
        .filter(|(p, _)| p.starts_with(&format!("images/{prefix}-")) && p.ends_with(extension))
        .collect()
}

/// The `<img …>` tags of an HTML text.
fn img_tags(html: &str) -> Vec<&str> {
    html.match_indices("<img ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

#[test]
fn a_photo_turned_by_exif_comes_out_upright() {
    let site = &built().0;
    let jpegs = published(site, "pagriezta", ".jpg");
    assert_eq!(
        jpegs.len(),
        1,
        "{:?}",
        jpegs.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let (name, bytes) = &jpegs[0];
    assert!(name.contains("-300x600."), "{name}");
    let image = image::load_from_memory(bytes).unwrap();
    assert_eq!(image.dimensions(), (300, 600));
    let top = image.get_pixel(150, 60);
    let bottom = image.get_pixel(150, 540);
    assert!(top[0] > 150 && top[2] < 100, "top should be red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom should be blue: {bottom:?}"
    );
    let webp = published(site, "pagriezta", ".webp");
    let image = image::load_from_memory(&webp[0].1).unwrap();
    assert_eq!(image.dimensions(), (300, 600));
}

#[test]
fn no_published_byte_carries_exif_or_the_gps_position() {
    let site = &built().0;
    let source = std::fs::read(site.path("content/static/foto/gps.jpg")).unwrap();
    let files = output_files(site);
    assert!(
        !files.contains_key("foto/gps.jpg"),
        "the original was copied"
    );
    assert!(published(site, "gps", ".jpg").len() >= 2);
    for (path, bytes) in &files {
        assert_ne!(bytes, &source, "{path} is the original photo");
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(!has(b"Exif\0\0"), "{path} has EXIF");
        assert!(!has(&LATITUDE), "{path} has the GPS latitude");
    }
}

#[test]
fn png_transparency_is_kept_in_every_format() {
    let site = &built().0;
    for extension in [".png", ".webp"] {
        let files = published(site, "aplis", extension);
        assert!(!files.is_empty(), "no {extension}");
        for (name, bytes) in files {
            let image = image::load_from_memory(&bytes).unwrap();
            let (w, h) = image.dimensions();
            assert_eq!(
                image.get_pixel(2, 2)[3],
                0,
                "{name}: corner not transparent"
            );
            assert_eq!(
                image.get_pixel(w / 2, h / 2)[3],
                255,
                "{name}: centre not opaque"
            );
        }
    }
}

#[test]
fn variants_follow_the_widths_and_are_never_wider_than_their_source() {
    let site = &built().0;
    let html = site.page("jaunumi/kopsapulce/index.html");
    let cover = img_tags(&html)
        .into_iter()
        .find(|t| t.contains("class=\"cover\""))
        .expect("the cover is shown");
    let widths: Vec<&str> = attribute(cover, "srcset")
        .unwrap()
        .split(", ")
        .map(|c| c.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(widths, ["480w", "960w", "1600w"]);
    assert_eq!(
        (attribute(cover, "width"), attribute(cover, "height")),
        (Some("1600"), Some("960"))
    );
    // 300 px wide: one size, its own.
    let narrow: Vec<String> = output_files(site)
        .into_keys()
        .filter(|p| p.starts_with("images/svitra-"))
        .collect();
    assert_eq!(narrow.len(), 2, "{narrow:?}");
    assert!(narrow.iter().all(|p| p.contains("-300x100.")), "{narrow:?}");
    // 1000 px wide, beside a plain .md file: 480, 960 and 1000.
    let mut sizes: Vec<u32> = published(site, "vienkarsa-attels", ".jpg")
        .iter()
        .map(|(_, b)| image::load_from_memory(b).unwrap().width())
        .collect();
    sizes.sort();
    assert_eq!(sizes, [480, 960, 1000]);
}

#[test]
fn every_img_has_width_and_height_and_only_the_first_loads_at_once() {
    let site = &built().0;
    let mut seen = 0;
    for (path, bytes) in output_files(site) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for tag in img_tags(&html) {
            seen += 1;
            assert!(
                attribute(tag, "width").is_some() && attribute(tag, "height").is_some(),
                "{path}: {tag}"
            );
        }
    }
    assert!(seen >= 10, "only {seen} images");
    let html = site.page("jaunumi/kopsapulce/index.html");
    let tags = img_tags(&html);
    let lazy: Vec<bool> = tags
        .iter()
        .map(|t| t.contains("loading=\"lazy\""))
        .collect();
    assert_eq!(
        lazy,
        [false, true, true, true, true, true, true],
        "{tags:#?}"
    );
    let gif = tags.iter().find(|t| t.contains(".gif")).unwrap();
    assert_eq!(
        (
            attribute(gif, "width"),
            attribute(gif, "height"),
            attribute(gif, "alt")
        ),
        (Some("10"), Some("5"), Some(""))
    );
    let svg = tags.iter().find(|t| t.contains(".svg")).unwrap();
    assert_eq!(
        (attribute(svg, "width"), attribute(svg, "height")),
        (Some("120"), Some("60"))
    );
    assert!(html.contains("<source type=\"image/webp\" srcset=\"../../images/pagriezta-300x600."));
    assert!(html.contains("title=\"Virsraksts\""));
}

#[test]
fn covers_make_share_images_with_absolute_urls_and_logos_fit_their_box() {
    let (site, result) = built();
    let html = site.page("jaunumi/kopsapulce/index.html");
    let og = html
        .split("<meta property=\"og:image\" content=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    assert!(
        og.starts_with("https://example.org/sub/images/vaks-1200x630."),
        "{og}"
    );
    let file = og.trim_start_matches("https://example.org/sub/");
    let share = image::load_from_memory(&output_files(site)[file]).unwrap();
    assert_eq!(share.dimensions(), (1200, 630));
    assert!(html.contains(
        "<meta name=\"twitter:image\" content=\"https://example.org/sub/images/vaks-1200x630."
    ));
    // A page without a cover shares the site's picture.
    let home = site.page("index.html");
    assert!(
        home.contains("content=\"https://example.org/sub/images/share-1200x630."),
        "{home}"
    );
    // The news list shows the cover as a card picture.
    let list = site.page("jaunumi/index.html");
    assert!(list.contains("class=\"card-cover\""));
    // Logos: fitted in 200×100; the 8×8 one stays 8×8, with a warning.
    let member = site.page("biedri/liels-logo/index.html");
    let logo = img_tags(&member)
        .into_iter()
        .find(|t| t.contains("class=\"logo\""))
        .unwrap();
    assert_eq!(
        (attribute(logo, "width"), attribute(logo, "height")),
        (Some("200"), Some("100"))
    );
    let small = site.page("biedri/mazs-logo/index.html");
    let logo = img_tags(&small)
        .into_iter()
        .find(|t| t.contains("class=\"logo\""))
        .unwrap();
    assert_eq!(
        (attribute(logo, "width"), attribute(logo, "height")),
        (Some("8"), Some("8"))
    );
    let warning = result
        .diagnostics
        .warnings()
        .find(|d| {
            d.message
                .contains("logo `logos/mazs.png` is only 8×8 pixels")
        })
        .expect("a warning about the tiny logo");
    assert_eq!(
        warning.place().as_deref(),
        Some("content/data/members.yaml:8")
    );
}

#[test]
fn a_second_build_encodes_nothing_and_builds_are_byte_identical() {
    let site = images_site();
    let first = site.build_ok();
    let stats = first.summary.unwrap().images;
    assert!(stats.encoded > 0 && stats.images >= 8, "{stats:?}");
    let before = output_files(&site);
    std::fs::remove_dir_all(site.path("output")).unwrap();
    let second = site.build_ok().summary.unwrap();
    assert_eq!(second.images.encoded, 0, "{second}");
    assert_eq!(second.images.cached, stats.encoded + stats.cached);
    assert!(
        second.to_string().contains("0 variants encoded"),
        "{second}"
    );
    assert!(before == output_files(&site), "the second build differs");
}

/// Modes of output/'s files, relative path → permission bits.
#[cfg(unix)]
fn modes(site: &Site) -> BTreeMap<String, u32> {
    use std::os::unix::fs::PermissionsExt;
    let out = site.path("output");
    walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap().display().to_string();
            (rel, e.metadata().unwrap().permissions().mode() & 0o777)
        })
        .collect()
}

/// Files an older version wrote owner-only (0600), pages and image
/// variants alike, get the mode of a file the user makes at the next
/// build, though their bytes are the same.
#[cfg(unix)]
#[test]
fn files_left_owner_only_by_an_older_version_are_made_readable() {
    use std::os::unix::fs::PermissionsExt;
    let site = images_site();
    site.build_ok();
    let before = output_files(&site);
    std::fs::write(site.path("mine.txt"), "x").unwrap();
    let want = std::fs::metadata(site.path("mine.txt"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    let first = modes(&site);
    assert!(first.values().all(|m| *m == want), "{first:?}");
    assert!(first.keys().any(|p| p.ends_with(".webp")), "{first:?}");
    for rel in first.keys() {
        let path = site.path("output").join(rel);
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    site.build_ok();
    let again = modes(&site);
    let wrong: Vec<_> = again.iter().filter(|(_, m)| **m != want).collect();
    assert!(wrong.is_empty(), "still owner-only: {wrong:?}");
    assert!(before == output_files(&site), "the bytes changed");
}

#[test]
fn a_cache_entry_gone_between_builds_is_made_again_not_published_empty() {
    let site = images_site();
    site.build_ok();
    let before = output_files(&site);
    let cache = alianse::images::cache::Cache::open(&site.path(""))
        .expect("a cache folder")
        .dir()
        .to_path_buf();
    let entry = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "webp"))
        .expect("a cached WebP variant");
    std::fs::remove_file(&entry).unwrap();
    std::fs::remove_dir_all(site.path("output")).unwrap();
    let second = site.build_ok().summary.unwrap();
    assert_eq!(second.images.encoded, 1, "{second}");
    assert!(before == output_files(&site), "the rebuilt site differs");
    // And the next build finds it again.
    std::fs::remove_dir_all(site.path("output")).unwrap();
    let third = site.build_ok().summary.unwrap();
    assert_eq!(third.images.encoded, 0, "{third}");
    assert!(before == output_files(&site), "the third build differs");
}

/// The cached variants (file paths) of the site's image cache, by extension.
fn cache_entries(site: &Site, extension: &str) -> Vec<std::path::PathBuf> {
    let cache = alianse::images::cache::Cache::open(&site.path(""))
        .expect("a cache folder")
        .dir()
        .to_path_buf();
    let mut entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    entries.sort();
    entries
}

#[test]
fn a_cache_entry_cut_short_is_made_again_when_output_needs_it() {
    let site = images_site();
    site.build_ok();
    let before = output_files(&site);
    // A rebuild trusts what the last build made of each image: the cache
    // entries are not looked at while output/ holds every variant…
    let entry = cache_entries(&site, "jpg")
        .into_iter()
        .next()
        .expect("a cached JPEG variant");
    let whole = std::fs::read(&entry).unwrap();
    std::fs::write(&entry, &whole[..whole.len() / 2]).unwrap();
    let page = "content/jaunumi/kopsapulce/index.md";
    site.edit(page, "Rotājums:", "Rotājums un zīmējums:");
    let edited = site.build_ok().summary.unwrap();
    assert_eq!(edited.images.encoded, 0, "{edited}");
    site.edit(page, "Rotājums un zīmējums:", "Rotājums:");
    // …and when output/ needs the variant, the entry's length gives it
    // away: the variant is encoded again, never published cut short.
    std::fs::remove_dir_all(site.path("output")).unwrap();
    let again = site.build_ok().summary.unwrap();
    assert_eq!(again.images.encoded, 1, "{again}");
    assert!(before == output_files(&site), "the rebuilt site differs");
    assert_eq!(
        std::fs::read(&entry).unwrap(),
        whole,
        "the cache was not mended"
    );
    std::fs::remove_dir_all(site.path("output")).unwrap();
    let third = site.build_ok().summary.unwrap();
    assert_eq!(third.images.encoded, 0, "{third}");
    assert!(before == output_files(&site), "the third build differs");
}

#[test]
fn cache_entries_of_an_image_no_longer_used_are_pruned() {
    let site = images_site();
    site.build_ok();
    let entries = cache_entries(&site, "jpg").len() + cache_entries(&site, "webp").len();
    // The photo beside a plain page goes: its variants leave the cache.
    site.edit(
        "content/jaunumi/vienkarsa.md",
        "![Attēls blakus](vienkarsa-attels.jpg)",
        "bez attēla",
    );
    site.build_ok();
    let now = cache_entries(&site, "jpg").len() + cache_entries(&site, "webp").len();
    assert!(now < entries, "{now} of {entries} entries left");
}

#[test]
fn themes_can_ask_for_any_size_with_image() {
    let site = images_site();
    site.write(
        "templates/members.html",
        r#"{% extends "base.html" %}{% block content %}{% set square = image(path="/share.png", width=300, height=300, op="fill") %}<img src="{{ square.url }}" width="{{ square.width }}" height="{{ square.height }}" alt="" data-srcset="{{ square.srcset }}">{% set wide = image(path="jaunumi/kopsapulce/vaks.jpg") %}<p id="wide">{{ wide.width }} {{ wide.srcset }}</p>{% endblock content %}"#,
    );
    site.build_ok();
    let html = site.page("biedri/index.html");
    let tag = img_tags(&html)
        .into_iter()
        .find(|t| t.contains("alt=\"\""))
        .unwrap();
    assert_eq!(
        (attribute(tag, "width"), attribute(tag, "height")),
        (Some("300"), Some("300"))
    );
    let file = attribute(tag, "src").unwrap().trim_start_matches("../");
    assert_eq!(
        image::load_from_memory(&output_files(&site)[file])
            .unwrap()
            .dimensions(),
        (300, 300)
    );
    assert!(
        html.contains("<p id=\"wide\">1600 /images/vaks-480x288."),
        "{html}"
    );
}

/// Builds the good site, spoils it, builds again: the build fails with a
/// message at `place` containing `message` (and `help`), output/ unchanged.
fn refused(spoil: impl Fn(&Site), place: &str, message: &str, help: &str) {
    let site = images_site();
    site.build_ok();
    let before = output_files(&site);
    spoil(&site);
    let result = site.build();
    assert!(!result.ok(), "the build should fail for: {message}");
    let d = result
        .diagnostics
        .errors()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("no error `{message}` in:\n{}", result.diagnostics));
    assert!(
        d.place().is_some_and(|p| p.starts_with(place)),
        "{message}: at {:?}, expected {place}",
        d.place()
    );
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains(help)),
        "{message}: help {:?}",
        d.help
    );
    assert!(before == output_files(&site), "output/ changed");
}

const PAGE: &str = "content/jaunumi/kopsapulce/index.md";

#[test]
fn a_missing_image_is_an_error_at_its_line() {
    refused(
        |s| s.edit(PAGE, "(aplis.png)", "(aplits.png)"),
        &format!("{PAGE}:16:"),
        "image `aplits.png` not found: there is no file content/jaunumi/kopsapulce/aplits.png",
        "did you mean `aplis.png`?",
    );
}

#[test]
fn an_image_deleted_between_builds_is_an_error_at_its_line() {
    // The last build found it (and each build remembers where its images
    // are): the next one looks again.
    refused(
        |s| std::fs::remove_file(s.path("content/jaunumi/kopsapulce/aplis.png")).unwrap(),
        &format!("{PAGE}:16:"),
        "image `aplis.png` not found",
        "",
    );
}

#[test]
fn a_damaged_image_is_an_error() {
    refused(
        |s| {
            let good = std::fs::read(s.path("content/jaunumi/kopsapulce/aplis.png")).unwrap();
            s.write("content/jaunumi/kopsapulce/aplis.png", &good[..60]);
        },
        &format!("{PAGE}:16:"),
        "cannot be decoded",
        "save it again",
    );
}

#[test]
fn an_unsupported_format_is_an_error() {
    refused(
        |s| {
            // The start of a 4×4 Windows bitmap.
            let bmp = b"BM\x46\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x04\0\0\0\x04\0\0\0\x01\0\x18\0";
            s.write("content/jaunumi/kopsapulce/aplis.png", bmp);
        },
        &format!("{PAGE}:16:"),
        "has an unsupported format (BMP)",
        "save it as JPEG",
    );
}

#[test]
fn a_decompression_bomb_is_refused_by_its_header() {
    refused(
        |s| {
            // A PNG header claiming 60000×60000 pixels (14 GB decoded), a few bytes long.
            let mut ihdr = b"IHDR".to_vec();
            ihdr.extend(60000u32.to_be_bytes());
            ihdr.extend(60000u32.to_be_bytes());
            ihdr.extend([8, 6, 0, 0, 0]);
            let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0d".to_vec();
            bomb.extend(&ihdr);
            bomb.extend(crc32(&ihdr).to_be_bytes());
            bomb.extend([0u8; 64]);
            s.write("content/jaunumi/kopsapulce/aplis.png", bomb);
        },
        &format!("{PAGE}:16:"),
        "is 60000×60000 pixels, more than the limit of 100 megapixels",
        "resize it",
    );
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_file_name_with_spaces_is_an_error() {
    refused(
        |s| s.edit(PAGE, "(aplis.png)", "(<mans aplis.png>)"),
        &format!("{PAGE}:16:"),
        "image file name `mans aplis.png` has spaces",
        "rename the file to `mans-aplis.png`",
    );
}

#[test]
fn missing_alt_text_is_an_error_and_an_empty_one_must_be_written() {
    refused(
        |s| s.edit(PAGE, "![Caurspīdīgs aplis](aplis.png)", "![](aplis.png)"),
        &format!("{PAGE}:16:"),
        "image `aplis.png` has no alt text",
        "![\"\"](path)",
    );
    refused(
        |s| s.edit(PAGE, "image_alt: Abstrakts vāka zīmējums\n", ""),
        &format!("{PAGE}:5"),
        "cover image `vaks.jpg` has no `image_alt`",
        "image_alt:",
    );
}

#[test]
fn all_bad_images_of_a_build_are_reported_together() {
    let site = images_site();
    site.edit(PAGE, "(aplis.png)", "(aplits.png)");
    site.edit(PAGE, "![Pagriezta fotogrāfija]", "![]");
    site.edit(PAGE, "(/sauri/svitra.jpg)", "(/sauri/nav.jpg)");
    let result = site.build();
    assert!(!result.ok());
    assert_eq!(
        result.diagnostics.errors().count(),
        3,
        "{}",
        result.diagnostics
    );
    assert!(!site.exists("index.html"));
}

#[test]
fn a_large_source_is_published_with_a_warning() {
    let site = images_site();
    site.write("content/static/sauri/svitra.jpg", jpeg(&gradient(6400, 40)));
    let result = site.build_ok();
    let warning = result
        .diagnostics
        .warnings()
        .find(|d| d.message.contains("image `/sauri/svitra.jpg` is large ("))
        .expect("a warning");
    assert!(warning.place().unwrap().starts_with(&format!("{PAGE}:18:")));
    assert!(
        warning.message.contains("6400×40 px"),
        "{}",
        warning.message
    );
}

#[test]
fn image_settings_are_checked() {
    let site = images_site();
    site.edit(
        "content/site.yaml",
        "widths: [480, 960, 1600]",
        "widths: [480, 960, 1600]\n  quality: 0",
    );
    let result = site.build();
    let d = result.diagnostics.errors().next().expect("an error");
    assert!(d.message.contains("images.quality is 0"), "{d}");
    assert_eq!(d.place().as_deref(), Some("content/site.yaml:11"));
}

/// Sets a file's modification time.
fn set_modified(site: &Site, rel: &str, time: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(site.path(rel))
        .unwrap()
        .set_modified(time)
        .unwrap();
}

fn variant_names(files: &BTreeMap<String, Vec<u8>>, prefix: &str) -> Vec<String> {
    files
        .keys()
        .filter(|p| p.starts_with(&format!("images/{prefix}-")))
        .cloned()
        .collect()
}

#[test]
fn an_unchanged_photo_is_not_read_again_and_a_changed_one_is_always_seen() {
    use std::time::{Duration, SystemTime};
    let site = images_site();
    let cover = "content/jaunumi/kopsapulce/vaks.jpg";
    // A JPEG comment: the same size, other bytes when its letter changes.
    let photo = |letter: u8| {
        with_exif(
            jpeg(&gradient(2000, 1200)),
            &[0xFF, 0xFE, 0x00, 0x04, letter, letter],
        )
    };
    site.write(cover, photo(b'a'));
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let images: Vec<String> = common::tree(&site.path("content"))
        .into_iter()
        .filter(|p| {
            [".jpg", ".png", ".gif", ".svg"]
                .iter()
                .any(|e| p.ends_with(e))
        })
        .collect();
    for image in &images {
        set_modified(&site, &format!("content/{image}"), an_hour_ago);
    }
    let first = site.build_ok().summary.unwrap();
    assert!(first.images.sources_read >= 8, "{first}");
    let before = output_files(&site);

    // A page edit: the site is built again, but no photo is read.
    let page = "content/jaunumi/kopsapulce/index.md";
    site.edit(page, "Rotājums:", "Rotājums un zīmējums:");
    let second = site.build_ok().summary.unwrap();
    assert_eq!(second.images.sources_read, 0, "{second}");
    assert_eq!(second.images.encoded, 0, "{second}");
    assert!(second.to_string().contains("0 sources read"), "{second}");
    let after = output_files(&site);
    assert!(
        site.page("jaunumi/kopsapulce/index.html")
            .contains("Rotājums un zīmējums:")
    );
    let published = |files: &BTreeMap<String, Vec<u8>>| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with("images/"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    assert!(published(&before) == published(&after), "images differ");

    // Other bytes of the same size under the same modification time: the
    // inode change time gives it away, and the new picture is published.
    let modified = std::fs::metadata(site.path(cover))
        .unwrap()
        .modified()
        .unwrap();
    site.write(cover, photo(b'b'));
    set_modified(&site, cover, modified);
    let third = site.build_ok().summary.unwrap();
    assert_eq!(third.images.sources_read, 1, "{third}");
    assert!(third.images.encoded > 0, "{third}");
    let old_names = variant_names(&after, "vaks");
    let new_names = variant_names(&output_files(&site), "vaks");
    assert!(!old_names.is_empty() && !new_names.is_empty());
    assert!(
        old_names.iter().all(|n| !new_names.contains(n)),
        "{new_names:?}"
    );
    let html = site.page("jaunumi/kopsapulce/index.html");
    assert!(
        new_names.iter().any(|n| html.contains(n.as_str())),
        "{html}"
    );

    // A photo whose modification time is not older than the moment it was
    // read (by more than the file system's timestamp granularity) could
    // change again unseen in the same tick: it is read on every build.
    set_modified(&site, cover, SystemTime::now() + Duration::from_secs(120));
    site.edit(page, "Rotājums un zīmējums:", "Rotājums:");
    let touched = site.build_ok().summary.unwrap();
    assert_eq!(touched.images.sources_read, 1, "{touched}");
    site.edit(page, "Rotājums:", "Rotājums un zīmējums:");
    let racy = site.build_ok().summary.unwrap();
    assert_eq!(racy.images.sources_read, 1, "{racy}");
    assert_eq!(racy.images.encoded, 0, "{racy}");
}

#[test]
fn a_variant_deleted_or_cut_short_in_output_is_written_again() {
    let site = images_site();
    site.build_ok();
    let before = output_files(&site);
    let names = variant_names(&before, "vaks");
    let (webp, jpeg) = (
        names.iter().find(|n| n.ends_with(".webp")).expect("a WebP"),
        names.iter().find(|n| n.ends_with(".jpg")).expect("a JPEG"),
    );
    std::fs::remove_file(site.path(&format!("output/{webp}"))).unwrap();
    let cut = &before[jpeg.as_str()][..100];
    std::fs::write(site.path(&format!("output/{jpeg}")), cut).unwrap();
    let again = site.build_ok().summary.unwrap();
    // Taken from the cache, not encoded again, and output/ is whole.
    assert_eq!(again.images.encoded, 0, "{again}");
    assert!(before == output_files(&site), "output/ was not repaired");
}

/// Overwrites a file's bytes in place (same length, same inode), as an
/// editor or a sync tool might: its folder does not change.
fn overwrite_in_place(path: &std::path::Path) {
    use std::io::{Seek, Write};
    let len = std::fs::metadata(path).unwrap().len() as usize;
    let mut file = std::fs::File::options().write(true).open(path).unwrap();
    file.seek(std::io::SeekFrom::Start(0)).unwrap();
    file.write_all(&vec![b'x'; len]).unwrap();
}

#[test]
fn variants_altered_deleted_or_added_by_hand_in_output_are_put_right() {
    let site = images_site();
    site.build_ok();
    let before = output_files(&site);
    let names = variant_names(&before, "vaks");
    let page = "content/jaunumi/kopsapulce/index.md";
    let edit = |n: usize| {
        let text = std::fs::read_to_string(site.path(page)).unwrap();
        site.write(page, format!("{text}\nLabots {n}.\n"));
    };
    let in_images = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        let mut images: Vec<String> = files
            .keys()
            .filter(|p| p.starts_with("images/"))
            .cloned()
            .collect();
        images.sort();
        images
    };
    let same = |what: &str| {
        let now = output_files(&site);
        for name in &names {
            assert!(now[name] == before[name], "{what}: {name} differs");
        }
        assert_eq!(in_images(&now), in_images(&before), "{what}");
    };
    // Once the folder of variants is older than the file system clock's
    // uncertainty, a build records it whole and the next one trusts it.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    edit(0);
    site.build_ok();
    edit(1);
    site.build_ok();
    same("trusted");
    edit(2);
    site.build_ok();
    same("trusted again");
    // A variant overwritten in place with other bytes of the same length
    // (its folder unchanged): its stamp gives it away.
    overwrite_in_place(&site.path(&format!("output/{}", names[0])));
    let again = site.build_ok().summary.unwrap();
    assert_eq!(again.images.encoded, 0, "{again}");
    same("altered in place");
    // Without an edit, too (the no-change shortcut must not hide it).
    overwrite_in_place(&site.path(&format!("output/{}", names[1])));
    site.build_ok();
    same("altered, nothing else changed");
    std::fs::remove_file(site.path(&format!("output/{}", names[0]))).unwrap();
    site.build_ok();
    same("deleted");
    // A file dropped into the folder of variants goes, as anywhere in output/.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    edit(3);
    site.build_ok();
    site.write("output/images/foreign.jpg", "not ours");
    edit(4);
    site.build_ok();
    same("a foreign file added");
    assert!(!site.path("output/images/foreign.jpg").exists());
    // An image no longer used: its variants leave output/.
    let gone = variant_names(&before, "vienkarsa-attels");
    assert!(!gone.is_empty());
    site.edit(
        "content/jaunumi/vienkarsa.md",
        "![Attēls blakus](vienkarsa-attels.jpg)",
        "bez attēla",
    );
    site.build_ok();
    let now = output_files(&site);
    for name in &gone {
        assert!(!now.contains_key(name), "{name} is still in output/");
    }
    for name in &names {
        assert!(now[name] == before[name], "{name} differs");
    }
    let mut expected = in_images(&before);
    expected.retain(|p| !gone.contains(p));
    assert_eq!(in_images(&now), expected);
}
