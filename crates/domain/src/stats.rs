//! Counting statuses: counts per group and the per-unit table offices expect — one row per
//! unit: total tasks, then each of the four official groups as "n (x%)", then cancelled.
//!
//! In the four-group table, "open within deadline" includes the tasks due soon and those with
//! no deadline; `due_soon` and `no_deadline` are also counted apart for dashboards.

use crate::ids::UnitId;
use crate::status::{Status, StatusGroup};
use serde::{Deserialize, Serialize};

/// Counts of tasks per status group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Every task counted, cancelled included.
    pub total: u64,
    pub done_on_time: u64,
    pub done_late: u64,
    /// Open within deadline, including `due_soon` and `no_deadline` (the official group).
    pub open_in_time: u64,
    pub open_overdue: u64,
    /// Of `open_in_time`: due within the window.
    pub due_soon: u64,
    /// Of `open_in_time`: without a deadline.
    pub no_deadline: u64,
    pub cancelled: u64,
}

impl StatusCounts {
    /// Counts one status.
    pub fn add(&mut self, s: &Status) {
        self.add_group(s.group(), 1);
    }

    /// Counts `n` tasks of a (fine) group.
    pub fn add_group(&mut self, g: StatusGroup, n: u64) {
        self.total += n;
        match g {
            StatusGroup::DoneOnTime => self.done_on_time += n,
            StatusGroup::DoneLate => self.done_late += n,
            StatusGroup::OpenInTime => self.open_in_time += n,
            StatusGroup::DueSoon => {
                self.open_in_time += n;
                self.due_soon += n;
            }
            StatusGroup::NoDeadline => {
                self.open_in_time += n;
                self.no_deadline += n;
            }
            StatusGroup::OpenOverdue => self.open_overdue += n,
            StatusGroup::Cancelled => self.cancelled += n,
        }
    }

    /// Adds another set of counts (e.g. to make a total row).
    pub fn merge(&mut self, o: &StatusCounts) {
        self.total += o.total;
        self.done_on_time += o.done_on_time;
        self.done_late += o.done_late;
        self.open_in_time += o.open_in_time;
        self.open_overdue += o.open_overdue;
        self.due_soon += o.due_soon;
        self.no_deadline += o.no_deadline;
        self.cancelled += o.cancelled;
    }

    /// Done (on time or late).
    pub fn done(&self) -> u64 {
        self.done_on_time + self.done_late
    }

    /// Share of done tasks that were done on time, in percent (`None` when nothing is done).
    pub fn on_time_rate(&self) -> Option<f64> {
        let d = self.done();
        (d > 0).then(|| self.done_on_time as f64 * 100.0 / d as f64)
    }

    /// The table cells: total, the four official groups as "n (x%)", cancelled as "n (x%)".
    pub fn row_cells(&self) -> Vec<String> {
        let mut v = vec![self.total.to_string()];
        for n in [self.done_on_time, self.done_late, self.open_in_time, self.open_overdue, self.cancelled] {
            v.push(cell(n, self.total));
        }
        v
    }
}

impl<'a> FromIterator<&'a Status> for StatusCounts {
    fn from_iter<I: IntoIterator<Item = &'a Status>>(iter: I) -> Self {
        let mut c = StatusCounts::default();
        for s in iter {
            c.add(s);
        }
        c
    }
}

/// The headers matching `StatusCounts::row_cells`.
pub fn header_cells_vi() -> Vec<&'static str> {
    vec![
        "Tổng số nhiệm vụ",
        StatusGroup::DoneOnTime.label_vi(),
        StatusGroup::DoneLate.label_vi(),
        StatusGroup::OpenInTime.label_vi(),
        StatusGroup::OpenOverdue.label_vi(),
        StatusGroup::Cancelled.label_vi(),
    ]
}

/// "n (x%)" with one decimal, Vietnamese decimal comma, no ",0": "3 (42,9%)", "1 (50%)",
/// "0 (0%)".
pub fn cell(n: u64, total: u64) -> String {
    format!("{n} ({}%)", percent_vi(n, total))
}

/// The percentage of `n` in `total`, formatted as in `cell`.
pub fn percent_vi(n: u64, total: u64) -> String {
    if total == 0 {
        return "0".into();
    }
    let tenths = (n as f64 * 1000.0 / total as f64).round() as u64;
    let (whole, frac) = (tenths / 10, tenths % 10);
    if frac == 0 {
        format!("{whole}")
    } else {
        format!("{whole},{frac}")
    }
}

/// One row of the per-unit table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub counts: StatusCounts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_cells() {
        let statuses = [
            Status::DoneOnTime,
            Status::DoneOnTime,
            Status::DoneLate { days_late: 2 },
            Status::OpenInTime { due_soon: true, days_left: 1 },
            Status::OpenInTime { due_soon: false, days_left: 10 },
            Status::NoDeadline,
            Status::OpenOverdue { days_overdue: 4 },
            Status::Cancelled,
        ];
        let c: StatusCounts = statuses.iter().collect();
        assert_eq!(c.total, 8);
        assert_eq!(c.open_in_time, 3);
        assert_eq!(c.due_soon, 1);
        assert_eq!(c.no_deadline, 1);
        assert_eq!(c.done_on_time + c.done_late + c.open_in_time + c.open_overdue + c.cancelled, c.total);
        assert_eq!(c.row_cells(), vec!["8", "2 (25%)", "1 (12,5%)", "3 (37,5%)", "1 (12,5%)", "1 (12,5%)"]);
        assert_eq!(cell(1, 3), "1 (33,3%)");
        assert_eq!(cell(0, 0), "0 (0%)");
        assert_eq!(header_cells_vi().len(), c.row_cells().len());
        let mut t = StatusCounts::default();
        t.merge(&c);
        t.merge(&c);
        assert_eq!(t.total, 16);
        assert!((c.on_time_rate().unwrap() - 66.666).abs() < 0.01);
    }
}
