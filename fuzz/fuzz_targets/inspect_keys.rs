//! `pgp::inspect_keys` of any bytes: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// 2026-11-29T12:00:00Z, the tests' fixed "now".
const NOW_MS: f64 = 1_795_953_600_000.0;

fuzz_target!(|data: &[u8]| {
    if let Ok(keys) = sealpost::pgp::inspect_keys(data, NOW_MS) {
        assert!(!keys.is_empty(), "Ok with no key");
    }
});
