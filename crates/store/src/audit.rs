//! The audit log: an append-only record of every change — who, when, which organisation,
//! which entity, what action, the state before and after (JSON). Rows are written by the
//! mutating repository methods inside their own transaction, so a change and its audit row
//! stand or fall together; triggers on both back-ends reject UPDATE and DELETE.

use crate::error::Result;
use crate::sql::{get_i64, get_oi64, get_os, get_s, now_text, Q};
use crate::{Actor, Store};
use dondoc_domain::user::Permission;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// One audit row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub org_id: Option<i64>,
    pub user_id: Option<i64>,
    /// RFC 3339 UTC.
    pub at: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Writes one audit row on `conn` (inside the caller's transaction).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn write(
    conn: &mut AnyConnection,
    org_id: Option<i64>,
    user_id: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    let mut q = Q::default();
    let ps = [
        q.arg(org_id),
        q.arg(user_id),
        q.arg(now_text()),
        q.arg(entity),
        q.arg(entity_id),
        q.arg(action),
        q.arg(before.map(|v| v.to_string())),
        q.arg(after.map(|v| v.to_string())),
    ];
    q.sql = format!(
        "INSERT INTO audit_log (org_id, user_id, at, entity, entity_id, action, before_json, after_json) VALUES ({})",
        ps.join(", ")
    );
    q.query().execute(&mut *conn).await?;
    Ok(())
}

/// Shorthand for an actor's change.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    entity: &str,
    entity_id: i64,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    write(conn, Some(actor.org_id.get()), Some(actor.user_id.get()), entity, Some(entity_id), action, before, after)
        .await
}

/// Which audit rows to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    /// Only rows older than this one (`id < before_id`): stable paging while rows are added.
    pub before_id: Option<i64>,
    /// At most this many rows (default 200, at most 10,000).
    pub limit: Option<i64>,
    /// Rows skipped first (page-numbered paging).
    pub offset: Option<i64>,
}

impl AuditFilter {
    /// The WHERE clause (after the organisation) and its arguments.
    fn conditions(&self, q: &mut Q) -> String {
        let mut s = String::new();
        if let Some(e) = &self.entity {
            let p = q.arg(e.as_str());
            s.push_str(&format!(" AND entity = {p}"));
        }
        if let Some(id) = self.entity_id {
            let p = q.arg(id);
            s.push_str(&format!(" AND entity_id = {p}"));
        }
        if let Some(id) = self.before_id {
            let p = q.arg(id);
            s.push_str(&format!(" AND id < {p}"));
        }
        s
    }
}

impl Store {
    /// Audit rows of the actor's organisation, newest first (admin and office).
    pub async fn audit_log(&self, actor: &Actor, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        actor.require(Permission::ViewAudit)?;
        let mut q = Q::default();
        let org = q.arg(actor.org_id.get());
        let cond = f.conditions(&mut q);
        let lim = q.arg(f.limit.unwrap_or(200).clamp(1, 10_000));
        let off = q.arg(f.offset.unwrap_or(0).max(0));
        q.sql = format!(
            "SELECT id, org_id, user_id, at, entity, entity_id, action, before_json, after_json FROM audit_log \
             WHERE org_id = {org}{cond} ORDER BY id DESC LIMIT {lim} OFFSET {off}"
        );
        let rows = q.query().fetch_all(self.r()).await?;
        let parse = |s: Option<String>| -> Result<Option<serde_json::Value>> {
            Ok(match s {
                Some(s) => Some(serde_json::from_str(&s)?),
                None => None,
            })
        };
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: get_i64(r, "id")?,
                    org_id: get_oi64(r, "org_id")?,
                    user_id: get_oi64(r, "user_id")?,
                    at: get_s(r, "at")?,
                    entity: get_s(r, "entity")?,
                    entity_id: get_oi64(r, "entity_id")?,
                    action: get_s(r, "action")?,
                    before: parse(get_os(r, "before_json")?)?,
                    after: parse(get_os(r, "after_json")?)?,
                })
            })
            .collect()
    }

    /// How many audit rows match `f` (its limit and offset aside), for paging.
    pub async fn audit_count(&self, actor: &Actor, f: &AuditFilter) -> Result<i64> {
        actor.require(Permission::ViewAudit)?;
        let mut q = Q::default();
        let org = q.arg(actor.org_id.get());
        let cond = f.conditions(&mut q);
        q.sql = format!("SELECT COUNT(*) AS n FROM audit_log WHERE org_id = {org}{cond}");
        get_i64(&q.query().fetch_one(self.r()).await?, "n")
    }
}
