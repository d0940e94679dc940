//! `mail::read_headers` of any bytes: never a panic, and a result keeps
//! its own promises (the first hop has no delay, limits hold, the
//! summary has its sentences).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sealpost::mail::{HeadersRequest, MAX_HOPS, read_headers};

fuzz_target!(|data: &[u8]| {
    let Ok(h) = read_headers(&HeadersRequest { message: data.to_vec().into() }) else {
        return;
    };
    assert!(h.hops.len() <= MAX_HOPS);
    assert!(h.hops.first().is_none_or(|hop| hop.delay_seconds.is_none()));
    assert!(h.summary.slowest_hop.is_none_or(|i| i < h.hops.len()));
    assert_eq!(h.summary.checks.len(), 3);
    assert!(h.summary.sentences.iter().all(|s| !s.is_empty()));
    for r in &h.authentication {
        assert!(!r.method.is_empty() && !r.result.is_empty());
    }
});
