//! The whole flow through HTTP, on SQLite and (when reachable) PostgreSQL: the office logs
//! in, imports the model document, fixes and confirms the draft; a unit reports progress and
//! asks for an extension; a leader grants it; the office accepts a completion; statistics,
//! audit, health, metrics and the OpenAPI document are read.

mod common;

use axum::http::StatusCode;
use common::{import_and_confirm, voters_task};
use common::{TestApp, TestDb};
use serde_json::json;

async fn flow(db: TestDb) {
    let backend = db.backend;
    let app = TestApp::new(db).await;
    let anon = app.client();

    // Public endpoints.
    let r = anon.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK, "{backend}");
    assert_eq!(r.body["database"], "ok");
    let r = anon.get("/api/openapi.json").await;
    assert_eq!(r.body["openapi"], "3.1.0");
    assert!(r.body["paths"]["/api/tasks"]["get"].is_object());
    let r = anon.get("/api/tasks").await;
    common::assert_error(&r, StatusCode::UNAUTHORIZED, "auth.unauthenticated");

    // The office: log-in, session, import, review, confirm.
    let office = app.login("vanphong").await;
    let r = office.get("/api/session").await;
    assert_eq!(r.body["user"]["role"], "office");
    assert!(r.body["csrf_token"].as_str().is_some_and(|t| t.len() == 64));
    let (doc, ids) = import_and_confirm(&app).await;
    let r = office.get(&format!("/api/documents/{doc}")).await;
    assert_eq!(r.body["state"], "confirmed");
    assert!(r.body["text"].as_str().unwrap_or("").contains("604-KL/HU"));

    let r = office.get(&format!("/api/tasks?document={doc}&per_page=200")).await;
    assert_eq!(r.status, StatusCode::OK);
    let total = r.body["total"].as_i64().expect("total");
    assert!(total >= ids.len() as i64 - 2, "{total} listed, {} confirmed", ids.len());
    // Stable sort: by deadline in force, undated last, then id.
    let dues: Vec<Option<String>> = r.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["due_as_of"].as_str().map(str::to_string))
        .collect();
    let mut sorted = dues.clone();
    sorted.sort_by(|a, b| match (a, b) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    assert_eq!(dues, sorted);
    // Pagination agrees with the total.
    let r2 = office.get(&format!("/api/tasks?document={doc}&per_page=3&page=2")).await;
    assert_eq!(r2.body["items"].as_array().map(Vec::len), Some(3));
    assert_eq!(r2.body["total"], total);
    assert_eq!(r2.body["items"][0]["id"], r.body["items"][3]["id"]);
    // Text search ignores diacritics.
    let r = office.get(&format!("/api/tasks?document={doc}&q=giai%20ngan")).await;
    assert!(r.body["total"].as_i64().unwrap_or(0) >= 1, "{}", r.body);

    let task = voters_task(&app, doc).await;
    let tid = task["id"].as_i64().expect("id");
    assert_eq!(task["lead_unit"]["name"], "UBND huyện");
    assert_eq!(task["deadline"]["due"], "2024-04-21");
    // As of 17/4/2024 it is due in 4 days: "sắp đến hạn".
    assert_eq!(task["status"]["group"], "due_soon", "{task}");
    // As of 1/5/2024 it would be overdue.
    let r = office.get(&format!("/api/tasks/{tid}?as_of=2024-05-01")).await;
    assert_eq!(r.body["status"]["group"], "open_overdue");
    assert_eq!(r.body["status"]["days_overdue"], 10);
    let r = office.get("/api/tasks?status=due_soon&per_page=200").await;
    assert!(r.body["items"].as_array().expect("items").iter().any(|t| t["id"] == tid));

    // The unit: sees its tasks only, reports progress, asks for an extension.
    let ubnd = app.login("ubnd").await;
    let ubnd_id = app.unit("UBND huyện");
    let r = ubnd.get("/api/tasks?per_page=200").await;
    assert_eq!(r.status, StatusCode::OK);
    for t in r.body["items"].as_array().expect("items") {
        let leads = t["lead_unit"]["id"] == ubnd_id;
        let coordinates = t["coordinators"].as_array().is_some_and(|c| c.iter().any(|u| u["id"] == ubnd_id));
        assert!(leads || coordinates, "unit sees a task not its own: {t}");
    }
    let r = ubnd
        .post(
            &format!("/api/tasks/{tid}/progress"),
            json!({"percent": 60, "narrative": "Đã lập danh sách cử tri, chuẩn bị hội nghị.",
                   "reported_on": "2024-04-16"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = ubnd
        .post(
            &format!("/api/tasks/{tid}/extensions"),
            json!({"requested_due": "2024-05-15", "reason": "Chờ hướng dẫn của tỉnh về phương án sắp xếp."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let ext = r.body["id"].as_i64().expect("extension id");

    // The leader: sees the pending request, grants it.
    let leader = app.login("lanhdao").await;
    let r = leader.get("/api/extensions").await;
    assert!(r.body["items"].as_array().expect("items").iter().any(|e| e["id"] == ext));
    let r = leader.post(&format!("/api/extensions/{ext}/decision"), json!({"grant": true, "note": "Đồng ý."})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["decision"], "granted");
    // Decided once only.
    let r = leader.post(&format!("/api/extensions/{ext}/decision"), json!({"grant": false})).await;
    common::assert_error(&r, StatusCode::CONFLICT, "extension.already_decided");

    let r = ubnd.get(&format!("/api/tasks/{tid}")).await;
    assert_eq!(r.body["due_as_of"], "2024-05-15", "{}", r.body);
    assert_eq!(r.body["deadline"]["due"], "2024-04-21", "original kept");
    assert_eq!(r.body["status"]["group"], "open_in_time");
    assert_eq!(r.body["latest_percent"], 60);
    assert_eq!(r.body["progress"].as_array().map(Vec::len), Some(1));

    // Completion: the unit reports, the office accepts.
    let r = ubnd
        .post(
            &format!("/api/tasks/{tid}/completion"),
            json!({"percent": 100, "narrative": "Đã tổ chức lấy ý kiến cử tri.", "reported_on": "2024-04-17"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = office.post(&format!("/api/tasks/{tid}/acceptance"), json!({"accept": true})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "done");
    let r = office.get(&format!("/api/tasks/{tid}")).await;
    assert_eq!(r.body["status"]["group"], "done_on_time", "{}", r.body);

    // Statistics: one row per unit, totals add up, the accepted task counted on time.
    let r = leader.get("/api/statistics?as_of=2024-04-17").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows = r.body["rows"].as_array().expect("rows");
    let ubnd_row = rows.iter().find(|x| x["unit"]["id"] == ubnd_id).expect("UBND row");
    assert!(ubnd_row["counts"]["done_on_time"].as_u64().unwrap_or(0) >= 1);
    let sum: u64 = rows.iter().map(|x| x["counts"]["total"].as_u64().unwrap_or(0)).sum();
    assert_eq!(r.body["totals"]["total"].as_u64(), Some(sum));
    let c = &r.body["totals"];
    let groups: u64 = ["done_on_time", "done_late", "open_in_time", "open_overdue", "cancelled"]
        .iter()
        .map(|k| c[*k].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(groups, sum, "the four groups and cancelled add up: {c}");

    // Audit: every step is there, readable by admin and office, not by a unit.
    let r = office.get("/api/audit?per_page=200").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let actions: Vec<String> = r.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| format!("{}:{}", a["entity"].as_str().unwrap_or(""), a["action"].as_str().unwrap_or("")))
        .collect();
    for needed in ["extension:", "task:accept", "session:login"] {
        assert!(actions.iter().any(|a| a.starts_with(needed)), "audit lacks {needed}: {actions:?}");
    }
    let admin = app.login("admin").await;
    assert_eq!(admin.get("/api/audit").await.status, StatusCode::OK);
    // Paged in the database: page 2 of one row is the second newest, as is the first row
    // older than the newest; `total` counts every row.
    let all = r.body["items"].as_array().expect("items").clone();
    let total = r.body["total"].as_i64().expect("total");
    assert!(all.len() >= 3 && total >= all.len() as i64, "{}", r.body);
    let p2 = office.get("/api/audit?per_page=1&page=2").await;
    assert_eq!(p2.status, StatusCode::OK, "{}", p2.body);
    assert_eq!(p2.body["items"].as_array().map(Vec::len), Some(1));
    assert!(p2.body["total"].as_i64().expect("total") >= total);
    let newest = office.get("/api/audit?per_page=1").await.body["items"][0]["id"].as_i64().expect("id");
    let older = office.get(&format!("/api/audit?per_page=1&before_id={newest}")).await;
    assert_eq!(older.body["items"][0]["id"], p2.body["items"][0]["id"], "{}", older.body);
    assert_eq!(older.body["total"].as_i64(), p2.body["total"].as_i64().map(|n| n - 1));
    common::assert_error(&ubnd.get("/api/audit").await, StatusCode::FORBIDDEN, "auth.forbidden");

    // API token for scripts: no CSRF needed, revocable.
    let r = office.post("/api/tokens", json!({"name": "script"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let token = r.body["token"].as_str().expect("token").to_string();
    let token_id = r.body["id"].as_i64().expect("id");
    let mut script = app.client();
    script.bearer = Some(token.clone());
    assert_eq!(script.get("/api/session").await.body["user"]["username"], "vanphong");
    let r = office.send(axum::http::Method::DELETE, &format!("/api/tokens/{token_id}"), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    common::assert_error(&script.get("/api/tasks").await, StatusCode::UNAUTHORIZED, "auth.unauthenticated");

    // Log-out ends the session.
    let r = office.send(axum::http::Method::DELETE, "/api/session", None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    common::assert_error(&office.get("/api/tasks").await, StatusCode::UNAUTHORIZED, "auth.unauthenticated");

    // Metrics saw all that, by route template.
    let r = anon.get("/metrics").await;
    let text = String::from_utf8_lossy(&r.bytes).to_string();
    assert!(text.contains("route=\"/api/tasks/{id}\""), "{text}");
    assert!(r.headers.contains_key("x-request-id"));
    assert!(r.headers.contains_key("content-security-policy"));

    eprintln!("flow on {backend}: ok");
    app.finish().await;
}

#[tokio::test]
async fn whole_flow_over_http() {
    on_both_backends!(flow);
}
