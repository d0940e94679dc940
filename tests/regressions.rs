//! Regression tests, each named after the bug it pins down, with a
//! `// See:` line saying what broke: found by the fuzz targets in `fuzz/`
//! (`node scripts/fuzz.mjs`) or while reading what they exercise.

#[cfg(feature = "window")]
#[test]
fn read_fragment_zone_with_spaces_reads_back_trimmed() {
    // See: fuzz/read_fragment: `z=UTC%20%20` read back as zone "UTC  ",
    // which share_fragment writes as `z=UTC`, so a link did not survive
    // reading and sharing again (and the page showed the spaces).
    use sealpost::window::{read_fragment, share_fragment};
    let link =
        read_fragment("#w=20260720T0100Z/20260724T1300Z&z=UTC%20%20&v=%20Asia/Tokyo").unwrap();
    assert_eq!(link.zone, "UTC");
    assert_eq!(link.zones, ["Asia/Tokyo"]);
    let again = share_fragment(&link).unwrap();
    assert_eq!(again, "#w=20260720T0100Z/20260724T1300Z&z=UTC&v=Asia/Tokyo");
    assert_eq!(read_fragment(&again).unwrap(), link);
}

/// A password-only message with `decoys` password packets that use
/// `s2k` (built without running it, holding nothing) before, if there is
/// a `password`, one that holds the session key under it with a cheap S2K.
#[cfg(feature = "pgp")]
fn password_message(
    s2k: sequoia_openpgp::crypto::S2K,
    decoys: usize,
    password: Option<&str>,
) -> Vec<u8> {
    use sequoia_openpgp as openpgp;
    use std::io::Write;

    use openpgp::crypto::{Password, S2K, SessionKey};
    use openpgp::packet::skesk::SKESK6;
    use openpgp::packet::{Packet, SKESK};
    use openpgp::serialize::Serialize;
    use openpgp::serialize::stream::{Encryptor, LiteralWriter, Message};
    use openpgp::types::{AEADAlgorithm, HashAlgorithm, SymmetricAlgorithm};

    let (algo, aead) = (SymmetricAlgorithm::AES256, AEADAlgorithm::OCB);
    let sk = SessionKey::new(32).unwrap();
    let mut out = Vec::new();
    for _ in 0..decoys {
        let decoy = SKESK6::new(
            algo,
            aead,
            s2k.clone(),
            vec![1; 15].into(),
            vec![2; 48].into(),
        );
        Packet::SKESK(SKESK::from(decoy.unwrap()))
            .serialize(&mut out)
            .unwrap();
    }
    let cheap = S2K::Iterated {
        hash: HashAlgorithm::SHA256,
        salt: [7; 8],
        hash_bytes: 1024,
    };
    if let Some(password) = password {
        let real = SKESK6::with_password(algo, algo, aead, cheap, &sk, &Password::from(password));
        Packet::SKESK(SKESK::from(real.unwrap()))
            .serialize(&mut out)
            .unwrap();
    }
    let m = Message::new(&mut out);
    let m = Encryptor::with_session_key(m, algo, sk)
        .unwrap()
        .aead_algo(aead)
        .build()
        .unwrap();
    let mut w = LiteralWriter::new(m).build().unwrap();
    w.write_all(b"hello").unwrap();
    w.finalize().unwrap();
    out
}

#[cfg(feature = "pgp")]
fn decrypt_with_password(message: Vec<u8>, password: &str) -> sealpost::Result<Vec<u8>> {
    sealpost::pgp::decrypt(&sealpost::pgp::DecryptRequest {
        message: message.into(),
        keys: vec![],
        passwords: vec![password.into()],
        verify_with: vec![],
        now_ms: 1_795_953_600_000.0,
    })
    .map(|d| d.plaintext)
}

#[cfg(feature = "pgp")]
#[test]
fn decrypt_argon2_with_huge_cost_is_refused_without_running_it() {
    // See: a password message of 200 bytes whose Argon2 S2K asks for 255
    // passes over 2 GiB ran for many minutes once a password was typed
    // (4 passes over 1 GiB already took 12 s natively): the sender picks
    // the cost.  Now the Argon2 work per message is capped.
    use sequoia_openpgp::crypto::S2K;
    let salt = [7; 16];
    // 40 passes over 64 MiB: over the cap, and (unlike 255 over 2 GiB) a
    // regression here fails in seconds instead of hanging.
    let costly = S2K::Argon2 {
        salt,
        t: 40,
        p: 1,
        m: 16,
    };
    let e = decrypt_with_password(password_message(costly.clone(), 1, None), "pw").unwrap_err();
    assert_eq!(e.code(), "unsupported-algorithm", "{e}");
    let absurd = S2K::Argon2 {
        salt,
        t: 1,
        p: 1,
        m: 200,
    };
    let e = decrypt_with_password(password_message(absurd, 1, None), "pw").unwrap_err();
    assert_eq!(e.code(), "unsupported-algorithm", "{e}");
    // A costly packet is skipped, not the whole message.
    let skipped = decrypt_with_password(password_message(costly, 1, Some("pw")), "pw");
    assert_eq!(skipped.unwrap(), b"hello");
    // What OpenPGP.js makes (3 passes over 64 MiB) is still tried.
    let usual = S2K::Argon2 {
        salt,
        t: 3,
        p: 4,
        m: 16,
    };
    let e = decrypt_with_password(password_message(usual, 1, None), "pw").unwrap_err();
    assert_eq!(e.code(), "wrong-password", "{e}");
}

#[cfg(feature = "pgp")]
#[test]
fn decrypt_tries_a_bounded_number_of_password_packets() {
    // See: each password packet runs the sender's key derivation (up to
    // 65 MB hashed, 0.15 s natively): a 1 KB message with 20 of them
    // took 3.7 s, one of 100 KB would take minutes.  Now at most 8 tries.
    use sequoia_openpgp::crypto::S2K;
    use sequoia_openpgp::types::HashAlgorithm;
    let costly = S2K::Iterated {
        hash: HashAlgorithm::SHA256,
        salt: [7; 8],
        hash_bytes: 65_011_712,
    };
    let e =
        decrypt_with_password(password_message(costly.clone(), 40, Some("pw")), "pw").unwrap_err();
    assert_eq!(e.code(), "unsupported-algorithm", "{e}");
    // Within the tries, the right packet is found.
    let within = password_message(costly, 7, Some("pw"));
    assert_eq!(decrypt_with_password(within, "pw").unwrap(), b"hello");
}
