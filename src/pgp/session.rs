//! Finding the session key of a message: the session keys given (SOP's
//! `--with-session-key`), then its recipient packets (PKESK) tried with the
//! secret keys given, then its password packets (SKESK) with the passwords
//! given.
//!
//! The sender chooses how many packets there are and how costly each is
//! to try, so the search is bounded: at most [`MAX_KEY_TRIES`] public-key
//! decryptions, [`MAX_PASSWORD_TRIES`] password tries and
//! [`MAX_ARGON2_WORK`] of Argon2, and each secret key is unlocked (its
//! passphrase's key derivation run) once, not once per packet.  When no
//! key opens the message, what the tries found says why, in one error.

use sequoia_openpgp as openpgp;

use openpgp::crypto::mpi::Ciphertext;
use openpgp::crypto::{Decryptor, KeyPair, Password, S2K, SessionKey};
use openpgp::packet::key::{SecretParts, UnspecifiedRole};
use openpgp::packet::{Key, PKESK, SKESK};
use openpgp::parse::PacketParser;
use openpgp::parse::stream::{DecryptionHelper, MessageStructure, VerificationHelper};
use openpgp::types::SymmetricAlgorithm;
use openpgp::{Cert, Fingerprint, KeyHandle, anyhow};

use super::elgamal::{self, is_elgamal};
use super::failures::Failures;
use super::s2k::DerivedKey;
use super::secret::{SecretCerts, unlock};
use super::skesk::open_derived;
use super::verify::Collector;
use crate::{Error, Result};

/// The most password tries (password packet by password) in one message.
const MAX_PASSWORD_TRIES: usize = 8;

/// The most public-key decryptions (recipient packet by secret key) in one
/// message: a message to many anonymous recipients costs one per packet
/// and key, which is an RSA decryption (tens of ms in the browser) each.
const MAX_KEY_TRIES: usize = 64;

/// The most Argon2 work in one message, in KiB of memory times passes:
/// RFC 9580's first choice (t=1, m=2^21 KiB) once, or its second
/// (t=3, m=2^16 KiB) ten times.
const MAX_ARGON2_WORK: u64 = 1 << 21;

/// The session key that opened a message's encrypted data.
pub(crate) struct Opened {
    pub(crate) algo: Option<SymmetricAlgorithm>,
    pub(crate) key: SessionKey,
}

/// sequoia's helper for one decryption: finds the session key, and hands
/// the signatures to the [`Collector`].
pub(crate) struct Helper<'p, 's> {
    pub(crate) collector: Collector<'p>,
    pub(crate) keys: &'s [SecretCerts],
    pub(crate) passwords: &'s [Password],
    /// Keys derived by the caller for the iterated S2Ks; when given, the
    /// core derives none itself.
    pub(crate) derived: Option<&'s [DerivedKey]>,
    /// The caller's bound on Argon2 work, below [`MAX_ARGON2_WORK`].
    pub(crate) argon2_budget: Option<u64>,
    /// Session keys given by the caller, tried first.
    pub(crate) session_keys: &'s [(SymmetricAlgorithm, SessionKey)],
    /// Set to the session key that opened the data, for the error path.
    pub(crate) opened: &'s mut Option<Opened>,
}

impl VerificationHelper for Helper<'_, '_> {
    fn inspect(&mut self, pp: &PacketParser<'_>) -> openpgp::Result<()> {
        self.collector.inspect(pp)
    }

    fn get_certs(&mut self, ids: &[KeyHandle]) -> openpgp::Result<Vec<Cert>> {
        self.collector.get_certs(ids)
    }

    fn check(&mut self, structure: MessageStructure<'_>) -> openpgp::Result<()> {
        self.collector.check(structure)
    }
}

impl DecryptionHelper for Helper<'_, '_> {
    fn decrypt(
        &mut self,
        pkesks: &[PKESK],
        skesks: &[SKESK],
        sym_algo: Option<SymmetricAlgorithm>,
        decrypt: &mut dyn FnMut(Option<SymmetricAlgorithm>, &SessionKey) -> bool,
    ) -> openpgp::Result<Option<Cert>> {
        let mut search = Search::new(sym_algo, decrypt, self.opened);
        search.argon2_budget = self
            .argon2_budget
            .map_or(MAX_ARGON2_WORK, |b| b.min(MAX_ARGON2_WORK));
        for (algo, sk) in self.session_keys {
            if search.try_session_key(Some(*algo), sk, false) {
                return Ok(None);
            }
            search.failures.session_key_failed = self.keys.is_empty()
                && self.passwords.is_empty()
                && self.derived.is_none_or(<[DerivedKey]>::is_empty);
        }
        if let Some(cert) = search.with_keys(pkesks, self.keys) {
            return Ok(Some(cert));
        }
        if search.with_passwords(skesks, self.passwords, self.derived) {
            return Ok(None);
        }
        let given = !self.passwords.is_empty() || self.derived.is_some_and(|d| !d.is_empty());
        let wanted_password = !skesks.is_empty() && (given || pkesks.is_empty());
        Err(anyhow::Error::new(
            search.failures.into_error(wanted_password),
        ))
    }
}

/// One search for the session key of a message.
struct Search<'a> {
    /// The cipher a SEIPDv2 packet names (`None` for SEIPDv1, whose PKESKs name it).
    sym_algo: Option<SymmetricAlgorithm>,
    /// sequoia's check that a session key opens the data.
    decrypt: &'a mut dyn FnMut(Option<SymmetricAlgorithm>, &SessionKey) -> bool,
    opened: &'a mut Option<Opened>,
    /// Each secret key tried so far, unlocked, or `None` if it would not unlock.
    unlocked: Vec<(Fingerprint, Option<KeyPair>)>,
    key_tries: usize,
    password_tries: usize,
    argon2_work: u64,
    argon2_budget: u64,
    failures: Failures,
}

/// How trying one certificate on one recipient packet ended.
enum Outcome {
    Opened,
    NotOpened,
    /// The bound on public-key decryptions was reached: stop searching.
    TooMany,
}

impl<'a> Search<'a> {
    fn new(
        sym_algo: Option<SymmetricAlgorithm>,
        decrypt: &'a mut dyn FnMut(Option<SymmetricAlgorithm>, &SessionKey) -> bool,
        opened: &'a mut Option<Opened>,
    ) -> Self {
        Search {
            sym_algo,
            decrypt,
            opened,
            unlocked: Vec::new(),
            key_tries: 0,
            password_tries: 0,
            argon2_work: 0,
            argon2_budget: MAX_ARGON2_WORK,
            failures: Failures::default(),
        }
    }

    /// Tries every recipient packet with every secret key that may open
    /// it; returns the certificate whose key did.
    fn with_keys(&mut self, pkesks: &[PKESK], keys: &[SecretCerts]) -> Option<Cert> {
        for pkesk in pkesks {
            for sc in keys {
                for cert in &sc.certs {
                    self.failures.note_public_only(pkesk, cert);
                    match self.with_cert(pkesk, cert, sc) {
                        Outcome::Opened => return Some(cert.clone()),
                        Outcome::TooMany => return None,
                        Outcome::NotOpened => (),
                    }
                }
            }
        }
        None
    }

    /// Tries one recipient packet with each secret key of `cert` that has
    /// its algorithm and, unless the packet is anonymous, its key ID.
    fn with_cert(&mut self, pkesk: &PKESK, cert: &Cert, secrets: &SecretCerts) -> Outcome {
        let recipient = pkesk.recipient();
        for ka in cert.keys().secret() {
            let key = ka.key();
            if recipient
                .as_ref()
                .is_some_and(|r| r.aliases(key.key_handle()))
                && !key.pk_algo().is_supported()
                && !is_elgamal(key.pk_algo())
            {
                self.failures
                    .unusable
                    .get_or_insert(Error::UnsupportedAlgorithm(format!(
                        "the message is for key {}, a {} key, which this build cannot use",
                        key.keyid().to_hex(),
                        key.pk_algo()
                    )));
                continue;
            }
            if key.pk_algo() != pkesk.pk_algo()
                || recipient
                    .as_ref()
                    .is_some_and(|r| !r.aliases(key.key_handle()))
            {
                continue;
            }
            let Some(at) = self.unlocked_pair(key, secrets) else {
                continue;
            };
            if self.key_tries == MAX_KEY_TRIES {
                self.failures.too_costly.get_or_insert(format!(
                    "the message has too many recipient packets to try \
                     (at most {MAX_KEY_TRIES} tries)"
                ));
                return Outcome::TooMany;
            }
            self.key_tries += 1;
            if let Some((algo, sk)) = self.decrypt_with(at, pkesk)
                && self.try_session_key(algo, &sk, true)
            {
                return Outcome::Opened;
            }
        }
        Outcome::NotOpened
    }

    /// The session key in `pkesk`, decrypted with the key pair at `at` in
    /// `unlocked`.
    fn decrypt_with(
        &mut self,
        at: usize,
        pkesk: &PKESK,
    ) -> Option<(Option<SymmetricAlgorithm>, SessionKey)> {
        let Some((_, Some(pair))) = self.unlocked.get_mut(at) else {
            return None;
        };
        let found = match pkesk {
            PKESK::V3(v3) if is_elgamal(v3.pk_algo()) => elgamal::decrypt(pair, v3.esk()),
            _ => pkesk.decrypt(pair, self.sym_algo),
        };
        if found.is_none() && names_cipher_zero(pkesk, pair) {
            self.failures.unusable.get_or_insert_with(cipher_zero);
        }
        found
    }

    /// Where in `unlocked` the key pair of `key` is, unlocked with one of
    /// the passphrases of `secrets` the first time it is asked for; `None` (and the reason
    /// noted) if it will not unlock.
    fn unlocked_pair(
        &mut self,
        key: &Key<SecretParts, UnspecifiedRole>,
        secrets: &SecretCerts,
    ) -> Option<usize> {
        let fp = key.fingerprint();
        let at = match self.unlocked.iter().position(|(f, _)| *f == fp) {
            Some(at) => at,
            None => {
                let pair = match unlock(key, &secrets.passphrases, &secrets.derived) {
                    Ok(k) => k.into_keypair().ok(),
                    Err(e) => {
                        self.failures.unlock_failed(e);
                        None
                    }
                };
                self.unlocked.push((fp, pair));
                self.unlocked.len() - 1
            }
        };
        self.unlocked.get(at)?.1.as_ref().map(|_| at)
    }

    /// Tries every password packet with every password (or, for iterated
    /// S2Ks when the caller derives, with each derived key that fits),
    /// within the bounds on tries and Argon2 work; returns whether one
    /// opened the message.
    fn with_passwords(
        &mut self,
        skesks: &[SKESK],
        passwords: &[Password],
        derived: Option<&[DerivedKey]>,
    ) -> bool {
        for skesk in skesks {
            if let Some(derived) = derived
                && is_iterated(skesk)
            {
                if self.with_derived(skesk, derived) {
                    return true;
                }
                continue;
            }
            for pw in passwords {
                if !self.may_try() {
                    break;
                }
                let work = self.argon2_work.saturating_add(s2k_work(skesk));
                if work > self.argon2_budget {
                    self.failures.too_costly.get_or_insert(
                        "the message's password hashing (Argon2) asks for more memory and \
                         time than Sealpost allows"
                            .into(),
                    );
                    continue;
                }
                if let SKESK::V4(s4) = skesk
                    && s4.symmetric_algo() == SymmetricAlgorithm::Unencrypted
                {
                    // No key can be derived for it: sequoia would only
                    // fail, and the password would seem wrong.
                    self.failures.unusable.get_or_insert_with(cipher_zero);
                    break;
                }
                self.argon2_work = work;
                self.password_tries += 1;
                if let Ok((algo, sk)) = skesk.decrypt(pw)
                    && self.try_session_key(algo, &sk, matches!(skesk, SKESK::V6(_)))
                {
                    return true;
                }
            }
        }
        false
    }

    /// Tries an iterated password packet with each derived key that fits it.
    fn with_derived(&mut self, skesk: &SKESK, derived: &[DerivedKey]) -> bool {
        for d in derived {
            let Some(opened) = open_derived(skesk, d) else {
                continue;
            };
            if !self.may_try() {
                break;
            }
            self.password_tries += 1;
            if let Ok((algo, sk)) = opened
                && self.try_session_key(algo, &sk, matches!(skesk, SKESK::V6(_)))
            {
                return true;
            }
        }
        false
    }

    /// Whether one more password try is within the bound (noting why not).
    fn may_try(&mut self) -> bool {
        if self.password_tries < MAX_PASSWORD_TRIES {
            return true;
        }
        self.failures.too_costly.get_or_insert(format!(
            "the message has too many password packets to try \
             (at most {MAX_PASSWORD_TRIES} tries)"
        ));
        false
    }

    /// Asks sequoia whether `sk` opens the data; remembers it if it does.
    /// `checked`: the session key came out of an integrity-protected
    /// wrapping (a PKESK for our key, an SKESK6), so if it does not open
    /// the data, the data was changed.
    fn try_session_key(
        &mut self,
        algo: Option<SymmetricAlgorithm>,
        sk: &SessionKey,
        checked: bool,
    ) -> bool {
        let ok = (self.decrypt)(algo, sk);
        // A SEIPDv2 packet names its cipher, and sequoia uses that one.
        let algo = self.sym_algo.or(algo);
        if ok {
            *self.opened = Some(Opened {
                algo,
                key: sk.clone(),
            });
        } else if algo == Some(SymmetricAlgorithm::Blowfish) {
            self.failures.blowfish = true;
        } else if algo == Some(SymmetricAlgorithm::Unencrypted) {
            self.failures.unusable.get_or_insert_with(cipher_zero);
        } else if checked {
            self.failures.rejected = true;
        }
        ok
    }
}

/// Whether a recipient packet that `pair` could not open wraps a session
/// key for cipher 0, which sequoia refuses without saying why.  The cipher
/// octet is in the clear for X25519 and X448; otherwise the packet is
/// decrypted once more (on this failure path only) to read it.
fn names_cipher_zero(pkesk: &PKESK, pair: &mut KeyPair) -> bool {
    let PKESK::V3(v3) = pkesk else {
        return false;
    };
    match v3.esk() {
        Ciphertext::X25519 { key, .. } | Ciphertext::X448 { key, .. } => key.first() == Some(&0),
        esk => pair
            .decrypt(esk, None)
            .is_ok_and(|plain| plain.first() == Some(&0)),
    }
}

/// Why a message that names cipher 0 cannot be opened.
fn cipher_zero() -> Error {
    Error::UnsupportedAlgorithm(
        "the message names cipher 0 (\"unencrypted\"), which OpenPGP does not allow for \
         encrypted data"
            .into(),
    )
}

/// Whether a password packet's S2K is iterated and salted.
fn is_iterated(skesk: &SKESK) -> bool {
    match skesk {
        SKESK::V4(s) => matches!(s.s2k(), S2K::Iterated { .. }),
        SKESK::V6(s) => matches!(s.s2k(), S2K::Iterated { .. }),
        _ => false,
    }
}

/// The Argon2 work of a password packet's key derivation (0 for the
/// iterated hashes, whose cost is bounded by the format).
fn s2k_work(skesk: &SKESK) -> u64 {
    let s2k = match skesk {
        SKESK::V4(s) => s.s2k(),
        SKESK::V6(s) => s.s2k(),
        _ => return 0,
    };
    match s2k {
        S2K::Argon2 { t, m, .. } if *m < 48 => (1u64 << m).saturating_mul(u64::from(*t)),
        S2K::Argon2 { .. } => u64::MAX,
        _ => 0,
    }
}

/// Reads the session keys given with a request (see [`parse_session_key`]).
pub(crate) fn parse_session_keys(
    texts: &[String],
) -> Result<Vec<(SymmetricAlgorithm, SessionKey)>> {
    texts.iter().map(|t| parse_session_key(t)).collect()
}

/// Reads a session key as the Stateless OpenPGP spec writes it: the
/// cipher's algorithm number in decimal, a colon, the key in hex.
pub(crate) fn parse_session_key(text: &str) -> Result<(SymmetricAlgorithm, SessionKey)> {
    let bad = || {
        Error::InvalidArgument(
            "A session key is written ALGO:HEX, e.g. 9: and 64 hex digits for AES-256.".into(),
        )
    };
    let (algo, hex) = text.trim().split_once(':').ok_or_else(bad)?;
    let algo: u8 = algo.parse().map_err(|_| bad())?;
    if hex.is_empty() || hex.len() % 2 != 0 || hex.len() > 128 {
        return Err(bad());
    }
    let bytes = hex
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).map_err(|_| bad())?;
            u8::from_str_radix(pair, 16).map_err(|_| bad())
        })
        .collect::<Result<Vec<u8>>>()?;
    Ok((SymmetricAlgorithm::from(algo), SessionKey::from(bytes)))
}

/// The session key that opened a message, as [`parse_session_key`] reads
/// it; `None` if the cipher is not known (it always is once data opened).
pub(crate) fn format_session_key(opened: &Opened) -> Option<String> {
    let algo = u8::from(opened.algo?);
    let hex: String = opened.key.iter().map(|b| format!("{b:02X}")).collect();
    Some(format!("{algo}:{hex}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_keys_read_and_write_as_algo_colon_hex() {
        let (algo, key) = parse_session_key("9:00ff10").unwrap();
        assert_eq!(algo, SymmetricAlgorithm::AES256);
        assert_eq!(&key[..], &[0x00, 0xff, 0x10]);
        let opened = Opened {
            algo: Some(algo),
            key,
        };
        assert_eq!(format_session_key(&opened).as_deref(), Some("9:00FF10"));
        for bad in ["", "9", "9:", "x:00", "9:0", "9:zz", "300:00", "9:\u{e9}"] {
            let e = parse_session_key(bad).unwrap_err();
            assert_eq!(e.code(), "invalid-argument", "{bad}");
        }
    }
}
