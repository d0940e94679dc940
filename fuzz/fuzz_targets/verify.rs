//! `pgp::verify` of any bytes: never a panic, and never a good signature
//! from a key that was not given.
//!
//! The first byte picks the mode: even, the rest is an inline or
//! cleartext signed message; odd, the rest is a detached signature over
//! the fixed `hello.txt`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sealpost::pgp::{VerifyRequest, verify};
use serde_bytes::ByteBuf;

/// 2026-11-29T12:00:00Z, the tests' fixed "now".
const NOW_MS: f64 = 1_795_953_600_000.0;
const ALICE_PUB: &[u8] = include_bytes!("../../tests/data/pgp/keys/alice_cv25519_pub.asc");
const CAROL_PUB: &[u8] = include_bytes!("../../tests/data/pgp/keys/carol_rsa3072_pub.asc");
const HELLO: &[u8] = include_bytes!("../../tests/data/pgp/messages/hello.txt");
/// The only certificates a good signature can come from.
const SIGNERS: [&str; 2] = [
    "A64FA0C5FF805D462F7D006EF7D00512CCD0B85B",
    "2461920A81737DC4557E59FFA41C917802FFCDA8",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (data, signature) = if mode & 1 == 1 {
        (HELLO, Some(ByteBuf::from(rest)))
    } else {
        (rest, None)
    };
    let req = VerifyRequest {
        message: signature.is_none().then(|| ByteBuf::from(data)),
        plaintext: signature.is_some().then(|| ByteBuf::from(data)),
        signature: signature.clone(),
        certs: vec![ByteBuf::from(ALICE_PUB), ByteBuf::from(CAROL_PUB)],
        not_before_ms: None,
        not_after_ms: None,
        now_ms: NOW_MS,
    };
    if let Ok(v) = verify(&req) {
        assert_eq!(v.good, v.verifications.iter().any(|s| s.status == "good"));
        for s in v.verifications.iter().filter(|s| s.status == "good") {
            let fpr = s.signer_fingerprint_hex.as_deref().unwrap_or("");
            assert!(SIGNERS.contains(&fpr), "good signature from {fpr}");
        }
        if signature.is_some() {
            assert!(v.plaintext.is_none());
        }
    }
});
