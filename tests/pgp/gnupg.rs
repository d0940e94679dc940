//! Interoperability: GnuPG reads what Sealpost writes.

use super::*;

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
    let msg = encrypt(&req).unwrap().message;
    let (ok, out) = gpg(&home, &["--decrypt"], &msg).unwrap();
    assert!(ok);
    assert_eq!(out, b"from sealpost to gnupg\n");

    // And a key we generate, with a signature GnuPG checks.
    let k = generate(KeyProfile::Cv25519, "Gen <gen@example.org>", None);
    assert!(
        gpg(&home, &["--import"], k.secret_key.as_bytes())
            .unwrap()
            .0
    );
    let mut req = encrypt_req(b"to the generated key");
    req.recipients = vec![buf(k.public_key.clone())];
    let (ok, out) = gpg(&home, &["--decrypt"], &encrypt(&req).unwrap().message).unwrap();
    assert!(ok, "GnuPG must read messages to keys we generate (SEIPDv1)");
    assert_eq!(out, b"to the generated key");
    let clear = sign(&sign_req(
        b"signed text\n",
        SecretKeyInput {
            derived_keys: Vec::new(),
            key: buf(k.secret_key.clone()),
            passphrase: None,
        },
        SignMode::Cleartext,
    ))
    .unwrap()
    .output
    .into_bytes();
    assert!(gpg(&home, &["--verify"], &clear).unwrap().0);
    // Stop the agent GnuPG started for this home directory.
    let _ = std::process::Command::new("gpgconf")
        .arg("--homedir")
        .arg(&home)
        .args(["--kill", "gpg-agent"])
        .status();
    let _ = std::fs::remove_dir_all(&home);
}

/// GnuPG's default key until 2009 (DSA primary, ElGamal subkey), both
/// ways: GnuPG reads what we encrypt to it and checks what we sign with it.
#[test]
fn gnupg_reads_what_we_write_to_and_sign_with_a_dsa_elgamal_key() {
    let home = std::env::temp_dir().join(format!("sealpost-gpg-elg-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let sec = "keys/olga_dsa2048_elg2048_sec.asc";
    let Some((ok, _)) = gpg(&home, &["--import"], &read(sec)) else {
        return;
    };
    assert!(ok);
    let mut req = encrypt_req(b"to an old key\n");
    req.recipients = vec![buf(read("keys/olga_dsa2048_elg2048_pub.asc"))];
    req.signers = vec![secret(sec, None)];
    let sealed = encrypt(&req).unwrap();
    assert_eq!((sealed.seipd, sealed.symmetric.as_str()), (1, "AES-256"));
    let (ok, out) = gpg(&home, &["--decrypt"], &sealed.message).unwrap();
    assert!(ok, "GnuPG must decrypt a message to its ElGamal subkey");
    assert_eq!(out, b"to an old key\n");

    // And we read it back, with the DSA signature good.
    let mut d = decrypt_req(&sealed.message);
    d.keys = vec![secret(sec, None)];
    d.verify_with = vec![buf(read("keys/olga_dsa2048_elg2048_pub.asc"))];
    let opened = decrypt(&d).unwrap();
    assert_eq!(opened.plaintext.as_slice(), b"to an old key\n");
    let statuses: Vec<&str> = opened
        .verifications
        .iter()
        .map(|v| v.status.as_str())
        .collect();
    assert_eq!(statuses, ["good"]);
    let _ = std::process::Command::new("gpgconf")
        .arg("--homedir")
        .arg(&home)
        .args(["--kill", "gpg-agent"])
        .status();
    let _ = std::fs::remove_dir_all(&home);
}

/// A recipient whose key lists only AES-128 and SHA-256 (`setpref AES
/// SHA256`) gets an AES-128 message with a SHA-256 signature, which GnuPG
/// reads; signing alone with that key uses SHA-256 too.
// See: every message was AES-256 and every signature SHA-512, whatever the
// keys asked for.
#[test]
fn the_recipients_preferences_choose_the_cipher_and_the_hash() {
    let home = std::env::temp_dir().join(format!("sealpost-gpg-pref-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let pia = "keys/pia_prefers_aes128_sha256_sec.asc";
    let Some((ok, _)) = gpg(&home, &["--import"], &read(pia)) else {
        return;
    };
    assert!(ok);
    let alice = gpg(&home, &["--import"], &read("keys/alice_cv25519_pub.asc"));
    assert!(alice.unwrap().0);
    let mut req = encrypt_req(b"as Pia asks\n");
    req.recipients = vec![buf(read("keys/pia_prefers_aes128_sha256_pub.asc"))];
    req.signers = vec![secret("keys/alice_cv25519_sec.asc", None)];
    let sealed = encrypt(&req).unwrap();
    assert_eq!(sealed.symmetric, "AES-128");
    let (_, packets) = gpg(&home, &["--list-packets"], &sealed.message).unwrap();
    let packets = String::from_utf8_lossy(&packets);
    assert!(packets.contains("digest algo 8,"), "{packets}");
    let (ok, out) = gpg(&home, &["--decrypt"], &sealed.message).unwrap();
    assert!(ok);
    assert_eq!(out, b"as Pia asks\n");

    // Passwords only: nothing narrows the choice.
    let mut req = encrypt_req(b"x");
    req.passwords = vec!["pw".into()];
    assert_eq!(encrypt(&req).unwrap().symmetric, "AES-256");
    let signed = sign(&sign_req(b"x", secret(pia, None), SignMode::Detached)).unwrap();
    assert_eq!(signed.hash, "SHA256");
    let signed = sign(&sign_req(
        b"x",
        secret("keys/alice_cv25519_sec.asc", None),
        SignMode::Detached,
    ))
    .unwrap();
    assert_eq!(signed.hash, "SHA512");
    let _ = std::process::Command::new("gpgconf")
        .arg("--homedir")
        .arg(&home)
        .args(["--kill", "gpg-agent"])
        .status();
    let _ = std::fs::remove_dir_all(&home);
}
