//! iCalendar (RFC 5545) files of the events: one `.ics` per event and
//! language (the "add to calendar" link) and a calendar feed per language.
//!
//! Framing: every line ends in CRLF and is folded at 75 octets on UTF-8
//! character boundaries; text values escape `\`, `;`, `,` and newlines.
//! UIDs are `<id>.<lang>@<host of base_url>`: stable across builds, and the
//! same in an event's own file and in the feed (one event, imported twice,
//! stays one entry). Each language has its own: the Latvian and English
//! entries differ in their texts, and a client holding both under one UID
//! would let one overwrite the other.
//! DTSTAMP must not come from the build's clock (builds are byte-identical):
//! it is the entry's `updated:` date (midnight in the site's zone), else its
//! start. All-day events are `VALUE=DATE` with an exclusive DTEND (the day
//! after the last day). Timed events are written in UTC (`…Z`): exact for
//! every reader without a VTIMEZONE block, which would have to restate the
//! zone's daylight-saving rules (events do not repeat, so UTC loses
//! nothing); calendars show them in the reader's own zone.

use super::Event;
use crate::i18n::Date;
use crate::schedule::Clock;

/// Longest line in octets, without its CRLF (RFC 5545 §3.1).
const LINE_LIMIT: usize = 75;

/// What one calendar needs to know of the site.
pub(crate) struct CalendarInfo<'a> {
    pub lang: &'a str,
    /// The calendar's name (`X-WR-CALNAME`).
    pub name: &'a str,
    /// The host of the site's address, for UIDs.
    pub host: &'a str,
    pub clock: &'a Clock,
}

/// One event as the calendar shows it, in one language.
pub(crate) struct CalendarEvent<'a> {
    pub event: &'a Event,
    pub title: &'a str,
    /// Plain text.
    pub description: String,
    pub location: String,
    /// The event's page, absolute.
    pub url: String,
}

/// A whole `VCALENDAR` with `events`, CRLF-framed and folded.
pub(crate) fn calendar(info: &CalendarInfo, events: &[CalendarEvent]) -> String {
    let mut out = String::new();
    let mut line = |text: String| push_folded(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//alianse//events//{}",
        info.lang.to_ascii_uppercase()
    ));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(info.name)));
    for e in events {
        for l in vevent(info, e) {
            line(l);
        }
    }
    line("END:VCALENDAR".into());
    out
}

/// The unfolded lines of one `VEVENT`.
fn vevent(info: &CalendarInfo, e: &CalendarEvent) -> Vec<String> {
    let event = e.event;
    let clock = info.clock;
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}.{}@{}", event.id, info.lang, info.host),
    ];
    let stamp = event.updated.unwrap_or(Date {
        seconds: None,
        ..event.start
    });
    if let Some(at) = clock.moment(&stamp) {
        lines.push(format!("DTSTAMP:{}", utc(at)));
    }
    if event.all_day() {
        lines.push(format!("DTSTART;VALUE=DATE:{}", day(&event.start)));
        if let Some(end) = event.end_exclusive_day() {
            lines.push(format!("DTEND;VALUE=DATE:{}", day(&end)));
        }
    } else {
        if let Some(at) = clock.moment(&event.start) {
            lines.push(format!("DTSTART:{}", utc(at)));
        }
        if let Some(at) = event.end.and_then(|end| clock.moment(&end)) {
            lines.push(format!("DTEND:{}", utc(at)));
        }
    }
    lines.push(format!("SUMMARY:{}", escape(e.title)));
    if !e.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(&e.description)));
    }
    if !e.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape(&e.location)));
    }
    lines.push(format!("URL:{}", e.url));
    lines.push("END:VEVENT".to_string());
    lines
}

/// `20260305`.
fn day(d: &Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// `20260305T080000Z`.
fn utc(at: jiff::Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545 §3.3.11): `\` `;` `,` escaped, newlines as `\n`.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` with CRLF, folded so that no line exceeds 75 octets: a
/// continuation starts with one space, and a character is never split.
pub(crate) fn push_folded(out: &mut String, line: &str) {
    let mut budget = LINE_LIMIT;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > budget {
            out.push_str("\r\n ");
            // The leading space counts toward the limit.
            budget = LINE_LIMIT - 1;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The host of an address (`https://example.org/alianse/` → `example.org`).
pub(crate) fn host_of(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() { "localhost" } else { host }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("Rīga, Lāčplēša iela 1; 2. stāvs\\B\r\nnext"),
            "Rīga\\, Lāčplēša iela 1\\; 2. stāvs\\\\B\\nnext"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "ā".repeat(60));
        push_folded(&mut out, &line);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.last(), Some(&""));
        for l in &lines {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        // `SUMMARY:` is 8 octets, each `ā` 2: 33 fit in the first line (74).
        assert_eq!(lines[0].len(), 74);
        assert!(lines[1].starts_with(' '));
        let unfolded: String = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn a_short_line_is_not_folded() {
        let mut out = String::new();
        push_folded(&mut out, &"x".repeat(75));
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://example.org/alianse/"), "example.org");
        assert_eq!(host_of("http://localhost:1111/"), "localhost:1111");
        assert_eq!(host_of("/"), "localhost");
    }
}
