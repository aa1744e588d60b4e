//! Drafts: what an import proposes before anything becomes live. An extraction result (the
//! extractor's JSON, `spec/extraction-output.md`, mirrored here by `ExtractionInput` so the
//! domain does not depend on the extractor) becomes a `Draft` whose tasks have their unit
//! names resolved against the organisation's directory. The office edits it — set lead, set
//! deadline, split, merge, delete, add — and confirms; only then do live tasks exist.
//!
//! Validation: each task needs exactly one lead unit that the directory knows (unknown names
//! are flagged, never created); a deadline before the document's date is refused; unknown
//! coordinator names are flagged as warnings (generic wording such as "các ngành" is common).

use crate::dates::parse_iso;
use crate::deadline::{day_of_period_from_words, Deadline, DeadlineKind, Period};
use crate::document::{DocumentHeader, Signer};
use crate::error::{DomainError, Result};
use crate::ids::{PersonId, UnitId};
use crate::occurrence::{expand, horizon, Occurrence};
use crate::task::{Target, TargetOp};
use crate::unit::{Resolution, UnitDirectory};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use time::Date;

// ---------------------------------------------------------------------------------------------
// Input: the extraction output, as plain structs.

/// The extractor's output (`schema: "dondoc.extract/1"`), as far as the import needs it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractionInput {
    pub schema: Option<String>,
    pub document: ExtractedDocument,
    pub tasks: Vec<ExtractedTask>,
    pub references: Vec<ExtractedReference>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractedDocument {
    pub symbol: Option<String>,
    pub number: Option<String>,
    pub kind: Option<String>,
    pub kind_name: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    /// ISO date.
    pub date: Option<String>,
    pub title: Option<String>,
    pub signer: Option<ExtractedSigner>,
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractedSigner {
    pub name: Option<String>,
    pub authority: Option<String>,
    pub position: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractedTask {
    /// Place in the outline, e.g. "1.(4)".
    pub id: String,
    pub parent: Option<String>,
    pub text: String,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub lead: Option<String>,
    pub lead_person: Option<String>,
    pub coordinators: Vec<String>,
    pub deadline: Option<ExtractedDeadline>,
    pub targets: Vec<ExtractedTarget>,
    pub references: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractedDeadline {
    pub kind: String,
    pub due: Option<String>,
    pub period: Option<String>,
    pub text: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractedTarget {
    pub indicator: String,
    pub op: String,
    pub value: f64,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtractedReference {
    pub symbol: Option<String>,
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub text: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The draft.

/// A unit named in the text and how it resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    /// The name as written (`None` when the office picked the unit directly).
    pub name: Option<String>,
    pub resolution: Resolution,
}

impl UnitRef {
    /// A unit picked by the office.
    pub fn chosen(unit: UnitId) -> Self {
        UnitRef { name: None, resolution: Resolution::Exact { unit } }
    }
    fn named(name: &str, dir: &UnitDirectory) -> Self {
        UnitRef { name: Some(name.to_string()), resolution: dir.resolve(name) }
    }
    /// The unit, when resolved to exactly one.
    pub fn unit(&self) -> Option<UnitId> {
        self.resolution.unit()
    }
}

/// A proposed task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftTask {
    /// Draft-local number, stable across edits.
    pub key: u32,
    /// The extractor's outline id ("1.(4)"), if it came from the text.
    pub source_id: Option<String>,
    pub parent: Option<u32>,
    pub text: String,
    /// Byte span in the document's normalised text.
    pub span: Option<(usize, usize)>,
    /// Đơn vị chủ trì (`None` = none found).
    pub lead: Option<UnitRef>,
    /// A person or post leading in person, as written.
    pub lead_person_text: Option<String>,
    pub lead_person: Option<PersonId>,
    pub coordinators: Vec<UnitRef>,
    pub deadline: Deadline,
    pub deadline_span: Option<(usize, usize)>,
    pub targets: Vec<Target>,
    pub references: Vec<String>,
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Confirmation is refused until it is fixed.
    Blocking,
    /// Shown to the reviewer; does not stop confirmation.
    Warning,
}

/// A problem found in a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftIssue {
    pub key: u32,
    pub severity: Severity,
    pub code: String,
    pub message_vi: String,
}

impl DraftIssue {
    fn new(key: u32, severity: Severity, e: DomainError) -> Self {
        DraftIssue { key, severity, code: e.code().to_string(), message_vi: e.message_vi() }
    }
}

/// An edit the office makes to a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DraftEdit {
    SetLead {
        key: u32,
        unit: UnitId,
    },
    SetLeadPerson {
        key: u32,
        person: Option<PersonId>,
    },
    SetCoordinators {
        key: u32,
        units: Vec<UnitId>,
    },
    SetDeadline {
        key: u32,
        deadline: Deadline,
    },
    SetText {
        key: u32,
        text: String,
    },
    /// Replace a task by one task per part (lead, coordinators, deadline and references copied;
    /// targets stay with the first part; children go to the first part).
    Split {
        key: u32,
        parts: Vec<String>,
    },
    /// Join tasks into the first: texts joined, coordinators, targets and references united.
    Merge {
        keys: Vec<u32>,
    },
    /// Remove a task; its children move up to its parent.
    Delete {
        key: u32,
    },
    Add {
        parent: Option<u32>,
        text: String,
        lead: Option<UnitId>,
        deadline: Deadline,
    },
}

/// A task ready to become live, as `Draft::confirm` hands it to the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfirmedTask {
    pub key: u32,
    pub parent: Option<u32>,
    pub ref_code: Option<String>,
    pub text: String,
    pub lead_unit: UnitId,
    pub lead_person: Option<PersonId>,
    /// Resolved coordinators only (unknown names were flagged).
    pub coordinators: Vec<UnitId>,
    pub deadline: Deadline,
    pub targets: Vec<Target>,
    pub references: Vec<String>,
    /// For recurring tasks: one per period.
    pub occurrences: Vec<Occurrence>,
}

/// A document under review with its proposed tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub header: DocumentHeader,
    pub tasks: Vec<DraftTask>,
    /// Cited documents (the document graph).
    pub references: Vec<ExtractedReference>,
    /// Warnings from the extractor and from building the draft.
    pub warnings: Vec<String>,
    next_key: u32,
}

fn parse_deadline(d: Option<&ExtractedDeadline>, warnings: &mut Vec<String>, id: &str) -> Deadline {
    let Some(d) = d else { return Deadline::none() };
    let kind = match DeadlineKind::parse(&d.kind) {
        Ok(k) => k,
        Err(_) => {
            warnings.push(format!("{id}: loại thời hạn \"{}\" không đọc được", d.kind));
            return Deadline::none();
        }
    };
    let due = d.due.as_deref().and_then(parse_iso);
    if d.due.is_some() && due.is_none() {
        warnings.push(format!("{id}: ngày hết hạn \"{}\" không đọc được", d.due.as_deref().unwrap_or("")));
    }
    let period = d.period.as_deref().and_then(|p| Period::parse(p).ok());
    let day_of_period = match kind {
        DeadlineKind::Recurring => d.text.as_deref().and_then(day_of_period_from_words),
        _ => None,
    };
    Deadline { kind, due, period, day_of_period, text: d.text.clone() }
}

impl Draft {
    /// Builds a draft from an extraction, resolving names against `dir`. Children with no
    /// lead of their own inherit their parent's.
    pub fn from_extraction(input: &ExtractionInput, dir: &UnitDirectory) -> Draft {
        let doc = &input.document;
        let signer = doc.signer.clone().unwrap_or_default();
        let header = DocumentHeader {
            symbol: doc.symbol.clone(),
            number: doc.number.clone(),
            kind: doc.kind.clone(),
            kind_name: doc.kind_name.clone(),
            issuer: doc.issuer.clone(),
            place: doc.place.clone(),
            date: doc.date.as_deref().and_then(parse_iso),
            title: doc.title.clone(),
            signer: Signer { name: signer.name, authority: signer.authority, position: signer.position },
            recipients: doc.recipients.clone(),
        };
        let mut warnings = input.warnings.clone();
        let keys: HashMap<&str, u32> =
            input.tasks.iter().enumerate().map(|(i, t)| (t.id.as_str(), i as u32 + 1)).collect();
        let mut tasks: Vec<DraftTask> = Vec::with_capacity(input.tasks.len());
        for (i, t) in input.tasks.iter().enumerate() {
            let key = i as u32 + 1;
            let parent = t.parent.as_deref().and_then(|p| keys.get(p).copied()).filter(|p| *p != key);
            let deadline = parse_deadline(t.deadline.as_ref(), &mut warnings, &t.id);
            let targets = t
                .targets
                .iter()
                .filter_map(|x| {
                    let op = TargetOp::parse(&x.op).ok()?;
                    Some(Target {
                        indicator: x.indicator.clone(),
                        op,
                        value: x.value,
                        unit: x.unit.clone(),
                        period: x.period.as_deref().and_then(|p| Period::parse(p).ok()),
                        text: x.text.clone(),
                    })
                })
                .collect();
            let lead = t.lead.as_deref().filter(|s| !s.trim().is_empty()).map(|n| UnitRef::named(n, dir));
            tasks.push(DraftTask {
                key,
                source_id: Some(t.id.clone()).filter(|s| !s.is_empty()),
                parent,
                text: t.text.trim().to_string(),
                span: t.start.zip(t.end),
                lead,
                lead_person_text: t.lead_person.clone(),
                lead_person: None,
                coordinators: t.coordinators.iter().map(|n| UnitRef::named(n, dir)).collect(),
                deadline_span: t.deadline.as_ref().and_then(|d| d.start.zip(d.end)),
                deadline,
                targets,
                references: t.references.clone(),
            });
        }
        let mut draft = Draft {
            header,
            tasks,
            references: input.references.clone(),
            warnings,
            next_key: input.tasks.len() as u32 + 1,
        };
        draft.inherit_leads();
        draft
    }

    /// An empty draft for a document whose tasks the office enters by hand.
    pub fn empty(header: DocumentHeader) -> Draft {
        Draft { header, tasks: Vec::new(), references: Vec::new(), warnings: Vec::new(), next_key: 1 }
    }

    fn inherit_leads(&mut self) {
        // parents come before children in outline order, but loop to a fixed point to be safe
        for _ in 0..self.tasks.len() {
            let leads: HashMap<u32, Option<UnitRef>> = self.tasks.iter().map(|t| (t.key, t.lead.clone())).collect();
            let mut changed = false;
            for t in &mut self.tasks {
                if t.lead.is_none() {
                    if let Some(Some(l)) = t.parent.and_then(|p| leads.get(&p)) {
                        t.lead = Some(l.clone());
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// A task by key.
    pub fn task(&self, key: u32) -> Option<&DraftTask> {
        self.tasks.iter().find(|t| t.key == key)
    }

    fn task_mut(&mut self, key: u32) -> Result<&mut DraftTask> {
        self.tasks.iter_mut().find(|t| t.key == key).ok_or(DomainError::DraftTaskNotFound(key))
    }

    fn position(&self, key: u32) -> Result<usize> {
        self.tasks.iter().position(|t| t.key == key).ok_or(DomainError::DraftTaskNotFound(key))
    }

    fn fresh_key(&mut self) -> u32 {
        let k = self.next_key.max(self.tasks.iter().map(|t| t.key + 1).max().unwrap_or(1));
        self.next_key = k + 1;
        k
    }

    fn reparent(&mut self, from: u32, to: Option<u32>) {
        for t in &mut self.tasks {
            if t.parent == Some(from) {
                t.parent = to.filter(|p| *p != t.key);
            }
        }
    }

    /// Applies one edit. A deadline before the document's date is refused here already.
    pub fn apply(&mut self, edit: DraftEdit) -> Result<()> {
        match edit {
            DraftEdit::SetLead { key, unit } => {
                let t = self.task_mut(key)?;
                t.lead = Some(UnitRef::chosen(unit));
                t.coordinators.retain(|c| c.unit() != Some(unit));
            }
            DraftEdit::SetLeadPerson { key, person } => self.task_mut(key)?.lead_person = person,
            DraftEdit::SetCoordinators { key, units } => {
                let t = self.task_mut(key)?;
                let lead = t.lead.as_ref().and_then(UnitRef::unit);
                if let Some(l) = lead {
                    crate::task::validate_coordinators(l, &units)?;
                }
                t.coordinators = units.into_iter().map(UnitRef::chosen).collect();
            }
            DraftEdit::SetDeadline { key, deadline } => {
                deadline.validate_against_document(self.header.date)?;
                self.task_mut(key)?.deadline = deadline;
            }
            DraftEdit::SetText { key, text } => {
                if text.trim().is_empty() {
                    return Err(DomainError::TaskTextEmpty);
                }
                self.task_mut(key)?.text = text.trim().to_string();
            }
            DraftEdit::Split { key, parts } => {
                let parts: Vec<String> =
                    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
                if parts.len() < 2 {
                    return Err(DomainError::SplitTooFew);
                }
                let pos = self.position(key)?;
                let original = self.tasks.remove(pos);
                let mut new_tasks = Vec::new();
                for (i, text) in parts.into_iter().enumerate() {
                    let mut t = original.clone();
                    t.key = self.fresh_key();
                    t.text = text;
                    t.span = None;
                    t.source_id = original.source_id.as_ref().map(|s| format!("{s}.{}", i + 1));
                    if i > 0 {
                        t.targets.clear();
                    }
                    new_tasks.push(t);
                }
                let first = new_tasks[0].key;
                for (i, t) in new_tasks.into_iter().enumerate() {
                    self.tasks.insert(pos + i, t);
                }
                self.reparent(key, Some(first));
            }
            DraftEdit::Merge { keys } => {
                let mut uniq = Vec::new();
                for k in keys {
                    if !uniq.contains(&k) {
                        uniq.push(k);
                    }
                }
                if uniq.len() < 2 {
                    return Err(DomainError::MergeTooFew);
                }
                for k in &uniq {
                    self.position(*k)?;
                }
                let first = uniq[0];
                let others: Vec<DraftTask> = uniq[1..].iter().filter_map(|k| self.task(*k).cloned()).collect();
                self.tasks.retain(|t| !uniq[1..].contains(&t.key));
                let survivor = self.task_mut(first)?;
                for o in &others {
                    survivor.text = format!("{}\n{}", survivor.text, o.text);
                    survivor.span = match (survivor.span, o.span) {
                        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
                        _ => None,
                    };
                    let lead = survivor.lead.as_ref().and_then(UnitRef::unit);
                    for c in &o.coordinators {
                        let dup = survivor
                            .coordinators
                            .iter()
                            .any(|x| x == c || (x.unit().is_some() && x.unit() == c.unit()));
                        if !dup && (c.unit().is_none() || c.unit() != lead) {
                            survivor.coordinators.push(c.clone());
                        }
                    }
                    survivor.targets.extend(o.targets.iter().cloned());
                    for r in &o.references {
                        if !survivor.references.contains(r) {
                            survivor.references.push(r.clone());
                        }
                    }
                }
                for o in &others {
                    self.reparent(o.key, Some(first));
                }
                if let Some(t) = self.tasks.iter_mut().find(|t| t.key == first) {
                    if t.parent.is_some_and(|p| uniq.contains(&p)) {
                        t.parent = None;
                    }
                }
            }
            DraftEdit::Delete { key } => {
                let pos = self.position(key)?;
                let removed = self.tasks.remove(pos);
                self.reparent(key, removed.parent);
            }
            DraftEdit::Add { parent, text, lead, deadline } => {
                if text.trim().is_empty() {
                    return Err(DomainError::TaskTextEmpty);
                }
                if let Some(p) = parent {
                    self.position(p)?;
                }
                deadline.validate_against_document(self.header.date)?;
                let key = self.fresh_key();
                self.tasks.push(DraftTask {
                    key,
                    source_id: None,
                    parent,
                    text: text.trim().to_string(),
                    span: None,
                    lead: lead.map(UnitRef::chosen),
                    lead_person_text: None,
                    lead_person: None,
                    coordinators: Vec::new(),
                    deadline,
                    deadline_span: None,
                    targets: Vec::new(),
                    references: Vec::new(),
                });
            }
        }
        Ok(())
    }

    /// Every problem, blocking or not, in task order.
    pub fn issues(&self) -> Vec<DraftIssue> {
        let mut out = Vec::new();
        for t in &self.tasks {
            let k = t.key;
            if t.text.trim().is_empty() {
                out.push(DraftIssue::new(k, Severity::Blocking, DomainError::TaskTextEmpty));
            }
            let name = |r: &UnitRef| r.name.clone().unwrap_or_default();
            let lead = match &t.lead {
                None => {
                    out.push(DraftIssue::new(k, Severity::Blocking, DomainError::LeadMissing));
                    None
                }
                Some(r) => match &r.resolution {
                    Resolution::Unknown => {
                        out.push(DraftIssue::new(k, Severity::Blocking, DomainError::LeadUnresolved { name: name(r) }));
                        None
                    }
                    Resolution::Ambiguous { .. } => {
                        out.push(DraftIssue::new(k, Severity::Blocking, DomainError::LeadAmbiguous { name: name(r) }));
                        None
                    }
                    res => res.unit(),
                },
            };
            if let Err(e) = t.deadline.validate_against_document(self.header.date) {
                out.push(DraftIssue::new(k, Severity::Blocking, e));
            }
            for c in &t.coordinators {
                if c.unit().is_none() {
                    out.push(DraftIssue::new(
                        k,
                        Severity::Warning,
                        DomainError::CoordinatorUnresolved { name: name(c) },
                    ));
                }
            }
            if let Some(l) = lead {
                let resolved: Vec<UnitId> = t.coordinators.iter().filter_map(UnitRef::unit).collect();
                if let Err(e) = crate::task::validate_coordinators(l, &resolved) {
                    out.push(DraftIssue::new(k, Severity::Blocking, e));
                }
            }
        }
        out
    }

    /// The blocking problems only.
    pub fn blocking_issues(&self) -> Vec<DraftIssue> {
        self.issues().into_iter().filter(|i| i.severity == Severity::Blocking).collect()
    }

    /// The live tasks this draft becomes, parents before children, recurring tasks expanded
    /// into occurrences from the document's date (or `today` when it has none) to their
    /// horizon (the deadline's end, or the end of `today`'s year). Refused while any blocking
    /// problem remains.
    pub fn confirm(&self, today: Date) -> std::result::Result<Vec<ConfirmedTask>, Vec<DraftIssue>> {
        let blocking = self.blocking_issues();
        if !blocking.is_empty() {
            return Err(blocking);
        }
        let from = self.header.date.unwrap_or(today);
        let keys: BTreeSet<u32> = self.tasks.iter().map(|t| t.key).collect();
        let mut out = Vec::with_capacity(self.tasks.len());
        let mut placed: BTreeSet<u32> = BTreeSet::new();
        // parents before children (parents outside the draft are dropped)
        let mut pending: Vec<&DraftTask> = self.tasks.iter().collect();
        while !pending.is_empty() {
            let before = pending.len();
            let mut rest = Vec::new();
            for t in pending {
                let parent = t.parent.filter(|p| keys.contains(p));
                if parent.is_none_or(|p| placed.contains(&p)) {
                    let Some(lead_unit) = t.lead.as_ref().and_then(UnitRef::unit) else {
                        continue;
                    };
                    let occurrences = if t.deadline.kind == DeadlineKind::Recurring {
                        let h = horizon(&t.deadline, today).max(from);
                        expand(&t.deadline, from, h).map_err(|e| vec![DraftIssue::new(t.key, Severity::Blocking, e)])?
                    } else {
                        Vec::new()
                    };
                    placed.insert(t.key);
                    out.push(ConfirmedTask {
                        key: t.key,
                        parent,
                        ref_code: t.source_id.clone(),
                        text: t.text.clone(),
                        lead_unit,
                        lead_person: t.lead_person,
                        coordinators: t.coordinators.iter().filter_map(UnitRef::unit).collect(),
                        deadline: t.deadline.clone(),
                        targets: t.targets.clone(),
                        references: t.references.clone(),
                        occurrences,
                    });
                } else {
                    rest.push(t);
                }
            }
            if rest.len() == before {
                // a parent cycle: place the rest as top-level tasks
                for t in &rest {
                    if let Some(lead_unit) = t.lead.as_ref().and_then(UnitRef::unit) {
                        placed.insert(t.key);
                        out.push(ConfirmedTask {
                            key: t.key,
                            parent: None,
                            ref_code: t.source_id.clone(),
                            text: t.text.clone(),
                            lead_unit,
                            lead_person: t.lead_person,
                            coordinators: t.coordinators.iter().filter_map(UnitRef::unit).collect(),
                            deadline: t.deadline.clone(),
                            targets: t.targets.clone(),
                            references: t.references.clone(),
                            occurrences: Vec::new(),
                        });
                    }
                }
                break;
            }
            pending = rest;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::OrgId;
    use crate::unit::Unit;
    use time::macros::date;

    fn dir() -> UnitDirectory {
        let u = |id: i64, name: &str, aliases: &[&str]| Unit {
            id: UnitId(id),
            org_id: OrgId(1),
            parent_id: None,
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            active: true,
        };
        UnitDirectory::new(
            OrgId(1),
            vec![
                u(1, "Ủy ban nhân dân huyện", &["UBND huyện"]),
                u(2, "Ủy ban Kiểm tra Huyện ủy", &[]),
                u(3, "Văn phòng Huyện ủy", &[]),
                u(4, "Văn phòng Điều phối xây dựng Nông thôn mới tỉnh", &[]),
            ],
        )
        .unwrap()
    }

    const JSON: &str = r#"{
      "schema": "dondoc.extract/1",
      "document": {"symbol": "604-KL/HU", "number": "604", "kind": "KL", "kind_name": "Kết luận",
        "issuer": "Ban Chấp hành Đảng bộ huyện", "date": "2024-03-27",
        "signer": {"name": "Đỗ Văn Cẩm", "authority": "T/M HUYỆN ỦY", "position": "PHÓ BÍ THƯ"},
        "recipients": ["BTV Tỉnh ủy (báo cáo)"]},
      "tasks": [
        {"id": "1.(4)", "parent": null, "text": "Xử lý xong các vi phạm đất đai", "start": 10, "end": 90,
         "lead": "UBND huyện", "lead_person": null, "coordinators": ["ngành chức năng"],
         "deadline": {"kind": "month", "due": "2024-06-30", "period": null, "text": "tháng 6/2024", "start": 50, "end": 62},
         "targets": [], "references": ["19-CT/TU", "120-KL/TU"]},
        {"id": "1.(5)", "parent": null, "text": "Giải quyết đơn thư", "lead": "Uỷ ban nhân dân huyện",
         "coordinators": [], "deadline": {"kind": "recurring", "due": null, "period": "monthly", "text": "hằng tháng"},
         "targets": [{"indicator": "tỷ lệ giải quyết đơn thư", "op": ">", "value": 90, "unit": "%", "period": "monthly", "text": "đạt trên 90%"}],
         "references": []},
        {"id": "3.(4)", "parent": null, "text": "Hoàn thiện hồ sơ kiểm điểm", "lead": "UBKT Huyện ủy",
         "coordinators": [], "deadline": {"kind": "none", "due": null, "period": null, "text": null}},
        {"id": "3.(5)", "parent": null, "text": "Giao UBND huyện khẩn trương hoàn thành các nhiệm vụ", "lead": "UBND huyện",
         "deadline": null},
        {"id": "3.(5).(1)", "parent": "3.(5)", "text": "Tổ chức làm việc ... thu được thuế", "lead": null},
        {"id": "3.(5).(2)", "parent": "3.(5)", "text": "Hoàn thành việc ký kết hợp đồng", "lead": null},
        {"id": "2", "parent": null, "text": "Đấu giá quyền sử dụng đất", "lead": "Ban Quản lý dự án", "coordinators": ["Văn phòng Điều phối xây dựng Nông thôn mới tỉnh"],
         "deadline": {"kind": "month", "due": "2024-08-31", "text": "trước tháng 9 năm 2024"}}
      ],
      "references": [{"symbol": "26-CT/TU", "kind": "CT", "number": "26", "date": "2023-06-02"}],
      "warnings": ["two sections are numbered 3."]
    }"#;

    fn draft() -> Draft {
        let input: ExtractionInput = serde_json::from_str(JSON).unwrap();
        Draft::from_extraction(&input, &dir())
    }

    #[test]
    fn builds_from_extraction() {
        let d = draft();
        assert_eq!(d.header.date, Some(date!(2024 - 03 - 27)));
        assert_eq!(d.header.symbol.as_deref(), Some("604-KL/HU"));
        assert_eq!(d.tasks.len(), 7);
        assert_eq!(d.tasks[0].lead.as_ref().unwrap().unit(), Some(UnitId(1)));
        assert_eq!(d.tasks[1].lead.as_ref().unwrap().resolution, Resolution::Folded { unit: UnitId(1) });
        assert_eq!(d.tasks[1].deadline.period, Some(Period::Monthly));
        assert_eq!(d.tasks[1].targets[0].op, TargetOp::Gt);
        assert_eq!(d.tasks[2].lead.as_ref().unwrap().unit(), Some(UnitId(2)));
        // children inherit the group's lead
        assert_eq!(d.tasks[4].parent, Some(4));
        assert_eq!(d.tasks[4].lead.as_ref().unwrap().unit(), Some(UnitId(1)));
        assert_eq!(d.warnings, vec!["two sections are numbered 3."]);
    }

    #[test]
    fn issues_flag_unknown_names() {
        let d = draft();
        let issues = d.issues();
        let blocking: Vec<_> = issues.iter().filter(|i| i.severity == Severity::Blocking).collect();
        assert_eq!(blocking.len(), 1);
        assert_eq!(blocking[0].key, 7);
        assert_eq!(blocking[0].code, "task.lead_unresolved");
        assert!(blocking[0].message_vi.contains("Ban Quản lý dự án"));
        let warn: Vec<_> = issues.iter().filter(|i| i.severity == Severity::Warning).collect();
        assert_eq!(warn.len(), 1);
        assert_eq!(warn[0].code, "task.coordinator_unresolved");
        assert!(d.confirm(date!(2024 - 03 - 28)).is_err());
    }

    #[test]
    fn edits_then_confirm() {
        let mut d = draft();
        d.apply(DraftEdit::SetLead { key: 7, unit: UnitId(3) }).unwrap();
        // a deadline before the document date is refused
        let e =
            d.apply(DraftEdit::SetDeadline { key: 7, deadline: Deadline::date(date!(2024 - 03 - 01)) }).unwrap_err();
        assert_eq!(e.code(), "deadline.before_document");
        d.apply(DraftEdit::SetDeadline { key: 7, deadline: Deadline::date(date!(2024 - 08 - 31)) }).unwrap();
        d.apply(DraftEdit::Split { key: 3, parts: vec!["Phần một".into(), "Phần hai".into()] }).unwrap();
        assert_eq!(d.tasks.len(), 8);
        assert_eq!(d.tasks[2].text, "Phần một");
        assert_eq!(d.tasks[3].lead.as_ref().unwrap().unit(), Some(UnitId(2)));
        d.apply(DraftEdit::Merge { keys: vec![5, 6] }).unwrap();
        assert!(d.task(5).unwrap().text.contains("thu được thuế"));
        assert!(d.task(5).unwrap().text.contains("hợp đồng"));
        assert!(d.task(6).is_none());
        d.apply(DraftEdit::Delete { key: 4 }).unwrap();
        assert_eq!(d.task(5).unwrap().parent, None);
        d.apply(DraftEdit::Add {
            parent: None,
            text: "Báo cáo BCH trong quý II/2024".into(),
            lead: Some(UnitId(3)),
            deadline: Deadline::quarter(2024, 2).unwrap(),
        })
        .unwrap();
        assert_eq!(d.apply(DraftEdit::Delete { key: 99 }).unwrap_err().code(), "draft.task_not_found");
        assert_eq!(
            d.apply(DraftEdit::Split { key: 1, parts: vec!["x".into()] }).unwrap_err().code(),
            "draft.split_too_few"
        );
        assert_eq!(
            d.apply(DraftEdit::SetCoordinators { key: 1, units: vec![UnitId(1)] }).unwrap_err().code(),
            "task.lead_is_coordinator"
        );

        let tasks = d.confirm(date!(2024 - 03 - 28)).unwrap();
        assert_eq!(tasks.len(), d.tasks.len());
        let recurring = tasks.iter().find(|t| t.deadline.kind == DeadlineKind::Recurring).unwrap();
        assert_eq!(recurring.occurrences.len(), 10);
        let first = tasks.iter().find(|t| t.key == 1).unwrap();
        assert!(first.coordinators.is_empty()); // "ngành chức năng" flagged, not created
        assert_eq!(first.references, vec!["19-CT/TU", "120-KL/TU"]);
    }

    #[test]
    fn draft_round_trips_as_json() {
        let d = draft();
        let s = serde_json::to_string(&d).unwrap();
        let back: Draft = serde_json::from_str(&s).unwrap();
        assert_eq!(back, d);
        let edit: DraftEdit = serde_json::from_str(r#"{"op":"set_lead","key":7,"unit":3}"#).unwrap();
        assert_eq!(edit, DraftEdit::SetLead { key: 7, unit: UnitId(3) });
    }

    #[test]
    fn children_come_after_parents() {
        let mut d = draft();
        d.apply(DraftEdit::SetLead { key: 7, unit: UnitId(3) }).unwrap();
        // move the group after its children
        let group = d.tasks.remove(3);
        d.tasks.push(group);
        let tasks = d.confirm(date!(2024 - 03 - 28)).unwrap();
        let pos = |k: u32| tasks.iter().position(|t| t.key == k).unwrap();
        assert!(pos(4) < pos(5) && pos(4) < pos(6));
    }
}
