//! `window::parse` of any text, at a fixed reference instant and with a
//! fixed set of zones: never a panic, and an `Ok` is real windows, the
//! first of them also the result's own.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sealpost::window::{MAX_WINDOW_DAYS, MAX_WINDOWS, ParseRequest, parse};

/// 2026-11-29T12:00:00Z.
const REFERENCE_MS: f64 = 1_795_953_600_000.0;
const ZONES: [&str; 6] = [
    "UTC",
    "America/Vancouver",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
];

fuzz_target!(|data: &[u8]| {
    let req = ParseRequest {
        text: String::from_utf8_lossy(data).into_owned(),
        reference_ms: REFERENCE_MS,
        zones: ZONES.iter().map(|z| z.to_string()).collect(),
        reader_zone: Some("America/St_Johns".into()),
        default_zone: None,
    };
    if let Ok(w) = parse(&req) {
        assert!(!w.windows.is_empty() && w.windows.len() <= MAX_WINDOWS);
        assert_eq!((w.windows[0].start_ms, w.windows[0].end_ms), (w.start_ms, w.end_ms));
        for s in &w.windows {
            assert!(s.start_ms < s.end_ms, "{} .. {}", s.start, s.end);
            assert!(s.end_ms - s.start_ms <= (MAX_WINDOW_DAYS * 86_400_000) as f64);
            assert_eq!(s.views.len(), ZONES.len());
            assert!(s.reader.is_some());
        }
        assert!(w.windows.windows(2).all(|p| p[0].start_ms <= p[1].start_ms));
    }
});
