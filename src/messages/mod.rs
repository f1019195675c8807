//! The language of alianse's own messages (diagnostics, hints, summary and
//! progress lines, CLI help, the serve error overlay) and the keyed
//! [`Message`]s that are rendered in it.
//!
//! The texts live in one catalogue per language, `messages/en.yaml` and
//! `messages/lv.yaml`, compiled into the binary (see [`catalogue`]). Code
//! names a text by key and passes its arguments with [`msg!`](crate::msg):
//!
//! ```
//! let m = alianse::msg!("yaml.unknown-key", key = "titel");
//! assert_eq!(m.render(alianse::messages::Lang::Lv), "nezināma atslēga `titel`");
//! ```
//!
//! A [`Message`] keeps its key and arguments, so it is rendered when it is
//! shown — by the CLI printer or the serve overlay — in the chosen
//! language. A plain `String` converts into an untranslated message, so code
//! that still writes `Diagnostic::error(kind, format!(…))` keeps compiling;
//! such literals are shown as they are in every language.
//!
//! The language is chosen by `--lang`, then `ALIANSE_LANG`, then
//! `LC_ALL`/`LC_MESSAGES`/`LANG` (`lv_LV.UTF-8` → Latvian), then English
//! ([`resolve`]); the CLI sets it once for the process ([`set_current`]).

pub mod catalogue;

/// A catalogue message: `msg!("key")` or `msg!("key", name = value, …)`.
/// The key must be a string literal (a test scans the sources for every key
/// used and checks that both catalogues have it); each `name` fills `{name}`
/// in the text, and an argument named `count` also chooses a plural form.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Message::keyed(
            $key,
            vec![$((stringify!($name), $crate::messages::IntoArg::into_arg($value))),*],
        )
    };
}

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language alianse speaks to its users in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Lv,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Lv];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Lv => "lv",
        }
    }

    /// A language from a code or a locale name: `lv`, `LV`, `lv-LV`,
    /// `lv_LV.UTF-8`, `en_GB@euro` …; `None` for any other language.
    pub fn from_locale(name: &str) -> Option<Lang> {
        let language = name
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match language.as_str() {
            "lv" => Some(Lang::Lv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// For clap: `--lang lv` or `--lang en` (a locale name works too).
    pub fn parse_flag(value: &str) -> Result<Lang, String> {
        Lang::from_locale(value)
            .ok_or_else(|| crate::msg!("cli.lang-unknown", value = value).to_string())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The language of messages: the `--lang` flag, then `ALIANSE_LANG`, then
/// the first set of `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX order: a
/// `LC_ALL=C` means English even with `LANG=lv_LV.UTF-8`), then English.
/// `env` reads a variable (the process environment, or a table in tests).
pub fn resolve(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = flag {
        return lang;
    }
    if let Some(lang) = env("ALIANSE_LANG").and_then(|v| Lang::from_locale(&v)) {
        return lang;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&env)
        .find(|v| !v.is_empty());
    locale
        .and_then(|v| Lang::from_locale(&v))
        .unwrap_or(Lang::En)
}

/// [`resolve`] with the process environment.
pub fn resolve_from_env(flag: Option<Lang>) -> Lang {
    resolve(flag, |name| std::env::var(name).ok())
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language messages are shown in by this process (English until the
/// CLI sets it).
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Lv,
        _ => Lang::En,
    }
}

/// Sets the language of this process's messages (the CLI does, once).
pub fn set_current(lang: Lang) {
    CURRENT.store(u8::from(lang == Lang::Lv), Ordering::Relaxed);
}

/// A text for people: a catalogue key with its arguments, or an untranslated
/// literal. It dereferences to its English text, which is what tests and
/// sorting compare; [`Display`](fmt::Display) renders it in [`current`].
#[derive(Clone)]
pub struct Message {
    key: Option<&'static str>,
    args: Vec<(&'static str, Arg)>,
    english: String,
}

/// One argument of a message: a text shown as it is, or a message of its
/// own rendered in the same language (e.g. a reason inside a sentence).
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Message(Message),
}

impl Message {
    /// The message under `key` with these arguments (use [`msg!`](crate::msg)).
    pub fn keyed(key: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
        let english = catalogue::render(Lang::En, key, &args);
        Message {
            key: Some(key),
            args,
            english,
        }
    }

    /// A text that is the same in every language: a value quoted from the
    /// user's files, or a message not yet in the catalogues.
    pub fn literal(text: impl Into<String>) -> Message {
        Message {
            key: None,
            args: Vec::new(),
            english: text.into(),
        }
    }

    /// The catalogue key, for a message that has one.
    pub fn key(&self) -> Option<&'static str> {
        self.key
    }

    /// The text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self.key {
            Some(key) if lang != Lang::En => catalogue::render(lang, key, &self.args),
            _ => self.english.clone(),
        }
    }

    /// The English text (the same as dereferencing).
    pub fn as_str(&self) -> &str {
        &self.english
    }

    /// This message followed by `suffix` in the same language, e.g. a
    /// literal prefix or a "(and 3 more pages)" (renders as `{this}{suffix}`).
    pub fn then(self, suffix: Message) -> Message {
        msg!("join.pair", first = self, second = suffix)
    }
}

impl std::ops::Deref for Message {
    type Target = str;
    fn deref(&self) -> &str {
        &self.english
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(current()))
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.english, f)
    }
}

impl PartialEq for Message {
    fn eq(&self, other: &Self) -> bool {
        self.english == other.english
    }
}
impl Eq for Message {}
impl PartialOrd for Message {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Message {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.english.cmp(&other.english)
    }
}
impl std::hash::Hash for Message {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.english.hash(state);
    }
}
impl PartialEq<str> for Message {
    fn eq(&self, other: &str) -> bool {
        self.english == other
    }
}
impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        self.english == *other
    }
}
impl PartialEq<String> for Message {
    fn eq(&self, other: &String) -> bool {
        &self.english == other
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::literal(text)
    }
}
impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::literal(text)
    }
}
impl From<&String> for Message {
    fn from(text: &String) -> Self {
        Message::literal(text.as_str())
    }
}
impl From<std::borrow::Cow<'_, str>> for Message {
    fn from(text: std::borrow::Cow<'_, str>) -> Self {
        Message::literal(text.into_owned())
    }
}
impl From<&Message> for Message {
    fn from(message: &Message) -> Self {
        message.clone()
    }
}

/// What [`msg!`](crate::msg) accepts as an argument: text-like values and
/// numbers are shown as they are; a [`Message`] is rendered in the language
/// of the message around it.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for Message {
    fn into_arg(self) -> Arg {
        Arg::Message(self)
    }
}
impl IntoArg for &Message {
    fn into_arg(self) -> Arg {
        Arg::Message(self.clone())
    }
}
impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}
impl IntoArg for &&str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}
impl IntoArg for std::path::Display<'_> {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}
impl IntoArg for &std::path::Display<'_> {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}

macro_rules! display_args {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Text(self.to_string())
            }
        }
        impl IntoArg for &$t {
            fn into_arg(self) -> Arg {
                Arg::Text(self.to_string())
            }
        }
    )*};
}
display_args!(
    String,
    std::borrow::Cow<'_, str>,
    char,
    bool,
    u8,
    u16,
    u32,
    u64,
    u128,
    i8,
    i16,
    isize,
    f32,
    usize,
    i32,
    i64,
    f64,
    std::net::SocketAddr,
    std::net::IpAddr,
    Lang
);

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_flag_then_alianse_lang_then_the_locale_then_english() {
        let all = [
            ("ALIANSE_LANG", "en"),
            ("LANG", "lv_LV.UTF-8"),
            ("LC_ALL", ""),
        ];
        assert_eq!(resolve(Some(Lang::Lv), env(&all)), Lang::Lv);
        assert_eq!(resolve(None, env(&all)), Lang::En);
        assert_eq!(resolve(None, env(&all[1..])), Lang::Lv);
        assert_eq!(resolve(None, env(&[("LC_MESSAGES", "lv_LV")])), Lang::Lv);
        assert_eq!(
            resolve(None, env(&[("LC_ALL", "C"), ("LANG", "lv_LV.UTF-8")])),
            Lang::En
        );
        assert_eq!(resolve(None, env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
        assert_eq!(resolve(None, env(&[])), Lang::En);
        // An unknown ALIANSE_LANG does not hide the locale.
        assert_eq!(
            resolve(None, env(&[("ALIANSE_LANG", "xx"), ("LANG", "lv_LV")])),
            Lang::Lv
        );
    }

    #[test]
    fn a_message_renders_in_either_language_and_compares_in_english() {
        let m = msg!("yaml.unknown-key", key = "titel");
        assert_eq!(m, "unknown key `titel`");
        assert_eq!(m.render(Lang::Lv), "nezināma atslēga `titel`");
        assert!(m.contains("titel"));
        let literal = Message::from(String::from("as it is"));
        assert_eq!(literal.render(Lang::Lv), "as it is");
        assert_eq!(literal.key(), None);
    }

    #[test]
    fn nested_messages_follow_the_outer_language() {
        let inner = msg!("yaml.unknown-key", key = "x");
        let m = Message::literal("a: ").then(inner);
        assert_eq!(m.render(Lang::En), "a: unknown key `x`");
        assert_eq!(m.render(Lang::Lv), "a: nezināma atslēga `x`");
    }
}
