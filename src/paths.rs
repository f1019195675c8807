//! The ground floor for paths: the built site's file paths ([`OutputFile`],
//! [`output_path`]), which relative paths every file system can hold
//! ([`is_safe_relative`], [`is_reserved_name`]), paths shown with `/`
//! ([`to_slash`]), editors' temporary files ([`is_editor_temp`]) and the
//! search index's files ([`is_search_index_file`]). Every
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
    !path.is_empty()
        && !path.contains(['\\', ':'])
        && !path.chars().any(char::is_control)
        && path.split('/').all(is_safe_segment)
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
    }

    #[test]
    fn editor_temp_files_are_recognised() {
        assert!(is_editor_temp("a/.page.md.swp"));
        assert!(is_editor_temp("page.md~"));
        assert!(is_editor_temp(".#page.md"));
        assert!(!is_editor_temp("page.md"));
    }
}
