//! File operations below the output folder that never follow a symbolic
//! link: making folders, placing a finished file, removing a stale one.
//!
//! Every path is given as the output folder (`root`, trusted as it is)
//! plus a relative path inside it. Each folder on the way is looked at
//! without following links; a symbolic link (or a plain file) standing where
//! a folder is needed is removed — the link itself, never what it points
//! to — and a real folder is made in its place. Renaming onto a link
//! replaces the link, so a link planted at an output file's name cannot
//! redirect the write either. Temporary files get random names and are
//! created exclusively (`O_EXCL`), so a planted link at a temporary name is
//! never opened.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Prefix of alianse's temporary files (random names follow it).
pub const TEMP_PREFIX: &str = ".alianse-tmp-";

/// Makes `root/rel` a real folder, segment by segment, without following a
/// link below `root`. Returns the links that were replaced by folders.
pub(crate) fn ensure_dir(root: &Path, rel: &Path) -> io::Result<Vec<PathBuf>> {
    let mut replaced = Vec::new();
    let mut current = root.to_path_buf();
    for part in rel.components() {
        current.push(part);
        if ensure_one(&current)? == Folder::ForLink {
            replaced.push(current.clone());
        }
    }
    Ok(replaced)
}

/// What [`ensure_one`] found at a folder's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Folder {
    /// A real folder.
    There,
    /// Nothing: the folder was made (empty).
    Made,
    /// A file or a link, removed (the link itself): the folder was made.
    ForFile,
    ForLink,
}

/// Makes `path`, whose parent is a real folder, a real folder: a link or
/// a file from an earlier build standing there is removed (another thread
/// may have done so already) and a folder made in its place.
fn ensure_one(path: &Path) -> io::Result<Folder> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(Folder::There),
        Ok(meta) => {
            match fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            make_one(path)?;
            match meta.file_type().is_symlink() {
                true => Ok(Folder::ForLink),
                false => Ok(Folder::ForFile),
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            make_one(path)?;
            Ok(Folder::Made)
        }
        Err(e) => Err(e),
    }
}

/// The folders [`ensure_dirs`] made for a set of files.
#[derive(Debug, Default)]
pub(crate) struct Folders<'a> {
    /// Folders (relative to the root) that were not there and were made:
    /// nothing stands in them yet.
    pub made: HashSet<&'a str>,
    /// The links replaced by folders.
    pub replaced: Vec<PathBuf>,
}

/// Makes the folders of every file in `rels` (relative `/` paths below
/// `root`) real folders, as [`ensure_dir`] does for one file, looking at
/// each folder once: the folders of one depth in parallel, after the
/// folders above them. Many files in one folder, or thousands of folders
/// one level down, cost one `stat` (and `mkdir`) per folder, spread over
/// the cores. On failure: the folder and the error.
pub(crate) fn ensure_dirs<'a>(
    root: &Path,
    rels: impl Iterator<Item = &'a str>,
) -> Result<Folders<'a>, (&'a str, io::Error)> {
    let mut levels: Vec<HashSet<&'a str>> = Vec::new();
    for rel in rels {
        for (depth, (end, _)) in rel.match_indices('/').enumerate() {
            if levels.len() <= depth {
                levels.push(HashSet::new());
            }
            levels[depth].insert(&rel[..end]);
        }
    }
    let mut folders = Folders::default();
    for level in levels {
        let found: Vec<(&str, io::Result<Folder>)> = level
            .into_par_iter()
            .map(|folder| (folder, ensure_one(&root.join(folder))))
            .collect();
        for (folder, result) in found {
            match result.map_err(|e| (folder, e))? {
                Folder::There => {}
                Folder::Made | Folder::ForFile => {
                    folders.made.insert(folder);
                }
                Folder::ForLink => {
                    folders.made.insert(folder);
                    folders.replaced.push(root.join(folder));
                }
            }
        }
    }
    Ok(folders)
}

/// Makes one folder; another thread making it at the same time is fine,
/// anything else standing there is not.
fn make_one(path: &Path) -> io::Result<()> {
    match fs::create_dir(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            if fs::symlink_metadata(path)?.is_dir() {
                Ok(())
            } else {
                Err(e)
            }
        }
        Err(e) => Err(e),
    }
}

/// Moves the finished temporary file `temp` to `root/rel`: its folders are
/// made as real folders, a folder standing at `rel` is removed (its
/// contents were an earlier build's), a link at `rel` is replaced.
/// Returns the links replaced on the way.
pub(crate) fn place(root: &Path, temp: &Path, rel: &str) -> io::Result<Vec<PathBuf>> {
    let replaced = match Path::new(rel).parent() {
        Some(parent) => ensure_dir(root, parent)?,
        None => Vec::new(),
    };
    place_made(root, temp, rel, false)?;
    Ok(replaced)
}

/// [`place`] once the folders of `rel` are real folders (made by
/// [`ensure_dirs`]); `new_folder`: its folder was just made, so nothing
/// stands at `rel` to look at first.
pub(crate) fn place_made(root: &Path, temp: &Path, rel: &str, new_folder: bool) -> io::Result<()> {
    let target = root.join(rel);
    if !new_folder
        && let Ok(meta) = fs::symlink_metadata(&target)
        && meta.is_dir()
    {
        // `remove_dir_all` does not follow links inside the folder.
        fs::remove_dir_all(&target)?;
    }
    fs::rename(temp, &target)
}

/// Removes the stale file (or link) `root/rel` if every folder above it is
/// a real folder; returns whether something was removed.
pub(crate) fn remove(root: &Path, rel: &str) -> io::Result<bool> {
    let rel = Path::new(rel);
    let mut current = root.to_path_buf();
    if let Some(parent) = rel.parent() {
        for part in parent.components() {
            current.push(part);
            match fs::symlink_metadata(&current) {
                Ok(meta) if meta.is_dir() => {}
                // The folder went (or became a link or file): nothing of
                // ours to remove below it.
                _ => return Ok(false),
            }
        }
    }
    let path = root.join(rel);
    match fs::symlink_metadata(&path) {
        Ok(meta) if !meta.is_dir() => match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        },
        _ => Ok(false),
    }
}

/// Removes the folders above `root/rel` that became empty, up to `root`.
pub(crate) fn remove_empty_parents(root: &Path, rel: &str) {
    let mut dir = Path::new(rel).parent();
    while let Some(d) = dir {
        if d.as_os_str().is_empty() || fs::remove_dir(root.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Whether `root/rel` is a regular file (not a link) holding exactly `bytes`.
pub(crate) fn holds(root: &Path, rel: &str, bytes: &[u8]) -> bool {
    holds_size(root, rel, bytes.len() as u64)
        && fs::read(root.join(rel)).is_ok_and(|old| old == bytes)
}

/// Whether `root/rel` is a regular file of `len` bytes whose folders are
/// all real (not links), without reading it: for files whose name holds
/// the hash of their content.
pub(crate) fn holds_size(root: &Path, rel: &str, len: u64) -> bool {
    let path = root.join(rel);
    // Only a regular file whose folders are all real counts: a file seen
    // through a linked folder is not ours.
    let folders_real = Path::new(rel).parent().is_none_or(|parent| {
        let mut current = root.to_path_buf();
        parent.components().all(|part| {
            current.push(part);
            fs::symlink_metadata(&current).is_ok_and(|m| m.is_dir())
        })
    });
    folders_real
        && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() == len && published(&m))
}

/// Whether a file in output/ has the mode [`temp_file`] gives new files
/// (0666 less the umask): one written owner-only by an older version, or
/// changed by hand, is not held and is written again. Where the umask
/// can't be read (not Linux), every mode counts as right.
pub(crate) fn published(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        static UMASK: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
        let umask = UMASK.get_or_init(|| {
            let status = fs::read_to_string("/proc/self/status").ok()?;
            let line = status.lines().find_map(|l| l.strip_prefix("Umask:"))?;
            u32::from_str_radix(line.trim(), 8).ok()
        });
        umask.is_none_or(|umask| meta.permissions().mode() & 0o777 == 0o666 & !umask)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// A builder of temporary files (random name, created exclusively) that,
/// renamed into place, are readable as a file made by `fs::write` is:
/// mode 0666 less the umask, so usually `rw-r--r--`. Tempfile's own
/// default is owner-only (0600), which a web server running as another
/// user, or a copy made with `rsync -a`, could not read.
pub(crate) fn temp_file(prefix: &str) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Write;

    /// Writes `bytes` to `root/rel` unless it already holds them, through a
    /// temporary file with a random name in the same folder; returns whether
    /// it wrote: the way the apply step places a file, in one call.
    fn write_in(root: &Path, rel: &str, bytes: &[u8]) -> io::Result<bool> {
        if holds(root, rel, bytes) {
            return Ok(false);
        }
        let folder = match Path::new(rel).parent() {
            Some(parent) => {
                ensure_dir(root, parent)?;
                root.join(parent)
            }
            None => root.to_path_buf(),
        };
        let mut temp = temp_file(TEMP_PREFIX).tempfile_in(&folder)?;
        temp.write_all(bytes)?;
        temp.flush()?;
        let temp = temp.into_temp_path();
        place(root, &temp, rel)?;
        // The rename consumed the file; nothing is left to delete.
        let _ = temp.keep();
        Ok(true)
    }

    #[test]
    fn links_below_the_root_are_replaced_or_left_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let (root, victim) = (dir.path().join("out"), dir.path().join("victim"));
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(&victim).unwrap();
        fs::write(victim.join("a.html"), "victim").unwrap();
        std::os::unix::fs::symlink(&victim, root.join("news")).unwrap();
        // Removing a stale file below a linked folder removes nothing.
        assert!(!remove(&root, "news/a.html").unwrap());
        assert!(!holds(&root, "news/a.html", b"victim"));
        // Writing below it replaces the link with a folder.
        assert!(write_in(&root, "news/a.html", b"new").unwrap());
        assert!(fs::symlink_metadata(root.join("news")).unwrap().is_dir());
        assert_eq!(fs::read(victim.join("a.html")).unwrap(), b"victim");
        // A link at the file's own name is replaced, not written through.
        std::os::unix::fs::symlink(victim.join("a.html"), root.join("b.html")).unwrap();
        assert!(write_in(&root, "b.html", b"mine").unwrap());
        assert!(fs::symlink_metadata(root.join("b.html")).unwrap().is_file());
        assert_eq!(fs::read(victim.join("a.html")).unwrap(), b"victim");
    }

    #[test]
    fn folders_of_many_files_are_made_once_replacing_links_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let (root, victim) = (dir.path().join("out"), dir.path().join("victim"));
        fs::create_dir_all(root.join("kept/old")).unwrap();
        fs::create_dir_all(&victim).unwrap();
        std::os::unix::fs::symlink(&victim, root.join("linked")).unwrap();
        fs::write(root.join("was-file"), "old").unwrap();
        let rels = [
            "top.html",
            "kept/old/a.html",
            "kept/new/b.html",
            "linked/deep/c.html",
            "was-file/d.html",
            "a/b/c/e.html",
            "a/b/f.html",
        ];
        let folders = ensure_dirs(&root, rels.iter().copied()).unwrap();
        let mut made: Vec<&str> = folders.made.iter().copied().collect();
        made.sort_unstable();
        assert_eq!(
            made,
            [
                "a",
                "a/b",
                "a/b/c",
                "kept/new",
                "linked",
                "linked/deep",
                "was-file"
            ]
        );
        assert_eq!(folders.replaced, [root.join("linked")]);
        for rel in rels {
            let parent = Path::new(rel).parent().unwrap();
            assert!(fs::symlink_metadata(root.join(parent)).unwrap().is_dir());
        }
        // Nothing was made through the link.
        assert_eq!(fs::read_dir(&victim).unwrap().count(), 0);
        // A folder standing at a file's path is removed by the move.
        fs::create_dir_all(root.join("kept/old/a.html/x")).unwrap();
        let temp = root.join("temp");
        fs::write(&temp, "new").unwrap();
        place_made(&root, &temp, "kept/old/a.html", false).unwrap();
        assert_eq!(fs::read(root.join("kept/old/a.html")).unwrap(), b"new");
    }
}
