//! Verifying signatures: detached, inline and cleartext, with one result
//! per signature that the page can show as it is.

use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::anyhow;
use openpgp::cert::amalgamation::ValidAmalgamation;
use openpgp::packet::{Packet, Signature};
use openpgp::parse::Parse;
use openpgp::parse::stream::{
    DetachedVerifierBuilder, GoodChecksum, MessageLayer, MessageStructure, VerificationError,
    VerificationHelper, VerificationResult, VerifierBuilder,
};
use openpgp::policy::Policy;
use openpgp::types::{RevocationStatus, SignatureType};
use openpgp::{Cert, KeyHandle};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::armor::dearmor_plain;
use super::common::{
    Count, Ctx, Redacted, aead_name, check_size, cipher_name, grouped, parse_cert_blobs, pgp_error,
    reading_policy, rfc3339, sniff, time_from_ms,
};
use super::inspect::uid_text;
use super::secret::{named, size_problem};
use super::stream::{STREAM_BUFFER, plaintext_estimate, read_all, scan};
use crate::{Error, Result};

/// The result of checking one signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// "good", "bad", "unknown-signer", "expired-key", "revoked-key" or
    /// "unsupported".
    pub status: String,
    /// The fingerprint of the signer's certificate (grouped in fours) when
    /// the certificate is known, else the issuer fingerprint in the
    /// signature, if it has one.
    pub signer_fingerprint: Option<String>,
    /// The same fingerprint as plain hex.
    pub signer_fingerprint_hex: Option<String>,
    /// The key ID of the key that made the signature.
    pub key_id: Option<String>,
    /// The signer's primary user ID, if the certificate is known.
    pub user_id: Option<String>,
    /// When the signature says it was made (RFC 3339, UTC).
    pub created: Option<String>,
    /// "binary" or "text" signature.
    pub mode: String,
    /// One plain sentence for people.
    pub message: String,
}

/// What to verify.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyRequest {
    /// An inline or cleartext signed message (without `signature`).
    #[serde(default)]
    pub message: Option<ByteBuf>,
    /// The plaintext that `signature` signs.
    #[serde(default)]
    pub plaintext: Option<ByteBuf>,
    /// A detached signature over `plaintext`.
    #[serde(default)]
    pub signature: Option<ByteBuf>,
    /// Certificates of the signers.
    #[serde(default)]
    pub certs: Vec<ByteBuf>,
    /// Signatures made before this time are not accepted ("bad").
    #[serde(default)]
    pub not_before_ms: Option<f64>,
    /// Signatures made after this time are not accepted ("bad").
    #[serde(default)]
    pub not_after_ms: Option<f64>,
    /// The current time (JavaScript `Date.now()`).
    pub now_ms: f64,
}

impl std::fmt::Debug for VerifyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyRequest")
            .field("message", &self.message.as_ref().map(|m| Redacted(m)))
            .field("plaintext", &self.plaintext.as_ref().map(|p| Redacted(p)))
            .field("signature", &self.signature.as_ref().map(|s| Redacted(s)))
            .field("certs", &Count(self.certs.len()))
            .field("not_before_ms", &self.not_before_ms)
            .field("not_after_ms", &self.not_after_ms)
            .field("now_ms", &self.now_ms)
            .finish()
    }
}

/// The outcome of [`verify`].
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verified {
    /// One entry per signature.
    pub verifications: Vec<Verification>,
    /// Whether at least one signature is good.
    pub good: bool,
    /// The signed content of an inline or cleartext signed message.
    #[serde(with = "serde_bytes")]
    pub plaintext: Option<Vec<u8>>,
}

impl std::fmt::Debug for Verified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verified")
            .field("verifications", &self.verifications)
            .field("good", &self.good)
            .field(
                "plaintext",
                &self
                    .plaintext
                    .as_ref()
                    .map(|p| format!("<{} bytes>", p.len())),
            )
            .finish()
    }
}

/// Checks the signatures of a signed message (inline or cleartext), or
/// of a plaintext against its detached signature.
///
/// Bad signatures are not an error: each gets a [`Verification`] with its
/// status, and the front end decides.
///
/// # Errors
///
/// [`Error::NotOpenPgp`] or [`Error::MalformedData`] for input that is not
/// a signed message or signature, [`Error::MalformedKey`] for a bad
/// certificate, [`Error::InvalidArgument`] for an encrypted message, a bad
/// time, or a request with neither a message nor a plaintext and its
/// signature, [`Error::InputTooLarge`].
pub fn verify(req: &VerifyRequest) -> Result<Verified> {
    let now = time_from_ms(req.now_ms, "nowMs")?;
    let not_before = req
        .not_before_ms
        .map(|t| time_from_ms(t, "notBeforeMs"))
        .transpose()?;
    let not_after = req
        .not_after_ms
        .map(|t| time_from_ms(t, "notAfterMs"))
        .transpose()?;
    if let Some(signed) = req.message.as_ref().or(req.plaintext.as_ref()) {
        check_size("the data", signed)?;
    }
    let certs = parse_cert_blobs(&req.certs)?;
    let p = reading_policy(now);
    let helper = Collector::new(certs, &p, now);
    let (mut collected, plaintext) = match (&req.message, &req.plaintext, &req.signature) {
        (None, Some(plaintext), Some(sig)) => (verify_detached(plaintext, sig, helper)?, None),
        (Some(message), None, None) => {
            let (collected, plaintext) = verify_signed(message, helper)?;
            (collected, Some(plaintext))
        }
        _ => {
            return Err(Error::InvalidArgument(
                "Give a signed message, or a plaintext with its detached signature.".into(),
            ));
        }
    };
    for v in &mut collected.verifications {
        apply_window(v, not_before, not_after);
    }
    Ok(Verified {
        good: collected.verifications.iter().any(|v| v.status == "good"),
        verifications: collected.verifications,
        plaintext,
    })
}

/// Checks a detached signature over `plaintext`.
fn verify_detached(plaintext: &[u8], sig: &[u8], helper: Collector<'_>) -> Result<Collected> {
    check_size("the signature", sig)?;
    sniff(sig)?;
    let (p, now) = (helper.policy, helper.now);
    let mut v = DetachedVerifierBuilder::from_bytes(sig)
        .and_then(|b| b.with_policy(p, now, helper))
        .map_err(|e| pgp_error(&e, Ctx::Data))?;
    v.verify_bytes(plaintext)
        .map_err(|e| pgp_error(&e, Ctx::Data))?;
    Ok(v.into_helper().out)
}

/// Checks the signatures of an inline or cleartext signed message, and
/// returns what it signs.
fn verify_signed(message: &[u8], helper: Collector<'_>) -> Result<(Collected, Vec<u8>)> {
    sniff(message)?;
    let unarmored = dearmor_plain(message);
    let data = unarmored.as_deref().unwrap_or(message);
    if scan(data)?.encrypted() {
        return Err(Error::InvalidArgument(
            "The message is encrypted; decrypt it instead.".into(),
        ));
    }
    // Streams, as decryption does (see `stream`): the verdicts are settled
    // by the last read, and read_all holds everything.
    let (p, now) = (helper.policy, helper.now);
    let mut v = VerifierBuilder::from_bytes(data)
        .map(|b| b.buffer_size(STREAM_BUFFER))
        .and_then(|b| b.with_policy(p, now, helper))
        .map_err(|e| pgp_error(&e, Ctx::Data))?;
    let plaintext = read_all(&mut v, Ctx::Data, plaintext_estimate(data))?;
    Ok((v.into_helper().out, plaintext))
}

fn apply_window(
    v: &mut Verification,
    not_before: Option<SystemTime>,
    not_after: Option<SystemTime>,
) {
    if v.status != "good" {
        return;
    }
    let Some(created) = v.created.clone() else {
        return;
    };
    if let Some(nb) = not_before.filter(|nb| created < rfc3339(*nb)) {
        v.status = "bad".into();
        v.message = format!(
            "The signature was made on {created}, before the accepted period that starts {}.",
            rfc3339(nb)
        );
    } else if let Some(na) = not_after.filter(|na| created > rfc3339(*na)) {
        v.status = "bad".into();
        v.message = format!(
            "The signature was made on {created}, after the accepted period that ends {}.",
            rfc3339(na)
        );
    }
}

/// What a [`Collector`] found in a message.
#[derive(Default)]
pub(crate) struct Collected {
    pub(crate) verifications: Vec<Verification>,
    pub(crate) filename: Option<String>,
    pub(crate) seipd: u8,
    pub(crate) symmetric: Option<String>,
    pub(crate) aead: Option<String>,
    pub(crate) compressed: bool,
}

/// A verification helper that records every result instead of failing.
pub(crate) struct Collector<'p> {
    certs: Vec<Cert>,
    policy: &'p dyn Policy,
    now: SystemTime,
    pub(crate) out: Collected,
}

impl<'p> Collector<'p> {
    pub(crate) fn new(certs: Vec<Cert>, policy: &'p dyn Policy, now: SystemTime) -> Self {
        Collector {
            certs,
            policy,
            now,
            out: Collected::default(),
        }
    }
}

impl VerificationHelper for Collector<'_> {
    fn inspect(&mut self, pp: &openpgp::parse::PacketParser<'_>) -> openpgp::Result<()> {
        if let Packet::Literal(l) = &pp.packet {
            self.out.filename = l
                .filename()
                .filter(|n| !n.is_empty())
                .map(|n| String::from_utf8_lossy(n).into_owned());
        }
        Ok(())
    }

    fn get_certs(&mut self, _ids: &[KeyHandle]) -> openpgp::Result<Vec<Cert>> {
        Ok(self.certs.clone())
    }

    fn check(&mut self, structure: MessageStructure<'_>) -> openpgp::Result<()> {
        for layer in structure {
            match layer {
                MessageLayer::Compression { .. } => self.out.compressed = true,
                MessageLayer::Encryption {
                    sym_algo,
                    aead_algo,
                } => {
                    self.out.seipd = if aead_algo.is_some() { 2 } else { 1 };
                    self.out.symmetric = Some(cipher_name(sym_algo));
                    self.out.aead = aead_algo.map(aead_name);
                }
                MessageLayer::SignatureGroup { results } => {
                    for r in &results {
                        let v = verification(r, self.policy, self.now);
                        self.out.verifications.push(v);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Turns one sequoia verification result into a [`Verification`].
fn verification(r: &VerificationResult<'_>, p: &dyn Policy, now: SystemTime) -> Verification {
    use VerificationError as V;
    match r {
        Ok(good) => good_signature(good, p, now),
        Err(V::MissingKey { sig }) => {
            let mut v = base(sig, None, None, p, now);
            v.status = "unknown-signer".into();
            v.message = format!(
                "The signature was made by key {}, whose public key was not given, so it cannot be checked.",
                v.key_id.as_deref().unwrap_or("(unknown)")
            );
            v
        }
        Err(V::UnboundKey { sig, cert, error }) => {
            if let Some(v) = unusable_size(sig, cert, p, now) {
                return v;
            }
            let status = key_status(cert, error, p, now);
            finish(base(sig, Some(cert), None, p, now), status, error)
        }
        Err(V::BadKey { sig, ka, error }) => {
            if let Some(v) = unusable_size(sig, ka.cert(), p, now) {
                return v;
            }
            let status = key_status(ka.cert(), error, p, now);
            finish(base(sig, Some(ka.cert()), None, p, now), status, error)
        }
        Err(V::BadSignature { sig, ka, error }) => {
            let status = bad_or_unsupported(error);
            finish(base(sig, Some(ka.cert()), None, p, now), status, error)
        }
        Err(V::MalformedSignature { sig, error }) => finish(
            base(sig, None, None, p, now),
            bad_or_unsupported(error),
            error,
        ),
        Err(V::UnknownSignature { sig }) => {
            unsupported(format!("The signature could not be read: {}", sig.error()))
        }
        Err(other) => unsupported(format!("The signature could not be checked: {other}")),
    }
}

fn good_signature(good: &GoodChecksum<'_>, p: &dyn Policy, now: SystemTime) -> Verification {
    let uid = good
        .ka
        .valid_cert()
        .primary_userid()
        .ok()
        .map(|u| uid_text(u.userid().value()));
    let mut v = base(good.sig, Some(good.ka.cert()), uid, p, now);
    v.status = "good".into();
    v.message = format!(
        "Good signature from {}, made {}.",
        who(&v),
        v.created.as_deref().unwrap_or("at an unknown time")
    );
    v
}

fn bad_or_unsupported(error: &anyhow::Error) -> &'static str {
    if is_unsupported(error) {
        "unsupported"
    } else {
        "bad"
    }
}

/// The fields every result has: signer, key ID, time and mode.
fn base(
    sig: &Signature,
    cert: Option<&Cert>,
    uid: Option<String>,
    p: &dyn Policy,
    now: SystemTime,
) -> Verification {
    let issuers = sig.get_issuers();
    let key_id = issuers.first().map(|h| match h {
        KeyHandle::KeyID(id) => id.to_hex(),
        KeyHandle::Fingerprint(f) => openpgp::KeyID::from(f).to_hex(),
    });
    let fpr_hex = match cert {
        Some(c) => Some(c.fingerprint().to_hex()),
        None => issuers.iter().find_map(|h| match h {
            KeyHandle::Fingerprint(f) => Some(f.to_hex()),
            KeyHandle::KeyID(_) => None,
        }),
    };
    let user_id = uid.or_else(|| cert.and_then(|c| primary_uid(c, p, now)));
    Verification {
        status: String::new(),
        signer_fingerprint: fpr_hex.as_deref().map(grouped),
        signer_fingerprint_hex: fpr_hex,
        key_id,
        user_id,
        created: sig.signature_creation_time().map(rfc3339),
        mode: if sig.typ() == SignatureType::Text {
            "text"
        } else {
            "binary"
        }
        .into(),
        message: String::new(),
    }
}

fn primary_uid(cert: &Cert, p: &dyn Policy, now: SystemTime) -> Option<String> {
    cert.with_policy(p, now)
        .ok()
        .and_then(|vc| {
            vc.primary_userid()
                .ok()
                .map(|u| uid_text(u.userid().value()))
        })
        .or_else(|| cert.userids().next().map(|u| uid_text(u.userid().value())))
}

fn who(v: &Verification) -> String {
    match (&v.user_id, &v.signer_fingerprint) {
        (Some(u), Some(f)) => format!("{u} ({f})"),
        (None, Some(f)) => f.clone(),
        (Some(u), None) => u.clone(),
        (None, None) => "an unknown key".into(),
    }
}

/// "unsupported", naming the size, when the signer's key is one Sealpost
/// cannot check for its size (RSA-8192, RSA-1024): not "bad".
fn unusable_size(
    sig: &Signature,
    cert: &Cert,
    p: &dyn Policy,
    now: SystemTime,
) -> Option<Verification> {
    let why = size_problem(cert.primary_key().key(), &named(cert))?;
    let mut v = base(sig, Some(cert), None, p, now);
    v.status = "unsupported".into();
    v.message = format!("The signature cannot be checked: {why}.");
    Some(v)
}

fn finish(mut v: Verification, status: &str, error: &anyhow::Error) -> Verification {
    let who = who(&v);
    v.message = match status {
        "expired-key" => {
            format!("The signature is not valid: the key of {who} had expired when it was made.")
        }
        "revoked-key" => format!("The signature is not valid: the key of {who} is revoked."),
        "unsupported" => {
            format!("The signature by {who} uses something that is not supported: {error}.")
        }
        _ => format!("Bad signature by {who}: {error}."),
    };
    v.status = status.into();
    v
}

fn key_status(cert: &Cert, error: &anyhow::Error, p: &dyn Policy, now: SystemTime) -> &'static str {
    if let RevocationStatus::Revoked(_) = cert.revocation_status(p, now) {
        return "revoked-key";
    }
    let text = error.to_string();
    for cause in error.chain() {
        if let Some(e) = cause.downcast_ref::<openpgp::Error>() {
            match e {
                openpgp::Error::Expired(_) => return "expired-key",
                openpgp::Error::InvalidKey(s) if s.contains("revoked") => return "revoked-key",
                _ => (),
            }
        }
    }
    if is_unsupported(error) {
        "unsupported"
    } else if text.contains("revoked") {
        "revoked-key"
    } else {
        "bad"
    }
}

fn is_unsupported(error: &anyhow::Error) -> bool {
    error.chain().any(|c| {
        matches!(
            c.downcast_ref::<openpgp::Error>(),
            Some(
                openpgp::Error::UnsupportedHashAlgorithm(_)
                    | openpgp::Error::UnsupportedPublicKeyAlgorithm(_)
                    | openpgp::Error::UnsupportedEllipticCurve(_)
                    | openpgp::Error::UnsupportedSignatureType(_)
                    | openpgp::Error::PolicyViolation(..)
            )
        )
    })
}

/// A signature that could not be read or checked at all.
fn unsupported(sentence: String) -> Verification {
    let sentence = sentence.trim_end().trim_end_matches('.');
    Verification {
        status: "unsupported".into(),
        signer_fingerprint: None,
        signer_fingerprint_hex: None,
        key_id: None,
        user_id: None,
        created: None,
        mode: "binary".into(),
        message: format!("{sentence}."),
    }
}
