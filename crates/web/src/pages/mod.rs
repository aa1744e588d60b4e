//! The web interface: server-rendered HTML pages in Vietnamese (English on request).
//!
//! Pages call the same store and domain functions as the JSON API; nothing here decides a
//! rule. What lives here:
//! - [`i18n`]: every string the pages show, in Vietnamese and English, in one table.
//! - [`ctx`]: who is asking (the session cookie), the page language, CSRF-checked forms,
//!   the common layout and the HTML error page.
//! - one module per area: [`login`], [`tasks`], [`documents`] (import and review),
//!   [`dashboard`] (overview, reports, SVG chart), [`admin`] (units and users), [`assets`]
//!   (CSS, JavaScript and htmx, compiled into the binary).
//!
//! Templates (askama, `crates/web/templates/`) are compiled into the binary and escape every
//! value by default. Pages carry no inline script or style: the Content-Security-Policy set by
//! [`crate::app`] forbids both. Every form works without JavaScript (plain POST, then a 303
//! redirect); htmx, when present, swaps only the part of the page that changed.

pub mod admin;
pub mod assets;
pub mod chart;
pub mod ctx;
pub mod dashboard;
pub mod documents;
pub mod highlight;
pub mod i18n;
pub mod login;
pub mod tasks;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

/// The page routes (merged into the service's router by [`crate::app`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::overview))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/tasks", get(tasks::list))
        .route("/tasks/{id}", get(tasks::show))
        .route("/tasks/{id}/progress", post(tasks::progress))
        .route("/tasks/{id}/completion", post(tasks::completion))
        .route("/tasks/{id}/extension", post(tasks::extension))
        .route("/tasks/{id}/acceptance", post(tasks::acceptance))
        .route("/extensions/{id}/decision", post(tasks::decision))
        .route("/documents", get(documents::list))
        .route("/documents/import", get(documents::import_form).post(documents::import))
        .route("/documents/{id}", get(documents::show))
        .route("/documents/{id}/edit", post(documents::edit))
        .route("/documents/{id}/confirm", post(documents::confirm))
        .route("/reports", get(dashboard::report))
        .route("/units", get(admin::units).post(admin::add_unit))
        .route("/admin", get(admin::users).post(admin::add_user))
        .route("/static/{file}", get(assets::serve))
        .layer(middleware::from_fn(i18n::remember_language))
}
