//! What the prose, ISO 8601 and form paths share: the zone a text is read
//! in, and the finished result with every window, its fields and views.

use jiff::Timestamp;

use super::convert::{check_window, local_fields, minutes, view, views};
use super::names::ZoneWord;
use super::rules::Rules;
use super::text::{clip, date_text, duration_text, time_text, utc_text};
use super::tzdb::{Zone, tzdb_version};
use super::zones;
use super::{FieldName, Fields, Span, Warning, WarningCode, Window};
use crate::{Error, Result};

/// The zone of a window: the first word near it that names a zone, else
/// the first in the whole text (`all`), else the default. A word right
/// after a time that names no zone is an error.
pub(crate) fn choose_zone(
    near: &[ZoneWord],
    all: &[ZoneWord],
    default: Option<&str>,
    at: Timestamp,
    warnings: &mut Vec<Warning>,
) -> Result<Zone> {
    for words in [near, all] {
        if let Some(zone) = first_zone(words, at, warnings)? {
            return Ok(zone);
        }
    }
    match default {
        Some(name) => {
            let (zone, found) = zones::resolve(name, at)?;
            warnings.extend(found);
            Ok(zone)
        }
        None => Err(Error::UnknownTimeZone(
            "the announcement does not say which time zone its times are in; \
             add it to the text, such as \u{201c}13:00 UTC\u{201d} or \u{201c}13:00 Europe/Berlin\u{201d}"
                .into(),
        )),
    }
}

/// The first of `words` that names a zone, with a `several-zones` warning
/// if a later one names another offset.
fn first_zone(
    words: &[ZoneWord],
    at: Timestamp,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Zone>> {
    let mut chosen: Option<Zone> = None;
    for w in words.iter().take(32) {
        match zones::resolve_word(&w.text, at)? {
            Some((zone, found)) => match &chosen {
                None => {
                    warnings.extend(found);
                    chosen = Some(zone);
                }
                Some(c) if c.offset_at(at) != zone.offset_at(at) => {
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
    Ok(chosen)
}

/// A window's instants, zone and warnings, ready to be shown.
pub(crate) struct Parts {
    pub(crate) start: Timestamp,
    pub(crate) end: Timestamp,
    pub(crate) zone: Zone,
    pub(crate) warnings: Vec<Warning>,
    /// The words it was read from, for messages (empty for fields).
    pub(crate) what: String,
}

/// Checks every window and builds the result: the windows in time order,
/// once each, and the first of them as the result's own fields.
pub(crate) fn assemble(
    mut parts: Vec<Parts>,
    text: String,
    zones: &[String],
    reader: Option<&str>,
) -> Result<Window> {
    for p in &parts {
        check_window(p.start, p.end, &p.what)?;
    }
    // At most MAX_WINDOWS: an insertion sort is enough, and small.
    for i in 1..parts.len() {
        let mut j = i;
        while j > 0
            && parts.get(j - 1).map(|p| (p.start, p.end)) > parts.get(j).map(|p| (p.start, p.end))
        {
            parts.swap(j - 1, j);
            j -= 1;
        }
    }
    parts.dedup_by_key(|p| (p.start, p.end));
    let mut spans = Vec::with_capacity(parts.len());
    for p in &parts {
        spans.push(span(p, zones, reader)?);
    }
    let mut warnings: Vec<Warning> = Vec::new();
    for w in spans.iter().flat_map(|s| &s.warnings) {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
    if spans.len() > 1 {
        warnings.push(several(&spans));
    }
    let first = spans
        .first()
        .cloned()
        .ok_or_else(|| Error::Internal("a window was read without instants".into()))?;
    Ok(Window {
        start: first.start,
        end: first.end,
        start_ms: first.start_ms,
        end_ms: first.end_ms,
        duration_minutes: first.duration_minutes,
        duration_text: first.duration_text,
        source_zone: first.source_zone,
        source_abbreviation: first.source_abbreviation,
        text,
        fields: first.fields,
        warnings,
        views: first.views,
        reader: first.reader,
        tzdb: tzdb_version(),
        windows: spans,
    })
}

/// `The announcement names 2 windows: …`.
fn several(spans: &[Span]) -> Warning {
    let utc = Zone::named(Rules::UTC, "UTC");
    let list: Vec<String> = spans
        .iter()
        .filter_map(|s| {
            let start = Timestamp::from_millisecond(s.start_ms as i64).ok()?;
            let end = Timestamp::from_millisecond(s.end_ms as i64).ok()?;
            Some(format!("{} UTC", view(&utc, start, end).label))
        })
        .collect();
    Warning {
        code: WarningCode::SeveralWindows,
        message: format!(
            "The announcement names {} windows, each shown: {}.",
            spans.len(),
            list.join("; ")
        ),
        field: None,
    }
}

/// One window, with its views and fields.
fn span(p: &Parts, zones: &[String], reader: Option<&str>) -> Result<Span> {
    let views = views(zones, p.start, p.end)?;
    let reader = match reader.map(str::trim).filter(|r| !r.is_empty()) {
        Some(name) => Some(view(&zones::resolve(name, p.start)?.0, p.start, p.end)),
        None => None,
    };
    let seconds = p.start.duration_until(p.end).as_secs();
    Ok(Span {
        start: utc_text(p.start),
        end: utc_text(p.end),
        start_ms: p.start.as_millisecond() as f64,
        end_ms: p.end.as_millisecond() as f64,
        duration_minutes: minutes(p.start, p.end),
        duration_text: duration_text(seconds),
        source_zone: p.zone.name.clone(),
        source_abbreviation: p.zone.abbreviation(p.start),
        fields: fields(&p.zone, p.start, p.end),
        warnings: p.warnings.clone(),
        views,
        reader,
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
