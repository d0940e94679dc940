//! PGP/MIME (RFC 3156) structure: what a decrypted message holds, the
//! encrypted part of a `multipart/encrypted` message, and the two halves
//! of a `multipart/signed` one.
//!
//! Thunderbird, Mailvelope and GnuPG-based mail programs encrypt a whole
//! MIME entity; once decrypted it is usually `multipart/mixed`: a text
//! body, attachments, and with Thunderbird's protected headers the real
//! subject. [`open_mime`] turns that into text and a list of attachments
//! instead of raw MIME. A signature in `multipart/signed` covers the
//! signed part exactly as sent, in canonical form (CRLF line endings):
//! [`signed_parts`] returns those bytes and the detached signature.

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::api::{MAX_MESSAGE_BYTES, MAX_PARTS, Warning};
use super::input::{find, prepare, to_lf};
use super::notice::{addr, utc};
use crate::{Error, Result};

/// What [`open_mime`], [`encrypted_part`] and [`signed_parts`] read.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MimeRequest {
    /// The bytes: a decrypted payload, or a whole `.eml`.
    pub message: ByteBuf,
}

/// One attachment of a message.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// The file name, if the message gives one.
    pub name: Option<String>,
    /// The media type, lower-case (`application/pdf`).
    pub content_type: String,
    /// The size in bytes, decoded.
    pub size: usize,
    /// The decoded bytes.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("size", &self.size)
            .finish()
    }
}

/// What a (decrypted) message holds, for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MimeContent {
    /// Whether the input was MIME at all (else `text` is the input).
    pub mime: bool,
    /// The subject: the protected one when the message has it.
    pub subject: Option<String>,
    /// The From address, lower-case.
    pub from: Option<String>,
    /// The date in UTC, RFC 3339.
    pub date: Option<String>,
    /// The text body (plain text; HTML without its tags if there is no
    /// plain text).
    pub text: String,
    /// The HTML body, if there is one, as sent (never rendered here).
    pub html: Option<String>,
    /// Every attachment, in order.
    pub attachments: Vec<Attachment>,
    /// Whether the content is itself `multipart/signed` (check it with
    /// `verify_signed` on the same bytes).
    pub signed: bool,
    /// What could not be decoded exactly.
    pub warnings: Vec<Warning>,
}

/// The encrypted part of a `multipart/encrypted` message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EncryptedPart {
    /// The OpenPGP message (the `application/octet-stream` part).
    #[serde(with = "serde_bytes")]
    pub encrypted: Vec<u8>,
    /// The outer subject (often a placeholder such as `...`).
    pub subject: Option<String>,
    /// The From address, lower-case.
    pub from: Option<String>,
}

/// The two halves of a `multipart/signed` message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedParts {
    /// The signed part as the signature covers it: its headers and body,
    /// with CRLF line endings.
    #[serde(with = "serde_bytes")]
    pub signed: Vec<u8>,
    /// The detached signature (`application/pgp-signature`).
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
    /// The `micalg` parameter (`pgp-sha256`), lower-case.
    pub micalg: Option<String>,
}

/// Shows what a decrypted message holds: its text and attachments when
/// it is MIME, else the text itself.
///
/// # Errors
///
/// [`Error::InputTooLarge`] above [`MAX_MESSAGE_BYTES`].
pub fn open_mime(req: &MimeRequest) -> Result<MimeContent> {
    let bytes = req.message.as_ref();
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(too_large(bytes.len()));
    }
    let lf = to_lf(bytes);
    let msg = looks_like_mime(&lf)
        .then(|| MessageParser::new().parse(&lf))
        .flatten();
    let Some(msg) = msg else {
        return Ok(MimeContent {
            mime: false,
            subject: None,
            from: None,
            date: None,
            text: String::from_utf8_lossy(bytes).into_owned(),
            html: None,
            attachments: Vec::new(),
            signed: false,
            warnings: Vec::new(),
        });
    };
    Ok(content(&msg))
}

/// Whether decrypted bytes are a MIME entity: they start with header
/// fields and name a `Content-Type` before the first empty line.
fn looks_like_mime(lf: &[u8]) -> bool {
    let head = lf
        .split(|&b| b == b'\n')
        .take_while(|l| !l.is_empty())
        .take(200);
    let mut any = false;
    for line in head {
        let lower = String::from_utf8_lossy(line).to_ascii_lowercase();
        if lower.starts_with(' ') || lower.starts_with('\t') {
            continue;
        }
        let Some((name, _)) = lower.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return false;
        }
        any |= name == "content-type";
    }
    any
}

fn content(msg: &Message<'_>) -> MimeContent {
    let mut warnings = Vec::new();
    if msg.parts.len() > MAX_PARTS {
        warnings.push(Warning::new(
            "too-many-parts",
            format!(
                "The message has {} parts; only the first {MAX_PARTS} were read.",
                msg.parts.len()
            ),
        ));
    }
    let signed = msg.root_part().is_content_type("multipart", "signed");
    let mut text = String::new();
    let mut html = None;
    let mut attachments = Vec::new();
    let mut subject = msg.subject().map(str::to_string);
    for part in msg.parts.iter().take(MAX_PARTS) {
        check_part(part, &mut warnings);
        if is_protected_headers(part) {
            if let Some(s) = protected_subject(part) {
                subject = Some(s);
            }
            continue;
        }
        match &part.body {
            PartType::Text(t) if !is_attachment(part) => push_text(&mut text, t),
            PartType::Html(h) if !is_attachment(part) => {
                html.get_or_insert_with(String::new).push_str(h);
            }
            PartType::Multipart(_) => {}
            _ if is_signature(part) => {}
            _ => attachments.push(attachment(part)),
        }
    }
    if text.is_empty()
        && let Some(h) = &html
    {
        text = strip_html(h);
    }
    MimeContent {
        mime: true,
        subject,
        from: msg.from().and_then(|a| a.first()).and_then(addr),
        date: msg.date().and_then(utc),
        text,
        html,
        attachments,
        signed,
        warnings,
    }
}

fn push_text(text: &mut String, t: &str) {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(t);
}

fn is_attachment(part: &MessagePart<'_>) -> bool {
    part.content_disposition()
        .is_some_and(|d| d.c_type.eq_ignore_ascii_case("attachment"))
        || part.attachment_name().is_some()
}

fn is_signature(part: &MessagePart<'_>) -> bool {
    part.is_content_type("application", "pgp-signature")
}

/// Thunderbird's protected headers: a `text/rfc822-headers` part, or a
/// "legacy display" text part, marked `protected-headers`.
fn is_protected_headers(part: &MessagePart<'_>) -> bool {
    part.content_type().is_some_and(|ct| {
        let marked = ct.attribute("protected-headers").is_some();
        let sub = ct
            .c_subtype
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        (marked && ct.c_type.eq_ignore_ascii_case("text") && sub == "rfc822-headers")
            || (marked && ct.attribute("legacy-display").is_some())
    })
}

fn protected_subject(part: &MessagePart<'_>) -> Option<String> {
    let text = match &part.body {
        PartType::Text(t) => t.as_ref(),
        _ => return None,
    };
    text.lines()
        .find_map(|l| {
            l.strip_prefix("Subject:")
                .or_else(|| l.strip_prefix("subject:"))
        })
        .map(|s| s.trim().to_string())
}

fn attachment(part: &MessagePart<'_>) -> Attachment {
    let bytes: Vec<u8> = match &part.body {
        PartType::Text(t) | PartType::Html(t) => t.as_bytes().to_vec(),
        PartType::Binary(b) | PartType::InlineBinary(b) => b.to_vec(),
        PartType::Message(m) => m.raw_message().to_vec(),
        PartType::Multipart(_) => Vec::new(),
    };
    let content_type = part.content_type().map_or_else(
        || "application/octet-stream".to_string(),
        |ct| match &ct.c_subtype {
            Some(sub) => format!("{}/{}", ct.c_type, sub).to_lowercase(),
            None => ct.c_type.to_lowercase(),
        },
    );
    Attachment {
        name: part.attachment_name().map(str::to_string),
        content_type,
        size: bytes.len(),
        bytes,
    }
}

/// Warnings for a part whose transfer encoding or charset could not be
/// decoded exactly (the part is shown as well as it can be).
fn check_part(part: &MessagePart<'_>, warnings: &mut Vec<Warning>) {
    if part.is_encoding_problem && !warnings.iter().any(|w| w.code == "bad-encoding") {
        warnings.push(Warning::new(
            "bad-encoding",
            "A part's base64 or quoted-printable encoding is damaged; it is shown as received."
                .into(),
        ));
    }
    let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
    if let Some(cs) = charset {
        let known = matches!(
            cs.to_ascii_lowercase().as_str(),
            "utf-8" | "utf8" | "us-ascii" | "ascii"
        ) || charset_decoder(cs.as_bytes()).is_some();
        if !known && !warnings.iter().any(|w| w.code == "unknown-charset") {
            warnings.push(Warning::new(
                "unknown-charset",
                format!(
                    "The character set \"{cs}\" is not known; its text may show wrong characters."
                ),
            ));
        }
    }
}

fn strip_html(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn too_large(len: usize) -> Error {
    Error::InputTooLarge(format!(
        "a message is at most {} MiB, this one is {} MiB",
        MAX_MESSAGE_BYTES >> 20,
        len.div_ceil(1 << 20)
    ))
}

/// Takes the OpenPGP message out of a whole `multipart/encrypted` email
/// (RFC 3156 section 4): its `application/octet-stream` part.
///
/// # Errors
///
/// [`Error::NotPgpMime`] when the message is not `multipart/encrypted`
/// with an encrypted part; [`Error::NotAMessage`], [`Error::InputTooLarge`].
pub fn encrypted_part(req: &MimeRequest) -> Result<EncryptedPart> {
    let prepared = prepare(&req.message, MAX_MESSAGE_BYTES)?;
    let msg = MessageParser::new()
        .parse(&prepared.bytes)
        .ok_or_else(|| Error::NotAMessage("no header fields could be read".into()))?;
    let root = msg.root_part();
    if !root.is_content_type("multipart", "encrypted") {
        return Err(Error::NotPgpMime(format!(
            "it is {}, not multipart/encrypted",
            type_of(root)
        )));
    }
    let part = msg
        .parts
        .iter()
        .skip(1)
        .find(|p| p.is_content_type("application", "octet-stream"))
        .ok_or_else(|| {
            Error::NotPgpMime("its encrypted part (application/octet-stream) is missing".into())
        })?;
    let encrypted = match &part.body {
        PartType::Text(t) => t.as_bytes().to_vec(),
        PartType::Binary(b) | PartType::InlineBinary(b) => b.to_vec(),
        _ => Vec::new(),
    };
    if encrypted.is_empty() {
        return Err(Error::NotPgpMime("its encrypted part is empty".into()));
    }
    Ok(EncryptedPart {
        encrypted,
        subject: msg.subject().map(str::to_string),
        from: msg.from().and_then(|a| a.first()).and_then(addr),
    })
}

fn type_of(part: &MessagePart<'_>) -> String {
    part.content_type().map_or_else(
        || "text/plain".into(),
        |ct| format!("{}/{}", ct.c_type, ct.c_subtype.as_deref().unwrap_or("")).to_lowercase(),
    )
}

/// Splits a `multipart/signed` message (RFC 3156 section 5, or the same
/// layout found after decryption) into the signed part, exactly as the
/// signature covers it (CRLF line endings), and the detached signature.
///
/// # Errors
///
/// [`Error::NotPgpMime`] when it is not `multipart/signed`;
/// [`Error::MalformedMime`] when its boundary or one of its two parts is
/// missing; [`Error::NotAMessage`], [`Error::InputTooLarge`].
pub fn signed_parts(req: &MimeRequest) -> Result<SignedParts> {
    let prepared = prepare(&req.message, MAX_MESSAGE_BYTES)?;
    let msg = MessageParser::new()
        .parse_headers(&prepared.bytes)
        .ok_or_else(|| Error::NotAMessage("no header fields could be read".into()))?;
    let root = msg.root_part();
    let ct = root
        .content_type()
        .filter(|_| root.is_content_type("multipart", "signed"))
        .ok_or_else(|| {
            Error::NotPgpMime(format!("it is {}, not multipart/signed", type_of(root)))
        })?;
    let boundary = ct.attribute("boundary").ok_or_else(|| {
        Error::MalformedMime("the multipart/signed message names no boundary".into())
    })?;
    let micalg = ct.attribute("micalg").map(str::to_ascii_lowercase);
    let start = find(&prepared.bytes, b"\n\n").map_or(prepared.bytes.len(), |i| i + 2);
    let body = prepared.bytes.get(start..).unwrap_or_default();
    let parts = split_parts(body, boundary.as_bytes());
    let [signed, signature] = parts.as_slice() else {
        return Err(Error::MalformedMime(format!(
            "a multipart/signed message has two parts, this one has {}",
            parts.len()
        )));
    };
    let signature = part_body(signature)
        .ok_or_else(|| Error::MalformedMime("the signature part has no body".into()))?;
    Ok(SignedParts {
        signed: to_crlf(signed),
        signature,
        micalg,
    })
}

/// The parts between `--boundary` lines (LF input), each without the
/// line break that belongs to the delimiter after it.
fn split_parts<'a>(body: &'a [u8], boundary: &[u8]) -> Vec<&'a [u8]> {
    let mut delimiters = Vec::new();
    let mut line_start = 0;
    let mut closed = false;
    for (i, _) in body
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .chain([(body.len(), &b'\n')])
    {
        let line = body.get(line_start..i).unwrap_or_default();
        if let Some(rest) = line
            .strip_prefix(b"--")
            .and_then(|l| l.strip_prefix(boundary))
        {
            let rest = trim_end(rest);
            if rest.is_empty() || rest == b"--" {
                delimiters.push((line_start, i + 1));
                if rest == b"--" {
                    closed = true;
                    break;
                }
            }
        }
        line_start = i + 1;
    }
    if !closed {
        return Vec::new();
    }
    delimiters
        .windows(2)
        .filter_map(|w| {
            let (start, end) = (w.first()?.1, w.get(1)?.0);
            body.get(start..end.saturating_sub(1).max(start))
        })
        .collect()
}

fn trim_end(b: &[u8]) -> &[u8] {
    let n = b
        .iter()
        .rev()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    b.get(..b.len() - n).unwrap_or(b)
}

/// The decoded body of one part (its headers parsed by `mail-parser`).
fn part_body(part: &[u8]) -> Option<Vec<u8>> {
    let msg = MessageParser::new().parse(part)?;
    match &msg.root_part().body {
        PartType::Text(t) | PartType::Html(t) => Some(t.as_bytes().to_vec()),
        PartType::Binary(b) | PartType::InlineBinary(b) => Some(b.to_vec()),
        _ => None,
    }
}

/// LF line endings as CRLF (the input was made LF-only first).
fn to_crlf(lf: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lf.len() + lf.len() / 32);
    for &b in lf {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_split_at_their_delimiters_only() {
        let body = b"preamble\n--b\nA: 1\n\none\n--bx\nstill one\n--b\ntwo\n--b--\nepilogue\n";
        let parts = split_parts(body, b"b");
        assert_eq!(parts, [&b"A: 1\n\none\n--bx\nstill one"[..], b"two"]);
        assert!(split_parts(b"--b\nunclosed\n", b"b").is_empty());
    }

    #[test]
    fn text_without_headers_is_not_mime() {
        assert!(!looks_like_mime(b"Hello Bob,\n\nsee you.\n"));
        assert!(!looks_like_mime(b"Subject: only a subject\n\nbody"));
        assert!(looks_like_mime(b"Content-Type: text/plain\n\nbody"));
    }
}
