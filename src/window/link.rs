//! Shareable links: a URL fragment that reopens the same window.
//!
//! `#w=20260724T0100Z/20260724T1300Z&z=UTC&t=On%2024%20July…&v=Asia/Tokyo`
//!
//! - `w`: start and end in UTC, basic ISO 8601, minutes (seconds if any);
//!   several windows are separated by commas;
//! - `z`: the zone the window was written in;
//! - `t`: the announcement (optional);
//! - `v`: zones to show, comma-separated (optional).
//!
//! Values are percent-encoded: everything but `A-Z a-z 0-9 - . _ ~` (and
//! `/` and `:` in zone names) is `%XX` of its UTF-8 bytes.

use jiff::Timestamp;
use jiff::tz::Offset;

use super::convert::{bounds_list, check_window};
use super::iso::parse_stamp;
use super::text::{basic_utc, clip};
use super::zones;
use super::{Bounds, LinkRequest, MAX_TEXT_BYTES, MAX_WINDOWS, MAX_ZONES};
use crate::{Error, Result};

/// The longest fragment [`read_fragment`] reads: 4 MiB.
const MAX_FRAGMENT_BYTES: usize = 4 << 20;

/// Percent-encodes `s`, keeping unreserved characters and those in `keep`.
pub(crate) fn percent_encode(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; anything but unreserved characters, `/`, `:` and
/// escapes, or bytes that are not UTF-8, is refused.
fn percent_decode(s: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(s.len());
    let mut it = s.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex = |c: Option<u8>| char::from(c?).to_digit(16);
            let (hi, lo) = (hex(it.next())?, hex(it.next())?);
            bytes.push(u8::try_from(hi * 16 + lo).ok()?);
        } else if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            bytes.push(b);
        } else {
            return None;
        }
    }
    String::from_utf8(bytes).ok()
}

/// A URL fragment (with its `#`) that [`read_fragment`] turns back into the
/// same windows, zone, text and zones.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for instants that are not whole seconds or
/// not numbers, or for both or neither of `startMs`/`endMs` and `windows`,
/// [`Error::EndBeforeStart`], [`Error::WindowTooLong`],
/// [`Error::UnknownTimeZone`], [`Error::InputTooLarge`].
///
/// # Example
///
/// ```
/// use sealpost::window::{LinkRequest, read_fragment, share_fragment};
///
/// let link = LinkRequest {
///     start_ms: Some(1_784_854_800_000.0),
///     end_ms: Some(1_784_898_000_000.0),
///     zone: "UTC".into(),
///     text: "NC018 moves".into(),
///     zones: vec!["Australia/Perth".into()],
///     ..Default::default()
/// };
/// let fragment = share_fragment(&link)?;
/// assert_eq!(fragment, "#w=20260724T0100Z/20260724T1300Z&z=UTC&t=NC018%20moves&v=Australia/Perth");
/// assert_eq!(read_fragment(&fragment)?, link);
/// # Ok::<(), sealpost::Error>(())
/// ```
pub fn share_fragment(req: &LinkRequest) -> Result<String> {
    if req.text.len() > MAX_TEXT_BYTES {
        return Err(Error::InputTooLarge("the text may have 1 MiB".into()));
    }
    if req.zones.len() > MAX_ZONES {
        return Err(Error::InputTooLarge(format!("at most {MAX_ZONES} zones")));
    }
    let windows = bounds_list(req.start_ms, req.end_ms, &req.windows)?;
    if windows
        .iter()
        .any(|(s, e)| s.subsec_millisecond() != 0 || e.subsec_millisecond() != 0)
    {
        return Err(Error::InvalidArgument(
            "A link holds whole seconds only.".into(),
        ));
    }
    let first = windows.first().map_or(Timestamp::UNIX_EPOCH, |w| w.0);
    zones::resolve(&req.zone, first)?;
    for z in &req.zones {
        zones::resolve(z, first)?;
    }
    let w: Vec<String> = windows
        .iter()
        .map(|(s, e)| format!("{}/{}", stamp(*s), stamp(*e)))
        .collect();
    let mut out = format!(
        "#w={}&z={}",
        w.join(","),
        percent_encode(req.zone.trim(), b"/:")
    );
    if !req.text.is_empty() {
        out.push_str(&format!("&t={}", percent_encode(&req.text, b"")));
    }
    if !req.zones.is_empty() {
        let zones: Vec<String> = req
            .zones
            .iter()
            .map(|z| percent_encode(z.trim(), b"/:"))
            .collect();
        out.push_str(&format!("&v={}", zones.join(",")));
    }
    Ok(out)
}

/// `20260724T0100Z`, with seconds only when there are some.
fn stamp(ts: Timestamp) -> String {
    let full = basic_utc(ts);
    if Offset::UTC.to_datetime(ts).second() == 0 {
        format!("{}Z", full.get(..13).unwrap_or(&full))
    } else {
        full
    }
}

/// Reads a fragment written by [`share_fragment`] (with or without `#`).
///
/// # Errors
///
/// [`Error::InvalidLink`] for anything else: unknown or repeated keys, a
/// missing `w` or `z`, bad escapes, a malformed or impossible window, an
/// unknown zone; [`Error::InputTooLarge`] over 4 MiB.
pub fn read_fragment(fragment: &str) -> Result<LinkRequest> {
    if fragment.len() > MAX_FRAGMENT_BYTES {
        return Err(Error::InputTooLarge("a link may have 4 MiB".into()));
    }
    let [w, z, t, v] = keys(fragment.strip_prefix('#').unwrap_or(fragment))?;
    let windows = windows(w.ok_or_else(|| bad("it has no window (w=)"))?)?;
    let (start, end) = windows
        .first()
        .copied()
        .ok_or_else(|| bad("it has no window (w=)"))?;
    let zone = zone(z.ok_or_else(|| bad("it has no zone (z=)"))?, start)?;
    let text = match t {
        Some(t) => percent_decode(t).ok_or_else(|| bad("the text is not encoded correctly"))?,
        None => String::new(),
    };
    let zones = match v {
        Some(v) => v
            .split(',')
            .take(MAX_ZONES + 1)
            .map(|z| self::zone(z, start))
            .collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    if zones.len() > MAX_ZONES {
        return Err(bad("it has too many zones"));
    }
    let ms = |t: Timestamp| t.as_millisecond() as f64;
    let (start_ms, end_ms, windows) = match windows.as_slice() {
        [_] => (Some(ms(start)), Some(ms(end)), Vec::new()),
        several => (
            None,
            None,
            several.iter().map(|(s, e)| bounds_of(*s, *e)).collect(),
        ),
    };
    Ok(LinkRequest {
        start_ms,
        end_ms,
        windows,
        zone,
        text,
        zones,
    })
}

/// The values of `w`, `z`, `t` and `v`, each at most once.
fn keys(body: &str) -> Result<[Option<&str>; 4]> {
    let mut values: [Option<&str>; 4] = [None; 4];
    for pair in body.split('&') {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| bad(&format!("\u{201c}{}\u{201d} has no =", clip(pair))))?;
        let slot = ["w", "z", "t", "v"].iter().position(|k| *k == key);
        let slot = slot
            .and_then(|i| values.get_mut(i))
            .ok_or_else(|| bad(&format!("unknown key \u{201c}{}\u{201d}", clip(key))))?;
        if slot.replace(value).is_some() {
            return Err(bad(&format!("\u{201c}{key}\u{201d} appears twice")));
        }
    }
    Ok(values)
}

fn bounds_of(start: Timestamp, end: Timestamp) -> Bounds {
    Bounds {
        start_ms: start.as_millisecond() as f64,
        end_ms: end.as_millisecond() as f64,
    }
}

fn bad(why: &str) -> Error {
    Error::InvalidLink(why.to_string())
}

/// `w=`: one window, or several separated by commas.
fn windows(w: &str) -> Result<Vec<(Timestamp, Timestamp)>> {
    let mut windows = Vec::new();
    for one in w.split(',') {
        if windows.len() == MAX_WINDOWS {
            return Err(bad("it has too many windows"));
        }
        windows.push(window(one)?);
    }
    Ok(windows)
}

fn window(w: &str) -> Result<(Timestamp, Timestamp)> {
    let (a, b) = w.split_once('/').ok_or_else(|| {
        bad(&format!(
            "\u{201c}{}\u{201d} is not a window like 20260724T0100Z/20260724T1300Z",
            clip(w)
        ))
    })?;
    let (start, end) = (utc_stamp(a)?, utc_stamp(b)?);
    check_window(start, end, "").map_err(|e| bad(&e.to_string()))?;
    Ok((start, end))
}

/// Exactly `YYYYMMDDTHHMMZ` or `YYYYMMDDTHHMMSSZ`.
fn utc_stamp(s: &str) -> Result<Timestamp> {
    let wrong = || {
        bad(&format!(
            "\u{201c}{}\u{201d} is not a time like 20260724T0100Z",
            clip(s)
        ))
    };
    let shape = s.bytes().enumerate().all(|(i, b)| match i {
        8 => b == b'T',
        _ if i + 1 == s.len() => b == b'Z',
        _ => b.is_ascii_digit(),
    });
    if !shape || !(s.len() == 14 || s.len() == 16) {
        return Err(wrong());
    }
    let stamp = parse_stamp(s).ok_or_else(wrong)?;
    Offset::UTC.to_timestamp(stamp.dt).map_err(|_| wrong())
}

fn zone(raw: &str, at: Timestamp) -> Result<String> {
    let name = percent_decode(raw).ok_or_else(|| bad("a zone is not encoded correctly"))?;
    // As `share_fragment` writes it: `%20UTC%20` reads as `UTC`.
    let name = name.trim();
    match zones::resolve(name, at) {
        Ok(_) => Ok(name.to_string()),
        Err(e) => Err(bad(&e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> LinkRequest {
        LinkRequest {
            start_ms: Some(1_784_854_800_000.0),
            end_ms: Some(1_784_898_030_000.0),
            windows: Vec::new(),
            zone: "America/Vancouver".into(),
            text: "On 24 July, between 01:00 and 13:00 UTC — 100% & more #1 ü\n".into(),
            zones: vec!["UTC+05:30".into(), "Asia/Calcutta".into()],
        }
    }

    #[test]
    fn round_trip() {
        let f = share_fragment(&link()).unwrap();
        assert!(f.starts_with(
            "#w=20260724T0100Z/20260724T130030Z&z=America/Vancouver&t=On%2024%20July%2C"
        ));
        assert!(f.ends_with("&v=UTC%2B05:30,Asia/Calcutta"), "{f}");
        assert_eq!(read_fragment(&f).unwrap(), link());
        assert_eq!(read_fragment(f.trim_start_matches('#')).unwrap(), link());
    }

    #[test]
    fn several_windows_round_trip() {
        let day = 86_400_000.0;
        let one = Bounds {
            start_ms: 1_784_854_800_000.0,
            end_ms: 1_784_862_000_000.0,
        };
        let two = Bounds {
            start_ms: one.start_ms + 2.0 * day,
            end_ms: one.end_ms + 2.0 * day,
        };
        let l = LinkRequest {
            start_ms: None,
            end_ms: None,
            windows: vec![one, two],
            ..link()
        };
        let f = share_fragment(&l).unwrap();
        assert!(
            f.starts_with("#w=20260724T0100Z/20260724T0300Z,20260726T0100Z/20260726T0300Z&z="),
            "{f}"
        );
        assert_eq!(read_fragment(&f).unwrap(), l);
        let both = LinkRequest {
            windows: vec![one],
            ..link()
        };
        assert_eq!(
            share_fragment(&both).unwrap_err().code(),
            "invalid-argument"
        );
        for bad in [
            "#w=20260724T0100Z/20260724T0300Z,&z=UTC",
            "#w=,20260724T0100Z/20260724T0300Z&z=UTC",
        ] {
            assert_eq!(
                read_fragment(bad).unwrap_err().code(),
                "invalid-link",
                "{bad}"
            );
        }
    }

    #[test]
    fn encoding() {
        assert_eq!(percent_encode("a b/ü+", b""), "a%20b%2F%C3%BC%2B");
        assert_eq!(
            percent_decode("a%20b%2F%C3%BC%2b").as_deref(),
            Some("a b/ü+")
        );
        assert_eq!(percent_decode("%C3"), None);
        assert_eq!(percent_decode("%G0"), None);
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("a b"), None);
        assert_eq!(percent_decode("a+b"), None);
    }

    #[test]
    fn garbage_is_refused() {
        let ok = "#w=20260724T0100Z/20260724T1300Z&z=UTC";
        assert!(read_fragment(ok).is_ok());
        for f in [
            "",
            "#",
            "#w=20260724T0100Z/20260724T1300Z",
            "#z=UTC",
            "#w=20260724T0100Z/20260724T1300Z&z=UTC&z=UTC",
            "#w=20260724T0100Z/20260724T1300Z&z=UTC&x=1",
            "#w=20260724T0100Z/20260724T1300Z&z=Mars%2FOlympus",
            "#w=20260724T1300Z/20260724T0100Z&z=UTC",
            "#w=20260724T0100Z/20260824T0100Z&z=UTC",
            "#w=20260231T0100Z/20260231T1300Z&z=UTC",
            "#w=2026-07-24T01:00Z/20260724T1300Z&z=UTC",
            "#w=20260724T0100/20260724T1300Z&z=UTC",
            "#w=20260724T0100Z&z=UTC",
            "#w=20260724T0100Z/20260724T1300Z&z=UTC&t=%ZZ",
            "#w=20260724T0100Z/20260724T1300Z&z=UTC&t=a b",
            "#w=20260724T0100Z/20260724T1300Z&z=UTC&v=UTC,,UTC",
            "#w=\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}Z/20260724T1300Z&z=UTC",
            "#w=20260724T2500Z/20260725T1300Z&z=UTC",
        ] {
            let err = read_fragment(f).unwrap_err();
            assert_eq!(err.code(), "invalid-link", "{f}: {err}");
        }
    }

    #[test]
    fn share_refuses() {
        let mut l = link();
        l.start_ms = l.start_ms.map(|s| s + 1.0);
        assert_eq!(share_fragment(&l).unwrap_err().code(), "invalid-argument");
        let mut l = link();
        l.zone = "Nowhere".into();
        assert_eq!(share_fragment(&l).unwrap_err().code(), "unknown-time-zone");
    }
}
