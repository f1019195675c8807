//! Listing output/ cheaply: one `read_dir` per folder, each entry's type
//! from the folder listing itself (no `stat`), relative paths built in one
//! reused string. Links are listed as files and never followed (a build
//! replaces any link it finds in output/, so a link there is something
//! changed since). Used by the apply (which files output/ holds) and by the
//! no-change record (the fingerprint of output/'s files), which run on
//! every build over every output file.

use std::fs::DirEntry;
use std::path::{Path, PathBuf};

/// One thing found under the listed folder, with its path relative to it
/// (`/` separators).
pub enum Seen<'a> {
    Folder(&'a str),
    /// A file, or a link (never followed), and its folder entry (whose
    /// `metadata` does not follow links either).
    File(&'a str, &'a DirEntry),
    /// A folder that could not be listed ("" for the top).
    Unreadable(&'a str),
}

/// Visits everything under `dir`, depth first; with `sorted`, each folder's
/// entries in the order of their names.
pub fn walk(dir: &Path, sorted: bool, visit: &mut impl FnMut(Seen<'_>)) {
    walk_skipping(dir, sorted, &|_| false, visit);
}

/// Like [`walk`], but the folders for which `skip` says so are visited
/// (as [`Seen::Folder`]) and not listed.
pub fn walk_skipping(
    dir: &Path,
    sorted: bool,
    skip: &dyn Fn(&str) -> bool,
    visit: &mut impl FnMut(Seen<'_>),
) {
    let mut path = dir.to_path_buf();
    let mut rel = String::new();
    walk_in(&mut path, &mut rel, (sorted, skip), visit);
}

fn walk_in(
    path: &mut PathBuf,
    rel: &mut String,
    (sorted, skip): (bool, &dyn Fn(&str) -> bool),
    visit: &mut impl FnMut(Seen<'_>),
) {
    let Ok(listing) = std::fs::read_dir(&*path) else {
        visit(Seen::Unreadable(rel));
        return;
    };
    let mut entries: Vec<(std::ffi::OsString, DirEntry)> =
        listing.flatten().map(|e| (e.file_name(), e)).collect();
    if sorted {
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    let base = rel.len();
    for (name, entry) in &entries {
        if base > 0 {
            rel.push('/');
        }
        rel.push_str(&name.to_string_lossy());
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => {
                visit(Seen::Folder(rel));
                if !skip(rel) {
                    path.push(name);
                    walk_in(path, rel, (sorted, skip), visit);
                    path.pop();
                }
            }
            Ok(_) => visit(Seen::File(rel, entry)),
            Err(_) => visit(Seen::Unreadable(rel)),
        }
        rel.truncate(base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_and_folders_in_order_without_following_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::write(root.join("b/c/z.txt"), "z").unwrap();
        std::fs::write(root.join("b/a.txt"), "a").unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("b"), root.join("link")).unwrap();
        let mut seen = Vec::new();
        walk(root, true, &mut |s| {
            seen.push(match s {
                Seen::Folder(rel) => format!("folder {rel}"),
                Seen::File(rel, _) => format!("file {rel}"),
                Seen::Unreadable(rel) => format!("unreadable {rel}"),
            })
        });
        let mut expected = vec![
            "file a.txt",
            "folder b",
            "file b/a.txt",
            "folder b/c",
            "file b/c/z.txt",
        ];
        if cfg!(unix) {
            expected.push("file link");
        }
        assert_eq!(seen, expected);
    }
}
