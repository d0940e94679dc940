//! A zone's rules, read straight from its compiled record: the offset,
//! abbreviation and DST flag in force at each instant, the changes between
//! them, and the instants a local time names (none in a gap, two in a fold).
//!
//! A record lists its changes from 1969 on, then a POSIX rule for every
//! year after the last of them; jiff reads that rule. The changes
//! themselves are looked up here, so no TZif file is written or parsed
//! (jiff's parser checksums each file it reads, and its CRC-32 tables alone
//! were an eighth of the window module).

use std::borrow::Cow;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, Dst, Offset, TimeZone};

use super::compiled::Record;
use super::text::utc_offset_name;

/// The rules of a zone: a fixed offset, or a zone of the bundled database.
#[derive(Debug, Clone, Copy)]
pub enum Rules {
    /// The same offset at every instant (`UTC`, `UTC+05:30`).
    Fixed(Offset),
    /// A zone of the bundled database.
    Zone(&'static Table),
}

/// A zone of the bundled database, read from its record.
#[derive(Debug)]
pub struct Table {
    /// Offset, DST flag and abbreviation of each type; type 0 is in force
    /// before the first change.
    types: Vec<(Offset, bool, &'static str)>,
    /// When each change happens, in seconds since 1970, ascending.
    times: Vec<i64>,
    /// The type each change starts.
    starts: &'static [u8],
    /// The rule after the last change; `None` when the record has none, and
    /// the last type stays in force.
    rule: Option<TimeZone>,
}

/// What a zone keeps at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    offset: Offset,
    dst: bool,
    abbreviation: Cow<'static, str>,
}

impl Kept {
    /// What a POSIX rule keeps, as jiff gives it.
    fn of(offset: Offset, dst: Dst, abbreviation: &str) -> Kept {
        Kept {
            offset,
            dst: dst.is_dst(),
            abbreviation: Cow::Owned(abbreviation.to_string()),
        }
    }

    /// The offset from UTC.
    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// Whether it is summer (daylight saving) time.
    pub fn dst(&self) -> Dst {
        Dst::from(self.dst)
    }

    /// The abbreviation, such as `PDT` or `+0530`.
    pub fn abbreviation(&self) -> &str {
        &self.abbreviation
    }
}

/// A change of what a zone keeps, and what it keeps from then on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    at: Timestamp,
    kept: Kept,
}

impl Change {
    /// The first instant of the change.
    pub fn timestamp(&self) -> Timestamp {
        self.at
    }

    /// The offset from then on.
    pub fn offset(&self) -> Offset {
        self.kept.offset
    }

    /// The abbreviation from then on.
    pub fn abbreviation(&self) -> &str {
        self.kept.abbreviation()
    }
}

/// Every offset is within a day of UTC (jiff's limit is 25:59:59), so a
/// local time names instants within this far of it read as UTC.
const NEAR: i64 = 2 * 86_400;

impl Table {
    /// Reads a record; `None` if it is cut or its rule does not read.
    pub(crate) fn read(record: Record) -> Option<Table> {
        let parts = record.parts()?;
        let types = parts
            .types
            .iter()
            .map(|&(offset, dst, index)| {
                let text = parts.designations.get(usize::from(index)..)?;
                let end = text.iter().position(|&b| b == 0)?;
                let abbreviation = std::str::from_utf8(text.get(..end)?).ok()?;
                Some((Offset::from_seconds(offset).ok()?, dst != 0, abbreviation))
            })
            .collect::<Option<Vec<_>>>()?;
        if types.is_empty()
            || parts.starts.len() != parts.times.len()
            || parts.starts.iter().any(|&s| usize::from(s) >= types.len())
        {
            return None;
        }
        let rule = match std::str::from_utf8(parts.footer).ok()? {
            "" => None,
            text => Some(TimeZone::posix(text).ok()?),
        };
        Some(Table {
            types,
            times: parts.times,
            starts: parts.starts,
            rule,
        })
    }

    fn of_type(&self, index: usize) -> Kept {
        // `read` checked that every index names a type.
        let (offset, dst, abbreviation) =
            self.types
                .get(index)
                .copied()
                .unwrap_or((Offset::UTC, false, "UTC"));
        Kept {
            offset,
            dst,
            abbreviation: Cow::Borrowed(abbreviation),
        }
    }

    /// The type started by change `i`.
    fn started(&self, i: usize) -> Kept {
        self.of_type(self.starts.get(i).map_or(0, |&s| usize::from(s)))
    }

    /// The rule's instants come after every change of the table.
    fn after_table(&self, at: Timestamp) -> bool {
        self.times.last().is_none_or(|&last| at.as_second() > last)
    }

    fn kept(&self, at: Timestamp) -> Kept {
        if let Some(rule) = &self.rule
            && self.after_table(at)
        {
            let info = rule.to_offset_info(at);
            return Kept::of(info.offset(), info.dst(), info.abbreviation());
        }
        match self.times.partition_point(|&t| t <= at.as_second()) {
            0 => self.of_type(0),
            n => self.started(n - 1),
        }
    }

    fn following(&self, at: Timestamp) -> impl Iterator<Item = Change> + '_ {
        let first = self.times.partition_point(|&t| t <= at.as_second());
        let table = (first..self.times.len()).filter_map(move |i| {
            Some(Change {
                at: Timestamp::from_second(*self.times.get(i)?).ok()?,
                kept: self.started(i),
            })
        });
        // The rule's changes after the table's last, and after `at`.
        let from = match self.times.last() {
            Some(&last) if last > at.as_second() => Timestamp::from_second(last).ok(),
            _ => Some(at),
        };
        let rule = self
            .rule
            .as_ref()
            .zip(from)
            .into_iter()
            .flat_map(|(rule, from)| rule.following(from))
            .map(|t| Change {
                at: t.timestamp(),
                kept: Kept::of(t.offset(), t.dst(), t.abbreviation()),
            });
        table.chain(rule)
    }

    fn preceding(&self, at: Timestamp) -> impl Iterator<Item = Change> + '_ {
        let last = self.times.last().copied();
        let rule = self
            .rule
            .as_ref()
            .filter(|_| self.after_table(at))
            .into_iter()
            .flat_map(move |rule| rule.preceding(at))
            .take_while(move |t| last.is_none_or(|last| t.timestamp().as_second() > last))
            .map(|t| Change {
                at: t.timestamp(),
                kept: Kept::of(t.offset(), t.dst(), t.abbreviation()),
            });
        let end = self.times.partition_point(|&t| t < at.as_second());
        let table = (0..end).rev().filter_map(move |i| {
            Some(Change {
                at: Timestamp::from_second(*self.times.get(i)?).ok()?,
                kept: self.started(i),
            })
        });
        rule.chain(table)
    }
}

impl Rules {
    /// UTC.
    pub const UTC: Rules = Rules::Fixed(Offset::UTC);

    /// Whether these are a fixed offset, with no abbreviation of their own.
    pub(crate) fn is_fixed(&self) -> bool {
        matches!(self, Rules::Fixed(_))
    }

    /// What the zone keeps at `at`.
    pub fn to_offset_info(&self, at: Timestamp) -> Kept {
        match self {
            Rules::Fixed(offset) => Kept {
                offset: *offset,
                dst: false,
                abbreviation: match offset.seconds() {
                    0 => Cow::Borrowed("UTC"),
                    _ => Cow::Owned(utc_offset_name(*offset)),
                },
            },
            Rules::Zone(table) => table.kept(at),
        }
    }

    /// The offset from UTC at `at`.
    pub fn to_offset(&self, at: Timestamp) -> Offset {
        match self {
            Rules::Fixed(offset) => *offset,
            Rules::Zone(table) => table.kept(at).offset,
        }
    }

    /// The local time at `at`.
    pub fn to_datetime(&self, at: Timestamp) -> DateTime {
        self.to_offset(at).to_datetime(at)
    }

    /// The changes after `at` (not at it), in order.
    pub fn following(&self, at: Timestamp) -> Box<dyn Iterator<Item = Change> + '_> {
        match self {
            Rules::Fixed(_) => Box::new(std::iter::empty()),
            Rules::Zone(table) => Box::new(table.following(at)),
        }
    }

    /// The changes before `at` (not at it), latest first.
    pub fn preceding(&self, at: Timestamp) -> Box<dyn Iterator<Item = Change> + '_> {
        match self {
            Rules::Fixed(_) => Box::new(std::iter::empty()),
            Rules::Zone(table) => Box::new(table.preceding(at)),
        }
    }

    /// The offsets that the local time `dt` can be read at: one; or none,
    /// as the clocks jumped over it (a gap, with the offsets either side);
    /// or two, as they went back over it (a fold).
    pub fn to_ambiguous(&self, dt: DateTime) -> AmbiguousOffset {
        let Rules::Zone(_) = self else {
            return AmbiguousOffset::Unambiguous {
                offset: self.to_offset(Timestamp::UNIX_EPOCH),
            };
        };
        let naive = Offset::UTC
            .to_timestamp(dt)
            .map_or(0, |t| t.as_second())
            .clamp(
                Timestamp::MIN.as_second() + NEAR,
                Timestamp::MAX.as_second() - NEAR,
            );
        let at = |s: i64| Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH);
        let (lo, hi) = (at(naive - NEAR), at(naive + NEAR));
        let mut before = self.to_offset(lo);
        let mut offsets = vec![before];
        for change in self.following(lo).take_while(|c| c.at <= hi) {
            let after = change.offset();
            // The local times between the change read at the old offset
            // and at the new one are skipped, or happen twice.
            let (old, new) = (before.to_datetime(change.at), after.to_datetime(change.at));
            if old <= dt && dt < new {
                return AmbiguousOffset::Gap { before, after };
            }
            if new <= dt && dt < old {
                return AmbiguousOffset::Fold { before, after };
            }
            offsets.push(after);
            before = after;
        }
        // Of the offsets in force near it, the one that reads it back.
        let offset = offsets
            .iter()
            .copied()
            .find(|&o| o.to_timestamp(dt).is_ok_and(|t| self.to_offset(t) == o))
            .unwrap_or(before);
        AmbiguousOffset::Unambiguous { offset }
    }

    /// The instant of the local time `dt`: in a gap, read at the offset
    /// before it (so as far on as the clocks jumped); in a fold, the
    /// first. (TC39 Temporal's `compatible`.)
    pub fn to_timestamp(&self, dt: DateTime) -> Result<Timestamp, jiff::Error> {
        compatible(self.to_ambiguous(dt)).to_timestamp(dt)
    }
}

/// The offset TC39 Temporal's `compatible` reads a local time at: the one
/// before a gap or a fold.
pub(crate) fn compatible(offset: AmbiguousOffset) -> Offset {
    match offset {
        AmbiguousOffset::Unambiguous { offset }
        | AmbiguousOffset::Gap { before: offset, .. }
        | AmbiguousOffset::Fold { before: offset, .. } => offset,
    }
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;
    use jiff::civil::date;

    use super::*;
    use crate::window::compiled::{LINKS, NAMES};

    /// The record of each name, in the order of `NAMES`.
    fn records() -> impl Iterator<Item = (&'static str, Record)> {
        NAMES
            .split('\n')
            .zip(LINKS)
            .map(|(name, &(record, _))| (name, Record::at(usize::from(record)).unwrap()))
    }

    fn rules(name: &str) -> Rules {
        let (_, record) = records().find(|(n, _)| *n == name).unwrap();
        Rules::Zone(Box::leak(Box::new(Table::read(record).unwrap())))
    }

    #[test]
    fn every_record_reads() {
        for (name, record) in records() {
            assert!(Table::read(record).is_some(), "{name}");
        }
    }

    #[test]
    fn a_cut_record_reads_as_nothing() {
        // Every field is counted, so a record cut anywhere is refused.
        let (_, record) = records().find(|(n, _)| *n == "America/Vancouver").unwrap();
        for end in 0..record.0.len() {
            assert!(Table::read(Record(&record.0[..end])).is_none(), "{end}");
        }
    }

    #[test]
    fn new_york_gap_and_fold() {
        let ny = rules("America/New_York");
        let (edt, est) = (
            Offset::from_hours(-4).unwrap(),
            Offset::from_hours(-5).unwrap(),
        );
        assert_eq!(
            ny.to_ambiguous(date(2026, 3, 8).at(2, 30, 0, 0)),
            AmbiguousOffset::Gap {
                before: est,
                after: edt
            }
        );
        assert_eq!(
            ny.to_ambiguous(date(2026, 11, 1).at(1, 30, 0, 0)),
            AmbiguousOffset::Fold {
                before: edt,
                after: est
            }
        );
        assert_eq!(
            ny.to_ambiguous(date(2026, 11, 1).at(2, 0, 0, 0)),
            AmbiguousOffset::Unambiguous { offset: est }
        );
        assert_eq!(
            ny.to_ambiguous(date(2026, 3, 8).at(3, 0, 0, 0)),
            AmbiguousOffset::Unambiguous { offset: edt }
        );
        // 02:30 in the gap is read as far on as the clocks jumped.
        let t = ny.to_timestamp(date(2026, 3, 8).at(2, 30, 0, 0)).unwrap();
        assert_eq!(ny.to_datetime(t), date(2026, 3, 8).at(3, 30, 0, 0));
        let t = ny.to_timestamp(date(2026, 11, 1).at(1, 30, 0, 0)).unwrap();
        assert_eq!(t.to_string(), "2026-11-01T05:30:00Z");
    }

    #[test]
    fn changes_each_way_meet() {
        let ny = rules("America/New_York");
        let at: Timestamp = "2026-06-01T00:00Z".parse().unwrap();
        let next = ny.following(at).next().unwrap();
        assert_eq!(next.timestamp().to_string(), "2026-11-01T06:00:00Z");
        assert_eq!(next.abbreviation(), "EST");
        let back = ny.preceding(next.timestamp()).next().unwrap();
        assert_eq!(back.timestamp().to_string(), "2026-03-08T07:00:00Z");
        let later = next.timestamp() + SignedDuration::from_secs(1);
        assert_eq!(ny.preceding(later).next(), Some(next));
    }

    const FROM: Timestamp = Timestamp::UNIX_EPOCH;

    /// Compares one zone with jiff's reading of its whole TZif file, at and
    /// around each change from 1970 to 2100: what a local time names, and
    /// the changes before. Returns how many local times were compared, and
    /// leaves out (in `refuted`) those where jiff's own offsets refute
    /// jiff's verdict. (jiff's own `preceding` is not compared: past a
    /// zone's last listed change it also yields its rule's changes from
    /// before that one, such as 2022-11-06 in America/Ciudad_Juarez, which
    /// that zone never had.)
    fn compare_with_jiff(name: &str, refuted: &mut Vec<String>) -> usize {
        let ours = rules(name);
        let theirs = jiff::tz::db().get(name).unwrap();
        let to = Timestamp::from_second(4_102_444_800).unwrap();
        let changes: Vec<Timestamp> = theirs
            .following(FROM)
            .map(|t| t.timestamp())
            .take_while(|t| *t < to)
            .collect();
        let mut compared = 0;
        for (i, &at) in changes.iter().enumerate() {
            let before = theirs.to_offset(at - SignedDuration::from_secs(1));
            for offset in [before, theirs.to_offset(at)] {
                for s in [-3601, -1, 0, 1, 1799, 3599, 3600] {
                    let dt = offset.to_datetime(at) + SignedDuration::from_secs(s);
                    let verdict = theirs.to_ambiguous_timestamp(dt).offset();
                    if !reads_back(&theirs, dt, verdict) {
                        refuted.push(format!("{name} {dt}: {verdict:?}"));
                        continue;
                    }
                    assert_eq!(ours.to_ambiguous(dt), verdict, "{name} {dt}");
                    compared += 1;
                }
            }
            let back: Vec<Timestamp> = ours
                .preceding(at + SignedDuration::from_secs(1))
                .map(|c| c.at)
                .take_while(|t| *t > FROM)
                .take(3)
                .collect();
            let expected: Vec<Timestamp> = changes[i.saturating_sub(2)..=i]
                .iter()
                .rev()
                .copied()
                .collect();
            assert_eq!(back, expected, "{name} {at}");
        }
        compared
    }

    #[test]
    fn local_times_and_changes_back_are_jiffs() {
        let mut refuted = Vec::new();
        let compared: usize = records()
            .map(|(name, _)| compare_with_jiff(name, &mut refuted))
            .sum();
        assert!(compared > 100_000, "{compared}");
        // The one verdict of jiff's that its own offsets refute: see below.
        assert!(!refuted.is_empty());
        for r in &refuted {
            assert!(
                (r.starts_with("America/Nuuk ") || r.starts_with("America/Godthab "))
                    && r.contains(" 2023-10-28T23:"),
                "{r}"
            );
        }
    }

    /// Nuuk's summer time of 2023 (UTC-2) became its standard time that
    /// October, with no change of offset. jiff reads the evening before by
    /// the rule that came after, as if the clocks had gone back from UTC-1
    /// then; Python's zoneinfo reads it once, at UTC-2, as we do.
    #[test]
    fn nuuk_kept_utc_minus_2_through_october_2023() {
        let nuuk = rules("America/Nuuk").to_ambiguous(date(2023, 10, 28).at(23, 30, 0, 0));
        let utc_minus_2 = Offset::from_hours(-2).unwrap();
        assert_eq!(
            nuuk,
            AmbiguousOffset::Unambiguous {
                offset: utc_minus_2
            }
        );
    }

    /// Whether jiff's verdict on a local time agrees with jiff's own offsets:
    /// each offset it names reads `dt` back, and a gap has none that does.
    fn reads_back(tz: &TimeZone, dt: DateTime, verdict: AmbiguousOffset) -> bool {
        let back = |o: Offset| o.to_timestamp(dt).is_ok_and(|t| tz.to_offset(t) == o);
        match verdict {
            AmbiguousOffset::Unambiguous { offset } => back(offset),
            AmbiguousOffset::Fold { before, after } => back(before) && back(after),
            AmbiguousOffset::Gap { before, after } => !back(before) && !back(after),
        }
    }

    #[test]
    fn fixed_offsets_never_change() {
        let plus = Rules::Fixed(Offset::from_seconds(19_800).unwrap());
        let at: Timestamp = "2026-06-01T00:00Z".parse().unwrap();
        assert_eq!(plus.following(at).count() + plus.preceding(at).count(), 0);
        assert_eq!(
            plus.to_ambiguous(date(2026, 6, 1).at(0, 0, 0, 0)),
            AmbiguousOffset::Unambiguous {
                offset: plus.to_offset(at)
            }
        );
        assert_eq!(Rules::UTC.to_offset_info(at).abbreviation(), "UTC");
    }
}
