//! The folder the news feed is made from (`feeds.section`) must be a
//! folder of content/: otherwise every language's feed is empty while the
//! theme links to it. Named in site.yaml, a missing folder is an error;
//! left at the default (`jaunumi`) on a site whose news live elsewhere, a
//! warning naming the folder that has dated pages.

use crate::error::{Diagnostic, ErrorKind, did_you_mean};
use crate::site::Site;

/// The problem with `feeds.section`, if the site has no pages under it.
pub(crate) fn check(site: &Site) -> Option<Diagnostic> {
    let feeds = &site.config.feeds;
    let folder = feeds.section.as_str();
    let under = format!("{folder}/");
    let has_pages = site.pages.iter().any(|p| {
        let f = p.source.folder();
        f == folder || f.starts_with(&under)
    });
    if !feeds.enabled || has_pages {
        return None;
    }
    // Sections whose pages have dates: where news could be.
    let mut dated: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| p.source.is_section && !p.synthetic && !p.source.folder().is_empty())
        .filter(|p| {
            p.children
                .iter()
                .any(|&c| site.pages[c].source.date.is_some())
        })
        .map(|p| p.source.folder())
        .collect();
    dated.sort_unstable();
    dated.dedup();
    let suggestion = did_you_mean(folder, dated.iter().copied()).or(dated.first().copied());
    let line = section_line(&site.config.source, site.config.line_containing("feeds"));
    let d = match line {
        Some(line) => {
            Diagnostic::error(ErrorKind::Config, msg!("feeds.no-section", folder = folder))
                .at(line, 0)
                .with_source(&site.config.source)
        }
        // The default folder: only worth a word when news are elsewhere.
        None => Diagnostic::warning(
            ErrorKind::Config,
            msg!("feeds.no-default-section", folder = folder),
        ),
    };
    let help = match (suggestion, line) {
        (Some(best), Some(_)) => msg!("feeds.no-section-did-you-mean", best = best),
        (Some(best), None) => msg!("feeds.no-default-section-help", best = best),
        (None, Some(_)) => msg!("feeds.no-section-help"),
        (None, None) => return None,
    };
    Some(d.in_file("content/site.yaml").with_help(help))
}

/// The line of `section` inside the `feeds` block of site.yaml that starts
/// at line `feeds` (1-based; 0 when site.yaml has no `feeds`), if it names
/// one.
fn section_line(source: &str, feeds: usize) -> Option<usize> {
    let start = feeds.checked_sub(1)?;
    let mut lines = source.lines().enumerate().skip(start);
    let (i, first) = lines.next()?;
    if first.contains("section") {
        return Some(i + 1);
    }
    lines
        .take_while(|(_, l)| l.starts_with([' ', '\t']) || l.trim().is_empty())
        .find(|(_, l)| l.trim_start().starts_with("section"))
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::section_line;

    #[test]
    fn the_section_line_is_found_in_flow_and_block_style() {
        let flow = "title: A\nfeeds: {section: news}\n";
        assert_eq!(section_line(flow, 2), Some(2));
        let block = "feeds:\n  content: full\n  section: news\nsearch: {}\n";
        assert_eq!(section_line(block, 1), Some(3));
        let without = "feeds:\n  content: full\nsection_like: x\n";
        assert_eq!(section_line(without, 1), None);
        assert_eq!(section_line(flow, 0), None);
    }
}
