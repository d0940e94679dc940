//! Key life: extending, setting and removing the expiry of a key and its
//! subkeys, checked by sequoia itself and by GnuPG.

use super::*;

use sequoia_openpgp as openpgp;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use openpgp::parse::Parse;
use openpgp::policy::StandardPolicy;

const YEAR_MS: f64 = 365.0 * DAY_MS;

fn expiry(
    key: &[u8],
    pass: &[&str],
    expires_ms: Option<f64>,
    now_ms: f64,
) -> sealpost::Result<Vec<u8>> {
    set_key_expiry(&ExpiryRequest {
        derived_keys: Vec::new(),
        key: buf(key),
        passphrases: pass.iter().map(|s| s.to_string()).collect(),
        expires_ms,
        armor: true,
        now_ms,
    })
}

fn at(ms: f64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms as u64)
}

/// The expiry of the primary key and of every subkey, as sequoia reads
/// them at `now_ms`, in whole seconds since 1970 (`None`: never).
fn expiries(key: &[u8], now_ms: f64) -> Vec<Option<u64>> {
    let cert = openpgp::Cert::from_bytes(key).unwrap();
    let p = StandardPolicy::new();
    let vc = cert.with_policy(&p, at(now_ms)).unwrap();
    vc.keys()
        .map(|ka| {
            ka.key_expiration_time()
                .map(|t| t.duration_since(UNIX_EPOCH).unwrap().as_secs())
        })
        .collect()
}

#[test]
fn extending_a_key_moves_the_expiry_of_the_key_and_its_subkeys() {
    let k = generate(KeyProfile::Cv25519, "life@example.org", Some("pass phrase"));
    let before = expiries(k.secret_key.as_bytes(), NOW_MS);
    assert_eq!(before.len(), 3, "primary, signing and encryption subkeys");
    assert!(before.iter().all(Option::is_some));

    let new = NOW_MS + 5.0 * YEAR_MS;
    let key = expiry(k.secret_key.as_bytes(), &["pass phrase"], Some(new), NOW_MS).unwrap();
    let want = (new / 1000.0) as u64;
    assert_eq!(expiries(&key, NOW_MS), vec![Some(want); 3]);
    let info = &inspect_keys(&key, NOW_MS).unwrap()[0];
    assert!(
        info.secret_protected,
        "the key stays protected by its passphrase"
    );
    assert_eq!(info.user_ids, vec!["life@example.org".to_string()]);
    // Alive after the old expiry, dead after the new one.
    let later = NOW_MS + 4.0 * YEAR_MS;
    let p = StandardPolicy::new();
    let cert = openpgp::Cert::from_bytes(&key).unwrap();
    assert!(cert.with_policy(&p, at(later)).unwrap().alive().is_ok());
    assert!(
        cert.with_policy(&p, at(new + DAY_MS))
            .unwrap()
            .alive()
            .is_err()
    );

    // Messages to the extended key still open with the same passphrase.
    let cert = extract_cert(&ExtractRequest {
        key: buf(key.clone()),
        armor: true,
    })
    .unwrap();
    let mut req = encrypt_req(b"still mine");
    req.recipients = vec![buf(cert)];
    let mut d = decrypt_req(&encrypt(&req).unwrap().message);
    d.keys = vec![SecretKeyInput {
        derived_keys: Vec::new(),
        key: buf(key.clone()),
        passphrase: Some("pass phrase".into()),
    }];
    assert_eq!(decrypt(&d).unwrap().plaintext, b"still mine");

    // Never expiring.
    let forever = expiry(&key, &["pass phrase"], None, NOW_MS + DAY_MS).unwrap();
    assert_eq!(expiries(&forever, NOW_MS + 2.0 * DAY_MS), vec![None; 3]);
}

#[test]
fn an_expired_key_comes_back_to_life() {
    let short = generate_key(&GenerateRequest {
        derived_key: None,
        user_ids: vec!["short@example.org".into()],
        profile: KeyProfile::Cv25519,
        passphrase: None,
        validity_seconds: Some(86_400.0),
        signing_only: false,
        now_ms: NOW_MS,
    })
    .unwrap();
    let later = NOW_MS + 30.0 * DAY_MS;
    assert!(inspect_keys(short.public_key.as_bytes(), later).unwrap()[0].expired);
    let key = expiry(
        short.secret_key.as_bytes(),
        &[],
        Some(later + YEAR_MS),
        later,
    )
    .unwrap();
    let info = &inspect_keys(&key, later).unwrap()[0];
    assert!(!info.expired);
    assert!(info.can_encrypt.ok, "{:?}", info.can_encrypt);
}

#[test]
fn expiry_changes_are_refused_plainly() {
    let k = generate(KeyProfile::Cv25519, "no@example.org", Some("right"));
    let key = k.secret_key.as_bytes();
    assert_eq!(
        code(expiry(key, &["wrong"], Some(NOW_MS + YEAR_MS), NOW_MS)),
        "bad-passphrase"
    );
    assert_eq!(
        code(expiry(key, &[], Some(NOW_MS + YEAR_MS), NOW_MS)),
        "key-locked"
    );
    assert_eq!(
        code(expiry(key, &["right"], Some(NOW_MS - DAY_MS), NOW_MS)),
        "invalid-argument"
    );
    assert_eq!(
        code(expiry(key, &["right"], Some(f64::NAN), NOW_MS)),
        "invalid-argument"
    );
    assert_eq!(
        code(expiry(
            k.public_key.as_bytes(),
            &["right"],
            Some(NOW_MS + YEAR_MS),
            NOW_MS
        )),
        "secret-key-missing"
    );
    let two = [k.secret_key.as_bytes(), b"\n", k.secret_key.as_bytes()].concat();
    assert_eq!(
        code(expiry(&two, &["right"], None, NOW_MS)),
        "invalid-argument"
    );
    assert_eq!(code(expiry(b"not a key", &[], None, NOW_MS)), "not-openpgp");
}

#[test]
fn gnupg_lists_the_new_expiry() {
    use std::process::{Command, Stdio};
    // GnuPG reads the clock: the key is made and extended at the real "now".
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as f64;
    let k = generate_key(&GenerateRequest {
        derived_key: None,
        user_ids: vec!["gpg-life@example.org".into()],
        profile: KeyProfile::Cv25519,
        passphrase: Some("gpg pass".into()),
        validity_seconds: Some(30.0 * 86_400.0),
        signing_only: false,
        now_ms: now_ms - 60_000.0,
    })
    .unwrap();
    let new = now_ms + 2.0 * YEAR_MS;
    let key = expiry(k.secret_key.as_bytes(), &["gpg pass"], Some(new), now_ms).unwrap();
    let cert = extract_cert(&ExtractRequest {
        key: buf(key),
        armor: true,
    })
    .unwrap();

    let home = std::env::temp_dir().join(format!("sealpost-gpg-expiry-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let gpg = |args: &[&str], input: &[u8]| {
        use std::io::Write;
        let mut child = Command::new("gpg")
            .arg("--batch")
            .arg("--homedir")
            .arg(&home)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        child.stdin.take()?.write_all(input).ok()?;
        child.wait_with_output().ok()
    };
    let Some(import) = gpg(&["--import"], &cert) else {
        eprintln!("gpg is not installed; skipping the GnuPG expiry check");
        return;
    };
    assert!(import.status.success());
    let listed = gpg(
        &["--with-colons", "--list-keys", "gpg-life@example.org"],
        b"",
    )
    .unwrap();
    let text = String::from_utf8(listed.stdout).unwrap();
    let want = ((new / 1000.0) as u64).to_string();
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("pub:") || l.starts_with("sub:"))
        .collect();
    assert_eq!(keys.len(), 3, "{text}");
    for line in keys {
        assert_eq!(line.split(':').nth(6), Some(want.as_str()), "{line}");
        let validity = line.split(':').nth(1).unwrap_or("");
        assert!(
            !["e", "r", "i"].contains(&validity),
            "GnuPG takes the key as live: {line}"
        );
    }
    let _ = Command::new("gpgconf")
        .arg("--homedir")
        .arg(&home)
        .args(["--kill", "gpg-agent"])
        .status();
    let _ = std::fs::remove_dir_all(&home);
}
