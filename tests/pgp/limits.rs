//! Limits: input over the size limit is refused everywhere, and `Debug`
//! output never shows secrets.

use super::*;

#[test]
fn every_entry_point_refuses_input_over_the_limit() {
    let big = vec![0x99u8; MAX_INPUT_BYTES + 1];
    assert_eq!(code(armor(&big, None)), "input-too-large");
    assert_eq!(code(dearmor(&big)), "input-too-large");
    assert_eq!(code(inspect_keys(&big, NOW_MS)), "input-too-large");
    let mut e = encrypt_req(&big);
    e.passwords = vec!["pw".into()];
    assert_eq!(code(encrypt(&e)), "input-too-large");
    assert_eq!(code(decrypt(&decrypt_req(&big))), "input-too-large");
    assert_eq!(
        code(sign(&sign_req(
            &big,
            secret("keys/alice_cv25519_sec.asc", None),
            SignMode::Detached
        ))),
        "input-too-large"
    );
    assert_eq!(
        code(verify(&verify_req(&big, None, &[]))),
        "input-too-large"
    );
    assert_eq!(
        code(extract_cert(&ExtractRequest {
            key: buf(big.clone()),
            armor: true
        })),
        "input-too-large"
    );
    assert_eq!(
        code(inline_detach(&DetachRequest {
            message: buf(big),
            armor: true
        })),
        "input-too-large"
    );
}

#[test]
fn debug_output_never_shows_secrets() {
    let pass = "hunter2-very-secret";
    let mut req = encrypt_req(b"PLAINTEXT-MARKER");
    req.passwords = vec![pass.into()];
    req.signers = vec![secret("keys/alice_cv25519_sec.asc", Some(pass))];
    let shown = format!("{req:?}");
    assert!(
        !shown.contains(pass) && !shown.contains("80, 76, 65"),
        "{shown}"
    );
    let msg = encrypt(&req).unwrap().message;
    let mut d = decrypt_req(&msg);
    d.passwords = vec![pass.into()];
    let shown = format!("{d:?} {:?}", decrypt(&d).unwrap());
    assert!(
        !shown.contains(pass) && !shown.contains("PLAINTEXT"),
        "{shown}"
    );
    let k = generate(KeyProfile::Cv25519, "d@example.org", Some(pass));
    assert!(!format!("{k:?}").contains("PRIVATE KEY"));
    let x = ExtractRequest {
        key: buf(read("keys/alice_cv25519_sec.asc")),
        armor: true,
    };
    assert!(format!("{x:?}").contains("bytes>"));
    // Errors never carry the passphrase either.
    let mut s = sign_req(
        b"x",
        secret("keys/bob_cv25519_protected_sec.asc", Some(pass)),
        SignMode::Detached,
    );
    s.now_ms = NOW_MS;
    let e = sign(&s).unwrap_err();
    assert!(!e.to_string().contains(pass) && !format!("{e:?}").contains(pass));
}

/// Keys under 2048 bits are refused with their real size named.
// See: a 1024-bit RSA key was refused as "RSA1024 is not considered secure",
// whatever its size (sequoia's policy buckets every short key as RSA1024).
#[test]
fn a_short_rsa_key_is_refused_with_its_size() {
    let e = sign(&sign_req(
        b"hi",
        secret("keys/weak_rsa1024_sec.asc", None),
        SignMode::Inline,
    ))
    .unwrap_err();
    assert_eq!(e.code(), "unsupported-algorithm");
    assert!(e.to_string().contains("RSA-1024 is too weak"), "{e}");
    let mut req = encrypt_req(b"hi");
    req.recipients = vec![buf(read("keys/weak_rsa1024_pub.asc"))];
    let e = encrypt(&req).unwrap_err();
    assert!(e.to_string().contains("RSA-1024 is too weak"), "{e}");
}

/// RSA keys over 4096 bits: decrypting works (the secret key has no size
/// limit); their signatures and binding signatures cannot be checked, and
/// every message says so with the size, not "no binding signature".
#[test]
fn an_rsa_8192_key_decrypts_and_says_why_it_cannot_sign() {
    let mut d = decrypt_req(&read("messages/to_big_rsa8192.asc"));
    d.keys = vec![secret("keys/big_rsa8192_sec.asc", None)];
    assert_eq!(decrypt(&d).unwrap().plaintext, read("messages/hello.txt"));
    let e = sign(&sign_req(
        b"hi",
        secret("keys/big_rsa8192_sec.asc", None),
        SignMode::Inline,
    ))
    .unwrap_err();
    assert_eq!(e.code(), "unsupported-algorithm");
    assert!(e.to_string().contains("RSA-8192 is larger than"), "{e}");
    let v = verify(&verify_req(
        &read("messages/signed_by_big_rsa8192_unsupported.pgp"),
        None,
        &[&read("keys/big_rsa8192_pub.asc")],
    ))
    .unwrap();
    assert!(v.verifications[0].message.contains("RSA-8192"), "{v:?}");
}
