//! Writing what a rebuild in `serve` made: only the files whose bytes
//! changed (under the output lock, never following a link), or the whole
//! site when its shape changed.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Diagnostic, ErrorKind};
use crate::output;
use crate::paths::OutputFile;

/// Writes the site-wide files that differ from the bytes last written.
pub(super) fn write_site_wide(
    dir: &Path,
    files: Vec<OutputFile>,
    last: &mut HashMap<String, Vec<u8>>,
) -> Result<Vec<String>, Diagnostic> {
    let _lock = output::lock::lock(dir)?;
    let mut changed = Vec::new();
    for file in files {
        if last.get(&file.path) == Some(&file.bytes) {
            continue;
        }
        crate::safe_fs::write_in(dir, &file.path, &file.bytes).map_err(|e| {
            Diagnostic::error(
                ErrorKind::Io,
                msg!(
                    "io.cannot-write-path",
                    path = dir.join(&file.path).display(),
                    error = e.to_string()
                ),
            )
        })?;
        changed.push(file.path.clone());
        last.insert(file.path, file.bytes);
    }
    Ok(changed)
}

/// Writes the files whose bytes changed; returns their paths.
pub(super) fn write_changed(dir: &Path, files: &[OutputFile]) -> Result<Vec<String>, Diagnostic> {
    let _lock = output::lock::lock(dir)?;
    let results: Vec<Result<Option<String>, Diagnostic>> = files
        .par_iter()
        .map(|f| {
            if !crate::paths::is_safe_relative(&f.path) {
                return Err(Diagnostic::error(
                    ErrorKind::Output,
                    msg!("output.unsafe-path", path = &f.path),
                ));
            }
            crate::safe_fs::write_in(dir, &f.path, &f.bytes)
                .map(|written| written.then(|| f.path.clone()))
                .map_err(|e| {
                    Diagnostic::error(
                        ErrorKind::Io,
                        msg!(
                            "io.cannot-write-path",
                            path = dir.join(&f.path).display(),
                            error = e.to_string()
                        ),
                    )
                })
        })
        .collect();
    let mut changed = Vec::new();
    for r in results {
        changed.extend(r?);
    }
    changed.sort();
    Ok(changed)
}

/// Applies the whole site (removing files it no longer has); returns the
/// paths written or removed.
pub(super) fn apply_all(dir: &Path, files: &[OutputFile]) -> Result<Vec<String>, Diagnostic> {
    let before: HashSet<String> = existing(dir);
    let changed = write_changed_precheck(dir, files);
    output::apply(dir, files)?;
    let after: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut all: Vec<String> = changed;
    all.extend(
        before
            .into_iter()
            .filter(|p| !after.contains(p.as_str()) && p != output::MARKER),
    );
    all.sort();
    Ok(all)
}

/// The outputs whose bytes differ from the files on disk (before writing).
fn write_changed_precheck(dir: &Path, files: &[OutputFile]) -> Vec<String> {
    files
        .par_iter()
        .filter(|f| std::fs::read(dir.join(&f.path)).map_or(true, |old| old != f.bytes))
        .map(|f| f.path.clone())
        .collect()
}

fn existing(dir: &Path) -> HashSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(crate::paths::to_slash))
        .collect()
}
