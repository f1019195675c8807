//! The message catalogues, `messages/en.yaml` and `messages/lv.yaml`,
//! compiled into the binary, and the rendering of a key with its arguments.
//!
//! A catalogue is YAML (the format editors already know from the theme's
//! strings): nested maps whose paths joined with dots are the keys
//! (`yaml: {unknown-key: …}` is `yaml.unknown-key`). A text names its
//! arguments as `{name}`. A text that depends on a number is a map of CLDR
//! plural forms chosen by the argument `count`: `one` and `other` in
//! English, `zero`, `one` and `other` in Latvian (0, 10–20, 30 … → `zero`:
//! "0 kļūdu"; 1, 21, 31 … → `one`: "21 kļūda"; the rest → `other`).
//! Tests below check that both catalogues have the same keys and the same
//! placeholders, and that every key the code uses exists.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::{Arg, Lang};

const ENGLISH: &str = include_str!("../../messages/en.yaml");
const LATVIAN: &str = include_str!("../../messages/lv.yaml");

/// One entry: a text, or its plural forms.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

impl Entry {
    /// Every text of the entry (all plural forms).
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Entry::Text(t) => vec![t.as_str()],
            Entry::Plural(forms) => forms.values().map(String::as_str).collect(),
        }
    }
}

pub type Catalogue = BTreeMap<String, Entry>;

/// The plural form names an entry may have.
const PLURAL_FORMS: [&str; 3] = ["zero", "one", "other"];

/// Reads a catalogue's text. The catalogues are compiled in and checked by
/// the tests, so a broken one is a bug in alianse; it reads as empty rather
/// than stopping the program (messages then show their keys).
pub fn parse(text: &str) -> Result<Catalogue, String> {
    let tree: serde_json::Value = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Catalogue::new();
    flatten("", &tree, &mut out)?;
    Ok(out)
}

fn flatten(prefix: &str, node: &serde_json::Value, out: &mut Catalogue) -> Result<(), String> {
    use serde_json::Value;
    match node {
        Value::String(text) => {
            out.insert(prefix.to_string(), Entry::Text(text.clone()));
        }
        Value::Object(map) if !prefix.is_empty() && is_plural(map) => {
            let forms = map
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect();
            out.insert(prefix.to_string(), Entry::Plural(forms));
        }
        Value::Object(map) => {
            for (name, child) in map {
                let key = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                flatten(&key, child, out)?;
            }
        }
        other => return Err(format!("`{prefix}`: expected a text, found {other}")),
    }
    Ok(())
}

fn is_plural(map: &serde_json::Map<String, serde_json::Value>) -> bool {
    map.contains_key("other")
        && map
            .iter()
            .all(|(k, v)| PLURAL_FORMS.contains(&k.as_str()) && v.is_string())
}

/// The catalogue of `lang`, read once.
pub fn catalogue(lang: Lang) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static LV: OnceLock<Catalogue> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::En => (&EN, ENGLISH),
        Lang::Lv => (&LV, LATVIAN),
    };
    cell.get_or_init(|| parse(text).unwrap_or_default())
}

/// The text of `key` in `lang` with `args` filled in; the English text when
/// `lang` lacks the key, and the key itself when no catalogue has it.
pub fn render(lang: Lang, key: &str, args: &[(&'static str, Arg)]) -> String {
    let entry = catalogue(lang)
        .get(key)
        .map(|e| (e, lang))
        .or_else(|| catalogue(Lang::En).get(key).map(|e| (e, Lang::En)));
    let Some((entry, lang)) = entry else {
        return key.to_string();
    };
    let text = match entry {
        Entry::Text(text) => text.as_str(),
        Entry::Plural(forms) => {
            let count = args
                .iter()
                .find(|(name, _)| *name == "count")
                .and_then(|(_, arg)| match arg {
                    Arg::Text(t) => t.parse::<u64>().ok(),
                    Arg::Message(_) => None,
                })
                .unwrap_or(0);
            let form = crate::i18n::plural_category(count, lang.code());
            forms
                .get(form)
                .or_else(|| forms.get("other"))
                .map(String::as_str)
                .unwrap_or_default()
        }
    };
    fill(text, lang, args)
}

/// Replaces each `{name}` with its argument; other braces stay as they are.
fn fill(text: &str, lang: Lang, args: &[(&'static str, Arg)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let arg = close.and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| (a, close))
        });
        match arg {
            Some((arg, close)) => {
                match arg {
                    Arg::Text(t) => out.push_str(t),
                    Arg::Message(m) => out.push_str(&m.render(lang)),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a text, in order, without repeats.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()) =>
            {
                let name = after[..close].to_string();
                if !found.contains(&name) {
                    found.push(name);
                }
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn both() -> (Catalogue, Catalogue) {
        let en = parse(ENGLISH).expect("messages/en.yaml parses");
        let lv = parse(LATVIAN).expect("messages/lv.yaml parses");
        (en, lv)
    }

    /// The placeholders used anywhere in an entry (all its plural forms).
    fn entry_placeholders(entry: &Entry) -> BTreeSet<String> {
        entry
            .texts()
            .into_iter()
            .flat_map(placeholders)
            .filter(|p| p != "count" || !matches!(entry, Entry::Plural(_)))
            .collect()
    }

    /// The differences between two catalogues: keys in one only, and
    /// placeholders used in one language but not the other.
    fn differences(en: &Catalogue, lv: &Catalogue) -> Vec<String> {
        let mut problems = Vec::new();
        for key in en.keys().filter(|k| !lv.contains_key(*k)) {
            problems.push(format!("`{key}` is in en.yaml only"));
        }
        for key in lv.keys().filter(|k| !en.contains_key(*k)) {
            problems.push(format!("`{key}` is in lv.yaml only"));
        }
        for (key, en_entry) in en {
            let Some(lv_entry) = lv.get(key) else {
                continue;
            };
            let (a, b) = (entry_placeholders(en_entry), entry_placeholders(lv_entry));
            for missing in a.difference(&b) {
                problems.push(format!("`{key}`: {{{missing}}} is missing in lv.yaml"));
            }
            for missing in b.difference(&a) {
                problems.push(format!("`{key}`: {{{missing}}} is missing in en.yaml"));
            }
            if let Entry::Plural(forms) = lv_entry {
                for form in ["zero", "one", "other"] {
                    if !forms.contains_key(form) {
                        problems.push(format!("`{key}`: lv.yaml lacks the `{form}` form"));
                    }
                }
            }
        }
        problems
    }

    #[test]
    fn both_catalogues_have_the_same_keys_and_placeholders() {
        let (en, lv) = both();
        assert!(en.len() > 50, "{} keys", en.len());
        let problems = differences(&en, &lv);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_comparison_finds_a_key_in_one_language_only_and_a_lost_placeholder() {
        let en = parse("a: {b: \"x {one} {two}\", c: \"y\"}").unwrap();
        let lv = parse("a: {b: \"x {one}\"}\nd: \"z\"").unwrap();
        let problems = differences(&en, &lv);
        assert_eq!(
            problems,
            [
                "`a.c` is in en.yaml only",
                "`d` is in lv.yaml only",
                "`a.b`: {two} is missing in lv.yaml"
            ]
        );
    }

    /// Every `msg!("key"` in src/ (and every CLI help key the command tree
    /// asks for, tested in cli) names a key of the English catalogue; the
    /// test above then makes sure Latvian has it too.
    #[test]
    fn every_key_used_in_the_code_is_in_the_catalogues() {
        let (en, _) = both();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut used = 0;
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.path().extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for key in used_keys(&text) {
                used += 1;
                if !en.contains_key(&key) {
                    missing.push(format!("{}: `{key}`", entry.path().display()));
                }
            }
        }
        assert!(used > 50, "only {used} keys found: is the scan broken?");
        assert!(
            missing.is_empty(),
            "not in the catalogues:\n{}",
            missing.join("\n")
        );
    }

    /// The keys of `msg!("…"` uses in a source text (not in comments).
    fn used_keys(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for line in text.lines() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let mut rest = line;
            while let Some(at) = rest.find("msg!(\"") {
                let after = &rest[at + 6..];
                let Some(end) = after.find('"') else { break };
                keys.push(after[..end].to_string());
                rest = &after[end..];
            }
        }
        keys
    }

    #[test]
    fn the_scan_finds_keys_but_not_in_comments() {
        let text = "let a = msg!(\"x.y\", n = 1);\n// msg!(\"no\")\nf(msg!(\"p\"), msg!(\"q\"));";
        assert_eq!(used_keys(text), ["x.y", "p", "q"]);
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let count = |n: usize| vec![("count", Arg::Text(n.to_string()))];
        let lv: Vec<String> = [0, 1, 2, 10, 11, 21, 22]
            .into_iter()
            .map(|n| render(Lang::Lv, "summary.errors", &count(n)))
            .collect();
        assert_eq!(
            lv,
            [
                "0 kļūdu",
                "1 kļūda",
                "2 kļūdas",
                "10 kļūdu",
                "11 kļūdu",
                "21 kļūda",
                "22 kļūdas"
            ]
        );
        assert_eq!(
            render(Lang::En, "summary.errors", &count(1)),
            "1 error found"
        );
        assert_eq!(
            render(Lang::En, "summary.errors", &count(2)),
            "2 errors found"
        );
    }

    #[test]
    fn unknown_placeholders_and_keys_are_left_visible() {
        let args = vec![("a", Arg::Text("A".into()))];
        assert_eq!(fill("{a} {b} {", Lang::En, &args), "A {b} {");
        assert_eq!(render(Lang::Lv, "no.such.key", &[]), "no.such.key");
    }
}
