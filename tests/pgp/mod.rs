//! Integration tests of `sealpost::pgp`: vector files from GnuPG, round
//! trips for every operation and key type, and the refusals.  The helpers
//! here build requests; each module holds one section.
#![cfg(feature = "pgp")]

mod armor;
mod encrypt;
mod expiry;
mod generate;
mod gnupg;
mod inspect;
mod integrity;
mod key_management;
mod limits;
mod passwords;
mod properties;
mod s2k;
mod session_keys;
mod vectors;
mod verify;

use std::path::{Path, PathBuf};

use sealpost::Error;
use sealpost::pgp::*;
use serde_bytes::ByteBuf;

/// 2026-11-29T12:00:00Z, the fixed "now" of every test.
const NOW_MS: f64 = 1_795_953_600_000.0;
const DAY_MS: f64 = 86_400_000.0;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pgp")
}

fn read(rel: &str) -> Vec<u8> {
    let p = dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read_line(rel: &str) -> String {
    String::from_utf8(read(rel))
        .unwrap()
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

fn buf(b: impl Into<Vec<u8>>) -> ByteBuf {
    ByteBuf::from(b.into())
}

fn secret(rel: &str, passphrase: Option<&str>) -> SecretKeyInput {
    SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(read(rel)),
        passphrase: passphrase.map(String::from),
    }
}

fn encrypt_req(plaintext: &[u8]) -> EncryptRequest {
    EncryptRequest {
        plaintext: buf(plaintext),
        recipients: vec![],
        passwords: vec![],
        derived_passwords: vec![],
        signers: vec![],
        armor: true,
        profile: MessageProfile::Auto,
        filename: None,
        mode: LiteralMode::Binary,
        now_ms: NOW_MS,
    }
}

fn decrypt_req(message: &[u8]) -> DecryptRequest {
    DecryptRequest {
        message: buf(message),
        keys: vec![],
        passwords: vec![],
        derived_passwords: None,
        argon2_budget: None,
        verify_with: vec![],
        session_keys: vec![],
        reveal_session_key: false,
        now_ms: NOW_MS,
    }
}

/// A request to verify `data`: the plaintext of `signature`, or without
/// one a signed message.
fn verify_req(data: &[u8], signature: Option<&[u8]>, certs: &[&[u8]]) -> VerifyRequest {
    VerifyRequest {
        message: signature.is_none().then(|| buf(data)),
        plaintext: signature.is_some().then(|| buf(data)),
        signature: signature.map(buf),
        certs: certs.iter().map(|c| buf(*c)).collect(),
        not_before_ms: None,
        not_after_ms: None,
        now_ms: NOW_MS,
    }
}

fn sign_req(plaintext: &[u8], key: SecretKeyInput, mode: SignMode) -> SignRequest {
    SignRequest {
        plaintext: buf(plaintext),
        signers: vec![key],
        mode,
        armor: true,
        text: false,
        now_ms: NOW_MS,
    }
}

fn generate(profile: KeyProfile, uid: &str, passphrase: Option<&str>) -> GeneratedKey {
    generate_key(&GenerateRequest {
        derived_key: None,
        user_ids: vec![uid.into()],
        profile,
        passphrase: passphrase.map(String::from),
        validity_seconds: None,
        signing_only: false,
        now_ms: NOW_MS - DAY_MS,
    })
    .unwrap()
}

fn code<T: std::fmt::Debug>(r: sealpost::Result<T>) -> &'static str {
    r.expect_err("expected an error").code()
}
