//! Which fields of the items of a `data` list a page template reads, and
//! which fields of a list's items changed, so that an edit of a field a
//! template does not show (a report's score, on the search page that lists
//! the reports' titles) does not render that template's pages again.
//!
//! A template reads only some fields of `data.KEY` when every `data.KEY` in
//! its text stands in a tag `{% for V in data.KEY %}` (or `… | reverse`)
//! or `{% if data.KEY %}`, it includes no other template, and every `V` in
//! its text (tags, comments and markup alike) is followed by `.FIELD`: the
//! fields read are those `FIELD`s. Anything else (the list or an item
//! passed whole to a component, a filter or another variable, an index)
//! counts as reading every field. Only page templates no other template
//! names are read this way ([`super::deps`]): what a base template or an
//! included part reads counts in full for every page.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use tera::Value;

/// For each of `keys` that `text` reads only some item fields of: those
/// fields.
pub(crate) fn item_fields(
    text: &str,
    keys: &BTreeSet<String>,
) -> BTreeMap<String, BTreeSet<String>> {
    if includes_another(text) {
        return BTreeMap::new();
    }
    keys.iter()
        .filter_map(|key| Some((key.clone(), fields_of(text, key)?)))
        .collect()
}

/// The fields of `data.KEY`'s items `text` reads; `None`: maybe all.
fn fields_of(text: &str, key: &str) -> Option<BTreeSet<String>> {
    let mut vars = BTreeSet::new();
    let mut any = false;
    for at in word_uses(text, "data") {
        let after = &text[at + 4..];
        let name: String = match after.strip_prefix('.') {
            Some(k) => k.chars().take_while(|&c| is_ident(c)).collect(),
            // Markup: an HTML attribute `data-…`.
            None if after.starts_with('-') && text[..at].ends_with(char::is_whitespace) => {
                continue;
            }
            // `data["KEY"]` or `data` alone: it may be this key.
            None => return None,
        };
        if name != key {
            continue;
        }
        any = true;
        if let Some(var) = loop_var(enclosing_tag(text, at)?, &format!("data.{key}"))? {
            vars.insert(var.to_string());
        }
    }
    if !any {
        return None;
    }
    fields_read(text, &vars, |var| word_uses(text, var).collect())
}

/// What the tag around a use of `list` does with it: `Some(None)` for
/// `if LIST`, `Some(Some(V))` for `for V in LIST` (or `… | reverse`),
/// `None` for anything else (which may read every field).
fn loop_var<'t>(tag: &'t str, list: &str) -> Option<Option<&'t str>> {
    let words: Vec<&str> = tag.split_whitespace().collect();
    match words.as_slice() {
        ["if", l] if *l == list => Some(None),
        ["for", v, "in", l] | ["for", v, "in", l, "|", "reverse"]
            if *l == list && v.chars().all(is_ident) =>
        {
            Some(Some(v))
        }
        _ => None,
    }
}

/// The fields the loop variables `vars` are read through, where `uses`
/// finds each variable's uses; `None` when a use is anything but `V.FIELD`
/// or the loop's own `for V`.
fn fields_read(
    text: &str,
    vars: &BTreeSet<String>,
    uses: impl Fn(&str) -> Vec<usize>,
) -> Option<BTreeSet<String>> {
    let mut fields = BTreeSet::new();
    for var in vars {
        for at in uses(var) {
            match text[at + var.len()..].strip_prefix('.') {
                Some(f) => {
                    let field: String = f.chars().take_while(|&c| is_ident(c)).collect();
                    if field.is_empty() {
                        return None;
                    }
                    fields.insert(field);
                }
                None if declares(text, at, var) => {}
                None => return None,
            }
        }
    }
    Some(fields)
}

/// Whether `text` includes or imports another template.
fn includes_another(text: &str) -> bool {
    tags(text).any(|t| t.starts_with("include ") || t.starts_with("import "))
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Where `word` stands alone in `text` (not part of a longer name, nor a
/// field of something else).
fn word_uses<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    text.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        let before = i.checked_sub(1).map(|j| bytes[j] as char);
        let after = bytes.get(i + word.len()).map(|&b| b as char);
        !before.is_some_and(|c| is_ident(c) || c == '.') && !after.is_some_and(is_ident)
    })
}

/// The text of the `{% … %}` tag around byte `at`, without its `-`s.
fn enclosing_tag(text: &str, at: usize) -> Option<&str> {
    let open = text[..at].rfind("{%")?;
    let close = at + text[at..].find("%}")?;
    let inner = &text[open + 2..close];
    if inner.contains("%}") {
        return None;
    }
    Some(inner.trim_matches(|c: char| c == '-' || c.is_whitespace()))
}

/// Whether the `var` at `at` is the loop variable of its `for` tag.
fn declares(text: &str, at: usize, var: &str) -> bool {
    enclosing_tag(text, at).is_some_and(|tag| {
        let mut words = tag.split_whitespace();
        words.next() == Some("for") && words.next() == Some(var)
    })
}

/// For a list `var` of a template's own context (the search page's
/// `pages`): the fields of its items `text` reads, found as for `data`
/// lists but only inside tags (markup such as `id="all-pages"` or `<p>`
/// reads nothing); `None`: maybe every field.
pub(crate) fn context_fields(text: &str, var: &str) -> Option<BTreeSet<String>> {
    if includes_another(text) {
        return None;
    }
    let mut vars = BTreeSet::new();
    for at in uses_in_tags(text, var) {
        if let Some(v) = loop_var(enclosing_tag(text, at)?, var)? {
            vars.insert(v.to_string());
        }
    }
    fields_read(text, &vars, |v| uses_in_tags(text, v))
}

/// Whether `text` names `var` inside a tag.
pub(crate) fn names_in_tags(text: &str, var: &str) -> bool {
    !uses_in_tags(text, var).is_empty()
}

/// Where `word` stands alone inside the `{{ … }}` and `{% … %}` tags of
/// `text`.
fn uses_in_tags(text: &str, word: &str) -> Vec<usize> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| i + from) {
        let close = match text.as_bytes().get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let end = text[start..].find(close).map_or(text.len(), |i| i + start);
        spans.push((start, end));
        from = end;
    }
    word_uses(text, word)
        .filter(|&at| spans.iter().any(|&(s, e)| s <= at && at < e))
        .collect()
}

/// The `{% … %}` tags of `text`, trimmed.
fn tags(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").skip(1).filter_map(|t| {
        let inner = t.split("%}").next()?;
        Some(inner.trim_matches(|c: char| c == '-' || c.is_whitespace()))
    })
}

/// The fields that differ between the items of two lists of the same
/// length whose items are all maps; `None` when they are not such lists.
pub(crate) fn changed_fields(old: &Value, new: &Value) -> Option<HashSet<String>> {
    let (a, b) = (old.as_array()?, new.as_array()?);
    if a.len() != b.len() {
        return None;
    }
    let mut fields = HashSet::new();
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (x.as_map()?, y.as_map()?);
        if std::ptr::eq(x, y) {
            // One value shared by both lists: kept from before the edit.
            continue;
        }
        for (k, v) in x {
            if y.get(k) != Some(v) {
                fields.insert(k.to_string());
            }
        }
        for k in y.keys() {
            if x.get(k).is_none() {
                fields.insert(k.to_string());
            }
        }
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, key: &str) -> Option<Vec<String>> {
        let keys = BTreeSet::from([key.to_string()]);
        item_fields(text, &keys)
            .remove(key)
            .map(|f| f.into_iter().collect())
    }

    #[test]
    fn finds_the_fields_a_loop_reads() {
        let text = "{% if data.reports %}<ul>{% for r in data.reports | reverse %}<li><a href=\"{{ r.url }}\"{% if r.lang != lang %} lang=\"{{ r.lang }}\"{% endif %}>{{ r.title }}</a></li>{% endfor %}</ul>{% endif %}";
        assert_eq!(
            fields(text, "reports"),
            Some(vec!["lang".into(), "title".into(), "url".into()])
        );
        let dashes = "<input data-x=\"1\">{%- for r in data.reports -%}{{ r.title }}{%- endfor %}";
        assert_eq!(fields(dashes, "reports"), Some(vec!["title".into()]));
    }

    #[test]
    fn anything_else_reads_every_field() {
        for text in [
            "{% for r in data.reports %}{{ <card report={r} /> }}{% endfor %}",
            "{% for r in data.reports %}{{ r | json_encode }}{% endfor %}",
            "{% for r in data.reports %}{{ r[\"title\"] }}{% endfor %}",
            "{% for r in data.reports | sort(attribute=\"x\") %}{{ r.title }}{% endfor %}",
            "{{ data.reports | length }}",
            "{{ data.reports[0].title }}",
            "{% set d = data %}{% for r in d.reports %}{{ r.title }}{% endfor %}",
            "{% for r in data.reports %}{% include \"card.html\" %}{% endfor %}",
            "{% for r in data.reports %}{{ r.title }}{% endfor %}{% set r = page %}",
            "{{ data.news }}",
        ] {
            assert_eq!(fields(text, "reports"), None, "{text}");
        }
    }

    #[test]
    fn finds_the_fields_of_a_context_list_inside_tags() {
        let text = "<section id=\"all-pages\"><p>{% if pages %}<ul>{% for p in pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endif %}{% for p in data.publications %}{{ p.title_lang }}{% endfor %}</section>";
        let found = context_fields(text, "pages").map(|f| f.into_iter().collect::<Vec<_>>());
        assert_eq!(
            found,
            Some(vec!["title".into(), "title_lang".into(), "url".into()])
        );
        for text in [
            "{% for p in pages %}{{ <card page={p} /> }}{% endfor %}",
            "{{ pages | length }}",
            "{% set all = pages %}",
            "{% for p in pages %}{% include \"x.html\" %}{% endfor %}",
        ] {
            assert_eq!(context_fields(text, "pages"), None, "{text}");
        }
        assert!(names_in_tags("{{ pages | length }}", "pages"));
        assert!(!names_in_tags(
            "<p id=\"all-pages\">{{ paginator.pages }}</p>",
            "pages"
        ));
    }

    #[test]
    fn names_the_fields_that_changed() {
        let list = |score: f64, title: &str| {
            Value::from_serializable(&serde_json::json!([
                {"title": "A", "score": 1.0},
                {"title": title, "score": score},
            ]))
        };
        let changed = |a: &Value, b: &Value| {
            changed_fields(a, b).map(|f| f.into_iter().collect::<BTreeSet<_>>())
        };
        assert_eq!(
            changed(&list(2.0, "B"), &list(2.5, "B")),
            Some(BTreeSet::from(["score".to_string()]))
        );
        assert_eq!(
            changed(&list(2.0, "B"), &list(2.0, "C")),
            Some(BTreeSet::from(["title".to_string()]))
        );
        let shorter = Value::from_serializable(&serde_json::json!([{"title": "A"}]));
        assert_eq!(changed(&list(2.0, "B"), &shorter), None);
    }
}
