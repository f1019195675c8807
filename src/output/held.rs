//! The image variants output/ holds, treated as one recorded unit.
//!
//! A variant's name holds the hash of its content, so a build need not
//! read a variant output/ holds already; what it must know is that the
//! file is still the one an earlier build placed. After each build a
//! record (in the user's cache folder, beside the no-change record of
//! [`super::manifest`], keyed by the output folder) keeps the stamp
//! ([`FileStamp`]: size, modification time, inode, inode change time) of
//! every variant the build published, and the stamp of each folder that
//! held nothing but those variants.
//!
//! The next build looks at each variant once (one `stat`, in
//! [`Held::holds`]): a stamp equal to the recorded one means untouched
//! (the inode change time cannot be set back, so a file altered by hand,
//! even to the same size, shows); a different stamp means the variant is
//! read from the image cache and written again if its bytes differ. A
//! variant the record does not know (the record is gone, or the variant is
//! new to it) counts as held when output/ has a file of its size, as
//! before there was a record.
//!
//! When a recorded folder's stamp is unchanged (no entry was added,
//! removed or renamed in it since) and every variant recorded in it is
//! untouched and published again, the apply does not list that folder:
//! its files are the variants, with the stamps just taken
//! ([`Held::listing`]). Any other case lists it as usual. A folder or a
//! variant is only recorded when its inode change time is more than two
//! seconds old, so that a change within the same tick of a coarse file
//! system clock cannot hide behind an equal stamp.
//!
//! A record that is wrong in any way costs work, never correctness: every
//! stamp it holds is compared with the file system before it is trusted.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use super::manifest::{FileStamp, Listing, STAMP_BYTES, file_hash};

const HEADER: &[u8] = b"alianse held variants 2\n";

/// The recorded stamps and what this build found (see the module comment).
#[derive(Debug, Default)]
pub struct Held {
    root: PathBuf,
    found: Mutex<Found>,
}

/// The record, the variants asked about (their paths in one buffer) and
/// the folders the apply did not list.
#[derive(Debug, Default)]
struct Found {
    record: Option<Record>,
    paths: String,
    asked: Vec<Asked>,
    skipped: Vec<String>,
}

/// A variant asked about: where its path is in [`Found::paths`] (and where
/// its folder's part of it ends), its stamp when output/ holds it as it
/// was recorded (or, unrecorded, with its size), and whether the record
/// vouched for it.
#[derive(Debug)]
struct Asked {
    path: Range<usize>,
    folder: usize,
    stamp: Option<FileStamp>,
    recorded: bool,
}

impl Found {
    fn path(&self, a: &Asked) -> &str {
        &self.paths[a.path.clone()]
    }

    fn folder(&self, a: &Asked) -> &str {
        &self.paths[a.path.start..a.folder]
    }
}

/// The record of the last build: folders (each with its stamp and how many
/// variants it held) and files in the order of their paths.
#[derive(Debug, Default)]
struct Record {
    bytes: Vec<u8>,
    folders: Vec<(String, FileStamp, usize)>,
    /// Where each file's path is in `bytes`, and its stamp.
    files: Vec<(Range<usize>, FileStamp)>,
}

impl Held {
    /// The variants of the output folder `root` (nothing read yet).
    pub fn new(root: &Path) -> Held {
        Held {
            root: root.to_path_buf(),
            ..Held::default()
        }
    }

    fn found(&self) -> MutexGuard<'_, Found> {
        self.found.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// For each variant (output path and size, best in the order of their
    /// paths), whether output/ holds it untouched (see the module
    /// comment): one `stat` each.
    pub fn holds(&self, variants: &[(&str, u64)]) -> Vec<bool> {
        let mut found = self.found();
        let Found {
            record,
            paths,
            asked,
            ..
        } = &mut *found;
        let record = record.get_or_insert_with(|| {
            super::manifest::record_path_with(&self.root, "held")
                .and_then(|path| std::fs::read(path).ok())
                .map(Record::parse)
                .unwrap_or_default()
        });
        let mut files = record.files.iter().peekable();
        let mut at = Stat::new(&self.root);
        let mut held = Vec::with_capacity(variants.len());
        asked.reserve(variants.len());
        for &(path, len) in variants {
            while files
                .next_if(|(r, _)| &record.bytes[r.clone()] < path.as_bytes())
                .is_some()
            {}
            let old = files
                .peek()
                .filter(|(r, _)| &record.bytes[r.clone()] == path.as_bytes())
                .map(|(_, stamp)| stamp);
            let folder = parent_len(path);
            let (stamp, recorded) = match (at.stamp(path, folder), old) {
                (Some(now), Some(old)) if now == *old && now.size() == len => (Some(now), true),
                (Some(_), Some(_)) | (None, _) => (None, false),
                (Some(now), None) => ((now.size() == len).then_some(now), false),
            };
            held.push(stamp.is_some());
            let start = paths.len();
            paths.push_str(path);
            asked.push(Asked {
                path: start..paths.len(),
                folder: start + folder,
                stamp,
                recorded,
            });
        }
        held
    }

    /// output/'s listing, without listing the recorded folders found
    /// unchanged (their files are the variants held in them, counted by
    /// their share of the fingerprint) nor the staging folder `staging`
    /// (the apply's own, whose files it moves into place or deletes).
    pub fn listing(&self, root: &Path, staging: &str) -> Listing {
        let mut found = self.found();
        let skipped = unchanged_folders(&found, root);
        if skipped.is_empty() {
            return Listing::skipping(root, &|rel| rel == staging);
        }
        let mut listing = Listing::skipping(root, &|rel| {
            rel == staging || skipped.iter().any(|s| s == rel)
        });
        let mut record = Vec::with_capacity(128);
        for a in &found.asked {
            if skipped.iter().any(|s| s == found.folder(a)) {
                let hash = file_hash(found.path(a), a.stamp.as_ref(), &mut record);
                listing.unlisted.0 = listing.unlisted.0.wrapping_add(hash);
                listing.unlisted.1 += 1;
            }
        }
        found.skipped = skipped;
        listing
    }

    /// Keeps the record for the next build: the stamps of the variants
    /// asked about, as output/ holds them after the apply (`listing`), and
    /// of the folders holding nothing else. Unless nothing was asked (not
    /// a build that published variants) or the record is unchanged.
    pub fn save(&self, root: &Path, listing: &Listing) {
        let found = self.found();
        if found.asked.is_empty() {
            return;
        }
        if unchanged(&found, listing) {
            return;
        }
        let Some(path) = super::manifest::record_path_with(root, "held") else {
            return;
        };
        // In the order of their paths (as asked, usually), so that the
        // next build can merge them with its own and an unchanged record
        // is the same bytes.
        let mut order: Vec<&Asked> = found.asked.iter().collect();
        if !order.is_sorted_by(|a, b| found.path(a) <= found.path(b)) {
            order.sort_unstable_by(|a, b| found.path(a).cmp(found.path(b)));
        }
        // A variant held is as it was; one placed by this apply has the
        // stamp the listing took after placing it.
        let placed: crate::paths::PathMap<&str, Option<FileStamp>> =
            match order.iter().any(|a| a.stamp.is_none()) {
                true => listing
                    .files
                    .iter()
                    .map(|(rel, stamp)| (rel.as_str(), *stamp))
                    .collect(),
                false => Default::default(),
            };
        let old_enough = old_enough();
        let mut files = Vec::new();
        // Per folder of variants: how many are recorded, and how many
        // files output/ has in it (`None`: it has a folder in it).
        let mut folders: Vec<(&str, usize, Option<usize>)> = Vec::new();
        for a in order {
            let (rel, folder) = (found.path(a), found.folder(a));
            let stamp = a.stamp.or_else(|| placed.get(rel).copied().flatten());
            // Not a file changed within the clock's uncertainty: a change
            // in the same tick would keep its stamp.
            if let Some(stamp) = stamp.as_ref().filter(|s| s.changed() < old_enough) {
                put(&mut files, b'f', rel, stamp);
                match folders.iter_mut().find(|(f, _, _)| *f == folder) {
                    Some((_, count, _)) => *count += 1,
                    None => {
                        // A folder not listed held exactly its variants.
                        let unlisted = found.skipped.iter().any(|s| s == folder);
                        let held = found.asked.iter().filter(|a| found.folder(a) == folder);
                        let inside = if unlisted { held.count() } else { 0 };
                        folders.push((folder, 1, Some(inside)));
                    }
                }
            }
        }
        for (rel, _) in &listing.files {
            for (folder, _, inside) in folders.iter_mut() {
                let Some(rest) = rel.strip_prefix(*folder).and_then(|r| r.strip_prefix('/')) else {
                    continue;
                };
                *inside = inside.filter(|_| !rest.contains('/')).map(|n| n + 1);
            }
        }
        let mut bytes = HEADER.to_vec();
        for (folder, count, inside) in folders {
            if folder.is_empty() || inside != Some(count) {
                continue;
            }
            if let Some(stamp) = folder_stamp(root, folder).filter(|s| s.changed() < old_enough) {
                put(&mut bytes, b'd', folder, &stamp);
            }
        }
        bytes.extend_from_slice(&files);
        if found.record.as_ref().is_none_or(|r| r.bytes != bytes) {
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = super::write_atomic(&path, &bytes);
        }
    }
}

/// Whether the record would be written again as it is: every variant and
/// folder it holds was found as recorded (the folders not listed), no
/// other variant was asked about and nothing new was placed beside them.
fn unchanged(found: &Found, listing: &Listing) -> bool {
    let Some(record) = &found.record else {
        return false;
    };
    let skipped = |folder: &str| found.skipped.iter().any(|s| s == folder);
    found.asked.len() == record.files.len()
        && found.skipped.len() == record.folders.len()
        && found
            .asked
            .iter()
            .all(|a| a.recorded && skipped(found.folder(a)))
        && !listing
            .files
            .iter()
            .any(|(rel, _)| skipped(&rel[..parent_len(rel)]))
}

/// The recorded folders whose stamp is unchanged and whose recorded
/// variants were all asked about, and found untouched, by this build.
fn unchanged_folders(found: &Found, root: &Path) -> Vec<String> {
    let Some(record) = &found.record else {
        return Vec::new();
    };
    record
        .folders
        .iter()
        .filter(|(folder, stamp, held)| {
            let (mut count, mut all) = (0, true);
            for a in found.asked.iter().filter(|a| found.folder(a) == folder) {
                count += 1;
                all &= a.recorded;
            }
            count == *held
                && all
                && real_folders(root, folder)
                && folder_stamp(root, folder) == Some(*stamp)
        })
        .map(|(folder, _, _)| folder.clone())
        .collect()
}

/// `stat`s of files in output/ through one reused path buffer, each folder
/// checked once for being a real folder.
struct Stat<'a> {
    root: &'a Path,
    /// `root` and a separator, when `root` is text: paths are built in it.
    text: Option<String>,
    /// The folder last looked at, and whether it is real.
    folder: Option<(String, bool)>,
}

impl<'a> Stat<'a> {
    fn new(root: &'a Path) -> Self {
        Stat {
            root,
            text: root.to_str().map(|r| format!("{r}/")),
            folder: None,
        }
    }

    /// The stamp of the regular file `root/rel` whose folders are all
    /// real; `folder` is where `rel`'s folder ends.
    fn stamp(&mut self, rel: &str, folder: usize) -> Option<FileStamp> {
        let folder = &rel[..folder];
        let real = match &self.folder {
            Some((f, real)) if f == folder => *real,
            _ => {
                let real = real_folders(self.root, folder);
                self.folder = Some((folder.to_string(), real));
                real
            }
        };
        if !real {
            return None;
        }
        let meta = match &mut self.text {
            Some(text) => {
                let base = text.len();
                text.push_str(rel);
                let meta = std::fs::symlink_metadata(text.as_str());
                text.truncate(base);
                meta
            }
            None => std::fs::symlink_metadata(self.root.join(rel)),
        };
        meta.ok()
            .filter(|m| m.is_file() && crate::safe_fs::published(m))
            .map(|m| FileStamp::of(&m))
    }
}

/// Two seconds ago, as (seconds, nanoseconds) since the epoch like an
/// inode change time (see the module comment).
fn old_enough() -> (i64, i64) {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or((0, 0), |d| {
            (d.as_secs() as i64 - 2, i64::from(d.subsec_nanos()))
        })
}

fn put(bytes: &mut Vec<u8>, kind: u8, path: &str, stamp: &FileStamp) {
    bytes.push(kind);
    bytes.extend_from_slice(&(path.len() as u32).to_le_bytes());
    bytes.extend_from_slice(path.as_bytes());
    bytes.extend_from_slice(&stamp.to_bytes());
}

impl Record {
    /// The record in `bytes`; an empty one if they are not a record.
    fn parse(bytes: Vec<u8>) -> Record {
        let mut record = Record::default();
        if !record.read(&bytes) {
            return Record::default();
        }
        record.bytes = bytes;
        record
    }

    fn read(&mut self, bytes: &[u8]) -> bool {
        if !bytes.starts_with(HEADER) {
            return false;
        }
        let mut at = HEADER.len();
        while let Some(&kind) = bytes.get(at) {
            let Some(len) = bytes.get(at + 1..at + 5).and_then(|b| b.try_into().ok()) else {
                return false;
            };
            let start = at + 5;
            let end = start + u32::from_le_bytes(len) as usize;
            let stamp = bytes
                .get(end..end + STAMP_BYTES)
                .and_then(FileStamp::from_bytes);
            let (Some(path), Some(stamp)) = (bytes.get(start..end), stamp) else {
                return false;
            };
            at = end + STAMP_BYTES;
            match kind {
                b'f' => {
                    let folder = &path[..path.iter().rposition(|&b| b == b'/').unwrap_or(0)];
                    if let Some((_, _, count)) = self
                        .folders
                        .iter_mut()
                        .find(|(f, _, _)| f.as_bytes() == folder)
                    {
                        *count += 1;
                    }
                    self.files.push((start..end, stamp));
                }
                b'd' if self.files.is_empty() => match std::str::from_utf8(path) {
                    Ok(folder) => self.folders.push((folder.to_string(), stamp, 0)),
                    Err(_) => return false,
                },
                _ => return false,
            }
        }
        true
    }
}

/// The length of `path`'s folder part (`a/b` of `a/b/c.jpg`; 0 at the top).
fn parent_len(path: &str) -> usize {
    path.bytes().rposition(|b| b == b'/').unwrap_or(0)
}

/// The stamp of the real folder `root/rel`.
fn folder_stamp(root: &Path, rel: &str) -> Option<FileStamp> {
    let meta = std::fs::symlink_metadata(root.join(rel)).ok()?;
    meta.is_dir().then(|| FileStamp::of(&meta))
}

/// Whether every folder of `rel` (`a/b`) under `root` is a real folder, not
/// a link: a file seen through a linked folder is not output/'s.
fn real_folders(root: &Path, rel: &str) -> bool {
    let mut current = root.to_path_buf();
    rel.split('/').filter(|p| !p.is_empty()).all(|part| {
        current.push(part);
        std::fs::symlink_metadata(&current).is_ok_and(|m| m.is_dir())
    })
}

/// For each variant, whether output/ at `root` has a regular file of its
/// size at its path, in real folders (for a `check`, which keeps no record).
pub fn holds_sizes(root: &Path, variants: &[(&str, u64)]) -> Vec<bool> {
    variants
        .iter()
        .map(|(path, len)| crate::safe_fs::holds_size(root, path, *len))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_and_garbage_is_no_record() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("images")).unwrap();
        std::fs::write(dir.path().join("images/a.jpg"), "abc").unwrap();
        let stamp = FileStamp::of(&std::fs::metadata(dir.path().join("images/a.jpg")).unwrap());
        assert_eq!(FileStamp::from_bytes(&stamp.to_bytes()), Some(stamp));
        let mut bytes = HEADER.to_vec();
        put(&mut bytes, b'd', "images", &stamp);
        put(&mut bytes, b'f', "images/a.jpg", &stamp);
        put(&mut bytes, b'f', "images/b.jpg", &stamp);
        let record = Record::parse(bytes.clone());
        assert_eq!(record.files.len(), 2);
        assert_eq!(&record.bytes[record.files[1].0.clone()], b"images/b.jpg");
        assert_eq!(record.folders, [("images".to_string(), stamp, 2)]);
        let cut = Record::parse(bytes[..bytes.len() - 3].to_vec());
        assert!(cut.files.is_empty() && cut.folders.is_empty());
        assert!(Record::parse(b"garbage".to_vec()).files.is_empty());
    }

    #[test]
    fn a_variant_is_held_when_its_stamp_is_the_recorded_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("images")).unwrap();
        std::fs::write(root.join("images/a.jpg"), "abc").unwrap();
        std::fs::write(root.join("images/b.jpg"), "defg").unwrap();
        let variants = [
            ("images/a.jpg", 3),
            ("images/b.jpg", 4),
            ("images/c.jpg", 1),
        ];
        // Unrecorded: a file of the variant's size is held.
        let held = Held::new(root);
        assert_eq!(held.holds(&variants), [true, true, false]);
        let mut found = held.found();
        let record = found.record.get_or_insert_with(Record::default);
        let mut bytes = HEADER.to_vec();
        for (path, _) in &variants[..2] {
            let stamp = FileStamp::of(&std::fs::metadata(root.join(path)).unwrap());
            put(&mut bytes, b'f', path, &stamp);
        }
        *record = Record::parse(bytes);
        found.asked.clear();
        drop(found);
        // Recorded: the stamp decides; a file replaced by one of the same
        // size is not held.
        std::fs::write(root.join("images/new"), "xxxx").unwrap();
        std::fs::rename(root.join("images/new"), root.join("images/b.jpg")).unwrap();
        assert_eq!(held.holds(&variants), [true, false, false]);
    }
}
