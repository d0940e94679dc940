//! A small, tolerant reader of `Authentication-Results` (RFC 8601) and
//! `ARC-Authentication-Results` (RFC 8617).
//!
//! ```text
//! Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=a.example;
//!     dkim=pass (2048-bit key) header.d=a.example header.s=s1; dmarc=pass
//! ```
//!
//! Real fields bend the grammar: Microsoft writes `reason=` inside a
//! method and leaves out spaces before `;`, some servers omit the
//! authserv-id, comments nest, values are quoted. The reader splits on
//! `;` outside comments and quotes, takes the first clause as the
//! authserv-id unless it already looks like `method=result`, and reads
//! each `name=value` after that; anything it cannot place is skipped.

use std::collections::BTreeMap;

use serde::Serialize;

/// One result of an `Authentication-Results` field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthResult {
    /// The method, lower-case: `spf`, `dkim`, `dmarc`, `arc`, `iprev`, …
    pub method: String,
    /// The result, lower-case: `pass`, `fail`, `softfail`, `none`, …
    pub result: String,
    /// The server that checked (the field's authserv-id).
    pub authserv_id: Option<String>,
    /// The `reason=` given, if any.
    pub reason: Option<String>,
    /// The properties: `smtp.mailfrom`, `header.d`, `header.from`, …
    pub properties: BTreeMap<String, String>,
    /// Whether it comes from an `ARC-Authentication-Results` field.
    pub arc: bool,
    /// The ARC instance (`i=`), for ARC results.
    pub arc_instance: Option<u32>,
}

/// Reads the value of one `Authentication-Results` field (or, with
/// `arc`, of an `ARC-Authentication-Results` field). Never fails: what
/// cannot be read is left out.
///
/// # Example
///
/// ```
/// let r = sealpost::mail::parse_authentication_results(
///     "mx.example.org; spf=pass (good) smtp.mailfrom=a.example; dkim=fail header.d=a.example",
///     false,
/// );
/// assert_eq!(r.len(), 2);
/// assert_eq!(r[1].method, "dkim");
/// assert_eq!(r[1].properties["header.d"], "a.example");
/// ```
pub fn parse_authentication_results(value: &str, arc: bool) -> Vec<AuthResult> {
    let mut clauses = split_clauses(value).into_iter().peekable();
    let mut instance = None;
    if arc
        && let Some(first) = clauses.peek()
        && let Some(i) = first.trim().strip_prefix("i=")
    {
        instance = i.trim().parse().ok();
        clauses.next();
    }
    let mut authserv_id = None;
    if let Some(first) = clauses.peek() {
        let words = tokens(first);
        if !words.first().is_some_and(|w| w.contains('=')) {
            authserv_id = words.first().map(|w| w.to_lowercase());
            clauses.next();
        }
    }
    clauses
        .filter_map(|c| result(&c, authserv_id.clone(), arc, instance))
        .collect()
}

fn result(
    clause: &str,
    authserv_id: Option<String>,
    arc: bool,
    instance: Option<u32>,
) -> Option<AuthResult> {
    let mut words = tokens(clause).into_iter();
    let (method, result) = words
        .next()?
        .split_once('=')
        .map(|(m, r)| (m.to_string(), r.to_string()))?;
    let method = method
        .split('/')
        .next()
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    let result = result.trim().trim_matches('"').to_lowercase();
    if method.is_empty()
        || result.is_empty()
        || !method
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let mut properties = BTreeMap::new();
    let mut reason = None;
    for word in words {
        let Some((name, value)) = word.split_once('=') else {
            continue;
        };
        let name = name.trim().to_lowercase();
        let value = value.trim().trim_matches('"').to_string();
        if name == "reason" {
            reason = Some(value);
        } else if !name.is_empty() {
            properties.insert(name, value);
        }
    }
    Some(AuthResult {
        method,
        result,
        authserv_id,
        reason,
        properties,
        arc,
        arc_instance: instance,
    })
}

/// The `;`-separated clauses of a value, outside comments and quotes.
fn split_clauses(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for c in value.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' if depth == 0 => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            ';' if !quoted && depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter().filter(|c| !c.trim().is_empty()).collect()
}

/// The words of a clause: comments removed, `name = value` joined, a
/// quoted value kept whole.
fn tokens(clause: &str) -> Vec<String> {
    let mut plain = String::new();
    let (mut depth, mut quoted) = (0usize, false);
    for c in clause.chars() {
        match c {
            '"' if depth == 0 => {
                quoted = !quoted;
                plain.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    plain.push(' ');
                }
            }
            _ if depth > 0 => {}
            c if quoted && c.is_whitespace() => plain.push('\u{1f}'),
            c => plain.push(c),
        }
    }
    let joined = plain.replace(" =", "=").replace("= ", "=");
    joined
        .split_whitespace()
        .map(|w| w.replace('\u{1f}', " "))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_style_field() {
        let v = "mx.google.com;\n       dkim=pass header.i=@example.org header.s=s1 header.b=abc;\n       \
                 spf=pass (google.com: domain of a@example.org designates 192.0.2.1 as permitted sender) \
                 smtp.mailfrom=a@example.org;\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.org";
        let r = parse_authentication_results(v, false);
        let methods: Vec<&str> = r.iter().map(|r| r.method.as_str()).collect();
        assert_eq!(methods, ["dkim", "spf", "dmarc"]);
        assert!(
            r.iter()
                .all(|r| r.result == "pass" && r.authserv_id.as_deref() == Some("mx.google.com"))
        );
        assert_eq!(r[1].properties["smtp.mailfrom"], "a@example.org");
    }

    #[test]
    fn microsoft_style_field() {
        let v = "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.org; dkim=none (message not signed) \
                 header.d=none;dmarc=none action=none header.from=example.org;compauth=pass reason=100";
        let r = parse_authentication_results(v, false);
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].authserv_id, None);
        assert_eq!(r[2].method, "dmarc");
        assert_eq!(r[3].reason.as_deref(), Some("100"));
    }

    #[test]
    fn arc_field_keeps_its_instance() {
        let r = parse_authentication_results("i=2; mx.example.net; arc=pass (i=1 spf=pass)", true);
        assert_eq!(r.len(), 1);
        assert!(r[0].arc);
        assert_eq!(r[0].arc_instance, Some(2));
        assert_eq!(r[0].authserv_id.as_deref(), Some("mx.example.net"));
    }

    #[test]
    fn broken_fields_do_not_fail() {
        for v in [
            "",
            ";;;",
            "(((",
            "mx; =pass",
            "mx; spf=",
            "\"unterminated; dkim=pass",
            "mx 1; none",
        ] {
            let _ = parse_authentication_results(v, false);
        }
        assert!(parse_authentication_results("mx.example.org; none", false).is_empty());
    }
}
