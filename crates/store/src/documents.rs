//! Documents and the import flow: extraction → a draft document with proposed tasks → the
//! office edits it → confirm → live tasks. The draft is kept as JSON on the document row; the
//! import and the confirmation are each one transaction, so a crash (even SIGKILL) leaves
//! either nothing or a whole draft, and either the draft or all its live tasks.

use crate::audit;
use crate::error::{Result, StoreError};
use crate::sql::{get_i64, get_json, get_odate, get_os, get_s, now_text, Q};
use crate::tasks::{insert_with_occurrences, TaskInsert};
use crate::{Actor, Store};
use dondoc_domain::document::{normalise_symbol, Document, DocumentHeader, DocumentState, Signer};
use dondoc_domain::draft::{Draft, DraftEdit};
use dondoc_domain::ids::{DocumentId, OrgId, TaskId, UnitId};
use dondoc_domain::user::Permission;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::any::AnyRow;
use std::collections::{BTreeSet, HashMap};
use time::Date;

/// A document in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub symbol: Option<String>,
    pub kind_name: Option<String>,
    pub date: Option<Date>,
    pub title: Option<String>,
    pub state: DocumentState,
    pub file_name: Option<String>,
}

/// The outcome of a confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmed {
    pub document: DocumentId,
    /// Draft key → live task id.
    pub tasks: Vec<(u32, TaskId)>,
    /// Occurrence rows created for recurring tasks.
    pub occurrences: usize,
}

const DOC_COLS: &str =
    "id, org_id, symbol, number, kind, kind_name, issuer, place, doc_date, title, signer_name, signer_authority, \
    signer_position, recipients_json, file_name, body, state";

fn state_of(r: &AnyRow) -> Result<DocumentState> {
    let s = get_s(r, "state")?;
    DocumentState::parse(&s).ok_or_else(|| StoreError::corrupt(format!("document state {s}")))
}

fn document_from_row(r: &AnyRow) -> Result<Document> {
    Ok(Document {
        id: DocumentId(get_i64(r, "id")?),
        org_id: OrgId(get_i64(r, "org_id")?),
        header: DocumentHeader {
            symbol: get_os(r, "symbol")?,
            number: get_os(r, "number")?,
            kind: get_os(r, "kind")?,
            kind_name: get_os(r, "kind_name")?,
            issuer: get_os(r, "issuer")?,
            place: get_os(r, "place")?,
            date: get_odate(r, "doc_date")?,
            title: get_os(r, "title")?,
            signer: Signer {
                name: get_os(r, "signer_name")?,
                authority: get_os(r, "signer_authority")?,
                position: get_os(r, "signer_position")?,
            },
            recipients: get_json(r, "recipients_json")?,
        },
        file_name: get_os(r, "file_name")?,
        text: get_s(r, "body")?,
        state: state_of(r)?,
    })
}

impl Store {
    /// Stores an imported document with its draft (office). Nothing is live yet.
    pub async fn import_draft(
        &self,
        actor: &Actor,
        draft: &Draft,
        file_name: Option<&str>,
        text: &str,
    ) -> Result<DocumentId> {
        actor.require(Permission::ImportDocument)?;
        let h = &draft.header;
        let mut tx = self.w().begin().await?;
        let mut q = Q::default();
        let ps = [
            q.arg(actor.org_id.get()),
            q.arg(h.symbol.clone()),
            q.arg(h.symbol.as_deref().map(normalise_symbol)),
            q.arg(h.number.clone()),
            q.arg(h.kind.clone()),
            q.arg(h.kind_name.clone()),
            q.arg(h.issuer.clone()),
            q.arg(h.place.clone()),
            q.arg(h.date),
            q.arg(h.title.clone()),
            q.arg(h.signer.name.clone()),
            q.arg(h.signer.authority.clone()),
            q.arg(h.signer.position.clone()),
            q.arg(serde_json::to_string(&h.recipients)?),
            q.arg(file_name.map(str::to_string)),
            q.arg(text),
            q.arg(serde_json::to_string(draft)?),
            q.arg(actor.user_id.get()),
            q.arg(now_text()),
        ];
        q.sql = format!(
            "INSERT INTO documents (org_id, symbol, symbol_norm, number, kind, kind_name, issuer, place, doc_date, title, signer_name, \
             signer_authority, signer_position, recipients_json, file_name, body, draft_json, created_by, created_at, state) \
             VALUES ({}, 'draft') RETURNING id",
            ps.join(", ")
        );
        let id = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
        audit::record(
            &mut tx,
            actor,
            "document",
            id,
            "import",
            None,
            Some(&json!({"header": h, "file_name": file_name, "tasks": draft.tasks.len()})),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(document = id, tasks = draft.tasks.len(), "draft imported");
        Ok(DocumentId(id))
    }

    /// A document of the actor's organisation (unit users see only confirmed ones).
    pub async fn get_document(&self, actor: &Actor, id: DocumentId) -> Result<Document> {
        let mut q = Q::default();
        let (a, b) = (q.arg(id.get()), q.arg(actor.org_id.get()));
        q.sql = format!("SELECT {DOC_COLS} FROM documents WHERE id = {a} AND org_id = {b}");
        if !actor.can(Permission::EditDraft) {
            q.sql.push_str(" AND state = 'confirmed'");
        }
        let r = q.query().fetch_optional(self.r()).await?.ok_or(StoreError::not_found("document"))?;
        document_from_row(&r)
    }

    /// Documents of the organisation, newest first (drafts only for the office).
    pub async fn list_documents(&self, actor: &Actor, state: Option<DocumentState>) -> Result<Vec<DocumentSummary>> {
        let mut q = Q::default();
        let org = q.arg(actor.org_id.get());
        q.sql = format!(
            "SELECT id, symbol, kind_name, doc_date, title, state, file_name FROM documents WHERE org_id = {org}"
        );
        if !actor.can(Permission::EditDraft) {
            q.sql.push_str(" AND state = 'confirmed'");
        }
        if let Some(s) = state {
            let p = q.arg(s.as_str());
            q.sql.push_str(&format!(" AND state = {p}"));
        }
        q.sql.push_str(" ORDER BY id DESC");
        q.query()
            .fetch_all(self.r())
            .await?
            .iter()
            .map(|r| {
                Ok(DocumentSummary {
                    id: DocumentId(get_i64(r, "id")?),
                    symbol: get_os(r, "symbol")?,
                    kind_name: get_os(r, "kind_name")?,
                    date: get_odate(r, "doc_date")?,
                    title: get_os(r, "title")?,
                    state: state_of(r)?,
                    file_name: get_os(r, "file_name")?,
                })
            })
            .collect()
    }

    /// The draft of a document still under review (office).
    pub async fn get_draft(&self, actor: &Actor, id: DocumentId) -> Result<Draft> {
        actor.require(Permission::EditDraft)?;
        let mut conn = self.r().acquire().await?;
        load_draft(&mut conn, actor, id).await
    }

    /// Applies edits to a draft, all or none, and saves it (office).
    pub async fn edit_draft(&self, actor: &Actor, id: DocumentId, edits: &[DraftEdit]) -> Result<Draft> {
        actor.require(Permission::EditDraft)?;
        let mut tx = self.w().begin().await?;
        let before = load_draft(&mut tx, actor, id).await?;
        let mut draft = before.clone();
        for e in edits {
            draft.apply(e.clone())?;
        }
        let mut q = Q::default();
        let ps = [q.arg(serde_json::to_string(&draft)?), q.arg(id.get()), q.arg(actor.org_id.get())];
        q.sql = format!(
            "UPDATE documents SET draft_json = {} WHERE id = {} AND org_id = {} AND state = 'draft'",
            ps[0], ps[1], ps[2]
        );
        if q.query().execute(&mut *tx).await?.rows_affected() == 0 {
            return Err(StoreError::Conflict("the draft changed meanwhile"));
        }
        audit::record(
            &mut tx,
            actor,
            "document",
            id.get(),
            "edit_draft",
            Some(&json!(before.tasks)),
            Some(&json!({"edits": edits, "tasks": draft.tasks})),
        )
        .await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Confirms a draft: in one transaction, every proposed task becomes a live task (recurring
    /// ones with their occurrences up to the end of `today`'s year or their own end) and the
    /// document becomes confirmed. Refused while blocking problems remain, or when a unit
    /// named is not in the organisation.
    pub async fn confirm_draft(&self, actor: &Actor, id: DocumentId, today: Date) -> Result<Confirmed> {
        actor.require(Permission::ConfirmDraft)?;
        let mut tx = self.w().begin().await?;
        let draft = load_draft(&mut tx, actor, id).await?;
        let tasks = draft.confirm(today).map_err(StoreError::DraftNotConfirmable)?;
        let units: BTreeSet<UnitId> =
            tasks.iter().flat_map(|t| std::iter::once(t.lead_unit).chain(t.coordinators.iter().copied())).collect();
        for u in units {
            crate::directory::ensure_unit_in_org(&mut tx, actor.org_id, u).await?;
        }
        let assigned_on = draft.header.date.unwrap_or(today);
        let mut ids: HashMap<u32, TaskId> = HashMap::new();
        let mut out = Vec::with_capacity(tasks.len());
        let mut occurrences = 0;
        for t in &tasks {
            let base = TaskInsert {
                org: actor.org_id,
                created_by: Some(actor.user_id.get()),
                document_id: Some(id),
                parent_id: t.parent.and_then(|p| ids.get(&p).copied()),
                occurrence: None,
                ref_code: t.ref_code.as_deref(),
                text: &t.text,
                lead_unit: t.lead_unit,
                lead_person: t.lead_person,
                coordinators: &t.coordinators,
                deadline: &t.deadline,
                targets: &t.targets,
                references: &t.references,
                assigned_on,
                counted: true,
            };
            let (tid, occ) = insert_with_occurrences(&mut tx, base, today).await?;
            occurrences += occ.len();
            ids.insert(t.key, tid);
            out.push((t.key, tid));
            audit::record(
                &mut tx,
                actor,
                "task",
                tid.get(),
                "create",
                None,
                Some(&json!({"from_draft": t, "occurrences": occ})),
            )
            .await?;
        }
        let mut q = Q::default();
        let ps = [q.arg(actor.user_id.get()), q.arg(now_text()), q.arg(id.get()), q.arg(actor.org_id.get())];
        q.sql = format!(
            "UPDATE documents SET state = 'confirmed', confirmed_by = {}, confirmed_at = {} WHERE id = {} AND org_id = {} AND state = 'draft'",
            ps[0], ps[1], ps[2], ps[3]
        );
        if q.query().execute(&mut *tx).await?.rows_affected() == 0 {
            return Err(StoreError::Conflict("the draft was confirmed meanwhile"));
        }
        audit::record(
            &mut tx,
            actor,
            "document",
            id.get(),
            "confirm",
            Some(&json!({"state": "draft"})),
            Some(&json!({"state": "confirmed", "tasks": out})),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(document = id.get(), tasks = out.len(), occurrences, "draft confirmed");
        Ok(Confirmed { document: id, tasks: out, occurrences })
    }
}

async fn load_draft(conn: &mut sqlx::AnyConnection, actor: &Actor, id: DocumentId) -> Result<Draft> {
    let mut q = Q::default();
    let (a, b) = (q.arg(id.get()), q.arg(actor.org_id.get()));
    q.sql = format!("SELECT state, draft_json FROM documents WHERE id = {a} AND org_id = {b}");
    let r = q.query().fetch_optional(&mut *conn).await?.ok_or(StoreError::not_found("document"))?;
    if state_of(&r)? != DocumentState::Draft {
        return Err(dondoc_domain::DomainError::DraftAlreadyConfirmed.into());
    }
    let json = get_os(&r, "draft_json")?.ok_or_else(|| StoreError::corrupt("draft without draft_json"))?;
    Ok(serde_json::from_str(&json)?)
}
