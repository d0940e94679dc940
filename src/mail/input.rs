//! Getting pasted or dropped mail ready to read: size limits, line
//! endings, and a first check that it is mail at all.
//!
//! Messages arrive with LF, CRLF or bare-CR line endings (old Mac mail
//! programs, some copy and paste paths); everything here turns them into
//! LF, which `mail-parser` and Sealpost's own readers expect.

use super::api::{MAX_HEADER_FIELD_BYTES, MAX_MESSAGE_BYTES, Warning};
use crate::{Error, Result};

/// Input ready for the readers: LF line endings, at most the read limit.
pub(crate) struct Prepared {
    /// The bytes with LF line endings.
    pub bytes: Vec<u8>,
    /// What was cut or assumed on the way.
    pub warnings: Vec<Warning>,
}

/// Checks the size, cuts the input to `read_limit` bytes (at a line
/// break, with a warning) and turns every line ending into LF.
///
/// # Errors
///
/// [`Error::InputTooLarge`] above [`MAX_MESSAGE_BYTES`];
/// [`Error::NotAMessage`] for empty input, binary data, or text that does
/// not start with header fields.
pub(crate) fn prepare(input: &[u8], read_limit: usize) -> Result<Prepared> {
    if input.len() > MAX_MESSAGE_BYTES {
        return Err(Error::InputTooLarge(format!(
            "a message is at most {} MiB, this one is {} MiB",
            MAX_MESSAGE_BYTES >> 20,
            input.len().div_ceil(1 << 20)
        )));
    }
    let input = skip_preamble(input);
    if input.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::NotAMessage("the input is empty".into()));
    }
    if looks_binary(input) {
        return Err(Error::NotAMessage(
            "it holds binary data, not the text of an email".into(),
        ));
    }
    let mut warnings = Vec::new();
    let mut cut = input;
    if input.len() > read_limit {
        let end = input
            .get(..read_limit)
            .and_then(|head| head.iter().rposition(|&b| b == b'\n' || b == b'\r'))
            .map_or(read_limit, |i| i + 1);
        cut = input.get(..end).unwrap_or(input);
        warnings.push(Warning::new(
            "input-cut",
            format!(
                "Only the first {} MiB of the message were read; the rest is usually the returned \
                 message or its attachments.",
                read_limit >> 20
            ),
        ));
    }
    let bytes = to_lf(cut);
    if !starts_with_field(&bytes) {
        return Err(Error::NotAMessage(
            "it does not start with header fields such as \"From:\" or \"Received:\"".into(),
        ));
    }
    Ok(Prepared { bytes, warnings })
}

/// Skips a byte-order mark, leading blank lines and an mbox `From ` line.
fn skip_preamble(mut input: &[u8]) -> &[u8] {
    if let Some(rest) = input.strip_prefix(b"\xEF\xBB\xBF") {
        input = rest;
    }
    while let Some((&first, rest)) = input.split_first() {
        if first == b'\r' || first == b'\n' || first == b' ' || first == b'\t' {
            input = rest;
        } else {
            break;
        }
    }
    if input.starts_with(b"From ")
        && let Some(i) = input.iter().position(|&b| b == b'\n' || b == b'\r')
    {
        input = input.get(i + 1..).unwrap_or_default();
        if let Some(rest) = input.strip_prefix(b"\n") {
            input = rest;
        }
    }
    input
}

/// Whether more than 1% of the first 64 KiB are NUL or other control
/// characters (a stray NUL happens in real mail).
fn looks_binary(input: &[u8]) -> bool {
    let head = input.get(..input.len().min(1 << 16)).unwrap_or(input);
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)))
        .count();
    controls * 100 > head.len()
}

/// The input with CRLF and bare CR turned into LF.
pub(crate) fn to_lf(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut bytes = input.iter().peekable();
    while let Some(&b) = bytes.next() {
        if b == b'\r' {
            if bytes.peek() == Some(&&b'\n') {
                bytes.next();
            }
            out.push(b'\n');
        } else {
            out.push(b);
        }
    }
    out
}

/// Whether the first line is a header field (`Name: value`).
fn starts_with_field(bytes: &[u8]) -> bool {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line
            .get(..colon)
            .is_some_and(|name| name.iter().all(|&b| b.is_ascii_graphic() && b != b':')),
        _ => false,
    }
}

/// The header block (up to the first empty line) with fields longer than
/// [`MAX_HEADER_FIELD_BYTES`] left out, each with a warning.
pub(crate) fn header_block(bytes: &[u8], warnings: &mut Vec<Warning>) -> Vec<u8> {
    let end = find(bytes, b"\n\n").map_or(bytes.len(), |i| i + 1);
    let block = bytes.get(..end).unwrap_or(bytes);
    let mut out = Vec::with_capacity(block.len() + 1);
    for field in fields(block) {
        if field.len() > MAX_HEADER_FIELD_BYTES {
            let name = field.split(|&b| b == b':').next().unwrap_or_default();
            warnings.push(Warning::new(
                "field-too-long",
                format!(
                    "A header field \"{}\" of {} KiB was left out: fields are read up to {} KiB.",
                    String::from_utf8_lossy(name.get(..name.len().min(40)).unwrap_or_default()),
                    field.len() >> 10,
                    MAX_HEADER_FIELD_BYTES >> 10
                ),
            ));
        } else {
            out.extend_from_slice(field);
        }
    }
    out.push(b'\n');
    out
}

/// The fields of a header block, each with its folded lines and final LF.
fn fields(block: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = block;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = 0;
        loop {
            let nl = rest
                .get(end..)
                .and_then(|r| r.iter().position(|&b| b == b'\n'))
                .map_or(rest.len(), |i| end + i + 1);
            end = nl;
            match rest.get(end) {
                Some(b' ' | b'\t') => continue,
                _ => break,
            }
        }
        let (field, tail) = rest.split_at(end.min(rest.len()));
        rest = tail;
        Some(field)
    })
}

/// The first position of `needle` in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ending_becomes_lf() {
        assert_eq!(to_lf(b"a\r\nb\rc\nd\r"), b"a\nb\nc\nd\n");
    }

    #[test]
    fn empty_and_binary_input_are_not_messages() {
        for input in [&b""[..], b"  \r\n\n", b"\x00\x01\x02PK\x03\x04"] {
            let e = prepare(input, 1 << 20).err();
            assert_eq!(e.map(|e| e.code()), Some("not-a-message"));
        }
    }

    #[test]
    fn mbox_line_and_bom_are_skipped() {
        let p = prepare(
            b"\xEF\xBB\xBFFrom a@b Mon Jan 1\nSubject: x\n\nbody",
            1 << 20,
        );
        assert!(p.is_ok_and(|p| p.bytes.starts_with(b"Subject: x")));
    }

    #[test]
    fn long_input_is_cut_at_a_line_break_with_a_warning() {
        let mut input = b"Subject: x\n\n".to_vec();
        input.extend(std::iter::repeat_n(b"0123456789\n", 200_000).flatten());
        let p = prepare(&input, 1 << 20).ok();
        let p = p.as_ref();
        assert!(p.is_some_and(|p| p.bytes.len() <= 1 << 20 && p.bytes.ends_with(b"\n")));
        assert_eq!(p.map(|p| p.warnings[0].code.as_str()), Some("input-cut"));
    }

    #[test]
    fn a_field_too_long_is_left_out_of_the_header_block() {
        let mut input = b"Subject: x\nX-Long: ".to_vec();
        input.extend(std::iter::repeat_n(b'a', MAX_HEADER_FIELD_BYTES + 1));
        input.extend_from_slice(b"\n\tfolded\nTo: y\n\nbody\n");
        let mut warnings = Vec::new();
        let block = header_block(&input, &mut warnings);
        assert_eq!(block, b"Subject: x\nTo: y\n\n");
        assert_eq!(warnings.len(), 1);
    }
}
