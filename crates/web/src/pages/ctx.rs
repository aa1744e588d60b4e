//! What every page needs: the signed-in user (from the same `dondoc_session` cookie as the
//! API), the language, CSRF-checked form posts, the layout (header and navigation), and an
//! HTML error page.
//!
//! A page asked for without a session redirects to `/login?next=…`. A form post must carry
//! the session's CSRF token in its `csrf_token` field (the API takes it in a header); it is
//! compared in constant time, and a post without it is refused with 403 before anything is
//! read or written.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dondoc_domain::user::{Permission, User};
use dondoc_store::progress::NewAttachment;

use super::i18n::{t, Lang};
use crate::auth::csrf_ok;
use crate::error::AppError;
use crate::security::token_digest;
use crate::session::{cookie_value, CSRF_FORM_FIELD, SESSION_COOKIE};
use crate::state::AppState;

/// The signed-in user of a page request.
#[derive(Debug, Clone)]
pub struct PageUser {
    pub user: User,
    pub csrf: String,
    pub token_digest: String,
    pub lang: Lang,
}

impl PageUser {
    pub fn actor(&self) -> dondoc_domain::user::Actor {
        self.user.actor()
    }

    pub fn can(&self, p: Permission) -> bool {
        self.user.actor().can(p)
    }
}

/// Where to send someone who must log in first: back to this page afterwards.
fn login_redirect(parts: &Parts) -> PageError {
    let next = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    PageError::Login(next.to_string())
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = Lang::of(parts);
        let Some(token) = cookie_value(&parts.headers, SESSION_COOKIE) else {
            return Err(login_redirect(parts));
        };
        let digest = token_digest(&token);
        let rec = state.store.session(&digest, state.clock.now()).await.map_err(|e| PageError::app(lang, e.into()))?;
        match rec {
            Some(rec) => Ok(PageUser { user: rec.user, csrf: rec.csrf_token, token_digest: digest, lang }),
            None => Err(login_redirect(parts)),
        }
    }
}

/// The page language alone (pages shown before log-in).
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(parts))
    }
}

/// An uploaded file.
pub type Upload = NewAttachment;

/// The fields of a posted form (URL-encoded or multipart), in order, and its files.
#[derive(Debug, Default, Clone)]
pub struct FormData {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, Upload)>,
}

impl FormData {
    /// The first value of a field, trimmed ("" when absent).
    pub fn get(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
    }

    /// The first value, untrimmed (long texts keep their line breaks).
    pub fn raw(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).collect()
    }

    /// Files posted under a field name (empty file inputs are left out).
    pub fn files(&self, name: &str) -> Vec<Upload> {
        self.files.iter().filter(|(k, _)| k == name).map(|(_, f)| f.clone()).collect()
    }

    /// What the user typed, to show again next to the errors (files are not echoed).
    pub fn values(&self) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        for (k, v) in &self.fields {
            if k != CSRF_FORM_FIELD {
                m.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        m
    }

    async fn read(req: Request, state: &AppState) -> Result<FormData, AppError> {
        let ctype =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
        if ctype.starts_with("multipart/form-data") {
            let mut mp = Multipart::from_request(req, state)
                .await
                .map_err(|e| AppError::bad_request("request.bad_multipart", e.body_text()))?;
            let mut out = FormData::default();
            while let Some(field) = mp.next_field().await.map_err(multipart_error)? {
                let name = field.name().unwrap_or("").to_string();
                if let Some(file_name) = field.file_name().map(str::to_string) {
                    let base = file_name.rsplit(['/', '\\']).next().unwrap_or("").trim().to_string();
                    let content_type =
                        field.content_type().unwrap_or("application/octet-stream").chars().take(100).collect();
                    let bytes = field.bytes().await.map_err(multipart_error)?;
                    if base.is_empty() && bytes.is_empty() {
                        continue;
                    }
                    out.files.push((name, NewAttachment { name: base, content_type, bytes: bytes.to_vec() }));
                } else {
                    let text = field.text().await.map_err(multipart_error)?;
                    out.fields.push((name, text));
                }
            }
            Ok(out)
        } else {
            let axum::Form(fields) =
                axum::Form::<Vec<(String, String)>>::from_request(req, state).await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::too_large(state.config.max_body_bytes)
                    } else {
                        AppError::bad_request("request.bad_form", "Dữ liệu biểu mẫu không hợp lệ.")
                    }
                })?;
            Ok(FormData { fields, files: Vec::new() })
        }
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "request.too_large", "Tệp tải lên vượt quá giới hạn cho phép.")
    } else {
        AppError::bad_request("request.bad_multipart", "Dữ liệu tải lên (multipart) không hợp lệ.")
    }
}

/// A form post by a signed-in user whose CSRF field matched the session's token.
pub struct Posted {
    pub me: PageUser,
    pub form: FormData,
}

impl FromRequest<AppState> for Posted {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let me = PageUser::from_request_parts(&mut parts, state).await?;
        let lang = me.lang;
        let form =
            FormData::read(Request::from_parts(parts, body), state).await.map_err(|e| PageError::app(lang, e))?;
        if !csrf_ok(&me.csrf, form.get(CSRF_FORM_FIELD)) {
            tracing::warn!(user = %me.user.username, "page form without a valid CSRF token");
            return Err(PageError::app(lang, AppError::csrf()));
        }
        Ok(Posted { me, form })
    }
}

/// Field errors of a form: field name → message.
pub type FieldErrors = BTreeMap<String, String>;

/// What a re-shown form needs: which form, its errors, what was typed.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub form: String,
    pub errors: FieldErrors,
    pub values: BTreeMap<String, String>,
}

impl FormState {
    pub fn new(form: &str, errors: FieldErrors, values: BTreeMap<String, String>) -> Self {
        FormState { form: form.to_string(), errors, values }
    }

    /// An error from the store or domain, placed next to its field (`general` otherwise).
    pub fn from_error(form: &str, e: &AppError, data: &FormData) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(e.field.clone().unwrap_or_else(|| "general".into()), e.message.clone());
        FormState::new(form, errors, data.values())
    }

    /// The message for a field of this form, if the shown form is `form`.
    pub fn err(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.errors.get(field).map(String::as_str).unwrap_or("")
        } else {
            ""
        }
    }

    /// What was typed in a field of this form, else `default`.
    pub fn val<'a>(&'a self, form: &str, field: &str, default: &'a str) -> &'a str {
        if self.form == form {
            self.values.get(field).map(String::as_str).unwrap_or(default)
        } else {
            default
        }
    }

    pub fn is(&self, form: &str) -> bool {
        self.form == form
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// The header and navigation around every signed-in page.
#[derive(Debug, Clone)]
pub struct Layout {
    pub lang: Lang,
    pub title: String,
    /// The active navigation item.
    pub nav: &'static str,
    pub signed_in: bool,
    pub user_name: String,
    pub role_label: &'static str,
    pub org_name: String,
    pub csrf: String,
    pub is_admin: bool,
    pub can_import: bool,
    /// A one-line notice after a redirect (`?msg=` names an i18n key).
    pub notice: String,
    /// The current path and query, for the language switch.
    pub here: String,
}

impl Layout {
    /// Builds the layout for a signed-in user (reads the organisation's name).
    pub async fn new(state: &AppState, me: &PageUser, nav: &'static str, title_key: &str) -> Layout {
        let org_name = match state.store.list_organisations().await {
            Ok(orgs) => orgs.into_iter().find(|o| o.id == me.user.org_id).map(|o| o.name).unwrap_or_default(),
            Err(e) => {
                tracing::warn!(error = %e, "organisation name");
                String::new()
            }
        };
        let role = me.user.role;
        Layout {
            lang: me.lang,
            title: t(me.lang, title_key).to_string(),
            nav,
            signed_in: true,
            user_name: me.user.display_name.clone(),
            role_label: super::i18n::role_label(me.lang, role),
            org_name,
            csrf: me.csrf.clone(),
            is_admin: role.can(Permission::ManageUsers),
            can_import: role.can(Permission::ImportDocument),
            notice: String::new(),
            here: String::new(),
        }
    }

    /// The layout of the log-in and error pages.
    pub fn anonymous(lang: Lang, title_key: &str) -> Layout {
        Layout {
            lang,
            title: t(lang, title_key).to_string(),
            nav: "",
            signed_in: false,
            user_name: String::new(),
            role_label: "",
            org_name: String::new(),
            csrf: String::new(),
            is_admin: false,
            can_import: false,
            notice: String::new(),
            here: String::new(),
        }
    }

    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Shows the notice named by `?msg=` (only known keys are shown).
    pub fn with_notice(mut self, key: Option<&str>) -> Self {
        if let Some(k) = key.filter(|k| k.starts_with("msg.")) {
            let s = t(self.lang, k);
            if s != k {
                self.notice = s.to_string();
            }
        }
        self
    }

    pub fn at(mut self, here: impl Into<String>) -> Self {
        self.here = here.into();
        self
    }

    /// A string of the interface in the page's language.
    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    /// `?lang=` link to the other language, on the same page.
    pub fn other_lang_href(&self) -> String {
        let other = match self.lang {
            Lang::Vi => "en",
            Lang::En => "vi",
        };
        let (path, query) = self.here.split_once('?').unwrap_or((self.here.as_str(), ""));
        let path = if path.is_empty() { "/" } else { path };
        let kept: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
        if kept.is_empty() {
            format!("{path}?lang={other}")
        } else {
            format!("{path}?{}&lang={other}", kept.join("&"))
        }
    }

    pub fn other_lang_label(&self) -> &'static str {
        match self.lang {
            Lang::Vi => "English",
            Lang::En => "Tiếng Việt",
        }
    }

    pub fn html_lang(&self) -> &'static str {
        self.lang.code()
    }
}

/// Renders a template as an HTML response.
pub fn render<T: Template>(tpl: &T) -> Response {
    render_status(StatusCode::OK, tpl)
}

/// Renders a template with a status (400 for a form shown again with its errors).
pub fn render_status<T: Template>(status: StatusCode, tpl: &T) -> Response {
    match tpl.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Html("<!doctype html><title>500</title><p>Lỗi hệ thống.</p>"))
                .into_response()
        }
    }
}

/// 303 to a page (after a successful post).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Layout,
    status: u16,
    message: String,
}

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in: to the log-in page, then back to `next`.
    Login(String),
    /// Anything else, shown as an HTML page with its status.
    App(Lang, AppError),
}

impl PageError {
    pub fn app(lang: Lang, e: AppError) -> Self {
        PageError::App(lang, e)
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError::App(Lang::Vi, e)
    }
}

impl From<dondoc_store::StoreError> for PageError {
    fn from(e: dondoc_store::StoreError) -> Self {
        PageError::App(Lang::Vi, e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Login(next) => {
                let safe = if next.starts_with('/') && !next.starts_with("//") { next } else { "/".to_string() };
                let to = format!("/login?next={}", urlencode(&safe));
                let mut r = Redirect::to(&to).into_response();
                // htmx follows redirects itself; tell it to load the log-in page whole
                if let Ok(v) = HeaderValue::from_str(&to) {
                    r.headers_mut().insert("hx-redirect", v);
                }
                r
            }
            PageError::App(lang, e) => {
                let status = e.status;
                let l = Layout::anonymous(lang, "error.title");
                render_status(status, &ErrorPage { l, status: status.as_u16(), message: e.message })
            }
        }
    }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A page's result.
pub type PageResult = Result<Response, PageError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_link_keeps_the_query() {
        let l = Layout::anonymous(Lang::Vi, "login.title").at("/tasks?page=2&lang=vi");
        assert_eq!(l.other_lang_href(), "/tasks?page=2&lang=en");
        let l = Layout::anonymous(Lang::En, "login.title").at("/");
        assert_eq!(l.other_lang_href(), "/?lang=vi");
    }

    #[test]
    fn form_state_keeps_values_per_form() {
        let mut errors = FieldErrors::new();
        errors.insert("percent".into(), "sai".into());
        let mut values = BTreeMap::new();
        values.insert("percent".into(), "120".into());
        let f = FormState::new("progress", errors, values);
        assert_eq!(f.err("progress", "percent"), "sai");
        assert_eq!(f.err("extension", "percent"), "");
        assert_eq!(f.val("progress", "percent", "0"), "120");
        assert_eq!(f.val("extension", "percent", "0"), "0");
    }

    #[test]
    fn urlencode_escapes_all_but_safe() {
        assert_eq!(urlencode("/tasks?q=a b&x=<"), "/tasks%3Fq%3Da%20b%26x%3D%3C");
    }
}
