//! Free-form bounces: the notices of Exim, qmail, Sendmail, Exchange,
//! Gmail and others, which say in prose which recipient failed and why.
//!
//! The reader does not know any one program's layout. It relies on what
//! they share: each failed address is named on a line of its own or
//! beside its error, the remote server's reply follows it (an SMTP reply
//! code, often an enhanced status code, then the server's words), and
//! the SMTP command that drew the reply is named near it ("in reply to
//! RCPT TO", "after end of data", ">>> DATA").

use super::api::MAX_RECIPIENTS;
use super::text::{MAX_DIAGNOSTIC_CHARS, addresses, collapse, reply_code, shorten, status_code};

/// A recipient named in a free-form notice, with the lines about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// The address, lower-case.
    pub address: String,
    /// The lines of the notice that are about this address.
    pub block: String,
}

/// Local parts that name the mail system itself, never a recipient.
const SYSTEM_LOCAL_PARTS: &[&str] = &[
    "postmaster",
    "mailer-daemon",
    "mailerdaemon",
    "mail-daemon",
    "mailer",
    "root",
    "abuse",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
];

/// Whether an address is one of the mail system's own.
pub(crate) fn is_system(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or_default();
    SYSTEM_LOCAL_PARTS.contains(&local)
}

/// The recipients named in `text`, in order, with the lines about each.
/// Addresses in `exclude` (the bounce's own sender and recipient, the
/// original sender) and the mail system's own addresses are not
/// recipients. Lines before the first address belong to no one.
pub(crate) fn mentions(text: &str, exclude: &[String]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut current: Option<usize> = None;
    // An error reply in a transcript before any recipient is named (to
    // MAIL FROM, say) is the error of the recipients that follow.
    let mut carried = String::new();
    for line in text.lines() {
        if is_contact_line(line) || is_sender_line(line) {
            continue;
        }
        let named = addresses(line)
            .into_iter()
            .map(|(_, a)| a)
            .find(|a| !is_system(a) && !exclude.contains(a) && !in_url(line, a));
        // Past the limit, new addresses are not followed (the caller
        // warns that the list was cut).
        let named =
            named.filter(|a| out.len() <= MAX_RECIPIENTS || out.iter().any(|m| &m.address == a));
        if let Some(address) = named {
            let known = out.iter().position(|m| m.address == address);
            let i = known.unwrap_or_else(|| {
                let block = std::mem::take(&mut carried);
                out.push(Mention { address, block });
                out.len() - 1
            });
            current = Some(i);
        }
        match current.and_then(|i| out.get_mut(i)) {
            Some(m) => {
                m.block.push_str(line);
                m.block.push('\n');
            }
            None if line.trim_start().starts_with("<<< 5")
                || line.trim_start().starts_with("<<< 4") =>
            {
                carried.push_str(line);
                carried.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Whether a line of a transcript names the sender (`>>> MAIL From:<…>`).
fn is_sender_line(line: &str) -> bool {
    let lower = line.trim_start().to_ascii_lowercase();
    [
        ">>> mail from",
        "in: mail from",
        "in:  mail from",
        "mail from:",
        "from:<",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// Whether a line offers an address for help rather than naming a
/// recipient ("please contact <support@…>", "send mail to <postmaster>").
fn is_contact_line(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "contact",
        "assistance",
        "please send mail to",
        "administrator",
        "helpdesk",
        "help desk",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether `address` appears only inside a URL on `line`.
fn in_url(line: &str, address: &str) -> bool {
    let lower = line.to_lowercase();
    lower.find(address).is_some_and(|i| {
        let before = lower.get(..i).unwrap_or_default();
        let word = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        word.contains("://") || word.contains('?') || word.contains('=')
    })
}

/// Prefixes that introduce the remote server's words.
const SAID: &[&str] = &[
    "remote host said:",
    "host said:",
    "said:",
    "the error that the other server returned was:",
    "server returned:",
    "reason:",
    "diagnostic-code:",
    "<<<",
    "out:",
];

/// Field names of a delivery status report, which are not prose.
const DSN_FIELDS: &[&str] = &[
    "status:",
    "action:",
    "remote-mta:",
    "reporting-mta:",
    "final-recipient:",
    "original-recipient:",
    "last-attempt-date:",
    "arrival-date:",
    "will-retry-until:",
    "x-actual-recipient:",
];

/// The remote server's own words in a block: its reply lines, unwrapped,
/// or else the block's prose. None for a block that is only the address.
pub(crate) fn diagnostic(block: &str) -> Option<String> {
    let lines: Vec<&str> = block
        .lines()
        .filter(|l| {
            let lower = l.trim_start().to_ascii_lowercase();
            !DSN_FIELDS.iter().any(|f| lower.starts_with(f))
        })
        .collect();
    let failure_status = |l: &str| status_code(l).is_some_and(|s| !s.starts_with('2'));
    let start = lines
        .iter()
        .position(|l| reply_code(l).is_some() || failure_status(l));
    let picked: Vec<String> = match start {
        Some(i) => reply_lines(lines.get(i..).unwrap_or_default()),
        None => lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && !is_only_address(l))
            .take(6)
            .map(str::to_string)
            .collect(),
    };
    let text = shorten(&picked.join(" "), MAX_DIAGNOSTIC_CHARS);
    (!text.is_empty()).then_some(text)
}

/// The reply that starts at the first line, with its continuation lines
/// (`550-…` lines of a multi-line reply, and wrapped text), up to the
/// next reply.
fn reply_lines(lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if i > 0 && (t.is_empty() || t.starts_with("---") || t.starts_with("===") || is_new_item(t))
        {
            break;
        }
        let words = without_said(t);
        if let Some((code, more)) = leading_code(words) {
            if i > 0 && open != Some(code) {
                break;
            }
            open = more.then_some(code);
        }
        out.push(words.to_string());
        if out.len() >= 12 {
            break;
        }
    }
    out
}

/// The reply code a line starts with, and whether a `-` says the reply
/// goes on.
fn leading_code(line: &str) -> Option<(u16, bool)> {
    let code: u16 = line.get(..3)?.parse().ok()?;
    let next = line.as_bytes().get(3).copied().unwrap_or(b' ');
    ((200..600).contains(&code) && matches!(next, b' ' | b'-')).then_some((code, next == b'-'))
}

/// Whether a line starts something else (the next step of a transcript,
/// a host line), rather than continuing a reply.
fn is_new_item(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.starts_with(">>>")
        || lower.starts_with("in:")
        || lower.starts_with("giving up")
        || lower.starts_with("host ")
        || lower.starts_with("for further")
        || lower.starts_with("reporting-mta")
        || is_only_address(line)
}

/// A line with the "said:" part and the SMTP transcript marks taken off.
fn without_said(line: &str) -> &str {
    let lower = line.to_lowercase();
    for said in SAID {
        if let Some(i) = lower.find(said) {
            let after = line.get(i + said.len()..).unwrap_or_default().trim();
            if !after.is_empty() {
                return after;
            }
        }
    }
    line
}

/// Whether a line holds an address and nothing else of substance.
fn is_only_address(line: &str) -> bool {
    let found = addresses(line);
    let t = collapse(line);
    found.len() == 1 && t.len() <= found.first().map_or(0, |(_, a)| a.len()) + 4
}

/// The SMTP command that drew the error, as far as the text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Connecting or greeting (banner, HELO/EHLO).
    Connect,
    /// `MAIL FROM`: the envelope sender.
    MailFrom,
    /// `RCPT TO`: the recipient.
    RcptTo,
    /// `DATA` or the end of data: the message itself.
    Data,
}

/// The stage named in `text` (lower-case, collapsed).
pub(crate) fn stage(text: &str) -> Option<Stage> {
    let named = [
        ("end of data", Stage::Data),
        ("end-of-data", Stage::Data),
        ("reply to data", Stage::Data),
        ("after data", Stage::Data),
        ("after the data", Stage::Data),
        ("our data", Stage::Data),
        ("reply to rcpt", Stage::RcptTo),
        ("after rcpt", Stage::RcptTo),
        ("our rcpt", Stage::RcptTo),
        ("reply to mail from", Stage::MailFrom),
        ("after mail from", Stage::MailFrom),
        ("our mail from", Stage::MailFrom),
        ("reply to helo", Stage::Connect),
        ("reply to ehlo", Stage::Connect),
        ("after helo", Stage::Connect),
        ("after ehlo", Stage::Connect),
        ("after initial connection", Stage::Connect),
        ("while connected", Stage::Connect),
        ("connection to", Stage::Connect),
    ];
    if let Some(&(_, s)) = named.iter().find(|(w, _)| text.contains(w)) {
        return Some(s);
    }
    // A transcript: the last command sent before the first error reply.
    let Some(error) = text.find("<<< 5").or_else(|| text.find("<<< 4")) else {
        return (text.contains("rcpt") && !text.contains("data")).then_some(Stage::RcptTo);
    };
    let before = text.get(..error).unwrap_or_default();
    let last = [
        (">>> data", Stage::Data),
        (">>> rcpt", Stage::RcptTo),
        (">>> mail", Stage::MailFrom),
        (">>> ehlo", Stage::Connect),
        (">>> helo", Stage::Connect),
    ]
    .into_iter()
    .filter_map(|(w, s)| before.rfind(w).map(|i| (i, s)))
    .max_by_key(|&(i, _)| i);
    last.map(|(_, s)| s).or_else(|| {
        // A bare mention such as "[RCPT_TO]" or "SMTP:RCPT host".
        (text.contains("rcpt") && !text.contains("data")).then_some(Stage::RcptTo)
    })
}

/// The host the error came from, if the text names one ("host
/// mx.example.org[192.0.2.1] said", "host mx.example.org [192.0.2.1]").
pub(crate) fn remote_host(block: &str) -> Option<String> {
    for line in block.lines() {
        let lower = line.to_lowercase();
        let Some(i) = lower.find("host ") else {
            continue;
        };
        if !(lower.contains("said")
            || lower.contains('[')
            || lower.trim_start().starts_with("host "))
        {
            continue;
        }
        let rest = line.get(i + 5..).unwrap_or_default();
        let name: String = rest
            .chars()
            .take_while(|&c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            .collect();
        let name = name.trim_end_matches('.');
        if name.contains('.') && name.chars().any(|c| c.is_ascii_alphabetic()) {
            return Some(name.to_lowercase());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_gets_its_lines() {
        let text = "The following addresses had errors:\n<a@x.example>\n    host mx.x.example said: 550 \
                    5.1.1 nope (in reply to RCPT TO command)\nb@y.example\n    retry timeout exceeded\n\
                    please send mail to <postmaster@me.example>\n";
        let m = mentions(text, &["me@me.example".into()]);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].address, "a@x.example");
        assert!(m[0].block.contains("550"));
        assert!(m[1].block.contains("retry timeout"));
        assert_eq!(remote_host(&m[0].block).as_deref(), Some("mx.x.example"));
    }

    #[test]
    fn diagnostic_is_the_reply_unwrapped() {
        let block = "<a@x.example>: host mx.x.example[192.0.2.1] said: 550-5.1.1 The email\n    \
                     account does not exist. (in reply to RCPT TO command)\n\nOther text\n";
        assert_eq!(
            diagnostic(block).as_deref(),
            Some("550-5.1.1 The email account does not exist. (in reply to RCPT TO command)")
        );
        assert_eq!(stage(&block.to_lowercase()), Some(Stage::RcptTo));
    }

    #[test]
    fn transcript_stage_is_the_command_before_the_error() {
        let t = ">>> mail from:<s@x> <<< 250 ok >>> rcpt to:<a@y> <<< 250 ok >>> data <<< 554 spam";
        assert_eq!(stage(t), Some(Stage::Data));
    }
}
