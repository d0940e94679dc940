//! Reading a bounce: who did not get the message, why, and what to do.

use mail_parser::MessageParser;

use super::api::{
    Bounce, BounceRequest, Category, FailedRecipient, Kind, MAX_BOUNCE_READ_BYTES, MAX_RECIPIENTS,
    Warning,
};
use super::dsn::{self, DsnRecipient};
use super::freeform::{self, Mention};
use super::notice::{Notice, notice};
use super::reason::{Evidence, NoticeWords, reason};
use super::text::{
    MAX_DIAGNOSTIC_CHARS, folded, reply_code, shorten, status_code, status_codes, unwrap_reply,
};
use super::{input, json, kind};
use crate::{Error, Result};

/// Reads a bounce: each failed or delayed recipient with a category, a
/// reason, the codes and the remote server's words, and a sentence of
/// what to do. Auto-replies, feedback reports, delivery receipts and
/// ordinary mail come back with `bounce: false` and their [`Kind`].
///
/// Only the first [`MAX_BOUNCE_READ_BYTES`] are read (a warning says so):
/// the report comes first, and the rest is the returned message.
///
/// # Errors
///
/// [`Error::InputTooLarge`] above [`MAX_MESSAGE_BYTES`](super::MAX_MESSAGE_BYTES);
/// [`Error::NotAMessage`] for empty input, binary data or text without
/// header fields.
///
/// # Example
///
/// ```
/// use sealpost::mail::{read_bounce, BounceRequest, Category};
///
/// let eml = "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\
///            To: me@example.net\n\n<nobody@example.com>: host mx.example.com[192.0.2.1] said:\n\
///            \x20   550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\n\
///            \x20   (in reply to RCPT TO command)\n";
/// let bounce = read_bounce(&BounceRequest { message: eml.as_bytes().to_vec().into() })?;
/// assert!(bounce.bounce);
/// assert_eq!(bounce.recipients[0].category, Category::NoSuchAddress);
/// assert_eq!(bounce.recipients[0].status.as_deref(), Some("5.1.1"));
/// # Ok::<(), sealpost::Error>(())
/// ```
pub fn read_bounce(req: &BounceRequest) -> Result<Bounce> {
    let prepared = input::prepare(&req.message, MAX_BOUNCE_READ_BYTES)?;
    let outer = read_prepared(&prepared.bytes, prepared.warnings)?;
    Ok(outer)
}

/// Reads a bounce from LF bytes; a bounce that only wraps another one
/// (forwarded, or bounced again) is read as the inner one, once.
fn read_prepared(bytes: &[u8], warnings: Vec<Warning>) -> Result<Bounce> {
    let (outer, inner) = read_one(bytes, warnings.clone())?;
    let vague = outer.recipients.iter().all(|r| r.reason == "onhold");
    if vague
        && let Some(inner) = inner
        && let Ok((b, _)) = read_one(&input::to_lf(&inner), warnings)
        && b.bounce
        && !b.recipients.is_empty()
    {
        return Ok(b);
    }
    Ok(outer)
}

fn read_one(bytes: &[u8], warnings: Vec<Warning>) -> Result<(Bounce, Option<Vec<u8>>)> {
    let msg = MessageParser::new()
        .parse(bytes)
        .ok_or_else(|| Error::NotAMessage("no header fields could be read".into()))?;
    let n = notice(&msg);
    let mut warnings = warnings;
    if n.parts_cut {
        warnings.push(Warning::new(
            "too-many-parts",
            format!(
                "Only the first {} parts of the message were read.",
                super::MAX_PARTS
            ),
        ));
    }
    let json = json::read(&n.text);
    let dsn = json
        .as_ref()
        .map(|j| dsn::Dsn {
            reporting_mta: None,
            recipients: j.recipients.iter().map(from_json).collect(),
        })
        .or_else(|| n.status.as_deref().map(dsn::read))
        .filter(|d| !d.recipients.is_empty())
        .or_else(|| dsn::has_fields(&n.text).then(|| dsn::read(&n.text)));
    let reporting_mta = dsn.as_ref().and_then(|d| d.reporting_mta.clone());
    let kind = json.map_or_else(|| kind::of(&n, dsn.as_ref()), |j| j.kind);
    let recipients = match kind {
        Kind::Failure | Kind::Delay => {
            let delay = kind == Kind::Delay;
            recipients(&n, dsn.as_ref().map(|d| d.recipients.as_slice()), delay)
        }
        _ => Vec::new(),
    };
    let mut recipients = recipients;
    if recipients.len() > MAX_RECIPIENTS {
        recipients.truncate(MAX_RECIPIENTS);
        warnings.push(Warning::new(
            "too-many-recipients",
            format!("Only the first {MAX_RECIPIENTS} recipients are listed."),
        ));
    }
    let bounce = matches!(kind, Kind::Failure | Kind::Delay);
    if bounce && recipients.is_empty() {
        warnings.push(Warning::new(
            "no-recipient",
            "This looks like a bounce, but it names no recipient that Sealpost could read.".into(),
        ));
    }
    let b = Bounce {
        bounce,
        kind,
        recipients,
        original: bounce.then_some(n.original.clone()).flatten(),
        reporting_mta: bounce.then_some(reporting_mta).flatten(),
        warnings,
    };
    Ok((b, n.inner))
}

/// The failed recipients, from the DSN fields where there are some, else
/// from the notice's prose; in a delay notice (`delay`), all are delayed.
fn recipients(n: &Notice, dsn: Option<&[DsnRecipient]>, delay: bool) -> Vec<FailedRecipient> {
    let mut exclude: Vec<String> = n.to.iter().chain(n.original_from.iter()).cloned().collect();
    exclude.extend(super::text::addresses(&n.from).into_iter().map(|(_, a)| a));
    let mut mentions = freeform::mentions(&n.text, &exclude);
    if mentions.is_empty() {
        // A bounce of a message someone sent to themselves names its own
        // recipient as the failed one.
        mentions = freeform::mentions(&n.text, &[]);
    }
    let notice = NoticeWords::of(&folded(&n.text));
    let listed: Vec<&DsnRecipient> = dsn
        .unwrap_or_default()
        .iter()
        .filter(|r| {
            !matches!(
                r.action.as_str(),
                "delivered" | "deliverable" | "relayed" | "expanded"
            )
        })
        .take(MAX_RECIPIENTS + 1)
        .collect();
    if !listed.is_empty() {
        return listed
            .into_iter()
            .map(|r| {
                let block = block_of(
                    &mentions,
                    &[&r.address, r.original.as_deref().unwrap_or("")],
                );
                from_dsn(r, &block, &notice, delay)
            })
            .collect();
    }
    let mut found: Vec<Mention> = mentions;
    if found.is_empty() {
        let fallback = n
            .failed
            .first()
            .or(n.original.as_ref().and_then(|o| o.recipient.as_ref()));
        if let Some(address) = fallback {
            found.push(Mention {
                address: address.clone(),
                block: n.text.clone(),
            });
        }
    } else if !n.failed.is_empty() {
        found.retain(|m| n.failed.contains(&m.address));
        if found.is_empty() {
            found = n
                .failed
                .iter()
                .map(|a| Mention {
                    address: a.clone(),
                    block: n.text.clone(),
                })
                .collect();
        }
    }
    let single = found.len() == 1;
    found
        .into_iter()
        .map(|m| {
            let block = if single {
                n.text.clone()
            } else {
                m.block.clone()
            };
            from_prose(&m.address, &block, &notice, delay)
        })
        .collect()
}

fn from_json(r: &json::JsonRecipient) -> DsnRecipient {
    DsnRecipient {
        address: r.address.clone(),
        action: r.action.clone().unwrap_or_else(|| "failed".into()),
        status: r.status.clone(),
        diagnostic: r.diagnostic.clone(),
        diagnostic_type: Some("smtp".into()),
        ..DsnRecipient::default()
    }
}

/// The notice's lines about any of `addresses`.
fn block_of(mentions: &[Mention], addresses: &[&str]) -> String {
    if mentions.len() == 1 {
        return mentions
            .first()
            .map(|m| m.block.clone())
            .unwrap_or_default();
    }
    mentions
        .iter()
        .filter(|m| addresses.contains(&m.address.as_str()))
        .map(|m| m.block.as_str())
        .collect()
}

fn from_dsn(r: &DsnRecipient, block: &str, notice: &NoticeWords, delay: bool) -> FailedRecipient {
    let prose = freeform::diagnostic(block);
    let diagnostic = r.diagnostic.clone().or(prose).map(|d| unwrap_reply(&d));
    let words = diagnostic.as_deref().unwrap_or_default();
    let status = best_status(r.status.as_deref(), words);
    let delayed = delay || r.action.starts_with("delay");
    let lower_block = folded(block);
    let evidence = Evidence {
        diagnostic: &folded(words),
        block: &lower_block,
        notice,
        status: status.as_deref(),
        stage: freeform::stage(&lower_block).or_else(|| freeform::stage(&folded(words))),
        diagnostic_type: r.diagnostic_type.as_deref(),
    };
    let remote_host = r
        .remote_mta
        .clone()
        .or_else(|| freeform::remote_host(block));
    finish(
        &r.address,
        &evidence,
        diagnostic,
        status.clone(),
        remote_host,
        delayed,
    )
}

fn from_prose(address: &str, block: &str, notice: &NoticeWords, delay: bool) -> FailedRecipient {
    let diagnostic = freeform::diagnostic(block).map(|d| unwrap_reply(&d));
    let words = diagnostic.as_deref().unwrap_or_default();
    let status = best_status(status_code(block).as_deref(), words);
    let lower_block = folded(block);
    let evidence = Evidence {
        diagnostic: &folded(words),
        block: &lower_block,
        notice,
        status: status.as_deref(),
        stage: freeform::stage(&lower_block),
        diagnostic_type: None,
    };
    finish(
        address,
        &evidence,
        diagnostic,
        status.clone(),
        freeform::remote_host(block),
        delay,
    )
}

fn finish(
    address: &str,
    e: &Evidence<'_>,
    diagnostic: Option<String>,
    status: Option<String>,
    remote_host: Option<String>,
    delayed: bool,
) -> FailedRecipient {
    let mut reason = reason(e);
    // A delay without a clearer cause: the receiver keeps deferring or
    // cannot be reached (Sisimai's "expired" covers both).
    let vague = matches!(reason, "onhold" | "systemerror" | "syntaxerror");
    let coded = reason == "networkerror" && super::reason::from_words(e.diagnostic).is_none();
    if delayed && (vague || coded) {
        reason = "expired";
    }
    let category = if delayed {
        Category::Delayed
    } else {
        kind::category(reason)
    };
    let words = diagnostic.as_deref().unwrap_or_default();
    FailedRecipient {
        address: address.to_string(),
        category,
        reason: reason.to_string(),
        status,
        reply_code: reply_code(words).or_else(|| reply_code(e.block)),
        remote_host,
        diagnostic: diagnostic.map(|d| shorten(&d, MAX_DIAGNOSTIC_CHARS)),
        action: kind::action(category, reason).to_string(),
    }
}

/// The report's status, unless it is a generic `x.0.0` and the server's
/// own words carry a more specific one.
fn best_status(reported: Option<&str>, words: &str) -> Option<String> {
    let own = status_codes(words).find(|s| !s.ends_with(".0.0") && !s.starts_with('2'));
    match reported {
        Some(r) if r.ends_with(".0.0") => own.or(Some(r.to_string())),
        Some(r) => Some(r.to_string()),
        None => own.or_else(|| status_codes(words).find(|s| !s.starts_with('2'))),
    }
}
