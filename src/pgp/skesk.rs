//! Password packets (SKESK) with keys derived outside the core.
//!
//! Like a key's passphrase ([`super::s2k`]), a message password is
//! stretched by an iterated and salted S2K that takes minutes where the
//! core runs as JavaScript.  So the caller can derive: [`password_specs`]
//! says what to hash for each password packet of a message, and the
//! derived keys open them ([`open_derived`]); for a new message, a key
//! derived for a spec of [`crate::pgp::s2k_fresh`] wraps the session key
//! in a packet the core writes itself ([`derived_skesk`]).  The packets
//! are those sequoia writes: SKESK4 (CFB) beside SEIPDv1, SKESK6 (AEAD
//! with its HKDF key schedule) beside SEIPDv2.
//!
//! Argon2 (RFC 9580 §3.7.1.4) cannot be derived by the browser, so
//! [`argon2_costs`] says what each Argon2 S2K in a message or key asks
//! for, and the caller decides whether it can afford it.

use sequoia_openpgp as openpgp;

use openpgp::Packet;
use openpgp::crypto::symmetric::{BlockCipherMode, Encryptor, PaddingMode};
use openpgp::crypto::{S2K, SessionKey};
use openpgp::packet::key::SecretKeyMaterial;
use openpgp::packet::skesk::{SKESK4, SKESK6};
use openpgp::packet::{SKESK, Tag};
use openpgp::parse::{PacketParser, PacketParserResult, Parse};
use openpgp::types::{AEADAlgorithm, SymmetricAlgorithm};
use serde::Serialize;

use super::common::{check_size, internal};
use super::s2k::{DerivedKey, S2kSpec, hkdf_sha256, iterated_spec, new_s2k};
use crate::{Error, Result};

/// The most packets [`password_specs`] and [`argon2_costs`] read.
const MAX_PACKETS: usize = 1024;

/// What an Argon2 S2K asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Argon2Cost {
    /// Passes over the memory (`t`).
    pub passes: u8,
    /// Lanes (`p`).
    pub lanes: u8,
    /// The memory, in KiB (2 to the power of the packet's `m`); `None`
    /// when the exponent is beyond any computer's memory.
    pub memory_kib: Option<u64>,
}

/// What the password packets of a message ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordSpecs {
    /// What to hash for each packet with an iterated S2K whose hash the
    /// browser offers (one entry per distinct spec).
    pub iterated: Vec<S2kSpec>,
    /// The packets with an iterated S2K of another hash: they can only be
    /// derived inside the core.
    pub other_hashes: usize,
    /// What each Argon2 packet asks for.
    pub argon2: Vec<Argon2Cost>,
    /// The packets with a simple or salted S2K, cheap anywhere.
    pub cheap: usize,
}

/// The S2K of a password packet.
fn s2k_of(skesk: &SKESK) -> Option<&S2K> {
    match skesk {
        SKESK::V4(s) => Some(s.s2k()),
        SKESK::V6(s) => Some(s.s2k()),
        _ => None,
    }
}

/// The cipher that wraps a password packet's session key.
fn esk_algo(skesk: &SKESK) -> Option<SymmetricAlgorithm> {
    match skesk {
        SKESK::V4(s) => Some(s.symmetric_algo()),
        SKESK::V6(s) => Some(s.symmetric_algo()),
        _ => None,
    }
}

fn cost(s2k: &S2K) -> Option<Argon2Cost> {
    match s2k {
        S2K::Argon2 { t, p, m, .. } => Some(Argon2Cost {
            passes: *t,
            lanes: *p,
            memory_kib: 1u64.checked_shl(u32::from(*m)),
        }),
        _ => None,
    }
}

/// Calls `each` with every packet before the encrypted data (a message's
/// recipient and password packets, or every packet of a key).
fn each_packet(data: &[u8], mut each: impl FnMut(&Packet)) -> Result<()> {
    let mut ppr = PacketParser::from_bytes(data)
        .map_err(|e| Error::MalformedData(format!("not OpenPGP data ({e})")))?;
    let mut seen = 0;
    while let PacketParserResult::Some(pp) = ppr {
        if matches!(pp.packet.tag(), Tag::SEIP | Tag::AED | Tag::SED) || seen == MAX_PACKETS {
            break;
        }
        seen += 1;
        each(&pp.packet);
        ppr = match pp.next() {
            Ok((_, next)) => next,
            Err(_) => break,
        };
    }
    Ok(())
}

/// What each password packet of `message` asks to derive.
///
/// # Errors
///
/// [`Error::MalformedData`] if `message` is not OpenPGP data,
/// [`Error::InputTooLarge`].
pub fn password_specs(message: &[u8]) -> Result<PasswordSpecs> {
    check_size("the message", message)?;
    let mut out = PasswordSpecs::default();
    each_packet(message, |packet| {
        let Packet::SKESK(skesk) = packet else {
            return;
        };
        match (s2k_of(skesk), esk_algo(skesk)) {
            (Some(s2k @ S2K::Iterated { .. }), Some(algo)) => match iterated_spec(s2k, algo) {
                Some(s) if !out.iterated.contains(&s) => out.iterated.push(s),
                Some(_) => (),
                None => out.other_hashes += 1,
            },
            (Some(s2k), _) => match cost(s2k) {
                Some(c) => out.argon2.push(c),
                None => out.cheap += 1,
            },
            (None, _) => (),
        }
    })?;
    Ok(out)
}

/// What every Argon2 S2K in `data` (a message's password packets, or a
/// secret key's protection) asks for.
///
/// # Errors
///
/// [`Error::MalformedData`] if `data` is not OpenPGP data,
/// [`Error::InputTooLarge`].
pub fn argon2_costs(data: &[u8]) -> Result<Vec<Argon2Cost>> {
    check_size("the data", data)?;
    let mut out = Vec::new();
    each_packet(data, |packet| {
        let s2k = match packet {
            Packet::SKESK(s) => s2k_of(s),
            Packet::SecretKey(k) => key_s2k(k.secret()),
            Packet::SecretSubkey(k) => key_s2k(k.secret()),
            _ => None,
        };
        if let Some(c) = s2k.and_then(cost)
            && !out.contains(&c)
        {
            out.push(c);
        }
    })?;
    Ok(out)
}

fn key_s2k(secret: &SecretKeyMaterial) -> Option<&S2K> {
    match secret {
        SecretKeyMaterial::Encrypted(e) => Some(e.s2k()),
        SecretKeyMaterial::Unencrypted(_) => None,
    }
}

/// The AEAD associated data and HKDF info of an SKESK6 (RFC 9580 §5.3.2).
fn v6_info(algo: SymmetricAlgorithm, aead: AEADAlgorithm) -> [u8; 4] {
    [0xc3, 6, algo.into(), aead.into()]
}

/// The session key (and, for SKESK4, its cipher) in `skesk`, unwrapped
/// with `derived` if that was derived for the packet's S2K; `None` if it
/// was not.  A wrong password gives `Some(Err(..))`, or for SKESK4
/// (which has no check) a session key that does not open the data.
pub(crate) fn open_derived(
    skesk: &SKESK,
    derived: &DerivedKey,
) -> Option<openpgp::Result<(Option<SymmetricAlgorithm>, SessionKey)>> {
    let algo = esk_algo(skesk)?;
    if !derived.fits(s2k_of(skesk)?, algo.key_size().ok()?) {
        return None;
    }
    let key = derived.session_key();
    Some(match skesk {
        SKESK::V4(s) => open_v4(s, algo, &key),
        SKESK::V6(s) => open_v6(s, algo, &key).map(|sk| (None, sk)),
        _ => return None,
    })
}

fn open_v4(
    s: &SKESK4,
    algo: SymmetricAlgorithm,
    key: &SessionKey,
) -> openpgp::Result<(Option<SymmetricAlgorithm>, SessionKey)> {
    let Some(esk) = s.esk()? else {
        // No wrapped key: the derived key is the session key.
        return Ok((Some(algo), key.clone()));
    };
    let source = buffered_reader::Memory::with_cookie(esk, Default::default());
    let mut dec = openpgp::crypto::symmetric::Decryptor::new(
        algo,
        BlockCipherMode::CFB,
        openpgp::crypto::symmetric::UnpaddingMode::None,
        key,
        None,
        source,
    )?;
    let mut plain: SessionKey = vec![0u8; esk.len()].into();
    std::io::Read::read_exact(&mut dec, &mut plain)?;
    let (first, rest) = plain
        .split_first()
        .ok_or_else(|| openpgp::Error::MalformedPacket("empty session key".into()))?;
    Ok((Some(SymmetricAlgorithm::from(*first)), rest.into()))
}

fn open_v6(s: &SKESK6, algo: SymmetricAlgorithm, key: &SessionKey) -> openpgp::Result<SessionKey> {
    let ad = v6_info(algo, s.aead_algo());
    let kek = hkdf_sha256(key, &ad, algo.key_size()?)?;
    let digest = s.aead_algo().digest_size()?;
    let len = s
        .esk()
        .len()
        .checked_sub(digest)
        .ok_or_else(|| openpgp::Error::MalformedPacket("short SKESK6".into()))?;
    let mut dec = s
        .aead_algo()
        .context(algo, &kek, &ad, s.aead_iv())?
        .for_decryption()?;
    let mut plain: SessionKey = vec![0u8; len].into();
    dec.decrypt_verify(&mut plain, s.esk())?;
    Ok(plain)
}

/// A password packet that wraps `sk` (for data encrypted with `cipher`)
/// under `derived`, a key derived for a spec of
/// [`crate::pgp::s2k_fresh`]: SKESK6 with `aead` beside SEIPDv2, else
/// SKESK4.  `cipher` also wraps the key, as sequoia does, with the first
/// octets of the derived key (an iterated S2K's key for a shorter cipher
/// is the start of the longer one's).
///
/// # Errors
///
/// [`Error::InvalidArgument`] when `derived` does not match a spec
/// [`crate::pgp::s2k_fresh`] could have made.
pub(crate) fn derived_skesk(
    derived: &DerivedKey,
    cipher: SymmetricAlgorithm,
    aead: Option<AEADAlgorithm>,
    sk: &SessionKey,
) -> Result<SKESK> {
    let s2k = new_s2k(derived)?;
    let len = cipher.key_size().map_err(internal)?;
    let key: SessionKey = derived
        .key
        .get(..len)
        .ok_or_else(|| Error::InvalidArgument("The derived password key is too short.".into()))?
        .into();
    match aead {
        None => {
            let mut psk: SessionKey = vec![0u8; 1 + sk.len()].into();
            psk[0] = cipher.into();
            psk[1..].copy_from_slice(sk);
            let mut esk = Vec::with_capacity(psk.len());
            let mut enc = Encryptor::new(
                cipher,
                BlockCipherMode::CFB,
                PaddingMode::None,
                &key,
                None,
                &mut esk,
            )
            .map_err(internal)?;
            std::io::Write::write_all(&mut enc, &psk).map_err(|e| internal(e.into()))?;
            enc.finalize().map_err(internal)?;
            Ok(SKESK4::new(cipher, s2k, Some(esk.into_boxed_slice()))
                .map_err(internal)?
                .into())
        }
        Some(aead) => {
            let ad = v6_info(cipher, aead);
            let kek = hkdf_sha256(&key, &ad, len).map_err(internal)?;
            let mut iv = vec![0u8; aead.nonce_size().map_err(internal)?];
            openpgp::crypto::random(&mut iv).map_err(internal)?;
            let mut ctx = aead
                .context(cipher, &kek, &ad, &iv)
                .and_then(|c| c.for_encryption())
                .map_err(internal)?;
            let mut esk = vec![0u8; sk.len() + aead.digest_size().map_err(internal)?];
            ctx.encrypt_seal(&mut esk, sk).map_err(internal)?;
            Ok(SKESK6::new(
                cipher,
                aead,
                s2k,
                iv.into_boxed_slice(),
                esk.into_boxed_slice(),
            )
            .map_err(internal)?
            .into())
        }
    }
}
