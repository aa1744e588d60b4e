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
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
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

/// Answers already computed, keyed by who asked (their scope) and what, each stored with the
/// organisation's data version — the id of its newest audit row — at the time it was computed.
/// Every change writes an audit row in its own transaction, so an entry is served only while
/// nothing has changed since; the version is read from the database, so this holds across
/// several server processes too. Used for what dashboards read over and over: the per-unit
/// statistics, the short task lists and the monthly trend.
#[derive(Debug)]
pub struct VersionCache<V>(Arc<Mutex<HashMap<String, (i64, V)>>>);

impl<V> Default for VersionCache<V> {
    fn default() -> Self {
        VersionCache(Arc::default())
    }
}

impl<V> Clone for VersionCache<V> {
    fn clone(&self) -> Self {
        VersionCache(Arc::clone(&self.0))
    }
}

/// Entries kept at most per cache; past that it starts afresh (dates and scopes asked about
/// vary little, so this is rarely reached).
const CACHE_ENTRIES: usize = 512;

impl<V: Clone> VersionCache<V> {
    fn get(&self, key: &str, version: i64) -> Option<V> {
        let map = self.0.lock().ok()?;
        map.get(key).filter(|(v, _)| *v == version).map(|(_, value)| value.clone())
    }

    fn put(&self, key: String, version: i64, value: V) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= CACHE_ENTRIES {
                map.clear();
            }
            map.insert(key, (version, value));
        }
    }
}

/// The caches a store keeps (shared by its clones).
#[derive(Debug, Clone, Default)]
pub struct Caches {
    stats: VersionCache<Vec<UnitRow>>,
    pages: VersionCache<crate::tasks::TaskPage>,
    months: VersionCache<Vec<MonthCompletions>>,
}

/// Who is asking, as far as it changes the answer: a unit user's counts differ from the office's.
fn scope_key(actor: &Actor) -> String {
    format!(
        "{}|{:?}|{:?}|{:?}|{:?}",
        actor.org_id.get(),
        actor.role,
        actor.unit_id,
        actor.person_id,
        if actor.role.sees_whole_org() { None } else { Some(actor.user_id) }
    )
}

impl Store {
    /// The organisation's data version: the id of its newest audit row (0 when none).
    async fn data_version(&self, org: i64) -> Result<i64> {
        let mut q = Q::default();
        let o = q.arg(org);
        q.sql = format!("SELECT COALESCE(MAX(id), 0) AS v FROM audit_log WHERE org_id = {o}");
        let row = q.query().fetch_one(self.r()).await?;
        get_i64(&row, "v")
    }

    /// Counts per status group for each lead unit with tasks, ordered by unit id. Answered from
    /// the cache when nothing in the organisation has changed since the same question.
    pub async fn stats_by_unit(&self, actor: &Actor, sq: &StatsQuery) -> Result<Vec<UnitRow>> {
        let key = format!(
            "{}|{}|{}|{:?}|{:?}|{:?}",
            scope_key(actor),
            sq.as_of,
            sq.due_soon_days,
            sq.document,
            sq.assigned_from,
            sq.assigned_to
        );
        // Read before computing: a change committed meanwhile raises the version, so the entry
        // stored below can only be served if nothing changed after this point.
        let version = self.data_version(actor.org_id.get()).await?;
        if let Some(rows) = self.caches.stats.get(&key, version) {
            return Ok(rows);
        }
        let rows = self.compute_stats_by_unit(actor, sq).await?;
        self.caches.stats.put(key, version, rows.clone());
        Ok(rows)
    }

    /// [`Store::list_tasks`] for pages read over and over (the overview's short lists), answered
    /// from the cache while nothing in the organisation has changed.
    pub async fn list_tasks_cached(
        &self,
        actor: &Actor,
        f: &crate::tasks::TaskFilter,
    ) -> Result<crate::tasks::TaskPage> {
        let key = format!("{}|{f:?}", scope_key(actor));
        let version = self.data_version(actor.org_id.get()).await?;
        if let Some(page) = self.caches.pages.get(&key, version) {
            return Ok(page);
        }
        let page = self.list_tasks(actor, f).await?;
        self.caches.pages.put(key, version, page.clone());
        Ok(page)
    }

    async fn compute_stats_by_unit(&self, actor: &Actor, sq: &StatsQuery) -> Result<Vec<UnitRow>> {
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
        // One row per unit with a count per group (conditional aggregation): grouping by the
        // unit alone follows the (org, counted, lead unit, …) index, so nothing is sorted.
        let counts: String = StatusGroup::ALL
            .iter()
            .map(|g| format!(", SUM(CASE WHEN y.grp = '{0}' THEN 1 ELSE 0 END) AS n_{0}", g.as_str()))
            .collect();
        q.sql = format!(
            "SELECT y.lead_unit_id{counts} FROM (SELECT x.lead_unit_id, {grp} AS grp FROM \
             (SELECT t.lead_unit_id, t.completed_on, t.cancelled_on, {eff} AS eff FROM tasks t WHERE t.counted = 1{scope}{filter}{fence}) x) y \
             GROUP BY y.lead_unit_id"
        );
        let rows = q.query().fetch_all(self.r()).await?;
        let mut per_unit: BTreeMap<i64, StatusCounts> = BTreeMap::new();
        for r in &rows {
            let entry = per_unit.entry(get_i64(r, "lead_unit_id")?).or_default();
            for g in StatusGroup::ALL {
                let n = u64::try_from(get_i64(r, &format!("n_{}", g.as_str()))?).unwrap_or(0);
                if n > 0 {
                    entry.add_group(g, n);
                }
            }
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

/// Tasks completed in one month and how many of them on time (the dashboard's trend).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCompletions {
    /// "YYYY-MM"
    pub month: String,
    pub on_time: u64,
    pub total: u64,
}

impl Store {
    /// Per month of completion between `from` and `to` (inclusive), the tasks completed and
    /// those completed on time — judged, as `status::classify` does, against the deadline in
    /// force on the completion date. Cancelled tasks are left out; months without a completion
    /// are absent. One grouped query, scoped to what the actor may see.
    pub async fn completions_by_month(&self, actor: &Actor, from: Date, to: Date) -> Result<Vec<MonthCompletions>> {
        let key = format!("{}|{from}|{to}", scope_key(actor));
        let version = self.data_version(actor.org_id.get()).await?;
        if let Some(months) = self.caches.months.get(&key, version) {
            return Ok(months);
        }
        let months = self.compute_completions_by_month(actor, from, to).await?;
        self.caches.months.put(key, version, months.clone());
        Ok(months)
    }

    async fn compute_completions_by_month(&self, actor: &Actor, from: Date, to: Date) -> Result<Vec<MonthCompletions>> {
        let mut q = Q::default();
        let (f, t) = (q.arg(from), q.arg(to));
        let scope = task_scope(&mut q, actor, "t");
        let eff = eff_due_sql("t.completed_on");
        q.sql = format!(
            "SELECT substr(x.completed_on, 1, 7) AS m, \
             SUM(CASE WHEN x.eff IS NULL OR x.completed_on <= x.eff THEN 1 ELSE 0 END) AS on_time, COUNT(*) AS n \
             FROM (SELECT t.completed_on, {eff} AS eff FROM tasks t WHERE t.counted = 1 AND t.cancelled_on IS NULL \
             AND t.completed_on IS NOT NULL AND t.completed_on >= {f} AND t.completed_on <= {t}{scope}) x \
             GROUP BY substr(x.completed_on, 1, 7) ORDER BY m"
        );
        q.query()
            .fetch_all(self.r())
            .await?
            .iter()
            .map(|r| {
                Ok(MonthCompletions {
                    month: get_s(r, "m")?,
                    on_time: u64::try_from(get_i64(r, "on_time")?).unwrap_or(0),
                    total: u64::try_from(get_i64(r, "n")?).unwrap_or(0),
                })
            })
            .collect()
    }
}
