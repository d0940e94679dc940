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

mod api;
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

pub use self::api::{
    Bounce, BounceRequest, Category, FailedRecipient, Kind, MAX_BOUNCE_READ_BYTES,
    MAX_HEADER_BYTES, MAX_HEADER_FIELD_BYTES, MAX_HEADER_SCAN_BYTES, MAX_HOPS, MAX_MESSAGE_BYTES,
    MAX_PARTS, MAX_RECIPIENTS, OriginalMessage, Warning,
};
pub use self::authres::{AuthResult, parse_authentication_results};
pub use self::bounce::read_bounce;
pub use self::headers::{AuthVerdict, Headers, HeadersRequest, Summary, read_headers};
pub use self::hops::{Encryption, Hop};
pub use self::mime::{
    Attachment, EncryptedPart, MimeContent, MimeRequest, SignedParts, encrypted_part, open_mime,
    signed_parts,
};
#[cfg(feature = "pgp")]
pub use self::signed::{SignedMessage, VerifySignedRequest, verify_signed};
