//! Passphrase keys derived by the caller (the browser's own SHA, where the
//! core runs without WebAssembly): the derivation the page does equals
//! sequoia's, and a derived key unlocks and protects keys as a passphrase
//! does.

use super::*;
use sequoia_openpgp::crypto::{Password, S2K};
use sequoia_openpgp::types::HashAlgorithm;

/// What the page does with WebCrypto: `salt || passphrase` repeated up
/// to `count` octets (at least once), hashed once per part of the key,
/// the i-th part behind i zero octets.
fn derive(spec: &S2kSpec, passphrase: &str) -> Vec<u8> {
    let hash = match spec.hash.as_str() {
        "SHA-1" => HashAlgorithm::SHA1,
        "SHA-256" => HashAlgorithm::SHA256,
        "SHA-384" => HashAlgorithm::SHA384,
        "SHA-512" => HashAlgorithm::SHA512,
        other => panic!("unknown hash {other}"),
    };
    let unit: Vec<u8> = [&spec.salt[..], passphrase.as_bytes()].concat();
    let len = (spec.count as usize).max(unit.len());
    let stream: Vec<u8> = unit.iter().copied().cycle().take(len).collect();
    let mut out = Vec::new();
    let mut zeros = Vec::new();
    while out.len() < spec.key_len as usize {
        let mut h = hash.context().unwrap().for_digest();
        h.update(&zeros);
        h.update(&stream);
        out.extend(h.into_digest().unwrap());
        zeros.push(0);
    }
    out.truncate(spec.key_len as usize);
    out
}

pub(super) fn derived(spec: &S2kSpec, passphrase: &str) -> DerivedKey {
    DerivedKey {
        hash: spec.hash.clone(),
        salt: spec.salt.clone(),
        count: spec.count,
        key: buf(derive(spec, passphrase)),
    }
}

fn derived_for(key: &[u8], passphrase: &str) -> Vec<DerivedKey> {
    let specs = s2k_specs(key).unwrap();
    assert!(!specs.is_empty(), "the key has no iterated S2K");
    specs.iter().map(|s| derived(s, passphrase)).collect()
}

#[test]
fn derivation_equals_sequoias() {
    let salt = [7u8, 1, 2, 3, 4, 5, 6, 8];
    let long = "x".repeat(1500);
    let cases: &[(HashAlgorithm, &str, u32, u32, &str)] = &[
        (
            HashAlgorithm::SHA256,
            "SHA-256",
            65_011_712,
            32,
            "bob's secret passphrase",
        ),
        (HashAlgorithm::SHA1, "SHA-1", 65_536, 32, "two contexts"),
        (HashAlgorithm::SHA1, "SHA-1", 1024, 16, "short"),
        (HashAlgorithm::SHA256, "SHA-256", 1024, 16, &long),
        (
            HashAlgorithm::SHA512,
            "SHA-512",
            3_014_656,
            32,
            "ünïcödé pass",
        ),
        (HashAlgorithm::SHA384, "SHA-384", 2048, 24, "odd"),
    ];
    for (hash, name, count, key_len, pass) in cases {
        let theirs = S2K::Iterated {
            hash: *hash,
            salt,
            hash_bytes: *count,
        }
        .derive_key(&Password::from(*pass), *key_len as usize)
        .unwrap();
        let spec = S2kSpec {
            hash: name.to_string(),
            salt: buf(salt),
            count: *count,
            key_len: *key_len,
        };
        assert_eq!(
            derive(&spec, pass),
            theirs.to_vec(),
            "{name} {count} {key_len}"
        );
    }
}

#[test]
fn a_key_gnupg_protected_unlocks_with_a_derived_key() {
    // GnuPG's default: SHA-1, AES-128, 65011712 octets, SHA-1 checksum.
    let sec = read("keys/bob_cv25519_protected_sec.asc");
    let pass = read_line("keys/bob_cv25519_protected.passphrase.txt");
    let specs = s2k_specs(&sec).unwrap();
    assert!(
        specs
            .iter()
            .all(|s| s.hash == "SHA-1" && s.count == 65_011_712 && s.key_len == 16)
    );
    let mut req = encrypt_req(b"for bob");
    req.recipients = vec![buf(read("keys/bob_cv25519_protected_pub.asc"))];
    let msg = encrypt(&req).unwrap().message;
    let open = |derived_keys: Vec<DerivedKey>| {
        let mut d = decrypt_req(&msg);
        d.keys = vec![SecretKeyInput {
            derived_keys,
            key: buf(sec.clone()),
            passphrase: None,
        }];
        decrypt(&d).map(|o| o.plaintext)
    };
    assert_eq!(open(derived_for(&sec, &pass)).unwrap(), b"for bob");
    assert_eq!(code(open(derived_for(&sec, "not it"))), "bad-passphrase");
    assert_eq!(code(open(Vec::new())), "key-locked");
}

#[test]
fn a_derived_key_signs_with_an_rsa_key() {
    let sec = read("keys/dave_rsa3072_protected_sec.asc");
    let pass = read_line("keys/dave_rsa3072_protected.passphrase.txt");
    let key = SecretKeyInput {
        derived_keys: derived_for(&sec, &pass),
        key: buf(sec.clone()),
        passphrase: None,
    };
    assert!(sign(&sign_req(b"hello", key, SignMode::Cleartext)).is_ok());
}

fn generate_derived(profile: KeyProfile, pass: &str) -> GeneratedKey {
    let spec = s2k_fresh().unwrap();
    assert_eq!(
        (spec.hash.as_str(), spec.key_len, spec.salt.len()),
        ("SHA-256", 32, 8)
    );
    generate_key(&GenerateRequest {
        derived_key: Some(derived(&spec, pass)),
        user_ids: vec!["Eve <eve@example.org>".into()],
        profile,
        passphrase: None,
        validity_seconds: None,
        signing_only: false,
        now_ms: NOW_MS - DAY_MS,
    })
    .unwrap()
}

fn round_trip(k: &GeneratedKey, key: SecretKeyInput) -> sealpost::Result<Vec<u8>> {
    let mut req = encrypt_req(b"round trip");
    req.recipients = vec![buf(k.public_key.clone())];
    let msg = encrypt(&req).unwrap().message;
    let mut d = decrypt_req(&msg);
    d.keys = vec![key];
    decrypt(&d).map(|o| o.plaintext)
}

#[test]
fn a_key_protected_with_a_derived_key_unlocks_with_its_passphrase() {
    for profile in [KeyProfile::Cv25519, KeyProfile::Rfc9580] {
        let k = generate_derived(profile, "correct horse");
        let sec = k.secret_key.as_bytes();
        let info = inspect_keys(sec, NOW_MS).unwrap();
        assert!(info[0].secret_protected, "{profile:?}");
        // sequoia's own derivation opens it, and so does a derived key.
        let plain = |p: &str| SecretKeyInput {
            derived_keys: vec![],
            key: buf(sec),
            passphrase: Some(p.into()),
        };
        assert_eq!(
            round_trip(&k, plain("correct horse")).unwrap(),
            b"round trip"
        );
        assert_eq!(code(round_trip(&k, plain("wrong"))), "bad-passphrase");
        let fast = SecretKeyInput {
            derived_keys: derived_for(sec, "correct horse"),
            key: buf(sec),
            passphrase: None,
        };
        assert_eq!(round_trip(&k, fast).unwrap(), b"round trip");
    }
}

#[test]
fn a_v6_key_sequoia_protected_with_aead_unlocks_with_a_derived_key() {
    let k = generate(
        KeyProfile::Rfc9580,
        "Vera <vera@example.org>",
        Some("aead pass"),
    );
    let sec = k.secret_key.as_bytes();
    let ok = SecretKeyInput {
        derived_keys: derived_for(sec, "aead pass"),
        key: buf(sec),
        passphrase: None,
    };
    assert_eq!(round_trip(&k, ok).unwrap(), b"round trip");
    let bad = SecretKeyInput {
        derived_keys: derived_for(sec, "nope"),
        key: buf(sec),
        passphrase: None,
    };
    assert_eq!(code(round_trip(&k, bad)), "bad-passphrase");
}

#[test]
fn a_new_passphrase_set_with_a_derived_key() {
    let k = generate(KeyProfile::Cv25519, "Finn <finn@example.org>", Some("old"));
    let sec = k.secret_key.as_bytes();
    let spec = s2k_fresh().unwrap();
    let out = change_key_passphrase(&ChangePassphraseRequest {
        old_derived_keys: derived_for(sec, "old"),
        new_derived_key: Some(derived(&spec, "new")),
        key: buf(sec),
        old_passphrases: vec![],
        new_passphrase: None,
        armor: true,
        now_ms: NOW_MS,
    })
    .unwrap();
    let plain = SecretKeyInput {
        derived_keys: vec![],
        key: buf(out.clone()),
        passphrase: Some("new".into()),
    };
    assert_eq!(round_trip(&k, plain).unwrap(), b"round trip");
    let old = SecretKeyInput {
        derived_keys: vec![],
        key: buf(out),
        passphrase: Some("old".into()),
    };
    assert_eq!(code(round_trip(&k, old)), "bad-passphrase");
}

#[test]
fn a_derived_key_that_no_s2k_could_have_is_refused() {
    let mut spec = s2k_fresh().unwrap();
    spec.count = 1000;
    let req = GenerateRequest {
        derived_key: Some(derived(&spec, "p")),
        user_ids: vec!["G <g@example.org>".into()],
        profile: KeyProfile::Cv25519,
        passphrase: None,
        validity_seconds: None,
        signing_only: false,
        now_ms: NOW_MS,
    };
    assert_eq!(code(generate_key(&req)), "invalid-argument");
}
