//! Abbreviations: what `PDT`, `IST` or `MESZ` stands for at a date, asked
//! of the bundled database.

use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::rules::Rules;
use super::text::offset_text;
use super::tzdb::{Pin, Zone, entry, is_primary, zones_mentioning};
use super::{FieldName, Warning, WarningCode};

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

/// Abbreviations people write that the database does not use, and the
/// one each stands for: the German, Austrian and Swiss names of the
/// European zones (`MEZ`, Mitteleurop\u{e4}ische Zeit, is `CET`).
const ALIASES: &[(&str, &str)] = &[
    ("MEZ", "CET"),
    ("MESZ", "CEST"),
    ("OEZ", "EET"),
    ("OESZ", "EEST"),
    ("WEZ", "WET"),
    ("WESZ", "WEST"),
];

/// How far from the date an abbreviation may be in use to be understood.
const NEARBY: SignedDuration = SignedDuration::from_hours(24 * 400);

/// One zone's use of an abbreviation near an instant.
#[derive(Clone, Copy)]
struct Use {
    zone: (&'static str, Rules),
    offset: Offset,
    in_force: bool,
}

/// How `zone` uses `abbr` near `at`: at `at` itself, or in a period that
/// starts or ends within [`NEARBY`] of it.
fn use_of(zone: (&'static str, Rules), abbr: &str, at: Timestamp) -> Option<Use> {
    let tz = zone.1;
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
pub(crate) fn by_abbreviation(written: &str, naive: Timestamp) -> Option<(Zone, Vec<Warning>)> {
    let abbr = ALIASES
        .iter()
        .find(|(alias, _)| *alias == written)
        .map_or(written, |(_, abbr)| abbr);
    let (zone, warnings) = abbreviation_at(abbr, written, naive)?;
    let offset = zone.pin.as_ref().map_or(0, |p| p.offset.seconds());
    let actual = naive
        .checked_sub(SignedDuration::from_secs(i64::from(offset)))
        .ok();
    match actual.and_then(|at| abbreviation_at(abbr, written, at)) {
        Some(again) if offset != 0 => Some(again),
        _ => Some((zone, warnings)),
    }
}

/// Reads an abbreviation at an instant; `written` is how the text spells
/// it (`MEZ` for `CET`).
fn abbreviation_at(abbr: &str, written: &str, at: Timestamp) -> Option<(Zone, Vec<Warning>)> {
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
    let shown = if written == abbr {
        abbr.to_string()
    } else {
        format!("{written} ({abbr})")
    };
    if !chosen.in_force {
        warnings.push(not_in_effect(&shown, &chosen, at));
    }
    let others: Vec<&Use> = preferred_uses.iter().chain(in_force.iter()).collect();
    if let Some(w) = ambiguity(&shown, &chosen, &others) {
        warnings.push(w);
    }
    let zone = Zone {
        tz: chosen.zone.1,
        name: chosen.zone.0.to_string(),
        written: written.to_string(),
        pin: Some(Pin {
            abbreviation: written.to_string(),
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
        .find(|u| is_primary(u.zone.0))
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
                assert!(entry(z).is_some(), "{z}");
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
    fn german_names_of_the_european_zones() {
        let (zone, warnings) = by_abbreviation("MEZ", at("2026-12-24T01:00Z")).unwrap();
        assert_eq!(
            (zone.name.as_str(), zone.written.as_str()),
            ("Europe/Berlin", "MEZ")
        );
        assert_eq!(zone.pin.unwrap().offset.seconds(), 3600);
        assert!(warnings.is_empty(), "{warnings:?}");
        let (zone, _) = by_abbreviation("MESZ", at("2026-07-24T01:00Z")).unwrap();
        assert_eq!(zone.pin.unwrap().offset.seconds(), 7200);
        let (_, warnings) = by_abbreviation("MEZ", at("2026-07-24T01:00Z")).unwrap();
        assert_eq!(warnings[0].code, WarningCode::AbbreviationNotInEffect);
        assert!(
            warnings[0].message.starts_with("MEZ (CET)"),
            "{}",
            warnings[0].message
        );
    }
}
