//! Small readers over the words of a mail: addresses, SMTP reply codes,
//! enhanced status codes, and whitespace.
//!
//! Hand-written scanners rather than regular expressions: the mail module
//! stays small in WebAssembly, and every loop here is linear in its input.

/// The longest diagnostic kept, in characters.
pub(crate) const MAX_DIAGNOSTIC_CHARS: usize = 1000;

/// Runs of whitespace as one space, trimmed.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` collapsed and cut to `max` characters (with an ellipsis).
pub(crate) fn shorten(s: &str, max: usize) -> String {
    let s = collapse(s);
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
        None => s,
    }
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '.' || c == '[' || c == ']' || c == ':'
}

/// Every email address in `s` with its byte offset, in order, lower-cased.
/// An address needs a dot in its domain (or an IP literal).
pub(crate) fn addresses(s: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        let before = s.get(..at).unwrap_or_default();
        let after = s.get(at + 1..).unwrap_or_default();
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local_char(c))
            .last()
            .map_or(at, |(i, _)| i);
        let domain_len: usize = after
            .chars()
            .take_while(|&c| is_domain_char(c))
            .map(char::len_utf8)
            .sum();
        let local = before
            .get(start..)
            .unwrap_or_default()
            .trim_start_matches('.');
        let domain = after
            .get(..domain_len)
            .unwrap_or_default()
            .trim_end_matches(['.', ':', '-']);
        let literal = domain.starts_with('[') && domain.ends_with(']');
        if local.is_empty() || !(literal || domain.contains('.')) || domain.starts_with('.') {
            continue;
        }
        let domain = domain.trim_matches(|c| c == '[' || c == ']' || c == ':');
        if domain.is_empty() {
            continue;
        }
        let offset = at - local.len();
        out.push((offset, format!("{local}@{domain}").to_lowercase()));
    }
    out
}

/// The first enhanced status code (`5.1.1`, `4.7.0`) in `s`.
pub(crate) fn status_code(s: &str) -> Option<String> {
    status_codes(s).next()
}

/// Every enhanced status code in `s`, in order.
pub(crate) fn status_codes(s: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = s.as_bytes();
    (0..bytes.len()).filter_map(move |i| {
        let class = *bytes.get(i)?;
        if !matches!(class, b'2' | b'4' | b'5') || bytes.get(i + 1) != Some(&b'.') {
            return None;
        }
        if i > 0
            && bytes
                .get(i - 1)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'.')
        {
            return None;
        }
        let subject = digits(bytes, i + 2, 3)?;
        if bytes.get(i + 2 + subject) != Some(&b'.') {
            return None;
        }
        let detail = digits(bytes, i + 3 + subject, 3)?;
        let end = i + 3 + subject + detail;
        if bytes.get(end).is_some_and(|&b| b.is_ascii_alphanumeric())
            || (bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
        {
            return None;
        }
        s.get(i..end).map(str::to_string)
    })
}

/// How many ASCII digits (1 to `max`) start at `i`.
fn digits(bytes: &[u8], i: usize, max: usize) -> Option<usize> {
    let n = bytes
        .get(i..)?
        .iter()
        .take(max + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (1..=max).contains(&n).then_some(n)
}

/// The first SMTP reply code of a failure or delay (`4xx`, `5xx`) in `s`
/// that stands as a word: `550 5.1.1`, `550-…`, `said: 550`, `(552)`.
pub(crate) fn reply_code(s: &str) -> Option<u16> {
    let bytes = s.as_bytes();
    (0..bytes.len()).find_map(|i| {
        let first = *bytes.get(i)?;
        if !matches!(first, b'4' | b'5') {
            return None;
        }
        let before = if i == 0 { b' ' } else { *bytes.get(i - 1)? };
        if !matches!(
            before,
            b' ' | b'\t' | b'\n' | b'(' | b'[' | b':' | b'"' | b'<' | b'=' | b'#'
        ) {
            return None;
        }
        let three = bytes.get(i..i + 3)?;
        if !three.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let after = bytes.get(i + 3).copied().unwrap_or(b' ');
        if !matches!(
            after,
            b' ' | b'-' | b'\n' | b')' | b']' | b',' | b'"' | b'\t'
        ) {
            return None;
        }
        let code: u16 = std::str::from_utf8(three).ok()?.parse().ok()?;
        // 4xx and 5xx replies only go up to x5x.
        (code % 100 < 60).then_some(code)
    })
}

/// A reply with the codes that start each of its lines taken out after
/// the first: `550-5.1.1 The email 550-5.1.1 account` reads `550-5.1.1
/// The email account`, as the server meant it.
pub(crate) fn unwrap_reply(reply: &str) -> String {
    let words: Vec<&str> = reply.split_whitespace().collect();
    let Some(first) = words.first() else {
        return String::new();
    };
    let code = first
        .get(..3)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()));
    let Some(code) = code else {
        return words.join(" ");
    };
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut skip_status = false;
    for (i, w) in words.iter().enumerate() {
        let repeat =
            i > 0 && (*w == code || w.strip_prefix(code).is_some_and(|r| r.starts_with('-')));
        if repeat {
            skip_status = w.len() == 3 || *w == format!("{code}-");
            if let Some(status) = w.strip_prefix(code).and_then(|r| r.strip_prefix('-')) {
                skip_status = status.is_empty();
            }
            continue;
        }
        if skip_status && status_code(w).is_some_and(|s| s == *w) {
            skip_status = false;
            continue;
        }
        skip_status = false;
        out.push(w);
    }
    out.join(" ")
}

/// Whether `hay` (already lower-case) contains any of `needles`.
pub(crate) fn has_any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| hay.contains(n))
}

/// How much of a text the rules read: its first 64 KiB. Every rule is
/// a phrase, and the words that matter come first.
pub(crate) const MAX_RULE_TEXT_BYTES: usize = 64 << 10;

/// The lower-cased, collapsed form that the rules are matched against,
/// of at most the first [`MAX_RULE_TEXT_BYTES`] of `s`.
pub(crate) fn folded(s: &str) -> String {
    let mut end = s.len().min(MAX_RULE_TEXT_BYTES);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    collapse(s.get(..end).unwrap_or_default()).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_in_brackets_and_prose() {
        let found =
            addresses("550 <Kijitora@Example.JP>... User unknown; from neko@x.example.org.");
        let list: Vec<&str> = found.iter().map(|(_, a)| a.as_str()).collect();
        assert_eq!(list, ["kijitora@example.jp", "neko@x.example.org"]);
        assert!(addresses("user@localhost and @ alone").is_empty());
    }

    #[test]
    fn status_codes_stand_alone() {
        assert_eq!(
            status_code("550 5.1.1 <a@b.c> nope").as_deref(),
            Some("5.1.1")
        );
        assert_eq!(status_code("#5.7.26 dmarc").as_deref(), Some("5.7.26"));
        assert_eq!(status_code("version 1.5.1.1 or 10.5.1.2"), None);
        assert_eq!(status_code("IP 192.0.2.1"), None);
    }

    #[test]
    fn reply_codes_stand_alone() {
        assert_eq!(reply_code("host said: 550-5.1.1 The email"), Some(550));
        assert_eq!(reply_code("(552) too big"), Some(552));
        assert_eq!(reply_code("id 4550 and 5.5.0"), None);
        assert_eq!(reply_code("port 587 and 499 ok"), None);
    }

    #[test]
    fn repeated_reply_codes_are_taken_out() {
        let gmail = "550-5.1.1 The email account that you tried to reach does not exist. Please try \
                     550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 \
                     unnecessary spaces. Learn more at 550 5.1.1 https://support.google.com/x - gsmtp";
        assert_eq!(
            unwrap_reply(gmail),
            "550-5.1.1 The email account that you tried to reach does not exist. Please try \
             double-checking the recipient's email address for typos or unnecessary spaces. Learn \
             more at https://support.google.com/x - gsmtp"
        );
        assert_eq!(
            unwrap_reply("550 5.7.1 listed at 550 places"),
            "550 5.7.1 listed at places"
        );
        assert_eq!(unwrap_reply("no code here"), "no code here");
    }

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("  ä  b\n c ", 3), "ä b…");
        assert_eq!(shorten("short", 10), "short");
    }
}
