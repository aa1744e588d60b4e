//! The organisation's directory: units (with aliases) and users.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use dondoc_domain::ids::UnitId;
use dondoc_domain::user::Role;
use dondoc_store::directory::{NewUnit, NewUser};
use serde::Deserialize;
use serde_json::{json, Value};

use super::session::user_json;
use crate::auth::CurrentUser;
use crate::error::{ApiJson, AppError, AppResult};
use crate::security::{hash_password, random_password};
use crate::state::AppState;

/// `GET /api/units`: the directory, in id order (a tree through `parent_id`).
pub async fn list_units(State(state): State<AppState>, me: CurrentUser) -> AppResult<Json<Value>> {
    let units = state.store.list_units(&me.actor()).await?;
    let items: Vec<Value> = units
        .iter()
        .map(|u| {
            json!({"id": u.id, "parent_id": u.parent_id, "name": u.name,
                   "aliases": u.aliases, "active": u.active})
        })
        .collect();
    Ok(Json(json!({"items": items, "total": items.len()})))
}

#[derive(Debug, Deserialize)]
pub struct NewUnitBody {
    pub name: String,
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// `POST /api/units` (admin).
pub async fn create_unit(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiJson(body): ApiJson<NewUnitBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    if body.name.chars().count() > 300 || body.aliases.len() > 50 {
        return Err(AppError::invalid("request.too_long", "name", "Tên đơn vị hoặc danh sách tên gọi khác quá dài."));
    }
    let id = state
        .store
        .create_unit(
            &me.actor(),
            &NewUnit { parent_id: body.parent_id.map(UnitId), name: body.name, aliases: body.aliases },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

/// `GET /api/users` (admin).
pub async fn list_users(State(state): State<AppState>, me: CurrentUser) -> AppResult<Json<Value>> {
    let users = state.store.list_users(&me.actor()).await?;
    let items: Vec<Value> = users.iter().map(user_json).collect();
    Ok(Json(json!({"items": items, "total": items.len()})))
}

#[derive(Debug, Deserialize)]
pub struct NewUserBody {
    pub username: String,
    pub display_name: Option<String>,
    pub role: String,
    pub unit_id: Option<i64>,
    /// When absent a random password is generated and returned once.
    pub password: Option<String>,
}

pub const MIN_PASSWORD_CHARS: usize = 8;

/// Checks a user name: 3–64 characters, letters, digits, `.`, `_`, `-`.
pub fn validate_username(name: &str) -> Result<(), AppError> {
    let n = name.chars().count();
    if !(3..=64).contains(&n) || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err(AppError::invalid(
            "user.bad_username",
            "username",
            "Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ không dấu, số và . _ - @",
        ));
    }
    Ok(())
}

/// `POST /api/users` (admin).
pub async fn create_user(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiJson(body): ApiJson<NewUserBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let actor = me.actor();
    actor.require(dondoc_domain::user::Permission::ManageUsers)?;
    let username = body.username.trim().to_string();
    validate_username(&username)?;
    let role: Role = body.role.trim().parse()?;
    let (password, generated) = match body.password {
        Some(p) if p.chars().count() >= MIN_PASSWORD_CHARS && p.len() <= 1024 => (p, false),
        Some(_) => {
            return Err(AppError::invalid(
                "user.weak_password",
                "password",
                format!("Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự."),
            ))
        }
        None => (random_password(), true),
    };
    let cost = state.config.password_cost;
    let pw = password.clone();
    let hash =
        tokio::task::spawn_blocking(move || hash_password(&pw, cost)).await.map_err(AppError::internal_from)??;
    let display =
        body.display_name.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| username.clone());
    let id = state
        .store
        .create_user(
            Some(&actor),
            actor.org_id,
            &NewUser {
                username: username.clone(),
                display_name: display,
                password_hash: hash,
                role,
                unit_id: body.unit_id.map(UnitId),
                person_id: None,
            },
        )
        .await?;
    let mut out = json!({"id": id, "username": username, "role": role.as_str()});
    if generated {
        out["password"] = json!(password);
    }
    Ok((StatusCode::CREATED, Json(out)))
}
