//! Extensions (gia hạn): a lead asks for a later deadline with a reason; a leader grants or
//! refuses. The task's original deadline is never overwritten: the effective deadline as of a
//! date is the one set by the latest extension granted on or before that date, else the
//! original — so lateness is judged against the original unless an extension was granted.

use crate::error::{DomainError, Result};
use crate::ids::{ExtensionId, TaskId, UserId};
use serde::{Deserialize, Serialize};
use time::Date;

/// A leader's decision on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionDecision {
    Pending,
    Granted,
    Refused,
}

impl ExtensionDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            ExtensionDecision::Pending => "pending",
            ExtensionDecision::Granted => "granted",
            ExtensionDecision::Refused => "refused",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(ExtensionDecision::Pending),
            "granted" => Some(ExtensionDecision::Granted),
            "refused" => Some(ExtensionDecision::Refused),
            _ => None,
        }
    }
}

/// An extension request and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub id: ExtensionId,
    pub task_id: TaskId,
    /// For a recurring task held in memory: the start of the occurrence's period it applies
    /// to; `None` for the task itself. (The store keeps occurrences as task rows of their own,
    /// so there it is always `None`.)
    pub occurrence_start: Option<Date>,
    pub requested_on: Date,
    pub requested_by: UserId,
    /// The deadline in force when the request was made (kept on record).
    pub previous_due: Date,
    pub requested_due: Date,
    pub reason: String,
    pub decision: ExtensionDecision,
    pub decided_by: Option<UserId>,
    pub decided_on: Option<Date>,
    pub decision_note: Option<String>,
}

/// A request not yet stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRequest {
    pub requested_on: Date,
    pub previous_due: Date,
    pub requested_due: Date,
    pub reason: String,
}

/// Checks a request against the deadline in force on the day it is made.
pub fn request(
    current_due: Option<Date>,
    requested_on: Date,
    requested_due: Date,
    reason: &str,
) -> Result<ExtensionRequest> {
    let current = current_due.ok_or(DomainError::ExtensionNoDeadline)?;
    if reason.trim().is_empty() {
        return Err(DomainError::ExtensionReasonEmpty);
    }
    if requested_due <= current {
        return Err(DomainError::ExtensionNotLater { requested: requested_due, current });
    }
    Ok(ExtensionRequest { requested_on, previous_due: current, requested_due, reason: reason.trim().to_string() })
}

impl Extension {
    fn decide(&mut self, d: ExtensionDecision, by: UserId, on: Date, note: Option<&str>) -> Result<()> {
        if self.decision != ExtensionDecision::Pending {
            return Err(DomainError::ExtensionAlreadyDecided);
        }
        if on < self.requested_on {
            return Err(DomainError::ExtensionDecidedBeforeRequest { requested_on: self.requested_on, decided_on: on });
        }
        self.decision = d;
        self.decided_by = Some(by);
        self.decided_on = Some(on);
        self.decision_note = note.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(())
    }
    /// A leader grants the request on `on`.
    pub fn grant(&mut self, by: UserId, on: Date, note: Option<&str>) -> Result<()> {
        self.decide(ExtensionDecision::Granted, by, on, note)
    }
    /// A leader refuses the request on `on`.
    pub fn refuse(&mut self, by: UserId, on: Date, note: Option<&str>) -> Result<()> {
        self.decide(ExtensionDecision::Refused, by, on, note)
    }
    /// Whether it was granted on or before `as_of`.
    pub fn granted_as_of(&self, as_of: Date) -> bool {
        self.decision == ExtensionDecision::Granted && self.decided_on.is_some_and(|d| d <= as_of)
    }
}

/// The deadline in force as of `as_of`: that of the latest extension granted on or before it
/// (latest decision date; on the same day, the later request), else `original`.
pub fn effective_due<'a>(
    original: Option<Date>,
    extensions: impl IntoIterator<Item = &'a Extension>,
    as_of: Date,
) -> Option<Date> {
    let original = original?;
    extensions
        .into_iter()
        .filter(|e| e.granted_as_of(as_of))
        .max_by_key(|e| (e.decided_on, e.id))
        .map(|e| e.requested_due)
        .or(Some(original))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    pub(crate) fn ext(
        id: i64,
        requested_due: Date,
        decision: ExtensionDecision,
        decided_on: Option<Date>,
    ) -> Extension {
        Extension {
            id: ExtensionId(id),
            task_id: TaskId(1),
            occurrence_start: None,
            requested_on: date!(2024 - 04 - 01),
            requested_by: UserId(2),
            previous_due: date!(2024 - 04 - 21),
            requested_due,
            reason: "Chờ ý kiến của tỉnh".into(),
            decision,
            decided_by: decided_on.map(|_| UserId(3)),
            decided_on,
            decision_note: None,
        }
    }

    #[test]
    fn request_rules() {
        let r = request(Some(date!(2024 - 04 - 21)), date!(2024 - 04 - 10), date!(2024 - 05 - 15), " lý do ").unwrap();
        assert_eq!(r.previous_due, date!(2024 - 04 - 21));
        assert_eq!(r.reason, "lý do");
        assert_eq!(
            request(None, date!(2024 - 04 - 10), date!(2024 - 05 - 15), "x").unwrap_err().code(),
            "extension.no_deadline"
        );
        assert_eq!(
            request(Some(date!(2024 - 04 - 21)), date!(2024 - 04 - 10), date!(2024 - 04 - 21), "x").unwrap_err().code(),
            "extension.not_later"
        );
        assert_eq!(
            request(Some(date!(2024 - 04 - 21)), date!(2024 - 04 - 10), date!(2024 - 05 - 21), "").unwrap_err().code(),
            "extension.reason_empty"
        );
    }

    #[test]
    fn decide_once() {
        let mut e = ext(1, date!(2024 - 05 - 15), ExtensionDecision::Pending, None);
        assert_eq!(
            e.grant(UserId(3), date!(2024 - 03 - 01), None).unwrap_err().code(),
            "extension.decided_before_request"
        );
        e.grant(UserId(3), date!(2024 - 04 - 12), Some("Đồng ý")).unwrap();
        assert_eq!(e.refuse(UserId(3), date!(2024 - 04 - 13), None).unwrap_err().code(), "extension.already_decided");
    }

    #[test]
    fn effective_due_as_of() {
        let orig = Some(date!(2024 - 04 - 21));
        let exts = vec![
            ext(1, date!(2024 - 05 - 15), ExtensionDecision::Granted, Some(date!(2024 - 04 - 12))),
            ext(2, date!(2024 - 06 - 30), ExtensionDecision::Refused, Some(date!(2024 - 05 - 10))),
            ext(3, date!(2024 - 05 - 31), ExtensionDecision::Granted, Some(date!(2024 - 05 - 14))),
            ext(4, date!(2024 - 07 - 31), ExtensionDecision::Pending, None),
        ];
        assert_eq!(effective_due(orig, &exts, date!(2024 - 04 - 11)), orig);
        assert_eq!(effective_due(orig, &exts, date!(2024 - 04 - 12)), Some(date!(2024 - 05 - 15)));
        assert_eq!(effective_due(orig, &exts, date!(2024 - 05 - 13)), Some(date!(2024 - 05 - 15)));
        assert_eq!(effective_due(orig, &exts, date!(2024 - 05 - 14)), Some(date!(2024 - 05 - 31)));
        assert_eq!(effective_due(orig, &exts, date!(2025 - 01 - 01)), Some(date!(2024 - 05 - 31)));
        assert_eq!(effective_due(None, &exts, date!(2025 - 01 - 01)), None);
    }
}
