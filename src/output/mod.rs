//! The write phase: applying a fully rendered site to `output/`, and
//! reading the site's static files. The files made from the whole site
//! (feeds, sitemap, search index, redirects) are made in
//! `site_files`.
//!
//! Nothing is written until the whole site rendered without error and every
//! output path passed [`paths::check`]. The build holds an exclusive
//! [`lock`] on the folder; [`apply`] stages every changed file before
//! renaming any, journals the renames so an interrupted build is finished
//! by the next one, and never follows a symbolic link below output/
//! ([`safe_fs`]). Files whose bytes are unchanged are not touched (their
//! modification time stays); files the build no longer produces are
//! removed. A folder that is neither empty nor an earlier alianse output is
//! never written into. The image variants are checked as one recorded unit
//! ([`held`]): one `stat` each against the last build's record, and a
//! folder of them found unchanged is not listed.

pub mod apply;
pub mod held;
pub mod location;
pub mod lock;
pub mod manifest;
pub mod origin;
pub mod paths;
pub mod stage;
pub mod walk;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use apply::{Applied, Scope, WriteFailure};
pub use lock::OutputLock;

use rayon::prelude::*;

use crate::error::{Diagnostic, ErrorKind};
use crate::paths::{OutputFile, is_safe_relative};

/// The file that marks a folder as alianse's output.
pub const MARKER: &str = ".alianse-output";

pub use crate::safe_fs::TEMP_PREFIX;

/// Names at the top of output/ that are alianse's own (the marker, the
/// journal, staging folders): no page, alias or static file may take them.
pub fn is_reserved_output(path: &str) -> bool {
    // The first segment starts with `.alianse` exactly when the path does.
    path.starts_with(".alianse")
}

/// What applying the site did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Checks that `dir` may be written: it does not exist, is empty, or holds
/// an earlier alianse output. Called before the build renders anything, so
/// that a wrong `--output` fails fast.
pub fn check_output_dir(dir: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: crate::messages::Message| {
        Diagnostic::error(
            ErrorKind::Output,
            msg!("output.refusing", dir = dir.display(), why = why),
        )
        .with_help(msg!("output.refusing-help"))
    };
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(refuse(e.to_string().into())),
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(msg!("output.is-link"))),
        Ok(meta) if !meta.is_dir() => Err(refuse(msg!("output.not-a-folder"))),
        Ok(_) => {
            if dir.join(MARKER).is_file() {
                return Ok(());
            }
            let entries = std::fs::read_dir(dir).map_err(|e| refuse(e.to_string().into()))?;
            // Only alianse's own files (a first build killed while staging).
            let ours = entries
                .flatten()
                .all(|e| is_reserved_output(&e.file_name().to_string_lossy()));
            if ours {
                Ok(())
            } else {
                Err(refuse(msg!("output.not-ours")))
            }
        }
    }
}

/// Writes `files` into `dir` as described in the module documentation.
pub fn apply(dir: &Path, files: &[OutputFile]) -> Result<WriteStats, Diagnostic> {
    apply_with_inputs(dir, files, 0)
        .map(|applied| applied.stats)
        .map_err(|failure| failure.diagnostic)
}

/// Like [`apply`], and records `inputs` (the fingerprint of what the build
/// read) so that an identical next build can stop early. Takes the lock and
/// finishes an interrupted earlier build first; a build that holds the lock
/// stages while it renders and calls [`apply_staged`].
pub fn apply_with_inputs(
    dir: &Path,
    files: &[OutputFile],
    inputs: u64,
) -> Result<Applied, WriteFailure> {
    lock_and_apply(dir, files, inputs, Scope::Whole, HashSet::new())
}

/// Writes the files a rebuild in `serve` made again through the same
/// staged, journalled apply as a build, touching nothing else in output/
/// (see [`Scope::Changed`]). Takes the lock and finishes an interrupted
/// earlier build first.
pub fn apply_changed(dir: &Path, files: &[OutputFile]) -> Result<Applied, WriteFailure> {
    lock_and_apply(dir, files, 0, Scope::Changed, HashSet::new())
}

/// [`apply_changed`] where the files from index `known` on are known to
/// differ from what output/ holds (the caller wrote other bytes there
/// last): they are written without reading output/'s copy first, which
/// for a search index of megabytes is most of a rebuild's time.
pub fn apply_changed_known(
    dir: &Path,
    files: &[OutputFile],
    known: usize,
) -> Result<Applied, WriteFailure> {
    let unread = files.iter().skip(known).map(|f| f.path.clone()).collect();
    lock_and_apply(dir, files, 0, Scope::Changed, unread)
}

fn lock_and_apply(
    dir: &Path,
    files: &[OutputFile],
    inputs: u64,
    scope: Scope,
    unread: HashSet<String>,
) -> Result<Applied, WriteFailure> {
    let untouched = |diagnostic| WriteFailure {
        diagnostic,
        partly_written: false,
    };
    check_output_dir(dir).map_err(untouched)?;
    let lock = lock::lock(dir).map_err(untouched)?;
    let repaired = apply::recover(&lock).map_err(|diagnostic| WriteFailure {
        diagnostic,
        partly_written: true,
    })?;
    let mut applied = apply_scoped(&lock, files, unread, inputs, scope)?;
    applied.warnings.extend(repaired);
    Ok(applied)
}

/// Places what `staging` holds (`files`: every output of the site, staged
/// while it rendered) in the locked output folder, removes what the site
/// no longer makes, and keeps (or, with `inputs` 0, forgets) the no-change
/// record.
pub fn apply_staged(
    lock: &OutputLock,
    staging: stage::Staging<'_>,
    files: Vec<stage::Staged>,
    inputs: u64,
) -> Result<Applied, WriteFailure> {
    // Nothing is written at a held variant's path (output/ has the file).
    check_safe(files.iter().filter(|f| !f.held).map(|f| f.path.as_str()))?;
    let dir = lock.dir();
    // Forget the record first: if this apply fails half-way, the next
    // build must not trust it.
    manifest::Manifest::forget(dir);
    let count = files.len();
    let applied = apply::apply_staged(lock, staging, files, Scope::Whole)?;
    remember(dir, inputs, count, applied.outputs);
    Ok(applied)
}

fn apply_scoped(
    lock: &OutputLock,
    files: &[OutputFile],
    unread: HashSet<String>,
    inputs: u64,
    scope: Scope,
) -> Result<Applied, WriteFailure> {
    check_safe(files.iter().map(|f| f.path.as_str()))?;
    let dir = lock.dir();
    manifest::Manifest::forget(dir);
    let applied = apply::apply(lock, files, &HashSet::new(), unread, scope)?;
    remember(dir, inputs, files.len(), applied.outputs);
    Ok(applied)
}

/// Refuses a path that would leave output/, before anything is placed.
fn check_safe<'a>(mut paths: impl Iterator<Item = &'a str>) -> Result<(), WriteFailure> {
    match paths.find(|p| !is_safe_relative(p)) {
        Some(path) => Err(WriteFailure {
            diagnostic: Diagnostic::error(
                ErrorKind::Output,
                msg!("output.unsafe-path", path = path),
            )
            .with_help(msg!("output.unsafe-path-help")),
            partly_written: false,
        }),
        None => Ok(()),
    }
}

/// Keeps the no-change record of a build that read `inputs` (0: none);
/// `outputs` is the fingerprint of output/ after the apply, if it gave one.
fn remember(dir: &Path, inputs: u64, files: usize, outputs: Option<u64>) {
    if inputs != 0 {
        manifest::Manifest {
            inputs,
            outputs: outputs.unwrap_or_else(|| manifest::outputs_fingerprint(dir)),
            files,
        }
        .save(dir);
    }
}

/// Files under `dir`, relative, with `/` separators. Symlinks are listed, not followed.
#[cfg(test)]
pub(crate) fn existing_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    walk::walk(dir, false, &mut |seen| {
        if let walk::Seen::File(rel, _) = seen {
            files.push(rel.to_string());
        }
    });
    files
}

/// Writes `bytes` to `path` via a temporary file and a rename, unless the
/// file already holds exactly these bytes. Returns whether it wrote. For
/// files outside output/ (schemas, the no-change record); inside output/,
/// the apply step places files without following a link.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_file() && meta.len() == bytes.len() as u64 && std::fs::read(path)? == bytes {
            return Ok(false);
        }
        if meta.is_dir() {
            std::fs::remove_dir_all(path)?;
        }
    }
    write_atomic(path, bytes).map(|()| true)
}

/// Writes `bytes` to `path` via a temporary file with a random name (made
/// exclusively) and a rename, creating folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::create_dir_all(parent)?;
    let mut temp = crate::safe_fs::temp_file(TEMP_PREFIX).tempfile_in(parent)?;
    temp.write_all(bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The static files of the site (`content/static/`), relative paths, sorted.
/// Symlinks that lead outside the site are refused.
pub fn static_files(static_dir: &Path, site_root: &Path) -> (Vec<String>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !static_dir.is_dir() {
        return (files, problems);
    }
    let root = site_root
        .canonicalize()
        .unwrap_or_else(|_| site_root.to_path_buf());
    for entry in walkdir::WalkDir::new(static_dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let Ok(rel) = e.path().strip_prefix(static_dir) else {
                    continue;
                };
                let rel = crate::paths::to_slash(rel);
                if rel.split('/').any(|s| s.starts_with('.')) || crate::paths::is_editor_temp(&rel)
                {
                    continue;
                }
                if !is_safe_relative(&rel) {
                    problems.push(
                        Diagnostic::error(ErrorKind::InvalidValue, msg!("output.bad-name"))
                            .in_file(PathBuf::from("content/static").join(&rel))
                            .with_help(msg!("output.bad-name-help")),
                    );
                    continue;
                }
                if e.path_is_symlink()
                    || e.path().canonicalize().is_ok_and(|c| !c.starts_with(&root))
                {
                    let real = e.path().canonicalize().unwrap_or_default();
                    if !real.starts_with(&root) {
                        problems.push(
                            Diagnostic::error(
                                ErrorKind::Io,
                                msg!("output.static-link", target = real.display()),
                            )
                            .in_file(PathBuf::from("content/static").join(&rel))
                            .with_help(msg!("output.static-link-help")),
                        );
                        continue;
                    }
                }
                files.push(rel);
            }
            Ok(_) => {}
            Err(e) => problems.push(
                Diagnostic::error(
                    ErrorKind::Io,
                    msg!("output.cannot-read-static", error = e.to_string()),
                )
                .in_file("content/static")
                .with_help(msg!("output.cannot-read-static-help")),
            ),
        }
    }
    (files, problems)
}

/// Reads the static files into output files.
pub fn read_static(static_dir: &Path, files: &[String]) -> Result<Vec<OutputFile>, Diagnostic> {
    files
        .par_iter()
        .map(|rel| {
            std::fs::read(static_dir.join(rel))
                .map(|bytes| OutputFile {
                    path: rel.clone(),
                    bytes,
                })
                .map_err(|e| {
                    Diagnostic::error(ErrorKind::Io, msg!("io.cannot-read", error = e.to_string()))
                        .in_file(PathBuf::from("content/static").join(rel))
                })
        })
        .collect()
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
    fn unchanged_files_keep_their_time_and_stale_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let stats = apply(&out, &[file("a/index.html", "A"), file("b.txt", "B")]).unwrap();
        assert_eq!(stats.written, 2);
        let before = std::fs::metadata(out.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = apply(&out, &[file("a/index.html", "A"), file("c.txt", "C")]).unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        let after = std::fs::metadata(out.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        assert!(!out.join("b.txt").exists());
        let leftovers: Vec<_> = existing_files(&out)
            .into_iter()
            .filter(|f| f.contains("alianse-tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn the_fingerprint_an_apply_gives_is_that_of_a_fresh_walk() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let builds: [&[OutputFile]; 4] = [
            &[file("a/index.html", "A"), file("b/c/d.txt", "D")],
            // One changed, one removed with its folders, one new.
            &[file("a/index.html", "A2"), file("e.txt", "E")],
            // Nothing changed.
            &[file("a/index.html", "A2"), file("e.txt", "E")],
            // A file where a folder was.
            &[file("a", "now a file"), file("e.txt", "E")],
        ];
        for files in builds {
            let applied = apply_with_inputs(&out, files, 1).unwrap();
            assert_eq!(applied.outputs, Some(manifest::outputs_fingerprint(&out)));
        }
        // A file changed behind alianse's back changes the fingerprint.
        let before = manifest::outputs_fingerprint(&out);
        std::fs::write(out.join("e.txt"), "F").unwrap();
        assert_ne!(before, manifest::outputs_fingerprint(&out));
    }

    #[test]
    fn a_serve_rebuild_writes_what_changed_through_the_same_apply() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        apply(&out, &[file("a/index.html", "A"), file("b.txt", "B")]).unwrap();
        // Only the files a rebuild made: the others stay, unchanged bytes
        // are not written, and what was written is listed.
        let applied = apply_changed(
            &out,
            &[
                file("a/index.html", "A2"),
                file("b.txt", "B"),
                file("c.txt", "C"),
            ],
        )
        .unwrap();
        assert_eq!(applied.paths, ["a/index.html", "c.txt"]);
        assert_eq!((applied.stats.written, applied.stats.removed), (2, 0));
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "B");
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "A2"
        );
        // Nothing of the staging or the journal is left behind.
        let mut left = existing_files(&out);
        left.sort();
        assert_eq!(left, [MARKER, "a/index.html", "b.txt", "c.txt"]);
        // A path that leaves output/ is refused, as in a build.
        let err = apply_changed(&out, &[file("../x.txt", "x")]).unwrap_err();
        assert_eq!(err.diagnostic.kind, ErrorKind::Output);
        assert!(!dir.path().join("x.txt").exists());
    }

    #[test]
    fn files_known_to_differ_are_written_without_comparing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        apply(&out, &[file("a.txt", "A"), file("index.json", "[1]")]).unwrap();
        // The caller knows the files from index 1 on differ from what it
        // wrote: they are written as they are; the others are compared.
        let applied =
            apply_changed_known(&out, &[file("a.txt", "A"), file("index.json", "[2]")], 1).unwrap();
        assert_eq!(applied.paths, ["index.json"]);
        assert_eq!(read(&out, "index.json"), "[2]");
        // Even bytes output/ already holds are written again: no harm done.
        let again = apply_changed_known(&out, &[file("index.json", "[2]")], 0).unwrap();
        assert_eq!(again.paths, ["index.json"]);
        assert_eq!(read(&out, "index.json"), "[2]");
        let mut left = existing_files(&out);
        left.sort();
        assert_eq!(left, [MARKER, "a.txt", "index.json"]);
    }

    fn read(out: &Path, rel: &str) -> String {
        std::fs::read_to_string(out.join(rel)).unwrap()
    }

    #[test]
    fn foreign_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = apply(dir.path(), &[file("index.html", "x")]).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Output);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
