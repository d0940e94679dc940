//! Maintenance windows, end to end: the grammar vectors, ground truth from
//! Python's zoneinfo, UTC -> zone -> UTC for every zone, and the API.
//!
//! The vectors are `tests/data/window/*.txt`, one case per line (see the
//! head of `announcements.txt` for the format).
#![cfg(feature = "window")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::{TimeZone, TimeZoneDatabase};
use proptest::prelude::*;
use sealpost::Error;
use sealpost::window::*;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/window")
        .join(rel)
}

fn ms(instant: &str) -> f64 {
    let ts: Timestamp = instant.parse().unwrap_or_else(|e| panic!("{instant}: {e}"));
    ts.as_millisecond() as f64
}

// --- Grammar vectors -----------------------------------------------------

/// What the directives of the vector file have set.
#[derive(Default)]
struct Context {
    reference_ms: f64,
    default_zone: Option<String>,
    zones: Vec<String>,
}

impl Context {
    fn directive(&mut self, line: &str) {
        let (name, value) = line.split_once(' ').unwrap_or((line, ""));
        let value = value.trim();
        match name {
            "@reference" => self.reference_ms = ms(value),
            "@default" => self.default_zone = (value != "-").then(|| value.to_string()),
            "@zones" => {
                self.zones = value
                    .split(',')
                    .map(str::trim)
                    .filter(|z| !z.is_empty())
                    .map(String::from)
                    .collect()
            }
            other => panic!("unknown directive {other}"),
        }
    }

    fn request(&self, text: &str) -> ParseRequest {
        ParseRequest {
            text: text.replace("\\n", "\n"),
            reference_ms: self.reference_ms,
            zones: self.zones.clone(),
            reader_zone: None,
            default_zone: self.default_zone.clone(),
        }
    }
}

/// Runs one case; `Err` says what differs.
fn run_case(ctx: &Context, line: &str) -> Result<(), String> {
    if let Some(rest) = line.strip_prefix("fail:") {
        let (text, code) = rest.split_once('⟶').ok_or("no ⟶")?;
        return match parse(&ctx.request(text.trim())) {
            Ok(w) => Err(format!(
                "expected {}, got {} / {}",
                code.trim(),
                w.start,
                w.end
            )),
            Err(e) if e.code() == code.trim() => Ok(()),
            Err(e) => Err(format!("expected {}, got {}: {e}", code.trim(), e.code())),
        };
    }
    let (text, expected) = line.split_once('⟶').ok_or("no ⟶")?;
    let w = parse(&ctx.request(text.trim())).map_err(|e| format!("{}: {e}", e.code()))?;
    let mut segments = expected.split('|').map(str::trim);
    check_windows(&w, segments.next().ok_or("no START/END")?)?;
    let mut warnings = BTreeSet::new();
    for segment in segments {
        let (key, value) = segment.split_once(' ').unwrap_or((segment, ""));
        match key {
            "warn" => {
                for code in value.split(',') {
                    warnings.insert(warning_code(code.trim())?);
                }
            }
            "zone" if w.source_zone != value => return Err(format!("zone {}", w.source_zone)),
            "zone" => {}
            "views" => check_views(&w, value)?,
            other => return Err(format!("unknown segment {other}")),
        }
    }
    let got: BTreeSet<WarningCode> = w.warnings.iter().map(|x| x.code).collect();
    if got != warnings {
        return Err(format!("warnings {got:?}: {:?}", w.warnings));
    }
    Ok(())
}

/// `START/END[, START/END]…`: every window, in order, the first also the
/// window's own fields.
fn check_windows(w: &Window, expected: &str) -> Result<(), String> {
    let want = expected
        .split(',')
        .map(|pair| {
            let (start, end) = pair.trim().split_once('/').ok_or("no START/END")?;
            Ok((ms(start), ms(end)))
        })
        .collect::<Result<Vec<(f64, f64)>, String>>()?;
    let got: Vec<(f64, f64)> = w.windows.iter().map(|s| (s.start_ms, s.end_ms)).collect();
    let shown = || {
        w.windows
            .iter()
            .map(|s| format!("{}/{}", s.start, s.end))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if got != want || want.first() != Some(&(w.start_ms, w.end_ms)) {
        return Err(format!("got {}", shown()));
    }
    Ok(())
}

/// A warning code as the vector file writes it (`year-from-weekday`).
fn warning_code(name: &str) -> Result<WarningCode, String> {
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StrDeserializer};
    let d: StrDeserializer<DeError> = name.into_deserializer();
    WarningCode::deserialize(d).map_err(|e| format!("warn {name}: {e}"))
}

fn check_views(w: &Window, expected: &str) -> Result<(), String> {
    let expected: Vec<&str> = expected.split(';').map(str::trim).collect();
    let got: Vec<String> = w
        .views
        .iter()
        .map(|v| format!("{} {}", v.abbreviation, v.label))
        .collect();
    if got != expected {
        return Err(format!("views {got:?}"));
    }
    Ok(())
}

/// Runs the cases of one vector file: how many, and what failed.
fn run_file(name: &str) -> (usize, Vec<String>) {
    let file = std::fs::read_to_string(data(name)).unwrap();
    let mut ctx = Context::default();
    let (mut cases, mut failures) = (0, Vec::new());
    for (n, line) in file.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('@') {
            ctx.directive(line);
            continue;
        }
        cases += 1;
        if let Err(why) = run_case(&ctx, line) {
            failures.push(format!("{name} line {}: {line}\n    {why}", n + 1));
        }
    }
    (cases, failures)
}

#[test]
fn announcements() {
    let mut files: Vec<String> = std::fs::read_dir(data(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    let (mut cases, mut failures) = (0, Vec::new());
    for name in &files {
        let (n, f) = run_file(name);
        assert!(n > 0, "{name} has no cases");
        cases += n;
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases >= 230, "only {cases} cases");
}

#[path = "window/truth.rs"]
mod truth;

/// jiff's own bundled database: the same IANA release, read whole by
/// jiff's code, to compare Sealpost's compiled zones with.
fn db() -> &'static TimeZoneDatabase {
    static DB: std::sync::OnceLock<TimeZoneDatabase> = std::sync::OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// A zone as Sealpost has it (its compiled database, from 1970 on).
fn ours(zone: &str) -> Rules {
    time_zone(zone).unwrap_or_else(|| panic!("{zone} is not in the compiled database"))
}

// --- UTC -> zone -> UTC ----------------------------------------------------

/// 1970-01-01 (where the zone data starts) and 2100-01-01, in seconds.
const SPAN: (i64, i64) = (0, 4_102_444_800);

/// The view of an instant in a zone, read back: the RFC 3339 string with
/// its offset, and the local time less the offset, both give the instant.
fn round_trip(zone: &str, second: i64) -> Result<(), String> {
    let start = second as f64 * 1000.0;
    let views =
        convert(start, start + 3_600_000.0, &[zone.to_string()]).map_err(|e| e.to_string())?;
    let v = views.first().ok_or("no view")?;
    let back: Timestamp = v.start.parse().map_err(|e| format!("{}: {e}", v.start))?;
    let tz: TimeZone = db().get(zone).map_err(|e| e.to_string())?;
    let local = tz.to_datetime(Timestamp::from_second(second).map_err(|e| e.to_string())?);
    let again = tz
        .to_offset(back)
        .to_timestamp(local)
        .map_err(|e| e.to_string())?;
    if back.as_second() != second || again.as_second() != second {
        return Err(format!(
            "{zone} {second}: {} gives {back}, {again}",
            v.start
        ));
    }
    Ok(())
}

#[test]
fn every_zone_round_trips() {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for zone in zone_names() {
        for _ in 0..40 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let second = SPAN.0 + (x % (SPAN.1 - SPAN.0) as u64) as i64;
            round_trip(&zone, second).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn utc_to_zone_to_utc(index in 0usize..10_000, second in SPAN.0..SPAN.1) {
        let names = zone_names();
        let zone = &names[index % names.len()];
        prop_assert_eq!(round_trip(zone, second), Ok(()));
    }

    #[test]
    fn parse_never_panics(text in "\\PC{0,80}") {
        let _ = parse(&ParseRequest { text, reference_ms: 1_780_272_000_000.0, ..Default::default() });
    }

    #[test]
    fn read_fragment_never_panics(fragment in "#?[wztv=&%0-9A-Za-z/:,._~-]{0,60}") {
        let _ = read_fragment(&fragment);
    }
}

// --- The API -------------------------------------------------------------

const JUNE_1: f64 = 1_780_272_000_000.0; // 2026-06-01T00:00:00Z

fn request(text: &str) -> ParseRequest {
    ParseRequest {
        text: text.into(),
        reference_ms: JUNE_1,
        ..Default::default()
    }
}

#[test]
fn window_carries_everything_the_page_shows() {
    let mut req = request("On 24 July between 01:00 and 13:00 UTC we will be moving server NC018");
    req.reader_zone = Some("Asia/Tokyo".into());
    let w = parse(&req).unwrap();
    assert_eq!(
        (w.start.as_str(), w.end.as_str()),
        ("2026-07-24T01:00:00Z", "2026-07-24T13:00:00Z")
    );
    assert_eq!(
        (w.duration_minutes, w.duration_text.as_str()),
        (720.0, "12 h")
    );
    assert_eq!(
        (w.source_zone.as_str(), w.source_abbreviation.as_str()),
        ("UTC", "UTC")
    );
    assert_eq!(w.tzdb, "2026f");
    assert_eq!(w.text, req.text);
    let reader = w.reader.unwrap();
    assert_eq!(
        (reader.abbreviation.as_str(), reader.label.as_str()),
        ("JST", "24 July, 10:00-22:00")
    );
    assert_eq!(w.fields.date, "2026-07-24");
    assert_eq!(
        (w.fields.start.as_str(), w.fields.end.as_str()),
        ("01:00", "13:00")
    );
}

#[test]
fn fields_reopen_the_same_window() {
    for text in [
        "PDT: 23-24 July, 18:00-06:00",
        "from 23 July 22:00 to 25 July 06:00 CEST",
        "1 November 2026 01:30-03:00 EST",
        "Sat 17 Oct, 21:00 UTC, for 90 minutes",
        "24 July 13:00 UTC+05:30 for an hour",
    ] {
        let w = parse(&request(text)).unwrap();
        let f = &w.fields;
        let again = from_fields(&FieldsRequest {
            date: f.date.clone(),
            start: f.start.clone(),
            end: Some(f.end.clone()),
            duration_minutes: Some(f.duration_minutes),
            zone: f.zone.clone(),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (again.start_ms, again.end_ms),
            (w.start_ms, w.end_ms),
            "{text}: {f:?}"
        );
    }
}

#[test]
fn link_reopens_the_same_window() {
    let w = parse(&request(
        "On 24 July between 01:00 and 13:00 UTC, NC018 & co.",
    ))
    .unwrap();
    let link = LinkRequest {
        start_ms: Some(w.start_ms),
        end_ms: Some(w.end_ms),
        zone: w.source_zone.clone(),
        text: w.text.clone(),
        zones: vec!["America/Vancouver".into(), "Africa/Lusaka".into()],
        windows: Vec::new(),
    };
    let fragment = share_fragment(&link).unwrap();
    assert!(fragment.starts_with("#w=20260724T0100Z/20260724T1300Z&z=UTC&t=On%2024%20July"));
    assert_eq!(read_fragment(&fragment).unwrap(), link);
}

#[test]
fn zone_list_and_version() {
    let names = zone_names();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
    for n in [
        "Asia/Calcutta",
        "Asia/Kolkata",
        "Europe/Kiev",
        "Europe/Kyiv",
        "UTC",
        "America/Vancouver",
    ] {
        assert!(names.iter().any(|x| x == n), "{n}");
    }
    assert_eq!(tzdb_version(), "2026f");
}

#[test]
fn input_too_large() {
    let text = format!(
        "On 24 July between 01:00 and 13:00 UTC {}",
        "x".repeat(MAX_TEXT_BYTES)
    );
    assert_eq!(
        parse(&request(&text)).unwrap_err().code(),
        "input-too-large"
    );
    let huge = "24 July 01:00-13:00 UTC ".repeat(40_000); // under 1 MiB, many times
    assert!(parse(&request(&huge)).is_ok());
}

/// One case for each error of the window module, and what it quotes.
#[test]
fn every_error_code() {
    let parse_err = |text: &str| parse(&request(text)).unwrap_err();
    let cases: Vec<(Error, &str, &str)> = vec![
        (
            parse_err("NC018 moves soon, at 21:00 UTC"),
            "no-date",
            "\u{201c}21:00\u{201d}",
        ),
        (
            parse_err("On 24 July we move"),
            "no-time",
            "\u{201c}24 July\u{201d}",
        ),
        (
            parse_err("On 24 July at 21:00 UTC we move"),
            "no-end-time",
            "\u{201c}21:00\u{201d}",
        ),
        (
            parse_err("24 July 13:00-14:00 XYZT"),
            "unknown-time-zone",
            "\u{201c}XYZT\u{201d}",
        ),
        (
            parse_err("On 24 July from 10:00 to 12:00"),
            "unknown-time-zone",
            "does not say which time zone",
        ),
        (
            parse_err("Monday 03/04/2026 15:00-16:00 UTC"),
            "ambiguous-date",
            "3 April 2026 nor 4 March 2026",
        ),
        (
            parse_err("from 24 July 10:00 to 23 July 09:00 UTC"),
            "end-before-start",
            "\u{201c}24 July",
        ),
        (
            parse_err("from 1 July 10:00 to 20 July 10:00 UTC"),
            "window-too-long",
            "19 d",
        ),
        (
            parse_err("31 February 10:00-11:00 UTC"),
            "invalid-date-time",
            "\u{201c}31 February\u{201d}",
        ),
        (
            read_fragment("#w=garbage&z=UTC").unwrap_err(),
            "invalid-link",
            "\u{201c}garbage\u{201d}",
        ),
        (
            parse(&ParseRequest {
                reference_ms: f64::NAN,
                ..request("x")
            })
            .unwrap_err(),
            "invalid-argument",
            "referenceMs",
        ),
    ];
    for (err, code, quoted) in cases {
        assert_eq!(err.code(), code, "{err}");
        assert!(err.to_string().contains(quoted), "{code}: {err}");
        assert!(Error::CODES.contains(&err.code()));
    }
}

#[test]
fn requests_deny_unknown_and_snake_case_fields() {
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, MapDeserializer};
    let read = |pairs: Vec<(&'static str, &'static str)>| {
        let map = MapDeserializer::<_, DeError>::new(
            pairs.into_iter().map(|(k, v)| (k, v.into_deserializer())),
        );
        FieldsRequest::deserialize(map)
    };
    let ok = vec![("date", "2026-07-24"), ("start", "01:00"), ("zone", "UTC")];
    let req = read(ok.clone()).unwrap();
    assert_eq!(
        (req.end, req.duration_minutes, req.zones.len()),
        (None, None, 0)
    );
    for bad in [("bogus", "1"), ("reader_zone", "UTC")] {
        let mut pairs = ok.clone();
        pairs.push(bad);
        let err = read(pairs).unwrap_err().to_string();
        assert!(err.contains("unknown field"), "{err}");
    }
}

/// The warnings and errors say what was assumed in words a reader can act
/// on, not in the rules' names.
#[test]
fn words_for_people() {
    let message = |text: &str, code: WarningCode| {
        let w = parse(&request(text)).unwrap_or_else(|e| panic!("{text}: {e}"));
        w.warnings
            .iter()
            .find(|x| x.code == code)
            .map(|x| x.message.clone())
            .unwrap_or_else(|| panic!("{text}: no {code:?} in {:?}", w.warnings))
    };
    assert_eq!(
        message(
            "24 July 2027 01:00-13:00 UTC is fine; 24 July 01:00-13:00 UTC",
            WarningCode::YearAssumed
        ),
        "Assumed 2026: the next 24 July after today (1 June 2026)."
    );
    assert_eq!(
        message("On 1 May 10:00-11:00 UTC", WarningCode::YearAssumed),
        "Assumed 2027: the next 1 May after today (1 June 2026)."
    );
    let gap = message(
        "8 March 2026 02:30-04:00 America/New_York",
        WarningCode::NonexistentLocalTime,
    );
    assert!(
        gap.contains(
            "02:30 on 8 March 2026 does not exist in America/New_York: the clocks go forward"
        ),
        "{gap}"
    );
    assert!(!gap.contains("compatible"), "{gap}");
    let fold = message(
        "1 November 2026 01:30-03:00 America/New_York",
        WarningCode::AmbiguousLocalTime,
    );
    assert!(
        fold.contains("happens twice") && fold.contains("clocks go back"),
        "{fold}"
    );
    assert!(!fold.contains("compatible"), "{fold}");
    let renamed = message(
        "24 July 09:00-10:00 Asia/Calcutta",
        WarningCode::ZoneRenamed,
    );
    assert!(
        renamed.contains("Asia/Calcutta is an old name of Asia/Kolkata"),
        "{renamed}"
    );
    let order = message(
        "05/06/2027 10:00-11:00 America/New_York",
        WarningCode::NumericDateOrder,
    );
    assert!(
        order.contains("6 May 2027") && order.contains("5 June 2027"),
        "{order}"
    );
    let several = message(
        "24 July 01:00-03:00 and 22:00-23:00 UTC",
        WarningCode::SeveralWindows,
    );
    assert!(
        several.ends_with(
            "2 windows, each shown: 24 July, 01:00-03:00 UTC; 24 July, 22:00-23:00 UTC."
        ),
        "{several}"
    );

    let err = parse(&request("8 March 2026 02:00-03:00 America/New_York")).unwrap_err();
    assert_eq!(err.code(), "invalid-date-time");
    let text = err.to_string();
    assert!(
        text.contains("the clocks in America/New_York go forward from 02:00 to 03:00"),
        "{text}"
    );
    assert!(!text.contains("ends before it starts"), "{text}");
    let err = parse(&request("On 24 July from 10:00 to 12:00"))
        .unwrap_err()
        .to_string();
    assert!(!err.contains("default zone"), "{err}");
    assert!(err.contains("13:00 UTC"), "{err}");
    let err = parse(&request("On 24 July at 21:00 UTC"))
        .unwrap_err()
        .to_string();
    assert!(!err.contains("No time of day was found"), "{err}");
}

#[test]
fn a_relative_date_says_which_day_it_took() {
    let w = parse(&ParseRequest {
        text: "Maintenance tomorrow from 02:00 to 04:00 CET".into(),
        reference_ms: ms("2026-03-13T12:00Z"),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(w.start, "2026-03-14T01:00:00Z");
    let m = &w
        .warnings
        .iter()
        .find(|x| x.code == WarningCode::RelativeDate)
        .unwrap()
        .message;
    assert!(
        m.starts_with("\u{201c}tomorrow\u{201d} was read as Saturday 14 March 2026"),
        "{m}"
    );
}

#[test]
fn several_windows_each_have_views_and_fields() {
    let mut req = request("Window 1: 24 July 01:00-03:00 UTC\nWindow 2: 26 July 01:00-03:00 UTC");
    req.zones = vec!["America/Vancouver".into(), "Asia/Calcutta".into()];
    req.reader_zone = Some("Asia/Tokyo".into());
    let w = parse(&req).unwrap();
    assert_eq!(w.windows.len(), 2);
    let labels: Vec<&str> = w
        .windows
        .iter()
        .map(|s| s.views[0].label.as_str())
        .collect();
    assert_eq!(labels, ["23 July, 18:00-20:00", "25 July, 18:00-20:00"]);
    assert_eq!(w.windows[1].views[1].zone, "Asia/Kolkata");
    assert_eq!(w.windows[1].fields.date, "2026-07-26");
    assert_eq!(
        w.windows[1].reader.as_ref().map(|r| r.label.as_str()),
        Some("26 July, 10:00-12:00")
    );
    // The window's own fields are the first window's.
    assert_eq!(
        (w.start_ms, w.end_ms),
        (w.windows[0].start_ms, w.windows[0].end_ms)
    );
    assert_eq!(w.views, w.windows[0].views);
    let one = parse(&request("24 July 01:00-03:00 UTC")).unwrap();
    assert_eq!(one.windows.len(), 1);
    assert!(
        one.warnings
            .iter()
            .all(|x| x.code != WarningCode::SeveralWindows)
    );
}
