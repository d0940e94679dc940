//! Which day a date of an announcement is, once its zone is known: a
//! numeric date with two readings (`05/06`), and a day counted from the
//! reference instant (`tomorrow`, `next Saturday`). Each says in a warning
//! what was taken.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};

use super::dates::{Day, DayMonth, Relative};
use super::grammar::Draft;
use super::text::{clip, month_name};
use super::tzdb::Zone;
use super::zones::month_first;
use super::{FieldName, Warning, WarningCode};
use crate::{Error, Result};

/// The start and end date of a draft as days of a month: the readings
/// chosen, relative days counted in `zone` from `reference`.
pub(crate) fn settle(
    draft: &Draft,
    zone: &Zone,
    reference: Timestamp,
    warnings: &mut Vec<Warning>,
) -> Result<(DayMonth, Option<DayMonth>)> {
    let today = zone.view_tz().to_datetime(reference).date();
    let context = Context { zone, today };
    let (start, order) = context.day(
        &draft.date.start,
        draft.date.weekday,
        &draft.date.text,
        None,
        warnings,
    )?;
    let end = match &draft.end_date {
        Some(e) => Some(context.day(e, None, &draft.date.text, order, warnings)?.0),
        None => None,
    };
    Ok((start, end))
}

/// Which reading of a numeric date was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    DayFirst,
    MonthFirst,
}

struct Context<'z> {
    zone: &'z Zone,
    /// The reference instant's date in the zone.
    today: Date,
}

impl Context<'_> {
    /// One day of the draft; `order` is the reading the start took, for
    /// an end written the same way.
    fn day(
        &self,
        day: &Day,
        weekday: Option<Weekday>,
        text: &str,
        order: Option<Order>,
        warnings: &mut Vec<Warning>,
    ) -> Result<(DayMonth, Option<Order>)> {
        match *day {
            Day::Dated(d) => Ok((d, None)),
            Day::Either(a, b) => {
                let (d, o) = self.reading((a, b), weekday, text, order, warnings)?;
                Ok((d, Some(o)))
            }
            Day::Relative(r) => Ok((self.relative(r, text, warnings)?, None)),
        }
    }

    /// The reading of `05/06` to take: the one its weekday fits, else the
    /// start's, else the zone's convention; said in a warning.
    fn reading(
        &self,
        (day_first, month_first_reading): (DayMonth, DayMonth),
        weekday: Option<Weekday>,
        text: &str,
        order: Option<Order>,
        warnings: &mut Vec<Warning>,
    ) -> Result<(DayMonth, Order)> {
        let fits = |d: DayMonth| {
            weekday.is_some_and(|w| self.first_date(d).is_some_and(|x| x.weekday() == w))
        };
        let (a, b) = (fits(day_first), fits(month_first_reading));
        let convention = if month_first(self.zone) {
            Order::MonthFirst
        } else {
            Order::DayFirst
        };
        let (chosen, why) = match (a, b, order) {
            (true, false, _) => (Order::DayFirst, Why::Weekday),
            (false, true, _) => (Order::MonthFirst, Why::Weekday),
            (false, false, _) if weekday.is_some() && day_first.year.is_some() => {
                return Err(Error::AmbiguousDate(format!(
                    "\u{201c}{}\u{201d} disagrees with itself: neither {} nor {} is a {:?}",
                    clip(text),
                    long(day_first),
                    long(month_first_reading),
                    weekday.unwrap_or(Weekday::Monday),
                )));
            }
            (_, _, Some(o)) => (o, Why::Start),
            _ => (convention, Why::Convention),
        };
        let (taken, other) = match chosen {
            Order::DayFirst => (day_first, month_first_reading),
            Order::MonthFirst => (month_first_reading, day_first),
        };
        if why != Why::Start {
            warnings.push(order_warning(text, taken, other, chosen, why));
        }
        Ok((taken, chosen))
    }

    /// The date of `d` in its year, or in the first year from today's on
    /// in which it has not passed.
    fn first_date(&self, d: DayMonth) -> Option<Date> {
        match d.year {
            Some(y) => Date::new(y, d.month, d.day).ok(),
            None => (self.today.year()..=self.today.year().saturating_add(8))
                .filter_map(|y| Date::new(y, d.month, d.day).ok())
                .find(|x| *x >= self.today.yesterday().unwrap_or(self.today)),
        }
    }

    /// `today`, `tomorrow`, `next Saturday` as a date, with a warning.
    fn relative(&self, r: Relative, text: &str, warnings: &mut Vec<Warning>) -> Result<DayMonth> {
        let days = match r {
            Relative::Today => 0,
            Relative::Tomorrow => 1,
            Relative::Weekday { day, after_today } => {
                let ahead = i64::from(day.since(self.today.weekday()));
                if ahead == 0 && after_today { 7 } else { ahead }
            }
        };
        let mut date = self.today;
        for _ in 0..days {
            date = date.tomorrow().map_err(|_| {
                Error::InvalidDateTime(format!(
                    "\u{201c}{}\u{201d} is after the year 9999",
                    clip(text)
                ))
            })?;
        }
        let how = match (r, days) {
            (_, 0) => "today".to_string(),
            (Relative::Tomorrow, _) => "the day after today".to_string(),
            (Relative::Weekday { day, after_today }, _) => {
                let from = if after_today { "after" } else { "from" };
                format!("the first {day:?} {from} today")
            }
            (Relative::Today, _) => String::new(),
        };
        warnings.push(Warning::new(
            WarningCode::RelativeDate,
            FieldName::Date,
            format!(
                "\u{201c}{}\u{201d} was read as {:?} {} ({how}, {} in {}). Check it if the announcement is older than today.",
                clip(text),
                date.weekday(),
                long_date(date),
                short_date(self.today),
                self.zone.written,
            ),
        ));
        Ok(DayMonth {
            month: date.month(),
            day: date.day(),
            year: Some(date.year()),
        })
    }
}

/// Why a reading was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Weekday,
    Start,
    Convention,
}

fn order_warning(text: &str, taken: DayMonth, other: DayMonth, order: Order, why: Why) -> Warning {
    let reason = match (why, order) {
        (Why::Weekday, _) => "the reading that falls on its weekday".to_string(),
        (_, Order::MonthFirst) => {
            "month first, as dates are written in the United States".to_string()
        }
        (_, Order::DayFirst) => {
            "day first, as dates are written outside the United States".to_string()
        }
    };
    Warning::new(
        WarningCode::NumericDateOrder,
        FieldName::Date,
        format!(
            "\u{201c}{}\u{201d} was read as {} ({reason}); it could also mean {}.",
            clip(text),
            long(taken),
            long(other)
        ),
    )
}

/// `5 June 2027`, or `5 June` without a year.
fn long(d: DayMonth) -> String {
    match d.year {
        Some(y) => format!("{} {} {y}", d.day, month_name(d.month)),
        None => format!("{} {}", d.day, month_name(d.month)),
    }
}

fn long_date(d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

fn short_date(d: Date) -> String {
    format!("{} {}", d.day(), month_name(d.month()))
}

#[cfg(test)]
mod tests {
    use super::super::grammar::parse_text;
    use super::super::zones::resolve;
    use super::*;

    /// The start date of `text` read in `zone` on `reference`, and the
    /// warning codes.
    fn start(text: &str, zone: &str, reference: &str) -> Result<((i16, i8, i8), Vec<WarningCode>)> {
        let at: Timestamp = reference.parse().unwrap();
        let zone = resolve(zone, at).unwrap().0;
        let draft = parse_text(text)?.drafts.remove(0);
        let mut warnings = Vec::new();
        let (d, _) = settle(&draft, &zone, at, &mut warnings)?;
        let codes = warnings.iter().map(|w| w.code).collect();
        Ok(((d.year.unwrap_or(0), d.month, d.day), codes))
    }

    const FRIDAY: &str = "2026-03-13T12:00Z";

    #[test]
    fn numeric_readings() {
        let order = vec![WarningCode::NumericDateOrder];
        assert_eq!(
            start("05/06/2027 10:00-11:00", "UTC", FRIDAY).unwrap(),
            ((2027, 6, 5), order.clone())
        );
        assert_eq!(
            start("05/06/2027 10:00-11:00", "America/New_York", FRIDAY).unwrap(),
            ((2027, 5, 6), order.clone())
        );
        // 6 May 2027 is a Thursday, 5 June 2027 a Saturday.
        assert_eq!(
            start("Thursday 05/06/2027 10:00-11:00", "UTC", FRIDAY).unwrap(),
            ((2027, 5, 6), order.clone())
        );
        assert_eq!(
            start("14/12 10:00-11:00", "America/New_York", FRIDAY).unwrap(),
            ((0, 12, 14), vec![])
        );
        let err = start("Monday 05/06/2027 10:00-11:00", "UTC", FRIDAY).unwrap_err();
        assert_eq!(err.code(), "ambiguous-date");
        assert!(
            err.to_string().contains("5 June 2027 nor 6 May 2027"),
            "{err}"
        );
    }

    #[test]
    fn relative_days() {
        let rel = vec![WarningCode::RelativeDate];
        assert_eq!(
            start("today 10:00-11:00", "UTC", FRIDAY).unwrap(),
            ((2026, 3, 13), rel.clone())
        );
        assert_eq!(
            start("tonight 22:00-23:00", "UTC", FRIDAY).unwrap(),
            ((2026, 3, 13), rel.clone())
        );
        assert_eq!(
            start("tomorrow 10:00-11:00", "UTC", FRIDAY).unwrap(),
            ((2026, 3, 14), rel.clone())
        );
        assert_eq!(
            start("on Saturday 10:00-11:00", "UTC", FRIDAY).unwrap(),
            ((2026, 3, 14), rel.clone())
        );
        assert_eq!(
            start("next Friday 10:00-11:00", "UTC", FRIDAY).unwrap(),
            ((2026, 3, 20), rel.clone())
        );
        assert_eq!(
            start("this Friday 10:00-11:00", "UTC", FRIDAY).unwrap(),
            ((2026, 3, 13), rel.clone())
        );
        // Today in the announcement's zone: already Saturday in Tokyo.
        let late = "2026-03-13T20:00Z";
        assert_eq!(
            start("today 10:00-11:00", "Asia/Tokyo", late).unwrap(),
            ((2026, 3, 14), rel.clone())
        );
    }
}
