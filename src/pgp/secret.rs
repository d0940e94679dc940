//! Secret keys as input: parsing, unlocking with a passphrase, and picking
//! the signing keys of a certificate.

use std::fmt;
use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::Cert;
use openpgp::cert::amalgamation::ValidAmalgamation;
use openpgp::cert::amalgamation::key::ValidErasedKeyAmalgamation;
use openpgp::crypto::{KeyPair, Password, S2K};
use openpgp::packet::Key;
use openpgp::packet::key::{KeyRole, PublicParts, SecretKeyMaterial, SecretParts};
use openpgp::policy::Policy;
use openpgp::types::{HashAlgorithm, RevocationStatus};
use serde::Deserialize;
use serde_bytes::ByteBuf;

use super::common::{
    Ctx, MAX_INPUT_BYTES, Redacted, check_size, date, grouped, parse_certs, pgp_error,
};
use super::prefs::hash_prefs;
use super::s2k::{DerivedKey, unlock_derived};
use crate::{Error, Result};

/// A secret key (armored or binary transferable secret key) and the
/// passphrase that unlocks it, if it is protected.
///
/// An empty passphrase counts as none.  `Debug` never shows the passphrase.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretKeyInput {
    /// The transferable secret key (one or more keys in one paste).
    pub key: ByteBuf,
    /// The passphrase of the key.
    #[serde(default)]
    pub passphrase: Option<String>,
    /// Keys derived from the passphrase by the caller (see
    /// [`crate::pgp::s2k_specs`]); tried first, for the keys they fit.
    #[serde(default)]
    pub derived_keys: Vec<DerivedKey>,
}

impl fmt::Debug for SecretKeyInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKeyInput")
            .field("key", &Redacted(&self.key))
            .field(
                "passphrase",
                &self.passphrase.as_ref().map(|_| "<redacted>"),
            )
            .field("derived_keys", &self.derived_keys)
            .finish()
    }
}

/// The certificates of one secret key input and its passphrases.
pub(crate) struct SecretCerts {
    pub(crate) certs: Vec<Cert>,
    pub(crate) passphrases: Vec<Password>,
    pub(crate) derived: Vec<DerivedKey>,
}

/// Parses secret key inputs, keeping each one's passphrase beside it.
pub(crate) fn parse_secret_inputs(inputs: &[SecretKeyInput]) -> Result<Vec<SecretCerts>> {
    let total = inputs
        .iter()
        .fold(0usize, |acc, i| acc.saturating_add(i.key.len()));
    if total > MAX_INPUT_BYTES {
        return Err(Error::InputTooLarge(format!(
            "the secret keys have {total} bytes, the limit is {} bytes",
            MAX_INPUT_BYTES
        )));
    }
    inputs
        .iter()
        .map(|input| {
            check_size("a secret key", &input.key)?;
            Ok(SecretCerts {
                certs: parse_certs(&input.key)?,
                passphrases: passphrases(input.passphrase.as_deref()),
                derived: input.derived_keys.clone(),
            })
        })
        .collect()
}

/// The passphrases to try: none for `None` or an empty string.
pub(crate) fn passphrases(p: Option<&str>) -> Vec<Password> {
    match p {
        Some(s) if !s.is_empty() => vec![Password::from(s)],
        _ => Vec::new(),
    }
}

/// Whether the secret part of a key is a GnuPG stub (the secret is kept
/// elsewhere, e.g. on a smartcard or an offline machine).
fn is_stub(secret: &SecretKeyMaterial) -> bool {
    match secret {
        SecretKeyMaterial::Encrypted(e) => matches!(e.s2k(), S2K::Private { .. }),
        SecretKeyMaterial::Unencrypted(_) => false,
    }
}

/// Returns the key with its secret decrypted by the derived key that fits
/// it or else by one of `passphrases`.
///
/// # Errors
///
/// [`Error::KeyLocked`] when the key is protected and no passphrase is
/// given, [`Error::BadPassphrase`] when none of them unlocks it, and
/// [`Error::SecretKeyMissing`] for a GnuPG stub.
pub(crate) fn unlock<R: KeyRole>(
    key: &Key<SecretParts, R>,
    passphrases: &[Password],
    derived: &[DerivedKey],
) -> Result<Key<SecretParts, R>> {
    let secret = key.secret();
    if is_stub(secret) {
        return Err(Error::SecretKeyMissing(format!(
            "the secret part of key {} is not in this file (GnuPG stub)",
            grouped(&key.fingerprint().to_hex())
        )));
    }
    if !secret.is_encrypted() {
        return Ok(key.clone());
    }
    if let Some(unlocked) = unlock_derived(key, derived) {
        return unlocked;
    }
    if passphrases.is_empty() {
        return Err(Error::KeyLocked(format!(
            "key {}",
            grouped(&key.fingerprint().to_hex())
        )));
    }
    for p in passphrases {
        if let Ok(k) = key.clone().decrypt_secret(p) {
            return Ok(k);
        }
    }
    Err(Error::BadPassphrase)
}

/// A certificate as people know it, for messages: `the public key of
/// Alice <alice@example.org> (ABCD 1234 …)`, or without a user ID `the
/// public key ABCD 1234 …`.
pub(crate) fn named(cert: &Cert) -> String {
    let fpr = grouped(&cert.fingerprint().to_hex());
    match cert.userids().next() {
        Some(u) => format!(
            "the public key of {} ({fpr})",
            String::from_utf8_lossy(u.userid().value())
        ),
        None => format!("the public key {fpr}"),
    }
}

/// Explains why a certificate cannot be used now: revoked, expired, or
/// not valid under the policy.  `None` when it can.
pub(crate) fn cert_unusable(cert: &Cert, policy: &dyn Policy, now: SystemTime) -> Option<Error> {
    let who = named(cert);
    let vc = match cert.with_policy(policy, now) {
        Ok(vc) => vc,
        Err(e) => {
            if let Some(why) = size_problem(cert.primary_key().key(), &who) {
                return Some(Error::UnsupportedAlgorithm(why));
            }
            return Some(match pgp_error(&e, Ctx::Key) {
                Error::UnsupportedAlgorithm(d) => Error::UnsupportedAlgorithm(d),
                other => Error::NoEncryptionKey(format!("{who} is not valid now ({other})")),
            });
        }
    };
    if let RevocationStatus::Revoked(_) = vc.revocation_status() {
        return Some(Error::KeyRevoked(who));
    }
    if vc.alive().is_err() {
        let when = vc
            .primary_key()
            .key_expiration_time()
            .map(|t| format!(" on {}", date(t)))
            .unwrap_or_default();
        return Some(Error::KeyExpired(format!("{who} expired{when}")));
    }
    None
}

/// The largest RSA key this build can check signatures of: the pure-Rust
/// `rsa` crate's limit, which sequoia's backend does not raise.
const MAX_RSA_BITS: usize = 4096;

/// Why a key of `who` is refused for its size (a clause), naming the real size
/// (sequoia's policy says "RSA1024" for any RSA key under 2048 bits).
pub(crate) fn size_problem<P, R>(key: &Key<P, R>, who: &str) -> Option<String>
where
    P: openpgp::packet::key::KeyParts,
    R: KeyRole,
{
    use openpgp::types::PublicKeyAlgorithm as A;
    #[allow(deprecated)] // Naming old algorithms is the point.
    let name = match key.pk_algo() {
        A::RSAEncryptSign | A::RSAEncrypt | A::RSASign => "RSA",
        A::DSA => "DSA",
        A::ElGamalEncrypt | A::ElGamalEncryptSign => "ElGamal",
        _ => return None,
    };
    let bits = key.mpis().bits()?;
    if bits < 2048 {
        Some(format!(
            "{name}-{bits} is too weak (at least 2048 bits are needed): {who}"
        ))
    } else if name == "RSA" && bits > MAX_RSA_BITS {
        Some(format!(
            "RSA-{bits} is larger than this build can check (at most {MAX_RSA_BITS} \
             bits, a limit of the pure-Rust RSA code it uses): {who}"
        ))
    } else {
        None
    }
}

/// A recipient's key that cannot be used, with what to do about it.
pub(crate) fn for_recipient(e: Error) -> Error {
    let advise = |d: String| format!("{d}; ask its owner for a current public key");
    match e {
        Error::KeyExpired(d) => Error::KeyExpired(advise(d)),
        Error::KeyRevoked(d) => Error::KeyRevoked(advise(d)),
        Error::NoEncryptionKey(d) => Error::NoEncryptionKey(advise(d)),
        other => other,
    }
}

/// Why a certificate (`who`, see [`named`]) has no key for a purpose now,
/// given the keys that have the purpose at all: all expired, all revoked,
/// or none.
pub(crate) fn no_key_reason<'a, I>(who: &str, keys: I, purpose: &str) -> Error
where
    I: Iterator<Item = ValidErasedKeyAmalgamation<'a, PublicParts>>,
{
    let (mut any, mut expired, mut revoked) = (0, 0, 0);
    for ka in keys {
        any += 1;
        if ka.alive().is_err() {
            expired += 1;
        } else if let RevocationStatus::Revoked(_) = ka.revocation_status() {
            revoked += 1;
        }
    }
    if any > 0 && expired == any {
        Error::KeyExpired(format!("every {purpose} key of {who} has expired"))
    } else if any > 0 && revoked + expired == any {
        Error::KeyRevoked(format!("every {purpose} key of {who} is revoked"))
    } else if purpose == "signing" {
        Error::NoSigningKey(format!("{who} has no key that may sign now"))
    } else {
        Error::NoEncryptionKey(format!("{who} has no key that may {purpose} now"))
    }
}

/// Unlocks one signing key of every certificate in the inputs.
///
/// # Errors
///
/// [`Error::SecretKeyMissing`] for a public certificate,
/// [`Error::KeyRevoked`], [`Error::KeyExpired`], [`Error::NoSigningKey`],
/// [`Error::KeyLocked`], [`Error::BadPassphrase`].
pub(crate) fn signing_keypairs(
    inputs: &[SecretKeyInput],
    policy: &dyn Policy,
    now: SystemTime,
) -> Result<Signers> {
    let mut out = Signers::default();
    for sc in parse_secret_inputs(inputs)? {
        for cert in &sc.certs {
            out.pairs.push(signing_keypair(cert, &sc, policy, now)?);
            out.hashes.push(hash_prefs(cert, policy, now));
        }
    }
    Ok(out)
}

/// The unlocked signing keys, and the hash preferences of their
/// certificates (for [`super::prefs::hash_for`]).
#[derive(Default)]
pub(crate) struct Signers {
    pub(crate) pairs: Vec<KeyPair>,
    pub(crate) hashes: Vec<Option<Vec<HashAlgorithm>>>,
}

fn signing_keypair(
    cert: &Cert,
    secrets: &SecretCerts,
    policy: &dyn Policy,
    now: SystemTime,
) -> Result<KeyPair> {
    let who = named(cert);
    if !cert.is_tsk() {
        return Err(Error::SecretKeyMissing(who));
    }
    if let Some(e) = cert_unusable(cert, policy, now) {
        return Err(match e {
            Error::NoEncryptionKey(d) => Error::NoSigningKey(d),
            other => other,
        });
    }
    let vc = cert
        .with_policy(policy, now)
        .map_err(|e| pgp_error(&e, Ctx::Key))?;
    let candidates: Vec<_> = vc
        .keys()
        .supported()
        .alive()
        .revoked(false)
        .for_signing()
        .secret()
        .collect();
    if candidates.is_empty() {
        let has_public = vc.keys().for_signing().next().is_some();
        if has_public && vc.keys().for_signing().secret().next().is_none() {
            return Err(Error::SecretKeyMissing(format!("the signing key of {who}")));
        }
        return Err(no_key_reason(&who, vc.keys().for_signing(), "signing"));
    }
    // Prefer a key that needs no passphrase or that the passphrase opens;
    // report the first failure otherwise.
    let mut first_err = None;
    for ka in candidates {
        match unlock(ka.key(), &secrets.passphrases, &secrets.derived) {
            Ok(k) => return k.into_keypair().map_err(|e| pgp_error(&e, Ctx::Key)),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or(Error::NoSigningKey(who)))
}
