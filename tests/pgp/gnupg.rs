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
