//! The ground floor for paths: the built site's file paths ([`OutputFile`],
//! [`output_path`]), which relative paths every file system can hold
//! ([`is_safe_relative`], [`is_reserved_name`]), paths shown with `/`
//! ([`to_slash`]), editors' temporary files ([`is_editor_temp`]), a fast
//! hasher for maps keyed by paths ([`PathHasher`]) and the search index's
//! files ([`is_search_index_file`]). Every
//! phase uses these; this module imports nothing from the crate.

use std::path::Path;

/// One file of the built site, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// With `/` separators: `en/about/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Anything made for one path of the output folder (an [`OutputFile`], or
/// one already staged): what the checks of output paths look at.
pub trait ForPath {
    fn for_path(&self) -> &str;
}

impl ForPath for OutputFile {
    fn for_path(&self) -> &str {
        &self.path
    }
}

/// A hasher for maps and sets keyed by output paths, source paths and
/// other keys made from the site's own files (not from the network, so
/// there is no flooding to defend against): XXH3 of the bytes, several times
/// faster than std's SipHash on paths, and a build looks up every output
/// path several times.
#[derive(Debug, Default, Clone, Copy)]
pub struct PathHasher(u64);

impl std::hash::Hasher for PathHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.0);
    }

    fn write_u8(&mut self, byte: u8) {
        self.write_u64(u64::from(byte));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        // A multiply-xorshift mix (the stafford variant 13 finaliser).
        let mut x = (self.0 ^ n).wrapping_add(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        self.0 = x ^ (x >> 31);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`PathHasher`]s.
pub type PathHash = std::hash::BuildHasherDefault<PathHasher>;
/// A map keyed by paths (see [`PathHasher`]).
pub type PathMap<K, V> = std::collections::HashMap<K, V, PathHash>;
/// A set of paths (see [`PathHasher`]).
pub type PathSet<K> = std::collections::HashSet<K, PathHash>;

/// `/en/about/` → `en/about/index.html`; `/404.html` → `404.html`.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// Rejects output paths that could land outside the output folder, or
/// that some file systems cannot hold: empty, absolute, `..` or `.`
/// segments, backslashes, NUL and other control characters, `:` (drive
/// letters and alternate streams on Windows), and Windows' reserved names.
pub fn is_safe_relative(path: &str) -> bool {
    // With no `\\` or `:`, and no empty, `.` or `..` segment, every
    // component of the path is a plain name (no root, prefix or parent).
    // One pass over the bytes (every output path of every build comes
    // through here): the control characters are C0 and DEL (one byte) and
    // C1 (U+0080–U+009F: `0xC2` then `0x80`–`0x9F` in UTF-8).
    let bytes = path.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'/' => {
                if !is_safe_segment(&path[start..i]) {
                    return false;
                }
                start = i + 1;
            }
            b'\\' | b':' | 0x00..=0x1F | 0x7F => return false,
            0xC2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) => return false,
            _ => {}
        }
    }
    !path.is_empty() && is_safe_segment(&path[start..])
}

/// One path segment that every file system can hold.
fn is_safe_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.ends_with(['.', ' '])
        && !is_reserved_name(segment)
}

/// Names Windows reserves for devices, with or without an extension, in any
/// case: CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9 (`con`, `nul.txt`, `Aux`).
pub fn is_reserved_name(segment: &str) -> bool {
    // Every reserved name starts with one of these letters: most names are
    // answered by their first byte.
    if !matches!(
        segment.as_bytes().first().map(u8::to_ascii_uppercase),
        Some(b'C' | b'P' | b'A' | b'N' | b'L')
    ) {
        return false;
    }
    let stem = segment.split('.').next().unwrap_or(segment);
    let stem = stem.trim_end_matches(' ').as_bytes();
    let is = |name: &[u8]| stem.eq_ignore_ascii_case(name);
    is(b"CON")
        || is(b"PRN")
        || is(b"AUX")
        || is(b"NUL")
        || (stem.len() == 4
            && (stem[..3].eq_ignore_ascii_case(b"COM") || stem[..3].eq_ignore_ascii_case(b"LPT"))
            && matches!(stem[3], b'1'..=b'9'))
}

/// `a\b` or `a/b` as `a/b`: a relative path shown or matched the same on
/// every system.
pub fn to_slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Editors' backup, swap and temporary files, which are never content.
pub fn is_editor_temp(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.ends_with('~')
        || base.ends_with(".swp")
        || base.ends_with(".swx")
        || base.ends_with(".swo")
        || base.ends_with(".tmp")
        || base.ends_with(".bak")
        || base.starts_with(".#")
        || base.starts_with('#')
        || base.starts_with(".~")
        || base == "4913"
}

/// The folder of a language's search index parts, beside its manifest
/// `search-index.json`.
pub const SEARCH_PARTS_FOLDER: &str = "search-index";

/// Whether the output file `path` is a search index's manifest
/// (`en/search-index.json`) or one of its parts (`en/search-index/3.json`).
pub fn is_search_index_file(path: &str) -> bool {
    // Both end so: every other output (images, pages) is answered here.
    if !path.ends_with(".json") {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or_default();
    if name == "search-index.json" {
        return true;
    }
    let folder = path[..path.len() - name.len()].trim_end_matches('/');
    let folder = folder.rsplit('/').next().unwrap_or_default();
    folder == SEARCH_PARTS_FOLDER
        && name
            .strip_suffix(".json")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/en/about/"), "en/about/index.html");
        assert_eq!(output_path("/404.html"), "404.html");
    }

    #[test]
    fn unsafe_paths_are_rejected() {
        assert!(is_safe_relative("a/b/index.html"));
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a\\b"));
        assert!(!is_safe_relative("a/../b"));
        assert!(!is_safe_relative("a/./b"));
        assert!(!is_safe_relative("a/\0/b"));
        assert!(!is_safe_relative("c:/x"));
        assert!(!is_safe_relative("con/index.html"));
        assert!(!is_safe_relative("a/NUL.txt"));
        assert!(!is_safe_relative("a/com1"));
        assert!(!is_safe_relative("a./b"));
        assert!(!is_safe_relative(""));
        assert!(is_safe_relative("console/index.html"));
        assert!(is_safe_relative("com10/a.html"));
        // Control characters of every kind (C0, DEL, C1), not other letters.
        for bad in ["a/b\u{7f}", "a/\u{85}b", "\u{9f}", "a\tb", "a/b/"] {
            assert!(!is_safe_relative(bad), "{bad:?}");
        }
        assert!(is_safe_relative("zi\u{146}as/\u{a0}\u{c2}\u{1f600}.html"));
    }

    #[test]
    fn editor_temp_files_are_recognised() {
        assert!(is_editor_temp("a/.page.md.swp"));
        assert!(is_editor_temp("page.md~"));
        assert!(is_editor_temp(".#page.md"));
        assert!(!is_editor_temp("page.md"));
    }
}
