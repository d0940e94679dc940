//! `pgp::decrypt` of any bytes, armored or binary, with Alice's secret key
//! and the test password: never a panic, and never plaintext from a
//! message that is not one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sealpost::pgp::{DecryptRequest, SecretKeyInput, decrypt};
use serde_bytes::ByteBuf;

/// 2026-11-29T12:00:00Z, the tests' fixed "now".
const NOW_MS: f64 = 1_795_953_600_000.0;
const ALICE_SEC: &[u8] = include_bytes!("../../tests/data/pgp/keys/alice_cv25519_sec.asc");
const CAROL_PUB: &[u8] = include_bytes!("../../tests/data/pgp/keys/carol_rsa3072_pub.asc");
const PASSWORD: &str = "correct horse battery staple";

fuzz_target!(|data: &[u8]| {
    let req = DecryptRequest {
        message: ByteBuf::from(data),
        keys: vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: ByteBuf::from(ALICE_SEC),
            passphrase: None,
        }],
        passwords: vec![PASSWORD.into()],
        derived_passwords: None,
        argon2_budget: None,
        verify_with: vec![ByteBuf::from(CAROL_PUB)],
        session_keys: vec![],
        reveal_session_key: false,
        now_ms: NOW_MS,
    };
    if let Ok(d) = decrypt(&req) {
        // Whatever opened was integrity protected.
        assert!(d.seipd == 1 || d.seipd == 2, "seipd {}", d.seipd);
    }
});
