//! Zones: the one bundled database, names, offsets and abbreviations.

use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::text::{clip, offset_text, utc_offset_name};
use super::tzdb::{db, entry, zones_mentioning};
use super::{FieldName, Warning, WarningCode};
use crate::{Error, Result};

/// How an abbreviation used by several zones is read, in order of
/// preference, e.g. `IST` is India first, then Ireland, then Israel.
///
/// The table names zones, never offsets: what an abbreviation means is
/// always asked of the time zone database at the announcement's date. The
/// first zone in the list that uses the abbreviation within about a year of
/// that date wins. If it uses it at that date, the window is in that zone;
/// if not (`EST` in July, when New York is on `EDT`), the times are read at
/// the offset the abbreviation stands for, as written, with an
/// `abbreviation-not-in-effect` warning. Other zones that use the
/// abbreviation with another offset are listed in an
/// `ambiguous-abbreviation` warning. An abbreviation not in the table is
/// read in the zones that use it at that date (the offset most of them
/// share, if they differ, with the same warning).
pub const ABBREVIATION_PREFERENCES: &[(&str, &[&str])] = &[
    ("IST", &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
    (
        "CST",
        &["America/Chicago", "Asia/Shanghai", "America/Havana"],
    ),
    ("CDT", &["America/Chicago", "America/Havana"]),
    ("PST", &["America/Los_Angeles", "Asia/Manila"]),
    ("PDT", &["America/Los_Angeles", "Asia/Manila"]),
    ("EST", &["America/New_York"]),
    ("EDT", &["America/New_York"]),
    ("MST", &["America/Denver", "America/Phoenix"]),
    ("MDT", &["America/Denver"]),
    ("AKST", &["America/Anchorage"]),
    ("AKDT", &["America/Anchorage"]),
    ("HST", &["Pacific/Honolulu"]),
    ("AST", &["America/Halifax", "America/Puerto_Rico"]),
    ("ADT", &["America/Halifax"]),
    ("NST", &["America/St_Johns"]),
    ("NDT", &["America/St_Johns"]),
    ("BST", &["Europe/London"]),
    ("WET", &["Europe/Lisbon"]),
    ("WEST", &["Europe/Lisbon"]),
    ("CET", &["Europe/Berlin"]),
    ("CEST", &["Europe/Berlin"]),
    ("EET", &["Europe/Athens"]),
    ("EEST", &["Europe/Athens"]),
    ("MSK", &["Europe/Moscow"]),
    ("IDT", &["Asia/Jerusalem"]),
    ("SAST", &["Africa/Johannesburg"]),
    ("CAT", &["Africa/Maputo"]),
    ("EAT", &["Africa/Nairobi"]),
    ("WAT", &["Africa/Lagos"]),
    ("PKT", &["Asia/Karachi"]),
    ("WIB", &["Asia/Jakarta"]),
    ("HKT", &["Asia/Hong_Kong"]),
    ("JST", &["Asia/Tokyo"]),
    ("KST", &["Asia/Seoul"]),
    ("AWST", &["Australia/Perth"]),
    ("ACST", &["Australia/Adelaide", "Australia/Darwin"]),
    ("ACDT", &["Australia/Adelaide"]),
    ("AEST", &["Australia/Sydney", "Australia/Brisbane"]),
    ("AEDT", &["Australia/Sydney"]),
    ("NZST", &["Pacific/Auckland"]),
    ("NZDT", &["Pacific/Auckland"]),
];

/// Names for whole regions that are not in the database, and the zone each
/// stands for ("9:00 PT", "9:00 Pacific Time").
const GENERIC_NAMES: &[(&str, &str)] = &[
    ("PT", "America/Los_Angeles"),
    ("MT", "America/Denver"),
    ("CT", "America/Chicago"),
    ("ET", "America/New_York"),
    ("AKT", "America/Anchorage"),
    ("Pacific", "America/Los_Angeles"),
    ("Mountain", "America/Denver"),
    ("Central", "America/Chicago"),
    ("Eastern", "America/New_York"),
];

/// How far from the date an abbreviation may be in use to be understood.
const NEARBY: SignedDuration = SignedDuration::from_hours(24 * 400);

/// A zone a window is written in or shown in.
#[derive(Debug, Clone)]
pub(crate) struct Zone {
    /// The rules used for views of this zone.
    pub(crate) tz: TimeZone,
    /// An IANA name or `UTC±HH:MM`: the window's `sourceZone`.
    pub(crate) name: String,
    /// As written, normalised: what `fields.zone` and `View::zone` show.
    pub(crate) written: String,
    /// The offset an abbreviation stands for; local times are read at it.
    pub(crate) pin: Option<Pin>,
}

/// An abbreviation as written and the offset it stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pin {
    pub(crate) abbreviation: String,
    pub(crate) offset: Offset,
}

impl Zone {
    fn named(tz: TimeZone, name: &str) -> Zone {
        Zone {
            tz,
            name: name.to_string(),
            written: name.to_string(),
            pin: None,
        }
    }

    fn fixed(offset: Offset) -> Zone {
        let name = utc_offset_name(offset);
        Zone::named(TimeZone::fixed(offset), &name)
    }

    /// The rules to show this zone with: a pinned abbreviation is shown at
    /// its own offset.
    pub(crate) fn view_tz(&self) -> TimeZone {
        match &self.pin {
            Some(pin) => TimeZone::fixed(pin.offset),
            None => self.tz.clone(),
        }
    }

    /// The abbreviation shown for an instant in this zone.
    pub(crate) fn abbreviation(&self, at: Timestamp) -> String {
        match &self.pin {
            Some(pin) => pin.abbreviation.clone(),
            None if self.tz.iana_name().is_none() => self.name.clone(),
            None => self.tz.to_offset_info(at).abbreviation().to_string(),
        }
    }
}

/// Resolves a zone given by name (a request's `zones`, `readerZone`,
/// `defaultZone`, a form's zone): an IANA name first, then `UTC`, an offset,
/// an abbreviation in use near `at`, or a regional name (`PT`).
pub(crate) fn resolve(name: &str, at: Timestamp) -> Result<(Zone, Vec<Warning>)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::UnknownTimeZone("no time zone was named".into()));
    }
    if let Some(zone) = by_iana_name(name) {
        return Ok((zone, Vec::new()));
    }
    match resolve_word(name, at)? {
        Some(found) => Ok(found),
        None => Err(unknown(name)),
    }
}

/// Resolves a word of prose: `UTC`, `Z`, an offset, an abbreviation in use
/// near `at` (before IANA names, so `EST` means what it says), an IANA name
/// or a regional name. `Ok(None)` means the word is not a zone at all.
pub(crate) fn resolve_word(word: &str, at: Timestamp) -> Result<Option<(Zone, Vec<Warning>)>> {
    let upper = word.to_ascii_uppercase();
    if matches!(upper.as_str(), "UTC" | "Z" | "ZULU" | "UT") {
        return Ok(Some((Zone::named(TimeZone::UTC, "UTC"), Vec::new())));
    }
    if upper == "GMT"
        && let Some(zone) = by_iana_name("GMT")
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
    if let Some(zone) = by_iana_name(word) {
        return Ok(Some((zone, Vec::new())));
    }
    if let Some((_, iana)) = GENERIC_NAMES.iter().find(|(g, _)| *g == word)
        && let Some(mut zone) = by_iana_name(iana)
    {
        zone.written = word.to_string();
        return Ok(Some((zone, Vec::new())));
    }
    Ok(None)
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

fn by_iana_name(name: &str) -> Option<Zone> {
    if name.eq_ignore_ascii_case("utc") {
        return Some(Zone::named(TimeZone::UTC, "UTC"));
    }
    let tz = db().get(name).ok()?;
    let canonical = tz.iana_name()?.to_string();
    Some(Zone::named(tz, &canonical))
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
    Offset::from_seconds(seconds)
        .map(Some)
        .map_err(|e| Error::UnknownTimeZone(format!("{}: {e}", clip(text))))
}

/// One zone's use of an abbreviation near an instant.
#[derive(Clone, Copy)]
struct Use {
    zone: &'static (String, TimeZone),
    offset: Offset,
    in_force: bool,
}

/// How `zone` uses `abbr` near `at`: at `at` itself, or in a period that
/// starts or ends within [`NEARBY`] of it.
fn use_of(zone: &'static (String, TimeZone), abbr: &str, at: Timestamp) -> Option<Use> {
    let tz = &zone.1;
    let info = tz.to_offset_info(at);
    if info.abbreviation() == abbr {
        let offset = info.offset();
        return Some(Use {
            zone,
            offset,
            in_force: true,
        });
    }
    let lo = at.checked_sub(NEARBY).unwrap_or(at);
    let hi = at.checked_add(NEARBY).unwrap_or(at);
    let before = tz.preceding(at).take_while(|t| t.timestamp() >= lo).take(8);
    let after = tz.following(at).take_while(|t| t.timestamp() <= hi).take(8);
    let found = before.chain(after).find(|t| t.abbreviation() == abbr)?;
    let offset = found.offset();
    Some(Use {
        zone,
        offset,
        in_force: false,
    })
}

/// Reads an abbreviation; see [`ABBREVIATION_PREFERENCES`]. `naive` is the
/// local time read as if UTC: the abbreviation is first read there, then
/// again at the instant its offset gives, so that "01:30 EST" on the night
/// New York falls back is read at the right side of the change.
fn by_abbreviation(abbr: &str, naive: Timestamp) -> Option<(Zone, Vec<Warning>)> {
    let (zone, warnings) = abbreviation_at(abbr, naive)?;
    let offset = zone.pin.as_ref().map_or(0, |p| p.offset.seconds());
    let actual = naive
        .checked_sub(SignedDuration::from_secs(i64::from(offset)))
        .ok();
    match actual.and_then(|at| abbreviation_at(abbr, at)) {
        Some(again) if offset != 0 => Some(again),
        _ => Some((zone, warnings)),
    }
}

/// Reads an abbreviation at an instant.
fn abbreviation_at(abbr: &str, at: Timestamp) -> Option<(Zone, Vec<Warning>)> {
    let preferred: &[&str] = ABBREVIATION_PREFERENCES
        .iter()
        .find(|(a, _)| *a == abbr)
        .map_or(&[], |(_, zones)| zones);
    let preferred_uses: Vec<Use> = preferred
        .iter()
        .filter_map(|name| use_of(entry(name)?, abbr, at))
        .collect();
    let in_force: Vec<Use> = zones_mentioning(abbr)
        .filter(|(_, tz)| tz.to_offset_info(at).abbreviation() == abbr)
        .map(|zone| Use {
            zone,
            offset: zone.1.to_offset(at),
            in_force: true,
        })
        .collect();
    let chosen = match preferred_uses.first() {
        Some(first) => *first,
        None => most_shared(&in_force).or_else(|| any_nearby(abbr, at))?,
    };
    let mut warnings = Vec::new();
    if !chosen.in_force {
        warnings.push(not_in_effect(abbr, &chosen, at));
    }
    let others: Vec<&Use> = preferred_uses.iter().chain(in_force.iter()).collect();
    if let Some(w) = ambiguity(abbr, &chosen, &others) {
        warnings.push(w);
    }
    let zone = Zone {
        tz: chosen.zone.1.clone(),
        name: chosen.zone.0.clone(),
        written: abbr.to_string(),
        pin: Some(Pin {
            abbreviation: abbr.to_string(),
            offset: chosen.offset,
        }),
    };
    Some((zone, warnings))
}

/// Among zones using an abbreviation, the offset most share, and the first
/// primary zone (not a link) with it.
fn most_shared(uses: &[Use]) -> Option<Use> {
    let count = |o: Offset| uses.iter().filter(|u| u.offset == o).count();
    let best = uses
        .iter()
        .map(|u| u.offset)
        .max_by_key(|o| (count(*o), -o.seconds()))?;
    let pick = uses
        .iter()
        .filter(|u| u.offset == best)
        .find(|u| u.zone.1.is_primary())
        .or_else(|| uses.iter().find(|u| u.offset == best))?;
    Some(*pick)
}

/// The first zone (by name) that uses an abbreviation near an instant.
fn any_nearby(abbr: &str, at: Timestamp) -> Option<Use> {
    zones_mentioning(abbr).find_map(|zone| use_of(zone, abbr, at))
}

fn not_in_effect(abbr: &str, chosen: &Use, at: Timestamp) -> Warning {
    let info = chosen.zone.1.to_offset_info(at);
    Warning::new(
        WarningCode::AbbreviationNotInEffect,
        FieldName::Zone,
        format!(
            "{abbr} (UTC{}) is not in use in {} at that date ({} is, UTC{}); \
             the times are read as UTC{}, as written.",
            offset_text(chosen.offset),
            chosen.zone.0,
            info.abbreviation(),
            offset_text(info.offset()),
            offset_text(chosen.offset),
        ),
    )
}

/// A warning listing the other offsets an abbreviation has near the date.
fn ambiguity(abbr: &str, chosen: &Use, others: &[&Use]) -> Option<Warning> {
    let mut seen = vec![chosen.offset];
    let mut alternatives = Vec::new();
    for u in others {
        if !seen.contains(&u.offset) {
            seen.push(u.offset);
            alternatives.push(format!("{} (UTC{})", u.zone.0, offset_text(u.offset)));
        }
    }
    if alternatives.is_empty() {
        return None;
    }
    Some(Warning::new(
        WarningCode::AmbiguousAbbreviation,
        FieldName::Zone,
        format!(
            "{abbr} has several meanings; it was read as {} (UTC{}). It can also mean: {}.",
            chosen.zone.0,
            offset_text(chosen.offset),
            alternatives.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn every_preferred_zone_exists_and_uses_its_abbreviation() {
        for (abbr, zones) in ABBREVIATION_PREFERENCES {
            let first = zones.first().unwrap();
            let zone = entry(first).unwrap();
            let used = (2020..2030).any(|y| {
                let t = at(&format!("{y}-01-15T00:00Z"));
                let s = at(&format!("{y}-07-15T00:00Z"));
                use_of(zone, abbr, t).is_some() || use_of(zone, abbr, s).is_some()
            });
            assert!(used, "{first} never uses {abbr}");
            for z in *zones {
                assert!(db().get(z).is_ok(), "{z}");
            }
        }
    }

    #[test]
    fn ist_prefers_india_and_lists_the_others() {
        let (zone, warnings) = by_abbreviation("IST", at("2026-07-24T01:00Z")).unwrap();
        assert_eq!(zone.name, "Asia/Kolkata");
        assert_eq!(zone.pin.unwrap().offset.seconds(), 19800);
        let w = warnings
            .iter()
            .find(|w| w.code == WarningCode::AmbiguousAbbreviation)
            .unwrap();
        assert!(
            w.message.contains("Europe/Dublin (UTC+01:00)"),
            "{}",
            w.message
        );
    }

    #[test]
    fn est_in_summer_is_read_as_written() {
        let (zone, warnings) = by_abbreviation("EST", at("2026-07-24T01:00Z")).unwrap();
        assert_eq!(zone.pin.unwrap().offset.seconds(), -5 * 3600);
        assert_eq!(warnings[0].code, WarningCode::AbbreviationNotInEffect);
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
        assert_eq!(
            resolve("asia/calcutta", t).unwrap().0.written,
            "Asia/Calcutta"
        );
        assert_eq!(resolve("Europe/Kiev", t).unwrap().0.name, "Europe/Kiev");
        assert_eq!(resolve("GMT-3", t).unwrap().0.name, "UTC-03:00");
        assert_eq!(resolve("Z", t).unwrap().0.name, "UTC");
        assert_eq!(resolve("PT", t).unwrap().0.name, "America/Los_Angeles");
        let err = resolve("Mars/Olympus", t).unwrap_err();
        assert_eq!(err.code(), "unknown-time-zone");
        assert!(err.to_string().contains("\u{201c}Mars/Olympus\u{201d}"));
    }
}
