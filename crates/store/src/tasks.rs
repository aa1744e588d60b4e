//! Tasks: writing them (from a confirmed draft or by hand), reading one, the task list with
//! its filters, and the lifecycle steps the office takes (accept completion, send back,
//! cancel, edit) — each scoped in SQL and audited in the same transaction.
//!
//! Status as of a date is computed in SQL (`status_sql`) with the same rules as
//! `dondoc_domain::status::classify`, so that the list filter and the statistics scale; the
//! tests check that both agree.

use crate::audit;
use crate::directory::ensure_unit_in_org;
use crate::error::{Result, StoreError};
use crate::sql::{get_bool, get_date, get_i64, get_json, get_odate, get_oi64, get_os, get_s, in_list, now_text, Q};
use crate::{task_scope, Actor, Store};
use dondoc_domain::dates::add_days;
use dondoc_domain::deadline::{Deadline, DeadlineKind, Period};
use dondoc_domain::ids::{DocumentId, OrgId, PersonId, TaskId, UnitId};
use dondoc_domain::occurrence::{expand, horizon, Occurrence};
use dondoc_domain::status::{classify, Status, StatusGroup, DEFAULT_DUE_SOON_DAYS};
use dondoc_domain::task::{validate_coordinators, Target, Task, TaskState};
use dondoc_domain::user::Permission;
use dondoc_domain::DomainError;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;
use time::Date;
use unicode_normalization::UnicodeNormalization;

/// A stored task with what the store adds to the domain's `Task`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    pub task: Task,
    /// For an occurrence of a recurring task: the recurring task and the period.
    pub occurrence: Option<OccurrenceInfo>,
    /// Whether it is counted in statistics (false for a recurring task's own row: its
    /// occurrences are counted instead).
    pub counted: bool,
    /// The deadline after the latest granted extension (today's view; see `status` for as-of).
    pub effective_due: Option<Date>,
    pub latest_percent: u8,
    pub last_report_on: Option<Date>,
}

/// The period an occurrence row stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceInfo {
    pub of: TaskId,
    pub period_start: Date,
    pub period_end: Date,
    pub label: String,
}

/// A task to create by hand (office).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewTask {
    pub document_id: Option<DocumentId>,
    pub parent_id: Option<TaskId>,
    pub ref_code: Option<String>,
    pub text: String,
    pub lead_unit: UnitId,
    pub lead_person: Option<PersonId>,
    pub coordinators: Vec<UnitId>,
    pub deadline: Deadline,
    pub targets: Vec<Target>,
    pub references: Vec<String>,
    pub assigned_on: Date,
}

/// Changes the office makes to a live task (`None` = unchanged).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TaskUpdate {
    pub text: Option<String>,
    pub lead_unit: Option<UnitId>,
    pub lead_person: Option<Option<PersonId>>,
    pub coordinators: Option<Vec<UnitId>>,
    pub deadline: Option<Deadline>,
}

/// Filters of the task list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskFilter {
    /// The report date statuses are computed at.
    pub as_of: Date,
    pub due_soon_days: u32,
    /// Tasks led by this unit.
    pub unit: Option<UnitId>,
    /// With `unit`: also the tasks it coordinates.
    pub include_coordinated: bool,
    /// Fine groups (due soon apart from open-in-time); empty = all.
    pub groups: Vec<StatusGroup>,
    pub document: Option<DocumentId>,
    /// Deadline in force at `as_of` within this range (inclusive).
    pub due_from: Option<Date>,
    pub due_to: Option<Date>,
    /// Words the text contains (case and diacritics folded).
    pub text: Option<String>,
    /// Also list recurring tasks' own rows (normally only their occurrences).
    pub include_recurring_parents: bool,
    pub limit: i64,
    pub offset: i64,
}

impl TaskFilter {
    /// Everything visible, as of `as_of`, first page of 50.
    pub fn as_of(as_of: Date) -> Self {
        TaskFilter {
            as_of,
            due_soon_days: DEFAULT_DUE_SOON_DAYS,
            unit: None,
            include_coordinated: false,
            groups: Vec::new(),
            document: None,
            due_from: None,
            due_to: None,
            text: None,
            include_recurring_parents: false,
            limit: 50,
            offset: 0,
        }
    }
}

/// A row of the task list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskListItem {
    pub record: TaskRecord,
    /// The deadline in force at the filter's date.
    pub due_as_of: Option<Date>,
    pub status: Status,
}

/// One page of the task list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskPage {
    pub items: Vec<TaskListItem>,
    /// All matching rows (for paging).
    pub total: i64,
}

/// Lower case, diacritics removed, đ → d: the form searched.
pub fn fold_search(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) const TASK_COLS: &str = "t.id, t.org_id, t.document_id, t.parent_id, t.occurrence_of, t.period_start, t.period_end, t.period_label, \
    t.ref_code, t.body, t.lead_unit_id, t.lead_person_id, t.deadline_kind, t.due, t.period, t.day_of_period, t.deadline_text, \
    t.targets_json, t.references_json, t.state, t.completion_reported_on, t.completed_on, t.cancelled_on, t.cancel_reason, \
    t.assigned_on, t.effective_due, t.ext_granted_on, t.counted, t.latest_percent, t.last_report_on";

/// The deadline in force at the date bound to `d` (a placeholder), for tasks aliased `t`.
pub(crate) fn eff_due_sql(d: &str) -> String {
    format!(
        "CASE WHEN t.ext_granted_on IS NULL OR t.ext_granted_on <= {d} THEN t.effective_due \
         ELSE COALESCE((SELECT e.requested_due FROM extensions e WHERE e.task_id = t.id AND e.decision = 'granted' \
         AND e.decided_on <= {d} ORDER BY e.decided_on DESC, e.id DESC LIMIT 1), t.due) END"
    )
}

/// The status group (its `StatusGroup::as_str` code) at date `d`, `soon` = `d` + window, over
/// columns `eff`, `completed_on`, `cancelled_on` of alias `x`. Mirrors `status::classify`.
pub(crate) fn status_sql(d: &str, soon: &str) -> String {
    format!(
        "CASE WHEN x.cancelled_on IS NOT NULL AND x.cancelled_on <= {d} THEN 'cancelled' \
         WHEN x.completed_on IS NOT NULL AND x.completed_on <= {d} THEN \
           CASE WHEN x.eff IS NULL OR x.completed_on <= x.eff THEN 'done_on_time' ELSE 'done_late' END \
         WHEN x.eff IS NULL THEN 'no_deadline' \
         WHEN {d} <= x.eff THEN CASE WHEN x.eff <= {soon} THEN 'due_soon' ELSE 'open_in_time' END \
         ELSE 'open_overdue' END"
    )
}

fn parse_kind(s: &str) -> Result<DeadlineKind> {
    DeadlineKind::parse(s).map_err(|e| StoreError::corrupt(e.to_string()))
}

pub(crate) fn record_from_row(r: &AnyRow, coordinators: Vec<UnitId>) -> Result<TaskRecord> {
    let state_s = get_s(r, "state")?;
    let state = TaskState::parse(&state_s).ok_or_else(|| StoreError::corrupt(format!("task state {state_s}")))?;
    let period = match get_os(r, "period")? {
        Some(p) => Some(Period::parse(&p).map_err(|e| StoreError::corrupt(e.to_string()))?),
        None => None,
    };
    let deadline = Deadline {
        kind: parse_kind(&get_s(r, "deadline_kind")?)?,
        due: get_odate(r, "due")?,
        period,
        day_of_period: get_oi64(r, "day_of_period")?.and_then(|d| u8::try_from(d).ok()),
        text: get_os(r, "deadline_text")?,
    };
    let occurrence = match (get_oi64(r, "occurrence_of")?, get_odate(r, "period_start")?, get_odate(r, "period_end")?) {
        (Some(of), Some(s), Some(e)) => Some(OccurrenceInfo {
            of: TaskId(of),
            period_start: s,
            period_end: e,
            label: get_os(r, "period_label")?.unwrap_or_default(),
        }),
        _ => None,
    };
    let task = Task {
        id: TaskId(get_i64(r, "id")?),
        org_id: OrgId(get_i64(r, "org_id")?),
        document_id: get_oi64(r, "document_id")?.map(DocumentId),
        ref_code: get_os(r, "ref_code")?,
        parent_id: get_oi64(r, "parent_id")?.map(TaskId),
        text: get_s(r, "body")?,
        lead_unit: UnitId(get_i64(r, "lead_unit_id")?),
        lead_person: get_oi64(r, "lead_person_id")?.map(PersonId),
        coordinators,
        deadline,
        targets: get_json(r, "targets_json")?,
        references: get_json(r, "references_json")?,
        state,
        completed_on: get_odate(r, "completed_on")?,
        completion_reported_on: get_odate(r, "completion_reported_on")?,
        cancelled_on: get_odate(r, "cancelled_on")?,
        cancel_reason: get_os(r, "cancel_reason")?,
        assigned_on: get_date(r, "assigned_on")?,
    };
    Ok(TaskRecord {
        task,
        occurrence,
        counted: get_bool(r, "counted")?,
        effective_due: get_odate(r, "effective_due")?,
        latest_percent: u8::try_from(get_i64(r, "latest_percent")?).unwrap_or(0),
        last_report_on: get_odate(r, "last_report_on")?,
    })
}

/// Coordinators of the given tasks.
pub(crate) async fn coordinators_of(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<UnitId>>> {
    let mut out: HashMap<i64, Vec<UnitId>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut q = Q::default();
        let o = q.arg(org.get());
        let list = in_list(&mut q, chunk);
        q.sql = format!("SELECT task_id, unit_id FROM task_coordinators WHERE org_id = {o} AND task_id IN {list} ORDER BY task_id, unit_id");
        for r in q.query().fetch_all(&mut *conn).await? {
            out.entry(get_i64(&r, "task_id")?).or_default().push(UnitId(get_i64(&r, "unit_id")?));
        }
    }
    Ok(out)
}

/// Loads one task the actor may see (scope in SQL); `NotFound` otherwise.
pub(crate) async fn load_task(conn: &mut AnyConnection, actor: &Actor, id: TaskId) -> Result<TaskRecord> {
    let mut q = Q::default();
    let p = q.arg(id.get());
    let scope = task_scope(&mut q, actor, "t");
    q.sql = format!("SELECT {TASK_COLS} FROM tasks t WHERE t.id = {p}{scope}");
    let row = q.query().fetch_optional(&mut *conn).await?.ok_or(StoreError::not_found("task"))?;
    let mut coords = coordinators_of(conn, actor.org_id, &[id.get()]).await?;
    record_from_row(&row, coords.remove(&id.get()).unwrap_or_default())
}

/// What to insert for one task row.
#[derive(Clone, Copy)]
pub(crate) struct TaskInsert<'a> {
    pub org: OrgId,
    pub created_by: Option<i64>,
    pub document_id: Option<DocumentId>,
    pub parent_id: Option<TaskId>,
    pub occurrence: Option<(TaskId, &'a Occurrence)>,
    pub ref_code: Option<&'a str>,
    pub text: &'a str,
    pub lead_unit: UnitId,
    pub lead_person: Option<PersonId>,
    pub coordinators: &'a [UnitId],
    pub deadline: &'a Deadline,
    pub targets: &'a [Target],
    pub references: &'a [String],
    pub assigned_on: Date,
    pub counted: bool,
}

/// Inserts one task row and its coordinators; returns its id.
pub(crate) async fn insert_task(conn: &mut AnyConnection, t: &TaskInsert<'_>) -> Result<TaskId> {
    let (due, kind, deadline_text) = match t.occurrence {
        Some((_, o)) => (Some(o.due), DeadlineKind::Date, Some(o.label_vi.clone())),
        None => (t.deadline.single_due(), t.deadline.kind, t.deadline.text.clone()),
    };
    let now = now_text();
    let mut q = Q::default();
    let ps = [
        q.arg(t.org.get()),
        q.arg(t.document_id.map(|d| d.get())),
        q.arg(t.parent_id.map(|d| d.get())),
        q.arg(t.occurrence.map(|(of, _)| of.get())),
        q.arg(t.occurrence.map(|(_, o)| o.period_start)),
        q.arg(t.occurrence.map(|(_, o)| o.period_end)),
        q.arg(t.occurrence.map(|(_, o)| o.label_vi.clone())),
        q.arg(t.ref_code.map(str::to_string)),
        q.arg(t.text),
        q.arg(fold_search(t.text)),
        q.arg(t.lead_unit.get()),
        q.arg(t.lead_person.map(|p| p.get())),
        q.arg(kind.as_str()),
        q.arg(due),
        q.arg(t.deadline.period.map(|p| p.as_str().to_string())),
        q.arg(t.deadline.day_of_period.map(i64::from)),
        q.arg(deadline_text),
        q.arg(serde_json::to_string(t.targets)?),
        q.arg(serde_json::to_string(t.references)?),
        q.arg(t.assigned_on),
        q.arg(due),
        q.arg(t.counted),
        q.arg(t.created_by),
        q.arg(now.clone()),
        q.arg(now),
    ];
    q.sql = format!(
        "INSERT INTO tasks (org_id, document_id, parent_id, occurrence_of, period_start, period_end, period_label, ref_code, body, search_text, \
         lead_unit_id, lead_person_id, deadline_kind, due, period, day_of_period, deadline_text, targets_json, references_json, state, \
         assigned_on, effective_due, counted, latest_percent, created_by, created_at, updated_at) \
         VALUES ({}, 'open', {}, {}, {}, 0, {}, {}, {}) RETURNING id",
        ps[..19].join(", "),
        ps[19],
        ps[20],
        ps[21],
        ps[22],
        ps[23],
        ps[24]
    );
    let id = get_i64(&q.query().fetch_one(&mut *conn).await?, "id")?;
    for c in t.coordinators {
        let mut q = Q::default();
        let ps = [q.arg(t.org.get()), q.arg(id), q.arg(c.get())];
        q.sql = format!("INSERT INTO task_coordinators (org_id, task_id, unit_id) VALUES ({})", ps.join(", "));
        q.query().execute(&mut *conn).await?;
    }
    Ok(TaskId(id))
}

/// Inserts a task and, when it recurs, one row per occurrence up to its horizon (the deadline's
/// end or the end of the year of `today`). Returns the task's id and its occurrences' ids.
pub(crate) async fn insert_with_occurrences(
    conn: &mut AnyConnection,
    base: TaskInsert<'_>,
    today: Date,
) -> Result<(TaskId, Vec<TaskId>)> {
    let recurring = base.deadline.kind == DeadlineKind::Recurring;
    let occurrences = if recurring {
        let from = base.assigned_on;
        let h = horizon(base.deadline, today).max(from);
        expand(base.deadline, from, h)?
    } else {
        Vec::new()
    };
    let parent = insert_task(conn, &TaskInsert { counted: !recurring, ..base }).await?;
    let mut ids = Vec::with_capacity(occurrences.len());
    for o in &occurrences {
        let row = TaskInsert { parent_id: Some(parent), occurrence: Some((parent, o)), counted: true, ..base };
        ids.push(insert_task(conn, &row).await?);
    }
    Ok((parent, ids))
}

fn task_json(r: &TaskRecord) -> serde_json::Value {
    json!(r.task)
}

impl Store {
    /// Creates a task by hand (office); a recurring one gets its occurrences up to the horizon
    /// (the deadline's end or the end of `today`'s year).
    pub async fn create_task(&self, actor: &Actor, t: &NewTask, today: Date) -> Result<TaskId> {
        actor.require(Permission::CreateTask)?;
        if t.text.trim().is_empty() {
            return Err(DomainError::TaskTextEmpty.into());
        }
        t.deadline.validate()?;
        validate_coordinators(t.lead_unit, &t.coordinators)?;
        let mut tx = self.w().begin().await?;
        ensure_unit_in_org(&mut tx, actor.org_id, t.lead_unit).await?;
        for c in &t.coordinators {
            ensure_unit_in_org(&mut tx, actor.org_id, *c).await?;
        }
        if let Some(p) = t.parent_id {
            load_task(&mut tx, actor, p).await?;
        }
        let base = TaskInsert {
            org: actor.org_id,
            created_by: Some(actor.user_id.get()),
            document_id: t.document_id,
            parent_id: t.parent_id,
            occurrence: None,
            ref_code: t.ref_code.as_deref(),
            text: t.text.trim(),
            lead_unit: t.lead_unit,
            lead_person: t.lead_person,
            coordinators: &t.coordinators,
            deadline: &t.deadline,
            targets: &t.targets,
            references: &t.references,
            assigned_on: t.assigned_on,
            counted: true,
        };
        let (id, occ) = insert_with_occurrences(&mut tx, base, today).await?;
        audit::record(&mut tx, actor, "task", id.get(), "create", None, Some(&json!({"task": t, "occurrences": occ})))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One task, if the actor may see it.
    pub async fn get_task(&self, actor: &Actor, id: TaskId) -> Result<TaskRecord> {
        let mut conn = self.r().acquire().await?;
        load_task(&mut conn, actor, id).await
    }

    /// The occurrences of a recurring task, in period order.
    pub async fn list_occurrences(&self, actor: &Actor, id: TaskId) -> Result<Vec<TaskRecord>> {
        let mut conn = self.r().acquire().await?;
        let mut q = Q::default();
        let p = q.arg(id.get());
        let scope = task_scope(&mut q, actor, "t");
        q.sql =
            format!("SELECT {TASK_COLS} FROM tasks t WHERE t.occurrence_of = {p}{scope} ORDER BY t.period_start, t.id");
        let rows = q.query().fetch_all(&mut *conn).await?;
        let ids: Vec<i64> = rows.iter().map(|r| get_i64(r, "id")).collect::<Result<_>>()?;
        let mut coords = coordinators_of(&mut conn, actor.org_id, &ids).await?;
        rows.iter().zip(ids).map(|(r, id)| record_from_row(r, coords.remove(&id).unwrap_or_default())).collect()
    }

    /// The task list: scoped to the actor in SQL, filtered, status computed at `f.as_of`,
    /// sorted by the deadline in force (none last) then id, paged.
    pub async fn list_tasks(&self, actor: &Actor, f: &TaskFilter) -> Result<TaskPage> {
        self.list_tasks_ordered(actor, f, TaskOrder::DueAsc).await
    }

    /// The task list in another order (see [`TaskOrder`]); otherwise as [`Store::list_tasks`].
    pub async fn list_tasks_ordered(&self, actor: &Actor, f: &TaskFilter, order: TaskOrder) -> Result<TaskPage> {
        let mut q = Q::default();
        let d = q.arg(f.as_of);
        let soon = q.arg(add_days(f.as_of, i64::from(f.due_soon_days)));
        let scope = task_scope(&mut q, actor, "t");
        let mut inner_where = format!("1 = 1{scope}");
        if !f.include_recurring_parents {
            inner_where.push_str(" AND t.counted = 1");
        }
        if let Some(u) = f.unit {
            let p = q.arg(u.get());
            if f.include_coordinated {
                inner_where.push_str(&format!(
                    " AND (t.lead_unit_id = {p} OR EXISTS (SELECT 1 FROM task_coordinators fc WHERE fc.task_id = t.id AND fc.unit_id = {p}))"
                ));
            } else {
                inner_where.push_str(&format!(" AND t.lead_unit_id = {p}"));
            }
        }
        if let Some(doc) = f.document {
            let p = q.arg(doc.get());
            inner_where.push_str(&format!(" AND t.document_id = {p}"));
        }
        if let Some(text) = f.text.as_deref().map(fold_search).filter(|s| !s.trim().is_empty()) {
            let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let p = q.arg(format!("%{escaped}%"));
            inner_where.push_str(&format!(" AND t.search_text LIKE {p} ESCAPE '\\'"));
        }
        let mut outer_where = String::from("1 = 1");
        if !f.groups.is_empty() {
            let ps: Vec<String> = f.groups.iter().map(|g| q.arg(g.as_str())).collect();
            outer_where.push_str(&format!(" AND y.grp IN ({})", ps.join(", ")));
        }
        if let Some(from) = f.due_from {
            let p = q.arg(from);
            outer_where.push_str(&format!(" AND y.eff >= {p}"));
        }
        if let Some(to) = f.due_to {
            let p = q.arg(to);
            outer_where.push_str(&format!(" AND y.eff <= {p}"));
        }
        let eff = eff_due_sql(&d);
        let grp = status_sql(&d, &soon);
        let from = |inner_where: &str| {
            format!(
                "FROM (SELECT x.*, {grp} AS grp FROM (SELECT {TASK_COLS}, {eff} AS eff FROM tasks t WHERE {inner_where}) x) y WHERE {outer_where}"
            )
        };
        let base = format!("SELECT y.* {}", from(&inner_where));
        let mut count_q = Q { sql: format!("SELECT COUNT(*) AS n FROM ({base}) z"), args: q.args.clone() };
        let lim = q.arg(f.limit.clamp(1, 1000));
        let off = q.arg(f.offset.max(0));
        // The page's ids first, sorting only the id and the sort keys, then the page's full rows:
        // sorting every matching row with all its columns cost ~200 ms for 100,000 tasks.
        let page_ids = format!("SELECT y.id {} ORDER BY {} LIMIT {lim} OFFSET {off}", from(&inner_where), order.sql());
        q.sql =
            format!("SELECT y.* {} ORDER BY {}", from(&format!("{inner_where} AND t.id IN ({page_ids})")), order.sql());
        let mut conn = self.r().acquire().await?;
        let rows = q.query().fetch_all(&mut *conn).await?;
        let total = if f.offset == 0 && (rows.len() as i64) < f.limit.clamp(1, 1000) {
            rows.len() as i64
        } else {
            count_q.sql.push(' ');
            get_i64(&count_q.query().fetch_one(&mut *conn).await?, "n")?
        };
        let ids: Vec<i64> = rows.iter().map(|r| get_i64(r, "id")).collect::<Result<_>>()?;
        let mut coords = coordinators_of(&mut conn, actor.org_id, &ids).await?;
        let mut items = Vec::with_capacity(rows.len());
        for (r, id) in rows.iter().zip(ids) {
            let record = record_from_row(r, coords.remove(&id).unwrap_or_default())?;
            let due_as_of = get_odate(r, "eff")?;
            let status =
                classify(due_as_of, record.task.completed_on, record.task.cancelled_on, f.as_of, f.due_soon_days);
            let grp = get_s(r, "grp")?;
            if grp != status.group().as_str() {
                // the SQL and the domain rule disagree: a bug, never data from outside
                tracing::error!(task = id, sql = %grp, domain = status.group().as_str(), "status mismatch");
                return Err(StoreError::corrupt(format!(
                    "status of task {id}: SQL {grp}, domain {}",
                    status.group().as_str()
                )));
            }
            items.push(TaskListItem { record, due_as_of, status });
        }
        Ok(TaskPage { items, total })
    }

    /// The office accepts the lead's completion report: the task is done as of that report's date.
    pub async fn accept_completion(&self, actor: &Actor, id: TaskId) -> Result<TaskRecord> {
        self.transition(actor, id, Permission::AcceptCompletion, "accept", |t| t.accept_completion()).await
    }

    /// The office sends a completion report back: the task is open again.
    pub async fn send_back(&self, actor: &Actor, id: TaskId) -> Result<TaskRecord> {
        self.transition(actor, id, Permission::AcceptCompletion, "send_back", |t| t.send_back()).await
    }

    /// The office cancels a task with a reason.
    pub async fn cancel_task(&self, actor: &Actor, id: TaskId, on: Date, reason: &str) -> Result<TaskRecord> {
        self.transition(actor, id, Permission::CancelTask, "cancel", |t| t.cancel(on, reason)).await
    }

    async fn transition(
        &self,
        actor: &Actor,
        id: TaskId,
        perm: Permission,
        action: &str,
        f: impl FnOnce(&mut Task) -> dondoc_domain::Result<()>,
    ) -> Result<TaskRecord> {
        actor.require(perm)?;
        let mut tx = self.w().begin().await?;
        let before = load_task(&mut tx, actor, id).await?;
        actor.require_on_task(perm, &before.task.access())?;
        let mut after = before.clone();
        f(&mut after.task)?;
        save_lifecycle(&mut tx, &after.task, before.task.state).await?;
        audit::record(&mut tx, actor, "task", id.get(), action, Some(&task_json(&before)), Some(&task_json(&after)))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The office edits a live task (text, lead, coordinators, deadline). Changing the deadline
    /// keeps granted extensions in force.
    pub async fn update_task(&self, actor: &Actor, id: TaskId, u: &TaskUpdate) -> Result<TaskRecord> {
        actor.require(Permission::EditTask)?;
        let mut tx = self.w().begin().await?;
        let before = load_task(&mut tx, actor, id).await?;
        let mut after = before.clone();
        if let Some(t) = &u.text {
            if t.trim().is_empty() {
                return Err(DomainError::TaskTextEmpty.into());
            }
            after.task.text = t.trim().to_string();
        }
        if let Some(l) = u.lead_unit {
            ensure_unit_in_org(&mut tx, actor.org_id, l).await?;
            after.task.lead_unit = l;
        }
        if let Some(p) = u.lead_person {
            after.task.lead_person = p;
        }
        if let Some(c) = &u.coordinators {
            for x in c {
                ensure_unit_in_org(&mut tx, actor.org_id, *x).await?;
            }
            after.task.coordinators = c.clone();
        }
        if let Some(d) = &u.deadline {
            if after.occurrence.is_some() && d.kind != DeadlineKind::Date {
                return Err(StoreError::Conflict("an occurrence keeps a date deadline"));
            }
            if d.kind == DeadlineKind::Recurring || before.task.deadline.kind == DeadlineKind::Recurring {
                return Err(StoreError::Conflict(
                    "changing whether a task recurs is not supported; cancel it and create a new one",
                ));
            }
            d.validate()?;
            after.task.deadline = d.clone();
        }
        after.task.validate()?;
        let mut q = Q::default();
        let ps = [
            q.arg(after.task.text.as_str()),
            q.arg(fold_search(&after.task.text)),
            q.arg(after.task.lead_unit.get()),
            q.arg(after.task.lead_person.map(|p| p.get())),
            q.arg(after.task.deadline.kind.as_str()),
            q.arg(after.task.deadline.single_due()),
            q.arg(after.task.deadline.text.clone()),
            q.arg(now_text()),
            q.arg(id.get()),
            q.arg(actor.org_id.get()),
        ];
        q.sql = format!(
            "UPDATE tasks SET body = {}, search_text = {}, lead_unit_id = {}, lead_person_id = {}, deadline_kind = {}, due = {}, \
             deadline_text = {}, updated_at = {}, effective_due = CASE WHEN ext_granted_on IS NULL THEN {} ELSE effective_due END \
             WHERE id = {} AND org_id = {}",
            ps[0], ps[1], ps[2], ps[3], ps[4], ps[5], ps[6], ps[7], ps[5], ps[8], ps[9]
        );
        q.query().execute(&mut *tx).await?;
        if u.coordinators.is_some() {
            let mut q = Q::default();
            let (a, b) = (q.arg(id.get()), q.arg(actor.org_id.get()));
            q.sql = format!("DELETE FROM task_coordinators WHERE task_id = {a} AND org_id = {b}");
            q.query().execute(&mut *tx).await?;
            for c in &after.task.coordinators {
                let mut q = Q::default();
                let ps = [q.arg(actor.org_id.get()), q.arg(id.get()), q.arg(c.get())];
                q.sql = format!("INSERT INTO task_coordinators (org_id, task_id, unit_id) VALUES ({})", ps.join(", "));
                q.query().execute(&mut *tx).await?;
            }
        }
        audit::record(&mut tx, actor, "task", id.get(), "update", Some(&task_json(&before)), Some(&task_json(&after)))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A unit hands one of its tasks to a cadre (lead person); the office may too.
    pub async fn assign_lead_person(&self, actor: &Actor, id: TaskId, person: Option<PersonId>) -> Result<TaskRecord> {
        let mut tx = self.w().begin().await?;
        let before = load_task(&mut tx, actor, id).await?;
        if !(actor.can(Permission::EditTask) || actor.can_on_task(Permission::AssignCadre, &before.task.access())) {
            return Err(DomainError::NotPermitted { role: actor.role, permission: Permission::AssignCadre }.into());
        }
        if let Some(p) = person {
            let mut q = Q::default();
            let (a, b) = (q.arg(p.get()), q.arg(actor.org_id.get()));
            q.sql = format!("SELECT unit_id FROM people WHERE id = {a} AND org_id = {b}");
            let row = q.query().fetch_optional(&mut *tx).await?.ok_or(StoreError::not_found("person"))?;
            if !actor.role.sees_whole_org() && get_oi64(&row, "unit_id")? != actor.unit_id.map(|u| u.get()) {
                return Err(DomainError::OutOfScope.into());
            }
        }
        let mut after = before.clone();
        after.task.lead_person = person;
        let mut q = Q::default();
        let ps = [q.arg(person.map(|p| p.get())), q.arg(now_text()), q.arg(id.get()), q.arg(actor.org_id.get())];
        q.sql = format!(
            "UPDATE tasks SET lead_person_id = {}, updated_at = {} WHERE id = {} AND org_id = {}",
            ps[0], ps[1], ps[2], ps[3]
        );
        q.query().execute(&mut *tx).await?;
        audit::record(
            &mut tx,
            actor,
            "task",
            id.get(),
            "assign_lead_person",
            Some(&task_json(&before)),
            Some(&task_json(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}

/// Writes the lifecycle columns of a task, checking nobody changed its state meanwhile.
pub(crate) async fn save_lifecycle(conn: &mut AnyConnection, t: &Task, expected_state: TaskState) -> Result<()> {
    let mut q = Q::default();
    let ps = [
        q.arg(t.state.as_str()),
        q.arg(t.completion_reported_on),
        q.arg(t.completed_on),
        q.arg(t.cancelled_on),
        q.arg(t.cancel_reason.clone()),
        q.arg(now_text()),
        q.arg(t.id.get()),
        q.arg(t.org_id.get()),
        q.arg(expected_state.as_str()),
    ];
    q.sql = format!(
        "UPDATE tasks SET state = {}, completion_reported_on = {}, completed_on = {}, cancelled_on = {}, cancel_reason = {}, updated_at = {} \
         WHERE id = {} AND org_id = {} AND state = {}",
        ps[0], ps[1], ps[2], ps[3], ps[4], ps[5], ps[6], ps[7], ps[8]
    );
    if q.query().execute(&mut *conn).await?.rows_affected() == 0 {
        return Err(StoreError::Conflict("the task changed meanwhile"));
    }
    Ok(())
}

/// Orders of the task list (the sortable columns of the web pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskOrder {
    /// Deadline in force, earliest first, tasks without one last (the default).
    #[default]
    DueAsc,
    /// Deadline in force, latest first, tasks without one last.
    DueDesc,
    /// Most recently assigned first.
    Newest,
    /// By the lead unit's name, then deadline.
    LeadUnit,
}

impl TaskOrder {
    pub const ALL: [TaskOrder; 4] = [TaskOrder::DueAsc, TaskOrder::DueDesc, TaskOrder::Newest, TaskOrder::LeadUnit];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskOrder::DueAsc => "due",
            TaskOrder::DueDesc => "due_desc",
            TaskOrder::Newest => "newest",
            TaskOrder::LeadUnit => "unit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        TaskOrder::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The ORDER BY clause over the list query's alias `y` (ties broken by id: stable pages).
    fn sql(self) -> &'static str {
        match self {
            TaskOrder::DueAsc => "(y.eff IS NULL), y.eff, y.id",
            TaskOrder::DueDesc => "(y.eff IS NULL), y.eff DESC, y.id DESC",
            TaskOrder::Newest => "y.assigned_on DESC, y.id DESC",
            TaskOrder::LeadUnit => {
                "(SELECT u.name FROM units u WHERE u.id = y.lead_unit_id), (y.eff IS NULL), y.eff, y.id"
            }
        }
    }
}
