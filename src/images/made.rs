//! What the last builds made of each image: for a source's content hash,
//! an operation and its output name, the finished description (the
//! variants' site paths and sizes, and the name and length of the cache
//! entry that holds each one's bytes), so that a rebuild neither lists the
//! cache folder nor builds a key and a name for every variant of an
//! unchanged image.
//!
//! A description is only as good as the cache entries it names: they are
//! not looked at when it is used. An entry gone or cut short is found when
//! its bytes are needed (a variant output/ does not hold yet): the image
//! then goes back through the pipeline ([`super::Pipeline::files_for`]),
//! which encodes the missing variant again and keeps a new description.
//!
//! The descriptions are one text file, `made`, in the site's image cache
//! folder ([`super::cache`]), with a header naming the settings they were
//! made with (widths, formats, quality, the encoding recipe): other
//! settings, and no description applies. It is rewritten after a whole
//! build with the descriptions that build used, unless they are the ones
//! it holds.

use crate::paths::PathMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::xxh3_64;

use super::Op;
use super::source::Format;

/// The file's name in the image cache folder.
pub const FILE: &str = "made";
const HEADER: &str = "alianse image descriptions 1";

/// What a description is looked up by: the source's content hash, the
/// operation, and a hash of the output name (the source's slug; the slug
/// itself is checked against the description's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    hash: u128,
    op: Op,
    slug: u64,
}

impl Key {
    pub fn new(hash: u128, op: Op, slug: &str) -> Key {
        Key {
            hash,
            op,
            slug: xxh3_64(slug.as_bytes()),
        }
    }
}

/// One published variant and the cache entry holding its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Site path, `/images/…`.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// The cache entry's file name and length.
    pub name: String,
    pub len: u64,
}

/// The finished description of one image (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub slug: String,
    pub width: u32,
    pub height: u32,
    pub small: bool,
    pub fallback: Format,
    /// In the order of the processed image's variants.
    pub entries: Vec<Entry>,
}

/// The descriptions of one site, loaded at the start of a build.
#[derive(Debug, Default)]
pub struct Descriptions {
    file: Option<PathBuf>,
    /// Identifies the settings (see [`settings_hash`]).
    settings: u64,
    old: PathMap<Key, Arc<Made>>,
    used: Mutex<PathMap<Key, Arc<Made>>>,
    /// A description was made (or dropped) by this build.
    changed: AtomicBool,
}

/// The hash of every setting that shapes the variants.
pub fn settings_hash(recipe: &str, settings: &crate::config::ImageOptions) -> u64 {
    xxh3_64(
        format!(
            "{recipe} {:?} {:?} {}",
            settings.widths, settings.formats, settings.quality
        )
        .as_bytes(),
    )
}

impl Descriptions {
    /// The descriptions kept in `dir` for `settings` (see [`settings_hash`]).
    pub fn load(dir: &Path, settings: u64) -> Descriptions {
        let file = dir.join(FILE);
        let old = std::fs::read_to_string(&file)
            .map(|text| parse(&text, settings))
            .unwrap_or_default();
        Descriptions {
            file: Some(file),
            settings,
            old,
            used: Mutex::new(PathMap::default()),
            changed: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PathMap<Key, Arc<Made>>> {
        self.used.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The description of `key`, if one was kept for an image named `slug`.
    pub fn find(&self, key: &Key, slug: &str) -> Option<Arc<Made>> {
        let made = self.old.get(key).filter(|m| m.slug == slug)?;
        self.lock().insert(*key, made.clone());
        Some(made.clone())
    }

    /// Keeps what this build made of `key`.
    pub fn record(&self, key: Key, made: Made) {
        self.lock().insert(key, Arc::new(made));
        self.changed.store(true, Ordering::Relaxed);
    }

    /// Whether this build used exactly the descriptions the file holds.
    pub fn used_as_kept(&self) -> bool {
        !self.changed.load(Ordering::Relaxed) && self.lock().len() == self.old.len()
    }

    /// The cache entries the descriptions this build used name, with their
    /// lengths.
    pub fn entries(&self) -> Vec<(String, u64)> {
        self.lock()
            .values()
            .flat_map(|m| m.entries.iter().map(|e| (e.name.clone(), e.len)))
            .collect()
    }

    /// Writes the descriptions this build used, unless they are the ones
    /// kept (through a temporary file and a rename). Failing only costs the
    /// next build some work.
    pub fn save(&self) {
        let Some(file) = &self.file else { return };
        if self.used_as_kept() {
            return;
        }
        let mut lines: Vec<String> = self
            .lock()
            .iter()
            .filter_map(|(key, made)| line(key, made))
            .collect();
        lines.sort();
        let text = format!("{HEADER} {:016x}\n{}\n", self.settings, lines.join("\n"));
        if let (Some(dir), Some(name)) = (file.parent(), file.file_name()) {
            super::cache::save_atomic(dir, &name.to_string_lossy(), text.as_bytes());
        }
    }
}

fn op_text(op: Op) -> String {
    match op {
        Op::Responsive => "r".into(),
        Op::Fit { width, height } => format!("fit:{width}x{height}"),
        Op::Fill { width, height } => format!("fill:{width}x{height}"),
    }
}

fn parse_op(text: &str) -> Option<Op> {
    if text == "r" {
        return Some(Op::Responsive);
    }
    let (kind, size) = text.split_once(':')?;
    let (w, h) = size.split_once('x')?;
    let (width, height) = (w.parse().ok()?, h.parse().ok()?);
    match kind {
        "fit" => Some(Op::Fit { width, height }),
        "fill" => Some(Op::Fill { width, height }),
        _ => None,
    }
}

/// `HASH OP SLUG WIDTH HEIGHT SMALL FALLBACK` and, for each variant,
/// ` URL WIDTH HEIGHT FORMAT NAME LENGTH`; `None` for a name with a space
/// or a line break in it.
fn line(key: &Key, made: &Made) -> Option<String> {
    let plain = |s: &str| !s.is_empty() && !s.contains([' ', '\n', '\r']);
    if !plain(&made.slug) || !made.entries.iter().all(|e| plain(&e.url) && plain(&e.name)) {
        return None;
    }
    let mut text = format!(
        "{:032x} {} {} {} {} {} {}",
        key.hash,
        op_text(key.op),
        made.slug,
        made.width,
        made.height,
        u8::from(made.small),
        made.fallback.extension()
    );
    for e in &made.entries {
        text.push_str(&format!(
            " {} {} {} {} {} {}",
            e.url,
            e.width,
            e.height,
            e.format.extension(),
            e.name,
            e.len
        ));
    }
    Some(text)
}

fn parse(text: &str, settings: u64) -> PathMap<Key, Arc<Made>> {
    let mut lines = text.lines();
    let header = format!("{HEADER} {settings:016x}");
    if lines.next() != Some(header.as_str()) {
        return PathMap::default();
    }
    lines.filter_map(parse_line).collect()
}

/// The fields of a line, as `line.split(' ')` gives them, with the spaces
/// found by one SIMD scan (`str::split` looks for each one anew, which
/// for ~40 short fields a line was half of reading the file).
struct Fields<'a> {
    line: &'a str,
    spaces: memchr::Memchr<'a>,
    start: Option<usize>,
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.start?;
        match self.spaces.next() {
            Some(space) => {
                self.start = Some(space + 1);
                Some(&self.line[start..space])
            }
            None => {
                self.start = None;
                Some(&self.line[start..])
            }
        }
    }
}

fn fields(line: &str) -> Fields<'_> {
    Fields {
        line,
        spaces: memchr::memchr_iter(b' ', line.as_bytes()),
        start: Some(0),
    }
}

fn parse_line(line: &str) -> Option<(Key, Arc<Made>)> {
    let mut parts = fields(line);
    let mut next = || parts.next();
    let hash = u128::from_str_radix(next()?, 16).ok()?;
    let op = parse_op(next()?)?;
    let slug = next()?.to_string();
    let mut made = Made {
        width: next()?.parse().ok()?,
        height: next()?.parse().ok()?,
        small: next()? == "1",
        fallback: Format::from_extension(next()?)?,
        slug,
        entries: Vec::with_capacity(6),
    };
    while let Some(url) = next() {
        made.entries.push(Entry {
            url: url.to_string(),
            width: next()?.parse().ok()?,
            height: next()?.parse().ok()?,
            format: Format::from_extension(next()?)?,
            name: next()?.to_string(),
            len: next()?.parse().ok().filter(|l| *l > 0)?,
        });
    }
    if made.entries.is_empty() {
        return None;
    }
    Some((Key::new(hash, op, &made.slug), Arc::new(made)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(slug: &str) -> Made {
        Made {
            slug: slug.into(),
            width: 960,
            height: 720,
            small: false,
            fallback: Format::Jpeg,
            entries: vec![
                Entry {
                    url: format!("/images/{slug}-480x360.0123456789.webp"),
                    width: 480,
                    height: 360,
                    format: Format::Webp,
                    name: "0123456789abcdef0123456789abcdef.webp".into(),
                    len: 1234,
                },
                Entry {
                    url: format!("/images/{slug}-960x720.abcdef0123.jpg"),
                    width: 960,
                    height: 720,
                    format: Format::Jpeg,
                    name: "abcdef0123456789abcdef0123456789.jpg".into(),
                    len: 5678,
                },
            ],
        }
    }

    #[test]
    fn descriptions_round_trip_for_the_same_settings_only() {
        let dir = tempfile::tempdir().unwrap();
        let ops = [
            Op::Responsive,
            Op::Fit {
                width: 200,
                height: 100,
            },
            Op::Fill {
                width: 1200,
                height: 630,
            },
        ];
        let first = Descriptions::load(dir.path(), 7);
        for op in ops {
            first.record(Key::new(0xabc, op, "vaks"), made("vaks"));
        }
        // A slug with a space is not kept (and not used).
        first.record(Key::new(0xdef, Op::Responsive, "a b"), made("a b"));
        first.save();
        let next = Descriptions::load(dir.path(), 7);
        for op in ops {
            let key = Key::new(0xabc, op, "vaks");
            assert_eq!(next.find(&key, "vaks").as_deref(), Some(&made("vaks")));
        }
        assert!(next.used_as_kept());
        // Another output name with the same bytes: no description.
        assert_eq!(
            next.find(&Key::new(0xabc, Op::Responsive, "cits"), "cits"),
            None
        );
        assert_eq!(next.entries().len(), 6);
        // Other settings: nothing applies.
        let other = Descriptions::load(dir.path(), 8);
        assert_eq!(
            other.find(&Key::new(0xabc, Op::Responsive, "vaks"), "vaks"),
            None
        );
    }

    #[test]
    fn a_damaged_descriptions_file_loses_only_the_lines_it_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let first = Descriptions::load(dir.path(), 7);
        let (vaks, ozols) = (
            Key::new(1, Op::Responsive, "vaks"),
            Key::new(2, Op::Responsive, "ozols"),
        );
        first.record(vaks, made("vaks"));
        first.record(ozols, made("ozols"));
        first.save();
        let file = dir.path().join(FILE);
        let text = std::fs::read_to_string(&file).unwrap();
        // The line of "ozols" cut short and lines of garbage (the file edited
        // by hand, or a disk fault: it is written whole, then renamed).
        let damaged: Vec<String> = (text.lines())
            .map(|l| match l.contains(" ozols ") {
                true => l[..l.len() / 2].to_string(),
                false => l.to_string(),
            })
            .chain(["not a description".to_string(), "ff Responsive".to_string()])
            .collect();
        std::fs::write(&file, damaged.join("\n")).unwrap();
        let next = Descriptions::load(dir.path(), 7);
        assert_eq!(next.find(&vaks, "vaks").as_deref(), Some(&made("vaks")));
        assert_eq!(next.find(&ozols, "ozols"), None);
        // Bytes that are not text: nothing kept, no failure.
        std::fs::write(&file, [0xff, 0xfe, 0x00]).unwrap();
        let after = Descriptions::load(dir.path(), 7);
        assert_eq!(after.find(&vaks, "vaks"), None);
    }

    #[test]
    fn fields_are_those_split_gives() {
        for line in ["", " ", "a", "a b", " a  b ", "ab cd e", "a b c "] {
            assert_eq!(
                fields(line).collect::<Vec<_>>(),
                line.split(' ').collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_build_that_used_fewer_keeps_only_those() {
        let dir = tempfile::tempdir().unwrap();
        let first = Descriptions::load(dir.path(), 1);
        first.record(Key::new(1, Op::Responsive, "a"), made("a"));
        first.record(Key::new(2, Op::Responsive, "b"), made("b"));
        first.save();
        let second = Descriptions::load(dir.path(), 1);
        assert!(
            second
                .find(&Key::new(1, Op::Responsive, "a"), "a")
                .is_some()
        );
        assert!(!second.used_as_kept());
        second.save();
        let third = Descriptions::load(dir.path(), 1);
        assert!(third.find(&Key::new(2, Op::Responsive, "b"), "b").is_none());
        assert!(third.find(&Key::new(1, Op::Responsive, "a"), "a").is_some());
        assert!(third.used_as_kept());
    }
}
