//! The router and the middleware around it.
//!
//! Outermost first: request id (set, then propagated to the response), tracing span with
//! the request id, panic catcher (a JSON 500, never a dropped connection), metrics, body
//! size limit (JSON 413), security headers.

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::state::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Content-Security-Policy: no inline script or style, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
frame-ancestors 'none'";

/// The whole service.
pub fn router(state: AppState) -> Router {
    let api = crate_routes();
    with_middleware(api, state)
}

fn crate_routes() -> Router<AppState> {
    crate::api::routes()
        .merge(crate::pages::routes())
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/api/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Wraps routes in the standard middleware stack.
pub fn with_middleware(routes: Router<AppState>, state: AppState) -> Router {
    let metrics = state.metrics.clone();
    let limit = state.config.max_body_bytes;
    let routes = routes
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(state.clone(), limit_body_size))
        .route_layer(middleware::from_fn_with_state(metrics, crate::metrics::track))
        .with_state(state.clone());
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", request_id = %id, method = %req.method(), uri = %req.uri().path())
        })
        .on_response(|resp: &axum::http::Response<_>, latency: Duration, _span: &tracing::Span| {
            tracing::info!(status = resp.status().as_u16(), latency_ms = latency.as_millis() as u64, "response");
        });
    routes.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(trace)
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CatchPanicLayer::custom(|_| {
                tracing::error!("handler panicked");
                AppError::internal().into_response()
            }))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
            .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
            .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))),
    )
}

/// Refuses a body announced larger than the limit before reading it (JSON 413). Bodies
/// without a length are capped by `DefaultBodyLimit` in the extractors, whose rejection is
/// mapped to the same JSON 413.
async fn limit_body_size(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.config.max_body_bytes;
    let announced =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = announced {
        if n > limit as u64 {
            return AppError::too_large(limit).into_response();
        }
    }
    next.run(req).await
}

async fn method_not_allowed() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "request.method_not_allowed",
        "Đường dẫn này không hỗ trợ phương thức yêu cầu đã dùng.",
    )
}

async fn not_found() -> AppError {
    AppError::new(StatusCode::NOT_FOUND, "request.no_route", "Không tìm thấy đường dẫn này.")
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, axum::Json(serde_json::json!({"status": "ok", "database": "ok"}))).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "error", "database": "unreachable"})),
            )
                .into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"))],
        state.metrics.render(),
    )
        .into_response()
}

async fn openapi() -> Response {
    axum::Json(crate::openapi::document()).into_response()
}
