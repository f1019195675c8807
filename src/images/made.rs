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
//! The descriptions are one binary file, `made`, in the site's image cache
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
const HEADER: &str = "alianse image descriptions 2\n";

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
        let old = std::fs::read(&file)
            .map(|bytes| parse(&bytes, settings))
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
        let mut records: Vec<Vec<u8>> = self
            .lock()
            .iter()
            .filter_map(|(key, made)| {
                let mut bytes = Vec::new();
                put(&mut bytes, key, made).map(|()| bytes)
            })
            .collect();
        records.sort_unstable();
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(&self.settings.to_le_bytes());
        records.iter().for_each(|r| bytes.extend_from_slice(r));
        if let (Some(dir), Some(name)) = (file.parent(), file.file_name()) {
            super::cache::save_atomic(dir, &name.to_string_lossy(), &bytes);
        }
    }
}

/// Writes a description: the key's hash and operation, the slug, the
/// image's size and flags, then each variant; integers little-endian, text
/// with its length first (so that reading it splits and parses nothing).
fn put(bytes: &mut Vec<u8>, key: &Key, made: &Made) -> Option<()> {
    bytes.extend_from_slice(&key.hash.to_le_bytes());
    let (kind, w, h) = match key.op {
        Op::Responsive => (b'r', 0, 0),
        Op::Fit { width, height } => (b'f', width, height),
        Op::Fill { width, height } => (b'c', width, height),
    };
    bytes.push(kind);
    put_u32s(bytes, &[w, h]);
    put_text(bytes, &made.slug)?;
    put_u32s(bytes, &[made.width, made.height]);
    bytes.push(u8::from(made.small));
    put_text(bytes, made.fallback.extension())?;
    bytes.extend_from_slice(&u16::try_from(made.entries.len()).ok()?.to_le_bytes());
    for e in &made.entries {
        put_text(bytes, &e.url)?;
        put_u32s(bytes, &[e.width, e.height]);
        put_text(bytes, e.format.extension())?;
        put_text(bytes, &e.name)?;
        bytes.extend_from_slice(&e.len.to_le_bytes());
    }
    Some(())
}

fn put_u32s(bytes: &mut Vec<u8>, values: &[u32]) {
    for v in values {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
}

pub(super) fn put_text(bytes: &mut Vec<u8>, text: &str) -> Option<()> {
    bytes.extend_from_slice(&u16::try_from(text.len()).ok()?.to_le_bytes());
    bytes.extend_from_slice(text.as_bytes());
    Some(())
}

/// The descriptions in `bytes`, if they were made with `settings`; those
/// before a damaged one (the file is written whole, then renamed: damage
/// means a disk fault or an edit by hand, and costs only work).
fn parse(bytes: &[u8], settings: u64) -> PathMap<Key, Arc<Made>> {
    let mut map = PathMap::default();
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(HEADER.len()) != Some(HEADER.as_bytes()) || reader.u64() != Some(settings) {
        return map;
    }
    while reader.at < bytes.len() {
        match read_one(&mut reader) {
            Some((key, made)) => map.insert(key, Arc::new(made)),
            None => break,
        };
    }
    map
}

/// A cursor over the descriptions file's bytes (and the source index's).
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(taken)
    }

    pub(super) fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub(super) fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    pub(super) fn text(&mut self) -> Option<&'a str> {
        let len = usize::from(self.u16()?);
        std::str::from_utf8(self.take(len)?).ok()
    }

    pub(super) fn format(&mut self) -> Option<Format> {
        Format::from_extension(self.text()?)
    }
}

fn read_one(r: &mut Reader<'_>) -> Option<(Key, Made)> {
    let hash = u128::from_le_bytes(r.array()?);
    let (kind, width, height) = (r.u8()?, r.u32()?, r.u32()?);
    let op = match kind {
        b'r' => Op::Responsive,
        b'f' => Op::Fit { width, height },
        b'c' => Op::Fill { width, height },
        _ => return None,
    };
    let slug = r.text()?.to_string();
    let mut made = Made {
        width: r.u32()?,
        height: r.u32()?,
        small: r.u8()? == 1,
        fallback: r.format()?,
        slug,
        entries: Vec::new(),
    };
    let count = usize::from(r.u16()?);
    made.entries.reserve_exact(count);
    for _ in 0..count {
        made.entries.push(Entry {
            // A site path: `publish_made` cuts its leading `/`.
            url: r.text().filter(|u| u.starts_with('/'))?.to_string(),
            width: r.u32()?,
            height: r.u32()?,
            format: r.format()?,
            name: r.text().filter(|n| !n.is_empty())?.to_string(),
            len: r.u64().filter(|l| *l > 0)?,
        });
    }
    if made.entries.is_empty() {
        return None;
    }
    Some((Key::new(hash, op, &made.slug), made))
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
    fn a_damaged_descriptions_file_keeps_what_is_before_the_damage() {
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
        let bytes = std::fs::read(&file).unwrap();
        // Cut short (a disk fault, or an edit by hand: it is written whole,
        // then renamed): the description before the cut is still used.
        std::fs::write(&file, &bytes[..bytes.len() - 10]).unwrap();
        let next = Descriptions::load(dir.path(), 7);
        assert_eq!(next.find(&vaks, "vaks").as_deref(), Some(&made("vaks")));
        assert_eq!(next.find(&ozols, "ozols"), None);
        // Bytes that are not descriptions, or an older text file: nothing
        // kept, no failure.
        for garbage in [&[0xff, 0xfe, 0x00][..], b"alianse image descriptions 1 0\n"] {
            std::fs::write(&file, garbage).unwrap();
            let after = Descriptions::load(dir.path(), 7);
            assert_eq!(after.find(&vaks, "vaks"), None);
        }
        // A site path without its leading `/`: not used.
        let odd = Descriptions::load(dir.path(), 7);
        let mut bad = made("vaks");
        bad.entries[0].url = "é".into();
        odd.record(vaks, bad);
        odd.save();
        assert_eq!(Descriptions::load(dir.path(), 7).find(&vaks, "vaks"), None);
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
