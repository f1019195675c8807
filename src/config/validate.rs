//! The checks of site.yaml that a strict parse cannot make: languages and
//! their codes, the base URL, URL segments, menus, feeds, search, images,
//! the `cms:` block and the organisation, each error at its line.

use std::path::Path;

use super::{Config, check_base_url, cms};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::is_slug;

impl Config {
    pub(super) fn validate(&self, file: &Path, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for item in self.menu.values().flatten() {
            if crate::url::is_dangerous_url(&item.url) {
                let line = item.line;
                problems.push(
                    Diagnostic::error(
                        ErrorKind::Config,
                        format!("menu item `{}` links to a script URL", item.name),
                    )
                    .in_file(file)
                    .at(line, 0)
                    .with_source(text)
                    .with_help("link to a page (par-mums.md), a site path (/biedri/) or a web address (https://…)"),
                );
            }
        }
        let line_of = |key: &str| self.key_lines.get(key).copied().unwrap_or(0);
        let mut problem = |key: &str, message: String, help: &str| {
            problems.push(
                Diagnostic::error(ErrorKind::Config, message)
                    .in_file(file)
                    .at(line_of(key), 0)
                    .with_source(text)
                    .with_help(help),
            );
        };
        if let Err(why) = check_base_url(&self.base_url) {
            problem(
                "base_url",
                format!("base_url `{}` {why}", self.base_url),
                "write the full address the site is published at, e.g. https://example.org/ or https://example.org/alianse/",
            );
        }
        if !self.languages.contains_key(&self.default_language) {
            problem(
                "default_language",
                format!(
                    "default_language `{}` is not one of `languages`",
                    self.default_language
                ),
                "add it under `languages:` or pick one that is listed",
            );
        }
        for code in self.languages.keys() {
            if !is_slug(code) || code.contains('_') || code.len() > 12 {
                problem(
                    "languages",
                    format!("language code `{code}` cannot be used in URLs"),
                    "use a short lowercase code such as `lv` or `en`",
                );
            }
        }
        for code in self.menu.keys() {
            if !self.languages.contains_key(code) {
                problem(
                    "menu",
                    format!("menu for unknown language `{code}`"),
                    "use one of the codes under `languages:`",
                );
            }
        }
        for (name, segment) in self.collections.all() {
            for lang in self.languages.keys() {
                let s = segment.get(lang, &self.default_language);
                if !is_slug(s) {
                    problem(
                        "collections",
                        format!(
                            "collections.{name} for `{lang}` is `{s}`, which is not a URL segment"
                        ),
                        "use lowercase letters, digits and hyphens only",
                    );
                }
            }
        }
        if self.paginate == 0 {
            problem(
                "paginate",
                "paginate must be at least 1".into(),
                "set a number of items per page, e.g. 10",
            );
        }
        // The line of a key under `images:` (or of `images:` itself).
        let image_line = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                .map(|i| i + 1)
                .unwrap_or_else(|| self.key_lines.get("images").copied().unwrap_or(0))
        };
        let mut image_problem = |key: &str, message: String, help: &str| {
            problems.push(
                Diagnostic::error(ErrorKind::Config, message)
                    .in_file(file)
                    .at(image_line(key), 0)
                    .with_source(text)
                    .with_help(help),
            );
        };
        if !(1..=100).contains(&self.images.quality) {
            image_problem(
                "quality",
                format!(
                    "images.quality is {}; it must be 1–100",
                    self.images.quality
                ),
                "80 is a good balance of size and sharpness",
            );
        }
        if self.images.widths.is_empty()
            || self.images.widths.iter().any(|w| !(16..=8000).contains(w))
        {
            image_problem(
                "widths",
                "images.widths must list widths between 16 and 8000 pixels".into(),
                "e.g. widths: [480, 960, 1600]",
            );
        }
        for format in &self.images.formats {
            if format != "webp" {
                image_problem(
                    "formats",
                    format!("images.formats: `{format}` is not a format alianse makes"),
                    "use [webp], or [] for the source format only",
                );
            }
        }
        problems.extend(self.validate_organization(file, text));
        if let Some(cms) = &self.cms {
            problems.extend(cms.validate(file, text, &|key| {
                crate::config::cms::line_in_block(text, "cms", key)
            }));
        }
        problems
    }

    /// `organization:`: a founding date that is a date, a logo that is a
    /// site path.
    fn validate_organization(&self, file: &Path, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut problem = |key: &str, message: String, help: &str| {
            let line = cms::line_in_block(text, "organization", key);
            problems.push(
                Diagnostic::error(ErrorKind::Config, message)
                    .in_file(file)
                    .at(line, 0)
                    .with_source(text)
                    .with_help(help),
            );
        };
        if let Some(founded) = &self.organization.founded {
            let year = founded.len() == 4 && founded.bytes().all(|b| b.is_ascii_digit());
            let date = founded.len() == 10 && crate::i18n::Date::parse(founded).is_some();
            if !year && !date {
                problem(
                    "founded",
                    format!("organization.founded `{founded}` is not a date"),
                    "write the date as YYYY-MM-DD (e.g. 2004-12-14) or the year alone",
                );
            }
        }
        if let Some(logo) = &self.organization.logo {
            let path = logo.trim_start_matches('/');
            if !logo.starts_with('/')
                || logo.starts_with("//")
                || path
                    .split('/')
                    .any(|s| s.is_empty() || s == "." || s == "..")
                || logo.contains(['"', '<', '>', '\\', '?', '#', ' '])
            {
                problem(
                    "logo",
                    format!("organization.logo `{logo}` is not a file of the site"),
                    "give the path of a file under content/static/ from the site root, e.g. /logo.png",
                );
            }
        }
        problems
    }
}
