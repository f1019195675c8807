//! `content/site.yaml`: the site's settings, read strictly (unknown keys are
//! errors with a suggestion) and checked for values that cannot work.

pub mod cms;
mod validate;

use crate::messages::Message;
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, ErrorKind};
use crate::html::RawHtml;
use crate::i18n::LocalisedText;
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

impl Collections {
    /// Every segment with its key in site.yaml, for the checks.
    pub fn all(&self) -> Vec<(&'static str, &LocalisedText)> {
        vec![
            ("members", &self.members),
            ("areas", &self.areas),
            ("reports", &self.reports),
            ("search", &self.search),
            ("publications", &self.publications),
            ("events", &self.events),
        ]
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
pub fn base_url_flag_help() -> Message {
    msg!("config.base-url-flag-help")
}

/// Checks that `url` can be the site's base address: an absolute `http` or
/// `https` URL with a host, no user name, query or fragment, and none of the
/// characters that could end an HTML attribute or an XML value or fool a
/// reader (quotes, `<`, `>`, backslash, backquote, braces, `|`, `^`,
/// spaces, control or bidi characters). Returns what is wrong, worded to
/// follow "base_url `…`".
///
/// Every place that writes the base URL also escapes it; this check makes
/// sure that the escaping never has anything to do.
pub fn check_base_url(url: &str) -> Result<(), Message> {
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
        return Err(msg!("config.url-character", character = shown));
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(msg!("config.url-not-absolute"));
    }
    let parsed = url::Url::parse(url)
        .map_err(|e| msg!("config.url-not-absolute-because", error = e.to_string()))?;
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    if parsed.host_str().is_none_or(str::is_empty) || after_scheme.starts_with('/') {
        return Err(msg!("config.url-no-host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(msg!("config.url-user"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(msg!("config.url-query"));
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
                Diagnostic::error(
                    ErrorKind::Config,
                    msg!("config.cannot-read", error = e.to_string()),
                )
                .in_file(shown_as)
                .with_help(msg!("config.cannot-read-help")),
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
                    Diagnostic::error(
                        ErrorKind::Config,
                        msg!("cli.base-url-flag", url = url, why = why),
                    )
                    .with_help(base_url_flag_help()),
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
