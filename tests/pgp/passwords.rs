//! Message passwords derived by the caller (the browser's own SHA, where
//! the core runs without WebAssembly): a password packet written with a
//! derived key opens with the password and with GnuPG's reading of it,
//! one written by sequoia opens with the derived key, a wrong one still
//! says so, and Argon2 costs are reported and bounded.

use super::s2k::derived;
use super::*;
use sequoia_openpgp::crypto::{Password, S2K, SessionKey};
use sequoia_openpgp::packet::skesk::SKESK6;
use sequoia_openpgp::packet::{Packet, SKESK};
use sequoia_openpgp::serialize::Serialize as _;
use sequoia_openpgp::serialize::stream::{Encryptor, LiteralWriter, Message};
use sequoia_openpgp::types::{AEADAlgorithm, SymmetricAlgorithm};

/// A password message written with a key derived for a fresh spec.
fn sealed_with_derived(password: &str, profile: MessageProfile, recipients: &[&str]) -> Encrypted {
    let mut req = encrypt_req(b"derived recipe");
    req.derived_passwords = vec![derived(&s2k_fresh().unwrap(), password)];
    req.recipients = recipients.iter().map(|r| buf(read(r))).collect();
    req.profile = profile;
    encrypt(&req).unwrap()
}

/// Opens `message` with keys derived for its password packets from each of `passwords`.
fn open_derived(message: &[u8], passwords: &[&str]) -> sealpost::Result<Decrypted> {
    let specs = password_specs(message).unwrap();
    let mut req = decrypt_req(message);
    req.derived_passwords = Some(
        passwords
            .iter()
            .flat_map(|p| specs.iterated.iter().map(|s| derived(s, p)))
            .collect(),
    );
    decrypt(&req)
}

#[test]
fn a_message_sealed_with_a_derived_password_opens_with_the_password() {
    for (profile, seipd) in [(MessageProfile::Auto, 1), (MessageProfile::Rfc9580, 2)] {
        let sealed = sealed_with_derived("correct horse", profile, &[]);
        assert_eq!(
            (sealed.seipd, sealed.symmetric.as_str()),
            (seipd, "AES-256")
        );
        let mut d = decrypt_req(&sealed.message);
        d.passwords = vec!["correct horse".into()];
        assert_eq!(decrypt(&d).unwrap().plaintext, b"derived recipe");
        assert_eq!(
            open_derived(&sealed.message, &["correct horse"])
                .unwrap()
                .plaintext,
            b"derived recipe"
        );
        d.passwords = vec!["wrong".into()];
        assert_eq!(
            decrypt(&d).unwrap_err(),
            Error::WrongPassword,
            "{profile:?}"
        );
    }
}

#[test]
fn a_derived_password_beside_a_recipient_uses_the_recipients_cipher() {
    let pia = "keys/pia_prefers_aes128_sha256";
    let sealed = sealed_with_derived(
        "pw for pia",
        MessageProfile::Auto,
        &[&format!("{pia}_pub.asc")],
    );
    assert_eq!(sealed.symmetric, "AES-128");
    let mut d = decrypt_req(&sealed.message);
    d.passwords = vec!["pw for pia".into()];
    assert_eq!(decrypt(&d).unwrap().plaintext, b"derived recipe");
    let mut d = decrypt_req(&sealed.message);
    d.keys = vec![secret(&format!("{pia}_sec.asc"), None)];
    assert_eq!(decrypt(&d).unwrap().plaintext, b"derived recipe");
}

#[test]
fn a_message_sealed_by_sequoia_opens_with_a_derived_password() {
    for profile in [MessageProfile::Rfc4880, MessageProfile::Rfc9580] {
        let mut req = encrypt_req(b"sequoia's recipe");
        req.passwords = vec!["second".into()];
        req.profile = profile;
        let msg = encrypt(&req).unwrap().message;
        let specs = password_specs(&msg).unwrap();
        assert_eq!((specs.iterated.len(), specs.argon2.len()), (1, 0));
        assert!(
            specs
                .iterated
                .iter()
                .all(|s| s.hash == "SHA-256" && s.key_len == 32)
        );
        assert_eq!(
            open_derived(&msg, &["second"]).unwrap().plaintext,
            b"sequoia's recipe"
        );
        // A wrong password still says so plainly.
        assert_eq!(
            open_derived(&msg, &["nope"]).unwrap_err(),
            Error::WrongPassword
        );
    }
}

#[test]
fn with_derived_passwords_the_core_derives_no_iterated_s2k() {
    let mut req = encrypt_req(b"x");
    req.passwords = vec!["pw".into()];
    let msg = encrypt(&req).unwrap().message;
    // The password itself is given, but the caller said it derives: the
    // packet is not tried with it.
    let mut d = decrypt_req(&msg);
    d.passwords = vec!["pw".into()];
    d.derived_passwords = Some(vec![]);
    assert_eq!(decrypt(&d).unwrap_err(), Error::WrongPassword);
    // A derived key for another salt does not fit the packet.
    let mut other = password_specs(&msg).unwrap().iterated.remove(0);
    other.salt = buf(vec![0u8; 8]);
    d.derived_passwords = Some(vec![derived(&other, "pw")]);
    assert_eq!(decrypt(&d).unwrap_err(), Error::WrongPassword);
}

#[test]
fn a_derived_password_no_s2k_could_have_is_refused() {
    let mut spec = s2k_fresh().unwrap();
    spec.count = 1000;
    let mut req = encrypt_req(b"x");
    req.derived_passwords = vec![derived(&spec, "pw")];
    assert!(matches!(encrypt(&req), Err(Error::InvalidArgument(_))));
}

/// A SEIPDv2 message with one password packet under `s2k` for `password`.
fn argon2_message(s2k: S2K, password: &str) -> Vec<u8> {
    let (algo, aead) = (SymmetricAlgorithm::AES256, AEADAlgorithm::OCB);
    let sk = SessionKey::new(32).unwrap();
    let mut out = Vec::new();
    let skesk =
        SKESK6::with_password(algo, algo, aead, s2k, &sk, &Password::from(password)).unwrap();
    Packet::SKESK(SKESK::from(skesk))
        .serialize(&mut out)
        .unwrap();
    let m = Encryptor::with_session_key(Message::new(&mut out), algo, sk)
        .unwrap()
        .aead_algo(aead)
        .build()
        .unwrap();
    let mut w = LiteralWriter::new(m).build().unwrap();
    std::io::Write::write_all(&mut w, b"argon2 recipe").unwrap();
    w.finalize().unwrap();
    out
}

#[test]
fn argon2_costs_are_reported_and_the_callers_budget_holds() {
    let s2k = S2K::Argon2 {
        salt: [3; 16],
        t: 2,
        p: 1,
        m: 10,
    };
    let msg = argon2_message(s2k, "pw");
    let costs = argon2_costs(&msg).unwrap();
    let cost = Argon2Cost {
        passes: 2,
        lanes: 1,
        memory_kib: Some(1024),
    };
    assert_eq!(costs, std::slice::from_ref(&cost));
    assert_eq!(password_specs(&msg).unwrap().argon2, [cost]);
    let mut d = decrypt_req(&msg);
    d.passwords = vec!["pw".into()];
    d.argon2_budget = Some(2048);
    assert_eq!(decrypt(&d).unwrap().plaintext, b"argon2 recipe");
    d.argon2_budget = Some(2047);
    assert!(matches!(decrypt(&d), Err(Error::UnsupportedAlgorithm(_))));
    // Argon2 is still derived by the core when the caller derives the iterated S2Ks.
    d.argon2_budget = None;
    d.derived_passwords = Some(vec![]);
    assert_eq!(decrypt(&d).unwrap().plaintext, b"argon2 recipe");
}

#[test]
fn argon2_costs_of_keys_and_of_iterated_data_are_empty_or_listed() {
    assert_eq!(
        argon2_costs(&read("keys/bob_cv25519_protected_sec.asc")).unwrap(),
        []
    );
    let mut req = encrypt_req(b"x");
    req.passwords = vec!["pw".into()];
    assert_eq!(argon2_costs(&encrypt(&req).unwrap().message).unwrap(), []);
    assert!(matches!(
        argon2_costs(b"not openpgp"),
        Err(Error::MalformedData(_))
    ));
}
