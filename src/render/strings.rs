//! The theme's translated strings (`i18n/LANG.yaml`): plain strings, or
//! plural forms by CLDR category (`{zero, one, other}`) with `{n}` for the count.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::{format_number, plural_category};
use crate::theme::Theme;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// A theme string that cannot be given, with what the message needs; it
/// becomes a catalogue message (`theme.*`) when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranslationError {
    /// The language's strings file has no `key`.
    Missing { key: String, lang: String },
    /// `key` has plural forms but no `other` form for a count that needs it.
    NoOtherForm { key: String, lang: String },
}

impl TranslationError {
    pub fn message(&self) -> crate::messages::Message {
        match self {
            TranslationError::Missing { key, lang } => {
                msg!("theme.missing-string", key = key, lang = lang)
            }
            TranslationError::NoOtherForm { key, lang } => {
                msg!("theme.no-other-form", key = key, lang = lang)
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Strings {
    by_lang: HashMap<String, BTreeMap<String, Entry>>,
}

impl Strings {
    /// Reads `i18n/LANG.yaml` of the theme for every language of the site.
    pub fn load(theme: &Theme, languages: &[String]) -> Result<Strings, Vec<Diagnostic>> {
        let mut strings = Strings::default();
        let mut problems = Vec::new();
        for lang in languages {
            let rel = format!("i18n/{lang}.yaml");
            let Some(file) = theme.file(&rel) else {
                let known: Vec<&str> = theme
                    .files
                    .keys()
                    .filter_map(|k| k.strip_prefix("i18n/")?.strip_suffix(".yaml"))
                    .collect();
                problems.push(
                    Diagnostic::error(
                        ErrorKind::Translation,
                        msg!("theme.no-strings", lang = lang, known = known.join(", ")),
                    )
                    .in_file("content/site.yaml")
                    .with_help(msg!("theme.no-strings-help", file = &rel)),
                );
                continue;
            };
            let text = match String::from_utf8(file.bytes.clone()) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(Diagnostic::not_utf8(&file.shown, &e));
                    continue;
                }
            };
            match crate::yaml::parse::<BTreeMap<String, Entry>>(&text, &file.shown, 0) {
                Ok(map) => {
                    strings.by_lang.insert(lang.clone(), map);
                }
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(strings)
        } else {
            Err(problems)
        }
    }

    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        match self.by_lang.get(lang)?.get(key)? {
            Entry::Text(s) => Some(s),
            Entry::Plural(map) => map.get("other").map(String::as_str),
        }
    }

    /// The string for `key`, with the plural form for `n` and `{n}` filled in.
    pub fn translate(
        &self,
        lang: &str,
        key: &str,
        n: Option<f64>,
    ) -> Result<String, TranslationError> {
        let error = |missing: bool| {
            let (key, lang) = (key.to_string(), lang.to_string());
            if missing {
                TranslationError::Missing { key, lang }
            } else {
                TranslationError::NoOtherForm { key, lang }
            }
        };
        let entry = self
            .by_lang
            .get(lang)
            .and_then(|m| m.get(key))
            .ok_or_else(|| error(true))?;
        let template = match (entry, n) {
            (Entry::Text(s), _) => s.as_str(),
            (Entry::Plural(map), Some(n)) => {
                let category = plural_category(n.abs() as u64, lang);
                map.get(category)
                    .or_else(|| map.get("other"))
                    .map(String::as_str)
                    .ok_or_else(|| error(false))?
            }
            (Entry::Plural(map), None) => map.get("other").map(String::as_str).unwrap_or(""),
        };
        Ok(match n {
            Some(n) => template.replace(
                "{n}",
                &format_number(n, if n.fract() == 0.0 { 0 } else { 1 }, lang),
            ),
            None => template.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Strings {
        let mut s = Strings::default();
        let map: BTreeMap<String, Entry> = crate::yaml::parse(
            "members: {zero: \"{n} biedru\", one: \"{n} biedrs\", other: \"{n} biedri\"}\nhome: Sākums\n",
            std::path::Path::new("lv.yaml"),
            0,
        )
        .unwrap();
        s.by_lang.insert("lv".into(), map);
        s
    }

    #[test]
    fn plural_forms_follow_latvian_rules() {
        let s = strings();
        assert_eq!(s.translate("lv", "members", Some(1.0)).unwrap(), "1 biedrs");
        assert_eq!(s.translate("lv", "members", Some(2.0)).unwrap(), "2 biedri");
        assert_eq!(
            s.translate("lv", "members", Some(10.0)).unwrap(),
            "10 biedru"
        );
        assert_eq!(
            s.translate("lv", "members", Some(21.0)).unwrap(),
            "21 biedrs"
        );
    }

    #[test]
    fn missing_key_names_key_and_language() {
        let err = strings().translate("lv", "nav", None).unwrap_err();
        assert_eq!(
            err,
            TranslationError::Missing {
                key: "nav".into(),
                lang: "lv".into()
            }
        );
        assert_eq!(
            err.message().render(crate::messages::Lang::En),
            "missing translation `nav` for language `lv`: add it to the theme's i18n/lv.yaml"
        );
    }

    #[test]
    fn plural_forms_without_other_are_named() {
        let mut s = Strings::default();
        let map: BTreeMap<String, Entry> = crate::yaml::parse(
            "members: {one: \"{n} biedrs\"}\n",
            std::path::Path::new("lv.yaml"),
            0,
        )
        .unwrap();
        s.by_lang.insert("lv".into(), map);
        assert_eq!(
            s.translate("lv", "members", Some(3.0)).unwrap_err(),
            TranslationError::NoOtherForm {
                key: "members".into(),
                lang: "lv".into()
            }
        );
    }
}
