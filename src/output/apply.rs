//! Applying a rendered site to the output folder in two phases, and
//! finishing an apply that was interrupted.
//!
//! 1. **Stage**: every file whose bytes changed is written (and flushed) to
//!    a temporary file with a random name in a fresh staging folder
//!    `output/.alianse-staging-XXXXXX/`. A failure here (a full disk, a
//!    name the file system refuses) removes the staging folder: output/ is
//!    byte-identical to before, and the error says so.
//! 2. **Journal**: the list of moves and removals is written to
//!    `output/.alianse-journal` (atomically, by rename).
//! 3. **Rename**: staged files are moved into place one by one (the marker
//!    first), then stale files are removed, without following any symbolic
//!    link below output/ ([`super::safe_fs`]). Then the journal goes.
//!
//! A build killed during the rename phase leaves the journal and the staged
//! files; the next build finds them ([`recover`]), finishes the moves and
//! removals, deletes every temporary file and says what it repaired. A
//! build killed while staging leaves only a staging folder, which the next
//! build deletes (output/ was not touched).
//!
//! **Fault injection (tests only).** The environment variable
//! `ALIANSE_WRITE_FAULT` is read here and nowhere else: `stage:N` makes
//! staging fail after N files as a full disk would; `rename:N` aborts the
//! process after N files were moved into place, as `kill -9` would;
//! `rename-error:N` makes the move after N files fail with an I/O error.
//! `tests/write_safety.rs` uses it.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::lock::OutputLock;
use super::{MARKER, WriteStats};
use crate::error::{Diagnostic, ErrorKind};
use crate::paths::OutputFile;
use crate::safe_fs;

/// The journal of an apply in progress, at the top of output/.
pub const JOURNAL: &str = ".alianse-journal";
/// Prefix of the staging folder at the top of output/.
pub const STAGING_PREFIX: &str = ".alianse-staging-";

const MARKER_TEXT: &[u8] =
    b"This folder is written by alianse; it replaces its contents on every build.\n";

/// What an apply did, with warnings (links it replaced) for the user.
#[derive(Debug, Default)]
pub struct Applied {
    pub stats: WriteStats,
    pub warnings: Vec<Diagnostic>,
    /// The paths written or removed, sorted (what `serve` reloads).
    pub paths: Vec<String>,
}

/// Which files an apply is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The files are the whole site: files output/ has beyond them are
    /// removed (a build, a full rebuild in `serve`).
    Whole,
    /// The files are what a rebuild in `serve` made again: nothing else in
    /// output/ is touched.
    Changed,
}

/// A failed apply: the problem, and whether output/ was partly changed.
#[derive(Debug)]
pub struct WriteFailure {
    pub diagnostic: Diagnostic,
    /// False: output/ is exactly as before. True: some files were replaced.
    pub partly_written: bool,
}

/// Applies `files` to the locked output folder (see the module comment).
pub fn apply(
    lock: &OutputLock,
    files: &[OutputFile],
    kept: &HashSet<String>,
    scope: Scope,
) -> Result<Applied, WriteFailure> {
    let root = lock.dir();
    let untouched = |d: Diagnostic| WriteFailure {
        diagnostic: d,
        partly_written: false,
    };
    let existing = match scope {
        Scope::Whole => super::existing_files(root),
        Scope::Changed => Vec::new(),
    };
    let changed: Vec<&OutputFile> = files
        .par_iter()
        .filter(|f| !kept.contains(&f.path) && !safe_fs::holds(root, &f.path, &f.bytes))
        .collect();
    let marker = OutputFile {
        path: MARKER.to_string(),
        bytes: MARKER_TEXT.to_vec(),
    };
    let mut to_stage: Vec<&OutputFile> = Vec::with_capacity(changed.len() + 1);
    if !safe_fs::holds(root, MARKER, MARKER_TEXT) {
        to_stage.push(&marker);
    }
    to_stage.extend(changed.iter().copied());
    let produced: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let stale: Vec<&str> = existing
        .iter()
        .map(String::as_str)
        .filter(|p| !produced.contains(p) && *p != MARKER)
        .collect();
    let mut applied = Applied {
        stats: WriteStats {
            written: changed.len(),
            unchanged: files.len() - changed.len(),
            removed: 0,
        },
        warnings: Vec::new(),
        paths: changed.iter().map(|f| f.path.clone()).collect(),
    };
    if to_stage.is_empty() && stale.is_empty() {
        return Ok(applied);
    }
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(root)
        .map_err(|e| untouched(stage_error(root, "a staging folder", &e)))?;
    let staged = stage(staging.path(), &to_stage).map_err(untouched)?;
    let journal = Journal {
        staging: file_name(staging.path()),
        puts: staged
            .iter()
            .map(|(temp, f)| (file_name(temp), f.path.clone()))
            .collect(),
        removes: stale.iter().map(|s| s.to_string()).collect(),
    };
    journal
        .save(root)
        .map_err(|e| untouched(stage_error(root, JOURNAL, &e)))?;
    // From here on the journal lets the next build finish what this one
    // starts: staged files must survive a failure.
    let staged: Vec<(PathBuf, &str)> = staged
        .into_iter()
        .map(|(temp, f)| (temp.keep().unwrap_or_default(), f.path.as_str()))
        .collect();
    let staging = staging.keep();
    rename_phase(root, &staged, &stale, &mut applied)?;
    finish(root, &staging);
    applied.paths.sort();
    Ok(applied)
}

/// Moves the staged files into place in order (the marker first), then
/// removes the stale files.
fn rename_phase(
    root: &Path,
    staged: &[(PathBuf, &str)],
    stale: &[&str],
    applied: &mut Applied,
) -> Result<(), WriteFailure> {
    let (abort_at, fail_at) = (fault("rename:"), fault("rename-error:"));
    for (done, (temp, rel)) in staged.iter().enumerate() {
        if abort_at == Some(done) {
            // Simulates `kill -9` in the middle of the rename phase.
            std::process::abort();
        }
        let result = if fail_at == Some(done) {
            Err(std::io::Error::other(
                "injected failure (ALIANSE_WRITE_FAULT)",
            ))
        } else {
            safe_fs::place(root, temp, rel)
        };
        let replaced = result.map_err(|e| rename_error(root, rel, &e, done, staged.len()))?;
        applied
            .warnings
            .extend(replaced.iter().map(|l| link_warning(root, l)));
    }
    for rel in stale {
        let removed = safe_fs::remove(root, rel)
            .map_err(|e| rename_error(root, rel, &e, staged.len(), staged.len()))?;
        if removed {
            applied.stats.removed += 1;
            applied.paths.push(rel.to_string());
            safe_fs::remove_empty_parents(root, rel);
        }
    }
    Ok(())
}

/// Writes each file to a new temporary file in `staging`, in parallel.
fn stage<'a>(
    staging: &Path,
    files: &[&'a OutputFile],
) -> Result<Vec<(tempfile::TempPath, &'a OutputFile)>, Diagnostic> {
    let fault = stage_fault();
    let count = AtomicUsize::new(0);
    files
        .par_iter()
        .map(|f| {
            let n = count.fetch_add(1, Ordering::Relaxed);
            let result = if fault.is_some_and(|limit| n >= limit) {
                Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "injected failure (ALIANSE_WRITE_FAULT)",
                ))
            } else {
                write_temp(staging, &f.bytes)
            };
            result
                .map(|temp| (temp, *f))
                .map_err(|e| stage_error(staging.parent().unwrap_or(staging), &f.path, &e))
        })
        .collect()
}

fn write_temp(staging: &Path, bytes: &[u8]) -> std::io::Result<tempfile::TempPath> {
    let mut file = tempfile::Builder::new()
        .prefix(super::TEMP_PREFIX)
        .tempfile_in(staging)?;
    file.write_all(bytes)?;
    file.flush()?;
    Ok(file.into_temp_path())
}

/// Removes the journal, then the (now empty) staging folder.
fn finish(root: &Path, staging: &Path) {
    let _ = std::fs::remove_file(root.join(JOURNAL));
    let _ = std::fs::remove_dir_all(staging);
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn stage_error(root: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
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

fn rename_error(
    root: &Path,
    rel: &str,
    e: &std::io::Error,
    done: usize,
    all: usize,
) -> WriteFailure {
    WriteFailure {
        diagnostic: Diagnostic::error(
            ErrorKind::Io,
            msg!(
                "output.rename-error",
                file = rel,
                dir = root.display(),
                error = e.to_string(),
                done = done,
                all = all
            ),
        )
        .with_help(msg!("output.rename-error-help", journal = JOURNAL)),
        partly_written: true,
    }
}

fn link_warning(root: &Path, link: &Path) -> Diagnostic {
    let shown = link.strip_prefix(root).unwrap_or(link);
    Diagnostic::warning(
        ErrorKind::Output,
        msg!("output.link-replaced", path = crate::paths::to_slash(shown)),
    )
    .with_help(msg!("output.link-replaced-help"))
}

/// The moves and removals of one apply, as written to [`JOURNAL`].
#[derive(Debug, PartialEq, Eq)]
struct Journal {
    staging: String,
    /// (temporary file name in the staging folder, output path).
    puts: Vec<(String, String)>,
    removes: Vec<String>,
}

impl Journal {
    fn to_text(&self) -> String {
        let mut text = format!("alianse write journal 1\nstaging {}\n", self.staging);
        for (temp, rel) in &self.puts {
            text.push_str(&format!("put {temp} {rel}\n"));
        }
        // A stale name that is not a safe output path (a line break, a
        // colon…) is not journaled; the next full build removes it anyway.
        for rel in self
            .removes
            .iter()
            .filter(|r| crate::paths::is_safe_relative(r))
        {
            text.push_str(&format!("remove {rel}\n"));
        }
        text
    }

    fn parse(text: &str) -> Option<Journal> {
        let mut lines = text.lines();
        if lines.next()? != "alianse write journal 1" {
            return None;
        }
        // A journal is read from output/, which others may write to: only
        // plain names and safe output paths are followed.
        let plain = |name: &str| !name.is_empty() && !name.contains(['/', '\\']) && name != "..";
        let staging = lines.next()?.strip_prefix("staging ")?.to_string();
        if !staging.starts_with(STAGING_PREFIX) || !plain(&staging) {
            return None;
        }
        let mut journal = Journal {
            staging,
            puts: Vec::new(),
            removes: Vec::new(),
        };
        for line in lines {
            if let Some(rest) = line.strip_prefix("put ") {
                let (temp, rel) = rest.split_once(' ')?;
                if !plain(temp) || !crate::paths::is_safe_relative(rel) {
                    return None;
                }
                journal.puts.push((temp.to_string(), rel.to_string()));
            } else {
                let rel = line.strip_prefix("remove ")?;
                if !crate::paths::is_safe_relative(rel) {
                    return None;
                }
                journal.removes.push(rel.to_string());
            }
        }
        Some(journal)
    }

    /// Writes the journal complete or not at all.
    fn save(&self, root: &Path) -> std::io::Result<()> {
        let mut file = tempfile::Builder::new()
            .prefix(super::TEMP_PREFIX)
            .tempfile_in(root)?;
        file.write_all(self.to_text().as_bytes())?;
        file.as_file().sync_all()?;
        let temp = file.into_temp_path();
        safe_fs::place(root, &temp, JOURNAL)?;
        let _ = temp.keep();
        Ok(())
    }
}

/// Finishes or cleans up an apply that was interrupted, before a new build
/// writes; returns a warning saying what was repaired, if anything was.
pub fn recover(lock: &OutputLock) -> Result<Option<Diagnostic>, Diagnostic> {
    let root = lock.dir();
    let journal_path = root.join(JOURNAL);
    let mut moved = 0;
    let mut removed = 0;
    // Only a journal that is a file of its own is read: never a link.
    let journal = std::fs::symlink_metadata(&journal_path)
        .is_ok_and(|m| m.is_file())
        .then(|| std::fs::read_to_string(&journal_path).ok())
        .flatten()
        .and_then(|t| Journal::parse(&t));
    if let Some(journal) = &journal {
        let staging = root.join(&journal.staging);
        let staging_real = std::fs::symlink_metadata(&staging).is_ok_and(|m| m.is_dir());
        for (temp, rel) in &journal.puts {
            let temp = staging.join(temp);
            // Moved already when the build was killed: nothing to do.
            if staging_real && std::fs::symlink_metadata(&temp).is_ok_and(|m| m.is_file()) {
                safe_fs::place(root, &temp, rel).map_err(|e| repair_error(root, rel, &e))?;
                moved += 1;
            }
        }
        for rel in &journal.removes {
            if safe_fs::remove(root, rel).map_err(|e| repair_error(root, rel, &e))? {
                removed += 1;
                safe_fs::remove_empty_parents(root, rel);
            }
        }
    }
    let mut temporary = 0;
    let mut found = false;
    if let Ok(entries) = std::fs::read_dir(root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let is_folder = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if name.starts_with(STAGING_PREFIX) && is_folder {
                temporary += walkdir::WalkDir::new(&path)
                    .into_iter()
                    .flatten()
                    .filter(|e| !e.file_type().is_dir())
                    .count();
                let _ = std::fs::remove_dir_all(&path);
                found = true;
            } else if name.starts_with(STAGING_PREFIX)
                || name.starts_with(super::TEMP_PREFIX)
                || name == JOURNAL
            {
                // A file or a link (never followed) at one of our names.
                let _ = std::fs::remove_file(&path);
                temporary += usize::from(name != JOURNAL);
                found = true;
            }
        }
    }
    if journal.is_none() && !found {
        return Ok(None);
    }
    let deleted = msg!("output.temporary-deleted", count = temporary);
    let what = if journal.is_some() {
        msg!(
            "output.repaired",
            dir = root.display(),
            moved = msg!("output.moved", count = moved),
            removed = msg!("output.removed", count = removed),
            deleted = deleted
        )
    } else {
        msg!("output.cleaned", dir = root.display(), deleted = deleted)
    };
    Ok(Some(
        Diagnostic::warning(ErrorKind::Output, what).with_help(msg!("output.repaired-help")),
    ))
}

fn repair_error(root: &Path, rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        ErrorKind::Io,
        msg!(
            "output.repair-error",
            dir = root.display(),
            file = rel,
            error = e.to_string()
        ),
    )
    .with_help(msg!("output.repair-error-help", journal = JOURNAL))
}

/// `ALIANSE_WRITE_FAULT=stage:N`: staging fails after N files.
fn stage_fault() -> Option<usize> {
    fault("stage:")
}

/// The N of `ALIANSE_WRITE_FAULT=KIND:N`; see the module comment.
fn fault(kind: &str) -> Option<usize> {
    std::env::var("ALIANSE_WRITE_FAULT")
        .ok()?
        .strip_prefix(kind)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_round_trips() {
        let journal = Journal {
            staging: ".alianse-staging-abc".into(),
            puts: vec![
                (".alianse-tmp-1".into(), "a b/index.html".into()),
                (".alianse-tmp-2".into(), ".alianse-output".into()),
            ],
            removes: vec!["old/x.html".into()],
        };
        assert_eq!(Journal::parse(&journal.to_text()), Some(journal));
        assert_eq!(Journal::parse("garbage"), None);
        // A planted journal cannot lead outside output/.
        let planted = "alianse write journal 1\nstaging .alianse-staging-x\nput t ../../etc/x\n";
        assert_eq!(Journal::parse(planted), None);
        let planted = "alianse write journal 1\nstaging ../elsewhere\n";
        assert_eq!(Journal::parse(planted), None);
    }
}
