//! The registry of output paths, checked before anything is written: every
//! path is claimed once, fits the file system, and does not take one of
//! alianse's own names.
//!
//! Problems found, each naming the source of the path (a page and its
//! `slug:` line, an alias and its line, a data file's id line, a static
//! file, or a site-wide file), and for clashes both sources:
//! - two outputs with the same path, or paths that differ only in case;
//! - a file where another output needs a folder (an alias `/atom.xml`
//!   against the feed `atom.xml`, a static file `kontakti` against the page
//!   `kontakti/index.html`);
//! - a path segment longer than 255 bytes (`NAME_MAX`), or a whole path,
//!   output folder included, of 4096 bytes or more (`PATH_MAX`);
//! - a first segment starting with `.alianse` (the marker, the journal and
//!   staging folders live there).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, ErrorKind};
use crate::paths::{ForPath, PathMap};
use std::collections::hash_map::Entry;

/// The longest file or folder name Linux, macOS and Windows file systems hold, in bytes.
pub const NAME_MAX: usize = 255;
/// Paths of this many bytes or more cannot be opened on Linux.
pub const PATH_MAX: usize = 4096;

/// Where an output path comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// For people: "alias /atom.xml/", "the Atom feed", "static file".
    pub what: String,
    /// The source file, relative to the site root.
    pub file: Option<PathBuf>,
    /// The line in `file` (0: the whole file).
    pub line: usize,
    /// Which of two clashing sources a message is placed at: the one an
    /// editor most likely has to change (static 3, alias 2, page 1, generated 0).
    pub rank: u8,
}

impl Origin {
    /// "alias /atom.xml/ (content/a.md:3)".
    pub fn describe(&self) -> String {
        match &self.file {
            Some(file) if self.line > 0 => {
                format!("{} ({}:{})", self.what, file.display(), self.line)
            }
            Some(file) => format!("{} ({})", self.what, file.display()),
            None => self.what.clone(),
        }
    }

    fn locate(&self, d: Diagnostic) -> Diagnostic {
        match &self.file {
            Some(file) => d.in_file(file).at(self.line, 0),
            None => d,
        }
    }
}

/// Checks `files` (sorted by path) for `output_dir`; `origin` tells where a path comes from.
pub fn check<F: ForPath>(
    files: &[F],
    output_dir: &Path,
    origin: &dyn Fn(&str) -> Origin,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let base = std::path::absolute(output_dir)
        .unwrap_or_else(|_| output_dir.to_path_buf())
        .as_os_str()
        .len();
    for f in files {
        if let Some(d) = limits(f.for_path(), base) {
            problems.push(origin(f.for_path()).locate(d));
        }
    }
    problems.extend(clashes(files, origin));
    problems
}

/// A path too long for the file system, or one of alianse's own names.
fn limits(path: &str, base: usize) -> Option<Diagnostic> {
    if super::is_reserved_output(path) {
        return Some(
            Diagnostic::error(ErrorKind::Output, msg!("output.reserved-name", path = path))
                .with_help(msg!("output.reserved-name-help")),
        );
    }
    // A path no longer than a name holds no name that is too long.
    let long = (path.len() > NAME_MAX)
        .then(|| path.split('/').find(|s| s.len() > NAME_MAX))
        .flatten();
    if let Some(long) = long {
        let shown: String = long.chars().take(40).collect();
        return Some(
            Diagnostic::error(
                ErrorKind::Output,
                msg!(
                    "output.long-name",
                    path = shown,
                    bytes = long.len(),
                    max = NAME_MAX
                ),
            )
            .with_help(msg!("output.long-name-help")),
        );
    }
    // The output folder, a separator and the path, with the final NUL.
    let whole = base + 1 + path.len() + 1;
    if whole > PATH_MAX {
        let shown: String = path.chars().take(60).collect();
        return Some(
            Diagnostic::error(
                ErrorKind::Output,
                msg!(
                    "output.long-path",
                    path = shown,
                    bytes = whole - 1,
                    max = PATH_MAX
                ),
            )
            .with_help(msg!("output.long-path-help")),
        );
    }
    None
}

/// Two outputs with one path (exactly or by case), or a file where a
/// folder is needed.
fn clashes<F: ForPath>(files: &[F], origin: &dyn Fn(&str) -> Origin) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Each path lower-cased once, and only if it has capitals (most paths
    // are slugs: borrowed as they are).
    let lowered: Vec<Cow<'_, str>> = files
        .iter()
        .map(|f| match f.for_path() {
            p if p.is_ascii() && !p.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(p),
            p if p.is_ascii() => Cow::Owned(p.to_ascii_lowercase()),
            p => Cow::Owned(p.to_lowercase()),
        })
        .collect();
    let mut by_lowercase: PathMap<&str, &str> =
        PathMap::with_capacity_and_hasher(files.len(), Default::default());
    for (f, lower) in files.iter().map(ForPath::for_path).zip(&lowered) {
        let lower: &str = lower;
        match by_lowercase.entry(lower) {
            Entry::Occupied(o) if *o.get() == f => problems.push(clash(
                origin,
                o.get(),
                f,
                msg!("output.same-file", path = f),
                msg!("output.same-file-help"),
            )),
            Entry::Occupied(o) => problems.push(clash(
                origin,
                o.get(),
                f,
                msg!("output.case-clash", path = f, other = *o.get()),
                msg!("output.case-clash-help"),
            )),
            Entry::Vacant(v) => {
                v.insert(f);
            }
        }
    }
    // The folder of the last path whose folders are none of them a file:
    // the next paths in it (they are sorted) need no look-ups.
    let mut clear = None;
    for (f, lower) in files.iter().map(ForPath::for_path).zip(&lowered) {
        let folder = &lower[..lower.rfind('/').unwrap_or(0)];
        if clear == Some(folder) {
            continue;
        }
        clear = Some(folder);
        for (at, _) in lower.match_indices('/') {
            if let Some(&file) = by_lowercase.get(&lower[..at]) {
                clear = None;
                problems.push(clash(
                    origin,
                    file,
                    f,
                    msg!("output.file-folder", file = file, path = f),
                    msg!("output.file-folder-help"),
                ));
                break;
            }
        }
    }
    problems
}

/// An error about `a` and `b`, placed at the source an editor most likely
/// changes, naming both.
fn clash(
    origin: &dyn Fn(&str) -> Origin,
    a: &str,
    b: &str,
    message: crate::messages::Message,
    help: crate::messages::Message,
) -> Diagnostic {
    let (oa, ob) = (origin(a), origin(b));
    let (here, there) = if ob.rank >= oa.rank {
        (ob, oa)
    } else {
        (oa, ob)
    };
    let d = Diagnostic::error(
        ErrorKind::Duplicate,
        msg!(
            "output.clash",
            message = message,
            here = here.describe(),
            there = there.describe()
        ),
    )
    .with_help(help);
    here.locate(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::OutputFile;

    fn files(paths: &[&str]) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = paths
            .iter()
            .map(|p| OutputFile {
                path: p.to_string(),
                bytes: Vec::new(),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn named(path: &str) -> Origin {
        Origin {
            what: format!("source of {path}"),
            file: Some(PathBuf::from(format!("content/{path}.md"))),
            line: 3,
            rank: 1,
        }
    }

    fn messages(paths: &[&str]) -> Vec<String> {
        check(&files(paths), Path::new("/out"), &named)
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn a_file_where_a_folder_is_needed_names_both() {
        let found = messages(&["atom.xml", "atom.xml/index.html", "index.html"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("output atom.xml is a file, but atom.xml/index.html needs a folder"),
            "{found:?}"
        );
        assert!(found[0].contains("source of atom.xml (content/atom.xml.md:3)"));
        assert!(found[0].contains("source of atom.xml/index.html"));
        assert!(messages(&["a/index.html", "a.html", "ab/x"]).is_empty());
        // Case folding counts for folders too.
        assert_eq!(messages(&["Kontakti", "kontakti/index.html"]).len(), 1);
        // Every path under the file is reported, also after paths of a
        // folder found clear.
        let found = messages(&["a/x", "a/y", "b", "b/x", "b/y", "c/d", "c/d/e", "c/d/f"]);
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn names_and_paths_beyond_file_system_limits() {
        let long = "a".repeat(256);
        let found = messages(&[&format!("{long}/index.html")]);
        assert!(
            found[0].contains("256 bytes; file systems hold at most 255"),
            "{found:?}"
        );
        assert!(messages(&[&format!("{}/index.html", "a".repeat(255))]).is_empty());
        let deep = vec!["b".repeat(200); 21].join("/");
        let found = messages(&[&deep]);
        assert!(
            found[0].contains("file systems open at most 4096"),
            "{found:?}"
        );
        assert!(messages(&[".alianse-journal"])[0].contains("keeps for itself"));
    }
}
