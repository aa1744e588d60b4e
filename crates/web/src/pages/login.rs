//! Log-in and log-out pages. The password check, throttling and session are those of the
//! API ([`crate::api::session::open_session`]); the page sets the same `dondoc_session`
//! cookie.
//!
//! The log-in form is protected against log-in CSRF (a foreign page logging the browser into
//! another account) by a double-submit token: `GET /login` sets a random `dondoc_login`
//! cookie (SameSite=Strict) and puts the same value in a hidden field; `POST /login` wants
//! both, equal.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::ctx::{render_status, see_other, Layout, PageResult, Posted};
use super::i18n::{t, Lang};
use crate::auth::{csrf_ok, ClientIp};
use crate::security::random_token;
use crate::session::{clear_session_cookie, cookie_value, is_secure, session_cookie};
use crate::state::AppState;

const LOGIN_COOKIE: &str = "dondoc_login";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    next: String,
    username: String,
    error: String,
    username_error: String,
    password_error: String,
    login_token: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    pub next: Option<String>,
    pub msg: Option<String>,
}

/// Only same-site paths are followed after log-in.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.starts_with("/login") {
        next.to_string()
    } else {
        "/".to_string()
    }
}

fn page(lang: Lang, next: &str, username: &str, token: String) -> LoginPage {
    LoginPage {
        l: Layout::anonymous(lang, "login.title").at("/login"),
        next: safe_next(next),
        username: username.to_string(),
        error: String::new(),
        username_error: String::new(),
        password_error: String::new(),
        login_token: token,
    }
}

fn with_login_cookie(mut resp: Response, token: &str, headers: &HeaderMap, state: &AppState) -> Response {
    let secure = if is_secure(headers, state.config.secure_cookies) { "; Secure" } else { "" };
    let v = format!("{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600{secure}");
    if let Ok(v) = HeaderValue::from_str(&v) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// `GET /login`
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let token = random_token();
    let mut p = page(lang, q.next.as_deref().unwrap_or("/"), "", token.clone());
    p.l = p.l.with_notice(q.msg.as_deref());
    with_login_cookie(render_status(StatusCode::OK, &p), &token, &headers, &state)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
    #[serde(default)]
    pub login_token: String,
}

/// `POST /login`: on success a 303 to `next` with the session cookie; otherwise the form
/// again, with the message and the user name typed.
pub async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    axum::Form(f): axum::Form<LoginForm>,
) -> Response {
    let fresh = random_token();
    let mut p = page(lang, &f.next, f.username.trim(), fresh.clone());
    let cookie = cookie_value(&headers, LOGIN_COOKIE).unwrap_or_default();
    if !csrf_ok(&cookie, &f.login_token) {
        p.error = crate::error::AppError::csrf().message;
        return with_login_cookie(render_status(StatusCode::FORBIDDEN, &p), &fresh, &headers, &state);
    }
    if f.username.trim().is_empty() || f.password.is_empty() {
        if f.username.trim().is_empty() {
            p.username_error = t(lang, "login.need_username").to_string();
        }
        if f.password.is_empty() {
            p.password_error = t(lang, "login.need_password").to_string();
        }
        return with_login_cookie(render_status(StatusCode::BAD_REQUEST, &p), &fresh, &headers, &state);
    }
    match crate::api::session::open_session(&state, ip, &f.username, &f.password).await {
        Ok((_user, token, _csrf, _expires)) => {
            let secure = is_secure(&headers, state.config.secure_cookies);
            let mut resp = see_other(&safe_next(&f.next));
            resp.headers_mut()
                .append(header::SET_COOKIE, session_cookie(&token, state.config.session_ttl.as_secs(), secure));
            resp
        }
        Err(e) => {
            p.error = e.message.clone();
            with_login_cookie(render_status(e.status, &p), &fresh, &headers, &state)
        }
    }
}

/// `POST /logout` (CSRF-checked): ends the session, back to the log-in page.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap, posted: Posted) -> PageResult {
    state.store.delete_session(&posted.me.token_digest).await?;
    let secure = is_secure(&headers, state.config.secure_cookies);
    let mut resp = see_other("/login?msg=msg.logged_out").into_response();
    resp.headers_mut().append(header::SET_COOKIE, clear_session_cookie(secure));
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/tasks?page=2"), "/tasks?page=2");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next("/login"), "/");
    }
}
