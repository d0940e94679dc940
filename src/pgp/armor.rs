//! ASCII armor: adding it (guessing the kind from the first packet) and
//! taking it off.

use std::io::Read;

use sequoia_openpgp as openpgp;

use openpgp::armor::{Kind, Reader, ReaderMode};
use openpgp::packet::Tag;

use super::common::{Ctx, armor_bytes, binary_tag, check_size, io_error, is_armored, sniff};
use crate::{Error, Result};

/// Armors binary OpenPGP data.
///
/// `label` is "message", "signature", "key" (a secret key) or "cert" (a
/// public certificate); without one, the kind is taken from the first
/// packet.  Input that is already armored is returned unchanged.
///
/// # Errors
///
/// [`Error::NotOpenPgp`], [`Error::InvalidArgument`] for an unknown label,
/// [`Error::InputTooLarge`].
///
/// # Example
///
/// ```
/// let armored = sealpost::pgp::armor(&[0xc2, 0x00], Some("signature")).unwrap();
/// assert!(armored.starts_with(b"-----BEGIN PGP SIGNATURE-----"));
/// ```
pub fn armor(data: &[u8], label: Option<&str>) -> Result<Vec<u8>> {
    check_size("the data", data)?;
    sniff(data)?;
    let Some(tag) = binary_tag(data) else {
        // Not binary, so it is armored already.
        return Ok(data.to_vec());
    };
    let kind = match label {
        Some("message") => Kind::Message,
        Some("signature") => Kind::Signature,
        Some("key") => Kind::SecretKey,
        Some("cert") => Kind::PublicKey,
        Some(other) => {
            return Err(Error::InvalidArgument(format!(
                "The label must be \"message\", \"signature\", \"key\" or \"cert\", not {other:?}."
            )));
        }
        None => kind_of(tag)?,
    };
    armor_bytes(kind, data)
}

/// The armor kind that fits a first packet.
fn kind_of(tag: Tag) -> Result<Kind> {
    match tag {
        Tag::PKESK
        | Tag::SKESK
        | Tag::SEIP
        | Tag::SED
        | Tag::OnePassSig
        | Tag::CompressedData
        | Tag::Literal
        | Tag::Marker => Ok(Kind::Message),
        Tag::Signature => Ok(Kind::Signature),
        Tag::SecretKey => Ok(Kind::SecretKey),
        Tag::PublicKey => Ok(Kind::PublicKey),
        other => Err(Error::NotOpenPgp(format!(
            "a {other} packet cannot start OpenPGP data"
        ))),
    }
}

/// Removes ASCII armor.  Binary input is returned unchanged.
///
/// # Errors
///
/// [`Error::NotOpenPgp`], [`Error::MalformedData`] for broken armor (bad
/// base64 or checksum), [`Error::InvalidArgument`] for a cleartext-signed
/// message (use [`inline_detach`](super::inline_detach)),
/// [`Error::InputTooLarge`].
pub fn dearmor(data: &[u8]) -> Result<Vec<u8>> {
    check_size("the data", data)?;
    sniff(data)?;
    if binary_tag(data).is_some() || !is_armored(data) {
        return Ok(data.to_vec());
    }
    if contains(data, b"-----BEGIN PGP SIGNED MESSAGE-----") {
        return Err(Error::InvalidArgument(
            "This is a cleartext-signed message; split it with inline_detach instead.".into(),
        ));
    }
    let mut reader = Reader::from_bytes(data, ReaderMode::Tolerant(None));
    let mut out = Vec::new();
    reader
        .read_to_end(&mut out)
        .map_err(|e| io_error(&e, Ctx::Data))?;
    if out.is_empty() {
        return Err(Error::MalformedData("the armored block is empty".into()));
    }
    Ok(out)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
