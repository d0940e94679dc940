//! How much memory encrypting and decrypting a large message takes, counted
//! by a global allocator that records the peak of live heap bytes.
//!
//! Its own test binary, and its tests take turns (ONE_AT_A_TIME), so that
//! nothing else allocates meanwhile.
//! The limits are the ones the browser build must meet (wasm memory grows
//! to the peak of the heap and never shrinks).
#![cfg(feature = "pgp")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use sealpost::pgp::{
    DecryptRequest, EncryptRequest, LiteralMode, MessageProfile, SecretKeyInput, decrypt, encrypt,
};
use serde_bytes::ByteBuf;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as alloc + copy + free: both blocks are live meanwhile,
        // as they are in the wasm allocator.
        let p =
            unsafe { System.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
        if !p.is_null() {
            let now = LIVE.fetch_add(new_size, Relaxed) + new_size;
            PEAK.fetch_max(now, Relaxed);
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1 << 20;

static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
const NOW_MS: f64 = 1_795_953_600_000.0;

fn read(rel: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pgp")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Runs `f` and returns its result and the peak heap above what was live
/// before, in MiB.
fn peak<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = f();
    (out, (PEAK.load(Relaxed) - base) as f64 / MIB as f64)
}

#[test]
fn a_16_mib_message_takes_at_most_4x_its_size() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Incompressible, as attachments usually are.
    let mut plaintext = vec![0u8; 16 * MIB];
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for b in plaintext.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let recipient = read("keys/alice_cv25519_pub.asc");
    let key = read("keys/alice_cv25519_sec.asc");

    for armor in [false, true] {
        let req = EncryptRequest {
            plaintext: ByteBuf::from(plaintext.clone()),
            recipients: vec![ByteBuf::from(recipient.clone())],
            passwords: vec![],
            derived_passwords: vec![],
            signers: vec![],
            armor,
            profile: MessageProfile::Rfc4880,
            filename: None,
            mode: LiteralMode::Binary,
            now_ms: NOW_MS,
        };
        let (message, enc) = peak(|| encrypt(&req).unwrap().message);
        drop(req);
        let req = DecryptRequest {
            message: ByteBuf::from(message),
            keys: vec![SecretKeyInput {
                derived_keys: Vec::new(),
                key: ByteBuf::from(key.clone()),
                passphrase: None,
            }],
            passwords: vec![],
            derived_passwords: None,
            argon2_budget: None,
            verify_with: vec![],
            session_keys: vec![],
            reveal_session_key: false,
            now_ms: NOW_MS,
        };
        let (out, dec) = peak(|| decrypt(&req).unwrap());
        assert!(out.plaintext == plaintext);
        eprintln!(
            "16 MiB, armor {armor}: encrypt peaks at +{enc:.1} MiB, decrypt at +{dec:.1} MiB"
        );
        // Encrypting holds the message it makes (16 MiB, 21.7 armored) and
        // sequoia's partial-body buffers (4 MiB each); decrypting, the
        // plaintext and, for armor, the packets under it. Before sequoia's
        // readers streamed, decryption peaked at 89 MiB (105 armored), a
        // copy per layer.
        let (enc_limit, dec_limit) = if armor { (52.0, 36.0) } else { (36.0, 20.0) };
        assert!(
            enc <= enc_limit,
            "encrypt: +{enc:.1} MiB, limit {enc_limit}"
        );
        assert!(
            dec <= dec_limit,
            "decrypt: +{dec:.1} MiB, limit {dec_limit}"
        );
    }
}

#[test]
fn a_16_mib_signed_message_verifies_in_little_more_than_its_size() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    use sealpost::pgp::{SignMode, SignRequest, VerifyRequest, sign, verify};
    let data = vec![b'x'; 16 * MIB];
    let signed = sign(&SignRequest {
        plaintext: ByteBuf::from(data.clone()),
        signers: vec![SecretKeyInput {
            derived_keys: Vec::new(),
            key: ByteBuf::from(read("keys/alice_cv25519_sec.asc")),
            passphrase: None,
        }],
        mode: SignMode::Inline,
        armor: false,
        text: false,
        now_ms: NOW_MS,
    })
    .unwrap()
    .output
    .into_bytes();
    let req = VerifyRequest {
        message: Some(ByteBuf::from(signed)),
        plaintext: None,
        signature: None,
        certs: vec![ByteBuf::from(read("keys/alice_cv25519_pub.asc"))],
        not_before_ms: None,
        not_after_ms: None,
        now_ms: NOW_MS,
    };
    let (out, used) = peak(|| verify(&req).unwrap());
    assert!(out.good);
    assert!(out.plaintext.as_deref() == Some(&data[..]));
    eprintln!("16 MiB inline-signed: verify peaks at +{used:.1} MiB");
    assert!(used <= 20.0, "verify: +{used:.1} MiB");
}
