//! Reading a header block: how the message travelled, whether each hop
//! was encrypted, how long it took, and what the receiver's checks of
//! SPF, DKIM and DMARC said, in plain words.

use mail_parser::{HeaderValue, MessageParser};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::api::{MAX_HEADER_BYTES, MAX_HEADER_SCAN_BYTES, MAX_HOPS, Warning};
use super::authres::{AuthResult, parse_authentication_results};
use super::hops::{Encryption, Hop, duration, hops};
use super::input;
use crate::{Error, Result};

/// What [`read_headers`] reads.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HeadersRequest {
    /// A whole message (`.eml`) or only its header block, any line endings.
    pub message: ByteBuf,
}

/// SPF, DKIM or DMARC as the receiver found it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthVerdict {
    /// `spf`, `dkim` or `dmarc`.
    pub method: String,
    /// The result (`pass`, `fail`, …), none when the receiver did not say.
    pub result: Option<String>,
    /// One sentence for people.
    pub sentence: String,
}

/// The plain summary of a header block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// "Encrypted on every hop", "Sent in the clear between X and Y", …
    pub encryption: String,
    /// Seconds from the first hop to the last, when both have a time.
    pub total_delay_seconds: Option<i64>,
    /// The index (in `hops`) of the slowest hop.
    pub slowest_hop: Option<usize>,
    /// The delay in words: total and slowest hop.
    pub delay: String,
    /// SPF, DKIM and DMARC, in that order.
    pub checks: Vec<AuthVerdict>,
    /// Why the lower `Received` lines are not proof.
    pub forgery_note: String,
    /// Every sentence above, in reading order.
    pub sentences: Vec<String>,
}

/// What [`read_headers`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Headers {
    /// The hops in the order the message travelled (oldest first).
    pub hops: Vec<Hop>,
    /// Every result of `Authentication-Results` and (marked `arc`)
    /// `ARC-Authentication-Results`, newest field first.
    pub authentication: Vec<AuthResult>,
    /// The summary in words.
    pub summary: Summary,
    /// The message's subject, if it has one.
    pub subject: Option<String>,
    /// What was cut or left out.
    pub warnings: Vec<Warning>,
}

/// Reads the header block of a message: hops, authentication results
/// and a summary. Only the header block is read (looked for in the first
/// [`MAX_HEADER_SCAN_BYTES`], at most [`MAX_HEADER_BYTES`] of it, fields
/// longer than [`MAX_HEADER_FIELD_BYTES`](super::MAX_HEADER_FIELD_BYTES)
/// left out with a warning); a body that follows is ignored.
///
/// # Errors
///
/// [`Error::NotAMessage`] for empty input, binary data, text that does
/// not start with header fields, or a header block with neither
/// `Received` nor `Authentication-Results` fields;
/// [`Error::InputTooLarge`] above [`MAX_MESSAGE_BYTES`](super::MAX_MESSAGE_BYTES).
pub fn read_headers(req: &HeadersRequest) -> Result<Headers> {
    let prepared = input::prepare(&req.message, MAX_HEADER_SCAN_BYTES)?;
    let mut warnings: Vec<Warning> = prepared
        .warnings
        .into_iter()
        .filter(|w| w.code != "input-cut")
        .collect();
    let mut block = input::header_block(&prepared.bytes, &mut warnings);
    if block.len() > MAX_HEADER_BYTES {
        let end = block
            .get(..MAX_HEADER_BYTES)
            .and_then(|b| b.iter().rposition(|&c| c == b'\n'));
        block.truncate(end.map_or(MAX_HEADER_BYTES, |i| i + 1));
        block.push(b'\n');
        warnings.push(Warning::new(
            "header-cut",
            format!(
                "Only the first {} MiB of the header block were read.",
                MAX_HEADER_BYTES >> 20
            ),
        ));
    }
    let msg = MessageParser::new()
        .parse_headers(&block)
        .ok_or_else(|| Error::NotAMessage("no header fields could be read".into()))?;
    let mut received = Vec::new();
    let mut authentication = Vec::new();
    for h in msg.headers() {
        match (&h.value, h.name().to_ascii_lowercase().as_str()) {
            (HeaderValue::Received(r), _) => received.push(r.as_ref()),
            (_, name @ ("authentication-results" | "arc-authentication-results")) => {
                let raw = raw_value(&block, h.offset_start(), h.offset_end());
                authentication.extend(parse_authentication_results(&raw, name.starts_with("arc")));
            }
            _ => {}
        }
    }
    if received.is_empty() && authentication.is_empty() {
        return Err(Error::NotAMessage(
            "it has no \"Received\" or \"Authentication-Results\" fields to read".into(),
        ));
    }
    if received.len() > MAX_HOPS {
        received.truncate(MAX_HOPS);
        warnings.push(Warning::new(
            "too-many-hops",
            format!("Only the newest {MAX_HOPS} hops are listed."),
        ));
    }
    let hops = hops(&received);
    let summary = summary(&hops, &authentication);
    Ok(Headers {
        hops,
        authentication,
        summary,
        subject: msg.subject().map(str::to_string),
        warnings,
    })
}

/// A field's value as written, from the offsets `mail-parser` gives.
fn raw_value(block: &[u8], start: u32, end: u32) -> String {
    let bytes = block.get(start as usize..end as usize).unwrap_or_default();
    String::from_utf8_lossy(bytes).into_owned()
}

fn summary(hops: &[Hop], auth: &[AuthResult]) -> Summary {
    let encryption = encryption_sentence(hops);
    let (total, slowest, delay) = delay_sentence(hops);
    let checks = checks(auth);
    let forgery_note = forgery_note(hops);
    let mut sentences = vec![encryption.clone(), delay.clone()];
    sentences.extend(checks.iter().map(|c| c.sentence.clone()));
    sentences.push(forgery_note.clone());
    Summary {
        encryption,
        total_delay_seconds: total,
        slowest_hop: slowest,
        delay,
        checks,
        forgery_note,
        sentences,
    }
}

fn name(h: Option<&String>) -> &str {
    h.map_or("an unnamed host", String::as_str)
}

fn encryption_sentence(hops: &[Hop]) -> String {
    let between = |h: &Hop| {
        format!(
            "between {} and {}",
            name(h.from.as_ref()),
            name(h.by.as_ref())
        )
    };
    let clear: Vec<String> = hops
        .iter()
        .filter(|h| h.encryption == Encryption::None)
        .map(between)
        .collect();
    let weak: Vec<String> = hops
        .iter()
        .filter(|h| h.encryption == Encryption::Weak)
        .map(between)
        .collect();
    let unknown = hops
        .iter()
        .filter(|h| h.encryption == Encryption::Unknown)
        .count();
    let mut parts = Vec::new();
    if !clear.is_empty() {
        parts.push(format!("Sent in the clear {}.", clear.join(", ")));
    }
    if !weak.is_empty() {
        parts.push(format!(
            "An outdated TLS version was used {}.",
            weak.join(", ")
        ));
    }
    if parts.is_empty() {
        let any = hops.iter().any(|h| h.encryption == Encryption::Strong);
        return match (unknown, any) {
            (0, true) => "Encrypted on every hop between servers.".into(),
            (0, false) if hops.is_empty() => "The header block records no hops.".into(),
            (0, false) => "Every hop stayed within one host.".into(),
            (n, _) => format!(
                "No hop was sent in the clear, but for {n} hop{} the header does not say whether \
                 it was encrypted.",
                if n == 1 { "" } else { "s" }
            ),
        };
    }
    parts.join(" ")
}

fn delay_sentence(hops: &[Hop]) -> (Option<i64>, Option<usize>, String) {
    let times: Vec<i64> = hops
        .iter()
        .filter_map(|h| h.at.as_ref().map(|_| 0))
        .collect();
    let delays: Vec<(usize, i64)> = hops
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.delay_seconds.map(|d| (i, d)))
        .collect();
    if times.len() < 2 || delays.is_empty() {
        return (
            None,
            None,
            "The hops do not carry enough times to tell the delay.".into(),
        );
    }
    let total: i64 = delays.iter().map(|&(_, d)| d).sum();
    let slowest = delays.iter().max_by_key(|&&(_, d)| d).map(|&(i, _)| i);
    let mut s = format!(
        "It took {} from the first hop to the last",
        duration(total.max(0))
    );
    if let Some(h) = slowest.and_then(|i| hops.get(i)) {
        let d = h.delay_seconds.unwrap_or(0);
        s.push_str(&format!(
            "; the slowest hop, {} into {}, took {}",
            name(h.from.as_ref()),
            name(h.by.as_ref()),
            duration(d)
        ));
    }
    s.push('.');
    if delays.iter().any(|&(_, d)| d < 0) {
        s.push_str(" A clock on the way is behind, so some delays are not real.");
    }
    (Some(total), slowest, s)
}

/// SPF, DKIM and DMARC from the newest field that names each.
fn checks(auth: &[AuthResult]) -> Vec<AuthVerdict> {
    ["spf", "dkim", "dmarc"]
        .iter()
        .map(|&m| {
            let found = auth.iter().find(|r| !r.arc && r.method == m);
            let result = found.map(|r| r.result.clone());
            let sentence = verdict_sentence(m, result.as_deref(), found);
            AuthVerdict {
                method: m.to_string(),
                result,
                sentence,
            }
        })
        .collect()
}

fn verdict_sentence(method: &str, result: Option<&str>, r: Option<&AuthResult>) -> String {
    let prop = |k: &str| r.and_then(|r| r.properties.get(k)).map(String::as_str);
    let upper = method.to_uppercase();
    match (method, result) {
        (_, None) => format!("{upper}: the receiving server did not record a result."),
        ("spf", Some("pass")) => format!(
            "SPF passed: the sending server may send mail for {}.",
            prop("smtp.mailfrom")
                .or(prop("smtp.helo"))
                .unwrap_or("the sender's domain")
        ),
        ("dkim", Some("pass")) => format!(
            "DKIM passed: the message was signed by {} and not changed since.",
            prop("header.d")
                .or(prop("header.i"))
                .unwrap_or("the sender's domain")
        ),
        ("dmarc", Some("pass")) => format!(
            "DMARC passed: the From address's domain {} vouches for this message.",
            prop("header.from").unwrap_or("")
        )
        .replace("domain  vouches", "domain vouches"),
        (_, Some("fail" | "hardfail")) => format!(
            "{upper} failed: the receiving server could not confirm that this message comes from \
             where it claims."
        ),
        (_, Some("softfail")) => {
            format!("{upper} soft-failed: the sender's domain does not vouch for this server.")
        }
        (_, Some("none")) => format!("{upper}: none, the sender's domain does not use it."),
        (_, Some(other)) => format!("{upper}: {other}."),
    }
}

fn forgery_note(hops: &[Hop]) -> String {
    match hops.last().and_then(|h| h.by.as_ref()) {
        Some(receiver) => format!(
            "Only the newest hops, written by your own provider's servers (such as {receiver}), are \
             certain: the Received lines below them were written by other servers and can be forged."
        ),
        None => {
            "Received lines can be forged by any server on the way; only those written by your \
                 own provider's servers are certain."
                .into()
        }
    }
}
