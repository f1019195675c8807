//! The functions and filters templates call: `range`, `t` (translation
//! with plural forms), `asset` (a fingerprinted theme file), `date` and
//! number formatting in the page's language (`date(format="rfc3339")`
//! gives the moment in the site's time zone, with its offset).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use super::limits;
use super::strings::Strings;
use crate::i18n::{Date, format_number};
use crate::schedule::Clock;

pub(super) fn register_functions(
    tera: &mut Tera,
    strings: Arc<Strings>,
    assets: Arc<BTreeMap<String, String>>,
    clock: Arc<Clock>,
) {
    tera.register_function("range", limits::range);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let key: Cow<str> = kwargs.must_get("key")?;
            let n: Option<f64> = kwargs.get("n")?;
            // `lang=` asks for another language's string (a link to that language).
            let page_lang;
            let lang: Cow<str> = match kwargs.get::<Cow<str>>("lang")? {
                Some(lang) => lang,
                None => {
                    page_lang = state.get::<Value>("lang")?;
                    text_of(page_lang.as_ref())
                }
            };
            strings
                .translate(&lang, &key, n)
                .map(Value::from)
                // Tera keeps a function's error as text: it is made here,
                // in the language of this process's messages.
                .map_err(|e| tera::Error::message(e.message()))
        },
    );
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: Cow<str> = kwargs.must_get("path")?;
            assets
                .get(path.trim_start_matches('/'))
                .map(|p| Value::from(p.as_str()))
                .ok_or_else(|| {
                    tera::Error::message(msg!("template.fn.asset", path = &path).to_string())
                })
        },
    );
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let format: Cow<str> = kwargs.get("format")?.unwrap_or(Cow::Borrowed("long"));
            let page_lang = state.get::<Value>("lang")?;
            let lang = text_of(page_lang.as_ref());
            let date = Date::parse(value).ok_or_else(|| {
                tera::Error::message(msg!("template.fn.not-a-date", value = value).to_string())
            })?;
            let text = match &*format {
                "long" => date.long(&lang),
                "on" => date.on(&lang),
                "short" => date.short(&lang),
                "iso" => date.iso(),
                "rfc3339" => rfc3339(&clock, value, &date),
                other => {
                    return Err(tera::Error::message(
                        msg!("template.fn.date-format", format = other).to_string(),
                    ));
                }
            };
            Ok(Value::from(text))
        },
    );
    tera.register_filter(
        "num",
        |value: f64, kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let decimals: usize =
                kwargs
                    .get("decimals")?
                    .unwrap_or(if value.fract() == 0.0 { 0 } else { 1 });
            let page_lang = state.get::<Value>("lang")?;
            let lang = text_of(page_lang.as_ref());
            Ok(Value::from(format_number(value, decimals, &lang)))
        },
    );
}

/// A value read as text, as Tera's `String` arguments read it (a string as
/// it is, anything else as Tera prints it; nothing is empty), borrowing
/// instead of copying: `t` and the filters run thousands of times a page
/// list, and Tera makes a `String` argument with `format!`.
fn text_of(value: Option<&Value>) -> Cow<'_, str> {
    match value {
        None => Cow::Borrowed(""),
        Some(value) => match value.as_str() {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(format!("{value}")),
        },
    }
}

/// A date as an RFC 3339 moment: a date or local time in the site's time
/// zone with that zone's offset (`2026-01-01` in Riga:
/// `2026-01-01T00:00:00+02:00`), a value with its own offset or `Z` as
/// that moment.
fn rfc3339(clock: &Clock, value: &str, date: &Date) -> String {
    clock
        .moment_of(value)
        .map_or_else(|| date.rfc3339(), |at| clock.rfc3339(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moment(zone: &str, value: &str) -> String {
        rfc3339(
            &Clock::of_zone(Some(zone)),
            value,
            &Date::parse(value).unwrap(),
        )
    }

    #[test]
    fn a_date_is_the_start_of_its_day_in_the_sites_time_zone() {
        assert_eq!(
            moment("Europe/Riga", "2026-01-01"),
            "2026-01-01T00:00:00+02:00"
        );
        assert_eq!(
            moment("Europe/Riga", "2026-07-01 09:30"),
            "2026-07-01T09:30:00+03:00"
        );
    }

    #[test]
    fn a_moment_with_its_own_offset_keeps_it() {
        assert_eq!(
            moment("Europe/Riga", "2026-07-01T06:30:00Z"),
            "2026-07-01T09:30:00+03:00"
        );
        assert_eq!(
            moment("UTC", "2026-07-01T09:30:00+03:00"),
            "2026-07-01T06:30:00+00:00"
        );
    }
}
