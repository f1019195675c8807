//! The members page with its cards kept (`serve` only): the page lists
//! every member three times (by kind, by region, by letter; 2,000 members
//! on a large site), and after a member's record changed only that
//! member's cards are rendered again.
//!
//! In a copy of the templates, the body of each innermost loop that does
//! not depend on its place (`{% for m in LIST %}BODY{% endfor %}`, BODY
//! without `loop.`, `set`, `break`, `include` …; see
//! `search_split::body_is_free_of_place`) becomes a call of [`FUNCTION`],
//! and BODY a template of its own. The function renders BODY with the
//! loop's item and the other variables BODY names (and the components'
//! implicit `@` parameters), and keeps the output by the item's value: the
//! members' template values are kept from before an edit as shared values,
//! so an unchanged member's card is found by the address of its value
//! (the kept output holds the value, so the address is not reused). Only
//! the members page is rendered with the copy; the first time it is also
//! rendered whole with the theme's templates and compared: if they differ,
//! the copy is not used again with that renderer.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use tera::{Context, Function, Kwargs, State, Tera, TeraResult, Value};

use super::search_split::{
    KEYWORDS, body_is_free_of_place, first_word, matching_endfor, tags, words,
};
use super::{Renderer, limits};

/// The function a loop's body is replaced with.
const FUNCTION: &str = "__alianse_card";
/// The variables of every page that hold a map or list made for the
/// page: a body that names one is left as it is.
const PAGE_WIDE: [&str; 4] = ["site", "data", "page", "paginator"];
/// The page rendered with the cards kept.
pub(super) const PAGE: &str = "members.html";

/// A replaced loop: its body's template, the loop's variable and the
/// other variables the body may read.
struct Loop {
    template: String,
    var: String,
    free: Vec<String>,
}

/// What a card is kept by: the loop, the address of the item's value and
/// the other variables' values (written out).
type Key = (usize, usize, String);
/// Cards kept: the item's value (held, so its address stays its own) and
/// the card's output.
type Kept = HashMap<Key, (Value, Arc<str>)>;

thread_local! {
    /// The cards of the page being rendered on this thread: those kept
    /// from its last rendering, and those used this time.
    static PASS: RefCell<Option<(Kept, Kept)>> = const { RefCell::new(None) };
}

/// The templates with the cards replaced, and the cards kept by language.
pub(super) struct Cards {
    tera: Tera,
    /// 0: not yet compared with the page rendered whole; 1: the same;
    /// 2: different (the copy is not used).
    verified: AtomicU8,
    kept: Mutex<HashMap<String, Kept>>,
}

/// Renders a card, or takes it from those kept.
struct Card {
    bodies: Arc<Tera>,
    loops: Arc<Vec<Loop>>,
}

impl Function<TeraResult<Value>> for Card {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let id: usize = kwargs.must_get("loop")?;
        let lp = (self.loops.get(id)).ok_or_else(|| tera::Error::message("no such loop"))?;
        let item: Value = state.get(&lp.var)?.unwrap_or_else(Value::none);
        let mut ctx = Context::new();
        let mut key = String::new();
        let mut plain = item.as_map().is_some();
        for name in &lp.free {
            if let Some(value) = state.get::<Value>(name)? {
                plain &= value.as_map().is_none() && value.as_array().is_none();
                if plain {
                    key.push_str(&format!("{name}={value:?};"));
                }
                ctx.insert_value(name.clone(), value);
            }
        }
        let address = item.as_map().map_or(0, |m| std::ptr::from_ref(m) as usize);
        let key = (id, address, key);
        let found = PASS.with_borrow_mut(|pass| {
            let (old, new) = pass.as_mut().filter(|_| plain)?;
            let card = new.get(&key).or_else(|| old.get(&key))?.clone();
            new.insert(key.clone(), card.clone());
            Some(card.1)
        });
        if let Some(card) = found {
            return Ok(Value::safe_string(&card));
        }
        ctx.insert_value(lp.var.clone(), item.clone());
        let card: Arc<str> = self.bodies.render(&lp.template, &ctx)?.into();
        if plain {
            PASS.with_borrow_mut(|pass| {
                if let Some((_, new)) = pass.as_mut() {
                    new.insert(key, (item, card.clone()));
                }
            });
        }
        Ok(Value::safe_string(&card))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The names of the components' implicit parameters (`@lang`).
fn implicit_parameters(sources: &[(String, String)]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (_, text) in sources {
        for tag in tags(text).unwrap_or_default() {
            if tag.kind == b'%' && first_word(tag.inner) == "component" {
                for part in tag.inner.split('@').skip(1) {
                    let name: String = (part.chars())
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    names.insert(name);
                }
            }
        }
    }
    names
}

/// The variables a body's tags may read besides `var` (more than it
/// reads: keyword arguments' names count too).
fn free_variables(body: &[super::search_split::Tag], var: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for tag in body {
        for (before, word, after) in words(tag.inner) {
            let variable = !KEYWORDS.contains(&word)
                && word != var
                && !word.starts_with(|c: char| c.is_ascii_digit())
                && !matches!(before, '.' | '|' | '<')
                && after != '(';
            if variable {
                names.insert(word.to_string());
            }
        }
    }
    names
}

/// `text` with its innermost loops' bodies replaced by calls of
/// [`FUNCTION`] (numbered from `loops.len()`), each body added to `loops`
/// and `bodies`.
fn replace_loops(
    text: &str,
    implicit: &BTreeSet<String>,
    loops: &mut Vec<Loop>,
    bodies: &mut Vec<(String, String)>,
) -> Option<String> {
    if text.contains("raw %}") || text.contains("raw -%}") {
        return None;
    }
    let tags = tags(text)?;
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (open, tag) in tags.iter().enumerate() {
        let parts: Vec<&str> = tag.inner.split_whitespace().collect();
        let var = match (tag.kind, parts.as_slice()) {
            (b'%', ["for", v, "in", ..]) if v.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                *v
            }
            _ => continue,
        };
        let Some(close) = matching_endfor(&tags, open) else {
            continue;
        };
        let body_tags = &tags[open + 1..close];
        let innermost = body_tags.iter().all(|t| {
            t.kind != b'%'
                || !matches!(
                    first_word(t.inner),
                    "for" | "endfor" | "component" | "endcomponent" | "filter" | "macro"
                )
        });
        if !innermost || !body_is_free_of_place(body_tags) || body_tags.is_empty() {
            continue;
        }
        let mut free = free_variables(body_tags, var);
        if PAGE_WIDE.iter().any(|v| free.contains(*v)) {
            // Kept by a value made anew for each page: never found again.
            continue;
        }
        let end_tag = &tags[close];
        let mut body = &text[tag.end..end_tag.start];
        if text[..tag.end].ends_with("-%}") {
            body = body.trim_start();
        }
        if text[end_tag.start..].starts_with("{%-") {
            body = body.trim_end();
        }
        let id = loops.len();
        free.extend(implicit.iter().cloned());
        free.remove(var);
        let template = format!("@alianse/card-{id}.html");
        bodies.push((template.clone(), body.to_string()));
        loops.push(Loop {
            template,
            var: var.to_string(),
            free: free.into_iter().collect(),
        });
        out.push_str(&text[copied..tag.end]);
        out.push_str(&format!("{{{{ {FUNCTION}(loop={id}) }}}}"));
        copied = end_tag.start;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

impl Cards {
    /// The cards of `tera`'s templates (`sources`), when the members page
    /// has a loop to replace and the replaced templates parse.
    fn of(tera: &Tera, sources: &[(String, String)]) -> Option<Cards> {
        let implicit = implicit_parameters(sources);
        let mut loops = Vec::new();
        let mut bodies = Vec::new();
        let mut replaced = Vec::new();
        for (name, text) in sources {
            let before = loops.len();
            let new = replace_loops(text, &implicit, &mut loops, &mut bodies)?;
            if loops.len() > before {
                replaced.push((name.clone(), new));
            }
        }
        if loops.is_empty() || bodies.iter().any(|(n, _)| tera.contains_template(n)) {
            return None;
        }
        let mut with_bodies = tera.clone();
        with_bodies.add_raw_templates(bodies).ok()?;
        let mut copy = with_bodies.clone();
        copy.register_function(
            FUNCTION,
            Card {
                bodies: Arc::new(with_bodies),
                loops: Arc::new(loops),
            },
        );
        copy.add_raw_templates(replaced).ok()?;
        Some(Cards {
            tera: copy,
            verified: AtomicU8::new(0),
            kept: Mutex::new(HashMap::new()),
        })
    }
}

impl Renderer {
    /// The renderer with the members page's cards kept between renderings
    /// (for `serve`; see the module's comment).
    pub fn with_cards_kept(mut self) -> Renderer {
        let sources: Vec<(String, String)> = (self.template_texts())
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        self.cards = Cards::of(&self.tera, &sources).map(Box::new);
        self
    }

    /// The members page (`template` with `ctx`) rendered with the cards
    /// of language `lang` kept, keeping them for the next time; `None`
    /// when it is not to be made so (then it is rendered whole).
    pub(super) fn page_with_cards(
        &self,
        lang: &str,
        template: &str,
        ctx: &Context,
    ) -> Option<Vec<u8>> {
        let cards = self.cards.as_ref()?;
        if template != PAGE || cards.verified.load(Ordering::Relaxed) == 2 {
            return None;
        }
        let mut kept = cards.kept.lock().unwrap_or_else(|e| e.into_inner());
        let old = kept.remove(lang).unwrap_or_default();
        drop(kept);
        PASS.with_borrow_mut(|pass| *pass = Some((old, Kept::new())));
        let mut writer = limits::CappedWriter::new(limits::MAX_PAGE_BYTES);
        let made = cards.tera.render_to(template, ctx, &mut writer);
        let used = PASS.with_borrow_mut(Option::take).map(|(_, new)| new);
        if made.is_err() || writer.overflowed {
            return None;
        }
        if cards.verified.load(Ordering::Relaxed) == 0 {
            let mut whole = limits::CappedWriter::new(limits::MAX_PAGE_BYTES);
            self.tera.render_to(template, ctx, &mut whole).ok()?;
            let same = whole.bytes == writer.bytes;
            (cards.verified).store(if same { 1 } else { 2 }, Ordering::Relaxed);
            if !same {
                return None;
            }
        }
        if let Some(used) = used {
            let mut kept = cards.kept.lock().unwrap_or_else(|e| e.into_inner());
            kept.insert(lang.to_string(), used);
        }
        Some(writer.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_innermost_loops_that_do_not_depend_on_their_place() {
        let implicit = BTreeSet::from(["lang".to_string()]);
        let mut loops = Vec::new();
        let mut bodies = Vec::new();
        let text = "{% for g in groups %}<h2>{{ loop.index }}</h2>{% for m in g.members %}<li>{{ m.name | upper }}{% if show %}{{ t(key=\"x\") }}{% endif %}</li>{% endfor %}{% endfor %}{% for x in xs %}{{ loop.index }}{% endfor %}";
        let out = replace_loops(text, &implicit, &mut loops, &mut bodies).unwrap();
        assert_eq!(
            out,
            "{% for g in groups %}<h2>{{ loop.index }}</h2>{% for m in g.members %}{{ __alianse_card(loop=0) }}{% endfor %}{% endfor %}{% for x in xs %}{{ loop.index }}{% endfor %}"
        );
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].var, "m");
        assert_eq!(loops[0].free, vec!["key", "lang", "show"]);
        assert_eq!(
            bodies[0].1,
            "<li>{{ m.name | upper }}{% if show %}{{ t(key=\"x\") }}{% endif %}</li>"
        );
    }

    /// `text` rendered with Tera whole and with its cards, twice (the
    /// second time from the cards kept), with `items` as `items`.
    fn both_ways(text: &str, items: &Value) -> (String, String, String) {
        let sources = vec![("page.html".to_string(), text.to_string())];
        let mut tera = Tera::new();
        tera.add_raw_templates(sources.clone()).unwrap();
        let cards = Cards::of(&tera, &sources).expect("a loop to replace");
        let mut ctx = Context::new();
        ctx.insert("lang", "lv");
        ctx.insert_value("items", items.clone());
        let whole = tera.render("page.html", &ctx).unwrap();
        PASS.with_borrow_mut(|pass| *pass = Some((Kept::new(), Kept::new())));
        let first = cards.tera.render("page.html", &ctx).unwrap();
        let (_, used) = PASS.with_borrow_mut(Option::take).unwrap();
        assert!(!used.is_empty());
        PASS.with_borrow_mut(|pass| *pass = Some((used, Kept::new())));
        let second = cards.tera.render("page.html", &ctx).unwrap();
        PASS.with_borrow_mut(Option::take);
        (whole, first, second)
    }

    #[test]
    fn the_cards_join_into_the_whole_page() {
        let items = Value::from_serializable(&serde_json::json!([
            {"name": "A & B", "url": "/a/", "lang": "lv"},
            {"name": "Bē", "url": "/b/", "lang": "en"},
        ]));
        for text in [
            "<ul>{% for m in items %}\n  <li lang=\"{{ m.lang }}\"{% if m.lang != lang %} x{% endif %}>{{ m.name }}</li>\n{% endfor %}</ul>",
            "<ul>\n{%- for m in items -%}\n  <li>{{ m.name }}</li>\n{%- endfor %}</ul>",
            "{% for m in items %}{% if m.url %}<a href=\"{{ m.url }}\">{{ m.name | upper }}</a>{% endif %}{% endfor %}",
        ] {
            let (whole, first, second) = both_ways(text, &items);
            assert_eq!(whole, first, "{text}");
            assert_eq!(whole, second, "{text}");
        }
    }
}
