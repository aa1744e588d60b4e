//! Progress reports (báo cáo tiến độ): the lead reports per period — percent done, a narrative,
//! figures for the task's targets and attached evidence. Reports are never edited or deleted:
//! the history is kept whole, and a report may mark the task as completed (then the office
//! accepts or sends it back, see `crate::task`).

use crate::error::{DomainError, Result};
use crate::ids::{ReportId, TaskId, UserId};
use serde::{Deserialize, Serialize};
use time::Date;

/// Metadata of an attached file (the bytes are the store's business).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

/// An actual figure for a target in this report ("tỷ lệ giải quyết đơn thư: 92 %").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetFigure {
    pub indicator: String,
    pub value: f64,
    pub unit: Option<String>,
}

/// A stored report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressReport {
    pub id: ReportId,
    pub task_id: TaskId,
    pub reported_by: UserId,
    pub reported_on: Date,
    pub percent: u8,
    pub narrative: String,
    pub figures: Vec<TargetFigure>,
    pub attachments: Vec<AttachmentMeta>,
    /// The lead says the task is done (asks the office to accept).
    pub marks_completion: bool,
}

/// A report as submitted, before validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewProgressReport {
    pub reported_on: Date,
    pub percent: i64,
    pub narrative: String,
    #[serde(default)]
    pub figures: Vec<TargetFigure>,
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
    #[serde(default)]
    pub marks_completion: bool,
}

/// Limits a report must keep within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressLimits {
    pub max_attachment_bytes: u64,
    pub max_narrative_chars: usize,
}

impl Default for ProgressLimits {
    fn default() -> Self {
        ProgressLimits { max_attachment_bytes: 20 * 1024 * 1024, max_narrative_chars: 20_000 }
    }
}

impl NewProgressReport {
    /// Checks the report as of `today`: percent within 0–100, a narrative, named attachments
    /// within the size limit, a completion report at 100%, not dated in the future. Returns
    /// the percent as a `u8`.
    pub fn validate(&self, today: Date, limits: &ProgressLimits) -> Result<u8> {
        let percent = u8::try_from(self.percent)
            .ok()
            .filter(|p| *p <= 100)
            .ok_or(DomainError::PercentOutOfRange(self.percent))?;
        if self.narrative.trim().is_empty() {
            return Err(DomainError::NarrativeEmpty);
        }
        if self.narrative.chars().count() > limits.max_narrative_chars {
            return Err(DomainError::NarrativeTooLong { max: limits.max_narrative_chars });
        }
        for a in &self.attachments {
            if a.name.trim().is_empty() {
                return Err(DomainError::AttachmentNameEmpty);
            }
            if a.size > limits.max_attachment_bytes {
                return Err(DomainError::AttachmentTooLarge {
                    name: a.name.clone(),
                    size: a.size,
                    max: limits.max_attachment_bytes,
                });
            }
        }
        if self.marks_completion && percent != 100 {
            return Err(DomainError::CompletionNeedsFullPercent);
        }
        if self.reported_on > today {
            return Err(DomainError::ReportInFuture { reported_on: self.reported_on, today });
        }
        Ok(percent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn r(percent: i64) -> NewProgressReport {
        NewProgressReport {
            reported_on: date!(2024 - 04 - 10),
            percent,
            narrative: "Đã tổ chức hội nghị".into(),
            figures: vec![],
            attachments: vec![],
            marks_completion: false,
        }
    }

    #[test]
    fn validation() {
        let today = date!(2024 - 04 - 10);
        let l = ProgressLimits::default();
        assert_eq!(r(40).validate(today, &l).unwrap(), 40);
        assert_eq!(r(101).validate(today, &l).unwrap_err().code(), "progress.percent_out_of_range");
        assert_eq!(r(-1).validate(today, &l).unwrap_err().code(), "progress.percent_out_of_range");
        let mut x = r(50);
        x.narrative = " ".into();
        assert_eq!(x.validate(today, &l).unwrap_err().code(), "progress.narrative_empty");
        let mut x = r(50);
        x.marks_completion = true;
        assert_eq!(x.validate(today, &l).unwrap_err().code(), "progress.completion_needs_100");
        let mut x = r(50);
        x.attachments.push(AttachmentMeta {
            name: "a.pdf".into(),
            content_type: "application/pdf".into(),
            size: 21 * 1024 * 1024,
        });
        let e = x.validate(today, &l).unwrap_err();
        assert_eq!(e.code(), "progress.attachment_too_large");
        assert!(e.message_vi().contains("20 MB"));
        let mut x = r(50);
        x.reported_on = date!(2024 - 04 - 11);
        assert_eq!(x.validate(today, &l).unwrap_err().code(), "progress.in_future");
    }
}
