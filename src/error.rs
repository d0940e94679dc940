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

/// Declares [`Error`] from one table: each row is a variant (its doc, and
/// `(d)` when it carries a detail), its code, and its sentence (a format
/// string and its arguments, with the detail in scope as `d`). The enum,
/// [`Error::code`], [`Error::CODES`] and `Display` are all generated from
/// the rows, so a new error is written once. DESIGN.md says why a macro of
/// our own rather than `thiserror` and `strum`.
macro_rules! errors {
    ($(
        $(#[$doc:meta])*
        $variant:ident $(($d:ident))? = $code:literal, $fmt:literal $(, $arg:expr)* ;
    )*) => {
        /// Everything that can go wrong, named for what the caller can do about it.
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Error {
            $( $(#[$doc])* $variant $((errors!(@detail $d)))?, )*
        }

        impl Error {
            /// The stable kebab-case code of this error, for programs to branch on.
            pub fn code(&self) -> &'static str {
                match self {
                    $( Error::$variant $((errors!(@ignore $d)))? => $code, )*
                }
            }

            /// Every code, in declaration order (for documentation and tests).
            pub const CODES: &'static [&'static str] = &[$($code),*];
        }

        impl fmt::Display for Error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $( Error::$variant $(($d))? => write!(f, $fmt $(, $arg)*), )*
                }
            }
        }
    };
    (@detail $d:ident) => { String };
    (@ignore $d:ident) => { _ };
}

errors! {
    /// An input is larger than Sealpost accepts (detail: what and the limit).
    InputTooLarge(d) = "input-too-large", "The input is too large: {}.", clause(d);
    /// An argument is missing or out of range (detail: which and why).
    InvalidArgument(d) = "invalid-argument", "{d}";
    /// A bug: something that should be impossible happened.
    Internal(d) = "internal", "Something went wrong inside Sealpost (a bug): {}.", clause(d);

    // --- OpenPGP -------------------------------------------------------
    /// The input is not an OpenPGP message, key or signature at all.
    NotOpenPgp(d) = "not-openpgp", "This is not an OpenPGP message or key: {}.", clause(d);
    /// The input looks like OpenPGP but is damaged or truncated.
    MalformedData(d) = "malformed-data",
        "The OpenPGP data is damaged or incomplete: {}.", clause(d);
    /// A key or certificate could not be read.
    MalformedKey(d) = "malformed-key", "The key could not be read: {}.", clause(d);
    /// No key or certificate was found where one was needed.
    NoKeys = "no-keys", "No OpenPGP key was found in the input.";
    /// Neither a recipient key nor a password was given to encrypt to.
    NoRecipients = "no-recipients",
        "Nothing was encrypted: add at least one recipient key or a password.";
    /// A recipient's certificate has no key that may encrypt now.
    NoEncryptionKey(d) = "no-encryption-key", "Nothing was encrypted: {}.", clause(d);
    /// A key (or every relevant subkey) has expired.
    KeyExpired(d) = "key-expired", "The key has expired: {}.", clause(d);
    /// A key has been revoked by its owner.
    KeyRevoked(d) = "key-revoked", "The key has been revoked by its owner: {}.", clause(d);
    /// A key has no subkey that may sign now.
    NoSigningKey(d) = "no-signing-key", "The key cannot sign: {}.", clause(d);
    /// An operation needs the secret key, but only the public certificate was given.
    SecretKeyMissing(d) = "secret-key-missing",
        "This needs your secret key, but only a public key was given: {}.", clause(d);
    /// The secret key is protected and no passphrase was given.
    KeyLocked(d) = "key-locked",
        "The secret key is protected by a passphrase; enter it to continue: {}.", clause(d);
    /// The passphrase does not unlock the secret key.
    BadPassphrase = "bad-passphrase", "The passphrase does not unlock the secret key.";
    /// None of the given keys can open this message.
    WrongKey = "wrong-key",
        "None of the given keys can open this message; it was encrypted to someone else.";
    /// None of the given passwords can open this message.
    WrongPassword = "wrong-password", "The password does not open this message.";
    /// None of the given session keys opens this message.
    WrongSessionKey = "wrong-session-key", "The session key given does not open this message.";
    /// The message has been changed since it was encrypted (integrity check failed).
    ManipulatedMessage = "manipulated-message",
        "The message has been changed since it was sealed, so nothing of it is shown.";
    /// The message has no integrity protection (no MDC), so it is refused.
    MissingIntegrityProtection = "missing-integrity-protection",
        "The message has no integrity protection and could have been changed, so it is refused.";
    /// An algorithm is not supported or not allowed by policy.
    UnsupportedAlgorithm(d) = "unsupported-algorithm",
        "An algorithm is not supported: {}.", clause(d);
    /// A signature check found no good signature.
    NoValidSignature(d) = "no-valid-signature", "No good signature was found: {}.", clause(d);
    /// A recipient does not support a requested profile (e.g. RFC 9580).
    UnsupportedProfile(d) = "unsupported-profile",
        "The requested format cannot be used: {}.", clause(d);

    // --- Maintenance windows ---------------------------------------------
    /// No date was found in the announcement.
    NoDate(d) = "no-date", "No date was found in the announcement: {}.", clause(d);
    /// No time of day was found in the announcement.
    NoTime(d) = "no-time", "No time of day was found in the announcement: {}.", clause(d);
    /// The announcement gives a start but neither an end nor a length.
    NoEndTime(d) = "no-end-time",
        "The announcement says when the window starts but not when it ends: {}.", clause(d);
    /// A zone name, abbreviation or offset is not known.
    UnknownTimeZone(d) = "unknown-time-zone", "The time zone is not known: {}.", clause(d);
    /// The date cannot be pinned down (e.g. weekday and date disagree).
    AmbiguousDate(d) = "ambiguous-date", "The date is not clear: {}.", clause(d);
    /// The window ends before it starts.
    EndBeforeStart(d) = "end-before-start", "The window ends before it starts: {}.", clause(d);
    /// The window is longer than a maintenance window can sensibly be.
    WindowTooLong(d) = "window-too-long",
        "The window is too long to be maintenance: {}.", clause(d);
    /// A date or time is not valid (31 February, 25:00).
    InvalidDateTime(d) = "invalid-date-time", "The date or time does not exist: {}.", clause(d);
    /// The window starts before 1970, where the bundled time zone data starts.
    DateOutOfRange(d) = "date-out-of-range",
        "The date is outside what Sealpost can show: {}.", clause(d);
    /// A shared link could not be read back.
    InvalidLink(d) = "invalid-link", "The link could not be read: {}.", clause(d);

    // --- Mail --------------------------------------------------------------
    /// The input is not an email message or header block (detail: why).
    NotAMessage(d) = "not-a-message",
        "This is not an email message; paste the whole message or its headers: {}.", clause(d);
    /// The message is not PGP/MIME where PGP/MIME was asked for (detail: what it is).
    NotPgpMime(d) = "not-pgp-mime",
        "This message is not encrypted or signed with PGP/MIME: {}.", clause(d);
    /// The message's MIME structure is damaged or too deep to read (detail: where).
    MalformedMime(d) = "malformed-mime",
        "The message's structure is damaged, so it cannot be opened: {}.", clause(d);
}

impl std::error::Error for Error {}

/// At most 40 characters of something the caller wrote, for a message;
/// `…` marks a cut.
#[cfg(any(feature = "window", target_arch = "wasm32"))]
pub(crate) fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('\u{2026}');
    }
    out
}

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
