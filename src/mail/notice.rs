//! A bounce as its parts: who sent it, the words meant for people, the
//! machine-readable delivery status, and the returned original message.
//!
//! `mail-parser` does the MIME work; this module only sorts its parts.
//! The parts of a returned message (`message/rfc822`) stay inside that
//! message, so the notice text never includes the original's body.

use mail_parser::{Addr, DateTime, Message, MessageParser, MimeHeaders, PartType};

use super::api::{MAX_PARTS, OriginalMessage};
use super::text::{collapse, has_any};

/// What a bounce reader needs to know about a message.
#[derive(Default)]
pub(crate) struct Notice {
    /// The From header, lower-case, as written.
    pub from: String,
    /// The Subject, lower-case.
    pub subject: String,
    /// The first To address, lower-case.
    pub to: Option<String>,
    /// Header fields that mark automatic mail, lower-case
    /// (`auto-submitted: auto-replied`, `x-autoreply: yes`, …).
    pub auto_fields: String,
    /// The `report-type` of a `multipart/report`, lower-case.
    pub report_type: Option<String>,
    /// The text meant for people, before any inline copy of the original.
    pub text: String,
    /// The body of a `message/delivery-status` part.
    pub status: Option<String>,
    /// Whether there is a `message/feedback-report` part (ARF).
    pub feedback: bool,
    /// `X-Failed-Recipients`, lower-case addresses.
    pub failed: Vec<String>,
    /// The returned message, as far as it is included.
    pub original: Option<OriginalMessage>,
    /// The original message's sender, lower-case.
    pub original_from: Option<String>,
    /// Whether some part was not read because there were too many.
    pub parts_cut: bool,
    /// The returned message, when it is itself a bounce (a report that
    /// was forwarded or bounced again): its bytes.
    pub inner: Option<Vec<u8>>,
}

/// Sorts the parts of `msg` into a [`Notice`].
pub(crate) fn notice(msg: &Message<'_>) -> Notice {
    let mut n = Notice {
        from: msg.header_raw("From").unwrap_or_default().to_lowercase(),
        subject: collapse(msg.subject().unwrap_or_default()).to_lowercase(),
        to: msg.to().and_then(|a| a.first()).and_then(addr),
        auto_fields: auto_fields(msg),
        ..Notice::default()
    };
    n.report_type = msg
        .root_part()
        .content_type()
        .filter(|ct| ct.c_type.eq_ignore_ascii_case("multipart"))
        .and_then(|ct| ct.attribute("report-type"))
        .map(str::to_lowercase);
    if let Some(failed) = msg.header_raw("X-Failed-Recipients") {
        n.failed = super::text::addresses(failed)
            .into_iter()
            .map(|(_, a)| a)
            .collect();
    }
    let mut html = String::new();
    for (i, part) in msg.parts.iter().enumerate() {
        if i >= MAX_PARTS {
            n.parts_cut = true;
            break;
        }
        sort_part(&mut n, part, &mut html);
    }
    if n.text.trim().is_empty() && !html.is_empty() {
        n.text = html;
    }
    if (n.report_type.is_some() && msg.parts.len() <= 1) || n.text.trim().is_empty() {
        // A report whose boundary matches none of its parts: read its
        // body as text, so the notice and the status fields are found.
        let root = msg.root_part();
        let body = msg
            .raw_message()
            .get(root.offset_body as usize..)
            .unwrap_or_default();
        n.text = String::from_utf8_lossy(body).into_owned();
    }
    n.text = unquoted(&n.text);
    let (text, inline, copy) = split_original(&n.text);
    if n.original.is_none()
        && let Some(headers) = inline
    {
        read_original(&mut n, headers.as_bytes());
    }
    if n.inner.is_none() {
        let parsed = copy
            .as_deref()
            .and_then(|c| MessageParser::new().parse_headers(c.as_bytes()));
        if parsed.is_some_and(|m| is_report(&m)) {
            n.inner = copy.map(String::into_bytes);
        }
    }
    n.text = text;
    n
}

fn sort_part(n: &mut Notice, part: &mail_parser::MessagePart<'_>, html: &mut String) {
    let (ty, sub) = part
        .content_type()
        .map_or(("text".into(), "plain".into()), |ct| {
            let sub = ct.c_subtype.as_deref().unwrap_or_default();
            (ct.c_type.to_lowercase(), sub.to_lowercase())
        });
    match (&part.body, ty.as_str(), sub.as_str()) {
        (PartType::Message(inner), _, _) => {
            if n.inner.is_none() && is_report(inner) {
                n.inner = Some(inner.raw_message().to_vec());
            }
            if n.original.is_none() {
                n.original = Some(original_of(inner));
                n.original_from = inner.from().and_then(|a| a.first()).and_then(addr);
            }
        }
        (_, "message" | "text", "rfc822-headers") | (_, "message", "rfc822")
            if n.original.is_none() =>
        {
            read_original(n, body_bytes(&part.body));
        }
        (_, "message" | "text", "rfc822-headers") | (_, "message", "rfc822") => {}
        (_, "message", "delivery-status" | "global-delivery-status") => {
            let text = String::from_utf8_lossy(body_bytes(&part.body)).into_owned();
            n.status.get_or_insert_with(String::new).push_str(&text);
        }
        (_, "message", "feedback-report") => n.feedback = true,
        (PartType::Text(t), "text", _) => {
            n.text.push_str(t);
            n.text.push('\n');
        }
        (PartType::Html(h), _, _) => {
            html.push_str(&strip_tags(h));
            html.push('\n');
        }
        _ => {}
    }
}

/// The bytes of a leaf part (empty for containers).
fn body_bytes<'a>(body: &'a PartType<'_>) -> &'a [u8] {
    match body {
        PartType::Text(t) | PartType::Html(t) => t.as_bytes(),
        PartType::Binary(b) | PartType::InlineBinary(b) => b,
        PartType::Message(m) => m.raw_message(),
        PartType::Multipart(_) => &[],
    }
}

fn read_original(n: &mut Notice, headers: &[u8]) {
    if let Some(inner) = MessageParser::new().parse_headers(headers) {
        if inner.headers().is_empty() {
            return;
        }
        n.original = Some(original_of(&inner));
        n.original_from = inner.from().and_then(|a| a.first()).and_then(addr);
    }
}

fn original_of(m: &Message<'_>) -> OriginalMessage {
    OriginalMessage {
        subject: m.subject().map(collapse),
        recipient: m.to().and_then(|a| a.first()).and_then(addr),
        date: m.date().and_then(utc),
    }
}

/// An address of a header, lower-case.
pub(crate) fn addr(a: &Addr<'_>) -> Option<String> {
    a.address()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| s.contains('@'))
}

/// Whether a message is itself a bounce: a delivery report, or a notice
/// from the mail system about failed delivery.
fn is_report(m: &Message<'_>) -> bool {
    let report = m.root_part().content_type().is_some_and(|ct| {
        ct.attribute("report-type")
            .is_some_and(|t| t.eq_ignore_ascii_case("delivery-status"))
    });
    let from = m.header_raw("From").unwrap_or_default().to_lowercase();
    report || from.contains("mailer-daemon") || from.contains("postmaster")
}

/// A header date in UTC, RFC 3339; none when it is not a real date.
pub(crate) fn utc(d: &DateTime) -> Option<String> {
    d.is_valid()
        .then(|| DateTime::from_timestamp(d.to_timestamp()).to_rfc3339())
}

/// The header fields that say a message was sent automatically.
fn auto_fields(msg: &Message<'_>) -> String {
    let mut out = String::new();
    for (name, value) in msg.headers_raw() {
        let name = name.to_lowercase();
        if name.starts_with("auto-submitted")
            || name.starts_with("x-auto")
            || name == "precedence"
            || name == "x-precedence"
            || name == "x-mailer"
        {
            out.push_str(&name);
            out.push_str(": ");
            out.push_str(&collapse(value).to_lowercase());
            out.push('\n');
        }
    }
    out
}

/// Text without its HTML tags, entities of the common kind decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => {
                in_tag = false;
                out.push(' ');
            }
            (false, c) => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Text without the `> ` marks of a quoted (forwarded) message, when most
/// of its lines carry them; other text as it is.
fn unquoted(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let quoted = lines.iter().filter(|l| l.starts_with('>')).count();
    if quoted * 2 < lines.len() || quoted < 3 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in lines {
        let line = line
            .strip_prefix('>')
            .map_or(line, |l| l.strip_prefix(' ').unwrap_or(l));
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Header names that start an inline copy of the original message.
const ORIGINAL_FIELDS: &[&str] = &[
    "received:",
    "return-path:",
    "message-id:",
    "from:",
    "to:",
    "subject:",
    "date:",
    "mime-version:",
    "content-type:",
    "x-mailer:",
    "dkim-signature:",
    "delivered-to:",
    "reply-to:",
    "sender:",
    "x-original-to:",
];

/// Separator words of an inline copy ("----- Original message -----").
const ORIGINAL_MARKERS: &[&str] = &[
    "original message",
    "copy of the message",
    "copy of your message",
    "returned message",
    "message headers follow",
    "headers of the original",
    "header of the original",
    "original-message",
    "undelivered message",
    "unsent message",
    "original mail",
    "message follows",
    "rfc822",
];

/// Splits free-form text where an inline copy of the original begins:
/// at a separator line, or at the start of a block of header fields.
/// Returns the notice and, if found, the copy's header block and the
/// whole copy.
pub(crate) fn split_original(text: &str) -> (String, Option<String>, Option<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut cut = None;
    for (i, line) in lines.iter().enumerate() {
        let lower = line.trim().to_lowercase();
        let separator =
            (lower.starts_with("--") || lower.starts_with("==") || lower.ends_with(':'))
                && lower.len() < 100
                && has_any(&lower, ORIGINAL_MARKERS);
        if separator {
            cut = Some((i, i + 1));
            break;
        }
        if starts_header_block(&lines, i) {
            cut = Some((i, i));
            break;
        }
    }
    let Some((end, copy)) = cut else {
        return (text.to_string(), None, None);
    };
    let notice = lines.get(..end).unwrap_or_default().join("\n");
    let rest = lines.get(copy..).unwrap_or_default();
    let start = rest.iter().position(|l| is_field(l)).unwrap_or(rest.len());
    let block: Vec<&str> = rest
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .copied()
        .collect();
    let headers = (!block.is_empty()).then(|| block.join("\n") + "\n\n");
    let whole = headers
        .as_ref()
        .map(|_| rest.get(start..).unwrap_or_default().join("\n"));
    (notice, headers, whole)
}

/// Whether a block of header fields starts at line `i`: at least three
/// known fields in a row (folded lines aside), one of them a field that
/// only a whole message carries (`Received`, `Message-ID`, `From`, …).
fn starts_header_block(lines: &[&str], i: usize) -> bool {
    let known = |l: &str| {
        let lower = l.to_lowercase();
        ORIGINAL_FIELDS.iter().any(|f| lower.starts_with(f))
    };
    if !lines.get(i).is_some_and(|l| known(l)) {
        return false;
    }
    let block: Vec<&str> = lines
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take(40)
        .take_while(|l| known(l) || l.starts_with([' ', '\t']) || is_field(l))
        .filter(|l| !l.starts_with([' ', '\t']))
        .copied()
        .collect();
    let whole = [
        "received:",
        "return-path:",
        "message-id:",
        "from:",
        "mime-version:",
        "dkim-signature:",
    ];
    block.iter().filter(|l| known(l)).count() >= 3
        && block
            .iter()
            .any(|l| whole.iter().any(|w| l.to_lowercase().starts_with(w)))
}

/// Whether a line is a header field (`Name: value`).
fn is_field(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_copy_is_split_at_its_separator() {
        let text = "could not be delivered\n<a@b.example>: nope\n\n----- Original message -----\n\
                    Received: from x\nSubject: Hello\nTo: a@b.example\n\nBody";
        let (notice, headers, _) = split_original(text);
        assert_eq!(notice, "could not be delivered\n<a@b.example>: nope\n");
        assert!(headers.is_some_and(|h| h.contains("Subject: Hello") && !h.contains("Body")));
    }

    #[test]
    fn inline_copy_is_split_at_a_header_block() {
        let text = "It failed.\nSubject: Hi\nDate: today\n\nReturn-Path: <s@x.example>\nReceived: by x\n\
                    Subject: Hi\n\nBody";
        let (notice, headers, _) = split_original(text);
        assert_eq!(notice, "It failed.\nSubject: Hi\nDate: today\n");
        assert!(headers.is_some_and(|h| h.starts_with("Return-Path")));
    }

    #[test]
    fn html_loses_its_tags() {
        assert_eq!(strip_tags("<p>a&amp;b</p>"), " a&b ");
    }
}
