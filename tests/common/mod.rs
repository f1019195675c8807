//! Shared helpers of the end-to-end tests: copy a fixture site into a
//! temporary folder, build it through the library or the binary, and read
//! what was written.

#![allow(dead_code)]

pub mod cms;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use alianse::build::{BuildOptions, BuildResult, build};

/// A fixture site copied into its own temporary folder.
pub struct Site {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    /// Copies `tests/fixtures/NAME` into a new temporary folder.
    pub fn fixture(name: &str) -> Site {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(source.is_dir(), "no fixture {}", source.display());
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        copy_dir(&source, &root);
        Site { _dir: dir, root }
    }

    /// An empty temporary folder (for `alianse new`).
    pub fn empty() -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        Site { _dir: dir, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes (or replaces) a file of the site, creating folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `from` by `to` in a file of the site; the text must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.root.join(rel)).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root.join(rel)).unwrap();
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions::new(&self.root)
    }

    /// Builds through the library with default options.
    pub fn build(&self) -> BuildResult {
        build(&self.options())
    }

    /// Builds and fails the test, showing the messages, unless it succeeded.
    pub fn build_ok(&self) -> BuildResult {
        let result = self.build();
        assert!(result.ok(), "build failed:\n{}", result.diagnostics);
        result
    }

    /// Runs the binary with these arguments (from the site's folder).
    pub fn run(&self, args: &[&str]) -> Run {
        run_binary(&self.root, args)
    }

    /// The text of an output file (relative to output/).
    pub fn page(&self, rel: &str) -> String {
        let path = self.root.join("output").join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The entries of the search index whose manifest is `rel` in output/
    /// (`en/search-index.json`), as one JSON list: its parts' lists joined
    /// in the manifest's order, as the theme's script joins them.
    pub fn search_index(&self, rel: &str) -> String {
        read_search_index(&self.root.join("output"), rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root.join("output").join(rel).exists()
    }

    /// Every file under output/ with its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.root.join("output"))
    }
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_binary(dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_alianse"))
        .args(args)
        .current_dir(dir)
        // Messages in English whatever the machine's locale; tests of the
        // message language set these themselves.
        .env_remove("ALIANSE_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .output()
        .expect("run alianse");
    Run {
        code: status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// The entries of the search index whose manifest is `rel` in the output
/// folder `out`, as one JSON list (see [`Site::search_index`]).
pub fn read_search_index(out: &Path, rel: &str) -> String {
    let read = |rel: &str| {
        let path = out.join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    let manifest: serde_json::Value =
        serde_json::from_str(&read(rel)).expect("the manifest is JSON");
    let folder = rel.rsplit_once('/').map_or("", |(folder, _)| folder);
    let parts: Vec<String> = manifest["parts"]
        .as_array()
        .expect("the manifest lists its parts")
        .iter()
        .map(|part| {
            let part = part.as_str().expect("a part is a relative URL");
            let text = read(&Path::new(folder).join(part).to_string_lossy());
            let text = text.trim();
            let inner = text.strip_prefix('[').and_then(|t| t.strip_suffix(']'));
            inner.expect("a part is a JSON list").to_string()
        })
        .filter(|inner| !inner.is_empty())
        .collect();
    format!("[{}]", parts.join(","))
}

/// Every file under `dir` (relative path with `/`) with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Every path under `dir`, folders included (to see that nothing was added).
pub fn tree(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The text of a page with tags removed and white space collapsed: what a
/// reader sees.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // Drop the head: its title and meta tags are not page text.
    if let Some(at) = rest.find("<body") {
        rest = &rest[at..];
    }
    // Inline elements do not separate words; all other tags do.
    const INLINE: &[&str] = &[
        "a", "strong", "em", "span", "time", "code", "abbr", "b", "i",
    ];
    let mut in_tag = false;
    for (i, c) in rest.char_indices() {
        match c {
            '<' => {
                in_tag = true;
                let name: String = rest[i + 1..]
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if !INLINE.contains(&name.as_str()) {
                    out.push(' ');
                }
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>");
    &html[start..end]
}

/// All values of an attribute (`href`, `src`) in a piece of HTML.
pub fn attrs<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').expect("closed attribute");
        found.push(&rest[..end]);
        rest = &rest[end..];
    }
    found
}

/// The `href` of the first `<a>` whose text is `text`.
pub fn link_to<'a>(html: &'a str, text: &str) -> &'a str {
    let needle = format!(">{text}</a>");
    let end = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no link with text {text:?}"));
    let start = html[..end].rfind("<a ").expect("an <a> before the text");
    let tag = &html[start..end];
    attrs(tag, "href")
        .into_iter()
        .next()
        .expect("the link has an href")
}

/// Resolves a relative link against a page's URL path (`/en/about/`), the
/// way a browser does; `None` when it climbs above the root.
pub fn resolve(page_url: &str, link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next().unwrap_or("");
    if link.is_empty() {
        return Some(page_url.to_string());
    }
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        let folder = &page_url[..page_url.rfind('/').map(|i| i + 1).unwrap_or(0)];
        folder.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut url = format!("/{}", parts.join("/"));
    if (link.ends_with('/') || link.ends_with("/.") || link == "." || link.ends_with(".."))
        && !url.ends_with('/')
    {
        url.push('/');
    }
    Some(url)
}

/// Messages of a build's errors, one string each (`error: file:line: …`).
pub fn errors(result: &BuildResult) -> Vec<String> {
    result.diagnostics.errors().map(|d| d.to_string()).collect()
}
