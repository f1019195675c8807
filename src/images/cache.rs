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

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One site's folder of cached variants.
pub struct Cache {
    dir: PathBuf,
    /// File names used by this build (read or written).
    used: Mutex<HashSet<String>>,
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
            used: Mutex::new(HashSet::new()),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn name(key: &str, extension: &str) -> String {
        format!("{key}.{extension}")
    }

    fn mark(&self, name: String) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name);
    }

    /// The cached bytes of an entry, if present.
    pub fn get(&self, key: &str, extension: &str) -> Option<Vec<u8>> {
        let name = Cache::name(key, extension);
        let bytes = std::fs::read(self.dir.join(&name)).ok()?;
        if bytes.is_empty() {
            return None;
        }
        self.mark(name);
        Some(bytes)
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
        self.mark(name);
    }

    /// Deletes the entries this build did not use. Returns how many.
    pub fn prune(&self) -> usize {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !used.contains(&name) && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_unused_ones_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache {
            dir: dir.path().join("c"),
            used: Mutex::new(HashSet::new()),
        };
        cache.put("aa", "webp", b"one");
        cache.put("bb", "jpg", b"two");
        assert_eq!(cache.get("aa", "webp").as_deref(), Some(&b"one"[..]));
        let next = Cache {
            dir: dir.path().join("c"),
            used: Mutex::new(HashSet::new()),
        };
        assert!(next.get("bb", "jpg").is_some());
        assert_eq!(next.prune(), 1);
        assert!(next.get("aa", "webp").is_none());
        assert!(next.get("bb", "jpg").is_some());
    }
}
