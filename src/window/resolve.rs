//! From what the text says to two instants: year, zone, clock rules.

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::clock::Clock;
use super::convert::{check_window, instant, local_fields, minutes, view, views};
use super::dates::DayMonth;
use super::format::{date_text, duration_text, month_name, time_text, utc_text};
use super::grammar::{Draft, ZoneWord, parse_text};
use super::local::{at, to_instant};
use super::zones::{self, Zone, clip};
use super::{Fields, MAX_TEXT_BYTES, ParseRequest, Warning, Window, iso};
use crate::{Error, Result};

/// Reads a maintenance window from an announcement.
///
/// The text may be prose ("On 24 July between 01:00 and 13:00 UTC"), a line
/// of a provider's table ("PDT: 23-24 July, 18:00-06:00") or an ISO 8601
/// interval (`2026-12-12T02:00Z/PT4H`). The rules applied (year, next day,
/// clock changes, abbreviations) are described in the [module
/// documentation](super) and reported in [`Window::warnings`].
///
/// # Errors
///
/// [`Error::NoDate`], [`Error::NoTime`], [`Error::UnknownTimeZone`] (also
/// when the text names no zone and `defaultZone` is not given),
/// [`Error::AmbiguousDate`], [`Error::InvalidDateTime`],
/// [`Error::EndBeforeStart`], [`Error::WindowTooLong`] (over 14 days),
/// [`Error::InputTooLarge`] (over 1 MiB) and [`Error::InvalidArgument`].
/// Each message quotes the words it could not use.
///
/// # Example
///
/// ```
/// use sealpost::window::{ParseRequest, parse};
///
/// let window = parse(&ParseRequest {
///     text: "On 24 July between 01:00 and 13:00 UTC we will be moving server NC018".into(),
///     reference_ms: 1_780_272_000_000.0, // 2026-06-01
///     zones: vec!["America/Vancouver".into()],
///     ..Default::default()
/// })?;
/// assert_eq!(window.start, "2026-07-24T01:00:00Z");
/// assert_eq!(window.views[0].label, "23-24 July, 18:00-06:00");
/// # Ok::<(), sealpost::Error>(())
/// ```
pub fn parse(req: &ParseRequest) -> Result<Window> {
    if req.text.len() > MAX_TEXT_BYTES {
        return Err(Error::InputTooLarge(format!(
            "the announcement is {} bytes; the limit is 1 MiB",
            req.text.len()
        )));
    }
    let reference = instant(req.reference_ms, "referenceMs")?;
    if let Some(interval) = iso::find_interval(&req.text)? {
        return iso::window(&interval, req);
    }
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
    let (start, w) = to_instant(&zone, start_dt, "start")?;
    warnings.extend(w);
    let end = match (end_dt, &draft.duration) {
        (Some(end_dt), _) => {
            let (end, w) = to_instant(&zone, end_dt, "end")?;
            warnings.extend(w);
            end
        }
        (None, Some(d)) => {
            if d.approximate {
                warnings.push(Warning::new(
                    "approximate-end",
                    Some("end"),
                    format!(
                        "The end is an estimate: the announcement says \u{201c}{}\u{201d}.",
                        clip(&d.text)
                    ),
                ));
            }
            add_seconds(start, d.seconds, &d.text)?
        }
        (None, None) => {
            return Err(Error::NoTime(format!(
                "\u{201c}{}\u{201d} has no end time or duration such as \u{201c}for 2 hours\u{201d} after it",
                clip(&draft.start.text)
            )));
        }
    };
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

/// `start` plus a duration in seconds, rounded to the second.
pub(crate) fn add_seconds(start: Timestamp, seconds: f64, what: &str) -> Result<Timestamp> {
    start
        .checked_add(checked_length(seconds, what)?)
        .map_err(|e| Error::InvalidDateTime(format!("{}: {e}", clip(what))))
}

/// A length of time in seconds, more than zero and at most
/// [`MAX_WINDOW_DAYS`](super::MAX_WINDOW_DAYS), rounded to the second.
pub(crate) fn checked_length(seconds: f64, what: &str) -> Result<SignedDuration> {
    let limit = (24 * 3600 * super::MAX_WINDOW_DAYS) as f64;
    if !(seconds.is_finite() && seconds > 0.0) {
        return Err(Error::EndBeforeStart(format!(
            "\u{201c}{}\u{201d} is not a length of time",
            clip(what)
        )));
    }
    if seconds > limit {
        return Err(Error::WindowTooLong(format!(
            "\u{201c}{}\u{201d} is longer than {} days",
            clip(what),
            super::MAX_WINDOW_DAYS
        )));
    }
    Ok(SignedDuration::from_secs(seconds.round() as i64))
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

/// The year of a date written without one; see the module documentation.
fn choose_year(draft: &Draft, reference: Timestamp, warnings: &mut Vec<Warning>) -> Result<i16> {
    let d = draft.date.start;
    let weekday = draft.date.weekday;
    if let Some(y) = d.year {
        let date = Date::new(y, d.month, d.day).map_err(|_| not_a_date_text(&draft.date.text))?;
        return match weekday {
            Some(w) if date.weekday() != w => Err(Error::AmbiguousDate(format!(
                "\u{201c}{}\u{201d} disagrees with itself: {} {} {y} is a {:?}",
                clip(&draft.date.text),
                d.day,
                month_name(d.month),
                date.weekday()
            ))),
            _ => Ok(y),
        };
    }
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
    let base = (first..=reference_year.saturating_add(8))
        .find(|y| ends_in_time(*y) == Some(true))
        .ok_or_else(|| not_a_date_text(&draft.date.text))?;
    let Some(w) = weekday else { return Ok(base) };
    let weekday_in = |y: i16| Date::new(y, d.month, d.day).ok().map(|x| x.weekday());
    if weekday_in(base) == Some(w) {
        return Ok(base);
    }
    let what = format!("{} {}", d.day, month_name(d.month));
    for y in [base.saturating_add(1), base.saturating_sub(1)] {
        if weekday_in(y) == Some(w) {
            warnings.push(Warning::new(
                "year-from-weekday",
                Some("date"),
                format!("No year was given; {y} was chosen because {what} is a {w:?} in {y}, not in {base}."),
            ));
            return Ok(y);
        }
    }
    warnings.push(Warning::new(
        "weekday-mismatch",
        Some("date"),
        format!(
            "\u{201c}{}\u{201d} does not fit: {what} {base} is a {:?}, and no nearby year has it on a {w:?}. \
             The date was read as {what} {base}.",
            clip(&draft.date.text),
            weekday_in(base).map_or_else(String::new, |x| format!("{x:?}")),
        ),
    ));
    Ok(base)
}

fn not_a_date_text(text: &str) -> Error {
    Error::InvalidDateTime(format!("\u{201c}{}\u{201d} does not exist", clip(text)))
}

/// The zone of the text: its first word that names a zone, else the
/// default. A word right after a time that names no zone is an error.
pub(crate) fn choose_zone(
    words: &[ZoneWord],
    default: Option<&str>,
    at: Timestamp,
    warnings: &mut Vec<Warning>,
) -> Result<Zone> {
    let mut chosen: Option<Zone> = None;
    for w in words.iter().take(32) {
        match zones::resolve_word(&w.text, at)? {
            Some((zone, found)) => match &chosen {
                None => {
                    warnings.extend(found);
                    chosen = Some(zone);
                }
                Some(c) if offset_of(c, at) != offset_of(&zone, at) => {
                    warnings.push(Warning::new(
                        "several-zones",
                        Some("zone"),
                        format!(
                            "The text also names \u{201c}{}\u{201d}; the times were read in {}, the first zone named.",
                            clip(&w.text),
                            c.written
                        ),
                    ));
                    break;
                }
                Some(_) => {}
            },
            None if w.strict && chosen.is_none() => return Err(zones::unknown(&w.text)),
            None => {}
        }
    }
    if let Some(zone) = chosen {
        return Ok(zone);
    }
    match default {
        Some(name) => {
            let (zone, found) = zones::resolve(name, at)?;
            warnings.extend(found);
            Ok(zone)
        }
        None => Err(Error::UnknownTimeZone(
            "no time zone was named in the text, and no default zone was given".into(),
        )),
    }
}

fn offset_of(zone: &Zone, at: Timestamp) -> Offset {
    zone.pin
        .as_ref()
        .map_or_else(|| zone.tz.to_offset(at), |p| p.offset)
}

/// A window's instants, zone, text and warnings, ready to be shown.
pub(crate) struct Parts<'z> {
    pub(crate) start: Timestamp,
    pub(crate) end: Timestamp,
    pub(crate) zone: &'z Zone,
    pub(crate) text: String,
    pub(crate) warnings: Vec<Warning>,
}

/// Checks the window and builds its fields and views.
pub(crate) fn assemble(
    p: Parts<'_>,
    zones: &[String],
    reader: Option<&str>,
    what: &str,
) -> Result<Window> {
    check_window(p.start, p.end, what)?;
    let views = views(zones, p.start, p.end)?;
    let reader = match reader.map(str::trim).filter(|r| !r.is_empty()) {
        Some(name) => Some(view(&zones::resolve(name, p.start)?.0, p.start, p.end)),
        None => None,
    };
    let seconds = p.start.duration_until(p.end).as_secs();
    Ok(Window {
        start: utc_text(p.start),
        end: utc_text(p.end),
        start_ms: p.start.as_millisecond() as f64,
        end_ms: p.end.as_millisecond() as f64,
        duration_minutes: minutes(p.start, p.end),
        duration_text: duration_text(seconds),
        source_zone: p.zone.name.clone(),
        source_abbreviation: p.zone.abbreviation(p.start),
        text: p.text,
        fields: fields(p.zone, p.start, p.end),
        warnings: p.warnings,
        views,
        reader,
        tzdb: zones::tzdb_version(),
    })
}

/// The window as form fields in its own zone.
fn fields(zone: &Zone, start: Timestamp, end: Timestamp) -> Fields {
    let (date, start_text, s) = local_fields(zone, start);
    let (end_date, end_time, e) = local_fields(zone, end);
    let next_day = s.date().tomorrow().ok() == Some(e.date());
    let short = (s.date() == e.date() && e.time() > s.time()) || (next_day && e.time() <= s.time());
    let end_text = if short {
        end_time
    } else {
        format!("{}T{}", date_text(e.date()), time_text(e.time()))
    };
    Fields {
        date,
        start: start_text,
        end: end_text,
        end_date,
        duration_minutes: minutes(start, end),
        zone: zone.written.clone(),
    }
}
