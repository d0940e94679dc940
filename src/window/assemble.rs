//! What the prose, ISO 8601 and form paths share: the zone a text is read
//! in, and the finished window with its fields and views.

use jiff::Timestamp;
use jiff::tz::Offset;

use super::convert::{check_window, local_fields, minutes, view, views};
use super::grammar::ZoneWord;
use super::text::{clip, date_text, duration_text, time_text, utc_text};
use super::tzdb;
use super::zones::{self, Zone};
use super::{FieldName, Fields, Warning, WarningCode, Window};
use crate::{Error, Result};

/// The zone of the text: its first word that names a zone, else the
/// default. A word right after a time that names no zone is an error.
pub(crate) fn choose_zone(
    words: &[ZoneWord],
    default: Option<&str>,
    at: Timestamp,
    warnings: &mut Vec<Warning>,
) -> Result<Zone> {
    let mut chosen: Option<Zone> = None;
    for w in words.iter().take(32) {
        match zones::resolve_word(&w.text, at)? {
            Some((zone, found)) => match &chosen {
                None => {
                    warnings.extend(found);
                    chosen = Some(zone);
                }
                Some(c) if offset_of(c, at) != offset_of(&zone, at) => {
                    warnings.push(Warning::new(
                        WarningCode::SeveralZones,
                        FieldName::Zone,
                        format!(
                            "The text also names \u{201c}{}\u{201d}; the times were read in {}, the first zone named.",
                            clip(&w.text),
                            c.written
                        ),
                    ));
                    break;
                }
                Some(_) => {}
            },
            None if w.strict && chosen.is_none() => return Err(zones::unknown(&w.text)),
            None => {}
        }
    }
    if let Some(zone) = chosen {
        return Ok(zone);
    }
    match default {
        Some(name) => {
            let (zone, found) = zones::resolve(name, at)?;
            warnings.extend(found);
            Ok(zone)
        }
        None => Err(Error::UnknownTimeZone(
            "no time zone was named in the text, and no default zone was given".into(),
        )),
    }
}

fn offset_of(zone: &Zone, at: Timestamp) -> Offset {
    zone.pin
        .as_ref()
        .map_or_else(|| zone.tz.to_offset(at), |p| p.offset)
}

/// A window's instants, zone, text and warnings, ready to be shown.
pub(crate) struct Parts<'z> {
    pub(crate) start: Timestamp,
    pub(crate) end: Timestamp,
    pub(crate) zone: &'z Zone,
    pub(crate) text: String,
    pub(crate) warnings: Vec<Warning>,
}

/// Checks the window and builds its fields and views.
pub(crate) fn assemble(
    p: Parts<'_>,
    zones: &[String],
    reader: Option<&str>,
    what: &str,
) -> Result<Window> {
    check_window(p.start, p.end, what)?;
    let views = views(zones, p.start, p.end)?;
    let reader = match reader.map(str::trim).filter(|r| !r.is_empty()) {
        Some(name) => Some(view(&zones::resolve(name, p.start)?.0, p.start, p.end)),
        None => None,
    };
    let seconds = p.start.duration_until(p.end).as_secs();
    Ok(Window {
        start: utc_text(p.start),
        end: utc_text(p.end),
        start_ms: p.start.as_millisecond() as f64,
        end_ms: p.end.as_millisecond() as f64,
        duration_minutes: minutes(p.start, p.end),
        duration_text: duration_text(seconds),
        source_zone: p.zone.name.clone(),
        source_abbreviation: p.zone.abbreviation(p.start),
        text: p.text,
        fields: fields(p.zone, p.start, p.end),
        warnings: p.warnings,
        views,
        reader,
        tzdb: tzdb::tzdb_version(),
    })
}

/// The window as form fields in its own zone.
fn fields(zone: &Zone, start: Timestamp, end: Timestamp) -> Fields {
    let (date, start_text, s) = local_fields(zone, start);
    let (end_date, end_time, e) = local_fields(zone, end);
    let next_day = s.date().tomorrow().ok() == Some(e.date());
    let short = (s.date() == e.date() && e.time() > s.time()) || (next_day && e.time() <= s.time());
    let end_text = if short {
        end_time
    } else {
        format!("{}T{}", date_text(e.date()), time_text(e.time()))
    };
    Fields {
        date,
        start: start_text,
        end: end_text,
        end_date,
        duration_minutes: minutes(start, end),
        zone: zone.written.clone(),
    }
}
