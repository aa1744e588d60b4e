//! The role matrix: role × action × ownership through HTTP. Every refusal is checked for its
//! status (403 not permitted / out of scope, 404 not visible) and for changing nothing (no
//! audit row, the task reads the same); every permitted action succeeds.
//!
//! Ownership: task T is led by UBND huyện and coordinated by Thị trấn An Châu. The unit
//! accounts are `ubnd` (lead), `anchau` (coordinator) and `ubkt` (neither); `canbo` is a
//! cadre of the lead unit who does not lead T in person.

mod common;

use axum::http::{Method, StatusCode};
use common::{import_and_confirm, voters_task, Client, Resp, TestApp, TestDb};
use serde_json::{json, Value};

const ROLES: [&str; 7] = ["admin", "vanphong", "lanhdao", "ubnd", "anchau", "ubkt", "canbo"];

/// Expected statuses in the order of `ROLES`.
const MATRIX: &[(&str, [u16; 7])] = &[
    ("view_task", [200, 200, 200, 200, 200, 404, 200]),
    ("list_contains_task", [200, 200, 200, 200, 200, 404, 200]),
    ("report_progress", [403, 403, 403, 201, 403, 404, 403]),
    ("request_extension", [403, 403, 403, 201, 403, 404, 403]),
    ("decide_extension", [403, 403, 200, 403, 403, 403, 403]),
    ("edit_task", [403, 200, 403, 403, 403, 403, 403]),
    ("accept_completion", [403, 200, 403, 403, 403, 403, 403]),
    ("cancel_task", [403, 200, 403, 403, 403, 403, 403]),
    ("import_document", [403, 201, 403, 403, 403, 403, 403]),
    ("create_user", [201, 403, 403, 403, 403, 403, 403]),
    ("create_unit", [201, 403, 403, 403, 403, 403, 403]),
    ("read_audit", [200, 200, 403, 403, 403, 403, 403]),
    ("statistics", [200, 200, 200, 200, 200, 200, 200]),
];

struct Ctx {
    tid: i64,
    other_tid: i64,
    ext: Option<i64>,
    n: usize,
}

async fn act(c: &Client, action: &str, ctx: &mut Ctx) -> Resp {
    let t = ctx.tid;
    ctx.n += 1;
    let n = ctx.n;
    match action {
        "view_task" => c.get(&format!("/api/tasks/{t}")).await,
        "list_contains_task" => {
            let mut r = c.get("/api/tasks?per_page=200").await;
            let found = r.body["items"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x["id"] == t));
            // Report "not visible" as the 404 a direct read gives.
            if r.status == StatusCode::OK && !found {
                r.status = StatusCode::NOT_FOUND;
            }
            r
        }
        "report_progress" => {
            c.post(
                &format!("/api/tasks/{t}/progress"),
                json!({"percent": 30, "narrative": "Tiến độ tuần.", "reported_on": "2024-04-15"}),
            )
            .await
        }
        "request_extension" => {
            let r = c
                .post(
                    &format!("/api/tasks/{t}/extensions"),
                    json!({"requested_due": "2024-05-31", "reason": "Cần thêm thời gian."}),
                )
                .await;
            if r.status == StatusCode::CREATED {
                ctx.ext = r.body["id"].as_i64();
            }
            r
        }
        "decide_extension" => {
            let e = ctx.ext.expect("a pending extension");
            c.post(&format!("/api/extensions/{e}/decision"), json!({"grant": true}))
                .await
        }
        "edit_task" => {
            c.patch(
                &format!("/api/tasks/{t}"),
                json!({"text": "Hoàn thành tổ chức lấy ý kiến cử tri về Đề án sắp xếp đơn vị hành chính."}),
            )
            .await
        }
        "accept_completion" => {
            c.post(&format!("/api/tasks/{t}/acceptance"), json!({"accept": true}))
                .await
        }
        "cancel_task" => {
            c.post(
                &format!("/api/tasks/{}/cancel", ctx.other_tid),
                json!({"reason": "Đã được thay thế."}),
            )
            .await
        }
        "import_document" => {
            c.post(
                "/api/documents",
                json!({"text": "Số 1-TB/HU\nTHÔNG BÁO\nGiao UBND huyện báo cáo trước ngày 30/4/2024.", "file_name": "tb.txt"}),
            )
            .await
        }
        "create_user" => {
            c.post(
                "/api/users",
                json!({"username": format!("moi{n}"), "role": "unit", "unit_id": null, "display_name": "Người mới",
                       "password": "mat-khau-du-dai"}),
            )
            .await
        }
        "create_unit" => {
            c.post("/api/units", json!({"name": format!("Phòng Nội vụ {n}")}))
                .await
        }
        "read_audit" => c.get("/api/audit").await,
        "statistics" => c.get("/api/statistics").await,
        other => panic!("unknown action {other}"),
    }
}

async fn snapshot(app: &TestApp, office: &Client, tid: i64) -> (usize, Value) {
    let r = office.get(&format!("/api/tasks/{tid}")).await;
    (
        app.audit_count().await,
        json!([
            r.body["text"],
            r.body["state"],
            r.body["latest_percent"],
            r.body["extensions"],
            r.body["progress"],
            r.body["lead_unit"],
            r.body["deadline"]
        ]),
    )
}

async fn matrix(db: TestDb) {
    let backend = db.backend;
    let app = TestApp::new(db).await;
    let (doc, ids) = import_and_confirm(&app).await;
    let tid = voters_task(&app, doc).await["id"].as_i64().expect("id");
    let other_tid = *ids.iter().find(|i| **i != tid).expect("another task");
    let office = app.login("vanphong").await;
    let r = office.patch(&format!("/api/tasks/{tid}"), json!({"coordinators": [app.unit("Thị trấn An Châu")]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let mut clients = Vec::new();
    for role in ROLES {
        clients.push(app.login(role).await);
    }
    let mut ctx = Ctx { tid, other_tid, ext: None, n: 0 };
    for (action, expected) in MATRIX {
        if *action == "accept_completion" {
            // The lead reports completion first, so that only the role decides the outcome.
            let r = clients[3]
                .post(
                    &format!("/api/tasks/{tid}/completion"),
                    json!({"percent": 100, "narrative": "Đã hoàn thành.", "reported_on": "2024-04-16"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        }
        // Refusals first, then the permitted roles (whose success changes things).
        let mut order: Vec<usize> = (0..ROLES.len()).collect();
        order.sort_by_key(|i| expected[*i] < 300);
        for i in order {
            let want = expected[i];
            let before = snapshot(&app, &office, tid).await;
            let r = if *action == "create_user" {
                let u = app.unit("Xã Vân Sơn");
                clients[i]
                    .post(
                        "/api/users",
                        json!({"username": format!("moi{}", ctx.n), "role": "unit", "unit_id": u,
                               "display_name": "Người mới", "password": "mat-khau-du-dai"}),
                    )
                    .await
            } else {
                act(&clients[i], action, &mut ctx).await
            };
            ctx.n += 1;
            assert_eq!(r.status.as_u16(), want, "{backend}: {} {action}: {}", ROLES[i], r.body);
            if want >= 400 && *action != "list_contains_task" {
                let code = r.body["code"].as_str().unwrap_or("");
                match want {
                    403 => assert!(code.starts_with("auth."), "{} {action}: {code}", ROLES[i]),
                    404 => assert_eq!(code, "not_found", "{} {action}", ROLES[i]),
                    _ => {}
                }
                assert!(r.body["message"].as_str().is_some_and(|m| !m.is_empty()));
            }
            if want >= 400 {
                let after = snapshot(&app, &office, tid).await;
                assert_eq!(before, after, "{backend}: {} {action} changed something", ROLES[i]);
            }
        }
    }
    // Scope of statistics: a unit counts only its own tasks.
    let r = clients[5].get("/api/statistics").await;
    let ubnd = app.unit("UBND huyện");
    assert!(
        !r.body["rows"].as_array().expect("rows").iter().any(|x| x["unit"]["id"] == ubnd),
        "UBKT sees UBND's counts: {}",
        r.body
    );
    // Whoever is not logged in gets 401 everywhere but the public endpoints.
    let anon = app.client();
    for (m, p) in [
        (Method::GET, "/api/tasks"),
        (Method::GET, "/api/statistics"),
        (Method::POST, "/api/documents"),
        (Method::GET, "/api/audit"),
    ] {
        let r = anon.send(m, p, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{p}");
    }
    eprintln!("role matrix on {backend}: ok");
    app.finish().await;
}

#[tokio::test]
async fn role_matrix_through_http() {
    on_both_backends!(matrix);
}
