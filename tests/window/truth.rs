//! Ground truth: the compiled database (build.rs) against Python's zoneinfo over the
//! PyPI tzdata release of the same IANA version (`scripts/tzdb-truth.sh`).

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::AmbiguousOffset;
use sealpost::window::*;

use super::ours;

/// Compares with the output of `scripts/tzdb_truth.py`, named by
/// `SEALPOST_TZDB_TRUTH` (see `scripts/tzdb-truth.sh`). Without it, this
/// test says it was skipped and passes.
#[test]
fn tzdb_ground_truth() {
    let Some(path) = std::env::var_os("SEALPOST_TZDB_TRUTH") else {
        println!(
            "skip: SEALPOST_TZDB_TRUTH is not set; run scripts/tzdb-truth.sh to compare with Python's zoneinfo"
        );
        return;
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy()));
    let mut truth = Truth::default();
    for line in text.lines() {
        truth.check(line);
    }
    truth.check_transitions();
    println!(
        "tzdb ground truth {}: {} zones; {} offsets, {} transitions, {} gap and {} overlap times compared; {} differences",
        tzdb_version(),
        truth.zones.len(),
        truth.offsets,
        truth.transitions.len(),
        truth.gaps,
        truth.overlaps,
        truth.differences.len()
    );
    assert!(
        truth.differences.is_empty(),
        "{} differences, the first:\n{}",
        truth.differences.len(),
        truth
            .differences
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[derive(Default)]
struct Truth {
    zones: BTreeSet<String>,
    transitions: BTreeSet<(String, i64, i32, i32, String, String)>,
    offsets: usize,
    gaps: usize,
    overlaps: usize,
    differences: Vec<String>,
}

impl Truth {
    fn differ(&mut self, what: String) {
        self.differences.push(what);
    }

    fn check(&mut self, line: &str) {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["V", v] if *v != tzdb_version() => self.differ(format!(
                "tzdata is {v}, Sealpost bundles {}",
                tzdb_version()
            )),
            ["V", _] => {}
            ["Z", zone] => {
                self.zones.insert(zone.to_string());
            }
            ["O", zone, ts, offset, abbr] => {
                self.offset(zone, ts.parse().unwrap(), offset.parse().unwrap(), abbr)
            }
            ["T", zone, ts, ob, oa, ab, aa] => {
                let t = (
                    zone.to_string(),
                    ts.parse().unwrap(),
                    ob.parse().unwrap(),
                    oa.parse().unwrap(),
                    ab.to_string(),
                    aa.to_string(),
                );
                self.transitions.insert(t);
            }
            [kind @ ("G" | "F"), zone, local, fold0, fold1] => {
                let gap = *kind == "G";
                self.local(
                    zone,
                    local,
                    fold0.parse().unwrap(),
                    fold1.parse().unwrap(),
                    gap,
                );
            }
            _ => self.differ(format!("unreadable line {line:?}")),
        }
    }

    /// Offset and abbreviation, through `convert` (and so the bundled db).
    fn offset(&mut self, zone: &str, ts: i64, offset: i32, abbr: &str) {
        self.offsets += 1;
        let start = ts as f64 * 1000.0;
        let views = convert(start, start + 60_000.0, &[zone.to_string()]);
        let want = format!(
            "{}{:02}:{:02}",
            if offset < 0 { '-' } else { '+' },
            offset.abs() / 3600,
            offset.abs() / 60 % 60
        );
        let want = if offset % 60 != 0 {
            format!("{want}:{:02}", offset.abs() % 60)
        } else {
            want
        };
        match views.as_deref() {
            Ok([v]) if v.start_offset == want && v.abbreviation == abbr => {}
            Ok([v]) => self.differ(format!(
                "{zone} at {ts}: {} {}, zoneinfo {want} {abbr}",
                v.start_offset, v.abbreviation
            )),
            other => self.differ(format!("{zone} at {ts}: {other:?}")),
        }
    }

    /// A local time in a gap or overlap: its three readings (compatible,
    /// earlier, later) against the two folds, and `from_fields` against
    /// `compatible`.
    fn local(&mut self, zone: &str, local: &str, fold0: i64, fold1: i64, gap: bool) {
        if gap {
            self.gaps += 1
        } else {
            self.overlaps += 1
        }
        let tz = ours(zone);
        let dt: DateTime = local.parse().unwrap();
        let amb = tz.to_ambiguous(dt);
        let kind_ok = matches!(
            (amb, gap),
            (AmbiguousOffset::Gap { .. }, true) | (AmbiguousOffset::Fold { .. }, false)
        );
        // Temporal's `compatible`, `earlier` and `later`, from the offsets.
        let (compatible, earlier, later) = match amb {
            AmbiguousOffset::Unambiguous { offset } => (offset, offset, offset),
            AmbiguousOffset::Gap { before, after } => (before, after, before),
            AmbiguousOffset::Fold { before, after } => (before, before, after),
        };
        let secs = |o: jiff::tz::Offset| {
            o.to_timestamp(dt)
                .map(|t| t.as_second())
                .unwrap_or(i64::MIN)
        };
        let got = (secs(compatible), secs(earlier), secs(later));
        if tz.to_timestamp(dt).map(|t| t.as_second()).ok() != Some(got.0) {
            self.differ(format!("{zone} {local}: to_timestamp is not compatible's"));
        }
        // Temporal: gap -> compatible = later = fold 0, earlier = fold 1;
        // overlap -> compatible = earlier = fold 0, later = fold 1.
        let want = if gap {
            (fold0, fold1, fold0)
        } else {
            (fold0, fold0, fold1)
        };
        if !kind_ok || got != want {
            self.differ(format!(
                "{zone} {local}: ours {amb:?} {got:?}, zoneinfo {want:?}"
            ));
        }
        let (date, time) = local.split_once('T').unwrap();
        let fields = FieldsRequest {
            date: date.into(),
            start: time.into(),
            duration_minutes: Some(60.0),
            zone: zone.into(),
            ..Default::default()
        };
        let code = if gap {
            WarningCode::NonexistentLocalTime
        } else {
            WarningCode::AmbiguousLocalTime
        };
        match from_fields(&fields) {
            Ok(w)
                if w.start_ms == fold0 as f64 * 1000.0
                    && w.warnings.iter().any(|x| x.code == code) => {}
            Ok(w) => self.differ(format!(
                "{zone} {local}: from_fields {} {:?}, zoneinfo {fold0}",
                w.start, w.warnings
            )),
            Err(e) => self.differ(format!("{zone} {local}: from_fields {e}")),
        }
    }

    /// The changes Sealpost's zones have in 1970-2037, where offset or
    /// abbreviation changes, against zoneinfo's; and the zone list.
    fn check_transitions(&mut self) {
        let names: BTreeSet<String> = zone_names().into_iter().collect();
        if names != self.zones {
            let missing: Vec<_> = self.zones.difference(&names).collect();
            let extra: Vec<_> = names.difference(&self.zones).collect();
            self.differ(format!(
                "zone lists differ: not bundled {missing:?}, not in tzdata {extra:?}"
            ));
        }
        let (start, end) = (
            Timestamp::from_second(0).unwrap(),
            "2038-01-01T00:00Z".parse::<Timestamp>().unwrap(),
        );
        let mut ours = BTreeSet::new();
        for zone in &self.zones {
            let Some(tz) = time_zone(zone) else { continue };
            let from = start
                .checked_sub(jiff::SignedDuration::from_secs(1))
                .unwrap();
            for t in tz.following(from).take_while(|t| t.timestamp() < end) {
                let ts = t.timestamp();
                let before =
                    tz.to_offset_info(ts.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap());
                let (ob, ab) = (before.offset().seconds(), before.abbreviation().to_string());
                let (oa, aa) = (t.offset().seconds(), t.abbreviation().to_string());
                if (ob, &ab) != (oa, &aa) {
                    ours.insert((zone.clone(), ts.as_second(), ob, oa, ab, aa));
                }
            }
        }
        for t in ours.symmetric_difference(&self.transitions).take(30) {
            let side = if ours.contains(t) {
                "Sealpost only"
            } else {
                "zoneinfo only"
            };
            self.differences.push(format!("transition {side}: {t:?}"));
        }
    }
}
