//! Signing (detached, inline, cleartext) and splitting a signed message
//! into its content and a detached signature.

use std::fmt;
use std::io::Write;

use sequoia_openpgp as openpgp;

use openpgp::armor;
use openpgp::crypto::KeyPair;
use openpgp::packet::signature::SignatureBuilder;
use openpgp::packet::{Packet, Tag};
use openpgp::parse::{PacketParserBuilder, PacketParserResult, Parse};
use openpgp::serialize::Serialize as _;
use openpgp::serialize::stream::{Armorer, LiteralWriter, Message, Signer};
use openpgp::types::{DataFormat, SignatureType};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::common::{
    Ctx, Redacted, armor_bytes, check_size, internal, pgp_error, policy, sniff, time_from_ms,
};
use super::options::{SignMode, yes};
use super::secret::{SecretKeyInput, signing_keypairs};
use crate::{Error, Result};

/// What to sign and how.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignRequest {
    /// The data to sign.
    pub data: ByteBuf,
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
            .field("data", &Redacted(&self.data))
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
/// [`Error::InvalidArgument`] (no signer, unknown mode),
/// [`Error::SecretKeyMissing`], [`Error::KeyLocked`],
/// [`Error::BadPassphrase`], [`Error::KeyExpired`], [`Error::KeyRevoked`],
/// [`Error::NoSigningKey`], [`Error::InputTooLarge`].
pub fn sign(req: &SignRequest) -> Result<Vec<u8>> {
    let now = time_from_ms(req.now_ms, "nowMs")?;
    check_size("the data", &req.data)?;
    let mode = req.mode;
    if req.signers.is_empty() {
        return Err(Error::InvalidArgument(
            "Give at least one secret key to sign with.".into(),
        ));
    }
    let p = policy(now);
    let pairs = signing_keypairs(&req.signers, &p, now)?;
    let text = req.text || mode == SignMode::Cleartext;
    let typ = if text {
        SignatureType::Text
    } else {
        SignatureType::Binary
    };

    let mut sink = Vec::new();
    let mut message = Message::new(&mut sink);
    if req.armor && mode != SignMode::Cleartext {
        let kind = if mode == SignMode::Detached {
            armor::Kind::Signature
        } else {
            armor::Kind::Message
        };
        message = Armorer::new(message).kind(kind).build().map_err(internal)?;
    }
    let mut signer = signer(message, pairs, typ)?.creation_time(now);
    signer = match mode {
        SignMode::Detached => signer.detached(),
        SignMode::Cleartext => signer.cleartext(),
        SignMode::Inline => signer,
    };
    let mut w = signer.build().map_err(|e| pgp_error(&e, Ctx::Key))?;
    if mode == SignMode::Inline {
        let format = if text {
            DataFormat::Unicode
        } else {
            DataFormat::Binary
        };
        w = LiteralWriter::new(w)
            .format(format)
            .date(now)
            .map_err(|e| pgp_error(&e, Ctx::Data))?
            .build()
            .map_err(internal)?;
    }
    let data = if mode == SignMode::Cleartext {
        without_final_line_ending(&req.data)
    } else {
        &req.data[..]
    };
    w.write_all(data)
        .map_err(|e| Error::Internal(e.to_string()))?;
    w.finalize().map_err(internal)?;
    Ok(sink)
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
) -> Result<Signer<'a>> {
    let mut pairs = pairs.into_iter();
    let Some(first) = pairs.next() else {
        return Err(Error::InvalidArgument(
            "Give at least one secret key to sign with.".into(),
        ));
    };
    let mut signer = Signer::with_template(message, first, SignatureBuilder::new(typ))
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
    let err = |e: openpgp::anyhow::Error| pgp_error(&e, Ctx::Data);
    let mut ppr = PacketParserBuilder::from_bytes(&req.message[..])
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
