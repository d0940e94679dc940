//! The prose path: from what an announcement says to two instants, by the
//! rules for the year, the end and the zone.

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::assemble::{Parts, assemble, choose_zone};
use super::clock::Clock;
use super::convert::add_seconds;
use super::dates::DayMonth;
use super::grammar::{Draft, parse_text};
use super::local::{at, to_instant};
use super::text::{clip, month_name};
use super::zones::Zone;
use super::{FieldName, ParseRequest, Warning, WarningCode, Window};
use crate::{Error, Result};

/// The window of an announcement in prose, or a line of a provider's
/// table; `reference` is the instant a year is inferred from.
pub(crate) fn window(req: &ParseRequest, reference: Timestamp) -> Result<Window> {
    let draft = parse_text(&req.text)?;
    let mut warnings = Vec::new();
    let year = choose_year(&draft, reference, &mut warnings)?;
    let (start_dt, end_dt) = local_span(&draft, year).ok_or_else(|| not_a_date(&draft, year))?;
    let naive = Offset::UTC
        .to_timestamp(start_dt)
        .map_err(|_| not_a_date(&draft, year))?;
    let zone = choose_zone(
        &draft.zones,
        req.default_zone.as_deref(),
        naive,
        &mut warnings,
    )?;
    let (start, w) = to_instant(&zone, start_dt, FieldName::Start)?;
    warnings.extend(w);
    let end = end_instant(&draft, &zone, start, end_dt, &mut warnings)?;
    let what = span_words(&draft);
    let parts = Parts {
        start,
        end,
        zone: &zone,
        text: req.text.clone(),
        warnings,
    };
    assemble(parts, &req.zones, req.reader_zone.as_deref(), &what)
}

/// The end: the local end time in `zone`, or the duration after `start`.
fn end_instant(
    draft: &Draft,
    zone: &Zone,
    start: Timestamp,
    end_dt: Option<DateTime>,
    warnings: &mut Vec<Warning>,
) -> Result<Timestamp> {
    match (end_dt, &draft.duration) {
        (Some(end_dt), _) => {
            let (end, w) = to_instant(zone, end_dt, FieldName::End)?;
            warnings.extend(w);
            Ok(end)
        }
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
            add_seconds(start, d.seconds, &d.text)
        }
        (None, None) => Err(Error::NoTime(format!(
            "\u{201c}{}\u{201d} has no end time or duration such as \u{201c}for 2 hours\u{201d} after it",
            clip(&draft.start.text)
        ))),
    }
}

/// The words a window was read from, for messages.
fn span_words(draft: &Draft) -> String {
    match (&draft.end, &draft.duration) {
        (Some(end), _) => match draft.end_date {
            Some(e) if Some(e) != draft.date.end => format!(
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

fn not_a_date(draft: &Draft, year: i16) -> Error {
    Error::InvalidDateTime(format!(
        "\u{201c}{} {year}\u{201d} does not exist",
        clip(&draft.date.text)
    ))
}

/// The local start and (if the text gives an end time) end in `year`.
fn local_span(draft: &Draft, year: i16) -> Option<(DateTime, Option<DateTime>)> {
    let d = draft.date.start;
    let date = Date::new(d.year.unwrap_or(year), d.month, d.day).ok()?;
    let start = clock_on(date, &draft.start)?;
    let Some(end) = &draft.end else {
        return Some((start, None));
    };
    let end_dt = match draft.end_date {
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
/// module documentation.
fn choose_year(draft: &Draft, reference: Timestamp, warnings: &mut Vec<Warning>) -> Result<i16> {
    if let Some(y) = draft.date.start.year {
        return written_year(draft, y);
    }
    let base = first_year_in_time(draft, reference)?;
    Ok(match draft.date.weekday {
        Some(w) => year_for_weekday(draft, base, w, warnings),
        None => base,
    })
}

/// A year written in the text, which a weekday must agree with.
fn written_year(draft: &Draft, y: i16) -> Result<i16> {
    let d = draft.date.start;
    let date = Date::new(y, d.month, d.day).map_err(|_| not_a_date_text(&draft.date.text))?;
    match draft.date.weekday {
        Some(w) if date.weekday() != w => Err(Error::AmbiguousDate(format!(
            "\u{201c}{}\u{201d} disagrees with itself: {} {} {y} is a {:?}",
            clip(&draft.date.text),
            d.day,
            month_name(d.month),
            date.weekday()
        ))),
        _ => Ok(y),
    }
}

/// The earliest year, from the one before the reference's on, in which the
/// window has not ended more than 24 hours before the reference.
fn first_year_in_time(draft: &Draft, reference: Timestamp) -> Result<i16> {
    let reference_year = Offset::UTC.to_datetime(reference).year();
    let cutoff = reference
        .checked_sub(SignedDuration::from_hours(24))
        .unwrap_or(reference);
    let ends_in_time = |y: i16| {
        let (start, end) = local_span(draft, y)?;
        let seconds = draft.duration.as_ref().map_or(0.0, |x| x.seconds.min(1e7));
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
        .ok_or_else(|| not_a_date_text(&draft.date.text))
}

/// The year the weekday of the text asks for: `base`, else the year after
/// or before it (`year-from-weekday`), else `base` with `weekday-mismatch`.
fn year_for_weekday(draft: &Draft, base: i16, w: Weekday, warnings: &mut Vec<Warning>) -> i16 {
    let d = draft.date.start;
    let weekday_in = |y: i16| Date::new(y, d.month, d.day).ok().map(|x| x.weekday());
    if weekday_in(base) == Some(w) {
        return base;
    }
    let what = format!("{} {}", d.day, month_name(d.month));
    for y in [base.saturating_add(1), base.saturating_sub(1)] {
        if weekday_in(y) == Some(w) {
            warnings.push(Warning::new(
                WarningCode::YearFromWeekday,
                FieldName::Date,
                format!("No year was given; {y} was chosen because {what} is a {w:?} in {y}, not in {base}."),
            ));
            return y;
        }
    }
    warnings.push(Warning::new(
        WarningCode::WeekdayMismatch,
        FieldName::Date,
        format!(
            "\u{201c}{}\u{201d} does not fit: {what} {base} is a {:?}, and no nearby year has it on a {w:?}. \
             The date was read as {what} {base}.",
            clip(&draft.date.text),
            weekday_in(base).map_or_else(String::new, |x| format!("{x:?}")),
        ),
    ));
    base
}

fn not_a_date_text(text: &str) -> Error {
    Error::InvalidDateTime(format!("\u{201c}{}\u{201d} does not exist", clip(text)))
}
