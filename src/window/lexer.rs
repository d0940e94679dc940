//! Splits announcement prose into words, numbers and punctuation.
//!
//! - A word is a run of letters (`o'clock` keeps its apostrophe, `a.m.`
//!   its dots); followed by `/` it takes a whole IANA name
//!   (`America/Port-au-Prince`, `Etc/GMT+5`).
//! - A number is a run of digits with inner `:`, `.` or `/` separators
//!   (`01:00`, `1.5`, `24.07.2026`, `24/07/2026`), an ISO date
//!   (`2026-07-24`) or a whole ISO date-time (`2027-02-03T21:30:00-05:00`),
//!   which the ISO path reads and prose leaves alone.
//! - Anything else is one character of punctuation.
//!
//! Each token remembers whether whitespace came before it, which tells
//! `13:00Z` from `13:00 Z` and `UTC+2` from `UTC + 2`, and whether a line
//! break did, which ends a line of a provider's table.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Number,
    Punct,
}

/// One token of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub(crate) text: &'a str,
    pub(crate) kind: Kind,
    /// Whether whitespace (or the start of the text) comes before it.
    pub(crate) spaced: bool,
    /// Whether a line break (or the start of the text) comes before it.
    pub(crate) line: bool,
}

impl Token<'_> {
    /// Whether this is the word `w`, ignoring ASCII case.
    pub(crate) fn is(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(w)
    }

    /// Whether this is the punctuation character `c`.
    pub(crate) fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }

    /// Whether this is the punctuation `p`.
    pub(crate) fn is_punct_str(&self, p: &str) -> bool {
        self.kind == Kind::Punct && self.text == p
    }
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = text;
    let (mut spaced, mut line) = (true, true);
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            spaced = true;
            line |= c == '\n' || c == '\r';
            rest = rest.get(c.len_utf8()..).unwrap_or("");
            continue;
        }
        let (kind, len) = if c.is_alphabetic() {
            (Kind::Word, word_len(rest))
        } else if c.is_ascii_digit() {
            (Kind::Number, number_len(rest))
        } else {
            (Kind::Punct, c.len_utf8())
        };
        let Some((token, tail)) = rest.split_at_checked(len.max(c.len_utf8())) else {
            break;
        };
        tokens.push(Token {
            text: token,
            kind,
            spaced,
            line,
        });
        (spaced, line) = (false, false);
        rest = tail;
    }
    tokens
}

/// Byte length of the word at the start of `s`.
fn word_len(s: &str) -> usize {
    let b = s.as_bytes();
    if let Some(len) = meridiem_len(b) {
        return len;
    }
    let mut len = 0;
    for (i, c) in s.char_indices() {
        let apostrophe = (c == '\'' || c == '\u{2019}')
            && s.get(i + c.len_utf8()..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_alphabetic);
        if c.is_alphabetic() || c == '_' || (apostrophe && len > 0) {
            len = i + c.len_utf8();
        } else {
            break;
        }
    }
    if b.get(len) == Some(&b'/') && b.get(len + 1).is_some_and(u8::is_ascii_alphabetic) {
        len = iana_len(b, len);
    }
    len
}

/// `a.m.`, `p.m`, `A.M.`: the length if `b` starts with one, as a word.
fn meridiem_len(b: &[u8]) -> Option<usize> {
    let first = b.first()?.to_ascii_lowercase();
    let dotted = (first == b'a' || first == b'p')
        && b.get(1) == Some(&b'.')
        && b.get(2).map(u8::to_ascii_lowercase) == Some(b'm');
    if !dotted || b.get(3).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some(if b.get(3) == Some(&b'.') { 4 } else { 3 })
}

/// Extends a word over an IANA name: letters, digits, `_+-/`, not ending
/// in punctuation.
fn iana_len(b: &[u8], from: usize) -> usize {
    let mut len = from;
    while b
        .get(len)
        .is_some_and(|c| c.is_ascii_alphanumeric() || b"_+-/".contains(c))
    {
        len += 1;
    }
    while len > from && b.get(len - 1).is_some_and(|c| b"+-/".contains(c)) {
        len -= 1;
    }
    len
}

/// Byte length of the number at the start of `s`.
fn number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |from: usize| {
        b.iter()
            .skip(from)
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut len = digits(0);
    if len == 4 && iso_date_at(b) {
        return 10 + stamp_tail_len(b.get(10..).unwrap_or_default());
    }
    for _ in 0..2 {
        let sep = b.get(len).copied();
        let more = digits(len + 1);
        if matches!(sep, Some(b':' | b'.' | b'/')) && more > 0 {
            len += 1 + more;
        } else {
            break;
        }
    }
    len
}

/// Whether `b` starts with `YYYY-MM-DD` (and no further digit).
fn iso_date_at(b: &[u8]) -> bool {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    b.get(4) == Some(&b'-')
        && digit(5)
        && digit(6)
        && b.get(7) == Some(&b'-')
        && digit(8)
        && digit(9)
        && !digit(10)
}

/// After an ISO date, the length of `THH:MM[:SS[.fff]][Z|±HH[:MM]]`, or
/// zero when `b` does not start with a time of that shape.
fn stamp_tail_len(b: &[u8]) -> usize {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let clock = matches!(b.first(), Some(b'T' | b't'))
        && digit(1)
        && digit(2)
        && b.get(3) == Some(&b':')
        && digit(4)
        && digit(5);
    if !clock {
        return 0;
    }
    let mut len = 6;
    while b
        .get(len)
        .is_some_and(|c| c.is_ascii_digit() || b":.,".contains(c))
    {
        len += 1;
    }
    match b.get(len) {
        Some(b'Z' | b'z') => len + 1,
        Some(b'+' | b'-') if digit(len + 1) && digit(len + 2) => {
            let colon = b.get(len + 3) == Some(&b':') && digit(len + 4) && digit(len + 5);
            let four = digit(len + 3) && digit(len + 4);
            len + 3
                + if colon {
                    3
                } else if four {
                    2
                } else {
                    0
                }
        }
        _ => len,
    }
}

/// Reads a decimal number, `12`, `1.5`, `.5` or `2.` (`,` for `.` too):
/// what an announcement says a quantity is.  `None` for anything else,
/// such as `12:30`, signs or exponents.  Only the first fifteen digits
/// count (those after the point are cut there); more than fifteen before
/// the point is `None`.
///
/// Written out rather than `str::parse::<f64>`, whose correctly rounded
/// parsing of any float brings 15 kB of tables and code into the module
/// for quantities like "1.5 hours".
pub(crate) fn decimal(s: &str) -> Option<f64> {
    let (whole, fraction) = match s.split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    let all_digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0
        || whole.len() > 15
        || !all_digits(whole)
        || !all_digits(fraction)
    {
        return None;
    }
    let fraction = fraction.get(..fraction.len().min(15 - whole.len()))?;
    let mut mantissa = 0u64;
    for b in whole.bytes().chain(fraction.bytes()) {
        mantissa = mantissa * 10 + u64::from(b - b'0');
    }
    // At most fifteen digits, so the mantissa is exact (below 2^53), as is
    // the power of ten: one correctly rounded division.
    let scale = (0..fraction.len()).fold(1.0f64, |p, _| p * 10.0);
    Some(mantissa as f64 / scale)
}

#[cfg(test)]
mod tests {
    #[test]
    fn decimal_reads_quantities_and_nothing_else() {
        for (text, value) in [
            ("12", 12.0),
            ("1.5", 1.5),
            ("1,5", 1.5),
            (".5", 0.5),
            ("2.", 2.0),
            ("007", 7.0),
            ("0.1", 0.1),
            ("99999.75", 99999.75),
        ] {
            assert_eq!(decimal(text), Some(value), "{text}");
            assert_eq!(decimal(text), text.replace(',', ".").parse().ok(), "{text}");
        }
        for text in [
            "", ".", "12:30", "1.2.3", "-1", "+1", "1e5", "inf", "NaN", " 1", "1 ",
        ] {
            assert_eq!(decimal(text), None, "{text}");
        }
        assert_eq!(decimal("1234567890123456"), None);
        let long = decimal("12345.678901234567890123").unwrap();
        assert!((long - 12345.678901234567).abs() < 1e-9, "{long}");
    }

    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_announcements() {
        assert_eq!(
            texts("On 24 July between 01:00 and 13:00 UTC."),
            [
                "On", "24", "July", "between", "01:00", "and", "13:00", "UTC", "."
            ]
        );
        assert_eq!(texts("01:00-13:00"), ["01:00", "-", "13:00"]);
        assert_eq!(texts("24th, 1.5 hours"), ["24", "th", ",", "1.5", "hours"]);
        assert_eq!(texts("9 a.m. to 5p.m"), ["9", "a.m.", "to", "5", "p.m"]);
        assert_eq!(
            texts("2026-07-24 24.07.2026 07/24/2026"),
            ["2026-07-24", "24.07.2026", "07/24/2026"]
        );
        assert_eq!(
            texts("America/Port-au-Prince, Etc/GMT+5."),
            ["America/Port-au-Prince", ",", "Etc/GMT+5", "."]
        );
        assert_eq!(texts("o'clock UTC+05:30"), ["o'clock", "UTC", "+", "05:30"]);
        assert_eq!(texts("13:00Z"), ["13:00", "Z"]);
        assert_eq!(texts("a.maybe"), ["a", ".", "maybe"]);
    }

    #[test]
    fn iso_date_times_are_one_token() {
        assert_eq!(
            texts("from 2027-02-03T21:30:00-05:00 until 2027-02-03T23:00Z."),
            [
                "from",
                "2027-02-03T21:30:00-05:00",
                "until",
                "2027-02-03T23:00Z",
                "."
            ]
        );
        assert_eq!(texts("2027-02-03T21:30+0100"), ["2027-02-03T21:30+0100"]);
        assert_eq!(
            texts("2027-02-03T21:30:00.5+01"),
            ["2027-02-03T21:30:00.5+01"]
        );
        assert_eq!(texts("2027-02-03 T21"), ["2027-02-03", "T", "21"]);
        assert_eq!(texts("2027-02-03T2"), ["2027-02-03", "T", "2"]);
    }

    #[test]
    fn remembers_spacing_and_lines() {
        let t = tokenize("13:00Z \u{a0}UTC\r\nPDT: 18:00");
        assert!(t[0].spaced && !t[1].spaced && t[2].spaced);
        assert!(t[0].line && !t[1].line && !t[2].line && t[3].line && !t[4].line);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "\u{0}",
            "é/",
            "a/",
            "2026-",
            "1:",
            "…–—",
            "\u{10ffff}1/",
        ] {
            let _ = tokenize(s);
        }
    }
}
