//! Instants in and views out: a window seen from any zone.

use jiff::civil::DateTime;
use jiff::{SignedDuration, Timestamp};

use super::text::{
    clip, date_label, date_text, duration_text, offset_text, rfc3339, time_text, utc_minutes,
};
use super::tzdb::{SHOWN_FROM, Zone};
use super::zones;
use super::{Bounds, MAX_WINDOW_DAYS, MAX_WINDOWS, MAX_ZONES, View};
use crate::{Error, Result};

/// The earliest instant accepted: 0001-01-01T00:00:00Z.
const MIN_MS: f64 = -62_135_596_800_000.0;
/// The latest instant accepted: 9999-12-31T23:59:59.999Z.
const MAX_MS: f64 = 253_402_300_799_999.0;

/// Reads milliseconds since the epoch (fractions of a millisecond are
/// dropped), between the years 1 and 9999.
pub(crate) fn instant(ms: f64, what: &str) -> Result<Timestamp> {
    if !ms.is_finite() {
        return Err(Error::InvalidArgument(format!("{what} must be a number.")));
    }
    let ms = ms.floor();
    if !(MIN_MS..=MAX_MS).contains(&ms) {
        return Err(Error::InvalidArgument(format!(
            "{what} must be between the years 1 and 9999."
        )));
    }
    // In range, so the conversion is exact and cannot fail.
    Timestamp::from_millisecond(ms as i64).map_err(|_| {
        Error::InvalidArgument(format!("{what} must be between the years 1 and 9999."))
    })
}

/// Reads a window's two instants and checks it is one.
pub(crate) fn bounds(start_ms: f64, end_ms: f64) -> Result<(Timestamp, Timestamp)> {
    let start = instant(start_ms, "startMs")?;
    let end = instant(end_ms, "endMs")?;
    check_window(start, end, "")?;
    Ok((start, end))
}

/// The windows of a request: `startMs` and `endMs`, or `windows`, checked.
pub(crate) fn bounds_list(
    start_ms: Option<f64>,
    end_ms: Option<f64>,
    windows: &[Bounds],
) -> Result<Vec<(Timestamp, Timestamp)>> {
    if windows.len() > MAX_WINDOWS {
        return Err(Error::InputTooLarge(format!(
            "at most {MAX_WINDOWS} windows"
        )));
    }
    match (start_ms, end_ms, windows.is_empty()) {
        (Some(s), Some(e), true) => Ok(vec![bounds(s, e)?]),
        (None, None, false) => windows
            .iter()
            .map(|w| bounds(w.start_ms, w.end_ms))
            .collect(),
        _ => Err(Error::InvalidArgument(
            "Give startMs and endMs for one window, or windows for several, not both.".into(),
        )),
    }
}

/// A window ends after it starts and lasts at most [`MAX_WINDOW_DAYS`].
/// `what` quotes the text it came from, if any.
pub(crate) fn check_window(start: Timestamp, end: Timestamp, what: &str) -> Result<()> {
    let quoted = if what.is_empty() {
        String::new()
    } else {
        format!("\u{201c}{}\u{201d} ", clip(what))
    };
    if start < SHOWN_FROM {
        return Err(Error::DateOutOfRange(format!(
            "{quoted}starts at {} UTC; windows are shown from 1 January 1970 on, where the time zone data starts",
            utc_minutes(start)
        )));
    }
    if end <= start {
        return Err(Error::EndBeforeStart(format!(
            "{quoted}ends at {} UTC, not after its start at {} UTC",
            utc_minutes(end),
            utc_minutes(start)
        )));
    }
    let length = start.duration_until(end);
    if length > SignedDuration::from_hours(24 * MAX_WINDOW_DAYS) {
        return Err(Error::WindowTooLong(format!(
            "{quoted}lasts {}; the limit is {MAX_WINDOW_DAYS} days",
            duration_text(length.as_secs())
        )));
    }
    Ok(())
}

/// `start` plus a duration in seconds, rounded to the second.
pub(crate) fn add_seconds(start: Timestamp, seconds: f64, what: &str) -> Result<Timestamp> {
    start
        .checked_add(checked_length(seconds, what)?)
        .map_err(|_| {
            Error::InvalidDateTime(format!(
                "\u{201c}{}\u{201d} ends past the year 9999",
                clip(what)
            ))
        })
}

/// A length of time in seconds, more than zero and at most
/// [`MAX_WINDOW_DAYS`], rounded to the second.
pub(crate) fn checked_length(seconds: f64, what: &str) -> Result<SignedDuration> {
    let limit = (24 * 3600 * MAX_WINDOW_DAYS) as f64;
    if !(seconds.is_finite() && seconds > 0.0) {
        return Err(Error::EndBeforeStart(format!(
            "\u{201c}{}\u{201d} is not a length of time",
            clip(what)
        )));
    }
    if seconds > limit {
        return Err(Error::WindowTooLong(format!(
            "\u{201c}{}\u{201d} is longer than {MAX_WINDOW_DAYS} days",
            clip(what)
        )));
    }
    Ok(SignedDuration::from_secs(seconds.round() as i64))
}

/// The window in each of the given zones, in order.
///
/// Zones are IANA names (old aliases such as `Asia/Calcutta` work), `UTC`,
/// offsets (`UTC+05:30`, `+0200`) or abbreviations (read at the start).
///
/// # Errors
///
/// [`Error::UnknownTimeZone`] for a zone that is none of these;
/// [`Error::InvalidArgument`], [`Error::EndBeforeStart`] or
/// [`Error::WindowTooLong`] for instants that make no window;
/// [`Error::InputTooLarge`] for more than [`MAX_ZONES`] zones.
///
/// # Example
///
/// ```
/// // 2026-07-24 01:00 to 13:00 UTC
/// let views = sealpost::window::convert(
///     1_784_854_800_000.0,
///     1_784_898_000_000.0,
///     &["America/Vancouver".to_string()],
/// )?;
/// assert_eq!(views[0].label, "23-24 July, 18:00-06:00");
/// assert_eq!(views[0].abbreviation, "PDT");
/// # Ok::<(), sealpost::Error>(())
/// ```
pub fn convert(start_ms: f64, end_ms: f64, zones: &[String]) -> Result<Vec<View>> {
    let (start, end) = bounds(start_ms, end_ms)?;
    views(zones, start, end)
}

/// Views of a checked window.
pub(crate) fn views(names: &[String], start: Timestamp, end: Timestamp) -> Result<Vec<View>> {
    if names.len() > MAX_ZONES {
        return Err(Error::InputTooLarge(format!("at most {MAX_ZONES} zones")));
    }
    names
        .iter()
        .map(|name| Ok(view(&zones::resolve(name, start)?.0, start, end)))
        .collect()
}

/// The window seen from one zone.
pub(crate) fn view(zone: &Zone, start: Timestamp, end: Timestamp) -> View {
    let tz = zone.view_tz();
    let (so, eo) = (tz.to_offset(start), tz.to_offset(end));
    let (s, e) = (so.to_datetime(start), eo.to_datetime(end));
    let (abbreviation, end_abbreviation) = (zone.abbreviation(start), zone.abbreviation(end));
    let seconds = start.duration_until(end).as_secs();
    let (date_label, time_label) = (
        date_label(s, e),
        format!("{}-{}", time_text(s.time()), time_text(e.time())),
    );
    View {
        zone: zone.written.clone(),
        abbreviation_changes: abbreviation != end_abbreviation,
        abbreviation,
        end_abbreviation,
        start: rfc3339(s, so),
        end: rfc3339(e, eo),
        start_offset: offset_text(so),
        end_offset: offset_text(eo),
        duration_minutes: minutes(start, end),
        duration_text: duration_text(seconds),
        label: format!("{date_label}, {time_label}"),
        date_label,
        time_label,
    }
}

/// Elapsed minutes between two instants (fractional for odd seconds).
pub(crate) fn minutes(start: Timestamp, end: Timestamp) -> f64 {
    start.duration_until(end).as_millis() as f64 / 60_000.0
}

/// The local date and time of an instant in a zone, as field text.
pub(crate) fn local_fields(zone: &Zone, at: Timestamp) -> (String, String, DateTime) {
    let dt = zone.view_tz().to_datetime(at);
    (date_text(dt.date()), time_text(dt.time()), dt)
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: f64 = 1_784_854_800_000.0; // 2026-07-24T01:00:00Z
    const END: f64 = 1_784_898_000_000.0; // 2026-07-24T13:00:00Z

    fn one(zone: &str, start: f64, end: f64) -> View {
        convert(start, end, &[zone.to_string()]).unwrap().remove(0)
    }

    #[test]
    fn the_providers_table() {
        let v = one("America/Vancouver", START, END);
        assert_eq!(v.label, "23-24 July, 18:00-06:00");
        assert_eq!(
            (v.abbreviation.as_str(), v.start_offset.as_str()),
            ("PDT", "-07:00")
        );
        assert_eq!(v.start, "2026-07-23T18:00:00-07:00");
        assert_eq!(v.end, "2026-07-24T06:00:00-07:00");
        assert_eq!(v.duration_text, "12 h");
        assert_eq!(
            one("Africa/Lusaka", START, END).label,
            "24 July, 03:00-15:00"
        );
        assert_eq!(one("UTC", START, END).abbreviation, "UTC");
    }

    #[test]
    fn labels_across_months_and_years() {
        let h = 3_600_000.0;
        // 2026-07-31T22:00Z to 2026-08-01T02:00Z
        let v = one("UTC", 1_785_535_200_000.0, 1_785_535_200_000.0 + 4.0 * h);
        assert_eq!(v.label, "31 July-1 August, 22:00-02:00");
        // 2026-12-31T23:00Z for two hours
        let v = one("UTC", 1_798_758_000_000.0, 1_798_758_000_000.0 + 2.0 * h);
        assert_eq!(v.date_label, "31 December 2026-1 January 2027");
    }

    #[test]
    fn abbreviation_change_is_noted() {
        // 2026-11-01T08:00Z to 10:00Z: Los Angeles falls back at 09:00Z.
        let v = one(
            "America/Los_Angeles",
            1_793_520_000_000.0,
            1_793_527_200_000.0,
        );
        assert!(v.abbreviation_changes);
        assert_eq!(
            (v.abbreviation.as_str(), v.end_abbreviation.as_str()),
            ("PDT", "PST")
        );
        assert_eq!(v.time_label, "01:00-02:00");
        assert_eq!(v.duration_text, "2 h");
    }

    #[test]
    fn bad_instants() {
        let code = |s, e| convert(s, e, &[]).unwrap_err().code();
        assert_eq!(code(f64::NAN, END), "invalid-argument");
        assert_eq!(code(START, f64::INFINITY), "invalid-argument");
        assert_eq!(code(1e300, 2e300), "invalid-argument");
        assert_eq!(code(END, START), "end-before-start");
        assert_eq!(code(START, START), "end-before-start");
        assert_eq!(code(START, START + 15.0 * 86_400_000.0), "window-too-long");
        let many = vec!["UTC".to_string(); MAX_ZONES + 1];
        assert_eq!(
            convert(START, END, &many).unwrap_err().code(),
            "input-too-large"
        );
    }
}
