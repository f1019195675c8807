//! Small HTML helpers shared by the phases: escaping, plain text of a
//! fragment, and the raw-HTML policy (sanitising with ammonia).

use crate::config::RawHtml;

/// Escapes text for an HTML attribute value or text node.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Plain text of a bit of HTML, for meta descriptions.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Applies the raw-HTML policy to rendered Markdown: `sanitize` keeps safe
/// markup and drops scripts, event handlers and dangerous URLs; `escape`
/// was already applied while rendering; `allow` keeps everything.
pub fn apply_raw_html_policy(html: &str, policy: RawHtml, had_raw_html: bool) -> String {
    if policy == RawHtml::Sanitize && had_raw_html {
        sanitiser().clean(html).to_string()
    } else {
        html.to_string()
    }
}

fn sanitiser() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class", "lang", "dir", "title"])
        .add_tags([
            "input",
            "sup",
            "section",
            "figure",
            "figcaption",
            "details",
            "summary",
            "mark",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None);
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitiser_drops_scripts_and_handlers() {
        let html =
            r#"<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">l</a></p>"#;
        let clean = apply_raw_html_policy(html, RawHtml::Sanitize, true);
        assert!(
            !clean.contains("script")
                && !clean.contains("onclick")
                && !clean.contains("javascript:")
        );
        assert!(clean.contains("<p>a"));
    }

    #[test]
    fn tags_are_stripped() {
        assert_eq!(strip_tags("<p>A &amp; <b>B</b></p>"), "A & B");
    }
}
