//! The web pages over HTTP (no browser): log-in, CSRF on forms, the import and review screen,
//! task forms, dashboard, admin pages, form validation (message next to the field, what was
//! typed kept) and escaping (`<script>` stored in every text field shows as text).

mod common;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use common::{Client, Resp, TestApp, TestDb};
use dondoc_web::demo::MODEL_DOCUMENT;

const XSS: &str = "<script>alert(1)</script>";
const XSS_ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn html(r: &Resp) -> String {
    String::from_utf8_lossy(&r.bytes).into_owned()
}

fn location(r: &Resp) -> String {
    r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

/// A URL-encoded form post with the session's CSRF token (unless `csrf` is false).
async fn post_form(c: &Client, path: &str, pairs: &[(&str, &str)], csrf: bool) -> Resp {
    let mut body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    if csrf {
        body.push(format!("csrf_token={}", c.csrf.clone().unwrap_or_default()));
    }
    let mut b = axum::http::Request::builder().method(Method::POST).uri(path);
    if let Some(ck) = &c.cookie {
        b = b.header(header::COOKIE, ck);
    }
    let req = b
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.join("&")))
        .expect("request");
    c.raw(req).await
}

/// A multipart post (CSRF token included) with text fields and files (field, name, bytes).
async fn post_multipart(c: &Client, path: &str, fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Resp {
    let boundary = "----dondoctestboundary7MA4YWxkTrZu0gW";
    let mut body: Vec<u8> = Vec::new();
    let csrf = c.csrf.clone().unwrap_or_default();
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("csrf_token", &csrf));
    for (k, v) in all {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    for (field, name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut b = axum::http::Request::builder().method(Method::POST).uri(path);
    if let Some(ck) = &c.cookie {
        b = b.header(header::COOKIE, ck);
    }
    let req = b
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .expect("request");
    c.raw(req).await
}

async fn get(c: &Client, path: &str) -> Resp {
    let mut b = axum::http::Request::builder().method(Method::GET).uri(path);
    if let Some(ck) = &c.cookie {
        b = b.header(header::COOKIE, ck);
    }
    c.raw(b.body(Body::empty()).expect("request")).await
}

/// Imports the model document through the page; returns the document id.
async fn import_page(c: &Client, text: &str) -> i64 {
    let r = post_multipart(
        c,
        "/documents/import",
        &[("file_name", "604.txt")],
        &[("file", "604-KL-HU.txt", text.as_bytes())],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let loc = location(&r);
    let id: i64 = loc.trim_start_matches("/documents/").split('?').next().unwrap_or("").parse().expect("document id");
    id
}

/// The first draft task key shown on the review page.
fn first_key(page: &str) -> u32 {
    let i = page.find("id=\"task-").expect("a task card");
    page[i + 9..].split('"').next().unwrap_or("").parse().expect("key")
}

#[tokio::test]
async fn login_logout_and_redirects() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let anon = app.client();
    // not signed in: to the log-in page, and back afterwards
    let r = get(&anon, "/tasks?page=2").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?next=/tasks%3Fpage%3D2");

    let r = get(&anon, "/login").await;
    assert_eq!(r.status, StatusCode::OK);
    let page = html(&r);
    assert!(page.contains("Đăng nhập") && page.contains("lang=\"vi\""), "{page}");
    assert!(r
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .contains("script-src 'self'"));
    let login_cookie = r
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .to_string();
    let token = page
        .split("name=\"login_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("login token")
        .to_string();

    let mut c = app.client();
    c.cookie = Some(login_cookie.clone());
    // without the double-submit token: refused
    let r = post_form(&c, "/login", &[("username", "vanphong"), ("password", "x")], false).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // wrong password: the message, the user name kept
    let r = post_form(
        &c,
        "/login",
        &[("username", "vanphong"), ("password", "sai-mat-khau"), ("login_token", &token)],
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let page = html(&r);
    assert!(page.contains("Tên đăng nhập hoặc mật khẩu không đúng."), "{page}");
    assert!(page.contains("value=\"vanphong\""));
    // empty fields: a message next to each
    let r = post_form(&c, "/login", &[("username", ""), ("password", ""), ("login_token", &token)], false).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = html(&r);
    assert!(page.contains("Hãy nhập tên đăng nhập.") && page.contains("Hãy nhập mật khẩu."), "{page}");
    // right password: a session cookie and back to where we were going
    let pw = app.dir.account("vanphong").expect("account").password.clone();
    let r = post_form(
        &c,
        "/login",
        &[("username", "vanphong"), ("password", &pw), ("next", "/tasks"), ("login_token", &token)],
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    assert_eq!(location(&r), "/tasks");
    let set = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("dondoc_session="))
        .expect("session cookie")
        .to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"));
    let mut me = app.client();
    me.cookie = Some(set.split(';').next().unwrap_or("").to_string());
    let r = get(&me, "/").await;
    assert_eq!(r.status, StatusCode::OK, "{}", html(&r));
    let page = html(&r);
    assert!(
        page.contains("Chuyên viên Văn phòng Huyện ủy") && page.contains("Huyện ủy Sơn Động"),
        "header shows user and org"
    );
    for nav in ["Tổng quan", "Văn bản", "Nhiệm vụ", "Đơn vị", "Báo cáo"] {
        assert!(page.contains(nav), "nav {nav}");
    }
    assert!(!page.contains(">Quản trị<"), "the office has no admin link");
    // log-out needs the CSRF token
    let csrf =
        page.split("name=\"csrf_token\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("csrf").to_string();
    let r = post_form(&me, "/logout", &[], false).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    me.csrf = Some(csrf);
    let r = post_form(&me, "/logout", &[], true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = get(&me, "/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the session is gone");
    app.finish().await;
}

#[tokio::test]
async fn review_screen_edit_and_confirm() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let office = app.login("vanphong").await;
    let doc = import_page(&office, MODEL_DOCUMENT).await;
    let r = get(&office, &format!("/documents/{doc}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let page = html(&r);
    for class in ["hl-task", "hl-lead", "hl-deadline", "hl-citation"] {
        assert!(page.contains(&format!("<mark class=\"{class}\"")), "{class} highlighted");
    }
    assert!(page.contains("604-KL/HU") && page.contains("27/03/2024"));
    assert!(page.contains("<datalist id=\"units-list\">") && page.contains("value=\"UBND huyện\""));
    let key = first_key(&page);

    // a lead not in the directory: a message next to the field, the typed value kept
    let r = post_form(
        &office,
        &format!("/documents/{doc}/edit"),
        &[
            ("op", "save"),
            ("key", &key.to_string()),
            ("text", "Nội dung sửa"),
            ("lead", "Sở Không Có"),
            ("deadline_kind", "date"),
            ("due", "30/06/2024"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = html(&r);
    assert!(page.contains(&format!("id=\"err-t{key}-lead\"")), "error next to the lead");
    assert!(page.contains("value=\"Sở Không Có\"") && page.contains("Nội dung sửa"));
    // a bad date and a deadline before the document
    let r = post_form(
        &office,
        &format!("/documents/{doc}/edit"),
        &[
            ("op", "save"),
            ("key", &key.to_string()),
            ("text", "x"),
            ("lead", "UBND huyện"),
            ("deadline_kind", "date"),
            ("due", "31/02/2024"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(html(&r).contains(&format!("id=\"err-t{key}-due\"")));
    let r = post_form(
        &office,
        &format!("/documents/{doc}/edit"),
        &[
            ("op", "save"),
            ("key", &key.to_string()),
            ("text", "x"),
            ("lead", "UBND huyện"),
            ("deadline_kind", "date"),
            ("due", "01/01/2024"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", html(&r));
    assert!(html(&r).contains(&format!("id=\"err-t{key}-due\"")));
    // by abbreviation: UBKT Huyện ủy
    let r = post_form(
        &office,
        &format!("/documents/{doc}/edit"),
        &[
            ("op", "save"),
            ("key", &key.to_string()),
            ("text", "Nhiệm vụ đã sửa"),
            ("lead", "UBKT Huyện ủy"),
            ("deadline_kind", "date"),
            ("due", "15/07/2024"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let r = get(&office, &format!("/documents/{doc}")).await;
    let page = html(&r);
    assert!(
        page.contains("Nhiệm vụ đã sửa")
            && page.contains("value=\"Ủy ban Kiểm tra Huyện ủy\"")
            && page.contains("value=\"15/07/2024\"")
    );
    // add from a selection, then confirm after fixing what blocks
    let r = post_form(
        &office,
        &format!("/documents/{doc}/edit"),
        &[
            ("op", "add"),
            ("text", "Tổ chức hội nghị sơ kết"),
            ("lead", "Văn phòng Huyện ủy"),
            ("deadline_kind", "month"),
            ("due", "10/09/2024"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let draft = app
        .state
        .store
        .get_draft(&app.dir.actor("vanphong").expect("office"), dondoc_domain::ids::DocumentId(doc))
        .await
        .expect("draft");
    let added = draft.tasks.last().expect("added");
    assert_eq!(added.text, "Tổ chức hội nghị sơ kết");
    assert_eq!(added.deadline.due, Some(time::macros::date!(2024 - 09 - 30)));
    let fixes =
        dondoc_web::demo::fixes_for(&draft.blocking_issues(), dondoc_domain::ids::UnitId(app.unit("UBND huyện")));
    if !fixes.is_empty() {
        app.state
            .store
            .edit_draft(&app.dir.actor("vanphong").expect("office"), dondoc_domain::ids::DocumentId(doc), &fixes)
            .await
            .expect("fixes");
    }
    let r = post_form(&office, &format!("/documents/{doc}/confirm"), &[], true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    assert_eq!(location(&r), format!("/tasks?document={doc}&msg=msg.confirmed"));
    let r = get(&office, &location(&r)).await;
    let page = html(&r);
    assert!(
        page.contains("Đã xác nhận") && page.contains("Nhiệm vụ đã sửa") && page.contains("Tổ chức hội nghị sơ kết")
    );
    app.finish().await;
}

/// Confirms the model document (API helpers) and returns a task led by UBND huyện with a date.
async fn live_task(app: &TestApp) -> i64 {
    let (doc, _) = common::import_and_confirm(app).await;
    let t = common::voters_task(app, doc).await;
    t["id"].as_i64().expect("id")
}

#[tokio::test]
async fn task_forms_validate_and_work() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let id = live_task(&app).await;
    let unit = app.login("ubnd").await;
    let r = get(&unit, &format!("/tasks/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let page = html(&r);
    assert!(
        page.contains("id=\"progress-form\"") && page.contains("id=\"extension-form\""),
        "the lead reports and asks"
    );
    assert!(!page.contains("accept-completion") && !page.contains("decision-form"));

    // percent out of range, empty narrative: messages next to the fields, values kept
    let r = post_multipart(
        &unit,
        &format!("/tasks/{id}/progress"),
        &[("percent", "150"), ("narrative", ""), ("reported_on", "17/04/2024")],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = html(&r);
    assert!(page.contains("id=\"err-percent\"") && page.contains("Tỷ lệ hoàn thành là một số từ 0 đến 100."), "{page}");
    assert!(page.contains("id=\"err-narrative\"") && page.contains("value=\"150\""));
    // a report dated in the future: the domain's message next to the date
    let r = post_multipart(
        &unit,
        &format!("/tasks/{id}/progress"),
        &[("percent", "30"), ("narrative", "Đang làm"), ("reported_on", "20/05/2024")],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = html(&r);
    assert!(page.contains("id=\"err-reported_on\"") && page.contains("Đang làm"), "{page}");
    // a good report with an attachment
    let r = post_multipart(
        &unit,
        &format!("/tasks/{id}/progress"),
        &[("percent", "40"), ("narrative", "Đã tổ chức 3 hội nghị tiếp xúc cử tri."), ("reported_on", "17/04/2024")],
        &[("attachment", "bien-ban.txt", b"bien ban hoi nghi")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let r = get(&unit, &location(&r)).await;
    let page = html(&r);
    assert!(page.contains("Đã gửi báo cáo tiến độ.") && page.contains("bien-ban.txt") && page.contains("40%"));

    // extension: a bad date, no reason
    let r = post_form(&unit, &format!("/tasks/{id}/extension"), &[("requested_due", "hôm nay"), ("reason", "")], true)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = html(&r);
    assert!(
        page.contains("id=\"err-requested_due\"")
            && page.contains("id=\"err-reason\"")
            && page.contains("value=\"hôm nay\"")
    );
    // not later than the deadline: the domain's message
    let r = post_form(
        &unit,
        &format!("/tasks/{id}/extension"),
        &[("requested_due", "20/04/2024"), ("reason", "Cần thêm thời gian")],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", html(&r));
    assert!(html(&r).contains("id=\"err-requested_due\""));
    let r = post_form(
        &unit,
        &format!("/tasks/{id}/extension"),
        &[("requested_due", "15/05/2024"), ("reason", "Chờ ý kiến của tỉnh")],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));

    // the leader sees it on the overview and decides
    let leader = app.login("lanhdao").await;
    let r = get(&leader, "/").await;
    let page = html(&r);
    assert!(page.contains("id=\"pending-extensions\"") && page.contains(&format!("/tasks/{id}")));
    let r = get(&leader, &format!("/tasks/{id}")).await;
    let page = html(&r);
    assert!(page.contains("decision-form") && !page.contains("id=\"progress-form\""));
    let ext: i64 = page
        .split("/extensions/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|s| s.parse().ok())
        .expect("ext id");
    let r = post_form(
        &leader,
        &format!("/extensions/{ext}/decision"),
        &[("grant", "1"), ("note", "Đồng ý"), ("task", &id.to_string())],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let page = html(&get(&leader, &format!("/tasks/{id}")).await);
    assert!(page.contains("id=\"task-effective-due\"") && page.contains("15/05/2024"), "granted");

    // another unit cannot see it; a unit cannot decide
    let other = app.login("anchau").await;
    assert_eq!(get(&other, &format!("/tasks/{id}")).await.status, StatusCode::NOT_FOUND);
    let r =
        post_form(&unit, &format!("/extensions/{ext}/decision"), &[("grant", "1"), ("task", &id.to_string())], true)
            .await;
    assert!(r.status.is_client_error());
    // no CSRF token: refused before anything is written
    let r =
        post_form(&unit, &format!("/tasks/{id}/extension"), &[("requested_due", "20/06/2024"), ("reason", "x")], false)
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // completion, then the office accepts
    let r = post_multipart(
        &unit,
        &format!("/tasks/{id}/completion"),
        &[("narrative", "Hoàn thành"), ("reported_on", "17/04/2024")],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let office = app.login("vanphong").await;
    let page = html(&get(&office, &format!("/tasks/{id}")).await);
    assert!(page.contains("accept-completion"));
    let r = post_form(&office, &format!("/tasks/{id}/acceptance"), &[("decision", "accept")], true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let page = html(&get(&office, &format!("/tasks/{id}")).await);
    assert!(page.contains("st-done_on_time"), "done on time");
    app.finish().await;
}

#[tokio::test]
async fn lists_dashboard_reports_and_english() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let _ = live_task(&app).await;
    let office = app.login("vanphong").await;
    let r = get(&office, "/tasks?status=open_in_time&sort=due_desc").await;
    assert_eq!(r.status, StatusCode::OK);
    let page = html(&r);
    assert!(page.contains("class=\"task-row\""), "{page}");
    assert!(page.contains("st-open_in_time") && !page.contains("data-group=\"open_overdue\""));
    // a bad date filter: message next to the field
    let r = get(&office, "/tasks?due_from=32/13/2024").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(html(&r).contains("id=\"err-due_from\""));
    // pages
    let r = get(&office, "/tasks?as_of=2024-12-31").await;
    let page = html(&r);
    assert!(page.contains("data-group=\"open_overdue\""));
    let r = get(&office, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    let page = html(&r);
    assert!(
        page.contains("id=\"unit-table\"") && page.contains("Tổng số nhiệm vụ") && page.contains("Hoàn thành đúng hạn")
    );
    assert!(page.contains("<svg") && page.contains("id=\"trend-chart\""));
    assert!(page.contains("id=\"count-total\""));
    assert!(!page.contains("style="), "no style attributes");
    assert!(!page.contains("<script>") && !page.contains("onclick"), "no inline script");
    let r = get(&office, "/?as_of=2024-12-31").await;
    assert!(html(&r).contains("id=\"overdue-list\""));
    let r = get(&office, "/reports").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(html(&r).contains("id=\"unit-table-total\""));
    // English
    let r = get(&office, "/?lang=en").await;
    let page = html(&r);
    assert!(page.contains("lang=\"en\"") && page.contains("Overview") && page.contains("Done on time"), "{page}");
    let set: Vec<&str> = r.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(set.iter().any(|c| c.starts_with("dondoc_lang=en")));
    // static files
    for (f, ty) in [
        ("/static/app.css", "text/css"),
        ("/static/htmx.min.js", "text/javascript"),
        ("/static/app.js", "text/javascript"),
    ] {
        let r = get(&office, f).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").starts_with(ty));
    }
    app.finish().await;
}

#[tokio::test]
async fn admin_pages_validate() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let office = app.login("vanphong").await;
    assert_eq!(get(&office, "/admin").await.status, StatusCode::FORBIDDEN);
    let r = post_form(&office, "/units", &[("name", "Ban Dân vận")], true).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let admin = app.login("admin").await;
    let r = post_form(&admin, "/units", &[("name", ""), ("aliases", "BDV")], true).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = html(&r);
    assert!(page.contains("id=\"err-name\"") && page.contains("value=\"BDV\""));
    let r =
        post_form(&admin, "/units", &[("name", "Ban Dân vận Huyện ủy"), ("aliases", "BDV; Ban Dân vận")], true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(html(&get(&admin, "/units").await).contains("Ban Dân vận Huyện ủy"));
    let r = post_form(
        &admin,
        "/admin",
        &[("username", "x y"), ("display_name", "Người mới"), ("role", "unit"), ("unit_id", ""), ("password", "123")],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let page = html(&r);
    assert!(
        page.contains("id=\"err-username\"")
            && page.contains("id=\"err-password\"")
            && page.contains("id=\"err-unit_id\"")
    );
    assert!(page.contains("value=\"Người mới\"") && !page.contains("value=\"123\""), "the password is not echoed");
    let unit = app.unit("UBND huyện").to_string();
    let r = post_form(
        &admin,
        "/admin",
        &[
            ("username", "nguoimoi"),
            ("display_name", "Người mới"),
            ("role", "unit"),
            ("unit_id", &unit),
            ("password", "mat-khau-du-dai"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let r = post_form(
        &admin,
        "/admin",
        &[
            ("username", "nguoimoi"),
            ("display_name", "Trùng"),
            ("role", "unit"),
            ("unit_id", &unit),
            ("password", "mat-khau-du-dai"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(html(&r).contains("id=\"err-username\""));
    app.finish().await;
}

/// `<script>alert(1)</script>` in every text field the pages write — document text, task
/// text, narrative, reason, unit name, user name, file name — is shown as text.
#[tokio::test]
async fn script_is_shown_as_text_everywhere() {
    let app = TestApp::new(TestDb::sqlite()).await;
    let admin = app.login("admin").await;
    let r = post_form(&admin, "/units", &[("name", &format!("Xã {XSS}")), ("aliases", XSS)], true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let unit_id = app
        .state
        .store
        .list_units(&app.dir.actor("admin").expect("admin"))
        .await
        .expect("units")
        .iter()
        .find(|u| u.name.contains("<script>"))
        .expect("unit")
        .id
        .get();
    let r = post_form(
        &admin,
        "/admin",
        &[
            ("username", "xss-user"),
            ("display_name", XSS),
            ("role", "unit"),
            ("unit_id", &unit_id.to_string()),
            ("password", "mat-khau-du-dai"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));

    let office = app.login("vanphong").await;
    let text = format!("{MODEL_DOCUMENT}\n\nGiao Xã {XSS} chủ trì {XSS} trong tháng 6/2024.\n");
    let r = post_multipart(&office, "/documents/import", &[("file_name", XSS)], &[("file", "x.txt", text.as_bytes())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let doc: i64 = location(&r).trim_start_matches("/documents/").split('?').next().unwrap_or("").parse().expect("id");
    let review = html(&get(&office, &format!("/documents/{doc}")).await);
    let key = first_key(&review);
    let r = post_form(
        &office,
        &format!("/documents/{doc}/edit"),
        &[
            ("op", "save"),
            ("key", &key.to_string()),
            ("text", XSS),
            ("lead", &format!("Xã {XSS}")),
            ("deadline_kind", "date"),
            ("due", "30/06/2024"),
        ],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let draft = app
        .state
        .store
        .get_draft(&app.dir.actor("vanphong").expect("office"), dondoc_domain::ids::DocumentId(doc))
        .await
        .expect("draft");
    let fixes = dondoc_web::demo::fixes_for(&draft.blocking_issues(), dondoc_domain::ids::UnitId(unit_id));
    if !fixes.is_empty() {
        app.state
            .store
            .edit_draft(&app.dir.actor("vanphong").expect("office"), dondoc_domain::ids::DocumentId(doc), &fixes)
            .await
            .expect("fixes");
    }
    // an invalid form echoes what was typed: escaped too
    let r = post_form(
        &office,
        &format!("/documents/{doc}/edit"),
        &[("op", "add"), ("text", XSS), ("lead", &format!("Sở {XSS} khác"))],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let echoed = html(&r);
    let r = post_form(&office, &format!("/documents/{doc}/confirm"), &[], true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let f = dondoc_store::tasks::TaskFilter {
        document: Some(dondoc_domain::ids::DocumentId(doc)),
        ..dondoc_store::tasks::TaskFilter::as_of(common::test_now().date())
    };
    let tasks = app.state.store.list_tasks(&app.dir.actor("vanphong").expect("office"), &f).await.expect("tasks");
    let task = tasks.items.iter().find(|t| t.record.task.text == XSS).expect("xss task").record.task.id.get();

    let mut xss_unit = app.client();
    let (st, body) = xss_unit.login("xss-user", "mat-khau-du-dai").await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let r = post_multipart(
        &xss_unit,
        &format!("/tasks/{task}/progress"),
        &[("percent", "10"), ("narrative", XSS)],
        &[("attachment", "<script>.txt", b"x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let r = post_form(
        &xss_unit,
        &format!("/tasks/{task}/extension"),
        &[("requested_due", "30/07/2024"), ("reason", XSS)],
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", html(&r));
    let r =
        post_form(&xss_unit, &format!("/tasks/{task}/extension"), &[("requested_due", "bad"), ("reason", XSS)], true)
            .await;
    let echoed_reason = html(&r);

    let leader = app.login("lanhdao").await;
    let pages = vec![
        ("review (echo)", echoed),
        ("extension (echo)", echoed_reason),
        ("task", html(&get(&office, &format!("/tasks/{task}")).await)),
        ("tasks", html(&get(&office, &format!("/tasks?document={doc}&q=script")).await)),
        ("document", html(&get(&office, &format!("/documents/{doc}")).await)),
        ("documents", html(&get(&office, "/documents").await)),
        ("overview", html(&get(&leader, "/").await)),
        ("reports", html(&get(&leader, "/reports").await)),
        ("units", html(&get(&office, "/units").await)),
        ("admin", html(&get(&admin, "/admin").await)),
        ("header", html(&get(&xss_unit, "/tasks").await)),
    ];
    for (name, page) in &pages {
        assert!(!page.contains(XSS), "{name}: raw <script> in the page");
        assert!(!page.contains("<script>alert"), "{name}: raw script");
        let shown = page.contains(XSS_ESCAPED) || page.contains("&#60;script&#62;alert(1)&#60;/script&#62;");
        assert!(shown, "{name}: the text is shown escaped");
    }
    app.finish().await;
}
