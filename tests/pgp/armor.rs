//! Armor, and splitting signed messages into content and signature.

use super::*;

#[test]
fn armor_and_dearmor_round_trip_and_guess_the_kind() {
    for (file, header) in [
        (
            "keys/alice_cv25519_pub.asc",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----",
        ),
        (
            "keys/alice_cv25519_sec.asc",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----",
        ),
        (
            "messages/detached_by_alice.sig.asc",
            "-----BEGIN PGP SIGNATURE-----",
        ),
        (
            "messages/password_aes256.asc",
            "-----BEGIN PGP MESSAGE-----",
        ),
    ] {
        let armored = read(file);
        let bin = dearmor(&armored).unwrap();
        assert_eq!(bin[0] & 0x80, 0x80, "{file}");
        assert_eq!(dearmor(&bin).unwrap(), bin, "binary is returned unchanged");
        let again = armor(&bin, None).unwrap();
        assert!(again.starts_with(header.as_bytes()), "{file}");
        assert_eq!(dearmor(&again).unwrap(), bin);
        assert_eq!(
            armor(&armored, None).unwrap(),
            armored,
            "armored is returned unchanged"
        );
    }
    let msg = dearmor(&read("messages/password_aes256.asc")).unwrap();
    assert!(
        armor(&msg, Some(ArmorLabel::Signature))
            .unwrap()
            .starts_with(b"-----BEGIN PGP SIGNATURE-----")
    );
    assert_eq!(code("letter".parse::<ArmorLabel>()), "invalid-argument");
    assert_eq!(code(armor(b"plain text", None)), "not-openpgp");
    assert_eq!(code(dearmor(b"plain text")), "not-openpgp");
    assert_eq!(
        code(dearmor(&read("messages/cleartext_signed_by_alice.asc"))),
        "invalid-argument"
    );
    let broken = b"-----BEGIN PGP MESSAGE-----\n\n%%%%\n-----END PGP MESSAGE-----\n";
    assert_eq!(code(dearmor(broken)), "malformed-data");
}

#[test]
fn inline_and_cleartext_messages_split_into_content_and_detached_signature() {
    let alice_cert = read("keys/alice_cv25519_pub.asc");
    let inline = sign(&sign_req(
        b"split me\n",
        secret("keys/alice_cv25519_sec.asc", None),
        SignMode::Inline,
    ))
    .unwrap()
    .output
    .into_bytes();
    let clear = read("messages/cleartext_signed_by_alice.asc");
    let carol = read("messages/inline_signed_by_carol.pgp");
    for (msg, cert) in [
        (&inline, &alice_cert),
        (&clear, &alice_cert),
        (&carol, &read("keys/carol_rsa3072_pub.asc")),
    ] {
        let parts = inline_detach(&DetachRequest {
            message: buf(msg.clone()),
            armor: true,
        })
        .unwrap();
        assert!(
            parts
                .signatures
                .starts_with(b"-----BEGIN PGP SIGNATURE-----")
        );
        let v = verify(&verify_req(
            &parts.plaintext,
            Some(&parts.signatures),
            &[cert],
        ))
        .unwrap();
        assert!(v.good, "{v:?}");
    }
    let parts = inline_detach(&DetachRequest {
        message: buf(inline),
        armor: false,
    })
    .unwrap();
    assert_eq!(parts.plaintext, b"split me\n");
    assert_eq!(parts.signatures[0] & 0x80, 0x80);
    let enc = read("messages/password_aes256.asc");
    assert_eq!(
        code(inline_detach(&DetachRequest {
            message: buf(enc),
            armor: true
        })),
        "invalid-argument"
    );
    let sig_only = read("messages/detached_by_alice.sig.asc");
    assert_eq!(
        code(inline_detach(&DetachRequest {
            message: buf(sig_only),
            armor: true
        })),
        "malformed-data"
    );
}
