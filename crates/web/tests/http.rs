//! HTTP plumbing: cookies over TLS, request ids, security headers, health when the database
//! is gone, attachments (upload, download, scope), and garbage that must never give a 5xx.

mod common;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use common::{import_and_confirm, voters_task, TestApp, TestDb};

#[tokio::test]
async fn cookies_headers_request_ids() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let c = app.client();
    let pw = app.dir.account("vanphong").expect("office").password.clone();
    // Behind a TLS proxy the cookie is Secure.
    let req = c
        .request(Method::POST, "/api/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-proto", "https")
        .header("x-request-id", "thu-nghiem-123")
        .body(Body::from(serde_json::json!({"username": "vanphong", "password": pw}).to_string()))
        .expect("req");
    let r = c.raw(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = r.headers[header::SET_COOKIE].to_str().expect("ascii");
    assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly"), "{cookie}");
    assert_eq!(r.headers["x-request-id"], "thu-nghiem-123");
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(r.headers[header::X_FRAME_OPTIONS], "DENY");
    // A request id is made when none is given.
    let r = c.get("/healthz").await;
    assert!(r.headers["x-request-id"].to_str().expect("ascii").len() >= 32);
    // Metrics in the Prometheus text format.
    let r = c.get("/metrics").await;
    assert!(r.headers[header::CONTENT_TYPE].to_str().expect("ascii").starts_with("text/plain"));
    let text = String::from_utf8_lossy(&r.bytes).to_string();
    assert!(text.contains("# TYPE dondoc_http_requests_total counter"));
    assert!(text.contains("dondoc_http_request_duration_seconds_bucket"));
    // Health reports a database that went away.
    app.state.store.close().await;
    let r = c.get("/healthz").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    app.finish().await;
}

#[tokio::test]
async fn attachments_upload_download_and_scope() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let (doc, _) = import_and_confirm(&app).await;
    let tid = voters_task(&app, doc).await["id"].as_i64().expect("id");
    let ubnd = app.login("ubnd").await;
    let boundary = "ranh-gioi-7d3";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n\
         {{\"percent\": 50, \"narrative\": \"Kèm biên bản họp.\", \"reported_on\": \"2024-04-16\"}}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bien-ban.txt\"\r\nContent-Type: text/html\r\n\r\n\
         <script>alert(1)</script> Biên bản\r\n--{b}--\r\n",
        b = boundary
    );
    let req = ubnd
        .request(Method::POST, &format!("/api/tasks/{tid}/progress"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .expect("req");
    let r = ubnd.raw(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["attachments"], 1);
    let report = r.body["id"].as_i64().expect("report id");
    let r = ubnd.get(&format!("/api/reports/{report}/attachments/0")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&r.bytes).contains("Biên bản"));
    // Served as a download, never rendered.
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/octet-stream");
    assert!(r.headers[header::CONTENT_DISPOSITION].to_str().expect("ascii").starts_with("attachment"));
    let r = ubnd.get(&format!("/api/reports/{report}/attachments/5")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Another unit cannot fetch it.
    let other = app.login("ubkt").await;
    let r = other.get(&format!("/api/reports/{report}/attachments/0")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // A multipart report without its JSON part.
    let req = ubnd
        .request(Method::POST, &format!("/api/tasks/{tid}/progress"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(format!("--{boundary}--\r\n")))
        .expect("req");
    let r = ubnd.raw(req).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    app.finish().await;
}

/// A small deterministic generator (no external crate): xorshift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[tokio::test]
async fn garbage_never_gives_a_server_error() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let (doc, _) = import_and_confirm(&app).await;
    let tid = voters_task(&app, doc).await["id"].as_i64().expect("id");
    let clients = [app.login("vanphong").await, app.login("ubnd").await, app.client()];
    let paths = [
        "/api/session".to_string(),
        "/api/documents".to_string(),
        format!("/api/documents/{doc}/draft"),
        format!("/api/documents/{doc}/confirm"),
        format!("/api/tasks/{tid}"),
        format!("/api/tasks/{tid}/progress"),
        format!("/api/tasks/{tid}/extensions"),
        format!("/api/tasks/{tid}/acceptance"),
        "/api/extensions/1/decision".to_string(),
        "/api/users".to_string(),
        "/api/units".to_string(),
        "/api/tokens".to_string(),
    ];
    let samples = [
        "",
        "{",
        "null",
        "[]",
        "{\"edits\": [{\"op\": \"split\", \"key\": 1, \"parts\": []}]}",
        "{\"edits\": [{\"op\": \"merge\", \"keys\": [1]}]}",
        "{\"edits\": [{\"op\": \"set_deadline\", \"key\": 4294967295, \"deadline\": {\"kind\": \"recurring\"}}]}",
        "{\"percent\": -1, \"narrative\": \"x\"}",
        "{\"percent\": 9223372036854775807, \"narrative\": \"x\"}",
        "{\"requested_due\": \"9999-99-99\", \"reason\": \"x\"}",
        "{\"grant\": \"có\"}",
        "{\"deadline\": {\"kind\": \"month\"}}",
        "{\"lead_unit\": -5}",
        "{\"username\": \"\\u0000\", \"password\": \"\"}",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut n = 0;
    for c in &clients {
        for p in &paths {
            for m in [Method::POST, Method::PATCH, Method::PUT, Method::DELETE] {
                let mut bodies: Vec<Vec<u8>> = samples.iter().map(|s| s.as_bytes().to_vec()).collect();
                let len = (rng.next() % 300) as usize;
                bodies.push(rng.bytes(len));
                for b in bodies {
                    let req = c
                        .request(m.clone(), p)
                        .header(header::CONTENT_TYPE, "application/json")
                        .body(Body::from(b))
                        .expect("req");
                    let r = c.raw(req).await;
                    n += 1;
                    assert!(r.status.is_client_error() || r.status.is_success(), "{m} {p}: {} {}", r.status, r.body);
                    if r.status.is_client_error() {
                        assert!(
                            r.body["code"].is_string(),
                            "{m} {p}: not a JSON error: {:?}",
                            String::from_utf8_lossy(&r.bytes)
                        );
                    }
                }
            }
        }
    }
    assert!(n > 1000);
    app.finish().await;
}

#[tokio::test]
async fn every_described_operation_is_routed() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let c = app.login("vanphong").await;
    for op in dondoc_web::openapi::operations() {
        let path = op.path.replace("{id}", "1").replace("{n}", "0");
        let method = Method::from_bytes(op.method.to_uppercase().as_bytes()).expect("method");
        let r = c.send(method, &path, None).await;
        assert_ne!(r.body["code"], "request.no_route", "{} {}", op.method, op.path);
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{} {}", op.method, op.path);
        assert!(!r.status.is_server_error(), "{} {}: {}", op.method, op.path, r.body);
    }
    app.finish().await;
}
