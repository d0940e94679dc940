//! Session keys (SOP's `--session-key-out` and `--with-session-key`), and
//! messages that name cipher 0 ("unencrypted").

use sequoia_openpgp as openpgp;

use openpgp::crypto::SessionKey;
use openpgp::packet::PKESK;
use openpgp::packet::pkesk::PKESK3;
use openpgp::parse::Parse;
use openpgp::policy::StandardPolicy;
use openpgp::serialize::Serialize;
use openpgp::types::SymmetricAlgorithm;

use super::*;

/// A message to Alice, its plaintext, and the session key that opens it.
fn to_alice_with_its_session_key() -> (Vec<u8>, String) {
    let mut req = encrypt_req(b"one key for one message");
    req.recipients = vec![buf(read("keys/alice_cv25519_pub.asc"))];
    let message = encrypt(&req).unwrap().message;
    let mut d = decrypt_req(&message);
    d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
    d.reveal_session_key = true;
    let out = decrypt(&d).unwrap();
    (message, out.session_key.expect("asked for the session key"))
}

#[test]
fn the_session_key_is_revealed_only_when_asked_for() {
    let (message, key) = to_alice_with_its_session_key();
    let (algo, hex) = key.split_once(':').unwrap();
    // Alice's key prefers AES-256 (9): 32 bytes, in upper-case hex.
    assert_eq!(algo, "9");
    assert_eq!(hex.len(), 64);
    assert!(
        hex.bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    );

    let mut d = decrypt_req(&message);
    d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
    assert_eq!(decrypt(&d).unwrap().session_key, None);
}

#[test]
fn a_session_key_alone_opens_the_message() {
    let (message, key) = to_alice_with_its_session_key();
    let mut d = decrypt_req(&message);
    d.session_keys = vec![key.to_lowercase()];
    d.reveal_session_key = true;
    let out = decrypt(&d).unwrap();
    assert_eq!(out.plaintext, b"one key for one message");
    assert_eq!(out.session_key, Some(key));
}

/// What `gpg --show-session-key -d` prints for this message.
const GNUPG_SESSION_KEY: &str =
    "9:5D34746CA0F264F52548DD96650263588BFC51ED958E3104A395BB3549C58D34";

#[test]
fn session_keys_agree_with_gnupg() {
    let message = read("messages/to_alice_compressed_zlib.asc");
    let mut d = decrypt_req(&message);
    d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
    d.reveal_session_key = true;
    assert_eq!(
        decrypt(&d).unwrap().session_key.as_deref(),
        Some(GNUPG_SESSION_KEY)
    );
    let mut d = decrypt_req(&message);
    d.session_keys = vec![GNUPG_SESSION_KEY.into()];
    assert_eq!(decrypt(&d).unwrap().plaintext, read("messages/hello.txt"));
}

#[test]
fn a_wrong_session_key_says_so() {
    let (message, key) = to_alice_with_its_session_key();
    let (algo, hex) = key.split_once(':').unwrap();
    let flipped = if hex.starts_with('0') { "1" } else { "0" };
    let wrong = format!("{algo}:{flipped}{}", &hex[1..]);
    let mut d = decrypt_req(&message);
    d.session_keys = vec![wrong.clone()];
    assert_eq!(decrypt(&d).unwrap_err().code(), "wrong-session-key");

    // The right cipher number with too short a key, and another cipher.
    d.session_keys = vec![format!("{algo}:00112233")];
    assert_eq!(decrypt(&d).unwrap_err().code(), "wrong-session-key");
    d.session_keys = vec![format!("7:{}", &hex[..32])];
    assert_eq!(decrypt(&d).unwrap_err().code(), "wrong-session-key");

    // With the secret key beside it, the message still opens.
    d.session_keys = vec![wrong];
    d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
    assert_eq!(decrypt(&d).unwrap().plaintext, b"one key for one message");
}

#[test]
fn a_session_key_that_is_not_algo_colon_hex_is_refused() {
    let (message, _) = to_alice_with_its_session_key();
    for bad in ["9", "AES256:00", "9:xyz0", "9:123"] {
        let mut d = decrypt_req(&message);
        d.session_keys = vec![bad.into()];
        assert_eq!(decrypt(&d).unwrap_err().code(), "invalid-argument", "{bad}");
    }
}

/// Encrypted data whose recipient packet wraps a session key for cipher 0.
fn to_alice_naming_cipher_zero() -> Vec<u8> {
    let cert = openpgp::Cert::from_bytes(&read("keys/alice_cv25519_pub.asc")).unwrap();
    let p = StandardPolicy::new();
    let subkey = cert
        .keys()
        .with_policy(&p, None)
        .for_transport_encryption()
        .next()
        .unwrap();
    let sk = SessionKey::new(32).unwrap();
    let pkesk = PKESK3::for_recipient(SymmetricAlgorithm::Unencrypted, &sk, subkey.key()).unwrap();
    let mut out = Vec::new();
    openpgp::Packet::from(PKESK::from(pkesk))
        .serialize(&mut out)
        .unwrap();
    out.extend_from_slice(&seipd_v1_of_noise());
    out
}

/// A SEIPDv1 packet whose body is 40 bytes that no key opens.
fn seipd_v1_of_noise() -> Vec<u8> {
    let mut p = vec![0xd2, 41, 0x01];
    p.extend((0u8..40).map(|i| i.wrapping_mul(37)));
    p
}

#[test]
fn a_recipient_packet_naming_cipher_zero_says_so() {
    // See: such a message was reported as "encrypted to someone else".
    let mut d = decrypt_req(&to_alice_naming_cipher_zero());
    d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
    let e = decrypt(&d).unwrap_err();
    assert_eq!(e.code(), "unsupported-algorithm", "{e}");
    assert!(e.to_string().contains("cipher 0"), "{e}");
}

#[test]
fn a_password_packet_naming_cipher_zero_says_so() {
    // SKESK v4, cipher 0, iterated and salted S2K (SHA-256), no ESK.
    let mut message = vec![0xc3, 13, 0x04, 0x00, 0x03, 0x08];
    message.extend_from_slice(b"saltsalt");
    message.push(0x60);
    message.extend_from_slice(&seipd_v1_of_noise());
    let mut d = decrypt_req(&message);
    d.passwords = vec!["any password".into()];
    let e = decrypt(&d).unwrap_err();
    assert_eq!(e.code(), "unsupported-algorithm", "{e}");
    assert!(e.to_string().contains("cipher 0"), "{e}");
}

#[test]
fn a_session_key_naming_cipher_zero_says_so() {
    let (message, key) = to_alice_with_its_session_key();
    let (_, hex) = key.split_once(':').unwrap();
    let mut d = decrypt_req(&message);
    d.session_keys = vec![format!("0:{hex}")];
    let e = decrypt(&d).unwrap_err();
    assert_eq!(e.code(), "unsupported-algorithm", "{e}");
}
