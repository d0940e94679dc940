//! Vector files: one case file per message in tests/data/pgp/messages,
//! saying what decrypting or verifying it must give.

use super::*;

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
                derived_passwords: None,
                argon2_budget: None,
                verify_with: certs,
                session_keys: vec![],
                reveal_session_key: false,
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
                message: c.data.is_none().then(|| buf(message.clone())),
                plaintext: c.data.as_ref().map(|d| buf(read(d))),
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
