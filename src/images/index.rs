//! The source index: what the last builds learnt about each image source
//! (its content hash and header facts), keyed by the file's metadata, so
//! that a rebuild does not read an unchanged photo at all.
//!
//! An entry is trusted only when the file's size, modification time, inode
//! and inode change time are all as recorded, and the modification time is
//! older than the moment the entry was made by more than the file system's
//! timestamp granularity ([`GRANULARITY_NS`]): a file changed in the same
//! timestamp tick as it was read could otherwise keep its old metadata and
//! be served stale (the same rule as issue 11.10's no-change record). Any
//! doubt means the file is read and hashed again.
//!
//! The index is one binary file, `sources`, in the site's image cache
//! folder ([`super::cache`]): a header, then per source its path, facts
//! and stamps, integers little-endian and text with its length first, so
//! that reading it parses no numbers. It is rewritten after each whole
//! build with the entries that build used (unless they are the ones it
//! holds).

use crate::paths::PathMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use super::made::{Reader, put_text};
use super::source::Format;

/// Timestamps closer than this to the time an entry was made are not
/// trusted (2 s: FAT's granularity, the coarsest in common use).
pub const GRANULARITY_NS: i128 = 2_000_000_000;

/// The index file's name in the image cache folder.
pub const FILE: &str = "sources";
const HEADER: &str = "alianse image source index 2\n";

/// A file's metadata, as far as it tells whether the bytes changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
    pub inode: u64,
    pub changed_ns: i128,
}

impl Stamp {
    /// The stamp of the file at `path`, following links.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified_ns = ns(meta.modified().ok()?);
        #[cfg(unix)]
        let (inode, changed_ns) = {
            use std::os::unix::fs::MetadataExt;
            (
                meta.ino(),
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            )
        };
        #[cfg(not(unix))]
        let (inode, changed_ns) = (0, modified_ns);
        Some(Stamp {
            len: meta.len(),
            modified_ns,
            inode,
            changed_ns,
        })
    }
}

/// What reading a source once told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub hash: u128,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// EXIF orientation value (1 = upright).
    pub orientation: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    stamp: Stamp,
    /// When the file was read for these facts (ns since 1970).
    checked_ns: i128,
    facts: Facts,
}

impl Entry {
    /// Whether the entry still describes a file with this stamp.
    fn trusted(&self, now: &Stamp) -> bool {
        self.stamp == *now && now.modified_ns + GRANULARITY_NS < self.checked_ns
    }
}

/// The index of one site, loaded at the start of a build.
#[derive(Debug, Default)]
pub struct SourceIndex {
    file: Option<PathBuf>,
    old: Arc<PathMap<OsString, Entry>>,
    used: Mutex<PathMap<OsString, Entry>>,
}

pub fn now_ns() -> i128 {
    ns(SystemTime::now())
}

fn ns(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

impl SourceIndex {
    /// The index kept in `dir` (none yet: empty). A build reads it twice
    /// (the no-change record's input fingerprint, then the pipeline): the
    /// second time, a file whose stamp is unchanged is not parsed again.
    pub fn load(dir: &Path) -> SourceIndex {
        let file = dir.join(FILE);
        SourceIndex {
            old: parsed(&file),
            file: Some(file),
            used: Mutex::new(PathMap::default()),
        }
    }

    /// The index of the site at `root`, for reading only (the input
    /// fingerprint of the no-change record uses it).
    pub fn for_site(root: &Path) -> SourceIndex {
        super::cache::Cache::open(root)
            .map(|c| SourceIndex::load(c.dir()))
            .unwrap_or_default()
    }

    /// The content hash (XXH3-128) of the image at `path`: from the index
    /// when its metadata says it is unchanged, else by reading it.
    pub fn content_hash(&self, path: &Path) -> Option<u128> {
        if let Some(stamp) = Stamp::of(path)
            && let Some(entry) = self.old.get(&key(path)).filter(|e| e.trusted(&stamp))
        {
            return Some(entry.facts.hash);
        }
        std::fs::read(path)
            .ok()
            .map(|bytes| xxhash_rust::xxh3::xxh3_128(&bytes))
    }

    /// The recorded facts of `path` if its `stamp` says it is unchanged.
    pub fn facts(&self, path: &Path, stamp: &Stamp) -> Option<Facts> {
        let path = key(path);
        let entry = self.old.get(&path).filter(|e| e.trusted(stamp))?;
        self.lock().insert(path, *entry);
        Some(entry.facts)
    }

    /// The facts this build recorded for `path`, if its stamp is the same
    /// (a second request for the same source in one build).
    pub fn seen(&self, path: &Path, stamp: &Stamp) -> Option<Facts> {
        self.lock()
            .get(&key(path))
            .filter(|e| e.stamp == *stamp)
            .map(|e| e.facts)
    }

    /// Records what reading `path` (with `stamp`, begun at `checked_ns`) told.
    pub fn record(&self, path: &Path, stamp: Stamp, checked_ns: i128, facts: Facts) {
        self.lock().insert(
            key(path),
            Entry {
                stamp,
                checked_ns,
                facts,
            },
        );
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PathMap<OsString, Entry>> {
        self.used.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the entries this build used (through a temporary file and a
    /// rename). Failing only costs the next build its reads.
    pub fn save(&self) {
        let Some(file) = &self.file else { return };
        let used = self.lock();
        // A warm build used what the file holds, unchanged: nothing to write.
        if *used == *self.old {
            return;
        }
        let mut records: Vec<(&str, Vec<u8>)> = used
            .iter()
            .filter_map(|(path, e)| {
                let path = path.to_str()?;
                let mut bytes = Vec::with_capacity(RECORD_BYTES + path.len());
                put(&mut bytes, path, e)?;
                Some((path, bytes))
            })
            .collect();
        records.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut text = HEADER.as_bytes().to_vec();
        records.iter().for_each(|(_, r)| text.extend_from_slice(r));
        // A warm build changes nothing: the file is not rewritten.
        if std::fs::read(file).is_ok_and(|old| old == text) {
            return;
        }
        if let (Some(dir), Some(name)) = (file.parent(), file.file_name()) {
            super::cache::save_atomic(dir, &name.to_string_lossy(), &text);
        }
    }
}

type Parsed = Arc<PathMap<OsString, Entry>>;

/// The last index file parsed in this process, with its stamp.
static LAST: Mutex<Option<(PathBuf, Stamp, Parsed)>> = Mutex::new(None);

/// The entries of the index `file`: as parsed last time when the file's
/// stamp (size, times, inode) is the one it had then, else read again.
fn parsed(file: &Path) -> Parsed {
    let stamp = Stamp::of(file);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let (Some(stamp), Some((path, seen, entries))) = (&stamp, last.as_ref())
        && path == file
        && seen == stamp
    {
        return entries.clone();
    }
    let entries: Parsed = Arc::new(
        std::fs::read(file)
            .map(|bytes| parse(&bytes))
            .unwrap_or_default(),
    );
    *last = stamp.map(|stamp| (file.to_path_buf(), stamp, entries.clone()));
    entries
}

/// Entries are kept by absolute path, so that a build from another folder
/// (`--root site` or `--root /home/…/site`) finds them; hashed and compared
/// as the path's bytes (std hashes a path component by component, several
/// times slower, and the pipeline looks up each source several times).
fn key(path: &Path) -> OsString {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .into_os_string()
}

/// Bytes of a record besides its path (see [`put`]).
const RECORD_BYTES: usize = 2 + 16 + 2 + 4 + 4 + 4 + 1 + 8 + 16 + 8 + 16 + 16;

/// Writes one entry: its path, then the facts and the stamps; integers
/// little-endian, text with its length first (so that reading it splits
/// and parses nothing).
fn put(bytes: &mut Vec<u8>, path: &str, e: &Entry) -> Option<()> {
    let (s, f) = (e.stamp, e.facts);
    put_text(bytes, path)?;
    bytes.extend_from_slice(&f.hash.to_le_bytes());
    put_text(bytes, f.format.extension())?;
    bytes.extend_from_slice(&f.width.to_le_bytes());
    bytes.extend_from_slice(&f.height.to_le_bytes());
    bytes.push(f.orientation);
    bytes.extend_from_slice(&s.len.to_le_bytes());
    bytes.extend_from_slice(&s.modified_ns.to_le_bytes());
    bytes.extend_from_slice(&s.inode.to_le_bytes());
    bytes.extend_from_slice(&s.changed_ns.to_le_bytes());
    bytes.extend_from_slice(&e.checked_ns.to_le_bytes());
    Some(())
}

/// The entries in `bytes`: those before a damaged one (the file is written
/// whole, then renamed: damage means a disk fault or an edit by hand, and
/// costs only reads). A file in another format (the text index of earlier
/// versions) gives none.
fn parse(bytes: &[u8]) -> PathMap<OsString, Entry> {
    let mut map = PathMap::default();
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(HEADER.len()) != Some(HEADER.as_bytes()) {
        return map;
    }
    while reader.at < bytes.len() {
        match read_one(&mut reader) {
            Some((path, entry)) => map.insert(path, entry),
            None => break,
        };
    }
    map
}

fn read_one(r: &mut Reader<'_>) -> Option<(OsString, Entry)> {
    let path = OsString::from(r.text().filter(|p| !p.is_empty())?);
    let i128 = |r: &mut Reader<'_>| r.array().map(i128::from_le_bytes);
    let facts = Facts {
        hash: u128::from_le_bytes(r.array()?),
        format: r.format()?,
        width: r.u32()?,
        height: r.u32()?,
        orientation: r.u8()?,
    };
    let stamp = Stamp {
        len: r.u64()?,
        modified_ns: i128(r)?,
        inode: r.u64()?,
        changed_ns: i128(r)?,
    };
    let checked_ns = i128(r)?;
    Some((
        path,
        Entry {
            stamp,
            checked_ns,
            facts,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(modified_ns: i128) -> Stamp {
        Stamp {
            len: 10,
            modified_ns,
            inode: 7,
            changed_ns: modified_ns,
        }
    }

    const FACTS: Facts = Facts {
        hash: 0xabc,
        format: Format::Jpeg,
        width: 40,
        height: 30,
        orientation: 6,
    };

    #[test]
    fn entries_round_trip_and_are_trusted_only_outside_the_granularity() {
        let dir = tempfile::tempdir().unwrap();
        let path = Path::new("/site/content/a b.jpg");
        let index = SourceIndex::load(dir.path());
        let old = 1_000 * GRANULARITY_NS;
        index.record(path, stamp(old), old + 3 * GRANULARITY_NS, FACTS);
        // Modified in the same tick as it was read: never trusted.
        let racy = Path::new("/site/content/racy.jpg");
        index.record(racy, stamp(old), old + GRANULARITY_NS / 2, FACTS);
        index.save();
        let next = SourceIndex::load(dir.path());
        assert_eq!(next.facts(path, &stamp(old)), Some(FACTS));
        assert_eq!(next.facts(racy, &stamp(old)), None);
        let mut touched = stamp(old);
        touched.changed_ns += 1;
        assert_eq!(next.facts(path, &touched), None);
        let mut longer = stamp(old);
        longer.len += 1;
        assert_eq!(next.facts(path, &longer), None);
        // Only what this build used is kept.
        next.save();
        let last = SourceIndex::load(dir.path());
        assert_eq!(last.facts(path, &stamp(old)), Some(FACTS));
        assert_eq!(last.old.len(), 1);
    }

    #[test]
    fn a_text_index_of_earlier_versions_and_a_damaged_record_cost_only_reads() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE);
        std::fs::write(
            &file,
            "alianse image source index 1\n0abc jpg 40 30 6 10 1 7 1 9 /site/content/a.jpg\n",
        )
        .unwrap();
        assert!(SourceIndex::load(dir.path()).old.is_empty());
        let old = 1_000 * GRANULARITY_NS;
        let index = SourceIndex::load(dir.path());
        for name in ["/site/a.jpg", "/site/b.jpg"] {
            index.record(Path::new(name), stamp(old), old + 3 * GRANULARITY_NS, FACTS);
        }
        index.save();
        // The last record cut short: the one before it is still trusted.
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        let next = SourceIndex::load(dir.path());
        assert_eq!(
            next.facts(Path::new("/site/a.jpg"), &stamp(old)),
            Some(FACTS)
        );
        assert_eq!(next.facts(Path::new("/site/b.jpg"), &stamp(old)), None);
    }
}
