//! The hops of a message: its `Received` fields, oldest first, each with
//! its TLS, its time and the delay since the hop before.
//!
//! `mail-parser` reads each field into from / by / with / TLS version /
//! cipher / date; this module decides what that means for the reader:
//! was the hop encrypted, and how long did it take.

use mail_parser::{Host, Protocol, Received, TlsVersion};
use serde::Serialize;

use super::notice::utc;

/// How one hop was protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encryption {
    /// TLS 1.2 or 1.3 was recorded.
    Strong,
    /// An outdated TLS version (1.0, 1.1) or SSL was recorded.
    Weak,
    /// Between two hosts over SMTP with no TLS recorded: sent in the clear.
    None,
    /// Within one host: localhost, LMTP delivery, local pickup.
    Local,
    /// Cannot tell (webmail submission over HTTP, TLS without a version,
    /// an unusual protocol).
    Unknown,
}

/// One hop, as its `Received` field tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hop {
    /// The host it came from, as the receiving host saw or was told it.
    pub from: Option<String>,
    /// The address it came from.
    pub from_ip: Option<String>,
    /// The host that received it and wrote the field.
    pub by: Option<String>,
    /// The protocol (`ESMTPS`, `LMTP`, `HTTP`, …).
    pub with: Option<String>,
    /// The TLS version (`TLSv1.3`, `TLSv1.2`, `TLSv1.0`, `SSLv3`, …).
    pub tls: Option<String>,
    /// The TLS cipher suite, if recorded.
    pub cipher: Option<String>,
    /// When it was received, in UTC (RFC 3339).
    pub at: Option<String>,
    /// Seconds since the hop before (none for the first); negative when a
    /// clock is behind.
    pub delay_seconds: Option<i64>,
    /// How the hop was protected.
    pub encryption: Encryption,
    /// Something odd about the hop, in a sentence (a clock behind).
    pub note: Option<String>,
}

/// The hops of `received` (newest first, as in the header), oldest first.
pub(crate) fn hops(received: &[&Received<'_>]) -> Vec<Hop> {
    let mut out: Vec<Hop> = Vec::with_capacity(received.len());
    let mut previous: Option<i64> = None;
    for r in received.iter().rev() {
        let at = r
            .date
            .as_ref()
            .filter(|d| d.is_valid())
            .map(|d| d.to_timestamp());
        let delay = match (previous, at) {
            (Some(p), Some(a)) => Some(a - p),
            _ => None,
        };
        let mut hop = hop(r);
        hop.delay_seconds = delay;
        if delay.is_some_and(|d| d < 0) {
            hop.note = Some(format!(
                "This hop is stamped {} before the one before it: a clock is behind, so its delay \
                 is not real.",
                duration(-delay.unwrap_or(0))
            ));
        }
        previous = at.or(previous);
        out.push(hop);
    }
    out
}

fn hop(r: &Received<'_>) -> Hop {
    let from = r
        .from
        .as_ref()
        .map(host)
        .or_else(|| r.helo.as_ref().map(host));
    let by = r.by.as_ref().map(host);
    let tls = r.tls_version.map(tls_name);
    let with = r.with.map(protocol_name);
    let encryption = encryption(r, from.as_deref(), by.as_deref());
    Hop {
        from_ip: r.from_ip.map(|ip| ip.to_string()),
        from,
        by,
        with,
        tls: tls.map(str::to_string),
        cipher: r.tls_cipher.as_deref().map(str::to_string),
        at: r.date.as_ref().and_then(utc),
        delay_seconds: None,
        encryption,
        note: None,
    }
}

fn host(h: &Host<'_>) -> String {
    match h {
        Host::Name(n) => n.trim_matches(['[', ']']).to_lowercase(),
        Host::IpAddr(ip) => ip.to_string(),
    }
}

fn encryption(r: &Received<'_>, from: Option<&str>, by: Option<&str>) -> Encryption {
    match r.tls_version {
        Some(
            TlsVersion::TLSv1_2 | TlsVersion::TLSv1_3 | TlsVersion::DTLSv1_2 | TlsVersion::DTLSv1_3,
        ) => {
            return Encryption::Strong;
        }
        Some(_) => return Encryption::Weak,
        None => {}
    }
    let local_ip = r.from_ip.is_some_and(|ip| ip.is_loopback());
    let local_name = from.is_some_and(|f| f == "localhost" || f.starts_with("localhost."))
        || (from.is_some() && from == by);
    use Protocol::*;
    match r.with {
        Some(
            LMTP | LMTPA | LMTPS | LMTPSA | UTF8LMTP | UTF8LMTPA | UTF8LMTPS | UTF8LMTPSA | Local,
        ) => Encryption::Local,
        _ if local_ip || local_name || (r.from.is_none() && r.from_ip.is_none()) => {
            Encryption::Local
        }
        Some(ESMTPS | ESMTPSA | UTF8SMTPS | UTF8SMTPSA) => Encryption::Unknown,
        Some(SMTP | ESMTP | ESMTPA | UTF8SMTP | UTF8SMTPA) => Encryption::None,
        _ => Encryption::Unknown,
    }
}

fn tls_name(v: TlsVersion) -> &'static str {
    match v {
        TlsVersion::SSLv2 => "SSLv2",
        TlsVersion::SSLv3 => "SSLv3",
        TlsVersion::TLSv1_0 => "TLSv1.0",
        TlsVersion::TLSv1_1 => "TLSv1.1",
        TlsVersion::TLSv1_2 => "TLSv1.2",
        TlsVersion::TLSv1_3 => "TLSv1.3",
        TlsVersion::DTLSv1_0 => "DTLSv1.0",
        TlsVersion::DTLSv1_2 => "DTLSv1.2",
        TlsVersion::DTLSv1_3 => "DTLSv1.3",
    }
}

fn protocol_name(p: Protocol) -> String {
    let name = format!("{p:?}");
    if name == "Local" {
        "local".into()
    } else {
        name
    }
}

/// A duration for people: `45 s`, `3 min 20 s`, `2 h 5 min`, `3 d 4 h`.
pub(crate) fn duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 if s.is_multiple_of(60) => format!("{} min", s / 60),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        3600..=86_399 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(5), "5 s");
        assert_eq!(duration(200), "3 min 20 s");
        assert_eq!(duration(7500), "2 h 5 min");
        assert_eq!(duration(-90_000), "1 d 1 h");
    }
}
