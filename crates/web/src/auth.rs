//! Who is calling: the [`CurrentUser`] extractor every protected handler takes.
//!
//! Two ways in:
//! - `Authorization: Bearer <API token>` (scripts): the token's SHA-256 digest is looked up
//!   in `api_tokens`; no CSRF check (browsers never send it on their own).
//! - the `dondoc_session` cookie (browsers): its digest is looked up in `sessions`; every
//!   request with an unsafe method (anything but GET, HEAD, OPTIONS) must carry the
//!   session's CSRF token in `X-CSRF-Token`, compared in constant time.
//!
//! The result carries the domain's [`Actor`] (organisation, role, unit, person), which is
//! handed to every store call: the store scopes its SQL by it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;
use dondoc_domain::user::{Actor, User};

use crate::error::AppError;
use crate::security::{constant_time_eq, token_digest};
use crate::session::{bearer_token, cookie_value, CSRF_HEADER, SESSION_COOKIE};
use crate::state::AppState;

/// How the caller authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthVia {
    /// A session cookie; holds the digest of the session token (for log-out).
    Session {
        token_digest: String,
        csrf_token: String,
    },
    ApiToken,
}

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub via: AuthVia,
}

impl CurrentUser {
    /// The scope handed to the store.
    pub fn actor(&self) -> Actor {
        self.user.actor()
    }
}

/// Alias: the scope of the current request (organisation, unit, role).
pub type Scope = CurrentUser;

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let now = state.clock.now();
        if let Some(token) = bearer_token(&parts.headers) {
            let user = state
                .store
                .api_token_user(&token_digest(&token), now)
                .await
                .map_err(AppError::from)?
                .ok_or_else(AppError::unauthenticated)?;
            return Ok(CurrentUser { user, via: AuthVia::ApiToken });
        }
        let Some(token) = cookie_value(&parts.headers, SESSION_COOKIE) else {
            return Err(AppError::unauthenticated());
        };
        let digest = token_digest(&token);
        let rec =
            state.store.session(&digest, now).await.map_err(AppError::from)?.ok_or_else(AppError::unauthenticated)?;
        if !is_safe(&parts.method) {
            let presented = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !csrf_ok(&rec.csrf_token, presented) {
                tracing::warn!(user = %rec.user.username, "CSRF token missing or wrong");
                return Err(AppError::csrf());
            }
        }
        Ok(CurrentUser { user: rec.user, via: AuthVia::Session { token_digest: digest, csrf_token: rec.csrf_token } })
    }
}

/// Checks a CSRF token presented in a header or form field against the session's.
pub fn csrf_ok(expected: &str, presented: &str) -> bool {
    !expected.is_empty() && constant_time_eq(expected.as_bytes(), presented.trim().as_bytes())
}

/// The caller if authenticated, else `None` (never fails on missing credentials).
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match CurrentUser::from_request_parts(parts, state).await {
            Ok(u) => Ok(MaybeUser(Some(u))),
            Err(e) if e.code == "auth.unauthenticated" => Ok(MaybeUser(None)),
            Err(e) => Err(e),
        }
    }
}

/// The peer's IP address when the server was started with connect info (tests driving the
/// router directly have none).
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_compare() {
        assert!(csrf_ok("abc", "abc"));
        assert!(csrf_ok("abc", " abc "));
        assert!(!csrf_ok("abc", "abd"));
        assert!(!csrf_ok("", ""));
    }
}
