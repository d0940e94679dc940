//! Key life: extend (or set, or remove) the expiry of a key and its
//! subkeys with new self-signatures.
//!
//! sequoia's `set_expiration_time` reads the clock itself, which this
//! crate never does (on wasm32 "now" comes from JavaScript), so the
//! signatures are made here in the same way, at the caller's `now`: a new
//! direct-key signature and a new binding signature for every user ID
//! (keeping which one is primary) for the primary key, and a new subkey
//! binding signature for each subkey, with a fresh primary-key binding
//! signature inside it for subkeys that sign.

use std::fmt;
use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::cert::prelude::*;
use openpgp::crypto::{KeyPair, Password};
use openpgp::packet::signature::SignatureBuilder;
use openpgp::packet::signature::subpacket::SubpacketTag;
use openpgp::packet::{Packet, Signature};
use openpgp::types::{RevocationStatus, SignatureType};
use serde::Deserialize;
use serde_bytes::ByteBuf;

use super::common::{
    Count, Ctx, Redacted, grouped, keys_out, parse_certs, pgp_error, policy, time_from_ms,
};
use super::options::yes;
use super::s2k::DerivedKey;
use super::secret::{passphrases, unlock};
use crate::{Error, Result};

/// A key and its new expiry.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpiryRequest {
    /// The transferable secret key (exactly one).
    pub key: ByteBuf,
    /// Passphrases to try to unlock it.
    #[serde(default)]
    pub passphrases: Vec<String>,
    /// Keys derived from the passphrases (see [`crate::pgp::s2k_specs`]).
    #[serde(default)]
    pub derived_keys: Vec<DerivedKey>,
    /// When the key and its subkeys expire (milliseconds since 1970), or
    /// `None` for never.
    #[serde(default)]
    pub expires_ms: Option<f64>,
    /// ASCII armor (default `true`).
    #[serde(default = "yes")]
    pub armor: bool,
    /// The current time (JavaScript `Date.now()`), the time of the new
    /// signatures.
    pub now_ms: f64,
}

impl fmt::Debug for ExpiryRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExpiryRequest")
            .field("key", &Redacted(&self.key))
            .field("passphrases", &Count(self.passphrases.len()))
            .field("derived_keys", &self.derived_keys)
            .field("expires_ms", &self.expires_ms)
            .field("armor", &self.armor)
            .finish_non_exhaustive()
    }
}

/// Sets when a secret key and all its subkeys that are not revoked expire,
/// and returns the secret key (still protected as it was) with the new
/// self-signatures. Export its public key again to publish the change.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for more than one key or an expiry that is
/// not after now, [`Error::SecretKeyMissing`], [`Error::KeyLocked`],
/// [`Error::BadPassphrase`], [`Error::KeyRevoked`].
///
/// # Example
///
/// ```no_run
/// # fn main() -> sealpost::Result<()> {
/// # let key = Vec::new();
/// let now_ms = 1_780_000_000_000.0;
/// let key = sealpost::pgp::set_key_expiry(&sealpost::pgp::ExpiryRequest {
///     key: key.into(),
///     passphrases: vec!["correct horse".into()],
///     derived_keys: Vec::new(),
///     expires_ms: Some(now_ms + 2.0 * 365.0 * 86_400_000.0),
///     armor: true,
///     now_ms,
/// })?;
/// # Ok(()) }
/// ```
pub fn set_key_expiry(req: &ExpiryRequest) -> Result<Vec<u8>> {
    let now = time_from_ms(req.now_ms, "nowMs")?;
    let expires = req
        .expires_ms
        .map(|ms| time_from_ms(ms, "expiresMs"))
        .transpose()?;
    if expires.is_some_and(|e| e <= now) {
        return Err(Error::InvalidArgument(
            "The new expiry date must be in the future.".into(),
        ));
    }
    let mut certs = parse_certs(&req.key)?;
    if certs.len() != 1 {
        return Err(Error::InvalidArgument(
            "Give exactly one key to change its expiry.".into(),
        ));
    }
    let Some(cert) = certs.pop() else {
        return Err(Error::NoKeys);
    };
    let old = Old {
        passwords: req
            .passphrases
            .iter()
            .flat_map(|p| passphrases(Some(p)))
            .collect(),
        derived: req.derived_keys.clone(),
    };
    let sigs = new_self_signatures(&cert, &old, expires, now)?;
    let (cert, _) = cert
        .insert_packets(sigs.into_iter().map(Packet::from))
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    keys_out(&[cert], req.armor)
}

/// What may unlock the key: passphrases, and keys derived from them.
struct Old {
    passwords: Vec<Password>,
    derived: Vec<DerivedKey>,
}

/// The self-signatures that give `cert` and its live subkeys the expiry
/// `expires`, made at `now`.
fn new_self_signatures(
    cert: &Cert,
    old: &Old,
    expires: Option<SystemTime>,
    now: SystemTime,
) -> Result<Vec<Signature>> {
    let fpr = grouped(&cert.fingerprint().to_hex());
    let p = policy(now);
    let vc = cert
        .with_policy(&p, now)
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    if let RevocationStatus::Revoked(_) = vc.revocation_status() {
        return Err(Error::KeyRevoked(format!("the key {fpr}")));
    }
    let primary = vc.primary_key();
    let mut signer = primary_signer(primary.key(), old, &fpr)?;
    let period =
        |created: SystemTime| expires.map(|e| e.duration_since(created).unwrap_or_default());
    let key_err = |e: openpgp::anyhow::Error| pgp_error(&e, Ctx::Key);

    let mut sigs = Vec::new();
    let validity = period(primary.key().creation_time());
    let template = match vc.direct_key_signature() {
        Ok(sig) => SignatureBuilder::from(sig.clone()),
        Err(_) => direct_from_binding(primary.binding_signature()),
    };
    let mut direct = template
        .set_signature_creation_time(now)
        .and_then(|b| b.set_key_validity_period(validity))
        .map_err(key_err)?;
    direct
        .hashed_area_mut()
        .remove_all(SubpacketTag::PrimaryUserID);
    sigs.push(direct.sign_direct_key(&mut signer, None).map_err(key_err)?);

    let primary_uid = vc.primary_userid().ok().map(|u| u.userid().clone());
    for uid in vc.userids().revoked(false) {
        let is_primary = primary_uid.as_ref() == Some(uid.userid());
        let sig = SignatureBuilder::from(uid.binding_signature().clone())
            .set_signature_creation_time(now)
            .and_then(|b| b.set_key_validity_period(validity))
            .and_then(|b| b.set_primary_userid(is_primary))
            .and_then(|b| b.sign_userid_binding(&mut signer, None, uid.userid()))
            .map_err(key_err)?;
        sigs.push(sig);
    }

    for ka in vc.keys().subkeys().revoked(false) {
        let validity = period(ka.key().creation_time());
        sigs.push(subkey_signature(
            &ka,
            primary.key(),
            &mut signer,
            old,
            validity,
            now,
        )?);
    }
    Ok(sigs)
}

/// The primary key, unlocked, to sign with.
fn primary_signer(
    primary: &openpgp::packet::Key<
        openpgp::packet::key::PublicParts,
        openpgp::packet::key::PrimaryRole,
    >,
    old: &Old,
    fpr: &str,
) -> Result<KeyPair> {
    let secret = primary
        .clone()
        .parts_into_secret()
        .map_err(|_| Error::SecretKeyMissing(format!("the primary key of {fpr}")))?;
    keypair(&unlock(&secret, &old.passwords, &old.derived)?)
}

/// A new binding signature for subkey `ka` with `validity`, with a fresh
/// primary-key binding signature inside when the subkey signs.
fn subkey_signature(
    ka: &ValidSubordinateKeyAmalgamation<'_, openpgp::packet::key::PublicParts>,
    primary: &openpgp::packet::Key<
        openpgp::packet::key::PublicParts,
        openpgp::packet::key::PrimaryRole,
    >,
    signer: &mut KeyPair,
    old: &Old,
    validity: Option<std::time::Duration>,
    now: SystemTime,
) -> Result<Signature> {
    let key_err = |e: openpgp::anyhow::Error| pgp_error(&e, Ctx::Key);
    let mut builder = SignatureBuilder::from(ka.binding_signature().clone())
        .set_signature_creation_time(now)
        .and_then(|b| b.set_key_validity_period(validity))
        .map_err(key_err)?;
    if ka.for_signing() || ka.for_certification() || ka.for_authentication() {
        let sub = ka.key().clone().parts_into_secret().map_err(|_| {
            Error::SecretKeyMissing(format!(
                "subkey {}",
                grouped(&ka.key().fingerprint().to_hex())
            ))
        })?;
        let mut sub_signer = keypair(&unlock(&sub, &old.passwords, &old.derived)?)?;
        let back = SignatureBuilder::new(SignatureType::PrimaryKeyBinding)
            .set_signature_creation_time(now)
            .map(|b| b.set_hash_algo(ka.binding_signature().hash_algo()))
            .and_then(|b| b.sign_primary_key_binding(&mut sub_signer, primary, ka.key()))
            .map_err(key_err)?;
        builder = builder.set_embedded_signature(back).map_err(key_err)?;
    }
    builder
        .sign_subkey_binding(signer, None, ka.key())
        .map_err(key_err)
}

/// A direct-key signature template from a user ID binding, without the
/// subpackets that only make sense on a user ID.
fn direct_from_binding(binding: &Signature) -> SignatureBuilder {
    let mut template = SignatureBuilder::from(binding.clone()).set_type(SignatureType::DirectKey);
    let area = template.hashed_area_mut();
    for tag in [
        SubpacketTag::ExportableCertification,
        SubpacketTag::Revocable,
        SubpacketTag::TrustSignature,
        SubpacketTag::RegularExpression,
        SubpacketTag::PrimaryUserID,
        SubpacketTag::SignersUserID,
        SubpacketTag::ReasonForRevocation,
        SubpacketTag::SignatureTarget,
        SubpacketTag::EmbeddedSignature,
    ] {
        area.remove_all(tag);
    }
    template
}

fn keypair<R: openpgp::packet::key::KeyRole>(
    key: &openpgp::packet::Key<openpgp::packet::key::SecretParts, R>,
) -> Result<KeyPair> {
    key.clone()
        .into_keypair()
        .map_err(|e| pgp_error(&e, Ctx::Key))
}
