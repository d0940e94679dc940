//! `window::parse` of any text, at a fixed reference instant and with a
//! fixed set of zones: never a panic, and an `Ok` is a real window.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sealpost::window::{MAX_WINDOW_DAYS, ParseRequest, parse};

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
        assert!(w.start_ms < w.end_ms, "{} .. {}", w.start, w.end);
        assert!(w.end_ms - w.start_ms <= (MAX_WINDOW_DAYS * 86_400_000) as f64);
        assert_eq!(w.views.len(), ZONES.len());
        assert!(w.reader.is_some());
    }
});
