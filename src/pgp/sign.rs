//! Signing (detached, inline, cleartext) and splitting a signed message
//! into its content and a detached signature.

use std::fmt;
use std::io::Write;
use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::armor;
use openpgp::crypto::KeyPair;
use openpgp::packet::signature::SignatureBuilder;
use openpgp::packet::{Packet, Signature, Tag};
use openpgp::parse::{PacketParserBuilder, PacketParserResult, Parse};
use openpgp::serialize::Serialize as _;
use openpgp::serialize::stream::{Armorer, LiteralWriter, Message, Signer};
use openpgp::types::{DataFormat, HashAlgorithm, SignatureType};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::common::{
    Ctx, Redacted, armor_bytes, check_size, internal, pgp_error, policy, sniff, time_from_ms,
};
use super::options::{SignMode, yes};
use super::prefs::hash_for;
use super::secret::{SecretKeyInput, signing_keypairs};
use crate::{Error, Result};

/// What to sign and how.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignRequest {
    /// The plaintext to sign.
    pub plaintext: ByteBuf,
    /// The secret keys to sign with.
    pub signers: Vec<SecretKeyInput>,
    /// What to write (default: a detached signature).
    #[serde(default)]
    pub mode: SignMode,
    /// ASCII armor (default `true`; cleartext is always text).
    #[serde(default = "yes")]
    pub armor: bool,
    /// A text signature instead of a binary one (cleartext is always text).
    #[serde(default)]
    pub text: bool,
    /// The current time (JavaScript `Date.now()`).
    pub now_ms: f64,
}

impl fmt::Debug for SignRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignRequest")
            .field("plaintext", &Redacted(&self.plaintext))
            .field("signers", &self.signers)
            .field("mode", &self.mode)
            .field("armor", &self.armor)
            .field("text", &self.text)
            .field("now_ms", &self.now_ms)
            .finish()
    }
}

/// What to split.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DetachRequest {
    /// An inline-signed or cleartext-signed message.
    pub message: ByteBuf,
    /// Armor the signatures (default `true`).
    #[serde(default = "yes")]
    pub armor: bool,
}

impl fmt::Debug for DetachRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DetachRequest")
            .field("message", &Redacted(&self.message))
            .field("armor", &self.armor)
            .finish()
    }
}

/// A signed message split in two.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Detached {
    /// The signed content.
    #[serde(with = "serde_bytes")]
    pub plaintext: Vec<u8>,
    /// The signatures, as a detached signature (armored or binary).
    #[serde(with = "serde_bytes")]
    pub signatures: Vec<u8>,
}

impl fmt::Debug for Detached {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Detached")
            .field("plaintext", &Redacted(&self.plaintext))
            .field("signatures", &Redacted(&self.signatures))
            .finish()
    }
}

/// What [`sign`] wrote: a detached signature, or a signed message.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SignedOutput {
    /// The signature alone (`detached`).
    Signature(ByteBuf),
    /// A signed message (`inline` or `cleartext`).
    Message(ByteBuf),
}

impl SignedOutput {
    /// The bytes written, whichever they are.
    pub fn bytes(&self) -> &[u8] {
        match self {
            SignedOutput::Signature(b) | SignedOutput::Message(b) => b,
        }
    }

    /// The bytes written, whichever they are.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            SignedOutput::Signature(b) | SignedOutput::Message(b) => b.into_vec(),
        }
    }
}

/// The result of [`sign`]: what was written, and with which hash.
///
/// In JavaScript the output is the field `signature` (detached) or
/// `message` (inline, cleartext), beside `hash` and `micalg`.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signed {
    /// What was written.
    #[serde(flatten)]
    pub output: SignedOutput,
    /// The hash algorithm of every signature: "SHA512".
    pub hash: String,
    /// The `micalg` parameter of a PGP/MIME signed part (RFC 3156) for
    /// that hash: "pgp-sha512".
    pub micalg: String,
}

impl fmt::Debug for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("output", &Redacted(self.output.bytes()))
            .field("hash", &self.hash)
            .field("micalg", &self.micalg)
            .finish()
    }
}

/// Signs data with every given key.
///
/// "cleartext" gives `-----BEGIN PGP SIGNED MESSAGE-----` text (always a
/// text signature; trailing whitespace on lines is not signed, and neither
/// is one final line ending, which the framing supplies, as the cleartext
/// framework requires); "inline" a signed OpenPGP message;
/// "detached" a signature alone.
///
/// # Errors
///
/// [`Error::InvalidArgument`] (no signer), [`Error::SecretKeyMissing`],
/// [`Error::KeyLocked`], [`Error::BadPassphrase`], [`Error::KeyExpired`],
/// [`Error::KeyRevoked`], [`Error::NoSigningKey`], [`Error::InputTooLarge`].
pub fn sign(req: &SignRequest) -> Result<Signed> {
    let now = time_from_ms(req.now_ms, "nowMs")?;
    check_size("the plaintext", &req.plaintext)?;
    if req.signers.is_empty() {
        return Err(Error::InvalidArgument(
            "Give at least one secret key to sign with.".into(),
        ));
    }
    let p = policy(now);
    let signers = signing_keypairs(&req.signers, &p, now)?;
    let hash = hash_for(&signers.hashes, &p, now);
    let text = req.text || req.mode == SignMode::Cleartext;

    let mut sink = Vec::new();
    let w = signing_stack(Message::new(&mut sink), req, signers.pairs, hash, text, now)?;
    write_signed(w, req)?;
    let output = match req.mode {
        SignMode::Detached => SignedOutput::Signature(sink.into()),
        SignMode::Inline | SignMode::Cleartext => SignedOutput::Message(sink.into()),
    };
    Ok(Signed {
        output,
        hash: hash.to_string(),
        micalg: micalg(hash),
    })
}

/// The armor (unless cleartext), signing and, for an inline message,
/// literal data layers of the writer stack.
fn signing_stack<'a>(
    sink: Message<'a>,
    req: &SignRequest,
    pairs: Vec<KeyPair>,
    hash: HashAlgorithm,
    text: bool,
    now: SystemTime,
) -> Result<Message<'a>> {
    let mut message = sink;
    if req.armor && req.mode != SignMode::Cleartext {
        let kind = if req.mode == SignMode::Detached {
            armor::Kind::Signature
        } else {
            armor::Kind::Message
        };
        message = Armorer::new(message).kind(kind).build().map_err(internal)?;
    }
    let typ = if text {
        SignatureType::Text
    } else {
        SignatureType::Binary
    };
    let signer = signer(message, pairs, typ, hash)?.creation_time(now);
    let signer = match req.mode {
        SignMode::Detached => signer.detached(),
        SignMode::Cleartext => signer.cleartext(),
        SignMode::Inline => signer,
    };
    let w = signer.build().map_err(|e| pgp_error(&e, Ctx::Key))?;
    if req.mode != SignMode::Inline {
        return Ok(w);
    }
    let format = if text {
        DataFormat::Unicode
    } else {
        DataFormat::Binary
    };
    LiteralWriter::new(w)
        .format(format)
        .date(now)
        .map_err(|e| pgp_error(&e, Ctx::Data))?
        .build()
        .map_err(internal)
}

/// Writes the data (for cleartext, without its final line ending) and
/// closes the stack, which writes the signatures.
fn write_signed(mut w: Message<'_>, req: &SignRequest) -> Result<()> {
    let data = if req.mode == SignMode::Cleartext {
        without_final_line_ending(&req.plaintext)
    } else {
        &req.plaintext[..]
    };
    w.write_all(data)
        .map_err(|e| Error::Internal(e.to_string()))?;
    w.finalize().map_err(internal)
}

/// The `micalg` name of a hash (RFC 3156 section 5, RFC 4880 section 9.4).
fn micalg(hash: HashAlgorithm) -> String {
    let name = match hash {
        HashAlgorithm::MD5 => "md5",
        HashAlgorithm::SHA1 => "sha1",
        HashAlgorithm::RipeMD => "ripemd160",
        HashAlgorithm::SHA256 => "sha256",
        HashAlgorithm::SHA384 => "sha384",
        HashAlgorithm::SHA512 => "sha512",
        HashAlgorithm::SHA224 => "sha224",
        HashAlgorithm::SHA3_256 => "sha3-256",
        HashAlgorithm::SHA3_512 => "sha3-512",
        other => return format!("pgp-{}", other.to_string().to_ascii_lowercase()),
    };
    format!("pgp-{name}")
}

/// `data` without one final line ending.
///
/// In the cleartext framework the line ending before `-----BEGIN PGP
/// SIGNATURE-----` belongs to the framing, not to the signed text. GnuPG
/// and Sequoia's `sqop` therefore sign "text\n" as "text", and print it
/// back with the line ending; doing the same keeps a signed text intact
/// through every peer (sequoia's writer would otherwise add a blank line).
fn without_final_line_ending(data: &[u8]) -> &[u8] {
    data.strip_suffix(b"\r\n")
        .or_else(|| data.strip_suffix(b"\n"))
        .unwrap_or(data)
}

/// A `Signer` with every key pair added.
pub(crate) fn signer<'a>(
    message: Message<'a>,
    pairs: Vec<KeyPair>,
    typ: SignatureType,
    hash: HashAlgorithm,
) -> Result<Signer<'a>> {
    let mut pairs = pairs.into_iter();
    let Some(first) = pairs.next() else {
        return Err(Error::InvalidArgument(
            "Give at least one secret key to sign with.".into(),
        ));
    };
    let mut signer = Signer::with_template(message, first, SignatureBuilder::new(typ))
        .and_then(|s| s.hash_algo(hash))
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    for pair in pairs {
        signer = signer
            .add_signer(pair)
            .map_err(|e| pgp_error(&e, Ctx::Key))?;
    }
    Ok(signer)
}

/// Splits an inline-signed or cleartext-signed message into its content
/// and a detached signature that verifies against that content.
///
/// # Errors
///
/// [`Error::NotOpenPgp`], [`Error::MalformedData`] (also when there is no
/// signature or no content), [`Error::InvalidArgument`] for an encrypted
/// message, [`Error::InputTooLarge`].
pub fn inline_detach(req: &DetachRequest) -> Result<Detached> {
    check_size("the message", &req.message)?;
    sniff(&req.message)?;
    let (plaintext, sigs) = content_and_signatures(&req.message)?;
    let mut bin = Vec::new();
    for s in sigs {
        // A parsed signature may hold parts that cannot be written back.
        Packet::from(s)
            .serialize(&mut bin)
            .map_err(|e| pgp_error(&e, Ctx::Data))?;
    }
    let signatures = if req.armor {
        armor_bytes(armor::Kind::Signature, &bin)?
    } else {
        bin
    };
    Ok(Detached {
        plaintext,
        signatures,
    })
}

/// The content (one literal data packet) and every signature of a signed
/// message.
fn content_and_signatures(message: &[u8]) -> Result<(Vec<u8>, Vec<Signature>)> {
    let err = |e: openpgp::anyhow::Error| pgp_error(&e, Ctx::Data);
    let mut ppr = PacketParserBuilder::from_bytes(message)
        .map_err(err)?
        .process_csf_message(true)
        .buffer_unread_content()
        .build()
        .map_err(err)?;
    let mut plaintext = None;
    let mut sigs = Vec::new();
    while let PacketParserResult::Some(pp) = ppr {
        if matches!(
            pp.packet.tag(),
            Tag::PKESK | Tag::SKESK | Tag::SEIP | Tag::SED
        ) {
            return Err(Error::InvalidArgument(
                "The message is encrypted; decrypt it first.".into(),
            ));
        }
        let (packet, next) = pp.recurse().map_err(err)?;
        ppr = next;
        match packet {
            Packet::Literal(l) => {
                if plaintext.is_some() {
                    return Err(Error::MalformedData("the message has two contents".into()));
                }
                plaintext = Some(l.body().to_vec());
            }
            Packet::Signature(s) => sigs.push(s),
            _ => (),
        }
    }
    let plaintext =
        plaintext.ok_or_else(|| Error::MalformedData("the message has no content".into()))?;
    if sigs.is_empty() {
        return Err(Error::MalformedData("the message has no signature".into()));
    }
    Ok((plaintext, sigs))
}
