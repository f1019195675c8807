//! Scheduled publishing in the load phase: which loaded pages this build
//! publishes and which it withholds (their `date` lies in the future or their
//! `expires` has passed), read with the site's clock (`schedule`).

use jiff::Timestamp;

use super::SourcePage;
use crate::error::{Diagnostic, ErrorKind};
use crate::schedule::{Change, Clock, Schedule, ScheduleOptions, Upcoming, Withheld};

/// Sorts the loaded pages into those this build publishes and those it
/// withholds, and lists the upcoming changes. Bad `expires` values are errors.
pub fn apply(
    pages: Vec<SourcePage>,
    clock: Clock,
    options: &ScheduleOptions,
) -> (Vec<SourcePage>, Schedule, Vec<Diagnostic>) {
    let mut schedule = Schedule {
        clock,
        ..Schedule::default()
    };
    let mut problems = Vec::new();
    let mut kept = Vec::with_capacity(pages.len());
    let now = schedule.clock.now;
    for page in pages {
        let publish = page
            .front
            .date
            .as_ref()
            .and_then(|d| schedule.clock.moment_of(&d.value));
        let expires = match expiry(&page, &schedule.clock, publish) {
            Ok(e) => e,
            Err(d) => {
                problems.push(d);
                None
            }
        };
        let mut upcoming = |at: Timestamp, change: Change| {
            schedule.upcoming.push(Upcoming {
                at,
                change,
                path: page.path.clone(),
                lang: page.lang.clone(),
                title: page.front.title.clone(),
            });
        };
        let future = publish.filter(|&at| at > now);
        let expired = expires.filter(|&at| at <= now);
        if let Some(at) = future {
            upcoming(at, Change::Publish);
        }
        if let Some(at) = expires.filter(|&at| at > now) {
            upcoming(at, Change::Expire);
        }
        let withheld = match (future, expired) {
            (Some(at), _) if !options.future => Some((Change::Publish, at)),
            (_, Some(at)) if !options.expired => Some((Change::Expire, at)),
            _ => None,
        };
        if let Some((change, at)) = withheld {
            let at = schedule.clock.show(at);
            schedule
                .withheld
                .insert(page.path.clone(), Withheld { change, at });
            continue;
        }
        kept.push(page);
    }
    schedule
        .upcoming
        .sort_by(|a, b| (a.at, &a.path, a.change).cmp(&(b.at, &b.path, b.change)));
    (kept, schedule, problems)
}

/// The page's `expires` moment, checked: a date, and after `date`.
fn expiry(
    page: &SourcePage,
    clock: &Clock,
    publish: Option<Timestamp>,
) -> Result<Option<Timestamp>, Diagnostic> {
    let Some(spanned) = &page.front.expires else {
        return Ok(None);
    };
    let line = spanned.referenced.line() as usize + 1;
    let column = spanned.referenced.column() as usize;
    let Some(at) = clock.moment_of(&spanned.value) else {
        return Err(page
            .problem(
                ErrorKind::InvalidValue,
                line,
                column,
                msg!("schedule.bad-expires", value = &spanned.value),
            )
            .with_help(msg!("schedule.bad-expires-help")));
    };
    if let Some(publish) = publish
        && at <= publish
    {
        return Err(page
            .problem(
                ErrorKind::InvalidValue,
                line,
                column,
                msg!(
                    "schedule.expires-before-publish",
                    expires = clock.show(at),
                    publish = clock.show(publish)
                ),
            )
            .with_help(msg!("schedule.expires-before-publish-help")));
    }
    Ok(Some(at))
}
