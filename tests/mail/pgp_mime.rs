//! PGP/MIME against messages made with Python's `email` and GnuPG
//! (tests/data/mail/pgp-mime/make.py), including Thunderbird's layout:
//! take the encrypted part out, decrypt it with Sealpost, open the MIME
//! inside; check multipart/signed over the canonical CRLF form.

use sealpost::mail::*;
use sealpost::pgp::{DecryptRequest, SecretKeyInput, decrypt};
use serde_bytes::ByteBuf;

use super::read;

/// 2026-11-29T12:00:00Z, as in the OpenPGP tests.
const NOW_MS: f64 = 1_795_953_600_000.0;

fn pgp(rel: &str) -> Vec<u8> {
    read(&format!("../pgp/{rel}"))
}

fn req(bytes: Vec<u8>) -> MimeRequest {
    MimeRequest {
        message: bytes.into(),
    }
}

/// Takes the encrypted part out of `eml` and decrypts it with Alice's key.
fn decrypted(eml: &str) -> (Vec<u8>, String) {
    let part = encrypted_part(&req(read(eml))).unwrap_or_else(|e| panic!("{eml}: {e}"));
    let d = decrypt(&DecryptRequest {
        message: part.encrypted.into(),
        keys: vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: pgp("keys/alice_cv25519_sec.asc").into(),
            passphrase: None,
        }],
        passwords: vec![],
        derived_passwords: None,
        argon2_budget: None,
        verify_with: vec![pgp("keys/alice_cv25519_pub.asc").into()],
        session_keys: vec![],
        reveal_session_key: false,
        now_ms: NOW_MS,
    })
    .unwrap_or_else(|e| panic!("{eml}: {e}"));
    let status = d
        .verifications
        .first()
        .map_or("not signed".to_string(), |v| v.status.clone());
    (d.plaintext, status)
}

fn assert_invoice(c: &MimeContent) {
    assert!(c.mime);
    assert_eq!(c.text, "Hello Bob,\n\nthe invoice is attached.\n\nAlice\n");
    assert_eq!(c.attachments.len(), 1, "{:?}", c.attachments);
    let a = &c.attachments[0];
    assert_eq!(a.name.as_deref(), Some("invoice 2026.bin"));
    assert_eq!(a.content_type, "application/octet-stream");
    assert_eq!(a.size, 1024);
    assert_eq!(a.bytes, (0..=255u8).cycle().take(1024).collect::<Vec<u8>>());
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn gnupg_multipart_encrypted_opens_to_text_and_attachment() {
    let (plain, status) = decrypted("pgp-mime/encrypted_to_alice.eml");
    assert_eq!(status, "not signed");
    let c = open_mime(&req(plain)).unwrap_or_else(|e| panic!("{e}"));
    assert_invoice(&c);
    assert!(!c.signed);
}

#[test]
fn thunderbird_layout_with_protected_subject() {
    let part = encrypted_part(&req(read(
        "pgp-mime/thunderbird_signed_encrypted_to_alice.eml",
    )));
    assert_eq!(
        part.as_ref().ok().and_then(|p| p.subject.as_deref()),
        Some("...")
    );
    let (plain, status) = decrypted("pgp-mime/thunderbird_signed_encrypted_to_alice.eml");
    assert_eq!(status, "good");
    let c = open_mime(&req(plain)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.subject.as_deref(), Some("The real subject"));
    assert_eq!(c.from.as_deref(), Some("alice@example.org"));
    assert_invoice(&c);
}

#[test]
fn gnupg_multipart_signed_verifies_over_the_crlf_form() {
    let alice = ByteBuf::from(pgp("keys/alice_cv25519_pub.asc"));
    let eml = read("pgp-mime/signed_by_alice.eml");
    let lf = String::from_utf8(eml.clone())
        .unwrap_or_default()
        .replace("\r\n", "\n");
    for (what, bytes) in [("CRLF", eml), ("LF", lf.into_bytes())] {
        let parts = signed_parts(&req(bytes.clone())).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            parts
                .signed
                .windows(2)
                .all(|w| w[1] != b'\n' || w[0] == b'\r'),
            "{what}"
        );
        assert!(
            parts.signed.starts_with(b"Content-Type: multipart/mixed"),
            "{what}"
        );
        assert!(
            parts
                .signature
                .starts_with(b"-----BEGIN PGP SIGNATURE-----"),
            "{what}"
        );
        assert_eq!(parts.micalg.as_deref(), Some("pgp-sha256"));
        let s = verify_signed(&VerifySignedRequest {
            message: bytes.into(),
            certs: vec![alice.clone()],
            now_ms: NOW_MS,
        })
        .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(s.verified.good, "{what}: {:?}", s.verified);
        assert_invoice(&s.content);
    }
}

#[test]
fn a_changed_signed_part_is_not_good() {
    let s = verify_signed(&VerifySignedRequest {
        message: read("pgp-mime/fail_signed_by_alice_tampered.eml").into(),
        certs: vec![pgp("keys/alice_cv25519_pub.asc").into()],
        now_ms: NOW_MS,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!s.verified.good);
    assert_eq!(s.verified.verifications[0].status, "bad");
}

#[test]
fn enigmail_layout_signed_inside_the_encryption() {
    let (plain, status) = decrypted("pgp-mime/enigmail_signed_then_encrypted_to_alice.eml");
    assert_eq!(status, "not signed");
    let c = open_mime(&req(plain.clone())).unwrap_or_else(|e| panic!("{e}"));
    assert!(c.signed);
    let s = verify_signed(&VerifySignedRequest {
        message: plain.into(),
        certs: vec![pgp("keys/alice_cv25519_pub.asc").into()],
        now_ms: NOW_MS,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(s.verified.good);
    assert_invoice(&s.content);
}

#[test]
fn plain_text_is_not_mime_and_other_mail_is_not_pgp_mime() {
    let c = open_mime(&req(b"Meet at noon.\n".to_vec())).unwrap_or_else(|e| panic!("{e}"));
    assert!(!c.mime);
    assert_eq!(c.text, "Meet at noon.\n");
    let plain = b"From: a@b.example\nSubject: hi\nContent-Type: text/plain\n\nhello\n".to_vec();
    assert_eq!(
        encrypted_part(&req(plain.clone())).err().map(|e| e.code()),
        Some("not-pgp-mime")
    );
    assert_eq!(
        signed_parts(&req(plain)).err().map(|e| e.code()),
        Some("not-pgp-mime")
    );
    let broken = b"Content-Type: multipart/signed; boundary=b\n\n--b\nonly one part\n".to_vec();
    assert_eq!(
        signed_parts(&req(broken)).err().map(|e| e.code()),
        Some("malformed-mime")
    );
}
