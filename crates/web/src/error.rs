//! One error type for the whole service, mapped to HTTP.
//!
//! Every failure a client can cause ends up as an [`AppError`]: a status, a stable machine
//! code (English, snake_case, part of the API contract), a message for people (Vietnamese),
//! and optionally the name of the offending field. It renders as
//! `{"code": "...", "message": "...", "field": ...}`.
//!
//! Extractor wrappers ([`ApiJson`], [`ApiQuery`], [`ApiPath`]) turn axum's rejections into
//! the same shape, so a malformed body never produces axum's plain-text error.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    /// Extra machine-readable detail (e.g. the blocking issues of a draft).
    pub details: Option<serde_json::Value>,
}

/// The JSON body of an error response.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AppError { status, code, message: message.into(), field: None, details: None }
    }

    /// Names the request field the error is about.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Attaches machine-readable detail.
    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 400 with a machine code and a field.
    pub fn invalid(code: &'static str, field: &str, message: impl Into<String>) -> Self {
        AppError::new(StatusCode::BAD_REQUEST, code, message).with_field(field)
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        AppError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthenticated() -> Self {
        AppError::new(StatusCode::UNAUTHORIZED, "auth.unauthenticated", "Bạn cần đăng nhập để thực hiện thao tác này.")
    }

    pub fn bad_credentials() -> Self {
        AppError::new(StatusCode::UNAUTHORIZED, "auth.bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.")
    }

    pub fn forbidden() -> Self {
        AppError::new(StatusCode::FORBIDDEN, "auth.forbidden", "Bạn không có quyền thực hiện thao tác này.")
    }

    pub fn csrf() -> Self {
        AppError::new(
            StatusCode::FORBIDDEN,
            "auth.csrf_invalid",
            "Mã chống giả mạo yêu cầu (CSRF) không hợp lệ hoặc bị thiếu.",
        )
    }

    /// 404 for a thing that does not exist *or that the caller may not see*: the two are
    /// deliberately indistinguishable so ids of other units' tasks leak nothing.
    pub fn not_found(what: &str) -> Self {
        AppError::new(StatusCode::NOT_FOUND, "not_found", format!("Không tìm thấy {what}."))
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::new(StatusCode::CONFLICT, code, message)
    }

    pub fn too_large(limit: usize) -> Self {
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request.too_large",
            format!("Dữ liệu gửi lên vượt quá giới hạn cho phép ({limit} byte)."),
        )
    }

    pub fn throttled(retry_after_secs: u64) -> Self {
        AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "auth.throttled",
            format!("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {} phút.", retry_after_secs.div_ceil(60).max(1)),
        )
    }

    pub fn internal() -> Self {
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Lỗi hệ thống. Vui lòng thử lại sau hoặc báo quản trị viên.",
        )
    }

    /// Logs the cause (which may hold details a client must not see) and returns the
    /// generic 500.
    pub fn internal_from(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::internal()
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code.to_string(),
            message: self.message.clone(),
            field: self.field.clone(),
            details: self.details.clone(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status;
        let mut resp = (status, axum::Json(self.body())).into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"dondoc\""),
            );
        }
        resp
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::internal_from(format!("{e:#}"))
    }
}

fn json_rejection(rej: JsonRejection) -> AppError {
    match rej {
        JsonRejection::MissingJsonContentType(_) => AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request.unsupported_media_type",
            "Yêu cầu phải có Content-Type: application/json.",
        ),
        JsonRejection::JsonSyntaxError(e) => AppError::bad_request(
            "request.malformed_json",
            format!("Dữ liệu JSON không đúng cú pháp: {}", e.body_text()),
        ),
        JsonRejection::JsonDataError(e) => {
            AppError::bad_request("request.invalid_json", format!("Dữ liệu JSON không hợp lệ: {}", e.body_text()))
        }
        JsonRejection::BytesRejection(e) => {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "request.too_large",
                    "Dữ liệu gửi lên vượt quá giới hạn cho phép.",
                )
            } else {
                AppError::bad_request("request.bad_body", "Không đọc được nội dung yêu cầu.")
            }
        }
        other => {
            AppError::bad_request("request.malformed_json", format!("Dữ liệu JSON không hợp lệ: {}", other.body_text()))
        }
    }
}

/// `axum::Json` whose rejection is an [`AppError`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(json_rejection(rej)),
        }
    }
}

impl<T: Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` whose rejection is an [`AppError`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(AppError::bad_request(
                "request.invalid_query",
                format!("Tham số truy vấn không hợp lệ: {}", e.body_text()),
            )),
            Err(e) => Err(AppError::bad_request(
                "request.invalid_query",
                format!("Tham số truy vấn không hợp lệ: {}", e.body_text()),
            )),
        }
    }
}

/// `axum::extract::Path` whose rejection is an [`AppError`] (an id that is not a number is
/// a 404: no such thing exists).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(AppError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "Không tìm thấy đối tượng (mã định danh không hợp lệ).",
            )),
            Err(e) => Err(AppError::internal_from(e.body_text())),
        }
    }
}

fn field_for_code(code: &str) -> Option<&'static str> {
    Some(match code {
        c if c.starts_with("deadline.") => "deadline",
        "progress.percent_out_of_range" | "progress.completion_needs_100" => "percent",
        "progress.narrative_empty" | "progress.narrative_too_long" => "narrative",
        "progress.in_future" => "reported_on",
        "progress.attachment_name_empty" | "progress.attachment_too_large" => "attachments",
        "extension.not_later" => "requested_due",
        "extension.reason_empty" | "task.cancel_reason_empty" => "reason",
        "extension.decided_before_request" => "decided_on",
        "task.lead_missing" | "task.lead_unresolved" | "task.lead_ambiguous" => "lead_unit",
        "task.lead_is_coordinator" | "task.duplicate_coordinator" => "coordinators",
        "task.text_empty" => "text",
        "task.unknown_target_op" => "targets",
        "user.unknown_role" => "role",
        "unit.name_empty" => "name",
        "unit.parent_missing" => "parent_id",
        _ => return None,
    })
}

impl From<dondoc_domain::DomainError> for AppError {
    fn from(e: dondoc_domain::DomainError) -> Self {
        use dondoc_domain::DomainError as D;
        let status = match &e {
            D::NotPermitted { .. } | D::OutOfScope => StatusCode::FORBIDDEN,
            D::InvalidTransition { .. } | D::ExtensionAlreadyDecided | D::DraftAlreadyConfirmed => StatusCode::CONFLICT,
            D::DraftNotConfirmable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        let code = e.code();
        let mut err = AppError::new(status, code, e.message_vi());
        if let Some(f) = field_for_code(code) {
            err.field = Some(f.to_string());
        }
        err
    }
}

impl From<dondoc_store::StoreError> for AppError {
    fn from(e: dondoc_store::StoreError) -> Self {
        use dondoc_store::StoreError as S;
        match e {
            S::Domain(d) => d.into(),
            S::NotFound { entity } => AppError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("Không tìm thấy {}, hoặc bạn không có quyền xem.", entity_vi(entity)),
            ),
            S::DraftNotConfirmable(issues) => AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "draft.not_confirmable",
                format!("Còn {} vấn đề cần xử lý trước khi xác nhận văn bản.", issues.len()),
            )
            .with_details(serde_json::to_value(&issues).unwrap_or_default()),
            S::Conflict(what) if what.contains("needs a unit") => AppError::invalid(
                "user.unit_required",
                "unit_id",
                "Tài khoản đầu mối đơn vị hoặc cán bộ phải thuộc một đơn vị.",
            ),
            S::Conflict(what) => {
                AppError::conflict("store.conflict", dondoc_store::StoreError::Conflict(what).message_vi())
            }
            S::Db(db) => {
                let unique = db.as_database_error().map(|d| d.is_unique_violation()).unwrap_or(false);
                if unique {
                    AppError::conflict("store.duplicate", "Dữ liệu bị trùng với bản ghi đã có.")
                } else {
                    AppError::internal_from(db)
                }
            }
            other => AppError::internal_from(other),
        }
    }
}

fn entity_vi(entity: &str) -> &'static str {
    match entity {
        "task" => "nhiệm vụ",
        "document" => "văn bản",
        "user" => "người dùng",
        "unit" => "đơn vị",
        "extension" => "đề nghị gia hạn",
        "report" | "progress_report" => "báo cáo tiến độ",
        "attachment" => "tệp đính kèm",
        "api_token" => "mã truy cập",
        "person" => "cán bộ",
        _ => "dữ liệu",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn renders_json_with_code_message_field() {
        let e = AppError::invalid("request.bad_date", "deadline", "Ngày không hợp lệ.");
        let resp = e.into_response();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 16).await.expect("body");
        let v: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(v["code"], "request.bad_date");
        assert_eq!(v["field"], "deadline");
        assert_eq!(v["message"], "Ngày không hợp lệ.");
    }

    #[tokio::test]
    async fn unauthorized_carries_www_authenticate() {
        let resp = AppError::unauthenticated().into_response();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert!(resp.headers().contains_key(axum::http::header::WWW_AUTHENTICATE));
    }

    #[test]
    fn throttled_rounds_minutes_up() {
        assert!(AppError::throttled(61).message.contains("2 phút"));
        assert!(AppError::throttled(0).message.contains("1 phút"));
    }
}
