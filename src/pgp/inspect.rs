//! Inspecting keys: what a paste holds and what each key can do now.

use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::Cert;
use openpgp::cert::amalgamation::ValidAmalgamation;
use openpgp::cert::amalgamation::ValidateAmalgamation;
use openpgp::cert::amalgamation::key::PrimaryKey;
use openpgp::cert::amalgamation::key::ValidErasedKeyAmalgamation;
use openpgp::cert::{Preferences, ValidCert};
use openpgp::crypto::mpi::PublicKey as Mpis;
use openpgp::packet::Key;
use openpgp::packet::Signature;
use openpgp::packet::key::{KeyParts, KeyRole, PublicParts};
use openpgp::policy::Policy;
use openpgp::types::{Curve, KeyFlags, PublicKeyAlgorithm, ReasonForRevocation, RevocationStatus};
use serde::Serialize;

use super::common::{certs_out, date, grouped, parse_certs, policy, rfc3339, time_from_ms};
use crate::{Error, Result};

/// Whether a key can do something now, and why, in one sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// `true` if it can.
    pub ok: bool,
    /// A full sentence starting with "Yes:" or "No:".
    pub reason: String,
}

/// One subkey of a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubkeyInfo {
    /// The key ID (16 hex digits).
    pub key_id: String,
    /// The fingerprint, hex grouped in fours.
    pub fingerprint: String,
    /// A readable algorithm, e.g. "ECDH Cv25519" or "RSA".
    pub algorithm: String,
    /// The key size in bits, where it has one.
    pub bits: Option<u32>,
    /// Creation time (RFC 3339, UTC).
    pub created: String,
    /// Expiration time (RFC 3339, UTC), if it expires.
    pub expires: Option<String>,
    /// "certify", "sign", "encrypt-communications", "encrypt-storage",
    /// "authenticate".
    pub usage: Vec<String>,
    /// Whether it is bound, alive and not revoked now.
    pub valid: bool,
}

/// Everything the page shows about one certificate or secret key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// The fingerprint, hex grouped in fours: `ABCD 1234 ...`.
    pub fingerprint: String,
    /// The fingerprint as plain upper-case hex.
    pub fingerprint_hex: String,
    /// The key ID (16 hex digits).
    pub key_id: String,
    /// The key version: 4 or 6.
    pub version: u8,
    /// Every user ID, as text.
    pub user_ids: Vec<String>,
    /// The primary user ID, if there is one.
    pub primary_user_id: Option<String>,
    /// Creation time of the primary key (RFC 3339, UTC).
    pub created: String,
    /// Expiration time of the certificate (RFC 3339, UTC), if it expires.
    pub expires: Option<String>,
    /// Whether the certificate has expired by now.
    pub expired: bool,
    /// A readable algorithm of the primary key, e.g. "EdDSA Ed25519".
    pub algorithm: String,
    /// The primary key size in bits, where it has one.
    pub bits: Option<u32>,
    /// Whether the paste holds secret key material for this key.
    pub has_secret: bool,
    /// Whether any secret (sub)key is protected by a passphrase.
    pub secret_protected: bool,
    /// Whether the certificate is revoked now.
    pub revoked: bool,
    /// The revocation reason, if revoked.
    pub revocation_reason: Option<String>,
    /// Whether someone can encrypt to this certificate now.
    pub can_encrypt: Verdict,
    /// Whether this key can sign now (given its secret).
    pub can_sign: Verdict,
    /// Whether the certificate advertises RFC 9580 (SEIPDv2) support.
    pub supports_rfc9580: bool,
    /// The subkeys.
    pub subkeys: Vec<SubkeyInfo>,
    /// The armored public certificate (never secret material).
    pub cert: String,
}

/// Describes every certificate or secret key in a paste: binary, armored,
/// or several armored blocks one after the other.
///
/// # Errors
///
/// [`Error::InputTooLarge`], [`Error::NotOpenPgp`], [`Error::MalformedKey`],
/// [`Error::NoKeys`], [`Error::InvalidArgument`] for a bad `now_ms`.
///
/// # Example
///
/// ```
/// let alice = include_bytes!("../../tests/data/pgp/keys/alice_cv25519_pub.asc");
/// let infos = sealpost::pgp::inspect_keys(alice, 1_795_953_600_000.0).unwrap();
/// assert_eq!(infos[0].primary_user_id.as_deref(), Some("Alice Example <alice@example.org>"));
/// assert!(infos[0].can_encrypt.ok);
/// ```
pub fn inspect_keys(data: &[u8], now_ms: f64) -> Result<Vec<KeyInfo>> {
    let now = time_from_ms(now_ms, "nowMs")?;
    let p = policy(now);
    parse_certs(data)?
        .iter()
        .map(|cert| key_info(cert, &p, now))
        .collect()
}

fn key_info(cert: &Cert, p: &dyn Policy, now: SystemTime) -> Result<KeyInfo> {
    let primary = cert.primary_key().key();
    let hex = cert.fingerprint().to_hex();
    let vc = cert.with_policy(p, now).ok();
    let (user_ids, primary_user_id) = user_ids(cert, vc.as_ref());
    let expires = vc
        .as_ref()
        .and_then(|vc| vc.primary_key().key_expiration_time());
    let revocation = match cert.revocation_status(p, now) {
        RevocationStatus::Revoked(sigs) => Some(sigs.first().copied()),
        _ => None,
    };
    let public = cert.clone().strip_secret_key_material();
    let armored = certs_out(std::slice::from_ref(&public), true)?;
    Ok(KeyInfo {
        fingerprint: grouped(&hex),
        fingerprint_hex: hex,
        key_id: cert.keyid().to_hex(),
        version: primary.version(),
        user_ids,
        primary_user_id,
        created: rfc3339(primary.creation_time()),
        expires: expires.map(rfc3339),
        expired: expires.is_some_and(|t| t <= now),
        algorithm: algorithm_name(primary),
        bits: key_bits(primary),
        has_secret: cert.is_tsk(),
        secret_protected: cert
            .keys()
            .secret()
            .any(|ka| ka.key().secret().is_encrypted()),
        revoked: revocation.is_some(),
        revocation_reason: revocation.flatten().and_then(reason_text),
        can_encrypt: verdict(cert, vc.as_ref(), now, Purpose::Encrypt),
        can_sign: verdict(cert, vc.as_ref(), now, Purpose::Sign),
        supports_rfc9580: vc
            .as_ref()
            .and_then(|vc| vc.features())
            .is_some_and(|f| f.supports_seipdv2()),
        subkeys: cert
            .keys()
            .subkeys()
            .map(|ka| subkey_info(&ka, p, now))
            .collect(),
        cert: String::from_utf8(armored).map_err(|e| Error::Internal(e.to_string()))?,
    })
}

/// Every user ID of a certificate, and the primary one (the first when
/// the policy validates none).
fn user_ids(cert: &Cert, vc: Option<&ValidCert<'_>>) -> (Vec<String>, Option<String>) {
    let all: Vec<String> = cert
        .userids()
        .map(|u| uid_text(u.userid().value()))
        .collect();
    let primary = vc
        .and_then(|vc| vc.primary_userid().ok())
        .map(|u| uid_text(u.userid().value()))
        .or_else(|| all.first().cloned());
    (all, primary)
}

fn subkey_info(
    ka: &openpgp::cert::amalgamation::key::SubordinateKeyAmalgamation<'_, PublicParts>,
    p: &dyn Policy,
    now: SystemTime,
) -> SubkeyInfo {
    let key = ka.key();
    let valid_ka = ka.clone().with_policy(p, now).ok();
    let (usage, expires, valid) = match &valid_ka {
        Some(v) => (
            v.key_flags().map(|f| usage(&f)).unwrap_or_default(),
            v.key_expiration_time(),
            v.alive().is_ok()
                && v.valid_cert().alive().is_ok()
                && !matches!(v.revocation_status(), RevocationStatus::Revoked(_))
                && !matches!(
                    v.valid_cert().revocation_status(),
                    RevocationStatus::Revoked(_)
                ),
        ),
        None => (Vec::new(), None, false),
    };
    SubkeyInfo {
        key_id: key.keyid().to_hex(),
        fingerprint: grouped(&key.fingerprint().to_hex()),
        algorithm: algorithm_name(key),
        bits: key_bits(key),
        created: rfc3339(key.creation_time()),
        expires: expires.map(rfc3339),
        usage,
        valid,
    }
}

fn usage(f: &KeyFlags) -> Vec<String> {
    [
        (f.for_certification(), "certify"),
        (f.for_signing(), "sign"),
        (f.for_transport_encryption(), "encrypt-communications"),
        (f.for_storage_encryption(), "encrypt-storage"),
        (f.for_authentication(), "authenticate"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| name.to_string())
    .collect()
}

pub(crate) fn uid_text(value: &[u8]) -> String {
    String::from_utf8_lossy(value).into_owned()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Encrypt,
    Sign,
}

fn has_purpose(ka: &ValidErasedKeyAmalgamation<'_, PublicParts>, purpose: Purpose) -> bool {
    match purpose {
        Purpose::Encrypt => ka.for_transport_encryption() || ka.for_storage_encryption(),
        Purpose::Sign => ka.for_signing(),
    }
}

fn verdict(cert: &Cert, vc: Option<&ValidCert<'_>>, now: SystemTime, purpose: Purpose) -> Verdict {
    let verb = match purpose {
        Purpose::Encrypt => "encrypt",
        Purpose::Sign => "sign",
    };
    let Some(vc) = vc else {
        return no("the key is not valid under the current security policy".into());
    };
    if let RevocationStatus::Revoked(sigs) = vc.revocation_status() {
        let when = sigs
            .first()
            .and_then(|s| s.signature_creation_time())
            .map(|t| format!(" on {}", date(t)))
            .unwrap_or_default();
        return no(format!("the key was revoked{when}"));
    }
    if vc.alive().is_err() {
        return match vc.primary_key().key_expiration_time() {
            Some(t) if t <= now => no(format!("the key expired on {}", date(t))),
            _ => no("the key is not valid yet".into()),
        };
    }
    let usable = vc
        .keys()
        .supported()
        .alive()
        .revoked(false)
        .find(|ka| has_purpose(ka, purpose));
    match usable {
        Some(ka) => usable_verdict(cert, &ka, purpose, verb),
        None => unusable_verdict(vc, purpose, verb),
    }
}

fn no(reason: String) -> Verdict {
    Verdict {
        ok: false,
        reason: format!("No: {reason}."),
    }
}

/// The verdict when `ka` may be used for `purpose` now.
fn usable_verdict(
    cert: &Cert,
    ka: &ValidErasedKeyAmalgamation<'_, PublicParts>,
    purpose: Purpose,
    verb: &str,
) -> Verdict {
    if purpose == Purpose::Sign && cert.is_tsk() && !ka.key().has_secret() {
        return no(format!(
            "the secret part of signing key {} is not in this paste",
            ka.key().keyid().to_hex()
        ));
    }
    let which = if ka.primary() {
        format!("the primary key {}", ka.key().keyid().to_hex())
    } else {
        format!("subkey {}", ka.key().keyid().to_hex())
    };
    let until = match ka.key_expiration_time() {
        Some(t) => format!("until {}", date(t)),
        None => "without an expiry date".into(),
    };
    // A public certificate can sign only in its owner's hands: say so,
    // so that nobody takes a pasted certificate for their own key.
    let whose = if purpose == Purpose::Sign && !cert.is_tsk() {
        " (its owner signs with the secret key, which is not in this paste)"
    } else {
        ""
    };
    Verdict {
        ok: true,
        reason: format!("Yes: {which} can {verb} {until}{whose}."),
    }
}

/// The verdict when no key may be used for `purpose` now: none has the
/// purpose, or every one that has it expired or was revoked.
fn unusable_verdict(vc: &ValidCert<'_>, purpose: Purpose, verb: &str) -> Verdict {
    let with_purpose: Vec<_> = vc.keys().filter(|ka| has_purpose(ka, purpose)).collect();
    if with_purpose.is_empty() {
        return no(format!("the key has no key that may {verb}"));
    }
    let last_expiry = with_purpose
        .iter()
        .filter_map(|ka| ka.key_expiration_time())
        .max();
    match last_expiry {
        Some(t) if with_purpose.iter().all(|ka| ka.alive().is_err()) => no(format!(
            "every key that may {verb} has expired, the last on {}",
            date(t)
        )),
        _ => no(format!(
            "every key that may {verb} is revoked, expired or too weak"
        )),
    }
}

/// A readable algorithm name: "EdDSA Ed25519", "ECDH Cv25519", "RSA".
pub(crate) fn algorithm_name<P: KeyParts, R: KeyRole>(key: &Key<P, R>) -> String {
    match key.mpis() {
        Mpis::EdDSA { curve, .. } => format!("EdDSA {}", curve_name(curve)),
        Mpis::ECDSA { curve, .. } => format!("ECDSA {}", curve_name(curve)),
        Mpis::ECDH { curve, .. } => format!("ECDH {}", curve_name(curve)),
        _ =>
        {
            #[allow(deprecated)]
            match key.pk_algo() {
                PublicKeyAlgorithm::RSAEncryptSign
                | PublicKeyAlgorithm::RSAEncrypt
                | PublicKeyAlgorithm::RSASign => "RSA".into(),
                PublicKeyAlgorithm::DSA => "DSA".into(),
                PublicKeyAlgorithm::ElGamalEncrypt | PublicKeyAlgorithm::ElGamalEncryptSign => {
                    "ElGamal".into()
                }
                other => format!("{other:#}"),
            }
        }
    }
}

fn curve_name(curve: &Curve) -> String {
    match curve {
        Curve::Ed25519 => "Ed25519".into(),
        Curve::Cv25519 => "Cv25519".into(),
        Curve::NistP256 => "NIST P-256".into(),
        Curve::NistP384 => "NIST P-384".into(),
        Curve::NistP521 => "NIST P-521".into(),
        Curve::BrainpoolP256 => "Brainpool P-256".into(),
        Curve::BrainpoolP384 => "Brainpool P-384".into(),
        Curve::BrainpoolP512 => "Brainpool P-512".into(),
        other => other.to_string(),
    }
}

fn key_bits<P: KeyParts, R: KeyRole>(key: &Key<P, R>) -> Option<u32> {
    key.mpis().bits().and_then(|b| u32::try_from(b).ok())
}

/// The revocation reason of a revocation signature, as a sentence part.
pub(crate) fn reason_text(sig: &Signature) -> Option<String> {
    let (code, msg) = sig.reason_for_revocation()?;
    let label = match code {
        ReasonForRevocation::Unspecified => "No reason specified",
        ReasonForRevocation::KeySuperseded => "Key is superseded",
        ReasonForRevocation::KeyCompromised => "Key material has been compromised",
        ReasonForRevocation::KeyRetired => "Key is retired and no longer used",
        ReasonForRevocation::UIDRetired => "User ID is no longer valid",
        _ => "Other reason",
    };
    let msg = String::from_utf8_lossy(msg);
    let msg = msg.trim();
    Some(if msg.is_empty() {
        label.to_string()
    } else {
        format!("{label}: {msg}")
    })
}
