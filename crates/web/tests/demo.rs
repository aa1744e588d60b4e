//! `--demo`: the organisation is created once, every status appears, the accounts can log in.

mod common;

use axum::http::StatusCode;
use common::TestDb;
use dondoc_web::config::{Config, PasswordCost};
use dondoc_web::state::{AppState, Clock};

async fn demo(db: TestDb) {
    let backend = db.backend;
    let store = dondoc_store::Store::connect(&db.url).await.expect("connect");
    let today = Clock::System.today();
    let dir =
        dondoc_web::demo::seed(&store, PasswordCost::Test, today).await.expect("seed").expect("created the first time");
    assert!(dondoc_web::demo::seed(&store, PasswordCost::Test, today).await.expect("seed again").is_none());
    let text = dondoc_web::demo::credentials_text(&dir);
    for a in &dir.accounts {
        assert!(text.contains(&a.password));
    }
    assert_eq!(dir.accounts.len(), 7);

    let state = AppState::new(store.clone(), Config::for_tests(db.url.clone()));
    let app = dondoc_web::router(state);
    let mut c = common_client(app);
    let pw = dir.account("lanhdao").expect("leader").password.clone();
    let (st, body) = c.login("lanhdao", &pw).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let r = c.get("/api/statistics").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let t = &r.body["totals"];
    for k in ["done_on_time", "done_late", "open_in_time", "open_overdue", "due_soon", "no_deadline", "cancelled"] {
        assert!(t[k].as_u64().unwrap_or(0) >= 1, "{backend}: no {k} in {t}");
    }
    let r = c.get("/api/extensions").await;
    assert!(r.body["total"].as_u64().unwrap_or(0) >= 1, "a pending extension");
    let r = c.get("/api/tasks?per_page=200").await;
    assert!(r.body["items"].as_array().expect("items").iter().any(|t| t["state"] == "completion_reported"));
    eprintln!("demo on {backend}: ok");
    store.close().await;
    db.cleanup().await;
}

fn common_client(router: axum::Router) -> common::Client {
    common::Client::new(router)
}

#[tokio::test]
async fn demo_seed_is_idempotent_and_shows_every_status() {
    on_both_backends!(demo);
}
