//! What the mail readers share: their limits, their warnings, and the
//! requests and results of [`read_bounce`](super::read_bounce).

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

/// The largest message any mail function accepts: 64 MiB.
pub const MAX_MESSAGE_BYTES: usize = 64 << 20;

/// How much of a bounce [`read_bounce`](super::read_bounce) reads: the first 2 MiB. The
/// report comes first; the rest is the returned message.
pub const MAX_BOUNCE_READ_BYTES: usize = 2 << 20;

/// The largest header block [`read_headers`](super::read_headers) reads: 1 MiB, after fields
/// longer than [`MAX_HEADER_FIELD_BYTES`] are left out.
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// How far [`read_headers`](super::read_headers) looks for the end of the header block: the
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

/// What [`read_bounce`](super::read_bounce) reads.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BounceRequest {
    /// The whole message as received (`.eml`), any line endings.
    pub message: ByteBuf,
}

/// The customer's question about a failed recipient: what kind of
/// problem is it, and whose move is it?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Refused because of the sending server or domain (blocklists,
    /// reputation, spam policy, missing PTR, SPF/DKIM/DMARC, rate limits):
    /// forward it to support.
    Blocked,
    /// The address, its account or its domain does not exist or is disabled.
    NoSuchAddress,
    /// The mailbox (or the receiving server's storage) is full.
    MailboxFull,
    /// The message is larger than the receiver takes.
    TooLarge,
    /// A delay notice: not a failure yet, the server is still trying.
    Delayed,
    /// The sending server gave up after retrying, with no clearer cause.
    Expired,
    /// The receiver refused the message's content (a virus, bad headers).
    Content,
    /// Anything else: the receiving system's own faults, unclear reports.
    Other,
}

/// What kind of message a non-bounce is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A report that delivery failed for at least one recipient.
    Failure,
    /// A report that delivery is delayed and still being tried.
    Delay,
    /// An automatic reply (out of office, vacation; RFC 3834).
    AutoReply,
    /// A complaint or feedback-loop report (ARF, RFC 5965).
    Feedback,
    /// A delivery receipt: the message arrived.
    Delivered,
    /// An ordinary message.
    Message,
}

/// One recipient that did not get the message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedRecipient {
    /// The address, lower-case.
    pub address: String,
    /// The customer's question ([`Category`]).
    pub category: Category,
    /// The finer reason, by Sisimai's names (`userunknown`, `blocked`, …).
    pub reason: String,
    /// The enhanced status code (`5.7.1`): the remote server's own when the
    /// report's is a generic `x.0.0`.
    pub status: Option<String>,
    /// The SMTP reply code (`550`).
    pub reply_code: Option<u16>,
    /// The server that refused, when the report names it.
    pub remote_host: Option<String>,
    /// The remote server's own words, unwrapped (at most 1000 characters).
    pub diagnostic: Option<String>,
    /// One sentence of what to do.
    pub action: String,
}

/// What [`read_bounce`](super::read_bounce) found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bounce {
    /// Whether the message reports a failed or delayed delivery.
    pub bounce: bool,
    /// What kind of message it is.
    pub kind: Kind,
    /// The failed or delayed recipients (empty when `bounce` is false).
    pub recipients: Vec<FailedRecipient>,
    /// The original message, as far as the bounce includes it.
    pub original: Option<OriginalMessage>,
    /// The server that wrote the report, when it says.
    pub reporting_mta: Option<String>,
    /// What was cut or could not be read.
    pub warnings: Vec<Warning>,
}
