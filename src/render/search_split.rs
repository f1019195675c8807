//! The search page in pieces: its list of every page of a language (one
//! entry per page, 10,000 on a large site) is rendered once, kept entry by
//! entry, and after an edit only the entries of the edited pages are
//! rendered again and joined with the kept rest of the page ("the frame").
//!
//! This works when search.html loops over `pages` in one place, as the
//! default theme does: `{% for p in pages %}BODY{% endfor %}`, with `pages`
//! otherwise only tested (`{% if pages %}`), and BODY free of anything that
//! depends on the entry's place (`loop.`, `break`, `continue`, `set`,
//! blocks, includes). Two templates are made from search.html's text
//! ([`Split::of`]): the frame, with the loop replaced by a marker, and the
//! entries, the loop alone with a separator before each entry. A theme
//! whose search.html does anything else is rendered whole, as in a build.
//! The first page made in pieces with a renderer is also rendered whole and
//! compared: pieces that differ are not used again with that renderer.
//! Only `serve` splits the page ([`Renderer::with_search_in_pieces`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

use tera::{Context, Tera, Value};

use super::context::LanguageData;
use super::{Renderer, limits};

/// The template of search.html's text with its list replaced by [`MARK`].
pub(super) const FRAME: &str = "@alianse/search-frame.html";
/// The template of the list's entries alone, each after [`SEP`].
pub(super) const ENTRIES: &str = "@alianse/search-entries.html";
/// Stands for the list in the frame's output.
pub(super) const MARK: &str = "\u{1}alianse-search-entries\u{1}";
/// Comes before each entry in the entries' output.
pub(super) const SEP: char = '\u{2}';

/// How search.html splits into a frame and entries.
pub(super) struct Split {
    /// The two templates' text: (frame, entries).
    pub frame: String,
    pub entries: String,
    /// The entries read nothing but their page's entry (and functions):
    /// they stay as they are when `site` or `data` change.
    pub context_free: bool,
    /// 0: not yet compared with the page rendered whole; 1: the same;
    /// 2: different (pieces are not used).
    verified: AtomicU8,
}

/// A tag of a template's text: the byte range of the whole tag, its kind
/// (`%` or `{`) and its inner text without the `-` marks.
pub(super) struct Tag<'t> {
    pub start: usize,
    pub end: usize,
    pub kind: u8,
    pub inner: &'t str,
}

/// The `{{ }}` and `{% %}` tags of `text` (comments skipped); `None` for an
/// unclosed tag.
pub(super) fn tags(text: &str) -> Option<Vec<Tag<'_>>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| i + from) {
        let close = match text.as_bytes().get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let end = text[open + 2..].find(close)? + open + 2 + 2;
        let kind = text.as_bytes()[open + 1];
        if kind != b'#' {
            let inner =
                text[open + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
            found.push(Tag {
                start: open,
                end,
                kind,
                inner,
            });
        }
        from = end;
    }
    Some(found)
}

pub(super) fn first_word(inner: &str) -> &str {
    inner.split_whitespace().next().unwrap_or("")
}

pub(super) fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The words of a tag's text outside string literals, each with the
/// character before and after it (`' '` at the ends).
pub(super) fn words(inner: &str) -> Vec<(char, &str, char)> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut start: Option<usize> = None;
    for (i, c) in inner.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if is_ident(c) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            out.push((word_before(inner, s), &inner[s..i], c));
        }
        if matches!(c, '"' | '\'' | '`') {
            quote = Some(c);
        }
    }
    if let Some(s) = start {
        out.push((word_before(inner, s), &inner[s..], ' '));
    }
    out
}

/// The last non-space character before byte `at` of `inner`.
fn word_before(inner: &str, at: usize) -> char {
    inner[..at].trim_end().chars().last().unwrap_or(' ')
}

/// Words that are not variables.
pub(super) const KEYWORDS: [&str; 14] = [
    "and", "or", "not", "in", "is", "if", "elif", "else", "endif", "for", "endfor", "true",
    "false", "none",
];

impl Split {
    /// The split of search.html's `text`, if it has the one simple loop
    /// over `pages` described above.
    pub(super) fn of(text: &str) -> Option<Split> {
        if text.contains("raw %}") || text.contains("raw -%}") {
            return None;
        }
        let tags = tags(text)?;
        if tags.iter().any(|t| {
            t.kind == b'%' && matches!(first_word(t.inner), "component" | "macro" | "import")
        }) {
            return None;
        }
        let names_pages = |t: &Tag| {
            words(t.inner)
                .iter()
                .any(|(b, w, _)| *w == "pages" && *b != '.')
        };
        let mut looping = None;
        for (k, t) in tags.iter().enumerate().filter(|(_, t)| names_pages(t)) {
            let parts: Vec<&str> = t.inner.split_whitespace().collect();
            match (t.kind, parts.as_slice()) {
                (b'%', ["if", "pages"]) => {}
                (b'%', ["for", v, "in", "pages"])
                    if looping.is_none() && v.chars().all(is_ident) =>
                {
                    looping = Some((k, *v));
                }
                _ => return None,
            }
        }
        let (open, var) = looping?;
        let close = matching_endfor(&tags, open)?;
        let body_tags = &tags[open + 1..close];
        if !body_is_free_of_place(body_tags) {
            return None;
        }
        let context_free = body_tags.iter().all(|t| reads_only(t.inner, var));
        let (frame, entries) = super::area_split::cut_loop(text, &tags[open], &tags[close]);
        Some(Split {
            frame,
            entries,
            context_free,
            verified: AtomicU8::new(0),
        })
    }

    /// Adds the templates of search.html in pieces to `tera` when its text
    /// splits ([`search_split::Split`]); Tera as it was when they do not parse.
    pub(super) fn add_to(tera: &mut Tera, sources: &[(String, String)]) -> Option<Split> {
        let (_, text) = sources.iter().find(|(name, _)| name == "search.html")?;
        let split = Split::of(text)?;
        let names = [FRAME, ENTRIES];
        if names.iter().any(|n| tera.contains_template(n)) {
            return None;
        }
        let mut with_split = tera.clone();
        with_split
            .add_raw_templates([(names[0], &split.frame), (names[1], &split.entries)])
            .ok()?;
        *tera = with_split;
        Some(split)
    }
}

/// The tag that closes the `for` tag at `open`; `None` when the loop has
/// an `else` or is not closed.
pub(super) fn matching_endfor(tags: &[Tag], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in tags.iter().enumerate().skip(open + 1) {
        if t.kind != b'%' {
            continue;
        }
        match first_word(t.inner) {
            "for" => depth += 1,
            "endfor" if depth == 0 => return Some(k),
            "endfor" => depth -= 1,
            "else" if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Whether the loop's body renders the same wherever its entry stands.
pub(super) fn body_is_free_of_place(body: &[Tag]) -> bool {
    body.iter().all(|t| {
        let first = first_word(t.inner);
        let place = t.kind == b'%'
            && matches!(
                first,
                "break" | "continue" | "set" | "set_global" | "block" | "include" | "extends"
            );
        !place
            && !words(t.inner)
                .iter()
                .any(|(b, w, _)| *w == "loop" && *b != '.')
    })
}

/// Whether a tag reads no variable but `var` (functions, filters, fields
/// and literals aside).
fn reads_only(inner: &str, var: &str) -> bool {
    if inner.contains('<') {
        // A component call, or a comparison: not looked into.
        return false;
    }
    words(inner).iter().all(|&(before, w, after)| {
        w == var
            || KEYWORDS.contains(&w)
            || w.chars().next().is_some_and(|c| c.is_ascii_digit())
            || matches!(before, '.' | '|')
            || after == '('
            || (after == '=' && !inner.contains("=="))
    })
}

/// The search page's pieces as last rendered, kept by `serve` with a
/// language's views.
pub struct SearchPieces {
    /// The views the frame (and, unless the entries are context free, the
    /// entries) were made with; compared by identity.
    site: Value,
    data: Value,
    /// The frame's output before and after the list.
    head: Vec<u8>,
    tail: Vec<u8>,
    /// Each entry's output with the page entry it was made from, in order.
    entries: Vec<(Value, Vec<u8>)>,
}

/// Where `serve` keeps a language's [`SearchPieces`]; empty in a build.
#[derive(Default)]
pub struct SearchKeep {
    pub(super) kept: Mutex<Option<SearchPieces>>,
}

impl SearchKeep {
    /// The views changed in ways the search page does not read: the kept
    /// pieces hold for `site` and `data` as they now are.
    pub fn still_holds(&self, site: &Value, data: &Value) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(pieces) = kept.as_mut() {
            pieces.site = site.clone();
            pieces.data = data.clone();
        }
    }
}

/// The same value: the same allocation (kept values are shared), else equal.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_map(), b.as_map()) {
        (Some(x), Some(y)) if std::ptr::eq(x, y) => true,
        _ => a == b,
    }
}

/// The same allocation (for the large `site` and `data`).
fn identical(a: &Value, b: &Value) -> bool {
    match (a.as_map(), b.as_map()) {
        (Some(x), Some(y)) => std::ptr::eq(x, y),
        _ => false,
    }
}

impl Renderer {
    /// The renderer with search.html and area.html split, for `serve` to
    /// keep those pages in pieces ([`super::area_split`]; a build renders
    /// them once, whole, without the extra templates).
    pub fn with_search_in_pieces(mut self) -> Renderer {
        let sources: Vec<(String, String)> = (self.template_texts())
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        self.search_split = Split::add_to(&mut self.tera, &sources);
        self.area_split = super::area_split::AreaSplit::add_to(&mut self.tera, &sources);
        self
    }

    /// The search page's HTML (links not yet rewritten) from its pieces,
    /// when `lang_data` keeps them (in `serve`), keeping them for the next
    /// time; `None` when it cannot be made in pieces: then `ctx` lists the
    /// pages `list` again, to render the page whole.
    pub(super) fn search_in_pieces(
        &self,
        lang_data: &LanguageData,
        ctx: &mut Context,
        list: Value,
    ) -> Option<Vec<u8>> {
        if !lang_data.summaries.keeps() {
            return None;
        }
        let keep = &lang_data.summaries.search;
        let views = (&lang_data.site, &lang_data.data);
        let pages = list.as_array().unwrap_or(&[]);
        let html = self.join_pieces(keep, ctx, views, pages);
        if html.is_none() {
            ctx.insert_value("pages", list);
        }
        html
    }

    fn join_pieces(
        &self,
        keep: &SearchKeep,
        ctx: &mut Context,
        (site, data): (&Value, &Value),
        list: &[Value],
    ) -> Option<Vec<u8>> {
        let split = self.search_split.as_ref()?;
        if list.is_empty() || split.verified.load(Ordering::Relaxed) == 2 {
            return None;
        }
        let mut kept = keep.kept.lock().unwrap_or_else(|e| e.into_inner());
        let old = kept.take();
        let views_same = old
            .as_ref()
            .is_some_and(|o| identical(&o.site, site) && identical(&o.data, data));
        let (head, tail, old_entries) = match old {
            Some(o) if views_same => (Some(o.head), Some(o.tail), o.entries),
            Some(o) if split.context_free => (None, None, o.entries),
            _ => (None, None, Vec::new()),
        };
        let (head, tail) = match (head, tail) {
            (Some(h), Some(t)) => (h, t),
            _ => self.frame(FRAME, ctx)?,
        };
        let entries = self.entries(ENTRIES, ctx, list, old_entries)?;
        let size = head.len() + tail.len() + entries.iter().map(|e| e.1.len()).sum::<usize>();
        if size > limits::MAX_PAGE_BYTES {
            return None;
        }
        let mut html = Vec::with_capacity(size);
        html.extend_from_slice(&head);
        for (_, bytes) in &entries {
            html.extend_from_slice(bytes);
        }
        html.extend_from_slice(&tail);
        if split.verified.load(Ordering::Relaxed) == 0 {
            ctx.insert_value("pages", Value::from(list.to_vec()));
            let whole = self.render_capped("search.html", ctx)?;
            let same = whole.as_bytes() == html.as_slice();
            split
                .verified
                .store(if same { 1 } else { 2 }, Ordering::Relaxed);
            if !same {
                return None;
            }
        }
        *kept = Some(SearchPieces {
            site: site.clone(),
            data: data.clone(),
            head,
            tail,
            entries,
        });
        Some(html)
    }

    /// `name` rendered with `ctx` within a page's bounds ([`limits`]);
    /// `None` on any error (the page is then rendered whole, which reports
    /// it).
    pub(super) fn render_capped(&self, name: &str, ctx: &Context) -> Option<String> {
        limits::start_page();
        let mut writer = limits::CappedWriter::new(limits::MAX_PAGE_BYTES);
        self.tera.render_to(name, ctx, &mut writer).ok()?;
        String::from_utf8(writer.bytes).ok()
    }

    /// The frame's output before and after the list.
    pub(super) fn frame(&self, template: &str, ctx: &Context) -> Option<(Vec<u8>, Vec<u8>)> {
        let out = self.render_capped(template, ctx)?;
        let at = out.find(MARK)?;
        if out[at + MARK.len()..].contains(MARK) {
            return None;
        }
        let (head, tail) = (&out[..at], &out[at + MARK.len()..]);
        Some((head.as_bytes().to_vec(), tail.as_bytes().to_vec()))
    }

    /// The entries of `list`: those of `old` made from the same page entry
    /// kept, the others rendered (all in one go).
    pub(super) fn entries(
        &self,
        template: &str,
        ctx: &mut Context,
        list: &[Value],
        old: Vec<(Value, Vec<u8>)>,
    ) -> Option<Vec<(Value, Vec<u8>)>> {
        let mut old: Vec<Option<(Value, Vec<u8>)>> = old.into_iter().map(Some).collect();
        let mut by_place: Option<HashMap<usize, usize>> = None;
        let mut made: Vec<Option<Vec<u8>>> = Vec::with_capacity(list.len());
        let mut missing = Vec::new();
        for (i, value) in list.iter().enumerate() {
            let at_same_place = old
                .get(i)
                .and_then(Option::as_ref)
                .is_some_and(|(v, _)| same(v, value));
            let found = if at_same_place {
                Some(i)
            } else {
                let places = by_place.get_or_insert_with(|| places(&old));
                value
                    .as_map()
                    .and_then(|m| places.get(&(std::ptr::from_ref(m) as usize)))
                    .copied()
            };
            match found.and_then(|k| old.get_mut(k).and_then(Option::take)) {
                Some((_, bytes)) => made.push(Some(bytes)),
                None => {
                    made.push(None);
                    missing.push(value.clone());
                }
            }
        }
        let mut fresh = if missing.is_empty() {
            Vec::new().into_iter()
        } else {
            let count = missing.len();
            ctx.insert_value("pages", Value::from(missing));
            let out = self.render_capped(template, ctx)?;
            let parts: Vec<&str> = out.split(SEP).collect();
            if parts.len() != count + 1 || !parts[0].is_empty() {
                return None;
            }
            parts[1..]
                .iter()
                .map(|p| p.as_bytes().to_vec())
                .collect::<Vec<_>>()
                .into_iter()
        };
        list.iter()
            .zip(made)
            .map(|(value, bytes)| Some((value.clone(), bytes.or_else(|| fresh.next())?)))
            .collect()
    }
}

/// The kept entries by the address of the page entry they were made from.
fn places(old: &[Option<(Value, Vec<u8>)>]) -> HashMap<usize, usize> {
    old.iter()
        .enumerate()
        .filter_map(|(k, e)| {
            let map = e.as_ref()?.0.as_map()?;
            Some((std::ptr::from_ref(map) as usize, k))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_default_themes_search_page() {
        let text = "{% extends \"base.html\" %}{% block content %}{% if pages %}<ul>{% for p in pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endif %}{% for m in data.members %}{{ m.name }}{% endfor %}{% endblock content %}";
        let split = Split::of(text).expect("splits");
        assert!(split.context_free);
        assert_eq!(
            split.entries,
            format!(
                "{{% for p in pages %}}{SEP}<li><a href=\"{{{{ p.url }}}}\">{{{{ p.title }}}}</a></li>{{% endfor %}}"
            )
        );
        assert!(
            split
                .frame
                .contains(&format!("<ul>{{% if true %}}{MARK}{{% endif %}}</ul>"))
        );
        assert!(!split.frame.contains("in pages"));
        // The theme's own search page is kept in pieces.
        let theme = include_str!("../../themes/default/templates/search.html");
        assert!(Split::of(theme).is_some_and(|s| s.context_free));
    }

    #[test]
    fn entries_that_read_the_context_are_marked() {
        let text = "{% for p in pages %}<a{% if p.lang != lang %} lang=\"{{ p.lang }}\"{% endif %}>{{ t(key=\"x\") }}{{ p.title | upper }}</a>{% endfor %}";
        assert!(!Split::of(text).expect("splits").context_free);
        let free = "{% for p in pages -%}\n  <a>{{ t(key=\"x\") }}{{ p.title | truncate(length=3) }}</a>{%- endfor %}";
        let split = Split::of(free).expect("splits");
        assert!(split.context_free);
        assert!(split.entries.contains(&format!("-%}}{SEP}<a>")));
    }

    /// `text` rendered whole and from its frame and entries, with Tera.
    fn both_ways(text: &str) -> (String, String) {
        let split = Split::of(text).expect("splits");
        let mut tera = Tera::new();
        let templates = [
            ("search.html", text),
            (FRAME, &split.frame),
            (ENTRIES, &split.entries),
        ];
        tera.add_raw_templates(templates).unwrap();
        let mut ctx = Context::new();
        ctx.insert("lang", "lv");
        let pages = serde_json::json!([
            {"url": "/a/", "title": "A & B"},
            {"url": "/b/", "title": "Bē"},
            {"url": "/c/", "title": "C"},
        ]);
        ctx.insert("pages", &pages);
        let whole = tera.render("search.html", &ctx).unwrap();
        let frame = tera.render(FRAME, &ctx).unwrap();
        let entries = tera.render(ENTRIES, &ctx).unwrap().replace(SEP, "");
        (whole, frame.replace(MARK, &entries))
    }

    #[test]
    fn the_pieces_join_into_the_whole_page() {
        for text in [
            "<h1>{{ lang }}</h1>{% if pages %}<ul>{% for p in pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endif %}<p>end</p>",
            "{% if pages %}<ul>\n{%- for p in pages -%}\n  <li lang=\"{{ lang }}\">{{ p.title }}</li>\n{%- endfor %}</ul>{% endif %}",
            "<ul>\n  {%- for p in pages %}\n  <li>{{ p.title | upper }}</li>\n  {% endfor -%}\n</ul>",
        ] {
            let (whole, joined) = both_ways(text);
            assert_eq!(whole, joined, "{text}");
        }
    }

    #[test]
    fn anything_else_is_rendered_whole() {
        for text in [
            "{% for p in pages %}{{ loop.index }}{% endfor %}",
            "{% for p in pages %}{{ p.title }}{% else %}none{% endfor %}",
            "{% for p in pages %}{{ p.title }}{% endfor %}{% for q in pages %}{{ q.url }}{% endfor %}",
            "{{ pages | length }}{% for p in pages %}{{ p.title }}{% endfor %}",
            "{% for p in pages %}{% set x = p %}{{ x.title }}{% endfor %}",
            "{% for p in pages %}{% if p.a %}{% break %}{% endif %}{% endfor %}",
            "{% component c() %}{% endcomponent c %}{% for p in pages %}{{ p.title }}{% endfor %}",
            "{% raw %}{% endraw %}{% for p in pages %}{{ p.title }}{% endfor %}",
            "{% if not pages %}{% endif %}{% for p in pages %}{{ p.title }}{% endfor %}",
            "no list",
        ] {
            assert!(Split::of(text).is_none(), "{text}");
        }
    }
}
