//! The tamper matrix: every kind of encrypted message, binary and armored,
//! with every byte flipped (xor 0x01 and xor 0xff) and cut at every
//! length.  Each case must either fail, or open to exactly the original
//! plaintext from exactly the original packets (an armor change that
//! decodes to the same bytes: a checksum, a line break, an END line);
//! never any other plaintext, never a panic.
#![cfg(feature = "pgp")]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use sealpost::Error;
use sealpost::pgp::{
    DecryptRequest, EncryptRequest, GenerateRequest, KeyProfile, LiteralMode, MessageProfile,
    SecretKeyInput, armor, dearmor, decrypt, encrypt, generate_key,
};
use sequoia_openpgp as openpgp;
use serde_bytes::ByteBuf;

use openpgp::crypto::{Password, S2K, SessionKey};
use openpgp::packet::skesk::{SKESK4, SKESK6};
use openpgp::packet::{Packet, SKESK};
use openpgp::serialize::Serialize;
use openpgp::serialize::stream::{Encryptor, LiteralWriter, Message};
use openpgp::types::{AEADAlgorithm, HashAlgorithm, SymmetricAlgorithm};

/// 2026-11-29T12:00:00Z, the fixed "now" of every test.
const NOW_MS: f64 = 1_795_953_600_000.0;
const PASSWORD: &str = "correct horse battery staple";
const PLAINTEXT: &[u8] = b"Meet at the usual place, 21:00.\n";

fn read(rel: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pgp")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// What opens a message: a secret key, or the password.
#[derive(Clone)]
enum Opener {
    Key(Vec<u8>),
    Password,
}

/// One message of the matrix, in binary form.
struct Subject {
    name: &'static str,
    binary: Vec<u8>,
    plaintext: Vec<u8>,
    opener: Opener,
    /// Whether the integrity check is an AEAD tag (16 bytes) rather than
    /// an MDC packet (22 bytes), for naming the positions.
    aead: bool,
}

fn open(message: &[u8], opener: &Opener) -> sealpost::Result<Vec<u8>> {
    let (keys, passwords) = match opener {
        Opener::Key(k) => (
            vec![SecretKeyInput {
                derived_keys: Vec::new(),
                key: ByteBuf::from(k.clone()),
                passphrase: None,
            }],
            vec![],
        ),
        Opener::Password => (vec![], vec![PASSWORD.to_string()]),
    };
    decrypt(&DecryptRequest {
        message: ByteBuf::from(message),
        keys,
        passwords,
        derived_passwords: None,
        argon2_budget: None,
        verify_with: vec![],
        session_keys: vec![],
        reveal_session_key: false,
        now_ms: NOW_MS,
    })
    .map(|d| d.plaintext)
}

fn sealpost_message(
    recipient: &[u8],
    profile: MessageProfile,
    signer: Option<&[u8]>,
) -> (Vec<u8>, Vec<u8>) {
    let msg = encrypt(&EncryptRequest {
        plaintext: ByteBuf::from(PLAINTEXT),
        recipients: vec![ByteBuf::from(recipient)],
        passwords: vec![],
        derived_passwords: vec![],
        signers: signer
            .map(|s| SecretKeyInput {
                derived_keys: Vec::new(),
                key: ByteBuf::from(s),
                passphrase: None,
            })
            .into_iter()
            .collect(),
        armor: false,
        profile,
        filename: None,
        mode: LiteralMode::Binary,
        now_ms: NOW_MS,
    })
    .unwrap()
    .message;
    (msg, PLAINTEXT.to_vec())
}

/// A password-only message whose S2K is cheap (1024 bytes hashed), so
/// that thousands of tampered copies can be tried; made with sequoia's
/// packet API, as sealpost itself would but for the S2K.
fn password_message(aead: bool) -> Vec<u8> {
    let algo = SymmetricAlgorithm::AES256;
    let sk = SessionKey::new(algo.key_size().unwrap()).unwrap();
    let s2k = S2K::Iterated {
        hash: HashAlgorithm::SHA256,
        salt: *b"tampered",
        hash_bytes: 1024,
    };
    let password = Password::from(PASSWORD);
    let skesk: SKESK = if aead {
        SKESK6::with_password(algo, algo, AEADAlgorithm::OCB, s2k, &sk, &password)
            .unwrap()
            .into()
    } else {
        SKESK4::with_password(algo, algo, s2k, &sk, &password)
            .unwrap()
            .into()
    };
    let mut out = Vec::new();
    Packet::SKESK(skesk).serialize(&mut out).unwrap();
    let m = Message::new(&mut out);
    let mut e = Encryptor::with_session_key(m, algo, sk).unwrap();
    if aead {
        e = e.aead_algo(AEADAlgorithm::OCB);
    }
    let m = e.build().unwrap();
    let mut w = LiteralWriter::new(m).build().unwrap();
    w.write_all(PLAINTEXT).unwrap();
    w.finalize().unwrap();
    out
}

fn generated_rfc9580_key() -> (Vec<u8>, Vec<u8>) {
    let k = generate_key(&GenerateRequest {
        derived_key: None,
        user_ids: vec!["Tamper <tamper@example.org>".into()],
        profile: KeyProfile::Rfc9580,
        passphrase: None,
        validity_seconds: None,
        signing_only: false,
        now_ms: NOW_MS - 86_400_000.0,
    })
    .unwrap();
    (k.public_key.into_bytes(), k.secret_key.into_bytes())
}

fn subjects() -> Vec<Subject> {
    let alice_pub = read("keys/alice_cv25519_pub.asc");
    let alice_sec = read("keys/alice_cv25519_sec.asc");
    let alice = Opener::Key(alice_sec.clone());
    let (v6_pub, v6_sec) = generated_rfc9580_key();
    let hello = read("messages/hello.txt");
    let gnupg = |file: &str| dearmor(&read(&format!("messages/{file}"))).unwrap();

    let mut out = Vec::new();
    let mut add = |name, (binary, plaintext): (Vec<u8>, Vec<u8>), opener: &Opener, aead| {
        out.push(Subject {
            name,
            binary,
            plaintext,
            opener: opener.clone(),
            aead,
        });
    };
    add(
        "seipdv1-cv25519",
        sealpost_message(&alice_pub, MessageProfile::Rfc4880, None),
        &alice,
        false,
    );
    add(
        "seipdv2-rfc9580",
        sealpost_message(&v6_pub, MessageProfile::Rfc9580, None),
        &Opener::Key(v6_sec.clone()),
        true,
    );
    add(
        "password-seipdv1",
        (password_message(false), PLAINTEXT.to_vec()),
        &Opener::Password,
        false,
    );
    add(
        "password-seipdv2",
        (password_message(true), PLAINTEXT.to_vec()),
        &Opener::Password,
        true,
    );
    add(
        "signed-encrypted-seipdv1",
        sealpost_message(&alice_pub, MessageProfile::Rfc4880, Some(&alice_sec)),
        &alice,
        false,
    );
    add(
        "signed-encrypted-seipdv2",
        sealpost_message(&v6_pub, MessageProfile::Rfc9580, Some(&v6_sec)),
        &Opener::Key(v6_sec.clone()),
        true,
    );
    add(
        "gnupg-compressed-zip",
        (gnupg("to_alice_compressed_zip.asc"), hello.clone()),
        &alice,
        false,
    );
    add(
        "gnupg-compressed-zlib",
        (gnupg("to_alice_compressed_zlib.asc"), hello.clone()),
        &alice,
        false,
    );
    add(
        "gnupg-uncompressed",
        (read("messages/to_alice_uncompressed.pgp"), hello),
        &alice,
        false,
    );
    out
}

// --- Naming positions ------------------------------------------------------------

/// The header and body ranges of one top-level packet.
struct Span {
    tag: u8,
    headers: Vec<std::ops::Range<usize>>,
    body: std::ops::Range<usize>,
}

/// Splits a binary message into its top-level packets (old and new
/// format headers, partial body lengths).  Only for naming positions.
fn spans(msg: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < msg.len() {
        let start = at;
        let ctb = msg[at];
        let mut headers = Vec::new();
        if ctb & 0x40 == 0 {
            // Old format.
            let tag = (ctb >> 2) & 0x0f;
            let n = match ctb & 3 {
                0 => 1,
                1 => 2,
                2 => 4,
                _ => 0,
            };
            let len = if n == 0 {
                msg.len() - at - 1
            } else {
                msg[at + 1..at + 1 + n]
                    .iter()
                    .fold(0usize, |a, b| a << 8 | usize::from(*b))
            };
            headers.push(at..at + 1 + n);
            at += 1 + n;
            out.push(Span {
                tag,
                headers,
                body: at..at + len,
            });
            at += len;
            continue;
        }
        let tag = ctb & 0x3f;
        at += 1;
        let mut header_start = start;
        loop {
            let b = msg[at];
            let (len, n, partial) = match b {
                0..=191 => (usize::from(b), 1, false),
                192..=223 => (
                    (usize::from(b) - 192) * 256 + usize::from(msg[at + 1]) + 192,
                    2,
                    false,
                ),
                224..=254 => (1usize << (b & 0x1f), 1, true),
                255 => (
                    msg[at + 1..at + 5]
                        .iter()
                        .fold(0usize, |a, b| a << 8 | usize::from(*b)),
                    5,
                    false,
                ),
            };
            headers.push(header_start..at + n);
            at += n + len;
            header_start = at;
            if !partial {
                break;
            }
        }
        let body_start = headers[0].end;
        out.push(Span {
            tag,
            headers,
            body: body_start..at,
        });
    }
    out
}

/// The class of a byte position in a binary message.
fn binary_class(spans: &[Span], pos: usize, aead: bool) -> &'static str {
    for s in spans {
        if s.headers.iter().any(|h| h.contains(&pos)) {
            return "packet header";
        }
        if !s.body.contains(&pos) {
            continue;
        }
        return match s.tag {
            1 => "PKESK",
            3 => "SKESK",
            18 => {
                let tail = if aead { 16 } else { 22 };
                let (off, len) = (pos - s.body.start, s.body.len());
                if pos >= s.body.end - tail {
                    if aead { "AEAD final tag" } else { "MDC" }
                } else if off < 1 + if aead { 35 } else { 0 } {
                    "SEIPD version/parameters"
                } else if off < 48 {
                    "encrypted body start"
                } else if off + tail + 32 >= len {
                    "encrypted body end"
                } else {
                    "encrypted body middle"
                }
            }
            _ => "other packet",
        };
    }
    "after the packets"
}

/// The class of a byte position in an armored message.
fn armor_class(armored: &[u8], pos: usize) -> &'static str {
    let line_start = armored[..pos]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = armored[pos..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(armored.len(), |i| pos + i);
    let line = &armored[line_start..line_end];
    if pos == line_end {
        "armor line break"
    } else if line.starts_with(b"-----BEGIN") {
        "armor BEGIN line"
    } else if line.starts_with(b"-----END") {
        "armor END line"
    } else if line.starts_with(b"=") && line.len() == 5 {
        "armor checksum line"
    } else if line.contains(&b':') {
        "armor header"
    } else if line.is_empty() {
        "armor blank line"
    } else {
        "armor base64 body"
    }
}

// --- The matrix ----------------------------------------------------------------

#[derive(Default)]
struct Tally {
    cases: usize,
    /// (form, class) -> outcome -> count.
    outcomes: BTreeMap<(String, String), BTreeMap<String, usize>>,
}

impl Tally {
    fn count(&self, outcome: &str) -> usize {
        self.outcomes.values().filter_map(|m| m.get(outcome)).sum()
    }

    fn count_where(&self, f: impl Fn(&str, &str, &str) -> bool) -> usize {
        self.outcomes
            .iter()
            .flat_map(|((form, class), m)| {
                m.iter().filter(|(o, _)| f(form, class, o)).map(|(_, n)| *n)
            })
            .sum()
    }
}

/// Tries one tampered message; panics on plaintext that is not exactly
/// the original from exactly the original packets.
fn try_case(s: &Subject, tally: &mut Tally, form: &str, class: &str, what: &str, msg: &[u8]) {
    let outcome = match open(msg, &s.opener) {
        Ok(plaintext) => {
            assert!(
                plaintext == s.plaintext,
                "{}: {what} ({form}, {class}) opened to {} bytes of different plaintext",
                s.name,
                plaintext.len()
            );
            // Only armor that decodes to the very same packets may open.
            let packets = dearmor(msg).ok();
            assert!(
                packets.as_deref() == Some(&s.binary[..]),
                "{}: {what} ({form}, {class}) changed the packets, yet opened",
                s.name
            );
            if std::env::var_os("TAMPER_SHOW_OPENED").is_some() {
                eprintln!("{}: {what} ({form}, {class}) opened", s.name);
            }
            "opened (same packets)".to_string()
        }
        Err(e) => {
            assert!(
                !matches!(e, Error::Internal(_)),
                "{}: {what}: internal error {e}",
                s.name
            );
            // Inside the encrypted data every change is caught by the
            // integrity check and said so; in the first block of a
            // password message it may instead fail the "quick check",
            // which cannot tell a changed block from a wrong password.
            if form == "binary" && class.starts_with("encrypted body") {
                let quick_check = matches!(s.opener, Opener::Password)
                    && !s.aead
                    && class == "encrypted body start"
                    && matches!(e, Error::WrongPassword);
                assert!(
                    matches!(e, Error::ManipulatedMessage) || quick_check,
                    "{}: {what} ({class}) failed as {}, not manipulated-message",
                    s.name,
                    e.code()
                );
            }
            format!("err {}", e.code())
        }
    };
    tally.cases += 1;
    *tally
        .outcomes
        .entry((form.to_string(), class.to_string()))
        .or_default()
        .entry(outcome)
        .or_default() += 1;
}

fn tamper(s: &Subject, tally: &mut Tally) {
    // The untouched message opens, in both forms.
    assert_eq!(
        open(&s.binary, &s.opener).unwrap(),
        s.plaintext,
        "{}",
        s.name
    );
    let armored = armor(&s.binary, None).unwrap();
    assert_eq!(
        open(&armored, &s.opener).unwrap(),
        s.plaintext,
        "{}",
        s.name
    );

    let spans = spans(&s.binary);
    assert!(spans.iter().any(|p| p.tag == 18), "{}: no SEIPD", s.name);
    for (form, msg) in [("binary", &s.binary), ("armored", &armored)] {
        for pos in 0..msg.len() {
            let class = if form == "binary" {
                binary_class(&spans, pos, s.aead)
            } else {
                armor_class(msg, pos)
            };
            for mask in [0x01u8, 0xff] {
                let mut bad = msg.clone();
                bad[pos] ^= mask;
                try_case(
                    s,
                    tally,
                    form,
                    class,
                    &format!("byte {pos} ^ {mask:#04x}"),
                    &bad,
                );
            }
        }
        for len in 0..msg.len() {
            try_case(
                s,
                tally,
                form,
                "truncated",
                &format!("cut to {len}"),
                &msg[..len],
            );
        }
    }
}

#[test]
fn every_flip_and_cut_of_every_kind_of_message_fails_or_opens_unchanged() {
    let subjects = subjects();
    let mut tally = Tally::default();
    for s in &subjects {
        tamper(s, &mut tally);
    }

    eprintln!("tamper matrix: {} cases", tally.cases);
    for ((form, class), m) in &tally.outcomes {
        eprintln!("  {form:7} {class:26} {m:?}");
    }

    let opened = tally.count("opened (same packets)");
    let failed = tally.cases - opened;
    eprintln!("  opened (same packets): {opened}, failed: {failed}");

    // No binary change ever opens: every byte is covered.
    assert_eq!(
        tally.count_where(|form, _, o| form == "binary" && o.starts_with("opened")),
        0
    );
    // Armor: only what is not the packets may change and still open.
    assert_eq!(
        tally.count_where(|form, class, o| {
            form == "armored"
                && o.starts_with("opened")
                && !matches!(
                    class,
                    "armor BEGIN line"
                        | "armor checksum line"
                        | "armor END line"
                        | "armor header"
                        | "armor blank line"
                        | "armor line break"
                        | "armor base64 body"
                        | "truncated"
                )
        }),
        0
    );
    // Inside the encrypted data every change is caught by the integrity
    // check, and said so (checked case by case in try_case).
    for class in [
        "encrypted body start",
        "encrypted body middle",
        "encrypted body end",
        "MDC",
        "AEAD final tag",
    ] {
        let total = tally.count_where(|f, c, _| f == "binary" && c == class);
        let manipulated = tally
            .count_where(|f, c, o| f == "binary" && c == class && o == "err manipulated-message");
        let quick_check =
            tally.count_where(|f, c, o| f == "binary" && c == class && o == "err wrong-password");
        assert!(total > 0, "{class}");
        assert_eq!(manipulated + quick_check, total, "{class}");
        if class != "encrypted body start" {
            assert_eq!(quick_check, 0, "{class}");
        }
    }
    // Every subject counted: 2 forms, 3 cases per byte (two flips, one cut).
    let bytes: usize = subjects
        .iter()
        .map(|s| s.binary.len() + armor(&s.binary, None).unwrap().len())
        .sum();
    assert_eq!(tally.cases, 3 * bytes);
}
