//! The overview (Tổng quan) and the report page (Báo cáo).
//!
//! Overview: counts in the four official groups as of a chosen date (plus due soon, no
//! deadline, cancelled), the per-unit table offices expect (the domain's
//! `StatusCounts::row_cells` under `header_cells_vi`), the overdue list with days overdue,
//! the due-soon list, the extension requests awaiting a decision, and the on-time rate by
//! month as an SVG chart. Every figure comes from the store's scoped, grouped queries: a
//! handful of queries whatever the number of tasks.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use dondoc_domain::dates::{add_days, iso, month_start, vi};
use dondoc_domain::ids::{DocumentId, UnitId};
use dondoc_domain::stats::{StatusCounts, UnitRow};
use dondoc_domain::status::StatusGroup;
use dondoc_store::stats::StatsQuery;
use serde::Deserialize;
use time::Date;

use super::chart::{on_time_bars, MonthPoint};
use super::ctx::{render_status, FieldErrors, Layout, PageResult, PageUser};
use super::i18n::{group_label, header_cells, t, Lang};
use super::tasks::{short, short_list, unit_names, Opt, TaskRow};
use crate::state::AppState;
use crate::views::parse_date;

#[derive(Debug, Deserialize, Default)]
pub struct DashQuery {
    pub as_of: Option<String>,
    pub document: Option<String>,
    pub msg: Option<String>,
}

/// A count tile.
pub struct Tile {
    pub group: &'static str,
    pub label: &'static str,
    pub n: u64,
    pub share: String,
    pub href: String,
}

/// A row of the per-unit table.
pub struct TableRow {
    pub unit_id: i64,
    pub name: String,
    pub cells: Vec<String>,
}

pub struct PendingExt {
    pub task_id: i64,
    pub text: String,
    pub requested_due: String,
    pub previous_due: String,
    pub reason: String,
}

fn as_of_from(q: &DashQuery, lang: Lang, errors: &mut FieldErrors, today: Date) -> Date {
    match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(s) => match parse_date("as_of", s) {
            Ok(d) => d,
            Err(_) => {
                errors.insert("as_of".into(), t(lang, "err.date").into());
                today
            }
        },
    }
}

fn table(rows: &[UnitRow]) -> (Vec<TableRow>, StatusCounts) {
    let mut total = StatusCounts::default();
    let rows = rows
        .iter()
        .map(|r| {
            total.merge(&r.counts);
            TableRow { unit_id: r.unit_id.get(), name: r.unit_name.clone(), cells: r.counts.row_cells() }
        })
        .collect();
    (rows, total)
}

fn tiles(lang: Lang, c: &StatusCounts, as_of: Date) -> Vec<Tile> {
    let d = iso(as_of);
    let mk = |g: StatusGroup, n: u64| Tile {
        group: g.as_str(),
        label: group_label(lang, g),
        n,
        share: format!("{}%", dondoc_domain::stats::percent_vi(n, c.total)),
        href: format!("/tasks?status={}&as_of={d}", g.as_str()),
    };
    vec![
        mk(StatusGroup::DoneOnTime, c.done_on_time),
        mk(StatusGroup::DoneLate, c.done_late),
        mk(StatusGroup::OpenInTime, c.open_in_time),
        mk(StatusGroup::OpenOverdue, c.open_overdue),
        mk(StatusGroup::DueSoon, c.due_soon),
        mk(StatusGroup::NoDeadline, c.no_deadline),
        mk(StatusGroup::Cancelled, c.cancelled),
    ]
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    l: Layout,
    as_of: String,
    as_of_iso: String,
    as_of_error: String,
    total: u64,
    tiles: Vec<Tile>,
    header: Vec<&'static str>,
    rows: Vec<TableRow>,
    total_cells: Vec<String>,
    overdue: Vec<TaskRow>,
    overdue_total: i64,
    due_soon: Vec<TaskRow>,
    due_soon_total: i64,
    pending: Vec<PendingExt>,
    chart_svg: String,
    rate: String,
}

/// The last twelve months up to `as_of`, oldest first.
fn months(as_of: Date) -> Vec<Date> {
    let mut out = Vec::with_capacity(12);
    let mut m = month_start(as_of);
    for _ in 0..12 {
        out.push(m);
        m = month_start(add_days(m, -1));
    }
    out.reverse();
    out
}

/// `GET /?as_of=`
pub async fn overview(State(state): State<AppState>, me: PageUser, Query(q): Query<DashQuery>) -> PageResult {
    let lang = me.lang;
    let actor = me.actor();
    let mut errors = FieldErrors::new();
    let as_of = as_of_from(&q, lang, &mut errors, state.today());
    let mut sq = StatsQuery::as_of(as_of);
    sq.due_soon_days = state.config.due_soon_days;
    let unit_rows = state.store.stats_by_unit(&actor, &sq).await?;
    let (rows, total) = table(&unit_rows);
    let units = state.store.list_units(&actor).await?;
    let names = unit_names(&units);
    let (overdue, overdue_total) = short_list(&state, &me, as_of, StatusGroup::OpenOverdue, 10, &names).await?;
    let (due_soon, due_soon_total) = short_list(&state, &me, as_of, StatusGroup::DueSoon, 10, &names).await?;
    let mut pending = Vec::new();
    for e in state.store.pending_extensions(&actor).await?.into_iter().take(10) {
        let text = match state.store.get_task(&actor, e.task_id).await {
            Ok(r) => short(&r.task.text, 140),
            Err(_) => continue,
        };
        pending.push(PendingExt {
            task_id: e.task_id.get(),
            text,
            requested_due: vi(e.requested_due),
            previous_due: vi(e.previous_due),
            reason: short(&e.reason, 200),
        });
    }
    let ms = months(as_of);
    let done = state.store.completions_by_month(&actor, ms[0], as_of).await?;
    let points: Vec<MonthPoint> = ms
        .iter()
        .map(|m| {
            let key = format!("{:04}-{:02}", m.year(), u8::from(m.month()));
            let found = done.iter().find(|d| d.month == key);
            MonthPoint {
                label: format!("{:02}/{}", u8::from(m.month()), m.year()),
                on_time: found.map(|d| d.on_time).unwrap_or(0),
                total: found.map(|d| d.total).unwrap_or(0),
            }
        })
        .collect();
    let chart_svg = on_time_bars(&points, t(lang, "dash.trend"), t(lang, "dash.completed_in_month"));
    let rate = total.on_time_rate().map(|r| format!("{r:.1}%").replace('.', ",")).unwrap_or_else(|| "–".into());
    let l = Layout::new(&state, &me, "overview", "dash.title")
        .await
        .with_notice(q.msg.as_deref())
        .at(format!("/?as_of={}", iso(as_of)));
    let tpl = DashboardPage {
        l,
        as_of: q.as_of.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| vi(as_of)),
        as_of_iso: iso(as_of),
        as_of_error: errors.get("as_of").cloned().unwrap_or_default(),
        total: total.total,
        tiles: tiles(lang, &total, as_of),
        header: header_cells(lang),
        rows,
        total_cells: total.row_cells(),
        overdue,
        overdue_total,
        due_soon,
        due_soon_total,
        pending,
        chart_svg,
        rate,
    };
    let st = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(render_status(st, &tpl))
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    l: Layout,
    as_of: String,
    as_of_iso: String,
    as_of_error: String,
    documents: Vec<Opt>,
    document_label: String,
    header: Vec<&'static str>,
    rows: Vec<TableRow>,
    total_cells: Vec<String>,
}

/// `GET /reports?as_of=&document=`: the per-unit table, ready to print.
pub async fn report(State(state): State<AppState>, me: PageUser, Query(q): Query<DashQuery>) -> PageResult {
    let lang = me.lang;
    let actor = me.actor();
    let mut errors = FieldErrors::new();
    let as_of = as_of_from(&q, lang, &mut errors, state.today());
    let doc = q.document.as_deref().and_then(|d| d.trim().parse::<i64>().ok()).map(DocumentId);
    let mut sq = StatsQuery::as_of(as_of);
    sq.due_soon_days = state.config.due_soon_days;
    sq.document = doc;
    let unit_rows = state.store.stats_by_unit(&actor, &sq).await?;
    let (rows, total) = table(&unit_rows);
    let docs = state.store.list_documents(&actor, Some(dondoc_domain::document::DocumentState::Confirmed)).await?;
    let mut document_label = String::new();
    let documents = docs
        .iter()
        .map(|d| {
            let label = format!(
                "{} {}",
                d.kind_name.clone().unwrap_or_default(),
                d.symbol.clone().unwrap_or_else(|| d.file_name.clone().unwrap_or_default())
            );
            let selected = Some(d.id) == doc;
            if selected {
                document_label = label.clone();
            }
            Opt { value: d.id.get().to_string(), label, selected }
        })
        .collect();
    let l = Layout::new(&state, &me, "reports", "report.title").await.at(format!("/reports?as_of={}", iso(as_of)));
    let tpl = ReportPage {
        l,
        as_of: q.as_of.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| vi(as_of)),
        as_of_iso: iso(as_of),
        as_of_error: errors.get("as_of").cloned().unwrap_or_default(),
        documents,
        document_label,
        header: header_cells(lang),
        rows,
        total_cells: total.row_cells(),
    };
    let st = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(render_status(st, &tpl))
}

/// Unit id for links.
pub fn unit_href(u: UnitId, as_of: Date) -> String {
    format!("/tasks?unit={}&as_of={}", u.get(), iso(as_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_back() {
        let m = months(time::macros::date!(2024 - 04 - 17));
        assert_eq!(m.len(), 12);
        assert_eq!(m[0], time::macros::date!(2023 - 05 - 01));
        assert_eq!(m[11], time::macros::date!(2024 - 04 - 01));
    }
}
