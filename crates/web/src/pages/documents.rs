//! Documents: the list, import (upload a .txt file or paste the text), the review screen,
//! and a confirmed document with its tasks.
//!
//! The review screen shows the normalised text with every extracted task, lead, deadline,
//! target and citation marked in place, and beside it the proposed tasks, each editable. The
//! draft lives in the database: every edit is a POST that applies the domain's `DraftEdit`s
//! to the stored draft (all or nothing) — a reload midway loses nothing. Confirmation creates
//! the live tasks through the store, as the API does.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dondoc_domain::dates::vi;
use dondoc_domain::deadline::{day_of_period_from_words, Deadline, DeadlineKind, Period};
use dondoc_domain::document::{Document, DocumentState};
use dondoc_domain::draft::{Draft, DraftEdit, DraftIssue, DraftTask, Severity, UnitRef};
use dondoc_domain::ids::{DocumentId, UnitId};
use dondoc_domain::unit::{Resolution, Unit, UnitDirectory};
use dondoc_domain::user::Permission;
use dondoc_store::tasks::TaskFilter;
use serde::Deserialize;
use time::Date;

use super::ctx::{
    render, render_status, see_other, FieldErrors, FormState, Layout, PageError, PageResult, PageUser, Posted,
};
use super::highlight::{self, Kind, Span};
use super::i18n::{t, Lang};
use super::tasks::{date_vi, deadline_label, unit_names, TaskRow};
use crate::error::{ApiPath, AppError};
use crate::state::AppState;
use crate::views::parse_date;

#[derive(Debug, Deserialize, Default)]
pub struct MsgQuery {
    pub msg: Option<String>,
}

pub struct DocRow {
    pub id: i64,
    pub symbol: String,
    pub kind: String,
    pub date: String,
    pub title: String,
    pub draft: bool,
    pub file_name: String,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage {
    l: Layout,
    docs: Vec<DocRow>,
}

/// `GET /documents`: newest first (drafts only for the office).
pub async fn list(State(state): State<AppState>, me: PageUser, Query(q): Query<MsgQuery>) -> PageResult {
    let docs = state.store.list_documents(&me.actor(), None).await?;
    let docs = docs
        .into_iter()
        .map(|d| DocRow {
            id: d.id.get(),
            symbol: d.symbol.unwrap_or_default(),
            kind: d.kind_name.unwrap_or_default(),
            date: date_vi(d.date),
            title: d.title.unwrap_or_default(),
            draft: d.state == DocumentState::Draft,
            file_name: d.file_name.unwrap_or_default(),
        })
        .collect();
    let l = Layout::new(&state, &me, "documents", "docs.title").await.with_notice(q.msg.as_deref()).at("/documents");
    Ok(render(&DocumentsPage { l, docs }))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    l: Layout,
    form: FormState,
}

fn require(me: &PageUser, p: Permission) -> Result<(), PageError> {
    me.actor().require(p).map_err(|e| PageError::app(me.lang, e.into()))
}

/// `GET /documents/import` (office)
pub async fn import_form(State(state): State<AppState>, me: PageUser) -> PageResult {
    require(&me, Permission::ImportDocument)?;
    let l = Layout::new(&state, &me, "documents", "import.title").await.at("/documents/import");
    Ok(render(&ImportPage { l, form: FormState::default() }))
}

/// The text of an upload: UTF-8 (a BOM is dropped), not empty.
fn decode(bytes: &[u8]) -> Result<String, &'static str> {
    let s = std::str::from_utf8(bytes)
        .map_err(|_| "Tệp không phải văn bản UTF-8. Hãy lưu văn bản dưới dạng .txt (UTF-8).")?;
    let s = s.trim_start_matches('\u{feff}');
    if s.trim().is_empty() {
        return Err("Văn bản trống: không có nội dung để trích xuất.");
    }
    Ok(s.to_string())
}

/// Extracts a text into a stored draft (the same steps as `POST /api/documents`).
pub async fn import_text(
    state: &AppState,
    actor: &dondoc_domain::user::Actor,
    text: String,
    file_name: Option<String>,
) -> Result<DocumentId, AppError> {
    let units = state.store.list_units(actor).await?;
    let (input, normalised) = tokio::task::spawn_blocking(move || crate::api::documents::draft_input(&text, &units))
        .await
        .map_err(AppError::internal_from)??;
    let dir = state.store.unit_directory(actor).await?;
    let draft = Draft::from_extraction(&input, &dir);
    Ok(state.store.import_draft(actor, &draft, file_name.as_deref(), &normalised).await?)
}

/// `POST /documents/import` (office): a `file` or a pasted `text`; then the review screen.
pub async fn import(State(state): State<AppState>, p: Posted) -> PageResult {
    let me = &p.me;
    require(me, Permission::ImportDocument)?;
    let lang = me.lang;
    let mut errors = FieldErrors::new();
    let file = p.form.files("file").into_iter().next();
    let pasted = p.form.raw("text");
    let mut file_name: Option<String> =
        Some(p.form.get("file_name").chars().filter(|c| !c.is_control()).take(255).collect::<String>())
            .filter(|s| !s.is_empty());
    let text = match file {
        Some(f) => {
            if file_name.is_none() {
                file_name = Some(f.name.chars().filter(|c| !c.is_control()).take(255).collect());
            }
            match decode(&f.bytes) {
                Ok(t) => Some(t),
                Err(m) => {
                    errors.insert("file".into(), m.into());
                    None
                }
            }
        }
        None if !pasted.trim().is_empty() => Some(pasted.trim_start_matches('\u{feff}').to_string()),
        None => {
            errors.insert("text".into(), t(lang, "import.need_input").into());
            None
        }
    };
    let Some(text) = text.filter(|_| errors.is_empty()) else {
        let l = Layout::new(&state, me, "documents", "import.title").await.at("/documents/import");
        return Ok(render_status(
            StatusCode::BAD_REQUEST,
            &ImportPage { l, form: FormState::new("import", errors, p.form.values()) },
        ));
    };
    match import_text(&state, &me.actor(), text, file_name).await {
        Ok(id) => Ok(see_other(&format!("/documents/{}?msg=msg.imported", id.get()))),
        Err(e) => {
            let l = Layout::new(&state, me, "documents", "import.title").await.at("/documents/import");
            let st = if e.status.is_success() { StatusCode::BAD_REQUEST } else { e.status };
            Ok(render_status(st, &ImportPage { l, form: FormState::from_error("import", &e, &p.form) }))
        }
    }
}

/// A proposed task as the review screen shows it.
pub struct CardView {
    pub key: u32,
    pub source_id: String,
    pub parent: u32,
    pub text: String,
    pub has_span: bool,
    pub lead: String,
    pub lead_as_written: String,
    pub lead_person: String,
    pub coordinators: String,
    /// Names in the text that match no unit (left out on confirmation unless picked).
    pub coordinators_unresolved: String,
    pub deadline_kind: &'static str,
    pub due: String,
    pub period: &'static str,
    pub deadline_words: String,
    pub deadline_label: String,
    pub issues: Vec<IssueView>,
    pub blocked: bool,
    pub is_last: bool,
}

pub struct IssueView {
    pub blocking: bool,
    pub message: String,
}

pub struct UnitOpt {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    l: Layout,
    id: i64,
    notice: String,
    symbol: String,
    kind: String,
    date: String,
    title: String,
    issuer: String,
    signer: String,
    text_html: String,
    cards: Vec<CardView>,
    warnings: Vec<String>,
    blocking: usize,
    unit_opts: Vec<UnitOpt>,
    kinds: Vec<(&'static str, &'static str)>,
    periods: Vec<(&'static str, &'static str)>,
    form: FormState,
}

impl ReviewPage {
    /// What a card's field shows: what was typed when this card's form came back with errors,
    /// else the draft's value.
    fn v<'a>(&'a self, key: &u32, field: &str, default: &'a str) -> &'a str {
        self.form.val(&format!("task-{key}"), field, default)
    }
    fn e(&self, key: &u32, field: &str) -> &str {
        self.form.err(&format!("task-{key}"), field)
    }
    /// Whether an option is the selected one of a card's select.
    fn sel(&self, key: &u32, field: &str, current: &str, opt: &str) -> bool {
        self.v(key, field, current) == opt
    }
}

fn unit_label(units: &[Unit], id: Option<UnitId>) -> String {
    id.and_then(|i| units.iter().find(|u| u.id == i)).map(|u| u.name.clone()).unwrap_or_default()
}

fn ref_names(units: &[Unit], refs: &[UnitRef]) -> String {
    refs.iter()
        .map(|r| match r.unit() {
            Some(u) => unit_label(units, Some(u)),
            None => r.name.clone().unwrap_or_default(),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The spans to mark in the document: each task; within it its lead (as written), its
/// deadline and its targets; and every citation of another document.
fn spans(draft: &Draft, text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for t in &draft.tasks {
        let Some((a, b)) = t.span else { continue };
        out.push(Span { start: a, end: b, kind: Kind::Task, key: Some(t.key) });
        if let Some((s, e)) = t.deadline_span {
            out.push(Span { start: s, end: e, kind: Kind::Deadline, key: None });
        }
        if let Some(name) = t.lead.as_ref().and_then(|l| l.name.as_deref()) {
            if let Some((s, e)) = highlight::find_in_ci(text, name, a, b.min(text.len())) {
                out.push(Span { start: s, end: e, kind: Kind::Lead, key: None });
            }
        }
        for x in &t.targets {
            if let Some(words) = x.text.as_deref() {
                if let Some((s, e)) = highlight::find_in(text, words, a, b.min(text.len())) {
                    out.push(Span { start: s, end: e, kind: Kind::Target, key: None });
                }
            }
        }
    }
    for r in &draft.references {
        let Some(words) = r.text.as_deref().or(r.symbol.as_deref()) else { continue };
        let mut from = 0;
        while let Some((s, e)) = highlight::find_in(text, words, from, text.len()) {
            out.push(Span { start: s, end: e, kind: Kind::Citation, key: None });
            from = e;
        }
    }
    out
}

/// Renders the document without its leading blank lines (spans shifted accordingly).
fn render_trimmed(text: &str, spans: &[Span]) -> String {
    let skip = text.len() - text.trim_start().len();
    let shifted: Vec<Span> = spans
        .iter()
        .filter(|s| s.end > skip)
        .map(|s| Span { start: s.start.max(skip) - skip, end: s.end - skip, ..s.clone() })
        .collect();
    highlight::render(&text[skip..], &shifted)
}

const KINDS: [DeadlineKind; 8] = [
    DeadlineKind::Date,
    DeadlineKind::Month,
    DeadlineKind::Quarter,
    DeadlineKind::Half,
    DeadlineKind::Year,
    DeadlineKind::Recurring,
    DeadlineKind::Ongoing,
    DeadlineKind::None,
];

fn card(units: &[Unit], t: &DraftTask, issues: &[DraftIssue], lang: Lang) -> CardView {
    let mine: Vec<DraftIssue> = issues.iter().filter(|i| i.key == t.key).cloned().collect();
    CardView {
        key: t.key,
        source_id: t.source_id.clone().unwrap_or_default(),
        parent: t.parent.unwrap_or(0),
        text: t.text.clone(),
        has_span: t.span.is_some(),
        lead: match t.lead.as_ref().and_then(UnitRef::unit) {
            Some(u) => unit_label(units, Some(u)),
            None => t.lead.as_ref().and_then(|l| l.name.clone()).unwrap_or_default(),
        },
        lead_as_written: t.lead.as_ref().and_then(|l| l.name.clone()).unwrap_or_default(),
        lead_person: t.lead_person_text.clone().unwrap_or_default(),
        coordinators: ref_names(
            units,
            &t.coordinators.iter().filter(|c| c.unit().is_some()).cloned().collect::<Vec<_>>(),
        ),
        coordinators_unresolved: t
            .coordinators
            .iter()
            .filter(|c| c.unit().is_none())
            .filter_map(|c| c.name.clone())
            .collect::<Vec<_>>()
            .join("; "),
        deadline_kind: t.deadline.kind.as_str(),
        due: date_vi(t.deadline.due),
        period: t.deadline.period.map(|p| p.as_str()).unwrap_or(""),
        deadline_words: t.deadline.text.clone().unwrap_or_default(),
        deadline_label: deadline_label(lang, &t.deadline),
        blocked: mine.iter().any(|i| i.severity == Severity::Blocking),
        issues: mine
            .iter()
            .map(|i| IssueView { blocking: i.severity == Severity::Blocking, message: i.message_vi.clone() })
            .collect(),
        is_last: false,
    }
}

async fn review_page(
    state: &AppState,
    me: &PageUser,
    doc: &Document,
    form: FormState,
    status: StatusCode,
    msg: Option<&str>,
) -> PageResult {
    let lang = me.lang;
    let actor = me.actor();
    let draft = state.store.get_draft(&actor, doc.id).await?;
    let units = state.store.list_units(&actor).await?;
    let issues = draft.issues();
    let mut cards: Vec<CardView> = draft.tasks.iter().map(|t| card(&units, t, &issues, lang)).collect();
    if let Some(c) = cards.last_mut() {
        c.is_last = true;
    }
    let mut unit_opts = Vec::new();
    for u in units.iter().filter(|u| u.active) {
        unit_opts.push(UnitOpt { value: u.name.clone(), label: u.aliases.join(", ") });
        for a in &u.aliases {
            unit_opts.push(UnitOpt { value: a.clone(), label: u.name.clone() });
        }
    }
    let h = &doc.header;
    let notice = msg.filter(|m| m.starts_with("msg.")).map(|m| t(lang, m)).filter(|s| *s != "?").unwrap_or("");
    let l = Layout::new(state, me, "documents", "review.title").await.at(format!("/documents/{}", doc.id.get()));
    let tpl = ReviewPage {
        l,
        id: doc.id.get(),
        notice: notice.to_string(),
        symbol: h.symbol.clone().unwrap_or_default(),
        kind: h.kind_name.clone().unwrap_or_default(),
        date: date_vi(h.date),
        title: h.title.clone().unwrap_or_default(),
        issuer: h.issuer.clone().unwrap_or_default(),
        signer: [h.signer.authority.clone(), h.signer.position.clone(), h.signer.name.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        text_html: render_trimmed(&doc.text, &spans(&draft, &doc.text)),
        blocking: draft.blocking_issues().len(),
        cards,
        warnings: draft.warnings.clone(),
        unit_opts,
        kinds: KINDS.iter().map(|k| (k.as_str(), t(lang, &format!("dk.{}", k.as_str())))).collect(),
        periods: Period::ALL.iter().map(|p| (p.as_str(), t(lang, &format!("period.{}", p.as_str())))).collect(),
        form,
    };
    Ok(render_status(status, &tpl))
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    l: Layout,
    symbol: String,
    kind: String,
    date: String,
    title: String,
    issuer: String,
    signer: String,
    text: String,
    rows: Vec<TaskRow>,
    total: i64,
    id: i64,
}

/// `GET /documents/{id}`: the review screen while the office reviews a draft; otherwise the
/// document and its tasks.
pub async fn show(
    State(state): State<AppState>,
    me: PageUser,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<MsgQuery>,
) -> PageResult {
    let actor = me.actor();
    let doc = state.store.get_document(&actor, DocumentId(id)).await?;
    if doc.state == DocumentState::Draft && actor.can(Permission::EditDraft) {
        return review_page(&state, &me, &doc, FormState::default(), StatusCode::OK, q.msg.as_deref()).await;
    }
    let mut f = TaskFilter::as_of(state.today());
    f.due_soon_days = state.config.due_soon_days;
    f.document = Some(doc.id);
    f.limit = 200;
    let page = state.store.list_tasks(&actor, &f).await?;
    let names = unit_names(&state.store.list_units(&actor).await?);
    let h = &doc.header;
    let l = Layout::new(&state, &me, "documents", "docs.title")
        .await
        .with_notice(q.msg.as_deref())
        .at(format!("/documents/{id}"))
        .with_title(format!("{} {}", h.kind_name.clone().unwrap_or_default(), h.symbol.clone().unwrap_or_default()));
    Ok(render(&DocumentPage {
        l,
        symbol: h.symbol.clone().unwrap_or_default(),
        kind: h.kind_name.clone().unwrap_or_default(),
        date: date_vi(h.date),
        title: h.title.clone().unwrap_or_default(),
        issuer: h.issuer.clone().unwrap_or_default(),
        signer: [h.signer.authority.clone(), h.signer.position.clone(), h.signer.name.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        text: doc.text.clone(),
        rows: page.items.iter().map(|i| TaskRow::new(me.lang, i, &names)).collect(),
        total: page.total,
        id,
    }))
}

/// Resolves a unit typed by name or abbreviation.
fn resolve_unit(dir: &UnitDirectory, lang: Lang, name: &str) -> Result<UnitId, String> {
    match dir.resolve(name) {
        Resolution::Ambiguous { .. } => Err(t(lang, "review.ambiguous_unit").into()),
        r => r.unit().ok_or_else(|| format!("“{name}”: {}", t(lang, "review.unknown_unit"))),
    }
}

/// The deadline of a card's form; errors under `due` or `period`.
fn posted_deadline(
    form: &super::ctx::FormData,
    lang: Lang,
    words: Option<String>,
    errors: &mut FieldErrors,
) -> Option<Deadline> {
    let kind = DeadlineKind::parse(form.get("deadline_kind")).unwrap_or(DeadlineKind::None);
    let due_s = form.get("due");
    let due: Option<Date> = if due_s.is_empty() {
        None
    } else {
        match parse_date("due", due_s) {
            Ok(d) => Some(d),
            Err(e) => {
                let m = if e.code == "request.date_out_of_range" { e.message } else { t(lang, "err.date").into() };
                errors.insert("due".into(), m);
                return None;
            }
        }
    };
    let need_due = |errors: &mut FieldErrors| {
        errors.insert("due".into(), t(lang, "review.need_due").into());
        None
    };
    let d = match kind {
        DeadlineKind::Date => match due {
            Some(d) => Deadline::date(d),
            None => return need_due(errors),
        },
        DeadlineKind::Month => match due.and_then(|d| Deadline::month(d.year(), u8::from(d.month()))) {
            Some(d) => d,
            None => return need_due(errors),
        },
        DeadlineKind::Quarter => match due.and_then(|d| Deadline::quarter(d.year(), (u8::from(d.month()) - 1) / 3 + 1))
        {
            Some(d) => d,
            None => return need_due(errors),
        },
        DeadlineKind::Half => {
            match due.and_then(|d| Deadline::half(d.year(), if u8::from(d.month()) <= 6 { 1 } else { 2 })) {
                Some(d) => d,
                None => return need_due(errors),
            }
        }
        DeadlineKind::Year => match due.and_then(|d| Deadline::year(d.year())) {
            Some(d) => d,
            None => return need_due(errors),
        },
        DeadlineKind::Recurring => match Period::parse(form.get("period")) {
            Ok(p) => {
                let mut d = Deadline::recurring(p, due);
                d.day_of_period = words.as_deref().and_then(day_of_period_from_words);
                d
            }
            Err(_) => {
                errors.insert("period".into(), t(lang, "review.need_period").into());
                return None;
            }
        },
        DeadlineKind::Ongoing => Deadline::ongoing(),
        DeadlineKind::None => Deadline::none(),
    };
    Some(match words {
        Some(w) if !w.is_empty() => d.with_text(w),
        _ => d,
    })
}

fn parse_names(dir: &UnitDirectory, lang: Lang, s: &str, errors: &mut FieldErrors) -> Vec<UnitId> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for name in s.split([';', '\n']).map(str::trim).filter(|n| !n.is_empty()) {
        match resolve_unit(dir, lang, name) {
            Ok(u) if !out.contains(&u) => out.push(u),
            Ok(_) => {}
            Err(m) => bad.push(m),
        }
    }
    if !bad.is_empty() {
        errors.insert("coordinators".into(), bad.join(" "));
    }
    out
}

/// The edits one post asks for, checked; errors by field.
fn edits_for(
    op: &str,
    form: &super::ctx::FormData,
    draft: &Draft,
    dir: &UnitDirectory,
    doc_date: Option<Date>,
    lang: Lang,
) -> Result<(Vec<DraftEdit>, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let key: u32 = form.get("key").parse().unwrap_or(0);
    let task = draft.task(key);
    let form_name = if op == "add" { "add".to_string() } else { format!("task-{key}") };
    if op != "add" && task.is_none() {
        errors.insert("general".into(), format!("Không tìm thấy nhiệm vụ dự thảo số {key}."));
        return Err(errors);
    }
    let mut edits = Vec::new();
    match op {
        "save" => {
            let Some(t0) = task else { return Err(errors) };
            let text = form.raw("text").trim().to_string();
            if text.is_empty() {
                errors.insert("text".into(), t(lang, "review.need_text").into());
            } else if text != t0.text {
                edits.push(DraftEdit::SetText { key, text });
            }
            let lead_s = form.get("lead");
            let current = t0.lead.as_ref().and_then(UnitRef::unit);
            let lead = if lead_s.is_empty() {
                errors.insert("lead".into(), t(lang, "review.need_lead").into());
                None
            } else {
                match resolve_unit(dir, lang, lead_s) {
                    Ok(u) => Some(u),
                    Err(m) => {
                        errors.insert("lead".into(), m);
                        None
                    }
                }
            };
            if let Some(u) = lead {
                if Some(u) != current {
                    edits.push(DraftEdit::SetLead { key, unit: u });
                }
            }
            let coords = parse_names(dir, lang, form.get("coordinators"), &mut errors);
            let current_coords: Vec<UnitId> = t0.coordinators.iter().filter_map(UnitRef::unit).collect();
            if coords != current_coords {
                if lead.is_some_and(|l| coords.contains(&l)) {
                    errors.insert(
                        "coordinators".into(),
                        AppError::from(dondoc_domain::DomainError::LeadIsCoordinator).message,
                    );
                }
                edits.push(DraftEdit::SetCoordinators { key, units: coords });
            }
            if let Some(d) = posted_deadline(form, lang, t0.deadline.text.clone(), &mut errors) {
                if d != t0.deadline {
                    if let Err(e) = crate::api::documents::check_deadline(&d, doc_date, "due") {
                        errors.insert("due".into(), e.message);
                    }
                    edits.push(DraftEdit::SetDeadline { key, deadline: d });
                }
            }
        }
        "delete" => edits.push(DraftEdit::Delete { key }),
        "merge_next" => {
            let pos = draft.tasks.iter().position(|t| t.key == key).unwrap_or(0);
            match draft.tasks.get(pos + 1) {
                Some(next) => edits.push(DraftEdit::Merge { keys: vec![key, next.key] }),
                None => {
                    errors.insert("general".into(), "Không có nhiệm vụ tiếp theo để gộp.".into());
                }
            }
        }
        "split" => {
            let parts: Vec<String> =
                form.raw("parts").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            if parts.len() < 2 {
                errors.insert("parts".into(), t(lang, "review.need_two").into());
            } else {
                edits.push(DraftEdit::Split { key, parts });
            }
        }
        "add" => {
            let text = form.raw("text").trim().to_string();
            if text.is_empty() {
                errors.insert("text".into(), t(lang, "review.need_text").into());
            }
            let lead_s = form.get("lead");
            let lead = if lead_s.is_empty() {
                None
            } else {
                match resolve_unit(dir, lang, lead_s) {
                    Ok(u) => Some(u),
                    Err(m) => {
                        errors.insert("lead".into(), m);
                        None
                    }
                }
            };
            let parent = form.get("parent").parse::<u32>().ok().filter(|p| draft.task(*p).is_some());
            let words = Some(form.get("deadline_words").to_string()).filter(|s| !s.is_empty());
            if let Some(d) = posted_deadline(form, lang, words, &mut errors) {
                if let Err(e) = crate::api::documents::check_deadline(&d, doc_date, "due") {
                    errors.insert("due".into(), e.message);
                }
                edits.push(DraftEdit::Add { parent, text, lead, deadline: d });
            }
        }
        _ => {
            errors.insert("general".into(), "Thao tác không hợp lệ.".into());
        }
    }
    if errors.is_empty() {
        Ok((edits, form_name))
    } else {
        Err(errors)
    }
}

/// `POST /documents/{id}/edit` (office): `op` = save | delete | merge_next | split | add,
/// `key` = the draft task.
pub async fn edit(State(state): State<AppState>, ApiPath(id): ApiPath<i64>, p: Posted) -> PageResult {
    let me = &p.me;
    require(me, Permission::EditDraft)?;
    let lang = me.lang;
    let actor = me.actor();
    let doc = state.store.get_document(&actor, DocumentId(id)).await?;
    if doc.state != DocumentState::Draft {
        return Ok(see_other(&format!("/documents/{id}")));
    }
    let draft = state.store.get_draft(&actor, doc.id).await?;
    let dir = state.store.unit_directory(&actor).await?;
    let op = p.form.get("op");
    let key = p.form.get("key").to_string();
    let form_name = if op == "add" { "add".to_string() } else { format!("task-{key}") };
    let anchor = if op == "add" || op == "delete" { String::new() } else { format!("#task-{key}") };
    match edits_for(op, &p.form, &draft, &dir, doc.header.date, lang) {
        Err(errors) => {
            review_page(
                &state,
                me,
                &doc,
                FormState::new(&form_name, errors, p.form.values()),
                StatusCode::BAD_REQUEST,
                None,
            )
            .await
        }
        Ok((edits, _)) if edits.is_empty() => Ok(see_other(&format!("/documents/{id}?msg=msg.saved{anchor}"))),
        Ok((edits, form_name)) => match state.store.edit_draft(&actor, doc.id, &edits).await {
            Ok(_) => Ok(see_other(&format!("/documents/{id}?msg=msg.saved{anchor}"))),
            Err(e) => {
                let mut e = AppError::from(e);
                if e.field.as_deref() == Some("deadline") {
                    e.field = Some("due".into());
                }
                let st = if e.status.is_success() { StatusCode::BAD_REQUEST } else { e.status };
                review_page(&state, me, &doc, FormState::from_error(&form_name, &e, &p.form), st, None).await
            }
        },
    }
}

/// `POST /documents/{id}/confirm` (office): the draft's tasks become live; then the task list
/// of the document.
pub async fn confirm(State(state): State<AppState>, ApiPath(id): ApiPath<i64>, p: Posted) -> PageResult {
    let me = &p.me;
    require(me, Permission::ConfirmDraft)?;
    let actor = me.actor();
    match state.store.confirm_draft(&actor, DocumentId(id), state.today()).await {
        Ok(_) => Ok(see_other(&format!("/tasks?document={id}&msg=msg.confirmed"))),
        Err(e) => {
            let e = AppError::from(e);
            let doc = state.store.get_document(&actor, DocumentId(id)).await?;
            if doc.state != DocumentState::Draft {
                return Err(e.into());
            }
            let mut errors = FieldErrors::new();
            errors.insert("general".into(), e.message.clone());
            let st = if e.status.is_success() { StatusCode::BAD_REQUEST } else { e.status };
            review_page(&state, me, &doc, FormState::new("confirm", errors, p.form.values()), st, None).await
        }
    }
}

/// Dates for templates.
pub fn vi_date(d: Date) -> String {
    vi(d)
}

/// Unused responses are built through [`render`]; kept for symmetry with the other modules.
pub fn page<T: Template>(tpl: &T) -> Response {
    render(tpl)
}
