//! How translation status is shown: a plain-text table grouped by section,
//! the one line `check` prints, and a stand-alone HTML page.

use super::{Status, TranslationStatus};
use crate::html::escape_attr;

fn counts(c: &super::Counts) -> String {
    format!(
        "{} complete, {} missing, {} outdated",
        c.complete, c.missing, c.outdated
    )
}

fn method(status: &TranslationStatus) -> &'static str {
    if status.method == "git" {
        "outdated: the source changed in git after the translation"
    } else {
        "outdated: the source's `updated:` is later than the translation's; not a git repository"
    }
}

/// Sections with their counts; under each, the translations that are
/// missing or outdated.
pub fn table(status: &TranslationStatus) -> String {
    let mut out = format!(
        "translation status (source language {}; {})\n",
        status.source_language,
        method(status)
    );
    for section in &status.sections {
        out.push_str(&format!(
            "\n{}: {}\n",
            section.name,
            counts(&section.counts)
        ));
        for item in section
            .items
            .iter()
            .filter(|i| i.status != Status::Complete)
        {
            out.push_str(&format!(
                "  {:<8}  {}  {}  ({})\n",
                item.status.name(),
                item.lang,
                item.item,
                item.file
            ));
        }
    }
    out.push_str(&format!("\ntotal: {}\n", counts(&status.totals)));
    out
}

/// `translations: 12 complete, 1 missing, 0 outdated (…)`.
pub fn check_line(status: &TranslationStatus) -> String {
    let mut line = format!("translations: {}", counts(&status.totals));
    let open: Vec<String> = status
        .sections
        .iter()
        .filter(|s| s.counts.missing + s.counts.outdated > 0)
        .map(|s| {
            let mut parts = Vec::new();
            if s.counts.missing > 0 {
                parts.push(format!("{} missing", s.counts.missing));
            }
            if s.counts.outdated > 0 {
                parts.push(format!("{} outdated", s.counts.outdated));
            }
            format!("{}: {}", s.name, parts.join(", "))
        })
        .collect();
    if !open.is_empty() {
        line.push_str(&format!(
            " ({}); `alianse translations` lists them",
            open.join("; ")
        ));
    }
    line
}

/// A stand-alone page with one table per section.
pub fn html(status: &TranslationStatus) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Translation status</title>\n<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%;margin-bottom:2rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ccc}.missing{color:#a00000}.outdated{color:#7a4d00}</style>\n</head>\n<body>\n<main>\n<h1>Translation status</h1>\n",
    );
    out.push_str(&format!(
        "<p>Source language: {}. {}. Total: {}.</p>\n",
        escape_attr(&status.source_language),
        escape_attr(method(status)),
        counts(&status.totals)
    ));
    for section in &status.sections {
        out.push_str(&format!(
            "<h2>{}</h2>\n<p>{}</p>\n<table>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Language</th><th scope=\"col\">Status</th><th scope=\"col\">File</th></tr></thead>\n<tbody>\n",
            escape_attr(&section.name),
            counts(&section.counts)
        ));
        for item in &section.items {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>\n",
                escape_attr(&item.item),
                escape_attr(&item.lang),
                item.status.name(),
                item.status.name(),
                escape_attr(&item.file)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
