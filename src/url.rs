//! The ground floor for URLs written by editors: which ones would run
//! script when followed. Used by Markdown rendering, site.yaml's menu and
//! the HTML policy; imports nothing from the crate.

/// Whether a URL would run script or load inline content when followed:
/// `javascript:`, `vbscript:` or `data:`, read the way browsers read URLs
/// (leading spaces and control characters dropped, tabs and newlines
/// anywhere ignored, the scheme in any case). Markdown has already decoded
/// character references such as `&#106;` by the time a URL gets here.
pub fn is_dangerous_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = url.contains(':');
    has_colon && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}
