//! The window API's requests and results: what crosses to JavaScript as
//! plain objects, with camelCase names, and the limits every request obeys.

use serde::{Deserialize, Serialize};

/// The longest text [`parse`](super::parse) accepts: 1 MiB.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The longest window Sealpost accepts: 14 days.
pub const MAX_WINDOW_DAYS: i64 = 14;

/// The most zones one request may ask views of.
pub const MAX_ZONES: usize = 1000;

/// The most windows one announcement, calendar file or link may hold.
pub const MAX_WINDOWS: usize = 50;

/// What [`parse`](super::parse) reads: an announcement and where to show it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParseRequest {
    /// The announcement, as the provider wrote it.
    pub text: String,
    /// The instant the year is inferred from, usually "now" (ms since epoch).
    pub reference_ms: f64,
    /// Zones to show the window in (IANA names, offsets, abbreviations).
    #[serde(default)]
    pub zones: Vec<String>,
    /// The reader's own zone, shown as [`Window::reader`].
    #[serde(default)]
    pub reader_zone: Option<String>,
    /// The zone to read the text in when it names none.
    #[serde(default)]
    pub default_zone: Option<String>,
}

/// What [`from_fields`](super::from_fields) reads: a window typed into a form.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FieldsRequest {
    /// The start date, `YYYY-MM-DD`.
    pub date: String,
    /// The start time, `HH:MM` or `HH:MM:SS` (24-hour; `1:30 pm` also works).
    pub start: String,
    /// The end time, `HH:MM` (the next day if not after `start`), or
    /// `YYYY-MM-DDTHH:MM` for an end on a given date.
    #[serde(default)]
    pub end: Option<String>,
    /// The length in minutes; if `end` is also given, they must agree.
    #[serde(default)]
    pub duration_minutes: Option<f64>,
    /// The zone the fields are written in.
    pub zone: String,
    /// Zones to show the window in.
    #[serde(default)]
    pub zones: Vec<String>,
    /// The reader's own zone.
    #[serde(default)]
    pub reader_zone: Option<String>,
    /// The announcement text to carry along, if any.
    #[serde(default)]
    pub text: Option<String>,
}

/// What an announcement says: its first window (two instants and how to
/// show them) and, in [`windows`](Window::windows), every window it names.
///
/// An announcement with one window has one entry in `windows`, equal to
/// the window's own fields. With several ("Window 1: … Window 2: …", "and
/// again on 31 July"), the fields above are those of the earliest, a
/// `several-windows` warning lists them all, and `warnings` holds the
/// warnings of every window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Window {
    /// The start in UTC, RFC 3339 (`2026-07-24T01:00:00Z`).
    pub start: String,
    /// The end in UTC, RFC 3339.
    pub end: String,
    /// The start in milliseconds since the Unix epoch.
    pub start_ms: f64,
    /// The end in milliseconds since the Unix epoch.
    pub end_ms: f64,
    /// The elapsed time from start to end, in minutes.
    pub duration_minutes: f64,
    /// The elapsed time for people: `12 h`, `1 h 30 min`.
    pub duration_text: String,
    /// The zone the window was written in: an IANA name or `UTC±HH:MM`.
    pub source_zone: String,
    /// The abbreviation in force at the start in that zone (or as written).
    pub source_abbreviation: String,
    /// The original text (empty for fields without text).
    pub text: String,
    /// The window as form fields, in the zone it was written in.
    pub fields: Fields,
    /// Everything that was assumed or resolved by a rule.
    pub warnings: Vec<Warning>,
    /// One view for each requested zone, in the requested order.
    pub views: Vec<View>,
    /// The view in the reader's zone, if one was given.
    pub reader: Option<View>,
    /// The IANA release of the bundled database (`2026f`).
    pub tzdb: String,
    /// Every window of the announcement, in time order, each once.
    pub windows: Vec<Span>,
}

/// One window of an announcement: what [`Window`] holds of its first, for
/// each window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// The start in UTC, RFC 3339.
    pub start: String,
    /// The end in UTC, RFC 3339.
    pub end: String,
    /// The start in milliseconds since the Unix epoch.
    pub start_ms: f64,
    /// The end in milliseconds since the Unix epoch.
    pub end_ms: f64,
    /// The elapsed time from start to end, in minutes.
    pub duration_minutes: f64,
    /// The elapsed time for people: `12 h`, `1 h 30 min`.
    pub duration_text: String,
    /// The zone this window was written in.
    pub source_zone: String,
    /// The abbreviation in force at its start in that zone (or as written).
    pub source_abbreviation: String,
    /// This window as form fields.
    pub fields: Fields,
    /// What was assumed or resolved for this window.
    pub warnings: Vec<Warning>,
    /// One view for each requested zone.
    pub views: Vec<View>,
    /// The view in the reader's zone, if one was given.
    pub reader: Option<View>,
}

/// A window as two instants, in a request that takes several.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bounds {
    /// The start, ms since epoch.
    pub start_ms: f64,
    /// The end, ms since epoch.
    pub end_ms: f64,
}

/// A window as form fields, so the page can keep prose and form in sync.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fields {
    /// The local start date, `YYYY-MM-DD`.
    pub date: String,
    /// The local start time, `HH:MM` (`HH:MM:SS` if it has seconds).
    pub start: String,
    /// The local end: `HH:MM` when that alone says it (same day, or next
    /// day and not after `start`), otherwise `YYYY-MM-DDTHH:MM`.
    pub end: String,
    /// The local end date, `YYYY-MM-DD`.
    pub end_date: String,
    /// The length in minutes.
    pub duration_minutes: f64,
    /// The zone as written: IANA name, `UTC±HH:MM` or abbreviation.
    pub zone: String,
}

/// Something that was assumed or resolved by a rule, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// What happened, as a stable kebab-case code (`ambiguous-local-time`).
    pub code: WarningCode,
    /// One sentence for people.
    pub message: String,
    /// The field it concerns, if one.
    pub field: Option<FieldName>,
}

impl Warning {
    pub(crate) fn new(code: WarningCode, field: FieldName, message: String) -> Warning {
        Warning {
            code,
            message,
            field: Some(field),
        }
    }
}

/// What a [`Warning`] says was assumed or resolved. Each code is part of the
/// public interface, written in kebab case; never rename one.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningCode {
    /// A local time in a clock change's gap was moved later by the gap.
    NonexistentLocalTime,
    /// A local time that happens twice was read as the first.
    AmbiguousLocalTime,
    /// The end comes from a duration said to be approximate.
    ApproximateEnd,
    /// No year was given, and the weekday chose a year other than the first.
    YearFromWeekday,
    /// No year was given, and no nearby year has the date on its weekday.
    WeekdayMismatch,
    /// The text names more than one zone; the first was used.
    SeveralZones,
    /// An abbreviation not in use at the date was read at its own offset.
    AbbreviationNotInEffect,
    /// An abbreviation with several meanings was read as one of them.
    AmbiguousAbbreviation,
    /// An old zone name (`Asia/Calcutta`) is shown by its current one.
    ZoneRenamed,
    /// A region or city name (`Pacific Time`, `Vancouver time`) does not
    /// mean one offset everywhere at the date.
    RegionalTimeDiffers,
    /// No year was given; the year taken is said.
    YearAssumed,
    /// A numeric date (`05/06`) reads as two dates; which was taken, why.
    NumericDateOrder,
    /// `today`, `tomorrow`, `next Saturday`: which date was taken.
    RelativeDate,
    /// The announcement names several windows; every one is in `windows`.
    SeveralWindows,
}

/// The field of a window a [`Warning`] concerns, named as in [`Fields`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldName {
    /// The start date.
    Date,
    /// The start time.
    Start,
    /// The end.
    End,
    /// The zone.
    Zone,
}

/// The window seen from one zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// The zone as asked for (IANA name in its canonical spelling,
    /// `UTC±HH:MM`, or an abbreviation).
    pub zone: String,
    /// The abbreviation in force at the start (`PDT`).
    pub abbreviation: String,
    /// The abbreviation in force at the end.
    pub end_abbreviation: String,
    /// Whether the abbreviation changes during the window.
    pub abbreviation_changes: bool,
    /// The local start, RFC 3339 with offset.
    pub start: String,
    /// The local end, RFC 3339 with offset.
    pub end: String,
    /// The UTC offset at the start (`-07:00`).
    pub start_offset: String,
    /// The UTC offset at the end.
    pub end_offset: String,
    /// The elapsed time in minutes (the same in every zone).
    pub duration_minutes: f64,
    /// The elapsed time for people.
    pub duration_text: String,
    /// `23-24 July, 18:00-06:00` in the provider's style.
    pub label: String,
    /// `23-24 July`.
    pub date_label: String,
    /// `18:00-06:00`.
    pub time_label: String,
}

/// Where a window stands at a given moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// Before, during or after the window.
    pub state: State,
    /// `starts in 2 d 3 h`, `ends in 40 min`, `ended 3 h ago`.
    pub text: String,
    /// Whole seconds until the start, until the end, or since the end.
    pub seconds: f64,
}

/// Where a window stands: [`Status::state`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// It has not started: `upcoming`.
    Upcoming,
    /// It has started and not ended: `in-progress`.
    InProgress,
    /// It has ended: `ended`.
    Ended,
}

/// What [`ics`](super::ics) and [`google_calendar_url`](super::google_calendar_url) export:
/// one window (`startMs`, `endMs`) or, for a file, several (`windows`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IcsRequest {
    /// The start, ms since epoch.
    #[serde(default)]
    pub start_ms: Option<f64>,
    /// The end, ms since epoch.
    #[serde(default)]
    pub end_ms: Option<f64>,
    /// Instead of `startMs` and `endMs`: every window, one event each.
    #[serde(default)]
    pub windows: Vec<Bounds>,
    /// The event title (`Maintenance window` if empty).
    #[serde(default)]
    pub summary: String,
    /// The event description, usually the announcement.
    #[serde(default)]
    pub description: String,
    /// When the file is made (the `DTSTAMP`), ms since epoch.
    #[serde(default)]
    pub now_ms: f64,
}

/// A window as a shareable link: what [`share_fragment`](super::share_fragment)
/// writes and [`read_fragment`](super::read_fragment) reads back. One
/// window is `startMs` and `endMs`; several are `windows` (and the other
/// two are absent).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkRequest {
    /// The start, ms since epoch (whole seconds).
    #[serde(default)]
    pub start_ms: Option<f64>,
    /// The end, ms since epoch (whole seconds).
    #[serde(default)]
    pub end_ms: Option<f64>,
    /// Instead of `startMs` and `endMs`: every window of the announcement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<Bounds>,
    /// The zone the window was written in.
    pub zone: String,
    /// The announcement text.
    #[serde(default)]
    pub text: String,
    /// Zones to show.
    #[serde(default)]
    pub zones: Vec<String>,
}

/// What [`table`](super::table) lays out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TableRequest {
    /// The start, ms since epoch.
    pub start_ms: f64,
    /// The end, ms since epoch.
    pub end_ms: f64,
    /// One row per zone, in this order.
    pub zones: Vec<String>,
    /// Plain text (the default) or Markdown.
    #[serde(default)]
    pub format: TableFormat,
    /// What names each row: the abbreviation (the default) or the zone.
    #[serde(default)]
    pub row_names: RowNames,
}

/// How [`table`](super::table) writes the table: `text` or `markdown`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", expecting = "`text` or `markdown`")]
pub enum TableFormat {
    /// Plain text, aligned like a provider's announcement.
    #[default]
    Text,
    /// A Markdown table, with each zone's UTC offset.
    Markdown,
}

/// What names the rows of a [`table`](super::table): `abbreviation` or
/// `zone`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", expecting = "`abbreviation` or `zone`")]
pub enum RowNames {
    /// The abbreviation in force at the start (`PDT`).
    #[default]
    Abbreviation,
    /// The zone as asked for (`America/Vancouver`).
    Zone,
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    use serde::de::value::{BoolDeserializer, Error, StrDeserializer};

    use super::*;

    /// Reads `name` as a `T`, as a request option would be read.
    fn read<'de, T: Deserialize<'de>>(name: &'de str) -> Result<T, String> {
        let d: StrDeserializer<'de, Error> = name.into_deserializer();
        T::deserialize(d).map_err(|e| e.to_string())
    }

    #[test]
    fn options_read_the_names_they_always_had() {
        assert_eq!(read("text"), Ok(TableFormat::Text));
        assert_eq!(read("markdown"), Ok(TableFormat::Markdown));
        assert_eq!(read("abbreviation"), Ok(RowNames::Abbreviation));
        assert_eq!(read("zone"), Ok(RowNames::Zone));
        assert_eq!(read("in-progress"), Ok(State::InProgress));
        assert_eq!(read("upcoming"), Ok(State::Upcoming));
        assert_eq!(read("ended"), Ok(State::Ended));
        assert_eq!(read("date"), Ok(FieldName::Date));
        assert_eq!(read("end"), Ok(FieldName::End));
        let codes = [
            ("nonexistent-local-time", WarningCode::NonexistentLocalTime),
            ("ambiguous-local-time", WarningCode::AmbiguousLocalTime),
            ("approximate-end", WarningCode::ApproximateEnd),
            ("year-from-weekday", WarningCode::YearFromWeekday),
            ("weekday-mismatch", WarningCode::WeekdayMismatch),
            ("several-zones", WarningCode::SeveralZones),
            (
                "abbreviation-not-in-effect",
                WarningCode::AbbreviationNotInEffect,
            ),
            ("ambiguous-abbreviation", WarningCode::AmbiguousAbbreviation),
            ("zone-renamed", WarningCode::ZoneRenamed),
            ("regional-time-differs", WarningCode::RegionalTimeDiffers),
            ("year-assumed", WarningCode::YearAssumed),
            ("numeric-date-order", WarningCode::NumericDateOrder),
            ("relative-date", WarningCode::RelativeDate),
            ("several-windows", WarningCode::SeveralWindows),
        ];
        for (name, code) in codes {
            assert_eq!(read(name), Ok(code));
        }
    }

    #[test]
    fn unknown_options_are_refused_with_the_allowed_values() {
        for bad in ["html", "", "Text", "text "] {
            let err = read::<TableFormat>(bad).unwrap_err();
            assert!(err.contains("`text` or `markdown`"), "{err}");
        }
        let err = read::<RowNames>("city").unwrap_err();
        assert!(err.contains("`abbreviation` or `zone`"), "{err}");
        let flag: BoolDeserializer<Error> = true.into_deserializer();
        let err = TableFormat::deserialize(flag).unwrap_err().to_string();
        assert!(err.ends_with("expected `text` or `markdown`"), "{err}");
    }
}
