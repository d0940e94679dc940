//! Words that name a zone in prose: `UTC+05:30`, `+0200`, `13:00Z`, `PDT`,
//! `CET/CEST`, `Europe/Berlin`, long names (`Central European Summer
//! Time`, `Pacific Time`, `Mitteleurop\u{e4}ische Zeit`) and cities followed
//! by "time" (`Paris time`). What each means is asked of the database
//! later, at the announcement's date; see [`super::zones`].

use super::clock::clock_at;
use super::lexer::{Kind, Token};
use super::zones::is_abbreviation_shaped;
use crate::Result;

/// A word that may name a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ZoneWord {
    pub(crate) text: String,
    /// Whether a word that names no zone is an error: it stands right after
    /// a time, or looks like an IANA name.
    pub(crate) strict: bool,
    /// The token it starts at.
    pub(crate) at: usize,
}

/// Long names, and what each is read as: an abbreviation for the names of
/// standard or summer time (`Pacific Standard Time` is `PST`), a region for
/// the names of a region's local time (`Pacific Time`).
const LONG_NAMES: &[(&str, &str)] = &[
    ("coordinated universal time", "UTC"),
    ("greenwich mean time", "GMT"),
    ("british summer time", "BST"),
    ("western european summer time", "WEST"),
    ("western european standard time", "WET"),
    ("western european time", "Western European Time"),
    ("central european summer time", "CEST"),
    ("central european standard time", "CET"),
    ("central european time", "Central European Time"),
    ("eastern european summer time", "EEST"),
    ("eastern european standard time", "EET"),
    ("eastern european time", "Eastern European Time"),
    ("mitteleurop\u{e4}ische sommerzeit", "MESZ"),
    ("mitteleurop\u{e4}ische zeit", "MEZ"),
    ("moscow standard time", "MSK"),
    ("india standard time", "IST"),
    ("japan standard time", "JST"),
    ("pacific standard time", "PST"),
    ("pacific daylight time", "PDT"),
    ("pacific time", "Pacific Time"),
    ("mountain standard time", "MST"),
    ("mountain daylight time", "MDT"),
    ("mountain time", "Mountain Time"),
    ("central standard time", "CST"),
    ("central daylight time", "CDT"),
    ("central time", "Central Time"),
    ("eastern standard time", "EST"),
    ("eastern daylight time", "EDT"),
    ("eastern time", "Eastern Time"),
    ("atlantic time", "Atlantic Time"),
    ("alaska time", "Alaska Time"),
    ("hawaii time", "Hawaii Time"),
    ("central africa time", "CAT"),
    ("australian eastern standard time", "AEST"),
    ("australian eastern daylight time", "AEDT"),
    ("australian western standard time", "AWST"),
];

/// Whether a zone may stand at each token: right after a time of day, or
/// after the parenthesis that follows one.
pub(crate) fn zone_slots(t: &[Token<'_>], taken: &[bool]) -> Result<Vec<bool>> {
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
pub(crate) fn zone_words(t: &[Token<'_>], taken: &[bool], slots: &[bool]) -> Vec<ZoneWord> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let slot = slots.get(i).copied().unwrap_or(false);
        let (word, next) = if taken.get(i).copied().unwrap_or(true) {
            (None, i + 1)
        } else if let Some((name, next)) = long_name_at(t, i).or_else(|| city_at(t, i)) {
            (word(&name, false), next)
        } else {
            zone_word_at(t, i, slot)
        };
        words.extend(word.map(|w| ZoneWord { at: i, ..w }));
        i = next.max(i + 1);
    }
    words
}

/// A long name at token `i` (`Central European Summer Time`): the name it
/// is read as, and the token after it.
fn long_name_at(t: &[Token<'_>], i: usize) -> Option<(String, usize)> {
    LONG_NAMES.iter().find_map(|(name, read_as)| {
        let n = name.split(' ').count();
        let all = name
            .split(' ')
            .enumerate()
            .all(|(k, w)| t.get(i + k).is_some_and(|x| x.is(w)));
        all.then(|| (read_as.to_string(), i + n))
    })
}

/// One to three capitalised words and "time" (`Paris time`, `New York
/// time`): a city of the database, maybe, as the zone resolves it.
fn city_at(t: &[Token<'_>], i: usize) -> Option<(String, usize)> {
    let capital = |k: usize| {
        t.get(k).is_some_and(|x| {
            x.kind == Kind::Word
                && x.text.starts_with(|c: char| c.is_uppercase())
                && !x.text.contains('/')
                && !is_abbreviation_shaped(x.text)
        })
    };
    let n = (1..=3).take_while(|n| capital(i + n - 1)).last()?;
    let k = (1..=n).find(|k| t.get(i + k).is_some_and(|x| x.is("time")))?;
    let words: Vec<&str> = t.get(i..i + k)?.iter().map(|x| x.text).collect();
    Some((format!("{} time", words.join(" ")), i + k + 1))
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
        at: 0,
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
    use super::super::lexer::tokenize;
    use super::*;

    fn texts(s: &str) -> Vec<(String, bool)> {
        let t = tokenize(s);
        let taken = vec![false; t.len()];
        let slots = zone_slots(&t, &taken).unwrap();
        zone_words(&t, &taken, &slots)
            .into_iter()
            .map(|z| (z.text, z.strict))
            .collect()
    }

    #[test]
    fn zone_words_found() {
        assert_eq!(texts("13:00 UTC+05:30"), [("UTC+05:30".to_string(), true)]);
        assert_eq!(texts("13:00 +0200"), [("+0200".to_string(), true)]);
        assert_eq!(texts("13:00Z"), [("Z".to_string(), true)]);
        assert_eq!(
            texts("13:00 Central European Time"),
            [("Central European Time".to_string(), false)]
        );
        assert_eq!(
            texts("13:00 Central European Summer Time"),
            [("CEST".to_string(), false)]
        );
        assert_eq!(
            texts("13:00 (Europe/Kiev)"),
            [("Europe/Kiev".to_string(), true)]
        );
        assert_eq!(
            texts("13:00 XYZT, NOTE"),
            [("XYZT".to_string(), true), ("NOTE".to_string(), false)]
        );
        assert_eq!(
            texts("um 13:00 Uhr Mitteleurop\u{e4}ische Zeit"),
            [("Uhr".to_string(), false), ("MEZ".to_string(), false)]
        );
    }

    #[test]
    fn cities_and_time() {
        assert_eq!(
            texts("13:00 Paris time"),
            [("Paris time".to_string(), false)]
        );
        assert_eq!(
            texts("at 13:00 (New York time)"),
            [("New York time".to_string(), false)]
        );
        assert_eq!(
            texts("13:00 Vancouver Time."),
            [("Vancouver time".to_string(), false)]
        );
        let words = texts("Maintenance time: 13:00 UTC");
        assert_eq!(
            words.first().map(|w| w.0.as_str()),
            Some("Maintenance time")
        );
    }

    #[test]
    fn positions() {
        let t = tokenize("UTC: 24 July, 01:00\nPDT: 18:00");
        let taken = vec![false; t.len()];
        let slots = zone_slots(&t, &taken).unwrap();
        let at: Vec<usize> = zone_words(&t, &taken, &slots)
            .iter()
            .map(|w| w.at)
            .collect();
        assert_eq!(at, [0, 6]);
    }
}
