//! The area pages in pieces: an area page lists every page of its area
//! (about 800 on a large site) through a component of the theme. `serve`
//! renders each listed page's entry once and keeps it by the page entry
//! it was made from; after an edit only the entries of new or changed
//! pages are rendered, the rest of the page ("the frame", short next to
//! the list) is rendered again, and the pieces are joined.
//!
//! This works when area.html names `pages` only in `{% if pages %}` and
//! in one call of a component, `{{ <NAME ARG={pages} … /> }}` (the default
//! theme's `{{ <summary_list items={pages} heading_level={3} /> }}`), whose
//! other arguments are literals, and when that component loops over ARG
//! once, as [`super::search_split`] describes for the search page, with
//! a loop body that reads only its loops' variables, the component's
//! parameters and `lang`. From the component's text two components are
//! made: the frame, its loop replaced by a marker, and the entries, its
//! loop alone with a separator before each entry; and two templates:
//! area.html calling the frame component, and the call alone calling the
//! entries component. Anything else is rendered whole, as in a build. The
//! first area page made in pieces with a renderer is also rendered whole
//! and compared: pieces that differ are not used again with that renderer.
//! Only `serve` splits the pages ([`Renderer::with_search_in_pieces`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

use tera::{Context, Tera, Value};

use super::context::LanguageData;
use super::search_split::{
    KEYWORDS, MARK, SEP, Tag, body_is_free_of_place, first_word, is_ident, tags, words,
};
use super::{JobKind, Renderer, limits};
use crate::collections::Collection;

/// area.html calling the frame component instead of the theme's.
pub(super) const FRAME: &str = "@alianse/area-frame.html";
/// The call of the entries component alone.
pub(super) const ENTRIES: &str = "@alianse/area-entries.html";
/// The two components' definitions.
const COMPONENTS: &str = "@alianse/area-components.html";
const FRAME_COMPONENT: &str = "alianse_area_frame";
const ENTRIES_COMPONENT: &str = "alianse_area_entries";

/// That area.html splits, and whether its pieces proved right.
pub(super) struct AreaSplit {
    /// 0: not yet compared with a page rendered whole; 1: the same;
    /// 2: different (pieces are not used).
    verified: AtomicU8,
}

/// An area page's entries as last rendered: each entry's output with the
/// page entry it was made from, in order.
type Entries = Vec<(Value, Vec<u8>)>;

/// The entries of each area page (by area id), kept by `serve` with a
/// language's views; empty in a build.
#[derive(Default)]
pub struct AreaKeep {
    kept: Mutex<HashMap<String, Entries>>,
}

/// `text` cut at the loop from `for_tag` to `end_tag`: (the text with the
/// loop replaced by [`MARK`], the loop alone with [`SEP`] before each
/// entry's body).
pub(super) fn cut_loop(text: &str, for_tag: &Tag, end_tag: &Tag) -> (String, String) {
    let trims_after_for = text[..for_tag.end].ends_with("-%}");
    let mut body = &text[for_tag.end..end_tag.start];
    if trims_after_for {
        body = body.trim_start();
    }
    let entries = format!(
        "{}{SEP}{body}{}",
        &text[for_tag.start..for_tag.end],
        &text[end_tag.start..end_tag.end]
    );
    let left = if text[for_tag.start..].starts_with("{%-") {
        "{%-"
    } else {
        "{%"
    };
    let right = if text[..end_tag.end].ends_with("-%}") {
        "-%}"
    } else {
        "%}"
    };
    let frame = format!(
        "{}{left} if true %}}{MARK}{{% endif {right}{}",
        &text[..for_tag.start],
        &text[end_tag.end..]
    );
    (frame, entries)
}

/// The tag that closes the `for` tag at `open` (passing the `if`s and
/// `for`s inside it); `None` when the loop has an `else` or is not closed.
fn loop_end(tags: &[Tag], open: usize) -> Option<usize> {
    let (mut loops, mut ifs) = (0usize, 0usize);
    for (k, t) in tags.iter().enumerate().skip(open + 1) {
        if t.kind != b'%' {
            continue;
        }
        match first_word(t.inner) {
            "for" => loops += 1,
            "endfor" if loops == 0 => return Some(k),
            "endfor" => loops -= 1,
            "if" => ifs += 1,
            "endif" => ifs = ifs.checked_sub(1)?,
            "else" if loops == 0 && ifs == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Whether a tag's text names the variable `name`.
fn names(inner: &str, name: &str) -> bool {
    words(inner).iter().any(|(b, w, _)| *w == name && *b != '.')
}

/// The component a call tag's text (`<NAME a={pages} b={3} /`) calls,
/// with the parameter given `pages`; `None` unless every other argument
/// is a literal.
fn call_of(inner: &str) -> Option<(&str, &str)> {
    let rest = inner.strip_prefix('<')?.strip_suffix("/>")?.trim_end();
    let name_end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
    let (name, mut args) = rest.split_at(name_end);
    let mut param = None;
    while !args.trim_start().is_empty() {
        args = args.trim_start();
        let (key, value) = args.split_once("={")?;
        let (value, after) = value.split_once('}')?;
        let value = value.trim();
        if !key.chars().all(is_ident) {
            return None;
        }
        if value == "pages" && param.is_none() {
            param = Some(key);
        } else if !is_literal(value) {
            return None;
        }
        args = after;
    }
    Some((name, param?))
}

fn is_literal(value: &str) -> bool {
    let quoted = value.len() >= 2
        && value.starts_with('"')
        && value.ends_with('"')
        && !value[1..value.len() - 1].contains(['"', '{', '}', '\\']);
    quoted
        || matches!(value, "true" | "false")
        || (!value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// The text of component `name`'s definition among `sources`: (its
/// parameters' text, its body).
fn definition<'t>(sources: &'t [(String, String)], name: &str) -> Option<(&'t str, &'t str)> {
    let open_text = format!("component {name}(");
    let (text, tags) = sources.iter().find_map(|(_, text)| {
        let tags = tags(text)?;
        tags.iter()
            .any(|t| t.kind == b'%' && t.inner.starts_with(&open_text))
            .then_some((text, tags))
    })?;
    let open = tags
        .iter()
        .position(|t| t.kind == b'%' && t.inner.starts_with(&open_text))?;
    let close = open
        + 1
        + tags[open + 1..]
            .iter()
            .position(|t| t.kind == b'%' && first_word(t.inner) == "endcomponent")?;
    let params = tags[open]
        .inner
        .strip_prefix(&open_text)?
        .strip_suffix(')')?;
    Some((params, &text[tags[open].end..tags[close].start]))
}

/// The names a component's parameters' text (`items, level=2, @lang`) binds.
fn param_names(params: &str) -> Vec<&str> {
    params
        .split(',')
        .filter_map(|p| {
            let p = p.trim().trim_start_matches('@');
            let end = p.find(|c: char| !is_ident(c)).unwrap_or(p.len());
            (end > 0).then_some(&p[..end])
        })
        .collect()
}

/// Whether a tag reads no variable but `allowed` (functions, filters,
/// fields and literals aside).
fn reads_only(inner: &str, allowed: &[&str]) -> bool {
    !inner.contains('<')
        && words(inner).iter().all(|&(before, w, after)| {
            allowed.contains(&w)
                || KEYWORDS.contains(&w)
                || w.chars().next().is_some_and(|c| c.is_ascii_digit())
                || matches!(before, '.' | '|')
                || after == '('
                || (after == '=' && !inner.contains("=="))
        })
}

/// The three templates' texts (frame, entries, components) of area.html's
/// `text` in pieces, with `sources` the theme's templates.
fn split_texts(text: &str, sources: &[(String, String)]) -> Option<[String; 3]> {
    let area_tags = tags(text)?;
    let mut call = None;
    for t in area_tags.iter().filter(|t| names(t.inner, "pages")) {
        let parts: Vec<&str> = t.inner.split_whitespace().collect();
        match (t.kind, parts.as_slice()) {
            (b'%', ["if", "pages"]) => {}
            (b'{', _) if call.is_none() => call = Some(t),
            _ => return None,
        }
    }
    let call = call?;
    let (name, param) = call_of(call.inner)?;
    let (params, body) = definition(sources, name)?;
    if [body, params]
        .iter()
        .any(|t| t.contains("raw %}") || t.contains("raw -%}"))
    {
        return None;
    }
    let body_tags = tags(body)?;
    let mut looping = None;
    for (k, t) in body_tags
        .iter()
        .enumerate()
        .filter(|(_, t)| names(t.inner, param))
    {
        match (
            t.kind,
            t.inner.split_whitespace().collect::<Vec<_>>().as_slice(),
        ) {
            (b'%', ["if", p]) if *p == param => {}
            (b'%', ["for", v, "in", p]) if *p == param && looping.is_none() => {
                looping = Some((k, v.to_string()));
            }
            _ => return None,
        }
    }
    let (open, var) = looping?;
    let close = loop_end(&body_tags, open)?;
    let inside = &body_tags[open + 1..close];
    let mut allowed = param_names(params);
    allowed.extend(["lang", var.as_str()]);
    let loop_vars = inside
        .iter()
        .filter(|t| t.kind == b'%' && first_word(t.inner) == "for");
    allowed.extend(loop_vars.filter_map(|t| t.inner.split_whitespace().nth(1)));
    if !body_is_free_of_place(inside) || !inside.iter().all(|t| reads_only(t.inner, &allowed)) {
        return None;
    }
    let (frame_body, entries_body) = cut_loop(body, &body_tags[open], &body_tags[close]);
    let components = format!(
        "{{% component {FRAME_COMPONENT}({params}) %}}{frame_body}{{% endcomponent {FRAME_COMPONENT} %}}\
         {{% component {ENTRIES_COMPONENT}({params}) %}}{entries_body}{{% endcomponent {ENTRIES_COMPONENT} %}}"
    );
    let call_text = &text[call.start..call.end];
    let frame = format!(
        "{}{}{}",
        &text[..call.start],
        call_text.replacen(&format!("<{name}"), &format!("<{FRAME_COMPONENT}"), 1),
        &text[call.end..]
    );
    let entries = call_text.replacen(&format!("<{name}"), &format!("<{ENTRIES_COMPONENT}"), 1);
    Some([frame, entries, components])
}

impl AreaKeep {
    /// Forgets the kept entries (the templates that made them changed).
    pub fn forget(&self) {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

impl AreaSplit {
    /// Adds the templates of area.html in pieces to `tera` when it splits;
    /// Tera as it was when it does not, or they do not parse.
    pub(super) fn add_to(tera: &mut Tera, sources: &[(String, String)]) -> Option<AreaSplit> {
        let (_, text) = sources.iter().find(|(name, _)| name == "area.html")?;
        if text.contains("raw %}") || text.contains("raw -%}") {
            return None;
        }
        let [frame, entries, components] = split_texts(text, sources)?;
        let taken = [FRAME, ENTRIES, COMPONENTS]
            .iter()
            .any(|n| tera.contains_template(n))
            || [FRAME_COMPONENT, ENTRIES_COMPONENT]
                .iter()
                .any(|c| tera.contains_component(c));
        if taken {
            return None;
        }
        let mut with_split = tera.clone();
        let templates = [(COMPONENTS, components), (FRAME, frame), (ENTRIES, entries)];
        with_split.add_raw_templates(templates).ok()?;
        *tera = with_split;
        Some(AreaSplit {
            verified: AtomicU8::new(0),
        })
    }
}

impl Renderer {
    /// An area page's HTML (links not yet rewritten) from its pieces, when
    /// `lang_data` keeps them (in `serve`), keeping them for the next time;
    /// `None` for any other page, or when it cannot be made in pieces.
    pub(super) fn area_in_pieces(
        &self,
        lang_data: &LanguageData,
        kind: JobKind,
        ctx: &mut Context,
    ) -> Option<Vec<u8>> {
        let JobKind::Item(Collection::Areas, i) = kind else {
            return None;
        };
        let split = self.area_split.as_ref()?;
        if !lang_data.summaries.keeps() || split.verified.load(Ordering::Relaxed) == 2 {
            return None;
        }
        let id = &lang_data.areas.get(i)?.id;
        let list = ctx.get("pages")?.as_array()?.to_vec();
        if list.is_empty() {
            return None;
        }
        let keep = &lang_data.summaries.areas;
        let old = (keep.kept.lock().unwrap_or_else(|e| e.into_inner())).remove(id);
        let (head, tail) = self.frame(FRAME, ctx)?;
        let entries = self.entries(ENTRIES, ctx, &list, old.unwrap_or_default());
        ctx.insert_value("pages", Value::from(list));
        let entries = entries?;
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
            let whole = self.render_capped("area.html", ctx)?;
            let same = whole.as_bytes() == html.as_slice();
            split
                .verified
                .store(if same { 1 } else { 2 }, Ordering::Relaxed);
            if !same {
                return None;
            }
        }
        let mut kept = keep.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.insert(id.clone(), entries);
        Some(html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "{% component cards(items, level=2, @lang) %}<ul>{% for item in items %}<li>{% if level == 3 %}3{% else %}-{% endif %}<h{{ level }}>{{ item.title }}</h{{ level }}>{% for a in item.areas %}<a{% if a.lang != lang %} lang=\"{{ a.lang }}\"{% endif %}>{{ a.name }}</a>{% endfor %}</li>\n{% endfor %}</ul>{% endcomponent cards %}";

    fn sources(area: &str, components: &str) -> Vec<(String, String)> {
        vec![
            ("area.html".to_string(), area.to_string()),
            ("components.html".to_string(), components.to_string()),
        ]
    }

    /// `area` rendered whole and from its frame and entries, with Tera.
    fn both_ways(area: &str, components: &str) -> (String, String) {
        let [frame, entries, defs] = split_texts(area, &sources(area, components)).expect("splits");
        let mut tera = Tera::new();
        let templates = [
            ("components.html", components),
            ("area.html", area),
            (COMPONENTS, &defs),
            (FRAME, &frame),
            (ENTRIES, &entries),
        ];
        tera.add_raw_templates(templates).unwrap();
        let mut ctx = Context::new();
        ctx.insert("lang", "lv");
        let pages = serde_json::json!([
            {"title": "A & B", "areas": [{"name": "X", "lang": "en"}]},
            {"title": "Bē", "areas": []},
            {"title": "C", "areas": [{"name": "Y", "lang": "lv"}]},
        ]);
        ctx.insert("pages", &pages);
        let whole = tera.render("area.html", &ctx).unwrap();
        let frame = tera.render(FRAME, &ctx).unwrap();
        let entries = tera.render(ENTRIES, &ctx).unwrap().replace(SEP, "");
        (whole, frame.replace(MARK, &entries))
    }

    #[test]
    fn the_pieces_join_into_the_whole_page() {
        for area in [
            "<h1>{{ lang }}</h1>{% if pages %}{{ <cards items={pages} level={3} /> }}{% endif %}<p>end</p>",
            "{{- <cards items={pages} /> -}}\n",
            "{% if pages %}<section>{{ <cards level={4} items={pages} /> }}</section>{% endif %}",
        ] {
            let (whole, joined) = both_ways(area, LIST);
            assert_eq!(whole, joined, "{area}");
        }
        // The default theme's area page splits.
        let theme: Vec<(String, String)> = ["area.html", "components.html"]
            .iter()
            .map(|name| {
                let path = format!(
                    "{}/themes/default/templates/{name}",
                    env!("CARGO_MANIFEST_DIR")
                );
                (name.to_string(), std::fs::read_to_string(path).unwrap())
            })
            .collect();
        assert!(split_texts(&theme[0].1, &theme).is_some());
    }

    #[test]
    fn anything_else_is_rendered_whole() {
        let other = LIST.replace("{{ item.title }}", "{{ item.title }}{{ loop.index }}");
        let reads = LIST.replace("{{ item.title }}", "{{ item.title }}{{ page.title }}");
        let cases = [
            ("{{ pages | length }}{{ <cards items={pages} /> }}", LIST),
            ("{{ <cards items={pages} level={page.level} /> }}", LIST),
            (
                "{{ <cards items={pages} /> }}{{ <cards items={pages} /> }}",
                LIST,
            ),
            ("{% for p in pages %}{{ p.title }}{% endfor %}", LIST),
            ("{{ <other items={pages} /> }}", LIST),
            ("{{ <cards items={pages} /> }}", &other),
            ("{{ <cards items={pages} /> }}", &reads),
            ("no list", LIST),
        ];
        for (area, components) in cases {
            assert!(
                split_texts(area, &sources(area, components)).is_none(),
                "{area}"
            );
        }
    }
}
