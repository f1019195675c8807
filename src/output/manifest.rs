//! The record alianse keeps of its last build into an output folder:
//! fingerprints of the inputs the build read and of the files it left in
//! output/. When a new build finds both unchanged, there is nothing to do
//! and it stops early — a no-change rebuild then costs a walk over file
//! metadata, not a build.
//!
//! The record lives in the user's cache folder (`$ALIANSE_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/alianse`, else `~/.cache/alianse`), keyed by the output
//! folder's path, so that output/ itself stays byte-identical between builds
//! of the same content. Without a cache folder, builds simply never skip.
//!
//! The inputs' fingerprint covers every source file's path and the bytes
//! it holds (an XXH3 hash of each file, read in parallel), so an edit that
//! keeps a file's size and modification time (an editor, `git checkout`, a
//! sync tool) is still seen; plus the alianse binary itself (a new version
//! may render differently) and the options that change output (base URL,
//! drafts). The outputs' fingerprint covers each output file's path, size,
//! modification time and, on Unix, its inode change time, which no tool
//! can set back. `alianse build --no-cache` neither reads nor keeps the
//! record.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

/// What the marker file says about the last build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manifest {
    pub inputs: u64,
    pub outputs: u64,
    pub files: usize,
}

const HEADER: &str = "This folder is written by alianse; it replaces its contents on every build.";

impl Manifest {
    pub fn to_text(self) -> String {
        format!(
            "{HEADER}\ninputs {:016x}\noutputs {:016x}\nfiles {}\n",
            self.inputs, self.outputs, self.files
        )
    }

    pub fn parse(text: &str) -> Option<Manifest> {
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ').map(str::to_string))
        };
        Some(Manifest {
            inputs: u64::from_str_radix(&field("inputs")?, 16).ok()?,
            outputs: u64::from_str_radix(&field("outputs")?, 16).ok()?,
            files: field("files")?.parse().ok()?,
        })
    }

    pub fn read(output_dir: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(record_path(output_dir)?).ok()?;
        Manifest::parse(&text)
    }

    /// Saves the record; failing to save only costs the next build its shortcut.
    pub fn save(self, output_dir: &Path) {
        if let Some(path) = record_path(output_dir) {
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = super::write_if_changed(&path, self.to_text().as_bytes());
        }
    }

    /// Forgets the record, so that the next build does the whole work.
    pub fn forget(output_dir: &Path) {
        if let Some(path) = record_path(output_dir) {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn record_path(output_dir: &Path) -> Option<std::path::PathBuf> {
    record_path_with(output_dir, "record")
}

/// The path of a record about `output_dir` in the user's cache folder,
/// with the file extension `kind`.
pub(super) fn record_path_with(output_dir: &Path, kind: &str) -> Option<std::path::PathBuf> {
    let cache = std::env::var_os("ALIANSE_CACHE_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| Path::new(&d).join("alianse")))
        .or_else(|| std::env::var_os("HOME").map(|d| Path::new(&d).join(".cache/alianse")))?;
    let canonical = output_dir.canonicalize().ok()?;
    let key = xxh3_64(canonical.as_os_str().as_encoded_bytes());
    Some(cache.join(format!("{key:016x}.{kind}")))
}

/// Fingerprint of everything a build of `root` reads, plus `options` (any
/// text that changes the output, e.g. the base URL).
pub fn inputs_fingerprint(root: &Path, options: &str) -> u64 {
    let mut hasher = Xxh3Default::new();
    options.hash(&mut hasher);
    if let Ok(exe) = std::env::current_exe() {
        hash_metadata(&exe, Path::new("alianse"), &mut hasher);
    }
    // Images (the large files) are hashed as the image pipeline does, and
    // not read when its source index knows them unchanged.
    let images = crate::images::index::SourceIndex::for_site(root);
    for folder in ["content", "themes", "templates"] {
        let dir = root.join(folder);
        let files = walk(&dir, &mut hasher);
        // Reading and hashing the bytes is the costly part: in parallel.
        let hashes: Vec<Option<u64>> = files
            .par_iter()
            .map(|(path, rel)| {
                if crate::images::source::is_image_name(&rel.to_string_lossy()) {
                    images.content_hash(path).map(|h| h as u64)
                } else {
                    std::fs::read(path).ok().map(|bytes| xxh3_64(&bytes))
                }
            })
            .collect();
        for ((_, rel), hash) in files.iter().zip(hashes) {
            rel.hash(&mut hasher);
            hash.hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// The length of [`FileStamp::to_bytes`].
pub const STAMP_BYTES: usize = 45;

/// What the fingerprint of output/ takes from one file's metadata: size,
/// modification time and, on Unix, inode and inode change time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
    changed: (i64, i64),
}

impl FileStamp {
    /// Appends the stamp's fields to `record` as bytes (one byte of 1 first,
    /// so that no stamp reads as the 0 written for a missing one).
    fn put(&self, record: &mut Vec<u8>) {
        record.push(1);
        record.extend_from_slice(&self.len.to_le_bytes());
        match self
            .modified
            .map(|m| m.duration_since(std::time::UNIX_EPOCH))
        {
            Some(Ok(after)) => {
                record.push(1);
                record.extend_from_slice(&after.as_secs().to_le_bytes());
                record.extend_from_slice(&after.subsec_nanos().to_le_bytes());
            }
            Some(Err(before)) => {
                record.push(2);
                record.extend_from_slice(&before.duration().as_secs().to_le_bytes());
                record.extend_from_slice(&before.duration().subsec_nanos().to_le_bytes());
            }
            None => record.push(0),
        }
        record.extend_from_slice(&self.inode.to_le_bytes());
        record.extend_from_slice(&self.changed.0.to_le_bytes());
        record.extend_from_slice(&self.changed.1.to_le_bytes());
    }

    /// The file's size in bytes.
    pub fn size(&self) -> u64 {
        self.len
    }

    /// When the file's inode last changed (seconds, nanoseconds): no tool
    /// sets it back.
    pub fn changed(&self) -> (i64, i64) {
        self.changed
    }

    /// The stamp as a fixed record of bytes, for records kept on disk.
    pub fn to_bytes(&self) -> [u8; STAMP_BYTES] {
        let mut out = [0u8; STAMP_BYTES];
        let (kind, secs, nanos) = match self
            .modified
            .map(|m| m.duration_since(std::time::UNIX_EPOCH))
        {
            Some(Ok(after)) => (1, after.as_secs(), after.subsec_nanos()),
            Some(Err(before)) => (
                2,
                before.duration().as_secs(),
                before.duration().subsec_nanos(),
            ),
            None => (0, 0, 0),
        };
        out[0] = kind;
        out[1..9].copy_from_slice(&self.len.to_le_bytes());
        out[9..17].copy_from_slice(&secs.to_le_bytes());
        out[17..21].copy_from_slice(&nanos.to_le_bytes());
        out[21..29].copy_from_slice(&self.inode.to_le_bytes());
        out[29..37].copy_from_slice(&self.changed.0.to_le_bytes());
        out[37..45].copy_from_slice(&self.changed.1.to_le_bytes());
        out
    }

    /// The stamp [`FileStamp::to_bytes`] made, if `bytes` is one.
    pub fn from_bytes(bytes: &[u8]) -> Option<FileStamp> {
        let u64_at = |at: usize| {
            bytes
                .get(at..at + 8)?
                .try_into()
                .ok()
                .map(u64::from_le_bytes)
        };
        let nanos = u32::from_le_bytes(bytes.get(17..21)?.try_into().ok()?);
        let since = std::time::Duration::new(u64_at(9)?, nanos);
        let modified = match bytes.first()? {
            0 => None,
            1 => Some(std::time::UNIX_EPOCH.checked_add(since)?),
            2 => Some(std::time::UNIX_EPOCH.checked_sub(since)?),
            _ => return None,
        };
        Some(FileStamp {
            len: u64_at(1)?,
            modified,
            inode: u64_at(21)?,
            changed: (u64_at(29)? as i64, u64_at(37)? as i64),
        })
    }

    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), (meta.ctime(), meta.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, (0, 0));
        FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
            changed,
        }
    }
}

/// output/'s files (links listed, never followed) with their stamps, and
/// the folders that could not be listed: what its fingerprint covers. The
/// apply lists output/ this way before placing files, and updates the
/// listing with what it placed and removed, so that the fingerprint after
/// the write needs no second walk.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<(String, Option<FileStamp>)>,
    pub unreadable: Vec<String>,
    /// Files of folders not listed (see [`super::held`]), counted only by
    /// their share of the fingerprint ([`file_hash`]): the sum and how many.
    pub unlisted: (u64, u64),
}

/// One file's share of output/'s fingerprint: the hash of its path and
/// stamp as one record of bytes (`record` is a reused buffer).
pub fn file_hash(rel: &str, stamp: Option<&FileStamp>, record: &mut Vec<u8>) -> u64 {
    record.clear();
    record.extend_from_slice(rel.as_bytes());
    record.push(0xff);
    match stamp {
        Some(stamp) => stamp.put(record),
        None => record.push(0),
    }
    xxh3_64(record)
}

impl Listing {
    pub fn of(dir: &Path) -> Listing {
        Listing::skipping(dir, &|_| false)
    }

    /// Like [`Listing::of`], without listing the folders `skip` names (the
    /// caller adds their files).
    pub fn skipping(dir: &Path, skip: &dyn Fn(&str) -> bool) -> Listing {
        let mut listing = Listing::default();
        super::walk::walk_skipping(dir, false, skip, &mut |seen| match seen {
            super::walk::Seen::File(rel, entry) => listing.files.push((
                rel.to_string(),
                entry.metadata().ok().map(|m| FileStamp::of(&m)),
            )),
            super::walk::Seen::Folder(_) => {}
            super::walk::Seen::Unreadable(rel) => listing.unreadable.push(rel.to_string()),
        });
        listing
    }

    /// The fingerprint of the files listed (the marker excluded), in any
    /// order: the sum of one hash per file (so the listing is not sorted).
    pub fn fingerprint(mut self) -> u64 {
        let mut hasher = Xxh3Default::new();
        // Each file's path and stamp as one record of bytes, hashed whole.
        let mut record = Vec::with_capacity(128);
        let (mut sum, count) = self.unlisted;
        for (rel, stamp) in self.files.iter().filter(|(r, _)| r != super::MARKER) {
            sum = sum.wrapping_add(file_hash(rel, stamp.as_ref(), &mut record));
        }
        hasher.update(&sum.to_le_bytes());
        hasher.update(&(self.files.len() as u64 + count).to_le_bytes());
        self.unreadable.sort_unstable();
        for rel in &self.unreadable {
            "unreadable".hash(&mut hasher);
            rel.hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// Fingerprint of the files in the output folder (the marker excluded):
/// each file's path and [`FileStamp`], taken from its folder entry without
/// following a link (see [`super::walk`]).
pub fn outputs_fingerprint(output_dir: &Path) -> u64 {
    Listing::of(output_dir).fingerprint()
}

/// The files under `dir` (following links, sorted), as (path, relative
/// path); folders, loops and unreadable entries go into `hasher` directly.
fn walk(dir: &Path, hasher: &mut impl Hasher) -> Vec<(PathBuf, PathBuf)> {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    let mut files = Vec::new();
    for entry in walker.into_iter() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // A loop or an unreadable entry is part of the input too:
                // the build must run to report it.
                "unreadable".hash(hasher);
                e.path().hash(hasher);
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if entry.file_type().is_file() {
            files.push((entry.path().to_path_buf(), rel.to_path_buf()));
        } else if entry.file_type().is_dir() {
            rel.hash(hasher);
        }
    }
    files
}

fn hash_metadata(path: &Path, shown: &Path, hasher: &mut impl Hasher) {
    shown.hash(hasher);
    if let Ok(meta) = std::fs::metadata(path) {
        FileStamp::of(&meta).hash(hasher);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips() {
        let m = Manifest {
            inputs: 0xdead_beef,
            outputs: 42,
            files: 7,
        };
        assert_eq!(Manifest::parse(&m.to_text()), Some(m));
        assert_eq!(Manifest::parse("garbage"), None);
    }

    #[test]
    fn fingerprints_see_edits_and_new_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "a").unwrap();
        let first = inputs_fingerprint(dir.path(), "");
        assert_eq!(first, inputs_fingerprint(dir.path(), ""));
        assert_ne!(first, inputs_fingerprint(dir.path(), "--drafts"));
        std::fs::write(dir.path().join("content/b.md"), "b").unwrap();
        assert_ne!(first, inputs_fingerprint(dir.path(), ""));
        let second = inputs_fingerprint(dir.path(), "");
        std::fs::write(dir.path().join("content/a.md"), "longer").unwrap();
        assert_ne!(second, inputs_fingerprint(dir.path(), ""));
    }

    #[test]
    fn an_edit_that_keeps_size_and_modification_time_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("content/a.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "abc").unwrap();
        let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
        let before = inputs_fingerprint(dir.path(), "");
        std::fs::write(&file, "xyz").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(
            std::fs::metadata(&file).unwrap().modified().unwrap(),
            modified
        );
        assert_ne!(before, inputs_fingerprint(dir.path(), ""));
    }
}
