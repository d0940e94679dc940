//! ISO 8601 intervals: `2026-12-12T02:00Z/PT4H`, `start/end` with offsets,
//! `P…/end`, a time-only end (`2026-12-12T02:00Z/06:00Z`), the basic
//! format (`20261212T0200Z`) that links use, and date-times written apart
//! in prose ("from 2027-02-03T21:30:00-05:00 until 2027-02-03T23:00-05:00",
//! "2027-02-03T21:30Z for 90 minutes").

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

use super::assemble::{Parts, assemble, choose_zone};
use super::clock::find_duration_before;
use super::connect::{between_before, joint, skip_fillers, skip_zone_tokens};
use super::convert::{add_seconds, checked_length};
use super::lexer::{Kind, Token, decimal, tokenize};
use super::local::to_instant;
use super::names::ZoneWord;
use super::text::{clip, utc_offset_name};
use super::tzdb::Zone;
use super::zones::{self, parse_offset};
use super::{FieldName, MAX_WINDOWS, ParseRequest, Warning, Window};
use crate::{Error, Result};

/// A date and time with what the text says of its offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stamp {
    pub(crate) dt: DateTime,
    pub(crate) offset: Option<Offset>,
    /// An RFC 9557 zone annotation, `[Europe/Berlin]`.
    pub(crate) zone: Option<String>,
}

/// One end of an interval.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Stamp(Stamp),
    /// A time of day only, on the other end's date.
    Time(Time, Option<Offset>),
    Duration(f64),
}

/// An interval found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Interval {
    first: Part,
    second: Part,
    text: String,
}

/// Every ISO 8601 interval in `text`: the words that look like one, then
/// date-times joined in prose, or followed by a duration.
pub(crate) fn find_intervals(text: &str) -> Result<Vec<Interval>> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let word = word
            .trim_start_matches(['(', '<', '"'])
            .trim_end_matches([')', ',', '.', ';', '>', '"']);
        if let Some(iv) = interval_word(word)? {
            out.push(iv);
        }
        if out.len() > MAX_WINDOWS {
            return Err(Error::InputTooLarge(format!(
                "the announcement names more than {MAX_WINDOWS} windows"
            )));
        }
    }
    if out.is_empty() {
        out = stamps_in_prose(&tokenize(text))?;
    }
    Ok(out)
}

/// A word that is an interval (`2026-12-12T02:00Z/PT4H`); an error for a
/// word that looks like one but is not.
fn interval_word(word: &str) -> Result<Option<Interval>> {
    let Some((a, b)) = split_interval(word) else {
        return Ok(None);
    };
    let stamp_like =
        a.len() > 10 && a.bytes().take(4).all(|c| c.is_ascii_digit()) && a.contains(['T', 't']);
    let duration_like = a.starts_with('P') && a.len() > 1;
    if !(stamp_like || duration_like) {
        return Ok(None);
    }
    let bad = || {
        Error::InvalidDateTime(format!(
            "\u{201c}{}\u{201d} is not an ISO 8601 interval",
            clip(word)
        ))
    };
    let first = part(a).ok_or_else(bad)?;
    let second = part(b).ok_or_else(bad)?;
    let fits = matches!(
        (&first, &second),
        (
            Part::Stamp(_),
            Part::Stamp(_) | Part::Duration(_) | Part::Time(..)
        ) | (Part::Duration(_), Part::Stamp(_))
    );
    if !fits {
        return Err(bad());
    }
    Ok(Some(Interval {
        first,
        second,
        text: word.to_string(),
    }))
}

/// Date-times in prose (one token each, see [`super::lexer`]): two joined
/// like times are ("from … until …", "Start: … End: …"), or one followed
/// by a duration. A date-time alone is left to the prose path.
fn stamps_in_prose(t: &[Token<'_>]) -> Result<Vec<Interval>> {
    let stamp_at = |k: usize| {
        t.get(k)
            .filter(|x| x.kind == Kind::Number && x.text.contains(['T', 't']))
            .and_then(|x| Some((parse_stamp(x.text)?, x.text)))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let Some((a, a_text)) = stamp_at(i) else {
            i += 1;
            continue;
        };
        let k = skip_zone_tokens(t, i + 1);
        let end = joint(t, k, between_before(t, i, &[])).map(|j| skip_fillers(t, j));
        if let Some((b, b_text)) = end.and_then(stamp_at) {
            out.push(Interval {
                first: Part::Stamp(a),
                second: Part::Stamp(b),
                text: format!("{a_text} to {b_text}"),
            });
            i = end.map_or(i, |e| e + 1);
        } else if let Some(d) = find_duration_before(t, i + 1, i + 12) {
            out.push(Interval {
                first: Part::Stamp(a),
                second: Part::Duration(d.seconds),
                text: format!("{a_text} {}", d.text),
            });
            i = d.next;
        } else {
            i += 1;
        }
        if out.len() > MAX_WINDOWS {
            return Err(Error::InputTooLarge(format!(
                "the announcement names more than {MAX_WINDOWS} windows"
            )));
        }
    }
    Ok(out)
}

/// Splits at the `/` that is not inside a `[Zone/Name]` annotation.
fn split_interval(word: &str) -> Option<(&str, &str)> {
    let mut depth = 0_u32;
    for (i, c) in word.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => return Some((word.get(..i)?, word.get(i + 1..)?)),
            _ => {}
        }
    }
    None
}

fn part(s: &str) -> Option<Part> {
    if let Some(d) = s.strip_prefix('P') {
        return duration(d).map(Part::Duration);
    }
    if s.len() >= 5 && s.as_bytes().get(2) == Some(&b':') {
        let (time, offset) = split_offset(s)?;
        return Some(Part::Time(time_of(time)?, offset));
    }
    parse_stamp(s).map(Part::Stamp)
}

/// `nD`, `nW`, `T…nH nM nS`, decimals allowed on any; no years or months,
/// which have no fixed length.
fn duration(s: &str) -> Option<f64> {
    let (date, time) = match s.split_once(['T', 't']) {
        Some((d, t)) if !t.is_empty() => (d, t),
        Some(_) => return None,
        None => (s, ""),
    };
    let date_seconds = units(date, &[('W', 604_800.0), ('D', 86_400.0)])?;
    let time_seconds = units(time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    let total = date_seconds + time_seconds;
    (total > 0.0 && !(date.is_empty() && time.is_empty())).then_some(total)
}

/// Sums `<number><unit>` groups, units in the given order, each at most once.
fn units(mut s: &str, allowed: &[(char, f64)]) -> Option<f64> {
    let mut total = 0.0;
    let mut order = allowed.iter();
    while !s.is_empty() {
        let end = s.find(|c: char| c.is_ascii_alphabetic())?;
        let (number, rest) = s.split_at_checked(end)?;
        let unit = rest.chars().next()?.to_ascii_uppercase();
        let (_, seconds) = order.find(|(u, _)| *u == unit)?;
        total += decimal(number)? * seconds;
        s = rest.get(1..)?;
    }
    Some(total)
}

/// `2026-12-12T02:00[:00[.000]][Z|±HH:MM|±HHMM|±HH][[Zone]]` or the basic
/// `20261212T0200[00]Z`.
pub(crate) fn parse_stamp(s: &str) -> Option<Stamp> {
    let (s, zone) = match s.strip_suffix(']').and_then(|x| x.split_once('[')) {
        Some((s, z)) => (s, Some(z.trim_start_matches('!').to_string())),
        None => (s, None),
    };
    let (date, rest) = s.split_once(['T', 't'])?;
    let (time, offset) = split_offset(rest)?;
    let date = if date.len() == 8 {
        let (y, md) = date.split_at_checked(4)?;
        let (m, d) = md.split_at_checked(2)?;
        format!("{y}-{m}-{d}")
    } else {
        date.to_string()
    };
    let date = date_of(&date)?;
    Some(Stamp {
        dt: date.to_datetime(time_of(time)?),
        offset,
        zone,
    })
}

/// Splits `02:00+01:00` into the time and its offset (`Z` is UTC).
fn split_offset(s: &str) -> Option<(&str, Option<Offset>)> {
    if let Some(t) = s.strip_suffix(['Z', 'z']) {
        return Some((t, Some(Offset::UTC)));
    }
    match s.find(['+', '-']) {
        Some(i) => {
            let (t, o) = s.split_at_checked(i)?;
            Some((t, Some(parse_offset(o).ok()??)))
        }
        None => Some((s, None)),
    }
}

pub(crate) fn date_of(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r).filter(|x| x.bytes().all(|c| c.is_ascii_digit()));
    let (y, m, d) = (
        n(0..4)?.parse().ok()?,
        n(5..7)?.parse().ok()?,
        n(8..10)?.parse().ok()?,
    );
    Date::new(y, m, d).ok()
}

/// `HH:MM[:SS[.fff]]` or basic `HHMM[SS]`; fractions of a second dropped.
fn time_of(s: &str) -> Option<Time> {
    let s = s.split_once(['.', ',']).map_or(s, |(whole, _)| whole);
    let digits: String = s.chars().filter(|c| *c != ':').collect();
    let colons = s.len() - digits.len();
    let shape_ok = match digits.len() {
        4 => colons == 0 || (colons == 1 && s.as_bytes().get(2) == Some(&b':')),
        6 => colons == 0 || (colons == 2 && s.as_bytes().get(5) == Some(&b':')),
        _ => false,
    };
    if !shape_ok || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r)?.parse::<i8>().ok();
    Time::new(
        n(0..2)?,
        n(2..4)?,
        if digits.len() == 6 { n(4..6)? } else { 0 },
        0,
    )
    .ok()
}

/// The windows of the intervals; a stamp without offset is read in the
/// zone the text names, or the default zone.
pub(crate) fn windows(intervals: &[Interval], req: &ParseRequest) -> Result<Window> {
    let mut parts = Vec::with_capacity(intervals.len());
    for iv in intervals {
        parts.push(window(iv, req)?);
    }
    assemble(
        parts,
        req.text.clone(),
        &req.zones,
        req.reader_zone.as_deref(),
    )
}

fn window(iv: &Interval, req: &ParseRequest) -> Result<Parts> {
    let mut warnings = Vec::new();
    let anchor = match (&iv.first, &iv.second) {
        (Part::Stamp(s), _) | (_, Part::Stamp(s)) => s,
        _ => {
            return Err(Error::InvalidDateTime(format!(
                "\u{201c}{}\u{201d} has no date",
                clip(&iv.text)
            )));
        }
    };
    let zone = stamp_zone(
        anchor,
        &req.text,
        req.default_zone.as_deref(),
        &mut warnings,
    )?;
    let (start, end) = instants(iv, &zone, &mut warnings)?;
    Ok(Parts {
        start,
        end,
        zone,
        warnings,
        what: iv.text.clone(),
    })
}

/// The start and end of an interval, its local stamps read in `zone`.
fn instants(
    iv: &Interval,
    zone: &Zone,
    warnings: &mut Vec<Warning>,
) -> Result<(Timestamp, Timestamp)> {
    let mut read = |s: &Stamp, field| read_stamp(s, zone, field, &iv.text, warnings);
    match (&iv.first, &iv.second) {
        (Part::Stamp(a), Part::Stamp(b)) => {
            Ok((read(a, FieldName::Start)?, read(b, FieldName::End)?))
        }
        (Part::Stamp(a), Part::Duration(secs)) => {
            let start = read(a, FieldName::Start)?;
            Ok((start, add_seconds(start, *secs, &iv.text)?))
        }
        (Part::Stamp(a), Part::Time(t, offset)) => {
            let b = Stamp {
                dt: a.dt.date().to_datetime(*t),
                offset: offset.or(a.offset),
                zone: None,
            };
            Ok((read(a, FieldName::Start)?, read(&b, FieldName::End)?))
        }
        (Part::Duration(secs), Part::Stamp(b)) => {
            let end = read(b, FieldName::End)?;
            let length = checked_length(*secs, &iv.text)?;
            let start = end
                .checked_sub(length)
                .map_err(|_| out_of_range(&iv.text))?;
            Ok((start, end))
        }
        _ => Err(Error::InvalidDateTime(format!(
            "\u{201c}{}\u{201d} is not an interval",
            clip(&iv.text)
        ))),
    }
}

/// A date-time that jiff cannot hold (beyond the years -9999 to 9999).
/// jiff's own message is not shown: formatting jiff's errors would ship
/// every message jiff has in the module.
fn out_of_range(text: &str) -> Error {
    Error::InvalidDateTime(format!("\u{201c}{}\u{201d} is out of range", clip(text)))
}

/// The instant of a stamp: at its own offset, else in `zone` by the
/// `compatible` rule, with its warning.
fn read_stamp(
    s: &Stamp,
    zone: &Zone,
    field: FieldName,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Timestamp> {
    match s.offset {
        Some(o) => o.to_timestamp(s.dt).map_err(|_| out_of_range(text)),
        None => {
            let (ts, w) = to_instant(zone, s.dt, field)?;
            warnings.extend(w);
            Ok(ts)
        }
    }
}

/// The zone of a stamp: its annotation, else its offset, else the zone the
/// rest of the text names, else the default.
fn stamp_zone(
    s: &Stamp,
    text: &str,
    default: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<Zone> {
    let naive = Offset::UTC
        .to_timestamp(s.dt)
        .map_err(|_| out_of_range(text))?;
    if let Some(name) = &s.zone {
        return Ok(zones::resolve(name, naive)?.0);
    }
    if let Some(o) = s.offset {
        return Ok(zones::resolve(&utc_offset_name(o), naive)?.0);
    }
    let words: Vec<ZoneWord> = text
        .split_whitespace()
        .filter(|w| {
            !w.contains(['/', ':']) || !w.bytes().next().is_some_and(|b| b.is_ascii_digit())
        })
        .map(|w| ZoneWord {
            text: w
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '/')
                .to_string(),
            strict: false,
            at: 0,
        })
        .collect();
    choose_zone(&words, &[], default, naive, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("T4H"), Some(14_400.0));
        assert_eq!(duration("T1H30M"), Some(5400.0));
        assert_eq!(duration("T1.5H"), Some(5400.0));
        assert_eq!(duration("1DT2H"), Some(93_600.0));
        assert_eq!(duration("1W"), Some(604_800.0));
        assert_eq!(duration("1M"), None);
        assert_eq!(duration("T"), None);
        assert_eq!(duration("T4M2H"), None);
        assert_eq!(duration(""), None);
    }

    #[test]
    fn stamps() {
        let s = parse_stamp("2026-12-12T02:00Z").unwrap();
        assert_eq!((s.dt.hour(), s.offset), (2, Some(Offset::UTC)));
        let s = parse_stamp("20261212T020030Z").unwrap();
        assert_eq!(s.dt.second(), 30);
        let s = parse_stamp("2026-12-12T02:00+01:00[Europe/Berlin]").unwrap();
        assert_eq!(s.zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(s.offset.map(|o| o.seconds()), Some(3600));
        assert!(parse_stamp("2026-02-30T02:00Z").is_none());
        assert!(parse_stamp("2026-12-12T2:00Z").is_none());
        assert!(parse_stamp("2026-12-12T02:0Z").is_none());
    }

    #[test]
    fn found_in_prose() {
        let mut found = find_intervals("Window: 2026-12-12T02:00Z/PT4H (UTC).").unwrap();
        assert_eq!(found.remove(0).second, Part::Duration(14_400.0));
        assert!(find_intervals("on 2026/07/24 at 13:00").unwrap().is_empty());
        let err = find_intervals("2026-12-12T02:00Z/PT4X").unwrap_err();
        assert_eq!(err.code(), "invalid-date-time");
    }

    #[test]
    fn date_times_apart() {
        let found = find_intervals(
            "from 2027-02-03T21:30:00-05:00 until 2027-02-03T23:00:00-05:00, and \
             between 2027-02-10T21:30Z and 2027-02-10T23:00Z",
        )
        .unwrap();
        assert_eq!(found.len(), 2);
        assert!(matches!(found[1].second, Part::Stamp(_)));
        let found = find_intervals("Start: 2027-02-03T21:30Z\nEnd: 2027-02-03T23:00Z").unwrap();
        assert_eq!(found.len(), 1);
        let found = find_intervals("At 2027-02-03T21:30Z, for 90 minutes.").unwrap();
        assert_eq!(found[0].second, Part::Duration(5400.0));
        // A date-time alone (when the notice was posted) is not a window.
        assert!(
            find_intervals("Posted 2027-01-20T10:00Z. On 3 February 21:30-23:00 UTC")
                .unwrap()
                .is_empty()
        );
    }
}
