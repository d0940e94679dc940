//! Dates in prose: `24 July`, `July 24th, 2026`, `Saturday, 18 October`,
//! `23-24 July`, `31 July-1 August`, `2026-07-24`, `24.07.2026`,
//! `21/01/2027`, `05/06` (two readings, settled by the zone later), and
//! the relative `today`, `tonight`, `tomorrow`, `next Saturday`.

use jiff::civil::Weekday;

use super::lexer::{Kind, Token};
use crate::{Error, Result};

/// A day of a month, with the year if the text gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DayMonth {
    pub(crate) month: i8,
    pub(crate) day: i8,
    pub(crate) year: Option<i16>,
}

/// The day a date mention names, as far as the words alone say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Day {
    /// A day of a month: `24 July`, `2026-07-24`, `14/12`.
    Dated(DayMonth),
    /// A numeric date that reads as two real dates (`05/06/2027`): the
    /// day-first reading, then the month-first one.
    Either(DayMonth, DayMonth),
    /// A day counted from the reference instant.
    Relative(Relative),
}

/// `today`, `tonight`, `tomorrow`, or a weekday: `on Tuesday` and `this
/// Saturday` are the next one from today on, `next Saturday` the next one
/// after today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relative {
    Today,
    Tomorrow,
    Weekday { day: Weekday, after_today: bool },
}

impl Day {
    /// The first (or only) reading with its day and month.
    pub(crate) fn dated(&self) -> Option<DayMonth> {
        match *self {
            Day::Dated(d) | Day::Either(d, _) => Some(d),
            Day::Relative(_) => None,
        }
    }
}

/// A date found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateMention {
    pub(crate) start: Day,
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

impl DateMention {
    /// Whether the words give the day itself, not one counted from today.
    pub(crate) fn is_explicit(&self) -> bool {
        !matches!(self.start, Day::Relative(_))
    }
}

/// Every date in the text, in order, relative ones included.
pub(crate) fn find_dates(t: &[Token<'_>]) -> Result<Vec<DateMention>> {
    let mut dates = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match date_at(t, i)?.or_else(|| relative_at(t, i)) {
            Some(d) => {
                i = d.next;
                dates.push(d);
            }
            None => i += 1,
        }
    }
    Ok(dates)
}

/// `today`, `tonight`, `tomorrow` (`tomorrow night`), `[on|this|next]
/// Saturday` at token `i`.
fn relative_at(t: &[Token<'_>], i: usize) -> Option<DateMention> {
    let tok = t.get(i)?;
    let (relative, next) = if tok.is("today") || tok.is("tonight") {
        (Relative::Today, i + 1)
    } else if tok.is("tomorrow") {
        let night = t
            .get(i + 1)
            .is_some_and(|n| n.is("night") || n.is("evening"));
        (Relative::Tomorrow, if night { i + 2 } else { i + 1 })
    } else {
        let lead = ["this", "next", "coming"].iter().any(|w| tok.is(w));
        let k = if lead && t.get(i + 1).is_some_and(|n| n.is("coming")) {
            i + 2
        } else if lead {
            i + 1
        } else {
            i
        };
        let day = t.get(k).and_then(weekday_of)?;
        (
            Relative::Weekday {
                day,
                after_today: tok.is("next"),
            },
            k + 1,
        )
    };
    Some(DateMention {
        start: Day::Relative(relative),
        end: None,
        weekday: None,
        text: span_text(t, i, next),
        first: i,
        next,
    })
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
        day_first_at(t, j)
            .or_else(|| month_first_at(t, j))
            .map(|(start, end, next)| (Day::Dated(start), end, next))
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

/// `2026-07-24`, `2026/07/24`, `24.07.2026` (day first), `21/01/2027`
/// and `01/21/2027` (the one real reading), `05/06/2027` (both), and
/// without a year `14/12`, `05/06` or `14.12.` (a dot after it).
fn numeric_at(t: &[Token<'_>], i: usize) -> Result<Option<(Day, Option<DayMonth>, usize)>> {
    let Some(tok) = t.get(i).filter(|tok| tok.kind == Kind::Number) else {
        return Ok(None);
    };
    let sep = ['-', '/', '.'].into_iter().find(|c| tok.text.contains(*c));
    let Some(sep) = sep else { return Ok(None) };
    let parts: Vec<&str> = tok.text.split(sep).collect();
    let num = |s: &&str| {
        (1..=4)
            .contains(&s.len())
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    let numbers: Option<Vec<i16>> = parts.iter().map(num).collect();
    let Some(n) = numbers else { return Ok(None) };
    let dot_after = t.get(i + 1).is_some_and(|d| d.is_punct('.') && !d.spaced);
    let day = match (parts.as_slice(), n.as_slice()) {
        ([a, b, c], [x, y, z]) if a.len() == 4 && b.len() <= 2 && c.len() <= 2 => {
            dated(tok.text, *z, *y, Some(*x))?
        }
        ([a, b, c], [x, y, z]) if c.len() == 4 && a.len() <= 2 && b.len() <= 2 => match sep {
            '.' | '-' => dated(tok.text, *x, *y, Some(*z))?,
            _ => readings(tok.text, *x, *y, Some(*z))?,
        },
        ([a, b], [x, y]) if a.len() <= 2 && b.len() <= 2 => {
            let dotted = sep == '.' && dot_after && a.len() == 2 && b.len() == 2;
            if !(sep == '/' || dotted) || not_a_date_pair(t, i, sep, (*x, *y)) {
                return Ok(None);
            }
            // Without a year, a pair that is no date is not meant as one.
            let day = match sep {
                '.' => dated(tok.text, *x, *y, None),
                _ => readings(tok.text, *x, *y, None),
            };
            match day {
                Ok(day) => day,
                Err(_) => return Ok(None),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some((day, None, if dot_after { i + 2 } else { i + 1 })))
}

/// `24/7` (round the clock), `1/2 hour`, `until 12.10.` (a time): pairs
/// of numbers that are not dates.
fn not_a_date_pair(t: &[Token<'_>], i: usize, sep: char, pair: (i16, i16)) -> bool {
    let unit = t.get(i + 1).is_some_and(|n| {
        ["hour", "hours", "h", "of", "min", "minutes", "day", "days"]
            .iter()
            .any(|w| n.is(w))
    });
    let lead = ["at", "from", "between", "until", "till", "to", "and", "by"];
    let after_time_word = i
        .checked_sub(1)
        .and_then(|p| t.get(p))
        .is_some_and(|b| lead.iter().any(|w| b.is(w)));
    pair == (24, 7) || unit || (sep == '.' && after_time_word)
}

/// A date with its day, month and year known, checked.
fn dated(text: &str, day: i16, month: i16, year: Option<i16>) -> Result<Day> {
    day_month(day, month, year)
        .map(Day::Dated)
        .ok_or_else(|| not_a_date(text))
}

/// `x/y`: day first and month first; the readings that are real dates.
fn readings(text: &str, x: i16, y: i16, year: Option<i16>) -> Result<Day> {
    match (day_month(x, y, year), day_month(y, x, year)) {
        (Some(a), Some(b)) if a != b => Ok(Day::Either(a, b)),
        (Some(a), _) | (None, Some(a)) => Ok(Day::Dated(a)),
        (None, None) => Err(not_a_date(text)),
    }
}

/// A day and month that can be a date (in some year, if none is given).
fn day_month(day: i16, month: i16, year: Option<i16>) -> Option<DayMonth> {
    let (month, day) = (i8::try_from(month).ok()?, i8::try_from(day).ok()?);
    let real = match year {
        Some(y) => jiff::civil::Date::new(y, month, day).is_ok(),
        None => jiff::civil::Date::new(2028, month, day).is_ok(),
    };
    real.then_some(DayMonth { month, day, year })
}

fn not_a_date(text: &str) -> Error {
    Error::InvalidDateTime(format!("\u{201c}{text}\u{201d} is not a date"))
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    fn first(s: &str) -> DateMention {
        find_dates(&tokenize(s)).unwrap().remove(0)
    }

    fn day(s: &str) -> Day {
        first(s).start
    }

    fn dm(month: i8, day: i8, year: Option<i16>) -> DayMonth {
        DayMonth { month, day, year }
    }

    fn dated(month: i8, d: i8, year: Option<i16>) -> Day {
        Day::Dated(dm(month, d, year))
    }

    #[test]
    fn forms() {
        assert_eq!(day("On 24 July between"), dated(7, 24, None));
        assert_eq!(day("July 24th, 2026 at"), dated(7, 24, Some(2026)));
        assert_eq!(day("the 24th of Jul. at"), dated(7, 24, None));
        let d = first("on Saturday, 18 October and");
        assert_eq!(
            (d.start, d.weekday),
            (dated(10, 18, None), Some(Weekday::Saturday))
        );
        let d = first("23-24 July, 18:00");
        assert_eq!(
            (d.start, d.end),
            (dated(7, 23, None), Some(dm(7, 24, None)))
        );
        let d = first("31 July-1 August, 22:00");
        assert_eq!((d.start, d.end), (dated(7, 31, None), Some(dm(8, 1, None))));
        let d = first("Dec 31 - Jan 1");
        assert_eq!(
            (d.start, d.end),
            (dated(12, 31, None), Some(dm(1, 1, None)))
        );
        assert_eq!(day("2026-07-24"), dated(7, 24, Some(2026)));
        assert_eq!(day("2026/07/24"), dated(7, 24, Some(2026)));
        assert_eq!(day("24.07.2026"), dated(7, 24, Some(2026)));
        assert_eq!(day("24 July 2100 UTC"), dated(7, 24, None));
    }

    #[test]
    fn numeric_dates_and_their_readings() {
        assert_eq!(day("07/24/2026"), dated(7, 24, Some(2026)));
        assert_eq!(day("21/01/2027"), dated(1, 21, Some(2027)));
        assert_eq!(
            day("05/06/2027"),
            Day::Either(dm(6, 5, Some(2027)), dm(5, 6, Some(2027)))
        );
        assert_eq!(day("on 14/12 at"), dated(12, 14, None));
        assert_eq!(day("05/06 at"), Day::Either(dm(6, 5, None), dm(5, 6, None)));
        assert_eq!(day("am 14.12. um"), dated(12, 14, None));
        assert_eq!(day("04/04/2027"), dated(4, 4, Some(2027)));
        assert_eq!(day("29/02"), dated(2, 29, None));
        for bad in ["2026-13-01", "13/13/2026", "31/02/2027", "29/02/2027"] {
            let err = find_dates(&tokenize(bad)).unwrap_err();
            assert_eq!(err.code(), "invalid-date-time", "{bad}");
            assert!(err.to_string().contains(bad), "{err}");
        }
    }

    #[test]
    fn relative_dates() {
        let rel = |s: &str| match day(s) {
            Day::Relative(r) => r,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(rel("tonight from 22:00"), Relative::Today);
        assert_eq!(rel("Today, 14:00"), Relative::Today);
        assert_eq!(rel("tomorrow night at 1"), Relative::Tomorrow);
        let sat = |after_today| Relative::Weekday {
            day: Weekday::Saturday,
            after_today,
        };
        assert_eq!(rel("on Saturday at 21:00"), sat(false));
        assert_eq!(rel("this Saturday at 21:00"), sat(false));
        assert_eq!(rel("this coming Saturday at 21:00"), sat(false));
        assert_eq!(rel("next Saturday at 21:00"), sat(true));
        assert_eq!(first("next Saturday at 21:00").text, "next Saturday");
        assert!(first("Saturday, 18 October").is_explicit());
    }

    #[test]
    fn not_dates() {
        let none = |s: &str| find_dates(&tokenize(s)).unwrap().is_empty();
        assert!(none("for 2 hours"));
        assert!(none("we may 2 things"));
        assert!(none("01:00-13:00 UTC"));
        assert!(none("our 24/7 support"));
        assert!(none("for 1/2 hour"));
        assert!(none("version 1.2 and 21.00 UTC"));
        assert!(none("2027-02-03T21:30Z"));
        assert!(none("32/01 and 2.3. and until 12.10. and 21.00."));
    }
}
