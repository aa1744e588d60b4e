//! Documents: import (text → extraction → draft), the draft and its edits, confirmation
//! (draft → live tasks), and reading documents.

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, StatusCode};
use axum::Json;
use dondoc_domain::dates::iso;
use dondoc_domain::deadline::Deadline;
use dondoc_domain::document::{Document, DocumentState};
use dondoc_domain::draft::{Draft, DraftEdit};
use dondoc_domain::ids::DocumentId;
use dondoc_domain::user::Permission;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::CurrentUser;
use crate::error::{ApiJson, ApiPath, ApiQuery, AppError, AppResult};
use crate::state::AppState;
use crate::views::{paginate, PageParams, MAX_YEAR, MIN_YEAR};

/// Longest accepted file name.
const MAX_FILE_NAME: usize = 255;

#[derive(Debug, Deserialize)]
pub struct ImportJson {
    pub text: String,
    pub file_name: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ImportQuery {
    pub file_name: Option<String>,
}

/// Decodes an uploaded file into text. Only UTF-8 text for now (.docx/.pdf go through
/// `dondoc-ingest` once it lands).
fn decode_text(bytes: &[u8]) -> Result<String, AppError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        AppError::invalid(
            "document.not_utf8",
            "file",
            "Tệp không phải văn bản UTF-8. Hãy lưu văn bản dưới dạng .txt (UTF-8).",
        )
    })?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(AppError::invalid("document.empty", "text", "Văn bản trống: không có nội dung để trích xuất."));
    }
    Ok(text.to_string())
}

fn clean_file_name(name: Option<String>) -> Option<String> {
    name.map(|n| {
        let base = n.rsplit(['/', '\\']).next().unwrap_or("").trim().to_string();
        base.chars().filter(|c| !c.is_control()).take(MAX_FILE_NAME).collect::<String>()
    })
    .filter(|n| !n.is_empty())
}

/// Runs the extractor with the organisation's directory and returns the domain's draft
/// input (through the JSON contract) and the normalised text the spans point into.
pub fn draft_input(
    text: &str,
    units: &[dondoc_domain::unit::Unit],
) -> Result<(dondoc_domain::draft::ExtractionInput, String), AppError> {
    let mut directory = dondoc_extract::Directory::new();
    for u in units {
        let aliases: Vec<&str> = u.aliases.iter().map(String::as_str).collect();
        directory.add(&u.name, &aliases);
    }
    let opts = dondoc_extract::Options { directory, with_text: true };
    let mut extraction = dondoc_extract::extract_with(text, &opts);
    let normalised = extraction.text_normalised.take().unwrap_or_else(|| text.to_string());
    let value = serde_json::to_value(&extraction).map_err(AppError::internal_from)?;
    let input = serde_json::from_value(value).map_err(AppError::internal_from)?;
    Ok((input, normalised))
}

/// `POST /api/documents` (office): the body is the document — JSON `{"text", "file_name"}`,
/// `text/plain` (file name in `?file_name=`), or `multipart/form-data` with a `file` part.
pub async fn import(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiQuery(query): ApiQuery<ImportQuery>,
    req: Request,
) -> AppResult<(StatusCode, Json<Value>)> {
    let actor = me.actor();
    actor.require(Permission::ImportDocument)?;
    let ctype =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let (text, file_name) = if ctype.starts_with("application/json") {
        let ApiJson(body) = ApiJson::<ImportJson>::from_request(req, &state).await?;
        (decode_text(body.text.as_bytes())?, body.file_name)
    } else if ctype.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &state)
            .await
            .map_err(|e| AppError::bad_request("request.bad_multipart", e.body_text()))?;
        let mut found = None;
        while let Some(field) = mp.next_field().await.map_err(multipart_error)? {
            if field.name() == Some("file") {
                let name = field.file_name().map(str::to_string);
                let bytes = field.bytes().await.map_err(multipart_error)?;
                found = Some((decode_text(&bytes)?, name));
                break;
            }
        }
        found.ok_or_else(|| AppError::invalid("document.no_file", "file", "Chưa chọn tệp văn bản để tải lên."))?
    } else if ctype.starts_with("text/plain") || ctype.is_empty() {
        let bytes = axum::body::Bytes::from_request(req, &state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::too_large(state.config.max_body_bytes)
            } else {
                AppError::bad_request("request.bad_body", "Không đọc được nội dung yêu cầu.")
            }
        })?;
        (decode_text(&bytes)?, query.file_name)
    } else {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request.unsupported_media_type",
            "Hãy gửi văn bản dạng text/plain, application/json hoặc multipart/form-data.",
        ));
    };
    let file_name = clean_file_name(file_name);
    let units = state.store.list_units(&actor).await?;
    let (input, text) =
        tokio::task::spawn_blocking(move || draft_input(&text, &units)).await.map_err(AppError::internal_from)??;
    let dir = state.store.unit_directory(&actor).await?;
    let draft = Draft::from_extraction(&input, &dir);
    let id = state.store.import_draft(&actor, &draft, file_name.as_deref(), &text).await?;
    let doc = state.store.get_document(&actor, id).await?;
    Ok((StatusCode::CREATED, Json(json!({"document": document_json(&doc, false), "draft": draft_json(&draft)}))))
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "request.too_large", "Tệp tải lên vượt quá giới hạn cho phép.")
    } else {
        AppError::bad_request("request.bad_multipart", "Dữ liệu tải lên (multipart) không hợp lệ.")
    }
}

pub fn document_json(d: &Document, with_text: bool) -> Value {
    let h = &d.header;
    let mut v = json!({
        "id": d.id,
        "state": d.state.as_str(),
        "symbol": h.symbol,
        "number": h.number,
        "kind": h.kind,
        "kind_name": h.kind_name,
        "issuer": h.issuer,
        "place": h.place,
        "date": h.date.map(iso),
        "title": h.title,
        "signer": h.signer,
        "recipients": h.recipients,
        "file_name": d.file_name,
    });
    if with_text {
        v["text"] = json!(d.text);
    }
    v
}

pub fn draft_json(d: &Draft) -> Value {
    let mut v = serde_json::to_value(d).unwrap_or_else(|_| json!({}));
    v["issues"] = serde_json::to_value(d.issues()).unwrap_or_else(|_| json!([]));
    v["confirmable"] = json!(d.blocking_issues().is_empty());
    v
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    pub state: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `GET /api/documents?state=draft|confirmed&page=&per_page=` (newest first).
pub async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Value>> {
    let (page, per) = PageParams { page: q.page, per_page: q.per_page }.resolve()?;
    let st = match q.state.as_deref() {
        None | Some("") => None,
        Some(s) => Some(DocumentState::parse(s).ok_or_else(|| {
            AppError::invalid("request.invalid_query", "state", "Trạng thái văn bản phải là draft hoặc confirmed.")
        })?),
    };
    let docs = state.store.list_documents(&me.actor(), st).await?;
    let items: Vec<Value> = docs
        .iter()
        .map(|d| {
            json!({"id": d.id, "symbol": d.symbol, "kind_name": d.kind_name, "date": d.date.map(iso),
                   "title": d.title, "state": d.state.as_str(), "file_name": d.file_name})
        })
        .collect();
    Ok(Json(serde_json::to_value(paginate(items, page, per)).unwrap_or_default()))
}

/// `GET /api/documents/{id}`: the document with its text.
pub async fn get(State(state): State<AppState>, me: CurrentUser, ApiPath(id): ApiPath<i64>) -> AppResult<Json<Value>> {
    let doc = state.store.get_document(&me.actor(), DocumentId(id)).await?;
    Ok(Json(document_json(&doc, true)))
}

/// `GET /api/documents/{id}/draft`
pub async fn get_draft(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Value>> {
    let draft = state.store.get_draft(&me.actor(), DocumentId(id)).await?;
    Ok(Json(draft_json(&draft)))
}

#[derive(Debug, Deserialize)]
pub struct EditsBody {
    pub edits: Vec<Value>,
}

/// Checks one edit before the store sees it: one lead only, dates in range, a deadline not
/// before the document's date.
fn parse_edit(i: usize, v: Value, doc_date: Option<time::Date>) -> Result<DraftEdit, AppError> {
    let field = format!("edits[{i}]");
    if v.get("op").and_then(Value::as_str) == Some("set_lead") {
        if let Some(arr) = v.get("unit").and_then(Value::as_array) {
            if arr.len() != 1 {
                return Err(second_lead(&field));
            }
        }
    }
    if v.get("lead").and_then(Value::as_array).is_some_and(|a| a.len() > 1) {
        return Err(second_lead(&field));
    }
    let edit: DraftEdit = serde_json::from_value(v).map_err(|e| {
        AppError::invalid("request.invalid_json", &field, format!("Thao tác chỉnh sửa không hợp lệ: {e}"))
    })?;
    let deadline = match &edit {
        DraftEdit::SetDeadline { deadline, .. } | DraftEdit::Add { deadline, .. } => Some(deadline),
        _ => None,
    };
    if let Some(d) = deadline {
        check_deadline(d, doc_date, &format!("{field}.deadline"))?;
    }
    Ok(edit)
}

pub fn second_lead(field: &str) -> AppError {
    AppError::invalid(
        "task.single_lead",
        field,
        "Mỗi nhiệm vụ chỉ có 01 đơn vị chủ trì; các đơn vị khác ghi là đơn vị phối hợp.",
    )
}

/// Validates a deadline against its own rules, the accepted date range and the document's
/// date.
pub fn check_deadline(d: &Deadline, doc_date: Option<time::Date>, field: &str) -> Result<(), AppError> {
    if let Some(due) = d.due {
        if !(MIN_YEAR..=MAX_YEAR).contains(&due.year()) {
            return Err(AppError::invalid(
                "request.date_out_of_range",
                field,
                format!("Ngày {} nằm ngoài khoảng cho phép ({MIN_YEAR}–{MAX_YEAR}).", iso(due)),
            ));
        }
    }
    d.validate().and_then(|_| d.validate_against_document(doc_date)).map_err(|e| AppError::from(e).with_field(field))
}

/// `PATCH /api/documents/{id}/draft` (office): `{"edits": [ {"op": "set_lead", …}, … ]}`,
/// applied all or nothing.
pub async fn edit_draft(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EditsBody>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    actor.require(Permission::EditDraft)?;
    if body.edits.is_empty() || body.edits.len() > 500 {
        return Err(AppError::invalid("request.invalid_json", "edits", "Cần từ 1 đến 500 thao tác chỉnh sửa."));
    }
    let doc = state.store.get_document(&actor, DocumentId(id)).await?;
    let edits = body
        .edits
        .into_iter()
        .enumerate()
        .map(|(i, v)| parse_edit(i, v, doc.header.date))
        .collect::<Result<Vec<_>, _>>()?;
    let draft = state.store.edit_draft(&actor, DocumentId(id), &edits).await?;
    Ok(Json(draft_json(&draft)))
}

/// `POST /api/documents/{id}/confirm` (office): the draft's tasks become live.
pub async fn confirm(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Value>> {
    let c = state.store.confirm_draft(&me.actor(), DocumentId(id), state.today()).await?;
    let tasks: Vec<Value> = c.tasks.iter().map(|(k, t)| json!({"key": k, "task_id": t})).collect();
    Ok(Json(json!({"document_id": c.document, "tasks": tasks, "occurrences": c.occurrences})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_file_name(Some("../../etc/passwd".into())).as_deref(), Some("passwd"));
        assert_eq!(clean_file_name(Some("C:\\x\\kl.txt".into())).as_deref(), Some("kl.txt"));
        assert_eq!(clean_file_name(Some("  ".into())), None);
    }

    #[test]
    fn text_must_be_utf8_and_not_empty() {
        assert_eq!(decode_text(&[0xff, 0xfe, 0x00]).unwrap_err().code, "document.not_utf8");
        assert_eq!(decode_text(b"  \n").unwrap_err().code, "document.empty");
        assert_eq!(decode_text("\u{feff}abc".as_bytes()).ok().as_deref(), Some("abc"));
    }

    #[test]
    fn second_lead_is_refused() {
        let e = parse_edit(0, json!({"op": "set_lead", "key": 1, "unit": [1, 2]}), None).unwrap_err();
        assert_eq!(e.code, "task.single_lead");
        assert!(parse_edit(0, json!({"op": "set_lead", "key": 1, "unit": 1}), None).is_ok());
    }
}
