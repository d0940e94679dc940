//! Why a recipient failed: Sealpost's own rules over the remote server's
//! words, its status code and the SMTP stage.
//!
//! The reasons carry Sisimai's names (`userunknown`, `mailboxfull`, …) so
//! that results can be compared with that project's; the rules are
//! Sealpost's. Each rule is a plain statement about how mail servers
//! phrase a kind of failure, checked against the lower-cased, unwrapped
//! text. The server's own reply is read first, then the notice's prose,
//! then the enhanced status code (RFC 3463), in that order, because a
//! server's words are more specific than its code, and codes such as
//! `5.7.1` or `5.0.0` stand for many causes.

use super::freeform::Stage;
use super::text::{has_any, reply_code, status_code};

/// The reasons, each with the phrases that mean it. Order matters: the
/// first reason with a matching phrase wins, so narrower reasons come
/// before broader ones (a full mailbox before an unavailable one).
#[rustfmt::skip]
const RULES: &[(&str, &[&str])] = &[
    ("userunknown", &[
        "not listed in", "recipient address rejected: access denied",
        "invalid final delivery userid", "no valid recipients",
        "and other recipients in the same domain",
    ]),
    ("suspend", &[
        "account is blocked", "account blocked", "temporary locked", "temporarily locked",
    ]),
    ("filtered", &[
        "message filtered",
    ]),
    ("spamdetected", &[
        "blacklisted url", "blacklisted link", "url in message", "spam classification",
    ]),
    ("filtered", &[
        "recipient preference",
    ]),
    ("hasmoved", &[
        "not our user", "not our customer", "user not local",
    ]),
    ("securityerror", &[
        "smtp authentication", "smtp auth",
    ]),
    ("rejected", &[
        "purported responsible address",
    ]),
    ("requireptr", &[
        "mismatches client ip", "ip name lookup failed", "missing reverse dns",
    ]),
    ("virusdetected", &[
        "virus", "malware", "infected", "trojan", "ransomware",
    ]),
    ("requireptr", &[
        "reverse dns", "reverse lookup", "reverse-lookup", "reverse hostname", "reverse mapping",
        "ptr record", "no ptr", "ptr lookup", "rdns", "cannot find your hostname",
        "cannot find your reverse", "client host name", "name lookup failed for",
        "forward confirmed", "fcrdns", "unverifyable sending ip", "unverifiable sending ip",
        "does not resolve to your ip", "hostname does not match", "no hostname for",
        "not resolve your address",
    ]),
    ("notcompliantrfc", &[
        "rfc 5322", "rfc5322", "rfc 2822", "rfc2822", "rfc 822", "duplicate header",
        "duplicated header", "multiple from", "multiple addresses", "more than one",
    ]),
    ("authfailure", &[
        "spf", "dkim", "dmarc", "sender policy framework", "not authenticated by the sender",
        "unauthenticated email", "is not authenticated", "authentication checks", "domain's policy",
        "sender authentication",
    ]),
    ("badreputation", &[
        "reputation", "sender score", "senderscore", "poor sending", "bad sender",
        "user complaints",
    ]),
    ("ratelimited", &[
        "rate limit", "rate-limit", "ratelimit", "too many connections", "too many concurrent",
        "too many messages", "too many emails", "too many recipients", "too many sessions",
        "sending rate", "throttl", "slow down", "exceeded the rate", "connection limit",
        "connections from your", "frequency", "too fast", "high volume", "at a rate", "relay quota",
        "sending quota", "unusual rate",
    ]),
    ("blocked", &[
        "blocklist", "blacklist", "block list", "black list", "blocklisted", "dnsbl", "rbl",
        "spamhaus", "spamcop", "sorbs", "barracudacentral", "listed at", "listed in", "listed on",
        "is listed", "your ip", "smtp server of your isp", "your ip address", "ip address is",
        "client host", "connecting host", "sending host", "your host", "your server",
        "your network", "banned", "dynamic ip", "dial-up", "dialup", "residential",
        "access denied. ip", "blocked using", "ip blocked", "service unavailable; client",
        "refused to talk to me", "not allowed to connect", "connection refused by", "blocked by",
        "mail from your domain", "has been blocked", "not accepting connections", "service refused",
        "(bl)", "unwanted messages", "following ip address", "temporarily blocked",
    ]),
    ("spamdetected", &[
        "spam", "junk mail", "bulk mail", "unsolicited", "looks suspicious", "suspicious",
        "content filter", "message content rejected", "rejected due to content", "scam", "phishing",
        "uribl", "surbl",
    ]),
    ("contenterror", &[
        "8-bit", "8bit", "too many headers", "header too long", "header is too large",
        "malformed header", "malformed message", "media error", "invalid header", "bad header",
        "headers too large", "header is too",
    ]),
    ("emailtoolarge", &[
        "line limit exceeded", "message too large", "message too big", "message is too large",
        "message is too big", "message size exceeds", "message size limit",
        "message length exceeds", "exceeds the maximum size", "exceeds maximum message size",
        "exceeded maximum message size", "exceeds the size limit", "exceeds size limit",
        "size exceeds", "size limit exceeded", "too large", "too big", "larger than",
        "maximum allowed size", "message exceeds", "max message size", "message file too big",
        "size of the message",
    ]),
    ("systemfull", &[
        "insufficient disk", "insufficient system storage", "out of disk", "no space left",
        "disk full", "system storage", "file system full",
    ]),
    ("mailboxfull", &[
        "mailbox full", "mailbox is full", "mailbox is over", "mailbox has exceeded",
        "mailbox exceeded", "mailbox exceeds", "mailbox size", "full mailbox", "over quota",
        "overquota", "over the quota", "quota exceeded", "quota exceed", "exceeded quota",
        "exceeded their quota", "exceeded storage", "storage quota", "disk quota", "quota",
        "box full", "inbox is full", "is full", "too much mail", "insufficient storage",
        "not enough storage", "exceeded the storage", "storage allocation", "user is over",
        "account is full", "mailfolder is full",
    ]),
    ("norelaying", &[
        "mail relay", "to relay mail", "relay access denied", "relaying denied", "relay denied",
        "relay not permitted", "relaying not permitted", "not permitted to relay",
        "unable to relay", "we do not relay", "relay not allowed", "relaying mail to",
        "no relaying", "relay prohibited", "not a gateway", "cannot relay", "open relay",
        "relay access",
    ]),
    ("rejected", &[
        "sender address rejected", "access denied", "sender rejected", "sender denied",
        "sender blocked", "sender verify failed", "sender verification failed",
        "domain of sender address", "sender domain must exist", "from: domain is invalid",
        "envelope sender", "send mail as", "permission to post", "not allowed to post",
        "not a member",
    ]),
    ("suspend", &[
        "disabled", "suspended", "inactive", "deactivated", "not active", "is locked",
        "account locked", "has been locked", "temporarily unavailable account", "expired account",
        "account has expired", "blocked account", "frozen",
    ]),
    ("hasmoved", &[
        "has moved", "has been moved", "moved to", "changed address", "new address is",
        "no longer uses",
    ]),
    ("notaccept", &[
        "does not accept mail", "does not accept email", "doesn't accept mail", "not accept mail",
        "accepts no mail", "null mx", "nullmx", "no mx", "find a mail exchanger", "no smtp service",
        "not accepting network messages", "no mail exchanger", "no mail server",
    ]),
    ("networkerror", &[
        "name server reply", "dns error", "no route to host", "network is unreachable",
        "network error", "not found, try again", "name lookup failure",
        "temporary failure in name resolution", "servfail",
    ]),
    ("hostunknown", &[
        "host unknown", "illegal host", "dns lookup failure", "destination system address",
        "unknown host", "host not found", "domain not found", "domain name not found",
        "no such domain", "unknown domain", "domain does not exist", "domain doesn't exist",
        "domain is not", "name or service not known", "host or domain name not found",
        "unrouteable mail domain", "unroutable mail domain", "nxdomain", "no such host",
        "non-existent host", "nonexistent host", "does not exist (dns", "name server error",
        "name service error", "unresolvable", "could not be resolved", "couldn't find any host",
        "could not find host", "domain lookup failed", "not a known domain", "invalid domain",
        "recipient domain", "mail domain",
    ]),
    ("userunknown", &[
        "user unknown", "unknown user", "no such user", "no such mailbox", "no such recipient",
        "no such address", "no such account", "no such person", "unknown recipient",
        "recipient unknown", "unknown address", "address unknown", "addressee unknown",
        "unknown local part", "unknown mailbox", "mailbox unknown", "user not found",
        "recipient not found", "address not found", "mailbox not found", "account not found",
        "not found", "does not exist", "doesn't exist", "does not have an account",
        "doesn't have a", "not exist", "non-existent", "nonexistent", "invalid recipient",
        "invalid mailbox", "invalid address", "invalid user", "bad recipient",
        "bad destination mailbox", "unrouteable address", "unroutable address",
        "mailbox unavailable", "mailbox not available", "user unavailable", "no mailbox",
        "not a valid", "isn't a valid", "is not a valid", "no longer valid", "no longer available",
        "unknown or illegal alias", "user doesn't", "user does not", "not listed in",
    ]),
    ("rejected", &[
        "sender address rejected", "sender rejected", "sender denied", "sender blocked",
        "sender is", "sender domain", "sender's domain", "sender verify", "sender verification",
        "envelope sender", "envelope from", "domain of sender", "your domain", "sender address",
        "not permitted to send", "you are not allowed to post", "not allowed to post",
        "permission to post",
    ]),
    ("securityerror", &[
        "authentication required", "must authenticate", "must be authenticated", "unauthenticated",
        "not authorized", "not authorised", "unauthorized", "security policy", "certificate",
    ]),
    ("syntaxerror", &[
        "syntax error", "command parameter", "not implemented", "bad sequence of commands",
        "command unrecognized",
    ]),
    ("failedstarttls", &[
        "starttls", "tls handshake", "tls negotiation", "tls required", "support tls",
    ]),
    ("policyviolation", &[
        "policy", "header error", "was blocked because", "prohibited", "not allowed", "forbidden",
        "refused by", "administrative", "not permitted",
    ]),
    ("networkerror", &[
        "mail loop", "loops back", "routing loop", "too many hops", "hop count", "loop detected",
        "lost connection", "connection reset", "temporary failure in name resolution",
        "lookup failed",
    ]),
    ("mailererror", &[
        "command output", "command died", "exit status", "mailer error", "pipe to", "procmail",
    ]),
    ("systemerror", &[
        "system error", "internal error", "server error", "configuration error", "local error",
        "local problem", "system config", "transaction failed", "ldap", "write error", "queue file",
    ]),
    ("expired", &[
        "connection timed out", "timed out", "could not connect", "couldn't connect",
        "unable to connect", "failed to connect", "requests to connect", "not reachable",
        "connection refused", "still undelivered", "could not deliver for", "failed 20 attempts",
        "attempts:", "was aborted after", "have been failing", "not responding", "retry timeout",
        "retry time", "delivery time expired", "time expired", "expired", "timed out after",
        "too long in queue", "queue too long", "in the queue for", "gave up", "giving up",
        "could not be delivered within", "could not be delivered for", "was not delivered for",
        "has not been delivered for", "maximum time", "lifetime", "undeliverable for",
    ]),
];

/// Words that say only that the sender was turned away, without why:
/// read when no rule above names a reason.
const REFUSALS: &[(&str, &[&str])] = &[
    ("policyviolation", &["protocol violation", "header error"]),
    ("onhold", &["on hold"]),
    (
        "userunknown",
        &[
            "recipient address rejected",
            "recipient rejected",
            "unknown",
        ],
    ),
    (
        "systemerror",
        &[
            "try again later",
            "try later",
            "temporarily",
            "unavailable",
            "not available",
            "failure",
        ],
    ),
    (
        "blocked",
        &[
            "rejected",
            "refused",
            "denied",
            "(bl)",
            "invalid ip",
            "client ip",
        ],
    ),
];

/// The reason a phrase of `text` (lower-case, collapsed) names.
pub(crate) fn from_words(text: &str) -> Option<&'static str> {
    find(RULES, text)
}

fn find(rules: &[(&'static str, &[&str])], text: &str) -> Option<&'static str> {
    rules
        .iter()
        .find(|(_, phrases)| has_any(text, phrases))
        .map(|&(reason, _)| reason)
}

/// The reason an enhanced status code names, when it names one clearly.
pub(crate) fn from_status(status: &str) -> Option<&'static str> {
    let reason = match status.get(1..).unwrap_or_default() {
        ".1.1" | ".1.0" | ".1.3" | ".1.10" => "userunknown",
        ".1.2" => "hostunknown",
        ".1.6" => "hasmoved",
        ".1.7" | ".1.8" => "rejected",
        ".2.1" => "suspend",
        ".2.2" => "mailboxfull",
        ".2.3" | ".3.4" => "emailtoolarge",
        ".3.1" => "systemfull",
        ".3.0" | ".3.2" | ".3.5" => "systemerror",
        ".4.1" | ".4.4" | ".4.0" => "networkerror",
        ".4.2" | ".4.3" | ".4.6" | ".4.5" => "networkerror",
        ".4.7" => "expired",
        ".5.0" | ".5.1" | ".5.2" | ".5.4" | ".5.5" => "syntaxerror",
        ".6.0" | ".6.1" | ".6.2" | ".6.3" | ".6.5" => "contenterror",
        ".7.0" | ".7.1" => "policyviolation",
        ".7.4" | ".7.5" | ".7.6" | ".7.8" | ".7.9" | ".7.10" | ".7.11" => "securityerror",
        ".7.7" | ".7.23" | ".7.26" | ".7.27" | ".7.20" | ".7.21" | ".7.22" | ".7.24" => {
            "authfailure"
        }
        ".7.25" => "requireptr",
        ".7.28" => "ratelimited",
        ".7.12" => "securityerror",
        ".7.13" | ".7.14" => "suspend",
        ".7.17" | ".7.18" => "suspend",
        ".7.19" => "norelaying",
        _ => return None,
    };
    Some(reason)
}

/// What a notice's prose says, whichever recipient is read.
pub(crate) struct NoticeWords {
    /// The reason the prose names, if any.
    pub reason: Option<&'static str>,
    /// Whether it links to Google Groups' help.
    pub google_groups: bool,
}

impl NoticeWords {
    /// Reads `text` (lower-case, collapsed) once.
    pub(crate) fn of(text: &str) -> NoticeWords {
        NoticeWords {
            reason: from_words(text),
            google_groups: text.contains("groups.google.com"),
        }
    }
}

/// What one recipient's failure is made of, for [`reason`].
pub(crate) struct Evidence<'a> {
    /// The remote server's words, lower-case and collapsed.
    pub diagnostic: &'a str,
    /// The notice's lines about the recipient, lower-case and collapsed.
    pub block: &'a str,
    /// What the whole notice says, read once for all its recipients.
    pub notice: &'a NoticeWords,
    /// The enhanced status code.
    pub status: Option<&'a str>,
    /// The SMTP command that drew the error.
    pub stage: Option<Stage>,
    /// The DSN's diagnostic type (`smtp`, `x-unix`).
    pub diagnostic_type: Option<&'a str>,
}

/// The reason for one recipient's failure.
pub(crate) fn reason(e: &Evidence<'_>) -> &'static str {
    // x.1.7 and x.1.8 are about the sender's address, whatever the words.
    if e.status
        .is_some_and(|s| matches!(s.get(1..), Some(".1.7" | ".1.8")))
    {
        return "rejected";
    }
    // A local delivery program failed; unless it says the mailbox is
    // full, that is the program's fault.
    if e.diagnostic_type == Some("x-unix") {
        return match from_words(e.diagnostic) {
            Some(r @ ("mailboxfull" | "systemfull")) => r,
            _ => "mailererror",
        };
    }
    // Google Groups answers a post it does not take with a notice in the
    // poster's own language, without a code, that links to its help.
    if e.status.is_none() && e.notice.google_groups {
        return "rejected";
    }
    let from_text = from_words(e.diagnostic)
        .or_else(|| from_words(e.block))
        .or_else(|| from_status_strict(e.status))
        .or(e.notice.reason);
    let reason = from_text
        .map(|r| {
            if r == "userunknown" && names_a_missing_domain(e.diagnostic) {
                "hostunknown"
            } else {
                r
            }
        })
        .or_else(|| find(REFUSALS, e.diagnostic))
        .or_else(|| e.status.and_then(from_status))
        .unwrap_or("onhold");
    // x.1.x is about the address, x.5.x about the SMTP dialogue: either
    // way the address itself was refused.
    let address_status = e
        .status
        .is_some_and(|s| matches!(s.get(1..4), Some(".1." | ".5.")));
    match (reason, e.stage) {
        // Refused at MAIL FROM, an unknown user or domain is the sender's.
        ("userunknown" | "hostunknown", Some(Stage::MailFrom)) => "rejected",
        // An unknown user refused at RCPT TO (or with an address status,
        // x.1.x) is "userunknown", and so is one the receiving system
        // reports from its directory in its own words, without an SMTP
        // reply ("the recipient name is not recognized"). Refused after
        // the message was sent, or without saying when, the receiver
        // filtered it ("filtered", as Sisimai calls it).
        ("userunknown", Some(Stage::RcptTo)) => reason,
        ("userunknown", Some(Stage::Data)) if !address_status => "filtered",
        ("userunknown", _) if !address_status && !from_directory(e.diagnostic) => "filtered",
        // A failed name lookup reported as temporary (4.x.x) may succeed
        // later: the domain is not known to be missing.
        ("hostunknown", _) if e.status.is_some_and(|s| s.starts_with('4')) => "networkerror",
        _ => reason,
    }
}

/// Whether the words say a domain, not an address, does not exist
/// ("553 mx.example.com does not exist").
fn names_a_missing_domain(diagnostic: &str) -> bool {
    diagnostic.match_indices(" does not exist").any(|(i, _)| {
        let word = diagnostic
            .get(..i)
            .unwrap_or_default()
            .rsplit(' ')
            .next()
            .unwrap_or_default();
        let word = word.trim_matches(|c: char| "<>[]()'\":,".contains(c));
        word.contains('.') && !word.contains('@') && word.chars().any(|c| c.is_ascii_alphabetic())
    })
}

/// Whether the receiving system says in its own words, not in an SMTP
/// reply, that its directory has no such recipient.
fn from_directory(diagnostic: &str) -> bool {
    let phrases = [
        "not recognized",
        "not listed in",
        "couldn't be found",
        "could not be found",
        "no valid recipient",
        "invalid final delivery",
        "unknown user:",
        "and other recipients in the same domain",
    ];
    reply_code(diagnostic).is_none()
        && status_code(diagnostic).is_none()
        && has_any(diagnostic, &phrases)
}

/// The reason of a status code that is specific enough to trust over
/// the notice's prose (not `x.0.0`, not the catch-all `x.7.1`).
fn from_status_strict(status: Option<&str>) -> Option<&'static str> {
    let status = status?;
    let detail = status.get(1..).unwrap_or_default();
    if matches!(
        detail,
        ".0.0" | ".7.0" | ".7.1" | ".1.0" | ".3.0" | ".4.0" | ".5.0"
    ) {
        return None;
    }
    from_status(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(diagnostic: &str, status: Option<&str>, stage: Option<Stage>) -> &'static str {
        reason(&Evidence {
            diagnostic,
            block: "",
            notice: &NoticeWords {
                reason: None,
                google_groups: false,
            },
            status,
            stage,
            diagnostic_type: Some("smtp"),
        })
    }

    #[test]
    fn words_come_before_codes() {
        assert_eq!(
            of("550 5.1.1 mailbox is full", Some("5.1.1"), None),
            "mailboxfull"
        );
        assert_eq!(
            of("550 5.7.1 listed at zen.spamhaus.org", Some("5.7.1"), None),
            "blocked"
        );
        assert_eq!(of("", Some("5.2.2"), None), "mailboxfull");
        assert_eq!(of("", None, None), "onhold");
    }

    #[test]
    fn an_unknown_user_after_data_is_filtered() {
        assert_eq!(
            of("550 user unknown", None, Some(Stage::RcptTo)),
            "userunknown"
        );
        assert_eq!(of("550 user unknown", None, Some(Stage::Data)), "filtered");
    }
}
