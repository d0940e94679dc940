//! Passphrase keys derived outside the core.
//!
//! Iterated and salted S2K (RFC 9580 §3.7.1.3) hashes tens of megabytes.
//! Where the core runs as JavaScript (no WebAssembly) that takes minutes,
//! while the browser's own SHA (WebCrypto) does it in a fraction of a
//! second.  So the core says what to hash ([`s2k_specs`] for a key's
//! protection, [`s2k_fresh`] for a new one), the caller hashes, and hands
//! the derived key back as a [`DerivedKey`] beside the passphrase.  Here
//! the derived key unlocks the secret key material (CFB with either
//! checksum, or AEAD with its HKDF key schedule) and protects new keys.
//! The core never trusts the parameters it is handed: a derived key is
//! used only for a key whose S2K has exactly the same hash, salt and count.

use std::fmt;
use std::io::{Read, Write};

use sequoia_openpgp as openpgp;

use openpgp::crypto::mem::Protected;
use openpgp::crypto::mpi::{self, SecretKeyChecksum};
use openpgp::crypto::symmetric::{
    BlockCipherMode, Decryptor, Encryptor, PaddingMode, UnpaddingMode,
};
use openpgp::crypto::{S2K, SessionKey};
use openpgp::packet::Key;
use openpgp::packet::Tag;
use openpgp::packet::key::{
    Encrypted, KeyRole, KeyRoleRT, SecretKeyMaterial, SecretParts, Unencrypted,
};
use openpgp::serialize::Marshal;
use openpgp::types::{AEADAlgorithm, HashAlgorithm, SymmetricAlgorithm};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::common::{Redacted, check_size, internal, parse_certs};
use crate::{Error, Result};

/// The cipher that protects a key made with a derived key.
const NEW_KEY_CIPHER: SymmetricAlgorithm = SymmetricAlgorithm::AES256;

/// What to hash to derive the key of an iterated and salted S2K: the
/// octets `salt || passphrase` repeated up to `count` octets (at least
/// once whole), hashed with `hash` (a WebCrypto name, e.g. `SHA-256`),
/// once for each `hash`-sized part of the `keyLen`-octet key, the i-th
/// part with i zero octets in front.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct S2kSpec {
    /// The hash, by its WebCrypto name: `SHA-1`, `SHA-256`, `SHA-384`
    /// or `SHA-512`.
    pub hash: String,
    /// The eight octets of salt.
    pub salt: ByteBuf,
    /// The number of octets to hash.
    pub count: u32,
    /// The length of the derived key, in octets.
    pub key_len: u32,
}

/// A key derived by the caller for one [`S2kSpec`].  `Debug` never shows
/// the key.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DerivedKey {
    /// The hash of the spec it was derived for.
    pub hash: String,
    /// The salt of the spec.
    pub salt: ByteBuf,
    /// The count of the spec.
    pub count: u32,
    /// The derived key.
    pub key: ByteBuf,
}

impl fmt::Debug for DerivedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DerivedKey")
            .field("hash", &self.hash)
            .field("count", &self.count)
            .field("key", &Redacted(&self.key))
            .finish_non_exhaustive()
    }
}

/// The WebCrypto name of a hash that WebCrypto offers.
pub(crate) fn web_name(hash: HashAlgorithm) -> Option<&'static str> {
    match hash {
        HashAlgorithm::SHA1 => Some("SHA-1"),
        HashAlgorithm::SHA256 => Some("SHA-256"),
        HashAlgorithm::SHA384 => Some("SHA-384"),
        HashAlgorithm::SHA512 => Some("SHA-512"),
        _ => None,
    }
}

fn hash_named(name: &str) -> Option<HashAlgorithm> {
    [
        HashAlgorithm::SHA1,
        HashAlgorithm::SHA256,
        HashAlgorithm::SHA384,
        HashAlgorithm::SHA512,
    ]
    .into_iter()
    .find(|h| web_name(*h) == Some(name))
}

/// The spec of an iterated and salted `s2k` that derives a key for
/// `algo`, if that key can be derived outside (a hash WebCrypto has).
pub(crate) fn iterated_spec(s2k: &S2K, algo: SymmetricAlgorithm) -> Option<S2kSpec> {
    let S2K::Iterated {
        hash,
        salt,
        hash_bytes,
    } = s2k
    else {
        return None;
    };
    Some(S2kSpec {
        hash: web_name(*hash)?.to_string(),
        salt: ByteBuf::from(salt.to_vec()),
        count: *hash_bytes,
        key_len: u32::try_from(algo.key_size().ok()?).ok()?,
    })
}

/// The spec of an encrypted secret, if its key can be derived outside.
fn spec_of(e: &Encrypted) -> Option<S2kSpec> {
    iterated_spec(e.s2k(), e.algo())
}

/// What to hash to unlock each protected secret (sub)key in `key`, one
/// entry per distinct S2K (a key and its subkeys usually share one).
/// Keys protected otherwise (Argon2, other hashes) are not listed: their
/// passphrase is used as given.
///
/// # Errors
///
/// [`Error::NotOpenPgp`], [`Error::MalformedKey`] or [`Error::NoKeys`] if `key` holds
/// no key; [`Error::InputTooLarge`].
pub fn s2k_specs(key: &[u8]) -> Result<Vec<S2kSpec>> {
    check_size("a secret key", key)?;
    let mut specs: Vec<S2kSpec> = Vec::new();
    for cert in parse_certs(key)? {
        for ka in cert.keys().secret() {
            if let SecretKeyMaterial::Encrypted(e) = ka.key().secret()
                && let Some(spec) = spec_of(e)
                && !specs.contains(&spec)
            {
                specs.push(spec);
            }
        }
    }
    Ok(specs)
}

/// The spec for protecting a key anew: sequoia's default S2K (SHA-256,
/// a fresh random salt, its default count) for an AES-256 key.
///
/// # Errors
///
/// [`Error::Internal`] if no random salt can be had.
pub fn s2k_fresh() -> Result<S2kSpec> {
    let mut salt = [0u8; 8];
    openpgp::crypto::random(&mut salt).map_err(internal)?;
    let S2K::Iterated { hash_bytes, .. } = S2K::default() else {
        return Err(Error::Internal("the default S2K is not iterated".into()));
    };
    Ok(S2kSpec {
        hash: "SHA-256".into(),
        salt: ByteBuf::from(salt.to_vec()),
        count: hash_bytes,
        key_len: 32,
    })
}

/// Whether `count` is one of the 256 counts an S2K can encode.
fn encodable(count: u32) -> bool {
    (0u32..256).any(|c| (16 + (c & 15)) << ((c >> 4) + 6) == count)
}

impl DerivedKey {
    pub(crate) fn fits(&self, s2k: &S2K, key_len: usize) -> bool {
        matches!(s2k, S2K::Iterated { hash, salt, hash_bytes }
            if web_name(*hash) == Some(self.hash.as_str())
                && salt[..] == self.salt[..]
                && *hash_bytes == self.count
                && self.key.len() == key_len)
    }

    pub(crate) fn session_key(&self) -> SessionKey {
        SessionKey::from(self.key.to_vec())
    }
}

/// Unlocks `key` with the derived key that fits its S2K, if one does:
/// `None` when none fits (the passphrase is then used as usual).
pub(crate) fn unlock_derived<R: KeyRole>(
    key: &Key<SecretParts, R>,
    derived: &[DerivedKey],
) -> Option<Result<Key<SecretParts, R>>> {
    let SecretKeyMaterial::Encrypted(e) = key.secret() else {
        return None;
    };
    let key_len = e.algo().key_size().ok()?;
    let d = derived.iter().find(|d| d.fits(e.s2k(), key_len))?;
    let opened = match e.aead_algo() {
        Some(aead) => open_aead(key, e, aead, &d.session_key()),
        None => open_cfb(key, e, &d.session_key()),
    };
    Some(match opened {
        Ok(u) => Ok(key.clone().add_secret(u.into()).0),
        Err(_) => Err(Error::BadPassphrase),
    })
}

/// CFB with a random first block, then the MPIs and their checksum.
fn open_cfb<R: KeyRole>(
    key: &Key<SecretParts, R>,
    e: &Encrypted,
    derived: &SessionKey,
) -> openpgp::Result<Unencrypted> {
    if key.version() == 6 && e.checksum() != Some(SecretKeyChecksum::SHA1) {
        return Err(openpgp::Error::InvalidOperation("malleable CFB in a v6 key".into()).into());
    }
    let ciphertext = e.ciphertext()?;
    let block = e.algo().block_size()?;
    let source = buffered_reader::Memory::with_cookie(ciphertext, Default::default());
    let mut dec = Decryptor::new(
        e.algo(),
        BlockCipherMode::CFB,
        UnpaddingMode::None,
        derived,
        None,
        source,
    )?;
    let mut plain = Protected::new(ciphertext.len());
    dec.read_exact(&mut plain)?;
    let secret = plain
        .get(block..)
        .ok_or_else(|| openpgp::Error::MalformedPacket("short secret key".into()))?;
    Ok(mpi::SecretKeyMaterial::from_bytes_with_checksum(
        key.pk_algo(),
        secret,
        e.checksum().unwrap_or_default(),
    )?
    .into())
}

/// The AEAD key schedule of RFC 9580 §5.5.3: HKDF-SHA256 of the derived
/// key with the packet type, version and algorithms as info; the packet
/// type and public key as associated data.
fn aead_schedule<R: KeyRole>(
    key: &Key<SecretParts, R>,
    tag: Tag,
    symm: SymmetricAlgorithm,
    aead: AEADAlgorithm,
    derived: &SessionKey,
) -> openpgp::Result<(SessionKey, Vec<u8>)> {
    let packet_type = 0b1100_0000 | u8::from(tag);
    let info = [packet_type, key.version(), symm.into(), aead.into()];
    let kek = hkdf_sha256(derived, &info, symm.key_size()?)?;
    let mut ad = vec![packet_type];
    key.parts_as_public().serialize(&mut ad)?;
    Ok((kek, ad))
}

/// AEAD-protected secret key material.  The packet type is part of the
/// key schedule; for a key whose role the type does not say, both are
/// tried (AEAD authenticates, so only the right one opens).
fn open_aead<R: KeyRole>(
    key: &Key<SecretParts, R>,
    e: &Encrypted,
    aead: AEADAlgorithm,
    derived: &SessionKey,
) -> openpgp::Result<Unencrypted> {
    let tags: &[Tag] = match R::role() {
        KeyRoleRT::Primary => &[Tag::SecretKey],
        KeyRoleRT::Subordinate => &[Tag::SecretSubkey],
        KeyRoleRT::Unspecified => &[Tag::SecretKey, Tag::SecretSubkey],
    };
    let nonce = e.aead_iv().unwrap_or_default();
    let ciphertext = e.ciphertext()?;
    let mut last = None;
    for tag in tags {
        let (kek, ad) = aead_schedule(key, *tag, e.algo(), aead, derived)?;
        let mut dec = aead.context(e.algo(), &kek, &ad, nonce)?.for_decryption()?;
        let mut secret = Protected::new(ciphertext.len().saturating_sub(aead.digest_size()?));
        match dec.decrypt_verify(&mut secret, ciphertext) {
            Ok(()) => return Ok(mpi::SecretKeyMaterial::from_bytes(key.pk_algo(), &secret)?.into()),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| openpgp::Error::InvalidOperation("no key role".into()).into()))
}

/// HMAC-SHA256 (RFC 2104) with sequoia's SHA-256.
fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> openpgp::Result<Protected> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        let mut h = HashAlgorithm::SHA256.context()?.for_digest();
        h.update(key);
        h.digest(&mut block[..32])?;
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = HashAlgorithm::SHA256.context()?.for_digest();
    inner.update(&block.map(|b| b ^ 0x36));
    for p in parts {
        inner.update(p);
    }
    let mut mid = Protected::new(32);
    inner.digest(&mut mid)?;
    let mut outer = HashAlgorithm::SHA256.context()?.for_digest();
    outer.update(&block.map(|b| b ^ 0x5c));
    outer.update(&mid);
    let mut out = Protected::new(32);
    outer.digest(&mut out)?;
    block.fill(0);
    Ok(out)
}

/// HKDF-SHA256 (RFC 5869) with no salt, for up to 32 octets.
pub(crate) fn hkdf_sha256(ikm: &[u8], info: &[u8], len: usize) -> openpgp::Result<SessionKey> {
    if len > 32 {
        return Err(openpgp::Error::InvalidArgument("HKDF output too long".into()).into());
    }
    let prk = hmac_sha256(&[0u8; 32], &[ikm])?;
    let okm = hmac_sha256(&prk, &[info, &[1]])?;
    Ok(SessionKey::from(&okm[..len]))
}

/// Protects `key` with a derived key: the spec's iterated S2K, AES-256
/// and CFB with the SHA-1 checksum (which RFC 9580 allows for v4 and v6
/// keys alike).
///
/// # Errors
///
/// [`Error::InvalidArgument`] when the derived key does not match a spec
/// this module could have made (unknown hash, a salt that is not eight
/// octets, a count no S2K can encode, a key that is not 32 octets).
pub(crate) fn protect<R: KeyRole>(
    key: Key<SecretParts, R>,
    derived: &DerivedKey,
) -> Result<Key<SecretParts, R>> {
    let s2k = new_s2k(derived)?;
    let (key, secret) = key.take_secret();
    let SecretKeyMaterial::Unencrypted(u) = secret else {
        return Err(Error::Internal(
            "protecting a key that is still locked".into(),
        ));
    };
    let mut trash = vec![0u8; NEW_KEY_CIPHER.block_size().map_err(internal)?];
    openpgp::crypto::random(&mut trash).map_err(internal)?;
    let mut esk = Vec::new();
    let sk = derived.session_key();
    let mut enc = Encryptor::new(
        NEW_KEY_CIPHER,
        BlockCipherMode::CFB,
        PaddingMode::None,
        &sk,
        None,
        &mut esk,
    )
    .map_err(internal)?;
    enc.write_all(&trash).map_err(|e| internal(e.into()))?;
    u.map(|mpis| mpis.serialize_with_checksum(&mut enc, SecretKeyChecksum::SHA1))
        .map_err(internal)?;
    enc.finalize().map_err(internal)?;
    let e = Encrypted::new(
        s2k,
        NEW_KEY_CIPHER,
        Some(SecretKeyChecksum::SHA1),
        esk.into_boxed_slice(),
    );
    Ok(key.add_secret(e.into()).0)
}

pub(crate) fn new_s2k(d: &DerivedKey) -> Result<S2K> {
    let bad = |what: &str| Error::InvalidArgument(format!("The derived passphrase key {what}."));
    let hash = hash_named(&d.hash).ok_or_else(|| bad("names an unknown hash"))?;
    let salt: [u8; 8] = d.salt[..]
        .try_into()
        .map_err(|_| bad("has a salt that is not 8 octets"))?;
    if !encodable(d.count) {
        return Err(bad("has a count that no S2K can encode"));
    }
    if d.key.len() != NEW_KEY_CIPHER.key_size().map_err(internal)? {
        return Err(bad("is not 32 octets"));
    }
    Ok(S2K::Iterated {
        hash,
        salt,
        hash_bytes: d.count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodable_counts() {
        assert!(encodable(1024));
        assert!(encodable(0x3e0_0000));
        assert!(encodable(65536));
        assert!(!encodable(1000));
        assert!(!encodable(0x3e0_0001));
    }

    // RFC 4231 test case 2.
    #[test]
    fn hmac_matches_rfc_4231() {
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]).unwrap();
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    // RFC 5869 test case 3 (no salt, no info), first 32 octets.
    #[test]
    fn hkdf_matches_rfc_5869() {
        let okm = hkdf_sha256(&[0x0b; 22], &[], 32).unwrap();
        let hex: String = okm.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
        );
    }
}
