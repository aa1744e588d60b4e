//! JSON shapes of the API (what handlers render) and the small parsers handlers share:
//! dates from text, pagination.

use std::collections::HashMap;

use dondoc_domain::dates::{iso, parse_iso};
use dondoc_domain::deadline::Deadline;
use dondoc_domain::ids::UnitId;
use dondoc_domain::status::Status;
use dondoc_domain::unit::Unit;
use dondoc_store::tasks::TaskRecord;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use time::Date;

use crate::error::AppError;

/// Earliest and latest dates the API accepts: anything outside is a typing error.
pub const MIN_YEAR: i32 = 1945;
pub const MAX_YEAR: i32 = 2100;

/// Parses `YYYY-MM-DD` (also `dd/mm/yyyy`), refusing dates outside 1945–2100.
pub fn parse_date(field: &str, s: &str) -> Result<Date, AppError> {
    let s = s.trim();
    let d = parse_iso(s).or_else(|| parse_vi(s)).ok_or_else(|| {
        AppError::invalid(
            "request.bad_date",
            field,
            format!("Ngày \"{s}\" không hợp lệ; hãy ghi theo dạng YYYY-MM-DD (ví dụ 2024-04-21)."),
        )
    })?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        return Err(AppError::invalid(
            "request.date_out_of_range",
            field,
            format!("Ngày {} nằm ngoài khoảng cho phép ({MIN_YEAR}–{MAX_YEAR}).", iso(d)),
        ));
    }
    Ok(d)
}

/// An optional date field.
pub fn parse_opt_date(field: &str, s: Option<&str>) -> Result<Option<Date>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_date(field, s).map(Some),
        None => Ok(None),
    }
}

fn parse_vi(s: &str) -> Option<Date> {
    let mut it = s.split('/');
    let d: u8 = it.next()?.trim().parse().ok()?;
    let m: u8 = it.next()?.trim().parse().ok()?;
    let y: i32 = it.next()?.trim().parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    dondoc_domain::dates::ymd(y, m, d)
}

/// `?page=&per_page=` (1-based page; 50 per page by default, at most 200).
#[derive(Debug, Clone, Copy, Deserialize, Default)]
pub struct PageParams {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl PageParams {
    pub const DEFAULT_PER_PAGE: i64 = 50;
    pub const MAX_PER_PAGE: i64 = 200;

    pub fn resolve(self) -> Result<(i64, i64), AppError> {
        let page = self.page.unwrap_or(1);
        let per = self.per_page.unwrap_or(Self::DEFAULT_PER_PAGE);
        if !(1..=1_000_000).contains(&page) {
            return Err(AppError::invalid("request.bad_page", "page", "Số trang phải từ 1 trở lên."));
        }
        if !(1..=Self::MAX_PER_PAGE).contains(&per) {
            return Err(AppError::invalid(
                "request.bad_page",
                "per_page",
                format!("Số dòng mỗi trang phải từ 1 đến {}.", Self::MAX_PER_PAGE),
            ));
        }
        Ok((page, per))
    }
}

/// One page of a list.
#[derive(Debug, Serialize)]
pub struct Page<T: Serialize> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Slices an already sorted list into a page.
pub fn paginate<T: Serialize>(all: Vec<T>, page: i64, per_page: i64) -> Page<T> {
    let total = all.len() as i64;
    let start = ((page - 1) * per_page).min(total) as usize;
    let items = all.into_iter().skip(start).take(per_page as usize).collect();
    Page { items, total, page, per_page }
}

/// Unit names by id, for rendering.
pub struct UnitNames(HashMap<UnitId, String>);

impl UnitNames {
    pub fn new(units: &[Unit]) -> Self {
        UnitNames(units.iter().map(|u| (u.id, u.name.clone())).collect())
    }

    pub fn unit(&self, id: UnitId) -> Value {
        json!({"id": id, "name": self.0.get(&id)})
    }
}

pub fn deadline_json(d: &Deadline) -> Value {
    json!({
        "kind": d.kind.as_str(),
        "due": d.due.map(iso),
        "period": d.period.map(|p| p.as_str()),
        "day_of_period": d.day_of_period,
        "text": d.text,
    })
}

pub fn status_json(s: &Status) -> Value {
    let mut v = json!({
        "group": s.group().as_str(),
        "official": s.group().official().map(|g| g.as_str()),
        "label": s.label_vi(),
    });
    match s {
        Status::DoneLate { days_late } => v["days_late"] = json!(days_late),
        Status::OpenOverdue { days_overdue } => v["days_overdue"] = json!(days_overdue),
        Status::OpenInTime { days_left, .. } => v["days_left"] = json!(days_left),
        _ => {}
    }
    v
}

/// A task as the API shows it.
pub fn task_json(r: &TaskRecord, names: &UnitNames, status: Option<&Status>, due_as_of: Option<Date>) -> Value {
    let t = &r.task;
    json!({
        "id": t.id,
        "document_id": t.document_id,
        "parent_id": t.parent_id,
        "ref_code": t.ref_code,
        "text": t.text,
        "lead_unit": names.unit(t.lead_unit),
        "lead_person_id": t.lead_person,
        "coordinators": t.coordinators.iter().map(|c| names.unit(*c)).collect::<Vec<_>>(),
        "deadline": deadline_json(&t.deadline),
        "effective_due": r.effective_due.map(iso),
        "due_as_of": due_as_of.map(iso),
        "state": t.state.as_str(),
        "status": status.map(status_json),
        "latest_percent": r.latest_percent,
        "last_report_on": r.last_report_on.map(iso),
        "completion_reported_on": t.completion_reported_on.map(iso),
        "completed_on": t.completed_on.map(iso),
        "cancelled_on": t.cancelled_on.map(iso),
        "cancel_reason": t.cancel_reason,
        "assigned_on": iso(t.assigned_on),
        "counted": r.counted,
        "occurrence": r.occurrence.as_ref().map(|o| json!({
            "of": o.of, "period_start": iso(o.period_start), "period_end": iso(o.period_end), "label": o.label
        })),
        "targets": t.targets,
        "references": t.references,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_range() {
        assert_eq!(parse_date("d", "2024-04-21").map(iso).ok().as_deref(), Some("2024-04-21"));
        assert_eq!(parse_date("d", "21/4/2024").map(iso).ok().as_deref(), Some("2024-04-21"));
        assert_eq!(parse_date("d", "2024-02-30").unwrap_err().code, "request.bad_date");
        let e = parse_date("due", "3024-01-01").unwrap_err();
        assert_eq!(e.code, "request.date_out_of_range");
        assert_eq!(e.field.as_deref(), Some("due"));
        assert_eq!(parse_opt_date("d", Some(" ")).ok(), Some(None));
    }

    #[test]
    fn pages() {
        assert_eq!(PageParams::default().resolve().ok(), Some((1, 50)));
        assert!(PageParams { page: Some(0), per_page: None }.resolve().is_err());
        assert!(PageParams { page: None, per_page: Some(1000) }.resolve().is_err());
        let p = paginate((1..=5).collect::<Vec<i32>>(), 2, 2);
        assert_eq!(p.items, vec![3, 4]);
        assert_eq!(p.total, 5);
        let p = paginate((1..=5).collect::<Vec<i32>>(), 9, 2);
        assert!(p.items.is_empty());
    }
}
