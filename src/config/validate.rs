//! The checks of site.yaml that a strict parse cannot make: languages and
//! their codes, the base URL, URL segments, menus, feeds, search, images,
//! the `cms:` block and the organisation, each error at its line.

use std::path::Path;

use super::{Config, check_base_url, cms};
use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::is_slug;
use crate::messages::Message;

impl Config {
    pub(super) fn validate(&self, file: &Path, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for item in self.menu.values().flatten() {
            if crate::url::is_dangerous_url(&item.url) {
                let line = item.line;
                problems.push(
                    Diagnostic::error(
                        ErrorKind::Config,
                        msg!("config.script-url", name = &item.name),
                    )
                    .in_file(file)
                    .at(line, 0)
                    .with_source(text)
                    .with_help(msg!("config.script-url-help")),
                );
            }
        }
        let line_of = |key: &str| self.key_lines.get(key).copied().unwrap_or(0);
        let mut problem = |key: &str, message: Message, help: Message| {
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
                msg!("config.base-url", url = &self.base_url, why = why),
                msg!("config.base-url-help"),
            );
        }
        if !self.languages.contains_key(&self.default_language) {
            problem(
                "default_language",
                msg!("config.default-language", lang = &self.default_language),
                msg!("config.default-language-help"),
            );
        }
        for code in self.languages.keys() {
            if !is_slug(code) || code.contains('_') || code.len() > 12 {
                problem(
                    "languages",
                    msg!("config.language-code", code = code),
                    msg!("config.language-code-help"),
                );
            }
        }
        for code in self.menu.keys() {
            if !self.languages.contains_key(code) {
                problem(
                    "menu",
                    msg!("config.menu-language", code = code),
                    msg!("config.menu-language-help"),
                );
            }
        }
        for (name, segment) in self.collections.all() {
            for lang in self.languages.keys() {
                let s = segment.get(lang, &self.default_language);
                if !is_slug(s) {
                    problem(
                        "collections",
                        msg!("config.segment", name = name, lang = lang, segment = s),
                        msg!("config.segment-help"),
                    );
                }
            }
        }
        if self.paginate == 0 {
            problem(
                "paginate",
                msg!("content.paginate-zero"),
                msg!("config.paginate-help"),
            );
        }
        // The line of a key under `images:` (or of `images:` itself).
        let image_line = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                .map(|i| i + 1)
                .unwrap_or_else(|| self.key_lines.get("images").copied().unwrap_or(0))
        };
        let mut image_problem = |key: &str, message: Message, help: Message| {
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
                msg!("config.quality", quality = self.images.quality),
                msg!("config.quality-help"),
            );
        }
        if self.images.widths.is_empty()
            || self.images.widths.iter().any(|w| !(16..=8000).contains(w))
        {
            image_problem("widths", msg!("config.widths"), msg!("config.widths-help"));
        }
        for format in &self.images.formats {
            if format != "webp" {
                image_problem(
                    "formats",
                    msg!("config.format", format = format),
                    msg!("config.format-help"),
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
        let mut problem = |key: &str, message: Message, help: Message| {
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
                    msg!("config.founded", value = founded),
                    msg!("config.founded-help"),
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
                    msg!("config.logo", value = logo),
                    msg!("config.logo-help"),
                );
            }
        }
        problems
    }
}
