//! The shape of the source tree, checked on every `cargo test` (and first in
//! `.ci/run`): the modules under src/ import each other without a cycle and
//! never "up" a phase, and files and functions stay small enough to read.
//!
//! Imports are every `crate::` path in the code (not only `use` lines),
//! after comments, strings and character literals are taken out. The graph
//! is over the crate's top-level modules (`src/site.rs` and `src/site/*.rs`
//! are both `site`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The phases, lowest first: a module may use its own phase and those
/// before it, never one after it.
const PHASES: &[&[&str]] = &[
    &["config", "data"],
    &["content"],
    &["collections"],
    &["site"],
    &["render", "site_files"],
    &["output"],
    &["build"],
    &["serve"],
    &["cli"],
];

/// The ground floor: helpers every phase uses, which use nothing from the
/// crate but each other and `error`.
const GROUND: &[&str] = &["terminal", "paths", "url", "safe_fs", "open_data"];

/// A file over this many lines should be split along its responsibilities.
const MAX_FILE_LINES: usize = 600;

/// A function over this many lines needs a comment above it containing
/// "long because" (saying why it is not split).
const MAX_FN_LINES: usize = 80;

/// Functions (`file: name`) still over [`MAX_FN_LINES`] without a reason,
/// each to be split; the test fails when one gets under the limit.
const FUNCTIONS_TO_SPLIT: &[&str] = &[
    "src/config/cms.rs: validate",
    "src/config/validate.rs: validate",
    "src/content/front_matter.rs: check_front_matter",
    "src/content/walk.rs: transform",
    "src/images/process.rs: make",
    "src/collections/reports/charts.rs: trend_line",
];

/// Files still over [`MAX_FILE_LINES`], each to be split; the test fails
/// when one of them gets under the limit, so that it leaves this list.
const FILES_TO_SPLIT: &[&str] = &[];

fn src_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// `src/site/urls.rs` → `site`; `None` for the crate roots.
fn top_module(rel: &str) -> Option<String> {
    let inner = rel.strip_prefix("src/")?;
    let first = inner.split('/').next()?.trim_end_matches(".rs");
    (!matches!(first, "lib" | "main")).then(|| first.to_string())
}

/// The source with comments, string and character literals blanked out
/// (line breaks kept, so that line numbers stay right).
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&b, i) {
            // A raw string r"…" or r#"…"#.
            let mut j = i + 1;
            while b.get(j) == Some(&'#') {
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            let end: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let end: Vec<char> = end.chars().collect();
            j += 1;
            while j < b.len() && !b[j..].starts_with(&end) {
                j += 1;
            }
            j = (j + end.len()).min(b.len());
            out.extend(b[i..j].iter().map(|&c| blank(c)));
            i = j;
        } else if c == '"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != '"' {
                j += if b[j] == '\\' { 2 } else { 1 };
            }
            j = (j + 1).min(b.len());
            out.extend(b[i..j].iter().map(|&c| blank(c)));
            i = j;
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{1b}'); otherwise a lifetime.
            let close = if next == Some('\\') {
                (i + 2..b.len().min(i + 12)).find(|&j| b[j] == '\'')
            } else {
                (b.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            match close {
                Some(j) => {
                    out.extend(b[i..=j].iter().map(|&c| blank(c)));
                    i = j + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// The first path segment after each `crate::`, with its line:
/// `crate::site::Site` → `site`; `crate::{a::b, c}` → `a` and `c`.
fn crate_paths(code: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut rest = code;
    let mut offset = 0;
    while let Some(at) = rest.find("crate::") {
        let start = offset + at;
        let before = code[..start].chars().next_back();
        offset = start + "crate::".len();
        rest = &code[offset..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && c == ',' {
                    items.push(std::mem::take(&mut item));
                } else {
                    item.push(c);
                }
            }
            items.push(item);
            for item in items {
                let name: String = item
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push((name, line));
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push((name, line));
        }
    }
    found
}

/// Module → the modules it uses, each with one place that uses it.
fn module_graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for path in src_files() {
        let rel = relative(&path);
        let Some(from) = top_module(&rel) else {
            continue;
        };
        let code = code_only(&fs::read_to_string(&path).unwrap());
        let uses = graph.entry(from.clone()).or_default();
        for (to, line) in crate_paths(&code) {
            if to != from && to != "self" {
                uses.entry(to).or_insert_with(|| format!("{rel}:{line}"));
            }
        }
    }
    graph
}

/// The strongly connected groups of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeMap<String, String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flat_map(|m| m.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn modules_import_each_other_without_a_cycle() {
    let graph = module_graph();
    let mut report = String::new();
    for group in cycles(&graph) {
        report.push_str(&format!("cycle among {}:\n", group.join(", ")));
        for a in &group {
            for (b, place) in &graph[a] {
                if group.contains(b) {
                    report.push_str(&format!("  {a} -> {b} ({place})\n"));
                }
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn no_phase_imports_a_later_phase() {
    let phase = |m: &str| PHASES.iter().position(|p| p.contains(&m));
    let mut report = String::new();
    for (from, uses) in module_graph() {
        for (to, place) in uses {
            if let (Some(a), Some(b)) = (phase(&from), phase(&to))
                && b > a
            {
                report.push_str(&format!("{from} uses the later phase {to} ({place})\n"));
            }
            if GROUND.contains(&from.as_str()) && !GROUND.contains(&to.as_str()) && to != "error" {
                report.push_str(&format!("ground-floor {from} uses {to} ({place})\n"));
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn source_files_stay_under_the_size_limit() {
    let mut report = String::new();
    for path in src_files() {
        let rel = relative(&path);
        let lines = fs::read_to_string(&path).unwrap().lines().count();
        let listed = FILES_TO_SPLIT.contains(&rel.as_str());
        if lines > MAX_FILE_LINES && !listed {
            report.push_str(&format!(
                "{rel} has {lines} lines (limit {MAX_FILE_LINES}): split it\n"
            ));
        }
        if lines <= MAX_FILE_LINES && listed {
            report.push_str(&format!("{rel} is split now: take it off FILES_TO_SPLIT\n"));
        }
    }
    assert!(report.is_empty(), "{report}");
}

/// Each `fn` with its line and length in lines, and whether the comment
/// lines right above it (doc comments, attributes between) say why it is long.
fn functions(src: &str) -> Vec<(String, usize, usize, bool)> {
    let code = code_only(src);
    let code_lines: Vec<&str> = code.lines().collect();
    let src_lines: Vec<&str> = src.lines().collect();
    let mut found = Vec::new();
    for (i, line) in code_lines.iter().enumerate() {
        let Some(at) = find_fn(line) else {
            continue;
        };
        let name: String = line[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The body: from the first `{` after the signature to its match; a
        // `;` first means a declaration without a body.
        let mut depth = 0usize;
        let mut end = None;
        'lines: for (j, l) in code_lines.iter().enumerate().skip(i) {
            let from = if j == i { at } else { 0 };
            for c in l[from..].chars() {
                match c {
                    ';' if depth == 0 => break 'lines,
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(j);
                            break 'lines;
                        }
                    }
                    _ => {}
                }
            }
        }
        let Some(end) = end else {
            continue;
        };
        let explained = src_lines[..i]
            .iter()
            .rev()
            .take_while(|l| {
                let t = l.trim_start();
                t.starts_with("//") || t.starts_with("#[")
            })
            .any(|l| l.contains("long because"));
        found.push((name, i + 1, end - i + 1, explained));
    }
    found
}

/// Where `fn ` starts in a line of code, as a keyword.
fn find_fn(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = line[from..].find("fn ") {
        let at = from + at;
        let before = line[..at].chars().next_back();
        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_')) {
            return Some(at);
        }
        from = at + 3;
    }
    None
}

#[test]
fn functions_stay_under_the_size_limit_or_say_why() {
    let mut report = String::new();
    let mut still_long = BTreeSet::new();
    for path in src_files() {
        let rel = relative(&path);
        for (name, line, len, explained) in functions(&fs::read_to_string(&path).unwrap()) {
            let key = format!("{rel}: {name}");
            if len > MAX_FN_LINES && !explained && FUNCTIONS_TO_SPLIT.contains(&key.as_str()) {
                still_long.insert(key);
            } else if len > MAX_FN_LINES && !explained {
                report.push_str(&format!(
                    "{rel}:{line}: fn {name} has {len} lines (limit {MAX_FN_LINES}): split it, \
                     or say above it why not (a comment with \"long because\")\n"
                ));
            }
        }
    }
    for listed in FUNCTIONS_TO_SPLIT {
        if !still_long.contains(*listed) {
            report.push_str(&format!(
                "{listed} is short now: take it off FUNCTIONS_TO_SPLIT\n"
            ));
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_checks_see_what_they_look_for() {
    let code = code_only(
        "use crate::{a::b, c};\n// crate::not_this\nlet s = \"crate::nor_this\";\nlet q = '\"'; crate::d::e();\nlet r = r#\"crate::raw\"#;\n",
    );
    let found: Vec<_> = crate_paths(&code)
        .into_iter()
        .map(|(m, l)| format!("{m}:{l}"))
        .collect();
    assert_eq!(found, ["a:1", "c:1", "d:4"]);

    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (a, b) in [("x", "y"), ("y", "z"), ("z", "x"), ("z", "w")] {
        graph
            .entry(a.into())
            .or_default()
            .insert(b.into(), String::new());
    }
    assert_eq!(cycles(&graph), [["x", "y", "z"]]);

    let src = "/// Does things.\nfn short() {\n    let x = '}';\n}\n// long because: a table\nfn long() {\n}\nfn decl();\n";
    let fns = functions(src);
    assert_eq!(
        fns,
        [
            ("short".to_string(), 2, 3, false),
            ("long".to_string(), 6, 2, true)
        ]
    );
}
