//! Statistics: counts per status group per lead unit as of a date — the per-unit table offices
//! report ("Tổng số, Hoàn thành đúng hạn n (x%), …") — computed in SQL with the same status
//! rule as the task list, scoped to what the actor may see.

use crate::error::Result;
use crate::sql::{get_i64, get_s, Q};
use crate::tasks::{eff_due_sql, status_sql};
use crate::{task_scope, Actor, Store};
use dondoc_domain::dates::add_days;
use dondoc_domain::ids::{DocumentId, UnitId};
use dondoc_domain::stats::{StatusCounts, UnitRow};
use dondoc_domain::status::{StatusGroup, DEFAULT_DUE_SOON_DAYS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// What to count.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatsQuery {
    pub as_of: Date,
    pub due_soon_days: u32,
    /// Only the tasks of one document.
    pub document: Option<DocumentId>,
    /// Only tasks assigned on or after / on or before these dates.
    pub assigned_from: Option<Date>,
    pub assigned_to: Option<Date>,
}

impl StatsQuery {
    /// Everything, as of `as_of`, with the default due-soon window.
    pub fn as_of(as_of: Date) -> Self {
        StatsQuery {
            as_of,
            due_soon_days: DEFAULT_DUE_SOON_DAYS,
            document: None,
            assigned_from: None,
            assigned_to: None,
        }
    }
}

impl Store {
    /// Counts per status group for each lead unit with tasks, ordered by unit id.
    pub async fn stats_by_unit(&self, actor: &Actor, sq: &StatsQuery) -> Result<Vec<UnitRow>> {
        let mut q = Q::default();
        let d = q.arg(sq.as_of);
        let soon = q.arg(add_days(sq.as_of, i64::from(sq.due_soon_days)));
        let scope = task_scope(&mut q, actor, "t");
        let mut filter = String::new();
        if let Some(doc) = sq.document {
            let p = q.arg(doc.get());
            filter.push_str(&format!(" AND t.document_id = {p}"));
        }
        if let Some(f) = sq.assigned_from {
            let p = q.arg(f);
            filter.push_str(&format!(" AND t.assigned_on >= {p}"));
        }
        if let Some(to) = sq.assigned_to {
            let p = q.arg(to);
            filter.push_str(&format!(" AND t.assigned_on <= {p}"));
        }
        let eff = eff_due_sql(&d);
        let grp = status_sql(&d, &soon);
        // PostgreSQL: an optimisation fence so the deadline is computed once per row and the
        // groups are hashed over a sequential scan (SQLite plans it well as it is, and does not
        // accept OFFSET without LIMIT)
        let fence = match self.backend() {
            crate::Backend::Postgres => " OFFSET 0",
            crate::Backend::Sqlite => "",
        };
        q.sql = format!(
            "SELECT y.lead_unit_id, y.grp, COUNT(*) AS n FROM (SELECT x.lead_unit_id, {grp} AS grp FROM \
             (SELECT t.lead_unit_id, t.completed_on, t.cancelled_on, {eff} AS eff FROM tasks t WHERE t.counted = 1{scope}{filter}{fence}) x) y \
             GROUP BY y.lead_unit_id, y.grp"
        );
        let rows = q.query().fetch_all(self.r()).await?;
        let mut per_unit: BTreeMap<i64, StatusCounts> = BTreeMap::new();
        for r in &rows {
            let g = get_s(r, "grp")?;
            let group = StatusGroup::parse(&g).ok_or_else(|| crate::StoreError::corrupt(format!("group {g}")))?;
            let n = u64::try_from(get_i64(r, "n")?).unwrap_or(0);
            per_unit.entry(get_i64(r, "lead_unit_id")?).or_default().add_group(group, n);
        }
        let names: BTreeMap<i64, String> = if per_unit.is_empty() {
            BTreeMap::new()
        } else {
            let mut q = Q::default();
            let org = q.arg(actor.org_id.get());
            q.sql = format!("SELECT id, name FROM units WHERE org_id = {org}");
            q.query()
                .fetch_all(self.r())
                .await?
                .iter()
                .map(|r| Ok((get_i64(r, "id")?, get_s(r, "name")?)))
                .collect::<Result<_>>()?
        };
        Ok(per_unit
            .into_iter()
            .map(|(u, counts)| UnitRow {
                unit_id: UnitId(u),
                unit_name: names.get(&u).cloned().unwrap_or_default(),
                counts,
            })
            .collect())
    }

    /// Counts over everything the actor may see (the total row).
    pub async fn status_counts(&self, actor: &Actor, sq: &StatsQuery) -> Result<StatusCounts> {
        let mut total = StatusCounts::default();
        for row in self.stats_by_unit(actor, sq).await? {
            total.merge(&row.counts);
        }
        Ok(total)
    }
}
