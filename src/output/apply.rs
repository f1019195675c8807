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

use rayon::prelude::*;

use super::lock::OutputLock;
use super::manifest::{FileStamp, Listing};
use super::stage::{Staged, Staging, stage_error};
use super::{MARKER, WriteStats};
use crate::error::{Diagnostic, ErrorKind};
use crate::paths::{OutputFile, PathSet};
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
    /// With [`Scope::Whole`], the fingerprint of output/'s files after the
    /// apply (see [`super::manifest::Listing`]).
    pub outputs: Option<u64>,
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
    unread: HashSet<String>,
    scope: Scope,
) -> Result<Applied, WriteFailure> {
    let staging = Staging::new(lock, kept)
        .map_err(untouched)?
        .with_unread(unread);
    let staged: Vec<Staged> = files.par_iter().map(|f| staging.put_ref(f)).collect();
    apply_staged(lock, staging, staged, scope)
}

fn untouched(diagnostic: Diagnostic) -> WriteFailure {
    WriteFailure {
        diagnostic,
        partly_written: false,
    }
}

/// Journals and renames what `staging` holds: `files` are every output
/// of the site (or of a rebuild, with [`Scope::Changed`]), staged or found
/// unchanged by [`Staging::put`]. A staging failure is reported here,
/// with output/ untouched.
pub fn apply_staged(
    lock: &OutputLock,
    mut staging: Staging<'_>,
    files: Vec<Staged>,
    scope: Scope,
) -> Result<Applied, WriteFailure> {
    let root = lock.dir();
    let held = staging.take_held();
    let listing = match scope {
        Scope::Whole => held.listing(root, &file_name(staging.path())),
        Scope::Changed => Listing::default(),
    };
    let marker = (!safe_fs::holds(root, MARKER, MARKER_TEXT)).then(|| {
        staging.put(
            OutputFile {
                path: MARKER.to_string(),
                bytes: MARKER_TEXT.to_vec(),
            },
            false,
        )
    });
    if let Some(failure) = staging.failure() {
        return Err(untouched(failure));
    }
    let changed: Vec<&Staged> = files.iter().filter(|f| f.is_changed()).collect();
    let produced: PathSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let stale: Vec<&str> = listing
        .files
        .iter()
        .map(|(p, _)| p.as_str())
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
        outputs: None,
    };
    // The marker first: a folder with any new file in it is marked as ours.
    let puts: Vec<(String, String)> = marker
        .iter()
        .chain(changed)
        .map(|f| (temp_name(f), f.path.clone()))
        .collect();
    if puts.is_empty() && stale.is_empty() {
        applied.outputs = (scope == Scope::Whole).then(|| remember(root, &held, listing));
        return Ok(applied);
    }
    let journal = Journal {
        staging: file_name(staging.path()),
        puts,
        removes: stale.iter().map(|s| s.to_string()).collect(),
    };
    drop(stale);
    journal
        .save(root)
        .map_err(|e| untouched(stage_error(root, JOURNAL, &e)))?;
    // From here on the journal lets the next build finish what this one
    // starts: staged files must survive a failure.
    for temp in files.into_iter().chain(marker).filter_map(|f| f.temp) {
        let _ = temp.keep();
    }
    let staging = staging.keep();
    let staged: Vec<(PathBuf, &str)> = journal
        .puts
        .iter()
        .map(|(temp, rel)| (staging.join(temp), rel.as_str()))
        .collect();
    rename_phase(root, &staged, &journal.removes, &mut applied)?;
    finish(root, &staging);
    applied.paths.sort();
    if scope == Scope::Whole {
        applied.outputs = Some(remember(root, &held, after(root, listing, &journal)));
    }
    Ok(applied)
}

/// Keeps the record of the variants output/ holds after a whole apply,
/// and gives the fingerprint of output/'s `listing`.
fn remember(root: &Path, held: &super::held::Held, listing: Listing) -> u64 {
    held.save(root, &listing);
    listing.fingerprint()
}

/// output/'s listing after the apply of `journal`: the files it removed or
/// replaced are gone, and those it placed are listed with their new stamps
/// (nothing else changed: output/ is locked).
fn after(root: &Path, mut listing: Listing, journal: &Journal) -> Listing {
    let gone: PathSet<&str> = journal
        .removes
        .iter()
        .chain(journal.puts.iter().map(|(_, rel)| rel))
        .map(String::as_str)
        .collect();
    listing
        .files
        .retain(|(rel, _)| !gone.contains(rel.as_str()));
    // One `stat` per placed file: in parallel.
    let placed: Vec<(String, Option<FileStamp>)> = journal
        .puts
        .par_iter()
        .map(|(_, rel)| {
            let stamp = std::fs::symlink_metadata(root.join(rel))
                .ok()
                .map(|m| FileStamp::of(&m));
            (rel.clone(), stamp)
        })
        .collect();
    listing.files.extend(placed);
    listing
}

/// The name of a staged file's temporary file in the staging folder.
fn temp_name(f: &Staged) -> String {
    f.temp.as_deref().map(file_name).unwrap_or_default()
}

/// Moves the staged files into place in order (the marker first), then
/// removes the stale files. The folders of the files after the marker are
/// made first, each once and in parallel ([`safe_fs::ensure_dirs`]): on a
/// new output folder that leaves one `rename` per file on this thread.
fn rename_phase(
    root: &Path,
    staged: &[(PathBuf, &str)],
    stale: &[String],
    applied: &mut Applied,
) -> Result<(), WriteFailure> {
    let (abort_at, fail_at) = (fault("rename:"), fault("rename-error:"));
    let place = |done: usize, new_folder: bool| {
        let (temp, rel) = &staged[done];
        if abort_at == Some(done) {
            // Simulates `kill -9` in the middle of the rename phase.
            std::process::abort();
        }
        let result = if fail_at == Some(done) {
            Err(std::io::Error::other(
                "injected failure (ALIANSE_WRITE_FAULT)",
            ))
        } else {
            safe_fs::place_made(root, temp, rel, new_folder)
        };
        result.map_err(|e| rename_error(root, rel, &e, done, staged.len()))
    };
    // The marker first: a folder with any new file (or folder) in it is
    // marked as ours.
    let first = usize::from(staged.first().is_some_and(|(_, rel)| *rel == MARKER));
    if first == 1 {
        place(0, false)?;
    }
    let folders = safe_fs::ensure_dirs(root, staged[first..].iter().map(|(_, rel)| *rel))
        .map_err(|(folder, e)| rename_error(root, folder, &e, first, staged.len()))?;
    applied
        .warnings
        .extend(folders.replaced.iter().map(|l| link_warning(root, l)));
    for (done, (_, rel)) in staged.iter().enumerate().skip(first) {
        let folder = rel.rsplit_once('/').map(|(folder, _)| folder);
        place(done, folder.is_some_and(|f| folders.made.contains(f)))?;
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

/// The N of `ALIANSE_WRITE_FAULT=KIND:N`; see the module comment.
pub(super) fn fault(kind: &str) -> Option<usize> {
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
