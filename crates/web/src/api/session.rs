//! Log-in, log-out, the current session, API tokens.

use std::time::Instant;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{AuthVia, ClientIp, CurrentUser};
use crate::error::{ApiJson, ApiPath, AppError, AppResult};
use crate::security::{new_api_token, random_token, token_digest, verify_password};
use crate::session::{clear_session_cookie, csrf_token_for, is_secure, session_cookie};
use crate::state::AppState;
use crate::throttle;

#[derive(Debug, Deserialize)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

pub fn user_json(u: &dondoc_domain::user::User) -> Value {
    json!({
        "id": u.id,
        "org_id": u.org_id,
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role.as_str(),
        "role_label": u.role.label_vi(),
        "unit_id": u.unit_id,
        "person_id": u.person_id,
        "active": u.active,
    })
}

/// `POST /api/session`: checks the password, opens a session, sets the cookie, returns the
/// user and the CSRF token.
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginBody>,
) -> AppResult<Response> {
    let (user, token, csrf, expires) = open_session(&state, ip, &body.username, &body.password).await?;
    let ttl = state.config.session_ttl;
    let secure = is_secure(&headers, state.config.secure_cookies);
    let mut resp = Json(json!({
        "user": user_json(&user),
        "csrf_token": csrf,
        "expires_at": expires.unix_timestamp(),
    }))
    .into_response();
    resp.headers_mut().insert(header::SET_COOKIE, session_cookie(&token, ttl.as_secs(), secure));
    Ok(resp)
}

/// `GET /api/session`: the current user (and the CSRF token for cookie sessions).
pub async fn whoami(me: CurrentUser) -> Json<Value> {
    let csrf = match &me.via {
        AuthVia::Session { csrf_token, .. } => Some(csrf_token.clone()),
        AuthVia::ApiToken => None,
    };
    Json(json!({"user": user_json(&me.user), "csrf_token": csrf}))
}

/// `DELETE /api/session`: log-out.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap, me: CurrentUser) -> AppResult<Response> {
    if let AuthVia::Session { token_digest, .. } = &me.via {
        state.store.delete_session(token_digest).await?;
    }
    let secure = is_secure(&headers, state.config.secure_cookies);
    let mut resp = StatusCode::NO_CONTENT.into_response();
    resp.headers_mut().insert(header::SET_COOKIE, clear_session_cookie(secure));
    Ok(resp)
}

#[derive(Debug, Deserialize)]
pub struct NewTokenBody {
    pub name: String,
    /// Days until it expires (none = never).
    pub expires_in_days: Option<u32>,
}

/// `POST /api/tokens`: a new API token for the caller, shown once.
pub async fn create_token(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid("request.invalid_json", "name", "Tên mã truy cập phải có từ 1 đến 100 ký tự."));
    }
    let expires = match body.expires_in_days {
        Some(0) | None => None,
        Some(d) if d <= 3650 => Some(state.clock.now() + time::Duration::days(i64::from(d))),
        Some(_) => {
            return Err(AppError::invalid(
                "request.invalid_json",
                "expires_in_days",
                "Thời hạn mã truy cập tối đa 3650 ngày.",
            ))
        }
    };
    let token = new_api_token();
    let id = state.store.create_api_token(&me.actor(), name, &token_digest(&token), expires).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "name": name, "token": token,
                    "expires_at": expires.map(|e| e.unix_timestamp())})),
    ))
}

/// `DELETE /api/tokens/{id}`
pub async fn revoke_token(
    State(state): State<AppState>,
    me: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<StatusCode> {
    state.store.revoke_api_token(&me.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks a user name and password (throttled per name and per IP, equal timing for unknown
/// names) and opens a session. Returns the user, the session token (for the cookie), its
/// CSRF token and when it expires. Shared by `POST /api/session` and the log-in page.
pub async fn open_session(
    state: &AppState,
    ip: Option<std::net::IpAddr>,
    username: &str,
    password: &str,
) -> AppResult<(dondoc_domain::user::User, String, String, time::OffsetDateTime)> {
    let username = username.trim();
    if username.is_empty() || username.len() > 200 {
        return Err(AppError::invalid("request.invalid_json", "username", "Hãy nhập tên đăng nhập."));
    }
    if password.len() > 1024 {
        return Err(AppError::bad_credentials());
    }
    let keys = throttle::keys(username, ip);
    if let Err(wait) = state.throttle.check(&keys, Instant::now()) {
        tracing::warn!(username, ?ip, "log-in throttled");
        return Err(AppError::throttled(wait));
    }
    let record = state.store.find_login(username).await?;
    let (ok, user) = match record {
        Some(rec) => {
            let hash = rec.password_hash.clone();
            let pw = password.to_string();
            let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash)).await.unwrap_or(false);
            (ok, Some(rec.user))
        }
        None => {
            let hash = state.dummy_hash.as_ref().clone();
            let pw = password.to_string();
            let _ = tokio::task::spawn_blocking(move || verify_password(&pw, &hash)).await;
            (false, None)
        }
    };
    let user = match (ok, user) {
        (true, Some(u)) => u,
        _ => {
            state.throttle.record_failure(&keys, Instant::now());
            tracing::info!(username, ?ip, "log-in failed");
            return Err(AppError::bad_credentials());
        }
    };
    state.throttle.record_success(username);
    let token = random_token();
    let csrf = csrf_token_for(&token);
    let expires = state.clock.now() + state.config.session_ttl;
    state.store.create_session(&user, &token_digest(&token), &csrf, expires).await?;
    Ok((user, token, csrf, expires))
}
