//! `content/site.yaml`: the site's settings, read strictly (unknown keys are
//! errors with a suggestion) and checked for values that cannot work.

pub mod cms;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, ErrorKind};
use crate::html::RawHtml;
use crate::i18n::{LocalisedText, is_slug};
use crate::yaml::tree::{Node, Step};

/// The settings as written in site.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: LocalisedText,
    #[serde(default)]
    pub description: LocalisedText,
    /// The address the site is published at, with or without a sub-path
    /// (`https://example.org/alianse/`). Absolute URLs in feeds and the
    /// sitemap start with it.
    pub base_url: String,
    pub default_language: String,
    pub languages: BTreeMap<String, Language>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub collections: Collections,
    /// Navigation per language code.
    #[serde(default)]
    pub menu: BTreeMap<String, Vec<MenuItem>>,
    #[serde(default)]
    pub markdown: MarkdownOptions,
    #[serde(default)]
    pub feeds: FeedOptions,
    #[serde(default)]
    pub search: SearchOptions,
    /// Default items per page of a section list.
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// Make internal links end in `index.html`, so that output/ works when
    /// opened from disk without a web server.
    #[serde(default)]
    pub local_links: bool,
    /// Free settings for templates.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// How pictures are resized and encoded.
    #[serde(default)]
    pub images: ImageOptions,
    /// The data downloads (CSV, JSON, datapackage.json under /data/).
    #[serde(default)]
    pub open_data: OpenDataOptions,
    /// Facts about the organisation that publishes the site, for the
    /// structured data (JSON-LD) of the home page.
    #[serde(default)]
    pub organization: OrganizationOptions,
    /// The site folder (holding content/), when read from disk.
    #[serde(skip)]
    pub site_root: std::path::PathBuf,
    /// The web editor (Sveltia CMS) at /admin/; none when absent.
    #[serde(default)]
    pub cms: Option<crate::config::cms::CmsSettings>,
    /// The IANA time zone in which `date` and `expires` are read and today's
    /// date is taken (default Europe/Riga).
    #[serde(default)]
    pub timezone: Option<String>,
    /// The build's clock and the pages it withholds (set by the load phase,
    /// not written in site.yaml).
    #[serde(skip)]
    pub schedule: crate::schedule::Schedule,
    /// The text of site.yaml, for quoting lines in later messages.
    #[serde(skip)]
    pub source: String,
    /// The line of each top-level key in site.yaml, from the parser.
    #[serde(skip)]
    pub key_lines: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub name: String,
    /// BCP 47 locale, e.g. `lv-LV`, used for `<html lang>` and `og:locale`.
    #[serde(default)]
    pub locale: Option<String>,
}

/// Localised first path segments of the generated pages.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collections {
    #[serde(default = "default_members")]
    pub members: LocalisedText,
    #[serde(default = "default_areas")]
    pub areas: LocalisedText,
    #[serde(default = "default_reports")]
    pub reports: LocalisedText,
    /// The search page.
    #[serde(default = "default_search")]
    pub search: LocalisedText,
    /// The publications library.
    #[serde(default = "default_publications")]
    pub publications: LocalisedText,
    /// The events list, event pages and calendar files.
    #[serde(default = "default_events")]
    pub events: LocalisedText,
}

impl Default for Collections {
    fn default() -> Self {
        Collections {
            members: default_members(),
            areas: default_areas(),
            reports: default_reports(),
            search: default_search(),
            publications: default_publications(),
            events: default_events(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    /// A content file (`par-mums.md`), a site path (`/biedri/`) or an external URL.
    pub url: String,
    /// The line of `url` in site.yaml, for messages (0 when not found).
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {
    #[serde(default)]
    pub raw_html: RawHtml,
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// A paragraph starting "2010. gadā" stays a paragraph in every
    /// language, not only in Latvian.
    #[serde(default)]
    pub year_paragraphs: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            raw_html: RawHtml::default(),
            smart_punctuation: true,
            year_paragraphs: false,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    #[default]
    Summary,
    Full,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedOptions {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The content folder whose pages make the news feed.
    #[serde(default = "default_feed_section")]
    pub section: String,
    #[serde(default)]
    pub content: FeedContent,
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions {
            enabled: true,
            section: default_feed_section(),
            content: FeedContent::default(),
            limit: default_feed_limit(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchOptions {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Characters of body text kept per page in the index.
    #[serde(default = "default_search_body")]
    pub body_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            enabled: true,
            body_chars: default_search_body(),
        }
    }
}

/// `open_data:` in site.yaml: the tables of members, reports and other
/// collections as CSV and JSON under /data/, described by one Frictionless
/// `datapackage.json`, linked from each collection's page.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenDataOptions {
    /// Publish the data files (default true).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The licence of the data: CC-BY-4.0 (default), CC-BY-SA-4.0, CC0-1.0,
    /// ODC-By-1.0, ODbL-1.0 or PDDL-1.0.
    #[serde(default)]
    pub license: crate::open_data::DataLicense,
}

impl Default for OpenDataOptions {
    fn default() -> Self {
        OpenDataOptions {
            enabled: true,
            license: crate::open_data::DataLicense::default(),
        }
    }
}

/// `organization:` in site.yaml.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationOptions {
    /// The date the organisation was founded, YYYY-MM-DD (or a year).
    #[serde(default)]
    pub founded: Option<String>,
    /// The organisation's logo: a file under content/static/, as a site
    /// path (`/logo.png`).
    #[serde(default)]
    pub logo: Option<String>,
}

/// `images:` in site.yaml.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageOptions {
    /// Widths in pixels of the responsive variants (never wider than the source).
    #[serde(default = "default_image_widths")]
    pub widths: Vec<u32>,
    /// Extra formats besides the source's own: `webp` (or none: `[]`).
    #[serde(default = "default_image_formats")]
    pub formats: Vec<String>,
    /// Encoding quality of JPEG and WebP, 1–100.
    #[serde(default = "default_image_quality")]
    pub quality: u8,
    /// A picture for social shares of pages without a cover (`/share.jpg`, under static/).
    #[serde(default)]
    pub social: Option<String>,
}

impl Default for ImageOptions {
    fn default() -> Self {
        ImageOptions {
            widths: default_image_widths(),
            formats: default_image_formats(),
            quality: default_image_quality(),
            social: None,
        }
    }
}

fn default_image_widths() -> Vec<u32> {
    vec![480, 960, 1600]
}
fn default_image_formats() -> Vec<String> {
    vec!["webp".into()]
}
fn default_image_quality() -> u8 {
    80
}

fn yes() -> bool {
    true
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate() -> usize {
    10
}
fn default_feed_section() -> String {
    "jaunumi".into()
}
fn default_feed_limit() -> usize {
    20
}
fn default_search_body() -> usize {
    600
}
fn per_language(lv: &str, en: &str) -> LocalisedText {
    LocalisedText::PerLanguage(
        [
            ("lv".to_string(), lv.to_string()),
            ("en".to_string(), en.to_string()),
        ]
        .into(),
    )
}
fn default_members() -> LocalisedText {
    per_language("biedri", "members")
}
fn default_areas() -> LocalisedText {
    per_language("darbibas-jomas", "areas")
}
fn default_reports() -> LocalisedText {
    per_language("zinojumi", "reports")
}
fn default_search() -> LocalisedText {
    per_language("meklet", "search")
}
fn default_publications() -> LocalisedText {
    per_language("publikacijas", "publications")
}
fn default_events() -> LocalisedText {
    per_language("pasakumi", "events")
}

/// What to do about a `--base-url` that [`check_base_url`] refuses.
pub const BASE_URL_FLAG_HELP: &str =
    "give the full address, e.g. --base-url https://example.org/alianse/";

/// Checks that `url` can be the site's base address: an absolute `http` or
/// `https` URL with a host, no user name, query or fragment, and none of the
/// characters that could end an HTML attribute or an XML value or fool a
/// reader (quotes, `<`, `>`, backslash, backquote, braces, `|`, `^`,
/// spaces, control or bidi characters). Returns what is wrong, worded to
/// follow "base_url `…`".
///
/// Every place that writes the base URL also escapes it; this check makes
/// sure that the escaping never has anything to do.
pub fn check_base_url(url: &str) -> Result<(), String> {
    if let Some(c) = url.chars().find(|&c| {
        c.is_whitespace()
            || crate::terminal::is_unsafe_to_show(c)
            || c == '\u{feff}'
            || matches!(
                c,
                '"' | '\'' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^'
            )
    }) {
        let shown = if c.is_whitespace() || c.is_control() {
            c.escape_unicode().to_string()
        } else {
            c.to_string()
        };
        return Err(format!(
            "contains `{shown}`, which cannot be part of a web address"
        ));
    }
    let not_absolute = || "is not an absolute http(s) URL".to_string();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(not_absolute());
    }
    let parsed = url::Url::parse(url).map_err(|e| format!("{} ({e})", not_absolute()))?;
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    if parsed.host_str().is_none_or(str::is_empty) || after_scheme.starts_with('/') {
        return Err("has no host name".into());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("contains a user name or password".into());
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("has a `?query` or `#fragment`, which a base address cannot have".into());
    }
    Ok(())
}

/// The 1-based line of `menu.LANG[i].url` as the parser read it, or 0.
fn menu_url_line(tree: Option<&Node>, lang: &str, i: usize) -> usize {
    tree.map_or(0, |t| {
        t.key_line(&[
            Step::Key("menu"),
            Step::Key(lang),
            Step::Index(i),
            Step::Key("url"),
        ])
    })
}

impl Config {
    /// Reads and checks `site.yaml`. `base_url_override` is `--base-url`.
    pub fn load(
        path: &Path,
        shown_as: &Path,
        base_url_override: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let bytes = std::fs::read(path).map_err(|e| {
            vec![
                Diagnostic::error(ErrorKind::Config, format!("cannot read site settings: {e}"))
                    .in_file(shown_as)
                    .with_help("every site needs content/site.yaml; `alianse new DIR` creates one"),
            ]
        })?;
        let text =
            String::from_utf8(bytes).map_err(|e| vec![Diagnostic::not_utf8(shown_as, &e)])?;
        let mut config = Config::from_text(&text, shown_as, base_url_override)?;
        config.site_root = path
            .parent()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Ok(config)
    }

    /// Reads and checks the text of `site.yaml` (`shown_as` names it in messages).
    pub fn from_text(
        text: &str,
        shown_as: &Path,
        base_url_override: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let mut config: Config = crate::yaml::parse_all(text, shown_as, 0)?;
        config.source = text.to_string();
        if let Some(url) = base_url_override {
            // Checked here, so that the message names the flag, not site.yaml.
            if let Err(why) = check_base_url(url) {
                return Err(vec![
                    Diagnostic::error(ErrorKind::Config, format!("--base-url `{url}` {why}"))
                        .with_help(BASE_URL_FLAG_HELP),
                ]);
            }
            config.base_url = url.to_string();
        }
        config.normalise();
        // Lines for later messages come from the parser, never a text search.
        let tree = crate::yaml::tree::parse(text, shown_as, 0).ok();
        if let Some(crate::yaml::tree::Value::Map(entries)) = tree.as_ref().map(|t| &t.value) {
            config.key_lines = entries
                .iter()
                .filter_map(|(k, _)| Some((k.as_key()?.to_string(), k.line)))
                .collect();
        }
        for (lang, items) in config.menu.iter_mut() {
            for (i, item) in items.iter_mut().enumerate() {
                item.line = menu_url_line(tree.as_ref(), lang, i);
            }
        }
        let problems = config.validate(shown_as, text);
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    fn normalise(&mut self) {
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
    }

    fn validate(&self, file: &Path, text: &str) -> Vec<Diagnostic> {
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
        for (name, segment) in [
            ("members", &self.collections.members),
            ("areas", &self.collections.areas),
            ("reports", &self.collections.reports),
            ("search", &self.collections.search),
            ("publications", &self.collections.publications),
            ("events", &self.collections.events),
        ] {
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

    /// The line of a top-level key of site.yaml (`theme` or `theme:`), as
    /// the parser read it; 0 if it is not written.
    pub fn line_containing(&self, key: &str) -> usize {
        self.key_lines
            .get(key.trim_end_matches(':'))
            .copied()
            .unwrap_or(0)
    }

    /// Language codes, the default first, then the others in name order.
    pub fn language_codes(&self) -> Vec<String> {
        let mut codes = vec![self.default_language.clone()];
        codes.extend(
            self.languages
                .keys()
                .filter(|c| **c != self.default_language)
                .cloned(),
        );
        codes
    }

    /// The path prefix of a language: "" for the default, "/en" for others.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// The site's path below the host: "/" or "/alianse/".
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    }

    /// The absolute URL of a site path (`/biedri/` → `https://example.org/biedri/`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.yaml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path, Path::new("content/site.yaml"), None)
    }

    const MINIMAL: &str = "title: T\nbase_url: https://example.org/sub\ndefault_language: lv\nlanguages:\n  lv: {name: Latviešu}\n";

    #[test]
    fn minimal_settings_get_defaults() {
        let c = parse(MINIMAL).unwrap();
        assert_eq!(c.base_url, "https://example.org/sub/");
        assert_eq!(c.base_path(), "/sub/");
        assert_eq!(c.absolute("/biedri/"), "https://example.org/sub/biedri/");
        assert_eq!(c.paginate, 10);
    }

    #[test]
    fn unknown_default_language_is_reported_with_its_line() {
        let errors =
            parse(&MINIMAL.replace("default_language: lv", "default_language: de")).unwrap_err();
        assert_eq!(errors[0].line, Some(3));
        assert!(errors[0].message.contains("`de`"));
    }
}
