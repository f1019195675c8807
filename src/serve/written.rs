//! What `serve` last wrote of each rendered page: its length and a 128-bit
//! hash of its bytes (xxh3), by output path. A rebuild compares what it
//! rendered with these fingerprints instead of reading output/ back: a
//! page whose fingerprint is the same (and whose file in output/ still has
//! that length: one `stat`, which finds a file deleted or cut by hand) is
//! not written; one whose fingerprint differs is written without reading
//! output/'s copy; one never written by this `serve` is compared with
//! output/ as before.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use crate::paths::OutputFile;

/// A page's length and hash.
pub(crate) type Print = (usize, u128);

fn print(bytes: &[u8]) -> Print {
    (bytes.len(), xxh3_128(bytes))
}

/// The fingerprints of the pages written (see the module comment).
#[derive(Debug, Default)]
pub(crate) struct Written {
    prints: HashMap<String, Print>,
}

/// A page [`Written::check`] found not in output/ as last written.
pub(crate) struct Checked {
    file: OutputFile,
    now: Print,
    /// Written before (with other bytes).
    known: bool,
}

/// Rendered pages sorted by what their fingerprints say.
pub(crate) struct Sorted {
    /// Never written by this `serve`: compare with output/.
    pub unknown: Vec<OutputFile>,
    /// Different from what was written last: write without comparing.
    pub different: Vec<OutputFile>,
    /// The fingerprints of `unknown` and `different`, to keep once written.
    pub prints: Vec<(String, Print)>,
}

impl Sorted {
    pub(crate) fn of(checked: impl IntoIterator<Item = Checked>) -> Sorted {
        let mut sorted = Sorted {
            unknown: Vec::new(),
            different: Vec::new(),
            prints: Vec::new(),
        };
        let mut different = Vec::new();
        for c in checked {
            if c.known {
                different.push((c.file.path.clone(), c.now));
                sorted.different.push(c.file);
            } else {
                sorted.prints.push((c.file.path.clone(), c.now));
                sorted.unknown.push(c.file);
            }
        }
        sorted.prints.extend(different);
        sorted
    }
}

impl Written {
    /// The fingerprints of `files`, all of them in output/ now.
    pub(crate) fn of(files: &[OutputFile]) -> Written {
        let mut written = Written::default();
        written.record(files);
        written
    }

    /// Remembers that `files` are in output/ now.
    pub(crate) fn record(&mut self, files: &[OutputFile]) {
        let prints: Vec<Print> = files.par_iter().map(|f| print(&f.bytes)).collect();
        self.prints
            .extend(files.iter().map(|f| f.path.clone()).zip(prints));
    }

    /// Forgets a file that was removed from output/.
    pub(crate) fn forget(&mut self, path: &str) {
        self.prints.remove(path);
    }

    /// `file` with its fingerprint, unless output/ holds it already (by
    /// its fingerprint): called on each page as soon as it is rendered,
    /// so that the pages that did not change are not kept.
    pub(crate) fn check(&self, out: &Path, file: OutputFile) -> Option<Checked> {
        let now = print(&file.bytes);
        let known = match self.prints.get(&file.path) {
            None => false,
            Some(was) => {
                let same = *was == now
                    && std::fs::symlink_metadata(out.join(&file.path))
                        .is_ok_and(|m| m.is_file() && m.len() == file.bytes.len() as u64);
                if same {
                    return None;
                }
                true
            }
        };
        Some(Checked { file, now, known })
    }

    /// Remembers the fingerprints of files written (from [`Written::sort`]).
    pub(crate) fn keep(&mut self, prints: Vec<(String, Print)>) {
        self.prints.extend(prints);
    }
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
    fn pages_as_written_are_dropped_and_the_rest_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let pages = [
            file("a.html", "A"),
            file("b.html", "B"),
            file("c.html", "C"),
        ];
        for p in &pages {
            std::fs::write(out.join(&p.path), &p.bytes).unwrap();
        }
        let mut written = Written::of(&pages);
        // c.html was deleted by hand: written again although the same.
        std::fs::remove_file(out.join("c.html")).unwrap();
        written.forget("b.html");
        let files = ["A", "B", "C", "A2", "D"].map(|t| {
            let name = format!("{}.html", t[..1].to_lowercase());
            file(&name, t)
        });
        let sorted = Sorted::of(files.into_iter().filter_map(|f| written.check(out, f)));
        let paths = |f: &[OutputFile]| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&sorted.unknown), ["b.html", "d.html"]);
        assert_eq!(paths(&sorted.different), ["c.html", "a.html"]);
        let kept: Vec<&str> = sorted.prints.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(kept, ["b.html", "d.html", "c.html", "a.html"]);
    }
}
