//! Task pages: the list (filters, sort, pages, status colours) and one task (its source
//! passage, reports, extensions, and the forms each user may use: report progress with an
//! attachment, report completion, ask for an extension, decide it, accept or send back).
//!
//! Who sees which form is decided by the domain (`Actor::can_on_task`); the store checks the
//! same again when the form is posted.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dondoc_domain::dates::{iso, vi};
use dondoc_domain::deadline::{Deadline, DeadlineKind};
use dondoc_domain::extension::{effective_due, ExtensionDecision};
use dondoc_domain::ids::{DocumentId, ExtensionId, TaskId, UnitId};
use dondoc_domain::progress::NewProgressReport;
use dondoc_domain::status::{status_as_of, Status, StatusGroup};
use dondoc_domain::task::TaskState;
use dondoc_domain::unit::Unit;
use dondoc_domain::user::Permission;
use dondoc_store::tasks::{TaskFilter, TaskListItem, TaskOrder};
use serde::Deserialize;
use time::Date;

use super::ctx::{
    render, render_status, see_other, urlencode, FieldErrors, FormState, Layout, PageResult, PageUser, Posted,
};
use super::highlight::{self, Kind, Span};
use super::i18n::{group_label, t, Lang};
use crate::error::{ApiPath, AppError};
use crate::state::AppState;
use crate::views::parse_date;

pub const PER_PAGE: i64 = 50;

/// dd/mm/yyyy, or "" for none.
pub fn date_vi(d: Option<Date>) -> String {
    d.map(vi).unwrap_or_default()
}

/// A status in the page's language, with its day count.
pub fn status_label(lang: Lang, s: &Status) -> String {
    match lang {
        Lang::Vi => s.label_vi(),
        Lang::En => match s {
            Status::DoneLate { days_late } => format!("Done {days_late} days late"),
            Status::OpenOverdue { days_overdue } => format!("Overdue by {days_overdue} days"),
            Status::OpenInTime { due_soon: true, days_left: 0 } => "Due today".into(),
            Status::OpenInTime { due_soon: true, days_left } => format!("Due soon ({days_left} days left)"),
            s => group_label(lang, s.group()).to_string(),
        },
    }
}

/// A deadline as shown: "30/06/2024", "Hằng tháng", "Thường xuyên", "".
pub fn deadline_label(lang: Lang, d: &Deadline) -> String {
    match d.kind {
        DeadlineKind::Recurring => {
            let p = d.period.map(|p| t(lang, &format!("period.{}", p.as_str()))).unwrap_or("");
            if p.is_empty() {
                t(lang, "dk.recurring").to_string()
            } else {
                p.to_string()
            }
        }
        DeadlineKind::Ongoing => t(lang, "dk.ongoing").to_string(),
        DeadlineKind::None => String::new(),
        _ => date_vi(d.due),
    }
}

/// Unit names by id.
pub fn unit_names(units: &[Unit]) -> HashMap<UnitId, String> {
    units.iter().map(|u| (u.id, u.name.clone())).collect()
}

/// First characters of a text, on a character boundary.
pub fn short(s: &str, n: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// One row of a task table.
pub struct TaskRow {
    pub id: i64,
    pub ref_code: String,
    pub text: String,
    pub lead: String,
    pub due: String,
    pub group: &'static str,
    pub status: String,
    pub percent: u8,
    pub days_overdue: i64,
    pub days_left: i64,
}

impl TaskRow {
    pub fn new(lang: Lang, item: &TaskListItem, names: &HashMap<UnitId, String>) -> TaskRow {
        let t = &item.record.task;
        let due = match item.due_as_of {
            Some(d) => vi(d),
            None => deadline_label(lang, &t.deadline),
        };
        let ref_code = match (&t.ref_code, &item.record.occurrence) {
            (Some(r), Some(o)) => format!("{r} · {}", o.label),
            (None, Some(o)) => o.label.clone(),
            (Some(r), None) => r.clone(),
            (None, None) => String::new(),
        };
        TaskRow {
            id: t.id.get(),
            ref_code,
            text: short(&t.text, 260),
            lead: names.get(&t.lead_unit).cloned().unwrap_or_default(),
            due,
            group: item.status.group().as_str(),
            status: status_label(lang, &item.status),
            percent: item.record.latest_percent,
            days_overdue: match item.status {
                Status::OpenOverdue { days_overdue } => days_overdue,
                _ => 0,
            },
            days_left: match item.status {
                Status::OpenInTime { days_left, .. } => days_left,
                _ => 0,
            },
        }
    }
}

/// An option of a `<select>`.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct ListQuery {
    pub unit: Option<String>,
    pub coord: Option<String>,
    pub status: Option<String>,
    pub as_of: Option<String>,
    pub document: Option<String>,
    pub due_from: Option<String>,
    pub due_to: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub msg: Option<String>,
}

impl ListQuery {
    fn v(o: &Option<String>) -> &str {
        o.as_deref().map(str::trim).unwrap_or("")
    }

    /// A filter's value as typed.
    pub fn get(&self, k: &str) -> &str {
        Self::v(match k {
            "unit" => &self.unit,
            "coord" => &self.coord,
            "status" => &self.status,
            "as_of" => &self.as_of,
            "document" => &self.document,
            "due_from" => &self.due_from,
            "due_to" => &self.due_to,
            "q" => &self.q,
            "sort" => &self.sort,
            _ => &None,
        })
    }

    /// The query string for another page (or another sort).
    pub fn href(&self, page: i64, sort: Option<&str>) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("unit", &self.unit),
            ("coord", &self.coord),
            ("status", &self.status),
            ("as_of", &self.as_of),
            ("document", &self.document),
            ("due_from", &self.due_from),
            ("due_to", &self.due_to),
            ("q", &self.q),
        ] {
            let v = Self::v(v);
            if !v.is_empty() {
                parts.push(format!("{k}={}", urlencode(v)));
            }
        }
        let sort = sort.unwrap_or(Self::v(&self.sort));
        if !sort.is_empty() {
            parts.push(format!("sort={}", urlencode(sort)));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/tasks".into()
        } else {
            format!("/tasks?{}", parts.join("&"))
        }
    }
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TaskListPage {
    l: Layout,
    f: ListQuery,
    errors: FieldErrors,
    units: Vec<Opt>,
    statuses: Vec<Opt>,
    documents: Vec<Opt>,
    sorts: Vec<Opt>,
    rows: Vec<TaskRow>,
    total: i64,
    page: i64,
    pages: i64,
    prev: String,
    next: String,
    as_of_vi: String,
}

impl TaskListPage {
    fn err(&self, field: &str) -> &str {
        self.errors.get(field).map(String::as_str).unwrap_or("")
    }
}

fn date_field(errors: &mut FieldErrors, lang: Lang, field: &str, v: &Option<String>) -> Option<Date> {
    let s = ListQuery::v(v);
    if s.is_empty() {
        return None;
    }
    match parse_date(field, s) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.insert(field.into(), t(lang, "err.date").into());
            None
        }
    }
}

/// `GET /tasks`: the visible tasks, filtered by unit, status as of a date, document, deadline
/// range and text; sorted; 50 a page. One scoped query for the page, one for the unit names.
pub async fn list(State(state): State<AppState>, me: PageUser, Query(q): Query<ListQuery>) -> PageResult {
    let lang = me.lang;
    let actor = me.actor();
    let mut errors = FieldErrors::new();
    let as_of = date_field(&mut errors, lang, "as_of", &q.as_of).unwrap_or_else(|| state.today());
    let mut f = TaskFilter::as_of(as_of);
    f.due_soon_days = state.config.due_soon_days;
    f.unit = ListQuery::v(&q.unit).parse::<i64>().ok().map(UnitId);
    f.include_coordinated = !ListQuery::v(&q.coord).is_empty();
    let status = ListQuery::v(&q.status);
    if !status.is_empty() {
        match StatusGroup::parse(status) {
            Some(g) => f.groups.push(g),
            None => {
                errors.insert("status".into(), t(lang, "common.all").into());
            }
        }
    }
    f.document = ListQuery::v(&q.document).parse::<i64>().ok().map(DocumentId);
    f.due_from = date_field(&mut errors, lang, "due_from", &q.due_from);
    f.due_to = date_field(&mut errors, lang, "due_to", &q.due_to);
    if let (Some(a), Some(b)) = (f.due_from, f.due_to) {
        if a > b {
            errors.insert(
                "due_to".into(),
                AppError::invalid(
                    "request.bad_range",
                    "due_to",
                    "Ngày kết thúc khoảng thời hạn phải sau ngày bắt đầu.",
                )
                .message,
            );
            f.due_to = None;
        }
    }
    f.text = Some(ListQuery::v(&q.q).chars().take(200).collect::<String>()).filter(|s| !s.is_empty());
    let order = TaskOrder::parse(ListQuery::v(&q.sort)).unwrap_or_default();
    let page = ListQuery::v(&q.page).parse::<i64>().ok().filter(|p| (1..=100_000).contains(p)).unwrap_or(1);
    f.limit = PER_PAGE;
    f.offset = (page - 1) * PER_PAGE;

    let result = state.store.list_tasks_ordered(&actor, &f, order).await?;
    let units = state.store.list_units(&actor).await?;
    let docs = state.store.list_documents(&actor, Some(dondoc_domain::document::DocumentState::Confirmed)).await?;
    let names = unit_names(&units);
    let rows = result.items.iter().map(|i| TaskRow::new(lang, i, &names)).collect();
    let pages = ((result.total + PER_PAGE - 1) / PER_PAGE).max(1);

    let unit_sel = f.unit.map(|u| u.get().to_string()).unwrap_or_default();
    let doc_sel = f.document.map(|u| u.get().to_string()).unwrap_or_default();
    let units = units
        .iter()
        .map(|u| Opt {
            value: u.id.get().to_string(),
            label: u.name.clone(),
            selected: unit_sel == u.id.get().to_string(),
        })
        .collect();
    let statuses = StatusGroup::ALL
        .iter()
        .map(|g| Opt { value: g.as_str().into(), label: group_label(lang, *g).into(), selected: status == g.as_str() })
        .collect();
    let documents = docs
        .iter()
        .map(|d| Opt {
            value: d.id.get().to_string(),
            label: format!(
                "{} {}",
                d.kind_name.clone().unwrap_or_default(),
                d.symbol.clone().unwrap_or_else(|| d.file_name.clone().unwrap_or_default())
            ),
            selected: doc_sel == d.id.get().to_string(),
        })
        .collect();
    let sorts = TaskOrder::ALL
        .iter()
        .map(|o| Opt {
            value: o.as_str().into(),
            label: t(lang, &format!("tasks.sort.{}", o.as_str())).into(),
            selected: order == *o,
        })
        .collect();
    let here = q.href(page, None);
    let l = Layout::new(&state, &me, "tasks", "tasks.title").await.with_notice(q.msg.as_deref()).at(here);
    let tpl = TaskListPage {
        prev: if page > 1 { q.href(page - 1, None) } else { String::new() },
        next: if page < pages { q.href(page + 1, None) } else { String::new() },
        l,
        f: q,
        errors,
        units,
        statuses,
        documents,
        sorts,
        rows,
        total: result.total,
        page,
        pages,
        as_of_vi: vi(as_of),
    };
    let status = if tpl.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(render_status(status, &tpl))
}

/// One progress report as shown.
pub struct ReportView {
    pub id: i64,
    pub reported_on: String,
    pub percent: u8,
    pub narrative: String,
    pub completion: bool,
    pub files: Vec<(usize, String)>,
}

/// One extension request as shown.
pub struct ExtensionView {
    pub id: i64,
    pub requested_on: String,
    pub previous_due: String,
    pub requested_due: String,
    pub reason: String,
    pub decision: &'static str,
    pub decision_label: &'static str,
    pub decided_on: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    l: Layout,
    id: i64,
    ref_code: String,
    text: String,
    lead: String,
    coordinators: Vec<String>,
    deadline: String,
    deadline_words: String,
    original_due: String,
    effective_due: String,
    group: &'static str,
    status: String,
    state_label: &'static str,
    percent: u8,
    assigned_on: String,
    document_id: i64,
    document_label: String,
    passage_html: String,
    targets: Vec<String>,
    references: Vec<String>,
    reports: Vec<ReportView>,
    extensions: Vec<ExtensionView>,
    can_report: bool,
    can_complete: bool,
    can_extend: bool,
    can_decide: bool,
    can_accept: bool,
    today: String,
    form: FormState,
}

/// The passage of the document a task was read from, with the task marked; the task's own
/// text when it cannot be found.
fn source_passage(doc_text: &str, task_text: &str) -> String {
    let probe: String = task_text.trim().chars().take(80).collect();
    let found = highlight::find_in(doc_text, task_text, 0, doc_text.len())
        .or_else(|| highlight::find_in(doc_text, &probe, 0, doc_text.len()));
    let Some((a, b)) = found else {
        let mut out = String::new();
        highlight::escape(task_text, &mut out);
        return out;
    };
    let start = doc_text[..a].rfind("\n\n").map(|i| i + 2).unwrap_or(0);
    let end = doc_text[b..].find("\n\n").map(|i| b + i).unwrap_or(doc_text.len());
    let passage = &doc_text[start..end];
    highlight::render(passage, &[Span { start: a - start, end: b - start, kind: Kind::Task, key: None }])
}

async fn task_page(
    state: &AppState,
    me: &PageUser,
    id: i64,
    form: FormState,
    status: StatusCode,
    msg: Option<&str>,
) -> PageResult {
    let lang = me.lang;
    let actor = me.actor();
    let today = state.today();
    let rec = state.store.get_task(&actor, TaskId(id)).await?;
    let exts = state.store.list_extensions(&actor, TaskId(id)).await?;
    let reports = state.store.list_progress_reports(&actor, TaskId(id)).await?;
    let units = state.store.list_units(&actor).await?;
    let names = unit_names(&units);
    let task = &rec.task;
    let st = status_as_of(task, &exts, None, today, state.config.due_soon_days);
    let due_now = effective_due(task.deadline.single_due(), &exts, today).or(rec.effective_due);
    let (document_label, passage_html) = match task.document_id {
        Some(doc) => match state.store.get_document(&actor, doc).await {
            Ok(d) => {
                let h = &d.header;
                let label = format!(
                    "{} {}",
                    h.kind_name.clone().unwrap_or_default(),
                    h.symbol.clone().or(d.file_name.clone()).unwrap_or_default()
                );
                (label, source_passage(&d.text, &task.text))
            }
            Err(_) => (String::new(), source_passage("", &task.text)),
        },
        None => (String::new(), source_passage("", &task.text)),
    };
    let access = task.access();
    let open = task.state == TaskState::Open;
    let pending = exts.iter().any(|e| e.decision == ExtensionDecision::Pending);
    let ext_views = exts
        .iter()
        .map(|e| ExtensionView {
            id: e.id.get(),
            requested_on: vi(e.requested_on),
            previous_due: vi(e.previous_due),
            requested_due: vi(e.requested_due),
            reason: e.reason.clone(),
            decision: e.decision.as_str(),
            decision_label: t(lang, &format!("ext.{}", e.decision.as_str())),
            decided_on: date_vi(e.decided_on),
            note: e.decision_note.clone().unwrap_or_default(),
        })
        .collect();
    let mut report_views: Vec<ReportView> = reports
        .iter()
        .map(|r| ReportView {
            id: r.id.get(),
            reported_on: vi(r.reported_on),
            percent: r.percent,
            narrative: r.narrative.clone(),
            completion: r.marks_completion,
            files: r.attachments.iter().enumerate().map(|(i, a)| (i, a.name.clone())).collect(),
        })
        .collect();
    report_views.reverse();
    let ref_code = match (&task.ref_code, &rec.occurrence) {
        (Some(r), Some(o)) => format!("{r} · {}", o.label),
        (None, Some(o)) => o.label.clone(),
        (Some(r), None) => r.clone(),
        (None, None) => String::new(),
    };
    let l = Layout::new(state, me, "tasks", "task.title")
        .await
        .with_notice(msg)
        .at(format!("/tasks/{id}"))
        .with_title(format!("{} {}", t(lang, "task.title"), short(&task.text, 60)));
    let tpl = TaskPage {
        l,
        id,
        ref_code,
        text: task.text.clone(),
        lead: names.get(&task.lead_unit).cloned().unwrap_or_default(),
        coordinators: task.coordinators.iter().filter_map(|c| names.get(c).cloned()).collect(),
        deadline: deadline_label(lang, &task.deadline),
        deadline_words: task.deadline.text.clone().unwrap_or_default(),
        original_due: date_vi(task.deadline.single_due()),
        effective_due: date_vi(due_now),
        group: st.group().as_str(),
        status: status_label(lang, &st),
        state_label: t(lang, &format!("state.{}", task.state.as_str())),
        percent: rec.latest_percent,
        assigned_on: vi(task.assigned_on),
        document_id: task.document_id.map(|d| d.get()).unwrap_or(0),
        document_label,
        passage_html,
        targets: task.targets.iter().map(|x| x.text.clone().unwrap_or_else(|| x.indicator.clone())).collect(),
        references: task.references.clone(),
        reports: report_views,
        extensions: ext_views,
        can_report: actor.can_on_task(Permission::ReportProgress, &access)
            && matches!(task.state, TaskState::Open | TaskState::CompletionReported),
        can_complete: actor.can_on_task(Permission::ReportProgress, &access) && open,
        can_extend: actor.can_on_task(Permission::RequestExtension, &access) && open && due_now.is_some() && !pending,
        can_decide: actor.can_on_task(Permission::DecideExtension, &access) && pending,
        can_accept: actor.can_on_task(Permission::AcceptCompletion, &access)
            && task.state == TaskState::CompletionReported,
        today: vi(today),
        form,
    };
    Ok(render_status(status, &tpl))
}

#[derive(Debug, Deserialize, Default)]
pub struct ShowQuery {
    pub msg: Option<String>,
}

/// `GET /tasks/{id}`
pub async fn show(
    State(state): State<AppState>,
    me: PageUser,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    task_page(&state, &me, id, FormState::default(), StatusCode::OK, q.msg.as_deref()).await
}

/// Shows the task page again with a form's errors and what was typed (400 unless the error
/// says otherwise).
async fn again(state: &AppState, p: &Posted, id: i64, form: FormState, status: StatusCode) -> PageResult {
    let status = if status.is_success() { StatusCode::BAD_REQUEST } else { status };
    match task_page(state, &p.me, id, form, status, None).await {
        Ok(r) => Ok(r),
        Err(e) => Err(e),
    }
}

fn redirect_task(id: i64, msg: &str) -> Response {
    see_other(&format!("/tasks/{id}?msg={msg}"))
}

/// A date field: today when empty, else dd/mm/yyyy or YYYY-MM-DD.
fn posted_date(lang: Lang, errors: &mut FieldErrors, field: &str, v: &str, default: Option<Date>) -> Option<Date> {
    if v.is_empty() {
        if default.is_none() {
            errors.insert(field.into(), t(lang, "err.date").into());
        }
        return default;
    }
    match parse_date(field, v) {
        Ok(d) => Some(d),
        Err(e) => {
            let msg = if e.code == "request.date_out_of_range" { e.message } else { t(lang, "err.date").into() };
            errors.insert(field.into(), msg);
            None
        }
    }
}

/// `POST /tasks/{id}/progress` (the lead): percent, narrative, date, attachments.
pub async fn progress(State(state): State<AppState>, ApiPath(id): ApiPath<i64>, p: Posted) -> PageResult {
    report(state, id, p, false).await
}

/// `POST /tasks/{id}/completion` (the lead): a 100% report marking completion.
pub async fn completion(State(state): State<AppState>, ApiPath(id): ApiPath<i64>, p: Posted) -> PageResult {
    report(state, id, p, true).await
}

async fn report(state: AppState, id: i64, p: Posted, completion: bool) -> PageResult {
    let lang = p.me.lang;
    let form_name = if completion { "completion" } else { "progress" };
    let today = state.today();
    let mut errors = FieldErrors::new();
    let percent = if completion {
        100
    } else {
        match p.form.get("percent").parse::<i64>() {
            Ok(n) if (0..=100).contains(&n) => n,
            _ => {
                errors.insert("percent".into(), t(lang, "err.percent").into());
                0
            }
        }
    };
    let narrative = p.form.raw("narrative").trim().to_string();
    if narrative.is_empty() {
        errors.insert("narrative".into(), t(lang, "err.narrative").into());
    }
    let reported_on = posted_date(lang, &mut errors, "reported_on", p.form.get("reported_on"), Some(today));
    if !errors.is_empty() {
        return again(&state, &p, id, FormState::new(form_name, errors, p.form.values()), StatusCode::BAD_REQUEST)
            .await;
    }
    let files = p.form.files("attachment");
    let r = NewProgressReport {
        reported_on: reported_on.unwrap_or(today),
        percent,
        narrative,
        figures: Vec::new(),
        attachments: Vec::new(),
        marks_completion: completion,
    };
    match state.store.add_progress_report(&p.me.actor(), TaskId(id), &r, &files, today).await {
        Ok(_) => Ok(redirect_task(id, if completion { "msg.completion" } else { "msg.reported" })),
        Err(e) => {
            let e = AppError::from(e);
            if e.status == StatusCode::NOT_FOUND {
                return Err(e.into());
            }
            let st = e.status;
            again(&state, &p, id, FormState::from_error(form_name, &e, &p.form), st).await
        }
    }
}

/// `POST /tasks/{id}/extension` (the lead): the new deadline asked for and the reason.
pub async fn extension(State(state): State<AppState>, ApiPath(id): ApiPath<i64>, p: Posted) -> PageResult {
    let lang = p.me.lang;
    let mut errors = FieldErrors::new();
    let due = posted_date(lang, &mut errors, "requested_due", p.form.get("requested_due"), None);
    let reason = p.form.raw("reason").trim().to_string();
    if reason.is_empty() {
        errors.insert("reason".into(), t(lang, "err.reason").into());
    } else if reason.chars().count() > 5000 {
        errors.insert("reason".into(), "Lý do quá dài.".into());
    }
    let (Some(due), true) = (due, errors.is_empty()) else {
        return again(&state, &p, id, FormState::new("extension", errors, p.form.values()), StatusCode::BAD_REQUEST)
            .await;
    };
    match state.store.request_extension(&p.me.actor(), TaskId(id), due, &reason, state.today()).await {
        Ok(_) => Ok(redirect_task(id, "msg.extension")),
        Err(e) => {
            let e = AppError::from(e);
            if e.status == StatusCode::NOT_FOUND {
                return Err(e.into());
            }
            let st = e.status;
            again(&state, &p, id, FormState::from_error("extension", &e, &p.form), st).await
        }
    }
}

/// `POST /tasks/{id}/acceptance` (office): `decision=accept` or `decision=send_back`.
pub async fn acceptance(State(state): State<AppState>, ApiPath(id): ApiPath<i64>, p: Posted) -> PageResult {
    let actor = p.me.actor();
    let (res, msg) = match p.form.get("decision") {
        "accept" => (state.store.accept_completion(&actor, TaskId(id)).await, "msg.accepted"),
        "send_back" => (state.store.send_back(&actor, TaskId(id)).await, "msg.sent_back"),
        _ => {
            let mut errors = FieldErrors::new();
            errors.insert("general".into(), "Hãy chọn công nhận hoặc trả lại.".into());
            return again(
                &state,
                &p,
                id,
                FormState::new("acceptance", errors, p.form.values()),
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    match res {
        Ok(_) => Ok(redirect_task(id, msg)),
        Err(e) => {
            let e = AppError::from(e);
            let st = e.status;
            again(&state, &p, id, FormState::from_error("acceptance", &e, &p.form), st).await
        }
    }
}

/// `POST /extensions/{id}/decision` (leader): `grant=1` or `grant=0`, a note; `task` names
/// the page to return to.
pub async fn decision(State(state): State<AppState>, ApiPath(id): ApiPath<i64>, p: Posted) -> PageResult {
    let task: i64 = p.form.get("task").parse().unwrap_or(0);
    let grant = match p.form.get("grant") {
        "1" => true,
        "0" => false,
        _ => {
            let mut errors = FieldErrors::new();
            errors.insert("general".into(), "Hãy chọn đồng ý hoặc không đồng ý.".into());
            return again(
                &state,
                &p,
                task,
                FormState::new(&format!("decision-{id}"), errors, p.form.values()),
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    let note =
        Some(p.form.raw("note").trim()).filter(|s| !s.is_empty()).map(|s| s.chars().take(2000).collect::<String>());
    match state.store.decide_extension(&p.me.actor(), ExtensionId(id), grant, note.as_deref(), state.today()).await {
        Ok(e) => Ok(redirect_task(e.task_id.get(), if grant { "msg.granted" } else { "msg.refused" })),
        Err(e) => {
            let e = AppError::from(e);
            if task == 0 || e.status == StatusCode::NOT_FOUND {
                return Err(e.into());
            }
            let st = e.status;
            again(&state, &p, task, FormState::from_error(&format!("decision-{id}"), &e, &p.form), st).await
        }
    }
}

/// Used by other pages: tasks for a small list (overdue, due soon), first page only.
pub async fn short_list(
    state: &AppState,
    me: &PageUser,
    as_of: Date,
    group: StatusGroup,
    limit: i64,
    names: &HashMap<UnitId, String>,
) -> Result<(Vec<TaskRow>, i64), AppError> {
    let mut f = TaskFilter::as_of(as_of);
    f.due_soon_days = state.config.due_soon_days;
    f.groups = vec![group];
    f.limit = limit;
    let page = state.store.list_tasks_cached(&me.actor(), &f).await?;
    let rows = page
        .items
        .iter()
        .map(|i| {
            let mut r = TaskRow::new(me.lang, i, names);
            r.text = short(&i.record.task.text, 120);
            r
        })
        .collect();
    Ok((rows, page.total))
}

/// `iso` for links.
pub fn iso_date(d: Date) -> String {
    iso(d)
}

/// Shows the page (used where a handler has nothing to add).
pub fn page<T: Template>(tpl: &T) -> Response {
    render(tpl)
}
