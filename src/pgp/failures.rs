//! Why no key, password or session key opened a message: what each try
//! found, gathered as the search goes, and the one error that says it
//! best.

use sequoia_openpgp as openpgp;

use openpgp::Cert;
use openpgp::packet::PKESK;

use crate::Error;

/// What the tries found that did not open the message.
#[derive(Clone, Default)]
pub(super) struct Failures {
    /// A key that could open it is protected and no passphrase was given.
    pub(super) locked: Option<Error>,
    /// A passphrase was given and does not unlock the key.
    pub(super) bad_passphrase: bool,
    /// A key could not be unlocked for another reason (a GnuPG stub).
    pub(super) other: Option<Error>,
    /// The message is for a key of which only the public part was given.
    pub(super) public_only: Option<Error>,
    /// A session key for Blowfish did not open the data.  sequoia's
    /// pure-Rust Blowfish pads the 128-bit key to 448 bits with zeros,
    /// which is not Blowfish as GnuPG (and RFC 4880) has it, so such
    /// messages never open: say so instead of "wrong key".
    pub(super) blowfish: bool,
    /// The message is for a key of an algorithm Sealpost cannot use, or
    /// names cipher 0 ("unencrypted").
    pub(super) unusable: Option<Error>,
    /// A checked session key did not open the data: it was changed.
    pub(super) rejected: bool,
    /// Some packets were not tried: the message asks too much.
    pub(super) too_costly: Option<String>,
    /// Only session keys were given, and none opened the data.
    pub(super) session_key_failed: bool,
}

impl Failures {
    pub(super) fn unlock_failed(&mut self, e: Error) {
        match e {
            Error::KeyLocked(d) => {
                self.locked.get_or_insert(Error::KeyLocked(d));
            }
            Error::BadPassphrase => self.bad_passphrase = true,
            e => {
                self.other.get_or_insert(e);
            }
        }
    }

    /// Notes that the message is for a key of `cert` that has no secret.
    pub(super) fn note_public_only(&mut self, pkesk: &PKESK, cert: &Cert) {
        if self.public_only.is_some() {
            return;
        }
        if let Some(r) = pkesk.recipient()
            && let Some(ka) = cert.keys().key_handle(r).next()
            && !ka.key().has_secret()
        {
            self.public_only = Some(Error::SecretKeyMissing(format!(
                "the message is for key {}, but only its public part was given",
                ka.key().keyid().to_hex()
            )));
        }
    }

    /// The one error that says best why nothing opened the message;
    /// `wanted_password`: a password could have opened it.
    pub(super) fn into_error(self, wanted_password: bool) -> Error {
        if self.blowfish {
            Error::UnsupportedAlgorithm(
                "Blowfish; this build cannot read Blowfish-encrypted messages".into(),
            )
        } else if let Some(e) = self.unusable {
            e
        } else if self.rejected {
            Error::ManipulatedMessage
        } else if let Some(why) = self.too_costly {
            Error::UnsupportedAlgorithm(why)
        } else if self.bad_passphrase {
            Error::BadPassphrase
        } else if let Some(e) = self.locked.or(self.other).or(self.public_only) {
            e
        } else if self.session_key_failed {
            Error::WrongSessionKey
        } else if wanted_password {
            Error::WrongPassword
        } else {
            Error::WrongKey
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_names_the_most_telling_failure() {
        let all = Failures {
            locked: Some(Error::KeyLocked("key A".into())),
            bad_passphrase: true,
            other: Some(Error::SecretKeyMissing("stub".into())),
            public_only: Some(Error::SecretKeyMissing("public".into())),
            blowfish: true,
            unusable: Some(Error::UnsupportedAlgorithm("X448".into())),
            rejected: true,
            too_costly: Some("too many".into()),
            session_key_failed: true,
        };
        let mut f = all;
        let mut seen = Vec::new();
        loop {
            let e = f.clone().into_error(false);
            seen.push(e.code());
            if !drop_first(&mut f) {
                break;
            }
        }
        assert_eq!(
            seen,
            [
                "unsupported-algorithm", // Blowfish
                "unsupported-algorithm", // an algorithm or cipher 0
                "manipulated-message",
                "unsupported-algorithm", // too costly
                "bad-passphrase",
                "key-locked",
                "secret-key-missing", // a stub
                "secret-key-missing", // only the public part
                "wrong-session-key",
                "wrong-key",
            ]
        );
        assert_eq!(Failures::default().into_error(true), Error::WrongPassword);
    }

    /// Clears the failure that currently decides the error; false when
    /// none is left.
    fn drop_first(f: &mut Failures) -> bool {
        if f.blowfish {
            f.blowfish = false;
        } else if f.unusable.take().is_some() {
        } else if f.rejected {
            f.rejected = false;
        } else if f.too_costly.take().is_some() {
        } else if f.bad_passphrase {
            f.bad_passphrase = false;
        } else if f.locked.take().is_some()
            || f.other.take().is_some()
            || f.public_only.take().is_some()
        {
        } else if f.session_key_failed {
            f.session_key_failed = false;
        } else {
            return false;
        }
        true
    }
}
