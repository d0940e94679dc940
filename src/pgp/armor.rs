//! ASCII armor: adding it (guessing the kind from the first packet) and
//! taking it off.

use std::io::Read;

use sequoia_openpgp as openpgp;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use openpgp::armor::{Kind, Reader, ReaderMode};
use openpgp::packet::Tag;

use super::common::{Ctx, armor_bytes, binary_tag, check_size, io_error, is_armored, sniff};
use super::options::ArmorLabel;
use crate::{Error, Result};

/// Armors binary OpenPGP data.
///
/// `label` says which armor to write; without one, the kind is taken
/// from the first packet.  Input that is already armored is returned
/// unchanged.
///
/// # Errors
///
/// [`Error::NotOpenPgp`], [`Error::InputTooLarge`].
///
/// # Example
///
/// ```
/// use sealpost::pgp::{ArmorLabel, armor};
/// let armored = armor(&[0xc2, 0x00], Some(ArmorLabel::Signature)).unwrap();
/// assert!(armored.starts_with(b"-----BEGIN PGP SIGNATURE-----"));
/// ```
pub fn armor(data: &[u8], label: Option<ArmorLabel>) -> Result<Vec<u8>> {
    check_size("the data", data)?;
    sniff(data)?;
    let Some(tag) = binary_tag(data) else {
        // Not binary, so it is armored already.
        return Ok(data.to_vec());
    };
    let kind = match label {
        Some(ArmorLabel::Message) => Kind::Message,
        Some(ArmorLabel::Signature) => Kind::Signature,
        Some(ArmorLabel::Key) => Kind::SecretKey,
        Some(ArmorLabel::Cert) => Kind::PublicKey,
        None => kind_of(tag)?,
    };
    armor_bytes(kind, data)
}

/// The armor kind that fits a first packet.
fn kind_of(tag: Tag) -> Result<Kind> {
    match tag {
        Tag::PKESK
        | Tag::SKESK
        | Tag::SEIP
        | Tag::SED
        | Tag::OnePassSig
        | Tag::CompressedData
        | Tag::Literal
        | Tag::Marker => Ok(Kind::Message),
        Tag::Signature => Ok(Kind::Signature),
        Tag::SecretKey => Ok(Kind::SecretKey),
        Tag::PublicKey => Ok(Kind::PublicKey),
        other => Err(Error::NotOpenPgp(format!(
            "a {other} packet cannot start OpenPGP data"
        ))),
    }
}

/// Removes ASCII armor.  Binary input is returned unchanged.
///
/// # Errors
///
/// [`Error::NotOpenPgp`], [`Error::MalformedData`] for broken armor (bad
/// base64 or checksum), [`Error::InvalidArgument`] for a cleartext-signed
/// message (use [`inline_detach`](super::inline_detach)),
/// [`Error::InputTooLarge`].
pub fn dearmor(data: &[u8]) -> Result<Vec<u8>> {
    check_size("the data", data)?;
    sniff(data)?;
    if binary_tag(data).is_some() || !is_armored(data) {
        return Ok(data.to_vec());
    }
    if contains(data, b"-----BEGIN PGP SIGNED MESSAGE-----") {
        return Err(Error::InvalidArgument(
            "This is a cleartext-signed message; split it with inline_detach instead.".into(),
        ));
    }
    if let Some(out) = dearmor_plain(data) {
        return Ok(out);
    }
    let mut reader = Reader::from_bytes(data, ReaderMode::Tolerant(None));
    let mut out = Vec::new();
    reader
        .read_to_end(&mut out)
        .map_err(|e| io_error(&e, Ctx::Data))?;
    if out.is_empty() {
        return Err(Error::MalformedData("the armored block is empty".into()));
    }
    Ok(out)
}

/// Takes off armor of the plain shape that GnuPG, Sequoia, OpenPGP.js and
/// Sealpost write: a BEGIN line, `Name: value` headers, a blank line, base64
/// lines, an optional checksum line (not checked: RFC 9580 forbids
/// rejecting on it, as sequoia does), the matching END line, and nothing
/// but white space around them.  `None` for anything else, which is then
/// left to sequoia's tolerant reader.
///
/// sequoia's reader takes about 12 ns a byte (a 16 MiB armored message
/// spent 80 % of its decryption in it); this takes about a tenth of that.
/// A test checks that whatever this accepts, sequoia reads the same.
pub(crate) fn dearmor_plain(data: &[u8]) -> Option<Vec<u8>> {
    let mut lines = data.split(|b| *b == b'\n').map(|l| l.trim_ascii_end());
    let begin = lines.find(|l| !l.is_empty())?;
    let kind = begin
        .strip_prefix(b"-----BEGIN PGP ")?
        .strip_suffix(b"-----")?;
    if !matches!(
        kind,
        b"MESSAGE" | b"PUBLIC KEY BLOCK" | b"PRIVATE KEY BLOCK" | b"SIGNATURE"
    ) {
        return None;
    }
    loop {
        let header = lines.next()?;
        if header.is_empty() {
            break;
        }
        // `Name: value`, in text without control characters.
        let colon = header.windows(2).position(|w| w == b": ")?;
        let name = header.get(..colon)?;
        let text = std::str::from_utf8(header).ok()?;
        if name.is_empty()
            || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            || text.chars().any(char::is_control)
        {
            return None;
        }
    }
    let mut base64 = Base64::with_capacity(data.len() / 4 * 3);
    let end = loop {
        let line = lines.next()?;
        if line.starts_with(b"-----") {
            break line;
        }
        if line.first() == Some(&b'=') && base64.have == 0 {
            // The checksum: "=" and four base64 characters, then the END
            // line. (Mid-group, a line may start with padding instead.)
            if line.len() != 5 || !line.iter().skip(1).all(|b| SEXTET[usize::from(*b)] < 64) {
                return None;
            }
            break lines.next()?;
        }
        base64.push(line)?;
    };
    let rest = end.strip_prefix(b"-----END PGP ")?.strip_suffix(b"-----")?;
    if rest != kind || !lines.all(|l| l.is_empty()) {
        return None;
    }
    base64.finish().filter(|out| !out.is_empty())
}

/// The value of each base64 character; 64 for padding, 255 for others.
const SEXTET: [u8; 256] = {
    let mut t = [255u8; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t[b'=' as usize] = 64;
    t
};

/// A base64 decoder fed line by line.
struct Base64 {
    out: Vec<u8>,
    quad: [u8; 4],
    have: usize,
    padded: bool,
}

impl Base64 {
    fn with_capacity(n: usize) -> Base64 {
        Base64 {
            out: Vec::with_capacity(n),
            quad: [0; 4],
            have: 0,
            padded: false,
        }
    }

    /// Decodes one line; `None` on anything but base64, or data after
    /// the padding.
    fn push(&mut self, line: &[u8]) -> Option<()> {
        // A line of whole groups, the usual case, goes to the base64 crate
        // (optimised for speed; it also insists on canonical padding).
        if self.have == 0 && !self.padded && line.len().is_multiple_of(4) {
            self.padded = line.last() == Some(&b'=');
            return STANDARD.decode_vec(line, &mut self.out).ok();
        }
        for &c in line {
            let v = SEXTET[usize::from(c)];
            if v == 255 || (self.padded && v != 64) {
                return None;
            }
            if v == 64 {
                // "xx==" or "xxx=": padding only in the last two places.
                if self.have < 2 {
                    return None;
                }
                self.padded = true;
            }
            self.quad[self.have] = v;
            self.have += 1;
            if self.have == 4 {
                self.emit()?;
            }
        }
        Some(())
    }

    fn emit(&mut self) -> Option<()> {
        let [a, b, c, d] = self.quad;
        self.have = 0;
        self.out.push(a << 2 | b >> 4);
        // The bits padding drops must be zero (canonical base64), as the
        // base64 crate under sequoia's reader insists.
        match (c, d) {
            (64, 64) if b & 0x0f == 0 => {}
            (64, _) => return None,
            (_, 64) if c & 0x03 == 0 => self.out.push(b << 4 | c >> 2),
            (_, 64) => return None,
            _ => {
                self.out.push(b << 4 | c >> 2);
                self.out.push(c << 6 | d);
            }
        }
        Some(())
    }

    /// The bytes, if the base64 ended on a whole group.
    fn finish(self) -> Option<Vec<u8>> {
        (self.have == 0).then_some(self.out)
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What sequoia's tolerant reader makes of `data`.
    fn sequoia(data: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        Reader::from_bytes(data, ReaderMode::Tolerant(None))
            .read_to_end(&mut out)
            .ok()?;
        Some(out)
    }

    /// Armor as sequoia writes it, then reshaped as other writers do.
    fn armored(data: &[u8], crlf: bool, headers: &[&str], checksum: bool, width: usize) -> Vec<u8> {
        let eol = if crlf { "\r\n" } else { "\n" };
        let written = armor_bytes(Kind::Message, data).unwrap();
        let body: String = String::from_utf8(written)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("-----") && !l.starts_with('=') && !l.is_empty())
            .collect();
        let crc = String::from_utf8(armor_bytes(Kind::Message, data).unwrap())
            .unwrap()
            .lines()
            .find(|l| l.starts_with('='))
            .unwrap_or("=AAAA")
            .to_string();
        let mut out = format!("-----BEGIN PGP MESSAGE-----{eol}");
        for h in headers {
            out += &format!("{h}{eol}");
        }
        out += eol;
        for chunk in body.as_bytes().chunks(width) {
            out += std::str::from_utf8(chunk).unwrap();
            out += eol;
        }
        if checksum {
            out += &format!("{crc}{eol}");
        }
        out += &format!("-----END PGP MESSAGE-----{eol}");
        out.into_bytes()
    }

    #[test]
    fn plain_armor_of_every_test_file_reads_as_sequoia_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pgp");
        let mut fast = 0;
        for dir in ["keys", "messages", "spoofing"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "asc") {
                    continue;
                }
                let data = std::fs::read(&path).unwrap();
                if let Some(out) = dearmor_plain(&data) {
                    assert_eq!(Some(out), sequoia(&data), "{}", path.display());
                    fast += 1;
                }
            }
        }
        // GnuPG's and sequoia's armor all take the fast path.
        assert!(fast >= 30, "{fast}");
    }

    #[test]
    fn what_is_not_plain_armor_is_left_to_sequoia() {
        let good = armored(b"\xc3\x04hello", false, &["Comment: hi"], true, 64);
        assert!(dearmor_plain(&good).is_some());
        let text = String::from_utf8(good).unwrap();
        for bad in [
            format!("Hello Bob,\n{text}"),
            format!("{text}-- \nAlice\n"),
            text.replace("Comment: hi\n", "Comment hi\n"),
            text.replace("\n\n", "\n"),
            text.replace("END PGP MESSAGE", "END PGP SIGNATURE"),
            text.replace("BEGIN PGP MESSAGE", "BEGIN PGP SIGNED MESSAGE"),
            text.replacen('\n', "\n> ", 3),
        ] {
            assert_eq!(dearmor_plain(bad.as_bytes()), None, "{bad}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn the_shapes_writers_use_decode_to_the_same_bytes(
            data in proptest::collection::vec(any::<u8>(), 1..700),
            crlf in any::<bool>(),
            checksum in any::<bool>(),
            comment in any::<bool>(),
            width in prop_oneof![Just(64usize), Just(76), Just(4), Just(1), Just(65)],
        ) {
            let headers: &[&str] = if comment { &["Version: X 1.0", "Comment: https://example.org/"] } else { &[] };
            let msg = armored(&data, crlf, headers, checksum, width);
            prop_assert_eq!(dearmor_plain(&msg), Some(data.clone()));
            prop_assert_eq!(sequoia(&msg), Some(data));
        }

        #[test]
        fn whatever_the_fast_path_takes_sequoia_reads_the_same(
            data in proptest::collection::vec(any::<u8>(), 1..200),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..4),
        ) {
            let mut msg = armored(&data, false, &["Comment: x"], true, 64);
            for (at, byte, how) in edits {
                let i = at.index(msg.len());
                match how {
                    0 => msg[i] = byte,
                    1 => msg.insert(i, byte),
                    _ => { msg.remove(i); }
                }
            }
            if let Some(fast) = dearmor_plain(&msg) {
                prop_assert_eq!(Some(fast), sequoia(&msg), "{:?}", String::from_utf8_lossy(&msg));
            }
        }
    }
}
