//! What the page shows around a window: the zone table and the live status.

use super::convert::{bounds, views};
use super::text::rough_duration;
use super::{RowNames, State, Status, TableFormat, TableRequest, View};
use crate::{Error, Result};

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
/// use sealpost::window::{State, status};
///
/// let hour = 3_600_000.0;
/// let s = status(10.0 * hour, 12.0 * hour, 9.0 * hour);
/// assert_eq!((s.state, s.text.as_str()), (State::Upcoming, "starts in 1 h"));
/// ```
pub fn status(start_ms: f64, end_ms: f64, now_ms: f64) -> Status {
    // Whole seconds from `a` to `b`; saturating, and zero for NaN.
    let secs = |a: f64, b: f64| ((b - a) / 1000.0).trunc() as i64;
    let (state, seconds, text) = if now_ms < start_ms {
        let s = secs(now_ms, start_ms);
        (
            State::Upcoming,
            s,
            format!("starts in {}", rough_duration(s)),
        )
    } else if now_ms < end_ms {
        let s = secs(now_ms, end_ms);
        (
            State::InProgress,
            s,
            format!("ends in {}", rough_duration(s)),
        )
    } else {
        let s = secs(end_ms, now_ms);
        (State::Ended, s, format!("ended {} ago", rough_duration(s)))
    };
    Status {
        state,
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
/// As [`convert`](super::convert), and [`Error::InvalidArgument`] for no
/// zones.
pub fn table(req: &TableRequest) -> Result<String> {
    if req.zones.is_empty() {
        return Err(Error::InvalidArgument(
            "The table needs at least one zone.".into(),
        ));
    }
    let (start, end) = bounds(req.start_ms, req.end_ms)?;
    let rows = views(&req.zones, start, end)?;
    let name = |v: &View| match req.row_names {
        RowNames::Abbreviation => v.abbreviation.clone(),
        RowNames::Zone => v.zone.clone(),
    };
    Ok(match req.format {
        TableFormat::Text => text_table(&rows, name),
        TableFormat::Markdown => markdown_table(&rows, name),
    })
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
    fn status_texts() {
        let h = 3_600_000.0;
        let s = status(100.0 * h, 112.0 * h, 100.0 * h - (2.0 * 24.0 + 3.0) * h);
        assert_eq!(
            (s.state, s.text.as_str()),
            (State::Upcoming, "starts in 2 d 3 h")
        );
        assert_eq!(s.seconds, 51.0 * 3600.0);
        let s = status(100.0 * h, 112.0 * h, 112.0 * h - 40.0 * 60_000.0);
        assert_eq!(
            (s.state, s.text.as_str()),
            (State::InProgress, "ends in 40 min")
        );
        let s = status(100.0 * h, 112.0 * h, 115.0 * h);
        assert_eq!((s.state, s.text.as_str()), (State::Ended, "ended 3 h ago"));
        let s = status(100.0 * h, 112.0 * h, 100.0 * h);
        assert_eq!(s.state, State::InProgress);
        let s = status(100.0 * h, 112.0 * h, 112.0 * h);
        assert_eq!(s.state, State::Ended);
        let s = status(f64::NAN, 1.0, f64::INFINITY);
        assert_eq!(
            (s.state, s.seconds),
            (State::Ended, 9.223_372_036_854_776e18)
        );
        assert_eq!(status(f64::NAN, f64::NAN, f64::NAN).seconds, 0.0);
    }

    fn req(format: TableFormat, row_names: RowNames) -> TableRequest {
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
            format,
            row_names,
        }
    }

    #[test]
    fn text_table_is_aligned_like_the_provider() {
        let want = "UTC:     24 July, 01:00-13:00\n\
                    PDT:  23-24 July, 18:00-06:00\n\
                    CAT:     24 July, 03:00-15:00\n\
                    AWST:    24 July, 09:00-21:00\n";
        let defaults = TableRequest::default();
        assert_eq!(
            table(&req(defaults.format, defaults.row_names)).unwrap(),
            want
        );
        let by_zone = table(&req(TableFormat::Text, RowNames::Zone)).unwrap();
        let want = "UTC:                  24 July, 01:00-13:00\n\
                    America/Vancouver: 23-24 July, 18:00-06:00\n";
        assert!(by_zone.starts_with(want), "{by_zone}");
    }

    #[test]
    fn markdown_table() {
        let md = table(&req(TableFormat::Markdown, RowNames::Abbreviation)).unwrap();
        assert!(md.starts_with("| Zone | Date | Time | UTC offset |\n| --- | --- | --- | --- |\n"));
        assert!(
            md.contains("| PDT | 23-24 July | 18:00-06:00 | -07:00 |\n"),
            "{md}"
        );
        assert_eq!(md.lines().count(), 6);
    }

    #[test]
    fn table_arguments() {
        let mut r = TableRequest::default();
        assert_eq!(table(&r).unwrap_err().code(), "invalid-argument");
        r = req(TableFormat::Text, RowNames::Abbreviation);
        r.zones.push("Mars/Olympus".into());
        assert_eq!(table(&r).unwrap_err().code(), "unknown-time-zone");
    }
}
