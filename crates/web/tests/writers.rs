//! 32 clients post progress reports at once over real HTTP — a listener on 127.0.0.1:0, one
//! TCP connection per request — half with an API token, half with a session of their own
//! (cookie + CSRF). Asserts: no 5xx, no "database is locked" anywhere in a response, every
//! request acknowledged with 201, and exactly as many reports (and audit rows) stored as
//! acknowledged. The store has the same test below HTTP; this one adds the session and token
//! look-ups, the log-ins and the handler path under contention on SQLite's single writer.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::{import_and_confirm, TestApp, TestDb};
use dondoc_store::audit::AuditFilter;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CLIENTS: usize = 32;
const REPORTS_PER_CLIENT: usize = 10;

/// A response read off the wire.
struct Wire {
    status: u16,
    head: String,
    body: String,
}

impl Wire {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One HTTP/1.1 request on its own connection (`Connection: close`, read to the end).
async fn call(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&Value>) -> Wire {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(req.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), s.read_to_end(&mut raw))
        .await
        .expect("answer in time")
        .expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let head = head.to_string();
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { dechunk(body) } else { body.to_string() };
    Wire { status, head, body }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// Logs in over the wire; returns (cookie, CSRF token).
async fn login(addr: SocketAddr, username: &str, password: &str) -> (String, String) {
    let r = call(addr, "POST", "/api/session", &[], Some(&json!({"username": username, "password": password}))).await;
    assert_eq!(r.status, 200, "log-in {username}: {}", r.body);
    let cookie = r.header("set-cookie").and_then(|c| c.split(';').next()).expect("Set-Cookie").to_string();
    let csrf = r.json()["csrf_token"].as_str().expect("csrf_token").to_string();
    (cookie, csrf)
}

async fn writers(db: TestDb) {
    let backend = db.backend;
    let app = TestApp::new(db).await;
    let (doc, _) = import_and_confirm(&app).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = app.router.clone();
    let server =
        tokio::spawn(
            async move { axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await },
        );

    // The UBND's open tasks of the document, and a token for half of the clients.
    let password = app.dir.account("ubnd").expect("ubnd").password.clone();
    let (cookie, csrf) = login(addr, "ubnd", &password).await;
    let ubnd = app.unit("UBND huyện");
    let r = call(
        addr,
        "GET",
        &format!("/api/tasks?document={doc}&unit={ubnd}&per_page=200"),
        &[("Cookie", cookie.as_str())],
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let tasks: Vec<i64> = r.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|t| t["state"] == "open")
        .filter_map(|t| t["id"].as_i64())
        .take(8)
        .collect();
    assert!(tasks.len() >= 4, "too few UBND tasks: {}", r.body);
    let r = call(
        addr,
        "POST",
        "/api/tokens",
        &[("Cookie", cookie.as_str()), ("X-CSRF-Token", csrf.as_str())],
        Some(&json!({"name": "writers"})),
    )
    .await;
    assert!(r.status == 200 || r.status == 201, "{}", r.body);
    let token = r.json()["token"].as_str().expect("token").to_string();

    let stored = |tasks: Vec<i64>, cookie: String| async move {
        let mut n = 0;
        for t in tasks {
            let r = call(addr, "GET", &format!("/api/tasks/{t}/progress"), &[("Cookie", cookie.as_str())], None).await;
            assert_eq!(r.status, 200, "{}", r.body);
            n += r.json()["total"].as_u64().expect("total");
        }
        n
    };
    let admin = app.dir.actor("admin").expect("admin");
    let audit_filter = AuditFilter { entity: Some("progress_report".into()), ..Default::default() };
    let audit_before = app.state.store.audit_count(&admin, &audit_filter).await.expect("audit count");
    let before = stored(tasks.clone(), cookie.clone()).await;

    // All clients start together.
    let gate = std::sync::Arc::new(tokio::sync::Barrier::new(CLIENTS));
    let mut handles = Vec::new();
    for client in 0..CLIENTS {
        let gate = gate.clone();
        let token = token.clone();
        let password = password.clone();
        let tasks = tasks.clone();
        handles.push(tokio::spawn(async move {
            let auth: Vec<(&str, String)> = if client % 2 == 0 {
                vec![("Authorization", format!("Bearer {token}"))]
            } else {
                let (cookie, csrf) = login(addr, "ubnd", &password).await;
                vec![("Cookie", cookie), ("X-CSRF-Token", csrf)]
            };
            let headers: Vec<(&str, &str)> = auth.iter().map(|(k, v)| (*k, v.as_str())).collect();
            gate.wait().await;
            let mut answers = Vec::new();
            for k in 0..REPORTS_PER_CLIENT {
                let task = tasks[(client + k) % tasks.len()];
                let body =
                    json!({"percent": (client * 3 + k) % 100, "narrative": format!("Khách {client}, báo cáo {k}")});
                let r = call(addr, "POST", &format!("/api/tasks/{task}/progress"), &headers, Some(&body)).await;
                answers.push((r.status, r.body));
            }
            answers
        }));
    }
    let mut acked = 0u64;
    let mut refused = Vec::new();
    for h in handles {
        for (status, body) in h.await.expect("client") {
            assert!(status < 500, "{backend}: server error {status}: {body}");
            assert!(!body.to_lowercase().contains("locked"), "{backend}: {body}");
            if (200..300).contains(&status) {
                acked += 1;
            } else {
                refused.push(format!("{status} {body}"));
            }
        }
    }
    assert!(refused.is_empty(), "{backend}: refused: {refused:?}");
    assert_eq!(acked, (CLIENTS * REPORTS_PER_CLIENT) as u64, "{backend}");
    let after = stored(tasks.clone(), cookie.clone()).await;
    assert_eq!(after - before, acked, "{backend}: reports stored vs acknowledged");
    let audit_after = app.state.store.audit_count(&admin, &audit_filter).await.expect("audit count");
    assert_eq!((audit_after - audit_before) as u64, acked, "{backend}: one audit row per report");

    server.abort();
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_writers_over_http() {
    on_both_backends!(writers);
}
