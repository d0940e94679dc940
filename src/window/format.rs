//! Text for people: offsets, dates, durations, status and zone tables.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

use super::convert::{bounds, views};
use super::{Status, TableRequest, View};
use crate::{Error, Result};

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
fn rough_duration(seconds: i64) -> String {
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

/// Where a window stands at `now_ms`: `upcoming` until it starts,
/// `in-progress` until it ends, then `ended`. `seconds` counts whole
/// seconds to the start, to the end, or since the end; `text` gives the
/// two largest units, truncated.
///
/// This is a display helper and checks nothing: a time that is not a
/// number counts as zero seconds away.
///
/// # Example
///
/// ```
/// let hour = 3_600_000.0;
/// let s = sealpost::window::status(10.0 * hour, 12.0 * hour, 9.0 * hour);
/// assert_eq!((s.state.as_str(), s.text.as_str()), ("upcoming", "starts in 1 h"));
/// ```
pub fn status(start_ms: f64, end_ms: f64, now_ms: f64) -> Status {
    // Whole seconds from `a` to `b`; saturating, and zero for NaN.
    let secs = |a: f64, b: f64| ((b - a) / 1000.0).trunc() as i64;
    let (state, seconds, text) = if now_ms < start_ms {
        let s = secs(now_ms, start_ms);
        ("upcoming", s, format!("starts in {}", rough_duration(s)))
    } else if now_ms < end_ms {
        let s = secs(now_ms, end_ms);
        ("in-progress", s, format!("ends in {}", rough_duration(s)))
    } else {
        let s = secs(end_ms, now_ms);
        ("ended", s, format!("ended {} ago", rough_duration(s)))
    };
    Status {
        state: state.to_string(),
        text,
        seconds: seconds as f64,
    }
}

/// The window in several zones as a table, one row per zone: plain text
/// aligned like a provider's announcement, or Markdown.
///
/// ```text
/// UTC:     24 July, 01:00-13:00
/// PDT:  23-24 July, 18:00-06:00
/// ```
///
/// # Errors
///
/// As [`convert`](super::convert), and [`Error::InvalidArgument`] for an
/// unknown `format` or `rowNames`, or no zones.
pub fn table(req: &TableRequest) -> Result<String> {
    let markdown = match req.format.as_str() {
        "" | "text" => false,
        "markdown" => true,
        other => return Err(bad_choice("format", other, "text or markdown")),
    };
    let by_zone = match req.row_names.as_str() {
        "" | "abbreviation" => false,
        "zone" => true,
        other => return Err(bad_choice("rowNames", other, "abbreviation or zone")),
    };
    if req.zones.is_empty() {
        return Err(Error::InvalidArgument(
            "The table needs at least one zone.".into(),
        ));
    }
    let (start, end) = bounds(req.start_ms, req.end_ms)?;
    let rows = views(&req.zones, start, end)?;
    let name = |v: &View| {
        if by_zone {
            v.zone.clone()
        } else {
            v.abbreviation.clone()
        }
    };
    Ok(if markdown {
        markdown_table(&rows, name)
    } else {
        text_table(&rows, name)
    })
}

fn bad_choice(field: &str, value: &str, allowed: &str) -> Error {
    Error::InvalidArgument(format!(
        "{field} must be {allowed}, not \u{201c}{}\u{201d}.",
        super::zones::clip(value)
    ))
}

fn text_table(rows: &[View], name: impl Fn(&View) -> String) -> String {
    let names: Vec<String> = rows.iter().map(|v| format!("{}:", name(v))).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 1;
    let dates = rows
        .iter()
        .map(|v| v.date_label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (n, v) in names.iter().zip(rows) {
        let gap = (width + dates).saturating_sub(n.chars().count() + v.date_label.chars().count());
        out.push_str(&format!(
            "{n}{}{}, {}\n",
            " ".repeat(gap),
            v.date_label,
            v.time_label
        ));
    }
    out
}

fn markdown_table(rows: &[View], name: impl Fn(&View) -> String) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from("| Zone | Date | Time | UTC offset |\n| --- | --- | --- | --- |\n");
    for v in rows {
        let offset = if v.start_offset == v.end_offset {
            v.start_offset.clone()
        } else {
            format!("{} \u{2192} {}", v.start_offset, v.end_offset)
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&name(v)),
            cell(&v.date_label),
            cell(&v.time_label),
            offset
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn status_texts() {
        let h = 3_600_000.0;
        let s = status(100.0 * h, 112.0 * h, 100.0 * h - (2.0 * 24.0 + 3.0) * h);
        assert_eq!(
            (s.state.as_str(), s.text.as_str()),
            ("upcoming", "starts in 2 d 3 h")
        );
        assert_eq!(s.seconds, 51.0 * 3600.0);
        let s = status(100.0 * h, 112.0 * h, 112.0 * h - 40.0 * 60_000.0);
        assert_eq!(
            (s.state.as_str(), s.text.as_str()),
            ("in-progress", "ends in 40 min")
        );
        let s = status(100.0 * h, 112.0 * h, 115.0 * h);
        assert_eq!(
            (s.state.as_str(), s.text.as_str()),
            ("ended", "ended 3 h ago")
        );
        let s = status(100.0 * h, 112.0 * h, 100.0 * h);
        assert_eq!(s.state, "in-progress");
        let s = status(100.0 * h, 112.0 * h, 112.0 * h);
        assert_eq!(s.state, "ended");
        let s = status(f64::NAN, 1.0, f64::INFINITY);
        assert_eq!(
            (s.state.as_str(), s.seconds),
            ("ended", 9.223_372_036_854_776e18)
        );
        assert_eq!(status(f64::NAN, f64::NAN, f64::NAN).seconds, 0.0);
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

    fn req(format: &str, row_names: &str) -> TableRequest {
        TableRequest {
            start_ms: 1_784_854_800_000.0, // 2026-07-24T01:00:00Z
            end_ms: 1_784_898_000_000.0,   // 2026-07-24T13:00:00Z
            zones: [
                "UTC",
                "America/Vancouver",
                "Africa/Lusaka",
                "Australia/Perth",
            ]
            .map(String::from)
            .to_vec(),
            format: format.into(),
            row_names: row_names.into(),
        }
    }

    #[test]
    fn text_table_is_aligned_like_the_provider() {
        let want = "UTC:     24 July, 01:00-13:00\n\
                    PDT:  23-24 July, 18:00-06:00\n\
                    CAT:     24 July, 03:00-15:00\n\
                    AWST:    24 July, 09:00-21:00\n";
        assert_eq!(table(&req("text", "")).unwrap(), want);
        let by_zone = table(&req("", "zone")).unwrap();
        let want = "UTC:                  24 July, 01:00-13:00\n\
                    America/Vancouver: 23-24 July, 18:00-06:00\n";
        assert!(by_zone.starts_with(want), "{by_zone}");
    }

    #[test]
    fn markdown_table() {
        let md = table(&req("markdown", "abbreviation")).unwrap();
        assert!(md.starts_with("| Zone | Date | Time | UTC offset |\n| --- | --- | --- | --- |\n"));
        assert!(
            md.contains("| PDT | 23-24 July | 18:00-06:00 | -07:00 |\n"),
            "{md}"
        );
        assert_eq!(md.lines().count(), 6);
    }

    #[test]
    fn table_arguments() {
        assert_eq!(
            table(&req("html", "")).unwrap_err().code(),
            "invalid-argument"
        );
        assert_eq!(
            table(&req("", "city")).unwrap_err().code(),
            "invalid-argument"
        );
        let mut r = req("", "");
        r.zones.clear();
        assert_eq!(table(&r).unwrap_err().code(), "invalid-argument");
        r.zones.push("Mars/Olympus".into());
        assert_eq!(table(&r).unwrap_err().code(), "unknown-time-zone");
    }
}
