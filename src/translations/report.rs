//! How translation status is shown: a plain-text table grouped by section,
//! the one line `check` prints, and a stand-alone HTML page.

use super::{Status, TranslationStatus};
use crate::html::escape_attr;

fn counts(c: &super::Counts) -> String {
    msg!(
        "translations.counts",
        complete = c.complete,
        missing = c.missing,
        outdated = c.outdated
    )
    .to_string()
}

fn method(status: &TranslationStatus) -> String {
    if status.method == "git" {
        msg!("translations.method-git").to_string()
    } else {
        msg!("translations.method-updated").to_string()
    }
}

/// The status word shown in the table (the JSON keeps the English name).
fn status_word(status: Status) -> String {
    match status {
        Status::Complete => msg!("translations.status.complete"),
        Status::Missing => msg!("translations.status.missing"),
        Status::Outdated => msg!("translations.status.outdated"),
    }
    .to_string()
}

/// Sections with their counts; under each, the translations that are
/// missing or outdated.
pub(super) fn table(status: &TranslationStatus) -> String {
    let heading = msg!(
        "translations.heading",
        lang = &status.source_language,
        method = method(status)
    );
    let mut out = format!("{heading}\n");
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
                status_word(item.status),
                item.lang,
                item.item,
                item.file
            ));
        }
    }
    let total = msg!("translations.total", counts = counts(&status.totals));
    out.push_str(&format!("\n{total}\n"));
    out
}

/// `translations: 12 complete, 1 missing, 0 outdated (…)`.
pub(super) fn check_line(status: &TranslationStatus) -> String {
    let mut line = msg!("translations.check-line", counts = counts(&status.totals)).to_string();
    let open: Vec<String> = status
        .sections
        .iter()
        .filter(|s| s.counts.missing + s.counts.outdated > 0)
        .map(|s| {
            let mut parts = Vec::new();
            if s.counts.missing > 0 {
                parts.push(msg!("translations.missing", count = s.counts.missing).to_string());
            }
            if s.counts.outdated > 0 {
                parts.push(msg!("translations.outdated", count = s.counts.outdated).to_string());
            }
            format!("{}: {}", s.name, parts.join(", "))
        })
        .collect();
    if !open.is_empty() {
        let more = msg!("translations.check-open", open = open.join("; "));
        line.push_str(&format!(" {more}"));
    }
    line
}

/// A stand-alone page with one table per section.
pub(super) fn html(status: &TranslationStatus) -> String {
    let lang = crate::messages::current();
    let title = escape_attr(&msg!("translations.html.title").to_string());
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}}table{{border-collapse:collapse;width:100%;margin-bottom:2rem}}th,td{{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ccc}}.missing{{color:#a00000}}.outdated{{color:#7a4d00}}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n",
    );
    let intro = msg!(
        "translations.html.intro",
        lang = &status.source_language,
        method = method(status),
        counts = counts(&status.totals)
    );
    out.push_str(&format!("<p>{}</p>\n", escape_attr(&intro.to_string())));
    let head = |key: crate::messages::Message| escape_attr(&key.to_string());
    let (item_h, lang_h, status_h, file_h) = (
        head(msg!("translations.html.item")),
        head(msg!("translations.html.language")),
        head(msg!("translations.html.status")),
        head(msg!("translations.html.file")),
    );
    for section in &status.sections {
        out.push_str(&format!(
            "<h2>{}</h2>\n<p>{}</p>\n<table>\n<thead><tr><th scope=\"col\">{item_h}</th><th scope=\"col\">{lang_h}</th><th scope=\"col\">{status_h}</th><th scope=\"col\">{file_h}</th></tr></thead>\n<tbody>\n",
            escape_attr(&section.name),
            counts(&section.counts)
        ));
        for item in &section.items {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>\n",
                escape_attr(&item.item),
                escape_attr(&item.lang),
                item.status.name(),
                escape_attr(&status_word(item.status)),
                escape_attr(&item.file)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
