//! `alianse new DIR`: a minimal site that builds with the built-in theme.

use std::path::Path;

use crate::error::{Diagnostic, ErrorKind};

const FILES: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        "title: {lv: Mana alianse, en: My alliance}\ndescription: {lv: \"Nevalstisko organizāciju apvienība\", en: \"An alliance of non-governmental organisations\"}\nbase_url: https://example.org/\ndefault_language: lv\nlanguages:\n  lv: {name: Latviešu, locale: lv-LV}\n  en: {name: English, locale: en-GB}\ntheme: default\ncollections:\n  members: {lv: biedri, en: members}\n  areas: {lv: darbibas-jomas, en: areas}\n  reports: {lv: zinojumi, en: reports}\nmenu:\n  lv:\n    - {name: Par mums, url: par-mums.md}\n    - {name: Biedri, url: /biedri/}\n  en:\n    - {name: About, url: par-mums.en.md}\n    - {name: Members, url: /en/members/}\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Mana alianse\n---\nLaipni lūdzam! Šo tekstu var mainīt failā `content/_index.md`.\n",
    ),
    (
        "content/_index.en.md",
        "---\ntitle: My alliance\n---\nWelcome! Change this text in `content/_index.en.md`.\n",
    ),
    (
        "content/par-mums.md",
        "---\ntitle: Par mums\n---\n## Mūsu mērķis\n\nPastāstiet par savu organizāciju.\n",
    ),
    (
        "content/par-mums.en.md",
        "---\ntitle: About us\nslug: about\n---\n## Our aim\n\nTell readers about your organisation.\n",
    ),
    (
        "content/data/areas.yaml",
        "- id: lidzdaliba\n  name: {lv: Līdzdalība, en: Participation}\n  summary: {lv: Sabiedrības līdzdalība lēmumu pieņemšanā., en: Public participation in decision making.}\n",
    ),
    ("content/data/members.yaml", "[]\n"),
    ("content/static/.gitkeep", ""),
];

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<(), Diagnostic> {
    let fail =
        |message: String, help: &str| Diagnostic::error(ErrorKind::Output, message).with_help(help);
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut e| e.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(fail(
                format!("{} already exists and is not empty", dir.display()),
                "choose a new folder name; alianse new never overwrites files",
            ));
        }
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                fail(
                    format!("cannot create {}: {e}", parent.display()),
                    "check the permissions",
                )
            })?;
        }
        std::fs::write(&path, text).map_err(|e| {
            fail(
                format!("cannot write {}: {e}", path.display()),
                "check the permissions",
            )
        })?;
    }
    std::fs::write(dir.join(".gitignore"), "/output\n").map_err(|e| {
        fail(
            format!("cannot write .gitignore: {e}"),
            "check the permissions",
        )
    })?;
    Ok(())
}
