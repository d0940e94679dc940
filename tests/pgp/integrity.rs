//! Integrity: a changed or truncated message yields an error and no
//! plaintext.

use super::*;

/// Flips one byte at many places in the encrypted body: every result must
/// be an error and no plaintext, and past the packet headers it must be
/// "manipulated-message".
fn tamper_everywhere(profile: KeyProfile) {
    let k = generate(profile, "t@example.org", None);
    let mut req = encrypt_req(&[b'A'; 3000]);
    req.recipients = vec![buf(k.public_key.clone())];
    req.armor = false;
    let msg = encrypt(&req).unwrap().message;
    // Past the PKESK and the SEIPD packet header.
    let body_start = msg.len() - 3040;
    let mut manipulated = 0;
    for pos in (body_start..msg.len())
        .step_by(97)
        .chain([msg.len() - 1, msg.len() - 20])
    {
        let mut bad = msg.clone();
        bad[pos] ^= 0x01;
        let mut d = decrypt_req(&bad);
        d.keys = vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: buf(k.secret_key.clone()),
            passphrase: None,
        }];
        match decrypt(&d) {
            Ok(out) => panic!(
                "{profile}: byte {pos} changed, yet {} bytes came out",
                out.plaintext.len()
            ),
            Err(Error::ManipulatedMessage) => manipulated += 1,
            Err(e) => panic!("{profile}: byte {pos}: {e} ({})", e.code()),
        }
    }
    assert!(manipulated > 30);
}

#[test]
fn tampered_seipdv1_yields_manipulated_message_and_nothing_else() {
    tamper_everywhere(KeyProfile::Cv25519);
}

#[test]
fn tampered_seipdv2_yields_manipulated_message_and_nothing_else() {
    tamper_everywhere(KeyProfile::Rfc9580);
}

#[test]
fn truncated_message_is_refused() {
    let mut req = encrypt_req(&[7u8; 5000]);
    req.recipients = vec![buf(read("keys/alice_cv25519_pub.asc"))];
    req.armor = false;
    let msg = encrypt(&req).unwrap().message;
    let mut d = decrypt_req(&msg[..msg.len() - 100]);
    d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
    let e = decrypt(&d).unwrap_err();
    assert!(
        matches!(e, Error::ManipulatedMessage | Error::MalformedData(_)),
        "{e}"
    );
}
