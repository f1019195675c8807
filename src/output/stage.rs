//! Staging files as they are made: phase 1 of [`super::apply`], usable
//! while the site is still rendering, so that a build never holds the
//! whole rendered site in memory.
//!
//! A [`Staging`] is a fresh folder `output/.alianse-staging-XXXXXX/` of the
//! locked output folder. [`Staging::put`] compares a file with what output/
//! holds at its path and, when the bytes differ, writes them (flushed) to a
//! temporary file with a random name in that folder; either way it keeps
//! only the path, the length and the temporary file's name ([`Staged`]), so
//! the bytes can be dropped at once. Nothing outside the staging folder is
//! touched: a build that fails later (a template error, a clash of paths)
//! drops the `Staging`, which deletes the folder, and output/ is as before.
//! [`super::apply::apply_staged`] journals and renames what was staged.
//!
//! Into an output folder that was empty (a first build), every file is
//! staged without looking for it in output/ first.
//!
//! The first write that fails (a full disk) is remembered and every later
//! put skips writing; [`Staging::failure`] gives the one error to report.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::lock::OutputLock;
use crate::error::{Diagnostic, ErrorKind};
use crate::paths::{ForPath, OutputFile};
use crate::safe_fs;

/// A staging folder in the locked output folder (see the module comment).
pub struct Staging<'a> {
    root: PathBuf,
    dir: tempfile::TempDir,
    /// Paths output/ holds already with the right bytes (content-hashed
    /// image variants): neither compared nor staged.
    kept: &'a HashSet<String>,
    /// Paths whose bytes are known to differ from output/'s (`serve` wrote
    /// other bytes there last): staged without reading output/'s copy.
    unread: HashSet<String>,
    /// output/ held nothing when the staging folder was made (a first
    /// build, a new folder): no file is compared with output/'s.
    empty: bool,
    /// `ALIANSE_WRITE_FAULT=stage:N`: writes after the N-th fail.
    fault: Option<usize>,
    writes: AtomicUsize,
    failure: Mutex<Option<Diagnostic>>,
    /// The image variants output/ holds (see [`super::held`]).
    held: super::held::Held,
}

/// One output file after staging: its path and length, its staged
/// temporary file when output/ does not hold its bytes yet, and its bytes
/// when the caller asked to keep them (pages a later check reads).
#[derive(Debug)]
pub struct Staged {
    pub path: String,
    pub len: usize,
    pub(super) temp: Option<tempfile::TempPath>,
    pub bytes: Option<Vec<u8>>,
    /// An image variant output/ holds untouched (see [`super::held`]):
    /// nothing is written at its path.
    pub(super) held: bool,
}

impl Staged {
    /// A file that is not staged (a `check`, which writes nothing): only
    /// its path and length, and its bytes if `keep`.
    pub fn in_memory(file: OutputFile, keep: bool) -> Staged {
        Staged {
            len: file.bytes.len(),
            bytes: keep.then_some(file.bytes),
            path: file.path,
            temp: None,
            held: false,
        }
    }

    /// An image variant [`Staging::holds_variants`] found untouched in
    /// output/: left as it is (its length is not counted).
    pub fn held_variant(path: String) -> Staged {
        Staged {
            path,
            len: 0,
            temp: None,
            bytes: None,
            held: true,
        }
    }

    /// Whether the file was staged (its bytes differ from output/'s).
    pub fn is_changed(&self) -> bool {
        self.temp.is_some()
    }
}

impl ForPath for Staged {
    fn for_path(&self) -> &str {
        &self.path
    }
}

impl<'a> Staging<'a> {
    /// A new staging folder in `lock`'s output folder.
    pub fn new(lock: &OutputLock, kept: &'a HashSet<String>) -> Result<Self, Diagnostic> {
        let root = lock.dir().to_path_buf();
        // Before the staging folder is there; output/ is locked, and an
        // interrupted build's leftovers were cleaned up with the lock.
        let empty = std::fs::read_dir(&root).is_ok_and(|mut entries| entries.next().is_none());
        let dir = tempfile::Builder::new()
            .prefix(super::apply::STAGING_PREFIX)
            .tempdir_in(&root)
            .map_err(|e| stage_error(&root, "a staging folder", &e))?;
        Ok(Staging {
            dir,
            kept,
            unread: HashSet::new(),
            empty,
            fault: super::apply::fault("stage:"),
            writes: AtomicUsize::new(0),
            failure: Mutex::new(None),
            held: super::held::Held::new(&root),
            root,
        })
    }

    /// Stages the files at `paths` without comparing them with output/:
    /// the caller knows their bytes differ from those it wrote there last.
    pub fn with_unread(mut self, paths: HashSet<String>) -> Self {
        self.unread = paths;
        self
    }

    /// Stages `file` unless output/ holds its bytes; keeps its bytes if `keep`.
    pub fn put(&self, file: OutputFile, keep: bool) -> Staged {
        let temp = self.stage(&file.path, &file.bytes);
        let mut staged = Staged::in_memory(file, keep);
        staged.temp = temp;
        staged
    }

    /// Stages a file the caller keeps (see [`Staging::put`]).
    pub fn put_ref(&self, file: &OutputFile) -> Staged {
        Staged {
            path: file.path.clone(),
            len: file.bytes.len(),
            temp: self.stage(&file.path, &file.bytes),
            bytes: None,
            held: false,
        }
    }

    fn stage(&self, path: &str, bytes: &[u8]) -> Option<tempfile::TempPath> {
        if self.kept.contains(path)
            || (!self.empty
                && !self.unread.contains(path)
                && safe_fs::holds(&self.root, path, bytes))
        {
            return None;
        }
        let failure = || self.failure.lock().unwrap_or_else(|e| e.into_inner());
        if failure().is_some() {
            return None;
        }
        let n = self.writes.fetch_add(1, Ordering::Relaxed);
        let result = if self.fault.is_some_and(|limit| n >= limit) {
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "injected failure (ALIANSE_WRITE_FAULT)",
            ))
        } else {
            write_temp(self.dir.path(), bytes)
        };
        match result {
            Ok(temp) => Some(temp),
            Err(e) => {
                failure().get_or_insert_with(|| stage_error(&self.root, path, &e));
                None
            }
        }
    }

    /// For each image variant (output path and size, best in the order
    /// of their paths), whether output/ holds it untouched since the last
    /// build placed it ([`super::held::Held::holds`]): then it is neither
    /// read nor staged.
    pub fn holds_variants(&self, variants: &[(&str, u64)]) -> Vec<bool> {
        self.held.holds(variants)
    }

    /// The record of the variants, for the apply.
    pub(super) fn take_held(&mut self) -> super::held::Held {
        std::mem::take(&mut self.held)
    }

    /// The first write that failed, if one did: the build must stop, and
    /// output/ is untouched.
    pub fn failure(&self) -> Option<Diagnostic> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The staging folder (given up by [`Staging::keep`] once journaled).
    pub(super) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Keeps the folder when the Staging is dropped: from the journal on,
    /// the next build finishes what this one started.
    pub(super) fn keep(self) -> PathBuf {
        self.dir.keep()
    }
}

fn write_temp(staging: &Path, bytes: &[u8]) -> std::io::Result<tempfile::TempPath> {
    let mut file = crate::safe_fs::temp_file(super::TEMP_PREFIX).tempfile_in(staging)?;
    file.write_all(bytes)?;
    file.flush()?;
    Ok(file.into_temp_path())
}

pub(super) fn stage_error(root: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        ErrorKind::Io,
        msg!(
            "output.stage-error",
            what = what,
            dir = root.display(),
            error = e.to_string()
        ),
    )
    .with_help(msg!("output.stage-error-help"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn only_changed_bytes_are_staged_and_a_dropped_staging_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        super::super::apply(&out, &[file("a/index.html", "A")]).unwrap();
        let lock = super::super::lock::lock(&out).unwrap();
        let kept = HashSet::new();
        let staging = Staging::new(&lock, &kept).unwrap();
        let same = staging.put(file("a/index.html", "A"), false);
        let new = staging.put(file("b/index.html", "B"), true);
        assert!(!same.is_changed());
        assert!(new.is_changed());
        assert_eq!((new.len, new.bytes.as_deref()), (1, Some(&b"B"[..])));
        assert!(staging.failure().is_none());
        // Staged bytes are only in the staging folder until applied.
        assert!(!out.join("b/index.html").exists());
        let folder = staging.path().to_path_buf();
        assert!(folder.is_dir());
        drop((same, new, staging));
        assert!(!folder.exists());
        let mut left = super::super::existing_files(&out);
        left.sort();
        assert_eq!(left, [super::super::MARKER, "a/index.html"]);
    }
}
