//! The all-or-nothing streaming reader that decryption and verification
//! share, and the look at a message's top-level packets that tells the two
//! apart.
//!
//! sequoia's readers stream with a small hold-back ([`STREAM_BUFFER`]);
//! [`read_all`] keeps the only copy of the plaintext and hands it over
//! after the last read, by which time sequoia has settled the integrity
//! check and the signatures.  On any error what was read is zeroed.

use std::io::Read;

use sequoia_openpgp as openpgp;

use openpgp::packet::Tag;
use openpgp::parse::{PacketParser, PacketParserResult, Parse};

use super::common::{Ctx, MAX_INPUT_BYTES, io_error, pgp_error};
use crate::{Error, Result};

/// Reads a whole message, at most [`MAX_INPUT_BYTES`].  On error nothing
/// is returned and what was read is zeroed.
///
/// `expected` is the likely size (the size of the message it comes from):
/// reserving it up front saves the copies a growing buffer makes, which
/// would cost memory and leave stale plaintext behind.
pub(crate) fn read_all<R: Read>(r: &mut R, ctx: Ctx, expected: usize) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(expected.min(MAX_INPUT_BYTES));
    let mut buf = openpgp::crypto::mem::Protected::new(64 * 1024);
    loop {
        // Any error ends the loop (even `Interrupted`): sequoia's readers
        // must not be read again after an error.
        match r.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => {
                let Some(chunk) = buf.get(..n) else {
                    zeroize(out);
                    return Err(Error::Internal("reader overran its buffer".into()));
                };
                if out.len().saturating_add(n) > MAX_INPUT_BYTES {
                    zeroize(out);
                    return Err(Error::InputTooLarge(format!(
                        "the message unpacks to more than {MAX_INPUT_BYTES} bytes"
                    )));
                }
                out.extend_from_slice(chunk);
            }
            Err(e) => {
                zeroize(out);
                return Err(io_error(&e, ctx));
            }
        }
    }
}

/// Overwrites a buffer with zeros before it is freed.
pub(crate) fn zeroize(v: Vec<u8>) {
    drop(openpgp::crypto::mem::Protected::from(v));
}

/// The top-level packets of a message.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    pub(crate) pkesk: usize,
    pub(crate) skesk: usize,
    pub(crate) seip: usize,
    pub(crate) sed: bool,
}

impl Shape {
    pub(crate) fn encrypted(&self) -> bool {
        self.pkesk + self.skesk + self.seip > 0 || self.sed
    }
}

/// Lists the top-level packets without decrypting anything.
///
/// An encrypted message may itself sit inside a compressed packet (some
/// tools compress what is already encrypted), so a compressed packet is
/// opened and its packets count as top-level ones.  Inside it, the scan
/// stops at the first packet that is not part of an encrypted message's
/// header, or at the encrypted container itself: the rest would only be
/// inflated to be skipped, and a small "compression bomb" could make that
/// take very long.
pub(crate) fn scan(message: &[u8]) -> Result<Shape> {
    let mut shape = Shape::default();
    let mut ppr = PacketParser::from_bytes(message).map_err(|e| pgp_error(&e, Ctx::Data))?;
    let mut count = 0usize;
    while let PacketParserResult::Some(pp) = ppr {
        let nested = pp.recursion_depth() > 0;
        let tag = pp.packet.tag();
        match tag {
            Tag::PKESK => shape.pkesk += 1,
            Tag::SKESK => shape.skesk += 1,
            Tag::SEIP => shape.seip += 1,
            Tag::SED => shape.sed = true,
            _ => (),
        }
        if nested && !matches!(tag, Tag::PKESK | Tag::SKESK | Tag::Marker) {
            break;
        }
        count += 1;
        if count > 10_000 {
            return Err(Error::MalformedData(
                "the message has too many packets".into(),
            ));
        }
        ppr = if tag == Tag::CompressedData && !nested {
            pp.recurse()
        } else {
            pp.next()
        }
        .map_err(|e| pgp_error(&e, Ctx::Data))?
        .1;
    }
    Ok(shape)
}

/// The packets of a compressed packet that wraps the whole message,
/// inflated here, whole; `None` when the message is not so wrapped.
///
/// Sequoia decrypts such a message as it inflates it, but when the
/// compressed stream ends inside the encrypted container's header it
/// panics reading that header again (found by fuzz/decrypt), and a panic
/// kills the WebAssembly module. What is inside is an encrypted message,
/// about as large as the wrapper says, so it is inflated up to
/// [`MAX_INPUT_BYTES`] and then decrypted from memory.
pub(crate) fn inflate_wrapper(message: &[u8]) -> Result<Option<Vec<u8>>> {
    let ppr = PacketParser::from_bytes(message).map_err(|e| pgp_error(&e, Ctx::Data))?;
    let PacketParserResult::Some(mut pp) = ppr else {
        return Ok(None);
    };
    if pp.packet.tag() != Tag::CompressedData {
        return Ok(None);
    }
    let mut inner = Vec::new();
    let limit = u64::try_from(MAX_INPUT_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    (&mut pp).take(limit).read_to_end(&mut inner).map_err(|e| {
        Error::MalformedData(format!(
            "the compressed packet around the encrypted message does not inflate ({e})"
        ))
    })?;
    if inner.len() > MAX_INPUT_BYTES {
        return Err(Error::InputTooLarge(format!(
            "the compressed packet around the encrypted message unpacks to more than {MAX_INPUT_BYTES} bytes"
        )));
    }
    let (_, rest) = pp.next().map_err(|e| pgp_error(&e, Ctx::Data))?;
    if let PacketParserResult::Some(_) = rest {
        return Err(Error::MalformedData(
            "the message goes on after the compressed packet around it".into(),
        ));
    }
    Ok(Some(inner))
}

/// How much plaintext sequoia's readers hold back.  By default (25 MiB)
/// each layer of its reader stack (partial body, decryption, literal data)
/// buffers a message that fits: five copies of it.  [`read_all`] holds the
/// whole plaintext back itself, so sequoia need not.  Not 0, which makes
/// them grow their buffers one doubling at a time.
pub(crate) const STREAM_BUFFER: usize = 64 * 1024;

/// About how much plaintext a message holds: its size, or three quarters of
/// it when armored (base64). Reserved up front, so the plaintext is not
/// copied as it grows.
pub(crate) fn plaintext_estimate(message: &[u8]) -> usize {
    let armored = message
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'-');
    if armored {
        message.len() / 4 * 3
    } else {
        message.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails after handing out `good` bytes, as a reader whose integrity
    /// check fails at the end of the message does.
    struct FailsAtEnd {
        good: usize,
    }

    impl Read for FailsAtEnd {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.good == 0 {
                return Err(std::io::Error::other(openpgp::Error::ManipulatedMessage));
            }
            let n = self.good.min(buf.len());
            buf[..n].fill(b'x');
            self.good -= n;
            Ok(n)
        }
    }

    #[test]
    fn read_all_returns_everything_or_an_error() {
        let all = read_all(&mut &b"hello"[..], Ctx::Data, 5).unwrap();
        assert_eq!(all, b"hello");
        let e = read_all(&mut FailsAtEnd { good: 200_000 }, Ctx::Data, 0).unwrap_err();
        assert_eq!(e.code(), "manipulated-message");
    }

    #[test]
    fn estimates_the_plaintext_of_armor_and_binary() {
        assert_eq!(plaintext_estimate(b"\n-----BEGIN PGP MESSAGE-----xxxx"), 24);
        assert_eq!(plaintext_estimate(&[0xc3, 1, 2, 3]), 4);
    }

    #[test]
    fn scan_counts_the_top_level_packets() {
        // A marker packet, then an SED packet.
        let data = [0xca, 0x03, b'P', b'G', b'P', 0xc9, 0x01, 0x00];
        let shape = scan(&data).unwrap();
        assert!(shape.sed && shape.encrypted());
        assert_eq!((shape.pkesk, shape.skesk, shape.seip), (0, 0, 0));
        assert_eq!(scan(b"garbage").unwrap_err().code(), "malformed-data");
    }
}
