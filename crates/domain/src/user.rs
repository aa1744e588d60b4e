//! Users, their roles and what each role may do.
//!
//! The web layer asks `Actor::can(Permission)` for role-wide rights and
//! `Actor::can_on_task(Permission, &TaskAccess)` for rights on one task; the store enforces the
//! same scope in its SQL (a unit user reads only tasks its unit leads (chủ trì) or coordinates
//! (phối hợp)). The rules live here, once.

use crate::error::{DomainError, Result};
use crate::ids::{OrgId, PersonId, UnitId, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A user's role within one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Quản trị: users, units, settings.
    Admin,
    /// Chuyên viên Văn phòng: imports, reviews, assigns, follows up, accepts completion.
    Office,
    /// Thường trực, BTV, Chủ tịch: reads everything, decides extensions.
    Leader,
    /// Đầu mối đơn vị: its unit's tasks — reports, asks for extensions, hands a task to a cadre.
    Unit,
    /// Cán bộ: leads a task in person and reports on it.
    Cadre,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Office, Role::Leader, Role::Unit, Role::Cadre];

    /// The code stored in the database and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Office => "office",
            Role::Leader => "leader",
            Role::Unit => "unit",
            Role::Cadre => "cadre",
        }
    }

    /// The Vietnamese name shown in the UI.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị",
            Role::Office => "Chuyên viên Văn phòng",
            Role::Leader => "Lãnh đạo",
            Role::Unit => "Đầu mối đơn vị",
            Role::Cadre => "Cán bộ",
        }
    }

    /// Whether the role reads every task of its organisation (otherwise only its own scope).
    pub fn sees_whole_org(self) -> bool {
        matches!(self, Role::Admin | Role::Office | Role::Leader)
    }

    /// Role-wide rights, without regard to a particular task.
    pub fn can(self, p: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match p {
            ManageUsers | ManageUnits | ManageSettings => self == Admin,
            // the office keeps the record of who changed what; it reads the log beside the admin
            ViewAudit => matches!(self, Admin | Office),
            ImportDocument | EditDraft | ConfirmDraft | CreateTask | EditTask | CancelTask | AcceptCompletion
            | SendUrging => self == Office,
            DecideExtension => self == Leader,
            ViewAllTasks | ViewDashboard => matches!(self, Admin | Office | Leader),
            Evaluate => matches!(self, Office | Leader),
            ViewTask => true,
            ReportProgress | RequestExtension => matches!(self, Unit | Cadre),
            AssignCadre => self == Unit,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| DomainError::UnknownRole(s.to_string()))
    }
}

/// Something a user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ManageUsers,
    ManageUnits,
    ManageSettings,
    ViewAudit,
    ImportDocument,
    EditDraft,
    ConfirmDraft,
    CreateTask,
    EditTask,
    CancelTask,
    /// Close a task by accepting the lead's completion report (only the office, the assigner).
    AcceptCompletion,
    /// Send reminders and urging letters (đôn đốc).
    SendUrging,
    /// Decide an extension request (gia hạn).
    DecideExtension,
    ViewAllTasks,
    ViewDashboard,
    Evaluate,
    /// Read one task (scope checked per task).
    ViewTask,
    ReportProgress,
    RequestExtension,
    /// Hand a task of the unit to one of its cadres (lead person).
    AssignCadre,
}

impl Permission {
    pub const ALL: [Permission; 20] = [
        Permission::ManageUsers,
        Permission::ManageUnits,
        Permission::ManageSettings,
        Permission::ViewAudit,
        Permission::ImportDocument,
        Permission::EditDraft,
        Permission::ConfirmDraft,
        Permission::CreateTask,
        Permission::EditTask,
        Permission::CancelTask,
        Permission::AcceptCompletion,
        Permission::SendUrging,
        Permission::DecideExtension,
        Permission::ViewAllTasks,
        Permission::ViewDashboard,
        Permission::Evaluate,
        Permission::ViewTask,
        Permission::ReportProgress,
        Permission::RequestExtension,
        Permission::AssignCadre,
    ];
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub org_id: OrgId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The unit a `Unit` or `Cadre` user acts for.
    pub unit_id: Option<UnitId>,
    /// The directory person behind the account, if any.
    pub person_id: Option<PersonId>,
    pub active: bool,
}

impl User {
    /// The scope this user acts in.
    pub fn actor(&self) -> Actor {
        Actor {
            org_id: self.org_id,
            user_id: self.user_id(),
            role: self.role,
            unit_id: self.unit_id,
            person_id: self.person_id,
        }
    }

    fn user_id(&self) -> UserId {
        self.id
    }
}

/// Who is acting, and within what scope: passed to every store method and rule check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub org_id: OrgId,
    pub user_id: UserId,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub person_id: Option<PersonId>,
}

/// The facts about one task that decide what an actor may do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskAccess {
    pub org_id: OrgId,
    pub lead_unit: UnitId,
    pub lead_person: Option<PersonId>,
    pub coordinators: Vec<UnitId>,
}

/// How an actor stands to a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The actor's unit leads the task (chủ trì), or the actor leads it in person.
    Lead,
    /// The actor's unit coordinates (phối hợp).
    Coordinator,
    /// Neither.
    None,
}

impl Actor {
    /// Role-wide right.
    pub fn can(&self, p: Permission) -> bool {
        self.role.can(p)
    }

    /// Like `can`, as a typed error.
    pub fn require(&self, p: Permission) -> Result<()> {
        if self.can(p) {
            Ok(())
        } else {
            Err(DomainError::NotPermitted { role: self.role, permission: p })
        }
    }

    /// How this actor stands to a task.
    pub fn relation(&self, t: &TaskAccess) -> Relation {
        if t.org_id != self.org_id {
            return Relation::None;
        }
        let unit_leads = self.unit_id == Some(t.lead_unit);
        let person_leads = self.person_id.is_some() && self.person_id == t.lead_person;
        match self.role {
            Role::Unit if unit_leads => Relation::Lead,
            Role::Cadre if person_leads => Relation::Lead,
            _ if self.unit_id.is_some_and(|u| t.coordinators.contains(&u) || u == t.lead_unit) => Relation::Coordinator,
            _ => Relation::None,
        }
    }

    /// Whether the actor may read the task at all: the whole organisation for admin, office and
    /// leader; for unit and cadre users, tasks their unit leads or coordinates and tasks the
    /// cadre leads in person.
    pub fn can_see(&self, t: &TaskAccess) -> bool {
        if t.org_id != self.org_id {
            return false;
        }
        self.role.sees_whole_org() || self.relation(t) != Relation::None
    }

    /// Right on one task: the role must have the permission, and unit/cadre users must stand
    /// in the right relation (only the lead reports progress and asks for extensions; a unit
    /// hands only its own tasks to a cadre).
    pub fn can_on_task(&self, p: Permission, t: &TaskAccess) -> bool {
        if !self.can(p) || !self.can_see(t) {
            return false;
        }
        match p {
            Permission::ReportProgress | Permission::RequestExtension | Permission::AssignCadre => {
                self.relation(t) == Relation::Lead
            }
            _ => true,
        }
    }

    /// Like `can_on_task`, as a typed error (out of scope is told apart from not permitted).
    pub fn require_on_task(&self, p: Permission, t: &TaskAccess) -> Result<()> {
        self.require(p)?;
        if self.can_on_task(p, t) {
            Ok(())
        } else {
            Err(DomainError::OutOfScope)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, unit: Option<i64>, person: Option<i64>) -> Actor {
        Actor { org_id: OrgId(1), user_id: UserId(1), role, unit_id: unit.map(UnitId), person_id: person.map(PersonId) }
    }

    fn task() -> TaskAccess {
        TaskAccess {
            org_id: OrgId(1),
            lead_unit: UnitId(10),
            lead_person: Some(PersonId(100)),
            coordinators: vec![UnitId(20)],
        }
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert_eq!("boss".parse::<Role>().unwrap_err().code(), "user.unknown_role");
    }

    #[test]
    fn only_office_accepts_and_only_leader_decides() {
        for r in Role::ALL {
            assert_eq!(r.can(Permission::AcceptCompletion), r == Role::Office);
            assert_eq!(r.can(Permission::DecideExtension), r == Role::Leader);
            assert_eq!(r.can(Permission::ManageUsers), r == Role::Admin);
            assert_eq!(r.can(Permission::ViewAudit), matches!(r, Role::Admin | Role::Office));
        }
    }

    #[test]
    fn scope_matrix() {
        let t = task();
        let lead = actor(Role::Unit, Some(10), None);
        let coord = actor(Role::Unit, Some(20), None);
        let other = actor(Role::Unit, Some(30), None);
        let cadre_lead = actor(Role::Cadre, Some(10), Some(100));
        let cadre_same_unit = actor(Role::Cadre, Some(10), Some(101));
        let office = actor(Role::Office, None, None);
        let mut foreign = office;
        foreign.org_id = OrgId(2);

        assert!(lead.can_on_task(Permission::ReportProgress, &t));
        assert!(lead.can_on_task(Permission::RequestExtension, &t));
        assert!(lead.can_on_task(Permission::AssignCadre, &t));
        assert!(coord.can_see(&t));
        assert!(!coord.can_on_task(Permission::ReportProgress, &t));
        assert!(!other.can_see(&t));
        assert_eq!(other.require_on_task(Permission::ViewTask, &t).unwrap_err().code(), "auth.out_of_scope");
        assert!(cadre_lead.can_on_task(Permission::ReportProgress, &t));
        assert!(cadre_same_unit.can_see(&t));
        assert!(!cadre_same_unit.can_on_task(Permission::ReportProgress, &t));
        assert!(office.can_on_task(Permission::AcceptCompletion, &t));
        assert!(!office.can_on_task(Permission::ReportProgress, &t));
        assert!(!foreign.can_see(&t));
        assert_eq!(lead.require(Permission::AcceptCompletion).unwrap_err().code(), "auth.not_permitted");
    }
}
