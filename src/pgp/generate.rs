//! Key lifecycle: generate, change the passphrase, revoke, and extract
//! the public certificate.

use std::fmt;
use std::time::{Duration, SystemTime};

use sequoia_openpgp as openpgp;

use openpgp::cert::amalgamation::key::PrimaryKey;
use openpgp::cert::{CertBuilder, CertRevocationBuilder, CipherSuite};
use openpgp::crypto::Password;
use openpgp::packet::{Packet, Signature};
use openpgp::serialize::Serialize as _;
use openpgp::types::{Features, KeyFlags, ReasonForRevocation};
use openpgp::{Cert, Profile, armor};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::common::{
    Count, Ctx, Redacted, armor_bytes, certs_out, grouped, internal, keys_out, parse_certs,
    pgp_error, time_from_ms,
};
use super::options::{KeyProfile, yes};
use super::s2k::{DerivedKey, protect};
use super::secret::{passphrases, unlock};
use crate::{Error, Result};

/// Three years, the validity of a key when none is asked for.
const DEFAULT_VALIDITY: Duration = Duration::from_secs(3 * 365 * 24 * 60 * 60);

/// What key to make.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenerateRequest {
    /// User IDs, e.g. "Alice <alice@example.org>"; the first is primary.
    #[serde(default)]
    pub user_ids: Vec<String>,
    /// What kind of key (default: a v4 Curve25519 key).
    #[serde(default)]
    pub profile: KeyProfile,
    /// Protect the secret key with this passphrase.
    #[serde(default)]
    pub passphrase: Option<String>,
    /// Or protect it with this key, derived from the passphrase by the
    /// caller for a spec of [`crate::pgp::s2k_fresh`].
    #[serde(default)]
    pub derived_key: Option<DerivedKey>,
    /// Seconds until the key expires: `None` means three years, `0` never.
    #[serde(default)]
    pub validity_seconds: Option<f64>,
    /// Make a key that can only sign (no encryption subkey).
    #[serde(default)]
    pub signing_only: bool,
    /// The current time (JavaScript `Date.now()`), the creation time.
    pub now_ms: f64,
}

impl fmt::Debug for GenerateRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GenerateRequest")
            .field("user_ids", &self.user_ids)
            .field("profile", &self.profile)
            .field(
                "passphrase",
                &self.passphrase.as_ref().map(|_| "<redacted>"),
            )
            .field("derived_key", &self.derived_key)
            .field("validity_seconds", &self.validity_seconds)
            .field("signing_only", &self.signing_only)
            .field("now_ms", &self.now_ms)
            .finish()
    }
}

/// A new key.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedKey {
    /// The armored transferable secret key.
    pub secret_key: String,
    /// The armored public certificate.
    pub public_key: String,
    /// An armored revocation certificate (the primary key and a
    /// revocation signature); keep it safe.
    pub revocation: String,
    /// The fingerprint, grouped in fours.
    pub fingerprint: String,
    /// The fingerprint as plain hex.
    pub fingerprint_hex: String,
    /// The key ID.
    pub key_id: String,
}

impl fmt::Debug for GeneratedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeneratedKey")
            .field("secret_key", &"<redacted>")
            .field("public_key", &self.public_key)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

/// Generates a key.
///
/// Default keys are v4 Cv25519 keys that advertise SEIPDv1 only, so that
/// GnuPG can read messages encrypted to them.  "rfc9580" makes a v6 key
/// that advertises SEIPDv2.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for only empty user IDs, an empty passphrase
/// or a bad validity.  No user IDs at all make a key without one.
pub fn generate_key(req: &GenerateRequest) -> Result<GeneratedKey> {
    let now = time_from_ms(req.now_ms, "nowMs")?;
    // No user ID at all is a key without one (the SOP spec allows it);
    // an empty one is a form left blank.
    if !req.user_ids.is_empty() && req.user_ids.iter().all(|u| u.trim().is_empty()) {
        return Err(Error::InvalidArgument("Give at least one user ID.".into()));
    }
    if req.passphrase.as_deref() == Some("") {
        return Err(Error::InvalidArgument(
            "The passphrase must not be empty; leave it out for an unprotected key.".into(),
        ));
    }
    let validity = validity(req.validity_seconds)?;
    let (cert, rev) = builder(req, validity, now)?
        .generate()
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    let cert = match &req.derived_key {
        Some(d) => reprotect(cert, &[], &[], &New::Derived(d))?,
        None => cert,
    };
    let hex = cert.fingerprint().to_hex();
    Ok(GeneratedKey {
        secret_key: utf8(keys_out(std::slice::from_ref(&cert), true)?)?,
        public_key: utf8(certs_out(std::slice::from_ref(&cert), true)?)?,
        revocation: utf8(revocation_certificate(&cert, rev)?)?,
        fingerprint: grouped(&hex),
        fingerprint_hex: hex,
        key_id: cert.keyid().to_hex(),
    })
}

/// The cipher suite, the key version's profile and the features a key
/// profile asks for.
fn suite(profile: KeyProfile) -> (CipherSuite, Profile, Features) {
    let v1 = Features::empty().set_seipdv1();
    match profile {
        KeyProfile::Cv25519 => (CipherSuite::Cv25519, Profile::RFC4880, v1),
        KeyProfile::Rsa3072 => (CipherSuite::RSA3k, Profile::RFC4880, v1),
        KeyProfile::Rsa4096 => (CipherSuite::RSA4k, Profile::RFC4880, v1),
        KeyProfile::Rfc9580 => (CipherSuite::Cv25519, Profile::RFC9580, v1.set_seipdv2()),
    }
}

/// A `CertBuilder` for the key the request describes.
fn builder(
    req: &GenerateRequest,
    validity: Option<Duration>,
    now: SystemTime,
) -> Result<CertBuilder<'static>> {
    let (suite, profile, features) = suite(req.profile);
    // RSA keys have GnuPG's shape: the primary key certifies and signs,
    // one subkey encrypts. Each RSA key costs seconds to make in the
    // browser, so a third one (a signing subkey) would cost half as much
    // again. Curve25519 keys cost nothing to make and get their own
    // signing subkey, so the primary key can stay offline.
    let rsa = matches!(suite, CipherSuite::RSA3k | CipherSuite::RSA4k);
    let primary_flags = if rsa {
        KeyFlags::empty().set_certification().set_signing()
    } else {
        KeyFlags::empty().set_certification()
    };
    let mut builder = CertBuilder::new()
        .set_cipher_suite(suite)
        .set_profile(profile)
        .map_err(internal)?
        .set_features(features)
        .map_err(internal)?
        .set_creation_time(now)
        .set_primary_key_flags(primary_flags)
        .set_validity_period(validity)
        .set_password(match req.derived_key {
            Some(_) => None,
            None => req.passphrase.as_deref().map(Password::from),
        });
    if !rsa {
        builder = builder.add_signing_subkey();
    }
    if !req.signing_only {
        builder = builder.add_subkey(
            KeyFlags::empty()
                .set_transport_encryption()
                .set_storage_encryption(),
            None,
            None,
        );
    }
    for uid in req.user_ids.iter().filter(|u| !u.trim().is_empty()) {
        builder = builder.add_userid(uid.as_str());
    }
    Ok(builder)
}

/// An armored revocation certificate: the primary key and `rev`.
fn revocation_certificate(cert: &Cert, rev: Signature) -> Result<Vec<u8>> {
    let mut bin = Vec::new();
    Packet::from(cert.primary_key().key().clone())
        .serialize(&mut bin)
        .map_err(internal)?;
    Packet::from(rev).serialize(&mut bin).map_err(internal)?;
    armor_bytes(armor::Kind::PublicKey, &bin)
}

fn validity(seconds: Option<f64>) -> Result<Option<Duration>> {
    match seconds {
        None => Ok(Some(DEFAULT_VALIDITY)),
        Some(0.0) => Ok(None),
        Some(s) if s.is_finite() && s >= 1.0 && s <= f64::from(u32::MAX) => {
            Ok(Some(Duration::from_secs(s as u64)))
        }
        Some(_) => Err(Error::InvalidArgument(
            "The validity must be 0 (never expires) or between 1 second and 136 years.".into(),
        )),
    }
}

fn utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
}

/// A new passphrase for a secret key.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangePassphraseRequest {
    /// The transferable secret key.
    pub key: ByteBuf,
    /// Passphrases to try to unlock it (none needed if unprotected).
    #[serde(default)]
    pub old_passphrases: Vec<String>,
    /// The new passphrase; `None` removes the protection.
    #[serde(default)]
    pub new_passphrase: Option<String>,
    /// Keys derived from the old passphrases (see
    /// [`crate::pgp::s2k_specs`]), tried first.
    #[serde(default)]
    pub old_derived_keys: Vec<DerivedKey>,
    /// A key derived from the new passphrase for a spec of
    /// [`crate::pgp::s2k_fresh`]; protects instead of `new_passphrase`.
    #[serde(default)]
    pub new_derived_key: Option<DerivedKey>,
    /// ASCII armor (default `true`).
    #[serde(default = "yes")]
    pub armor: bool,
    /// The current time (JavaScript `Date.now()`).
    pub now_ms: f64,
}

impl fmt::Debug for ChangePassphraseRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChangePassphraseRequest")
            .field("key", &Redacted(&self.key))
            .field("old_passphrases", &Count(self.old_passphrases.len()))
            .field(
                "new_passphrase",
                &self.new_passphrase.as_ref().map(|_| "<redacted>"),
            )
            .field("old_derived_keys", &self.old_derived_keys)
            .field("new_derived_key", &self.new_derived_key)
            .field("armor", &self.armor)
            .finish_non_exhaustive()
    }
}

/// Re-protects every secret (sub)key with a new passphrase (or none).
///
/// # Errors
///
/// [`Error::KeyLocked`] if a key is protected and no old passphrase was
/// given, [`Error::BadPassphrase`] if none unlocks it,
/// [`Error::SecretKeyMissing`] for a public certificate,
/// [`Error::InvalidArgument`] for an empty new passphrase.
pub fn change_key_passphrase(req: &ChangePassphraseRequest) -> Result<Vec<u8>> {
    time_from_ms(req.now_ms, "nowMs")?;
    if req.new_passphrase.as_deref() == Some("") {
        return Err(Error::InvalidArgument(
            "The new passphrase must not be empty; leave it out to remove the protection.".into(),
        ));
    }
    let old: Vec<Password> = req
        .old_passphrases
        .iter()
        .flat_map(|p| passphrases(Some(p)))
        .collect();
    let new = match (&req.new_derived_key, req.new_passphrase.as_deref()) {
        (Some(d), _) => New::Derived(d),
        (None, Some(p)) => New::Passphrase(Password::from(p)),
        (None, None) => New::Nothing,
    };
    let mut out = Vec::new();
    for cert in parse_certs(&req.key)? {
        if !cert.is_tsk() {
            return Err(Error::SecretKeyMissing(format!(
                "the public key {}",
                grouped(&cert.fingerprint().to_hex())
            )));
        }
        out.push(reprotect(cert, &old, &req.old_derived_keys, &new)?);
    }
    keys_out(&out, req.armor)
}

/// The new protection of a secret key.
enum New<'a> {
    Nothing,
    Passphrase(Password),
    Derived(&'a DerivedKey),
}

/// `cert` with every secret (sub)key unlocked with `old` (or the `derived`
/// keys that fit) and protected as `new` says.
fn reprotect(cert: Cert, old: &[Password], derived: &[DerivedKey], new: &New) -> Result<Cert> {
    let mut packets: Vec<Packet> = Vec::new();
    for ka in cert.keys().secret() {
        let mut key = unlock(ka.key(), old, derived)?;
        key = match new {
            New::Nothing => key,
            New::Passphrase(p) => key.encrypt_secret(p).map_err(|e| pgp_error(&e, Ctx::Key))?,
            New::Derived(d) => protect(key, d)?,
        };
        packets.push(if ka.primary() {
            key.role_into_primary().into()
        } else {
            key.role_into_subordinate().into()
        });
    }
    let (cert, _) = cert
        .insert_packets(packets)
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    Ok(cert)
}

/// The old name of [`change_key_passphrase`], kept for one release.
#[deprecated(note = "a passphrase unlocks a key: use change_key_passphrase")]
pub fn change_key_password(req: &ChangePassphraseRequest) -> Result<Vec<u8>> {
    change_key_passphrase(req)
}

/// The old name of [`ChangePassphraseRequest`], kept for one release.
#[deprecated(note = "a passphrase unlocks a key: use ChangePassphraseRequest")]
pub type ChangePasswordRequest = ChangePassphraseRequest;

/// A key to revoke.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevokeRequest {
    /// The transferable secret key (exactly one).
    pub key: ByteBuf,
    /// Passphrases to try to unlock it.
    #[serde(default)]
    pub passphrases: Vec<String>,
    /// Keys derived from the passphrases (see [`crate::pgp::s2k_specs`]).
    #[serde(default)]
    pub derived_keys: Vec<DerivedKey>,
    /// Why, in the owner's words (recorded as "no reason specified", which
    /// also invalidates old signatures).
    #[serde(default)]
    pub reason: Option<String>,
    /// ASCII armor (default `true`).
    #[serde(default = "yes")]
    pub armor: bool,
    /// The current time (JavaScript `Date.now()`), the revocation time.
    pub now_ms: f64,
}

impl fmt::Debug for RevokeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RevokeRequest")
            .field("key", &Redacted(&self.key))
            .field("passphrases", &Count(self.passphrases.len()))
            .field("derived_keys", &self.derived_keys)
            .field("reason", &self.reason)
            .field("armor", &self.armor)
            .finish_non_exhaustive()
    }
}

/// Revokes a key and returns its public certificate with the revocation
/// signature, ready to publish.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for more than one key,
/// [`Error::SecretKeyMissing`], [`Error::KeyLocked`],
/// [`Error::BadPassphrase`].
pub fn revoke_key(req: &RevokeRequest) -> Result<Vec<u8>> {
    let now = time_from_ms(req.now_ms, "nowMs")?;
    let mut certs = parse_certs(&req.key)?;
    if certs.len() != 1 {
        return Err(Error::InvalidArgument(
            "Give exactly one key to revoke.".into(),
        ));
    }
    let Some(cert) = certs.pop() else {
        return Err(Error::NoKeys);
    };
    let fpr = grouped(&cert.fingerprint().to_hex());
    let primary = cert
        .primary_key()
        .key()
        .clone()
        .parts_into_secret()
        .map_err(|_| Error::SecretKeyMissing(format!("the primary key of {fpr}")))?;
    let old: Vec<Password> = req
        .passphrases
        .iter()
        .flat_map(|p| passphrases(Some(p)))
        .collect();
    let mut signer = unlock(&primary, &old, &req.derived_keys)?
        .into_keypair()
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    let reason = req.reason.as_deref().unwrap_or("").trim();
    let rev = CertRevocationBuilder::new()
        .set_signature_creation_time(now)
        .and_then(|b| {
            b.set_reason_for_revocation(ReasonForRevocation::Unspecified, reason.as_bytes())
        })
        .and_then(|b| b.build(&mut signer, &cert, None))
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    let (cert, _) = cert
        .insert_packets(Some(Packet::from(rev)))
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    certs_out(&[cert.strip_secret_key_material()], req.armor)
}

/// Which keys to turn into certificates.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtractRequest {
    /// One or more keys (secret or public).
    pub key: ByteBuf,
    /// ASCII armor (default `true`).
    #[serde(default = "yes")]
    pub armor: bool,
}

impl fmt::Debug for ExtractRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtractRequest")
            .field("key", &Redacted(&self.key))
            .field("armor", &self.armor)
            .finish()
    }
}

/// Returns the public certificates of the given keys, without any secret
/// key material.
///
/// # Errors
///
/// [`Error::NotOpenPgp`], [`Error::MalformedKey`], [`Error::NoKeys`],
/// [`Error::InputTooLarge`].
pub fn extract_cert(req: &ExtractRequest) -> Result<Vec<u8>> {
    let certs: Vec<Cert> = parse_certs(&req.key)?
        .into_iter()
        .map(Cert::strip_secret_key_material)
        .collect();
    certs_out(&certs, req.armor)
}
