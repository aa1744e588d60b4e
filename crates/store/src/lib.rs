//! dondoc-store: persistence with sqlx over SQLite (default: a file in the data folder, WAL,
//! foreign keys on, one writer connection) and PostgreSQL (when `DATABASE_URL` names one),
//! behind one repository API, [`Store`].
//!
//! The SQL is written once — dates as ISO `YYYY-MM-DD` text, timestamps as RFC 3339 UTC text,
//! numbered `$n` parameters — and run through sqlx's `Any` driver; the few back-end specific
//! statements (migrations, pragmas) sit beside their twins. Migrations for both are embedded
//! and applied at connect.
//!
//! Security lives in the queries: every growing table carries `org_id` and every query filters
//! by it; unit and cadre users read and change only the tasks their unit leads (chủ trì) or
//! coordinates (phối hợp), enforced in SQL. Every mutation takes an [`Actor`] and writes its
//! audit row in the same transaction; `audit_log` rejects UPDATE and DELETE by trigger.

pub mod audit;
pub mod directory;
pub mod documents;
pub mod error;
pub mod extensions;
pub mod progress;
pub mod seed;
mod sql;
pub mod stats;
pub mod tasks;

pub use dondoc_domain::user::Actor;
pub use error::{Result, StoreError};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Connection settings.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Read connections (SQLite) or all connections (PostgreSQL).
    pub max_connections: u32,
    /// How long a SQLite connection waits on a lock before failing.
    pub busy_timeout: Duration,
    /// How long a caller waits for a free connection (the single SQLite writer queues callers).
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: 8,
            busy_timeout: Duration::from_secs(10),
            acquire_timeout: Duration::from_secs(60),
        }
    }
}

/// The repository. Cheap to clone (pools are shared).
#[derive(Debug, Clone)]
pub struct Store {
    read: AnyPool,
    write: AnyPool,
    backend: Backend,
    /// Answers already computed (statistics, short lists, trend), each with the data version
    /// it was computed at.
    caches: stats::Caches,
}

impl Store {
    /// Connects to `sqlite://PATH?mode=rwc` or `postgres://…` and applies the migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        Self::connect_with(url, StoreOptions::default()).await
    }

    /// Like [`Store::connect`], with options.
    pub async fn connect_with(url: &str, opts: StoreOptions) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.split('@').next_back().unwrap_or("").to_string()));
        };
        let options = AnyConnectOptions::from_str(url)?;
        let store = match backend {
            Backend::Sqlite => {
                let busy_ms = opts.busy_timeout.as_millis();
                let pragmas = format!(
                    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {busy_ms}; PRAGMA synchronous = NORMAL;"
                );
                let make = |n: u32| {
                    let p = pragmas.clone();
                    AnyPoolOptions::new()
                        .max_connections(n)
                        .min_connections(0)
                        .acquire_timeout(opts.acquire_timeout)
                        .after_connect(move |conn, _meta| {
                            let p = p.clone();
                            Box::pin(async move {
                                conn.execute(sqlx::raw_sql(&p)).await?;
                                Ok(())
                            })
                        })
                };
                // one writer: concurrent writers queue for it instead of failing with "database is locked"
                let write = make(1).connect_with(options.clone()).await?;
                SQLITE_MIGRATOR.run(&write).await?;
                let read = make(opts.max_connections.max(1)).connect_with(options).await?;
                Store { read, write, backend, caches: stats::Caches::default() }
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(opts.max_connections.max(2))
                    .acquire_timeout(opts.acquire_timeout)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            // the status CASE over correlated subqueries inflates cost estimates;
                            // JIT compilation then costs more than the whole query
                            conn.execute("SET jit = off").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?;
                POSTGRES_MIGRATOR.run(&pool).await?;
                Store { read: pool.clone(), write: pool, backend, caches: stats::Caches::default() }
            }
        };
        tracing::info!(backend = ?store.backend, "store connected, migrations applied");
        Ok(store)
    }

    /// The database behind the store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pools (waits for connections in use).
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }

    /// The pool for reads.
    pub(crate) fn r(&self) -> &AnyPool {
        &self.read
    }

    /// The pool for writes (the single writer on SQLite).
    pub(crate) fn w(&self) -> &AnyPool {
        &self.write
    }

    /// Checks the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }
}

/// The SQL predicate that limits tasks (alias `t`) to what `actor` may see, with its arguments
/// added to `q`: the whole organisation for admin, office and leader; for unit and cadre users
/// the tasks their unit leads or coordinates, and (cadre) those they lead in person.
pub(crate) fn task_scope(q: &mut sql::Q, actor: &Actor, alias: &str) -> String {
    let org = q.arg(actor.org_id.get());
    let mut s = format!(" AND {alias}.org_id = {org}");
    if actor.role.sees_whole_org() {
        return s;
    }
    let mut ors = Vec::new();
    if let Some(u) = actor.unit_id {
        let p = q.arg(u.get());
        ors.push(format!("{alias}.lead_unit_id = {p}"));
        ors.push(format!(
            "EXISTS (SELECT 1 FROM task_coordinators sc WHERE sc.task_id = {alias}.id AND sc.unit_id = {p})"
        ));
    }
    if actor.role == dondoc_domain::user::Role::Cadre {
        if let Some(person) = actor.person_id {
            let p = q.arg(person.get());
            ors.push(format!("{alias}.lead_person_id = {p}"));
        }
    }
    if ors.is_empty() {
        s.push_str(" AND 1 = 0");
    } else {
        s.push_str(&format!(" AND ({})", ors.join(" OR ")));
    }
    s
}
