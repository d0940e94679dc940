//! Dates in prose: `24 July`, `July 24th, 2026`, `Saturday, 18 October`,
//! `23-24 July`, `31 July-1 August`, `2026-07-24`, `24.07.2026`.

use jiff::civil::Weekday;

use super::lexer::{Kind, Token};
use super::text::month_name;
use crate::{Error, Result};

/// A day of a month, with the year if the text gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DayMonth {
    pub(crate) month: i8,
    pub(crate) day: i8,
    pub(crate) year: Option<i16>,
}

/// A date found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateMention {
    pub(crate) start: DayMonth,
    /// The last day of a range such as `23-24 July`.
    pub(crate) end: Option<DayMonth>,
    pub(crate) weekday: Option<Weekday>,
    /// The words as written, for messages.
    pub(crate) text: String,
    /// Token span `[first, next)`.
    pub(crate) first: usize,
    pub(crate) next: usize,
}

/// The text of tokens `[first, next)`, spaced as written.
pub(crate) fn span_text(t: &[Token<'_>], first: usize, next: usize) -> String {
    let mut out = String::new();
    for (i, tok) in t.iter().enumerate().take(next).skip(first) {
        if tok.spaced && i > first {
            out.push(' ');
        }
        out.push_str(tok.text);
    }
    out
}

/// Every date in the text, in order, and the first weekday seen at all.
pub(crate) fn find_dates(t: &[Token<'_>]) -> Result<(Vec<DateMention>, Option<String>)> {
    let mut dates = Vec::new();
    let mut weekday = None;
    let mut i = 0;
    while i < t.len() {
        if let Some(d) = date_at(t, i)? {
            i = d.next;
            dates.push(d);
        } else {
            if weekday.is_none() && t.get(i).and_then(weekday_of).is_some() {
                weekday = t.get(i).map(|tok| tok.text.to_string());
            }
            i += 1;
        }
    }
    Ok((dates, weekday))
}

fn month_of(tok: &Token<'_>) -> Option<i8> {
    if tok.kind != Kind::Word {
        return None;
    }
    let w = tok.text.to_ascii_lowercase();
    let m = match w.as_str() {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        // "may" the verb is too common: only a capital M is the month.
        "may" if tok.text.starts_with('M') => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(m)
}

pub(crate) fn weekday_of(tok: &Token<'_>) -> Option<Weekday> {
    if tok.kind != Kind::Word {
        return None;
    }
    let w = tok.text.to_ascii_lowercase();
    Some(match w.as_str() {
        "mon" | "monday" => Weekday::Monday,
        "tue" | "tues" | "tuesday" => Weekday::Tuesday,
        "wed" | "weds" | "wednesday" => Weekday::Wednesday,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thursday,
        "fri" | "friday" => Weekday::Friday,
        "sat" | "saturday" => Weekday::Saturday,
        "sun" | "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

/// A range connector between two dates or two times (not `and`).
pub(crate) fn is_connector(tok: &Token<'_>) -> bool {
    ["-", "\u{2013}", "\u{2014}", "\u{2192}"]
        .iter()
        .any(|p| tok.kind == Kind::Punct && tok.text == *p)
        || ["to", "until", "till", "til", "through", "thru"]
            .iter()
            .any(|w| tok.is(w))
}

fn skip_word(t: &[Token<'_>], i: usize, w: &str) -> usize {
    if t.get(i).is_some_and(|tok| tok.is(w)) {
        i + 1
    } else {
        i
    }
}

fn skip_punct(t: &[Token<'_>], i: usize, c: char) -> usize {
    if t.get(i).is_some_and(|tok| tok.is_punct(c)) {
        i + 1
    } else {
        i
    }
}

/// A day of the month (`24`, `24th`) at `i`.
fn day_at(t: &[Token<'_>], i: usize) -> Option<(i8, usize)> {
    let tok = t.get(i)?;
    let digits = tok.kind == Kind::Number && (1..=2).contains(&tok.text.len());
    let day: i8 = if digits {
        tok.text.parse().ok()?
    } else {
        return None;
    };
    if !(1..=31).contains(&day) {
        return None;
    }
    let suffix = t
        .get(i + 1)
        .is_some_and(|s| !s.spaced && ["st", "nd", "rd", "th"].iter().any(|x| s.is(x)));
    Some((day, if suffix { i + 2 } else { i + 1 }))
}

/// A month name (`July`, `Jul.`) at `i`.
fn month_at(t: &[Token<'_>], i: usize) -> Option<(i8, usize)> {
    let m = month_of(t.get(i)?)?;
    let dot = t.get(i + 1).is_some_and(|d| !d.spaced && d.is_punct('.'));
    Some((m, if dot { i + 2 } else { i + 1 }))
}

/// A year (`2026`, `, 2026`) at `i`; a 4-digit number followed by a zone
/// (`2100 UTC`) is a time, not a year.
fn year_at(t: &[Token<'_>], i: usize) -> (Option<i16>, usize) {
    let j = skip_punct(t, i, ',');
    let Some(tok) = t.get(j) else {
        return (None, i);
    };
    let four = tok.kind == Kind::Number && tok.text.len() == 4;
    let year: Option<i16> = if four { tok.text.parse().ok() } else { None };
    let zone_next = t.get(j + 1).is_some_and(|n| {
        ["z", "utc", "gmt", "h", "hrs", "hours"]
            .iter()
            .any(|w| n.is(w))
    });
    match year {
        Some(y) if (1900..=2200).contains(&y) && !zone_next => (Some(y), j + 1),
        _ => (None, i),
    }
}

/// The date starting at token `i`, if one does.
fn date_at(t: &[Token<'_>], i: usize) -> Result<Option<DateMention>> {
    let weekday = t.get(i).and_then(weekday_of);
    let mut j = if weekday.is_some() {
        skip_punct(t, i + 1, ',')
    } else {
        i
    };
    j = skip_word(t, j, "the");
    let found = if let Some(found) = numeric_at(t, j)? {
        Some(found)
    } else {
        day_first_at(t, j).or_else(|| month_first_at(t, j))
    };
    Ok(found.map(|(start, end, next)| DateMention {
        start,
        end,
        weekday,
        text: span_text(t, i, next),
        first: i,
        next,
    }))
}

type Found = (DayMonth, Option<DayMonth>, usize);

/// `24 July [2026]`, `23-24 July`, `31 July-1 August`, `24th of July`.
fn day_first_at(t: &[Token<'_>], i: usize) -> Option<Found> {
    let (day, k) = day_at(t, i)?;
    if t.get(k).is_some_and(is_connector)
        && let Some((day2, k2)) = day_at(t, k + 1)
        && let Some((month, k3)) = month_at(t, skip_word(t, k2, "of"))
    {
        let (year, next) = year_at(t, k3);
        let start = DayMonth { month, day, year };
        return Some((start, Some(DayMonth { day: day2, ..start }), next));
    }
    let (month, k) = month_at(t, skip_word(t, k, "of"))?;
    let (year, k) = year_at(t, k);
    let start = DayMonth { month, day, year };
    if t.get(k).is_some_and(is_connector)
        && let Some((day2, k2)) = day_at(t, k + 1)
        && let Some((month2, k3)) = month_at(t, skip_word(t, k2, "of"))
    {
        let (year2, next) = year_at(t, k3);
        let end = DayMonth {
            month: month2,
            day: day2,
            year: year2.or(year),
        };
        return Some((
            DayMonth {
                year: year.or(year2),
                ..start
            },
            Some(end),
            next,
        ));
    }
    Some((start, None, k))
}

/// `July 24[, 2026]`, `July 23-24`, `July 31 - August 1`.
fn month_first_at(t: &[Token<'_>], i: usize) -> Option<Found> {
    let (month, k) = month_at(t, i)?;
    let (day, k) = day_at(t, k)?;
    if t.get(k).is_some_and(is_connector) {
        if let Some((day2, k2)) = day_at(t, k + 1) {
            let (year, next) = year_at(t, k2);
            let start = DayMonth { month, day, year };
            return Some((start, Some(DayMonth { day: day2, ..start }), next));
        }
        if let Some((month2, k2)) = month_at(t, k + 1)
            && let Some((day2, k3)) = day_at(t, k2)
        {
            let (year, next) = year_at(t, k3);
            let end = DayMonth {
                month: month2,
                day: day2,
                year,
            };
            return Some((DayMonth { month, day, year }, Some(end), next));
        }
    }
    let (year, k) = year_at(t, k);
    Some((DayMonth { month, day, year }, None, k))
}

/// `2026-07-24`, `2026/07/24`, `24.07.2026` (day first), and `24/07/2026`
/// or `07/24/2026` when one of the two can only be a day.
fn numeric_at(t: &[Token<'_>], i: usize) -> Result<Option<Found>> {
    let Some(tok) = t.get(i).filter(|tok| tok.kind == Kind::Number) else {
        return Ok(None);
    };
    let sep = ['-', '/', '.'].into_iter().find(|c| tok.text.contains(*c));
    let Some(sep) = sep else { return Ok(None) };
    let parts: Vec<&str> = tok.text.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return Ok(None);
    };
    let num = |s: &str| s.parse::<i16>().ok();
    let (Some(x), Some(y), Some(z)) = (num(a), num(b), num(c)) else {
        return Ok(None);
    };
    let (year, month, day) = if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        (x, y, z)
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
        match sep {
            '.' | '-' => (z, y, x),
            _ if x > 12 => (z, y, x),
            _ if y > 12 || x == y => (z, x, y),
            _ => {
                return Err(Error::AmbiguousDate(format!(
                    "\u{201c}{}\u{201d} could be {x} {} or {y} {}; write the month as a word",
                    tok.text,
                    month_name(y as i8),
                    month_name(x as i8)
                )));
            }
        }
    } else {
        return Ok(None);
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(Error::InvalidDateTime(format!(
            "\u{201c}{}\u{201d} is not a date",
            tok.text
        )));
    }
    let start = DayMonth {
        month: month as i8,
        day: day as i8,
        year: Some(year),
    };
    Ok(Some((start, None, i + 1)))
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    fn first(s: &str) -> DateMention {
        find_dates(&tokenize(s)).unwrap().0.remove(0)
    }

    fn dm(month: i8, day: i8, year: Option<i16>) -> DayMonth {
        DayMonth { month, day, year }
    }

    #[test]
    fn forms() {
        assert_eq!(first("On 24 July between").start, dm(7, 24, None));
        assert_eq!(first("July 24th, 2026 at").start, dm(7, 24, Some(2026)));
        assert_eq!(first("the 24th of Jul. at").start, dm(7, 24, None));
        let d = first("on Saturday, 18 October and");
        assert_eq!(
            (d.start, d.weekday),
            (dm(10, 18, None), Some(Weekday::Saturday))
        );
        let d = first("23-24 July, 18:00");
        assert_eq!((d.start, d.end), (dm(7, 23, None), Some(dm(7, 24, None))));
        let d = first("31 July-1 August, 22:00");
        assert_eq!((d.start, d.end), (dm(7, 31, None), Some(dm(8, 1, None))));
        let d = first("Dec 31 - Jan 1");
        assert_eq!((d.start, d.end), (dm(12, 31, None), Some(dm(1, 1, None))));
        assert_eq!(first("2026-07-24").start, dm(7, 24, Some(2026)));
        assert_eq!(first("24.07.2026").start, dm(7, 24, Some(2026)));
        assert_eq!(first("07/24/2026").start, dm(7, 24, Some(2026)));
        assert_eq!(first("24 July 2100 UTC").start, dm(7, 24, None));
    }

    #[test]
    fn not_dates() {
        let none = |s: &str| find_dates(&tokenize(s)).unwrap().0.is_empty();
        assert!(none("for 2 hours"));
        assert!(none("we may 2 things"));
        assert!(none("01:00-13:00 UTC"));
        let (_, weekday) = find_dates(&tokenize("on Saturday at 9")).unwrap();
        assert_eq!(weekday.as_deref(), Some("Saturday"));
    }

    #[test]
    fn numeric_ambiguity() {
        let err = find_dates(&tokenize("03/04/2026")).unwrap_err();
        assert_eq!(err.code(), "ambiguous-date");
        assert!(err.to_string().contains("\u{201c}03/04/2026\u{201d}"));
        let err = find_dates(&tokenize("2026-13-01")).unwrap_err();
        assert_eq!(err.code(), "invalid-date-time");
    }
}
