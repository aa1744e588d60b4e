//! The JSON API under `/api`. Each submodule holds the handlers of one resource; this
//! module lists the routes (the OpenAPI document in [`crate::openapi`] describes the same).

pub mod directory;
pub mod documents;
pub mod reports;
pub mod session;
pub mod tasks;

use axum::routing::{delete, get, post};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/session", post(session::login).get(session::whoami).delete(session::logout))
        .route("/api/tokens", post(session::create_token))
        .route("/api/tokens/{id}", delete(session::revoke_token))
        .route("/api/units", get(directory::list_units).post(directory::create_unit))
        .route("/api/users", get(directory::list_users).post(directory::create_user))
        .route("/api/documents", get(documents::list).post(documents::import))
        .route("/api/documents/{id}", get(documents::get))
        .route("/api/documents/{id}/draft", get(documents::get_draft).patch(documents::edit_draft))
        .route("/api/documents/{id}/confirm", post(documents::confirm))
        .route("/api/tasks", get(tasks::list))
        .route("/api/tasks/{id}", get(tasks::get).patch(tasks::update))
        .route("/api/tasks/{id}/progress", get(tasks::list_progress).post(tasks::report_progress))
        .route("/api/tasks/{id}/completion", post(tasks::report_completion))
        .route("/api/tasks/{id}/acceptance", post(tasks::acceptance))
        .route("/api/tasks/{id}/cancel", post(tasks::cancel))
        .route("/api/tasks/{id}/extensions", get(tasks::task_extensions).post(tasks::request_extension))
        .route("/api/reports/{id}/attachments/{n}", get(tasks::download_attachment))
        .route("/api/extensions", get(tasks::pending_extensions))
        .route("/api/extensions/{id}/decision", post(tasks::decide_extension))
        .route("/api/statistics", get(reports::statistics))
        .route("/api/audit", get(reports::audit))
}
