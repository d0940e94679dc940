//! Maintenance windows: read an announcement, show it in every reader's zone.
//!
//! A hosting provider writes "On 24 July between 01:00 and 13:00 UTC we
//! will be moving server NC018"; [`parse`] turns that into a [`Window`]: two
//! instants, the zone they were written in, and [`View`]s of the window in
//! any list of zones, labelled in the provider's own style
//! ("23-24 July, 18:00-06:00"). The same window can be built from form
//! fields ([`from_fields`]), shown as a table ([`table`]), exported to a
//! calendar ([`ics`], [`google_calendar_url`]) and shared as a link
//! ([`share_fragment`], [`read_fragment`]).
//!
//! # One time zone database
//!
//! Every zone is looked up in the IANA database bundled into the binary
//! ([`tzdb_version`] says which release), never in the host's: the page and
//! the tests give the same answers on every machine. Abbreviations such as
//! `PDT` or `CAT` are resolved by asking that database which zones use the
//! abbreviation at the announcement's date; see [`ABBREVIATION_PREFERENCES`]
//! for how an abbreviation with several meanings (`IST`, `CST`, `PST`) is
//! read.
//!
//! # Rules applied, always said in a [`Warning`]
//!
//! - **Year.** When the text gives none, the window is placed in the earliest
//!   year (from the year before the reference instant's on) in which it has
//!   not ended more than 24 hours before the reference instant. A weekday in
//!   the text must agree: otherwise the year after and the year before that
//!   one are tried (`year-from-weekday`), and if neither fits, the first
//!   choice stands with a `weekday-mismatch` warning. A year written in the
//!   text is never changed: a weekday that disagrees with it is an
//!   [`Error::AmbiguousDate`].
//! - **End.** An end time not after the start time is on the next day
//!   (`22:00-02:00`); "midnight" as an end is the end of the day. A duration
//!   is real elapsed time, whatever the clocks do meanwhile.
//! - **Clock changes.** A local time that does not exist (spring forward) or
//!   exists twice (fall back) is read as TC39 Temporal's `compatible` does:
//!   a gap moves the time later by the gap's length, an overlap takes the
//!   earlier instant. Either way a warning `nonexistent-local-time` or
//!   `ambiguous-local-time` says so. A time written with an abbreviation
//!   ("01:30 EST") is read at that abbreviation's offset and is never
//!   ambiguous.
//!
//! Nothing here reads the clock: "now" and the reference instant are
//! arguments, in milliseconds since the Unix epoch as JavaScript counts them.

#![warn(clippy::too_many_lines)]

mod abbreviations;
mod api;
mod assemble;
mod clock;
mod compiled;
mod connect;
mod convert;
mod dates;
mod day;
mod fields;
mod grammar;
mod ics;
mod iso;
mod lexer;
mod link;
mod local;
mod names;
mod resolve;
mod rules;
mod table;
mod text;
mod tzdb;
mod zones;

pub use self::abbreviations::ABBREVIATION_PREFERENCES;
pub use self::api::{
    Bounds, FieldName, Fields, FieldsRequest, IcsRequest, LinkRequest, MAX_TEXT_BYTES,
    MAX_WINDOW_DAYS, MAX_WINDOWS, MAX_ZONES, ParseRequest, RowNames, Span, State, Status,
    TableFormat, TableRequest, View, Warning, WarningCode, Window,
};
pub use self::convert::convert;
pub use self::fields::from_fields;
pub use self::ics::{google_calendar_url, ics};
pub use self::link::{read_fragment, share_fragment};
pub use self::rules::{Change, Kept, Rules, Table};
pub use self::table::{status, table};
pub use self::tzdb::{time_zone, tzdb_version, zone_names};

use crate::{Error, Result};

/// Reads a maintenance window from an announcement.
///
/// The text may be prose ("On 24 July between 01:00 and 13:00 UTC"), a line
/// of a provider's table ("PDT: 23-24 July, 18:00-06:00") or an ISO 8601
/// interval (`2026-12-12T02:00Z/PT4H`). The rules applied (year, next day,
/// clock changes, abbreviations) are described in the [module
/// documentation](self) and reported in [`Window::warnings`].
///
/// # Errors
///
/// [`Error::NoDate`], [`Error::NoTime`], [`Error::UnknownTimeZone`] (also
/// when the text names no zone and `defaultZone` is not given),
/// [`Error::AmbiguousDate`], [`Error::InvalidDateTime`],
/// [`Error::EndBeforeStart`], [`Error::WindowTooLong`] (over 14 days),
/// [`Error::InputTooLarge`] (over 1 MiB) and [`Error::InvalidArgument`].
/// Each message quotes the words it could not use.
///
/// # Example
///
/// ```
/// use sealpost::window::{ParseRequest, parse};
///
/// let window = parse(&ParseRequest {
///     text: "On 24 July between 01:00 and 13:00 UTC we will be moving server NC018".into(),
///     reference_ms: 1_780_272_000_000.0, // 2026-06-01
///     zones: vec!["America/Vancouver".into()],
///     ..Default::default()
/// })?;
/// assert_eq!(window.start, "2026-07-24T01:00:00Z");
/// assert_eq!(window.views[0].label, "23-24 July, 18:00-06:00");
/// # Ok::<(), sealpost::Error>(())
/// ```
pub fn parse(req: &ParseRequest) -> Result<Window> {
    if req.text.len() > MAX_TEXT_BYTES {
        return Err(Error::InputTooLarge(format!(
            "the announcement is {} bytes; the limit is 1 MiB",
            req.text.len()
        )));
    }
    let reference = convert::instant(req.reference_ms, "referenceMs")?;
    let intervals = iso::find_intervals(&req.text)?;
    if intervals.is_empty() {
        resolve::windows(req, reference)
    } else {
        iso::windows(&intervals, req)
    }
}
