//! `mail::read_bounce` of any bytes: never a panic, and a result keeps
//! its own promises (a bounce has a failure or delay kind, a non-bounce
//! lists no recipient, limits hold).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sealpost::mail::{BounceRequest, Category, Kind, MAX_RECIPIENTS, read_bounce};

fuzz_target!(|data: &[u8]| {
    let Ok(b) = read_bounce(&BounceRequest { message: data.to_vec().into() }) else {
        return;
    };
    assert_eq!(b.bounce, matches!(b.kind, Kind::Failure | Kind::Delay));
    assert!(b.bounce || (b.recipients.is_empty() && b.original.is_none()));
    assert!(b.recipients.len() <= MAX_RECIPIENTS);
    for r in &b.recipients {
        assert!(r.address.contains('@'), "{}", r.address);
        assert!(!r.action.is_empty() && !r.reason.is_empty());
        assert!(r.diagnostic.as_ref().is_none_or(|d| d.chars().count() <= 1001));
        // A failure report may hold delayed recipients too; a delay
        // notice holds only those.
        assert!(b.kind != Kind::Delay || r.category == Category::Delayed, "{:?}", r.category);
    }
});
