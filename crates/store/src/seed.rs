//! A data generator for benchmarks and load tests: units, users, a document, `n_tasks` tasks
//! with varied deadlines, states, coordinators and extensions, and `n_reports` progress
//! reports, inserted with multi-row statements in large transactions so that 100,000 tasks
//! and 1,000,000 reports load in well under a minute on SQLite. Deterministic for a seed.
//!
//! Generated rows are bench fixtures: one audit row records the seeding, not each row.

use crate::audit;
use crate::error::Result;
use crate::sql::{get_i64, now_text, Q};
use crate::tasks::fold_search;
use crate::Store;
use dondoc_domain::dates::{add_days, iso};
use dondoc_domain::ids::{OrgId, UnitId, UserId};
use serde_json::json;
use sqlx::Executor;
use time::Date;

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    pub units: Vec<UnitId>,
    pub office_user: UserId,
    pub unit_users: Vec<(UserId, UnitId)>,
    pub first_task_id: i64,
    pub tasks: usize,
    pub reports: usize,
}

/// Options of the generator.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub n_units: usize,
    pub n_tasks: usize,
    pub n_reports: usize,
    /// The date the data set is "as of": deadlines spread around it.
    pub today: Date,
    pub seed: u64,
}

/// A small fast PRNG (splitmix64), so the generator needs no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

const WORDS: &[&str] = &[
    "giải ngân",
    "vốn đầu tư công",
    "đơn thư",
    "giải phóng mặt bằng",
    "nông thôn mới",
    "xóa nhà tạm",
    "đất đai",
    "khoáng sản",
    "quản lý rừng",
    "thu ngân sách",
    "cán bộ",
    "lò đốt rác",
    "nước sạch",
    "du lịch cộng đồng",
    "bảo hiểm xã hội",
];

/// Generates the data set `n_tasks`/`n_reports` in organisation `org` (which must exist).
pub async fn generate(store: &Store, org: OrgId, n_tasks: usize, n_reports: usize, today: Date) -> Result<Seeded> {
    generate_with(store, org, &SeedOptions { n_units: 60, n_tasks, n_reports, today, seed: 42 }).await
}

/// Like [`generate`], with options.
pub async fn generate_with(store: &Store, org: OrgId, o: &SeedOptions) -> Result<Seeded> {
    let mut rng = Rng(o.seed);
    let now = now_text();
    let o_id = org.get();
    let mut tx = store.w().begin().await?;
    // units and users
    let mut units = Vec::with_capacity(o.n_units);
    for i in 0..o.n_units.max(1) {
        let mut q = Q::default();
        let ps = [q.arg(o_id), q.arg(format!("Đơn vị {}", i + 1)), q.arg(now.clone())];
        q.sql = format!(
            "INSERT INTO units (org_id, name, active, created_at) VALUES ({}, {}, 1, {}) RETURNING id",
            ps[0], ps[1], ps[2]
        );
        units.push(UnitId(get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?));
    }
    let stamp = rng.next() % 1_000_000_000;
    let new_user = |name: String, role: &'static str, unit: Option<UnitId>| {
        let mut q = Q::default();
        let ps = [
            q.arg(o_id),
            q.arg(name.clone()),
            q.arg(name),
            q.arg("!seed"),
            q.arg(role),
            q.arg(unit.map(|u| u.get())),
            q.arg(now.clone()),
        ];
        q.sql = format!(
            "INSERT INTO users (org_id, username, display_name, password_hash, role, unit_id, active, created_at) VALUES ({}, 1, {}) RETURNING id",
            ps[..6].join(", "),
            ps[6]
        );
        q
    };
    let q = new_user(format!("seed-office-{o_id}-{stamp}"), "office", None);
    let office = UserId(get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?);
    let mut unit_users = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let q = new_user(format!("seed-unit-{o_id}-{stamp}-{i}"), "unit", Some(*u));
        unit_users.push((UserId(get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?), *u));
    }
    let mut q = Q::default();
    let ps = [
        q.arg(o_id),
        q.arg(format!("{stamp}-KL/HU")),
        q.arg(add_days(o.today, -400)),
        q.arg(office.get()),
        q.arg(now.clone()),
    ];
    q.sql = format!(
        "INSERT INTO documents (org_id, symbol, doc_date, created_by, created_at, state, kind, kind_name, body) \
         VALUES ({}, {}, {}, {}, {}, 'confirmed', 'KL', 'Kết luận', '') RETURNING id",
        ps[0], ps[1], ps[2], ps[3], ps[4]
    );
    let doc = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
    tx.commit().await?;

    // tasks, in batches
    let mut first_task_id = None;
    let mut task_ids: Vec<(i64, UnitId, UserId, Option<Date>)> = Vec::with_capacity(o.n_tasks);
    let batch = 400;
    let mut done = 0;
    while done < o.n_tasks {
        let n = batch.min(o.n_tasks - done);
        let mut tx = store.w().begin().await?;
        let mut q = Q::default();
        let mut rows = Vec::with_capacity(n);
        let mut meta = Vec::with_capacity(n);
        for k in 0..n {
            let i = done + k;
            let ui = rng.below(units.len() as u64) as usize;
            let unit = units[ui];
            let assigned = add_days(o.today, -(rng.below(400) as i64));
            let kind_roll = rng.below(100);
            let (kind, due) = if kind_roll < 8 {
                ("none", None)
            } else {
                ("date", Some(add_days(assigned, rng.below(240) as i64 + 1)))
            };
            let state_roll = rng.below(100);
            let (state, completed, cancelled) = match (state_roll, due) {
                (0..=39, Some(d)) if d <= add_days(o.today, 30) => {
                    let c = add_days(d, rng.below(20) as i64 - 12).max(assigned).min(o.today);
                    ("done", Some(c), None)
                }
                (40..=42, _) => ("cancelled", None, Some(add_days(assigned, 3).min(o.today))),
                _ => ("open", None, None),
            };
            let text = format!(
                "Nhiệm vụ {} về {} năm {}",
                i + 1,
                WORDS[rng.below(WORDS.len() as u64) as usize],
                o.today.year()
            );
            let ps = [
                q.arg(o_id),
                q.arg(doc),
                q.arg(text.clone()),
                q.arg(fold_search(&text)),
                q.arg(unit.get()),
                q.arg(kind),
                q.arg(due),
                q.arg(state),
                q.arg(completed),
                q.arg(cancelled),
                q.arg(assigned),
                q.arg(due),
                q.arg(now.clone()),
            ];
            rows.push(format!(
                "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, 1, '[]', '[]', {}, {})",
                ps[0], ps[1], ps[2], ps[3], ps[4], ps[5], ps[6], ps[7], ps[8], ps[9], ps[10], ps[11], ps[12], ps[12]
            ));
            meta.push((unit, unit_users[ui].0, due));
        }
        q.sql = format!(
            "INSERT INTO tasks (org_id, document_id, body, search_text, lead_unit_id, deadline_kind, due, state, completed_on, cancelled_on, \
             assigned_on, effective_due, counted, targets_json, references_json, created_at, updated_at) VALUES {} RETURNING id",
            rows.join(", ")
        );
        let ids = q.query().fetch_all(&mut *tx).await?;
        let mut coord_rows = Vec::new();
        let mut cq = Q::default();
        for (r, (unit, user, due)) in ids.iter().zip(meta) {
            let id = get_i64(r, "id")?;
            first_task_id.get_or_insert(id);
            task_ids.push((id, unit, user, due));
            if rng.below(5) == 0 {
                let c = units[rng.below(units.len() as u64) as usize];
                if c != unit {
                    let ps = [cq.arg(o_id), cq.arg(id), cq.arg(c.get())];
                    coord_rows.push(format!("({})", ps.join(", ")));
                }
            }
        }
        if !coord_rows.is_empty() {
            cq.sql =
                format!("INSERT INTO task_coordinators (org_id, task_id, unit_id) VALUES {}", coord_rows.join(", "));
            cq.query().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        done += n;
    }

    // a few granted extensions (about 2% of tasks with a deadline), 30 days later than the original
    let mut picks: Vec<(i64, UserId, Date, Date)> = Vec::new();
    for (id, _, user, due) in &task_ids {
        if let Some(d) = due {
            if rng.below(50) == 0 {
                picks.push((*id, *user, *d, add_days(o.today, -(rng.below(60) as i64))));
            }
        }
    }
    for chunk in picks.chunks(300) {
        let mut tx = store.w().begin().await?;
        let mut q = Q::default();
        let mut rows = Vec::new();
        for (id, user, due, decided) in chunk {
            let ps =
                [q.arg(o_id), q.arg(*id), q.arg(*decided), q.arg(user.get()), q.arg(*due), q.arg(add_days(*due, 30))];
            rows.push(format!(
                "({}, {}, {}, {}, {}, {}, 'Gia hạn (dữ liệu thử)', 'granted', {}, {}, '{now}')",
                ps[0], ps[1], ps[2], ps[3], ps[4], ps[5], ps[3], ps[2]
            ));
        }
        q.sql = format!(
            "INSERT INTO extensions (org_id, task_id, requested_on, requested_by, previous_due, requested_due, reason, decision, decided_by, decided_on, created_at) VALUES {}",
            rows.join(", ")
        );
        q.query().execute(&mut *tx).await?;
        tx.commit().await?;
    }
    denormalise_extensions(store, o_id).await?;

    // progress reports: literal values (all generated here, never from outside), unprepared
    // multi-row statements, many statements per transaction
    let mut written = 0;
    let per_statement = 2_000;
    let per_tx = 100_000;
    let dates: Vec<String> = (0..365).map(|k| iso(add_days(o.today, -k))).collect();
    while written < o.n_reports && !task_ids.is_empty() {
        let mut tx = store.w().begin().await?;
        let tx_end = (written + per_tx).min(o.n_reports);
        while written < tx_end {
            let n = per_statement.min(tx_end - written);
            let mut sql = String::with_capacity(n * 96 + 200);
            sql.push_str(
                "INSERT INTO progress_reports (org_id, task_id, reported_by, reported_on, percent, narrative, figures_json, marks_completion, created_at) VALUES ",
            );
            for k in 0..n {
                let (id, _, user, _) = task_ids[rng.below(task_ids.len() as u64) as usize];
                let day = &dates[rng.below(365) as usize];
                let percent = rng.below(101);
                if k > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "({o_id}, {id}, {}, '{day}', {percent}, 'Báo cáo tiến độ (dữ liệu thử)', '[]', 0, '{now}')",
                    user.get()
                ));
            }
            tx.execute(sqlx::raw_sql(&sql)).await?;
            written += n;
        }
        tx.commit().await?;
    }
    // PostgreSQL: fresh planner statistics after a bulk load (SQLite plans these queries
    // from the index shapes alone, and better without sqlite_stat1)
    if store.backend() == crate::Backend::Postgres {
        store.w().execute("ANALYZE").await?;
    }
    let mut tx = store.w().begin().await?;
    audit::write(
        &mut tx,
        Some(o_id),
        None,
        "seed",
        None,
        "generate",
        None,
        Some(&json!({"tasks": o.n_tasks, "reports": written, "units": units.len()})),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(tasks = o.n_tasks, reports = written, "seed generated");
    Ok(Seeded {
        units,
        office_user: office,
        unit_users,
        first_task_id: first_task_id.unwrap_or(0),
        tasks: o.n_tasks,
        reports: written,
    })
}

async fn denormalise_extensions(store: &Store, org: i64) -> Result<()> {
    let mut tx = store.w().begin().await?;
    let mut q = Q::default();
    let a = q.arg(org);
    q.sql = format!(
        "UPDATE tasks SET effective_due = (SELECT e.requested_due FROM extensions e WHERE e.task_id = tasks.id AND e.decision = 'granted' ORDER BY e.decided_on DESC, e.id DESC LIMIT 1), \
         ext_granted_on = (SELECT e.decided_on FROM extensions e WHERE e.task_id = tasks.id AND e.decision = 'granted' ORDER BY e.decided_on DESC, e.id DESC LIMIT 1) \
         WHERE org_id = {a} AND id IN (SELECT task_id FROM extensions WHERE org_id = {a} AND decision = 'granted')"
    );
    q.query().execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
