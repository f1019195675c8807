//! The disk cache of encoded variants, so that a rebuild encodes only what
//! changed. Entries are named by a hash of the source bytes and every
//! parameter that shapes the output (size, crop, format, quality, recipe),
//! so a changed photo or setting simply misses.
//!
//! The cache lives beside alianse's no-change record, in the user's cache
//! folder (`$ALIANSE_CACHE_DIR`, else `$XDG_CACHE_HOME/alianse`, else
//! `~/.cache/alianse`), under `images/<hash of the site folder>/`: never in
//! output/ (which stays byte-identical to a build without a cache) nor in
//! content/ or the site folder. Without a cache folder every build encodes
//! again. After a whole build, entries it did not use are pruned.
//!
//! A warm build asks for hundreds of entries; it finds them without a
//! `stat` each: the folder is listed once (names only), and the entries'
//! sizes are kept in a file beside them ([`LENGTHS`]), written after each
//! whole build. An entry listed but missing from that file is `stat`ed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The file of entry sizes in the cache folder.
pub const LENGTHS: &str = "lengths";
const LENGTHS_HEADER: &str = "alianse image cache sizes 1";

/// One site's folder of cached variants.
pub struct Cache {
    dir: PathBuf,
    /// Entry names in the folder and their recorded sizes (0: not
    /// recorded), listed when first needed.
    listing: OnceLock<HashMap<String, u64>>,
    /// Entries used by this build (read or written), with their sizes.
    used: Mutex<HashMap<String, u64>>,
    /// Whether this build wrote an entry.
    wrote: std::sync::atomic::AtomicBool,
}

impl Cache {
    /// The cache for the site at `root`, or `None` when there is no cache
    /// folder.
    pub fn open(root: &Path) -> Option<Cache> {
        let base = std::env::var_os("ALIANSE_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| Path::new(&d).join("alianse")))
            .or_else(|| std::env::var_os("HOME").map(|d| Path::new(&d).join(".cache/alianse")))?;
        let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        site.hash(&mut hasher);
        Some(Cache {
            dir: base
                .join("images")
                .join(format!("{:016x}", hasher.finish())),
            listing: OnceLock::new(),
            used: Mutex::new(HashMap::new()),
            wrote: false.into(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn name(key: &str, extension: &str) -> String {
        let mut name = String::with_capacity(key.len() + 1 + extension.len());
        name.push_str(key);
        name.push('.');
        name.push_str(extension);
        name
    }

    /// Counts an entry as used by this build (kept by [`Cache::prune`]).
    pub fn mark(&self, name: String, len: u64) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name, len);
    }

    /// Whether this build looked for an entry or wrote one.
    pub fn touched(&self) -> bool {
        self.wrote.load(std::sync::atomic::Ordering::Relaxed)
            || !self
                .used
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty()
    }

    /// The names in the folder (one listing, no `stat`), with the sizes
    /// the last build recorded for them.
    fn listing(&self) -> &HashMap<String, u64> {
        self.listing.get_or_init(|| {
            let Ok(entries) = std::fs::read_dir(&self.dir) else {
                return HashMap::new();
            };
            let text = std::fs::read_to_string(self.dir.join(LENGTHS)).unwrap_or_default();
            let recorded = parse_lengths(&text);
            entries
                .flatten()
                .map(|e| {
                    let name = e
                        .file_name()
                        .into_string()
                        .unwrap_or_else(|n| n.to_string_lossy().into_owned());
                    let len = recorded.get(name.as_str()).copied().unwrap_or(0);
                    (name, len)
                })
                .collect()
        })
    }

    /// The file and size of an entry, if present, without reading it (and
    /// without a `stat` when its size was recorded).
    pub fn find(&self, key: &str, extension: &str) -> Option<(PathBuf, u64)> {
        let name = Cache::name(key, extension);
        let recorded = *self.listing().get(&name)?;
        let path = self.dir.join(&name);
        let len = if recorded > 0 {
            recorded
        } else {
            std::fs::metadata(&path)
                .ok()
                .filter(|m| m.is_file() && m.len() > 0)?
                .len()
        };
        self.mark(name, len);
        Some((path, len))
    }

    /// Stores an entry (written to a temporary file and renamed, so that a
    /// build stopped half-way never leaves a cut-short entry). Failing to
    /// store only costs the next build the work.
    pub fn put(&self, key: &str, extension: &str, bytes: &[u8]) {
        let name = Cache::name(key, extension);
        if std::fs::create_dir_all(&self.dir).is_ok() {
            let temporary = self.dir.join(format!(".{name}.{}", std::process::id()));
            if std::fs::write(&temporary, bytes).is_ok()
                && std::fs::rename(&temporary, self.dir.join(&name)).is_err()
            {
                let _ = std::fs::remove_file(&temporary);
            }
        }
        self.wrote.store(true, std::sync::atomic::Ordering::Relaxed);
        self.mark(name, bytes.len() as u64);
    }

    /// Deletes the entries this build did not use and records the sizes of
    /// those it did. Returns how many were deleted. When the build wrote
    /// nothing, the listing taken at its start is what the folder holds.
    pub fn prune(&self) -> usize {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let wrote = self.wrote.load(std::sync::atomic::Ordering::Relaxed);
        if !wrote && self.all_used_as_recorded(&used) {
            // A warm build: nothing to delete, and the sizes file already
            // says what it would be written with.
            return 0;
        }
        let names: Vec<String> = if wrote {
            let Ok(entries) = std::fs::read_dir(&self.dir) else {
                return 0;
            };
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        } else {
            self.listing().keys().cloned().collect()
        };
        let mut removed = 0;
        for name in names {
            if name == super::index::FILE || name == LENGTHS || name == super::made::FILE {
                continue;
            }
            if !used.contains_key(&name) && std::fs::remove_file(self.dir.join(&name)).is_ok() {
                removed += 1;
            }
        }
        let mut lines: Vec<String> = used.iter().map(|(n, l)| format!("{l} {n}")).collect();
        lines.sort();
        let text = format!("{LENGTHS_HEADER}\n{}\n", lines.join("\n"));
        let recorded = std::fs::read(self.dir.join(LENGTHS)).unwrap_or_default();
        if recorded != text.as_bytes() {
            save_atomic(&self.dir, LENGTHS, text.as_bytes());
        }
        removed
    }
}

impl Cache {
    /// Whether the build used every entry of the folder as listed at its
    /// start, each with the size recorded for it: the entries used are
    /// all listed (nothing was written), so equal counts mean equal sets.
    fn all_used_as_recorded(&self, used: &HashMap<String, u64>) -> bool {
        let listing = self.listing();
        let special = [super::index::FILE, LENGTHS, super::made::FILE]
            .iter()
            .filter(|n| listing.contains_key(**n))
            .count();
        listing.len() == used.len() + special
            && used
                .iter()
                .all(|(name, len)| listing.get(name) == Some(len))
    }
}

/// Writes `dir/name` through a temporary file and a rename; failing only
/// costs the next build some work.
pub fn save_atomic(dir: &Path, name: &str, bytes: &[u8]) {
    if std::fs::create_dir_all(dir).is_ok() {
        let temporary = dir.join(format!(".{name}.{}", std::process::id()));
        if std::fs::write(&temporary, bytes).is_err()
            || std::fs::rename(&temporary, dir.join(name)).is_err()
        {
            let _ = std::fs::remove_file(&temporary);
        }
    }
}

fn parse_lengths(text: &str) -> HashMap<&str, u64> {
    let mut lines = text.lines();
    if lines.next() != Some(LENGTHS_HEADER) {
        return HashMap::new();
    }
    lines
        .filter_map(|line| {
            let (len, name) = line.split_once(' ')?;
            Some((name, len.parse().ok().filter(|l| *l > 0)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(dir: &Path) -> Cache {
        Cache {
            dir: dir.join("c"),
            listing: OnceLock::new(),
            used: Mutex::new(HashMap::new()),
            wrote: false.into(),
        }
    }

    #[test]
    fn entries_are_found_with_their_sizes_and_unused_ones_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = at(dir.path());
        cache.put("aa", "webp", b"one");
        cache.put("bb", "jpg", b"four");
        assert_eq!(cache.prune(), 0);
        // The next build finds both with their sizes, from the listing and
        // the recorded sizes.
        let next = at(dir.path());
        assert_eq!(next.find("bb", "jpg").map(|(_, l)| l), Some(4));
        assert_eq!(next.find("cc", "jpg"), None);
        assert_eq!(next.prune(), 1);
        let last = at(dir.path());
        assert!(last.find("aa", "webp").is_none());
        assert_eq!(
            last.find("bb", "jpg"),
            Some((dir.path().join("c/bb.jpg"), 4))
        );
    }

    #[test]
    fn a_build_that_used_everything_deletes_nothing_and_leftovers_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = at(dir.path());
        first.put("aa", "webp", b"one");
        first.put("bb", "jpg", b"four");
        assert_eq!(first.prune(), 0);
        let recorded = std::fs::read(dir.path().join("c").join(LENGTHS)).unwrap();
        let warm = at(dir.path());
        assert!(warm.find("aa", "webp").is_some() && warm.find("bb", "jpg").is_some());
        assert_eq!(warm.prune(), 0);
        let now = std::fs::read(dir.path().join("c").join(LENGTHS)).unwrap();
        assert_eq!(recorded, now);
        // A temporary file of a stopped build is not an entry in use.
        std::fs::write(dir.path().join("c/.cc.jpg.1"), b"x").unwrap();
        let next = at(dir.path());
        assert!(next.find("aa", "webp").is_some() && next.find("bb", "jpg").is_some());
        assert_eq!(next.prune(), 1);
        assert!(!dir.path().join("c/.cc.jpg.1").exists());
    }

    #[test]
    fn an_entry_without_a_recorded_size_is_measured() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("c")).unwrap();
        std::fs::write(dir.path().join("c/dd.png"), b"12345").unwrap();
        std::fs::write(dir.path().join("c/ee.png"), b"").unwrap();
        let cache = at(dir.path());
        assert_eq!(cache.find("dd", "png").map(|(_, l)| l), Some(5));
        // An empty entry (a build stopped while writing it) is no entry.
        assert_eq!(cache.find("ee", "png"), None);
    }
}
