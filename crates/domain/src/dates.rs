//! Calendar helpers shared by the rules: ISO text form of dates (how the store keeps them),
//! the last day of a month, quarter, half-year and year, and whole-day differences.
//!
//! Dates are civil dates in Asia/Ho_Chi_Minh; the domain never reads the clock.

use time::{format_description::BorrowedFormatItem, macros::format_description, Date, Month};

const ISO: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// `YYYY-MM-DD`, the form used in JSON and in the database (it sorts like the date).
pub fn iso(d: Date) -> String {
    // Formatting a Date with a date-only description cannot fail for years 0..=9999;
    // fall back to the Debug form rather than panic for exotic years.
    d.format(ISO).unwrap_or_else(|_| format!("{d}"))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_iso(s: &str) -> Option<Date> {
    Date::parse(s.trim(), ISO).ok()
}

/// `dd/mm/yyyy`, the form shown to Vietnamese readers.
pub fn vi(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// A date from numbers, `None` when it does not exist.
pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
    let m = Month::try_from(month).ok()?;
    Date::from_calendar_date(year, m, day).ok()
}

/// The last day of a month (`month` 1–12).
pub fn last_day_of_month(year: i32, month: u8) -> Option<Date> {
    let m = Month::try_from(month).ok()?;
    Date::from_calendar_date(year, m, m.length(year)).ok()
}

/// The first day of the month containing `d`.
pub fn month_start(d: Date) -> Date {
    d.replace_day(1).unwrap_or(d)
}

/// The last day of the quarter `q` (1–4).
pub fn quarter_end(year: i32, q: u8) -> Option<Date> {
    if !(1..=4).contains(&q) {
        return None;
    }
    last_day_of_month(year, q * 3)
}

/// The last day of half-year `h` (1 = January–June, 2 = July–December).
pub fn half_end(year: i32, h: u8) -> Option<Date> {
    match h {
        1 => last_day_of_month(year, 6),
        2 => last_day_of_month(year, 12),
        _ => None,
    }
}

/// 31 December of `year`.
pub fn year_end(year: i32) -> Option<Date> {
    last_day_of_month(year, 12)
}

/// Whole days from `a` to `b` (positive when `b` is later).
pub fn days_between(a: Date, b: Date) -> i64 {
    (b - a).whole_days()
}

/// `d` plus `n` days (saturating at the calendar's ends).
pub fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(time::Duration::days(n)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn iso_round_trip_and_ends() {
        assert_eq!(iso(date!(2024 - 03 - 27)), "2024-03-27");
        assert_eq!(parse_iso("2024-03-27"), Some(date!(2024 - 03 - 27)));
        assert_eq!(parse_iso("27/03/2024"), None);
        assert_eq!(vi(date!(2024 - 03 - 07)), "07/03/2024");
        assert_eq!(last_day_of_month(2024, 2), Some(date!(2024 - 02 - 29)));
        assert_eq!(last_day_of_month(2023, 2), Some(date!(2023 - 02 - 28)));
        assert_eq!(quarter_end(2024, 2), Some(date!(2024 - 06 - 30)));
        assert_eq!(half_end(2024, 2), Some(date!(2024 - 12 - 31)));
        assert_eq!(quarter_end(2024, 5), None);
        assert_eq!(days_between(date!(2024 - 03 - 27), date!(2024 - 04 - 21)), 25);
    }
}
