//! Small HTML helpers shared by the phases: escaping, plain text of a
//! fragment, and the raw-HTML policy (sanitising with ammonia).

// How raw HTML written in Markdown is treated (`markdown.raw_html` in
// site.yaml); no doc comment, which would change site.schema.json.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    Escape,
    #[default]
    Sanitize,
    Allow,
}

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
///
/// Text between tags is kept, each `>` becomes a space, the five entities
/// are decoded one after the other (as successive replacements would) and
/// runs of white space become one space. Works on runs of bytes between
/// `<` and `>` (both ASCII, so never inside a character) rather than char
/// by char, and decodes only when there is an `&`.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut in_tag = false;
    while !rest.is_empty() {
        let found = if in_tag {
            memchr::memchr(b'>', rest.as_bytes())
        } else {
            memchr::memchr2(b'<', b'>', rest.as_bytes())
        };
        let Some(at) = found else {
            if !in_tag {
                out.push_str(rest);
            }
            break;
        };
        if !in_tag {
            out.push_str(&rest[..at]);
        }
        if rest.as_bytes()[at] == b'<' {
            in_tag = true;
        } else {
            in_tag = false;
            out.push(' ');
        }
        rest = &rest[at + 1..];
    }
    let decoded = if out.contains('&') {
        std::borrow::Cow::Owned(
            out.replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">"),
        )
    } else {
        std::borrow::Cow::Borrowed(out.as_str())
    };
    let mut text = String::with_capacity(decoded.len());
    for word in decoded.split_whitespace() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    text
}

/// Applies the raw-HTML policy to rendered Markdown: `sanitize` keeps safe
/// markup and drops scripts, event handlers and dangerous URLs; `escape`
/// was already applied while rendering; `allow` keeps everything.
pub fn apply_raw_html_policy(html: &str, policy: RawHtml, had_raw_html: bool) -> String {
    if policy == RawHtml::Sanitize && had_raw_html {
        shared_sanitiser().clean(html).to_string()
    } else {
        html.to_string()
    }
}

/// The sanitiser of `sanitize` mode, made once: building one costs about
/// as much as cleaning a short fragment (member descriptions are cleaned
/// one by one).
fn shared_sanitiser() -> &'static ammonia::Builder<'static> {
    static SANITISER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITISER.get_or_init(sanitiser)
}

/// The sanitiser of `sanitize` mode; `removed_html` reads its
/// lists to say what it removes.
pub(crate) fn sanitiser() -> ammonia::Builder<'static> {
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
        .link_rel(None)
        .attribute_filter(|_, attribute, value| {
            if attribute == "style" {
                allowed_style(value).map(std::borrow::Cow::Owned)
            } else {
                Some(std::borrow::Cow::Borrowed(value))
            }
        });
    builder
}

/// What is kept of a `style` attribute (allowed on table cells only): the
/// text alignment Markdown tables write, nothing else, so raw HTML cannot
/// cover the page or load anything from another host.
pub fn allowed_style(value: &str) -> Option<String> {
    let kept: Vec<String> = value
        .split(';')
        .filter_map(|declaration| {
            let (property, value) = declaration.split_once(':')?;
            let property = property.trim().to_ascii_lowercase();
            let value = value.trim().to_ascii_lowercase();
            (property == "text-align"
                && matches!(value.as_str(), "left" | "right" | "center" | "justify"))
            .then(|| format!("{property}: {value}"))
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join("; "))
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
    fn only_text_alignment_is_kept_of_inline_styles() {
        let html = r#"<table><tr><td style="position:fixed;inset:0;background:url(https://x.example/a.png)">a</td><td style="text-align: right">b</td></tr></table>"#;
        let clean = apply_raw_html_policy(html, RawHtml::Sanitize, true);
        assert!(
            !clean.contains("position") && !clean.contains("url("),
            "{clean}"
        );
        assert!(
            clean.contains(r#"<td style="text-align: right">b</td>"#),
            "{clean}"
        );
        assert!(clean.contains("<td>a</td>"), "{clean}");
    }

    #[test]
    fn tags_are_stripped() {
        assert_eq!(strip_tags("<p>A &amp; <b>B</b></p>"), "A & B");
    }

    /// The char-by-char version this replaced, kept to compare against.
    fn strip_tags_by_char(html: &str) -> String {
        let mut out = String::new();
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

    #[test]
    fn stripping_tags_agrees_with_the_char_by_char_version() {
        for html in [
            "",
            "plain",
            "a > b < c",
            "<p>Ā&amp;quot;ē</p>\n\t<em>x</em>>y<",
            "<a href=\"x\">līdz&nbsp;&lt;b&gt;</a>  \u{a0}z",
            "unclosed <tag and text",
            ">>><<<",
            "&amp;amp; &#39;q&#39; &quot;",
        ] {
            assert_eq!(strip_tags(html), strip_tags_by_char(html), "{html:?}");
        }
    }
}
