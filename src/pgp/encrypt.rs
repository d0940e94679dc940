//! Encrypting to certificates and passwords, optionally signed, and saying
//! in which format.

use std::fmt;
use std::io::Write;
use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::Cert;
use openpgp::Packet;
use openpgp::armor;
use openpgp::cert::Preferences;
use openpgp::crypto::{KeyPair, Password, SessionKey};
use openpgp::packet::Key;
use openpgp::packet::key::{PublicParts, UnspecifiedRole};
use openpgp::packet::pkesk::PKESK3;
use openpgp::serialize::Serialize as _;
use openpgp::serialize::stream::{Armorer, Encryptor, LiteralWriter, Message, Recipient};
use openpgp::types::{
    AEADAlgorithm, DataFormat, Features, HashAlgorithm, SignatureType, SymmetricAlgorithm,
};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::common::{
    Count, Ctx, Redacted, aead_name, check_blobs, check_size, cipher_name, internal,
    parse_cert_blobs, password, pgp_error, policy, time_from_ms,
};
use super::elgamal::{self, is_elgamal};
use super::options::{LiteralMode, MessageProfile, yes};
use super::prefs::{cipher_for, hash_for, hash_prefs};
use super::s2k::DerivedKey;
use super::secret::{
    SecretKeyInput, cert_unusable, for_recipient, named, no_key_reason, signing_keypairs,
};
use super::sign::signer;
use super::skesk::derived_skesk;
use crate::{Error, Result};

/// What to encrypt, to whom, and how.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EncryptRequest {
    /// The message.
    pub plaintext: ByteBuf,
    /// Recipient certificates; each blob may hold one or more.
    #[serde(default)]
    pub recipients: Vec<ByteBuf>,
    /// Passwords that may also open the message.
    #[serde(default)]
    pub passwords: Vec<String>,
    /// More passwords, as keys the caller derived from them, each for a
    /// spec of [`crate::pgp::s2k_fresh`] (where the core runs as
    /// JavaScript, the browser's SHA-256 derives many times faster).
    #[serde(default)]
    pub derived_passwords: Vec<DerivedKey>,
    /// Secret keys to sign with (signed, then encrypted).
    #[serde(default)]
    pub signers: Vec<SecretKeyInput>,
    /// ASCII armor (default `true`).
    #[serde(default = "yes")]
    pub armor: bool,
    /// Which format to write (default: what every recipient reads).
    #[serde(default)]
    pub profile: MessageProfile,
    /// A file name to record in the message.
    #[serde(default)]
    pub filename: Option<String>,
    /// Whether the plaintext is bytes (default) or text.
    #[serde(default)]
    pub mode: LiteralMode,
    /// The current time (JavaScript `Date.now()`).
    pub now_ms: f64,
}

impl fmt::Debug for EncryptRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptRequest")
            .field("plaintext", &Redacted(&self.plaintext))
            .field("recipients", &self.recipients.len())
            .field("passwords", &Count(self.passwords.len()))
            .field("derived_passwords", &self.derived_passwords)
            .field("signers", &self.signers)
            .field("armor", &self.armor)
            .field("profile", &self.profile)
            .field("filename", &self.filename)
            .field("mode", &self.mode)
            .field("now_ms", &self.now_ms)
            .finish()
    }
}

/// Which packet format to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seipd {
    V1,
    V2,
}

/// The cipher of a message to passwords only; with recipients, the
/// strongest one they all list ([`cipher_for`]).
const SYMMETRIC: SymmetricAlgorithm = SymmetricAlgorithm::AES256;

/// The AEAD mode of SEIPDv2 messages.
const AEAD: AEADAlgorithm = AEADAlgorithm::OCB;

/// An encrypted message, and what was written.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Encrypted {
    /// The message, armored or binary.
    #[serde(with = "serde_bytes")]
    pub message: Vec<u8>,
    /// The encryption container: 1 (SEIPDv1 with MDC, RFC 4880) or 2
    /// (SEIPDv2, RFC 9580).
    pub seipd: u8,
    /// The symmetric cipher: "AES-256".
    pub symmetric: String,
    /// The AEAD mode of a SEIPDv2 message ("OCB"); `None` for SEIPDv1.
    pub aead: Option<String>,
}

impl fmt::Debug for Encrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encrypted")
            .field("message", &Redacted(&self.message))
            .field("seipd", &self.seipd)
            .field("symmetric", &self.symmetric)
            .field("aead", &self.aead)
            .finish()
    }
}

/// Encrypts (and optionally signs) a message, and says in which format.
///
/// Every recipient certificate must be usable now: one that is revoked,
/// expired, or has no encryption key makes the whole call fail; no
/// recipient is ever dropped silently.  The message is encrypted to every
/// valid encryption subkey of each recipient, with the strongest cipher
/// every recipient lists (AES-256 for passwords only), as SEIPDv1
/// (with MDC) unless the profile asks for RFC 9580 (SEIPDv2, OCB), or is
/// "auto" and every recipient advertises SEIPDv2.
///
/// # Errors
///
/// [`Error::NoRecipients`], [`Error::KeyExpired`], [`Error::KeyRevoked`],
/// [`Error::NoEncryptionKey`], [`Error::UnsupportedProfile`],
/// [`Error::InvalidArgument`], [`Error::InputTooLarge`], plus the signing
/// key errors ([`Error::KeyLocked`], [`Error::BadPassphrase`], ...).
///
/// # Example
///
/// ```
/// use sealpost::pgp::{EncryptRequest, LiteralMode, MessageProfile, encrypt};
/// let req = EncryptRequest {
///     plaintext: b"hi".to_vec().into(),
///     recipients: vec![],
///     passwords: vec!["correct horse".into()],
///     derived_passwords: vec![],
///     signers: vec![],
///     armor: true,
///     profile: MessageProfile::Auto,
///     filename: None,
///     mode: LiteralMode::Binary,
///     now_ms: 1_795_953_600_000.0,
/// };
/// let sealed = encrypt(&req).unwrap();
/// assert!(sealed.message.starts_with(b"-----BEGIN PGP MESSAGE-----"));
/// assert_eq!((sealed.seipd, sealed.symmetric.as_str()), (1, "AES-256"));
/// ```
pub fn encrypt(req: &EncryptRequest) -> Result<Encrypted> {
    let now = time_from_ms(req.now_ms, "nowMs")?;
    check_size("the plaintext", &req.plaintext)?;
    check_blobs("the recipients", &req.recipients)?;
    if req.passwords.iter().any(String::is_empty) {
        return Err(Error::InvalidArgument(
            "A password must not be empty.".into(),
        ));
    }
    let certs = parse_cert_blobs(&req.recipients)?;
    if certs.is_empty() && req.passwords.is_empty() && req.derived_passwords.is_empty() {
        return Err(Error::NoRecipients);
    }
    let p = policy(now);
    if let Some(e) = certs.iter().find_map(|c| cert_unusable(c, &p, now)) {
        return Err(for_recipient(e));
    }
    let seipd = choose_seipd(req.profile, &certs, &p, now)?;
    let recipients = recipients(&certs, &p, now, seipd)?;
    let signers = signing_keypairs(&req.signers, &p, now)?;
    let cipher = if certs.is_empty() {
        SYMMETRIC
    } else {
        cipher_for(&certs, &p, now)
    };
    let mut hashes = signers.hashes;
    hashes.extend(certs.iter().map(|c| hash_prefs(c, &p, now)));
    let hash = hash_for(&hashes, &p, now);

    // Reserve the output's size up front: a growing buffer would copy the
    // ciphertext each time it doubles and keep the old copies' memory.
    let mut sink = Vec::with_capacity(expected_size(req.plaintext.len(), req.armor));
    let encryptor = encryptor(Message::new(&mut sink), req, recipients, seipd, cipher)?;
    let signed = sign_inside(encryptor, signers.pairs, hash, req.mode, &certs, now)?;
    write_literal(signed, req, now)?;
    Ok(Encrypted {
        message: sink,
        seipd: match seipd {
            Seipd::V1 => 1,
            Seipd::V2 => 2,
        },
        symmetric: cipher_name(cipher),
        aead: (seipd == Seipd::V2).then(|| aead_name(AEAD)),
    })
}

/// The armor (if asked for) and encryption layers of the writer stack.
fn encryptor<'a>(
    sink: Message<'a>,
    req: &EncryptRequest,
    keys: Vec<&'a RecipientKey>,
    seipd: Seipd,
    cipher: SymmetricAlgorithm,
) -> Result<Message<'a>> {
    let mut message = sink;
    if req.armor {
        message = Armorer::new(message)
            .kind(armor::Kind::Message)
            .build()
            .map_err(internal)?;
    }
    let passwords: Vec<Password> = req.passwords.iter().map(|s| password(s)).collect();
    // Packets the core writes itself need the session key before sequoia
    // writes the rest.
    let own = !req.derived_passwords.is_empty() || keys.iter().any(|k| is_elgamal(k.pk_algo()));
    let sk = if own {
        let sk = SessionKey::new(cipher.key_size().map_err(internal)?).map_err(internal)?;
        let aead = (seipd == Seipd::V2).then_some(AEAD);
        for d in &req.derived_passwords {
            Packet::SKESK(derived_skesk(d, cipher, aead, &sk)?)
                .serialize(&mut message)
                .map_err(internal)?;
        }
        Some(sk)
    } else {
        None
    };
    if keys.iter().any(|k| is_elgamal(k.pk_algo())) {
        let sk = sk.ok_or_else(|| Error::Internal("no session key".into()))?;
        return with_own_pkesks(message, &keys, passwords, cipher, sk);
    }
    let recipients = keys.into_iter().map(|key| {
        let (features, handle): (Features, openpgp::KeyHandle) = match seipd {
            Seipd::V1 => (Features::empty().set_seipdv1(), key.keyid().into()),
            Seipd::V2 => (
                Features::empty().set_seipdv1().set_seipdv2(),
                key.fingerprint().into(),
            ),
        };
        Recipient::new(features, handle, key)
    });
    let mut encryptor = match sk {
        Some(sk) => Encryptor::with_session_key(message, cipher, sk)
            .map_err(internal)?
            .add_recipients(recipients),
        None => Encryptor::for_recipients(message, recipients),
    }
    .add_passwords(passwords)
    .symmetric_algo(cipher);
    if seipd == Seipd::V2 {
        encryptor = encryptor.aead_algo(AEAD);
    }
    encryptor.build().map_err(|e| pgp_error(&e, Ctx::Data))
}

/// A SEIPDv1 message whose recipient packets Sealpost writes itself,
/// because one of them is for an ElGamal key, which sequoia's pure-Rust
/// backend cannot encrypt to.
fn with_own_pkesks<'a>(
    mut message: Message<'a>,
    keys: &[&'a RecipientKey],
    passwords: Vec<Password>,
    cipher: SymmetricAlgorithm,
    sk: SessionKey,
) -> Result<Message<'a>> {
    for key in keys {
        let pkesk = if is_elgamal(key.pk_algo()) {
            elgamal::pkesk_for(*key, cipher, &sk)?
        } else {
            PKESK3::for_recipient(cipher, &sk, *key).map_err(|e| pgp_error(&e, Ctx::Key))?
        };
        Packet::PKESK(pkesk.into())
            .serialize(&mut message)
            .map_err(internal)?;
    }
    Encryptor::with_session_key(message, cipher, sk)
        .map_err(internal)?
        .add_passwords(passwords)
        .build()
        .map_err(|e| pgp_error(&e, Ctx::Data))
}

/// The signing layer inside the encryption, when there are signers: each
/// signature names every recipient as intended.
fn sign_inside<'a>(
    message: Message<'a>,
    signers: Vec<KeyPair>,
    hash: HashAlgorithm,
    mode: LiteralMode,
    certs: &[Cert],
    now: SystemTime,
) -> Result<Message<'a>> {
    if signers.is_empty() {
        return Ok(message);
    }
    let typ = match mode {
        LiteralMode::Binary => SignatureType::Binary,
        LiteralMode::Text => SignatureType::Text,
    };
    let mut signer = signer(message, signers, typ, hash)?.creation_time(now);
    for cert in certs {
        signer = signer.add_intended_recipient(cert);
    }
    signer.build().map_err(|e| pgp_error(&e, Ctx::Key))
}

/// Writes the plaintext as a literal data packet and closes the stack.
fn write_literal(message: Message<'_>, req: &EncryptRequest, now: SystemTime) -> Result<()> {
    let mut literal = LiteralWriter::new(message)
        .format(data_format(req.mode))
        .date(now)
        .map_err(|e| pgp_error(&e, Ctx::Data))?;
    if let Some(name) = &req.filename {
        literal = literal.filename(name).map_err(|_| {
            Error::InvalidArgument("The file name must be at most 255 bytes long.".into())
        })?;
    }
    let mut w = literal.build().map_err(internal)?;
    // In pieces: sequoia's writers make a scratch buffer as large as each
    // write, so one write of the whole plaintext would cost its size again.
    for piece in req.plaintext.chunks(CHUNK) {
        w.write_all(piece)
            .map_err(|e| Error::Internal(e.to_string()))?;
    }
    w.finalize().map_err(internal)
}

/// How much plaintext goes down the writer stack at a time.
const CHUNK: usize = 64 * 1024;

/// About how large a message of `plaintext` bytes will be: the packets'
/// overhead, and base64 (4 bytes per 3, plus a line break per 64) when armored.
fn expected_size(plaintext: usize, armored: bool) -> usize {
    let binary = plaintext.saturating_add(4096);
    if armored {
        binary / 3 * 4 + binary / 48 + 1024
    } else {
        binary
    }
}

fn data_format(mode: LiteralMode) -> DataFormat {
    match mode {
        LiteralMode::Binary => DataFormat::Binary,
        LiteralMode::Text => DataFormat::Unicode,
    }
}

fn supports_v2(cert: &Cert, p: &dyn openpgp::policy::Policy, now: SystemTime) -> bool {
    cert.with_policy(p, now)
        .ok()
        .and_then(|vc| vc.features())
        .is_some_and(|f| f.supports_seipdv2())
}

fn choose_seipd(
    profile: MessageProfile,
    certs: &[Cert],
    p: &dyn openpgp::policy::Policy,
    now: SystemTime,
) -> Result<Seipd> {
    match profile {
        MessageProfile::Auto => Ok(
            if !certs.is_empty() && certs.iter().all(|c| supports_v2(c, p, now)) {
                Seipd::V2
            } else {
                Seipd::V1
            },
        ),
        MessageProfile::Rfc4880 => match certs.iter().find(|c| c.primary_key().key().version() > 4)
        {
            Some(c) => Err(Error::UnsupportedProfile(format!(
                "{} is a version 6 key, which RFC 4880 messages cannot address",
                named(c)
            ))),
            None => Ok(Seipd::V1),
        },
        MessageProfile::Rfc9580 => match certs.iter().find(|c| !supports_v2(c, p, now)) {
            Some(c) => Err(Error::UnsupportedProfile(format!(
                "{} does not advertise RFC 9580 (SEIPDv2) support",
                named(c)
            ))),
            None => Ok(Seipd::V2),
        },
    }
}

/// A recipient's encryption key.
type RecipientKey = Key<PublicParts, UnspecifiedRole>;

/// Every valid encryption key (transport or storage) of every certificate:
/// those sequoia can encrypt to, and ElGamal ones (which Sealpost wraps
/// itself, in SEIPDv1 messages only).
fn recipients<'a>(
    certs: &'a [Cert],
    p: &'a dyn openpgp::policy::Policy,
    now: SystemTime,
    seipd: Seipd,
) -> Result<Vec<&'a RecipientKey>> {
    let mut out = Vec::new();
    for cert in certs {
        let vc = cert
            .with_policy(p, now)
            .map_err(|e| pgp_error(&e, Ctx::Key))?;
        let before = out.len();
        for ka in vc
            .keys()
            .alive()
            .revoked(false)
            .filter(|ka| ka.for_transport_encryption() || ka.for_storage_encryption())
        {
            let algo = ka.key().pk_algo();
            if is_elgamal(algo) && seipd == Seipd::V2 {
                return Err(Error::UnsupportedProfile(format!(
                    "{} has an ElGamal key, which RFC 9580 messages cannot address",
                    named(cert)
                )));
            }
            if algo.is_supported() || is_elgamal(algo) {
                out.push(ka.key());
            }
        }
        if out.len() == before {
            let with_flag = vc
                .keys()
                .filter(|ka| ka.for_transport_encryption() || ka.for_storage_encryption());
            return Err(for_recipient(no_key_reason(
                &named(cert),
                with_flag,
                "encrypt",
            )));
        }
    }
    Ok(out)
}
