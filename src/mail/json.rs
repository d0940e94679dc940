//! Notifications that a sending service mails as JSON (Amazon SES sends
//! its bounce, complaint and delivery events this way through SNS):
//! `{"notificationType":"Bounce","bounce":{"bouncedRecipients":[…]}}`.
//!
//! Only the few fields Sealpost needs are looked up, by name, with a
//! string reader that understands JSON escapes; the rest is skipped.

use super::api::Kind;

/// One recipient of a JSON bounce notification.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct JsonRecipient {
    /// `emailAddress`, lower-case.
    pub address: String,
    /// `status`, the enhanced status code.
    pub status: Option<String>,
    /// `diagnosticCode`, without its `smtp;` type.
    pub diagnostic: Option<String>,
    /// `action`, lower-case.
    pub action: Option<String>,
}

/// A JSON notification: its kind and, for a bounce, its recipients.
pub(crate) struct JsonNotice {
    pub kind: Kind,
    pub recipients: Vec<JsonRecipient>,
}

/// Reads a JSON notification from the text of a message, if it is one.
pub(crate) fn read(text: &str) -> Option<JsonNotice> {
    // SNS may carry the notification as a JSON string inside its own
    // JSON (`"Message" : "{\"notificationType\":…}"`): unescape it first.
    let escaped = r#"{\"notificationType\""#;
    if !text.contains("{\"notificationType\"") && text.contains(escaped) {
        return read(&text.replace(r#"\""#, "\""));
    }
    let start = text
        .find("{\"notificationType\"")
        .or_else(|| text.find("{\"eventType\""))?;
    let json: String = text
        .get(start..)?
        .chars()
        .filter(|&c| c != '\n' && c != '\r')
        .collect();
    let kind = match string_after(&json, "\"notificationType\"")
        .or_else(|| string_after(&json, "\"eventType\""))?
        .as_str()
    {
        "Bounce" => Kind::Failure,
        "Complaint" => Kind::Feedback,
        "Delivery" => Kind::Delivered,
        _ => return None,
    };
    let mut recipients = Vec::new();
    if kind == Kind::Failure {
        let list = json
            .find("\"bouncedRecipients\"")
            .and_then(|i| json.get(i..))?;
        let list = list
            .get(..list.find(']').unwrap_or(list.len()))
            .unwrap_or(list);
        for object in list.split('}') {
            let Some(address) = string_after(object, "\"emailAddress\"") else {
                continue;
            };
            let diagnostic =
                string_after(object, "\"diagnosticCode\"").map(|d| match d.split_once(';') {
                    Some((kind, rest)) if kind.len() < 12 => rest.trim().to_string(),
                    _ => d,
                });
            recipients.push(JsonRecipient {
                address: address.to_lowercase(),
                status: string_after(object, "\"status\""),
                diagnostic,
                action: string_after(object, "\"action\"").map(|a| a.to_lowercase()),
            });
        }
    }
    Some(JsonNotice { kind, recipients })
}

/// The string value after the first `key` in `json` (`"key":"value"`).
fn string_after(json: &str, key: &str) -> Option<String> {
    let rest = json.get(json.find(key)? + key.len()..)?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).ok()?;
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounce_notification_gives_its_recipients() {
        let text = "{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[{\"emailAddress\"\
                    :\"a@x.example\",\"action\":\"failed\",\"status\":\"5.1.1\",\"diagnosticCode\":\
                    \"smtp; 550 5.1.1 \\\"a\\\" unknown\"}],\"timestamp\":\"2016\"}}";
        let n = read(text);
        assert!(n.as_ref().is_some_and(|n| n.kind == Kind::Failure));
        let r = n.map(|n| n.recipients).unwrap_or_default();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].diagnostic.as_deref(), Some("550 5.1.1 \"a\" unknown"));
        assert_eq!(r[0].status.as_deref(), Some("5.1.1"));
    }

    #[test]
    fn other_text_is_not_a_notification() {
        assert!(read("{\"a\":1}").is_none());
        assert!(read("{\"notificationType\":\"Bou").is_none());
    }
}
