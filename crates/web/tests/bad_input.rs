//! Bad input: each request gets a clear 4xx JSON error with a Vietnamese message, and
//! nothing changes (the audit log gains no row and the task reads the same).

mod common;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use common::{assert_error, import_and_confirm, voters_task, TestApp, TestDb};
use serde_json::{json, Value};

/// The parts of a task that a refused request must leave alone.
async fn task_state(c: &common::Client, id: i64) -> Value {
    let r = c.get(&format!("/api/tasks/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    json!([
        r.body["text"],
        r.body["lead_unit"],
        r.body["coordinators"],
        r.body["deadline"],
        r.body["state"],
        r.body["latest_percent"],
        r.body["extensions"],
        r.body["progress"]
    ])
}

async fn bad_input(db: TestDb) {
    let backend = db.backend;
    let app = TestApp::new(db).await;
    let (doc, _) = import_and_confirm(&app).await;
    let tid = voters_task(&app, doc).await["id"].as_i64().expect("id");
    let office = app.login("vanphong").await;
    let ubnd = app.login("ubnd").await;
    let anchau = app.login("anchau").await;
    let ubkt_unit = app.unit("Ủy ban Kiểm tra Huyện ủy");
    let ubnd_unit = app.unit("UBND huyện");

    let leader = app.login("lanhdao").await;
    let mut forged = app.login("ubnd").await;
    let before_task = task_state(&office, tid).await;
    let before_audit = app.audit_count().await;
    let docs_before = office.get("/api/documents").await.body["total"].clone();

    // Oversized upload (limit 64 KiB in tests): refused before it is read.
    let big = "Nhiệm vụ. ".repeat(10_000);
    let r = office.post_text("/api/documents", &big).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "request.too_large");
    // Also when the length is not announced (chunked body).
    let req = office
        .request(Method::POST, "/api/documents")
        .header(header::CONTENT_TYPE, "application/json")
        .body(chunked(json!({"text": big}).to_string()))
        .expect("req");
    let r = office.raw(req).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "request.too_large");
    // Not text, and empty.
    let req = office
        .request(Method::POST, "/api/documents")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(vec![0xffu8, 0xfe, 0x00, 0x41]))
        .expect("req");
    assert_error(&office.raw(req).await, StatusCode::BAD_REQUEST, "document.not_utf8");
    assert_error(&office.post_text("/api/documents", "   \n").await, StatusCode::BAD_REQUEST, "document.empty");
    assert_eq!(office.get("/api/documents").await.body["total"], docs_before);

    // Malformed JSON, wrong types, wrong media type.
    let req = ubnd
        .request(Method::POST, &format!("/api/tasks/{tid}/progress"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"percent\": 50, \"narrative\": "))
        .expect("req");
    assert_error(&ubnd.raw(req).await, StatusCode::BAD_REQUEST, "request.malformed_json");
    let r = ubnd.post(&format!("/api/tasks/{tid}/progress"), json!({"percent": "năm mươi", "narrative": "x"})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "request.invalid_json");
    let req = office
        .request(Method::POST, "/api/session")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("username=a&password=b"))
        .expect("req");
    assert_error(&office.raw(req).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "request.unsupported_media_type");
    // Percent out of range, empty narrative, a report dated in the future.
    let r = ubnd.post(&format!("/api/tasks/{tid}/progress"), json!({"percent": 150, "narrative": "x"})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "progress.percent_out_of_range");
    assert_eq!(r.body["field"], "percent");
    let r = ubnd.post(&format!("/api/tasks/{tid}/progress"), json!({"percent": 10, "narrative": "  "})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "progress.narrative_empty");
    let r = ubnd
        .post(
            &format!("/api/tasks/{tid}/progress"),
            json!({"percent": 10, "narrative": "x", "reported_on": "2024-12-01"}),
        )
        .await;
    assert_error(&r, StatusCode::BAD_REQUEST, "progress.in_future");

    // Unknown ids and ids that are not numbers.
    assert_error(&office.get("/api/tasks/987654").await, StatusCode::NOT_FOUND, "not_found");
    assert_error(&office.get("/api/tasks/abc").await, StatusCode::NOT_FOUND, "not_found");
    assert_error(&office.get("/api/tasks/99999999999999999999999").await, StatusCode::NOT_FOUND, "not_found");
    assert_error(&office.get("/api/documents/987654/draft").await, StatusCode::NOT_FOUND, "not_found");
    let r = ubnd.post("/api/tasks/987654/progress", json!({"percent": 10, "narrative": "x"})).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found");
    let r = leader.post("/api/extensions/987654/decision", json!({"grant": true})).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found");
    assert_error(&office.get("/api/nothing-here").await, StatusCode::NOT_FOUND, "request.no_route");

    // Dates: not a date, out of range, range reversed.
    let r =
        ubnd.post(&format!("/api/tasks/{tid}/extensions"), json!({"requested_due": "2024-02-30", "reason": "x"})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "request.bad_date");
    assert_eq!(r.body["field"], "requested_due");
    let r =
        ubnd.post(&format!("/api/tasks/{tid}/extensions"), json!({"requested_due": "3024-01-01", "reason": "x"})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "request.date_out_of_range");
    let r =
        ubnd.post(&format!("/api/tasks/{tid}/extensions"), json!({"requested_due": "2024-04-01", "reason": "x"})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "extension.not_later");
    assert_error(&office.get("/api/tasks?as_of=hôm-nay").await, StatusCode::BAD_REQUEST, "request.bad_date");
    assert_error(
        &office.get("/api/statistics?as_of=1800-01-01").await,
        StatusCode::BAD_REQUEST,
        "request.date_out_of_range",
    );
    assert_error(
        &office.get("/api/tasks?due_from=2024-06-01&due_to=2024-05-01").await,
        StatusCode::BAD_REQUEST,
        "request.bad_range",
    );
    assert_error(&office.get("/api/tasks?status=xong").await, StatusCode::BAD_REQUEST, "request.invalid_query");
    assert_error(&office.get("/api/tasks?per_page=100000").await, StatusCode::BAD_REQUEST, "request.bad_page");
    assert_error(&office.get("/api/tasks?unit=abc").await, StatusCode::BAD_REQUEST, "request.invalid_query");

    // A deadline before the document's date (27/3/2024): on a live task and in a draft.
    let r =
        office.patch(&format!("/api/tasks/{tid}"), json!({"deadline": {"kind": "date", "due": "2024-03-01"}})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "deadline.before_document");
    assert_eq!(r.body["field"], "deadline");
    let r =
        office.patch(&format!("/api/tasks/{tid}"), json!({"deadline": {"kind": "date", "due": "2999-03-01"}})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "request.date_out_of_range");

    // A second lead.
    let r = office.patch(&format!("/api/tasks/{tid}"), json!({"lead_unit": [ubnd_unit, ubkt_unit]})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "task.single_lead");
    // The lead listed again as a coordinator.
    let r = office.patch(&format!("/api/tasks/{tid}"), json!({"coordinators": [ubnd_unit]})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "task.lead_is_coordinator");

    // Forged, missing and other sessions' CSRF tokens.
    forged.csrf = Some("0".repeat(64));
    let r = forged.post(&format!("/api/tasks/{tid}/progress"), json!({"percent": 90, "narrative": "giả mạo"})).await;
    assert_error(&r, StatusCode::FORBIDDEN, "auth.csrf_invalid");
    forged.csrf = None;
    let r = forged.post(&format!("/api/tasks/{tid}/progress"), json!({"percent": 90, "narrative": "giả mạo"})).await;
    assert_error(&r, StatusCode::FORBIDDEN, "auth.csrf_invalid");
    forged.csrf = ubnd.csrf.clone(); // a valid token of another session
    let r = forged.post(&format!("/api/tasks/{tid}/progress"), json!({"percent": 90, "narrative": "giả mạo"})).await;
    assert_error(&r, StatusCode::FORBIDDEN, "auth.csrf_invalid");
    // A forged session cookie.
    let mut stranger = app.client();
    stranger.cookie = Some(format!("dondoc_session={}", "a".repeat(64)));
    assert_error(&stranger.get("/api/tasks").await, StatusCode::UNAUTHORIZED, "auth.unauthenticated");

    // Another unit's task id: invisible (404), and nothing changes.
    let r = anchau
        .post(&format!("/api/tasks/{tid}/progress"), json!({"percent": 90, "narrative": "không phải việc của tôi"}))
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found");
    assert_error(&anchau.get(&format!("/api/tasks/{tid}")).await, StatusCode::NOT_FOUND, "not_found");
    let r = anchau
        .post(&format!("/api/tasks/{tid}/extensions"), json!({"requested_due": "2024-06-30", "reason": "x"}))
        .await;
    assert_error(&r, StatusCode::NOT_FOUND, "not_found");

    // Log-in: wrong password, unknown user, then throttled.
    let mut c = app.client();
    for _ in 0..5 {
        let (st, body) = c.login("ubkt", "sai-mat-khau").await;
        assert_eq!(st, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["code"], "auth.bad_credentials");
    }
    let pw = app.dir.account("ubkt").expect("ubkt").password.clone();
    let (st, body) = c.login("ubkt", &pw).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["code"], "auth.throttled");
    let (st, body) = c.login("không-có-ai", "x").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "{body}");

    // Nothing changed: the task reads the same and no audit row was written
    // (log-ins that succeeded above wrote theirs before the snapshot).
    assert_eq!(task_state(&office, tid).await, before_task, "{backend}");
    assert_eq!(app.audit_count().await, before_audit, "{backend}");
    eprintln!("bad input on {backend}: ok");
    app.finish().await;
}

/// A body without Content-Length (sent as a stream).
fn chunked(s: String) -> Body {
    Body::from_stream(futures_util::stream::once(async move { Ok::<_, std::io::Error>(axum::body::Bytes::from(s)) }))
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    on_both_backends!(bad_input);
}
