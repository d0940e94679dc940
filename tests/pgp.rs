//! Integration tests of `sealpost::pgp`: vector files from GnuPG, round
//! trips for every operation and key type, and the refusals.
#![cfg(feature = "pgp")]

use std::path::{Path, PathBuf};

use sealpost::Error;
use sealpost::pgp::*;
use serde_bytes::ByteBuf;

/// 2026-11-29T12:00:00Z, the fixed "now" of every test.
const NOW_MS: f64 = 1_795_953_600_000.0;
const DAY_MS: f64 = 86_400_000.0;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pgp")
}

fn read(rel: &str) -> Vec<u8> {
    let p = dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read_line(rel: &str) -> String {
    String::from_utf8(read(rel))
        .unwrap()
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

fn buf(b: impl Into<Vec<u8>>) -> ByteBuf {
    ByteBuf::from(b.into())
}

fn secret(rel: &str, passphrase: Option<&str>) -> SecretKeyInput {
    SecretKeyInput {
        key: buf(read(rel)),
        passphrase: passphrase.map(String::from),
    }
}

fn encrypt_req(plaintext: &[u8]) -> EncryptRequest {
    EncryptRequest {
        plaintext: buf(plaintext),
        recipients: vec![],
        passwords: vec![],
        signers: vec![],
        armor: true,
        profile: "auto".into(),
        filename: None,
        mode: "binary".into(),
        now_ms: NOW_MS,
    }
}

fn decrypt_req(message: &[u8]) -> DecryptRequest {
    DecryptRequest {
        message: buf(message),
        keys: vec![],
        passwords: vec![],
        verify_with: vec![],
        now_ms: NOW_MS,
    }
}

fn verify_req(data: &[u8], signature: Option<&[u8]>, certs: &[&[u8]]) -> VerifyRequest {
    VerifyRequest {
        data: buf(data),
        signature: signature.map(buf),
        certs: certs.iter().map(|c| buf(*c)).collect(),
        not_before_ms: None,
        not_after_ms: None,
        now_ms: NOW_MS,
    }
}

fn sign_req(data: &[u8], key: SecretKeyInput, mode: &str) -> SignRequest {
    SignRequest {
        data: buf(data),
        signers: vec![key],
        mode: mode.into(),
        armor: true,
        text: false,
        now_ms: NOW_MS,
    }
}

fn generate(profile: &str, uid: &str, passphrase: Option<&str>) -> GeneratedKey {
    generate_key(&GenerateRequest {
        user_ids: vec![uid.into()],
        profile: profile.into(),
        passphrase: passphrase.map(String::from),
        validity_seconds: None,
        signing_only: false,
        now_ms: NOW_MS - DAY_MS,
    })
    .unwrap()
}

fn code<T: std::fmt::Debug>(r: sealpost::Result<T>) -> &'static str {
    r.expect_err("expected an error").code()
}

// --- Vector files ----------------------------------------------------------

/// One `messages/*.case` file: what to do with a message and what must
/// come out.
#[derive(Default, Debug)]
struct Case {
    op: String,
    message: String,
    keys: Vec<(String, Option<String>)>,
    passwords: Vec<String>,
    certs: Vec<String>,
    data: Option<String>,
    expect: Option<String>,
    expect_error: Option<String>,
    expect_status: Option<String>,
    expect_seipd: Option<u8>,
    expect_symmetric: Option<String>,
    expect_compressed: Option<bool>,
}

fn parse_case(text: &str) -> Case {
    let mut c = Case::default();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (k, v) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("bad line {line:?}"));
        let v = v.trim().to_string();
        match k.trim() {
            "op" => c.op = v,
            "message" => c.message = v,
            "key" => c.keys.push((v, None)),
            "passphrase-file" => {
                c.keys.last_mut().expect("key before passphrase").1 = Some(read_line(&v))
            }
            "password-file" => c.passwords.push(read_line(&v)),
            "cert" => c.certs.push(v),
            "data" => c.data = Some(v),
            "expect" => c.expect = Some(v),
            "expect-error" => c.expect_error = Some(v),
            "expect-status" => c.expect_status = Some(v),
            "expect-seipd" => c.expect_seipd = Some(v.parse().unwrap()),
            "expect-symmetric" => c.expect_symmetric = Some(v),
            "expect-compressed" => c.expect_compressed = Some(v.parse().unwrap()),
            other => panic!("unknown key {other:?}"),
        }
    }
    c
}

fn cases() -> Vec<(String, Case)> {
    let mut out: Vec<_> = std::fs::read_dir(dir().join("messages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                parse_case(&String::from_utf8(std::fs::read(&p).unwrap()).unwrap()),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn run_case(name: &str, c: &Case) {
    let message = read(&format!("messages/{}", c.message));
    let certs: Vec<ByteBuf> = c.certs.iter().map(|p| buf(read(p))).collect();
    match c.op.as_str() {
        "decrypt" => {
            let req = DecryptRequest {
                message: buf(message),
                keys: c
                    .keys
                    .iter()
                    .map(|(k, p)| secret(k, p.as_deref()))
                    .collect(),
                passwords: c.passwords.clone(),
                verify_with: certs,
                now_ms: NOW_MS,
            };
            let result = decrypt(&req);
            if let Some(want) = &c.expect_error {
                match result {
                    Err(e) => assert_eq!(e.code(), want, "{name}: {e}"),
                    Ok(d) => panic!(
                        "{name}: expected {want}, got {} bytes of plaintext",
                        d.plaintext.len()
                    ),
                }
                return;
            }
            let d = result.unwrap_or_else(|e| panic!("{name}: {e} ({})", e.code()));
            if let Some(p) = &c.expect {
                assert_eq!(d.plaintext, read(p), "{name}");
            }
            if let Some(s) = c.expect_seipd {
                assert_eq!(d.seipd, s, "{name}");
            }
            if let Some(s) = &c.expect_symmetric {
                assert_eq!(&d.symmetric, s, "{name}");
            }
            if let Some(z) = c.expect_compressed {
                assert_eq!(d.compressed, z, "{name}");
            }
            if let Some(status) = &c.expect_status {
                assert_eq!(d.verifications.len(), 1, "{name}");
                assert_eq!(
                    &d.verifications[0].status, status,
                    "{name}: {:?}",
                    d.verifications
                );
            }
        }
        "verify" => {
            let req = VerifyRequest {
                data: buf(match &c.data {
                    Some(d) => read(d),
                    None => message.clone(),
                }),
                signature: c.data.as_ref().map(|_| buf(message.clone())),
                certs,
                not_before_ms: None,
                not_after_ms: None,
                now_ms: NOW_MS,
            };
            let result = verify(&req);
            if let Some(want) = &c.expect_error {
                assert_eq!(code(result), want, "{name}");
                return;
            }
            let v = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            if let Some(p) = &c.expect {
                assert_eq!(v.plaintext.as_deref(), Some(&read(p)[..]), "{name}");
            }
            let status = c
                .expect_status
                .as_deref()
                .expect("verify cases say the status");
            assert_eq!(v.verifications.len(), 1, "{name}");
            assert_eq!(
                v.verifications[0].status, status,
                "{name}: {:?}",
                v.verifications
            );
            assert_eq!(v.good, status == "good", "{name}");
        }
        other => panic!("{name}: unknown op {other:?}"),
    }
}

#[test]
fn every_vector_behaves_as_its_case_file_says() {
    let cases = cases();
    assert!(cases.len() >= 25, "only {} cases", cases.len());
    for (name, case) in &cases {
        run_case(name, case);
    }
}

#[test]
fn every_message_file_has_a_case() {
    let used: Vec<String> = cases()
        .iter()
        .flat_map(|(_, c)| [Some(c.message.clone()), c.data.clone(), c.expect.clone()])
        .flatten()
        .map(|p| p.trim_start_matches("messages/").to_string())
        .collect();
    for e in std::fs::read_dir(dir().join("messages")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".case") || name.ends_with("password.txt") {
            continue;
        }
        assert!(used.contains(&name), "{name} is not used by any .case file");
    }
}

#[test]
fn fail_vectors_yield_no_plaintext_and_the_named_error() {
    let mut n = 0;
    for (name, case) in cases() {
        if name.starts_with("fail_") {
            assert!(case.expect_error.is_some(), "{name} must name its error");
            assert!(case.expect.is_none(), "{name} must not expect plaintext");
            n += 1;
        } else {
            assert!(
                case.expect_error.is_none(),
                "{name}: failures are named fail_*"
            );
        }
    }
    assert!(n >= 8);
}

// --- Inspecting keys ---------------------------------------------------------

#[test]
fn inspects_a_cv25519_cert() {
    let infos = inspect_keys(&read("keys/alice_cv25519_pub.asc"), NOW_MS).unwrap();
    assert_eq!(infos.len(), 1);
    let k = &infos[0];
    assert_eq!(k.version, 4);
    assert_eq!(k.algorithm, "EdDSA Ed25519");
    assert_eq!(
        k.primary_user_id.as_deref(),
        Some("Alice Example <alice@example.org>")
    );
    assert_eq!(
        k.user_ids,
        vec!["Alice Example <alice@example.org>".to_string()]
    );
    assert_eq!(k.created, "2025-01-01T00:00:00Z");
    assert_eq!(k.expires, None);
    assert!(!k.expired && !k.revoked && !k.has_secret && !k.secret_protected);
    assert!(k.can_encrypt.ok, "{}", k.can_encrypt.reason);
    assert!(
        k.can_encrypt.reason.starts_with("Yes: subkey "),
        "{}",
        k.can_encrypt.reason
    );
    assert!(k.can_sign.ok);
    assert!(!k.supports_rfc9580);
    assert_eq!(k.fingerprint_hex.len(), 40);
    assert_eq!(k.fingerprint.split(' ').count(), 10);
    assert_eq!(k.fingerprint.replace(' ', ""), k.fingerprint_hex);
    assert!(k.fingerprint_hex.ends_with(&k.key_id));
    assert_eq!(k.subkeys.len(), 2);
    let enc = k
        .subkeys
        .iter()
        .find(|s| s.usage.contains(&"encrypt-communications".into()))
        .unwrap();
    assert_eq!(enc.algorithm, "ECDH Cv25519");
    assert!(enc.valid);
    assert!(k.cert.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
}

#[test]
fn inspects_rsa_and_secret_keys_without_leaking_secrets() {
    let k = &inspect_keys(&read("keys/carol_rsa3072_sec.asc"), NOW_MS).unwrap()[0];
    assert_eq!(k.algorithm, "RSA");
    assert_eq!(k.bits, Some(3072));
    assert!(k.has_secret && !k.secret_protected);
    assert!(k.cert.contains("PUBLIC KEY BLOCK") && !k.cert.contains("PRIVATE"));
    // The exported certificate is public only.
    let back = &inspect_keys(k.cert.as_bytes(), NOW_MS).unwrap()[0];
    assert!(!back.has_secret);
    assert_eq!(back.fingerprint, k.fingerprint);

    let bob = &inspect_keys(&read("keys/bob_cv25519_protected_sec.asc"), NOW_MS).unwrap()[0];
    assert!(bob.has_secret && bob.secret_protected);
}

#[test]
fn inspects_several_concatenated_armored_certs_and_binary() {
    let infos = inspect_keys(&read("keys/two_certs_concatenated.asc"), NOW_MS).unwrap();
    let uids: Vec<_> = infos
        .iter()
        .map(|k| k.primary_user_id.clone().unwrap())
        .collect();
    assert_eq!(
        uids,
        [
            "Alice Example <alice@example.org>",
            "Carol Example <carol@example.org>"
        ]
    );

    let binary = dearmor(&read("keys/carol_rsa3072_pub.asc")).unwrap();
    assert_ne!(binary[0], b'-');
    assert_eq!(inspect_keys(&binary, NOW_MS).unwrap()[0].bits, Some(3072));
}

#[test]
fn inspect_says_expired_and_revoked() {
    let erin = &inspect_keys(&read("keys/erin_expired_pub.asc"), NOW_MS).unwrap()[0];
    assert!(erin.expired);
    assert_eq!(erin.expires.as_deref(), Some("2025-06-30T00:00:00Z"));
    assert!(!erin.can_encrypt.ok);
    assert_eq!(
        erin.can_encrypt.reason,
        "No: the key expired on 2025-06-30."
    );
    // Before it expired, it was fine.
    let then =
        &inspect_keys(&read("keys/erin_expired_pub.asc"), NOW_MS - 600.0 * DAY_MS).unwrap()[0];
    assert!(!then.expired && then.can_encrypt.ok);

    let frank = &inspect_keys(&read("keys/frank_revoked_pub.asc"), NOW_MS).unwrap()[0];
    assert!(frank.revoked);
    assert_eq!(
        frank.revocation_reason.as_deref(),
        Some("Key is retired and no longer used: No longer used")
    );
    assert!(!frank.can_encrypt.ok && frank.can_encrypt.reason.contains("revoked"));
    assert!(frank.subkeys.iter().all(|s| !s.valid));
}

#[test]
fn inspect_refuses_what_is_not_a_key() {
    assert_eq!(code(inspect_keys(b"hello world", NOW_MS)), "not-openpgp");
    assert_eq!(code(inspect_keys(b"", NOW_MS)), "not-openpgp");
    assert_eq!(
        code(inspect_keys(&read("messages/password_aes256.asc"), NOW_MS)),
        "malformed-key"
    );
    assert_eq!(
        code(inspect_keys(
            b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!!\n-----END PGP PUBLIC KEY BLOCK-----\n",
            NOW_MS
        )),
        "malformed-key"
    );
    assert_eq!(
        code(inspect_keys(&read("keys/alice_cv25519_pub.asc"), f64::NAN)),
        "invalid-argument"
    );
}

// --- Generation and round trips ----------------------------------------------

fn round_trip(profile: &str) {
    let alice = generate(profile, "Alice <alice@example.org>", None);
    let info = &inspect_keys(alice.public_key.as_bytes(), NOW_MS).unwrap()[0];
    assert_eq!(info.fingerprint, alice.fingerprint);
    assert!(info.can_encrypt.ok && info.can_sign.ok, "{info:?}");

    // Encrypt and decrypt.
    let mut req = encrypt_req(b"attack at dawn");
    req.recipients = vec![buf(alice.public_key.clone())];
    req.filename = Some("plan.txt".into());
    let msg = encrypt(&req).unwrap();
    let mut d = decrypt_req(&msg);
    d.keys = vec![SecretKeyInput {
        key: buf(alice.secret_key.clone()),
        passphrase: None,
    }];
    let out = decrypt(&d).unwrap();
    assert_eq!(out.plaintext, b"attack at dawn");
    assert_eq!(out.filename.as_deref(), Some("plan.txt"));
    assert_eq!(out.symmetric, "AES-256");
    assert_eq!(out.seipd, if profile == "rfc9580" { 2 } else { 1 });
    assert!(out.verifications.is_empty());

    // Sign and verify, all three modes.
    let key = || SecretKeyInput {
        key: buf(alice.secret_key.clone()),
        passphrase: None,
    };
    let data = b"I agree.\nSigned, Alice\n";
    let cert = alice.public_key.as_bytes();
    let sig = sign(&sign_req(data, key(), "detached")).unwrap();
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

    let inline = sign(&sign_req(data, key(), "inline")).unwrap();
    assert!(inline.starts_with(b"-----BEGIN PGP MESSAGE-----"));
    let v = verify(&verify_req(&inline, None, &[cert])).unwrap();
    assert!(v.good);
    assert_eq!(v.plaintext.as_deref(), Some(&data[..]));

    let clear = sign(&sign_req(data, key(), "cleartext")).unwrap();
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
    round_trip("cv25519");
}

#[test]
fn round_trip_rfc9580() {
    round_trip("rfc9580");
}

#[test]
fn round_trip_gnupg_rsa3072_keys() {
    let carol = || secret("keys/carol_rsa3072_sec.asc", None);
    let cert = read("keys/carol_rsa3072_pub.asc");
    let mut req = encrypt_req(b"to carol");
    req.recipients = vec![buf(cert.clone())];
    req.signers = vec![carol()];
    let msg = encrypt(&req).unwrap();
    let mut d = decrypt_req(&msg);
    d.keys = vec![carol()];
    let out = decrypt(&d).unwrap();
    assert_eq!(out.plaintext, b"to carol");
    assert_eq!(out.verifications.len(), 1);
    assert_eq!(out.verifications[0].status, "good");
    for mode in ["detached", "inline", "cleartext"] {
        let s = sign(&sign_req(b"rsa text\n", carol(), mode)).unwrap();
        let v = if mode == "detached" {
            verify(&verify_req(b"rsa text\n", Some(&s), &[&cert]))
        } else {
            verify(&verify_req(&s, None, &[&cert]))
        };
        assert!(v.unwrap().good, "{mode}");
    }
}

#[test]
fn generated_default_keys_speak_seipdv1_and_rfc9580_keys_v6() {
    let v4 = generate("cv25519", "a@example.org", None);
    let info = &inspect_keys(v4.public_key.as_bytes(), NOW_MS).unwrap()[0];
    assert_eq!(info.version, 4);
    assert!(!info.supports_rfc9580);
    assert_eq!(info.algorithm, "EdDSA Ed25519");
    let expires = info.expires.as_deref().unwrap();
    assert!(expires.starts_with("2029-11-2"), "{expires}");

    let v6 = generate("rfc9580", "b@example.org", None);
    let info = &inspect_keys(v6.public_key.as_bytes(), NOW_MS).unwrap()[0];
    assert_eq!(info.version, 6);
    assert!(info.supports_rfc9580);
    assert_eq!(info.fingerprint_hex.len(), 64);
    assert_eq!(info.algorithm, "Ed25519");

    // Validity: 0 never expires; signing-only keys cannot be encrypted to.
    let forever = generate_key(&GenerateRequest {
        user_ids: vec!["c@example.org".into()],
        profile: "cv25519".into(),
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
        user_ids: vec!["a@example.org".into()],
        profile: "cv25519".into(),
        passphrase: None,
        validity_seconds: None,
        signing_only: false,
        now_ms: NOW_MS,
    };
    let mut r = base();
    r.user_ids = vec![];
    assert_eq!(code(generate_key(&r)), "invalid-argument");
    let mut r = base();
    r.profile = "dsa1024".into();
    assert_eq!(code(generate_key(&r)), "invalid-argument");
    let mut r = base();
    r.validity_seconds = Some(-5.0);
    assert_eq!(code(generate_key(&r)), "invalid-argument");
    let mut r = base();
    r.passphrase = Some(String::new());
    assert_eq!(code(generate_key(&r)), "invalid-argument");
}

#[test]
fn revocation_certificate_revokes() {
    let k = generate("cv25519", "r@example.org", None);
    let info = &inspect_keys(k.revocation.as_bytes(), NOW_MS).unwrap()[0];
    assert!(info.revoked);
    assert_eq!(info.fingerprint, k.fingerprint);
}

// --- Encryption choices and refusals -------------------------------------------

#[test]
fn password_messages_round_trip_and_pick_seipd_by_profile() {
    for (profile, seipd) in [("auto", 1), ("rfc4880", 1), ("rfc9580", 2)] {
        let mut req = encrypt_req(b"secret recipe");
        req.passwords = vec!["correct horse".into()];
        req.profile = profile.into();
        req.armor = false;
        let msg = encrypt(&req).unwrap();
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
    let v4 = generate("cv25519", "v4@example.org", None);
    let v6 = generate("rfc9580", "v6@example.org", None);
    let open = |msg: &[u8], key: &GeneratedKey| {
        let mut d = decrypt_req(msg);
        d.keys = vec![SecretKeyInput {
            key: buf(key.secret_key.clone()),
            passphrase: None,
        }];
        decrypt(&d).unwrap()
    };
    let mut req = encrypt_req(b"hello");
    req.recipients = vec![buf(v6.public_key.clone())];
    assert_eq!(open(&encrypt(&req).unwrap(), &v6).seipd, 2);

    req.recipients = vec![buf(v6.public_key.clone()), buf(v4.public_key.clone())];
    let both = encrypt(&req).unwrap();
    assert_eq!(open(&both, &v6).seipd, 1);
    assert_eq!(open(&both, &v4).seipd, 1);

    req.profile = "rfc9580".into();
    assert_eq!(code(encrypt(&req)), "unsupported-profile");
    req.profile = "rfc4880".into();
    assert_eq!(code(encrypt(&req)), "unsupported-profile");
    req.recipients = vec![buf(v4.public_key.clone())];
    assert_eq!(open(&encrypt(&req).unwrap(), &v4).seipd, 1);
    req.profile = "pgp2".into();
    assert_eq!(code(encrypt(&req)), "invalid-argument");
}

#[test]
fn message_to_two_recipients_opens_for_each() {
    let a = generate("cv25519", "a@example.org", None);
    let b = generate("rfc9580", "b@example.org", None);
    let mut req = encrypt_req(b"for both of you");
    req.recipients = vec![buf(format!("{}{}", a.public_key, b.public_key))];
    let msg = encrypt(&req).unwrap();
    for k in [&a, &b] {
        let mut d = decrypt_req(&msg);
        d.keys = vec![SecretKeyInput {
            key: buf(k.secret_key.clone()),
            passphrase: None,
        }];
        assert_eq!(decrypt(&d).unwrap().plaintext, b"for both of you");
    }
    let c = generate("cv25519", "c@example.org", None);
    let mut d = decrypt_req(&msg);
    d.keys = vec![SecretKeyInput {
        key: buf(c.secret_key),
        passphrase: None,
    }];
    assert_eq!(code(decrypt(&d)), "wrong-key");
}

#[test]
fn signed_and_encrypted_verifies_good_and_reports_text_mode() {
    let alice = generate("cv25519", "Alice <alice@example.org>", Some("alice pass"));
    let bob = generate("cv25519", "Bob <bob@example.org>", None);
    let mut req = encrypt_req(b"Dear Bob,\nyes.\n");
    req.recipients = vec![buf(bob.public_key.clone())];
    req.signers = vec![SecretKeyInput {
        key: buf(alice.secret_key.clone()),
        passphrase: Some("alice pass".into()),
    }];
    req.mode = "text".into();
    let msg = encrypt(&req).unwrap();

    let mut d = decrypt_req(&msg);
    d.keys = vec![SecretKeyInput {
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
    req.mode = "utf-16".into();
    assert_eq!(code(encrypt(&req)), "invalid-argument");
}

#[test]
fn expired_and_revoked_keys_cannot_sign() {
    let erin = sign(&sign_req(
        b"x",
        secret("keys/erin_expired_sec.asc", None),
        "detached",
    ));
    assert_eq!(code(erin), "key-expired");
    let frank = sign(&sign_req(
        b"x",
        secret("keys/frank_revoked_sec.asc", None),
        "detached",
    ));
    assert_eq!(code(frank), "key-revoked");
    let public = sign(&sign_req(
        b"x",
        secret("keys/alice_cv25519_pub.asc", None),
        "detached",
    ));
    assert_eq!(code(public), "secret-key-missing");
    let mode = sign(&sign_req(
        b"x",
        secret("keys/alice_cv25519_sec.asc", None),
        "sideways",
    ));
    assert_eq!(code(mode), "invalid-argument");
}

// --- Integrity ------------------------------------------------------------------

/// Flips one byte at many places in the encrypted body: every result must
/// be an error and no plaintext, and past the packet headers it must be
/// "manipulated-message".
fn tamper_everywhere(profile: &str) {
    let k = generate(profile, "t@example.org", None);
    let mut req = encrypt_req(&[b'A'; 3000]);
    req.recipients = vec![buf(k.public_key.clone())];
    req.armor = false;
    let msg = encrypt(&req).unwrap();
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
    tamper_everywhere("cv25519");
}

#[test]
fn tampered_seipdv2_yields_manipulated_message_and_nothing_else() {
    tamper_everywhere("rfc9580");
}

#[test]
fn truncated_message_is_refused() {
    let mut req = encrypt_req(&[7u8; 5000]);
    req.recipients = vec![buf(read("keys/alice_cv25519_pub.asc"))];
    req.armor = false;
    let msg = encrypt(&req).unwrap();
    let mut d = decrypt_req(&msg[..msg.len() - 100]);
    d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
    let e = decrypt(&d).unwrap_err();
    assert!(
        matches!(e, Error::ManipulatedMessage | Error::MalformedData(_)),
        "{e}"
    );
}

// --- Key management -----------------------------------------------------------

#[test]
fn changing_the_passphrase_locks_out_the_old_one() {
    let k = generate("cv25519", "p@example.org", Some("old pass"));
    let mut req = encrypt_req(b"locked box");
    req.recipients = vec![buf(k.public_key.clone())];
    let msg = encrypt(&req).unwrap();
    let open = |key: &[u8], pass: Option<&str>| {
        let mut d = decrypt_req(&msg);
        d.keys = vec![SecretKeyInput {
            key: buf(key),
            passphrase: pass.map(String::from),
        }];
        decrypt(&d).map(|o| o.plaintext)
    };
    assert_eq!(
        open(k.secret_key.as_bytes(), Some("old pass")).unwrap(),
        b"locked box"
    );
    assert_eq!(code(open(k.secret_key.as_bytes(), None)), "key-locked");

    let change = |key: &[u8], old: &[&str], new: Option<&str>| {
        change_key_password(&ChangePasswordRequest {
            key: buf(key),
            old_passphrases: old.iter().map(|s| s.to_string()).collect(),
            new_passphrase: new.map(String::from),
            armor: true,
            now_ms: NOW_MS,
        })
    };
    assert_eq!(
        code(change(k.secret_key.as_bytes(), &["wrong"], Some("x"))),
        "bad-passphrase"
    );
    assert_eq!(
        code(change(k.secret_key.as_bytes(), &[], Some("x"))),
        "key-locked"
    );
    assert_eq!(
        code(change(k.public_key.as_bytes(), &[], Some("x"))),
        "secret-key-missing"
    );
    assert_eq!(
        code(change(k.secret_key.as_bytes(), &["old pass"], Some(""))),
        "invalid-argument"
    );

    let renewed = change(
        k.secret_key.as_bytes(),
        &["wrong", "old pass"],
        Some("new pass"),
    )
    .unwrap();
    assert!(renewed.starts_with(b"-----BEGIN PGP PRIVATE KEY BLOCK-----"));
    assert_eq!(code(open(&renewed, Some("old pass"))), "bad-passphrase");
    assert_eq!(open(&renewed, Some("new pass")).unwrap(), b"locked box");

    // Removing the protection.
    let bare = change(&renewed, &["new pass"], None).unwrap();
    assert!(!inspect_keys(&bare, NOW_MS).unwrap()[0].secret_protected);
    assert_eq!(open(&bare, None).unwrap(), b"locked box");
}

#[test]
fn gnupg_protected_keys_unlock_and_change_passphrase() {
    let pass = read_line("keys/dave_rsa3072_protected.passphrase.txt");
    let out = change_key_password(&ChangePasswordRequest {
        key: buf(read("keys/dave_rsa3072_protected_sec.asc")),
        old_passphrases: vec![pass],
        new_passphrase: Some("fresh".into()),
        armor: false,
        now_ms: NOW_MS,
    })
    .unwrap();
    let mut d = decrypt_req(&read("messages/to_dave_rsa_protected.asc"));
    d.keys = vec![SecretKeyInput {
        key: buf(out),
        passphrase: Some("fresh".into()),
    }];
    assert_eq!(decrypt(&d).unwrap().plaintext, read("messages/hello.txt"));
}

#[test]
fn revoked_key_reads_revoked_and_cannot_be_encrypted_to() {
    let k = generate("cv25519", "gone@example.org", Some("pw"));
    let revoke = |pass: &[&str]| {
        revoke_key(&RevokeRequest {
            key: buf(k.secret_key.clone()),
            passphrases: pass.iter().map(|s| s.to_string()).collect(),
            reason: Some("Moved to a new key".into()),
            armor: true,
            now_ms: NOW_MS,
        })
    };
    assert_eq!(code(revoke(&[])), "key-locked");
    assert_eq!(code(revoke(&["bad"])), "bad-passphrase");
    let revoked = revoke(&["pw"]).unwrap();
    assert!(revoked.starts_with(b"-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    let info = &inspect_keys(&revoked, NOW_MS).unwrap()[0];
    assert!(info.revoked && !info.has_secret);
    assert_eq!(
        info.revocation_reason.as_deref(),
        Some("No reason specified: Moved to a new key")
    );
    assert!(!info.can_encrypt.ok);

    let mut req = encrypt_req(b"x");
    req.recipients = vec![buf(revoked.clone())];
    assert_eq!(code(encrypt(&req)), "key-revoked");

    // Old signatures by a key revoked without a reason no longer count.
    let sig = sign(&sign_req(
        b"old",
        SecretKeyInput {
            key: buf(k.secret_key.clone()),
            passphrase: Some("pw".into()),
        },
        "detached",
    ))
    .unwrap();
    let v = verify(&verify_req(b"old", Some(&sig), &[&revoked])).unwrap();
    assert_eq!(v.verifications[0].status, "revoked-key");
    assert!(!v.good);
}

#[test]
fn extract_cert_drops_secrets() {
    let both = [
        read("keys/alice_cv25519_sec.asc"),
        read("keys/carol_rsa3072_sec.asc"),
    ]
    .concat();
    let out = extract_cert(&ExtractRequest {
        key: buf(both),
        armor: true,
    })
    .unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    assert!(!text.contains("PRIVATE"));
    let infos = inspect_keys(&out, NOW_MS).unwrap();
    assert_eq!(infos.len(), 2);
    assert!(infos.iter().all(|k| !k.has_secret));
    let bin = extract_cert(&ExtractRequest {
        key: buf(read("keys/alice_cv25519_sec.asc")),
        armor: false,
    })
    .unwrap();
    assert_eq!(bin[0] & 0x80, 0x80);
    assert_eq!(
        code(extract_cert(&ExtractRequest {
            key: buf(b"no".to_vec()),
            armor: true
        })),
        "not-openpgp"
    );
}

// --- Armor and splitting ----------------------------------------------------------

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
        armor(&msg, Some("signature"))
            .unwrap()
            .starts_with(b"-----BEGIN PGP SIGNATURE-----")
    );
    assert_eq!(code(armor(&msg, Some("letter"))), "invalid-argument");
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
        "inline",
    ))
    .unwrap();
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

// --- Verification details -----------------------------------------------------------

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
        "detached",
    ));
    assert_eq!(code(erin), "key-expired");

    // A key valid for one day: a signature made while it was alive is
    // good, one dated after it expired is "expired-key".
    let then = NOW_MS - 600.0 * DAY_MS;
    let short = generate_key(&GenerateRequest {
        user_ids: vec!["Short <short@example.org>".into()],
        profile: "cv25519".into(),
        passphrase: None,
        validity_seconds: Some(86_400.0),
        signing_only: true,
        now_ms: then,
    })
    .unwrap();
    let key = || SecretKeyInput {
        key: buf(short.secret_key.clone()),
        passphrase: None,
    };
    let mut r = sign_req(b"old news", key(), "detached");
    r.now_ms = then + 1000.0;
    let sig = sign(&r).unwrap();
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

// --- Limits -------------------------------------------------------------------------

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
            "detached"
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

// --- Interoperability: GnuPG reads what we write ------------------------------------------

/// Runs GnuPG if it is installed; returns `None` (and says so) if not.
fn gpg(home: &Path, args: &[&str], stdin: &[u8]) -> Option<(bool, Vec<u8>)> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = match Command::new("gpg")
        .arg("--batch")
        .arg("--homedir")
        .arg(home)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            eprintln!("gpg is not installed; skipping the GnuPG interoperability check");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Some((out.status.success(), out.stdout))
}

#[test]
fn gnupg_decrypts_and_verifies_what_we_write() {
    let home = std::env::temp_dir().join(format!("sealpost-gpg-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let Some((ok, _)) = gpg(&home, &["--import"], &read("keys/alice_cv25519_sec.asc")) else {
        return;
    };
    assert!(ok);
    assert!(
        gpg(&home, &["--import"], &read("keys/carol_rsa3072_pub.asc"))
            .unwrap()
            .0
    );
    let mut req = encrypt_req(b"from sealpost to gnupg\n");
    req.recipients = vec![buf(read("keys/alice_cv25519_pub.asc"))];
    req.signers = vec![secret("keys/carol_rsa3072_sec.asc", None)];
    let msg = encrypt(&req).unwrap();
    let (ok, out) = gpg(&home, &["--decrypt"], &msg).unwrap();
    assert!(ok);
    assert_eq!(out, b"from sealpost to gnupg\n");

    // And a key we generate, with a signature GnuPG checks.
    let k = generate("cv25519", "Gen <gen@example.org>", None);
    assert!(
        gpg(&home, &["--import"], k.secret_key.as_bytes())
            .unwrap()
            .0
    );
    let mut req = encrypt_req(b"to the generated key");
    req.recipients = vec![buf(k.public_key.clone())];
    let (ok, out) = gpg(&home, &["--decrypt"], &encrypt(&req).unwrap()).unwrap();
    assert!(ok, "GnuPG must read messages to keys we generate (SEIPDv1)");
    assert_eq!(out, b"to the generated key");
    let clear = sign(&sign_req(
        b"signed text\n",
        SecretKeyInput {
            key: buf(k.secret_key.clone()),
            passphrase: None,
        },
        "cleartext",
    ))
    .unwrap();
    assert!(gpg(&home, &["--verify"], &clear).unwrap().0);
    // Stop the agent GnuPG started for this home directory.
    let _ = std::process::Command::new("gpgconf")
        .arg("--homedir")
        .arg(&home)
        .args(["--kill", "gpg-agent"])
        .status();
    let _ = std::fs::remove_dir_all(&home);
}

// --- Properties -------------------------------------------------------------------------

mod properties {
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
            req.mode = if text { "text" } else { "binary" }.into();
            req.armor = armored;
            let msg = encrypt(&req).unwrap();
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
            let mut msg = encrypt(&req).unwrap();
            let i = pos.index(msg.len());
            msg[i] ^= 1 << bit;
            let mut d = decrypt_req(&msg);
            d.keys = vec![secret("keys/alice_cv25519_sec.asc", None)];
            if let Ok(out) = decrypt(&d) {
                prop_assert_eq!(out.plaintext, b"the original words".to_vec());
            }
        }
    }
}

#[test]
fn rsa3072_generation_round_trips() {
    // Slow in debug builds (pure-Rust big numbers), so only once.
    let k = generate("rsa3072", "Rex <rex@example.org>", None);
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
        key: buf(k.secret_key.clone()),
        passphrase: None,
    }];
    req.recipients = vec![buf(k.public_key.clone())];
    let mut d = decrypt_req(&encrypt(&req).unwrap());
    d.keys = vec![SecretKeyInput {
        key: buf(k.secret_key.clone()),
        passphrase: None,
    }];
    d.verify_with = vec![buf(k.public_key.clone())];
    let out = decrypt(&d).unwrap();
    assert_eq!(out.plaintext, b"rsa round trip");
    assert_eq!(out.verifications.len(), 1);
    assert_eq!(out.verifications[0].status, "good");
}

#[test]
fn decrypting_with_only_the_public_key_says_the_secret_is_missing() {
    let mut d = decrypt_req(&read("messages/to_alice_uncompressed.pgp"));
    d.keys = vec![secret("keys/alice_cv25519_pub.asc", None)];
    assert_eq!(code(decrypt(&d)), "secret-key-missing");
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
    let msg = encrypt(&req).unwrap();
    let mut d = decrypt_req(&msg);
    d.passwords = vec![pass.into()];
    let shown = format!("{d:?} {:?}", decrypt(&d).unwrap());
    assert!(
        !shown.contains(pass) && !shown.contains("PLAINTEXT"),
        "{shown}"
    );
    let k = generate("cv25519", "d@example.org", Some(pass));
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
        "detached",
    );
    s.now_ms = NOW_MS;
    let e = sign(&s).unwrap_err();
    assert!(!e.to_string().contains(pass) && !format!("{e:?}").contains(pass));
}
