//! Shared test harness: databases, an app with the demo directory, and an HTTP client that
//! drives the router in-process (`tower::ServiceExt::oneshot`) and keeps a session cookie
//! and CSRF token like a browser.
#![allow(dead_code)]

pub mod db;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use dondoc_domain::draft::DraftIssue;
use dondoc_domain::ids::UnitId;
use dondoc_web::config::Config;
use dondoc_web::demo::{create_directory, DemoDirectory};
use dondoc_web::demo::{fixes_for, MODEL_DOCUMENT};
use dondoc_web::state::{AppState, Clock};
use serde_json::{json, Value};
use tower::ServiceExt;

pub use db::TestDb;

/// The test's "now": 17/4/2024 10:00 in Hà Nội, three weeks after the model document.
pub fn test_now() -> time::OffsetDateTime {
    time::macros::datetime!(2024-04-17 03:00 UTC)
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub dir: DemoDirectory,
    pub db: TestDb,
}

impl TestApp {
    pub async fn new(db: TestDb) -> TestApp {
        Self::with_config(db, |_| {}).await
    }

    pub async fn with_config(db: TestDb, f: impl FnOnce(&mut Config)) -> TestApp {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
            )
            .with_test_writer()
            .try_init();
        let store =
            dondoc_store::Store::connect(&db.url).await.unwrap_or_else(|e| panic!("connect {}: {e}", db.backend));
        let mut config = Config::for_tests(db.url.clone());
        config.max_body_bytes = 64 * 1024;
        f(&mut config);
        let dir = create_directory(&store, config.password_cost, "").await.expect("demo directory");
        let state = AppState::new(store, config).with_clock(Clock::Fixed(test_now()));
        TestApp { router: dondoc_web::router(state.clone()), state, dir, db }
    }

    pub fn client(&self) -> Client {
        Client { router: self.router.clone(), cookie: None, csrf: None, bearer: None }
    }

    /// A client logged in as a demo account.
    pub async fn login(&self, username: &str) -> Client {
        let mut c = self.client();
        let pw = self.dir.account(username).unwrap_or_else(|| panic!("no account {username}")).password.clone();
        let (st, body) = c.login(username, &pw).await;
        assert_eq!(st, StatusCode::OK, "log-in {username}: {body}");
        c
    }

    pub fn unit(&self, name: &str) -> i64 {
        self.dir.unit(name).unwrap_or_else(|| panic!("no unit {name}")).get()
    }

    /// Number of audit rows: a refused request must not add one.
    pub async fn audit_count(&self) -> usize {
        let admin = self.dir.actor("admin").expect("admin");
        self.state
            .store
            .audit_log(&admin, &dondoc_store::audit::AuditFilter { limit: Some(10_000), ..Default::default() })
            .await
            .expect("audit")
            .len()
    }

    pub async fn finish(self) {
        self.state.store.close().await;
        self.db.cleanup().await;
    }
}

pub struct Client {
    router: Router,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub bytes: Vec<u8>,
}

impl Client {
    pub fn new(router: Router) -> Client {
        Client { router, cookie: None, csrf: None, bearer: None }
    }

    pub async fn login(&mut self, username: &str, password: &str) -> (StatusCode, Value) {
        let r = self
            .send(Method::POST, "/api/session", Some(serde_json::json!({"username": username, "password": password})))
            .await;
        if r.status == StatusCode::OK {
            let set = r.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("Set-Cookie").to_string();
            assert!(set.contains("HttpOnly"), "{set}");
            assert!(set.contains("SameSite=Lax"), "{set}");
            self.cookie = set.split(';').next().map(str::to_string);
            self.csrf = r.body["csrf_token"].as_str().map(str::to_string);
        }
        (r.status, r.body)
    }

    pub fn request(&self, method: Method, path: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(c) = &self.cookie {
            b = b.header(header::COOKIE, c);
        }
        if let Some(t) = &self.csrf {
            b = b.header("x-csrf-token", t);
        }
        if let Some(t) = &self.bearer {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        b
    }

    pub async fn raw(&self, req: Request<Body>) -> Resp {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), 64 << 20).await.expect("body").to_vec();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Resp { status, headers, body, bytes }
    }

    pub async fn send(&self, method: Method, path: &str, json: Option<Value>) -> Resp {
        let b = self.request(method, path);
        let req = match json {
            Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())),
            None => b.body(Body::empty()),
        }
        .expect("request");
        self.raw(req).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, v: Value) -> Resp {
        self.send(Method::POST, path, Some(v)).await
    }

    pub async fn patch(&self, path: &str, v: Value) -> Resp {
        self.send(Method::PATCH, path, Some(v)).await
    }

    pub async fn post_text(&self, path: &str, text: &str) -> Resp {
        let req = self
            .request(Method::POST, path)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(Body::from(text.to_string()))
            .expect("request");
        self.raw(req).await
    }
}

/// Asserts an error response: status, machine code, a Vietnamese message.
#[track_caller]
pub fn assert_error(r: &Resp, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "body: {}", r.body);
    assert_eq!(r.body["code"], code, "body: {}", r.body);
    let msg = r.body["message"].as_str().unwrap_or("");
    assert!(!msg.is_empty(), "error without message: {}", r.body);
}

/// Runs `f` on SQLite, then on PostgreSQL when reachable.
#[macro_export]
macro_rules! on_both_backends {
    ($f:ident) => {{
        $f($crate::common::TestDb::sqlite()).await;
        if let Some(pg) = $crate::common::TestDb::postgres().await {
            $f(pg).await;
        }
    }};
}

/// Imports and confirms the model document as the office; returns (document id, task ids).
pub async fn import_and_confirm(app: &TestApp) -> (i64, Vec<i64>) {
    let office = app.login("vanphong").await;
    let r = office.post_text("/api/documents?file_name=604-KL-HU.txt", MODEL_DOCUMENT).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let doc = r.body["document"]["id"].as_i64().expect("document id");
    assert_eq!(r.body["document"]["symbol"], "604-KL/HU");
    assert_eq!(r.body["document"]["date"], "2024-03-27");
    assert_eq!(r.body["document"]["state"], "draft");
    let proposed = r.body["draft"]["tasks"].as_array().expect("tasks").len();
    assert!(proposed >= 10, "only {proposed} tasks proposed");

    // Nothing is live before confirmation.
    let r = office.get(&format!("/api/tasks?document={doc}")).await;
    assert_eq!(r.body["total"], 0, "{}", r.body);

    // The office fixes what blocks confirmation (unresolved leads → UBND huyện, …).
    let r = office.get(&format!("/api/documents/{doc}/draft")).await;
    assert_eq!(r.status, StatusCode::OK);
    let issues: Vec<DraftIssue> = serde_json::from_value(r.body["issues"].clone()).expect("issues");
    let ubnd = UnitId(app.unit("UBND huyện"));
    let edits = fixes_for(&issues, ubnd);
    if !edits.is_empty() {
        let r = office
            .patch(
                &format!("/api/documents/{doc}/draft"),
                json!({"edits": serde_json::to_value(&edits).expect("edits")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["confirmable"], true, "{}", r.body["issues"]);
    }
    let r = office.post(&format!("/api/documents/{doc}/confirm"), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ids: Vec<i64> =
        r.body["tasks"].as_array().expect("tasks").iter().filter_map(|t| t["task_id"].as_i64()).collect();
    assert!(ids.len() >= 10, "{}", r.body);
    // A second confirmation is refused.
    let r = office.post(&format!("/api/documents/{doc}/confirm"), json!({})).await;
    assert!(r.status.is_client_error(), "{}", r.body);
    (doc, ids)
}

/// The UBND-led task due on 21/4/2024 (the voters' consultation).
pub async fn voters_task(app: &TestApp, doc: i64) -> Value {
    let office = app.login("vanphong").await;
    let r = office.get(&format!("/api/tasks?document={doc}&due_from=2024-04-21&due_to=2024-04-21&per_page=200")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["items"]
        .as_array()
        .and_then(|a| a.iter().find(|t| t["text"].as_str().unwrap_or("").contains("cử tri")))
        .cloned()
        .unwrap_or_else(|| panic!("no task due 2024-04-21 about voters: {}", r.body))
}
