//! Organisations, the unit directory (tree + aliases), people, users, sessions and API tokens.
//!
//! Password hashing belongs to the web crate; the store keeps the hash. Session and API
//! tokens are stored only as hashes too.

use crate::audit;
use crate::error::{Result, StoreError};
use crate::sql::{get_bool, get_i64, get_oi64, get_os, get_s, now_text, parse_ts, ts_text, Q};
use crate::{Actor, Store};
use dondoc_domain::ids::{OrgId, PersonId, UnitId, UserId};
use dondoc_domain::org::Organisation;
use dondoc_domain::person::Person;
use dondoc_domain::unit::{clean_name, Unit, UnitDirectory};
use dondoc_domain::user::{Permission, Role, User};
use dondoc_domain::DomainError;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use time::OffsetDateTime;

/// A unit to add.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewUnit {
    pub parent_id: Option<UnitId>,
    pub name: String,
    pub aliases: Vec<String>,
}

/// A person to add.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewPerson {
    pub full_name: String,
    pub unit_id: Option<UnitId>,
    pub post: Option<String>,
}

/// A user to add (the password already hashed by the caller).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub person_id: Option<PersonId>,
}

/// What a log-in needs: the user and the stored hash.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub user: User,
    pub password_hash: String,
}

/// A live session.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: OffsetDateTime,
}

const USER_COLS: &str = "u.id, u.org_id, u.username, u.display_name, u.role, u.unit_id, u.person_id, u.active";

fn user_from_row(r: &AnyRow) -> Result<User> {
    let role: Role = get_s(r, "role")?.parse().map_err(|e: DomainError| StoreError::corrupt(e.to_string()))?;
    Ok(User {
        id: UserId(get_i64(r, "id")?),
        org_id: OrgId(get_i64(r, "org_id")?),
        username: get_s(r, "username")?,
        display_name: get_s(r, "display_name")?,
        role,
        unit_id: get_oi64(r, "unit_id")?.map(UnitId),
        person_id: get_oi64(r, "person_id")?.map(PersonId),
        active: get_bool(r, "active")?,
    })
}

impl Store {
    /// Creates an organisation (an installation-level action, audited without a user).
    pub async fn create_organisation(&self, name: &str, code: Option<&str>, party_form: bool) -> Result<Organisation> {
        let mut tx = self.w().begin().await?;
        let mut q = Q::default();
        let ps = [q.arg(name.trim()), q.arg(code.map(str::to_string)), q.arg(party_form), q.arg(now_text())];
        q.sql = format!(
            "INSERT INTO organisations (name, code, party_form, created_at) VALUES ({}) RETURNING id",
            ps.join(", ")
        );
        let id: i64 = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
        let org =
            Organisation { id: OrgId(id), name: name.trim().to_string(), code: code.map(str::to_string), party_form };
        audit::write(&mut tx, Some(id), None, "organisation", Some(id), "create", None, Some(&json!(org))).await?;
        tx.commit().await?;
        Ok(org)
    }

    /// All organisations (installation level).
    pub async fn list_organisations(&self) -> Result<Vec<Organisation>> {
        let rows =
            sqlx::query("SELECT id, name, code, party_form FROM organisations ORDER BY id").fetch_all(self.r()).await?;
        rows.iter()
            .map(|r| {
                Ok(Organisation {
                    id: OrgId(get_i64(r, "id")?),
                    name: get_s(r, "name")?,
                    code: get_os(r, "code")?,
                    party_form: get_bool(r, "party_form")?,
                })
            })
            .collect()
    }

    /// Adds a unit to the actor's directory (admin).
    pub async fn create_unit(&self, actor: &Actor, u: &NewUnit) -> Result<UnitId> {
        actor.require(Permission::ManageUnits)?;
        let name = clean_name(&u.name);
        if name.is_empty() {
            return Err(DomainError::UnitNameEmpty.into());
        }
        let mut tx = self.w().begin().await?;
        if let Some(p) = u.parent_id {
            let mut q = Q::default();
            let (a, b) = (q.arg(p.get()), q.arg(actor.org_id.get()));
            q.sql = format!("SELECT id FROM units WHERE id = {a} AND org_id = {b}");
            if q.query().fetch_optional(&mut *tx).await?.is_none() {
                return Err(DomainError::UnitParentMissing { unit: 0, parent: p.get() }.into());
            }
        }
        let mut q = Q::default();
        let ps =
            [q.arg(actor.org_id.get()), q.arg(u.parent_id.map(|p| p.get())), q.arg(name.as_str()), q.arg(now_text())];
        q.sql = format!(
            "INSERT INTO units (org_id, parent_id, name, active, created_at) VALUES ({}, 1, {}) RETURNING id",
            ps[..3].join(", "),
            ps[3]
        );
        let id = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
        for a in &u.aliases {
            insert_alias(&mut tx, actor.org_id, UnitId(id), a).await?;
        }
        audit::record(
            &mut tx,
            actor,
            "unit",
            id,
            "create",
            None,
            Some(&json!({"name": name, "parent_id": u.parent_id, "aliases": u.aliases})),
        )
        .await?;
        tx.commit().await?;
        Ok(UnitId(id))
    }

    /// Adds an alias to a unit (admin).
    pub async fn add_unit_alias(&self, actor: &Actor, unit: UnitId, alias: &str) -> Result<()> {
        actor.require(Permission::ManageUnits)?;
        let mut tx = self.w().begin().await?;
        let mut q = Q::default();
        let (a, b) = (q.arg(unit.get()), q.arg(actor.org_id.get()));
        q.sql = format!("SELECT id FROM units WHERE id = {a} AND org_id = {b}");
        if q.query().fetch_optional(&mut *tx).await?.is_none() {
            return Err(StoreError::not_found("unit"));
        }
        insert_alias(&mut tx, actor.org_id, unit, alias).await?;
        audit::record(&mut tx, actor, "unit", unit.get(), "add_alias", None, Some(&json!({"alias": alias}))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor's organisation's units (everyone in the organisation may read the directory).
    pub async fn list_units(&self, actor: &Actor) -> Result<Vec<Unit>> {
        let mut q = Q::default();
        let org = q.arg(actor.org_id.get());
        q.sql = format!("SELECT id, org_id, parent_id, name, active FROM units WHERE org_id = {org} ORDER BY id");
        let rows = q.query().fetch_all(self.r()).await?;
        let mut q2 = Q::default();
        let org2 = q2.arg(actor.org_id.get());
        q2.sql = format!("SELECT unit_id, alias FROM unit_aliases WHERE org_id = {org2} ORDER BY id");
        let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
        for r in q2.query().fetch_all(self.r()).await? {
            aliases.entry(get_i64(&r, "unit_id")?).or_default().push(get_s(&r, "alias")?);
        }
        rows.iter()
            .map(|r| {
                let id = get_i64(r, "id")?;
                Ok(Unit {
                    id: UnitId(id),
                    org_id: OrgId(get_i64(r, "org_id")?),
                    parent_id: get_oi64(r, "parent_id")?.map(UnitId),
                    name: get_s(r, "name")?,
                    aliases: aliases.remove(&id).unwrap_or_default(),
                    active: get_bool(r, "active")?,
                })
            })
            .collect()
    }

    /// The directory, ready for name resolution.
    pub async fn unit_directory(&self, actor: &Actor) -> Result<UnitDirectory> {
        Ok(UnitDirectory::new(actor.org_id, self.list_units(actor).await?)?)
    }

    /// Adds a person (admin).
    pub async fn create_person(&self, actor: &Actor, p: &NewPerson) -> Result<PersonId> {
        actor.require(Permission::ManageUnits)?;
        let mut tx = self.w().begin().await?;
        if let Some(u) = p.unit_id {
            ensure_unit_in_org(&mut tx, actor.org_id, u).await?;
        }
        let mut q = Q::default();
        let ps = [
            q.arg(actor.org_id.get()),
            q.arg(p.full_name.trim()),
            q.arg(p.unit_id.map(|u| u.get())),
            q.arg(p.post.clone()),
            q.arg(now_text()),
        ];
        q.sql = format!(
            "INSERT INTO people (org_id, full_name, unit_id, post, active, created_at) VALUES ({}, 1, {}) RETURNING id",
            ps[..4].join(", "),
            ps[4]
        );
        let id = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
        audit::record(&mut tx, actor, "person", id, "create", None, Some(&json!(p))).await?;
        tx.commit().await?;
        Ok(PersonId(id))
    }

    /// The organisation's people.
    pub async fn list_people(&self, actor: &Actor) -> Result<Vec<Person>> {
        let mut q = Q::default();
        let org = q.arg(actor.org_id.get());
        q.sql =
            format!("SELECT id, org_id, full_name, unit_id, post, active FROM people WHERE org_id = {org} ORDER BY id");
        q.query()
            .fetch_all(self.r())
            .await?
            .iter()
            .map(|r| {
                Ok(Person {
                    id: PersonId(get_i64(r, "id")?),
                    org_id: OrgId(get_i64(r, "org_id")?),
                    full_name: get_s(r, "full_name")?,
                    unit_id: get_oi64(r, "unit_id")?.map(UnitId),
                    post: get_os(r, "post")?,
                    active: get_bool(r, "active")?,
                })
            })
            .collect()
    }

    /// Adds a user to `org`. With an actor: an admin of that organisation. Without: only the
    /// first user of an organisation (bootstrap), which must be an admin.
    pub async fn create_user(&self, actor: Option<&Actor>, org: OrgId, u: &NewUser) -> Result<UserId> {
        let mut tx = self.w().begin().await?;
        match actor {
            Some(a) => {
                a.require(Permission::ManageUsers)?;
                if a.org_id != org {
                    return Err(DomainError::OutOfScope.into());
                }
            }
            None => {
                let mut q = Q::default();
                let o = q.arg(org.get());
                q.sql = format!("SELECT COUNT(*) AS n FROM users WHERE org_id = {o}");
                let n = get_i64(&q.query().fetch_one(&mut *tx).await?, "n")?;
                if n > 0 || u.role != Role::Admin {
                    return Err(DomainError::NotPermitted { role: u.role, permission: Permission::ManageUsers }.into());
                }
            }
        }
        if matches!(u.role, Role::Unit | Role::Cadre) && u.unit_id.is_none() {
            return Err(StoreError::Conflict("a unit or cadre user needs a unit"));
        }
        if let Some(unit) = u.unit_id {
            ensure_unit_in_org(&mut tx, org, unit).await?;
        }
        let mut q = Q::default();
        let ps = [
            q.arg(org.get()),
            q.arg(u.username.trim()),
            q.arg(u.display_name.trim()),
            q.arg(u.password_hash.as_str()),
            q.arg(u.role.as_str()),
            q.arg(u.unit_id.map(|x| x.get())),
            q.arg(u.person_id.map(|x| x.get())),
            q.arg(now_text()),
        ];
        q.sql = format!(
            "INSERT INTO users (org_id, username, display_name, password_hash, role, unit_id, person_id, active, created_at) VALUES ({}, 1, {}) RETURNING id",
            ps[..7].join(", "),
            ps[7]
        );
        let id = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
        let after = json!({"username": u.username, "display_name": u.display_name, "role": u.role, "unit_id": u.unit_id, "person_id": u.person_id});
        audit::write(
            &mut tx,
            Some(org.get()),
            actor.map(|a| a.user_id.get()),
            "user",
            Some(id),
            "create",
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(UserId(id))
    }

    /// The user and password hash for a log-in name (any organisation; active users only).
    pub async fn find_login(&self, username: &str) -> Result<Option<LoginRecord>> {
        let mut q = Q::default();
        let p = q.arg(username.trim());
        q.sql = format!("SELECT {USER_COLS}, u.password_hash FROM users u WHERE u.username = {p} AND u.active = 1");
        match q.query().fetch_optional(self.r()).await? {
            None => Ok(None),
            Some(r) => Ok(Some(LoginRecord { user: user_from_row(&r)?, password_hash: get_s(&r, "password_hash")? })),
        }
    }

    /// A user of the actor's organisation.
    pub async fn get_user(&self, actor: &Actor, id: UserId) -> Result<User> {
        let mut q = Q::default();
        let (a, b) = (q.arg(id.get()), q.arg(actor.org_id.get()));
        q.sql = format!("SELECT {USER_COLS} FROM users u WHERE u.id = {a} AND u.org_id = {b}");
        match q.query().fetch_optional(self.r()).await? {
            Some(r) => user_from_row(&r),
            None => Err(StoreError::not_found("user")),
        }
    }

    /// The organisation's users (admin).
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<User>> {
        actor.require(Permission::ManageUsers)?;
        let mut q = Q::default();
        let org = q.arg(actor.org_id.get());
        q.sql = format!("SELECT {USER_COLS} FROM users u WHERE u.org_id = {org} ORDER BY u.id");
        q.query().fetch_all(self.r()).await?.iter().map(user_from_row).collect()
    }

    /// Replaces a password hash: the user themself or an admin of the organisation.
    pub async fn set_password_hash(&self, actor: &Actor, user: UserId, hash: &str) -> Result<()> {
        if actor.user_id != user {
            actor.require(Permission::ManageUsers)?;
        }
        let mut tx = self.w().begin().await?;
        let mut q = Q::default();
        let ps = [q.arg(hash), q.arg(user.get()), q.arg(actor.org_id.get())];
        q.sql = format!("UPDATE users SET password_hash = {} WHERE id = {} AND org_id = {}", ps[0], ps[1], ps[2]);
        if q.query().execute(&mut *tx).await?.rows_affected() == 0 {
            return Err(StoreError::not_found("user"));
        }
        audit::record(&mut tx, actor, "user", user.get(), "set_password", None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a session after a successful log-in.
    pub async fn create_session(
        &self,
        user: &User,
        token_hash: &str,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.w().begin().await?;
        let mut q = Q::default();
        let ps = [
            q.arg(user.org_id.get()),
            q.arg(user.id.get()),
            q.arg(token_hash),
            q.arg(csrf_token),
            q.arg(now_text()),
            q.arg(ts_text(expires_at)),
        ];
        q.sql = format!(
            "INSERT INTO sessions (org_id, user_id, token_hash, csrf_token, created_at, expires_at) VALUES ({})",
            ps.join(", ")
        );
        q.query().execute(&mut *tx).await?;
        audit::write(&mut tx, Some(user.org_id.get()), Some(user.id.get()), "session", None, "login", None, None)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session for a token hash, if live at `now` and its user active.
    pub async fn session(&self, token_hash: &str, now: OffsetDateTime) -> Result<Option<SessionRecord>> {
        let mut q = Q::default();
        let (a, b) = (q.arg(token_hash), q.arg(ts_text(now)));
        q.sql = format!(
            "SELECT {USER_COLS}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id AND u.org_id = s.org_id \
             WHERE s.token_hash = {a} AND s.expires_at > {b} AND u.active = 1"
        );
        match q.query().fetch_optional(self.r()).await? {
            None => Ok(None),
            Some(r) => Ok(Some(SessionRecord {
                user: user_from_row(&r)?,
                csrf_token: get_s(&r, "csrf_token")?,
                expires_at: parse_ts(&get_s(&r, "expires_at")?)?,
            })),
        }
    }

    /// Ends a session (log-out).
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut q = Q::default();
        let a = q.arg(token_hash);
        q.sql = format!("DELETE FROM sessions WHERE token_hash = {a}");
        q.query().execute(self.w()).await?;
        Ok(())
    }

    /// Removes sessions expired at `now`; returns how many.
    pub async fn purge_expired_sessions(&self, now: OffsetDateTime) -> Result<u64> {
        let mut q = Q::default();
        let a = q.arg(ts_text(now));
        q.sql = format!("DELETE FROM sessions WHERE expires_at <= {a}");
        Ok(q.query().execute(self.w()).await?.rows_affected())
    }

    /// Records an API token for the actor.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        token_hash: &str,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<i64> {
        let mut tx = self.w().begin().await?;
        let mut q = Q::default();
        let ps = [
            q.arg(actor.org_id.get()),
            q.arg(actor.user_id.get()),
            q.arg(name),
            q.arg(token_hash),
            q.arg(now_text()),
            q.arg(expires_at.map(ts_text)),
        ];
        q.sql = format!("INSERT INTO api_tokens (org_id, user_id, name, token_hash, created_at, expires_at) VALUES ({}) RETURNING id", ps.join(", "));
        let id = get_i64(&q.query().fetch_one(&mut *tx).await?, "id")?;
        audit::record(&mut tx, actor, "api_token", id, "create", None, Some(&json!({"name": name}))).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The user behind a live, unrevoked API token.
    pub async fn api_token_user(&self, token_hash: &str, now: OffsetDateTime) -> Result<Option<User>> {
        let mut q = Q::default();
        let (a, b) = (q.arg(token_hash), q.arg(ts_text(now)));
        q.sql = format!(
            "SELECT {USER_COLS} FROM api_tokens k JOIN users u ON u.id = k.user_id AND u.org_id = k.org_id \
             WHERE k.token_hash = {a} AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > {b}) AND u.active = 1"
        );
        match q.query().fetch_optional(self.r()).await? {
            None => Ok(None),
            Some(r) => Ok(Some(user_from_row(&r)?)),
        }
    }

    /// Revokes an API token: its owner or an admin.
    pub async fn revoke_api_token(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.w().begin().await?;
        let mut q = Q::default();
        let ps = [q.arg(now_text()), q.arg(id), q.arg(actor.org_id.get())];
        q.sql = format!(
            "UPDATE api_tokens SET revoked_at = {} WHERE id = {} AND org_id = {} AND revoked_at IS NULL",
            ps[0], ps[1], ps[2]
        );
        if !actor.can(Permission::ManageUsers) {
            let u = q.arg(actor.user_id.get());
            q.sql.push_str(&format!(" AND user_id = {u}"));
        }
        if q.query().execute(&mut *tx).await?.rows_affected() == 0 {
            return Err(StoreError::not_found("api_token"));
        }
        audit::record(&mut tx, actor, "api_token", id, "revoke", None, None).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_alias(conn: &mut sqlx::AnyConnection, org: OrgId, unit: UnitId, alias: &str) -> Result<()> {
    let alias = clean_name(alias);
    if alias.is_empty() {
        return Err(DomainError::UnitNameEmpty.into());
    }
    let mut q = Q::default();
    let ps = [q.arg(org.get()), q.arg(unit.get()), q.arg(alias)];
    q.sql = format!("INSERT INTO unit_aliases (org_id, unit_id, alias) VALUES ({})", ps.join(", "));
    q.query().execute(&mut *conn).await?;
    Ok(())
}

/// Refuses a unit id that is not in the organisation.
pub(crate) async fn ensure_unit_in_org(conn: &mut sqlx::AnyConnection, org: OrgId, unit: UnitId) -> Result<()> {
    let mut q = Q::default();
    let (a, b) = (q.arg(unit.get()), q.arg(org.get()));
    q.sql = format!("SELECT id FROM units WHERE id = {a} AND org_id = {b}");
    if q.query().fetch_optional(&mut *conn).await?.is_none() {
        return Err(DomainError::UnitOtherOrg { unit: unit.get() }.into());
    }
    Ok(())
}
