//! Test harness: the same suite on SQLite (always, in a temp dir) and on PostgreSQL (when
//! reachable at `DONDOC_TEST_PG`, default `postgres://postgres@127.0.0.1:5432/postgres`; each
//! test in a fresh database `dondoc_t_<random>`, dropped after). Without a server the
//! PostgreSQL half prints "skipping PostgreSQL tests: …" and passes — unless `CI` is set,
//! then it fails.
#![allow(dead_code)]

use dondoc_domain::ids::{OrgId, PersonId, UnitId, UserId};
use dondoc_domain::user::{Actor, Role};
use dondoc_store::directory::{NewPerson, NewUnit, NewUser};
use dondoc_store::Store;
use sqlx::Connection;
use std::sync::atomic::{AtomicU64, Ordering};

pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// Closes the store; the PostgreSQL database is dropped by `Drop` (also when a test panics).
    pub async fn finish(self) {
        self.store.close().await;
    }

    /// A raw connection, for what the API must not allow (e.g. tampering with the audit log).
    pub async fn raw(&self) -> sqlx::AnyConnection {
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect(&self.url).await.unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // a thread of its own: Drop may run inside (or outside) a runtime
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
                rt.block_on(async {
                    if let Ok(mut c) = sqlx::postgres::PgConnection::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut c).await;
                    }
                });
            })
            .join();
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("dondoc.db").display());
    let store = Store::connect(&url).await.unwrap();
    TestDb { store, url, _dir: Some(dir), pg: None }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn random_suffix() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{}_{}_{}", std::process::id(), nanos % 1_000_000_000_000, COUNTER.fetch_add(1, Ordering::Relaxed))
}

pub async fn postgres() -> Option<TestDb> {
    let admin =
        std::env::var("DONDOC_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut conn = match sqlx::postgres::PgConnection::connect(&admin).await {
        Ok(c) => c,
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!("PostgreSQL unreachable at {admin} and CI is set: {e}");
            }
            eprintln!("skipping PostgreSQL tests: cannot connect to {admin}: {e}");
            return None;
        }
    };
    let name = format!("dondoc_t_{}", random_suffix());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    conn.close().await.ok();
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin.clone());
    let url = format!("{base}/{name}");
    let store = Store::connect(&url).await.unwrap();
    Some(TestDb { store, url, _dir: None, pg: Some((admin, name)) })
}

/// Runs `$f(store, db)` as two tests: `sqlite` and `postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $f:path) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let db = $crate::common::sqlite().await;
                $f(&db).await;
                db.finish().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if let Some(db) = $crate::common::postgres().await {
                    $f(&db).await;
                    db.finish().await;
                }
            }
        }
    };
}

/// A small organisation: the directory of the model document and one user per role.
pub struct Fixture {
    pub org: OrgId,
    pub admin: Actor,
    pub office: Actor,
    pub leader: Actor,
    /// UBND huyện (leads most tasks).
    pub ubnd: UnitId,
    pub ubnd_user: Actor,
    /// Phòng Tài nguyên và Môi trường (a coordinator).
    pub tnmt: UnitId,
    pub tnmt_user: Actor,
    /// Ủy ban Kiểm tra Huyện ủy (neither).
    pub ubkt: UnitId,
    pub ubkt_user: Actor,
    pub vp: UnitId,
    /// A cadre of UBND who leads in person.
    pub cadre: Actor,
    pub cadre_person: PersonId,
    /// Another cadre of UBND.
    pub cadre2: Actor,
}

fn actor(org: OrgId, id: UserId, role: Role, unit: Option<UnitId>, person: Option<PersonId>) -> Actor {
    Actor { org_id: org, user_id: id, role, unit_id: unit, person_id: person }
}

pub async fn fixture(store: &Store, tag: &str) -> Fixture {
    let org = store.create_organisation(&format!("Huyện ủy Sơn Động {tag}"), Some("HU"), true).await.unwrap().id;
    let user = |name: &str, role: Role, unit: Option<UnitId>, person: Option<PersonId>| NewUser {
        username: format!("{name}-{tag}"),
        display_name: name.to_string(),
        password_hash: "$argon2id$fake".into(),
        role,
        unit_id: unit,
        person_id: person,
    };
    let admin_id = store.create_user(None, org, &user("admin", Role::Admin, None, None)).await.unwrap();
    let admin = actor(org, admin_id, Role::Admin, None, None);
    let hu = store
        .create_unit(&admin, &NewUnit { parent_id: None, name: "Huyện ủy".into(), aliases: vec![] })
        .await
        .unwrap();
    let ubkt = store
        .create_unit(&admin, &NewUnit { parent_id: Some(hu), name: "Ủy ban Kiểm tra Huyện ủy".into(), aliases: vec![] })
        .await
        .unwrap();
    let vp = store
        .create_unit(&admin, &NewUnit { parent_id: Some(hu), name: "Văn phòng Huyện ủy".into(), aliases: vec![] })
        .await
        .unwrap();
    let ubnd = store
        .create_unit(
            &admin,
            &NewUnit {
                parent_id: None, name: "Ủy ban nhân dân huyện".into(), aliases: vec!["UBND huyện".into()]
            },
        )
        .await
        .unwrap();
    let tnmt = store
        .create_unit(
            &admin,
            &NewUnit {
                parent_id: Some(ubnd),
                name: "Phòng Tài nguyên và Môi trường".into(),
                aliases: vec!["Phòng TN&MT".into()],
            },
        )
        .await
        .unwrap();
    let p1 = store
        .create_person(
            &admin,
            &NewPerson {
                full_name: "Nguyễn Văn A".into(),
                unit_id: Some(ubnd),
                post: Some("Chủ tịch UBND huyện".into()),
            },
        )
        .await
        .unwrap();
    let p2 = store
        .create_person(&admin, &NewPerson { full_name: "Trần Thị B".into(), unit_id: Some(ubnd), post: None })
        .await
        .unwrap();
    let mk = |name: &str, role: Role, unit: Option<UnitId>, person: Option<PersonId>| {
        let u = user(name, role, unit, person);
        async move {
            let id = store.create_user(Some(&admin), org, &u).await.unwrap();
            actor(org, id, role, unit, person)
        }
    };
    Fixture {
        org,
        admin,
        office: mk("office", Role::Office, None, None).await,
        leader: mk("leader", Role::Leader, None, None).await,
        ubnd,
        ubnd_user: mk("ubnd", Role::Unit, Some(ubnd), None).await,
        tnmt,
        tnmt_user: mk("tnmt", Role::Unit, Some(tnmt), None).await,
        ubkt,
        ubkt_user: mk("ubkt", Role::Unit, Some(ubkt), None).await,
        vp,
        cadre: mk("cadre", Role::Cadre, Some(ubnd), Some(p1)).await,
        cadre_person: p1,
        cadre2: mk("cadre2", Role::Cadre, Some(ubnd), Some(p2)).await,
    }
}
