//! Calendar exports: an RFC 5545 `.ics` file and a Google Calendar link.

use jiff::Timestamp;

use super::convert::{bounds_list, instant};
use super::link::percent_encode;
use super::text::basic_utc;
use super::{IcsRequest, MAX_TEXT_BYTES};
use crate::{Error, Result};

const DEFAULT_SUMMARY: &str = "Maintenance window";

/// An RFC 5545 calendar with one event for the window, or one for each of
/// `windows`.
///
/// Times are in UTC (`DTSTART:20260724T010000Z`), so every calendar shows
/// them in its own zone. The `UID` is derived from the window and summary,
/// so exporting the same window twice updates one event instead of adding
/// another. Text is escaped (`\\`, `\;`, `\,`, `\n`), lines are folded at
/// 75 octets without splitting a UTF-8 sequence, and end in CRLF.
///
/// # Errors
///
/// [`Error::InvalidArgument`], [`Error::EndBeforeStart`],
/// [`Error::WindowTooLong`] for instants that make no window, or for both
/// or neither of `startMs`/`endMs` and `windows`;
/// [`Error::InputTooLarge`] for a summary or description over 1 MiB, or
/// more than [`MAX_WINDOWS`](super::MAX_WINDOWS) windows.
///
/// # Example
///
/// ```
/// use sealpost::window::{Bounds, IcsRequest, ics};
///
/// let file = ics(&IcsRequest {
///     start_ms: Some(1_784_854_800_000.0),
///     end_ms: Some(1_784_898_000_000.0),
///     summary: "NC018 move".into(),
///     description: "On 24 July, between 01:00 and 13:00 UTC".into(),
///     now_ms: 1_780_272_000_000.0,
///     ..Default::default()
/// })?;
/// assert!(file.contains("\r\nDTSTART:20260724T010000Z\r\n"));
/// assert!(file.contains("DESCRIPTION:On 24 July\\, between"));
///
/// let two = ics(&IcsRequest {
///     windows: vec![
///         Bounds { start_ms: 1_784_854_800_000.0, end_ms: 1_784_862_000_000.0 },
///         Bounds { start_ms: 1_785_459_600_000.0, end_ms: 1_785_466_800_000.0 },
///     ],
///     ..Default::default()
/// })?;
/// assert_eq!(two.matches("BEGIN:VEVENT").count(), 2);
/// # Ok::<(), sealpost::Error>(())
/// ```
pub fn ics(req: &IcsRequest) -> Result<String> {
    let (windows, stamp) = checked(req)?;
    let summary = summary(req);
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Sealpost//Maintenance window//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
    ];
    for (start, end) in windows {
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", uid(start, end, summary)),
            format!("DTSTAMP:{}", basic_utc(stamp)),
            format!("DTSTART:{}", basic_utc(start)),
            format!("DTEND:{}", basic_utc(end)),
            format!("SUMMARY:{}", escape_text(summary)),
            format!("DESCRIPTION:{}", escape_text(&req.description)),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    Ok(lines.iter().map(|l| fold(l)).collect())
}

/// A Google Calendar link that opens a new event for the window.
///
/// # Errors
///
/// As [`ics`], and [`Error::InvalidArgument`] for more than one window: a
/// link holds one event, so make one link for each.
///
/// # Example
///
/// ```
/// use sealpost::window::{IcsRequest, google_calendar_url};
///
/// let url = google_calendar_url(&IcsRequest {
///     start_ms: Some(1_784_854_800_000.0),
///     end_ms: Some(1_784_898_000_000.0),
///     summary: "NC018 move".into(),
///     ..Default::default()
/// })?;
/// assert!(url.ends_with("&text=NC018%20move&dates=20260724T010000Z/20260724T130000Z&details="));
/// # Ok::<(), sealpost::Error>(())
/// ```
pub fn google_calendar_url(req: &IcsRequest) -> Result<String> {
    let (windows, _) = checked(req)?;
    let [(start, end)] = windows.as_slice() else {
        return Err(Error::InvalidArgument(
            "A Google Calendar link holds one window; make one link for each.".into(),
        ));
    };
    let (start, end) = (*start, *end);
    Ok(format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}",
        percent_encode(summary(req), b""),
        basic_utc(start),
        basic_utc(end),
        percent_encode(&req.description, b"")
    ))
}

type Windows = Vec<(Timestamp, Timestamp)>;

fn checked(req: &IcsRequest) -> Result<(Windows, Timestamp)> {
    if req.summary.len() > MAX_TEXT_BYTES || req.description.len() > MAX_TEXT_BYTES {
        return Err(Error::InputTooLarge(
            "the summary and description may have 1 MiB each".into(),
        ));
    }
    let windows = bounds_list(req.start_ms, req.end_ms, &req.windows)?;
    Ok((windows, instant(req.now_ms, "nowMs")?))
}

fn summary(req: &IcsRequest) -> &str {
    let s = req.summary.trim();
    if s.is_empty() { DEFAULT_SUMMARY } else { s }
}

/// A stable identifier: FNV-1a of the window and summary, `@sealpost`.
fn uid(start: Timestamp, end: Timestamp, summary: &str) -> String {
    let key = format!(
        "{}/{}/{summary}",
        start.as_millisecond(),
        end.as_millisecond()
    );
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}@sealpost")
}

/// RFC 5545 TEXT: `\` `;` `,` escaped, line breaks as `\n`, other control
/// characters (not allowed in TEXT) dropped.
pub(crate) fn escape_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line to at most 75 octets per physical line (the leading
/// space of a continuation counts), never inside a UTF-8 sequence, and ends
/// each physical line with CRLF.
pub(crate) fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Bounds, MAX_WINDOWS};
    use super::*;

    fn request() -> IcsRequest {
        IcsRequest {
            start_ms: Some(1_784_854_800_000.0),
            end_ms: Some(1_784_898_000_000.0),
            summary: "NC018 move".into(),
            description: "a\\b;c,d\r\ne\u{7}".into(),
            now_ms: 1_780_272_000_123.0,
            windows: Vec::new(),
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\u{7}\rf"),
            "a\\\\b\\;c\\,d\\ne\\nf"
        );
    }

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&long);
        assert!(folded.ends_with("\r\n"));
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        let exactly = "X".repeat(75);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
        assert_eq!(
            fold(&"X".repeat(76)),
            format!("{}\r\n X\r\n", "X".repeat(75))
        );
        let emoji = format!("{}\u{1F600}", "X".repeat(73));
        assert_eq!(
            fold(&emoji),
            format!("{}\r\n \u{1F600}\r\n", "X".repeat(73))
        );
    }

    #[test]
    fn calendar() {
        let file = ics(&request()).unwrap();
        assert!(file.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(file.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(file.contains("\r\nDTSTAMP:20260601T000000Z\r\n"));
        assert!(file.contains("\r\nDTSTART:20260724T010000Z\r\nDTEND:20260724T130000Z\r\n"));
        assert!(file.contains("\r\nDESCRIPTION:a\\\\b\\;c\\,d\\ne\r\n"));
        assert!(!file.replace("\r\n", "").contains('\n'));
        let uid_line = file.lines().find(|l| l.starts_with("UID:")).unwrap();
        assert!(uid_line.ends_with("@sealpost\r") || uid_line.ends_with("@sealpost"));
        assert_eq!(file, ics(&request()).unwrap(), "deterministic");
        let mut other = request();
        other.end_ms = other.end_ms.map(|e| e + 60_000.0);
        let other_uid = ics(&other)
            .unwrap()
            .lines()
            .find(|l| l.starts_with("UID:"))
            .map(String::from);
        assert_ne!(other_uid.as_deref(), Some(uid_line));
    }

    #[test]
    fn one_event_per_window() {
        let hour = 3_600_000.0;
        let start = 1_784_854_800_000.0;
        let windows: Vec<Bounds> = (0..3)
            .map(|n| Bounds {
                start_ms: start + f64::from(n) * 48.0 * hour,
                end_ms: start + f64::from(n) * 48.0 * hour + hour,
            })
            .collect();
        let r = IcsRequest {
            windows: windows.clone(),
            ..request()
        };
        let r = IcsRequest {
            start_ms: None,
            end_ms: None,
            ..r
        };
        let file = ics(&r).unwrap();
        assert_eq!(file.matches("BEGIN:VEVENT\r\n").count(), 3);
        assert_eq!(file.matches("END:VEVENT\r\n").count(), 3);
        assert_eq!(file.matches("BEGIN:VCALENDAR").count(), 1);
        for d in ["20260724T010000Z", "20260726T010000Z", "20260728T010000Z"] {
            assert!(file.contains(&format!("\r\nDTSTART:{d}\r\n")), "{d}");
        }
        let uids: std::collections::HashSet<&str> =
            file.lines().filter(|l| l.starts_with("UID:")).collect();
        assert_eq!(uids.len(), 3);
        assert_eq!(
            google_calendar_url(&r).unwrap_err().code(),
            "invalid-argument"
        );
        let too_many = IcsRequest {
            windows: vec![windows[0]; MAX_WINDOWS + 1],
            ..r
        };
        assert_eq!(ics(&too_many).unwrap_err().code(), "input-too-large");
    }

    #[test]
    fn google_link() {
        let url = google_calendar_url(&request()).unwrap();
        assert_eq!(
            url,
            "https://calendar.google.com/calendar/render?action=TEMPLATE&text=NC018%20move\
             &dates=20260724T010000Z/20260724T130000Z&details=a%5Cb%3Bc%2Cd%0D%0Ae%07"
        );
        let mut r = request();
        r.summary = " ".into();
        assert!(
            google_calendar_url(&r)
                .unwrap()
                .contains("text=Maintenance%20window&")
        );
    }

    #[test]
    fn bad_requests() {
        let mut r = request();
        r.now_ms = f64::NAN;
        assert_eq!(ics(&r).unwrap_err().code(), "invalid-argument");
        let mut r = request();
        r.end_ms = r.start_ms;
        assert_eq!(ics(&r).unwrap_err().code(), "end-before-start");
        let mut r = request();
        r.windows = vec![Bounds::default()];
        assert_eq!(ics(&r).unwrap_err().code(), "invalid-argument");
        let mut r = request();
        r.end_ms = None;
        assert_eq!(ics(&r).unwrap_err().code(), "invalid-argument");
        let mut r = request();
        r.description = "x".repeat(MAX_TEXT_BYTES + 1);
        assert_eq!(ics(&r).unwrap_err().code(), "input-too-large");
    }
}
