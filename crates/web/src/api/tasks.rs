//! Tasks: the list with its filters, one task, the office's edits and decisions, progress
//! reports (with attachments), completion, acceptance, cancellation, extensions.

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dondoc_domain::dates::iso;
use dondoc_domain::deadline::Deadline;
use dondoc_domain::extension::effective_due;
use dondoc_domain::ids::{DocumentId, ExtensionId, PersonId, ReportId, TaskId, UnitId};
use dondoc_domain::progress::{NewProgressReport, TargetFigure};
use dondoc_domain::status::{status_as_of, StatusGroup};
use dondoc_domain::user::Permission;
use dondoc_store::progress::NewAttachment;
use dondoc_store::tasks::{TaskFilter, TaskUpdate};
use serde::Deserialize;
use serde_json::{json, Value};

use super::documents::{check_deadline, second_lead};
use crate::auth::CurrentUser;
use crate::error::{ApiJson, ApiPath, ApiQuery, AppError, AppResult};
use crate::state::AppState;
use crate::views::{parse_date, parse_opt_date, task_json, PageParams, UnitNames};

#[derive(Debug, Deserialize, Default)]
pub struct TaskQuery {
    /// Tasks led by this unit.
    pub unit: Option<i64>,
    /// With `unit`: also those it coordinates.
    pub include_coordinated: Option<bool>,
    /// Status groups, comma-separated (done_on_time, done_late, open_in_time, open_overdue,
    /// due_soon, no_deadline, cancelled).
    pub status: Option<String>,
    /// Report date for statuses (default today).
    pub as_of: Option<String>,
    pub document: Option<i64>,
    pub due_from: Option<String>,
    pub due_to: Option<String>,
    /// Words the text contains (diacritics ignored).
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `GET /api/tasks`: the caller's visible tasks, filtered, sorted by deadline in force then id
/// (tasks without a deadline last), paginated.
pub async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiQuery(q): ApiQuery<TaskQuery>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    let (page, per) = PageParams { page: q.page, per_page: q.per_page }.resolve()?;
    let as_of = parse_opt_date("as_of", q.as_of.as_deref())?.unwrap_or_else(|| state.today());
    let mut f = TaskFilter::as_of(as_of);
    f.due_soon_days = state.config.due_soon_days;
    f.unit = q.unit.map(UnitId);
    f.include_coordinated = q.include_coordinated.unwrap_or(false);
    if let Some(s) = q.status.as_deref().filter(|s| !s.trim().is_empty()) {
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            f.groups.push(StatusGroup::parse(part).ok_or_else(|| {
                AppError::invalid("request.invalid_query", "status", format!("Trạng thái \"{part}\" không hợp lệ."))
            })?);
        }
    }
    f.document = q.document.map(DocumentId);
    f.due_from = parse_opt_date("due_from", q.due_from.as_deref())?;
    f.due_to = parse_opt_date("due_to", q.due_to.as_deref())?;
    if let (Some(a), Some(b)) = (f.due_from, f.due_to) {
        if a > b {
            return Err(AppError::invalid(
                "request.bad_range",
                "due_to",
                "Ngày kết thúc khoảng thời hạn phải sau ngày bắt đầu.",
            ));
        }
    }
    f.text = q.q.map(|s| s.trim().chars().take(200).collect::<String>()).filter(|s| !s.is_empty());
    f.limit = per;
    f.offset = (page - 1) * per;
    let result = state.store.list_tasks(&actor, &f).await?;
    let names = UnitNames::new(&state.store.list_units(&actor).await?);
    let items: Vec<Value> =
        result.items.iter().map(|i| task_json(&i.record, &names, Some(&i.status), i.due_as_of)).collect();
    Ok(Json(json!({
        "items": items, "total": result.total, "page": page, "per_page": per, "as_of": iso(as_of)
    })))
}

#[derive(Debug, Deserialize, Default)]
pub struct AsOfQuery {
    pub as_of: Option<String>,
}

/// `GET /api/tasks/{id}`: one task with its status as of `?as_of=` (default today), its
/// extensions and progress history.
pub async fn get(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<AsOfQuery>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    let as_of = parse_opt_date("as_of", q.as_of.as_deref())?.unwrap_or_else(|| state.today());
    let rec = state.store.get_task(&actor, TaskId(id)).await?;
    let exts = state.store.list_extensions(&actor, TaskId(id)).await?;
    let reports = state.store.list_progress_reports(&actor, TaskId(id)).await?;
    let status = status_as_of(&rec.task, &exts, None, as_of, state.config.due_soon_days);
    let due = effective_due(rec.task.deadline.single_due(), &exts, as_of);
    let names = UnitNames::new(&state.store.list_units(&actor).await?);
    let mut v = task_json(&rec, &names, Some(&status), due);
    v["as_of"] = json!(iso(as_of));
    v["extensions"] = serde_json::to_value(&exts).unwrap_or_default();
    v["progress"] = serde_json::to_value(&reports).unwrap_or_default();
    Ok(Json(v))
}

/// A unit id given where one lead is expected: a number; an array of more than one is a
/// second lead.
fn one_unit(v: &Value, field: &str) -> Result<UnitId, AppError> {
    match v {
        Value::Number(n) => n.as_i64().map(UnitId).ok_or_else(|| bad_unit(field)),
        Value::Array(a) if a.len() == 1 => one_unit(&a[0], field),
        Value::Array(a) if a.len() > 1 => Err(second_lead(field)),
        _ => Err(bad_unit(field)),
    }
}

fn bad_unit(field: &str) -> AppError {
    AppError::invalid("request.invalid_json", field, "Mã đơn vị phải là một số nguyên.")
}

#[derive(Debug, Deserialize)]
pub struct TaskPatch {
    pub text: Option<String>,
    pub lead_unit: Option<Value>,
    /// `null` removes the lead person.
    #[serde(default, with = "double_option")]
    pub lead_person: Option<Option<i64>>,
    pub coordinators: Option<Vec<i64>>,
    pub deadline: Option<Deadline>,
}

mod double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
        Ok(Some(Option::<i64>::deserialize(d)?))
    }
}

/// `PATCH /api/tasks/{id}` (office): text, lead (exactly one), lead person, coordinators,
/// deadline (not before the document's date).
pub async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(p): ApiJson<TaskPatch>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    actor.require(Permission::EditTask)?;
    let lead_unit = p.lead_unit.as_ref().map(|v| one_unit(v, "lead_unit")).transpose()?;
    let current = state.store.get_task(&actor, TaskId(id)).await?;
    if let Some(d) = &p.deadline {
        let doc_date = match current.task.document_id {
            Some(doc) => state.store.get_document(&actor, doc).await?.header.date,
            None => None,
        };
        check_deadline(d, doc_date, "deadline")?;
    }
    if let Some(t) = &p.text {
        if t.chars().count() > 20_000 {
            return Err(AppError::invalid("request.too_long", "text", "Nội dung nhiệm vụ quá dài."));
        }
    }
    let u = TaskUpdate {
        text: p.text,
        lead_unit,
        lead_person: p.lead_person.map(|o| o.map(PersonId)),
        coordinators: p.coordinators.map(|c| c.into_iter().map(UnitId).collect()),
        deadline: p.deadline,
    };
    let rec = state.store.update_task(&actor, TaskId(id), &u).await?;
    let names = UnitNames::new(&state.store.list_units(&actor).await?);
    Ok(Json(task_json(&rec, &names, None, rec.effective_due)))
}

#[derive(Debug, Deserialize)]
pub struct ProgressBody {
    /// Default: today.
    pub reported_on: Option<String>,
    pub percent: i64,
    pub narrative: String,
    #[serde(default)]
    pub figures: Vec<TargetFigure>,
    #[serde(default)]
    pub marks_completion: bool,
}

const MAX_ATTACHMENTS: usize = 20;

async fn progress_from_request(state: &AppState, req: Request) -> Result<(ProgressBody, Vec<NewAttachment>), AppError> {
    let ctype =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    if !ctype.starts_with("multipart/form-data") {
        let ApiJson(body) = ApiJson::<ProgressBody>::from_request(req, state).await?;
        return Ok((body, Vec::new()));
    }
    let mut mp = Multipart::from_request(req, state)
        .await
        .map_err(|e| AppError::bad_request("request.bad_multipart", e.body_text()))?;
    let mut body: Option<ProgressBody> = None;
    let mut files = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(mp_err)? {
        match field.name() {
            Some("report") => {
                let bytes = field.bytes().await.map_err(mp_err)?;
                body = Some(serde_json::from_slice(&bytes).map_err(|e| {
                    AppError::invalid(
                        "request.invalid_json",
                        "report",
                        format!("Phần \"report\" không phải JSON hợp lệ: {e}"),
                    )
                })?);
            }
            Some("file") | Some("attachment") => {
                if files.len() >= MAX_ATTACHMENTS {
                    return Err(AppError::invalid(
                        "progress.too_many_attachments",
                        "attachments",
                        format!("Tối đa {MAX_ATTACHMENTS} tệp đính kèm mỗi báo cáo."),
                    ));
                }
                let name = field
                    .file_name()
                    .map(|n| n.rsplit(['/', '\\']).next().unwrap_or("").to_string())
                    .unwrap_or_default();
                let content_type =
                    field.content_type().unwrap_or("application/octet-stream").chars().take(100).collect();
                let bytes = field.bytes().await.map_err(mp_err)?;
                files.push(NewAttachment { name, content_type, bytes: bytes.to_vec() });
            }
            _ => {}
        }
    }
    let body = body.ok_or_else(|| {
        AppError::invalid("request.invalid_json", "report", "Thiếu phần \"report\" (JSON của báo cáo).")
    })?;
    Ok((body, files))
}

fn mp_err(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "request.too_large", "Tệp tải lên vượt quá giới hạn cho phép.")
    } else {
        AppError::bad_request("request.bad_multipart", "Dữ liệu tải lên (multipart) không hợp lệ.")
    }
}

async fn add_report(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    body: ProgressBody,
    files: Vec<NewAttachment>,
    completion: bool,
) -> AppResult<(StatusCode, Json<Value>)> {
    let today = state.today();
    let reported_on = parse_opt_date("reported_on", body.reported_on.as_deref())?.unwrap_or(today);
    let report = NewProgressReport {
        reported_on,
        percent: body.percent,
        narrative: body.narrative,
        figures: body.figures,
        attachments: Vec::new(),
        marks_completion: completion || body.marks_completion,
    };
    let rid = state.store.add_progress_report(&me.actor(), TaskId(id), &report, &files, today).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": rid, "task_id": id, "reported_on": iso(reported_on),
                    "marks_completion": report.marks_completion, "attachments": files.len()})),
    ))
}

/// `POST /api/tasks/{id}/progress` (the lead unit or cadre): JSON
/// `{"percent", "narrative", "reported_on"?, "figures"?}` or multipart with a `report` JSON
/// part and `file` parts.
pub async fn report_progress(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    req: Request,
) -> AppResult<(StatusCode, Json<Value>)> {
    me.actor().require(Permission::ReportProgress)?;
    let (body, files) = progress_from_request(&state, req).await?;
    add_report(&state, &me, id, body, files, false).await
}

/// `POST /api/tasks/{id}/completion` (the lead): a completion report (100%), which the
/// office then accepts or sends back.
pub async fn report_completion(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    req: Request,
) -> AppResult<(StatusCode, Json<Value>)> {
    me.actor().require(Permission::ReportProgress)?;
    let (body, files) = progress_from_request(&state, req).await?;
    add_report(&state, &me, id, body, files, true).await
}

/// `GET /api/tasks/{id}/progress`: the whole history.
pub async fn list_progress(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Value>> {
    let reports = state.store.list_progress_reports(&me.actor(), TaskId(id)).await?;
    Ok(Json(json!({"items": reports, "total": reports.len()})))
}

/// `GET /api/reports/{id}/attachments/{n}`: the n-th file (from 0) of a report, as a download.
pub async fn download_attachment(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath((id, n)): ApiPath<(i64, usize)>,
) -> AppResult<Response> {
    let files = state.store.get_attachments(&me.actor(), ReportId(id)).await?;
    let f = files.into_iter().nth(n).ok_or_else(|| AppError::not_found("tệp đính kèm"))?;
    let safe: String =
        f.name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let mut resp = f.bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    Ok(resp)
}

#[derive(Debug, Deserialize)]
pub struct AcceptanceBody {
    /// true: accept the completion report; false: send it back.
    pub accept: bool,
}

/// `POST /api/tasks/{id}/acceptance` (office).
pub async fn acceptance(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<AcceptanceBody>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    let rec = if b.accept {
        state.store.accept_completion(&actor, TaskId(id)).await?
    } else {
        state.store.send_back(&actor, TaskId(id)).await?
    };
    let names = UnitNames::new(&state.store.list_units(&actor).await?);
    Ok(Json(task_json(&rec, &names, None, rec.effective_due)))
}

#[derive(Debug, Deserialize)]
pub struct CancelBody {
    pub reason: String,
    pub on: Option<String>,
}

/// `POST /api/tasks/{id}/cancel` (office).
pub async fn cancel(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<CancelBody>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    let on = parse_opt_date("on", b.on.as_deref())?.unwrap_or_else(|| state.today());
    let rec = state.store.cancel_task(&actor, TaskId(id), on, &b.reason).await?;
    let names = UnitNames::new(&state.store.list_units(&actor).await?);
    Ok(Json(task_json(&rec, &names, None, rec.effective_due)))
}

#[derive(Debug, Deserialize)]
pub struct ExtensionBody {
    pub requested_due: String,
    pub reason: String,
}

/// `POST /api/tasks/{id}/extensions` (the lead): asks for a later deadline.
pub async fn request_extension(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<ExtensionBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let due = parse_date("requested_due", &b.requested_due)?;
    if b.reason.chars().count() > 5000 {
        return Err(AppError::invalid("request.too_long", "reason", "Lý do quá dài."));
    }
    let eid = state.store.request_extension(&me.actor(), TaskId(id), due, &b.reason, state.today()).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": eid, "task_id": id, "requested_due": iso(due), "decision": "pending"}))))
}

/// `GET /api/tasks/{id}/extensions`
pub async fn task_extensions(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Value>> {
    let actor = me.actor();
    // Reading the task first makes an invisible task a 404 whatever the extension query does.
    state.store.get_task(&actor, TaskId(id)).await?;
    let exts = state.store.list_extensions(&actor, TaskId(id)).await?;
    Ok(Json(json!({"items": exts, "total": exts.len()})))
}

/// `GET /api/extensions`: pending requests the caller can see (oldest first).
pub async fn pending_extensions(State(state): State<AppState>, me: CurrentUser) -> AppResult<Json<Value>> {
    let exts = state.store.pending_extensions(&me.actor()).await?;
    Ok(Json(json!({"items": exts, "total": exts.len()})))
}

#[derive(Debug, Deserialize)]
pub struct DecisionBody {
    pub grant: bool,
    pub note: Option<String>,
}

/// `POST /api/extensions/{id}/decision` (leader).
pub async fn decide_extension(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> AppResult<Json<Value>> {
    let e =
        state.store.decide_extension(&me.actor(), ExtensionId(id), b.grant, b.note.as_deref(), state.today()).await?;
    Ok(Json(serde_json::to_value(&e).unwrap_or_default()))
}
