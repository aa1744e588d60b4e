//! Deadlines (thời hạn): what kind of deadline a task has, its due date and the words it came
//! from.
//!
//! `due` is the last day that counts as on time. A month, quarter, half-year or year deadline
//! means that period's last day. A recurring deadline (hằng tuần, hằng tháng, hằng quý...) has
//! a `period` and no single due date: each period is an occurrence (`crate::occurrence`) with
//! its own due date; for a recurring deadline `due`, when given, is the end of the horizon
//! ("hằng tháng trong năm 2024" → 2024-12-31). Ongoing (thường xuyên) and none have no due date.

use crate::error::{DomainError, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::Date;

/// The kind of deadline, as in the extraction output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Date,
    Month,
    Quarter,
    Half,
    Year,
    Recurring,
    Ongoing,
    None,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 8] = [
        DeadlineKind::Date,
        DeadlineKind::Month,
        DeadlineKind::Quarter,
        DeadlineKind::Half,
        DeadlineKind::Year,
        DeadlineKind::Recurring,
        DeadlineKind::Ongoing,
        DeadlineKind::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Date => "date",
            DeadlineKind::Month => "month",
            DeadlineKind::Quarter => "quarter",
            DeadlineKind::Half => "half",
            DeadlineKind::Year => "year",
            DeadlineKind::Recurring => "recurring",
            DeadlineKind::Ongoing => "ongoing",
            DeadlineKind::None => "none",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        DeadlineKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| DomainError::UnknownDeadlineKind(s.to_string()))
    }

    /// Whether this kind names a single due date.
    pub fn has_due(self) -> bool {
        matches!(
            self,
            DeadlineKind::Date | DeadlineKind::Month | DeadlineKind::Quarter | DeadlineKind::Half | DeadlineKind::Year
        )
    }
}

impl fmt::Display for DeadlineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The period of a recurring task (or of a target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Period {
    pub const ALL: [Period; 5] =
        [Period::Weekly, Period::Monthly, Period::Quarterly, Period::HalfYearly, Period::Yearly];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Weekly => "weekly",
            Period::Monthly => "monthly",
            Period::Quarterly => "quarterly",
            Period::HalfYearly => "half_yearly",
            Period::Yearly => "yearly",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Period::ALL.into_iter().find(|p| p.as_str() == s).ok_or_else(|| DomainError::UnknownPeriod(s.to_string()))
    }

    /// "hằng tuần", "hằng tháng", ...
    pub fn label_vi(self) -> &'static str {
        match self {
            Period::Weekly => "hằng tuần",
            Period::Monthly => "hằng tháng",
            Period::Quarterly => "hằng quý",
            Period::HalfYearly => "6 tháng",
            Period::Yearly => "hằng năm",
        }
    }
}

/// A task's deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The last day that counts as on time; for recurring deadlines the horizon's end.
    pub due: Option<Date>,
    /// For recurring deadlines: the period.
    pub period: Option<Period>,
    /// For recurring deadlines: the day within each period on which it falls due, when the
    /// text names one ("trước ngày 20 hằng tháng" → 19). Monthly: day of month (clamped to the
    /// month's length); weekly: 1 = Monday … 7 = Sunday; quarterly, half-yearly, yearly: day of
    /// the period's last month. `None` = the period's last day.
    pub day_of_period: Option<u8>,
    /// The words it came from, e.g. "tháng 6/2024".
    pub text: Option<String>,
}

impl Deadline {
    fn with(kind: DeadlineKind, due: Option<Date>) -> Self {
        Deadline { kind, due, period: None, day_of_period: None, text: None }
    }
    /// A fixed date.
    pub fn date(due: Date) -> Self {
        Self::with(DeadlineKind::Date, Some(due))
    }
    /// A month: its last day.
    pub fn month(year: i32, month: u8) -> Option<Self> {
        crate::dates::last_day_of_month(year, month).map(|d| Self::with(DeadlineKind::Month, Some(d)))
    }
    /// A quarter: its last day.
    pub fn quarter(year: i32, q: u8) -> Option<Self> {
        crate::dates::quarter_end(year, q).map(|d| Self::with(DeadlineKind::Quarter, Some(d)))
    }
    /// A half-year: its last day.
    pub fn half(year: i32, h: u8) -> Option<Self> {
        crate::dates::half_end(year, h).map(|d| Self::with(DeadlineKind::Half, Some(d)))
    }
    /// A year: 31 December.
    pub fn year(year: i32) -> Option<Self> {
        crate::dates::year_end(year).map(|d| Self::with(DeadlineKind::Year, Some(d)))
    }
    /// Recurring every `period`, until `until` if given.
    pub fn recurring(period: Period, until: Option<Date>) -> Self {
        Deadline { period: Some(period), ..Self::with(DeadlineKind::Recurring, until) }
    }
    /// Ongoing (thường xuyên): no due date.
    pub fn ongoing() -> Self {
        Self::with(DeadlineKind::Ongoing, None)
    }
    /// No deadline.
    pub fn none() -> Self {
        Self::with(DeadlineKind::None, None)
    }
    /// Adds the source words.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// The single due date that status is judged against (`None` for recurring, ongoing, none).
    pub fn single_due(&self) -> Option<Date> {
        if self.kind.has_due() {
            self.due
        } else {
            None
        }
    }

    /// Checks the fields agree with the kind.
    pub fn validate(&self) -> Result<()> {
        match self.kind {
            k if k.has_due() => {
                if self.due.is_none() {
                    return Err(DomainError::DeadlineDueMissing { kind: k.as_str() });
                }
            }
            DeadlineKind::Recurring => {
                let period = self.period.ok_or(DomainError::DeadlinePeriodMissing)?;
                if let Some(day) = self.day_of_period {
                    let ok = match period {
                        Period::Weekly => (1..=7).contains(&day),
                        _ => (1..=31).contains(&day),
                    };
                    if !ok {
                        return Err(DomainError::InvalidDayOfPeriod { day, period: period.as_str() });
                    }
                }
            }
            k => {
                if self.due.is_some() {
                    return Err(DomainError::DeadlineDueNotAllowed { kind: k.as_str() });
                }
            }
        }
        Ok(())
    }

    /// Checks the deadline does not fall before the document's date.
    pub fn validate_against_document(&self, document_date: Option<Date>) -> Result<()> {
        self.validate()?;
        if let (Some(due), Some(doc)) = (self.due, document_date) {
            if due < doc {
                return Err(DomainError::DeadlineBeforeDocument { due, document_date: doc });
            }
        }
        Ok(())
    }
}

/// Reads the day of period out of recurring-deadline words such as "trước ngày 20 hằng tháng"
/// (→ 19: "before the 20th" means the 19th is the last day on time) or "ngày 25 hằng tháng"
/// (→ 25). The extractor does not give this field, so the import fills it from the words.
pub fn day_of_period_from_words(text: &str) -> Option<u8> {
    let lower = text.to_lowercase();
    let idx = lower.find("ngày")?;
    let after = &lower[idx + "ngày".len()..];
    let digits: String = after.trim_start().chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = after.trim_start()[digits.len()..].trim_start();
    // "ngày 20/5" is a date, not a day of period
    if rest.starts_with('/') || rest.starts_with('-') {
        return None;
    }
    let day: u8 = digits.parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let before = lower[..idx].trim_end().ends_with("trước");
    if before {
        (day > 1).then(|| day - 1)
    } else {
        Some(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn constructors_give_period_ends() {
        assert_eq!(Deadline::month(2024, 6).unwrap().due, Some(date!(2024 - 06 - 30)));
        assert_eq!(Deadline::quarter(2024, 2).unwrap().due, Some(date!(2024 - 06 - 30)));
        assert_eq!(Deadline::half(2024, 1).unwrap().due, Some(date!(2024 - 06 - 30)));
        assert_eq!(Deadline::year(2024).unwrap().due, Some(date!(2024 - 12 - 31)));
        assert!(Deadline::month(2024, 13).is_none());
    }

    #[test]
    fn validation() {
        assert!(Deadline::date(date!(2024 - 04 - 21)).validate().is_ok());
        let mut d = Deadline::date(date!(2024 - 04 - 21));
        d.due = None;
        assert_eq!(d.validate().unwrap_err().code(), "deadline.due_missing");
        let mut r = Deadline::recurring(Period::Monthly, None);
        assert!(r.validate().is_ok());
        r.period = None;
        assert_eq!(r.validate().unwrap_err().code(), "deadline.period_missing");
        let mut o = Deadline::ongoing();
        o.due = Some(date!(2024 - 01 - 01));
        assert_eq!(o.validate().unwrap_err().code(), "deadline.due_not_allowed");
        let mut w = Deadline::recurring(Period::Weekly, None);
        w.day_of_period = Some(8);
        assert_eq!(w.validate().unwrap_err().code(), "deadline.invalid_day_of_period");
        let e =
            Deadline::date(date!(2024 - 03 - 01)).validate_against_document(Some(date!(2024 - 03 - 27))).unwrap_err();
        assert_eq!(e.code(), "deadline.before_document");
        assert!(e.message_vi().contains("01/03/2024"));
        assert!(Deadline::date(date!(2024 - 03 - 27)).validate_against_document(Some(date!(2024 - 03 - 27))).is_ok());
    }

    #[test]
    fn day_of_period_words() {
        assert_eq!(day_of_period_from_words("trước ngày 20 hằng tháng"), Some(19));
        assert_eq!(day_of_period_from_words("ngày 25 hằng tháng"), Some(25));
        assert_eq!(day_of_period_from_words("hằng tháng"), None);
        assert_eq!(day_of_period_from_words("trước ngày 15/5/2024"), None);
    }

    #[test]
    fn codes_round_trip() {
        for k in DeadlineKind::ALL {
            assert_eq!(DeadlineKind::parse(k.as_str()).unwrap(), k);
        }
        for p in Period::ALL {
            assert_eq!(Period::parse(p.as_str()).unwrap(), p);
        }
        assert!(Period::parse("daily").is_err());
    }
}
