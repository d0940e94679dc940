//! The grammar of an announcement: which date, which times, which zone.
//!
//! The first time of day in the text starts the window. It ends at a time
//! joined to it by `-`, `–`, `to`, `until`, `through` or (after "between")
//! `and`, or else after the first duration that follows ("for 90 minutes",
//! "roughly one hour"). The date is the first one in the text; a second
//! date written right before or after the end time is the end date, as is
//! the second day of a range like `23-24 July`. The zone is the first word
//! that names one; see [`super::zones`].

use super::clock::{Clock, DurationMention, clock_at, find_duration};
use super::dates::{DateMention, DayMonth, find_dates, is_connector};
use super::lexer::{Kind, Token, tokenize};
use super::text::clip;
use super::zones::is_abbreviation_shaped;
use crate::{Error, Result};

/// What the text says, before any year, zone or clock rules are applied.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub(crate) date: DateMention,
    /// The end date, if the text gives one.
    pub(crate) end_date: Option<DayMonth>,
    pub(crate) start: Clock,
    pub(crate) end: Option<Clock>,
    pub(crate) duration: Option<DurationMention>,
    /// Words that may name the zone, in order.
    pub(crate) zones: Vec<ZoneWord>,
}

/// A word that may name a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ZoneWord {
    pub(crate) text: String,
    /// Whether a word that names no zone is an error: it stands right after
    /// a time, or looks like an IANA name.
    pub(crate) strict: bool,
}

/// Long names and the abbreviation each stands for.
const LONG_NAMES: &[(&str, &str)] = &[
    ("coordinated universal time", "UTC"),
    ("greenwich mean time", "GMT"),
    ("british summer time", "BST"),
    ("western european summer time", "WEST"),
    ("western european time", "WET"),
    ("central european summer time", "CEST"),
    ("central european time", "CET"),
    ("eastern european summer time", "EEST"),
    ("eastern european time", "EET"),
    ("moscow standard time", "MSK"),
    ("india standard time", "IST"),
    ("japan standard time", "JST"),
    ("pacific standard time", "PST"),
    ("pacific daylight time", "PDT"),
    ("pacific time", "PT"),
    ("mountain standard time", "MST"),
    ("mountain daylight time", "MDT"),
    ("mountain time", "MT"),
    ("central standard time", "CST"),
    ("central daylight time", "CDT"),
    ("central time", "CT"),
    ("eastern standard time", "EST"),
    ("eastern daylight time", "EDT"),
    ("eastern time", "ET"),
    ("central africa time", "CAT"),
    ("australian eastern standard time", "AEST"),
    ("australian eastern daylight time", "AEDT"),
    ("australian western standard time", "AWST"),
];

/// Reads the date, times and zone words of `text`.
pub(crate) fn parse_text(text: &str) -> Result<Draft> {
    let t = tokenize(text);
    let (dates, weekday) = find_dates(&t)?;
    let mut taken = vec![false; t.len()];
    for d in &dates {
        for slot in taken.iter_mut().take(d.next).skip(d.first) {
            *slot = true;
        }
    }
    let found = find_range(&t, &taken, &dates)?;
    let Some(first) = dates.first() else {
        return Err(no_date(text, weekday));
    };
    let Some((start, end, end_mention)) = found else {
        return Err(Error::NoTime(format!(
            "\u{201c}{}\u{201d} has no time of day such as \u{201c}13:00\u{201d} or \u{201c}1 pm\u{201d} with it",
            clip(&first.text)
        )));
    };
    let date = match end_mention {
        Some(e) => dates
            .iter()
            .enumerate()
            .find(|(n, _)| *n != e)
            .map(|(_, d)| d),
        None => Some(first),
    }
    .cloned()
    .ok_or_else(|| no_date(text, None))?;
    let end_date = end_mention
        .and_then(|e| dates.get(e))
        .map(|d| d.start)
        .or(date.end);
    let duration = match end {
        Some(_) => None,
        None => find_duration(&t, start.next).or_else(|| find_duration(&t, 0)),
    };
    let zones = zone_words(&t, &taken, &zone_slots(&t, &taken)?);
    Ok(Draft {
        date,
        end_date,
        start,
        end,
        duration,
        zones,
    })
}

fn no_date(text: &str, weekday: Option<String>) -> Error {
    Error::NoDate(match weekday {
        Some(w) => format!(
            "\u{201c}{w}\u{201d} is a weekday, not a date; add the day and month, such as \u{201c}18 October\u{201d}"
        ),
        None => format!(
            "there is no day and month such as \u{201c}24 July\u{201d} in \u{201c}{}\u{201d}",
            clip(text.trim())
        ),
    })
}

type Range = (Clock, Option<Clock>, Option<usize>);

/// The first time that can start the window, its end time if joined to it,
/// and the index of the date mention written with the end, if any.
fn find_range(t: &[Token<'_>], taken: &[bool], dates: &[DateMention]) -> Result<Option<Range>> {
    for i in 0..t.len() {
        if taken.get(i).copied().unwrap_or(true) {
            continue;
        }
        let Some(mut start) = clock_at(t, i)? else {
            continue;
        };
        let between = i
            .checked_sub(1)
            .and_then(|p| t.get(p))
            .is_some_and(|b| b.is("between"));
        let end = end_after(t, start.next, between, dates)?;
        match end {
            Some((mut end, mention)) if !end.weak || (!start.weak && start.pm.is_some()) => {
                start.inherit(&end, false);
                end.inherit(&start, true);
                return Ok(Some((start, Some(end), mention)));
            }
            _ if !start.weak => return Ok(Some((start, None, None))),
            _ => {}
        }
    }
    Ok(None)
}

/// After a start time at `k`: a connector, an optional date and the end
/// time, then optionally a date written after it.
fn end_after(
    t: &[Token<'_>],
    k: usize,
    between: bool,
    dates: &[DateMention],
) -> Result<Option<(Clock, Option<usize>)>> {
    let mut k = skip_zone_tokens(t, k);
    // "from 22:00 on 23 July to 06:00 on 24 July": the start's own date.
    if let Some(d) = date_at_token(dates, skip_fillers(t, k)).and_then(|n| dates.get(n)) {
        k = skip_zone_tokens(t, d.next);
    }
    let joined = t
        .get(k)
        .is_some_and(|c| is_connector(c) || (between && c.is("and")));
    if !joined {
        return Ok(None);
    }
    k = skip_fillers(t, k + 1);
    let mut mention = None;
    if let Some(n) = date_at_token(dates, k) {
        mention = Some(n);
        k = skip_fillers(t, dates.get(n).map_or(k, |d| d.next));
    }
    let Some(end) = clock_at(t, k)? else {
        return Ok(None);
    };
    if mention.is_none() {
        let after = skip_fillers(t, skip_zone_tokens(t, end.next));
        mention = dates
            .iter()
            .position(|d| d.first == after && dates.len() > 1);
    }
    Ok(Some((end, mention)))
}

/// The index of the date that starts at token `k`, if one does.
fn date_at_token(dates: &[DateMention], k: usize) -> Option<usize> {
    dates.binary_search_by_key(&k, |d| d.first).ok()
}

/// Skips "on", "at", "the" and commas.
fn skip_fillers(t: &[Token<'_>], mut k: usize) -> usize {
    while t
        .get(k)
        .is_some_and(|x| x.is("on") || x.is("at") || x.is("the") || x.is_punct(','))
    {
        k += 1;
    }
    k
}

/// Skips up to three tokens that may name a zone (`UTC`, `(CEST)`, `+0200`).
fn skip_zone_tokens(t: &[Token<'_>], mut k: usize) -> usize {
    for _ in 0..3 {
        let Some(x) = t.get(k) else { break };
        let zoneish = (x.kind == Kind::Word
            && (x.text.contains('/') || x.text.bytes().all(|b| b.is_ascii_uppercase())))
            || x.is_punct('(')
            || x.is_punct(')')
            || (x.is_punct('+')
                && t.get(k + 1)
                    .is_some_and(|n| n.kind == Kind::Number && !n.spaced));
        if !zoneish {
            break;
        }
        k += if x.is_punct('+') { 2 } else { 1 };
    }
    k
}

/// Whether a zone may stand at each token: right after a time of day, or
/// after the parenthesis that follows one.
fn zone_slots(t: &[Token<'_>], taken: &[bool]) -> Result<Vec<bool>> {
    let mut slots = vec![false; t.len() + 2];
    for i in 0..t.len() {
        if taken.get(i).copied().unwrap_or(true) {
            continue;
        }
        if let Some(c) = clock_at(t, i)?.filter(|c| !c.weak) {
            let paren = t.get(c.next).is_some_and(|p| p.is_punct('('));
            for k in [Some(c.next), paren.then_some(c.next + 1)]
                .into_iter()
                .flatten()
            {
                if let Some(slot) = slots.get_mut(k) {
                    *slot = true;
                }
            }
        }
    }
    Ok(slots)
}

/// Every word that may name a zone, in order.
fn zone_words(t: &[Token<'_>], taken: &[bool], slots: &[bool]) -> Vec<ZoneWord> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let slot = slots.get(i).copied().unwrap_or(false);
        let (word, next) = if taken.get(i).copied().unwrap_or(true) {
            (None, i + 1)
        } else if let Some((abbr, next)) = long_name_at(t, i) {
            (
                Some(ZoneWord {
                    text: abbr.into(),
                    strict: false,
                }),
                next,
            )
        } else {
            zone_word_at(t, i, slot)
        };
        words.extend(word);
        i = next.max(i + 1);
    }
    words
}

fn long_name_at(t: &[Token<'_>], i: usize) -> Option<(&'static str, usize)> {
    LONG_NAMES.iter().find_map(|(name, abbr)| {
        let n = name.split(' ').count();
        let all = name
            .split(' ')
            .enumerate()
            .all(|(k, w)| t.get(i + k).is_some_and(|x| x.is(w)));
        all.then_some((*abbr, i + n))
    })
}

/// The zone word at token `i`, if one, and the token after it; `slot` says
/// whether a zone may stand there (see [`zone_slots`]).
fn zone_word_at(t: &[Token<'_>], i: usize, slot: bool) -> (Option<ZoneWord>, usize) {
    let Some(tok) = t.get(i) else {
        return (None, i + 1);
    };
    match tok.kind {
        Kind::Word if ["utc", "gmt", "ut"].iter().any(|w| tok.is(w)) => {
            if let (Some(s), Some(n)) = (sign_at(t, i + 1), number_at(t, i + 2)) {
                return (
                    word(&format!("{}{}{}", tok.text, s.text, n.text), true),
                    i + 3,
                );
            }
            (word(tok.text, true), i + 1)
        }
        Kind::Word if tok.text.contains('/') => (slashed_word(tok.text, slot), i + 1),
        Kind::Word if tok.is("z") && slot && !tok.spaced => (word("Z", true), i + 1),
        Kind::Word if is_abbreviation_shaped(tok.text) && !tok.is("am") && !tok.is("pm") => {
            (word(tok.text, slot), i + 1)
        }
        Kind::Word if slot && tok.text.starts_with(|c: char| c.is_uppercase()) => {
            (word(tok.text, false), i + 1)
        }
        Kind::Punct if slot => match (
            sign_at(t, i).or_else(|| t.get(i).filter(|s| s.is_punct('+'))),
            number_at(t, i + 1),
        ) {
            (Some(s), Some(n)) if s.is_punct('+') || n.text.len() == 4 => {
                (word(&format!("{}{}", s.text, n.text), true), i + 2)
            }
            _ => (None, i + 1),
        },
        _ => (None, i + 1),
    }
}

fn word(text: &str, strict: bool) -> Option<ZoneWord> {
    Some(ZoneWord {
        text: text.to_string(),
        strict,
    })
}

/// A sign (`+`, `-`, the minus sign) written right after the token before.
fn sign_at<'t>(t: &'t [Token<'t>], k: usize) -> Option<&'t Token<'t>> {
    t.get(k)
        .filter(|s| !s.spaced && ["+", "-", "\u{2212}"].iter().any(|p| s.is_punct_str(p)))
}

/// A number written right after the token before it.
fn number_at<'t>(t: &'t [Token<'t>], k: usize) -> Option<&'t Token<'t>> {
    t.get(k).filter(|n| !n.spaced && n.kind == Kind::Number)
}

/// A word with `/`: `CET/CEST` names its first abbreviation; otherwise an
/// IANA name, strict when capitalised like one.
fn slashed_word(text: &str, slot: bool) -> Option<ZoneWord> {
    let segments: Vec<&str> = text.split('/').collect();
    if segments.iter().all(|s| is_abbreviation_shaped(s)) {
        return word(segments.first().copied().unwrap_or(""), slot);
    }
    let capitalised = segments
        .iter()
        .all(|s| s.starts_with(|c: char| c.is_ascii_uppercase()));
    word(text, slot || capitalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(s: &str) -> Draft {
        parse_text(s).unwrap()
    }

    fn hm(c: &Clock) -> (i8, i8) {
        (c.hour, c.minute)
    }

    #[test]
    fn the_two_announcements() {
        let d = draft("On 24 July between 01:00 and 13:00 UTC we will be moving server NC018");
        assert_eq!((d.date.start.month, d.date.start.day), (7, 24));
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
        let d = draft("from 22:00 on 23 July to 06:00 on 24 July CEST");
        assert_eq!(d.date.start.day, 23);
        assert_eq!(d.end_date.map(|e| e.day), Some(24));
        let d = draft("PDT: 23-24 July, 18:00-06:00");
        assert_eq!(d.end_date.map(|e| e.day), Some(24));
        assert_eq!(d.zones.first().map(|z| z.text.as_str()), Some("PDT"));
        let d = draft("from 23 July 22:00 to 24 July 06:00 UTC");
        assert_eq!(
            (d.date.start.day, d.end_date.map(|e| e.day)),
            (23, Some(24))
        );
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
    fn zone_words_found() {
        let texts = |s: &str| {
            draft(s)
                .zones
                .into_iter()
                .map(|z| (z.text, z.strict))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            texts("24 July 13:00 UTC+05:30"),
            [("UTC+05:30".to_string(), true)]
        );
        assert_eq!(texts("24 July 13:00 +0200"), [("+0200".to_string(), true)]);
        assert_eq!(texts("24 July 13:00Z"), [("Z".to_string(), true)]);
        assert_eq!(
            texts("24 July 13:00 Central European Time"),
            [("CET".to_string(), false)]
        );
        assert_eq!(
            texts("24 July 13:00 (Europe/Kiev)"),
            [("Europe/Kiev".to_string(), true)]
        );
        assert_eq!(
            texts("24 July 13:00 XYZT, NOTE"),
            [("XYZT".to_string(), true), ("NOTE".to_string(), false)]
        );
    }

    #[test]
    fn what_is_missing_is_quoted() {
        let err = parse_text("on Saturday at 21:00").unwrap_err();
        assert_eq!(err.code(), "no-date");
        assert!(
            err.to_string().contains("\u{201c}Saturday\u{201d}"),
            "{err}"
        );
        let err = parse_text("On 24 July we will move NC018").unwrap_err();
        assert_eq!(err.code(), "no-time");
        assert!(err.to_string().contains("\u{201c}24 July\u{201d}"), "{err}");
    }
}
