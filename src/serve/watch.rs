//! Watching the site's sources: `content/`, `themes/` and the site's
//! `templates/`, through notify with notify-debouncer-full. Editors' swap,
//! backup and temporary files are ignored; a save that writes a temporary
//! file and renames it over the page arrives as a change of the page; a
//! burst of events becomes one [`ChangeSet`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::error::{Diagnostic, ErrorKind};

/// Quiet time after the last event before a batch is handed on. Short, so
/// that a save shows quickly; editors write their files within a few ms.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(10);

/// What one batch of file events touched, by kind of source.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ChangeSet {
    /// Markdown files, relative to `content/` with `/` separators.
    pub pages: BTreeSet<String>,
    /// Anything under `content/data/`.
    pub data: bool,
    /// `content/site.yaml`.
    pub config: bool,
    /// Anything under `content/static/`.
    pub static_files: bool,
    /// Themes or the site's templates.
    pub theme: bool,
    /// A folder appeared or went away, or the watcher lost track: reload all.
    pub everything: bool,
}

impl ChangeSet {
    pub(crate) fn is_empty(&self) -> bool {
        *self == ChangeSet::default()
    }

    /// Adds another batch to this one.
    pub(crate) fn merge(&mut self, other: ChangeSet) {
        self.pages.extend(other.pages);
        self.data |= other.data;
        self.config |= other.config;
        self.static_files |= other.static_files;
        self.theme |= other.theme;
        self.everything |= other.everything;
    }

    /// Sorts one changed path (absolute, under `root`) into the set.
    pub(crate) fn add(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        let rel = crate::paths::to_slash(rel);
        if is_ignored(&rel) {
            return;
        }
        let mut parts = rel.splitn(2, '/');
        let top = parts.next().unwrap_or("");
        let rest = parts.next().unwrap_or("");
        match top {
            "themes" | "templates" => self.theme = true,
            "content" => self.add_content(rest, path),
            _ => {}
        }
    }

    fn add_content(&mut self, rel: &str, path: &Path) {
        if rel == "site.yaml" {
            self.config = true;
        } else if rel == "data" || rel.starts_with("data/") {
            self.data = true;
        } else if rel == "static" || rel.starts_with("static/") {
            self.static_files = true;
        } else if rel.ends_with(".md") {
            self.pages.insert(rel.to_string());
        } else if crate::images::source::is_image_name(rel) {
            // An image beside a page: processed like the site's other files.
            self.static_files = true;
        } else if rel.is_empty() || path.is_dir() || !rel.contains('.') {
            // A new, renamed or deleted folder may hold (or have held) pages.
            self.everything = true;
        }
    }

    /// One line for the terminal: what changed.
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.everything {
            parts.push(msg!("serve.what.folders").to_string());
        }
        if self.config {
            parts.push("site.yaml".to_string());
        }
        if self.data {
            parts.push(msg!("serve.what.data").to_string());
        }
        if self.static_files {
            parts.push(msg!("serve.what.static").to_string());
        }
        if self.theme {
            parts.push(msg!("serve.what.theme").to_string());
        }
        match self.pages.len() {
            0 => {}
            1 => parts.push(format!(
                "content/{}",
                self.pages.iter().next().unwrap_or(&String::new())
            )),
            n => parts.push(msg!("serve.what.pages", count = n).to_string()),
        }
        parts.join(", ")
    }
}

/// Hidden files, editors' temporary and swap files, and the output folder.
fn is_ignored(rel: &str) -> bool {
    crate::paths::is_editor_temp(rel)
        || rel.split('/').any(|s| s.starts_with('.'))
        || rel.ends_with(".alianse-tmp")
}

/// Opening or reading a file (alianse's own reads included) changes nothing.
fn is_read(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(access) if !matches!(access, AccessKind::Close(AccessMode::Write)))
}

/// Keeps the file watcher alive; dropping it stops watching.
pub(crate) struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

/// Watches the site under `root` and sends one [`ChangeSet`] per burst of
/// events to `changes`.
pub(crate) fn watch(root: &Path, changes: Sender<ChangeSet>) -> Result<Watcher, Diagnostic> {
    let root_for_events = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let mut set = ChangeSet::default();
        match result {
            Ok(events) => {
                for event in events {
                    if is_read(&event.kind) {
                        continue;
                    }
                    for path in &event.paths {
                        set.add(&root_for_events, path);
                    }
                }
            }
            Err(_) => set.everything = true,
        }
        if !set.is_empty() {
            let _ = changes.send(set);
        }
    };
    let failed = |e: notify::Error| {
        Diagnostic::error(
            ErrorKind::Io,
            msg!("serve.cannot-watch", error = e.to_string()),
        )
        .with_help(msg!("serve.cannot-watch-help"))
    };
    let mut debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE / 4), handler).map_err(failed)?;
    for dir in watched_folders(root) {
        debouncer
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(failed)?;
    }
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

/// `content/`, `themes/` and `templates/`, those that exist.
fn watched_folders(root: &Path) -> Vec<PathBuf> {
    ["content", "themes", "templates"]
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of(paths: &[&str]) -> ChangeSet {
        let root = Path::new("/site");
        let mut set = ChangeSet::default();
        for p in paths {
            set.add(root, &root.join(p));
        }
        set
    }

    #[test]
    fn paths_are_sorted_by_kind() {
        let set = set_of(&[
            "content/jaunumi/a.md",
            "content/data/members.yaml",
            "content/site.yaml",
            "templates/page.html",
            "content/static/logo.png",
        ]);
        assert_eq!(set.pages.iter().collect::<Vec<_>>(), ["jaunumi/a.md"]);
        assert!(set.data && set.config && set.theme && set.static_files);
        assert!(!set.everything);
        // A photo beside a page is published through the image pipeline.
        let set = set_of(&["content/jaunumi/sede.JPG"]);
        assert!(set.static_files && set.pages.is_empty() && !set.everything);
    }

    #[test]
    fn editor_files_are_ignored() {
        let set = set_of(&[
            "content/.a.md.swp",
            "content/a.md~",
            "content/.#a.md",
            "content/4913",
            "content/.hidden/x.md",
            "content/a.md.alianse-tmp",
        ]);
        assert!(set.is_empty(), "{set:?}");
    }
}
