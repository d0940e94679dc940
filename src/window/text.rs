//! Pure text helpers: month names, offsets, dates, times, durations and
//! RFC 3339 stamps, written the same way everywhere. Nothing here reads a
//! zone or fails.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `July` for 7.
pub(crate) fn month_name(month: i8) -> &'static str {
    usize::try_from(month.saturating_sub(1))
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("?")
}

/// `+05:30`, `-07:00`, `+00:00` (`+HH:MM:SS` for the rare odd second).
pub(crate) fn offset_text(offset: Offset) -> String {
    let s = offset.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.unsigned_abs();
    let (h, m, sec) = (a / 3600, a / 60 % 60, a % 60);
    if sec == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{sec:02}")
    }
}

/// `UTC` for a zero offset, `UTC+05:30` otherwise: a fixed zone's name.
pub(crate) fn utc_offset_name(offset: Offset) -> String {
    if offset.seconds() == 0 {
        "UTC".to_string()
    } else {
        format!("UTC{}", offset_text(offset))
    }
}

/// `2026-07-24`.
pub(crate) fn date_text(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `01:00`, or `01:00:30` when there are seconds.
pub(crate) fn time_text(time: Time) -> String {
    if time.second() == 0 {
        format!("{:02}:{:02}", time.hour(), time.minute())
    } else {
        format!(
            "{:02}:{:02}:{:02}",
            time.hour(),
            time.minute(),
            time.second()
        )
    }
}

/// `2026-07-23T18:00:00-07:00`.
pub(crate) fn rfc3339(dt: DateTime, offset: Offset) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}{}",
        date_text(dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second(),
        offset_text(offset)
    )
}

/// `2026-07-24T01:00:00Z`.
pub(crate) fn utc_text(ts: Timestamp) -> String {
    let dt = Offset::UTC.to_datetime(ts);
    let mut out = rfc3339(dt, Offset::UTC);
    out.truncate(19);
    out.push('Z');
    out
}

/// `20260724T010000Z`, the basic format of RFC 5545 and Google Calendar.
pub(crate) fn basic_utc(ts: Timestamp) -> String {
    let dt = Offset::UTC.to_datetime(ts);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// `12 h`, `1 h 30 min`, `2 d 4 h`, `45 s`: every unit that is not zero.
pub(crate) fn duration_text(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let parts = [
        (s / 86400, "d"),
        (s / 3600 % 24, "h"),
        (s / 60 % 60, "min"),
        (s % 60, "s"),
    ];
    let text: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if text.is_empty() {
        "0 min".to_string()
    } else {
        text.join(" ")
    }
}

/// The two largest units, truncated: `2 d 3 h`, `3 h 5 min`, `40 min`;
/// under a minute, `less than a minute`.
pub(crate) fn rough_duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (d, h, m) = (s / 86400, s / 3600 % 24, s / 60 % 60);
    let pair = |a: u64, ua: &str, b: u64, ub: &str| {
        if b == 0 {
            format!("{a} {ua}")
        } else {
            format!("{a} {ua} {b} {ub}")
        }
    };
    if d > 0 {
        pair(d, "d", h, "h")
    } else if h > 0 {
        pair(h, "h", m, "min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        "less than a minute".to_string()
    }
}

/// `24 July`, `23-24 July`, `31 July-1 August`, and across a new year
/// `31 December 2026-1 January 2027`.
pub(crate) fn date_label(s: DateTime, e: DateTime) -> String {
    let (sd, ed) = (s.date(), e.date());
    if sd == ed {
        format!("{} {}", sd.day(), month_name(sd.month()))
    } else if sd.year() != ed.year() {
        format!(
            "{} {} {}-{} {} {}",
            sd.day(),
            month_name(sd.month()),
            sd.year(),
            ed.day(),
            month_name(ed.month()),
            ed.year()
        )
    } else if sd.month() != ed.month() {
        format!(
            "{} {}-{} {}",
            sd.day(),
            month_name(sd.month()),
            ed.day(),
            month_name(ed.month())
        )
    } else {
        format!("{}-{} {}", sd.day(), ed.day(), month_name(sd.month()))
    }
}

/// `2026-07-24 01:00` (seconds only if any), in UTC.
pub(crate) fn utc_minutes(ts: Timestamp) -> String {
    let dt = Offset::UTC.to_datetime(ts);
    format!("{} {}", date_text(dt.date()), time_text(dt.time()))
}

/// At most 40 characters of a name, for messages.
pub(crate) use crate::error::clip;

/// A number from the caller, for messages: `90`, `90.5`, `0.001`, with
/// at most three decimals, or `NaN` / `infinity`. Written by hand, so that
/// a message does not link the float formatting of `core::fmt`.
pub(crate) fn number_text(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    // Near 2^53 an f64 holds no fraction; no caller means such a number.
    if a >= 9.0e15 {
        let size = if a.is_infinite() {
            "infinity"
        } else {
            "more than 9e15"
        };
        return format!("{sign}{size}");
    }
    let thousandths = (a * 1000.0).round() as u64;
    let (whole, frac) = (thousandths / 1000, thousandths % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let digits = format!("{frac:03}");
        format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number_text(90.0), "90");
        assert_eq!(number_text(90.5), "90.5");
        assert_eq!(number_text(-0.25), "-0.25");
        assert_eq!(number_text(0.0004), "0");
        assert_eq!(number_text(1.0 / 3.0), "0.333");
        assert_eq!(number_text(f64::NAN), "NaN");
        assert_eq!(number_text(f64::NEG_INFINITY), "-infinity");
        assert_eq!(number_text(1e300), "more than 9e15");
    }

    #[test]
    fn durations() {
        assert_eq!(duration_text(12 * 3600), "12 h");
        assert_eq!(duration_text(5400), "1 h 30 min");
        assert_eq!(duration_text(86400 + 1800), "1 d 30 min");
        assert_eq!(duration_text(0), "0 min");
        assert_eq!(rough_duration(2 * 86400 + 3 * 3600 + 59 * 60), "2 d 3 h");
        assert_eq!(rough_duration(40 * 60 + 59), "40 min");
        assert_eq!(rough_duration(86400 + 60), "1 d");
        assert_eq!(rough_duration(59), "less than a minute");
    }

    #[test]
    fn offsets_and_names() {
        let o = |s| Offset::from_seconds(s).unwrap();
        assert_eq!(offset_text(o(-7 * 3600)), "-07:00");
        assert_eq!(offset_text(o(19800)), "+05:30");
        assert_eq!(offset_text(o(-2670)), "-00:44:30");
        assert_eq!(utc_offset_name(o(0)), "UTC");
        assert_eq!(utc_offset_name(o(3600)), "UTC+01:00");
    }

    #[test]
    fn stamps_and_labels() {
        let ts: Timestamp = "2026-07-24T01:00:30Z".parse().unwrap();
        assert_eq!(utc_text(ts), "2026-07-24T01:00:30Z");
        assert_eq!(basic_utc(ts), "20260724T010030Z");
        assert_eq!(utc_minutes(ts), "2026-07-24 01:00:30");
        let dt = |s: &str| s.parse::<DateTime>().unwrap();
        assert_eq!(
            rfc3339(dt("2026-07-23T18:00"), Offset::constant(-7)),
            "2026-07-23T18:00:00-07:00"
        );
        assert_eq!(
            date_label(dt("2026-07-31T22:00"), dt("2026-08-01T02:00")),
            "31 July-1 August"
        );
        assert_eq!(month_name(13), "?");
    }

    #[test]
    fn clipped_names() {
        assert_eq!(clip("Europe/Berlin"), "Europe/Berlin");
        let long = "x".repeat(41);
        assert_eq!(clip(&long), format!("{}\u{2026}", "x".repeat(40)));
    }
}
