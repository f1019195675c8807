//! Checks of the template sources that need no rendering, and places for
//! the errors Tera reports without one:
//!
//! - [`check_growth`]: Tera 2 has no limit on the size of values, so a
//!   `{% set s = s ~ s %}` inside a loop doubles `s` on every pass (40
//!   passes: a terabyte) before anything is written. Such a `set` (joining
//!   its own variable twice with `~`, a filter or a list; and a
//!   `{% set s %}…{% endset %}` block that uses `s` twice, in a loop) is an
//!   error when the templates are loaded, at its file and line. This finds
//!   the mistake as it is usually written, not every way to grow a value.
//! - [`circular_error`]: an `{% extends %}` or `{% include %}` cycle found
//!   by Tera is reported at the tag that closes the cycle.
//! - [`ComponentCalls`]: when Tera stops components that call each other
//!   without end (its depth limit), the message names a call of the cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, ErrorKind};

impl super::Renderer {
    /// The theme the renderer was made of (`serve` compares it with the
    /// theme on disk after an edit).
    pub fn theme(&self) -> &crate::theme::Theme {
        &self.theme
    }
}

/// A template's name, the file it is shown as, and its text.
pub struct Source<'a> {
    pub name: &'a str,
    pub shown: &'a Path,
    pub text: &'a str,
}

/// One `{% … %}` or `{{ … }}` tag: whether it is a block tag, its inside
/// (without `-` trim markers) and its byte offset in the template.
struct Tag<'a> {
    block: bool,
    inner: &'a str,
    offset: usize,
    /// The byte offset of `inner`.
    inner_offset: usize,
}

/// The tags of a template, in order. Comments `{# … #}` are skipped; a
/// string literal inside a tag may contain the closing delimiter.
fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'{', &bytes[i..]).map(|p| p + i) {
        let (block, close) = match bytes.get(at + 1) {
            Some(b'%') => (true, b'%'),
            Some(b'{') => (false, b'}'),
            Some(b'#') => {
                i = text[at..].find("#}").map_or(bytes.len(), |e| at + e + 2);
                continue;
            }
            _ => {
                i = at + 1;
                continue;
            }
        };
        let mut j = at + 2;
        let mut quote: Option<u8> = None;
        let mut end = None;
        while j + 1 < bytes.len() {
            let b = bytes[j];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
                None if b == close && bytes[j + 1] == b'}' => {
                    end = Some(j);
                    break;
                }
                None => {}
            }
            j += 1;
        }
        let Some(end) = end else { break };
        let raw = &text[at + 2..end];
        let start = raw.trim_start_matches('-').trim_start();
        let inner = start.trim_end().trim_end_matches('-').trim_end();
        found.push(Tag {
            block,
            inner,
            offset: at,
            inner_offset: at + 2 + (raw.len() - start.len()),
        });
        i = end + 2;
    }
    found
}

/// The 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

/// How often `name` occurs as a variable in an expression (not inside
/// string literals, not as a `.field`).
fn uses_of(expression: &str, name: &str) -> usize {
    let mut count = 0;
    let mut word = String::new();
    let mut previous = ' ';
    let mut word_after_dot = false;
    let mut quote: Option<char> = None;
    for c in expression.chars().chain([' ']) {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            previous = c;
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            if word.is_empty() {
                word_after_dot = previous == '.';
            }
            word.push(c);
        } else {
            if word == name && !word_after_dot {
                count += 1;
            }
            word.clear();
            if matches!(c, '"' | '\'' | '`') {
                quote = Some(c);
            }
        }
        previous = c;
    }
    count
}

/// `set NAME = EXPR` / `set_global NAME = EXPR` → (NAME, Some(EXPR));
/// a block `set NAME` → (NAME, None).
fn set_tag(inner: &str) -> Option<(&str, Option<&str>)> {
    let rest = inner
        .strip_prefix("set_global ")
        .or_else(|| inner.strip_prefix("set "))?
        .trim_start();
    match rest.split_once('=') {
        Some((name, value)) if !value.starts_with('=') => Some((name.trim(), Some(value))),
        _ => Some((rest.trim(), None)),
    }
}

/// Finds `set`s inside loops that use their own variable twice: each pass
/// doubles the value, exponentially, before anything is written.
pub fn check_growth(sources: &[Source]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for source in sources {
        let tags = tags(source.text);
        let mut loops = 0usize;
        // An open block `set NAME` inside a loop: its name, tag and uses so far.
        let mut capture: Option<(&str, usize, usize)> = None;
        for tag in &tags {
            let first = tag.inner.split_whitespace().next().unwrap_or("");
            if tag.block {
                match first {
                    "for" => loops += 1,
                    "endfor" => loops = loops.saturating_sub(1),
                    "endset" | "endset_global" => {
                        if let Some((name, at, uses)) = capture.take()
                            && uses >= 2
                        {
                            problems.push(doubling(source, at, name));
                        }
                    }
                    _ => {}
                }
                if let Some((name, value)) = set_tag(tag.inner) {
                    match value {
                        // Text joined with `~`, filters (`concat`, `join`,
                        // `replace`) or lists; numbers (`n + n`) only grow in value.
                        Some(value)
                            if loops > 0
                                && value.contains(['~', '|', '['])
                                && uses_of(value, name) >= 2 =>
                        {
                            problems.push(doubling(source, tag.offset, name));
                        }
                        None if loops > 0 => capture = Some((name, tag.offset, 0)),
                        _ => {}
                    }
                }
            } else if let Some((name, _, uses)) = &mut capture {
                *uses += uses_of(tag.inner, name);
            }
        }
    }
    problems
}

fn doubling(source: &Source, offset: usize, name: &str) -> Diagnostic {
    let (line, column) = line_col(source.text, offset);
    Diagnostic::error(ErrorKind::Template, msg!("template.doubling", name = name))
        .in_file(source.shown)
        .at(line, column)
        .with_source(source.text)
        .with_help(msg!("template.doubling-help", name = name))
}

/// Tera's `{% extends %}`/`{% include %}` cycle error, at the tag in the
/// template that closes the cycle. `None` for other errors.
pub fn circular_error(
    e: &tera::Error,
    sources: &[Source],
    files: &std::collections::HashMap<String, PathBuf>,
) -> Option<Diagnostic> {
    let (keyword, chain, tpl) = match e.kind() {
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => ("extends", inheritance_chain, tpl),
        tera::ErrorKind::CircularInclude { tpl, include_chain } => ("include", include_chain, tpl),
        _ => return None,
    };
    // Extends: `tpl` extends chain[0], which extends chain[1] … back to
    // `tpl`. Include: chain[0] includes chain[1] … includes `tpl`.
    let (from, to) = if keyword == "extends" {
        (
            tpl.as_str(),
            chain.first().map_or(tpl.as_str(), String::as_str),
        )
    } else {
        let n = chain.len();
        (
            chain
                .get(n.wrapping_sub(2))
                .map_or(tpl.as_str(), String::as_str),
            chain.last().map_or(tpl.as_str(), String::as_str),
        )
    };
    let mut cycle: Vec<&str> = vec![tpl.as_str()];
    cycle.extend(chain.iter().map(String::as_str));
    if keyword == "include" {
        cycle.remove(0);
    }
    if cycle.last() != cycle.first() || cycle.len() == 1 {
        cycle.push(tpl.as_str());
    }
    let mut d = Diagnostic::error(
        ErrorKind::Template,
        if keyword == "extends" {
            msg!("template.circle-extends", cycle = cycle.join(" → "))
        } else {
            msg!("template.circle-includes", cycle = cycle.join(" → "))
        },
    )
    .with_help(if keyword == "extends" {
        msg!("template.circle-extends-help")
    } else {
        msg!("template.circle-includes-help")
    });
    let file = files
        .get(from)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(format!("templates/{from}")));
    d = d.in_file(file);
    if let Some(source) = sources.iter().find(|s| s.name == from)
        && let Some(tag) = tags(source.text).into_iter().find(|t| {
            t.block
                && t.inner.starts_with(keyword)
                && (t.inner.contains(&format!("\"{to}\"")) || t.inner.contains(&format!("'{to}'")))
        })
    {
        let (line, column) = line_col(source.text, tag.offset);
        d = d.at(line, column).with_source(source.text);
    }
    Some(d)
}

/// Where each component is defined and which components it calls, to name
/// the circle when Tera stops endless component recursion.
#[derive(Default)]
pub struct ComponentCalls {
    defined: BTreeMap<String, Definition>,
}

/// Where a component is defined and the calls in its body.
struct Definition {
    file: PathBuf,
    text: String,
    /// (callee, byte offset of the call in `text`).
    calls: Vec<(String, usize)>,
}

impl ComponentCalls {
    pub fn new(sources: &[Source]) -> ComponentCalls {
        let mut defined = BTreeMap::new();
        for source in sources {
            let mut current: Option<(String, Vec<(String, usize)>)> = None;
            for tag in tags(source.text) {
                let inner = tag.inner;
                if tag.block
                    && let Some(rest) = inner.strip_prefix("component ")
                {
                    let name: String = rest
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
                        .collect();
                    current = Some((name, Vec::new()));
                } else if tag.block && inner.starts_with("endcomponent") {
                    if let Some((name, calls)) = current.take() {
                        defined.insert(
                            name,
                            Definition {
                                file: source.shown.to_path_buf(),
                                text: source.text.to_string(),
                                calls,
                            },
                        );
                    }
                } else if let Some((_, calls)) = &mut current {
                    for (at, _) in inner.match_indices('<') {
                        let callee: String = inner[at + 1..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
                            .collect();
                        if !callee.is_empty() {
                            calls.push((callee, tag.inner_offset + at));
                        }
                    }
                }
            }
        }
        ComponentCalls { defined }
    }

    /// The error for Tera's "recursion depth exceeded": at a call that
    /// belongs to a circle of components, naming the circle.
    pub fn recursion_error(&self, page: &str) -> Diagnostic {
        let help = msg!("template.recursion-help", page = page);
        for start in self.defined.keys() {
            if let Some(path) = self.circle_from(start) {
                let Definition { file, text, calls } = &self.defined[&path[path.len() - 2]];
                let callee = &path[path.len() - 1];
                let offset = calls
                    .iter()
                    .find(|(c, _)| c == callee)
                    .map_or(0, |(_, o)| *o);
                let (line, column) = line_col(text, offset);
                return Diagnostic::error(
                    ErrorKind::Template,
                    msg!("template.recursion", path = path.join(" → ")),
                )
                .in_file(file.clone())
                .at(line, column)
                .with_source(text)
                .with_help(help);
            }
        }
        Diagnostic::error(ErrorKind::Template, msg!("template.too-deep")).with_help(help)
    }

    /// A path of calls from `start` back to `start`, if there is one.
    fn circle_from(&self, start: &str) -> Option<Vec<String>> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![vec![start.to_string()]];
        while let Some(path) = stack.pop() {
            let last = path.last()?;
            let Some(Definition { calls, .. }) = self.defined.get(last) else {
                continue;
            };
            for (callee, _) in calls {
                if callee == start {
                    let mut done = path.clone();
                    done.push(callee.clone());
                    return Some(done);
                }
                if seen.insert(callee.clone()) {
                    let mut next = path.clone();
                    next.push(callee.clone());
                    stack.push(next);
                }
            }
        }
        None
    }
}

/// Tera's error for components that call each other beyond its depth limit.
pub fn is_component_recursion(e: &tera::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        if s.to_string().contains("recursion depth for components") {
            return true;
        }
        source = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source<'a>(name: &'a str, text: &'a str) -> Source<'a> {
        Source {
            name,
            shown: Path::new("templates/t.html"),
            text,
        }
    }

    #[test]
    fn doubling_in_a_loop_is_found_with_its_line() {
        let text = "a\n{% for i in range(end=40) %}\n  {%- set_global s = s ~ s -%}\n{% endfor %}";
        let found = check_growth(&[source("t.html", text)]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (Some(3), Some(3)));
        let captured = "{% for x in xs %}{% set s %}{{ s }}{{ s }}{% endset %}{% endfor %}";
        assert_eq!(check_growth(&[source("t.html", captured)]).len(), 1);
        for other in [
            "{% for x in xs %}{% set a = a | concat(with=a) %}{% endfor %}",
            "{% for x in xs %}{% set s = [s, s] | join(sep=\"\") %}{% endfor %}",
            "{% for x in xs %}{% set s = s | replace(from=\"a\", to=s) %}{% endfor %}",
        ] {
            assert_eq!(check_growth(&[source("t.html", other)]).len(), 1, "{other}");
        }
    }

    #[test]
    fn accumulating_one_item_at_a_time_is_fine() {
        for ok in [
            "{% for x in xs %}{% set s = s ~ x %}{% endfor %}",
            "{% set s = s ~ s %}",
            "{% for x in xs %}{% set s = s ~ \"s\" ~ x.s %}{% endfor %}",
            "{% for x in xs %}{% set n = n == 1 %}{% endfor %}",
            "{% for x in xs %}{% set n = n + n %}{% endfor %}",
        ] {
            assert!(check_growth(&[source("t.html", ok)]).is_empty(), "{ok}");
        }
    }

    #[test]
    fn a_circle_of_components_is_named_at_a_call() {
        let text = "{% component ping(n) %}\n<i>{{ <pong n={n} /> }}</i>\n{% endcomponent ping %}\n{% component pong(n) %}{{ <ping n={n} /> }}{% endcomponent pong %}";
        let calls = ComponentCalls::new(&[source("c.html", text)]);
        let d = calls.recursion_error("content/a.md");
        assert!(d.message.contains("ping → pong → ping"), "{}", d.message);
        assert_eq!(d.line, Some(4));
        let d2 = ComponentCalls::new(&[source(
            "c.html",
            "{% component a() %}{{ <b /> }}{% endcomponent a %}",
        )])
        .recursion_error("x");
        assert_eq!(d2.line, None);
    }
}
