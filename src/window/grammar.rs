//! The grammar of an announcement: its windows, and for each its date,
//! times and zone words.
//!
//! A window is a time of day joined to an end time (see
//! [`super::connect`]), or followed by a duration ("for 90 minutes")
//! before the next time; when the text has neither, its first time with a
//! duration written anywhere. Its date is, in this order, the one written
//! right after the start ("21:00 UTC on Saturday, 18 October"), the
//! nearest one before it, the one right after the end, or the first one
//! after; a date that gives the day itself wins over `today` or `next
//! Saturday`. A window with no date of its own is on the date of the one
//! before it ("01:00-03:00 and 22:00-23:00 UTC"), and a date after "again"
//! repeats the window before it on that day. The zone words of a window
//! are those between the window before it and its end.

use jiff::civil::Weekday;

use super::MAX_WINDOWS;
use super::clock::{Clock, DurationMention, clock_at, find_duration, find_duration_before};
use super::connect::{
    again_before, between_before, end_after, skip_zone_tokens, start_mention, trailing_date,
};
use super::dates::{DateMention, Day, DayMonth, find_dates};
use super::lexer::{Token, tokenize};
use super::names::{ZoneWord, zone_slots, zone_words};
use super::text::clip;
use crate::{Error, Result};

/// What the text says of one window, before any year, zone or clock rules
/// are applied.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub(crate) date: DateMention,
    /// The end date, if the text gives one.
    pub(crate) end_date: Option<Day>,
    pub(crate) start: Clock,
    pub(crate) end: Option<Clock>,
    pub(crate) duration: Option<DurationMention>,
    /// Words that may name the zone, in order, near this window.
    pub(crate) zones: Vec<ZoneWord>,
}

/// Every window of a text, and every zone word it has.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub(crate) drafts: Vec<Draft>,
    /// The zone words of the whole text, for a window that has none near it.
    pub(crate) zones: Vec<ZoneWord>,
}

/// A start time with how it ends, as found in the tokens.
#[derive(Debug, Clone)]
struct Range {
    start: Clock,
    end: Option<Clock>,
    /// The date written between the joint and the end time.
    end_mention: Option<usize>,
    duration: Option<DurationMention>,
    /// The token after the range and the zone written after it.
    next: usize,
}

/// Reads the windows of `text`.
pub(crate) fn parse_text(text: &str) -> Result<Reading> {
    let t = tokenize(text);
    let dates = find_dates(&t)?;
    let mut taken = vec![false; t.len()];
    for d in &dates {
        for slot in taken.iter_mut().take(d.next).skip(d.first) {
            *slot = true;
        }
    }
    let ranges = find_ranges(&t, &taken, &dates)?;
    let zones = zone_words(&t, &taken, &zone_slots(&t, &taken)?);
    if ranges.is_empty() {
        return Err(match dates.first() {
            Some(d) => Error::NoTime(format!(
                "\u{201c}{}\u{201d} has no time of day such as \u{201c}13:00\u{201d} or \u{201c}1 pm\u{201d} with it",
                clip(&d.text)
            )),
            None => no_date(text),
        });
    }
    let drafts = assign(&t, &dates, &ranges, &zones)?;
    let drafts = distinct(repeat_again(&t, &dates, drafts))?;
    if drafts.is_empty() {
        return Err(no_date(text));
    }
    Ok(Reading { drafts, zones })
}

fn no_date(text: &str) -> Error {
    Error::NoDate(format!(
        "there is no date such as \u{201c}24 July\u{201d} or \u{201c}tomorrow\u{201d} in \u{201c}{}\u{201d}",
        clip(text.trim())
    ))
}

/// Every window's times, in order; see the module documentation.
fn find_ranges(t: &[Token<'_>], taken: &[bool], dates: &[DateMention]) -> Result<Vec<Range>> {
    let mut ranges = Vec::new();
    let mut lone: Option<Clock> = None;
    let mut i = 0;
    while i < t.len() {
        if taken.get(i).copied().unwrap_or(true) {
            i += 1;
            continue;
        }
        let Some(start) = clock_at(t, i)?.filter(|_| !is_offset(t, i)) else {
            i += 1;
            continue;
        };
        match range_at(t, taken, start.clone(), dates)? {
            Some(r) => {
                i = r.next.max(i + 1);
                ranges.push(r);
            }
            None => {
                if !start.weak && lone.is_none() {
                    lone = Some(start.clone());
                }
                i = start.next.max(i + 1);
            }
        }
    }
    if ranges.is_empty()
        && let Some(start) = lone
    {
        let duration = find_duration(t, start.next).or_else(|| find_duration(t, 0));
        let next = skip_zone_tokens(t, start.next);
        ranges.push(Range {
            start,
            end: None,
            end_mention: None,
            duration,
            next,
        });
    }
    Ok(ranges)
}

/// Whether the number at `i` is the hours of an offset (`+05:30`,
/// `UTC-03:00`), not a time of day.
fn is_offset(t: &[Token<'_>], i: usize) -> bool {
    let Some(sign) = i.checked_sub(1).and_then(|p| t.get(p)) else {
        return false;
    };
    let glued = t.get(i).is_some_and(|n| !n.spaced) && !sign.spaced;
    let utc = i
        .checked_sub(2)
        .and_then(|p| t.get(p))
        .is_some_and(|w| w.is("utc") || w.is("gmt") || w.is("ut"));
    glued && (sign.is_punct('+') || ((sign.is_punct('-') || sign.is_punct('\u{2212}')) && utc))
}

/// The range that starts with `start`: joined to an end time, or a strong
/// time followed by a duration before the next time.
fn range_at(
    t: &[Token<'_>],
    taken: &[bool],
    mut start: Clock,
    dates: &[DateMention],
) -> Result<Option<Range>> {
    let between = between_before(t, start.first, dates);
    match end_after(t, start.next, between, dates)? {
        Some((mut end, mention)) if !end.weak || (!start.weak && start.pm.is_some()) => {
            start.inherit(&end, false);
            end.inherit(&start, true);
            let next = skip_zone_tokens(t, end.next);
            Ok(Some(Range {
                start,
                end: Some(end),
                end_mention: mention,
                duration: None,
                next,
            }))
        }
        _ if !start.weak => {
            let limit = next_time(t, taken, skip_zone_tokens(t, start.next))?;
            Ok(find_duration_before(t, start.next, limit).map(|d| Range {
                next: skip_zone_tokens(t, d.next),
                start,
                end: None,
                end_mention: None,
                duration: Some(d),
            }))
        }
        _ => Ok(None),
    }
}

/// How far after a start time its duration may be written.
const DURATION_REACH: usize = 32;

/// The token of the next strong time of day at or after `from`, looking
/// at most [`DURATION_REACH`] tokens ahead.
fn next_time(t: &[Token<'_>], taken: &[bool], from: usize) -> Result<usize> {
    let limit = from.saturating_add(DURATION_REACH).min(t.len());
    for k in from..limit {
        if !taken.get(k).copied().unwrap_or(true) && clock_at(t, k)?.is_some_and(|c| !c.weak) {
            return Ok(k);
        }
    }
    Ok(limit)
}

/// Gives each range its date, end date and zone words.
fn assign(
    t: &[Token<'_>],
    dates: &[DateMention],
    ranges: &[Range],
    zones: &[ZoneWord],
) -> Result<Vec<Draft>> {
    let mut used = vec![false; dates.len()];
    let mut drafts: Vec<Draft> = Vec::new();
    let mut lo = 0;
    for (n, r) in ranges.iter().enumerate() {
        let hi = ranges.get(n + 1).map_or(t.len(), |x| x.start.first);
        let seg_end = if n + 1 == ranges.len() {
            t.len()
        } else {
            r.next
        };
        let (date, end_date) = date_of(t, dates, r, (lo, hi), &mut used)?;
        let date = match date {
            Some(d) => d,
            None => match drafts.last() {
                Some(prev) => prev.date.clone(),
                None => {
                    return Err(Error::NoDate(format!(
                        "\u{201c}{}\u{201d} has no date such as \u{201c}24 July\u{201d} or \u{201c}tomorrow\u{201d} with it",
                        clip(&r.start.text)
                    )));
                }
            },
        };
        let end_date = end_date.or(date.end.map(Day::Dated));
        drafts.push(Draft {
            date,
            end_date,
            start: r.start.clone(),
            end: r.end.clone(),
            duration: r.duration.clone(),
            zones: zones_in(zones, lo, seg_end),
        });
        lo = r.next;
    }
    Ok(drafts)
}

/// The zone words at tokens `lo..hi`.
fn zones_in(zones: &[ZoneWord], lo: usize, hi: usize) -> Vec<ZoneWord> {
    let from = zones.partition_point(|z| z.at < lo);
    let to = zones.partition_point(|z| z.at < hi).max(from);
    zones.get(from..to).unwrap_or_default().to_vec()
}

/// The date of range `r` and its end date (see the module
/// documentation); `lo..hi` are the tokens between the ranges around it.
fn date_of(
    t: &[Token<'_>],
    dates: &[DateMention],
    r: &Range,
    (lo, hi): (usize, usize),
    used: &mut [bool],
) -> Result<(Option<DateMention>, Option<Day>)> {
    let free =
        |n: usize, used: &[bool]| Some(n) != r.end_mention && !used.get(n).copied().unwrap_or(true);
    let own = start_mention(t, r.start.next, dates);
    let trail = trailing_date(t, r.next, dates)?;
    let index = |k: usize| dates.partition_point(|d| d.first < k);
    let before = (index(lo)..index(r.start.first))
        .filter(|n| dates.get(*n).is_some_and(|d| d.next <= r.start.first))
        .rev();
    let after = index(r.next)..index(hi).max(index(r.next));
    let candidates: Vec<usize> = own
        .into_iter()
        .chain(before)
        .chain(trail)
        .chain(after)
        .filter(|n| free(*n, used))
        .collect();
    let explicit = |n: &&usize| dates.get(**n).is_some_and(DateMention::is_explicit);
    let chosen = candidates
        .iter()
        .find(explicit)
        .or(candidates.first())
        .copied();
    let mut end = r.end_mention;
    if end.is_none() && trail.is_some() && trail != chosen && chosen.is_some() {
        end = trail;
    }
    for n in chosen.iter().chain(end.iter()) {
        if let Some(u) = used.get_mut(*n) {
            *u = true;
        }
    }
    let date = chosen.and_then(|n| dates.get(n)).cloned();
    Ok((date, end.and_then(|n| dates.get(n)).map(|d| d.start)))
}

/// Adds a window for each date after "again" or "also" that no window
/// took: the window before it, on that date.
fn repeat_again(t: &[Token<'_>], dates: &[DateMention], drafts: Vec<Draft>) -> Vec<Draft> {
    let taken: Vec<(usize, usize)> = drafts
        .iter()
        .map(|d| (d.date.first, d.start.first))
        .collect();
    let mut out = Vec::with_capacity(drafts.len());
    let mut again = dates
        .iter()
        .filter(|d| again_before(t, d.first) && !taken.iter().any(|(f, _)| *f == d.first))
        .peekable();
    for (n, draft) in drafts.iter().enumerate() {
        out.push(draft.clone());
        let limit = drafts
            .get(n + 1)
            .map_or(usize::MAX, |x| x.start.first.max(x.date.first));
        while let Some(d) = again.next_if(|d| d.first < limit) {
            if d.first < draft.start.first {
                continue;
            }
            out.push(Draft {
                date: d.clone(),
                end_date: d.end.map(Day::Dated),
                ..draft.clone()
            });
        }
    }
    out
}

/// What makes two drafts the same window: everything but where the words
/// stand.
type Key = (
    (Day, Option<DayMonth>, Option<Weekday>),
    Option<Day>,
    (i8, i8, i8),
    Option<(i8, i8, i8)>,
    Option<u64>,
    Vec<String>,
);

fn key(d: &Draft) -> Key {
    (
        (d.date.start, d.date.end, d.date.weekday),
        d.end_date,
        (d.start.hour, d.start.minute, d.start.second),
        d.end.as_ref().map(|e| (e.hour, e.minute, e.second)),
        d.duration.as_ref().map(|x| x.seconds.to_bits()),
        d.zones.iter().map(|z| z.text.clone()).collect(),
    )
}

/// The drafts without repeats (a provider's table names one window once
/// per zone), at most [`MAX_WINDOWS`].
fn distinct(drafts: Vec<Draft>) -> Result<Vec<Draft>> {
    let mut seen: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for d in drafts {
        let k = key(&d);
        if seen.contains(&k) {
            continue;
        }
        seen.push(k);
        out.push(d);
        if out.len() > MAX_WINDOWS {
            return Err(Error::InputTooLarge(format!(
                "the announcement names more than {MAX_WINDOWS} windows"
            )));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drafts(s: &str) -> Vec<Draft> {
        parse_text(s).unwrap().drafts
    }

    fn draft(s: &str) -> Draft {
        let mut all = drafts(s);
        assert_eq!(all.len(), 1, "{s}: {all:?}");
        all.remove(0)
    }

    fn hm(c: &Clock) -> (i8, i8) {
        (c.hour, c.minute)
    }

    fn dm(d: &Draft) -> Option<(i8, i8)> {
        d.date.start.dated().map(|x| (x.month, x.day))
    }

    #[test]
    fn the_two_announcements() {
        let d = draft("On 24 July between 01:00 and 13:00 UTC we will be moving server NC018");
        assert_eq!(dm(&d), Some((7, 24)));
        assert_eq!(hm(&d.start), (1, 0));
        assert_eq!(d.end.as_ref().map(hm), Some((13, 0)));
        assert_eq!(d.zones.first().map(|z| z.text.as_str()), Some("UTC"));
        let d = draft(
            "this maintenance will begin at 21:00 UTC on Saturday, 18 October and \
             should take roughly one hour.",
        );
        assert_eq!(hm(&d.start), (21, 0));
        assert!(d.end.is_none());
        let dur = d.duration.unwrap();
        assert_eq!((dur.seconds, dur.approximate), (3600.0, true));
    }

    #[test]
    fn end_dates() {
        let end_day = |d: &Draft| d.end_date.and_then(|e| e.dated()).map(|e| e.day);
        let d = draft("from 22:00 on 23 July to 06:00 on 24 July CEST");
        assert_eq!((dm(&d), end_day(&d)), (Some((7, 23)), Some(24)));
        let d = draft("PDT: 23-24 July, 18:00-06:00");
        assert_eq!(end_day(&d), Some(24));
        assert_eq!(d.zones.first().map(|z| z.text.as_str()), Some("PDT"));
        let d = draft("from 23 July 22:00 to 24 July 06:00 UTC");
        assert_eq!((dm(&d), end_day(&d)), (Some((7, 23)), Some(24)));
        let d = draft("from 01:00 UTC until 05:00 UTC on 24 July");
        assert_eq!((dm(&d), end_day(&d)), (Some((7, 24)), None));
    }

    #[test]
    fn twelve_hour_ranges() {
        let d = draft("24 July between 9 and 11 pm EST");
        assert_eq!(
            (hm(&d.start), d.end.as_ref().map(hm)),
            ((21, 0), Some((23, 0)))
        );
        let d = draft("24 July, 11-1pm UTC");
        assert_eq!(
            (hm(&d.start), d.end.as_ref().map(hm)),
            ((11, 0), Some((13, 0)))
        );
    }

    #[test]
    fn several_windows() {
        let all = drafts("Window 1: 24 July 01:00-03:00 UTC\nWindow 2: 26 July 05:00-07:00 CEST");
        assert_eq!(
            all.iter().map(dm).collect::<Vec<_>>(),
            [Some((7, 24)), Some((7, 26))]
        );
        assert_eq!(all[1].zones.first().map(|z| z.text.as_str()), Some("CEST"));
        let all = drafts("24 July 01:00-03:00 UTC, 26 July 01:00-03:00 UTC");
        assert_eq!(
            all.iter().map(dm).collect::<Vec<_>>(),
            [Some((7, 24)), Some((7, 26))]
        );
        assert!(all[0].end_date.is_none());
        let all = drafts("On 24 July from 01:00 to 03:00 UTC, and again on 31 July.");
        assert_eq!(
            all.iter().map(dm).collect::<Vec<_>>(),
            [Some((7, 24)), Some((7, 31))]
        );
        assert_eq!(all[1].end.as_ref().map(hm), Some((3, 0)));
        let all = drafts("24 July 01:00-03:00 and 22:00-23:00 UTC");
        assert_eq!(
            all.iter().map(dm).collect::<Vec<_>>(),
            [Some((7, 24)), Some((7, 24))]
        );
        let all = drafts("UTC: 24 July, 01:00-13:00\nUTC: 24 July, 01:00-13:00");
        assert_eq!(all.len(), 1);
    }

    #[test]
    fn what_is_missing_is_quoted() {
        let err = parse_text("On 24 July we will move NC018").unwrap_err();
        assert_eq!(err.code(), "no-time");
        assert!(err.to_string().contains("\u{201c}24 July\u{201d}"), "{err}");
        let err = parse_text("at 21:00 UTC").unwrap_err();
        assert_eq!(err.code(), "no-date");
        assert!(err.to_string().contains("\u{201c}21:00\u{201d}"), "{err}");
        let err = parse_text("Servers move soon.").unwrap_err();
        assert_eq!(err.code(), "no-date");
    }
}
