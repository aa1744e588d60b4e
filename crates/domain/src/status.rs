//! Status as of a date (tình trạng thực hiện tính đến ngày báo cáo): the four official groups
//! used in Government statistics — done on time, done late, open within deadline, open overdue
//! (with days overdue) — plus due soon (within a configurable window, 5 days by default), no
//! deadline, and cancelled.
//!
//! The rules, in order, for a task (or one occurrence of a recurring task) as of date D:
//! 1. cancelled on or before D → `Cancelled`;
//! 2. the deadline in force at D is the latest extension granted on or before D, else the
//!    original (`crate::extension::effective_due`);
//! 3. completed (the office accepted a report dated on or before D) → `DoneOnTime` when the
//!    report's date is on or before that deadline (or there is none), else `DoneLate`;
//! 4. open with no deadline → `NoDeadline`;
//! 5. open, D on or before the deadline → `OpenInTime` (due soon when at most
//!    `due_soon_days` days are left); after it → `OpenOverdue`.
//!
//! The store computes the same in SQL for lists and statistics; its tests check both agree.

use crate::dates::days_between;
use crate::extension::{effective_due, Extension};
use crate::occurrence::Occurrence;
use crate::task::{Task, TaskState};
use serde::{Deserialize, Serialize};
use time::Date;

/// The default "due soon" window, in days.
pub const DEFAULT_DUE_SOON_DAYS: u32 = 5;

/// A task's status as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Hoàn thành đúng hạn.
    DoneOnTime,
    /// Hoàn thành quá hạn.
    DoneLate { days_late: i64 },
    /// Chưa hoàn thành – trong hạn (`due_soon`: sắp đến hạn).
    OpenInTime { due_soon: bool, days_left: i64 },
    /// Chưa hoàn thành – quá hạn.
    OpenOverdue { days_overdue: i64 },
    /// Chưa có hạn (open, no deadline).
    NoDeadline,
    /// Hủy.
    Cancelled,
}

/// The group a status is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusGroup {
    DoneOnTime,
    DoneLate,
    OpenInTime,
    OpenOverdue,
    DueSoon,
    NoDeadline,
    Cancelled,
}

impl StatusGroup {
    pub const ALL: [StatusGroup; 7] = [
        StatusGroup::DoneOnTime,
        StatusGroup::DoneLate,
        StatusGroup::OpenInTime,
        StatusGroup::OpenOverdue,
        StatusGroup::DueSoon,
        StatusGroup::NoDeadline,
        StatusGroup::Cancelled,
    ];

    /// Stable code, used in URLs, the API and the store's filters.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusGroup::DoneOnTime => "done_on_time",
            StatusGroup::DoneLate => "done_late",
            StatusGroup::OpenInTime => "open_in_time",
            StatusGroup::OpenOverdue => "open_overdue",
            StatusGroup::DueSoon => "due_soon",
            StatusGroup::NoDeadline => "no_deadline",
            StatusGroup::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        StatusGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The label used in the official tables.
    pub fn label_vi(self) -> &'static str {
        match self {
            StatusGroup::DoneOnTime => "Hoàn thành đúng hạn",
            StatusGroup::DoneLate => "Hoàn thành quá hạn",
            StatusGroup::OpenInTime => "Chưa hoàn thành - trong hạn",
            StatusGroup::OpenOverdue => "Chưa hoàn thành - quá hạn",
            StatusGroup::DueSoon => "Sắp đến hạn",
            StatusGroup::NoDeadline => "Chưa có hạn",
            StatusGroup::Cancelled => "Hủy",
        }
    }

    /// The official four-group classification: due soon and no deadline count as "open within
    /// deadline"; cancelled is outside the four (`None`).
    pub fn official(self) -> Option<StatusGroup> {
        match self {
            StatusGroup::DueSoon | StatusGroup::NoDeadline | StatusGroup::OpenInTime => Some(StatusGroup::OpenInTime),
            StatusGroup::Cancelled => None,
            g => Some(g),
        }
    }
}

impl Status {
    /// The finest group: due soon is told apart from the rest of open-in-time.
    pub fn group(&self) -> StatusGroup {
        match self {
            Status::DoneOnTime => StatusGroup::DoneOnTime,
            Status::DoneLate { .. } => StatusGroup::DoneLate,
            Status::OpenInTime { due_soon: true, .. } => StatusGroup::DueSoon,
            Status::OpenInTime { .. } => StatusGroup::OpenInTime,
            Status::OpenOverdue { .. } => StatusGroup::OpenOverdue,
            Status::NoDeadline => StatusGroup::NoDeadline,
            Status::Cancelled => StatusGroup::Cancelled,
        }
    }

    /// Vietnamese label, with the day count where it matters ("Chưa hoàn thành - quá hạn 3 ngày").
    pub fn label_vi(&self) -> String {
        match self {
            Status::DoneLate { days_late } => format!("Hoàn thành quá hạn {days_late} ngày"),
            Status::OpenOverdue { days_overdue } => {
                format!("Chưa hoàn thành - quá hạn {days_overdue} ngày")
            }
            Status::OpenInTime { due_soon: true, days_left: 0 } => "Sắp đến hạn (hết hạn hôm nay)".into(),
            Status::OpenInTime { due_soon: true, days_left } => format!("Sắp đến hạn (còn {days_left} ngày)"),
            s => s.group().label_vi().into(),
        }
    }
}

/// The rule itself, on plain facts: the deadline in force at `as_of`, the completion date
/// (date of the accepted report), the cancellation date.
pub fn classify(
    effective_due: Option<Date>,
    completed_on: Option<Date>,
    cancelled_on: Option<Date>,
    as_of: Date,
    due_soon_days: u32,
) -> Status {
    if cancelled_on.is_some_and(|c| c <= as_of) {
        return Status::Cancelled;
    }
    match (completed_on.filter(|c| *c <= as_of), effective_due) {
        (Some(done), Some(due)) if done > due => Status::DoneLate { days_late: days_between(due, done) },
        (Some(_), _) => Status::DoneOnTime,
        (None, None) => Status::NoDeadline,
        (None, Some(due)) if as_of <= due => {
            let days_left = days_between(as_of, due);
            Status::OpenInTime { due_soon: days_left <= i64::from(due_soon_days), days_left }
        }
        (None, Some(due)) => Status::OpenOverdue { days_overdue: days_between(due, as_of) },
    }
}

/// The status of `task` — or of one of its occurrences when `occurrence` is given — as of
/// `as_of`. `extensions` are the task's extension requests of any decision; only those granted
/// on or before `as_of` (and, for an occurrence, those for its period) count.
pub fn status_as_of(
    task: &Task,
    extensions: &[Extension],
    occurrence: Option<&Occurrence>,
    as_of: Date,
    due_soon_days: u32,
) -> Status {
    let cancelled_on = match task.state {
        TaskState::Cancelled => Some(task.cancelled_on.unwrap_or(as_of)),
        _ => None,
    };
    let (original, completed_on, occ_start) = match occurrence {
        Some(o) => (Some(o.due), o.completed_on, Some(o.period_start)),
        None => {
            let completed = match task.state {
                TaskState::Done => task.completed_on,
                _ => None,
            };
            (task.deadline.single_due(), completed, None)
        }
    };
    let relevant = extensions.iter().filter(|e| e.task_id == task.id && e.occurrence_start == occ_start);
    let due = effective_due(original, relevant, as_of);
    classify(due, completed_on, cancelled_on, as_of, due_soon_days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::{Deadline, Period};
    use crate::extension::ExtensionDecision;
    use crate::ids::{ExtensionId, OrgId, TaskId, UnitId, UserId};
    use crate::occurrence::expand;
    use proptest::prelude::*;
    use time::macros::date;

    const W: u32 = DEFAULT_DUE_SOON_DAYS;

    fn task(due: Date) -> Task {
        Task::new(TaskId(1), OrgId(1), "Lấy ý kiến cử tri", UnitId(5), Deadline::date(due), date!(2024 - 03 - 27))
    }

    fn ext(id: i64, new_due: Date, decision: ExtensionDecision, decided_on: Option<Date>) -> Extension {
        Extension {
            id: ExtensionId(id),
            task_id: TaskId(1),
            occurrence_start: None,
            requested_on: date!(2024 - 04 - 10),
            requested_by: UserId(2),
            previous_due: date!(2024 - 04 - 21),
            requested_due: new_due,
            reason: "lý do".into(),
            decision,
            decided_by: Some(UserId(3)),
            decided_on,
            decision_note: None,
        }
    }

    #[test]
    fn open_task_before_on_after_deadline() {
        let t = task(date!(2024 - 04 - 21));
        assert_eq!(
            status_as_of(&t, &[], None, date!(2024 - 04 - 01), W),
            Status::OpenInTime { due_soon: false, days_left: 20 }
        );
        assert_eq!(
            status_as_of(&t, &[], None, date!(2024 - 04 - 15), W),
            Status::OpenInTime { due_soon: false, days_left: 6 }
        );
        assert_eq!(
            status_as_of(&t, &[], None, date!(2024 - 04 - 16), W),
            Status::OpenInTime { due_soon: true, days_left: 5 }
        );
        assert_eq!(
            status_as_of(&t, &[], None, date!(2024 - 04 - 21), W),
            Status::OpenInTime { due_soon: true, days_left: 0 }
        );
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 04 - 22), W), Status::OpenOverdue { days_overdue: 1 });
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 05 - 21), W), Status::OpenOverdue { days_overdue: 30 });
        // window is configurable
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 04 - 11), 10).group(), StatusGroup::DueSoon);
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 04 - 21), 0).group(), StatusGroup::DueSoon);
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 04 - 20), 0).group(), StatusGroup::OpenInTime);
    }

    fn done(due: Date, on: Date) -> Task {
        let mut t = task(due);
        t.report_completion(on).unwrap();
        t.accept_completion().unwrap();
        t
    }

    #[test]
    fn done_before_on_after_deadline() {
        let due = date!(2024 - 04 - 21);
        assert_eq!(
            status_as_of(&done(due, date!(2024 - 04 - 20)), &[], None, date!(2024 - 06 - 30), W),
            Status::DoneOnTime
        );
        assert_eq!(status_as_of(&done(due, due), &[], None, date!(2024 - 06 - 30), W), Status::DoneOnTime);
        assert_eq!(
            status_as_of(&done(due, date!(2024 - 04 - 25)), &[], None, date!(2024 - 06 - 30), W),
            Status::DoneLate { days_late: 4 }
        );
        // as of a date before the completion report, it was still open
        let late = done(due, date!(2024 - 04 - 25));
        assert_eq!(status_as_of(&late, &[], None, date!(2024 - 04 - 24), W), Status::OpenOverdue { days_overdue: 3 });
        assert_eq!(status_as_of(&late, &[], None, date!(2024 - 04 - 20), W).group(), StatusGroup::DueSoon);
        assert_eq!(status_as_of(&late, &[], None, date!(2024 - 04 - 25), W), Status::DoneLate { days_late: 4 });
    }

    #[test]
    fn completion_reported_but_not_accepted_is_open() {
        let mut t = task(date!(2024 - 04 - 21));
        t.report_completion(date!(2024 - 04 - 20)).unwrap();
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 04 - 30), W), Status::OpenOverdue { days_overdue: 9 });
    }

    #[test]
    fn granted_extension_moves_the_deadline_from_its_decision_date() {
        let t = task(date!(2024 - 04 - 21));
        let exts = [ext(1, date!(2024 - 05 - 15), ExtensionDecision::Granted, Some(date!(2024 - 04 - 25)))];
        // before the grant: judged against the original
        assert_eq!(status_as_of(&t, &exts, None, date!(2024 - 04 - 21), W).group(), StatusGroup::DueSoon);
        assert_eq!(status_as_of(&t, &exts, None, date!(2024 - 04 - 24), W), Status::OpenOverdue { days_overdue: 3 });
        // on and after the grant: against the new date
        assert_eq!(
            status_as_of(&t, &exts, None, date!(2024 - 04 - 25), W),
            Status::OpenInTime { due_soon: false, days_left: 20 }
        );
        assert_eq!(
            status_as_of(&t, &exts, None, date!(2024 - 05 - 15), W),
            Status::OpenInTime { due_soon: true, days_left: 0 }
        );
        assert_eq!(status_as_of(&t, &exts, None, date!(2024 - 05 - 16), W), Status::OpenOverdue { days_overdue: 1 });
        // done between the original and the extended deadline: on time once granted
        let d = done(date!(2024 - 04 - 21), date!(2024 - 05 - 10));
        assert_eq!(status_as_of(&d, &exts, None, date!(2024 - 06 - 01), W), Status::DoneOnTime);
        assert_eq!(status_as_of(&d, &[], None, date!(2024 - 06 - 01), W), Status::DoneLate { days_late: 19 });
    }

    #[test]
    fn refused_or_pending_extension_changes_nothing() {
        let t = task(date!(2024 - 04 - 21));
        for e in [
            ext(1, date!(2024 - 05 - 15), ExtensionDecision::Refused, Some(date!(2024 - 04 - 18))),
            ext(2, date!(2024 - 05 - 15), ExtensionDecision::Pending, None),
        ] {
            let exts = [e];
            assert_eq!(status_as_of(&t, &exts, None, date!(2024 - 04 - 20), W).group(), StatusGroup::DueSoon);
            assert_eq!(status_as_of(&t, &exts, None, date!(2024 - 04 - 21), W).group(), StatusGroup::DueSoon);
            assert_eq!(
                status_as_of(&t, &exts, None, date!(2024 - 04 - 22), W),
                Status::OpenOverdue { days_overdue: 1 }
            );
            let d = done(date!(2024 - 04 - 21), date!(2024 - 05 - 10));
            assert_eq!(status_as_of(&d, &exts, None, date!(2024 - 06 - 01), W), Status::DoneLate { days_late: 19 });
        }
    }

    #[test]
    fn cancelled_and_no_deadline() {
        let mut t = task(date!(2024 - 04 - 21));
        t.cancel(date!(2024 - 04 - 10), "Không còn phù hợp").unwrap();
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 04 - 09), W).group(), StatusGroup::OpenInTime);
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 04 - 10), W), Status::Cancelled);
        assert_eq!(status_as_of(&t, &[], None, date!(2024 - 05 - 10), W), Status::Cancelled);
        let mut n = task(date!(2024 - 04 - 21));
        n.deadline = Deadline::ongoing();
        assert_eq!(status_as_of(&n, &[], None, date!(2030 - 01 - 01), W), Status::NoDeadline);
        n.deadline = Deadline::none();
        n.report_completion(date!(2024 - 06 - 01)).unwrap();
        n.accept_completion().unwrap();
        assert_eq!(status_as_of(&n, &[], None, date!(2030 - 01 - 01), W), Status::DoneOnTime);
    }

    #[test]
    fn occurrences_have_their_own_status() {
        let mut t = task(date!(2024 - 04 - 21));
        t.deadline = Deadline::recurring(Period::Monthly, None);
        let mut occ = expand(&t.deadline, date!(2024 - 03 - 27), date!(2024 - 12 - 31)).unwrap();
        occ[1].completed_on = Some(date!(2024 - 04 - 29)); // April, on time
        occ[2].completed_on = Some(date!(2024 - 06 - 03)); // May, late
        let d = date!(2024 - 06 - 05);
        assert_eq!(status_as_of(&t, &[], Some(&occ[0]), d, W), Status::OpenOverdue { days_overdue: 66 });
        assert_eq!(status_as_of(&t, &[], Some(&occ[1]), d, W), Status::DoneOnTime);
        assert_eq!(status_as_of(&t, &[], Some(&occ[2]), d, W), Status::DoneLate { days_late: 3 });
        assert_eq!(status_as_of(&t, &[], Some(&occ[3]), d, W), Status::OpenInTime { due_soon: false, days_left: 25 });
        // an extension for the June occurrence only
        let mut e = ext(1, date!(2024 - 07 - 10), ExtensionDecision::Granted, Some(date!(2024 - 06 - 01)));
        e.occurrence_start = Some(occ[3].period_start);
        let exts = [e];
        assert_eq!(
            status_as_of(&t, &exts, Some(&occ[3]), date!(2024 - 07 - 01), W),
            Status::OpenInTime { due_soon: false, days_left: 9 }
        );
        assert_eq!(
            status_as_of(&t, &exts, Some(&occ[4]), date!(2024 - 08 - 01), W),
            Status::OpenOverdue { days_overdue: 1 }
        );
        // the recurring task itself has no single deadline
        assert_eq!(status_as_of(&t, &exts, None, d, W), Status::NoDeadline);
    }

    #[test]
    fn labels() {
        assert_eq!(StatusGroup::OpenOverdue.label_vi(), "Chưa hoàn thành - quá hạn");
        assert_eq!(Status::OpenOverdue { days_overdue: 3 }.label_vi(), "Chưa hoàn thành - quá hạn 3 ngày");
        assert_eq!(StatusGroup::DueSoon.official(), Some(StatusGroup::OpenInTime));
        assert_eq!(StatusGroup::Cancelled.official(), None);
        for g in StatusGroup::ALL {
            assert_eq!(StatusGroup::parse(g.as_str()), Some(g));
        }
    }

    fn arb_date() -> impl Strategy<Value = Date> {
        (0i64..2000).prop_map(|d| crate::dates::add_days(date!(2023 - 01 - 01), d))
    }

    proptest! {
        /// Total and deterministic; the groups agree with the dates.
        #[test]
        fn status_is_total_and_consistent(
            due in proptest::option::of(arb_date()),
            completed in proptest::option::of(arb_date()),
            cancelled in proptest::option::of(arb_date()),
            as_of in arb_date(),
            window in 0u32..30,
        ) {
            let s = classify(due, completed, cancelled, as_of, window);
            prop_assert_eq!(s, classify(due, completed, cancelled, as_of, window));
            match s {
                Status::Cancelled => prop_assert!(cancelled.is_some_and(|c| c <= as_of)),
                Status::DoneOnTime => prop_assert!(completed.is_some_and(|c| c <= as_of && due.is_none_or(|d| c <= d))),
                Status::DoneLate { days_late } => prop_assert!(days_late > 0),
                Status::OpenInTime { due_soon, days_left } => {
                    prop_assert!(days_left >= 0);
                    prop_assert_eq!(due_soon, days_left <= i64::from(window));
                    prop_assert!(completed.is_none_or(|c| c > as_of));
                }
                Status::OpenOverdue { days_overdue } => prop_assert!(days_overdue > 0),
                Status::NoDeadline => prop_assert!(due.is_none()),
            }
        }

        /// Moving the report date forward never turns a done task back into an open one, and
        /// an open overdue task only gets more overdue.
        #[test]
        fn status_monotone_in_time(due in arb_date(), completed in proptest::option::of(arb_date()), a in arb_date(), step in 1i64..400) {
            let b = crate::dates::add_days(a, step);
            let sa = classify(Some(due), completed, None, a, W);
            let sb = classify(Some(due), completed, None, b, W);
            if matches!(sa, Status::DoneOnTime | Status::DoneLate { .. }) {
                prop_assert_eq!(sa, sb);
            }
            if let (Status::OpenOverdue { days_overdue: x }, Status::OpenOverdue { days_overdue: y }) = (sa, sb) {
                prop_assert_eq!(y - x, step);
            }
        }
    }
}
