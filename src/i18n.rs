//! Language rules: localised text, slugs, collation, dates, numbers and
//! plurals, with Latvian done right (see FACTS.md).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Text in YAML that is either the same in every language (a plain string)
/// or given per language code: `{lv: "…", en: "…"}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum LocalisedText {
    Same(String),
    PerLanguage(BTreeMap<String, String>),
}

impl LocalisedText {
    /// The text in `lang`, falling back to `default` and then to any language.
    pub fn get<'a>(&'a self, lang: &str, default: &str) -> &'a str {
        match self {
            LocalisedText::Same(s) => s,
            LocalisedText::PerLanguage(map) => map
                .get(lang)
                .or_else(|| map.get(default))
                .or_else(|| map.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }

    /// Language codes this text names explicitly.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        let keys: Vec<&str> = match self {
            LocalisedText::Same(_) => Vec::new(),
            LocalisedText::PerLanguage(map) => map.keys().map(String::as_str).collect(),
        };
        keys.into_iter()
    }
}

impl Default for LocalisedText {
    fn default() -> Self {
        LocalisedText::Same(String::new())
    }
}

/// A URL slug: diacritics stripped (ā→a, š→s …), lowercase ASCII letters and
/// digits, words joined by single hyphens. Emoji and other pictographs
/// separate words instead of being spelt out as English words
/// (`🎉 Svētki` → `svetki`).
pub fn slugify(text: &str) -> String {
    let words: String = text
        .chars()
        .map(|c| if is_pictograph(c) { ' ' } else { c })
        .collect();
    let ascii = deunicode::deunicode(&words);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// Arrows, technical and dingbat symbols, emoji and their joiners: signs
/// that are no letter and whose spelt-out names would be words nobody
/// wrote. (Letters and digits of every script, and currency signs such as
/// €, come before U+2190 or are alphanumeric.)
fn is_pictograph(c: char) -> bool {
    !c.is_alphanumeric() && (u32::from(c) >= 0x2190 || c == '\u{200D}')
}

/// Whether `id` can be used as one URL path segment as it is.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !id.starts_with('-')
}

/// Folds text for search and loose matching: lowercase, diacritics removed.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(&text.to_lowercase()).to_lowercase()
}

/// Sorts strings the way a reader of `lang` expects (CLDR collation; for
/// Latvian the long vowels and č, ģ, ķ, ļ, ņ, š, ž are letters of their own).
pub struct Collator {
    inner: Option<icu_collator::CollatorBorrowed<'static>>,
}

impl Collator {
    pub fn new(lang: &str) -> Self {
        let inner = icu_locale_core::Locale::try_from_str(lang)
            .ok()
            .and_then(|locale| {
                icu_collator::Collator::try_new(
                    locale.into(),
                    icu_collator::options::CollatorOptions::default(),
                )
                .ok()
            });
        Collator { inner }
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.inner {
            Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
            None => a.cmp(b),
        }
    }
}

/// The letter a name is filed under in a directory: Latvian keeps its own
/// letters (Ā, Č, Š …); other languages fold them to the base letter.
pub fn index_letter(name: &str, lang: &str) -> String {
    let first = name.chars().find(|c| c.is_alphanumeric());
    let Some(first) = first else {
        return "#".to_string();
    };
    if first.is_numeric() {
        return "#".to_string();
    }
    let upper: String = first.to_uppercase().collect();
    if lang == "lv" && LATVIAN_LETTERS.contains(&upper.as_str()) {
        return upper;
    }
    let folded = deunicode::deunicode(&upper).to_uppercase();
    folded
        .chars()
        .next()
        .map(|c| c.to_string())
        .unwrap_or(upper)
}

const LATVIAN_LETTERS: &[&str] = &[
    "A", "Ā", "B", "C", "Č", "D", "E", "Ē", "F", "G", "Ģ", "H", "I", "Ī", "J", "K", "Ķ", "L", "Ļ",
    "M", "N", "Ņ", "O", "P", "R", "S", "Š", "T", "U", "Ū", "V", "Z", "Ž",
];

/// A calendar date (and optional time of day) from front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// Seconds since midnight, if a time was given.
    pub seconds: Option<u32>,
}

impl Date {
    /// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` or a space and
    /// the time, and an ignored zone (`Z`, `+02:00`).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let (date, time) = match text.find(['T', ' ']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        let mut parts = date.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        if parts.next().is_some()
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        if !(1000..=9999).contains(&year) {
            return None;
        }
        let seconds = match time {
            None => None,
            Some(t) => Some(parse_time(t)?),
        };
        Some(Date {
            year,
            month,
            day,
            seconds,
        })
    }

    /// RFC 3339 timestamp with the time taken as UTC (page feeds use
    /// `schedule::Clock::date_rfc3339`, in the site's time zone).
    pub fn rfc3339(&self) -> String {
        let s = self.seconds.unwrap_or(0);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year,
            self.month,
            self.day,
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    }

    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The long form in `lang`: "2024. gada 5. marts", "5 March 2024".
    pub fn long(&self, lang: &str) -> String {
        match lang {
            "lv" => format!(
                "{}. gada {}. {}",
                self.year,
                self.day,
                LV_MONTHS[self.month as usize - 1]
            ),
            _ => format!(
                "{} {} {}",
                self.day,
                EN_MONTHS[self.month as usize - 1],
                self.year
            ),
        }
    }

    /// "On" a date: Latvian uses the locative ("2024. gada 5. martā").
    pub fn on(&self, lang: &str) -> String {
        match lang {
            "lv" => format!(
                "{}. gada {}. {}",
                self.year,
                self.day,
                LV_MONTHS_LOCATIVE[self.month as usize - 1]
            ),
            _ => format!("on {}", self.long(lang)),
        }
    }

    /// Day and month without the year, "on" that day: "5. martā", "5 March".
    pub fn day_month_on(&self, lang: &str) -> String {
        match lang {
            "lv" => format!(
                "{}. {}",
                self.day,
                LV_MONTHS_LOCATIVE[self.month as usize - 1]
            ),
            _ => format!("{} {}", self.day, EN_MONTHS[self.month as usize - 1]),
        }
    }

    /// The time of day in `lang`: "10.00" in Latvian, "10:00" in English;
    /// empty without a time.
    pub fn time_of_day(&self, lang: &str) -> String {
        let Some(s) = self.seconds else {
            return String::new();
        };
        let sep = if lang == "lv" { '.' } else { ':' };
        format!("{:02}{sep}{:02}", s / 3600, s / 60 % 60)
    }

    /// The short form: "05.03.2024" in Latvian, "05/03/2024" in British English.
    pub fn short(&self, lang: &str) -> String {
        match lang {
            "lv" => format!("{:02}.{:02}.{:04}", self.day, self.month, self.year),
            _ => format!("{:02}/{:02}/{:04}", self.day, self.month, self.year),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

fn parse_time(t: &str) -> Option<u32> {
    let t = t.trim_end_matches('Z');
    let t = match t.find(['+', '-']) {
        Some(i) => &t[..i],
        None => t,
    };
    let mut parts = t.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = match parts.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    (h < 24 && m < 60 && s < 61).then_some(h * 3600 + m * 60 + s)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

const LV_MONTHS: [&str; 12] = [
    "janvāris",
    "februāris",
    "marts",
    "aprīlis",
    "maijs",
    "jūnijs",
    "jūlijs",
    "augusts",
    "septembris",
    "oktobris",
    "novembris",
    "decembris",
];
const LV_MONTHS_LOCATIVE: [&str; 12] = [
    "janvārī",
    "februārī",
    "martā",
    "aprīlī",
    "maijā",
    "jūnijā",
    "jūlijā",
    "augustā",
    "septembrī",
    "oktobrī",
    "novembrī",
    "decembrī",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A number with `decimals` digits after the separator, in the locale of
/// `lang`: "2,7" and "24 367" (no-break space) in Latvian, "2.7" and
/// "24,367" in English.
pub fn format_number(value: f64, decimals: usize, lang: &str) -> String {
    let (decimal_sep, group_sep) = match lang {
        "en" => (".", ","),
        _ => (",", "\u{a0}"),
    };
    let text = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if value < 0.0 && text.chars().any(|c| c != '0' && c != '.') {
        out.push('−');
    }
    // Latvian (like CLDR) leaves four-digit numbers ungrouped.
    let group = int_part.len() > 4 || (lang == "en" && int_part.len() > 3);
    for (i, c) in int_part.chars().enumerate() {
        if group && i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push_str(group_sep);
        }
        out.push(c);
    }
    if let Some(frac) = frac_part {
        out.push_str(decimal_sep);
        out.push_str(frac);
    }
    out
}

/// The CLDR plural category of `n` in `lang`: "zero", "one" or "other".
pub fn plural_category(n: u64, lang: &str) -> &'static str {
    match lang {
        "lv" => {
            if n.is_multiple_of(10) || (11..=19).contains(&(n % 100)) {
                "zero"
            } else if n % 10 == 1 && n % 100 != 11 {
                "one"
            } else {
                "other"
            }
        }
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_strip_latvian_diacritics() {
        assert_eq!(
            slugify("Ģimeņu ābeļdārzs un Čiekuri!"),
            "gimenu-abeldarzs-un-ciekuri"
        );
        assert_eq!(
            slugify("  Ilgtspējas indekss 2024 "),
            "ilgtspejas-indekss-2024"
        );
        assert_eq!(slugify("ŠĶŪŅ"), "skun");
        assert_eq!(slugify("🎉 Svētki ✅ un 👩‍💻 darbs"), "svetki-un-darbs");
        assert_eq!(slugify("Cena 5 €"), "cena-5-eur");
    }

    #[test]
    fn latvian_collation_keeps_long_vowels_apart() {
        let c = Collator::new("lv");
        let mut names = vec![
            "Zaļie",
            "Ābele",
            "Čakste",
            "Agris",
            "Šķūnis",
            "Cēsis",
            "Žagata",
            "Ģimene",
            "Gauja",
            "Sala",
        ];
        names.sort_by(|a, b| c.compare(a, b));
        assert_eq!(
            names,
            [
                "Agris",
                "Ābele",
                "Cēsis",
                "Čakste",
                "Gauja",
                "Ģimene",
                "Sala",
                "Šķūnis",
                "Zaļie",
                "Žagata"
            ]
        );
    }

    #[test]
    fn index_letters_follow_the_language() {
        assert_eq!(index_letter("Ābele", "lv"), "Ā");
        assert_eq!(index_letter("Ābele", "en"), "A");
        assert_eq!(index_letter("„Šķūnis”", "lv"), "Š");
        assert_eq!(index_letter("4H klubs", "lv"), "#");
    }

    #[test]
    fn dates_in_both_languages() {
        let d = Date::parse("2024-03-05").unwrap();
        assert_eq!(d.long("lv"), "2024. gada 5. marts");
        assert_eq!(d.on("lv"), "2024. gada 5. martā");
        assert_eq!(d.long("en"), "5 March 2024");
        assert_eq!(d.short("lv"), "05.03.2024");
        assert_eq!(Date::parse("2024-02-30"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(
            Date::parse("2024-03-05T10:30:00Z").unwrap().rfc3339(),
            "2024-03-05T10:30:00Z"
        );
    }

    #[test]
    fn numbers_in_locale() {
        assert_eq!(format_number(2.7, 1, "lv"), "2,7");
        assert_eq!(format_number(2.7, 1, "en"), "2.7");
        assert_eq!(format_number(24367.0, 0, "lv"), "24\u{a0}367");
        assert_eq!(format_number(24367.0, 0, "en"), "24,367");
        assert_eq!(format_number(1068.0, 0, "lv"), "1068");
        assert_eq!(format_number(-0.3, 1, "lv"), "−0,3");
    }

    #[test]
    fn latvian_plurals() {
        let cat: Vec<_> = [0, 1, 2, 10, 11, 21, 111, 25]
            .iter()
            .map(|&n| plural_category(n, "lv"))
            .collect();
        assert_eq!(
            cat,
            [
                "zero", "one", "other", "zero", "zero", "one", "zero", "other"
            ]
        );
    }
}
