//! Signature spoofing: messages made to look signed by someone who did not
//! sign them, or to show text that was not signed.  None may come out as
//! a good signature, and whatever `verify` returns as `plaintext` next to
//! a good signature must be exactly what was signed.
//!
//! The cleartext cases are files in `tests/data/pgp/spoofing/` (see its
//! README); the packet-level ones are built here with sequoia's packet
//! API, because their signatures must be made at chosen times or claim
//! other issuers.
#![cfg(feature = "pgp")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sealpost::pgp::{
    DecryptRequest, SecretKeyInput, SignMode, SignRequest, VerifyRequest, decrypt, sign, verify,
};
use sequoia_openpgp as openpgp;
use serde_bytes::ByteBuf;

use openpgp::cert::prelude::*;
use openpgp::crypto::KeyPair;
use openpgp::packet::prelude::*;
use openpgp::packet::signature::SignatureBuilder;
use openpgp::parse::Parse;
use openpgp::policy::StandardPolicy;
use openpgp::serialize::Serialize;
use openpgp::serialize::stream::{Compressor, Encryptor, Message};
use openpgp::types::{
    CompressionAlgorithm, DataFormat, HashAlgorithm, ReasonForRevocation, SignatureType,
};
use openpgp::{Cert, KeyHandle};

/// 2026-11-29T12:00:00Z, the fixed "now" of every test.
const NOW_MS: f64 = 1_795_953_600_000.0;
const DAY: Duration = Duration::from_secs(86_400);
const SIGNED: &[u8] = b"I, Alice, owe Bob 10 EUR.\n";
const EVIL: &[u8] = b"I, Alice, owe Mallory 1000 EUR.\n";

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(NOW_MS as u64)
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pgp")
}

fn read(rel: &str) -> Vec<u8> {
    let p = dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn alice_pub() -> Vec<u8> {
    read("keys/alice_cv25519_pub.asc")
}

fn alice_sec() -> Cert {
    Cert::from_bytes(&read("keys/alice_cv25519_sec.asc")).unwrap()
}

fn signing_pair(cert: &Cert, at: SystemTime) -> KeyPair {
    let p = StandardPolicy::new();
    cert.keys()
        .with_policy(&p, at)
        .for_signing()
        .secret()
        .next()
        .expect("a signing key")
        .key()
        .clone()
        .into_keypair()
        .unwrap()
}

fn ser(p: impl Into<Packet>) -> Vec<u8> {
    let mut out = Vec::new();
    p.into().serialize(&mut out).unwrap();
    out
}

fn literal(data: &[u8]) -> Vec<u8> {
    let mut l = Literal::new(DataFormat::Binary);
    l.set_body(data.to_vec());
    ser(l)
}

/// A one-pass signature packet that names `issuer`.
fn ops(sig: &Signature, issuer: &KeyHandle) -> Vec<u8> {
    let mut o = OnePassSig3::new(sig.typ());
    o.set_hash_algo(sig.hash_algo());
    o.set_pk_algo(sig.pk_algo());
    o.set_issuer(issuer.into());
    o.set_last(true);
    ser(OnePassSig::from(o))
}

/// OPS, literal, signature: an inline-signed message, packet by packet.
fn inline(sig: &Signature, issuer: &KeyHandle, data: &[u8]) -> Vec<u8> {
    [ops(sig, issuer), literal(data), ser(sig.clone())].concat()
}

fn sig_over(pair: &mut KeyPair, b: SignatureBuilder, data: &[u8]) -> Signature {
    b.sign_message(pair, data).unwrap()
}

fn builder(at: SystemTime) -> SignatureBuilder {
    SignatureBuilder::new(SignatureType::Binary)
        .set_signature_creation_time(at)
        .unwrap()
}

/// Encrypts raw packets to Alice, as they are (no literal wrapper).
fn encrypt_to_alice(packets: &[u8]) -> Vec<u8> {
    let p = StandardPolicy::new();
    let alice = Cert::from_bytes(&alice_pub()).unwrap();
    let recipients = alice
        .keys()
        .with_policy(&p, now())
        .supported()
        .for_transport_encryption();
    let mut out = Vec::new();
    let m = Message::new(&mut out);
    let mut w = Encryptor::for_recipients(m, recipients).build().unwrap();
    w.write_all(packets).unwrap();
    w.finalize().unwrap();
    out
}

/// A fresh certificate with a signing subkey, made `age` before now.
fn fresh_cert(name: &str, age: Duration, validity: Option<Duration>) -> Cert {
    CertBuilder::new()
        .set_creation_time(now() - age)
        .add_userid(format!("{name} <{}@example.org>", name.to_lowercase()))
        .add_signing_subkey()
        .set_validity_period(validity)
        .generate()
        .unwrap()
        .0
}

// --- Running a case ----------------------------------------------------------

/// What Sealpost said about one case.
#[derive(Debug)]
enum Seen {
    Refused(&'static str),
    Checked {
        statuses: Vec<String>,
        good: bool,
        plaintext: Option<Vec<u8>>,
    },
}

impl Seen {
    fn good(&self) -> bool {
        matches!(self, Seen::Checked { good: true, .. })
    }

    fn show(&self) -> String {
        match self {
            Seen::Refused(code) => format!("error {code}"),
            Seen::Checked { statuses, good, .. } => format!("{statuses:?}, good = {good}"),
        }
    }
}

fn verify_with(data: &[u8], signature: Option<&[u8]>, certs: &[Vec<u8>]) -> Seen {
    let r = verify(&VerifyRequest {
        message: signature.is_none().then(|| ByteBuf::from(data)),
        plaintext: signature.is_some().then(|| ByteBuf::from(data)),
        signature: signature.map(ByteBuf::from),
        certs: certs.iter().map(|c| ByteBuf::from(c.clone())).collect(),
        not_before_ms: None,
        not_after_ms: None,
        now_ms: NOW_MS,
    });
    match r {
        Err(e) => Seen::Refused(e.code()),
        Ok(v) => {
            assert_eq!(v.good, v.verifications.iter().any(|s| s.status == "good"));
            Seen::Checked {
                statuses: v.verifications.into_iter().map(|s| s.status).collect(),
                good: v.good,
                plaintext: v.plaintext,
            }
        }
    }
}

/// Decrypts with Alice's key, checking signatures with `certs`.
fn decrypt_with(message: &[u8], certs: &[Vec<u8>]) -> Seen {
    let r = decrypt(&DecryptRequest {
        message: ByteBuf::from(message),
        keys: vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: ByteBuf::from(read("keys/alice_cv25519_sec.asc")),
            passphrase: None,
        }],
        passwords: vec![],
        derived_passwords: None,
        argon2_budget: None,
        verify_with: certs.iter().map(|c| ByteBuf::from(c.clone())).collect(),
        session_keys: vec![],
        reveal_session_key: false,
        now_ms: NOW_MS,
    });
    match r {
        Err(e) => Seen::Refused(e.code()),
        Ok(d) => {
            let good = d.verifications.iter().any(|s| s.status == "good");
            Seen::Checked {
                statuses: d.verifications.into_iter().map(|s| s.status).collect(),
                good,
                plaintext: Some(d.plaintext),
            }
        }
    }
}

/// The case must not come out good.
fn not_good(name: &str, seen: Seen) -> Seen {
    eprintln!("spoofing: {name:48} {}", seen.show());
    assert!(!seen.good(), "{name}: reported good: {seen:?}");
    seen
}

/// The case may come out good, but then only with exactly `signed` as
/// its plaintext (text outside the signature is dropped, not shown).
fn only_signed(name: &str, seen: Seen, signed: &[u8]) -> Seen {
    eprintln!("spoofing: {name:48} {}", seen.show());
    if let Seen::Checked {
        good: true,
        plaintext,
        ..
    } = &seen
    {
        assert_eq!(
            plaintext.as_deref(),
            Some(signed),
            "{name}: good, but with other plaintext than was signed"
        );
    }
    seen
}

fn status_of(seen: &Seen) -> Option<&str> {
    match seen {
        Seen::Checked { statuses, .. } => statuses.first().map(String::as_str),
        Seen::Refused(_) => None,
    }
}

// --- Someone else's signature (OpenPGP.js CVE-2025-47934 shapes) -------------

/// Mallory signs, and both the one-pass signature and the signature's
/// issuer subpackets name Alice's signing key.
fn mallory_claiming_alice(data: &[u8]) -> Vec<u8> {
    let mallory = fresh_cert("Mallory", 10 * DAY, None);
    let alice = alice_sec();
    let alice_key = signing_pair(&alice, now()).public().clone();
    let mut pair = signing_pair(&mallory, now());
    let b = builder(now() - DAY)
        .set_issuer(alice_key.keyid())
        .unwrap()
        .set_issuer_fingerprint(alice_key.fingerprint())
        .unwrap();
    let sig = sig_over(&mut pair, b, data);
    inline(&sig, &alice_key.key_handle(), data)
}

/// Alice's genuine inline signature over `SIGNED`.
fn alice_signed() -> (Signature, KeyHandle) {
    let alice = alice_sec();
    let mut pair = signing_pair(&alice, now());
    let issuer = pair.public().key_handle();
    (sig_over(&mut pair, builder(now() - DAY), SIGNED), issuer)
}

#[test]
fn a_signature_by_someone_else_claiming_alice_is_not_good() {
    let msg = mallory_claiming_alice(SIGNED);
    let seen = not_good(
        "inline, Mallory's signature naming Alice",
        verify_with(&msg, None, &[alice_pub()]),
    );
    assert_eq!(status_of(&seen), Some("bad"));
    let seen = not_good(
        "encrypted, Mallory's signature naming Alice",
        decrypt_with(&encrypt_to_alice(&msg), &[alice_pub()]),
    );
    assert_eq!(status_of(&seen), Some("bad"));
}

#[test]
fn literal_data_outside_the_signature_is_never_shown_as_signed() {
    let (sig, issuer) = alice_signed();
    let genuine = inline(&sig, &issuer, SIGNED);
    // The genuine message verifies: the cases below differ only by the trick.
    let ok = verify_with(&genuine, None, &[alice_pub()]);
    assert!(ok.good(), "{ok:?}");

    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "extra literal after the signed message",
            [genuine.clone(), literal(EVIL)].concat(),
        ),
        (
            "extra literal before the signed message",
            [literal(EVIL), genuine.clone()].concat(),
        ),
        (
            "two literals inside the one-pass signature",
            [
                ops(&sig, &issuer),
                literal(EVIL),
                literal(SIGNED),
                ser(sig.clone()),
            ]
            .concat(),
        ),
        (
            "literal swapped: signature over other data",
            inline(&sig, &issuer, EVIL),
        ),
        (
            "signature first (no OPS), then other literal",
            [ser(sig.clone()), literal(EVIL)].concat(),
        ),
        ("compressed signed message, then a literal", {
            let mut out = Vec::new();
            let m = Message::new(&mut out);
            let mut w = Compressor::new(m)
                .algo(CompressionAlgorithm::Zip)
                .build()
                .unwrap();
            w.write_all(&genuine).unwrap();
            w.finalize().unwrap();
            [out, literal(EVIL)].concat()
        }),
    ];
    for (name, packets) in cases {
        let inline = verify_with(&packets, None, &[alice_pub()]);
        let seen = only_signed(&format!("inline, {name}"), inline, SIGNED);
        if name.starts_with("literal swapped") || name.starts_with("signature first") {
            assert!(!seen.good(), "{name}");
        }
        let encrypted = decrypt_with(&encrypt_to_alice(&packets), &[alice_pub()]);
        let seen = only_signed(&format!("encrypted, {name}"), encrypted, SIGNED);
        if name.starts_with("literal swapped") || name.starts_with("signature first") {
            assert!(!seen.good(), "{name}");
        }
    }
}

// --- Cleartext framework tricks (OpenPGP.js CVE-2023-41037 shapes) -------------

/// What Alice's GnuPG cleartext signature signs.
fn gnupg_signed() -> Vec<u8> {
    read("messages/hello_without_final_newline.txt")
}

#[test]
fn cleartext_tricks_never_show_unsigned_text_as_signed() {
    let mut names: Vec<_> = std::fs::read_dir(dir().join("spoofing"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".asc"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    let signed = gnupg_signed();
    for name in names {
        let msg = read(&format!("spoofing/{name}"));
        let seen = only_signed(&name, verify_with(&msg, None, &[alice_pub()]), &signed);
        // Whatever the trick, no plaintext but the signed text comes
        // back with a good signature, and text that was spliced into the
        // signed part makes it bad.
        if name.starts_with("dash_escaped") || name.starts_with("text_between") {
            assert!(!seen.good(), "{name}");
        }
    }
}

#[test]
fn a_hash_header_that_lies_about_a_sha512_signature() {
    let signed = sign(&SignRequest {
        plaintext: ByteBuf::from(SIGNED),
        signers: vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: ByteBuf::from(read("keys/alice_cv25519_sec.asc")),
            passphrase: None,
        }],
        mode: SignMode::Cleartext,
        armor: true,
        text: true,
        now_ms: NOW_MS,
    })
    .unwrap()
    .output
    .into_bytes();
    let text = String::from_utf8(signed).unwrap();
    let without_newline = &SIGNED[..SIGNED.len() - 1];
    let honest = verify_with(text.as_bytes(), None, &[alice_pub()]);
    only_signed("cleartext by sealpost (SHA512)", honest, without_newline);
    assert!(text.contains("Hash: SHA512\n"), "{text}");
    for (name, forged) in [
        ("Hash: SHA256 over a SHA512 signature", "Hash: SHA256\n"),
        ("Hash: SHA1 over a SHA512 signature", "Hash: SHA1\n"),
        ("Hash: MD5 over a SHA512 signature", "Hash: MD5\n"),
        ("no Hash header", ""),
    ] {
        let lie = text.replacen("Hash: SHA512\n", forged, 1);
        only_signed(
            name,
            verify_with(lie.as_bytes(), None, &[alice_pub()]),
            without_newline,
        );
    }
}

// --- Other signatures that must not be good ----------------------------------------

#[test]
fn a_detached_signature_over_other_data_is_bad() {
    let sig = read("messages/detached_by_alice.sig.asc");
    let seen = not_good(
        "detached, over other data",
        verify_with(EVIL, Some(&sig), &[alice_pub()]),
    );
    assert_eq!(status_of(&seen), Some("bad"));
}

/// A detached signature by `cert`'s signing key over `SIGNED`, made at `at`
/// (sequoia's own checks are bypassed: it is made with the packet API).
fn detached(cert: &Cert, key_at: SystemTime, at: SystemTime, hash: HashAlgorithm) -> Vec<u8> {
    let mut pair = signing_pair(cert, key_at);
    let b = builder(at).set_hash_algo(hash);
    ser(sig_over(&mut pair, b, SIGNED))
}

fn public(cert: &Cert) -> Vec<u8> {
    let mut out = Vec::new();
    cert.serialize(&mut out).unwrap();
    out
}

#[test]
fn a_signature_by_a_revoked_key_is_revoked_key() {
    let cert = fresh_cert("Rita", 30 * DAY, None);
    let mut primary = cert
        .primary_key()
        .key()
        .clone()
        .parts_into_secret()
        .unwrap()
        .into_keypair()
        .unwrap();
    let rev = CertRevocationBuilder::new()
        .set_signature_creation_time(now() - 10 * DAY)
        .unwrap()
        .set_reason_for_revocation(ReasonForRevocation::KeyCompromised, b"stolen")
        .unwrap()
        .build(&mut primary, &cert, None)
        .unwrap();
    let sig = detached(&cert, now() - 20 * DAY, now() - DAY, HashAlgorithm::SHA512);
    let (revoked, _) = cert.insert_packets(rev).unwrap();
    let seen = not_good(
        "detached, key revoked (compromised) before",
        verify_with(SIGNED, Some(&sig), &[public(&revoked)]),
    );
    assert_eq!(status_of(&seen), Some("revoked-key"));
}

#[test]
fn a_signature_made_after_the_key_expired_is_expired_key() {
    // Made 30 days ago, valid for 10.
    let cert = fresh_cert("Erik", 30 * DAY, Some(10 * DAY));
    let sig = detached(
        &cert,
        now() - 25 * DAY,
        now() - 5 * DAY,
        HashAlgorithm::SHA512,
    );
    let seen = not_good(
        "detached, made after the key expired",
        verify_with(SIGNED, Some(&sig), &[public(&cert)]),
    );
    assert_eq!(status_of(&seen), Some("expired-key"));
}

#[test]
fn a_signature_from_the_future_is_not_good() {
    let alice = alice_sec();
    let sig = detached(&alice, now(), now() + DAY, HashAlgorithm::SHA512);
    let seen = not_good(
        "detached, made a day from now",
        verify_with(SIGNED, Some(&sig), &[alice_pub()]),
    );
    assert!(matches!(status_of(&seen), Some("bad")), "{seen:?}");
}

#[test]
fn a_sha1_data_signature_is_not_good() {
    let alice = alice_sec();
    let sig = detached(&alice, now(), now() - DAY, HashAlgorithm::SHA1);
    let seen = not_good(
        "detached, v4 over SHA-1",
        verify_with(SIGNED, Some(&sig), &[alice_pub()]),
    );
    assert!(
        matches!(status_of(&seen), Some("unsupported" | "bad")),
        "{seen:?}"
    );
}

#[test]
fn a_signature_by_a_certification_only_key_is_not_good() {
    // Alice's primary key may certify but not sign.
    let alice = alice_sec();
    let mut pair = alice
        .primary_key()
        .key()
        .clone()
        .parts_into_secret()
        .unwrap()
        .into_keypair()
        .unwrap();
    let sig = ser(sig_over(&mut pair, builder(now() - DAY), SIGNED));
    not_good(
        "detached, by a certification-only primary key",
        verify_with(SIGNED, Some(&sig), &[alice_pub()]),
    );
}
