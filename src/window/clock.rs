//! Times of day and durations in prose: `13:00`, `1:30 pm`, `noon`,
//! `0100Z`; `for 90 minutes`, `roughly one hour`, `an hour and a half`.

use super::dates::span_text;
use super::lexer::{Kind, Token, decimal};
use crate::{Error, Result};

/// A time of day found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Clock {
    /// 0 to 24 (24 only as `24:00`, the end of the day).
    pub(crate) hour: i8,
    pub(crate) minute: i8,
    pub(crate) second: i8,
    /// `Some(true)` for pm, `Some(false)` for am, as written.
    pub(crate) pm: Option<bool>,
    /// A bare number (`9` in "between 9 and 11 pm"): a time only in a range.
    pub(crate) weak: bool,
    /// The words as written, for messages.
    pub(crate) text: String,
    pub(crate) first: usize,
    pub(crate) next: usize,
}

impl Clock {
    /// Takes am/pm from the other end of a range when this end has none
    /// and is written as a 12-hour time; `after` says the result must come
    /// after `other` (this is the end) or before it (this is the start).
    pub(crate) fn inherit(&mut self, other: &Clock, after: bool) {
        let (Some(pm), None) = (other.pm, self.pm) else {
            return;
        };
        if !(1..=12).contains(&self.hour) {
            return;
        }
        let hour = |pm: bool| self.hour % 12 + if pm { 12 } else { 0 };
        let ordered = |h: i8| {
            let (mine, theirs) = ((h, self.minute), (other.hour, other.minute));
            if after { mine > theirs } else { mine < theirs }
        };
        self.hour = if ordered(hour(pm)) {
            hour(pm)
        } else {
            hour(!pm)
        };
        self.pm = Some(self.hour >= 12);
    }
}

fn is_meridiem(tok: &Token<'_>) -> Option<bool> {
    let w: String = tok
        .text
        .chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .to_ascii_lowercase();
    match (tok.kind, w.as_str()) {
        (Kind::Word, "am") => Some(false),
        (Kind::Word, "pm") => Some(true),
        _ => None,
    }
}

/// A unit of duration, in seconds.
fn unit_of(tok: &Token<'_>) -> Option<f64> {
    let w = tok.text.to_ascii_lowercase();
    match w.as_str() {
        "min" | "mins" | "minute" | "minutes" => Some(60.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(3600.0),
        "day" | "days" => Some(86400.0),
        _ => None,
    }
}

fn invalid(text: &str) -> Error {
    Error::InvalidDateTime(format!("\u{201c}{text}\u{201d} is not a time of day"))
}

/// The time of day starting at token `i`, if one does.
pub(crate) fn clock_at(t: &[Token<'_>], i: usize) -> Result<Option<Clock>> {
    let Some(tok) = t.get(i) else { return Ok(None) };
    if let Some(clock) = named_clock(tok, i) {
        return Ok(Some(clock));
    }
    if tok.kind != Kind::Number || t.get(i + 1).is_some_and(|n| unit_of(n).is_some()) {
        return Ok(None);
    }
    let Some((hour, minute, second, shape)) = split_clock(tok.text) else {
        return Ok(None);
    };
    let pm = t.get(i + 1).and_then(is_meridiem);
    let oclock = t
        .get(i + 1)
        .is_some_and(|n| n.is("o'clock") || n.is("o\u{2019}clock"));
    let next = if pm.is_some() || oclock { i + 2 } else { i + 1 };
    let text = span_text(t, i, next);
    let strong = match shape {
        Shape::Colon => true,
        Shape::Dot => pm.is_some() || dot_context(t, i),
        Shape::Hour => pm.is_some() || oclock,
        Shape::Military => military_context(t, i),
    };
    if shape == Shape::Military && !strong {
        return Ok(None);
    }
    if hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute, second) != (0, 0)) {
        return if strong || shape == Shape::Colon {
            Err(invalid(&text))
        } else {
            Ok(None)
        };
    }
    let clock = Clock {
        hour,
        minute,
        second,
        pm,
        weak: !strong,
        text,
        first: i,
        next,
    };
    on_24_hours(clock).map(Some)
}

/// `noon`, `midday` and `midnight` at token `i`.
fn named_clock(tok: &Token<'_>, i: usize) -> Option<Clock> {
    let hour = if tok.is("noon") || tok.is("midday") {
        12
    } else if tok.is("midnight") {
        0
    } else {
        return None;
    };
    Some(Clock {
        hour,
        minute: 0,
        second: 0,
        pm: None,
        weak: false,
        text: tok.text.into(),
        first: i,
        next: i + 1,
    })
}

/// A clock written with am or pm, on the 24-hour clock; an hour that is
/// not 1 to 12 is an error then.
fn on_24_hours(mut clock: Clock) -> Result<Clock> {
    if let Some(pm) = clock.pm {
        if !(1..=12).contains(&clock.hour) {
            return Err(invalid(&clock.text));
        }
        clock.hour = clock.hour % 12 + if pm { 12 } else { 0 };
    }
    Ok(clock)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `13:00`, `1:30:15`.
    Colon,
    /// `21.00`.
    Dot,
    /// `9`.
    Hour,
    /// `0100` (before `Z`, `UTC`, `GMT`, `hrs`).
    Military,
}

fn split_clock(text: &str) -> Option<(i8, i8, i8, Shape)> {
    let two = |s: &str| (s.len() == 2).then(|| s.parse::<i8>().ok()).flatten();
    let hour = |s: &str| {
        ((1..=2).contains(&s.len()))
            .then(|| s.parse::<i8>().ok())
            .flatten()
    };
    if text.contains(':') {
        let mut parts = text.split(':');
        let (h, m, s) = (parts.next()?, parts.next()?, parts.next());
        let s = match s {
            Some(s) => two(s)?,
            None => 0,
        };
        return Some((hour(h)?, two(m)?, s, Shape::Colon));
    }
    if let Some((h, m)) = text.split_once('.') {
        return Some((hour(h)?, two(m)?, 0, Shape::Dot));
    }
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        let (h, m) = text.split_at_checked(2)?;
        return Some((two(h)?, two(m)?, 0, Shape::Military));
    }
    Some((hour(text)?, 0, 0, Shape::Hour))
}

/// `21.00` is a time after "at", "from", "until"... or before a zone or a
/// dash; otherwise it may be a version number.
fn dot_context(t: &[Token<'_>], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|p| t.get(p));
    let lead = ["at", "from", "between", "until", "till", "to", "and", "by"];
    before.is_some_and(|b| lead.iter().any(|w| b.is(w)))
        || t.get(i + 1).is_some_and(|n| {
            n.is_punct('-')
                || n.is_punct('\u{2013}')
                || (n.kind == Kind::Word && n.text.bytes().all(|b| b.is_ascii_uppercase()))
        })
}

/// `0100Z`, `1300 UTC`, `2100 hrs`.
fn military_context(t: &[Token<'_>], i: usize) -> bool {
    t.get(i + 1).is_some_and(|n| {
        (n.is("z") && !n.spaced) || ["utc", "gmt", "hrs", "h"].iter().any(|w| n.is(w))
    })
}

/// A duration found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DurationMention {
    pub(crate) seconds: f64,
    /// Said with "about", "roughly", "approximately"...
    pub(crate) approximate: bool,
    pub(crate) text: String,
    /// The token after it.
    pub(crate) next: usize,
}

const APPROXIMATE: &[&str] = &[
    "about",
    "roughly",
    "approximately",
    "approx",
    "around",
    "circa",
    "ca",
    "some",
    "~",
    "estimated",
];
const LEADING: &[&str] = &[
    "for", "lasting", "taking", "take", "of", "up", "to", "at", "most", "max", "maximum", "no",
    "more", "than", "a", "an",
];

/// The first duration at or after token `from`.
pub(crate) fn find_duration(t: &[Token<'_>], from: usize) -> Option<DurationMention> {
    find_duration_before(t, from, t.len())
}

/// The first duration that starts at or after token `from`, before `limit`.
pub(crate) fn find_duration_before(
    t: &[Token<'_>],
    from: usize,
    limit: usize,
) -> Option<DurationMention> {
    (from..limit.min(t.len())).find_map(|i| duration_at(t, i))
}

fn duration_at(t: &[Token<'_>], i: usize) -> Option<DurationMention> {
    let mut j = i;
    let mut approximate = false;
    while let Some(tok) = t.get(j).filter(|_| j < i + 8) {
        if APPROXIMATE.iter().any(|w| tok.is(w) || tok.text == *w) {
            approximate = true;
        } else if !LEADING.iter().any(|w| tok.is(w)) || quantity_unit(t, j).is_some() {
            break;
        }
        j += 1;
    }
    let (mut seconds, mut k, mut unit) = quantity_unit(t, j)?;
    // "1 hour 30 minutes", "2 hours and 15 minutes"
    loop {
        let l = if t.get(k).is_some_and(|a| a.is("and") || a.is_punct(',')) {
            k + 1
        } else {
            k
        };
        match quantity_unit(t, l) {
            Some((s, next, u)) if u < unit => {
                seconds += s;
                (k, unit) = (next, u);
            }
            _ => break,
        }
    }
    let text = span_text(t, i, k);
    (seconds.is_finite() && seconds > 0.0).then_some(DurationMention {
        seconds,
        approximate,
        text,
        next: k,
    })
}

/// `90 minutes`, `1.5 hours`, `one hour`, `an hour and a half`, `half an
/// hour`, `2-hour`: seconds, the next token and the unit.
fn quantity_unit(t: &[Token<'_>], i: usize) -> Option<(f64, usize, f64)> {
    let tok = t.get(i)?;
    if tok.is("half") && t.get(i + 1).is_some_and(|a| a.is("a") || a.is("an")) {
        let unit = unit_of(t.get(i + 2)?)?;
        return Some((unit / 2.0, i + 3, unit));
    }
    let (quantity, k) = quantity_at(t, i)?;
    let (quantity, k) = and_a_half(t, k, quantity);
    let k = if t.get(k).is_some_and(|d| d.is_punct('-') && !d.spaced) {
        k + 1
    } else {
        k
    };
    let unit = unit_of(t.get(k)?)?;
    let (quantity, k) = and_a_half(t, k + 1, quantity);
    Some((quantity * unit, k, unit))
}

fn and_a_half(t: &[Token<'_>], k: usize, quantity: f64) -> (f64, usize) {
    let words = ["and", "a", "half"];
    let matches = words
        .iter()
        .enumerate()
        .all(|(n, w)| t.get(k + n).is_some_and(|tok| tok.is(w)));
    if matches {
        (quantity + 0.5, k + 3)
    } else {
        (quantity, k)
    }
}

fn quantity_at(t: &[Token<'_>], i: usize) -> Option<(f64, usize)> {
    let tok = t.get(i)?;
    if tok.kind == Kind::Number {
        let q = decimal(tok.text)?;
        return (q < 100_000.0).then_some((q, i + 1));
    }
    if tok.is("a") || tok.is("an") {
        return Some((1.0, i + 1));
    }
    let tens = number_word(tok.text)?;
    // "forty-five"
    if tens >= 20.0
        && t.get(i + 1).is_some_and(|d| d.is_punct('-') && !d.spaced)
        && let Some(units) = t
            .get(i + 2)
            .and_then(|u| number_word(u.text))
            .filter(|u| *u < 10.0)
    {
        return Some((tens + units, i + 3));
    }
    Some((tens, i + 1))
}

fn number_word(word: &str) -> Option<f64> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const TENS: [(&str, f64); 5] = [
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("ninety", 90.0),
    ];
    let w = word.to_ascii_lowercase();
    WORDS
        .iter()
        .position(|x| *x == w)
        .map(|n| n as f64)
        .or_else(|| TENS.iter().find(|(x, _)| *x == w).map(|(_, n)| *n))
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    fn clock(s: &str) -> Result<Option<Clock>> {
        clock_at(&tokenize(s), 0)
    }

    fn hm(s: &str) -> (i8, i8, bool) {
        let c = clock(s).unwrap().unwrap();
        (c.hour, c.minute, c.weak)
    }

    #[test]
    fn times() {
        assert_eq!(hm("13:00"), (13, 0, false));
        assert_eq!(hm("1:30 pm"), (13, 30, false));
        assert_eq!(hm("12 a.m."), (0, 0, false));
        assert_eq!(hm("12pm"), (12, 0, false));
        assert_eq!(hm("noon"), (12, 0, false));
        assert_eq!(hm("midnight"), (0, 0, false));
        assert_eq!(hm("0100Z"), (1, 0, false));
        assert_eq!(hm("21.00 UTC"), (21, 0, false));
        assert_eq!(hm("9"), (9, 0, true));
        assert_eq!(hm("24:00"), (24, 0, false));
        assert!(clock("2026").unwrap().is_none());
        assert!(clock("90 minutes").unwrap().is_none());
    }

    #[test]
    fn bad_times_say_which() {
        for s in ["25:00", "13 pm", "10:75", "24:30", "0 am"] {
            let err = clock(s).unwrap_err();
            assert_eq!(err.code(), "invalid-date-time", "{s}");
            assert!(err.to_string().contains('\u{201c}'), "{err}");
        }
    }

    #[test]
    fn inherit_meridiem() {
        let mut start = clock("9").unwrap().unwrap();
        start.inherit(&clock("11 pm").unwrap().unwrap(), false);
        assert_eq!(start.hour, 21);
        let mut start = clock("11").unwrap().unwrap();
        start.inherit(&clock("1 pm").unwrap().unwrap(), false);
        assert_eq!(start.hour, 11);
        let mut end = clock("2").unwrap().unwrap();
        end.inherit(&clock("11 pm").unwrap().unwrap(), true);
        assert_eq!(end.hour, 2);
    }

    fn minutes(s: &str) -> Option<(f64, bool)> {
        find_duration(&tokenize(s), 0).map(|d| (d.seconds / 60.0, d.approximate))
    }

    #[test]
    fn durations() {
        assert_eq!(minutes("for 90 minutes"), Some((90.0, false)));
        assert_eq!(minutes("should take roughly one hour."), Some((60.0, true)));
        assert_eq!(minutes("about 2 hours"), Some((120.0, true)));
        assert_eq!(minutes("for 1.5 hours"), Some((90.0, false)));
        assert_eq!(minutes("an hour and a half"), Some((90.0, false)));
        assert_eq!(minutes("half an hour"), Some((30.0, false)));
        assert_eq!(minutes("one and a half hours"), Some((90.0, false)));
        assert_eq!(minutes("2 hours and 30 minutes"), Some((150.0, false)));
        assert_eq!(minutes("1 hour 15 min"), Some((75.0, false)));
        assert_eq!(minutes("a 2-hour window"), Some((120.0, false)));
        assert_eq!(minutes("forty-five minutes"), Some((45.0, false)));
        assert_eq!(minutes("90min"), Some((90.0, false)));
        assert_eq!(minutes("no time given"), None);
    }
}
