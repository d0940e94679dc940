//! ElGamal session-key encryption (RFC 4880 §5.1, §13.1), which sequoia's
//! pure-Rust backend lacks: GnuPG made DSA + ElGamal keys by default until
//! 2009, and many long-time users still have one.
//!
//! The session key is wrapped as in RFC 4880: the cipher octet, the key
//! and a two-octet checksum, padded with EME-PKCS1-v1_5 to the size of the
//! prime, then `(g^k, m * y^k) mod p`.  The arithmetic is the general
//! bignum one (`num-bigint-dig`, as the RSA code uses): variable-time, as
//! RSA decryption already is (DESIGN.md says what that means for users).

use num_bigint_dig::BigUint;
use sequoia_openpgp as openpgp;

use openpgp::crypto::mpi::{Ciphertext, MPI, PublicKey, SecretKeyMaterial};
use openpgp::crypto::{KeyPair, SessionKey};
use openpgp::packet::Key;
use openpgp::packet::key::{KeyParts, KeyRole};
use openpgp::packet::pkesk::PKESK3;
use openpgp::types::{PublicKeyAlgorithm, SymmetricAlgorithm};

use crate::{Error, Result};

/// Whether `algo` is one of the two ElGamal codes (16, and the withdrawn 20).
#[allow(deprecated)] // Reading old keys is the point.
pub(crate) fn is_elgamal(algo: PublicKeyAlgorithm) -> bool {
    matches!(
        algo,
        PublicKeyAlgorithm::ElGamalEncrypt | PublicKeyAlgorithm::ElGamalEncryptSign
    )
}

/// The smallest prime accepted, in bits: smaller groups are broken.
const MIN_BITS: usize = 2048;

/// The public parameters `(p, g, y)` of an ElGamal key.
fn params<P: KeyParts, R: KeyRole>(key: &Key<P, R>) -> Result<(BigUint, BigUint, BigUint)> {
    match key.mpis() {
        PublicKey::ElGamal { p, g, y } => {
            let p = BigUint::from_bytes_be(p.value());
            if p.bits() < MIN_BITS {
                return Err(Error::UnsupportedAlgorithm(format!(
                    "ElGamal-{}, which is too weak (at least {MIN_BITS} bits are needed)",
                    p.bits()
                )));
            }
            Ok((
                p,
                BigUint::from_bytes_be(g.value()),
                BigUint::from_bytes_be(y.value()),
            ))
        }
        _ => Err(Error::Internal("not an ElGamal key".into())),
    }
}

/// A PKESK (version 3) that gives `sk` for `algo` to the ElGamal `key`.
///
/// # Errors
///
/// [`Error::UnsupportedAlgorithm`] for a group smaller than 2048 bits;
/// [`Error::Internal`] if the random number generator fails.
pub(crate) fn pkesk_for<P: KeyParts, R: KeyRole>(
    key: &Key<P, R>,
    algo: SymmetricAlgorithm,
    sk: &SessionKey,
) -> Result<PKESK3> {
    let (p, g, y) = params(key)?;
    let k_len = p.bits().div_ceil(8);
    let m = BigUint::from_bytes_be(&pad(&session_block(algo, sk), k_len)?);
    // A random exponent in [1, p - 2].
    let mut bytes = vec![0u8; k_len + 8];
    random(&mut bytes)?;
    let two = BigUint::from(2u8);
    let k = BigUint::from_bytes_be(&bytes) % (&p - &two) + BigUint::from(1u8);
    let e = g.modpow(&k, &p);
    let c = (m * y.modpow(&k, &p)) % &p;
    let esk = Ciphertext::ElGamal {
        e: MPI::new(&e.to_bytes_be()),
        c: MPI::new(&c.to_bytes_be()),
    };
    PKESK3::new(Some(key.keyid()), key.pk_algo(), esk).map_err(|e| Error::Internal(e.to_string()))
}

/// The cipher and session key in an ElGamal PKESK for `pair`; `None` when
/// it does not decrypt (another key's packet, or a damaged one).
pub(crate) fn decrypt(
    pair: &KeyPair,
    esk: &Ciphertext,
) -> Option<(Option<SymmetricAlgorithm>, SessionKey)> {
    let (p, _, _) = params(pair.public()).ok()?;
    let Ciphertext::ElGamal { e, c } = esk else {
        return None;
    };
    let x = pair.secret().map(|s| match s {
        SecretKeyMaterial::ElGamal { x } => Some(BigUint::from_bytes_be(x.value())),
        _ => None,
    })?;
    let e = BigUint::from_bytes_be(e.value());
    let c = BigUint::from_bytes_be(c.value());
    let zero = BigUint::from(0u8);
    if e == zero || e >= p || c >= p {
        return None;
    }
    // m = c / e^x; p is prime, so the inverse is a power: s^(p-2).
    let s = e.modpow(&x, &p);
    let s_inv = s.modpow(&(&p - BigUint::from(2u8)), &p);
    let m = (c * s_inv) % &p;
    let k_len = p.bits().div_ceil(8);
    let mut block = m.to_bytes_be();
    if block.len() > k_len {
        return None;
    }
    let mut padded = vec![0u8; k_len - block.len()];
    padded.append(&mut block);
    let (algo, key) = unwrap_session_block(unpad(&padded)?)?;
    Some((Some(algo), key))
}

/// The cipher octet, the key, and the sum of the key's octets mod 2^16.
fn session_block(algo: SymmetricAlgorithm, sk: &SessionKey) -> Vec<u8> {
    let sum = sk
        .iter()
        .fold(0u16, |acc, b| acc.wrapping_add(u16::from(*b)));
    let mut out = Vec::with_capacity(sk.len() + 3);
    out.push(u8::from(algo));
    out.extend_from_slice(sk);
    out.extend_from_slice(&sum.to_be_bytes());
    out
}

/// The cipher and key of a session block whose checksum is right.
fn unwrap_session_block(block: &[u8]) -> Option<(SymmetricAlgorithm, SessionKey)> {
    let (&algo, rest) = block.split_first()?;
    let (key, sum) = rest.split_at_checked(rest.len().checked_sub(2)?)?;
    let want = key
        .iter()
        .fold(0u16, |acc, b| acc.wrapping_add(u16::from(*b)));
    if sum != want.to_be_bytes() {
        return None;
    }
    let algo = SymmetricAlgorithm::from(algo);
    if algo.key_size().ok()? != key.len() {
        return None;
    }
    Some((algo, SessionKey::from(key)))
}

/// EME-PKCS1-v1_5 encoding of `m` into `k` octets: 00 02, at least eight
/// random nonzero octets, 00, `m`.
fn pad(m: &[u8], k: usize) -> Result<Vec<u8>> {
    let ps_len = k
        .checked_sub(m.len() + 3)
        .filter(|n| *n >= 8)
        .ok_or_else(|| Error::Internal("session key too long for the key".into()))?;
    let mut ps = vec![0u8; ps_len];
    random(&mut ps)?;
    for b in &mut ps {
        while *b == 0 {
            let mut one = [0u8; 1];
            random(&mut one)?;
            *b = one[0];
        }
    }
    let mut out = Vec::with_capacity(k);
    out.extend_from_slice(&[0, 2]);
    out.extend_from_slice(&ps);
    out.push(0);
    out.extend_from_slice(m);
    Ok(out)
}

/// The message inside an EME-PKCS1-v1_5 block, if the block is well formed.
fn unpad(block: &[u8]) -> Option<&[u8]> {
    let rest = block.strip_prefix(&[0, 2])?;
    let zero = rest.iter().position(|b| *b == 0)?;
    if zero < 8 {
        return None;
    }
    rest.get(zero + 1..)
}

fn random(buf: &mut [u8]) -> Result<()> {
    openpgp::crypto::random(buf).map_err(|e| Error::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_round_trips_and_has_no_zero_in_the_filler() {
        let m = [7u8; 35];
        let block = pad(&m, 256).unwrap();
        assert_eq!(block.len(), 256);
        assert!(block[2..256 - 36].iter().all(|b| *b != 0));
        assert_eq!(unpad(&block), Some(&m[..]));
    }

    #[test]
    fn a_bad_checksum_or_size_is_refused() {
        let sk = SessionKey::from(&[1u8; 32][..]);
        let mut block = session_block(SymmetricAlgorithm::AES256, &sk);
        assert!(unwrap_session_block(&block).is_some());
        let last = block.len() - 1;
        block[last] ^= 1;
        assert!(unwrap_session_block(&block).is_none());
        let short = session_block(SymmetricAlgorithm::AES128, &sk);
        assert!(unwrap_session_block(&short).is_none());
        assert!(unpad(&[0, 2, 1, 0, 5]).is_none());
    }
}
