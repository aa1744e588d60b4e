//! Static files compiled into the binary: the stylesheet, the small script of the review
//! screen, and htmx (vendored from the npm package `htmx.org`, version 2).

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub const APP_CSS: &str = include_str!("../../static/app.css");
pub const APP_JS: &str = include_str!("../../static/app.js");
pub const HTMX_JS: &[u8] = include_bytes!("../../static/htmx.min.js");

/// `GET /static/{file}`: cached for a day (the names are fixed; a new binary may change them).
pub async fn serve(Path(file): Path<String>) -> Response {
    let (body, ctype): (&'static [u8], &'static str) = match file.as_str() {
        "app.css" => (APP_CSS.as_bytes(), "text/css; charset=utf-8"),
        "app.js" => (APP_JS.as_bytes(), "text/javascript; charset=utf-8"),
        "htmx.min.js" => (HTMX_JS, "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    r
}
