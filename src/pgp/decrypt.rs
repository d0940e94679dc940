//! Decrypting with secret keys or passwords, all-or-nothing.
//!
//! The whole plaintext is read into memory and released only after the
//! decryptor has checked the integrity of the entire message (MDC for
//! SEIPDv1, every AEAD chunk and the final tag for SEIPDv2).  On any
//! failure the partial plaintext is zeroed and dropped, so a manipulated
//! message yields an error and not one byte.

use std::fmt;
use std::io::Read;
use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::crypto::{Password, symmetric};
use openpgp::packet::{Packet, SEIP, Tag};
use openpgp::parse::stream::DecryptorBuilder;
use openpgp::parse::{Cookie, PacketParser, PacketParserResult, Parse};
use openpgp::types::{CompressionAlgorithm, HashAlgorithm};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::armor::dearmor_plain;
use super::common::{
    Count, Ctx, Redacted, check_size, parse_cert_blobs, password, pgp_error, reading_policy, sniff,
    time_from_ms,
};
use super::s2k::DerivedKey;
use super::secret::{SecretKeyInput, parse_secret_inputs};
use super::session::{Helper, Opened, format_session_key, parse_session_keys};
use super::stream::{
    STREAM_BUFFER, Shape, inflate_wrapper, plaintext_estimate, read_all, scan, zeroize,
};
use super::verify::{Collector, Verification};
use crate::{Error, Result};

/// What to decrypt and with what.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecryptRequest {
    /// The encrypted message, armored or binary.
    pub message: ByteBuf,
    /// Secret keys to try.
    #[serde(default)]
    pub keys: Vec<SecretKeyInput>,
    /// Passwords to try.
    #[serde(default)]
    pub passwords: Vec<String>,
    /// Keys the caller derived from the passwords for the message's
    /// iterated S2Ks (see [`crate::pgp::password_specs`]).  When given
    /// (even empty), the core derives no iterated S2K itself: a packet
    /// that no derived key fits is not tried.
    #[serde(default)]
    pub derived_passwords: Option<Vec<DerivedKey>>,
    /// The most Argon2 work to do, in KiB of memory times passes
    /// (default and most: 2^21, one pass over 2 GiB).
    #[serde(default)]
    pub argon2_budget: Option<u64>,
    /// Certificates to verify signatures inside the message with.
    #[serde(default)]
    pub verify_with: Vec<ByteBuf>,
    /// Session keys to try first, each as the Stateless OpenPGP spec writes
    /// them: the cipher's algorithm number, a colon, the key in hex
    /// (`9:E2F3...`).  With one, no secret key or password is needed.
    #[serde(default)]
    pub session_keys: Vec<String>,
    /// Whether to return the session key that opened the message.
    #[serde(default)]
    pub reveal_session_key: bool,
    /// The current time (JavaScript `Date.now()`).
    pub now_ms: f64,
}

impl fmt::Debug for DecryptRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecryptRequest")
            .field("message", &Redacted(&self.message))
            .field("keys", &self.keys)
            .field("passwords", &Count(self.passwords.len()))
            .field("derived_passwords", &self.derived_passwords)
            .field("argon2_budget", &self.argon2_budget)
            .field("verify_with", &self.verify_with.len())
            .field("session_keys", &Count(self.session_keys.len()))
            .field("reveal_session_key", &self.reveal_session_key)
            .field("now_ms", &self.now_ms)
            .finish()
    }
}

/// A decrypted message.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decrypted {
    /// The plaintext.
    #[serde(with = "serde_bytes")]
    pub plaintext: Vec<u8>,
    /// The file name recorded in the message, if any.
    pub filename: Option<String>,
    /// One entry per signature inside the message.
    pub verifications: Vec<Verification>,
    /// The encryption container: 1 (SEIPDv1, MDC) or 2 (SEIPDv2, AEAD).
    pub seipd: u8,
    /// The symmetric cipher, e.g. "AES-256".
    pub symmetric: String,
    /// The AEAD mode of a SEIPDv2 message, e.g. "OCB"; `None` for SEIPDv1.
    pub aead: Option<String>,
    /// Whether the message was compressed, inside the encryption or (rarely)
    /// around it.
    pub compressed: bool,
    /// The session key that opened the message, in the form of
    /// [`DecryptRequest::session_keys`]; only when `reveal_session_key`
    /// was asked for.
    pub session_key: Option<String>,
}

impl fmt::Debug for Decrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decrypted")
            .field("plaintext", &Redacted(&self.plaintext))
            .field("filename", &self.filename)
            .field("verifications", &self.verifications)
            .field("seipd", &self.seipd)
            .field("symmetric", &self.symmetric)
            .field("aead", &self.aead)
            .field("compressed", &self.compressed)
            .field(
                "session_key",
                &self.session_key.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Decrypts a message with the given secret keys or passwords, and checks
/// any signatures inside against `verify_with` (and the given keys).
///
/// # Errors
///
/// - [`Error::KeyLocked`]: a key that could open it is protected and no
///   passphrase was given; [`Error::BadPassphrase`]: the passphrase is
///   wrong.
/// - [`Error::WrongKey`]: no given key can open it;
///   [`Error::WrongPassword`]: no given password can.
/// - [`Error::ManipulatedMessage`]: the integrity check failed;
///   [`Error::MissingIntegrityProtection`]: the message has none (SED).
/// - [`Error::NotOpenPgp`], [`Error::MalformedData`],
///   [`Error::UnsupportedAlgorithm`], [`Error::InputTooLarge`], and
///   [`Error::InvalidArgument`] for a message that is not encrypted or a
///   session key that is not `ALGO:HEX`.
/// - [`Error::WrongSessionKey`]: only session keys were given, and none
///   opens it.
pub fn decrypt(req: &DecryptRequest) -> Result<Decrypted> {
    let now = time_from_ms(req.now_ms, "nowMs")?;
    check_size("the message", &req.message)?;
    sniff(&req.message)?;
    let keys = parse_secret_inputs(&req.keys)?;
    let mut certs = parse_cert_blobs(&req.verify_with)?;
    certs.extend(keys.iter().flat_map(|k| k.certs.iter().cloned()));
    let passwords: Vec<Password> = req
        .passwords
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| password(p))
        .collect();
    let session_keys = parse_session_keys(&req.session_keys)?;

    // Plain armor is taken off here, many times faster than sequoia's
    // reader would as it decrypts; anything else it reads as before.
    let unarmored = dearmor_plain(&req.message);
    let message = unarmored.as_deref().unwrap_or(&req.message);
    let shape = encrypted_shape(message)?;

    let p = reading_policy(now);
    let mut opened = None;
    let helper = Helper {
        collector: Collector::new(certs, &p, now),
        keys: &keys,
        passwords: &passwords,
        derived: req.derived_passwords.as_deref(),
        argon2_budget: req.argon2_budget,
        session_keys: &session_keys,
        opened: &mut opened,
    };
    let inflated = inflate_wrapper(message)?;
    let inner = inflated.as_deref().unwrap_or(message);
    let result = run(inner, helper, &p, now);
    match result {
        Ok((plaintext, out)) => Ok(Decrypted {
            session_key: opened
                .as_ref()
                .filter(|_| req.reveal_session_key)
                .and_then(format_session_key),
            plaintext,
            filename: out.filename,
            verifications: out.verifications,
            seipd: out.seipd,
            symmetric: out.symmetric.unwrap_or_default(),
            aead: out.aead,
            compressed: out.compressed || inflated.is_some(),
        }),
        Err(e) => Err(after_failure(e, opened.as_ref(), inner, &shape)),
    }
}

/// The message's outer packets, refused unless it is encrypted with
/// integrity protection.
fn encrypted_shape(message: &[u8]) -> Result<Shape> {
    let shape = scan(message)?;
    if shape.sed {
        return Err(Error::MissingIntegrityProtection);
    }
    if !shape.encrypted() {
        return Err(Error::InvalidArgument(
            "The message is not encrypted; verify it instead.".into(),
        ));
    }
    Ok(shape)
}

fn run(
    message: &[u8],
    helper: Helper<'_, '_>,
    p: &dyn openpgp::policy::Policy,
    now: SystemTime,
) -> Result<(Vec<u8>, super::verify::Collected)> {
    // With a small buffer sequoia streams (see `stream`), and the integrity
    // check and the signatures are still settled by the last read, before
    // read_all returns anything.
    let mut d = DecryptorBuilder::from_bytes(message)
        .map(|b| b.buffer_size(STREAM_BUFFER))
        .and_then(|b| b.with_policy(p, now, helper))
        .map_err(|e| pgp_error(&e, Ctx::Data))?;
    let plaintext = read_all(&mut d, Ctx::Data, plaintext_estimate(message))?;
    if !d.message_processed() {
        zeroize(plaintext);
        return Err(Error::MalformedData("the message ends early".into()));
    }
    Ok((plaintext, d.into_helper().collector.out))
}

/// Once a session key opened the message, a failure inside the encrypted
/// container is an integrity failure, and is reported as one.
///
/// A SEIPDv1 container is checked (MDC) only at its end, so a change to
/// its first blocks garbles the packets inside before the check is
/// reached: they may read as an unknown algorithm, say.  Such a failure is
/// settled by checking the MDC on its own (on this error path only): a
/// changed message is reported as `manipulated-message`, and an intact one
/// that Sealpost cannot read keeps its real reason. `message` is what was
/// decrypted: inside a compressed wrapper, the inflated packets.
fn after_failure(e: Error, opened: Option<&Opened>, message: &[u8], shape: &Shape) -> Error {
    let Some(opened) = opened else {
        return e;
    };
    if matches!(
        e,
        Error::ManipulatedMessage | Error::InputTooLarge(_) | Error::Internal(_)
    ) {
        return e;
    }
    let intact = if shape.seip == 1 {
        mdc_intact(message, opened)
    } else {
        None
    };
    match intact {
        // What the sender encrypted, unchanged: the real reason stands.
        Some(true) => unreadable_compression(message, opened).unwrap_or(e),
        Some(false) => Error::ManipulatedMessage,
        // SEIPDv2 releases nothing unauthenticated, so what fails there
        // is what the sender wrote, unless it is garbage.
        None if matches!(e, Error::UnsupportedAlgorithm(_)) => e,
        None => Error::ManipulatedMessage,
    }
}

/// Whether the message's SEIPDv1 container ends with the right MDC under
/// the session key that opened it; `None` if there is no such container
/// or it cannot be read.  Streams: the plaintext is hashed, never kept.
fn mdc_intact(message: &[u8], opened: &Opened) -> Option<bool> {
    let mut ppr = PacketParser::from_bytes(message).ok()?;
    while let PacketParserResult::Some(mut pp) = ppr {
        if let Packet::SEIP(SEIP::V1(_)) = &pp.packet {
            let algo = opened.algo?;
            let body = pp.buffer_unread_content().ok()?;
            let source = buffered_reader::Memory::with_cookie(body, Cookie::default());
            let mut plain = symmetric::Decryptor::new(
                algo,
                symmetric::BlockCipherMode::CFB,
                symmetric::UnpaddingMode::None,
                &opened.key,
                None,
                source,
            )
            .ok()?;
            return mdc_matches(&mut plain, algo.block_size().ok()?);
        }
        ppr = pp.next().ok()?.1;
    }
    None
}

/// Says so if the message's SEIPDv1 container holds data compressed in a
/// way this build cannot inflate (an algorithm it does not know), which
/// sequoia reports only as a malformed message.
fn unreadable_compression(message: &[u8], opened: &Opened) -> Option<Error> {
    let mut ppr = PacketParser::from_bytes(message).ok()?;
    while let PacketParserResult::Some(mut pp) = ppr {
        if let Packet::SEIP(SEIP::V1(_)) = &pp.packet {
            pp.decrypt(opened.algo?, &opened.key).ok()?;
            let PacketParserResult::Some(inner) = pp.recurse().ok()?.1 else {
                return None;
            };
            let algo = match &inner.packet {
                Packet::CompressedData(c) if !c.algo().is_supported() => c.algo(),
                Packet::Unknown(u) if u.tag() == Tag::CompressedData => {
                    CompressionAlgorithm::from(*u.body().first()?)
                }
                _ => return None,
            };
            return Some(Error::UnsupportedAlgorithm(format!(
                "{algo} compression; this build reads ZIP, ZLIB and BZip2"
            )));
        }
        ppr = pp.next().ok()?.1;
    }
    None
}

/// Reads a decrypted SEIPDv1 body (random prefix, packets, MDC packet) and
/// checks its last 22 bytes: the MDC packet header and the SHA-1 of all
/// that precedes the hash.
fn mdc_matches<R: Read>(plain: &mut R, block_size: usize) -> Option<bool> {
    const TAIL: usize = 22;
    let mut hash = HashAlgorithm::SHA1.context().ok()?.for_digest();
    // Plaintext passes through here, so the buffer is zeroed when dropped.
    // Its first `held` bytes (at most TAIL) are read but not hashed yet.
    let mut buf = openpgp::crypto::mem::Protected::new(64 * 1024 + TAIL);
    let mut held = 0;
    let mut total = 0usize;
    loop {
        let n = plain.read(buf.get_mut(held..)?).ok()?;
        if n == 0 {
            break;
        }
        total = total.saturating_add(n);
        let filled = held + n;
        if filled > TAIL {
            let cut = filled - TAIL;
            hash.update(buf.get(..cut)?);
            buf.copy_within(cut..filled, 0);
            held = TAIL;
        } else {
            held = filled;
        }
    }
    if total < block_size + 2 + TAIL {
        return Some(false);
    }
    let (header, mdc) = buf.get(..TAIL)?.split_at(2);
    hash.update(header);
    let mut digest = [0u8; TAIL - 2];
    hash.digest(&mut digest).ok()?;
    Some(header == [0xd3, 0x14] && mdc == digest)
}
