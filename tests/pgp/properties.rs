//! Properties: encrypt then decrypt is the identity; a flipped bit
//! never yields other plaintext.

use super::*;

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Encrypt then decrypt gives the input back, in every mode.
    #[test]
    fn encrypt_then_decrypt_is_the_identity(
        plaintext in proptest::collection::vec(any::<u8>(), 0..2048),
        text in any::<bool>(),
        armored in any::<bool>(),
    ) {
        let mut req = encrypt_req(&plaintext);
        req.recipients = vec![buf(read("keys/alice_cv25519_pub.asc"))];
        req.mode = if text {
            LiteralMode::Text
        } else {
            LiteralMode::Binary
        };
        req.armor = armored;
        let msg = encrypt(&req).unwrap().message;
        let mut d = decrypt_req(&msg);
        d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
        prop_assert_eq!(decrypt(&d).unwrap().plaintext, plaintext);
    }

    /// No input makes any entry point panic.
    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = inspect_keys(&data, NOW_MS);
        let _ = armor(&data, None);
        let _ = dearmor(&data);
        let mut d = decrypt_req(&data);
        d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
        d.passwords = vec!["pw".into()];
        let _ = decrypt(&d);
        let _ = verify(&verify_req(&data, None, &[]));
        let _ = verify(&verify_req(b"x", Some(&data), &[]));
        let _ = inline_detach(&DetachRequest { message: buf(data.clone()), armor: true });
        let _ = extract_cert(&ExtractRequest { key: buf(data), armor: true });
    }

    /// Changing any byte of a message never yields a different plaintext.
    #[test]
    fn mutated_messages_never_yield_other_plaintext(pos in any::<prop::sample::Index>(), bit in 0u8..8) {
        let mut req = encrypt_req(b"the original words");
        req.recipients = vec![buf(read("keys/alice_cv25519_pub.asc"))];
        req.signers = vec![secret("keys/alice_cv25519_sec.asc", None)];
        req.armor = false;
        let mut msg = encrypt(&req).unwrap().message;
        let i = pos.index(msg.len());
        msg[i] ^= 1 << bit;
        let mut d = decrypt_req(&msg);
        d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
        if let Ok(out) = decrypt(&d) {
            prop_assert_eq!(out.plaintext, b"the original words".to_vec());
        }
    }
}
