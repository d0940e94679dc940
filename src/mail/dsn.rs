//! RFC 3464 delivery status notifications: the machine-readable part of
//! a bounce (`message/delivery-status`), one block per recipient.
//!
//! Real reports bend the format: blocks without the blank line between
//! them, fields in the text part instead of their own part, folded
//! `Diagnostic-Code` lines. The reader starts a new recipient at each
//! `Final-Recipient` (or an `Original-Recipient` that is not followed by
//! one), whatever the blank lines say.

use super::text::{addresses, collapse, status_code};

/// One recipient's fields of a delivery status notification.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct DsnRecipient {
    /// The address (`Final-Recipient`, else `Original-Recipient`), lower-case.
    pub address: String,
    /// The original address when it differs (forwarding, aliases).
    pub original: Option<String>,
    /// `Action`, lower-case: failed, delayed, delivered, relayed, expanded.
    pub action: String,
    /// `Status`, the enhanced status code.
    pub status: Option<String>,
    /// `Remote-MTA`, without its type.
    pub remote_mta: Option<String>,
    /// `Diagnostic-Code`, without its type, unwrapped.
    pub diagnostic: Option<String>,
    /// The type of the diagnostic, lower-case (`smtp`, `x-unix`, …).
    pub diagnostic_type: Option<String>,
}

/// The per-message fields and every recipient of a report.
#[derive(Debug, Default)]
pub(crate) struct Dsn {
    /// `Reporting-MTA`, without its type.
    pub reporting_mta: Option<String>,
    /// The recipients, in the report's order.
    pub recipients: Vec<DsnRecipient>,
}

/// Reads the fields of a delivery status body (or of text that holds
/// such fields). Lines that are not fields are skipped.
pub(crate) fn read(body: &str) -> Dsn {
    let mut dsn = Dsn::default();
    let mut current: Option<DsnRecipient> = None;
    // Fields of a block seen before its recipient's address.
    let mut pending: Vec<(String, String)> = Vec::new();
    for (name, value) in unfolded(body) {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "" => {
                dsn.recipients.extend(current.take());
                pending.clear();
            }
            "reporting-mta" => dsn.reporting_mta = Some(untyped(&value).to_string()),
            "final-recipient" | "original-recipient" | "x-actual-recipient" => {
                let Some(address) = first_address(&value) else {
                    continue;
                };
                let starts_new = current.as_ref().is_some_and(|r| {
                    name == "final-recipient" && !r.address.is_empty() && r.action_seen()
                });
                if starts_new {
                    dsn.recipients.extend(current.take());
                }
                let r = current.get_or_insert_with(DsnRecipient::default);
                for (n, v) in pending.drain(..) {
                    r.field(&n, &v);
                }
                if name == "original-recipient" {
                    r.original = Some(address.clone());
                }
                if name == "final-recipient" || r.address.is_empty() {
                    r.address = address;
                }
            }
            _ => match current.as_mut() {
                Some(r) => r.field(&name, &value),
                None => pending.push((name, value)),
            },
        }
    }
    dsn.recipients.extend(current);
    for r in &mut dsn.recipients {
        if r.original.as_deref() == Some(r.address.as_str()) {
            r.original = None;
        }
    }
    dsn.recipients.retain(|r| !r.address.is_empty());
    dsn
}

impl DsnRecipient {
    fn action_seen(&self) -> bool {
        !self.action.is_empty() || self.status.is_some() || self.diagnostic.is_some()
    }

    fn field(&mut self, name: &str, value: &str) {
        match name {
            "action" => self.action = collapse(value).to_lowercase(),
            "status" => self.status = status_code(value).or(self.status.take()),
            "remote-mta" => self.remote_mta = Some(untyped(value).to_string()),
            "diagnostic-code" => {
                let (kind, text) = typed(value);
                self.diagnostic_type = kind;
                self.diagnostic = Some(collapse(text)).filter(|d| !d.is_empty());
            }
            _ => {}
        }
    }
}

/// The header-like fields of `body` with folded lines joined.
fn unfolded(body: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open = false;
    for line in body.lines() {
        if line.trim().is_empty() {
            if open {
                out.push((String::new(), String::new()));
            }
            open = false;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let (true, Some((_, value))) = (open, out.last_mut()) {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        match line.split_once(':') {
            Some((name, value))
                if !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
            {
                out.push((name.to_string(), value.trim().to_string()));
                open = true;
            }
            _ => open = false,
        }
    }
    out
}

/// `rfc822; a@b` as (`rfc822`, `a@b`); a value without a type as is.
fn typed(value: &str) -> (Option<String>, &str) {
    match value.split_once(';') {
        Some((kind, rest))
            if !kind.is_empty()
                && kind.len() < 20
                && kind
                    .trim()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            (Some(kind.trim().to_ascii_lowercase()), rest.trim())
        }
        _ => (None, value.trim()),
    }
}

fn untyped(value: &str) -> &str {
    typed(value).1.trim_end_matches(';').trim()
}

/// The address of an `rfc822; <a@b>` value.
fn first_address(value: &str) -> Option<String> {
    addresses(untyped(value)).into_iter().next().map(|(_, a)| a)
}

/// Whether free text carries DSN recipient fields of its own.
pub(crate) fn has_fields(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start().to_ascii_lowercase();
        l.starts_with("final-recipient:") || l.starts_with("original-recipient:")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_recipients_with_and_without_a_blank_line() {
        let body = "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; a@x.example\n\
                    Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <a@x.example>:\n  \
                    User unknown\nFinal-Recipient: rfc822;b@y.example\nAction: delayed\nStatus: 4.2.2\n";
        let dsn = read(body);
        assert_eq!(dsn.reporting_mta.as_deref(), Some("mx.example.org"));
        assert_eq!(dsn.recipients.len(), 2);
        let a = &dsn.recipients[0];
        assert_eq!(a.address, "a@x.example");
        assert_eq!(
            a.diagnostic.as_deref(),
            Some("550 5.1.1 <a@x.example>: User unknown")
        );
        assert_eq!(a.diagnostic_type.as_deref(), Some("smtp"));
        assert_eq!(dsn.recipients[1].action, "delayed");
    }

    #[test]
    fn fields_before_the_recipient_belong_to_it() {
        let body = "Reporting-MTA: dns; x\n\nDiagnostic-Code: smtp; 550 5.1.1 refused\nStatus: 5.1.1\n\
                    Final-Recipient: rfc822; a@x.example\nAction: failed\n";
        let dsn = read(body);
        assert_eq!(dsn.recipients.len(), 1);
        assert_eq!(dsn.recipients[0].status.as_deref(), Some("5.1.1"));
        assert_eq!(
            dsn.recipients[0].diagnostic.as_deref(),
            Some("550 5.1.1 refused")
        );
    }

    #[test]
    fn original_recipient_before_final_is_one_recipient() {
        let body = "Original-Recipient: rfc822;alias@x.example\nFinal-Recipient: rfc822;real@x.example\n\
                    Action: failed\nStatus: 5.2.2\n";
        let dsn = read(body);
        assert_eq!(dsn.recipients.len(), 1);
        assert_eq!(dsn.recipients[0].address, "real@x.example");
        assert_eq!(
            dsn.recipients[0].original.as_deref(),
            Some("alias@x.example")
        );
    }
}
