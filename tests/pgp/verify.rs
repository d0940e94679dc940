//! Verification details: the accepted period, expired signing keys,
//! and what is not a signed message.

use super::*;

#[test]
fn verify_applies_the_accepted_period() {
    let data = read("messages/hello.txt");
    let sig = read("messages/detached_by_alice.sig.asc");
    let cert = read("keys/alice_cv25519_pub.asc");
    // The signature was made 2025-01-01T00:00:00Z.
    let made = 1_735_689_600_000.0;
    let mut req = verify_req(&data, Some(&sig), &[&cert]);
    req.not_before_ms = Some(made + 1000.0);
    let v = verify(&req).unwrap();
    assert_eq!(v.verifications[0].status, "bad");
    assert!(
        v.verifications[0]
            .message
            .contains("before the accepted period")
    );
    req.not_before_ms = Some(made);
    req.not_after_ms = Some(made - 1000.0);
    assert!(!verify(&req).unwrap().good);
    req.not_after_ms = Some(made);
    assert!(verify(&req).unwrap().good);
    req.not_after_ms = Some(f64::NAN);
    assert_eq!(code(verify(&req)), "invalid-argument");
}

#[test]
fn verify_reports_expired_signing_keys() {
    use openpgp::packet::signature::SignatureBuilder;
    use openpgp::parse::Parse;
    use openpgp::serialize::Serialize;
    use sequoia_openpgp as openpgp;

    // Erin's certificate expired in 2025; it cannot sign now.
    let erin = sign(&sign_req(
        b"x",
        secret("keys/erin_expired_sec.asc", None),
        SignMode::Detached,
    ));
    assert_eq!(code(erin), "key-expired");

    // A key valid for one day: a signature made while it was alive is
    // good, one dated after it expired is "expired-key".
    let then = NOW_MS - 600.0 * DAY_MS;
    let short = generate_key(&GenerateRequest {
        derived_key: None,
        user_ids: vec!["Short <short@example.org>".into()],
        profile: KeyProfile::Cv25519,
        passphrase: None,
        validity_seconds: Some(86_400.0),
        signing_only: true,
        now_ms: then,
    })
    .unwrap();
    let key = || SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(short.secret_key.clone()),
        passphrase: None,
    };
    let mut r = sign_req(b"old news", key(), SignMode::Detached);
    r.now_ms = then + 1000.0;
    let sig = sign(&r).unwrap().output.into_bytes();
    let v = verify(&verify_req(
        b"old news",
        Some(&sig),
        &[short.public_key.as_bytes()],
    ))
    .unwrap();
    assert!(v.good, "made while alive: {v:?}");
    r.now_ms = then + 2.0 * DAY_MS;
    assert_eq!(code(sign(&r)), "key-expired");

    // Forge a late signature with sequoia directly.
    let cert = openpgp::Cert::from_bytes(short.secret_key.as_bytes()).unwrap();
    let p = openpgp::policy::StandardPolicy::new();
    let t = |ms: f64| std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms as u64);
    let ka = cert
        .keys()
        .subkeys()
        .secret()
        .with_policy(&p, t(then + 1000.0))
        .for_signing()
        .next()
        .unwrap();
    let mut pair = ka.key().clone().into_keypair().unwrap();
    let late = SignatureBuilder::new(openpgp::types::SignatureType::Binary)
        .set_signature_creation_time(t(then + 2.0 * DAY_MS))
        .unwrap()
        .sign_message(&mut pair, b"late news")
        .unwrap();
    let mut bin = Vec::new();
    openpgp::Packet::from(late).serialize(&mut bin).unwrap();
    let v = verify(&verify_req(
        b"late news",
        Some(&bin),
        &[short.public_key.as_bytes()],
    ))
    .unwrap();
    assert_eq!(v.verifications[0].status, "expired-key", "{v:?}");
    assert!(v.verifications[0].message.contains("had expired"));
}

#[test]
fn verify_refuses_encrypted_and_garbage() {
    let enc = read("messages/password_aes256.asc");
    assert_eq!(
        code(verify(&verify_req(&enc, None, &[]))),
        "invalid-argument"
    );
    assert_eq!(code(verify(&verify_req(b"hi", None, &[]))), "not-openpgp");
    assert_eq!(
        code(verify(&verify_req(b"hi", Some(b"nope"), &[]))),
        "not-openpgp"
    );
    let sig = read("messages/detached_by_alice.sig.asc");
    assert_eq!(
        code(verify(&verify_req(b"hi", Some(&sig), &[b"junk"]))),
        "not-openpgp"
    );
}

#[test]
fn decrypt_refuses_signed_only_messages_and_bad_times() {
    let signed = read("messages/inline_signed_by_carol.pgp");
    let mut d = decrypt_req(&signed);
    d.keys = vec![secret("keys/carol_rsa3072_sec.asc", None)];
    assert_eq!(code(decrypt(&d)), "invalid-argument");
    let mut d = decrypt_req(&read("messages/password_aes256.asc"));
    d.now_ms = -1.0;
    assert_eq!(code(decrypt(&d)), "invalid-argument");
}

#[test]
fn verify_takes_a_signed_message_or_a_plaintext_with_its_signature() {
    let cert = read("keys/alice_cv25519_pub.asc");
    let clear = read("messages/cleartext_signed_by_alice.asc");
    let mut req = verify_req(&clear, None, &[&cert]);
    assert!(verify(&req).unwrap().good);
    // A plaintext without its signature, or a message with one, is a
    // request for the wrong thing: say so rather than guess.
    req.plaintext = req.message.take();
    assert_eq!(code(verify(&req)), "invalid-argument");
    req.message = Some(buf(clear.clone()));
    req.plaintext = None;
    req.signature = Some(buf(read("keys/alice_cv25519_pub.asc")));
    assert_eq!(code(verify(&req)), "invalid-argument");
    req.message = None;
    req.signature = None;
    assert_eq!(code(verify(&req)), "invalid-argument");
}
