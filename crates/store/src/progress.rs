//! Progress reports (báo cáo tiến độ) and their attachments. Reports are only ever added —
//! the history is kept whole. A report marked as completion moves the task to "completion
//! reported"; the office then accepts it (see `tasks`). Each report and its effects on the
//! task are one transaction.

use crate::audit;
use crate::error::{Result, StoreError};
use crate::sql::{get_date, get_i64, get_json, get_s, now_text, Arg, Q};
use crate::tasks::{load_task, save_lifecycle};
use crate::{task_scope, Actor, Store};
use dondoc_domain::ids::{ReportId, TaskId, UserId};
use dondoc_domain::progress::{AttachmentMeta, NewProgressReport, ProgressLimits, ProgressReport};
use dondoc_domain::task::TaskState;
use dondoc_domain::user::Permission;
use dondoc_domain::DomainError;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;
use std::collections::HashMap;
use time::Date;

/// A file attached to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAttachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Store {
    /// Adds a progress report by the task's lead (unit or cadre leading in person). `today` is
    /// the server's date (a report cannot be dated later).
    pub async fn add_progress_report(
        &self,
        actor: &Actor,
        task: TaskId,
        report: &NewProgressReport,
        attachments: &[NewAttachment],
        today: Date,
    ) -> Result<ReportId> {
        actor.require(Permission::ReportProgress)?;
        let mut checked = report.clone();
        checked.attachments = attachments
            .iter()
            .map(|a| AttachmentMeta {
                name: a.name.clone(),
                content_type: a.content_type.clone(),
                size: a.bytes.len() as u64,
            })
            .collect();
        let percent = checked.validate(today, &ProgressLimits::default())?;
        let mut tx = self.w().begin().await?;
        let rec = load_task(&mut tx, actor, task).await?;
        actor.require_on_task(Permission::ReportProgress, &rec.task.access())?;
        match rec.task.state {
            TaskState::Open => {}
            TaskState::CompletionReported if !report.marks_completion => {}
            s => return Err(DomainError::InvalidTransition { action: "report_completion", state: s.as_str() }.into()),
        }
        let mut q = Q::default();
        let ps = [
            q.arg(actor.org_id.get()),
            q.arg(task.get()),
            q.arg(actor.user_id.get()),
            q.arg(report.reported_on),
            q.arg(i64::from(percent)),
            q.arg(report.narrative.trim()),
            q.arg(serde_json::to_string(&report.figures)?),
            q.arg(report.marks_completion),
            q.arg(now_text()),
        ];
        q.sql = format!(
            "INSERT INTO progress_reports (org_id, task_id, reported_by, reported_on, percent, narrative, figures_json, marks_completion, created_at) \
             VALUES ({}) RETURNING id",
            ps.join(", ")
        );
        let id = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
        for a in attachments {
            let mut q = Q::default();
            let ps = [
                q.arg(actor.org_id.get()),
                q.arg(id),
                q.arg(a.name.trim()),
                q.arg(a.content_type.as_str()),
                q.arg(a.bytes.len() as i64),
            ];
            q.args.push(Arg::B(Some(a.bytes.clone())));
            let b = format!("${}", q.args.len());
            q.sql = format!(
                "INSERT INTO attachments (org_id, report_id, name, content_type, size, bytes) VALUES ({}, {b})",
                ps.join(", ")
            );
            q.query().execute(&mut *tx).await?;
        }
        let mut q = Q::default();
        let ps = [
            q.arg(i64::from(percent)),
            q.arg(report.reported_on),
            q.arg(now_text()),
            q.arg(task.get()),
            q.arg(actor.org_id.get()),
        ];
        q.sql = format!(
            "UPDATE tasks SET latest_percent = {}, last_report_on = {}, updated_at = {} WHERE id = {} AND org_id = {}",
            ps[0], ps[1], ps[2], ps[3], ps[4]
        );
        q.query().execute(&mut *tx).await?;
        if report.marks_completion {
            let mut t = rec.task.clone();
            t.report_completion(report.reported_on)?;
            save_lifecycle(&mut tx, &t, rec.task.state).await?;
            audit::record(
                &mut tx,
                actor,
                "task",
                task.get(),
                "report_completion",
                Some(&json!(rec.task)),
                Some(&json!(t)),
            )
            .await?;
        }
        audit::record(
            &mut tx,
            actor,
            "progress_report",
            id,
            "create",
            None,
            Some(&json!({"task_id": task, "report": report, "attachments": checked.attachments})),
        )
        .await?;
        tx.commit().await?;
        Ok(ReportId(id))
    }

    /// A task's reports, oldest first, with attachment metadata.
    pub async fn list_progress_reports(&self, actor: &Actor, task: TaskId) -> Result<Vec<ProgressReport>> {
        let mut conn = self.r().acquire().await?;
        load_task(&mut conn, actor, task).await?;
        let mut q = Q::default();
        let (a, b) = (q.arg(task.get()), q.arg(actor.org_id.get()));
        q.sql = format!(
            "SELECT id, task_id, reported_by, reported_on, percent, narrative, figures_json, marks_completion FROM progress_reports \
             WHERE task_id = {a} AND org_id = {b} ORDER BY id"
        );
        let rows = q.query().fetch_all(&mut *conn).await?;
        let mut q = Q::default();
        let (a, b) = (q.arg(task.get()), q.arg(actor.org_id.get()));
        q.sql = format!(
            "SELECT x.report_id, x.name, x.content_type, x.size FROM attachments x JOIN progress_reports p ON p.id = x.report_id \
             WHERE p.task_id = {a} AND x.org_id = {b} ORDER BY x.id"
        );
        let mut atts: HashMap<i64, Vec<AttachmentMeta>> = HashMap::new();
        for r in q.query().fetch_all(&mut *conn).await? {
            atts.entry(get_i64(&r, "report_id")?).or_default().push(AttachmentMeta {
                name: get_s(&r, "name")?,
                content_type: get_s(&r, "content_type")?,
                size: u64::try_from(get_i64(&r, "size")?).unwrap_or(0),
            });
        }
        rows.iter()
            .map(|r| {
                let id = get_i64(r, "id")?;
                Ok(ProgressReport {
                    id: ReportId(id),
                    task_id: TaskId(get_i64(r, "task_id")?),
                    reported_by: UserId(get_i64(r, "reported_by")?),
                    reported_on: get_date(r, "reported_on")?,
                    percent: u8::try_from(get_i64(r, "percent")?).unwrap_or(0),
                    narrative: get_s(r, "narrative")?,
                    figures: get_json(r, "figures_json")?,
                    attachments: atts.remove(&id).unwrap_or_default(),
                    marks_completion: get_i64(r, "marks_completion")? != 0,
                })
            })
            .collect()
    }

    /// The attachments of a report: metadata and bytes, if the actor may see the task.
    pub async fn get_attachments(&self, actor: &Actor, report: ReportId) -> Result<Vec<NewAttachment>> {
        let mut q = Q::default();
        let a = q.arg(report.get());
        let scope = task_scope(&mut q, actor, "t");
        q.sql = format!(
            "SELECT x.name, x.content_type, x.bytes FROM attachments x JOIN progress_reports p ON p.id = x.report_id AND p.org_id = x.org_id \
             JOIN tasks t ON t.id = p.task_id WHERE x.report_id = {a}{scope} ORDER BY x.id"
        );
        q.query()
            .fetch_all(self.r())
            .await?
            .iter()
            .map(|r| {
                Ok(NewAttachment {
                    name: get_s(r, "name")?,
                    content_type: get_s(r, "content_type")?,
                    bytes: r.try_get::<Option<Vec<u8>>, _>("bytes").map_err(StoreError::from)?.unwrap_or_default(),
                })
            })
            .collect()
    }
}
