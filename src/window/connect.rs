//! What ties the parts of a window together in prose: the words between a
//! start and its end (`-`, `to`, `until`, "between … and", `/ End:`, "and
//! ends at"), the fillers around dates (`on`, `at`), the zone written after
//! a time, and the date a time is written with.

use super::clock::{Clock, clock_at};
use super::dates::{DateMention, is_connector};
use super::lexer::{Kind, Token};
use crate::Result;

/// Words that introduce the end of a window after its start: `End:`,
/// `End time:`, "and ends at", "finishing at".
const END_WORDS: &[&str] = &[
    "end",
    "ends",
    "ending",
    "ended",
    "finish",
    "finishes",
    "finishing",
    "complete",
    "completed",
    "completion",
];

/// Words that say a date repeats the window before it ("and again on
/// 31 July").
const AGAIN_WORDS: &[&str] = &["again", "also", "repeated", "repeats"];

/// The index of the date that starts at token `k`, if one does.
pub(crate) fn date_at_token(dates: &[DateMention], k: usize) -> Option<usize> {
    dates.binary_search_by_key(&k, |d| d.first).ok()
}

/// The index of the date that ends right before token `k`, if one does.
fn date_ending_at(dates: &[DateMention], k: usize) -> Option<usize> {
    let n = dates.partition_point(|d| d.next < k);
    dates.get(n).filter(|d| d.next == k).map(|_| n)
}

/// Skips "on", "at", "the" and commas.
pub(crate) fn skip_fillers(t: &[Token<'_>], mut k: usize) -> usize {
    while t.get(k).is_some_and(is_filler) {
        k += 1;
    }
    k
}

fn is_filler(x: &Token<'_>) -> bool {
    x.is("on") || x.is("at") || x.is("the") || x.is_punct(',')
}

/// Whether the word at `k` is a label (`End:`, `PDT:`): a word right
/// before a colon.
fn is_label(t: &[Token<'_>], k: usize) -> bool {
    t.get(k).is_some_and(|x| x.kind == Kind::Word) && t.get(k + 1).is_some_and(|c| c.is_punct(':'))
}

/// Skips up to three tokens that may name a zone (`UTC`, `(CEST)`,
/// `+0200`) on the same line; a label such as `PDT:` starts what follows.
pub(crate) fn skip_zone_tokens(t: &[Token<'_>], mut k: usize) -> usize {
    for _ in 0..3 {
        let Some(x) = t.get(k) else { break };
        let word = x.kind == Kind::Word
            && (x.text.contains('/') || x.text.bytes().all(|b| b.is_ascii_uppercase()))
            && !is_label(t, k);
        let zoneish = word
            || x.is_punct('(')
            || x.is_punct(')')
            || (x.is_punct('+')
                && t.get(k + 1)
                    .is_some_and(|n| n.kind == Kind::Number && !n.spaced));
        if !zoneish || x.line {
            break;
        }
        k += if x.is_punct('+') { 2 } else { 1 };
    }
    k
}

/// Whether the start time at token `i` follows "between", directly or
/// with its date in between ("between December 18, 2026 at 08:00 PM").
pub(crate) fn between_before(t: &[Token<'_>], i: usize, dates: &[DateMention]) -> bool {
    let mut k = i;
    for _ in 0..6 {
        let Some(p) = k.checked_sub(1) else {
            return false;
        };
        let Some(tok) = t.get(p) else { return false };
        if tok.is("between") {
            return true;
        }
        k = match date_ending_at(dates, k) {
            Some(n) => dates.get(n).map_or(p, |d| d.first),
            None if is_filler(tok) => p,
            None => return false,
        };
    }
    false
}

/// The date written right after a start time at `k` ("22:00 UTC on
/// 23 July"), if one is.
pub(crate) fn start_mention(t: &[Token<'_>], k: usize, dates: &[DateMention]) -> Option<usize> {
    date_at_token(dates, skip_fillers(t, skip_zone_tokens(t, k)))
}

/// After a start time at `k`: its own date, if any, a joint and the end
/// time, with the index of a date written between joint and end.
pub(crate) fn end_after(
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
    let Some(after) = joint(t, k, between) else {
        return Ok(None);
    };
    k = skip_fillers(t, after);
    let mut mention = None;
    if let Some(n) = date_at_token(dates, k) {
        mention = Some(n);
        k = skip_fillers(t, dates.get(n).map_or(k, |d| d.next));
    }
    Ok(clock_at(t, k)?.map(|end| (end, mention)))
}

/// The joint between a start and its end at `k`, and the token after it:
/// a connector (`-`, `to`, `To:`), `and` after "between", or an end label
/// after a separator (`/ End:`, `, End time:`, "and ends at").
pub(crate) fn joint(t: &[Token<'_>], k: usize, between: bool) -> Option<usize> {
    let mut j = k;
    while j < k + 2
        && t.get(j)
            .is_some_and(|x| ["/", "|", ",", ";", "."].iter().any(|p| x.is_punct_str(p)))
    {
        j += 1;
    }
    let tok = t.get(j)?;
    if is_connector(tok) && (j == k || !tok.is_punct('-')) {
        return Some(skip_colon(t, j + 1));
    }
    if between && tok.is("and") && j == k {
        return Some(j + 1);
    }
    if tok.is("and") || tok.is("then") {
        j += 1;
    }
    if !t.get(j).is_some_and(|x| END_WORDS.iter().any(|w| x.is(w))) {
        return None;
    }
    j += 1;
    if t.get(j).is_some_and(|x| x.is("time")) {
        j += 1;
    }
    j = skip_colon(t, j);
    if t.get(j).is_some_and(|x| x.is("by")) {
        j += 1;
    }
    Some(j)
}

fn skip_colon(t: &[Token<'_>], k: usize) -> usize {
    if t.get(k).is_some_and(|c| c.is_punct(':')) {
        k + 1
    } else {
        k
    }
}

/// A date written right after the end of a window at `k`, on the same
/// line with only "on" or "at" before it ("until 05:00 UTC on 24 July"),
/// and not the date of a window that follows it.
pub(crate) fn trailing_date(
    t: &[Token<'_>],
    k: usize,
    dates: &[DateMention],
) -> Result<Option<usize>> {
    let mut j = k;
    while t
        .get(j)
        .is_some_and(|x| !x.line && (x.is("on") || x.is("at") || x.is("the")))
    {
        j += 1;
    }
    let Some(n) = date_at_token(dates, j) else {
        return Ok(None);
    };
    if t.get(j).is_some_and(|x| x.line) {
        return Ok(None);
    }
    let after = dates.get(n).map_or(j, |d| skip_fillers(t, d.next));
    let starts_another = clock_at(t, after)?.is_some_and(|c| !c.weak);
    Ok((!starts_another).then_some(n))
}

/// Whether the date at token `first` repeats the window before it: "and
/// again on 31 July", "also on Sunday".
pub(crate) fn again_before(t: &[Token<'_>], first: usize) -> bool {
    (1..=3).any(|back| {
        first
            .checked_sub(back)
            .and_then(|p| t.get(p))
            .is_some_and(|x| AGAIN_WORDS.iter().any(|w| x.is(w)))
    })
}

#[cfg(test)]
mod tests {
    use super::super::dates::find_dates;
    use super::super::lexer::tokenize;
    use super::*;

    /// The end time joined to the first time of `s`, as `HH:MM`.
    fn end_of(s: &str) -> Option<String> {
        let t = tokenize(s);
        let dates = find_dates(&t).unwrap();
        let i = (0..t.len())
            .find(|&i| {
                dates.iter().all(|d| i < d.first || i >= d.next)
                    && clock_at(&t, i).unwrap().is_some()
            })
            .unwrap();
        let start = clock_at(&t, i).unwrap().unwrap();
        let between = between_before(&t, i, &dates);
        end_after(&t, start.next, between, &dates)
            .unwrap()
            .map(|(c, _)| format!("{:02}:{:02}", c.hour, c.minute))
    }

    #[test]
    fn joints() {
        let yes = |s: &str, end: &str| assert_eq!(end_of(s).as_deref(), Some(end), "{s}");
        yes("01:00-13:00 UTC", "13:00");
        yes("01:00 to 13:00", "13:00");
        yes(
            "Start: 21/01/2027 23:30 UTC+2 / End: 22/01/2027 01:30 UTC+2",
            "01:30",
        );
        yes(
            "Start time: December 18, 2026 08:00 PM PST\nEnd time: December 19, 2026 02:00 AM PST",
            "02:00",
        );
        yes(
            "From: 2027-01-21 23:30 CET\nTo: 2027-01-22 01:30 CET",
            "01:30",
        );
        yes("START: 23:30 UTC END: 01:30 UTC", "01:30");
        yes(
            "between December 18, 2026 at 08:00 PM PST and December 19, 2026 at 02:00 AM PST",
            "02:00",
        );
        yes("between 22:00 and 23:00", "23:00");
        yes(
            "starts at 22:00 UTC on 24 July and ends at 02:00 UTC on 25 July",
            "02:00",
        );
        yes("22:00, finishing by 23:30", "23:30");
        let no = |s: &str| assert_eq!(end_of(s), None, "{s}");
        no("22:00 and 23:00");
        no("at 22:00, to be done soon");
        no("22:00 / 23:00");
    }

    #[test]
    fn dates_around_times() {
        let t = tokenize("from 01:00 UTC until 05:00 UTC on 24 July");
        let dates = find_dates(&t).unwrap();
        assert_eq!(trailing_date(&t, 6, &dates).unwrap(), Some(0));
        let t = tokenize("01:00-03:00 UTC\n26 July 01:00-03:00 UTC");
        let dates = find_dates(&t).unwrap();
        assert_eq!(trailing_date(&t, 4, &dates).unwrap(), None);
        let t = tokenize("21:00 UTC on Saturday, 18 October");
        let dates = find_dates(&t).unwrap();
        assert_eq!(start_mention(&t, 1, &dates), Some(0));
        let t = tokenize("and again on 31 July");
        assert!(again_before(&t, 3));
    }
}
