//! Understanding a message: why a mail bounced, how a mail travelled,
//! and what a PGP/MIME message holds (feature `mail`).
//!
//! - [`read_bounce`] reads a bounce (an RFC 3464 delivery status
//!   notification, or the free-form report of Postfix, Exim, Sendmail,
//!   qmail, Exchange, Gmail, …): each failed or delayed recipient with a
//!   [`Category`] for the customer ("blocked: forward this to support"),
//!   a finer reason, the codes, the remote server's words and one
//!   sentence of what to do. Auto-replies and ordinary mail are
//!   `bounce: false`.
//! - [`read_headers`] reads the header block of a received message: the
//!   hops in the order the message travelled, with TLS and delay, the
//!   receiver's `Authentication-Results` (SPF, DKIM, DMARC, ARC) and a
//!   summary in words.
//! - [`open_mime`], [`encrypted_part`] and [`signed_parts`] take PGP/MIME
//!   (RFC 3156) apart; with the `pgp` feature, [`verify_signed`] checks a
//!   `multipart/signed` message.
//!
//! MIME is parsed by `mail-parser`; everything Sealpost concludes from it
//! is its own code. Every reader takes bytes with any line endings (LF,
//! CRLF or bare CR), never panics on input, and is bounded by the limits
//! below: larger input is refused with [`Error::InputTooLarge`], or read
//! in part with a [`Warning`] where the rest is not needed.
//!
//! [`Error::InputTooLarge`]: crate::Error::InputTooLarge

mod authres;
mod bounce;
mod dsn;
mod freeform;
mod headers;
mod hops;
mod input;
mod json;
mod kind;
mod mime;
mod notice;
mod reason;
#[cfg(feature = "pgp")]
mod signed;

mod text;

use serde::Serialize;

pub use self::authres::{AuthResult, parse_authentication_results};
pub use self::bounce::{Bounce, BounceRequest, Category, FailedRecipient, Kind, read_bounce};
pub use self::headers::{AuthVerdict, Headers, HeadersRequest, Summary, read_headers};
pub use self::hops::{Encryption, Hop};
pub use self::mime::{
    Attachment, EncryptedPart, MimeContent, MimeRequest, SignedParts, encrypted_part, open_mime,
    signed_parts,
};
#[cfg(feature = "pgp")]
pub use self::signed::{SignedMessage, VerifySignedRequest, verify_signed};

/// The largest message any mail function accepts: 64 MiB.
pub const MAX_MESSAGE_BYTES: usize = 64 << 20;

/// How much of a bounce [`read_bounce`] reads: the first 2 MiB. The
/// report comes first; the rest is the returned message.
pub const MAX_BOUNCE_READ_BYTES: usize = 2 << 20;

/// The largest header block [`read_headers`] reads: 1 MiB, after fields
/// longer than [`MAX_HEADER_FIELD_BYTES`] are left out.
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// How far [`read_headers`] looks for the end of the header block: the
/// first 4 MiB.
pub const MAX_HEADER_SCAN_BYTES: usize = 4 << 20;

/// The longest header field that is read (with its folded lines): 64 KiB.
/// Longer fields are left out with a warning.
pub const MAX_HEADER_FIELD_BYTES: usize = 64 << 10;

/// The most MIME parts that are looked at in one message.
pub const MAX_PARTS: usize = 1000;

/// The most recipients one bounce lists.
pub const MAX_RECIPIENTS: usize = 500;

/// The most `Received` hops one header block lists.
pub const MAX_HOPS: usize = 100;

/// Something that was cut, assumed or could not be read, with a stable
/// kebab-case code (`input-cut`, `field-too-long`, `bad-encoding`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// A stable kebab-case code.
    pub code: String,
    /// One sentence for people.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(code: &str, message: String) -> Warning {
        Warning {
            code: code.to_string(),
            message,
        }
    }
}

/// The message a bounce returns, as far as the bounce includes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OriginalMessage {
    /// Its subject.
    pub subject: Option<String>,
    /// Its (first) recipient, lower-case.
    pub recipient: Option<String>,
    /// Its date in UTC, RFC 3339.
    pub date: Option<String>,
}
