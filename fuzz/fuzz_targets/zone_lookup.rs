//! Zone names, abbreviations and offsets from any text, through every
//! public door that resolves one: `window::convert` (a zone to show),
//! `window::parse` (a zone written in the announcement, the default zone
//! and the reader's zone).  Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sealpost::window::{ParseRequest, convert, parse};

/// 2026-07-24T01:00:00Z and 13:00:00Z.
const START_MS: f64 = 1_784_854_800_000.0;
const END_MS: f64 = 1_784_898_000_000.0;
/// 2026-11-29T12:00:00Z.
const REFERENCE_MS: f64 = 1_795_953_600_000.0;

fuzz_target!(|data: &[u8]| {
    let zone = String::from_utf8_lossy(data).into_owned();
    if let Ok(views) = convert(START_MS, END_MS, std::slice::from_ref(&zone)) {
        assert_eq!(views.len(), 1);
    }
    let _ = parse(&ParseRequest {
        text: format!("01:00-02:00 24 July {zone}"),
        reference_ms: REFERENCE_MS,
        ..ParseRequest::default()
    });
    let _ = parse(&ParseRequest {
        text: "24 July 2026, 01:00 to 13:00".into(),
        reference_ms: REFERENCE_MS,
        zones: vec![zone.clone()],
        reader_zone: Some(zone.clone()),
        default_zone: Some(zone),
    });
});
