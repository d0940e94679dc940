//! Checking a `multipart/signed` message: the glue between the MIME
//! structure ([`signed_parts`]) and OpenPGP's detached-signature check
//! ([`crate::pgp::verify`]).
//!
//! It lives in `mail` because the question is a mail question ("is this
//! email's signature good?"), and it speaks to `pgp` only through that
//! module's public request and result types, so no sequoia type enters
//! `mail`. It exists only when both features are built.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::mime::{MimeContent, MimeRequest, open_mime, signed_parts};
use crate::Result;
use crate::pgp::{Verified, VerifyRequest, verify};

/// What [`verify_signed`] reads.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifySignedRequest {
    /// A `multipart/signed` message: a whole `.eml`, or a decrypted payload.
    pub message: ByteBuf,
    /// Certificates of the possible signers.
    #[serde(default)]
    pub certs: Vec<ByteBuf>,
    /// The current time (JavaScript `Date.now()`).
    pub now_ms: f64,
}

/// The outcome of [`verify_signed`]: the signature check and what the
/// signed part holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedMessage {
    /// The signature check, as [`verify`] gives it.
    pub verified: Verified,
    /// The signed part's text and attachments.
    pub content: MimeContent,
    /// The `micalg` the message declares (`pgp-sha256`).
    pub micalg: Option<String>,
}

/// Checks the detached signature of a `multipart/signed` message over
/// the canonical (CRLF) form of its signed part, and opens that part.
/// A bad signature is not an error: see [`Verified::good`].
///
/// # Errors
///
/// Those of [`signed_parts`] (not `multipart/signed`, damaged structure)
/// and of [`verify`] (a signature or certificate that cannot be read).
pub fn verify_signed(req: &VerifySignedRequest) -> Result<SignedMessage> {
    let parts = signed_parts(&MimeRequest {
        message: req.message.clone(),
    })?;
    let verified = verify(&VerifyRequest {
        message: None,
        plaintext: Some(ByteBuf::from(parts.signed.clone())),
        signature: Some(ByteBuf::from(parts.signature)),
        certs: req.certs.clone(),
        not_before_ms: None,
        not_after_ms: None,
        now_ms: req.now_ms,
    })?;
    let content = open_mime(&MimeRequest {
        message: ByteBuf::from(parts.signed),
    })?;
    Ok(SignedMessage {
        verified,
        content,
        micalg: parts.micalg,
    })
}
