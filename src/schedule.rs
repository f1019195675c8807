//! Scheduled publishing: the site's clock and time zone, which pages a build
//! leaves out because their `date` lies in the future or their `expires`
//! has passed, and the list of upcoming changes (for `alianse schedule`, the
//! build summary and a CI schedule).
//!
//! Which loaded pages a build publishes is decided in
//! `content::schedule`; this module holds the clock and the record
//! of what was left out, below the phases that read it.
//!
//! A page's publish moment is its `date` (a date alone means midnight at the
//! start of that day) and its end is `expires`, both read as wall-clock time
//! in the site's `timezone:` (Europe/Riga unless site.yaml says otherwise).
//! Data items (members, areas, reports) carry no dates, so only pages are
//! scheduled. This runs in the load phase, after the pages are read and
//! before they are resolved, so a withheld page is absent from everything
//! the build makes: its page, lists, feeds, sitemap and search.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::error::{Diagnostic, ErrorKind};
use crate::i18n::Date;

/// The time zone when site.yaml names none.
pub(crate) const DEFAULT_TIMEZONE: &str = "Europe/Riga";

/// `--now`: a moment with its offset, or a wall-clock time in the site's zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Now {
    Instant(Timestamp),
    Local(Date),
}

impl Now {
    /// Parses `2026-12-05`, `2026-12-05T09:00` (site time) or an RFC 3339
    /// time with an offset (`2026-12-05T07:00:00Z`).
    pub fn parse(text: &str) -> Result<Now, String> {
        let has_offset = text.ends_with('Z')
            || text.ends_with('z')
            || text
                .rfind(['+', '-'])
                .is_some_and(|i| text[..i].contains(['T', ' ']));
        if has_offset {
            return text.parse::<Timestamp>().map(Now::Instant).map_err(|e| {
                msg!("schedule.not-a-time", text = text, error = e.to_string()).to_string()
            });
        }
        Date::parse(text)
            .map(Now::Local)
            .ok_or_else(|| msg!("schedule.not-a-date", text = text).to_string())
    }
}

/// What a build includes besides what is public now.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScheduleOptions {
    /// Include pages whose date lies in the future (`--future`, `serve`).
    pub future: bool,
    /// Include pages whose `expires` has passed (`--expired`, `serve`).
    pub expired: bool,
    /// The clock, when `--now` overrides it.
    pub now: Option<Now>,
}

/// The site's time zone and the moment the build takes as "now".
#[derive(Debug, Clone)]
pub struct Clock {
    pub tz: TimeZone,
    pub tz_name: String,
    pub now: Timestamp,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            tz: TimeZone::get(DEFAULT_TIMEZONE).unwrap_or(TimeZone::UTC),
            tz_name: DEFAULT_TIMEZONE.to_string(),
            now: Timestamp::now(),
        }
    }
}

impl Clock {
    /// The clock of a site: its `timezone:` (checked) and `now` or the system time.
    pub fn new(
        timezone: Option<&str>,
        timezone_line: usize,
        now: Option<Now>,
    ) -> Result<Clock, Diagnostic> {
        let tz_name = timezone.unwrap_or(DEFAULT_TIMEZONE).to_string();
        let tz = TimeZone::get(&tz_name).map_err(|_| {
            let d = Diagnostic::error(
                ErrorKind::Config,
                msg!("schedule.unknown-timezone", name = &tz_name),
            )
            .in_file("content/site.yaml")
            .with_help(msg!("schedule.unknown-timezone-help"));
            if timezone_line > 0 {
                d.at(timezone_line, 0)
            } else {
                d
            }
        })?;
        let mut clock = Clock {
            tz,
            tz_name,
            now: Timestamp::now(),
        };
        match now {
            Some(Now::Instant(t)) => clock.now = t,
            Some(Now::Local(d)) => {
                clock.now = clock.moment(&d).ok_or_else(|| {
                    Diagnostic::error(
                        ErrorKind::Config,
                        msg!("schedule.now-skipped", now = d.iso(), zone = &clock.tz_name),
                    )
                    .with_help(msg!("schedule.now-skipped-help"))
                })?;
            }
            None => {}
        }
        Ok(clock)
    }

    /// The moment a front-matter value stands for: with an offset
    /// (`2026-12-05T09:00+03:00`, `…Z`) exactly that, else wall-clock time
    /// in the site's zone.
    pub fn moment_of(&self, text: &str) -> Option<Timestamp> {
        match Now::parse(text.trim()).ok()? {
            Now::Instant(t) => Some(t),
            Now::Local(d) => self.moment(&d),
        }
    }

    /// The moment a front-matter date stands for, in the site's zone.
    pub fn moment(&self, date: &Date) -> Option<Timestamp> {
        let seconds = date.seconds.unwrap_or(0);
        let civil = jiff::civil::DateTime::new(
            i16::try_from(date.year).ok()?,
            i8::try_from(date.month).ok()?,
            i8::try_from(date.day).ok()?,
            i8::try_from(seconds / 3600).ok()?,
            i8::try_from(seconds / 60 % 60).ok()?,
            i8::try_from(seconds % 60).ok()?,
            0,
        )
        .ok()?;
        // A time skipped by a daylight-saving change counts from after it.
        self.tz
            .to_ambiguous_zoned(civil)
            .compatible()
            .ok()
            .map(|z| z.timestamp())
    }

    /// The clock of a site's zone (`timezone:` of site.yaml; an unknown
    /// name, reported when the site is loaded, falls back to UTC), for
    /// turning front-matter dates into moments after loading.
    pub fn of_zone(timezone: Option<&str>) -> Clock {
        let tz_name = timezone.unwrap_or(DEFAULT_TIMEZONE).to_string();
        Clock {
            tz: TimeZone::get(&tz_name).unwrap_or(TimeZone::UTC),
            tz_name,
            now: Timestamp::UNIX_EPOCH,
        }
    }

    /// A front-matter date as an RFC 3339 moment with the site zone's
    /// offset (`2026-01-01T00:00` in Riga: `2026-01-01T00:00:00+02:00`),
    /// for feeds: the moment the page was published, not the same
    /// wall-clock time in UTC.
    pub fn date_rfc3339(&self, date: &Date) -> String {
        self.moment(date)
            .map_or_else(|| date.rfc3339(), |at| self.rfc3339(at))
    }

    /// `2026-12-05 09:00 Europe/Riga`.
    pub fn show(&self, at: Timestamp) -> String {
        format!(
            "{} {}",
            at.to_zoned(self.tz.clone()).strftime("%Y-%m-%d %H:%M"),
            self.tz_name
        )
    }

    /// `2026-12-05T09:00:00+02:00`.
    pub fn rfc3339(&self, at: Timestamp) -> String {
        at.to_zoned(self.tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }

    /// Today's date in the site's zone (for new content).
    pub fn today(&self) -> String {
        self.now
            .to_zoned(self.tz.clone())
            .strftime("%Y-%m-%d")
            .to_string()
    }
}

/// Whether a change makes a page public or takes it away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Publish,
    Expire,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Publish => "publish",
            Change::Expire => "expire",
        }
    }

    /// "jaunumi/x.md becomes public" / "… expires".
    pub fn phrase(self, path: &str) -> crate::messages::Message {
        match self {
            Change::Publish => msg!("schedule.becomes-public", path = path),
            Change::Expire => msg!("schedule.expires", path = path),
        }
    }
}

/// One upcoming change to the published site.
#[derive(Debug, Clone)]
pub struct Upcoming {
    pub at: Timestamp,
    pub change: Change,
    /// The page's path relative to content/ (`jaunumi/x.md`).
    pub path: String,
    pub lang: String,
    pub title: String,
}

/// A page this build leaves out, and why.
#[derive(Debug, Clone)]
pub struct Withheld {
    pub change: Change,
    /// When it becomes public (Publish) or when it expired (Expire), shown.
    pub at: String,
}

/// The clock of a build and what it left out; travels with the settings.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    pub clock: Clock,
    /// Upcoming changes, soonest first.
    pub upcoming: Vec<Upcoming>,
    /// Withheld pages by path relative to content/.
    pub withheld: HashMap<String, Withheld>,
}

impl Schedule {
    /// For the "scheduled for …" banner of a page in a preview (`serve`,
    /// `--future`): when it becomes public, if that is still ahead. Read
    /// from the page itself, so that a page edited in `serve` is right.
    pub fn scheduled_for(&self, date: Option<&str>) -> Option<String> {
        let at = self.clock.moment_of(date?)?;
        (at > self.clock.now).then(|| self.clock.show(at))
    }

    /// For the "expired on …" banner of a page in a preview (`serve`,
    /// `--expired`): when it expired, if it has.
    pub fn expired_on(&self, expires: Option<&str>) -> Option<String> {
        let at = self.clock.moment_of(expires?)?;
        (at <= self.clock.now).then(|| self.clock.show(at))
    }

    /// "2026-12-05 09:00 Europe/Riga — jaunumi/x.md becomes public".
    pub fn next_change(&self) -> Option<crate::messages::Message> {
        let next = self.upcoming.first()?;
        Some(msg!(
            "schedule.next-change",
            at = self.clock.show(next.at),
            change = next.change.phrase(&next.path)
        ))
    }
}

/// The problem with a link from a published page to a withheld one: an
/// error for a page not yet public (naming the date), a warning for one
/// that expired (the link then leads to the 404 page).
pub(crate) fn link_problem(withheld: &Withheld, link: &str, target: &str) -> Diagnostic {
    match withheld.change {
        Change::Publish => Diagnostic::error(
            ErrorKind::BrokenLink,
            msg!(
                "schedule.link-to-scheduled",
                link = link,
                target = target,
                at = &withheld.at
            ),
        )
        .with_help(msg!("schedule.link-to-scheduled-help", at = &withheld.at)),
        Change::Expire => Diagnostic::warning(
            ErrorKind::BrokenLink,
            msg!(
                "schedule.link-to-expired",
                link = link,
                target = target,
                at = &withheld.at
            ),
        )
        .with_help(msg!("schedule.link-to-expired-help")),
    }
}

/// The upcoming changes, one line each, soonest first.
pub(crate) fn to_text(schedule: &Schedule) -> String {
    if schedule.upcoming.is_empty() {
        let now = schedule.clock.show(schedule.clock.now);
        return format!("{}\n", msg!("schedule.nothing", now = now));
    }
    let mut out = String::new();
    for u in &schedule.upcoming {
        let change = match u.change {
            Change::Publish => msg!("schedule.publish"),
            Change::Expire => msg!("schedule.expire"),
        };
        out.push_str(&format!(
            "{}  {:<7}  {}  ({})\n",
            schedule.clock.show(u.at),
            change.to_string(),
            u.path,
            u.title
        ));
    }
    out
}

/// `{"timezone", "now", "next", "changes": [{at, at_utc, change, path, lang, title}]}`.
pub(crate) fn to_json(schedule: &Schedule) -> String {
    let clock = &schedule.clock;
    let changes: Vec<serde_json::Value> = schedule
        .upcoming
        .iter()
        .map(|u| {
            serde_json::json!({
                "at": clock.rfc3339(u.at),
                "at_utc": u.at.to_string(),
                "change": u.change.name(),
                "path": format!("content/{}", u.path),
                "lang": u.lang,
                "title": u.title,
            })
        })
        .collect();
    let value = serde_json::json!({
        "timezone": clock.tz_name,
        "now": clock.rfc3339(clock.now),
        "next": schedule.upcoming.first().map(|u| u.at.to_string()),
        "changes": changes,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(now: &str) -> Clock {
        Clock::new(Some("Europe/Riga"), 0, Some(Now::parse(now).unwrap())).unwrap()
    }

    #[test]
    fn dates_are_read_in_the_site_time_zone() {
        let c = clock("2026-12-01T12:00");
        let at = c.moment(&Date::parse("2026-12-05T09:00").unwrap()).unwrap();
        assert_eq!(at.to_string(), "2026-12-05T07:00:00Z");
        assert_eq!(c.show(at), "2026-12-05 09:00 Europe/Riga");
        // Summer time: three hours ahead of UTC.
        let summer = c.moment(&Date::parse("2026-07-01").unwrap()).unwrap();
        assert_eq!(summer.to_string(), "2026-06-30T21:00:00Z");
    }

    #[test]
    fn now_takes_an_offset_or_site_time() {
        assert_eq!(
            clock("2026-12-05T07:00:00Z").now,
            clock("2026-12-05T09:00").now
        );
        assert_eq!(clock("2026-12-05").today(), "2026-12-05");
        assert!(Now::parse("tomorrow").is_err());
        assert!(Clock::new(Some("Europe/Rīga"), 3, None).is_err());
    }

    #[test]
    fn a_date_with_an_offset_is_that_moment() {
        let c = clock("2026-12-01");
        assert_eq!(
            c.moment_of("2026-12-05T09:00+03:00").unwrap().to_string(),
            "2026-12-05T06:00:00Z"
        );
        assert_eq!(
            c.moment_of("2026-12-05").unwrap().to_string(),
            "2026-12-04T22:00:00Z"
        );
        assert!(c.moment_of("2026-02-30").is_none());
    }

    #[test]
    fn today_follows_the_zone_not_utc() {
        // 23:30 UTC on 31 December is already 1 January in Riga.
        assert_eq!(clock("2026-12-31T23:30:00Z").today(), "2027-01-01");
    }
}
