//! Encryption: the format chosen, several recipients, signing inside,
//! the refusals, and what encrypting and signing say they wrote.

use super::*;

#[test]
fn password_messages_round_trip_and_pick_seipd_by_profile() {
    for (profile, seipd) in [
        (MessageProfile::Auto, 1),
        (MessageProfile::Rfc4880, 1),
        (MessageProfile::Rfc9580, 2),
    ] {
        let mut req = encrypt_req(b"secret recipe");
        req.passwords = vec!["correct horse".into()];
        req.profile = profile;
        req.armor = false;
        let msg = encrypt(&req).unwrap().message;
        assert_ne!(msg[0], b'-', "binary output");
        let mut d = decrypt_req(&msg);
        d.passwords = vec!["wrong".into(), "correct horse".into()];
        let out = decrypt(&d).unwrap();
        assert_eq!(out.plaintext, b"secret recipe");
        assert_eq!(out.seipd, seipd, "{profile}");
        d.passwords = vec!["wrong".into()];
        assert_eq!(code(decrypt(&d)), "wrong-password", "{profile}");
    }
}

#[test]
fn auto_profile_uses_seipdv2_only_when_every_recipient_advertises_it() {
    let v4 = generate(KeyProfile::Cv25519, "v4@example.org", None);
    let v6 = generate(KeyProfile::Rfc9580, "v6@example.org", None);
    let open = |msg: &[u8], key: &GeneratedKey| {
        let mut d = decrypt_req(msg);
        d.keys = vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: buf(key.secret_key.clone()),
            passphrase: None,
        }];
        decrypt(&d).unwrap()
    };
    let mut req = encrypt_req(b"hello");
    req.recipients = vec![buf(v6.public_key.clone())];
    assert_eq!(open(&encrypt(&req).unwrap().message, &v6).seipd, 2);

    req.recipients = vec![buf(v6.public_key.clone()), buf(v4.public_key.clone())];
    let both = encrypt(&req).unwrap().message;
    assert_eq!(open(&both, &v6).seipd, 1);
    assert_eq!(open(&both, &v4).seipd, 1);

    req.profile = MessageProfile::Rfc9580;
    assert_eq!(code(encrypt(&req)), "unsupported-profile");
    req.profile = MessageProfile::Rfc4880;
    assert_eq!(code(encrypt(&req)), "unsupported-profile");
    req.recipients = vec![buf(v4.public_key.clone())];
    assert_eq!(open(&encrypt(&req).unwrap().message, &v4).seipd, 1);
    assert_eq!(code("pgp2".parse::<MessageProfile>()), "invalid-argument");
}

#[test]
fn message_to_two_recipients_opens_for_each() {
    let a = generate(KeyProfile::Cv25519, "a@example.org", None);
    let b = generate(KeyProfile::Rfc9580, "b@example.org", None);
    let mut req = encrypt_req(b"for both of you");
    req.recipients = vec![buf(format!("{}{}", a.public_key, b.public_key))];
    let msg = encrypt(&req).unwrap().message;
    for k in [&a, &b] {
        let mut d = decrypt_req(&msg);
        d.keys = vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: buf(k.secret_key.clone()),
            passphrase: None,
        }];
        assert_eq!(decrypt(&d).unwrap().plaintext, b"for both of you");
    }
    let c = generate(KeyProfile::Cv25519, "c@example.org", None);
    let mut d = decrypt_req(&msg);
    d.keys = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(c.secret_key),
        passphrase: None,
    }];
    assert_eq!(code(decrypt(&d)), "wrong-key");
}

#[test]
fn signed_and_encrypted_verifies_good_and_reports_text_mode() {
    let alice = generate(
        KeyProfile::Cv25519,
        "Alice <alice@example.org>",
        Some("alice pass"),
    );
    let bob = generate(KeyProfile::Cv25519, "Bob <bob@example.org>", None);
    let mut req = encrypt_req(b"Dear Bob,\nyes.\n");
    req.recipients = vec![buf(bob.public_key.clone())];
    req.signers = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(alice.secret_key.clone()),
        passphrase: Some("alice pass".into()),
    }];
    req.mode = LiteralMode::Text;
    let msg = encrypt(&req).unwrap().message;

    let mut d = decrypt_req(&msg);
    d.keys = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(bob.secret_key.clone()),
        passphrase: None,
    }];
    d.verify_with = vec![buf(alice.public_key.clone())];
    let out = decrypt(&d).unwrap();
    assert_eq!(out.plaintext, b"Dear Bob,\nyes.\n");
    assert_eq!(out.verifications.len(), 1);
    let v = &out.verifications[0];
    assert_eq!(v.status, "good", "{}", v.message);
    assert_eq!(v.mode, "text");
    assert_eq!(
        v.signer_fingerprint_hex.as_deref(),
        Some(&alice.fingerprint_hex[..])
    );
    assert!(
        v.message
            .starts_with("Good signature from Alice <alice@example.org>"),
        "{}",
        v.message
    );

    // Without Alice's certificate the signer is unknown, not bad.
    d.verify_with = vec![];
    let v = &decrypt(&d).unwrap().verifications[0];
    assert_eq!(v.status, "unknown-signer");
    assert!(v.key_id.is_some());

    // Signing with a locked key needs the passphrase.
    req.signers[0].passphrase = None;
    assert_eq!(code(encrypt(&req)), "key-locked");
    req.signers[0].passphrase = Some("nope".into());
    assert_eq!(code(encrypt(&req)), "bad-passphrase");
    req.signers = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(alice.public_key.clone()),
        passphrase: None,
    }];
    assert_eq!(code(encrypt(&req)), "secret-key-missing");
}

#[test]
fn encrypt_refuses_expired_revoked_and_no_recipients() {
    let alice = read("keys/alice_cv25519_pub.asc");
    let mut req = encrypt_req(b"x");
    assert_eq!(code(encrypt(&req)), "no-recipients");
    // One bad recipient among good ones still refuses the whole message.
    req.recipients = vec![buf(alice.clone()), buf(read("keys/erin_expired_pub.asc"))];
    assert_eq!(code(encrypt(&req)), "key-expired");
    req.recipients = vec![buf(read("keys/frank_revoked_pub.asc")), buf(alice.clone())];
    assert_eq!(code(encrypt(&req)), "key-revoked");
    req.recipients = vec![buf(b"nonsense".to_vec())];
    assert_eq!(code(encrypt(&req)), "not-openpgp");
    req.recipients = vec![buf(alice)];
    req.passwords = vec![String::new()];
    assert_eq!(code(encrypt(&req)), "invalid-argument");
    req.passwords = vec![];
    assert_eq!(code("utf-16".parse::<LiteralMode>()), "invalid-argument");
}

#[test]
fn an_unusable_recipient_is_named_with_what_to_do() {
    let alice = read("keys/alice_cv25519_pub.asc");
    for (file, name) in [
        (
            "keys/erin_expired_pub.asc",
            "Erin Expired <erin@example.org>",
        ),
        (
            "keys/frank_revoked_pub.asc",
            "Frank Revoked <frank@example.org>",
        ),
    ] {
        let mut req = encrypt_req(b"x");
        req.recipients = vec![buf(alice.clone()), buf(read(file))];
        let message = encrypt(&req).unwrap_err().to_string();
        assert!(
            message.contains(&format!("the public key of {name} (")),
            "{message}"
        );
        assert!(
            message.contains("ask its owner for a current public key"),
            "{message}"
        );
        assert!(!message.contains("certificate"), "{message}");
    }
}

#[test]
fn expired_and_revoked_keys_cannot_sign() {
    let erin = sign(&sign_req(
        b"x",
        secret("keys/erin_expired_sec.asc", None),
        SignMode::Detached,
    ));
    assert_eq!(code(erin), "key-expired");
    let frank = sign(&sign_req(
        b"x",
        secret("keys/frank_revoked_sec.asc", None),
        SignMode::Detached,
    ));
    assert_eq!(code(frank), "key-revoked");
    let public = sign(&sign_req(
        b"x",
        secret("keys/alice_cv25519_pub.asc", None),
        SignMode::Detached,
    ));
    assert_eq!(code(public), "secret-key-missing");
    assert_eq!(code("sideways".parse::<SignMode>()), "invalid-argument");
}

#[test]
fn decrypting_with_only_the_public_key_says_the_secret_is_missing() {
    let mut d = decrypt_req(&read("messages/to_alice_uncompressed.pgp"));
    d.keys = vec![secret("keys/alice_cv25519_pub.asc", None)];
    assert_eq!(code(decrypt(&d)), "secret-key-missing");
}

#[test]
fn encrypt_says_what_it_wrote_and_decrypt_finds_the_same() {
    let v4 = generate(KeyProfile::Cv25519, "v4@example.org", None);
    let v6 = generate(KeyProfile::Rfc9580, "v6@example.org", None);
    for (key, profile, seipd, aead) in [
        (&v4, MessageProfile::Auto, 1, None),
        (&v6, MessageProfile::Auto, 2, Some("OCB")),
        (&v6, MessageProfile::Rfc9580, 2, Some("OCB")),
    ] {
        let mut req = encrypt_req(b"what was written");
        req.recipients = vec![buf(key.public_key.clone())];
        req.profile = profile;
        let sealed = encrypt(&req).unwrap();
        assert_eq!(sealed.seipd, seipd, "{profile}");
        assert_eq!(sealed.symmetric, "AES-256");
        assert_eq!(sealed.aead.as_deref(), aead);
        let mut d = decrypt_req(&sealed.message);
        d.keys = vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: buf(key.secret_key.clone()),
            passphrase: None,
        }];
        let out = decrypt(&d).unwrap();
        assert_eq!(
            (out.seipd, out.symmetric.as_str(), out.aead.as_deref()),
            (
                sealed.seipd,
                sealed.symmetric.as_str(),
                sealed.aead.as_deref()
            ),
            "{profile}"
        );
    }
}

#[test]
fn sign_says_which_hash_its_signatures_use() {
    use sequoia_openpgp::PacketPile;
    use sequoia_openpgp::packet::Packet;
    use sequoia_openpgp::parse::Parse;
    for mode in SignMode::ALL.iter().copied() {
        let mut req = sign_req(
            b"hashed\n",
            secret("keys/alice_cv25519_sec.asc", None),
            mode,
        );
        req.signers.push(secret("keys/carol_rsa3072_sec.asc", None));
        req.armor = false;
        let signed = sign(&req).unwrap();
        assert_eq!(
            (signed.hash.as_str(), signed.micalg.as_str()),
            ("SHA512", "pgp-sha512")
        );
        let is_signature = matches!(signed.output, SignedOutput::Signature(_));
        assert_eq!(is_signature, mode == SignMode::Detached, "{mode}");
        if mode == SignMode::Cleartext {
            continue; // text; its hashes are checked by verifying it elsewhere
        }
        let pile = PacketPile::from_bytes(signed.output.bytes()).unwrap();
        let hashes: Vec<_> = pile
            .descendants()
            .filter_map(|p| match p {
                Packet::Signature(s) => Some(s.hash_algo().to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(hashes, ["SHA512", "SHA512"], "{mode}: what was written");
    }
}
