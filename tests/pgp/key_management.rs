//! Key management: changing the passphrase, revoking, extracting the
//! certificate.

use super::*;

#[test]
fn changing_the_passphrase_locks_out_the_old_one() {
    let k = generate(KeyProfile::Cv25519, "p@example.org", Some("old pass"));
    let mut req = encrypt_req(b"locked box");
    req.recipients = vec![buf(k.public_key.clone())];
    let msg = encrypt(&req).unwrap().message;
    let open = |key: &[u8], pass: Option<&str>| {
        let mut d = decrypt_req(&msg);
        d.keys = vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: buf(key),
            passphrase: pass.map(String::from),
        }];
        decrypt(&d).map(|o| o.plaintext)
    };
    assert_eq!(
        open(k.secret_key.as_bytes(), Some("old pass")).unwrap(),
        b"locked box"
    );
    assert_eq!(code(open(k.secret_key.as_bytes(), None)), "key-locked");

    let change = |key: &[u8], old: &[&str], new: Option<&str>| {
        change_key_passphrase(&ChangePassphraseRequest {
            old_derived_keys: Vec::new(),
            new_derived_key: None,
            key: buf(key),
            old_passphrases: old.iter().map(|s| s.to_string()).collect(),
            new_passphrase: new.map(String::from),
            armor: true,
            now_ms: NOW_MS,
        })
    };
    assert_eq!(
        code(change(k.secret_key.as_bytes(), &["wrong"], Some("x"))),
        "bad-passphrase"
    );
    assert_eq!(
        code(change(k.secret_key.as_bytes(), &[], Some("x"))),
        "key-locked"
    );
    assert_eq!(
        code(change(k.public_key.as_bytes(), &[], Some("x"))),
        "secret-key-missing"
    );
    assert_eq!(
        code(change(k.secret_key.as_bytes(), &["old pass"], Some(""))),
        "invalid-argument"
    );

    let renewed = change(
        k.secret_key.as_bytes(),
        &["wrong", "old pass"],
        Some("new pass"),
    )
    .unwrap();
    assert!(renewed.starts_with(b"-----BEGIN PGP PRIVATE KEY BLOCK-----"));
    assert_eq!(code(open(&renewed, Some("old pass"))), "bad-passphrase");
    assert_eq!(open(&renewed, Some("new pass")).unwrap(), b"locked box");

    // Removing the protection.
    let bare = change(&renewed, &["new pass"], None).unwrap();
    assert!(!inspect_keys(&bare, NOW_MS).unwrap()[0].secret_protected);
    assert_eq!(open(&bare, None).unwrap(), b"locked box");
}

#[test]
fn gnupg_protected_keys_unlock_and_change_passphrase() {
    let pass = read_line("keys/dave_rsa3072_protected.passphrase.txt");
    let out = change_key_passphrase(&ChangePassphraseRequest {
        old_derived_keys: Vec::new(),
        new_derived_key: None,
        key: buf(read("keys/dave_rsa3072_protected_sec.asc")),
        old_passphrases: vec![pass],
        new_passphrase: Some("fresh".into()),
        armor: false,
        now_ms: NOW_MS,
    })
    .unwrap();
    let mut d = decrypt_req(&read("messages/to_dave_rsa_protected.asc"));
    d.keys = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(out),
        passphrase: Some("fresh".into()),
    }];
    assert_eq!(decrypt(&d).unwrap().plaintext, read("messages/hello.txt"));
}

#[test]
fn revoked_key_reads_revoked_and_cannot_be_encrypted_to() {
    let k = generate(KeyProfile::Cv25519, "gone@example.org", Some("pw"));
    let revoke = |pass: &[&str]| {
        revoke_key(&RevokeRequest {
            derived_keys: Vec::new(),
            key: buf(k.secret_key.clone()),
            passphrases: pass.iter().map(|s| s.to_string()).collect(),
            reason: Some("Moved to a new key".into()),
            armor: true,
            now_ms: NOW_MS,
        })
    };
    assert_eq!(code(revoke(&[])), "key-locked");
    assert_eq!(code(revoke(&["bad"])), "bad-passphrase");
    let revoked = revoke(&["pw"]).unwrap();
    assert!(revoked.starts_with(b"-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    let info = &inspect_keys(&revoked, NOW_MS).unwrap()[0];
    assert!(info.revoked && !info.has_secret);
    assert_eq!(
        info.revocation_reason.as_deref(),
        Some("No reason specified: Moved to a new key")
    );
    assert!(!info.can_encrypt.ok);

    let mut req = encrypt_req(b"x");
    req.recipients = vec![buf(revoked.clone())];
    assert_eq!(code(encrypt(&req)), "key-revoked");

    // Old signatures by a key revoked without a reason no longer count.
    let sig = sign(&sign_req(
        b"old",
        SecretKeyInput {
            derived_keys: Vec::new(),
            key: buf(k.secret_key.clone()),
            passphrase: Some("pw".into()),
        },
        SignMode::Detached,
    ))
    .unwrap()
    .output
    .into_bytes();
    let v = verify(&verify_req(b"old", Some(&sig), &[&revoked])).unwrap();
    assert_eq!(v.verifications[0].status, "revoked-key");
    assert!(!v.good);
}

#[test]
fn extract_cert_drops_secrets() {
    let both = [
        read("keys/alice_cv25519_sec.asc"),
        read("keys/carol_rsa3072_sec.asc"),
    ]
    .concat();
    let out = extract_cert(&ExtractRequest {
        key: buf(both),
        armor: true,
    })
    .unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    assert!(!text.contains("PRIVATE"));
    let infos = inspect_keys(&out, NOW_MS).unwrap();
    assert_eq!(infos.len(), 2);
    assert!(infos.iter().all(|k| !k.has_secret));
    let bin = extract_cert(&ExtractRequest {
        key: buf(read("keys/alice_cv25519_sec.asc")),
        armor: false,
    })
    .unwrap();
    assert_eq!(bin[0] & 0x80, 0x80);
    assert_eq!(
        code(extract_cert(&ExtractRequest {
            key: buf(b"no".to_vec()),
            armor: true
        })),
        "not-openpgp"
    );
}
