//! The record alianse keeps in the output folder's marker file: fingerprints
//! of the inputs a build read and of the files it left in output/. When a new
//! build finds both unchanged, there is nothing to do and it stops early —
//! a no-change rebuild then costs a walk over file metadata, not a build.
//!
//! A fingerprint covers every file's path, size and modification time, the
//! alianse binary itself (a new version may render differently) and the
//! options that change output (base URL, drafts).

use std::hash::{Hash, Hasher};
use std::path::Path;

/// What the marker file says about the last build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manifest {
    pub inputs: u64,
    pub outputs: u64,
    pub files: usize,
}

const HEADER: &str = "This folder is written by alianse; it replaces its contents on every build.";

impl Manifest {
    pub fn to_text(self) -> String {
        format!(
            "{HEADER}\ninputs {:016x}\noutputs {:016x}\nfiles {}\n",
            self.inputs, self.outputs, self.files
        )
    }

    pub fn parse(text: &str) -> Option<Manifest> {
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ').map(str::to_string))
        };
        Some(Manifest {
            inputs: u64::from_str_radix(&field("inputs")?, 16).ok()?,
            outputs: u64::from_str_radix(&field("outputs")?, 16).ok()?,
            files: field("files")?.parse().ok()?,
        })
    }

    pub fn read(output_dir: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(output_dir.join(super::MARKER)).ok()?;
        Manifest::parse(&text)
    }
}

/// Fingerprint of everything a build of `root` reads, plus `options` (any
/// text that changes the output, e.g. the base URL).
pub fn inputs_fingerprint(root: &Path, options: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    options.hash(&mut hasher);
    if let Ok(exe) = std::env::current_exe() {
        hash_metadata(&exe, Path::new("alianse"), &mut hasher);
    }
    for folder in ["content", "themes", "templates"] {
        hash_tree(&root.join(folder), &mut hasher, &[]);
    }
    hasher.finish()
}

/// Fingerprint of the files in the output folder (the marker excluded).
pub fn outputs_fingerprint(output_dir: &Path) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hash_tree(output_dir, &mut hasher, &[super::MARKER]);
    hasher.finish()
}

fn hash_tree(dir: &Path, hasher: &mut impl Hasher, skip: &[&str]) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker.into_iter().flatten() {
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if skip.iter().any(|s| rel == Path::new(s)) {
            continue;
        }
        if entry.file_type().is_file() {
            hash_metadata(entry.path(), rel, hasher);
        } else if entry.file_type().is_dir() {
            rel.hash(hasher);
        }
    }
}

fn hash_metadata(path: &Path, shown: &Path, hasher: &mut impl Hasher) {
    shown.hash(hasher);
    if let Ok(meta) = std::fs::metadata(path) {
        meta.len().hash(hasher);
        if let Ok(modified) = meta.modified() {
            modified.hash(hasher);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips() {
        let m = Manifest {
            inputs: 0xdead_beef,
            outputs: 42,
            files: 7,
        };
        assert_eq!(Manifest::parse(&m.to_text()), Some(m));
        assert_eq!(Manifest::parse("garbage"), None);
    }

    #[test]
    fn fingerprints_see_edits_and_new_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "a").unwrap();
        let first = inputs_fingerprint(dir.path(), "");
        assert_eq!(first, inputs_fingerprint(dir.path(), ""));
        assert_ne!(first, inputs_fingerprint(dir.path(), "--drafts"));
        std::fs::write(dir.path().join("content/b.md"), "b").unwrap();
        assert_ne!(first, inputs_fingerprint(dir.path(), ""));
        let second = inputs_fingerprint(dir.path(), "");
        std::fs::write(dir.path().join("content/a.md"), "longer").unwrap();
        assert_ne!(second, inputs_fingerprint(dir.path(), ""));
    }
}
