//! The one error type of Sealpost.
//!
//! Every failure that user input can cause is a variant of [`Error`]. Each
//! variant has a stable kebab-case [`code`](Error::code) that front ends
//! branch on (the page, the npm API and the CLIs), and a [`Display`]
//! message: one sentence a non-expert can act on. The codes are part of the
//! public interface; never rename one.
//!
//! Variants carry a `String` detail where there is something specific to
//! say (a fingerprint, the word that was not understood). The detail is
//! never secret material: no passphrase, key or plaintext goes into an
//! error.

use std::fmt;

/// A `Result` whose error is Sealpost's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, named for what the caller can do about it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An input is larger than Sealpost accepts (detail: what and the limit).
    InputTooLarge(String),
    /// An argument is missing or out of range (detail: which and why).
    InvalidArgument(String),
    /// A bug: something that should be impossible happened.
    Internal(String),

    // --- OpenPGP -------------------------------------------------------
    /// The input is not an OpenPGP message, key or signature at all.
    NotOpenPgp(String),
    /// The input looks like OpenPGP but is damaged or truncated.
    MalformedData(String),
    /// A key or certificate could not be read.
    MalformedKey(String),
    /// No key or certificate was found where one was needed.
    NoKeys,
    /// Neither a recipient key nor a password was given to encrypt to.
    NoRecipients,
    /// A recipient's certificate has no key that may encrypt now.
    NoEncryptionKey(String),
    /// A key (or every relevant subkey) has expired.
    KeyExpired(String),
    /// A key has been revoked by its owner.
    KeyRevoked(String),
    /// A key has no subkey that may sign now.
    NoSigningKey(String),
    /// An operation needs the secret key, but only the public certificate was given.
    SecretKeyMissing(String),
    /// The secret key is protected and no passphrase was given.
    KeyLocked(String),
    /// The passphrase does not unlock the secret key.
    BadPassphrase,
    /// None of the given keys can open this message.
    WrongKey,
    /// None of the given passwords can open this message.
    WrongPassword,
    /// The message has been changed since it was encrypted (integrity check failed).
    ManipulatedMessage,
    /// The message has no integrity protection (no MDC), so it is refused.
    MissingIntegrityProtection,
    /// An algorithm is not supported or not allowed by policy.
    UnsupportedAlgorithm(String),
    /// A signature check found no good signature.
    NoValidSignature(String),
    /// A recipient does not support a requested profile (e.g. RFC 9580).
    UnsupportedProfile(String),

    // --- Maintenance windows ---------------------------------------------
    /// No date was found in the announcement.
    NoDate(String),
    /// No time of day was found in the announcement.
    NoTime(String),
    /// The announcement gives a start but neither an end nor a length.
    NoEndTime(String),
    /// A zone name, abbreviation or offset is not known.
    UnknownTimeZone(String),
    /// The date cannot be pinned down (e.g. weekday and date disagree).
    AmbiguousDate(String),
    /// The window ends before it starts.
    EndBeforeStart(String),
    /// The window is longer than a maintenance window can sensibly be.
    WindowTooLong(String),
    /// A date or time is not valid (31 February, 25:00).
    InvalidDateTime(String),
    /// A shared link could not be read back.
    InvalidLink(String),

    // --- Mail --------------------------------------------------------------
    /// The input is not an email message or header block (detail: why).
    NotAMessage(String),
    /// The message is not PGP/MIME where PGP/MIME was asked for (detail: what it is).
    NotPgpMime(String),
    /// The message's MIME structure is damaged or too deep to read (detail: where).
    MalformedMime(String),
}

impl Error {
    /// The stable kebab-case code of this error, for programs to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InputTooLarge(_) => "input-too-large",
            Error::InvalidArgument(_) => "invalid-argument",
            Error::Internal(_) => "internal",
            Error::NotOpenPgp(_) => "not-openpgp",
            Error::MalformedData(_) => "malformed-data",
            Error::MalformedKey(_) => "malformed-key",
            Error::NoKeys => "no-keys",
            Error::NoRecipients => "no-recipients",
            Error::NoEncryptionKey(_) => "no-encryption-key",
            Error::KeyExpired(_) => "key-expired",
            Error::KeyRevoked(_) => "key-revoked",
            Error::NoSigningKey(_) => "no-signing-key",
            Error::SecretKeyMissing(_) => "secret-key-missing",
            Error::KeyLocked(_) => "key-locked",
            Error::BadPassphrase => "bad-passphrase",
            Error::WrongKey => "wrong-key",
            Error::WrongPassword => "wrong-password",
            Error::ManipulatedMessage => "manipulated-message",
            Error::MissingIntegrityProtection => "missing-integrity-protection",
            Error::UnsupportedAlgorithm(_) => "unsupported-algorithm",
            Error::NoValidSignature(_) => "no-valid-signature",
            Error::UnsupportedProfile(_) => "unsupported-profile",
            Error::NoDate(_) => "no-date",
            Error::NoTime(_) => "no-time",
            Error::NoEndTime(_) => "no-end-time",
            Error::UnknownTimeZone(_) => "unknown-time-zone",
            Error::AmbiguousDate(_) => "ambiguous-date",
            Error::EndBeforeStart(_) => "end-before-start",
            Error::WindowTooLong(_) => "window-too-long",
            Error::InvalidDateTime(_) => "invalid-date-time",
            Error::InvalidLink(_) => "invalid-link",
            Error::NotAMessage(_) => "not-a-message",
            Error::NotPgpMime(_) => "not-pgp-mime",
            Error::MalformedMime(_) => "malformed-mime",
        }
    }

    /// Every code, in declaration order (for documentation and tests).
    pub const CODES: &'static [&'static str] = &[
        "input-too-large",
        "invalid-argument",
        "internal",
        "not-openpgp",
        "malformed-data",
        "malformed-key",
        "no-keys",
        "no-recipients",
        "no-encryption-key",
        "key-expired",
        "key-revoked",
        "no-signing-key",
        "secret-key-missing",
        "key-locked",
        "bad-passphrase",
        "wrong-key",
        "wrong-password",
        "manipulated-message",
        "missing-integrity-protection",
        "unsupported-algorithm",
        "no-valid-signature",
        "unsupported-profile",
        "no-date",
        "no-time",
        "no-end-time",
        "unknown-time-zone",
        "ambiguous-date",
        "end-before-start",
        "window-too-long",
        "invalid-date-time",
        "invalid-link",
        "not-a-message",
        "not-pgp-mime",
        "malformed-mime",
    ];
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InputTooLarge(d) => write!(f, "The input is too large: {}.", clause(d)),
            Error::InvalidArgument(d) => write!(f, "{d}"),
            Error::Internal(d) => write!(
                f,
                "Something went wrong inside Sealpost (a bug): {}.",
                clause(d)
            ),
            Error::NotOpenPgp(d) => {
                write!(f, "This is not an OpenPGP message or key: {}.", clause(d))
            }
            Error::MalformedData(d) => write!(
                f,
                "The OpenPGP data is damaged or incomplete: {}.",
                clause(d)
            ),
            Error::MalformedKey(d) => write!(f, "The key could not be read: {}.", clause(d)),
            Error::NoKeys => write!(f, "No OpenPGP key was found in the input."),
            Error::NoRecipients => write!(
                f,
                "Nothing was encrypted: add at least one recipient key or a password."
            ),
            Error::NoEncryptionKey(d) => write!(f, "Nothing was encrypted: {}.", clause(d)),
            Error::KeyExpired(d) => write!(f, "The key has expired: {}.", clause(d)),
            Error::KeyRevoked(d) => {
                write!(f, "The key has been revoked by its owner: {}.", clause(d))
            }
            Error::NoSigningKey(d) => write!(f, "The key cannot sign: {}.", clause(d)),
            Error::SecretKeyMissing(d) => write!(
                f,
                "This needs your secret key, but only a public key was given: {}.",
                clause(d)
            ),
            Error::KeyLocked(d) => write!(
                f,
                "The secret key is protected by a passphrase; enter it to continue: {}.",
                clause(d)
            ),
            Error::BadPassphrase => write!(f, "The passphrase does not unlock the secret key."),
            Error::WrongKey => write!(
                f,
                "None of the given keys can open this message; it was encrypted to someone else."
            ),
            Error::WrongPassword => write!(f, "The password does not open this message."),
            Error::ManipulatedMessage => write!(
                f,
                "The message has been changed since it was sealed, so nothing of it is shown."
            ),
            Error::MissingIntegrityProtection => write!(
                f,
                "The message has no integrity protection and could have been changed, so it is refused."
            ),
            Error::UnsupportedAlgorithm(d) => {
                write!(f, "An algorithm is not supported: {}.", clause(d))
            }
            Error::NoValidSignature(d) => write!(f, "No good signature was found: {}.", clause(d)),
            Error::UnsupportedProfile(d) => {
                write!(f, "The requested format cannot be used: {}.", clause(d))
            }
            Error::NoDate(d) => write!(f, "No date was found in the announcement: {}.", clause(d)),
            Error::NoTime(d) => write!(
                f,
                "No time of day was found in the announcement: {}.",
                clause(d)
            ),
            Error::NoEndTime(d) => write!(
                f,
                "The announcement says when the window starts but not when it ends: {}.",
                clause(d)
            ),
            Error::UnknownTimeZone(d) => write!(f, "The time zone is not known: {}.", clause(d)),
            Error::AmbiguousDate(d) => write!(f, "The date is not clear: {}.", clause(d)),
            Error::EndBeforeStart(d) => {
                write!(f, "The window ends before it starts: {}.", clause(d))
            }
            Error::WindowTooLong(d) => write!(
                f,
                "The window is too long to be maintenance: {}.",
                clause(d)
            ),
            Error::InvalidDateTime(d) => {
                write!(f, "The date or time does not exist: {}.", clause(d))
            }
            Error::InvalidLink(d) => write!(f, "The link could not be read: {}.", clause(d)),
            Error::NotAMessage(d) => write!(
                f,
                "This is not an email message; paste the whole message or its headers: {}.",
                clause(d)
            ),
            Error::NotPgpMime(d) => write!(
                f,
                "This message is not encrypted or signed with PGP/MIME: {}.",
                clause(d)
            ),
            Error::MalformedMime(d) => write!(
                f,
                "The message's structure is damaged, so it cannot be opened: {}.",
                clause(d)
            ),
        }
    }
}

impl std::error::Error for Error {}

/// A detail as a clause inside our sentence: without the full stop that
/// some of sequoia's and jiff's messages already end with.
fn clause(detail: &str) -> &str {
    detail.trim_end().trim_end_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Error::CODES {
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{code}"
            );
            assert!(seen.insert(code), "duplicate code {code}");
        }
    }

    // See: "The key could not be read: Invalid ASCII Armor footer.." — a
    // detail that ends with a full stop must not end the sentence twice.
    #[test]
    fn detail_with_a_full_stop_ends_the_sentence_once() {
        let e = Error::MalformedKey("Invalid ASCII Armor footer.".into());
        assert_eq!(
            e.to_string(),
            "The key could not be read: Invalid ASCII Armor footer."
        );
    }

    #[test]
    fn code_of_a_variant_is_listed() {
        for e in [
            Error::BadPassphrase,
            Error::ManipulatedMessage,
            Error::UnknownTimeZone("Mars/Olympus".into()),
        ] {
            assert!(Error::CODES.contains(&e.code()));
            assert!(e.to_string().ends_with('.'));
        }
    }
}
