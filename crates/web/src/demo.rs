//! `dondoc serve --demo`: a demonstration organisation modelled on the project's founding
//! document, conclusion 604-KL/HU of the Sơn Động district Party Executive Committee.
//!
//! Creates (once: nothing is done when the organisation already exists) the directory
//! (Huyện ủy and its ban, UBND huyện and a few phòng, the xã and thị trấn), one user per role
//! with a random password printed once, imports and confirms the document, and adds progress
//! so that every status appears: done on time, done late, open in time, due soon, overdue,
//! no deadline, cancelled, and a completion report and an extension awaiting decision.

use std::collections::BTreeMap;

use anyhow::Context;
use dondoc_domain::deadline::Deadline;
use dondoc_domain::draft::{Draft, DraftEdit, DraftIssue, Severity};
use dondoc_domain::ids::{OrgId, TaskId, UnitId};
use dondoc_domain::progress::NewProgressReport;
use dondoc_domain::user::{Actor, Role, User};
use dondoc_store::directory::{NewPerson, NewUnit, NewUser};
use dondoc_store::tasks::{NewTask, TaskFilter};
use dondoc_store::Store;
use time::Date;

use crate::config::PasswordCost;
use crate::security::{hash_password, random_password};

/// The founding document (a copy of `shared/corpus/public/000_4a0f8a664aab7658.txt`).
pub const MODEL_DOCUMENT: &str = include_str!("../demo/604-KL-HU.txt");
pub const MODEL_FILE_NAME: &str = "604-KL-HU.txt";
pub const ORG_NAME: &str = "Huyện ủy Sơn Động";

/// (name, parent, aliases)
const UNITS: &[(&str, Option<&str>, &[&str])] = &[
    (
        "Huyện ủy",
        None,
        &["Ban Chấp hành Đảng bộ huyện", "Ban Thường vụ Huyện ủy", "BTV Huyện ủy", "Thường trực Huyện ủy"],
    ),
    ("Văn phòng Huyện ủy", Some("Huyện ủy"), &["VP Huyện ủy"]),
    ("Ban Tổ chức Huyện ủy", Some("Huyện ủy"), &[]),
    ("Ủy ban Kiểm tra Huyện ủy", Some("Huyện ủy"), &["UBKT Huyện ủy"]),
    ("Ban Tuyên giáo Huyện ủy", Some("Huyện ủy"), &["Ban Tuyên giáo"]),
    ("UBND huyện", None, &["Ủy ban nhân dân huyện", "Chủ tịch UBND huyện"]),
    ("Phòng Tài nguyên và Môi trường", Some("UBND huyện"), &[]),
    ("Phòng Nông nghiệp và Phát triển nông thôn", Some("UBND huyện"), &[]),
    ("Phòng Tài chính - Kế hoạch", Some("UBND huyện"), &[]),
    ("Phòng Kinh tế và Hạ tầng", Some("UBND huyện"), &[]),
    ("Thị trấn An Châu", None, &["thị trấn An Châu"]),
    ("Thị trấn Tây Yên Tử", None, &["thị trấn Tây Yên Tử"]),
    ("Xã Đại Sơn", None, &["xã Đại Sơn"]),
    ("Xã Vân Sơn", None, &["xã Vân Sơn"]),
    ("Xã Vĩnh An", None, &["xã Vĩnh An"]),
];

/// (username, display name, role, unit)
const ACCOUNTS: &[(&str, &str, Role, Option<&str>)] = &[
    ("admin", "Quản trị hệ thống", Role::Admin, None),
    ("vanphong", "Chuyên viên Văn phòng Huyện ủy", Role::Office, Some("Văn phòng Huyện ủy")),
    ("lanhdao", "Thường trực Huyện ủy", Role::Leader, Some("Huyện ủy")),
    ("ubnd", "Đầu mối UBND huyện", Role::Unit, Some("UBND huyện")),
    ("ubkt", "Đầu mối UBKT Huyện ủy", Role::Unit, Some("Ủy ban Kiểm tra Huyện ủy")),
    ("anchau", "Đầu mối Thị trấn An Châu", Role::Unit, Some("Thị trấn An Châu")),
    ("canbo", "Cán bộ UBND huyện", Role::Cadre, Some("UBND huyện")),
];

/// A created account and its one-time password.
#[derive(Debug, Clone)]
pub struct Account {
    pub username: String,
    pub password: String,
    pub role: Role,
    pub user: User,
}

/// The demo organisation's directory.
#[derive(Debug, Clone)]
pub struct DemoDirectory {
    pub org: OrgId,
    pub units: BTreeMap<String, UnitId>,
    pub accounts: Vec<Account>,
}

impl DemoDirectory {
    pub fn unit(&self, name: &str) -> Option<UnitId> {
        self.units.get(name).copied()
    }

    pub fn account(&self, username: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.username == username)
    }

    pub fn actor(&self, username: &str) -> anyhow::Result<Actor> {
        self.account(username).map(|a| a.user.actor()).with_context(|| format!("no demo account {username}"))
    }
}

/// Creates the organisation, its units and one account per role. Usernames get `prefix`
/// (tests use a random one so several organisations share a database).
pub async fn create_directory(store: &Store, cost: PasswordCost, prefix: &str) -> anyhow::Result<DemoDirectory> {
    let org = store.create_organisation(ORG_NAME, Some("HU"), true).await?;
    let mut accounts = Vec::new();
    let mut units = BTreeMap::new();

    // The first account of an organisation must be its admin (bootstrap without an actor).
    let admin = new_account(store, None, org.id, prefix, ACCOUNTS[0], None, cost).await?;
    let admin_actor = admin.user.actor();
    accounts.push(admin);

    for (name, parent, aliases) in UNITS {
        let parent_id = parent.and_then(|p| units.get(p).copied());
        let id = store
            .create_unit(
                &admin_actor,
                &NewUnit {
                    parent_id,
                    name: name.to_string(),
                    aliases: aliases.iter().map(|a| a.to_string()).collect(),
                },
            )
            .await
            .with_context(|| format!("creating unit {name}"))?;
        units.insert(name.to_string(), id);
    }
    for spec in &ACCOUNTS[1..] {
        let unit = spec.3.and_then(|u| units.get(u).copied());
        accounts.push(new_account(store, Some(&admin_actor), org.id, prefix, *spec, unit, cost).await?);
    }
    Ok(DemoDirectory { org: org.id, units, accounts })
}

async fn new_account(
    store: &Store,
    admin: Option<&Actor>,
    org: OrgId,
    prefix: &str,
    (username, display, role, _): (&str, &str, Role, Option<&str>),
    unit: Option<UnitId>,
    cost: PasswordCost,
) -> anyhow::Result<Account> {
    let username = format!("{prefix}{username}");
    let password = random_password();
    let pw = password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&pw, cost)).await??;
    let person_id = match (role, admin) {
        (Role::Cadre, Some(a)) => Some(
            store
                .create_person(
                    a,
                    &NewPerson { full_name: display.to_string(), unit_id: unit, post: Some("Chuyên viên".into()) },
                )
                .await?,
        ),
        _ => None,
    };
    let id = store
        .create_user(
            admin,
            org,
            &NewUser {
                username: username.clone(),
                display_name: display.to_string(),
                password_hash: hash,
                role,
                unit_id: unit,
                person_id,
            },
        )
        .await
        .with_context(|| format!("creating user {username}"))?;
    let user = User {
        id,
        org_id: org,
        username: username.clone(),
        display_name: display.to_string(),
        role,
        unit_id: unit,
        person_id,
        active: true,
    };
    Ok(Account { username, password, role, user })
}

/// The edits a reviewer would make so that a draft can be confirmed: an unresolved or
/// missing lead goes to `fallback_lead`, a deadline before the document's date is dropped,
/// conflicting coordinators are cleared, empty tasks deleted.
pub fn fixes_for(issues: &[DraftIssue], fallback_lead: UnitId) -> Vec<DraftEdit> {
    let mut edits = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for i in issues.iter().filter(|i| i.severity == Severity::Blocking) {
        if !seen.insert((i.key, i.code.clone())) {
            continue;
        }
        let e = match i.code.as_str() {
            "task.lead_missing" | "task.lead_unresolved" | "task.lead_ambiguous" => {
                DraftEdit::SetLead { key: i.key, unit: fallback_lead }
            }
            c if c.starts_with("deadline.") => DraftEdit::SetDeadline { key: i.key, deadline: Deadline::none() },
            "task.lead_is_coordinator" | "task.duplicate_coordinator" => {
                DraftEdit::SetCoordinators { key: i.key, units: Vec::new() }
            }
            _ => DraftEdit::Delete { key: i.key },
        };
        edits.push(e);
    }
    edits
}

/// Imports the model document as `office`, fixes what blocks it and confirms it. Returns
/// the document id and the live task ids.
pub async fn import_model(
    store: &Store,
    office: &Actor,
    fallback_lead: UnitId,
    today: Date,
) -> anyhow::Result<(dondoc_domain::ids::DocumentId, Vec<TaskId>)> {
    let units = store.list_units(office).await?;
    let (input, text) = crate::api::documents::draft_input(MODEL_DOCUMENT, &units)
        .map_err(|e| anyhow::anyhow!("extraction: {}", e.message))?;
    let dir = store.unit_directory(office).await?;
    let draft = Draft::from_extraction(&input, &dir);
    let doc = store.import_draft(office, &draft, Some(MODEL_FILE_NAME), &text).await?;
    for _ in 0..3 {
        let draft = store.get_draft(office, doc).await?;
        let edits = fixes_for(&draft.blocking_issues(), fallback_lead);
        if edits.is_empty() {
            break;
        }
        store.edit_draft(office, doc, &edits).await?;
    }
    let confirmed = store.confirm_draft(office, doc, today).await?;
    Ok((doc, confirmed.tasks.iter().map(|(_, t)| *t).collect()))
}

fn report(on: Date, percent: i64, narrative: &str, completion: bool) -> NewProgressReport {
    NewProgressReport {
        reported_on: on,
        percent,
        narrative: narrative.to_string(),
        figures: Vec::new(),
        attachments: Vec::new(),
        marks_completion: completion,
    }
}

/// Creates the whole demo unless an organisation of that name exists. Returns the
/// directory (with the one-time passwords) when it was created.
pub async fn seed(store: &Store, cost: PasswordCost, today: Date) -> anyhow::Result<Option<DemoDirectory>> {
    if store.list_organisations().await?.iter().any(|o| o.name == ORG_NAME) {
        return Ok(None);
    }
    let dir = create_directory(store, cost, "").await?;
    let office = dir.actor("vanphong")?;
    let leader = dir.actor("lanhdao")?;
    let ubnd_unit = dir.unit("UBND huyện").context("unit UBND huyện")?;
    let (doc, _) = import_model(store, &office, ubnd_unit, today).await?;

    // Progress so that every status appears, by whichever unit leads each task.
    let mut f = TaskFilter::as_of(today);
    f.document = Some(doc);
    f.limit = 500;
    let page = store.list_tasks(&office, &f).await?;
    let lead_actor = |unit: UnitId| -> Option<Actor> {
        dir.accounts.iter().find(|a| a.role == Role::Unit && a.user.unit_id == Some(unit)).map(|a| a.user.actor())
    };
    let mut dated: Vec<(TaskId, UnitId, Date)> = Vec::new();
    for item in &page.items {
        if let Some(due) = item.record.task.deadline.single_due() {
            dated.push((item.record.task.id, item.record.task.lead_unit, due));
        }
    }
    dated.sort_by_key(|d| (d.2, d.0));
    let with_actor: Vec<(TaskId, Actor, Date)> =
        dated.iter().filter_map(|(t, u, d)| lead_actor(*u).map(|a| (*t, a, *d))).collect();
    let start = |due: Date| (due - time::Duration::days(20)).max(time::macros::date!(2024 - 03 - 28));
    // 1: done on time; 2: done late; 3: completion reported (awaiting the office);
    // 4: progress and a granted extension; 5: progress and a pending extension;
    // the rest stay open (overdue, or in time as of their dates).
    for (i, (task, actor, due)) in with_actor.iter().enumerate().take(5) {
        let (task, due) = (*task, *due);
        store
            .add_progress_report(
                actor,
                task,
                &report(start(due).min(today), 40, "Đã triển khai, đang thực hiện.", false),
                &[],
                today,
            )
            .await?;
        match i {
            0 => {
                store
                    .add_progress_report(
                        actor,
                        task,
                        &report(due.min(today), 100, "Đã hoàn thành đúng hạn.", true),
                        &[],
                        today,
                    )
                    .await?;
                store.accept_completion(&office, task).await?;
            }
            1 => {
                let late = (due + time::Duration::days(10)).min(today);
                store
                    .add_progress_report(
                        actor,
                        task,
                        &report(late, 100, "Đã hoàn thành (chậm so với thời hạn).", true),
                        &[],
                        today,
                    )
                    .await?;
                store.accept_completion(&office, task).await?;
            }
            2 => {
                store
                    .add_progress_report(
                        actor,
                        task,
                        &report(today, 100, "Báo cáo hoàn thành, đề nghị Văn phòng công nhận.", true),
                        &[],
                        today,
                    )
                    .await?;
            }
            3 => {
                let ext = store
                    .request_extension(
                        actor,
                        task,
                        today + time::Duration::days(45),
                        "Chờ ý kiến chỉ đạo của UBND tỉnh.",
                        today,
                    )
                    .await?;
                store.decide_extension(&leader, ext, true, Some("Đồng ý gia hạn."), today).await?;
            }
            _ => {
                store
                    .request_extension(
                        actor,
                        task,
                        today + time::Duration::days(30),
                        "Khối lượng công việc lớn, cần thêm thời gian.",
                        today,
                    )
                    .await?;
            }
        }
    }
    // A cancelled task.
    if let Some((task, _, _)) = with_actor.get(5) {
        store.cancel_task(&office, *task, today, "Nội dung đã được thay thế bằng chỉ đạo mới.").await?;
    }
    // Two tasks by hand so that "in time" and "due soon" show today, whatever today is.
    for (days, text) in [
        (3, "Báo cáo Thường trực Huyện ủy kết quả rà soát hồ sơ lò đốt rác thải."),
        (60, "Xây dựng kế hoạch tuyên truyền sắp xếp đơn vị hành chính cấp xã."),
    ] {
        store
            .create_task(
                &office,
                &NewTask {
                    document_id: Some(doc),
                    parent_id: None,
                    ref_code: None,
                    text: text.to_string(),
                    lead_unit: ubnd_unit,
                    lead_person: None,
                    coordinators: dir.unit("Ban Tuyên giáo Huyện ủy").into_iter().collect(),
                    deadline: Deadline::date(today + time::Duration::days(days)),
                    targets: Vec::new(),
                    references: Vec::new(),
                    assigned_on: today,
                },
                today,
            )
            .await?;
    }
    Ok(Some(dir))
}

/// The text printed once after seeding: who can log in, with which password.
pub fn credentials_text(dir: &DemoDirectory) -> String {
    let mut s = String::from(
        "Đã tạo dữ liệu mẫu (Huyện ủy Sơn Động, Kết luận 604-KL/HU).\n\
         Mật khẩu chỉ hiển thị một lần — hãy lưu lại:\n",
    );
    for a in &dir.accounts {
        s.push_str(&format!("  {:<10} {:<18} {}\n", a.username, a.password, a.role.label_vi()));
    }
    s
}
