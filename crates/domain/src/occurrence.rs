//! Occurrences of recurring tasks (nhiệm vụ định kỳ): one per period (week, month, quarter,
//! half-year, year) from the document's date to a horizon, each with its own due date and its
//! own status. The horizon is the deadline's end when the text gives one ("hằng tháng trong năm
//! 2024"), else the end of the year of the report date.
//!
//! Periods are calendar periods: weeks run Monday–Sunday; months, quarters (I–IV), halves and
//! years as on the calendar. An occurrence is due on the period's last day unless the deadline
//! names a day of period ("trước ngày 20 hằng tháng" → the 19th).

use crate::dates::{add_days, last_day_of_month, vi, year_end, ymd};
use crate::deadline::{Deadline, DeadlineKind, Period};
use crate::error::{DomainError, Result};
use serde::{Deserialize, Serialize};
use time::Date;

/// The most occurrences one task may have (about 20 years of weeks).
pub const MAX_OCCURRENCES: usize = 1100;

/// One period of a recurring task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    pub period: Period,
    pub period_start: Date,
    pub period_end: Date,
    /// The last day that counts as on time for this period.
    pub due: Date,
    /// "Tháng 4/2024", "Quý II/2024", ...
    pub label_vi: String,
    /// Date of the accepted completion report for this period.
    pub completed_on: Option<Date>,
}

/// The calendar period of kind `p` containing `d`: (first day, last day).
pub fn period_containing(p: Period, d: Date) -> (Date, Date) {
    let y = d.year();
    let m = u8::from(d.month());
    let span = |first_month: u8, months: u8| -> (Date, Date) {
        let start = ymd(y, first_month, 1).unwrap_or(d);
        let end = last_day_of_month(y, first_month + months - 1).unwrap_or(d);
        (start, end)
    };
    match p {
        Period::Weekly => {
            let back = i64::from(d.weekday().number_days_from_monday());
            let start = add_days(d, -back);
            (start, add_days(start, 6))
        }
        Period::Monthly => span(m, 1),
        Period::Quarterly => span((m - 1) / 3 * 3 + 1, 3),
        Period::HalfYearly => span(if m <= 6 { 1 } else { 7 }, 6),
        Period::Yearly => span(1, 12),
    }
}

/// The due date inside a period: its last day, or the named day of period (clamped).
pub fn due_in_period(p: Period, day_of_period: Option<u8>, start: Date, end: Date) -> Date {
    let Some(day) = day_of_period else { return end };
    match p {
        Period::Weekly => add_days(start, i64::from(day.clamp(1, 7)) - 1),
        _ => {
            let last_month_start = end.replace_day(1).unwrap_or(end);
            let clamped = day.clamp(1, end.day());
            last_month_start.replace_day(clamped).unwrap_or(end)
        }
    }
}

/// "Tháng 4/2024", "Quý II/2024", "6 tháng đầu năm 2024", "Năm 2024", "Tuần 01/04–07/04/2024".
pub fn label_vi(p: Period, start: Date, end: Date) -> String {
    let y = start.year();
    let m = u8::from(start.month());
    match p {
        Period::Weekly => format!("Tuần {:02}/{:02}–{}", start.day(), m, vi(end)),
        Period::Monthly => format!("Tháng {m}/{y}"),
        Period::Quarterly => {
            let q = ["I", "II", "III", "IV"][usize::from((m - 1) / 3)];
            format!("Quý {q}/{y}")
        }
        Period::HalfYearly => {
            if m <= 6 {
                format!("6 tháng đầu năm {y}")
            } else {
                format!("6 tháng cuối năm {y}")
            }
        }
        Period::Yearly => format!("Năm {y}"),
    }
}

/// Where tracking of a recurring deadline stops: its own end when given, else the end of the
/// year of `report_date`.
pub fn horizon(deadline: &Deadline, report_date: Date) -> Date {
    match (deadline.kind, deadline.due) {
        (DeadlineKind::Recurring, Some(until)) => until,
        _ => year_end(report_date.year()).unwrap_or(report_date),
    }
}

/// The occurrences of a recurring deadline from `from` (the document's date) to `horizon`:
/// every period that starts on or before the horizon, beginning with the one containing
/// `from`. A first period whose due date falls before `from` is skipped (it cannot be late
/// before it was assigned). Returns an empty list for deadlines that do not recur.
pub fn expand(deadline: &Deadline, from: Date, horizon: Date) -> Result<Vec<Occurrence>> {
    if deadline.kind != DeadlineKind::Recurring {
        return Ok(Vec::new());
    }
    deadline.validate()?;
    let period = deadline.period.ok_or(DomainError::DeadlinePeriodMissing)?;
    if horizon < from {
        return Err(DomainError::HorizonBeforeStart { start: from, horizon });
    }
    let mut out = Vec::new();
    let (mut start, mut end) = period_containing(period, from);
    while start <= horizon {
        let due = due_in_period(period, deadline.day_of_period, start, end);
        if due >= from {
            if out.len() >= MAX_OCCURRENCES {
                return Err(DomainError::TooManyOccurrences { max: MAX_OCCURRENCES });
            }
            out.push(Occurrence {
                period,
                period_start: start,
                period_end: end,
                due,
                label_vi: label_vi(period, start, end),
                completed_on: None,
            });
        }
        let Some(next) = end.next_day() else { break };
        (start, end) = period_containing(period, next);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn monthly_from_document_date_to_year_end() {
        let d = Deadline::recurring(Period::Monthly, None);
        let h = horizon(&d, date!(2024 - 03 - 27));
        assert_eq!(h, date!(2024 - 12 - 31));
        let occ = expand(&d, date!(2024 - 03 - 27), h).unwrap();
        assert_eq!(occ.len(), 10); // March..December
        assert_eq!(occ[0].due, date!(2024 - 03 - 31));
        assert_eq!(occ[0].label_vi, "Tháng 3/2024");
        assert_eq!(occ[1].due, date!(2024 - 04 - 30));
        assert_eq!(occ[9].due, date!(2024 - 12 - 31));
    }

    #[test]
    fn day_of_period_and_skipped_first() {
        let mut d = Deadline::recurring(Period::Monthly, Some(date!(2024 - 06 - 30)));
        d.day_of_period = Some(19);
        let occ = expand(&d, date!(2024 - 03 - 27), horizon(&d, date!(2024 - 03 - 27))).unwrap();
        // March's 19th is before the document: skipped
        assert_eq!(
            occ.iter().map(|o| o.due).collect::<Vec<_>>(),
            vec![date!(2024 - 04 - 19), date!(2024 - 05 - 19), date!(2024 - 06 - 19)]
        );
        d.day_of_period = Some(31);
        let occ = expand(&d, date!(2024 - 03 - 27), date!(2024 - 06 - 30)).unwrap();
        assert_eq!(occ[1].due, date!(2024 - 04 - 30)); // clamped
    }

    #[test]
    fn weekly_quarterly_half_yearly() {
        let w = Deadline::recurring(Period::Weekly, None);
        let occ = expand(&w, date!(2024 - 03 - 27), date!(2024 - 04 - 14)).unwrap();
        assert_eq!(occ[0].period_start, date!(2024 - 03 - 25)); // Monday
        assert_eq!(occ[0].due, date!(2024 - 03 - 31)); // Sunday
        assert_eq!(occ.len(), 3);
        let q = Deadline::recurring(Period::Quarterly, None);
        let occ = expand(&q, date!(2024 - 03 - 27), date!(2024 - 12 - 31)).unwrap();
        assert_eq!(occ.len(), 4);
        assert_eq!(occ[1].label_vi, "Quý II/2024");
        assert_eq!(occ[1].due, date!(2024 - 06 - 30));
        let h = Deadline::recurring(Period::HalfYearly, None);
        let occ = expand(&h, date!(2024 - 03 - 27), date!(2024 - 12 - 31)).unwrap();
        assert_eq!(occ.len(), 2);
        assert_eq!(occ[1].label_vi, "6 tháng cuối năm 2024");
    }

    #[test]
    fn errors_and_non_recurring() {
        assert!(expand(&Deadline::date(date!(2024 - 04 - 21)), date!(2024 - 03 - 27), date!(2024 - 12 - 31))
            .unwrap()
            .is_empty());
        let d = Deadline::recurring(Period::Monthly, None);
        assert_eq!(
            expand(&d, date!(2024 - 03 - 27), date!(2024 - 01 - 01)).unwrap_err().code(),
            "occurrence.horizon_before_start"
        );
        assert_eq!(
            expand(&Deadline::recurring(Period::Weekly, None), date!(2000 - 01 - 01), date!(2040 - 01 - 01))
                .unwrap_err()
                .code(),
            "occurrence.too_many"
        );
    }

    fn period_strategy() -> impl Strategy<Value = Period> {
        prop::sample::select(Period::ALL.to_vec())
    }

    proptest! {
        /// Occurrences are contiguous, non-overlapping, ordered, each due inside its period,
        /// and they cover the span from the document date to the horizon.
        #[test]
        fn occurrences_contiguous(p in period_strategy(), start_off in 0i64..3000, len in 0i64..800, day in proptest::option::of(1u8..=31)) {
            let from = add_days(date!(2020 - 01 - 01), start_off);
            let h = add_days(from, len);
            let mut d = Deadline::recurring(p, None);
            d.day_of_period = day.map(|x| if p == Period::Weekly { (x - 1) % 7 + 1 } else { x });
            let occ = expand(&d, from, h).unwrap();
            for o in &occ {
                prop_assert!(o.period_start <= o.due && o.due <= o.period_end);
                prop_assert!(o.due >= from);
                prop_assert!(o.period_start <= h);
                prop_assert_eq!(period_containing(p, o.period_start), (o.period_start, o.period_end));
            }
            for w in occ.windows(2) {
                prop_assert_eq!(w[0].period_end.next_day(), Some(w[1].period_start));
            }
            if let Some(last) = occ.last() {
                prop_assert!(last.period_end >= h);
            }
            if day.is_none() {
                // without a day of period nothing is skipped: the first period contains `from`
                prop_assert!(occ[0].period_start <= from && from <= occ[0].period_end);
            }
        }
    }
}
