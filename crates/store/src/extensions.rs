//! Extension requests (gia hạn): the lead asks, a leader decides. The original deadline stays
//! in `tasks.due`; a grant updates the denormalised `effective_due`/`ext_granted_on` in the
//! same transaction, so the status of any date can still be computed (see `tasks::eff_due_sql`).

use crate::audit;
use crate::error::{Result, StoreError};
use crate::sql::{get_date, get_i64, get_odate, get_oi64, get_os, get_s, now_text, Q};
use crate::tasks::load_task;
use crate::{task_scope, Actor, Store};
use dondoc_domain::extension::{effective_due, request, Extension, ExtensionDecision};
use dondoc_domain::ids::{ExtensionId, TaskId, UserId};
use dondoc_domain::task::TaskState;
use dondoc_domain::user::Permission;
use dondoc_domain::DomainError;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::Date;

const EXT_COLS: &str =
    "e.id, e.task_id, e.requested_on, e.requested_by, e.previous_due, e.requested_due, e.reason, e.decision, \
    e.decided_by, e.decided_on, e.decision_note";

fn ext_from_row(r: &AnyRow) -> Result<Extension> {
    let d = get_s(r, "decision")?;
    Ok(Extension {
        id: ExtensionId(get_i64(r, "id")?),
        task_id: TaskId(get_i64(r, "task_id")?),
        occurrence_start: None,
        requested_on: get_date(r, "requested_on")?,
        requested_by: UserId(get_i64(r, "requested_by")?),
        previous_due: get_date(r, "previous_due")?,
        requested_due: get_date(r, "requested_due")?,
        reason: get_s(r, "reason")?,
        decision: ExtensionDecision::parse(&d).ok_or_else(|| StoreError::corrupt(format!("decision {d}")))?,
        decided_by: get_oi64(r, "decided_by")?.map(UserId),
        decided_on: get_odate(r, "decided_on")?,
        decision_note: get_os(r, "decision_note")?,
    })
}

async fn task_extensions(conn: &mut AnyConnection, actor: &Actor, task: TaskId) -> Result<Vec<Extension>> {
    let mut q = Q::default();
    let (a, b) = (q.arg(task.get()), q.arg(actor.org_id.get()));
    q.sql = format!("SELECT {EXT_COLS} FROM extensions e WHERE e.task_id = {a} AND e.org_id = {b} ORDER BY e.id");
    q.query().fetch_all(&mut *conn).await?.iter().map(ext_from_row).collect()
}

impl Store {
    /// The lead asks for a later deadline. The deadline in force `today` is recorded as the
    /// previous one.
    pub async fn request_extension(
        &self,
        actor: &Actor,
        task: TaskId,
        requested_due: Date,
        reason: &str,
        today: Date,
    ) -> Result<ExtensionId> {
        actor.require(Permission::RequestExtension)?;
        let mut tx = self.w().begin().await?;
        let rec = load_task(&mut tx, actor, task).await?;
        actor.require_on_task(Permission::RequestExtension, &rec.task.access())?;
        if matches!(rec.task.state, TaskState::Done | TaskState::Cancelled) {
            return Err(DomainError::InvalidTransition { action: "extend", state: rec.task.state.as_str() }.into());
        }
        let exts = task_extensions(&mut tx, actor, task).await?;
        let current = effective_due(rec.task.deadline.single_due(), &exts, today);
        let req = request(current, today, requested_due, reason)?;
        let mut q = Q::default();
        let ps = [
            q.arg(actor.org_id.get()),
            q.arg(task.get()),
            q.arg(req.requested_on),
            q.arg(actor.user_id.get()),
            q.arg(req.previous_due),
            q.arg(req.requested_due),
            q.arg(req.reason.as_str()),
            q.arg(now_text()),
        ];
        q.sql = format!(
            "INSERT INTO extensions (org_id, task_id, requested_on, requested_by, previous_due, requested_due, reason, created_at, decision) \
             VALUES ({}, 'pending') RETURNING id",
            ps.join(", ")
        );
        let id = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
        audit::record(
            &mut tx,
            actor,
            "extension",
            id,
            "request",
            None,
            Some(&json!({"task_id": task, "request": req})),
        )
        .await?;
        tx.commit().await?;
        Ok(ExtensionId(id))
    }

    /// A leader grants or refuses a request on `today`.
    pub async fn decide_extension(
        &self,
        actor: &Actor,
        id: ExtensionId,
        grant: bool,
        note: Option<&str>,
        today: Date,
    ) -> Result<Extension> {
        actor.require(Permission::DecideExtension)?;
        let mut tx = self.w().begin().await?;
        let mut q = Q::default();
        let (a, b) = (q.arg(id.get()), q.arg(actor.org_id.get()));
        q.sql = format!("SELECT {EXT_COLS} FROM extensions e WHERE e.id = {a} AND e.org_id = {b}");
        let before =
            ext_from_row(&q.query().fetch_optional(&mut *tx).await?.ok_or(StoreError::not_found("extension"))?)?;
        load_task(&mut tx, actor, before.task_id).await?;
        let mut after = before.clone();
        if grant {
            after.grant(actor.user_id, today, note)?;
        } else {
            after.refuse(actor.user_id, today, note)?;
        }
        let mut q = Q::default();
        let ps = [
            q.arg(after.decision.as_str()),
            q.arg(actor.user_id.get()),
            q.arg(today),
            q.arg(after.decision_note.clone()),
            q.arg(id.get()),
            q.arg(actor.org_id.get()),
        ];
        q.sql = format!(
            "UPDATE extensions SET decision = {}, decided_by = {}, decided_on = {}, decision_note = {} WHERE id = {} AND org_id = {} AND decision = 'pending'",
            ps[0], ps[1], ps[2], ps[3], ps[4], ps[5]
        );
        if q.query().execute(&mut *tx).await?.rows_affected() == 0 {
            return Err(DomainError::ExtensionAlreadyDecided.into());
        }
        if grant {
            // the latest granted extension sets the effective deadline
            let mut q = Q::default();
            let (a, b) = (q.arg(before.task_id.get()), q.arg(now_text()));
            q.sql = format!(
                "UPDATE tasks SET effective_due = COALESCE((SELECT e.requested_due FROM extensions e WHERE e.task_id = tasks.id AND e.decision = 'granted' \
                 ORDER BY e.decided_on DESC, e.id DESC LIMIT 1), due), \
                 ext_granted_on = (SELECT e.decided_on FROM extensions e WHERE e.task_id = tasks.id AND e.decision = 'granted' \
                 ORDER BY e.decided_on DESC, e.id DESC LIMIT 1), updated_at = {b} WHERE id = {a}"
            );
            q.query().execute(&mut *tx).await?;
        }
        audit::record(
            &mut tx,
            actor,
            "extension",
            id.get(),
            if grant { "grant" } else { "refuse" },
            Some(&json!(before)),
            Some(&json!(after)),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A task's extension requests, oldest first.
    pub async fn list_extensions(&self, actor: &Actor, task: TaskId) -> Result<Vec<Extension>> {
        let mut conn = self.r().acquire().await?;
        load_task(&mut conn, actor, task).await?;
        task_extensions(&mut conn, actor, task).await
    }

    /// Requests waiting for a decision, visible to the actor.
    pub async fn pending_extensions(&self, actor: &Actor) -> Result<Vec<Extension>> {
        let mut q = Q::default();
        let scope = task_scope(&mut q, actor, "t");
        // `t.org_id = e.org_id` (always true) lets the scope's organisation reach the index
        // extensions_org_pending instead of joining every task of the organisation
        q.sql = format!("SELECT {EXT_COLS} FROM extensions e JOIN tasks t ON t.id = e.task_id AND t.org_id = e.org_id WHERE e.decision = 'pending'{scope} ORDER BY e.id");
        q.query().fetch_all(self.r()).await?.iter().map(ext_from_row).collect()
    }
}
