//! The theme a site is built with: the default theme compiled into the
//! binary, or `themes/NAME/` of the site in its place, plus single template
//! overrides from the site's `templates/` folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, ErrorKind};
use crate::paths::is_editor_temp;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// One file of a theme, with the path shown in messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    /// Where the file is, for messages: `themes/default/templates/page.html`.
    pub shown: PathBuf,
}

/// All files of the theme in use, by path inside the theme
/// (`templates/page.html`, `static/style.css`, `i18n/lv.yaml`).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The theme named in site.yaml: `ROOT/themes/NAME/` if it exists, else the
    /// built-in default theme (only for the name `default`). Files in
    /// `ROOT/templates/` then replace the theme's templates of the same name.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let dir = root.join("themes").join(name);
        let mut theme = if dir.is_dir() {
            Theme::from_dir(&dir, &PathBuf::from("themes").join(name))?
        } else if name == "default" {
            Theme::built_in()
        } else {
            return Err(Diagnostic::error(
                ErrorKind::Config,
                format!("theme `{name}` not found in themes/{name}/"),
            )
            .in_file("content/site.yaml")
            .with_help("put the theme in themes/NAME/, or use `theme: default`"));
        };
        let overrides = root.join("templates");
        if overrides.is_dir() {
            let extra = Theme::from_dir(&overrides, Path::new("templates"))?;
            for (rel, file) in extra.files {
                theme.files.insert(format!("templates/{rel}"), file);
            }
        }
        Ok(theme)
    }

    pub fn built_in() -> Theme {
        let files = DEFAULT_THEME
            .iter()
            .map(|(rel, bytes)| {
                (
                    rel.to_string(),
                    ThemeFile {
                        bytes: bytes.to_vec(),
                        shown: PathBuf::from("themes/default").join(rel),
                    },
                )
            })
            .collect();
        Theme { files }
    }

    /// The icon names the theme's `icon` component knows (the `name == "…"`
    /// it compares with), or `None` when the theme has no such component.
    pub fn icons(&self) -> Option<Vec<String>> {
        self.files
            .iter()
            .filter(|(rel, _)| rel.starts_with("templates/"))
            .find_map(|(_, file)| {
                let text = std::str::from_utf8(&file.bytes).ok()?;
                let start = text.find("{% component icon(")?;
                let body = &text[start..];
                let body = &body[..body.find("endcomponent").unwrap_or(body.len())];
                let names = body
                    .split("name == \"")
                    .skip(1)
                    .filter_map(|part| part.split_once('"').map(|(n, _)| n.to_string()))
                    .collect();
                Some(names)
            })
    }

    fn from_dir(dir: &Path, shown: &Path) -> Result<Theme, Diagnostic> {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| {
                Diagnostic::error(ErrorKind::Io, format!("cannot read the theme: {e}"))
                    .in_file(shown)
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let rel = crate::paths::to_slash(rel);
            if rel.split('/').any(|s| s.starts_with('.')) || is_editor_temp(&rel) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|e| {
                Diagnostic::error(ErrorKind::Io, format!("cannot read: {e}"))
                    .in_file(shown.join(&rel))
            })?;
            files.insert(
                rel.clone(),
                ThemeFile {
                    bytes,
                    shown: shown.join(&rel),
                },
            );
        }
        Ok(Theme { files })
    }

    /// Templates: (name, source, shown path).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(rel, f)| rel.strip_prefix("templates/").map(|name| (name, f)))
    }

    /// Static files copied to the output root: (path under static/, file).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(rel, f)| rel.strip_prefix("static/").map(|name| (name, f)))
    }

    pub fn file(&self, rel: &str) -> Option<&ThemeFile> {
        self.files.get(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_theme_has_the_base_templates() {
        let theme = Theme::built_in();
        for name in [
            "base.html",
            "index.html",
            "page.html",
            "section.html",
            "404.html",
        ] {
            assert!(
                theme.file(&format!("templates/{name}")).is_some(),
                "{name} missing"
            );
        }
        assert!(theme.file("i18n/lv.yaml").is_some());
    }
}
