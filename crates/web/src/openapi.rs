//! The OpenAPI 3.1 document, written as data.
//!
//! Each operation is one [`Op`] row; schemas are JSON Schema values. Kept beside the
//! routes so that a new route and its description land together; a test checks that every
//! routed path is described.

use serde_json::{json, Map, Value};

/// One described operation.
pub struct Op {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    /// Name of a schema in `components.schemas` for the JSON request body.
    pub body: Option<&'static str>,
    /// Name of a schema in `components.schemas` for the 2xx response.
    pub response: Option<&'static str>,
    /// Query parameters: (name, type, description).
    pub query: &'static [(&'static str, &'static str, &'static str)],
    /// False for the few public endpoints.
    pub auth: bool,
}

/// Every operation of the API (same order as `crate::api::routes`).
pub fn operations() -> Vec<Op> {
    vec![
        Op {
            method: "get",
            path: "/healthz",
            tag: "ops",
            summary: "Kiểm tra tình trạng dịch vụ và cơ sở dữ liệu",
            body: None,
            response: None,
            query: &[],
            auth: false,
        },
        Op {
            method: "get",
            path: "/metrics",
            tag: "ops",
            summary: "Số liệu Prometheus",
            body: None,
            response: None,
            query: &[],
            auth: false,
        },
        Op {
            method: "get",
            path: "/api/openapi.json",
            tag: "ops",
            summary: "Tài liệu OpenAPI này",
            body: None,
            response: None,
            query: &[],
            auth: false,
        },
        Op {
            method: "post",
            path: "/api/session",
            tag: "session",
            summary: "Đăng nhập (đặt cookie phiên, trả về mã CSRF)",
            body: Some("Login"),
            response: Some("Session"),
            query: &[],
            auth: false,
        },
        Op {
            method: "get",
            path: "/api/session",
            tag: "session",
            summary: "Người dùng hiện tại và mã CSRF",
            body: None,
            response: Some("Session"),
            query: &[],
            auth: true,
        },
        Op {
            method: "delete",
            path: "/api/session",
            tag: "session",
            summary: "Đăng xuất",
            body: None,
            response: None,
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/tokens",
            tag: "session",
            summary: "Tạo mã truy cập API (chỉ hiển thị một lần)",
            body: Some("NewToken"),
            response: Some("Token"),
            query: &[],
            auth: true,
        },
        Op {
            method: "delete",
            path: "/api/tokens/{id}",
            tag: "session",
            summary: "Thu hồi mã truy cập API",
            body: None,
            response: None,
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/units",
            tag: "directory",
            summary: "Danh mục đơn vị",
            body: None,
            response: Some("List"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/units",
            tag: "directory",
            summary: "Thêm đơn vị (quản trị)",
            body: Some("NewUnit"),
            response: Some("Created"),
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/users",
            tag: "directory",
            summary: "Danh sách người dùng (quản trị)",
            body: None,
            response: Some("List"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/users",
            tag: "directory",
            summary: "Thêm người dùng (quản trị)",
            body: Some("NewUser"),
            response: Some("Created"),
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/documents",
            tag: "documents",
            summary: "Danh sách văn bản (mới nhất trước)",
            body: None,
            response: Some("Page"),
            query: &[
                ("state", "string", "draft | confirmed"),
                ("page", "integer", "Trang (từ 1)"),
                ("per_page", "integer", "Số dòng mỗi trang (1–200)"),
            ],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/documents",
            tag: "documents",
            summary: "Nhập văn bản (text/plain, JSON hoặc multipart): trích xuất và tạo dự thảo",
            body: Some("ImportText"),
            response: Some("Imported"),
            query: &[("file_name", "string", "Tên tệp (khi gửi text/plain)")],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/documents/{id}",
            tag: "documents",
            summary: "Văn bản và toàn văn",
            body: None,
            response: Some("Document"),
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/documents/{id}/draft",
            tag: "documents",
            summary: "Dự thảo nhiệm vụ và các vấn đề cần xử lý",
            body: None,
            response: Some("Draft"),
            query: &[],
            auth: true,
        },
        Op {
            method: "patch",
            path: "/api/documents/{id}/draft",
            tag: "documents",
            summary: "Chỉnh sửa dự thảo (chủ trì, thời hạn, tách, gộp, xóa, thêm)",
            body: Some("DraftEdits"),
            response: Some("Draft"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/documents/{id}/confirm",
            tag: "documents",
            summary: "Xác nhận dự thảo: nhiệm vụ bắt đầu được theo dõi",
            body: None,
            response: Some("Confirmed"),
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/tasks",
            tag: "tasks",
            summary: "Danh sách nhiệm vụ (lọc, sắp xếp theo thời hạn rồi mã, phân trang)",
            body: None,
            response: Some("TaskPage"),
            query: &[
                ("unit", "integer", "Đơn vị chủ trì"),
                ("include_coordinated", "boolean", "Kèm nhiệm vụ đơn vị phối hợp"),
                ("status", "string", "Nhóm trạng thái, cách nhau bởi dấu phẩy"),
                ("as_of", "string", "Ngày tính trạng thái (YYYY-MM-DD)"),
                ("document", "integer", "Văn bản"),
                ("due_from", "string", "Thời hạn từ ngày"),
                ("due_to", "string", "Thời hạn đến ngày"),
                ("q", "string", "Từ khóa (không phân biệt dấu)"),
                ("page", "integer", "Trang (từ 1)"),
                ("per_page", "integer", "Số dòng mỗi trang (1–200)"),
            ],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/tasks/{id}",
            tag: "tasks",
            summary: "Một nhiệm vụ, trạng thái tại ngày, gia hạn, tiến độ",
            body: None,
            response: Some("Task"),
            query: &[("as_of", "string", "Ngày tính trạng thái")],
            auth: true,
        },
        Op {
            method: "patch",
            path: "/api/tasks/{id}",
            tag: "tasks",
            summary: "Sửa nhiệm vụ (Văn phòng)",
            body: Some("TaskPatch"),
            response: Some("Task"),
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/tasks/{id}/progress",
            tag: "tasks",
            summary: "Lịch sử báo cáo tiến độ",
            body: None,
            response: Some("List"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/tasks/{id}/progress",
            tag: "tasks",
            summary: "Báo cáo tiến độ (JSON, hoặc multipart: phần report + tệp)",
            body: Some("Progress"),
            response: Some("Created"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/tasks/{id}/completion",
            tag: "tasks",
            summary: "Báo cáo hoàn thành (100%)",
            body: Some("Progress"),
            response: Some("Created"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/tasks/{id}/acceptance",
            tag: "tasks",
            summary: "Văn phòng công nhận hoàn thành hoặc trả lại",
            body: Some("Acceptance"),
            response: Some("Task"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/tasks/{id}/cancel",
            tag: "tasks",
            summary: "Hủy nhiệm vụ (Văn phòng)",
            body: Some("Cancel"),
            response: Some("Task"),
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/tasks/{id}/extensions",
            tag: "extensions",
            summary: "Các đề nghị gia hạn của nhiệm vụ",
            body: None,
            response: Some("List"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/tasks/{id}/extensions",
            tag: "extensions",
            summary: "Đề nghị gia hạn",
            body: Some("ExtensionRequest"),
            response: Some("Created"),
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/reports/{id}/attachments/{n}",
            tag: "tasks",
            summary: "Tải tệp đính kèm thứ n của báo cáo",
            body: None,
            response: None,
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/extensions",
            tag: "extensions",
            summary: "Đề nghị gia hạn đang chờ",
            body: None,
            response: Some("List"),
            query: &[],
            auth: true,
        },
        Op {
            method: "post",
            path: "/api/extensions/{id}/decision",
            tag: "extensions",
            summary: "Lãnh đạo quyết định gia hạn",
            body: Some("Decision"),
            response: Some("Extension"),
            query: &[],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/statistics",
            tag: "statistics",
            summary: "Thống kê theo trạng thái, theo đơn vị, tại một ngày",
            body: None,
            response: Some("Statistics"),
            query: &[
                ("as_of", "string", "Ngày báo cáo"),
                ("document", "integer", "Văn bản"),
                ("assigned_from", "string", "Giao từ ngày"),
                ("assigned_to", "string", "Giao đến ngày"),
            ],
            auth: true,
        },
        Op {
            method: "get",
            path: "/api/audit",
            tag: "audit",
            summary: "Nhật ký thay đổi (quản trị, Văn phòng)",
            body: None,
            response: Some("Page"),
            query: &[
                ("entity", "string", "Loại đối tượng"),
                ("entity_id", "integer", "Mã đối tượng"),
                ("before_id", "integer", "Chỉ các dòng cũ hơn dòng này"),
                ("page", "integer", "Trang"),
                ("per_page", "integer", "Số dòng mỗi trang"),
            ],
            auth: true,
        },
    ]
}

fn schemas() -> Value {
    let date = json!({"type": "string", "format": "date", "example": "2024-04-21"});
    let opt_date = json!({"type": ["string", "null"], "format": "date"});
    let deadline = json!({
        "type": "object", "required": ["kind"],
        "properties": {
            "kind": {"type": "string", "enum": ["date", "month", "quarter", "half", "year", "recurring", "ongoing", "none"]},
            "due": opt_date,
            "period": {"type": ["string", "null"], "enum": ["weekly", "monthly", "quarterly", "half_yearly", "yearly", null]},
            "day_of_period": {"type": ["integer", "null"]},
            "text": {"type": ["string", "null"]}
        }
    });
    let status = json!({
        "type": "object",
        "properties": {
            "group": {"type": "string", "enum": ["done_on_time", "done_late", "open_in_time", "open_overdue", "due_soon", "no_deadline", "cancelled"]},
            "official": {"type": ["string", "null"]},
            "label": {"type": "string"},
            "days_overdue": {"type": "integer"}, "days_late": {"type": "integer"}, "days_left": {"type": "integer"}
        }
    });
    let unit_ref =
        json!({"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": ["string", "null"]}}});
    let counts = json!({"type": "object", "properties": {
        "total": {"type": "integer"}, "done_on_time": {"type": "integer"}, "done_late": {"type": "integer"},
        "open_in_time": {"type": "integer"}, "open_overdue": {"type": "integer"}, "due_soon": {"type": "integer"},
        "no_deadline": {"type": "integer"}, "cancelled": {"type": "integer"}, "on_time_rate": {"type": ["number", "null"]}}});
    json!({
        "Error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "Mã lỗi máy đọc (ổn định)"},
                "message": {"type": "string", "description": "Thông báo tiếng Việt"},
                "field": {"type": ["string", "null"]},
                "details": {}
            }
        },
        "Login": {"type": "object", "required": ["username", "password"],
            "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"}}},
        "User": {"type": "object", "properties": {
            "id": {"type": "integer"}, "org_id": {"type": "integer"}, "username": {"type": "string"},
            "display_name": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "office", "leader", "unit", "cadre"]},
            "unit_id": {"type": ["integer", "null"]}, "person_id": {"type": ["integer", "null"]}, "active": {"type": "boolean"}}},
        "Session": {"type": "object", "properties": {"user": {"$ref": "#/components/schemas/User"},
            "csrf_token": {"type": ["string", "null"], "description": "Gửi lại trong X-CSRF-Token khi ghi"}}},
        "NewToken": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "expires_in_days": {"type": ["integer", "null"]}}},
        "Token": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "token": {"type": "string"}}},
        "NewUnit": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "parent_id": {"type": ["integer", "null"]}, "aliases": {"type": "array", "items": {"type": "string"}}}},
        "NewUser": {"type": "object", "required": ["username", "role"], "properties": {
            "username": {"type": "string"}, "display_name": {"type": "string"}, "role": {"type": "string"},
            "unit_id": {"type": ["integer", "null"]}, "password": {"type": ["string", "null"], "description": "Bỏ trống để tạo ngẫu nhiên"}}},
        "Created": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "List": {"type": "object", "properties": {"items": {"type": "array", "items": {}}, "total": {"type": "integer"}}},
        "Page": {"type": "object", "properties": {"items": {"type": "array", "items": {}}, "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}}},
        "ImportText": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}, "file_name": {"type": ["string", "null"]}}},
        "Document": {"type": "object", "properties": {
            "id": {"type": "integer"}, "state": {"type": "string", "enum": ["draft", "confirmed"]}, "symbol": {"type": ["string", "null"]},
            "kind": {"type": ["string", "null"]}, "date": opt_date, "title": {"type": ["string", "null"]}, "text": {"type": "string"}}},
        "Draft": {"type": "object", "properties": {
            "header": {"type": "object"}, "tasks": {"type": "array", "items": {"type": "object"}},
            "issues": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "integer"}, "severity": {"type": "string", "enum": ["blocking", "warning"]}, "code": {"type": "string"}, "message_vi": {"type": "string"}}}},
            "confirmable": {"type": "boolean"}}},
        "Imported": {"type": "object", "properties": {"document": {"$ref": "#/components/schemas/Document"}, "draft": {"$ref": "#/components/schemas/Draft"}}},
        "DraftEdits": {"type": "object", "required": ["edits"], "properties": {"edits": {"type": "array", "items": {
            "type": "object", "required": ["op"],
            "description": "op: set_lead {key, unit} | set_lead_person {key, person} | set_coordinators {key, units} | set_deadline {key, deadline} | set_text {key, text} | split {key, parts} | merge {keys} | delete {key} | add {parent, text, lead, deadline}",
            "properties": {"op": {"type": "string", "enum": ["set_lead", "set_lead_person", "set_coordinators", "set_deadline", "set_text", "split", "merge", "delete", "add"]}}}}}},
        "Confirmed": {"type": "object", "properties": {"document_id": {"type": "integer"}, "tasks": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "integer"}, "task_id": {"type": "integer"}}}}, "occurrences": {"type": "integer"}}},
        "Deadline": deadline,
        "Status": status,
        "Task": {"type": "object", "properties": {
            "id": {"type": "integer"}, "document_id": {"type": ["integer", "null"]}, "parent_id": {"type": ["integer", "null"]},
            "text": {"type": "string"}, "lead_unit": unit_ref, "coordinators": {"type": "array", "items": unit_ref},
            "deadline": {"$ref": "#/components/schemas/Deadline"}, "due_as_of": opt_date, "effective_due": opt_date,
            "state": {"type": "string", "enum": ["open", "completion_reported", "done", "cancelled"]},
            "status": {"$ref": "#/components/schemas/Status"}, "latest_percent": {"type": "integer"}}},
        "TaskPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
            "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}, "as_of": date}},
        "TaskPatch": {"type": "object", "properties": {"text": {"type": "string"}, "lead_unit": {"type": "integer", "description": "Đúng 01 đơn vị chủ trì"},
            "lead_person": {"type": ["integer", "null"]}, "coordinators": {"type": "array", "items": {"type": "integer"}}, "deadline": {"$ref": "#/components/schemas/Deadline"}}},
        "Progress": {"type": "object", "required": ["percent", "narrative"], "properties": {
            "percent": {"type": "integer", "minimum": 0, "maximum": 100}, "narrative": {"type": "string"}, "reported_on": opt_date,
            "figures": {"type": "array", "items": {"type": "object", "properties": {"indicator": {"type": "string"}, "value": {"type": "number"}, "unit": {"type": ["string", "null"]}}}}}},
        "Acceptance": {"type": "object", "required": ["accept"], "properties": {"accept": {"type": "boolean"}}},
        "Cancel": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}, "on": opt_date}},
        "ExtensionRequest": {"type": "object", "required": ["requested_due", "reason"], "properties": {"requested_due": date, "reason": {"type": "string"}}},
        "Decision": {"type": "object", "required": ["grant"], "properties": {"grant": {"type": "boolean"}, "note": {"type": ["string", "null"]}}},
        "Extension": {"type": "object", "properties": {"id": {"type": "integer"}, "task_id": {"type": "integer"}, "previous_due": date,
            "requested_due": date, "reason": {"type": "string"}, "decision": {"type": "string", "enum": ["pending", "granted", "refused"]}}},
        "Statistics": {"type": "object", "properties": {"as_of": date, "header": {"type": "array", "items": {"type": "string"}},
            "rows": {"type": "array", "items": {"type": "object", "properties": {"unit": unit_ref, "counts": counts, "cells": {"type": "array", "items": {"type": "string"}}}}},
            "totals": counts}}
    })
}

fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_string();
    for part in path.split('/').filter(|p| !p.is_empty() && *p != "api") {
        let part = part.trim_matches(|c| c == '{' || c == '}');
        id.push('_');
        id.extend(part.chars().map(|c| if c.is_alphanumeric() { c } else { '_' }));
    }
    id
}

/// The whole document.
pub fn document() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for op in operations() {
        let mut o = Map::new();
        o.insert("tags".into(), json!([op.tag]));
        o.insert("summary".into(), json!(op.summary));
        o.insert("operationId".into(), json!(operation_id(op.method, op.path)));
        let mut params: Vec<Value> = op
            .path
            .split('/')
            .filter(|p| p.starts_with('{'))
            .map(|p| {
                json!({"name": p.trim_matches(|c| c == '{' || c == '}'), "in": "path",
                       "required": true, "schema": {"type": "integer", "format": "int64"}})
            })
            .collect();
        for (name, ty, desc) in op.query {
            params.push(json!({"name": name, "in": "query", "required": false,
                                "description": desc, "schema": {"type": ty}}));
        }
        if !params.is_empty() {
            o.insert("parameters".into(), Value::Array(params));
        }
        if let Some(body) = op.body {
            o.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{body}")}}}}),
            );
        }
        let ok = match op.response {
            Some(r) => {
                json!({"description": "OK", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{r}")}}}})
            }
            None => json!({"description": "OK"}),
        };
        let err = json!({"description": "Lỗi", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
        o.insert("responses".into(), json!({"200": ok, "4XX": err.clone(), "5XX": err}));
        if !op.auth {
            o.insert("security".into(), json!([]));
        }
        let entry = paths.entry(op.path.to_string()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(op.method.to_string(), Value::Object(o));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "dondoc API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Theo dõi, đôn đốc thực hiện nhiệm vụ từ văn bản chỉ đạo. \
    Xác thực bằng cookie phiên (ghi phải kèm X-CSRF-Token) hoặc Authorization: Bearer <API token>. \
    Lỗi: {\"code\", \"message\", \"field\"}.",
            "license": {"name": "AGPL-3.0-or-later"}
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "cookie": {"type": "apiKey", "in": "cookie", "name": crate::session::SESSION_COOKIE},
                "bearer": {"type": "http", "scheme": "bearer"}
            }
        },
        "security": [{"cookie": []}, {"bearer": []}]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_is_openapi_31_with_paths() {
        let d = document();
        assert_eq!(d["openapi"], "3.1.0");
        assert!(d["paths"]["/healthz"]["get"].is_object());
    }

    #[test]
    fn every_schema_reference_resolves() {
        let d = document();
        let text = d.to_string();
        let schemas = &d["components"]["schemas"];
        for piece in text.split("#/components/schemas/").skip(1) {
            let name: String = piece.chars().take_while(|c| *c != '"').collect();
            assert!(schemas.get(&name).is_some(), "missing schema {name}");
        }
    }

    #[test]
    fn operation_ids_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for op in operations() {
            assert!(seen.insert(operation_id(op.method, op.path)), "{}", op.path);
        }
    }
}
