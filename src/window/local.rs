//! Local times to instants: the `compatible` rule, always said aloud.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::AmbiguousOffset;

use super::rules::compatible;
use super::text::{date_text, month_name, offset_text, time_text};
use super::tzdb::Zone;
use super::{FieldName, Warning, WarningCode};
use crate::{Error, Result};

/// `8 March 2026`.
fn long_date(d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

/// `date` at `time`, where `24:00` is the start of the next day.
pub(crate) fn at(date: Date, hour: i8, minute: i8, second: i8) -> Option<DateTime> {
    if hour == 24 {
        return Some(date.tomorrow().ok()?.to_datetime(Time::midnight()));
    }
    Some(date.to_datetime(Time::new(hour, minute, second, 0).ok()?))
}

/// The instant of a local time in `zone`.
///
/// A zone pinned to an abbreviation's offset reads the time at that offset.
/// Otherwise a time in a gap (spring forward) is moved later by the gap's
/// length and a time that happens twice (fall back) is the first of the
/// two, as TC39 Temporal's `compatible` disambiguation does; either comes
/// with a warning for `field` that says so in plain words.
pub(crate) fn to_instant(
    zone: &Zone,
    dt: DateTime,
    field: FieldName,
) -> Result<(Timestamp, Option<Warning>)> {
    let out_of_range = |_: jiff::Error| {
        Error::InvalidDateTime(format!("{} is out of range", date_text(dt.date())))
    };
    if let Some(pin) = &zone.pin {
        return Ok((pin.offset.to_timestamp(dt).map_err(out_of_range)?, None));
    }
    let offset = zone.tz.to_ambiguous(dt);
    let ts = compatible(offset).to_timestamp(dt).map_err(out_of_range)?;
    let local = format!("{} on {}", time_text(dt.time()), long_date(dt.date()));
    let warning = match offset {
        AmbiguousOffset::Unambiguous { .. } => None,
        AmbiguousOffset::Gap { before, after } => {
            let moved = zone.tz.to_datetime(ts);
            Some(Warning::new(
                WarningCode::NonexistentLocalTime,
                field,
                format!(
                    "{local} does not exist in {}: the clocks go forward then, from UTC{} to UTC{}. \
                     It was read as {} (UTC{}), as far on as the clocks jumped.",
                    zone.name,
                    offset_text(before),
                    offset_text(after),
                    time_text(moved.time()),
                    offset_text(after),
                ),
            ))
        }
        AmbiguousOffset::Fold { before, after } => Some(Warning::new(
            WarningCode::AmbiguousLocalTime,
            field,
            format!(
                "{local} happens twice in {}: the clocks go back then, from UTC{} to UTC{}. \
                 The first {} (UTC{}) was used.",
                zone.name,
                offset_text(before),
                offset_text(after),
                time_text(dt.time()),
                offset_text(before),
            ),
        )),
    };
    Ok((ts, warning))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::super::zones::{resolve, resolve_word};
    use super::*;

    fn instant(zone: &str, dt: DateTime) -> (String, Option<WarningCode>) {
        let at = "2026-01-01T00:00Z".parse().unwrap();
        let zone = resolve(zone, at).unwrap().0;
        let (ts, w) = to_instant(&zone, dt, FieldName::Start).unwrap();
        (ts.to_string(), w.map(|w| w.code))
    }

    #[test]
    fn gap_moves_later() {
        let (ts, code) = instant("America/New_York", date(2026, 3, 8).at(2, 30, 0, 0));
        assert_eq!(ts, "2026-03-08T07:30:00Z"); // 03:30 EDT
        assert_eq!(code, Some(WarningCode::NonexistentLocalTime));
    }

    #[test]
    fn overlap_takes_the_first() {
        let (ts, code) = instant("America/New_York", date(2026, 11, 1).at(1, 30, 0, 0));
        assert_eq!(ts, "2026-11-01T05:30:00Z"); // 01:30 EDT
        assert_eq!(code, Some(WarningCode::AmbiguousLocalTime));
    }

    #[test]
    fn abbreviations_are_never_ambiguous() {
        let at = "2026-11-01T06:00Z".parse().unwrap();
        let zone = resolve_word("EST", at).unwrap().unwrap().0;
        assert_eq!(zone.name, "America/New_York");
        let (ts, w) =
            to_instant(&zone, date(2026, 11, 1).at(1, 30, 0, 0), FieldName::Start).unwrap();
        assert_eq!(ts.to_string(), "2026-11-01T06:30:00Z");
        assert!(w.is_none());
    }

    #[test]
    fn end_of_day() {
        assert_eq!(
            at(date(2026, 7, 24), 24, 0, 0),
            Some(date(2026, 7, 25).at(0, 0, 0, 0))
        );
        assert_eq!(at(date(9999, 12, 31), 24, 0, 0), None);
    }
}
