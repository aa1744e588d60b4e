//! The directory pages: units (everyone reads the list; the admin adds) and user accounts
//! (admin only). The same store calls and checks as `POST /api/units` and `POST /api/users`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use dondoc_domain::ids::UnitId;
use dondoc_domain::unit::Unit;
use dondoc_domain::user::{Permission, Role};
use dondoc_store::directory::{NewUnit, NewUser};

use super::ctx::{render_status, see_other, FieldErrors, FormState, Layout, PageError, PageResult, PageUser, Posted};
use super::documents::MsgQuery;
use super::i18n::{role_label, t, Lang};
use super::tasks::Opt;
use crate::api::directory::{validate_username, MIN_PASSWORD_CHARS};
use crate::error::AppError;
use crate::security::hash_password;
use crate::state::AppState;

pub struct UnitView {
    pub id: i64,
    pub name: String,
    pub depth: usize,
    pub indent: String,
    pub aliases: String,
    pub active: bool,
}

/// Units in tree order: each parent followed by its children (names sorted within a level).
fn tree(units: &[Unit]) -> Vec<UnitView> {
    fn walk(units: &[Unit], parent: Option<UnitId>, depth: usize, out: &mut Vec<UnitView>) {
        let mut kids: Vec<&Unit> = units.iter().filter(|u| u.parent_id == parent).collect();
        kids.sort_by(|a, b| a.name.cmp(&b.name));
        for u in kids {
            out.push(UnitView {
                id: u.id.get(),
                name: u.name.clone(),
                depth,
                indent: "— ".repeat(depth),
                aliases: u.aliases.join("; "),
                active: u.active,
            });
            if depth < 20 {
                walk(units, Some(u.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::with_capacity(units.len());
    walk(units, None, 0, &mut out);
    // units whose parent is not listed (should not happen) still appear
    for u in units {
        if !out.iter().any(|v| v.id == u.id.get()) {
            out.push(UnitView {
                id: u.id.get(),
                name: u.name.clone(),
                depth: 0,
                indent: String::new(),
                aliases: u.aliases.join("; "),
                active: u.active,
            });
        }
    }
    out
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    l: Layout,
    units: Vec<UnitView>,
    parents: Vec<Opt>,
    can_add: bool,
    form: FormState,
}

async fn units_page(
    state: &AppState,
    me: &PageUser,
    form: FormState,
    status: StatusCode,
    msg: Option<&str>,
) -> PageResult {
    let units = state.store.list_units(&me.actor()).await?;
    let chosen = form.val("unit", "parent_id", "").to_string();
    let parents = tree(&units)
        .iter()
        .map(|u| Opt {
            value: u.id.to_string(),
            label: format!("{}{}", u.indent, u.name),
            selected: chosen == u.id.to_string(),
        })
        .collect();
    let l = Layout::new(state, me, "units", "units.title").await.with_notice(msg).at("/units");
    let tpl = UnitsPage { l, units: tree(&units), parents, can_add: me.can(Permission::ManageUnits), form };
    Ok(render_status(status, &tpl))
}

/// `GET /units`
pub async fn units(State(state): State<AppState>, me: PageUser, Query(q): Query<MsgQuery>) -> PageResult {
    units_page(&state, &me, FormState::default(), StatusCode::OK, q.msg.as_deref()).await
}

fn require(me: &PageUser, p: Permission) -> Result<(), PageError> {
    me.actor().require(p).map_err(|e| PageError::app(me.lang, e.into()))
}

/// `POST /units` (admin): name, parent, aliases separated by `;`.
pub async fn add_unit(State(state): State<AppState>, p: Posted) -> PageResult {
    require(&p.me, Permission::ManageUnits)?;
    let lang = p.me.lang;
    let name = p.form.get("name").to_string();
    let aliases: Vec<String> =
        p.form.get("aliases").split(';').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect();
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.insert("name".into(), t(lang, "units.need_name").into());
    } else if name.chars().count() > 300 {
        errors.insert("name".into(), "Tên đơn vị quá dài (tối đa 300 ký tự).".into());
    }
    if aliases.len() > 50 || aliases.iter().any(|a| a.chars().count() > 300) {
        errors.insert("aliases".into(), "Danh sách tên gọi khác quá dài.".into());
    }
    let parent_id = p.form.get("parent_id").parse::<i64>().ok().map(UnitId);
    if !errors.is_empty() {
        return units_page(
            &state,
            &p.me,
            FormState::new("unit", errors, p.form.values()),
            StatusCode::BAD_REQUEST,
            None,
        )
        .await;
    }
    match state.store.create_unit(&p.me.actor(), &NewUnit { parent_id, name, aliases }).await {
        Ok(_) => Ok(see_other("/units?msg=msg.unit_added")),
        Err(e) => {
            let e = AppError::from(e);
            let st = if e.status.is_success() { StatusCode::BAD_REQUEST } else { e.status };
            units_page(&state, &p.me, FormState::from_error("unit", &e, &p.form), st, None).await
        }
    }
}

pub struct UserView {
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub unit: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    l: Layout,
    users: Vec<UserView>,
    roles: Vec<Opt>,
    units: Vec<Opt>,
    form: FormState,
}

async fn users_page(
    state: &AppState,
    me: &PageUser,
    form: FormState,
    status: StatusCode,
    msg: Option<&str>,
) -> PageResult {
    let actor = me.actor();
    let lang: Lang = me.lang;
    let users = state.store.list_users(&actor).await?;
    let units = state.store.list_units(&actor).await?;
    let name_of = |id: Option<UnitId>| {
        id.and_then(|i| units.iter().find(|u| u.id == i)).map(|u| u.name.clone()).unwrap_or_default()
    };
    let users = users
        .iter()
        .map(|u| UserView {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: role_label(lang, u.role),
            unit: name_of(u.unit_id),
            active: u.active,
        })
        .collect();
    let role_sel = form.val("user", "role", "unit").to_string();
    let unit_sel = form.val("user", "unit_id", "").to_string();
    let roles = Role::ALL
        .iter()
        .map(|r| Opt { value: r.as_str().into(), label: role_label(lang, *r).into(), selected: role_sel == r.as_str() })
        .collect();
    let units = tree(&units)
        .iter()
        .map(|u| Opt {
            value: u.id.to_string(),
            label: format!("{}{}", u.indent, u.name),
            selected: unit_sel == u.id.to_string(),
        })
        .collect();
    let l = Layout::new(state, me, "admin", "users.title").await.with_notice(msg).at("/admin");
    Ok(render_status(status, &UsersPage { l, users, roles, units, form }))
}

/// `GET /admin` (admin): the accounts and a form to add one.
pub async fn users(State(state): State<AppState>, me: PageUser, Query(q): Query<MsgQuery>) -> PageResult {
    require(&me, Permission::ManageUsers)?;
    users_page(&state, &me, FormState::default(), StatusCode::OK, q.msg.as_deref()).await
}

/// `POST /admin` (admin): user name, display name, role, unit, password.
pub async fn add_user(State(state): State<AppState>, p: Posted) -> PageResult {
    require(&p.me, Permission::ManageUsers)?;
    let lang = p.me.lang;
    let actor = p.me.actor();
    let mut errors = FieldErrors::new();
    let username = p.form.get("username").to_string();
    if let Err(e) = validate_username(&username) {
        errors.insert("username".into(), e.message);
    }
    let role: Option<Role> = match p.form.get("role").parse::<Role>() {
        Ok(r) => Some(r),
        Err(e) => {
            errors.insert("role".into(), AppError::from(e).message);
            None
        }
    };
    let unit_id = p.form.get("unit_id").parse::<i64>().ok().map(UnitId);
    if matches!(role, Some(Role::Unit | Role::Cadre)) && unit_id.is_none() {
        errors.insert("unit_id".into(), "Tài khoản đầu mối đơn vị hoặc cán bộ phải thuộc một đơn vị.".into());
    }
    let password = p.form.raw("password").to_string();
    if password.chars().count() < MIN_PASSWORD_CHARS || password.len() > 1024 {
        errors.insert("password".into(), t(lang, "users.need_password").into());
    }
    let display =
        Some(p.form.get("display_name").to_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| username.clone());
    if display.chars().count() > 200 {
        errors.insert("display_name".into(), "Họ tên quá dài (tối đa 200 ký tự).".into());
    }
    let (Some(role), true) = (role, errors.is_empty()) else {
        let mut values = p.form.values();
        values.remove("password");
        return users_page(&state, &p.me, FormState::new("user", errors, values), StatusCode::BAD_REQUEST, None).await;
    };
    let cost = state.config.password_cost;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password, cost))
        .await
        .map_err(AppError::internal_from)?
        .map_err(AppError::from)?;
    let new = NewUser { username, display_name: display, password_hash: hash, role, unit_id, person_id: None };
    match state.store.create_user(Some(&actor), actor.org_id, &new).await {
        Ok(_) => Ok(see_other("/admin?msg=msg.user_added")),
        Err(e) => {
            let mut e = AppError::from(e);
            if e.code == "store.duplicate" {
                e.field = Some("username".into());
                e.message = "Tên đăng nhập này đã có.".into();
            }
            let st = if e.status.is_success() { StatusCode::BAD_REQUEST } else { e.status };
            let mut f = FormState::from_error("user", &e, &p.form);
            f.values.remove("password");
            users_page(&state, &p.me, f, st, None).await
        }
    }
}
