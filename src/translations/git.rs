//! When each file and each line of the content last changed, from git
//! history: one `git log` over content/ (newest commit first) and a
//! `git blame` per data file, plus `git status` for changes not committed.
//!
//! The `git` command is used (through std::process) rather than a library:
//! it is already there wherever a site lives in git, it adds no build
//! dependency, and three read-only commands are all this needs. Without git,
//! or outside a repository, [`History::open`] gives `None` and translation
//! status falls back to `updated:` dates.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// How recent a change is: a smaller number is newer; `0` is a change not
/// committed yet, `n` the n-th commit counting back from the newest.
pub(crate) type Age = usize;

/// The history of a site folder's content.
pub(crate) struct History {
    root: std::path::PathBuf,
    /// The site folder's path inside the repository (`""` or `site/`).
    prefix: String,
    /// File (relative to the site folder) → the age of its last change.
    files: HashMap<String, Age>,
    /// Commit → its age.
    commits: HashMap<String, Age>,
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

impl History {
    /// Reads the history, or `None` when the folder is not in a git
    /// repository (or git is not installed).
    pub(crate) fn open(root: &Path) -> Option<History> {
        let inside = git(root, &["rev-parse", "--is-inside-work-tree"])?;
        if inside.trim() != "true" {
            return None;
        }
        let prefix = git(root, &["rev-parse", "--show-prefix"])?
            .trim_end_matches('\n')
            .to_string();
        let mut history = History {
            root: root.to_path_buf(),
            prefix,
            files: HashMap::new(),
            commits: HashMap::new(),
        };
        // A repository without commits has no log; everything is new.
        let log = git(
            root,
            &["log", "--format=format:@%H", "--name-only", "--", "content"],
        )
        .unwrap_or_default();
        let mut age = 0;
        for line in log.lines() {
            if let Some(hash) = line.strip_prefix('@') {
                age += 1;
                history.commits.insert(hash.to_string(), age);
            } else if !line.is_empty() {
                let rel = history.relative(line);
                history.files.entry(rel).or_insert(age);
            }
        }
        let status = git(
            root,
            &[
                "status",
                "--porcelain=v1",
                "--untracked-files=all",
                "--",
                "content",
            ],
        )
        .unwrap_or_default();
        for line in status.lines() {
            if let Some(path) = line.get(3..) {
                let path = path.rsplit(" -> ").next().unwrap_or(path);
                let rel = history.relative(path.trim_matches('"'));
                history.files.insert(rel, 0);
            }
        }
        Some(history)
    }

    fn relative(&self, repo_path: &str) -> String {
        repo_path
            .strip_prefix(&self.prefix)
            .unwrap_or(repo_path)
            .to_string()
    }

    /// The age of the last change to a file (relative to the site folder);
    /// a file git does not know is new.
    pub(crate) fn file_age(&self, rel: &str) -> Age {
        self.files.get(rel).copied().unwrap_or(0)
    }

    /// The age of the last change to each line of a file (1-based line →
    /// age); lines not committed are 0.
    pub(crate) fn line_ages(&self, rel: &str) -> HashMap<usize, Age> {
        let mut ages = HashMap::new();
        let Some(blame) = git(&self.root, &["blame", "--porcelain", "--", rel]) else {
            return ages;
        };
        for line in blame.lines() {
            let mut fields = line.split(' ');
            let (Some(hash), Some(_), Some(final_line)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if hash.len() != 40 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                continue;
            }
            if let Ok(n) = final_line.parse::<usize>() {
                let age = self.commits.get(hash).copied().unwrap_or(0);
                ages.insert(n, age);
            }
        }
        ages
    }
}
