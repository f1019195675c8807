//! The bodies of the fuzz targets, shared by `cargo fuzz` (fuzz_targets/*.rs)
//! and the stable-Rust smoke test (tests/fuzz_smoke.rs), which includes this
//! file with `#[path]`. Each target takes arbitrary bytes, must never panic,
//! and checks the invariants alianse promises about untrusted input.
#![allow(dead_code)]

use std::path::Path;

use alianse::collections::areas::Area;
use alianse::collections::members::Member;
use alianse::collections::reports::{Band, LoadedReport, Report};
use alianse::collections::{self, SiteData};
use alianse::config::Config;
use alianse::content::markdown::{self, MarkdownSettings};
use alianse::content::{self, LoadOptions};
use alianse::data;
use alianse::error::Diagnostic;
use alianse::html::RawHtml;
use alianse::render::links::{self, LinkMode};

const SITE: &str = "title: {lv: Fuzz, en: Fuzz}\nbase_url: https://example.org/sub/\ndefault_language: lv\nlanguages:\n  lv: {name: Latviešu}\n  en: {name: English}\n";

const AREAS: &str = "- id: lidzdaliba\n  name: {lv: Līdzdalība, en: Participation}\n- id: izglitiba\n  name: Izglītība\n";

/// Every diagnostic must format, and name a line that exists if it quotes one.
fn check_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let text = d.to_string();
        assert!(text.starts_with("error: ") || text.starts_with("warning: "));
        if d.source_line.is_some() {
            assert!(d.line.is_some(), "a quoted source line needs a line number");
        }
    }
}

fn load_options(raw_html: RawHtml) -> LoadOptions<'static> {
    LoadOptions {
        content_dir: Path::new("/nonexistent/content"),
        shown_dir: Path::new("content"),
        languages: vec!["lv".to_string(), "en".to_string()],
        default_language: "lv",
        markdown: MarkdownSettings {
            smart_punctuation: true,
            raw_html,
            text_limit: 2000,
            ..MarkdownSettings::default()
        },
        drafts: false,
    }
}

/// Front matter splitting and parsing, as for a page file.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((yaml, body, body_line)) = content::split_front_matter(text) {
        assert!(body_line >= 3);
        assert!(yaml.len() + body.len() <= text.len());
    }
    for rel in ["a.md", "jaunumi/_index.en.md"] {
        match content::parse_page(rel, text.to_string(), &load_options(RawHtml::Sanitize)) {
            Ok(Some(page)) => {
                assert!(!page.front.title.trim().is_empty());
                assert!(page.body_line >= 3);
            }
            Ok(None) => {}
            Err(problems) => {
                assert!(!problems.is_empty());
                check_diagnostics(&problems);
            }
        }
    }
}

/// Whether an attribute value would run script, the way a browser reads it.
fn decoded_scheme_is_dangerous(value: &str) -> bool {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        decoded.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find(';') {
            Some(end) if end <= 10 => {
                let entity = &after[..end];
                let c = if let Some(hex) = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok().and_then(char::from_u32)
                } else {
                    match entity {
                        "amp" => Some('&'),
                        "colon" => Some(':'),
                        "tab" => Some('\t'),
                        "newline" => Some('\n'),
                        "quot" => Some('"'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        _ => None,
                    }
                };
                match c {
                    Some(c) => decoded.push(c),
                    None => decoded.push_str(&rest[i..i + 2 + end]),
                }
                rest = &after[end + 1..];
            }
            _ => {
                decoded.push('&');
                rest = after;
            }
        }
    }
    decoded.push_str(rest);
    alianse::url::is_dangerous_url(&decoded)
}

/// No script in HTML made under `escape` or `sanitize`: no script elements,
/// no event handler attributes, no script URLs in links or sources.
pub fn assert_no_script(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script element in {html}");
    // Attributes are written as ` name="value"`.
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(found) = lower[i..].find("=\"") {
        let eq = i + found;
        let name_start = lower[..eq]
            .rfind(|c: char| c.is_ascii_whitespace() || c == '<')
            .map(|p| p + 1)
            .unwrap_or(0);
        let name = &lower[name_start..eq];
        let value_end = lower[eq + 2..]
            .find('"')
            .map(|p| eq + 2 + p)
            .unwrap_or(lower.len());
        let value = &html[eq + 2..value_end];
        // Only inside a tag: the last `<` before the name is after the last `>`.
        let in_tag = lower[..name_start].rfind('<') > lower[..name_start].rfind('>');
        if in_tag {
            assert!(
                !(name.starts_with("on") && name.len() > 2 && bytes[name_start] == b'o'),
                "event handler `{name}` in {html}"
            );
            if matches!(
                name,
                "href" | "src" | "action" | "formaction" | "poster" | "data" | "xlink:href"
            ) {
                assert!(
                    !decoded_scheme_is_dangerous(value),
                    "script URL `{value}` in {html}"
                );
            }
        }
        i = value_end.min(lower.len());
        if i >= lower.len() {
            break;
        }
        i += 1;
    }
}

fn config(raw_html: RawHtml) -> Config {
    let mut config = Config::from_text(SITE, Path::new("content/site.yaml"), None)
        .expect("the fuzz site settings are valid");
    config.markdown.raw_html = raw_html;
    config
}

/// Markdown rendering in every raw-HTML mode, then link resolution on a
/// small site and the link rewriting the render phase does.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for mode in [RawHtml::Escape, RawHtml::Sanitize, RawHtml::Allow] {
        let settings = MarkdownSettings {
            smart_punctuation: true,
            raw_html: mode,
            text_limit: 2000,
            ..MarkdownSettings::default()
        };
        let rendered = markdown::render(text, &settings);
        let lines = text.lines().count().max(1) + 1;
        for link in &rendered.links {
            assert!(link.line >= 1 && link.line <= lines);
            assert!(link.column >= 1);
        }
        for heading in &rendered.headings {
            assert!(!heading.id.is_empty());
        }
        let _ = markdown::table_of_contents(&rendered.headings);

        let options = load_options(mode);
        let source = format!("---\ntitle: Fuzz\n---\n{text}");
        let page = match content::parse_page("jaunumi/fuzz.md", source, &options) {
            Ok(Some(page)) => page,
            Ok(None) => continue,
            Err(problems) => {
                check_diagnostics(&problems);
                continue;
            }
        };
        let other = content::parse_page(
            "kontakti.md",
            "---\ntitle: Kontakti\n---\n## Adrese\n\nTeksts.\n".to_string(),
            &options,
        )
        .expect("valid page")
        .expect("not a draft");
        let data = SiteData {
            areas: data::parse_list(AREAS, Path::new("content/data/areas.yaml"), &mut Vec::new()),
            ..SiteData::default()
        };
        let (site, problems) = alianse::site::resolve(
            config(mode),
            vec![page, other],
            data,
            &["logo.png".to_string()],
        );
        check_diagnostics(&problems);
        for page in &site.pages {
            assert!(page.url.starts_with('/') && page.url.ends_with('/'));
            assert!(alianse::paths::is_safe_relative(
                &alianse::paths::output_path(&page.url)
            ));
            for mode_links in [
                LinkMode::Relative {
                    page_url: &page.url,
                    local: false,
                },
                LinkMode::Relative {
                    page_url: &page.url,
                    local: true,
                },
                LinkMode::Prefixed("https://example.org/sub/"),
            ] {
                let html = links::rewrite(&page.html, mode_links);
                if mode != RawHtml::Allow {
                    assert_no_script(&html);
                }
            }
        }
    }
}

fn areas_data(problems: &mut Vec<Diagnostic>) -> Vec<Area> {
    data::parse_list(AREAS, Path::new("content/data/areas.yaml"), problems)
}

fn validate(data: &SiteData, file: &str, text: &str) -> Vec<Diagnostic> {
    let mut sources = data::SourceTexts::new();
    sources.insert(file.into(), text.to_string());
    collections::validate(data, Path::new("/nonexistent/static"), &sources)
}

/// `data/members.yaml`.
pub fn members(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = "content/data/members.yaml";
    let mut problems = Vec::new();
    let members: Vec<Member> = data::parse_list(text, Path::new(file), &mut problems);
    check_diagnostics(&problems);
    let site_data = SiteData {
        members,
        members_file: file.into(),
        areas: areas_data(&mut problems),
        areas_file: "content/data/areas.yaml".into(),
        ..SiteData::default()
    };
    check_diagnostics(&validate(&site_data, file, text));
}

/// `data/areas.yaml`.
pub fn areas(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = "content/data/areas.yaml";
    let mut problems = Vec::new();
    let areas: Vec<Area> = data::parse_list(text, Path::new(file), &mut problems);
    check_diagnostics(&problems);
    let site_data = SiteData {
        areas,
        areas_file: file.into(),
        ..SiteData::default()
    };
    check_diagnostics(&validate(&site_data, file, text));
}

/// `data/reports/YEAR.yaml`.
pub fn report(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = "content/data/reports/2023.yaml";
    match alianse::yaml::parse::<Report>(text, Path::new(file), 0) {
        Ok(report) => {
            let site_data = SiteData {
                reports: vec![LoadedReport {
                    report,
                    file: file.into(),
                }],
                ..SiteData::default()
            };
            check_diagnostics(&validate(&site_data, file, text));
        }
        Err(d) => check_diagnostics(&[d]),
    }
}

/// `data/reports/_bands.yaml`.
pub fn bands(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut problems = Vec::new();
    let bands: Vec<Band> = data::parse_list(
        text,
        Path::new("content/data/reports/_bands.yaml"),
        &mut problems,
    );
    check_diagnostics(&problems);
    let site_data = SiteData {
        bands,
        ..SiteData::default()
    };
    for score in [1.0, 2.55, 3.05, 7.0, f64::NAN] {
        let _ = site_data.band_for(score);
    }
}

/// `content/site.yaml`.
pub fn site_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::from_text(text, Path::new("content/site.yaml"), None) {
        Ok(config) => {
            let codes = config.language_codes();
            assert!(codes.contains(&config.default_language));
            for code in &codes {
                let prefix = config.lang_prefix(code);
                assert!(prefix.is_empty() || prefix.starts_with('/'));
            }
            let _ = config.base_path();
            let _ = config.absolute("/biedri/");
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            check_diagnostics(&problems);
        }
    }
}
