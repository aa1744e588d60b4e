//! Session cookies and CSRF tokens.
//!
//! A session is a random token held by the browser in the `dondoc_session` cookie
//! (HttpOnly, SameSite=Lax, Path=/, Secure when served over TLS). The database keeps only
//! its SHA-256 digest.
//!
//! The CSRF token of a session is derived from the session token:
//! `sha256("dondoc-csrf\0" ‖ session token)`. Only someone who holds the cookie's value can
//! compute it, and the cookie is HttpOnly, so a page on another site cannot. It is handed to
//! the client at log-in (and by `GET /api/session`) and must come back in the
//! `X-CSRF-Token` header (or the `csrf_token` form field) on every cookie-authenticated
//! write; it is compared in constant time. Requests authenticated by a bearer API token
//! need no CSRF token: a browser never attaches one on its own.

use axum::http::{header, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

use crate::config::SecureCookies;
use crate::security::constant_time_eq;

pub const SESSION_COOKIE: &str = "dondoc_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FORM_FIELD: &str = "csrf_token";

/// The CSRF token that belongs to a session token.
pub fn csrf_token_for(session_token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"dondoc-csrf\0");
    h.update(session_token.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>()
}

/// True when `presented` is the CSRF token of `session_token`.
pub fn csrf_matches(session_token: &str, presented: &str) -> bool {
    constant_time_eq(csrf_token_for(session_token).as_bytes(), presented.trim().as_bytes())
}

/// The value of one cookie from the `Cookie` headers, if present.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    for value in headers.get_all(header::COOKIE) {
        let Ok(s) = value.to_str() else { continue };
        for pair in s.split(';') {
            let mut it = pair.trim().splitn(2, '=');
            let k = it.next().unwrap_or("").trim();
            let v = it.next().unwrap_or("").trim();
            if k == name && !v.is_empty() {
                return Some(v.trim_matches('"').to_string());
            }
        }
    }
    None
}

/// The bearer token of an `Authorization: Bearer …` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = v.split_once(' ')?;
    if scheme.eq_ignore_ascii_case("bearer") {
        let t = rest.trim();
        (!t.is_empty()).then(|| t.to_string())
    } else {
        None
    }
}

/// Whether this request arrived over TLS as far as cookies are concerned.
pub fn is_secure(headers: &HeaderMap, mode: SecureCookies) -> bool {
    match mode {
        SecureCookies::Always => true,
        SecureCookies::Never => false,
        SecureCookies::Auto => headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').next().unwrap_or("").trim().eq_ignore_ascii_case("https"))
            .unwrap_or(false),
    }
}

/// `Set-Cookie` value that stores a session.
pub fn session_cookie(token: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let mut s = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}");
    if secure {
        s.push_str("; Secure");
    }
    // The token is hex, so the header value is always valid ASCII.
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static("dondoc_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure")
    } else {
        HeaderValue::from_static("dondoc_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn csrf_is_bound_to_the_session() {
        let t = crate::security::random_token();
        let c = csrf_token_for(&t);
        assert!(csrf_matches(&t, &c));
        assert!(!csrf_matches(&t, &csrf_token_for("other")));
        assert!(!csrf_matches(&t, ""));
        assert!(!csrf_matches(&t, &c[..63]));
    }

    #[test]
    fn finds_cookie_among_others() {
        let h = headers(&[("cookie", "a=1; dondoc_session=abc ; b=2")]);
        assert_eq!(cookie_value(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        let h = headers(&[("cookie", "a=1"), ("cookie", "dondoc_session=x")]);
        assert_eq!(cookie_value(&h, SESSION_COOKIE).as_deref(), Some("x"));
        assert_eq!(cookie_value(&headers(&[]), SESSION_COOKIE), None);
        let h = headers(&[("cookie", "dondoc_session=")]);
        assert_eq!(cookie_value(&h, SESSION_COOKIE), None);
    }

    #[test]
    fn bearer_parsing() {
        assert_eq!(bearer_token(&headers(&[("authorization", "Bearer ddk_1")])).as_deref(), Some("ddk_1"));
        assert_eq!(bearer_token(&headers(&[("authorization", "bearer  t ")])).as_deref(), Some("t"));
        assert_eq!(bearer_token(&headers(&[("authorization", "Basic abc")])), None);
        assert_eq!(bearer_token(&headers(&[("authorization", "Bearer ")])), None);
    }

    #[test]
    fn cookie_attributes() {
        let c = session_cookie("tok", 3600, false);
        let s = c.to_str().expect("ascii");
        assert!(s.contains("HttpOnly") && s.contains("SameSite=Lax") && !s.contains("Secure"));
        let c = session_cookie("tok", 3600, true);
        assert!(c.to_str().expect("ascii").ends_with("; Secure"));
        assert!(is_secure(&headers(&[("x-forwarded-proto", "https")]), SecureCookies::Auto));
        assert!(!is_secure(&headers(&[("x-forwarded-proto", "http")]), SecureCookies::Auto));
        assert!(!is_secure(&headers(&[]), SecureCookies::Auto));
        assert!(is_secure(&headers(&[]), SecureCookies::Always));
    }
}
