//! What every operation shares: input limits, time, policy, parsing of
//! certificates, armor output, and the mapping of sequoia's errors to ours.

use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sequoia_openpgp as openpgp;

use openpgp::Cert;
use openpgp::anyhow;
use openpgp::armor;
use openpgp::cert::CertParser;
use openpgp::crypto::Password;
use openpgp::packet::Tag;
use openpgp::parse::Parse;
use openpgp::policy::{AsymmetricAlgorithm, StandardPolicy};
use openpgp::serialize::Serialize;
use openpgp::types::{AEADAlgorithm, SymmetricAlgorithm};
use serde_bytes::ByteBuf;

use crate::{Error, Result};

/// The largest input, in bytes, that any function accepts (256 MiB).
///
/// The same limit applies to what a decrypted or decompressed message may
/// grow to, so a small "compression bomb" cannot exhaust memory.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// Shows bytes as their length only, so `Debug` output never carries
/// keys, plaintext or signatures.
pub(crate) struct Redacted<'a>(pub(crate) &'a [u8]);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

/// Shows only how many blobs there are.
pub(crate) struct Count(pub(crate) usize);

impl fmt::Debug for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} redacted>", self.0)
    }
}

/// What kind of input an error is about; selects between
/// [`Error::MalformedKey`] and [`Error::MalformedData`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// Keys and certificates.
    Key,
    /// Messages and signatures.
    Data,
}

/// Rejects one input larger than [`MAX_INPUT_BYTES`].
pub(crate) fn check_size(what: &str, data: &[u8]) -> Result<()> {
    check_total(what, data.len())
}

/// Rejects inputs that are larger than [`MAX_INPUT_BYTES`] together.
pub(crate) fn check_blobs(what: &str, blobs: &[ByteBuf]) -> Result<()> {
    let total = blobs
        .iter()
        .fold(0usize, |acc, b| acc.saturating_add(b.len()));
    check_total(what, total)
}

fn check_total(what: &str, len: usize) -> Result<()> {
    if len > MAX_INPUT_BYTES {
        return Err(Error::InputTooLarge(format!(
            "{what} has {len} bytes, the limit is {MAX_INPUT_BYTES} bytes"
        )));
    }
    Ok(())
}

/// Converts a JavaScript time (milliseconds since 1970) to a `SystemTime`
/// that OpenPGP can represent (whole seconds up to 2106).
pub(crate) fn time_from_ms(ms: f64, what: &str) -> Result<SystemTime> {
    const MAX_MS: f64 = u32::MAX as f64 * 1000.0;
    if !ms.is_finite() || !(0.0..=MAX_MS).contains(&ms) {
        return Err(Error::InvalidArgument(format!(
            "{what} must be a time in milliseconds between 1970 and 2106."
        )));
    }
    // In range and finite, so the cast neither saturates nor wraps.
    let secs = (ms / 1000.0).floor() as u64;
    Ok(UNIX_EPOCH + Duration::from_secs(secs))
}

fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The proleptic Gregorian date of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

/// `2026-11-29T12:00:00Z`.
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let secs = unix_secs(t);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `2026-11-29`.
pub(crate) fn date(t: SystemTime) -> String {
    let days = i64::try_from(unix_secs(t) / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Groups hex digits in fours: `ABCD 1234 ...`.
pub(crate) fn grouped(hex: &str) -> String {
    let mut out = String::with_capacity(hex.len() + hex.len() / 4);
    for (i, c) in hex.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A readable name of a symmetric cipher: `AES-256`, `CAST5`.
#[allow(deprecated)] // Naming the legacy ciphers is the point.
pub(crate) fn cipher_name(algo: SymmetricAlgorithm) -> String {
    use SymmetricAlgorithm::*;
    match algo {
        IDEA => "IDEA".into(),
        TripleDES => "3DES".into(),
        CAST5 => "CAST5".into(),
        Blowfish => "Blowfish".into(),
        AES128 => "AES-128".into(),
        AES192 => "AES-192".into(),
        AES256 => "AES-256".into(),
        Twofish => "Twofish".into(),
        Camellia128 => "Camellia-128".into(),
        Camellia192 => "Camellia-192".into(),
        Camellia256 => "Camellia-256".into(),
        other => other.to_string(),
    }
}

/// A readable name of an AEAD mode: `OCB`, `EAX`, `GCM`.
pub(crate) fn aead_name(algo: AEADAlgorithm) -> String {
    match algo {
        AEADAlgorithm::OCB => "OCB".into(),
        AEADAlgorithm::EAX => "EAX".into(),
        AEADAlgorithm::GCM => "GCM".into(),
        other => other.to_string(),
    }
}

/// The standard policy, evaluated at `now` (never at the clock), but
/// still accepting ElGamal of 2048 bits and more (sequoia stopped in
/// 2025): GnuPG made DSA + ElGamal keys by default until 2009, and their
/// owners still receive mail.  DSA-2048 and up sequoia accepts until 2030.
pub(crate) fn policy(now: SystemTime) -> StandardPolicy<'static> {
    let mut p = StandardPolicy::at(now);
    for algo in [
        AsymmetricAlgorithm::ElGamal2048,
        AsymmetricAlgorithm::ElGamal3072,
        AsymmetricAlgorithm::ElGamal4096,
    ] {
        p.accept_asymmetric_algo(algo);
    }
    p
}

/// The standard policy, but also accepting the legacy ciphers that old
/// messages use (IDEA, 3DES, CAST5).  Only for reading.
#[allow(deprecated)] // Reading old messages is the point.
pub(crate) fn reading_policy(now: SystemTime) -> StandardPolicy<'static> {
    let mut p = policy(now);
    for algo in [
        SymmetricAlgorithm::IDEA,
        SymmetricAlgorithm::TripleDES,
        SymmetricAlgorithm::CAST5,
    ] {
        p.accept_symmetric_algo(algo);
    }
    p
}

/// A sequoia password from a string; `Password` keeps it encrypted in
/// memory and zeroes it when dropped.
pub(crate) fn password(s: &str) -> Password {
    Password::from(s)
}

/// Whether the input contains an ASCII-armored block.
pub(crate) fn is_armored(data: &[u8]) -> bool {
    const MARK: &[u8] = b"-----BEGIN PGP ";
    data.windows(MARK.len()).any(|w| w == MARK)
}

/// The tag of the first packet if `data` starts with a binary OpenPGP
/// packet header of a known packet type.
pub(crate) fn binary_tag(data: &[u8]) -> Option<Tag> {
    let first = *data.first()?;
    if first & 0x80 == 0 {
        return None;
    }
    let tag = if first & 0x40 != 0 {
        first & 0x3f
    } else {
        (first >> 2) & 0x0f
    };
    match tag {
        1..=14 | 17..=21 => Some(Tag::from(tag)),
        _ => None,
    }
}

/// Refuses input that is neither armored nor binary OpenPGP.
pub(crate) fn sniff(data: &[u8]) -> Result<()> {
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::NotOpenPgp("the input is empty".into()));
    }
    if binary_tag(data).is_some() || is_armored(data) {
        Ok(())
    } else {
        Err(Error::NotOpenPgp(
            "it is neither ASCII-armored (-----BEGIN PGP ...) nor binary OpenPGP".into(),
        ))
    }
}

/// Splits a paste into its armored blocks (each from `-----BEGIN PGP` to
/// the matching `-----END PGP` line).  Binary input is one block.
pub(crate) fn armored_blocks(data: &[u8]) -> Vec<&[u8]> {
    if binary_tag(data).is_some() || !is_armored(data) {
        return vec![data];
    }
    let mut blocks = Vec::new();
    let mut start = None;
    let mut pos = 0;
    for line in data.split_inclusive(|&b| b == b'\n') {
        let trimmed = line.trim_ascii_start();
        if trimmed.starts_with(b"-----BEGIN PGP ") {
            start = Some(pos);
        } else if trimmed.starts_with(b"-----END PGP ")
            && let Some(s) = start.take()
            && let Some(block) = data.get(s..pos + line.len())
        {
            blocks.push(block);
        }
        pos += line.len();
    }
    if let Some(s) = start {
        // An unterminated block: let the parser report what is wrong.
        if let Some(block) = data.get(s..) {
            blocks.push(block);
        }
    }
    blocks
}

/// Parses every certificate or secret key in a paste (binary, armored, or
/// several armored blocks one after the other).
///
/// # Errors
///
/// [`Error::NotOpenPgp`], [`Error::MalformedKey`], or [`Error::NoKeys`]
/// when the paste holds no key at all.
pub(crate) fn parse_certs(data: &[u8]) -> Result<Vec<Cert>> {
    check_size("the key", data)?;
    sniff(data)?;
    let mut certs = Vec::new();
    for block in armored_blocks(data) {
        if block_is_not_a_key(block) {
            return Err(Error::MalformedKey(
                "this is an OpenPGP message or signature, not a key".into(),
            ));
        }
        let parser = CertParser::from_bytes(block).map_err(|e| pgp_error(&e, Ctx::Key))?;
        for cert in parser {
            certs.push(cert.map_err(|e| pgp_error(&e, Ctx::Key))?);
        }
    }
    if certs.is_empty() {
        return Err(Error::NoKeys);
    }
    Ok(certs)
}

fn block_is_not_a_key(block: &[u8]) -> bool {
    let t = block.trim_ascii_start();
    t.starts_with(b"-----BEGIN PGP MESSAGE")
        || t.starts_with(b"-----BEGIN PGP SIGNATURE")
        || t.starts_with(b"-----BEGIN PGP SIGNED MESSAGE")
}

/// Parses the certificates of several blobs, in order.
pub(crate) fn parse_cert_blobs(blobs: &[ByteBuf]) -> Result<Vec<Cert>> {
    check_blobs("the keys", blobs)?;
    let mut certs = Vec::new();
    for blob in blobs {
        certs.extend(parse_certs(blob)?);
    }
    Ok(certs)
}

/// Wraps bytes in ASCII armor of the given kind.
pub(crate) fn armor_bytes(kind: armor::Kind, bytes: &[u8]) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| Error::Internal(e.to_string());
    let mut w = armor::Writer::new(Vec::new(), kind).map_err(io)?;
    std::io::Write::write_all(&mut w, bytes).map_err(io)?;
    w.finalize().map_err(io)
}

/// Serializes certificates (public parts only), armored or binary.
pub(crate) fn certs_out(certs: &[Cert], armored: bool) -> Result<Vec<u8>> {
    let mut bin = Vec::new();
    for cert in certs {
        // A parsed certificate can still hold parts that cannot be written
        // back (an unknown fingerprint version): that is the input's fault.
        cert.serialize(&mut bin)
            .map_err(|e| pgp_error(&e, Ctx::Key))?;
    }
    if armored {
        armor_bytes(armor::Kind::PublicKey, &bin)
    } else {
        Ok(bin)
    }
}

/// Serializes transferable secret keys, armored or binary.
pub(crate) fn keys_out(certs: &[Cert], armored: bool) -> Result<Vec<u8>> {
    let mut bin = Vec::new();
    for cert in certs {
        cert.as_tsk()
            .serialize(&mut bin)
            .map_err(|e| pgp_error(&e, Ctx::Key))?;
    }
    if armored {
        armor_bytes(armor::Kind::SecretKey, &bin)
    } else {
        Ok(bin)
    }
}

/// For failures that input cannot cause (serializing into a `Vec`).
pub(crate) fn internal(e: anyhow::Error) -> Error {
    Error::Internal(e.to_string())
}

/// Maps a sequoia error to ours, keeping the precise kind where there is
/// one anywhere in the chain of causes.
pub(crate) fn pgp_error(e: &anyhow::Error, ctx: Ctx) -> Error {
    for cause in e.chain() {
        if let Some(found) = classify(cause, ctx, 0) {
            return found;
        }
    }
    malformed(ctx, e.to_string())
}

/// Maps an I/O error (sequoia's readers wrap their errors in one).
pub(crate) fn io_error(e: &std::io::Error, ctx: Ctx) -> Error {
    classify(e, ctx, 0).unwrap_or_else(|| malformed(ctx, e.to_string()))
}

fn malformed(ctx: Ctx, detail: String) -> Error {
    match ctx {
        Ctx::Key => Error::MalformedKey(detail),
        Ctx::Data => Error::MalformedData(detail),
    }
}

fn classify(cause: &(dyn StdError + 'static), ctx: Ctx, depth: u8) -> Option<Error> {
    if depth > 16 {
        return None;
    }
    if let Some(ours) = cause.downcast_ref::<Error>() {
        return Some(ours.clone());
    }
    if let Some(p) = cause.downcast_ref::<openpgp::Error>() {
        return Some(from_openpgp(p, ctx));
    }
    if let Some(io) = cause.downcast_ref::<std::io::Error>() {
        // `io::Error::source` skips the wrapped error itself; walk it.
        let mut next = io.get_ref().map(|e| e as &(dyn StdError + 'static));
        while let Some(c) = next {
            if let Some(found) = classify(c, ctx, depth + 1) {
                return Some(found);
            }
            next = c.source();
        }
        if io.kind() == std::io::ErrorKind::UnexpectedEof {
            return Some(malformed(ctx, "the data is truncated".into()));
        }
    }
    None
}

fn from_openpgp(e: &openpgp::Error, ctx: Ctx) -> Error {
    use openpgp::Error as E;
    match e {
        E::ManipulatedMessage => Error::ManipulatedMessage,
        E::InvalidPassword => Error::BadPassphrase,
        E::MissingSessionKey(_) | E::InvalidSessionKey(_) => Error::WrongKey,
        E::UnsupportedHashAlgorithm(_)
        | E::UnsupportedPublicKeyAlgorithm(_)
        | E::UnsupportedEllipticCurve(_)
        | E::UnsupportedSymmetricAlgorithm(_)
        | E::UnsupportedAEADAlgorithm(_)
        | E::UnsupportedCompressionAlgorithm(_)
        | E::UnsupportedSignatureType(_)
        | E::NoAcceptableHash
        | E::PolicyViolation(..) => Error::UnsupportedAlgorithm(e.to_string()),
        E::Expired(t) => Error::KeyExpired(format!("it expired on {}", date(*t))),
        E::NotYetLive(t) => {
            Error::InvalidArgument(format!("The key is not valid until {}.", rfc3339(*t)))
        }
        E::MalformedCert(s) | E::UnsupportedCert(s, _) => Error::MalformedKey(s.clone()),
        E::NoBindingSignature(_) => {
            Error::MalformedKey("a key has no valid binding signature".into())
        }
        E::BadSignature(s) => Error::NoValidSignature(s.clone()),
        E::InvalidOperation(s) => Error::Internal(s.clone()),
        _ => malformed(ctx, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_times_and_groups() {
        let t = time_from_ms(1_795_953_600_000.0, "now").unwrap();
        assert_eq!(rfc3339(t), "2026-11-29T12:00:00Z");
        assert_eq!(date(UNIX_EPOCH), "1970-01-01");
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(grouped("ABCD1234EF"), "ABCD 1234 EF");
    }

    #[test]
    fn rejects_times_out_of_range() {
        for bad in [f64::NAN, -1.0, f64::INFINITY, 5e12 * 1000.0] {
            assert_eq!(
                time_from_ms(bad, "now").unwrap_err().code(),
                "invalid-argument"
            );
        }
    }

    #[test]
    fn sniffs_non_openpgp() {
        assert_eq!(sniff(b"hello").unwrap_err().code(), "not-openpgp");
        assert_eq!(sniff(b"  \n").unwrap_err().code(), "not-openpgp");
        assert!(sniff(b"x\n-----BEGIN PGP MESSAGE-----\n").is_ok());
        assert!(sniff(&[0xc1, 0x00]).is_ok());
    }

    #[test]
    fn splits_blocks() {
        let two = b"-----BEGIN PGP A-----\nx\n-----END PGP A-----\n\
                    junk\n-----BEGIN PGP B-----\ny\n-----END PGP B-----\n";
        let blocks = armored_blocks(two);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[1].starts_with(b"-----BEGIN PGP B"));
    }
}
