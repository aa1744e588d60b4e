//! The store's integration suite, run on SQLite and PostgreSQL alike (see `common`).

mod common;

use common::{fixture, Fixture, TestDb};
use dondoc_domain::deadline::{Deadline, Period};
use dondoc_domain::draft::{Draft, DraftEdit, ExtractionInput};
use dondoc_domain::extension::ExtensionDecision;
use dondoc_domain::ids::{DocumentId, PersonId, TaskId, UnitId};
use dondoc_domain::progress::NewProgressReport;
use dondoc_domain::stats::StatusCounts;
use dondoc_domain::status::{status_as_of, Status, StatusGroup};
use dondoc_domain::task::TaskState;
use dondoc_domain::user::Actor;
use dondoc_store::audit::AuditFilter;
use dondoc_store::progress::NewAttachment;
use dondoc_store::stats::StatsQuery;
use dondoc_store::tasks::{NewTask, TaskFilter, TaskUpdate};
use dondoc_store::{Store, StoreError};
use sqlx::Executor;
use time::macros::date;
use time::Date;

const EXTRACTION: &str = r#"{
  "schema": "dondoc.extract/1",
  "document": {"symbol": "604-KL/HU", "number": "604", "kind": "KL", "kind_name": "Kết luận",
    "issuer": "Ban Chấp hành Đảng bộ huyện", "date": "2024-03-27", "title": "CỦA BAN CHẤP HÀNH ĐẢNG BỘ HUYỆN tại kỳ họp thứ 22",
    "signer": {"name": "Đỗ Văn Cẩm", "authority": "T/M HUYỆN ỦY", "position": "PHÓ BÍ THƯ"}, "recipients": ["BTV Tỉnh ủy (báo cáo)"]},
  "tasks": [
    {"id": "1.(4)", "text": "Xử lý xong các vi phạm đất đai theo Chỉ thị số 19-CT/TU", "lead": "UBND huyện",
     "coordinators": ["Phòng TN&MT", "ngành chức năng"],
     "deadline": {"kind": "month", "due": "2024-06-30", "text": "tháng 6/2024"}, "references": ["19-CT/TU", "120-KL/TU"]},
    {"id": "1.(5)", "text": "Giải quyết đơn thư, tỷ lệ hàng tháng đạt trên 90%", "lead": "Uỷ ban nhân dân huyện",
     "deadline": {"kind": "recurring", "period": "monthly", "text": "hằng tháng"},
     "targets": [{"indicator": "tỷ lệ giải quyết đơn thư", "op": ">", "value": 90, "unit": "%", "period": "monthly"}]},
    {"id": "3.(4)", "text": "Hoàn thiện hồ sơ kiểm điểm trách nhiệm", "lead": "UBKT Huyện uỷ", "deadline": {"kind": "none"}},
    {"id": "3.(5)", "text": "Giao UBND huyện khẩn trương hoàn thành các nhiệm vụ", "lead": "UBND huyện"},
    {"id": "3.(5).(1)", "parent": "3.(5)", "text": "Tổ chức làm việc để thu thuế các cơ sở chế biến gỗ"},
    {"id": "2", "text": "Đấu giá quyền sử dụng đất ở dân cư", "lead": "Ban Quản lý dự án",
     "deadline": {"kind": "month", "due": "2024-08-31", "text": "trước tháng 9 năm 2024"}}
  ],
  "warnings": ["two sections are numbered 3."]
}"#;

async fn imported(store: &Store, f: &Fixture) -> (DocumentId, Draft) {
    let input: ExtractionInput = serde_json::from_str(EXTRACTION).unwrap();
    let dir = store.unit_directory(&f.office).await.unwrap();
    let draft = Draft::from_extraction(&input, &dir);
    let id = store.import_draft(&f.office, &draft, Some("604-KL.txt"), "Số 604-KL/HU ...").await.unwrap();
    (id, draft)
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let mut c = db.raw().await;
    let row = sqlx::query(sql).fetch_one(&mut c).await.unwrap();
    sqlx::Row::try_get::<i64, _>(&row, 0).unwrap()
}

fn report(on: Date, percent: i64) -> NewProgressReport {
    NewProgressReport {
        reported_on: on,
        percent,
        narrative: "Đã triển khai".into(),
        figures: vec![],
        attachments: vec![],
        marks_completion: false,
    }
}

fn simple_task(f: &Fixture, text: &str, deadline: Deadline) -> NewTask {
    NewTask {
        document_id: None,
        parent_id: None,
        ref_code: None,
        text: text.into(),
        lead_unit: f.ubnd,
        lead_person: None,
        coordinators: vec![f.tnmt],
        deadline,
        targets: vec![],
        references: vec![],
        assigned_on: date!(2024 - 03 - 27),
    }
}

// ------------------------------------------------------------------------------------------

async fn import_edit_confirm(db: &TestDb) {
    let store = &db.store;
    let f = fixture(store, "import").await;
    let (doc, draft) = imported(store, &f).await;
    assert_eq!(draft.tasks[0].lead.as_ref().unwrap().unit(), Some(f.ubnd));
    assert_eq!(draft.tasks[2].lead.as_ref().unwrap().unit(), Some(f.ubkt));
    // nothing is live, and unit users do not see the draft
    assert_eq!(count(db, "SELECT COUNT(*) FROM tasks").await, 0);
    assert!(matches!(store.get_document(&f.ubnd_user, doc).await, Err(StoreError::NotFound { .. })));
    // the unknown lead blocks confirmation; it was not created
    let err = store.confirm_draft(&f.office, doc, date!(2024 - 03 - 28)).await.unwrap_err();
    let StoreError::DraftNotConfirmable(issues) = err else { panic!("{err:?}") };
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].code, "task.lead_unresolved");
    assert_eq!(count(db, "SELECT COUNT(*) FROM units WHERE name LIKE 'Ban Quản lý%'").await, 0);
    // a deadline before the document date is refused; nothing saved
    let e = store
        .edit_draft(
            &f.office,
            doc,
            &[
                DraftEdit::SetLead { key: 6, unit: f.vp },
                DraftEdit::SetDeadline { key: 6, deadline: Deadline::date(date!(2024 - 01 - 01)) },
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "deadline.before_document");
    assert!(store.get_draft(&f.office, doc).await.unwrap().tasks[5].lead.as_ref().unwrap().unit().is_none());
    // units cannot edit or confirm
    assert_eq!(store.edit_draft(&f.ubnd_user, doc, &[]).await.unwrap_err().code(), "auth.not_permitted");
    assert_eq!(
        store.confirm_draft(&f.leader, doc, date!(2024 - 03 - 28)).await.unwrap_err().code(),
        "auth.not_permitted"
    );
    store
        .edit_draft(
            &f.office,
            doc,
            &[
                DraftEdit::SetLead { key: 6, unit: f.vp },
                DraftEdit::Split {
                    key: 3, parts: vec!["Hoàn thiện hồ sơ".into(), "Báo cáo kết quả".into()]
                },
            ],
        )
        .await
        .unwrap();
    let confirmed = store.confirm_draft(&f.office, doc, date!(2024 - 03 - 28)).await.unwrap();
    assert_eq!(confirmed.tasks.len(), 7);
    assert_eq!(confirmed.occurrences, 10); // monthly, March..December 2024
    assert_eq!(store.get_document(&f.ubnd_user, doc).await.unwrap().header.symbol.as_deref(), Some("604-KL/HU"));
    assert_eq!(
        store.confirm_draft(&f.office, doc, date!(2024 - 03 - 28)).await.unwrap_err().code(),
        "draft.already_confirmed"
    );
    // the child kept its parent; resolved coordinators linked, unknown ones not created
    let first = store.get_task(&f.office, confirmed.tasks[0].1).await.unwrap();
    assert_eq!(first.task.coordinators, vec![f.tnmt]);
    assert_eq!(first.task.references, vec!["19-CT/TU", "120-KL/TU"]);
    assert_eq!(first.task.deadline.due, Some(date!(2024 - 06 - 30)));
    let child_key = 5;
    let child = confirmed.tasks.iter().find(|(k, _)| *k == child_key).unwrap().1;
    let parent = confirmed.tasks.iter().find(|(k, _)| *k == 4).unwrap().1;
    assert_eq!(store.get_task(&f.office, child).await.unwrap().task.parent_id, Some(parent));
    let recurring = confirmed.tasks.iter().find(|(k, _)| *k == 2).unwrap().1;
    let occ = store.list_occurrences(&f.office, recurring).await.unwrap();
    assert_eq!(occ.len(), 10);
    assert_eq!(occ[1].task.deadline.due, Some(date!(2024 - 04 - 30)));
    assert_eq!(occ[1].occurrence.as_ref().unwrap().label, "Tháng 4/2024");
    assert!(!store.get_task(&f.office, recurring).await.unwrap().counted);
    // list of the document: counted rows only (tasks + occurrences, not the recurring row)
    let mut filter = TaskFilter::as_of(date!(2024 - 05 - 05));
    filter.document = Some(doc);
    filter.limit = 100;
    let page = store.list_tasks(&f.office, &filter).await.unwrap();
    assert_eq!(page.total, 6 + 10);
    assert_eq!(page.items.len(), 16);
    // audit: import, two edits (one refused, not written), confirm, one row per task
    let audit = store
        .audit_log(
            &f.admin,
            &AuditFilter { entity: Some("document".into()), entity_id: Some(doc.get()), ..Default::default() },
        )
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, vec!["confirm", "edit_draft", "import"]);
    assert_eq!(count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND action = 'create'").await, 7);
}
both!(import_edit_confirm_both, super::import_edit_confirm);

async fn confirm_is_atomic(db: &TestDb) {
    let store = &db.store;
    let f = fixture(store, "atomic").await;
    let (doc, _) = imported(store, &f).await;
    // the last task names a person that does not exist: its insert fails after the others
    store
        .edit_draft(
            &f.office,
            doc,
            &[
                DraftEdit::SetLead { key: 6, unit: f.vp },
                DraftEdit::SetLeadPerson { key: 6, person: Some(PersonId(987_654)) },
            ],
        )
        .await
        .unwrap();
    let audit_before = count(db, "SELECT COUNT(*) FROM audit_log").await;
    assert!(store.confirm_draft(&f.office, doc, date!(2024 - 03 - 28)).await.is_err());
    assert_eq!(count(db, "SELECT COUNT(*) FROM tasks").await, 0);
    assert_eq!(count(db, "SELECT COUNT(*) FROM task_coordinators").await, 0);
    assert_eq!(count(db, "SELECT COUNT(*) FROM audit_log").await, audit_before);
    assert_eq!(count(db, "SELECT COUNT(*) FROM documents WHERE state = 'draft'").await, 1);
    // fixed, it confirms whole
    store.edit_draft(&f.office, doc, &[DraftEdit::SetLeadPerson { key: 6, person: None }]).await.unwrap();
    store.confirm_draft(&f.office, doc, date!(2024 - 03 - 28)).await.unwrap();
    assert_eq!(count(db, "SELECT COUNT(*) FROM documents WHERE state = 'confirmed'").await, 1);
}
both!(confirm_is_atomic_both, super::confirm_is_atomic);

// ------------------------------------------------------------------------------------------

/// Lifecycle, extensions and status: the SQL status agrees with `dondoc_domain::status` at
/// dates before, on and after each deadline and extension.
async fn status_matches_domain(db: &TestDb) {
    let store = &db.store;
    let f = fixture(store, "status").await;
    let today = date!(2024 - 03 - 27);
    let due = date!(2024 - 04 - 21);
    let t_open =
        store.create_task(&f.office, &simple_task(&f, "Lấy ý kiến cử tri", Deadline::date(due)), today).await.unwrap();
    let t_done =
        store.create_task(&f.office, &simple_task(&f, "Hoàn thành hồ sơ", Deadline::date(due)), today).await.unwrap();
    let t_late = store
        .create_task(&f.office, &simple_task(&f, "Báo cáo quý", Deadline::quarter(2024, 1).unwrap()), today)
        .await
        .unwrap();
    let t_ext = store
        .create_task(&f.office, &simple_task(&f, "Đấu giá đất", Deadline::month(2024, 4).unwrap()), today)
        .await
        .unwrap();
    let t_ref = store
        .create_task(&f.office, &simple_task(&f, "Thu ngân sách", Deadline::month(2024, 4).unwrap()), today)
        .await
        .unwrap();
    let t_none = store
        .create_task(&f.office, &simple_task(&f, "Thường xuyên theo dõi", Deadline::ongoing()), today)
        .await
        .unwrap();
    let t_cancel =
        store.create_task(&f.office, &simple_task(&f, "Việc bị hủy", Deadline::date(due)), today).await.unwrap();
    let t_rec = store
        .create_task(
            &f.office,
            &simple_task(&f, "Báo cáo hằng tháng", Deadline::recurring(Period::Monthly, Some(date!(2024 - 06 - 30)))),
            today,
        )
        .await
        .unwrap();
    let occ = store.list_occurrences(&f.office, t_rec).await.unwrap();
    assert_eq!(occ.len(), 4);

    // done on time: reported 20/4, accepted later
    let mut r = report(date!(2024 - 04 - 20), 100);
    r.marks_completion = true;
    store.add_progress_report(&f.ubnd_user, t_done, &r, &[], date!(2024 - 04 - 20)).await.unwrap();
    assert_eq!(store.get_task(&f.office, t_done).await.unwrap().task.state, TaskState::CompletionReported);
    // only the office accepts
    assert_eq!(store.accept_completion(&f.ubnd_user, t_done).await.unwrap_err().code(), "auth.not_permitted");
    assert_eq!(store.accept_completion(&f.leader, t_done).await.unwrap_err().code(), "auth.not_permitted");
    let acc = store.accept_completion(&f.office, t_done).await.unwrap();
    assert_eq!(acc.task.completed_on, Some(date!(2024 - 04 - 20)));
    // done late (quarter I ends 31/3; reported 5/4), after one send-back
    let mut r = report(date!(2024 - 04 - 02), 100);
    r.marks_completion = true;
    store.add_progress_report(&f.ubnd_user, t_late, &r, &[], date!(2024 - 04 - 02)).await.unwrap();
    store.send_back(&f.office, t_late).await.unwrap();
    r.reported_on = date!(2024 - 04 - 05);
    store.add_progress_report(&f.ubnd_user, t_late, &r, &[], date!(2024 - 04 - 05)).await.unwrap();
    store.accept_completion(&f.office, t_late).await.unwrap();
    // extension granted on 25/4 to 15/5; another refused
    let e1 = store
        .request_extension(&f.ubnd_user, t_ext, date!(2024 - 05 - 15), "Chờ ý kiến của tỉnh", date!(2024 - 04 - 20))
        .await
        .unwrap();
    assert_eq!(
        store.decide_extension(&f.office, e1, true, None, date!(2024 - 04 - 25)).await.unwrap_err().code(),
        "auth.not_permitted"
    );
    let g = store.decide_extension(&f.leader, e1, true, Some("Đồng ý"), date!(2024 - 04 - 25)).await.unwrap();
    assert_eq!(g.decision, ExtensionDecision::Granted);
    assert_eq!(
        store.decide_extension(&f.leader, e1, false, None, date!(2024 - 04 - 26)).await.unwrap_err().code(),
        "extension.already_decided"
    );
    let rec = store.get_task(&f.office, t_ext).await.unwrap();
    assert_eq!(rec.task.deadline.due, Some(date!(2024 - 04 - 30)), "the original deadline is kept");
    assert_eq!(rec.effective_due, Some(date!(2024 - 05 - 15)));
    let e2 = store
        .request_extension(&f.ubnd_user, t_ref, date!(2024 - 05 - 31), "Thiếu nhân lực", date!(2024 - 04 - 22))
        .await
        .unwrap();
    store.decide_extension(&f.leader, e2, false, Some("Không đồng ý"), date!(2024 - 04 - 24)).await.unwrap();
    assert_eq!(
        store
            .request_extension(&f.ubnd_user, t_none, date!(2024 - 05 - 31), "x", date!(2024 - 04 - 22))
            .await
            .unwrap_err()
            .code(),
        "extension.no_deadline"
    );
    store.cancel_task(&f.office, t_cancel, date!(2024 - 04 - 10), "Không còn phù hợp").await.unwrap();
    // an occurrence done late
    let mut r = report(date!(2024 - 05 - 03), 100);
    r.marks_completion = true;
    store.add_progress_report(&f.ubnd_user, occ[1].task.id, &r, &[], date!(2024 - 05 - 03)).await.unwrap();
    store.accept_completion(&f.office, occ[1].task.id).await.unwrap();

    let all = [t_open, t_done, t_late, t_ext, t_ref, t_none, t_cancel];
    let dates = [
        date!(2024 - 03 - 30),
        date!(2024 - 03 - 31),
        date!(2024 - 04 - 01),
        date!(2024 - 04 - 05),
        date!(2024 - 04 - 10),
        date!(2024 - 04 - 16),
        date!(2024 - 04 - 19),
        date!(2024 - 04 - 20),
        date!(2024 - 04 - 21),
        date!(2024 - 04 - 22),
        date!(2024 - 04 - 24),
        date!(2024 - 04 - 25),
        date!(2024 - 04 - 30),
        date!(2024 - 05 - 01),
        date!(2024 - 05 - 10),
        date!(2024 - 05 - 15),
        date!(2024 - 05 - 16),
        date!(2024 - 07 - 01),
    ];
    for d in dates {
        let mut filter = TaskFilter::as_of(d);
        filter.limit = 100;
        let page = store.list_tasks(&f.office, &filter).await.unwrap();
        let mut counts = StatusCounts::default();
        for item in &page.items {
            let exts = store.list_extensions(&f.office, item.record.task.id).await.unwrap();
            let expected = status_as_of(&item.record.task, &exts, None, d, 5);
            assert_eq!(item.status, expected, "task {} as of {d}", item.record.task.text);
            counts.add(&expected);
        }
        assert_eq!(page.items.len(), all.len() + occ.len());
        let stats = store.stats_by_unit(&f.office, &StatsQuery::as_of(d)).await.unwrap();
        assert_eq!(stats.len(), 1);
        assert_eq!(stats[0].unit_id, f.ubnd);
        assert_eq!(stats[0].counts, counts, "stats as of {d}");
        // the status filter returns exactly the matching rows
        for g in StatusGroup::ALL {
            let mut filter = TaskFilter::as_of(d);
            filter.groups = vec![g];
            filter.limit = 100;
            let page = store.list_tasks(&f.office, &filter).await.unwrap();
            assert!(page.items.iter().all(|i| i.status.group() == g));
            assert_eq!(page.total as usize, page.items.len());
        }
    }
    // spot checks
    let at = |d: Date, id: TaskId| {
        let store = store.clone();
        let office = f.office;
        async move {
            let mut filter = TaskFilter::as_of(d);
            filter.limit = 100;
            store
                .list_tasks(&office, &filter)
                .await
                .unwrap()
                .items
                .into_iter()
                .find(|i| i.record.task.id == id)
                .unwrap()
                .status
        }
    };
    assert_eq!(at(date!(2024 - 04 - 22), t_open).await, Status::OpenOverdue { days_overdue: 1 });
    assert_eq!(at(date!(2024 - 04 - 21), t_open).await, Status::OpenInTime { due_soon: true, days_left: 0 });
    assert_eq!(at(date!(2024 - 04 - 10), t_late).await, Status::DoneLate { days_late: 5 });
    assert_eq!(at(date!(2024 - 04 - 24), t_ext).await, Status::OpenInTime { due_soon: false, days_left: 6 });
    assert_eq!(at(date!(2024 - 04 - 25), t_ext).await, Status::OpenInTime { due_soon: false, days_left: 20 });
    assert_eq!(at(date!(2024 - 05 - 16), t_ext).await, Status::OpenOverdue { days_overdue: 1 });
    assert_eq!(at(date!(2024 - 05 - 01), t_ref).await, Status::OpenOverdue { days_overdue: 1 });
    assert_eq!(at(date!(2024 - 05 - 10), occ[1].task.id).await, Status::DoneLate { days_late: 3 });
    // filters: unit, text (diacritics folded), deadline range
    let mut filter = TaskFilter::as_of(date!(2024 - 04 - 22));
    filter.text = Some("DAU GIA".into());
    assert_eq!(store.list_tasks(&f.office, &filter).await.unwrap().items.len(), 1);
    let mut filter = TaskFilter::as_of(date!(2024 - 04 - 22));
    filter.unit = Some(f.tnmt);
    assert_eq!(store.list_tasks(&f.office, &filter).await.unwrap().total, 0);
    filter.include_coordinated = true;
    assert_eq!(store.list_tasks(&f.office, &filter).await.unwrap().total, 7 + 4);
    let mut filter = TaskFilter::as_of(date!(2024 - 04 - 22));
    filter.due_from = Some(date!(2024 - 04 - 21));
    filter.due_to = Some(date!(2024 - 04 - 30));
    assert_eq!(store.list_tasks(&f.office, &filter).await.unwrap().total, 6);
    // pagination is stable
    let mut filter = TaskFilter::as_of(date!(2024 - 04 - 22));
    filter.limit = 4;
    let mut seen = Vec::new();
    loop {
        let page = store.list_tasks(&f.office, &filter).await.unwrap();
        assert_eq!(page.total, 11);
        if page.items.is_empty() {
            break;
        }
        seen.extend(page.items.iter().map(|i| i.record.task.id));
        filter.offset += 4;
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 11);
}
both!(status_matches_domain_both, super::status_matches_domain);

// ------------------------------------------------------------------------------------------

/// Role × action × ownership: every refusal asserted.
async fn scoping_matrix(db: &TestDb) {
    let store = &db.store;
    let f = fixture(store, "scope").await;
    let other = fixture(store, "scope-other-org").await;
    let today = date!(2024 - 03 - 27);
    let mut nt = simple_task(&f, "Nhiệm vụ của UBND", Deadline::date(date!(2024 - 06 - 30)));
    nt.lead_person = Some(f.cadre_person);
    let task = store.create_task(&f.office, &nt, today).await.unwrap();
    let mut nt2 = simple_task(&f, "Nhiệm vụ của UBKT", Deadline::date(date!(2024 - 06 - 30)));
    nt2.lead_unit = f.ubkt;
    nt2.coordinators = vec![];
    let task2 = store.create_task(&f.office, &nt2, today).await.unwrap();

    // who sees what
    let visible = |a: Actor| {
        let store = store.clone();
        async move {
            let mut filter = TaskFilter::as_of(today);
            filter.limit = 100;
            let mut ids: Vec<TaskId> =
                store.list_tasks(&a, &filter).await.unwrap().items.iter().map(|i| i.record.task.id).collect();
            ids.sort();
            ids
        }
    };
    for a in [f.admin, f.office, f.leader] {
        assert_eq!(visible(a).await, vec![task, task2], "{:?}", a.role);
        assert!(store.get_task(&a, task2).await.is_ok());
    }
    assert_eq!(visible(f.ubnd_user).await, vec![task]); // lead
    assert_eq!(visible(f.tnmt_user).await, vec![task]); // coordinator
    assert_eq!(visible(f.ubkt_user).await, vec![task2]);
    assert_eq!(visible(f.cadre).await, vec![task]);
    assert_eq!(visible(f.cadre2).await, vec![task]); // same unit: sees, cannot report
    assert_eq!(visible(other.office).await, Vec::<TaskId>::new()); // other organisation
    for (a, id) in
        [(f.ubnd_user, task2), (f.tnmt_user, task2), (f.ubkt_user, task), (other.office, task), (other.admin, task2)]
    {
        assert!(
            matches!(store.get_task(&a, id).await, Err(StoreError::NotFound { .. })),
            "{:?} must not see {id}",
            a.role
        );
        assert!(matches!(store.list_progress_reports(&a, id).await, Err(StoreError::NotFound { .. })));
        assert!(matches!(store.list_extensions(&a, id).await, Err(StoreError::NotFound { .. })));
    }
    // statistics are scoped too
    let s = store.status_counts(&f.ubkt_user, &StatsQuery::as_of(today)).await.unwrap();
    assert_eq!(s.total, 1);
    assert_eq!(store.status_counts(&other.office, &StatsQuery::as_of(today)).await.unwrap().total, 0);

    // progress reports: only the lead (unit or cadre leading in person)
    let on = date!(2024 - 04 - 01);
    assert!(store.add_progress_report(&f.ubnd_user, task, &report(on, 10), &[], on).await.is_ok());
    assert!(store.add_progress_report(&f.cadre, task, &report(on, 20), &[], on).await.is_ok());
    for (a, id, code) in [
        (f.tnmt_user, task, "auth.out_of_scope"), // coordinator
        (f.cadre2, task, "auth.out_of_scope"),    // same unit, not the lead person
        (f.ubkt_user, task, "store.not_found"),   // unrelated unit
        (f.ubnd_user, task2, "store.not_found"),  // other unit's task
        (f.office, task, "auth.not_permitted"),   // office does not report
        (f.leader, task, "auth.not_permitted"),
        (f.admin, task, "auth.not_permitted"),
        (other.office, task, "auth.not_permitted"),
    ] {
        let e = store.add_progress_report(&a, id, &report(on, 30), &[], on).await.unwrap_err();
        assert_eq!(e.code(), code, "{:?} reporting on {id}", a.role);
    }
    // extensions: lead asks, leader decides
    for (a, code) in
        [(f.tnmt_user, "auth.out_of_scope"), (f.office, "auth.not_permitted"), (f.ubkt_user, "store.not_found")]
    {
        assert_eq!(
            store.request_extension(&a, task, date!(2024 - 07 - 31), "lý do", on).await.unwrap_err().code(),
            code
        );
    }
    let ext = store.request_extension(&f.ubnd_user, task, date!(2024 - 07 - 31), "lý do", on).await.unwrap();
    for a in [f.ubnd_user, f.office, f.admin, f.cadre] {
        assert_eq!(store.decide_extension(&a, ext, true, None, on).await.unwrap_err().code(), "auth.not_permitted");
    }
    assert!(matches!(
        store.decide_extension(&other.leader, ext, true, None, on).await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(store.pending_extensions(&f.leader).await.unwrap().len(), 1);
    assert_eq!(store.pending_extensions(&f.ubkt_user).await.unwrap().len(), 0);
    // office-only lifecycle and edits
    for a in [f.ubnd_user, f.leader, f.admin, f.cadre] {
        assert_eq!(store.cancel_task(&a, task, on, "x").await.unwrap_err().code(), "auth.not_permitted");
        assert_eq!(
            store
                .update_task(&a, task, &TaskUpdate { text: Some("y".into()), ..Default::default() })
                .await
                .unwrap_err()
                .code(),
            "auth.not_permitted"
        );
        assert_eq!(
            store.create_task(&a, &simple_task(&f, "z", Deadline::none()), today).await.unwrap_err().code(),
            "auth.not_permitted"
        );
    }
    assert!(matches!(store.cancel_task(&other.office, task, on, "x").await, Err(StoreError::NotFound { .. })));
    // office cannot use another organisation's unit
    let mut foreign = simple_task(&f, "z", Deadline::none());
    foreign.lead_unit = other.ubnd;
    assert_eq!(store.create_task(&f.office, &foreign, today).await.unwrap_err().code(), "unit.other_org");
    // handing to a cadre: the lead unit, for a person of its own unit
    assert_eq!(
        store.assign_lead_person(&f.tnmt_user, task, Some(f.cadre_person)).await.unwrap_err().code(),
        "auth.not_permitted"
    );
    assert!(matches!(store.assign_lead_person(&f.ubkt_user, task, None).await, Err(StoreError::NotFound { .. })));
    assert_eq!(store.assign_lead_person(&f.ubnd_user, task, None).await.unwrap().task.lead_person, None);
    // directory and users: admin only, own organisation only
    // the audit log: admin and office
    assert!(store.audit_log(&f.office, &AuditFilter::default()).await.is_ok());
    for a in [f.leader, f.ubnd_user] {
        assert_eq!(store.audit_log(&a, &AuditFilter::default()).await.unwrap_err().code(), "auth.not_permitted");
    }
    for a in [f.office, f.leader, f.ubnd_user] {
        assert_eq!(store.list_users(&a).await.unwrap_err().code(), "auth.not_permitted");
        assert_eq!(
            store
                .create_unit(
                    &a,
                    &dondoc_store::directory::NewUnit { parent_id: None, name: "X".into(), aliases: vec![] }
                )
                .await
                .unwrap_err()
                .code(),
            "auth.not_permitted"
        );
    }
    assert_eq!(store.list_users(&other.admin).await.unwrap().len(), 8);
    assert!(store
        .audit_log(&other.admin, &AuditFilter::default())
        .await
        .unwrap()
        .iter()
        .all(|a| a.org_id == Some(other.org.get())));
    // bootstrap only once
    let u = dondoc_store::directory::NewUser {
        username: "intruder".into(),
        display_name: "x".into(),
        password_hash: "x".into(),
        role: dondoc_domain::user::Role::Admin,
        unit_id: None,
        person_id: None,
    };
    assert_eq!(store.create_user(None, f.org, &u).await.unwrap_err().code(), "auth.not_permitted");
    assert_eq!(store.create_user(Some(&other.admin), f.org, &u).await.unwrap_err().code(), "auth.out_of_scope");
}
both!(scoping_matrix_both, super::scoping_matrix);

// ------------------------------------------------------------------------------------------

async fn audit_is_append_only(db: &TestDb) {
    let store = &db.store;
    let f = fixture(store, "audit").await;
    let today = date!(2024 - 03 - 27);
    let before = count(db, "SELECT COUNT(*) FROM audit_log").await;
    let t = store
        .create_task(&f.office, &simple_task(&f, "Việc A", Deadline::date(date!(2024 - 04 - 30))), today)
        .await
        .unwrap();
    store
        .update_task(
            &f.office,
            t,
            &TaskUpdate { text: Some("Việc A (sửa)".into()), coordinators: Some(vec![]), ..Default::default() },
        )
        .await
        .unwrap();
    let att = NewAttachment {
        name: "bien-ban.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.4 test".to_vec(),
    };
    let rid = store
        .add_progress_report(
            &f.ubnd_user,
            t,
            &report(date!(2024 - 04 - 02), 50),
            std::slice::from_ref(&att),
            date!(2024 - 04 - 02),
        )
        .await
        .unwrap();
    let e =
        store.request_extension(&f.ubnd_user, t, date!(2024 - 05 - 31), "lý do", date!(2024 - 04 - 03)).await.unwrap();
    store.decide_extension(&f.leader, e, true, None, date!(2024 - 04 - 04)).await.unwrap();
    store.cancel_task(&f.office, t, date!(2024 - 04 - 05), "Trùng nội dung").await.unwrap();
    assert_eq!(count(db, "SELECT COUNT(*) FROM audit_log").await, before + 6);
    let rows = store
        .audit_log(
            &f.admin,
            &AuditFilter { entity: Some("task".into()), entity_id: Some(t.get()), ..Default::default() },
        )
        .await
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, vec!["cancel", "update", "create"]);
    // paging: an offset and a `before_id` reach the same second row; the count ignores both
    // limit and offset, and the office reads the log too
    let page = |offset: Option<i64>, before_id: Option<i64>| AuditFilter {
        entity: Some("task".into()),
        entity_id: Some(t.get()),
        limit: Some(1),
        offset,
        before_id,
    };
    let second = store.audit_log(&f.admin, &page(Some(1), None)).await.unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].action, "update");
    let older = store.audit_log(&f.office, &page(None, Some(rows[0].id))).await.unwrap();
    assert_eq!(older[0].id, second[0].id);
    assert_eq!(store.audit_count(&f.office, &page(Some(1), None)).await.unwrap(), 3);
    assert_eq!(store.audit_count(&f.admin, &page(None, Some(rows[0].id))).await.unwrap(), 2);
    assert_eq!(rows[0].user_id, Some(f.office.user_id.get()));
    assert_eq!(rows[0].before.as_ref().unwrap()["state"], "open");
    assert_eq!(rows[0].after.as_ref().unwrap()["state"], "cancelled");
    assert_eq!(rows[1].before.as_ref().unwrap()["text"], "Việc A");
    assert_eq!(rows[1].after.as_ref().unwrap()["text"], "Việc A (sửa)");
    // reports: history kept whole, attachment stored
    let reports = store.list_progress_reports(&f.tnmt_user, t).await.unwrap_err();
    assert!(matches!(reports, StoreError::NotFound { .. })); // coordinator link was removed by the edit
    let reports = store.list_progress_reports(&f.ubnd_user, t).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].attachments[0].size, att.bytes.len() as u64);
    assert_eq!(store.get_attachments(&f.ubnd_user, rid).await.unwrap(), vec![att]);
    assert!(store.get_attachments(&f.ubkt_user, rid).await.unwrap().is_empty());
    // tampering is rejected by the database
    let mut raw = db.raw().await;
    assert!(raw.execute("UPDATE audit_log SET action = 'x'").await.is_err());
    assert!(raw.execute("DELETE FROM audit_log").await.is_err());
    assert_eq!(count(db, "SELECT COUNT(*) FROM audit_log").await, before + 6);
    assert_eq!(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'x'").await, 0);
}
both!(audit_is_append_only_both, super::audit_is_append_only);

// ------------------------------------------------------------------------------------------

/// 32 clients write progress reports at once: no "database is locked", every acknowledged
/// write stored.
async fn concurrent_reports(db: &TestDb) {
    let store = &db.store;
    let f = fixture(store, "conc").await;
    let today = date!(2024 - 03 - 27);
    let mut tasks = Vec::new();
    for i in 0..8 {
        tasks.push(
            store
                .create_task(
                    &f.office,
                    &simple_task(&f, &format!("Việc {i}"), Deadline::date(date!(2024 - 12 - 31))),
                    today,
                )
                .await
                .unwrap(),
        );
    }
    let mut handles = Vec::new();
    for client in 0..32 {
        let store = store.clone();
        let actor = f.ubnd_user;
        let task = tasks[client % tasks.len()];
        handles.push(tokio::spawn(async move {
            let mut acked = 0;
            for k in 0..10 {
                let r = report(date!(2024 - 04 - 01), ((client * 10 + k) % 101) as i64);
                store.add_progress_report(&actor, task, &r, &[], date!(2024 - 04 - 01)).await.unwrap();
                acked += 1;
            }
            acked
        }));
    }
    let mut acked = 0;
    for h in handles {
        acked += h.await.unwrap();
    }
    assert_eq!(acked, 320);
    assert_eq!(count(db, "SELECT COUNT(*) FROM progress_reports").await, 320);
    assert_eq!(count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'progress_report'").await, 320);
}
both!(concurrent_reports_both, super::concurrent_reports);

// ------------------------------------------------------------------------------------------

async fn sessions_and_tokens(db: &TestDb) {
    let store = &db.store;
    let f = fixture(store, "sess").await;
    let login = store.find_login("ubnd-sess").await.unwrap().unwrap();
    assert_eq!(login.password_hash, "$argon2id$fake");
    assert_eq!(login.user.unit_id, Some(f.ubnd));
    assert!(store.find_login("nobody").await.unwrap().is_none());
    let now = time::OffsetDateTime::now_utc();
    store.create_session(&login.user, "hash-1", "csrf-1", now + time::Duration::hours(8)).await.unwrap();
    let s = store.session("hash-1", now).await.unwrap().unwrap();
    assert_eq!(s.csrf_token, "csrf-1");
    assert_eq!(s.user.actor(), f.ubnd_user);
    assert!(store.session("hash-1", now + time::Duration::hours(9)).await.unwrap().is_none());
    assert_eq!(store.purge_expired_sessions(now + time::Duration::hours(9)).await.unwrap(), 1);
    assert!(store.session("hash-1", now).await.unwrap().is_none());
    let tok = store.create_api_token(&f.office, "báo cáo", "tok-hash", None).await.unwrap();
    assert_eq!(store.api_token_user("tok-hash", now).await.unwrap().unwrap().id, f.office.user_id);
    assert!(matches!(store.revoke_api_token(&f.ubnd_user, tok).await, Err(StoreError::NotFound { .. })));
    store.revoke_api_token(&f.office, tok).await.unwrap();
    assert!(store.api_token_user("tok-hash", now).await.unwrap().is_none());
    store.set_password_hash(&f.ubnd_user, f.ubnd_user.user_id, "new").await.unwrap();
    assert_eq!(
        store.set_password_hash(&f.ubnd_user, f.office.user_id, "x").await.unwrap_err().code(),
        "auth.not_permitted"
    );
    // the directory resolves the model document's names
    let dir = store.unit_directory(&f.ubnd_user).await.unwrap();
    assert_eq!(dir.resolve("Uỷ ban nhân dân huyện").unit(), Some(f.ubnd));
    assert_eq!(dir.resolve("UBKT Huyện ủy").unit(), Some(f.ubkt));
    assert_eq!(dir.resolve("VP Huyện uỷ").unit(), Some(f.vp));
    assert_eq!(dir.ancestors(f.tnmt), vec![f.ubnd]);
    assert_eq!(store.list_people(&f.office).await.unwrap().len(), 2);
    assert!(store.ping().await.is_ok());
}
both!(sessions_and_tokens_both, super::sessions_and_tokens);

async fn seed_small(db: &TestDb) {
    let store = &db.store;
    let org = store.create_organisation("Tỉnh ủy (thử)", Some("TU"), true).await.unwrap().id;
    let today = date!(2025 - 06 - 30);
    let seeded = dondoc_store::seed::generate(store, org, 2_000, 10_000, today).await.unwrap();
    assert_eq!(seeded.tasks, 2_000);
    assert_eq!(count(db, "SELECT COUNT(*) FROM progress_reports").await, 10_000);
    let office = Actor {
        org_id: org,
        user_id: seeded.office_user,
        role: dondoc_domain::user::Role::Office,
        unit_id: None,
        person_id: None,
    };
    let total = store.status_counts(&office, &StatsQuery::as_of(today)).await.unwrap();
    assert_eq!(total.total, 2_000);
    assert!(total.done_on_time > 0 && total.open_overdue > 0 && total.cancelled > 0 && total.no_deadline > 0);
    let (user, unit) = seeded.unit_users[0];
    let unit_actor = Actor {
        org_id: org,
        user_id: user,
        role: dondoc_domain::user::Role::Unit,
        unit_id: Some(unit),
        person_id: None,
    };
    let mut filter = TaskFilter::as_of(today);
    filter.unit = Some(unit);
    filter.groups = vec![StatusGroup::OpenOverdue];
    let page = store.list_tasks(&unit_actor, &filter).await.unwrap();
    assert!(page
        .items
        .iter()
        .all(|i| i.record.task.lead_unit == unit && matches!(i.status, Status::OpenOverdue { .. })));
    // SQL and domain agree on the seeded data (extensions included)
    let mut filter = TaskFilter::as_of(today);
    filter.limit = 1000;
    for item in store.list_tasks(&office, &filter).await.unwrap().items.iter().take(300) {
        let exts = store.list_extensions(&office, item.record.task.id).await.unwrap();
        assert_eq!(item.status, status_as_of(&item.record.task, &exts, None, today, 5));
    }
    let _ = UnitId(0);
}
both!(seed_small_both, super::seed_small);

async fn stats_cache_follows_changes(db: &TestDb) {
    let store = &db.store;
    let f = fixture(store, "cache").await;
    let today = date!(2024 - 03 - 27);
    let due = date!(2024 - 04 - 21);
    let t =
        store.create_task(&f.office, &simple_task(&f, "Lấy ý kiến cử tri", Deadline::date(due)), today).await.unwrap();
    let q = StatsQuery::as_of(date!(2024 - 05 - 01));
    let first = store.status_counts(&f.office, &q).await.unwrap();
    assert_eq!((first.total, first.open_overdue), (1, 1));
    let mut overdue = TaskFilter::as_of(date!(2024 - 05 - 01));
    overdue.groups = vec![StatusGroup::OpenOverdue];
    assert_eq!(store.list_tasks_cached(&f.office, &overdue).await.unwrap().total, 1);
    assert_eq!(store.list_tasks_cached(&f.office, &overdue).await.unwrap().total, 1);
    let months = store.completions_by_month(&f.office, date!(2024 - 01 - 01), date!(2024 - 12 - 31)).await.unwrap();
    assert!(months.is_empty());
    // Asked again with nothing changed: the same answer (from the cache).
    assert_eq!(store.status_counts(&f.office, &q).await.unwrap(), first);
    // A change is seen at once.
    store.cancel_task(&f.office, t, date!(2024 - 04 - 01), "không còn cần thiết").await.unwrap();
    let after = store.status_counts(&f.office, &q).await.unwrap();
    assert_eq!((after.total, after.cancelled, after.open_overdue), (1, 1, 0));
    assert_eq!(store.list_tasks_cached(&f.office, &overdue).await.unwrap().total, 0);
    // Another date, another answer; a unit outside the task sees none of it.
    let before = store.status_counts(&f.office, &StatsQuery::as_of(date!(2024 - 03 - 28))).await.unwrap();
    assert_eq!(before.open_in_time + before.due_soon, 1);
    assert_eq!(store.status_counts(&f.ubkt_user, &q).await.unwrap().total, 0);
}
both!(stats_cache_follows_changes_both, super::stats_cache_follows_changes);
