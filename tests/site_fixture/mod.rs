//! A minimal valid site for the integration tests, and helpers to run the
//! binary on it and to take a byte-for-byte picture of a folder.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const SITE_YAML: &str = "title: {lv: Alianse, en: Alliance}\ndescription: {lv: Apraksts, en: Description}\nbase_url: https://example.org/\ndefault_language: lv\nlanguages:\n  lv: {name: Latviešu, locale: lv-LV}\n  en: {name: English, locale: en-GB}\ntheme: default\ncollections:\n  members: {lv: biedri, en: members}\n  areas: {lv: darbibas-jomas, en: areas}\n  reports: {lv: zinojumi, en: reports}\nmenu:\n  lv:\n    - {name: Par mums, url: par-mums.md}\n    - {name: Biedri, url: /biedri/}\n  en:\n    - {name: About, url: par-mums.en.md}\n";

/// The files of the minimal valid site: (path under the root, text).
pub const FILES: &[(&str, &str)] = &[
    ("content/site.yaml", SITE_YAML),
    (
        "content/_index.md",
        "---\ntitle: Sākums\n---\nLaipni lūdzam! Sk. [par mums](par-mums.md#musu-merkis).\n",
    ),
    (
        "content/_index.en.md",
        "---\ntitle: Home\n---\nWelcome! See [about](par-mums.en.md).\n",
    ),
    (
        "content/par-mums.md",
        "---\ntitle: Par mums\nareas: [lidzdaliba]\n---\n## Mūsu mērķis\n\nTeksts par [biedriem](/biedri/).\n",
    ),
    (
        "content/par-mums.en.md",
        "---\ntitle: About us\nslug: about\n---\n## Our aim\n\nText.\n",
    ),
    (
        "content/jaunumi/_index.md",
        "---\ntitle: Jaunumi\nsort: date\n---\nZiņas.\n",
    ),
    (
        "content/jaunumi/a.md",
        "---\ntitle: Pirmā ziņa\ndate: 2024-03-05\nsummary: Īsumā.\n---\nZiņas teksts.\n",
    ),
    (
        "content/data/areas.yaml",
        "- id: lidzdaliba\n  name: {lv: Līdzdalība, en: Participation}\n  summary: {lv: Līdzdalība lēmumos., en: Participation in decisions.}\n- id: izglitiba\n  name: {lv: Izglītība, en: Education}\n",
    ),
    (
        "content/data/members.yaml",
        "- id: biedriba-a\n  name: {lv: Biedrība A, en: Association A}\n  kind: association\n  joined: 2010\n  website: https://example.org/a/\n  areas: [lidzdaliba]\n- id: fonds-b\n  name: Fonds B\n  kind: foundation\n  areas: [izglitiba]\n",
    ),
    (
        "content/data/reports/2023.yaml",
        "year: 2023\ntitle: {lv: Indekss 2023, en: Index 2023}\noverall: 2.6\ndimensions:\n  legal_environment: {score: 2.3}\n  organizational_capacity: {score: 2.9}\n  financial_viability: {score: 3.1}\n  advocacy: {score: 2.0}\n  service_provision: {score: 2.5}\n  sectoral_infrastructure: {score: 2.4}\n  public_image: {score: 3.0}\n",
    ),
    (
        "content/data/reports/_bands.yaml",
        "- {min: 1.0, max: 3.0, label: {lv: Nostiprināta, en: Enhanced}}\n- {min: 3.1, max: 7.0, label: {lv: Attīstās, en: Evolving}}\n",
    ),
    (
        "content/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    ),
];

/// A site in `site/` of a temporary folder, so that tests can put files
/// next to it (outside the site) that are removed with it.
pub struct Site {
    dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    /// The site root.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// A folder next to the site, outside it.
    pub fn outside(&self) -> PathBuf {
        let p = self.dir.path().join("outside");
        std::fs::create_dir_all(&p).unwrap();
        p
    }
}

/// A fresh copy of the minimal site in a temporary folder.
pub fn site() -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    for (rel, text) in FILES {
        write(&root, rel, text.as_bytes());
    }
    Site { dir, root }
}

pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The result of running the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn alianse(args: &[&str], root: &Path) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_alianse"));
    command.args(args).arg("--root").arg(root);
    let out = command.output().expect("run alianse");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn build(root: &Path) -> Run {
    alianse(&["build"], root)
}

/// What a folder holds: every entry (files, folders, links) by relative
/// path, with the bytes of files and the targets of links.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut map = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
        let kind = entry.file_type();
        let value = if kind.is_symlink() {
            Entry::Link(std::fs::read_link(entry.path()).unwrap())
        } else if kind.is_dir() {
            Entry::Dir
        } else {
            Entry::File(std::fs::read(entry.path()).unwrap())
        };
        map.insert(rel, value);
    }
    map
}

#[derive(PartialEq, Eq)]
pub enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Entry::Dir => write!(f, "dir"),
            Entry::File(b) => write!(f, "file ({} bytes)", b.len()),
            Entry::Link(t) => write!(f, "link to {}", t.display()),
        }
    }
}
