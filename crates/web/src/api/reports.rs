//! Statistics (counts per status per unit as of a date) and the audit log.

use axum::extract::State;
use axum::Json;
use dondoc_domain::dates::iso;
use dondoc_domain::ids::DocumentId;
use dondoc_domain::stats::{header_cells_vi, StatusCounts};
use dondoc_domain::user::Permission;
use dondoc_store::audit::AuditFilter;
use dondoc_store::stats::StatsQuery;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::CurrentUser;
use crate::error::{ApiQuery, AppError, AppResult};
use crate::state::AppState;
use crate::views::{parse_opt_date, PageParams};

#[derive(Debug, Deserialize, Default)]
pub struct StatsParams {
    pub as_of: Option<String>,
    pub document: Option<i64>,
    pub assigned_from: Option<String>,
    pub assigned_to: Option<String>,
}

fn counts_json(c: &StatusCounts) -> Value {
    json!({
        "total": c.total,
        "done_on_time": c.done_on_time,
        "done_late": c.done_late,
        "open_in_time": c.open_in_time,
        "open_overdue": c.open_overdue,
        "due_soon": c.due_soon,
        "no_deadline": c.no_deadline,
        "cancelled": c.cancelled,
        "on_time_rate": c.on_time_rate(),
    })
}

/// `GET /api/statistics?as_of=&document=&assigned_from=&assigned_to=`: one row per lead unit
/// (the caller's scope), with the official groups, plus totals.
pub async fn statistics(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiQuery(p): ApiQuery<StatsParams>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    let as_of = parse_opt_date("as_of", p.as_of.as_deref())?.unwrap_or_else(|| state.today());
    let mut q = StatsQuery::as_of(as_of);
    q.due_soon_days = state.config.due_soon_days;
    q.document = p.document.map(DocumentId);
    q.assigned_from = parse_opt_date("assigned_from", p.assigned_from.as_deref())?;
    q.assigned_to = parse_opt_date("assigned_to", p.assigned_to.as_deref())?;
    let rows = state.store.stats_by_unit(&actor, &q).await?;
    let mut totals = StatusCounts::default();
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            totals.merge(&r.counts);
            json!({
                "unit": {"id": r.unit_id, "name": r.unit_name},
                "counts": counts_json(&r.counts),
                "cells": r.counts.row_cells(),
            })
        })
        .collect();
    Ok(Json(json!({
        "as_of": iso(as_of),
        "header": header_cells_vi(),
        "rows": items,
        "totals": counts_json(&totals),
    })))
}

#[derive(Debug, Deserialize, Default)]
pub struct AuditParams {
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    /// Only rows older than this id (stable paging while rows are being added); pages then
    /// count from it.
    pub before_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `GET /api/audit?entity=&entity_id=&before_id=&page=&per_page=` (admin, office): newest
/// first, one page read from the database (`total` counts every matching row).
pub async fn audit(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    // checked before the query parameters, so that a refused caller learns nothing else
    if !actor.can(Permission::ViewAudit) {
        return Err(AppError::forbidden());
    }
    let (page, per) = PageParams { page: p.page, per_page: p.per_page }.resolve()?;
    let f = AuditFilter {
        entity: p.entity.filter(|s| !s.trim().is_empty()),
        entity_id: p.entity_id,
        before_id: p.before_id,
        limit: Some(per),
        offset: Some((page - 1) * per),
    };
    let items = state.store.audit_log(&actor, &f).await?;
    let total = state.store.audit_count(&actor, &f).await?;
    Ok(Json(json!({"items": items, "total": total, "page": page, "per_page": per})))
}
