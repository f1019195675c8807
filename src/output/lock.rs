//! The exclusive lock a build holds on its output folder from before it
//! renders until it has written: a second build (or `serve`) writing the
//! same folder at the same time stops with a clear error instead of mixing
//! two sites.
//!
//! On Unix the lock is an advisory `flock` on the output folder itself, so
//! no lock file is left in output/ and a killed build releases it with its
//! process. Elsewhere builds are not locked. A held lock is retried for a
//! moment before giving up: a program that starts another process (a test
//! harness, `serve` running a hook) hands the child a copy of every open
//! file until the child execs, so a lock just released can stay held for a
//! few milliseconds by a process that is not building at all. An output folder that did not
//! exist is made to be locked, and removed again if the build leaves it
//! empty (a failed first build leaves no output/ behind).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, ErrorKind};

/// Held while a build may write into its output folder.
pub struct OutputLock {
    dir: PathBuf,
    /// The topmost folder this lock had to make, removed if left empty.
    created: Option<PathBuf>,
    #[cfg(unix)]
    _file: Option<fs::File>,
}

impl OutputLock {
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// How long a held lock is retried before the build gives up: far longer
/// than a fork takes to exec, far shorter than any real build.
const PATIENCE: Duration = Duration::from_millis(1500);

/// Takes the lock on `dir`, making the folder if needed.
pub fn lock(dir: &Path) -> Result<OutputLock, Diagnostic> {
    let io_error = |e: std::io::Error| {
        Diagnostic::error(
            ErrorKind::Io,
            msg!(
                "output.cannot-use",
                dir = dir.display(),
                error = e.to_string()
            ),
        )
        .with_help(msg!("output.cannot-use-help"))
    };
    let created = if fs::symlink_metadata(dir).is_err() {
        let top = dir
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
            .last()
            .map(Path::to_path_buf);
        fs::create_dir_all(dir).map_err(io_error)?;
        top
    } else {
        None
    };
    let mut lock = OutputLock {
        dir: dir.to_path_buf(),
        created,
        #[cfg(unix)]
        _file: None,
    };
    #[cfg(unix)]
    {
        lock._file = hold(dir)?;
    }
    Ok(lock)
}

#[cfg(unix)]
fn hold(dir: &Path) -> Result<Option<fs::File>, Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error(
            ErrorKind::Io,
            msg!(
                "output.cannot-lock",
                dir = dir.display(),
                error = e.to_string()
            ),
        )
        .with_help(msg!("output.cannot-lock-help"))
    };
    let file = fs::File::open(dir).map_err(fail)?;
    let deadline = Instant::now() + PATIENCE;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Diagnostic::error(
                    ErrorKind::Output,
                    msg!("output.locked", dir = dir.display()),
                )
                .with_help(msg!("output.locked-help")));
            }
            // File systems without locks (some network shares): build unlocked.
            Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                return Ok(None);
            }
            Err(fs::TryLockError::Error(e)) => return Err(fail(e)),
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let Some(top) = &self.created else {
            return;
        };
        // Only empty folders go: once the build wrote, the first fails.
        for folder in self.dir.ancestors() {
            if fs::remove_dir(folder).is_err() || folder == top {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_folder_is_refused_and_freed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a/output");
        let first = lock(&out).unwrap();
        assert!(out.is_dir());
        #[cfg(unix)]
        {
            let second = lock(&out).err().expect("second lock refused");
            assert!(second.message.contains("another build is writing"));
        }
        drop(first);
        // The folders it made were empty and went again.
        assert!(!dir.path().join("a").exists());
        let again = lock(&out).unwrap();
        std::fs::write(out.join("x"), "x").unwrap();
        drop(again);
        assert!(out.join("x").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_freed_within_a_moment_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = lock(&out).unwrap();
        let freer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(first);
        });
        let second = lock(&out).expect("the lock freed after 100 ms is taken");
        freer.join().unwrap();
        assert_eq!(second.dir(), out);
    }
}
