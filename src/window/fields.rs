//! A window typed into a form: date, start, end or duration, zone.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;

use super::assemble::{Parts, assemble};
use super::clock::clock_at;
use super::convert::add_seconds;
use super::iso::date_of;
use super::lexer::tokenize;
use super::local::{at, to_instant};
use super::text::{clip, number_text};
use super::zones;
use super::{FieldName, FieldsRequest, MAX_TEXT_BYTES, Window};
use crate::{Error, Result};

/// Builds a window from form fields, the inverse of [`Window::fields`].
///
/// `end` is a time (the next day if not after `start`) or a date and time
/// (`2026-07-25T06:00`); `durationMinutes` may stand instead of it or, if
/// both are given, must agree with it to the minute. Local times in a clock
/// change are read as [`parse`](super::parse) reads them, with the same
/// warnings.
///
/// # Errors
///
/// [`Error::NoDate`] or [`Error::NoTime`] for an empty date or start,
/// [`Error::InvalidDateTime`] for one that is not a date or time,
/// [`Error::UnknownTimeZone`], [`Error::InvalidArgument`] for neither end
/// nor duration or the two disagreeing, [`Error::EndBeforeStart`],
/// [`Error::WindowTooLong`].
///
/// # Example
///
/// ```
/// use sealpost::window::{FieldsRequest, from_fields};
///
/// let window = from_fields(&FieldsRequest {
///     date: "2026-07-24".into(),
///     start: "01:00".into(),
///     end: Some("13:00".into()),
///     zone: "UTC".into(),
///     ..Default::default()
/// })?;
/// assert_eq!(window.end, "2026-07-24T13:00:00Z");
/// assert_eq!(window.duration_text, "12 h");
/// # Ok::<(), sealpost::Error>(())
/// ```
pub fn from_fields(req: &FieldsRequest) -> Result<Window> {
    let text = req.text.clone().unwrap_or_default();
    if text.len() > MAX_TEXT_BYTES {
        return Err(Error::InputTooLarge(format!(
            "the text is {} bytes; the limit is 1 MiB",
            text.len()
        )));
    }
    let date = field_date(&req.date)?;
    let start_dt = field_time(&req.start, date, "start")?;
    let naive = Offset::UTC.to_timestamp(start_dt).map_err(|_| {
        Error::InvalidDateTime(format!("{}: outside the years 1 to 9999", clip(&req.date)))
    })?;
    let (zone, mut warnings) = zones::resolve(&req.zone, naive)?;
    let (start, w) = to_instant(&zone, start_dt, FieldName::Start)?;
    warnings.extend(w);
    let by_time = match req.end.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => {
            let (end, w) = to_instant(&zone, field_end(e, date, start_dt)?, FieldName::End)?;
            warnings.extend(w);
            Some(end)
        }
        None => None,
    };
    let by_duration = match req.duration_minutes {
        Some(m) => Some(add_seconds(
            start,
            m * 60.0,
            &format!("{} minutes", number_text(m)),
        )?),
        None => None,
    };
    let end = choose_end(by_time, by_duration, req)?;
    let parts = Parts {
        start,
        end,
        zone,
        warnings,
        what: String::new(),
    };
    assemble(vec![parts], text, &req.zones, req.reader_zone.as_deref())
}

fn choose_end(
    by_time: Option<Timestamp>,
    by_duration: Option<Timestamp>,
    req: &FieldsRequest,
) -> Result<Timestamp> {
    match (by_time, by_duration) {
        (Some(a), Some(b)) if a.duration_until(b).as_secs().abs() >= 60 => {
            Err(Error::InvalidArgument(format!(
                "The end \u{201c}{}\u{201d} and the duration of {} minutes disagree; give one of them.",
                clip(req.end.as_deref().unwrap_or("")),
                number_text(req.duration_minutes.unwrap_or(0.0))
            )))
        }
        (Some(a), _) => Ok(a),
        (None, Some(b)) => Ok(b),
        (None, None) => Err(Error::InvalidArgument(
            "Give an end time or a duration in minutes.".into(),
        )),
    }
}

fn field_date(text: &str) -> Result<Date> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::NoDate("the date field is empty".into()));
    }
    date_of(text).ok_or_else(|| {
        Error::InvalidDateTime(format!(
            "\u{201c}{}\u{201d} is not a date written like 2026-07-24",
            clip(text)
        ))
    })
}

/// A time field (`01:00`, `1:30 pm`, `noon`) on `date`.
fn field_time(text: &str, date: Date, field: &str) -> Result<DateTime> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::NoTime(format!("the {field} field is empty")));
    }
    let bad = || {
        Error::InvalidDateTime(format!(
            "\u{201c}{}\u{201d} is not a time like 13:00",
            clip(text)
        ))
    };
    let t = tokenize(text);
    let clock = clock_at(&t, 0)?
        .filter(|c| c.next == t.len())
        .ok_or_else(bad)?;
    at(date, clock.hour, clock.minute, clock.second).ok_or_else(bad)
}

/// An end field: a time (next day if not after the start) or a date and
/// time.
fn field_end(text: &str, date: Date, start: DateTime) -> Result<DateTime> {
    if let Some((d, t)) = text
        .split_once(['T', 't', ' '])
        .filter(|(d, _)| d.len() == 10)
    {
        return field_time(t, field_date(d)?, "end");
    }
    let same_day = field_time(text, date, "end")?;
    if same_day > start {
        return Ok(same_day);
    }
    let next = date
        .tomorrow()
        .map_err(|_| Error::InvalidDateTime("there is no day after 31 December 9999".into()))?;
    field_time(text, next, "end")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(
        date: &str,
        start: &str,
        end: Option<&str>,
        minutes: Option<f64>,
        zone: &str,
    ) -> FieldsRequest {
        FieldsRequest {
            date: date.into(),
            start: start.into(),
            end: end.map(String::from),
            duration_minutes: minutes,
            zone: zone.into(),
            ..Default::default()
        }
    }

    #[test]
    fn crossing_midnight_and_durations() {
        let w = from_fields(&req(
            "2026-07-23",
            "18:00",
            Some("06:00"),
            None,
            "America/Vancouver",
        ))
        .unwrap();
        assert_eq!(
            (w.start.as_str(), w.end.as_str()),
            ("2026-07-24T01:00:00Z", "2026-07-24T13:00:00Z")
        );
        assert_eq!(w.fields.end, "06:00");
        assert_eq!(w.fields.end_date, "2026-07-24");
        let w = from_fields(&req("2026-07-24", "1:00 am", None, Some(90.0), "UTC")).unwrap();
        assert_eq!(w.end, "2026-07-24T02:30:00Z");
        let w = from_fields(&req(
            "2026-07-24",
            "01:00",
            Some("2026-07-25T02:00"),
            Some(1500.0),
            "UTC",
        ))
        .unwrap();
        assert_eq!(w.fields.end, "2026-07-25T02:00");
    }

    #[test]
    fn empty_and_impossible_fields() {
        let code = |r: FieldsRequest| from_fields(&r).unwrap_err().code();
        assert_eq!(
            code(req("", "01:00", Some("02:00"), None, "UTC")),
            "no-date"
        );
        assert_eq!(
            code(req("2026-07-24", " ", Some("02:00"), None, "UTC")),
            "no-time"
        );
        assert_eq!(
            code(req("2026-02-31", "01:00", Some("02:00"), None, "UTC")),
            "invalid-date-time"
        );
        assert_eq!(
            code(req("2026-07-24", "25:00", Some("02:00"), None, "UTC")),
            "invalid-date-time"
        );
    }

    #[test]
    fn fields_that_make_no_window() {
        let code = |r: FieldsRequest| from_fields(&r).unwrap_err().code();
        assert_eq!(
            code(req("2026-07-24", "01:00", None, None, "UTC")),
            "invalid-argument"
        );
        assert_eq!(
            code(req("2026-07-24", "01:00", Some("02:00"), Some(30.0), "UTC")),
            "invalid-argument"
        );
        assert_eq!(
            code(req("2026-07-24", "01:00", None, Some(-5.0), "UTC")),
            "end-before-start"
        );
        assert_eq!(
            code(req("2026-07-24", "01:00", None, Some(30000.0), "UTC")),
            "window-too-long"
        );
        assert_eq!(
            code(req(
                "2026-07-24",
                "01:00",
                Some("02:00"),
                None,
                "Mars/Olympus"
            )),
            "unknown-time-zone"
        );
        assert_eq!(
            code(req(
                "2026-07-24",
                "01:00",
                Some("2026-07-23T02:00"),
                None,
                "UTC"
            )),
            "end-before-start"
        );
    }
}
