//! Generating keys, and round trips of every operation with them.

use super::*;

fn round_trip(profile: KeyProfile) {
    let alice = generate(profile, "Alice <alice@example.org>", None);
    let info = &inspect_keys(alice.public_key.as_bytes(), NOW_MS).unwrap()[0];
    assert_eq!(info.fingerprint, alice.fingerprint);
    assert!(info.can_encrypt.ok && info.can_sign.ok, "{info:?}");

    // Encrypt and decrypt.
    let mut req = encrypt_req(b"attack at dawn");
    req.recipients = vec![buf(alice.public_key.clone())];
    req.filename = Some("plan.txt".into());
    let msg = encrypt(&req).unwrap().message;
    let mut d = decrypt_req(&msg);
    d.keys = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(alice.secret_key.clone()),
        passphrase: None,
    }];
    let out = decrypt(&d).unwrap();
    assert_eq!(out.plaintext, b"attack at dawn");
    assert_eq!(out.filename.as_deref(), Some("plan.txt"));
    assert_eq!(out.symmetric, "AES-256");
    assert_eq!(
        out.seipd,
        if profile == KeyProfile::Rfc9580 { 2 } else { 1 }
    );
    assert!(out.verifications.is_empty());

    // Sign and verify, all three modes.
    let key = || SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(alice.secret_key.clone()),
        passphrase: None,
    };
    let data = b"I agree.\nSigned, Alice\n";
    let cert = alice.public_key.as_bytes();
    let sig = sign(&sign_req(data, key(), SignMode::Detached))
        .unwrap()
        .output
        .into_bytes();
    assert!(sig.starts_with(b"-----BEGIN PGP SIGNATURE-----"));
    let v = verify(&verify_req(data, Some(&sig), &[cert])).unwrap();
    assert!(v.good, "{v:?}");
    assert_eq!(
        v.verifications[0].signer_fingerprint.as_deref(),
        Some(&alice.fingerprint[..])
    );
    assert_eq!(
        v.verifications[0].user_id.as_deref(),
        Some("Alice <alice@example.org>")
    );
    assert_eq!(
        v.verifications[0].created.as_deref(),
        Some("2026-11-29T12:00:00Z")
    );
    assert_eq!(v.verifications[0].mode, "binary");
    assert!(v.plaintext.is_none());

    let inline = sign(&sign_req(data, key(), SignMode::Inline))
        .unwrap()
        .output
        .into_bytes();
    assert!(inline.starts_with(b"-----BEGIN PGP MESSAGE-----"));
    let v = verify(&verify_req(&inline, None, &[cert])).unwrap();
    assert!(v.good);
    assert_eq!(v.plaintext.as_deref(), Some(&data[..]));

    let clear = sign(&sign_req(data, key(), SignMode::Cleartext))
        .unwrap()
        .output
        .into_bytes();
    assert!(clear.starts_with(b"-----BEGIN PGP SIGNED MESSAGE-----"));
    let v = verify(&verify_req(&clear, None, &[cert])).unwrap();
    assert!(v.good);
    assert_eq!(v.verifications[0].mode, "text");
    // The final line break belongs to the cleartext framing, as in GnuPG:
    // what is signed, and given back, is the text without it.
    assert_eq!(v.plaintext.as_deref(), data.strip_suffix(b"\n"));
    let framed = String::from_utf8(clear.clone()).unwrap();
    let body = framed
        .split("-----BEGIN PGP SIGNATURE-----")
        .next()
        .unwrap();
    assert!(
        body.ends_with("Alice\n"),
        "no blank line before the signature: {body:?}"
    );

    // A changed byte makes every mode bad.
    let v = verify(&verify_req(
        b"I agree!\nSigned, Alice\n",
        Some(&sig),
        &[cert],
    ))
    .unwrap();
    assert!(!v.good);
    assert_eq!(v.verifications[0].status, "bad");
}

#[test]
fn round_trip_cv25519() {
    round_trip(KeyProfile::Cv25519);
}

#[test]
fn round_trip_rfc9580() {
    round_trip(KeyProfile::Rfc9580);
}

#[test]
fn round_trip_gnupg_rsa3072_keys() {
    let carol = || secret("keys/carol_rsa3072_sec.asc", None);
    let cert = read("keys/carol_rsa3072_pub.asc");
    let mut req = encrypt_req(b"to carol");
    req.recipients = vec![buf(cert.clone())];
    req.signers = vec![carol()];
    let msg = encrypt(&req).unwrap().message;
    let mut d = decrypt_req(&msg);
    d.keys = vec![carol()];
    let out = decrypt(&d).unwrap();
    assert_eq!(out.plaintext, b"to carol");
    assert_eq!(out.verifications.len(), 1);
    assert_eq!(out.verifications[0].status, "good");
    for mode in SignMode::ALL.iter().copied() {
        let s = sign(&sign_req(b"rsa text\n", carol(), mode))
            .unwrap()
            .output
            .into_bytes();
        let v = if mode == SignMode::Detached {
            verify(&verify_req(b"rsa text\n", Some(&s), &[&cert]))
        } else {
            verify(&verify_req(&s, None, &[&cert]))
        };
        assert!(v.unwrap().good, "{mode}");
    }
}

#[test]
fn generated_default_keys_speak_seipdv1_and_rfc9580_keys_v6() {
    let v4 = generate(KeyProfile::Cv25519, "a@example.org", None);
    let info = &inspect_keys(v4.public_key.as_bytes(), NOW_MS).unwrap()[0];
    assert_eq!(info.version, 4);
    assert!(!info.supports_rfc9580);
    assert_eq!(info.algorithm, "EdDSA Ed25519");
    let expires = info.expires.as_deref().unwrap();
    assert!(expires.starts_with("2029-11-2"), "{expires}");

    let v6 = generate(KeyProfile::Rfc9580, "b@example.org", None);
    let info = &inspect_keys(v6.public_key.as_bytes(), NOW_MS).unwrap()[0];
    assert_eq!(info.version, 6);
    assert!(info.supports_rfc9580);
    assert_eq!(info.fingerprint_hex.len(), 64);
    assert_eq!(info.algorithm, "Ed25519");

    // Validity: 0 never expires; signing-only keys cannot be encrypted to.
    let forever = generate_key(&GenerateRequest {
        derived_key: None,
        user_ids: vec!["c@example.org".into()],
        profile: KeyProfile::Cv25519,
        passphrase: None,
        validity_seconds: Some(0.0),
        signing_only: true,
        now_ms: NOW_MS,
    })
    .unwrap();
    let info = &inspect_keys(forever.public_key.as_bytes(), NOW_MS).unwrap()[0];
    assert_eq!(info.expires, None);
    assert!(!info.can_encrypt.ok && info.can_sign.ok);
    let mut req = encrypt_req(b"x");
    req.recipients = vec![buf(forever.public_key)];
    assert_eq!(code(encrypt(&req)), "no-encryption-key");
}

#[test]
fn generate_refuses_bad_requests() {
    let base = || GenerateRequest {
        derived_key: None,
        user_ids: vec!["a@example.org".into()],
        profile: KeyProfile::Cv25519,
        passphrase: None,
        validity_seconds: None,
        signing_only: false,
        now_ms: NOW_MS,
    };
    let mut r = base();
    r.user_ids = vec![String::new()];
    assert_eq!(code(generate_key(&r)), "invalid-argument");
    assert_eq!(code("dsa1024".parse::<KeyProfile>()), "invalid-argument");
    let mut r = base();
    r.validity_seconds = Some(-5.0);
    assert_eq!(code(generate_key(&r)), "invalid-argument");
    let mut r = base();
    r.passphrase = Some(String::new());
    assert_eq!(code(generate_key(&r)), "invalid-argument");
}

#[test]
fn revocation_certificate_revokes() {
    let k = generate(KeyProfile::Cv25519, "r@example.org", None);
    let info = &inspect_keys(k.revocation.as_bytes(), NOW_MS).unwrap()[0];
    assert!(info.revoked);
    assert_eq!(info.fingerprint, k.fingerprint);
}

#[test]
fn rsa3072_generation_round_trips() {
    // Slow in debug builds (pure-Rust big numbers), so only once.
    let k = generate(KeyProfile::Rsa3072, "Rex <rex@example.org>", None);
    let info = &inspect_keys(k.public_key.as_bytes(), NOW_MS).unwrap()[0];
    assert_eq!(
        (info.algorithm.as_str(), info.bits, info.version),
        ("RSA", Some(3072), 4)
    );
    // GnuPG's shape: the primary key certifies and signs, one subkey
    // encrypts (three RSA keys would take half as long again to make).
    assert_eq!(info.subkeys.len(), 1, "{:?}", info.subkeys);
    assert!(info.can_sign.ok && info.can_encrypt.ok, "{info:?}");
    let mut req = encrypt_req(b"rsa round trip");
    req.signers = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(k.secret_key.clone()),
        passphrase: None,
    }];
    req.recipients = vec![buf(k.public_key.clone())];
    let mut d = decrypt_req(&encrypt(&req).unwrap().message);
    d.keys = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(k.secret_key.clone()),
        passphrase: None,
    }];
    d.verify_with = vec![buf(k.public_key.clone())];
    let out = decrypt(&d).unwrap();
    assert_eq!(out.plaintext, b"rsa round trip");
    assert_eq!(out.verifications.len(), 1);
    assert_eq!(out.verifications[0].status, "good");
}

/// The SOP spec allows `generate-key` with no user ID: such a key is made
/// and works; a user ID left blank is still a mistake.
#[test]
fn a_key_without_a_user_id_is_made_and_works() {
    let mut req = GenerateRequest {
        derived_key: None,
        user_ids: vec![],
        profile: KeyProfile::Cv25519,
        passphrase: None,
        validity_seconds: None,
        signing_only: false,
        now_ms: NOW_MS - DAY_MS,
    };
    let k = generate_key(&req).unwrap();
    let mut enc = encrypt_req(b"to a nameless key");
    enc.recipients = vec![buf(k.public_key.clone())];
    let mut dec = decrypt_req(&encrypt(&enc).unwrap().message);
    dec.keys = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(k.secret_key.clone()),
        passphrase: None,
    }];
    assert_eq!(decrypt(&dec).unwrap().plaintext, b"to a nameless key");
    req.user_ids = vec!["  ".into()];
    assert_eq!(generate_key(&req).unwrap_err().code(), "invalid-argument");
}
