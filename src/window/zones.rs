//! Zones by the names people give them: IANA names, `UTC`, offsets,
//! abbreviations, regions (`Pacific Time`) and cities (`Paris time`).

use jiff::Timestamp;
use jiff::tz::Offset;

use super::abbreviations::by_abbreviation;
use super::rules::Rules;
use super::text::{clip, offset_text};
use super::tzdb::{Zone, by_city, by_iana_name};
use super::{FieldName, Warning, WarningCode};
use crate::{Error, Result};

/// Names for regions rather than zones: how people write them, the zone
/// each is read in, and other zones people also mean by it, which may keep
/// another time (America/Vancouver stays at UTC-7 from November 2026).
const REGIONS: &[(&[&str], &str, &[&str])] = &[
    (
        &["Pacific Time", "PT", "Pacific"],
        "America/Los_Angeles",
        &["America/Vancouver", "America/Tijuana"],
    ),
    (
        &["Mountain Time", "MT", "Mountain"],
        "America/Denver",
        &["America/Edmonton", "America/Phoenix", "America/Boise"],
    ),
    (
        &["Central Time", "CT", "Central"],
        "America/Chicago",
        &["America/Winnipeg", "America/Mexico_City"],
    ),
    (
        &["Eastern Time", "ET", "Eastern"],
        "America/New_York",
        &["America/Toronto"],
    ),
    (
        &["Atlantic Time"],
        "America/Halifax",
        &["America/Puerto_Rico"],
    ),
    (&["Alaska Time", "AKT"], "America/Anchorage", &[]),
    (&["Hawaii Time"], "Pacific/Honolulu", &[]),
    (
        &["Central European Time"],
        "Europe/Berlin",
        &["Europe/Paris", "Europe/Rome", "Europe/Warsaw"],
    ),
    (
        &["Eastern European Time"],
        "Europe/Athens",
        &["Europe/Kyiv", "Europe/Bucharest"],
    ),
    (
        &["Western European Time"],
        "Europe/Lisbon",
        &["Europe/London"],
    ),
];

/// The zones of the United States, where a date like `05/06` is read month
/// first; everywhere else it is read day first.
const MONTH_FIRST: &[&str] = &[
    "America/Adak",
    "America/Anchorage",
    "America/Boise",
    "America/Chicago",
    "America/Denver",
    "America/Detroit",
    "America/Indiana/Indianapolis",
    "America/Indiana/Knox",
    "America/Indiana/Marengo",
    "America/Indiana/Petersburg",
    "America/Indiana/Tell_City",
    "America/Indiana/Vevay",
    "America/Indiana/Vincennes",
    "America/Indiana/Winamac",
    "America/Juneau",
    "America/Kentucky/Louisville",
    "America/Kentucky/Monticello",
    "America/Los_Angeles",
    "America/Menominee",
    "America/Metlakatla",
    "America/New_York",
    "America/Nome",
    "America/North_Dakota/Beulah",
    "America/North_Dakota/Center",
    "America/North_Dakota/New_Salem",
    "America/Phoenix",
    "America/Sitka",
    "America/Yakutat",
    "Pacific/Honolulu",
];

/// Whether dates in `zone` are written month first (`07/24/2026`).
pub(crate) fn month_first(zone: &Zone) -> bool {
    MONTH_FIRST.contains(&zone.name.as_str())
}

/// Resolves a zone given by name (a request's `zones`, `readerZone`,
/// `defaultZone`, a form's zone): an IANA name first, then what
/// [`resolve_word`] reads, then a city of the database (`Paris`).
pub(crate) fn resolve(name: &str, at: Timestamp) -> Result<(Zone, Vec<Warning>)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::UnknownTimeZone("no time zone was named".into()));
    }
    if let Some(found) = iana(name) {
        return Ok(found);
    }
    if let Some(found) = resolve_word(name, at)? {
        return Ok(found);
    }
    match by_city(name) {
        Some(zone) => Ok(city(zone, name, at)),
        None => Err(unknown(name)),
    }
}

/// Resolves a word of prose: `UTC`, `Z`, an offset, an abbreviation in use
/// near `at` (before IANA names, so `EST` means what it says), an IANA name,
/// a region (`Pacific Time`, `PT`) or a city followed by "time" (`Paris
/// time`). `Ok(None)` means the word is not a zone at all.
pub(crate) fn resolve_word(word: &str, at: Timestamp) -> Result<Option<(Zone, Vec<Warning>)>> {
    let upper = word.to_ascii_uppercase();
    if matches!(upper.as_str(), "UTC" | "Z" | "ZULU" | "UT") {
        return Ok(Some((Zone::named(Rules::UTC, "UTC"), Vec::new())));
    }
    if upper == "GMT"
        && let Some((zone, _)) = by_iana_name("GMT")
    {
        return Ok(Some((zone, Vec::new())));
    }
    if let Some(offset) = parse_offset(word)? {
        return Ok(Some((Zone::fixed(offset), Vec::new())));
    }
    if is_abbreviation_shaped(word)
        && let Some(found) = by_abbreviation(word, at)
    {
        return Ok(Some(found));
    }
    if let Some(found) = iana(word) {
        return Ok(Some(found));
    }
    if let Some(found) = region(word, at) {
        return Ok(Some(found));
    }
    let named_city = word
        .strip_suffix(" time")
        .or_else(|| word.strip_suffix(" Time"))
        .and_then(|c| Some((by_city(c)?, c)));
    Ok(named_city.map(|(zone, _)| city(zone, word, at)))
}

/// An IANA name, with a `zone-renamed` warning for an old one.
fn iana(name: &str) -> Option<(Zone, Vec<Warning>)> {
    let (zone, old) = by_iana_name(name)?;
    let warnings = old
        .map(|old| {
            Warning::new(
                WarningCode::ZoneRenamed,
                FieldName::Zone,
                format!(
                    "{old} is an old name of {}, so the times are shown as {}.",
                    zone.name, zone.name
                ),
            )
        })
        .into_iter()
        .collect();
    Some((zone, warnings))
}

/// A region such as `Pacific Time`, read in its main zone, with a warning
/// when a zone people also mean by it keeps another time at `at`.
fn region(word: &str, at: Timestamp) -> Option<(Zone, Vec<Warning>)> {
    let (names, main, members) = REGIONS.iter().find(|(names, _, _)| {
        names.iter().any(|n| {
            if n.len() <= 3 {
                *n == word
            } else {
                n.eq_ignore_ascii_case(word)
            }
        })
    })?;
    let (mut zone, _) = by_iana_name(main)?;
    zone.written = word.to_string();
    let name = names.first().copied().unwrap_or(word);
    let offset = zone.tz.to_offset(at);
    let apart: Vec<String> = members
        .iter()
        .filter_map(|m| Some((*m, by_iana_name(m)?.0.tz)))
        .filter(|(_, tz)| tz.to_offset(at) != offset)
        .map(|(m, tz)| {
            let no_longer = if changed(&tz, &zone.tz, at) {
                format!(": it no longer keeps {name}")
            } else {
                String::new()
            };
            format!(
                "{m} is at UTC{} then{no_longer}",
                offset_text(tz.to_offset(at))
            )
        })
        .collect();
    let warnings = if apart.is_empty() {
        Vec::new()
    } else {
        vec![Warning::new(
            WarningCode::RegionalTimeDiffers,
            FieldName::Zone,
            format!(
                "{name} was read as {main} (UTC{} at that date). {}.",
                offset_text(offset),
                apart.join("; ")
            ),
        )]
    };
    Some((zone, warnings))
}

/// A city's zone (`Vancouver time`), with a warning when the region its
/// people name it by keeps another time at `at`.
fn city(zone: Zone, written: &str, at: Timestamp) -> (Zone, Vec<Warning>) {
    let offset = zone.tz.to_offset(at);
    let mut warnings = Vec::new();
    let home = REGIONS
        .iter()
        .find(|(_, _, members)| members.contains(&zone.name.as_str()));
    if let Some((names, main, _)) = home
        && let Some((main_zone, _)) = by_iana_name(main)
        && main_zone.tz.to_offset(at) != offset
    {
        let (name, theirs) = (
            names.first().copied().unwrap_or(""),
            main_zone.tz.to_offset(at),
        );
        let not = if changed(&zone.tz, &main_zone.tz, at) {
            "no longer"
        } else {
            "not"
        };
        warnings.push(Warning::new(
            WarningCode::RegionalTimeDiffers,
            FieldName::Zone,
            format!(
                "{} was read as {} (UTC{} at that date). That is {not} {name}, which is UTC{} in {main} then.",
                clip(written),
                zone.name,
                offset_text(offset),
                offset_text(theirs),
            ),
        ));
    }
    let zone = Zone {
        written: written.to_string(),
        ..zone
    };
    (zone, warnings)
}

/// Whether `tz` kept the time of `main` a year before `at`: a place that
/// has since changed its rules.
fn changed(tz: &Rules, main: &Rules, at: Timestamp) -> bool {
    at.checked_sub(jiff::SignedDuration::from_hours(24 * 365))
        .is_ok_and(|t| tz.to_offset(t) == main.to_offset(t))
}

/// The error for a name that is no zone.
pub(crate) fn unknown(name: &str) -> Error {
    Error::UnknownTimeZone(format!(
        "\u{201c}{}\u{201d} is not a time zone name, abbreviation or UTC offset",
        clip(name)
    ))
}

/// Whether a word looks like a time zone abbreviation (`PDT`, `AEDT`).
pub(crate) fn is_abbreviation_shaped(word: &str) -> bool {
    (2..=5).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Parses `UTC+05:30`, `GMT-3`, `+0200`, `-07:00`, `+2`. `Ok(None)` if the
/// text has no such shape; an error if it has, but is out of range.
pub(crate) fn parse_offset(text: &str) -> Result<Option<Offset>> {
    let lower = text.to_ascii_lowercase();
    let rest = ["utc", "gmt", "ut"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    let (negative, digits) = if let Some(d) = rest.strip_prefix('+') {
        (false, d)
    } else if let Some(d) = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('\u{2212}'))
    {
        (true, d)
    } else {
        return Ok(None);
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => (h, m),
        Some(_) => return Ok(None),
        None if (1..=2).contains(&digits.len()) => (digits, "0"),
        None if digits.len() == 4 => digits.split_at_checked(2).unwrap_or(("", "")),
        None => return Ok(None),
    };
    if !hours
        .bytes()
        .chain(minutes.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return Ok(None);
    }
    let (Ok(h), Ok(m)) = (hours.parse::<i32>(), minutes.parse::<i32>()) else {
        return Ok(None);
    };
    if h > 18 || m > 59 || (h == 18 && m > 0) {
        return Err(Error::UnknownTimeZone(format!(
            "\u{201c}{}\u{201d} is not a UTC offset (they run from -18:00 to +18:00)",
            clip(text)
        )));
    }
    let seconds = (h * 3600 + m * 60) * if negative { -1 } else { 1 };
    Offset::from_seconds(seconds).map(Some).map_err(|_| {
        Error::UnknownTimeZone(format!(
            "\u{201c}{}\u{201d} is not a UTC offset",
            clip(text)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn offsets() {
        let secs = |s: &str| parse_offset(s).unwrap().map(|o| o.seconds());
        assert_eq!(secs("UTC+05:30"), Some(19800));
        assert_eq!(secs("+0200"), Some(7200));
        assert_eq!(secs("GMT-3"), Some(-10800));
        assert_eq!(secs("utc\u{2212}7"), Some(-25200));
        assert_eq!(secs("UTC"), None);
        assert_eq!(secs("+0x00"), None);
        assert!(parse_offset("UTC+25").is_err());
    }

    #[test]
    fn names() {
        let t = at("2026-01-01T00:00Z");
        let (zone, warnings) = resolve("asia/calcutta", t).unwrap();
        assert_eq!(
            (zone.name.as_str(), zone.written.as_str()),
            ("Asia/Kolkata", "Asia/Kolkata")
        );
        assert_eq!(warnings[0].code, WarningCode::ZoneRenamed);
        assert_eq!(resolve("Europe/Kiev", t).unwrap().0.name, "Europe/Kyiv");
        assert_eq!(resolve("GMT-3", t).unwrap().0.name, "UTC-03:00");
        assert_eq!(resolve("Z", t).unwrap().0.name, "UTC");
        assert_eq!(resolve("PT", t).unwrap().0.name, "America/Los_Angeles");
        assert_eq!(resolve("Paris", t).unwrap().0.name, "Europe/Paris");
        let err = resolve("Mars/Olympus", t).unwrap_err();
        assert_eq!(err.code(), "unknown-time-zone");
        assert!(err.to_string().contains("\u{201c}Mars/Olympus\u{201d}"));
    }

    #[test]
    fn regions_and_cities() {
        let word = |w: &str, t: &str| resolve_word(w, at(t)).unwrap().unwrap();
        let (zone, warnings) = word("Pacific Time", "2026-07-24T12:00Z");
        assert_eq!(
            (zone.name.as_str(), zone.written.as_str()),
            ("America/Los_Angeles", "Pacific Time")
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        // Vancouver keeps UTC-7 from November 2026 on.
        let (_, warnings) = word("Pacific Time", "2026-12-24T12:00Z");
        assert_eq!(warnings[0].code, WarningCode::RegionalTimeDiffers);
        assert!(
            warnings[0].message.contains(
                "America/Vancouver is at UTC-07:00 then: it no longer keeps Pacific Time"
            ),
            "{}",
            warnings[0].message
        );
        let (zone, warnings) = word("Vancouver time", "2026-12-24T12:00Z");
        assert_eq!(zone.name, "America/Vancouver");
        assert!(
            warnings[0]
                .message
                .contains("That is no longer Pacific Time, which is UTC-08:00"),
            "{}",
            warnings[0].message
        );
        let (_, warnings) = word("Vancouver time", "2026-07-24T12:00Z");
        assert!(warnings.is_empty());
        assert_eq!(
            word("Paris time", "2026-07-24T12:00Z").0.name,
            "Europe/Paris"
        );
        assert_eq!(
            word("New York time", "2026-07-24T12:00Z").0.name,
            "America/New_York"
        );
        assert_eq!(
            word("central european time", "2026-07-24T12:00Z").0.name,
            "Europe/Berlin"
        );
        assert!(
            resolve_word("Maintenance time", at("2026-07-24T12:00Z"))
                .unwrap()
                .is_none()
        );
        assert!(
            resolve_word("pt", at("2026-07-24T12:00Z"))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn the_month_first_zones_are_those_of_the_united_states() {
        use super::super::tzdb::entries;
        let us: Vec<&str> = entries()
            .iter()
            .filter_map(|e| e.zone())
            .filter(|(name, _)| {
                let tz = jiff::tz::db().get(name).unwrap();
                tz.is_primary() && tz.location().is_some_and(|l| l.country() == "US")
            })
            .map(|(name, _)| name)
            .collect();
        assert_eq!(us, MONTH_FIRST);
        for (_, main, members) in REGIONS {
            for z in std::iter::once(main).chain(members.iter()) {
                assert!(by_iana_name(z).is_some_and(|(_, old)| old.is_none()), "{z}");
            }
        }
    }
}
