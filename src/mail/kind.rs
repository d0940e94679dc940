//! Is it a bounce at all, and what is a reason to the customer?
//!
//! A bounce is recognised by its form (a delivery-status report, an
//! `X-Failed-Recipients` field) or by who sent it and how it reads (the
//! mail system's own address, a subject and a body about failed
//! delivery). Auto-replies carry `Auto-Submitted: auto-replied` too, so
//! that field alone never makes a bounce, and an out-of-office reply is
//! never guessed into a failure category.

use super::api::{Category, Kind};
use super::dsn::Dsn;
use super::notice::Notice;
use super::text::{addresses, folded, has_any, reply_code, status_code};

/// Words of a bounce's subject.
const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliver",
    "undelivered",
    "delivery status notification",
    "delivery failure",
    "delivery failed",
    "delivery has failed",
    "failed delivery",
    "failure notice",
    "returned mail",
    "returned to sender",
    "mail delivery failed",
    "mail delivery system",
    "non-delivery",
    "nondelivery",
    "non delivery",
    "not delivered",
    "could not be delivered",
    "delivery notification",
    "delivery problem",
    "delivery report",
    "delivery error",
    "mail system error",
    "nondeliverable",
    "rejected",
    "bounce",
    "delayed mail",
    "warning: could not send",
    "mail could not",
    "error sending",
    "message not delivered",
    "notification: error",
    "errors from",
    "エラー",
    "not member",
    "loop alert",
    "mail failure",
];

/// Words of a bounce's body.
const BOUNCE_PHRASES: &[&str] = &[
    "could not be delivered",
    "couldn't be delivered",
    "was not delivered",
    "wasn't delivered",
    "has not been delivered",
    "not be delivered",
    "delivery has failed",
    "delivery failed",
    "delivery to the following",
    "permanent error",
    "permanent failure",
    "fatal error",
    "undeliverable",
    "failed to deliver",
    "unable to deliver",
    "error delivering",
    "could not deliver",
    "did not reach",
    "returned to you",
    "returning your message",
    "following address",
    "following recipient",
    "delivery problems",
    "delivery attempts",
    "temporary failure",
    "has been delayed",
    "still trying",
    "will be retried",
    "does not like recipient",
    "rejected your message",
    "was rejected",
    "message was blocked",
    "error message below",
    "invalid user",
    "no valid recipient",
    "requested action not taken",
    "user unknown",
    "no such user",
    "mailbox unavailable",
    "could not be reached",
    "delivery error",
    "transcript of session",
];

/// Subjects of automatic replies.
const AUTO_SUBJECTS: &[&str] = &[
    "out of office",
    "out of the office",
    "automatic reply",
    "auto reply",
    "auto-reply",
    "autoreply",
    "auto:",
    "auto response",
    "auto-response",
    "autoresponse",
    "vacation",
    "away from",
    "on leave",
    "on holiday",
    "absence",
    "abwesen",
    "réponse automatique",
    "respuesta automática",
];

/// Phrases that mark a delay notice rather than a failure.
const DELAY_PHRASES: &[&str] = &[
    "warning message only",
    "do not need to resend",
    "don't need to resend",
    "will be retried",
    "will retry",
    "will keep trying",
    "will continue trying",
    "will continue to try",
    "still trying",
    "still being retried",
    "has not yet been delivered",
    "not yet been delivered",
    "no action is required",
    "has been delayed",
    "delivery is delayed",
    "delivery delayed",
    "delivery has been delayed",
];

/// What kind of message `n` is.
pub(crate) fn of(n: &Notice, dsn: Option<&Dsn>) -> Kind {
    if n.feedback || n.report_type.as_deref() == Some("feedback-report") {
        return Kind::Feedback;
    }
    if let Some(d) = dsn {
        let done = |a: &str| matches!(a, "delivered" | "deliverable" | "relayed" | "expanded");
        let actions: Vec<&str> = d.recipients.iter().map(|r| r.action.as_str()).collect();
        if !actions.is_empty() && actions.iter().all(|a| done(a)) {
            return Kind::Delivered;
        }
        if actions.iter().any(|a| a.starts_with("fail")) {
            return Kind::Failure;
        }
        if actions.iter().any(|a| a.starts_with("delay")) {
            return Kind::Delay;
        }
    }
    let text = folded(&n.text);
    let bounce_subject = has_any(&n.subject, BOUNCE_SUBJECTS);
    let bounce_words = has_any(&text, BOUNCE_PHRASES);
    let failed = if is_delay_notice(n) {
        Kind::Delay
    } else {
        Kind::Failure
    };
    if n.report_type.as_deref() == Some("delivery-status") || !n.failed.is_empty() {
        return failed;
    }
    if is_system_sender(&n.from) && (bounce_subject || bounce_words) {
        return failed;
    }
    if is_auto_reply(n) {
        return Kind::AutoReply;
    }
    // Anyone else's message is a bounce only when it reads like one and
    // carries the mail system's evidence (an SMTP code); a person's reply
    // about a failed delivery is not.
    let reply = ["re:", "aw:", "sv:"]
        .iter()
        .any(|p| n.subject.starts_with(p));
    let evidence = status_code(&text).is_some()
        || reply_code(&text).is_some()
        || addresses(&n.text)
            .iter()
            .any(|(i, _)| i.checked_sub(1).and_then(|j| n.text.get(j..*i)) == Some("<"));
    if !reply && bounce_words && evidence && (bounce_subject || n.original.is_some()) {
        return failed;
    }
    Kind::Message
}

/// Whether the From field names the mail system rather than a person.
fn is_system_sender(from: &str) -> bool {
    has_any(
        from,
        &[
            "mailer-daemon",
            "mailer daemon",
            "mailer_daemon",
            "post_master",
            "-admin@",
            "<>",
            "mailerdaemon",
            "postmaster",
            "mail delivery",
            "mail-delivery",
            "maildelivery",
            "delivery subsystem",
            "mail administrator",
            "mail system",
            "mailsystem",
            "bounce",
            "nobody@",
            "returned mail",
            "ndr",
        ],
    )
}

/// Whether the message says it is an automatic reply.
fn is_auto_reply(n: &Notice) -> bool {
    let f = &n.auto_fields;
    has_any(
        f,
        &[
            "auto-submitted: auto-replied",
            "auto-submitted: auto-generated",
            "x-autoreply",
            "x-autorespond",
            "x-auto-response",
            "precedence: auto_reply",
        ],
    ) || AUTO_SUBJECTS
        .iter()
        .any(|s| n.subject.starts_with(s) || n.subject.contains(s))
}

/// Whether a bounce says it is only a warning: delivery is still tried.
pub(crate) fn is_delay_notice(n: &Notice) -> bool {
    let head = folded(&n.text);
    has_any(&head, DELAY_PHRASES)
        || has_any(
            &n.subject,
            &["delayed", "delay)", "(delay", "warning: could not send"],
        )
}

/// The customer's category of a reason.
pub(crate) fn category(reason: &str) -> Category {
    match reason {
        "blocked" | "rejected" | "authfailure" | "badreputation" | "policyviolation"
        | "requireptr" | "spamdetected" | "securityerror" | "ratelimited" | "norelaying"
        | "notcompliantrfc" => Category::Blocked,
        "userunknown" | "filtered" | "hostunknown" | "notaccept" | "suspend" | "hasmoved" => {
            Category::NoSuchAddress
        }
        "mailboxfull" | "systemfull" => Category::MailboxFull,
        "emailtoolarge" => Category::TooLarge,
        "expired" => Category::Expired,
        "contenterror" | "virusdetected" => Category::Content,
        _ => Category::Other,
    }
}

/// One sentence of what to do about a failed recipient.
pub(crate) fn action(category: Category, reason: &str) -> &'static str {
    match (category, reason) {
        (Category::Blocked, _) => {
            "Forward this bounce to support: the receiving server refused mail from our server; \
             support can send your mail to that domain another way."
        }
        (Category::NoSuchAddress, "hostunknown" | "notaccept") => {
            "Check the address: its domain does not exist or does not take mail."
        }
        (Category::NoSuchAddress, "suspend") => {
            "The address exists but its account is disabled: reach the person another way."
        }
        (Category::NoSuchAddress, "hasmoved") => {
            "The person has moved to another address: ask them for the new one."
        }
        (Category::NoSuchAddress, _) => "Check the address: it does not exist.",
        (Category::MailboxFull, _) => {
            "The mailbox is full: try again later or reach the person another way."
        }
        (Category::TooLarge, _) => {
            "The message is too large for the receiving server: send it again smaller, or share \
             large files by link."
        }
        (Category::Delayed, _) => {
            "Nothing to do yet: the server is still trying and will send another notice if it \
             gives up."
        }
        (Category::Expired, _) => {
            "Our server gave up after trying for days: check the address's domain, or try again \
             later."
        }
        (Category::Content, _) => {
            "The receiving server refused what the message contains: check its attachments, then \
             send it again."
        }
        (Category::Other, _) => {
            "Try again later; if it fails again, forward this bounce to support."
        }
    }
}
