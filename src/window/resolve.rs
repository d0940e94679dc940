//! The prose path: from what an announcement says of each window to two
//! instants, by the rules for the day, the year, the end and the zone.

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::{AmbiguousOffset, Offset};
use jiff::{SignedDuration, Timestamp};

use super::assemble::{Parts, assemble, choose_zone};
use super::clock::Clock;
use super::convert::add_seconds;
use super::dates::DayMonth;
use super::day::settle;
use super::grammar::{Draft, parse_text};
use super::local::{at, to_instant};
use super::names::ZoneWord;
use super::text::{clip, month_name, time_text};
use super::tzdb::Zone;
use super::{FieldName, ParseRequest, Warning, WarningCode, Window};
use crate::{Error, Result};

/// The windows of an announcement in prose, or of a provider's table;
/// `reference` is the instant a year or a relative day is counted from.
pub(crate) fn windows(req: &ParseRequest, reference: Timestamp) -> Result<Window> {
    let reading = parse_text(&req.text)?;
    let mut parts = Vec::with_capacity(reading.drafts.len());
    for draft in &reading.drafts {
        parts.push(window(draft, &reading.zones, req, reference)?);
    }
    assemble(
        parts,
        req.text.clone(),
        &req.zones,
        req.reader_zone.as_deref(),
    )
}

/// A draft with its days settled.
struct Plan<'d> {
    draft: &'d Draft,
    day: DayMonth,
    end_day: Option<DayMonth>,
}

/// One window: its day and zone, its year, and its two instants.
fn window(
    draft: &Draft,
    all_zones: &[ZoneWord],
    req: &ParseRequest,
    reference: Timestamp,
) -> Result<Parts> {
    let default = req.default_zone.as_deref();
    let guess = guess_instant(draft, reference);
    let first_zone = choose_zone(&draft.zones, all_zones, default, guess, &mut Vec::new())?;
    let mut warnings = Vec::new();
    let (day, end_day) = settle(draft, &first_zone, reference, &mut warnings)?;
    let plan = Plan {
        draft,
        day,
        end_day,
    };
    let year = choose_year(&plan, reference, &mut warnings)?;
    let (start_dt, end_dt) = local_span(&plan, year).ok_or_else(|| not_a_date(&plan, year))?;
    let naive = Offset::UTC
        .to_timestamp(start_dt)
        .map_err(|_| not_a_date(&plan, year))?;
    let zone = choose_zone(&draft.zones, all_zones, default, naive, &mut warnings)?;
    let (start, start_warning) = to_instant(&zone, start_dt, FieldName::Start)?;
    let (end, end_warning) = end_instant(draft, &zone, start, end_dt, &mut warnings)?;
    if end <= start
        && let Some(e) = swallowed(&zone, start_dt, draft)
            .or_else(|| end_dt.and_then(|e| swallowed(&zone, e, draft)))
    {
        return Err(e);
    }
    warnings.extend(start_warning.into_iter().chain(end_warning));
    Ok(Parts {
        start,
        end,
        zone,
        warnings,
        what: span_words(&plan),
    })
}

/// Where the day of a draft is, roughly, to read an abbreviation at.
fn guess_instant(draft: &Draft, reference: Timestamp) -> Timestamp {
    let year = Offset::UTC.to_datetime(reference).year();
    draft
        .date
        .start
        .dated()
        .and_then(|d| Date::new(d.year.unwrap_or(year), d.month, d.day).ok())
        .and_then(|d| at(d, draft.start.hour, draft.start.minute, draft.start.second))
        .and_then(|dt| Offset::UTC.to_timestamp(dt).ok())
        .unwrap_or(reference)
}

/// The end: the local end time in `zone`, or the duration after `start`.
fn end_instant(
    draft: &Draft,
    zone: &Zone,
    start: Timestamp,
    end_dt: Option<DateTime>,
    warnings: &mut Vec<Warning>,
) -> Result<(Timestamp, Option<Warning>)> {
    match (end_dt, &draft.duration) {
        (Some(end_dt), _) => to_instant(zone, end_dt, FieldName::End),
        (None, Some(d)) => {
            if d.approximate {
                warnings.push(Warning::new(
                    WarningCode::ApproximateEnd,
                    FieldName::End,
                    format!(
                        "The end is an estimate: the announcement says \u{201c}{}\u{201d}.",
                        clip(&d.text)
                    ),
                ));
            }
            Ok((add_seconds(start, d.seconds, &d.text)?, None))
        }
        (None, None) => Err(Error::NoEndTime(format!(
            "\u{201c}{}\u{201d} has no end time or length such as \u{201c}until 23:00\u{201d} or \u{201c}for 2 hours\u{201d} with it",
            clip(&draft.start.text)
        ))),
    }
}

/// The error for a window the clocks' jump forward leaves with no time:
/// `02:00-03:00` on the night New York skips that hour.
fn swallowed(zone: &Zone, local: DateTime, draft: &Draft) -> Option<Error> {
    let AmbiguousOffset::Gap { before, after } = zone.tz.to_ambiguous(local) else {
        return None;
    };
    // The jump comes after `local` read at the new offset, and no later
    // than `local` read at the old one.
    let early = after.to_timestamp(local).ok()?;
    let jump = zone.tz.following(early).next()?.timestamp();
    let (from, to) = (before.to_datetime(jump), after.to_datetime(jump));
    let times = match &draft.end {
        Some(end) => format!("{}-{}", draft.start.text, end.text),
        None => draft.start.text.clone(),
    };
    Some(Error::InvalidDateTime(format!(
        "on {} {} {} the clocks in {} go forward from {} to {}, and \u{201c}{}\u{201d} falls in that jump, so no time is left of the window; ask the provider which time they mean",
        from.day(),
        month_name(from.month()),
        from.year(),
        zone.name,
        time_text(from.time()),
        time_text(to.time()),
        clip(&times),
    )))
}

/// The words a window was read from, for messages.
fn span_words(plan: &Plan<'_>) -> String {
    let draft = plan.draft;
    match (&draft.end, &draft.duration) {
        (Some(end), _) => match plan.end_day {
            Some(e) if draft.date.end != Some(e) => format!(
                "{} {} to {} {} {}",
                draft.date.text,
                draft.start.text,
                e.day,
                month_name(e.month),
                end.text
            ),
            _ => format!("{} {}-{}", draft.date.text, draft.start.text, end.text),
        },
        (None, Some(d)) => format!("{} {} {}", draft.date.text, draft.start.text, d.text),
        (None, None) => draft.date.text.clone(),
    }
}

fn not_a_date(plan: &Plan<'_>, year: i16) -> Error {
    Error::InvalidDateTime(format!(
        "there is no {} {} in {year} (\u{201c}{}\u{201d})",
        plan.day.day,
        month_name(plan.day.month),
        clip(&plan.draft.date.text)
    ))
}

/// The local start and (if the text gives an end time) end in `year`.
fn local_span(plan: &Plan<'_>, year: i16) -> Option<(DateTime, Option<DateTime>)> {
    let d = plan.day;
    let date = Date::new(d.year.unwrap_or(year), d.month, d.day).ok()?;
    let start = clock_on(date, &plan.draft.start)?;
    let Some(end) = &plan.draft.end else {
        return Some((start, None));
    };
    let end_dt = match plan.end_day {
        Some(e) => clock_on(end_date(e, date)?, end)?,
        None => {
            let same_day = clock_on(date, end)?;
            if same_day > start {
                same_day
            } else {
                clock_on(date.tomorrow().ok()?, end)?
            }
        }
    };
    Some((start, Some(end_dt)))
}

fn clock_on(date: Date, c: &Clock) -> Option<DateTime> {
    at(date, c.hour, c.minute, c.second)
}

/// An end date's year: as written, else the start's, or the next one for a
/// range from December into January.
fn end_date(e: DayMonth, start: Date) -> Option<Date> {
    let year = match e.year {
        Some(y) => y,
        None if start.month() == 12 && e.month == 1 => start.year().checked_add(1)?,
        None => start.year(),
    };
    Date::new(year, e.month, e.day).ok()
}

/// The year of the date: as written, or else chosen by the rules in the
/// module documentation, and always said.
fn choose_year(plan: &Plan<'_>, reference: Timestamp, warnings: &mut Vec<Warning>) -> Result<i16> {
    if let Some(y) = plan.day.year {
        return written_year(plan, y);
    }
    let base = first_year_in_time(plan, reference)?;
    let year = match plan.draft.date.weekday {
        Some(w) => year_for_weekday(plan, base, w, warnings),
        None => None,
    };
    if let Some(y) = year {
        return Ok(y);
    }
    warnings.push(year_assumed(plan, base, reference));
    Ok(base)
}

/// `Assumed 2027: the next 24 July after today (1 June 2026).`
fn year_assumed(plan: &Plan<'_>, year: i16, reference: Timestamp) -> Warning {
    let d = plan.day;
    let what = format!("{} {}", d.day, month_name(d.month));
    let today = Offset::UTC.to_datetime(reference).date();
    let when = format!(
        "{} {} {}",
        today.day(),
        month_name(today.month()),
        today.year()
    );
    let message = match Date::new(year, d.month, d.day) {
        Ok(date) if date == today => format!("Assumed {year}: {what} is today."),
        Ok(date) if date > today => {
            format!("Assumed {year}: the next {what} after today ({when}).")
        }
        _ => format!(
            "Assumed {year}: the window on {what} {year} ended less than a day before now ({when})."
        ),
    };
    Warning::new(WarningCode::YearAssumed, FieldName::Date, message)
}

/// A year written in the text, which a weekday must agree with.
fn written_year(plan: &Plan<'_>, y: i16) -> Result<i16> {
    let d = plan.day;
    let text = &plan.draft.date.text;
    let date = Date::new(y, d.month, d.day).map_err(|_| not_a_date_text(text))?;
    match plan.draft.date.weekday {
        Some(w) if date.weekday() != w => Err(Error::AmbiguousDate(format!(
            "\u{201c}{}\u{201d} disagrees with itself: {} {} {y} is a {:?}",
            clip(text),
            d.day,
            month_name(d.month),
            date.weekday()
        ))),
        _ => Ok(y),
    }
}

/// The earliest year, from the one before the reference's on, in which the
/// window has not ended more than 24 hours before the reference.
fn first_year_in_time(plan: &Plan<'_>, reference: Timestamp) -> Result<i16> {
    let reference_year = Offset::UTC.to_datetime(reference).year();
    let cutoff = reference
        .checked_sub(SignedDuration::from_hours(24))
        .unwrap_or(reference);
    let ends_in_time = |y: i16| {
        let (start, end) = local_span(plan, y)?;
        let seconds = plan
            .draft
            .duration
            .as_ref()
            .map_or(0.0, |x| x.seconds.min(1e7));
        let end = end.unwrap_or(start);
        let naive = Offset::UTC.to_timestamp(end).ok()?;
        Some(
            naive
                .checked_add(SignedDuration::from_secs(seconds as i64))
                .ok()?
                >= cutoff,
        )
    };
    let first = reference_year.saturating_sub(1);
    (first..=reference_year.saturating_add(8))
        .find(|y| ends_in_time(*y) == Some(true))
        .ok_or_else(|| not_a_date_text(&plan.draft.date.text))
}

/// The year the weekday of the text asks for, with the warning that says
/// so: `None` for `base` itself, else the year after or before it
/// (`year-from-weekday`), else `base` with `weekday-mismatch`.
fn year_for_weekday(
    plan: &Plan<'_>,
    base: i16,
    w: Weekday,
    warnings: &mut Vec<Warning>,
) -> Option<i16> {
    let d = plan.day;
    let weekday_in = |y: i16| Date::new(y, d.month, d.day).ok().map(|x| x.weekday());
    if weekday_in(base) == Some(w) {
        return None;
    }
    let what = format!("{} {}", d.day, month_name(d.month));
    for y in [base.saturating_add(1), base.saturating_sub(1)] {
        if weekday_in(y) == Some(w) {
            warnings.push(Warning::new(
                WarningCode::YearFromWeekday,
                FieldName::Date,
                format!("No year was given; {y} was chosen because {what} is a {w:?} in {y}, not in {base}."),
            ));
            return Some(y);
        }
    }
    warnings.push(Warning::new(
        WarningCode::WeekdayMismatch,
        FieldName::Date,
        format!(
            "\u{201c}{}\u{201d} does not fit: {what} {base} is a {:?}, and no nearby year has it on a {w:?}. \
             The date was read as {what} {base}.",
            clip(&plan.draft.date.text),
            weekday_in(base).map_or_else(String::new, |x| format!("{x:?}")),
        ),
    ));
    Some(base)
}

fn not_a_date_text(text: &str) -> Error {
    Error::InvalidDateTime(format!("\u{201c}{}\u{201d} does not exist", clip(text)))
}
