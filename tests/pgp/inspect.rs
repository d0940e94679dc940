//! Inspecting keys: fingerprints, user IDs, dates and the verdicts.

use super::*;

#[test]
fn inspects_a_cv25519_cert() {
    let infos = inspect_keys(&read("keys/alice_cv25519_pub.asc"), NOW_MS).unwrap();
    assert_eq!(infos.len(), 1);
    let k = &infos[0];
    assert_eq!(k.version, 4);
    assert_eq!(k.algorithm, "EdDSA Ed25519");
    assert_eq!(
        k.primary_user_id.as_deref(),
        Some("Alice Example <alice@example.org>")
    );
    assert_eq!(
        k.user_ids,
        vec!["Alice Example <alice@example.org>".to_string()]
    );
    assert_eq!(k.created, "2025-01-01T00:00:00Z");
    assert_eq!(k.expires, None);
    assert!(!k.expired && !k.revoked && !k.has_secret && !k.secret_protected);
    assert!(k.can_encrypt.ok, "{}", k.can_encrypt.reason);
    assert!(
        k.can_encrypt.reason.starts_with("Yes: subkey "),
        "{}",
        k.can_encrypt.reason
    );
    assert!(k.can_sign.ok);
    assert!(!k.supports_rfc9580);
    assert_eq!(k.fingerprint_hex.len(), 40);
    assert_eq!(k.fingerprint.split(' ').count(), 10);
    assert_eq!(k.fingerprint.replace(' ', ""), k.fingerprint_hex);
    assert!(k.fingerprint_hex.ends_with(&k.key_id));
    assert_eq!(k.subkeys.len(), 2);
    let enc = k
        .subkeys
        .iter()
        .find(|s| s.usage.contains(&"encrypt-communications".into()))
        .unwrap();
    assert_eq!(enc.algorithm, "ECDH Cv25519");
    assert!(enc.valid);
    assert!(k.cert.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
}

#[test]
fn inspects_rsa_and_secret_keys_without_leaking_secrets() {
    let k = &inspect_keys(&read("keys/carol_rsa3072_sec.asc"), NOW_MS).unwrap()[0];
    assert_eq!(k.algorithm, "RSA");
    assert_eq!(k.bits, Some(3072));
    assert!(k.has_secret && !k.secret_protected);
    assert!(k.cert.contains("PUBLIC KEY BLOCK") && !k.cert.contains("PRIVATE"));
    // The exported certificate is public only.
    let back = &inspect_keys(k.cert.as_bytes(), NOW_MS).unwrap()[0];
    assert!(!back.has_secret);
    assert_eq!(back.fingerprint, k.fingerprint);

    let bob = &inspect_keys(&read("keys/bob_cv25519_protected_sec.asc"), NOW_MS).unwrap()[0];
    assert!(bob.has_secret && bob.secret_protected);
}

#[test]
fn inspects_several_concatenated_armored_certs_and_binary() {
    let infos = inspect_keys(&read("keys/two_certs_concatenated.asc"), NOW_MS).unwrap();
    let uids: Vec<_> = infos
        .iter()
        .map(|k| k.primary_user_id.clone().unwrap())
        .collect();
    assert_eq!(
        uids,
        [
            "Alice Example <alice@example.org>",
            "Carol Example <carol@example.org>"
        ]
    );

    let binary = dearmor(&read("keys/carol_rsa3072_pub.asc")).unwrap();
    assert_ne!(binary[0], b'-');
    assert_eq!(inspect_keys(&binary, NOW_MS).unwrap()[0].bits, Some(3072));
}

#[test]
fn inspect_says_expired_and_revoked() {
    let erin = &inspect_keys(&read("keys/erin_expired_pub.asc"), NOW_MS).unwrap()[0];
    assert!(erin.expired);
    assert_eq!(erin.expires.as_deref(), Some("2025-06-30T00:00:00Z"));
    assert!(!erin.can_encrypt.ok);
    assert_eq!(
        erin.can_encrypt.reason,
        "No: the key expired on 2025-06-30."
    );
    // Before it expired, it was fine.
    let then =
        &inspect_keys(&read("keys/erin_expired_pub.asc"), NOW_MS - 600.0 * DAY_MS).unwrap()[0];
    assert!(!then.expired && then.can_encrypt.ok);

    let frank = &inspect_keys(&read("keys/frank_revoked_pub.asc"), NOW_MS).unwrap()[0];
    assert!(frank.revoked);
    assert_eq!(
        frank.revocation_reason.as_deref(),
        Some("Key is retired and no longer used: No longer used")
    );
    assert!(!frank.can_encrypt.ok && frank.can_encrypt.reason.contains("revoked"));
    assert!(frank.subkeys.iter().all(|s| !s.valid));
}

#[test]
fn inspect_refuses_what_is_not_a_key() {
    assert_eq!(code(inspect_keys(b"hello world", NOW_MS)), "not-openpgp");
    assert_eq!(code(inspect_keys(b"", NOW_MS)), "not-openpgp");
    assert_eq!(
        code(inspect_keys(&read("messages/password_aes256.asc"), NOW_MS)),
        "malformed-key"
    );
    assert_eq!(
        code(inspect_keys(
            b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!!\n-----END PGP PUBLIC KEY BLOCK-----\n",
            NOW_MS
        )),
        "malformed-key"
    );
    assert_eq!(
        code(inspect_keys(&read("keys/alice_cv25519_pub.asc"), f64::NAN)),
        "invalid-argument"
    );
}
