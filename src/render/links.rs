//! Rewrites root-relative links (`href="/biedri/"`) in rendered HTML so that
//! the output works on any host: relative to the page (any sub-path, and from
//! disk), or absolute for feeds and for 404 pages that hosts serve at any URL.

/// How root-relative links are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMode<'a> {
    /// Relative to the page at this site path (`/en/about/`); with `local`,
    /// folder links end in `index.html` so that output/ opens from disk.
    Relative { page_url: &'a str, local: bool },
    /// Prefixed with a base: the base path (`/alianse/`) for 404 pages, or
    /// the base URL (`https://example.org/`) for feeds.
    Prefixed(&'a str),
}

const ATTRIBUTES: [&str; 6] = ["href", "src", "action", "poster", "data-url", "srcset"];

/// Rewrites every `href`, `src`, `action` and `poster` attribute value that
/// starts with a single `/`.
pub fn rewrite(html: &str, mode: LinkMode) -> String {
    let bytes = rewrite_bytes(html.as_bytes(), mode);
    // Only whole attribute values are replaced, by text: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`rewrite`] on bytes, for rendered pages: the pattern and the paths it
/// writes are ASCII or whole values, so the text need not be validated
/// as UTF-8 again.
pub fn rewrite_bytes(html: &[u8], mode: LinkMode) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(i) = find_value_start(rest) {
        let before = &rest[..i];
        let is_link_attribute = ATTRIBUTES.iter().any(|a| {
            before.ends_with(a.as_bytes())
                && before[..before.len() - a.len()]
                    .last()
                    .is_some_and(u8::is_ascii_whitespace)
        });
        let value_start = i + 2;
        let value_len = rest[value_start..]
            .iter()
            .position(|&b| b == b'"')
            .unwrap_or(rest.len() - value_start);
        let value = &rest[value_start..value_start + value_len];
        out.extend_from_slice(&rest[..value_start]);
        match std::str::from_utf8(value) {
            Ok(text) if is_link_attribute && before.ends_with(b"srcset") => {
                convert_srcset(text, mode, &mut out);
            }
            Ok(text) if is_link_attribute && !text.starts_with("//") => {
                convert_into(text, mode, &mut out);
            }
            _ => out.extend_from_slice(value),
        }
        rest = &rest[value_start + value_len..];
    }
    out.extend_from_slice(rest);
    out
}

/// The index of the next `="/` in `html` (SIMD search with memchr).
fn find_value_start(html: &[u8]) -> Option<usize> {
    memchr::memmem::find(html, b"=\"/")
}

/// Converts each root-relative URL of a `srcset` list (`/a.webp 480w,
/// /b.webp 960w`) into `out`. The URLs of one list are usually files of
/// one folder: relative to a page, the folder is converted once and its
/// result reused for the next file in it (see [`name_never_compared`]).
fn convert_srcset(list: &str, mode: LinkMode, out: &mut Vec<u8>) {
    // The folder of the last URL converted, and where `out` holds what
    // it became.
    let mut last: Option<(&str, std::ops::Range<usize>)> = None;
    let mut rest = Some(list);
    while let Some(text) = rest {
        // `list.split(", ")`, and each candidate's `split_once(' ')`.
        let candidate = match comma_space(text) {
            Some(at) => {
                rest = Some(&text[at + 2..]);
                &text[..at]
            }
            None => {
                rest = None;
                text
            }
        };
        let (url, size) = match memchr::memchr(b' ', candidate.as_bytes()) {
            Some(at) => (&candidate[..at], Some(&candidate[at + 1..])),
            None => (candidate, None),
        };
        if url.starts_with('/') && !url.starts_with("//") {
            // In the folder of the last URL: its part as converted, then
            // the name.
            let reused = last.as_ref().and_then(|(folder, prefix)| {
                let name = url.strip_prefix(*folder)?;
                plain_name(name).then(|| (prefix.clone(), name))
            });
            match reused {
                Some((prefix, name)) => {
                    out.extend_from_within(prefix);
                    out.extend_from_slice(name.as_bytes());
                }
                None => {
                    let start = out.len();
                    convert_into(url, mode, out);
                    last = match mode {
                        LinkMode::Relative { page_url, .. } => {
                            reusable(page_url, url, &out[start..])
                                .map(|(folder, name)| (folder, start..out.len() - name.len()))
                        }
                        LinkMode::Prefixed(_) => None,
                    };
                }
            }
            if let Some(size) = size {
                out.push(b' ');
                out.extend_from_slice(size.as_bytes());
            }
        } else {
            out.extend_from_slice(candidate.as_bytes());
        }
        if rest.is_some() {
            out.extend_from_slice(b", ");
        }
    }
}

/// Where the first `, ` in `text` is.
fn comma_space(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b',', &bytes[from..]) {
        if bytes.get(from + i + 1) == Some(&b' ') {
            return Some(from + i);
        }
        from += i + 1;
    }
    None
}

/// A file name (not empty) with no folder, query or fragment.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && memchr::memchr3(b'/', b'#', b'?', name.as_bytes()).is_none()
}

/// `url`'s folder and name, when the rest of its list may reuse what its
/// folder became in `converted` (`url` relative to `page_url`).
fn reusable<'u>(page_url: &str, url: &'u str, converted: &[u8]) -> Option<(&'u str, &'u str)> {
    let slash = memchr::memrchr(b'/', url.as_bytes())?;
    let (folder, name) = url.split_at(slash + 1);
    let plain = plain_name(name) && memchr::memchr2(b'#', b'?', folder.as_bytes()).is_none();
    (plain && converted.ends_with(name.as_bytes()) && name_never_compared(page_url, folder))
        .then_some((folder, name))
}

/// Whether [`relative`], for the page at `page_url` and a file in
/// `folder`, never compares the file's name with a folder of the page:
/// then the file's relative URL is the folder's part followed by the name,
/// whatever the name. It is compared only when the page's folder lies
/// inside `folder` (all of `folder`'s parts match, and the page's folder
/// has more).
fn name_never_compared(page_url: &str, folder: &str) -> bool {
    let dir = &page_url[..page_url.rfind('/').map(|i| i + 1).unwrap_or(0)];
    let mut dir_parts = dir.split('/').filter(|s| !s.is_empty());
    for part in folder.split('/').filter(|s| !s.is_empty()) {
        if dir_parts.next() != Some(part) {
            return true;
        }
    }
    dir_parts.next().is_none()
}

/// Converts one root-relative path according to `mode`.
pub fn convert(path: &str, mode: LinkMode) -> String {
    let mut out = Vec::with_capacity(path.len() + 16);
    convert_into(path, mode, &mut out);
    // Only ASCII and whole parts of UTF-8 `path` and of the prefix are written.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`convert`], appended to `out` (every link of every page comes through
/// here: no string of its own).
fn convert_into(path: &str, mode: LinkMode, out: &mut Vec<u8>) {
    match mode {
        // The prefix comes from `base_url`; the result lands inside an
        // attribute value, so it is escaped like any other text there.
        LinkMode::Prefixed(prefix) => {
            out.extend_from_slice(
                crate::html::escape_attr(prefix.trim_end_matches('/')).as_bytes(),
            );
            out.extend_from_slice(path.as_bytes());
        }
        LinkMode::Relative { page_url, local } => relative(page_url, path, local, out),
    }
}

/// `target` relative to the folder of `page_url`, appended to `out`,
/// without collecting either path's parts.
fn relative(page_url: &str, target: &str, local: bool, out: &mut Vec<u8>) {
    let (path, suffix) = match target
        .as_bytes()
        .iter()
        .position(|&b| b == b'#' || b == b'?')
    {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    // The folder the page's file is in: "/en/about/" → ["en", "about"];
    // "/404.html" → [].
    let dir = &page_url[..page_url.rfind('/').map(|i| i + 1).unwrap_or(0)];
    let mut target_parts = path.split('/').filter(|s| !s.is_empty()).peekable();
    let mut shared = true;
    let mut up = 0;
    for part in dir.split('/').filter(|s| !s.is_empty()) {
        if shared && target_parts.peek() == Some(&part) {
            target_parts.next();
        } else {
            shared = false;
            up += 1;
        }
    }
    let is_folder = path.ends_with('/');
    let start = out.len();
    for _ in 0..up {
        out.extend_from_slice(b"../");
    }
    let mut rest = false;
    for (i, part) in target_parts.enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        out.extend_from_slice(part.as_bytes());
        rest = true;
    }
    if is_folder && rest {
        out.push(b'/');
    }
    if is_folder && local {
        out.extend_from_slice(b"index.html");
    } else if out.len() == start {
        out.extend_from_slice(b"./");
    }
    out.extend_from_slice(suffix.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(page: &str, target: &str) -> String {
        convert(
            target,
            LinkMode::Relative {
                page_url: page,
                local: false,
            },
        )
    }

    fn local(page: &str, target: &str) -> String {
        convert(
            target,
            LinkMode::Relative {
                page_url: page,
                local: true,
            },
        )
    }

    #[test]
    fn links_become_relative_to_the_page() {
        assert_eq!(rel("/en/about/", "/en/members/"), "../members/");
        assert_eq!(rel("/en/about/", "/style.css"), "../../style.css");
        assert_eq!(rel("/", "/biedri/x/"), "biedri/x/");
        assert_eq!(rel("/biedri/", "/biedri/"), "./");
        assert_eq!(rel("/biedri/x/", "/biedri/#a"), "../#a");
        assert_eq!(rel("/404.html", "/biedri/"), "biedri/");
        assert_eq!(local("/en/", "/en/members/"), "members/index.html");
        assert_eq!(local("/en/", "/"), "../index.html");
        assert_eq!(rel("/a/b/", "/a/b/c.png"), "c.png");
        assert_eq!(rel("/a/b/x.html", "/x/y/z.webp"), "../../x/y/z.webp");
        assert_eq!(rel("/a/b/", "/a/?q=1"), "../?q=1");
        assert_eq!(rel("/", "/"), "./");
    }

    #[test]
    fn a_srcset_converts_as_its_urls_one_by_one() {
        let lists = [
            "/i/a.webp 480w, /i/b.webp 960w, /j/c.webp 1600w, /j/d.webp",
            "/i/a.webp 1w, /i/x 2w",
            "/i/x/a.webp 1w, /i/x/b.webp 2w",
            "/i/a.webp?v=1 1w, /i/b.webp#x 2w, //cdn/c.webp 3w, d.webp 4w, /i/ 5w",
            "/i/a,b.webp 1w,/i/c.webp 2w, , /i/d.webp",
            "",
        ];
        for page in ["/", "/i/", "/i/x/", "/i/x/y/", "/n/p/", "/404.html"] {
            for list in lists {
                let mut out = Vec::new();
                let mode = LinkMode::Relative {
                    page_url: page,
                    local: true,
                };
                convert_srcset(list, mode, &mut out);
                let one_by_one: Vec<String> = list
                    .split(", ")
                    .map(|c| match c.split_once(' ') {
                        Some((url, size)) if url.starts_with('/') && !url.starts_with("//") => {
                            format!("{} {size}", convert(url, mode))
                        }
                        None if c.starts_with('/') => convert(c, mode),
                        _ => c.to_string(),
                    })
                    .collect();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    one_by_one.join(", "),
                    "{page} {list}"
                );
            }
        }
    }

    #[test]
    fn only_link_attributes_change() {
        let html = r#"<a href="/a/">x</a> <img src="/i.png" alt=""> <a href="//cdn/x">y</a> <meta content="/x"> <a title="/t">"#;
        let out = rewrite(
            html,
            LinkMode::Relative {
                page_url: "/b/",
                local: false,
            },
        );
        assert_eq!(
            out,
            r#"<a href="../a/">x</a> <img src="../i.png" alt=""> <a href="//cdn/x">y</a> <meta content="/x"> <a title="/t">"#
        );
        let out = rewrite(
            r#"<img srcset="/i/a.webp 480w, /i/b.webp 960w" src="/i/b.jpg">"#,
            LinkMode::Relative {
                page_url: "/jaunumi/x/",
                local: false,
            },
        );
        assert_eq!(
            out,
            r#"<img srcset="../../i/a.webp 480w, ../../i/b.webp 960w" src="../../i/b.jpg">"#
        );
        let out = rewrite(
            r#"<a href="/a/">"#,
            LinkMode::Prefixed("https://e.org/sub/"),
        );
        assert_eq!(out, r#"<a href="https://e.org/sub/a/">"#);
        let out = rewrite(
            r#"<img src="/a.png">"#,
            LinkMode::Prefixed("https://e.org/\"><x onerror=1 a&b/"),
        );
        assert_eq!(
            out,
            r#"<img src="https://e.org/&quot;&gt;&lt;x onerror=1 a&amp;b/a.png">"#
        );
    }
}
