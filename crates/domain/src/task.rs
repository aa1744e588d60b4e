//! Tasks (nhiệm vụ): exactly one lead unit (đơn vị chủ trì), optionally one lead person,
//! coordinating units (phối hợp), a deadline, a parent, numeric targets and cited documents —
//! and the lifecycle: open → completion reported → accepted by the office (closed, done on the
//! date of the accepted report) or sent back; or cancelled with a reason.
//!
//! "01 nhiệm vụ, 01 nội dung chỉ do 01 đồng chí chủ trì": the type has one `lead_unit`, not a list.

use crate::deadline::{Deadline, Period};
use crate::error::{DomainError, Result};
use crate::ids::{DocumentId, OrgId, PersonId, TaskId, UnitId};
use crate::user::TaskAccess;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use time::Date;

/// Where a task is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Being carried out.
    Open,
    /// The lead reported it done; waiting for the office to accept or send back.
    CompletionReported,
    /// Accepted by the office: closed.
    Done,
    /// Cancelled (hủy), with a reason.
    Cancelled,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::CompletionReported => "completion_reported",
            TaskState::Done => "done",
            TaskState::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [TaskState::Open, TaskState::CompletionReported, TaskState::Done, TaskState::Cancelled]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// Comparison in a target ("trên 90%" is `>` 90).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetOp {
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "=")]
    Eq,
}

impl TargetOp {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetOp::Gt => ">",
            TargetOp::Ge => ">=",
            TargetOp::Lt => "<",
            TargetOp::Le => "<=",
            TargetOp::Eq => "=",
        }
    }
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim() {
            ">" => Ok(TargetOp::Gt),
            ">=" | "≥" => Ok(TargetOp::Ge),
            "<" => Ok(TargetOp::Lt),
            "<=" | "≤" => Ok(TargetOp::Le),
            "=" => Ok(TargetOp::Eq),
            other => Err(DomainError::UnknownTargetOp(other.to_string())),
        }
    }
}

/// A numeric target ("tỷ lệ giải quyết đơn thư hàng tháng đạt trên 90%").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub indicator: String,
    pub op: TargetOp,
    pub value: f64,
    pub unit: Option<String>,
    pub period: Option<Period>,
    pub text: Option<String>,
}

impl Target {
    /// Whether an actual figure meets the target.
    pub fn is_met(&self, actual: f64) -> bool {
        match self.op {
            TargetOp::Gt => actual > self.value,
            TargetOp::Ge => actual >= self.value,
            TargetOp::Lt => actual < self.value,
            TargetOp::Le => actual <= self.value,
            TargetOp::Eq => (actual - self.value).abs() < 1e-9,
        }
    }
}

/// A tracked task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub org_id: OrgId,
    /// The document that assigned it (None for tasks entered by hand).
    pub document_id: Option<DocumentId>,
    /// Its place in the document's outline, e.g. "1.(4)".
    pub ref_code: Option<String>,
    /// The task that groups this one.
    pub parent_id: Option<TaskId>,
    pub text: String,
    /// Đơn vị chủ trì: exactly one.
    pub lead_unit: UnitId,
    /// A person who leads in person (đồng chí chủ trì), if named.
    pub lead_person: Option<PersonId>,
    /// Đơn vị phối hợp.
    pub coordinators: Vec<UnitId>,
    pub deadline: Deadline,
    pub targets: Vec<Target>,
    /// Symbols of the documents this task cites.
    pub references: Vec<String>,
    pub state: TaskState,
    /// Date of the report the office accepted as completion (set when `Done`).
    pub completed_on: Option<Date>,
    /// Date the lead reported completion (set while `CompletionReported` and after).
    pub completion_reported_on: Option<Date>,
    pub cancelled_on: Option<Date>,
    pub cancel_reason: Option<String>,
    /// The day it was assigned (the document's date or the day it was entered).
    pub assigned_on: Date,
}

impl Task {
    /// A new open task.
    pub fn new(
        id: TaskId,
        org_id: OrgId,
        text: impl Into<String>,
        lead_unit: UnitId,
        deadline: Deadline,
        assigned_on: Date,
    ) -> Self {
        Task {
            id,
            org_id,
            document_id: None,
            ref_code: None,
            parent_id: None,
            text: text.into(),
            lead_unit,
            lead_person: None,
            coordinators: Vec::new(),
            deadline,
            targets: Vec::new(),
            references: Vec::new(),
            state: TaskState::Open,
            completed_on: None,
            completion_reported_on: None,
            cancelled_on: None,
            cancel_reason: None,
            assigned_on,
        }
    }

    /// The facts used for permission checks.
    pub fn access(&self) -> TaskAccess {
        TaskAccess {
            org_id: self.org_id,
            lead_unit: self.lead_unit,
            lead_person: self.lead_person,
            coordinators: self.coordinators.clone(),
        }
    }

    /// Checks the task's own rules: text present, deadline coherent, the lead not among the
    /// coordinators, no coordinator twice.
    pub fn validate(&self) -> Result<()> {
        if self.text.trim().is_empty() {
            return Err(DomainError::TaskTextEmpty);
        }
        self.deadline.validate()?;
        validate_coordinators(self.lead_unit, &self.coordinators)
    }

    fn transition_error(&self, action: &'static str) -> DomainError {
        DomainError::InvalidTransition { action, state: self.state.as_str() }
    }

    /// The lead reports the task done (a progress report marked as completion).
    pub fn report_completion(&mut self, reported_on: Date) -> Result<()> {
        if self.state != TaskState::Open {
            return Err(self.transition_error("report_completion"));
        }
        self.state = TaskState::CompletionReported;
        self.completion_reported_on = Some(reported_on);
        Ok(())
    }

    /// The office accepts the completion: the task is done as of the report's date.
    pub fn accept_completion(&mut self) -> Result<()> {
        match (self.state, self.completion_reported_on) {
            (TaskState::CompletionReported, Some(on)) => {
                self.state = TaskState::Done;
                self.completed_on = Some(on);
                Ok(())
            }
            _ => Err(self.transition_error("accept")),
        }
    }

    /// The office sends the completion back: the task is open again.
    pub fn send_back(&mut self) -> Result<()> {
        if self.state != TaskState::CompletionReported {
            return Err(self.transition_error("send_back"));
        }
        self.state = TaskState::Open;
        self.completion_reported_on = None;
        Ok(())
    }

    /// Cancels the task (hủy) with a reason.
    pub fn cancel(&mut self, on: Date, reason: &str) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(DomainError::CancelReasonEmpty);
        }
        if matches!(self.state, TaskState::Done | TaskState::Cancelled) {
            return Err(self.transition_error("cancel"));
        }
        self.state = TaskState::Cancelled;
        self.cancelled_on = Some(on);
        self.cancel_reason = Some(reason.trim().to_string());
        Ok(())
    }
}

/// The lead must not also coordinate, and no coordinator may appear twice.
pub fn validate_coordinators(lead: UnitId, coordinators: &[UnitId]) -> Result<()> {
    let mut seen = HashSet::new();
    for c in coordinators {
        if *c == lead {
            return Err(DomainError::LeadIsCoordinator);
        }
        if !seen.insert(*c) {
            return Err(DomainError::DuplicateCoordinator);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn t() -> Task {
        Task::new(
            TaskId(1),
            OrgId(1),
            "Hoàn thành lấy ý kiến cử tri",
            UnitId(5),
            Deadline::date(date!(2024 - 04 - 21)),
            date!(2024 - 03 - 27),
        )
    }

    #[test]
    fn lifecycle_happy_path() {
        let mut task = t();
        task.report_completion(date!(2024 - 04 - 20)).unwrap();
        assert_eq!(task.state, TaskState::CompletionReported);
        task.accept_completion().unwrap();
        assert_eq!(task.state, TaskState::Done);
        assert_eq!(task.completed_on, Some(date!(2024 - 04 - 20)));
        assert_eq!(task.cancel(date!(2024 - 05 - 01), "x").unwrap_err().code(), "task.invalid_transition");
    }

    #[test]
    fn send_back_reopens() {
        let mut task = t();
        assert_eq!(task.accept_completion().unwrap_err().code(), "task.invalid_transition");
        task.report_completion(date!(2024 - 04 - 20)).unwrap();
        task.send_back().unwrap();
        assert_eq!(task.state, TaskState::Open);
        assert_eq!(task.completed_on, None);
        assert!(task.send_back().is_err());
    }

    #[test]
    fn cancel_needs_reason() {
        let mut task = t();
        assert_eq!(task.cancel(date!(2024 - 04 - 01), "  ").unwrap_err().code(), "task.cancel_reason_empty");
        task.cancel(date!(2024 - 04 - 01), "Không còn phù hợp").unwrap();
        assert_eq!(task.state, TaskState::Cancelled);
        let msg = task.report_completion(date!(2024 - 04 - 02)).unwrap_err().message_vi();
        assert!(msg.contains("đã hủy"), "{msg}");
    }

    #[test]
    fn coordinators_rules() {
        let mut task = t();
        task.coordinators = vec![UnitId(6), UnitId(7)];
        assert!(task.validate().is_ok());
        task.coordinators.push(UnitId(5));
        assert_eq!(task.validate().unwrap_err().code(), "task.lead_is_coordinator");
        task.coordinators = vec![UnitId(6), UnitId(6)];
        assert_eq!(task.validate().unwrap_err().code(), "task.duplicate_coordinator");
        task.coordinators.clear();
        task.text = " ".into();
        assert_eq!(task.validate().unwrap_err().code(), "task.text_empty");
    }

    #[test]
    fn targets() {
        let tg = Target {
            indicator: "tỷ lệ".into(),
            op: TargetOp::Gt,
            value: 90.0,
            unit: Some("%".into()),
            period: Some(Period::Monthly),
            text: None,
        };
        assert!(tg.is_met(91.0));
        assert!(!tg.is_met(90.0));
        assert_eq!(TargetOp::parse(">=").unwrap(), TargetOp::Ge);
        assert!(TargetOp::parse("~").is_err());
    }
}
